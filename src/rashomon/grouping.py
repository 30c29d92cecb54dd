"""A store's events, kept up to date: which stored articles tell the same happening (issue 12).

    update_events(store, settings)             place every article not yet in an event
    rebuild_events(store, settings)            cluster every current article again, in date order
    merge_events(store, one, other)            a user's correction: two events are one
    split_event(store, article_ids)            a user's correction: these articles are apart
    retitle(store, event_ids)                  write the events' headlines again from members

The decisions are `link/events.Clusterer`'s; this module feeds it from the store and writes back
what it decided. `update_events` first rebuilds the clusterer's state by adding every placed
article `into` its recorded event, in store order (nothing is decided again; it reads each
article's signals and lead vector, kept in `article_signals` and `article_vectors`, so that no
extraction is loaded and no lead embedded twice), then adds the
unplaced articles in date order and saves the events they joined or opened, merges included.
Every article is in exactly one event: one whose analysis failed is an event of its own.
Signals, vectors and extractions are read `CHUNK` articles at a time: the clusterer keeps only
the events of its window in memory (`event_retire_days`), and so does this module. When every
unplaced article is dated, the rebuild drops (`Clusterer.forget`) each event that none of them
can meet once its last member is back, rather than spilling it.

Users' corrections are recorded by article (`event_corrections`), so they survive both later
ingests (a split pair is never merged again: `Clusterer.keep_apart`) and a rebuild (replayed
after it, oldest first). The caller holds the writer lock.

Event ids are "e<number>", numbered in the order events open; a rebuild numbers on from the
highest id the store had, so an id never names two different events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.config import Settings
from rashomon.errors import UsageError
from rashomon.link.events import Clusterer, Signals, Vector, signals
from rashomon.model import Extraction
from rashomon.store import Store
from rashomon.store import clustering as clustering_table
from rashomon.store import events as event_table
from rashomon.store import extractions as extraction_table
from rashomon.store.events import Correction, StoredEvent
from rashomon.summarize.headline import event_headline

# articles whose signals and vectors (or extractions, for headlines) are in memory at a time
CHUNK = 2000


@dataclass
class _State:
    clusterer: Clusterer
    extractions: dict[str, Extraction]  # the extractions loaded so far, by article id
    store_id: dict[int, str] = field(default_factory=dict)  # clusterer event → store event
    next_number: int = 0

    def name(self, event: int) -> str:
        """The store's id of a clusterer event, a new one for an event the store lacks."""
        if event not in self.store_id:
            self.store_id[event] = self.fresh()
        return self.store_id[event]

    def fresh(self) -> str:
        self.next_number += 1
        return f"e{self.next_number - 1}"


def update_events(store: Store, settings: Settings) -> list[str]:
    """Place every current article that is in no event; the ids of the events that changed."""
    members = event_table.memberships(store)
    order = _current_articles(store)
    unplaced = [a for a, _ in sorted(order, key=_date_order) if a not in members]
    if not unplaced:
        return []
    state = _State(Clusterer(settings), {}, next_number=event_table.next_number(store))
    placed = [a for a, _ in order if a in members]
    _complete(store, state, settings, [*placed, *unplaced])
    # when every new article is dated, an event that none of them can meet is dropped once
    # its last member is back, instead of going to the spill (the cost of the rebuild)
    days = clustering_table.signal_days(store, unplaced)
    dated = [d for d in days.values() if d is not None]
    earliest = min(dated) if dated and len(dated) == len(days) else None
    last = {members[a]: n for n, a in enumerate(placed)}  # a store event's last member
    event_of_store: dict[str, int] = {}  # the inverse of state.store_id
    for start, chunk in enumerate(_chunks(placed)):
        found, vectors = _inputs(store, settings, chunk)
        for n, article_id in enumerate(chunk, start * CHUNK):
            if article_id not in found:
                continue  # failed or stale: it stays where it is, outside the clusterer
            known = event_of_store.get(members[article_id])
            into = known if known is not None else len(state.clusterer.events)
            event = state.clusterer.add(found[article_id], vectors.get(article_id), into=into)
            if known is None:
                event_of_store[members[article_id]] = event
                state.store_id[event] = members[article_id]
            if earliest is not None and last[members[article_id]] == n:
                state.clusterer.forget(event, earliest)
    _keep_apart(store, state, members, event_of_store)
    return _write(store, state, *_place(store, settings, state, unplaced))


def rebuild_events(store: Store, settings: Settings) -> list[str]:
    """Forget every event and cluster all current articles again in date order (ties by the
    hash of the text), then replay users' corrections; the ids of the events now in the
    store."""
    first_new = event_table.next_number(store)
    with store.transaction() as connection:
        event_table.clear(connection)
    state = _State(Clusterer(settings), {}, next_number=first_new)
    order = [a for a, _ in sorted(_current_articles(store), key=_date_order)]
    _complete(store, state, settings, order)
    _write(store, state, *_place(store, settings, state, order))
    for correction in event_table.corrections(store):
        _replay(store, correction)
    return [e.id for e in event_table.list_events(store)]


def merge_events(store: Store, one: str, other: str) -> StoredEvent:
    """Make two events one, and remember it: the older id stays (as when the clusterer
    merges), and the other leads to it."""
    first, second = sorted((_event(store, one), _event(store, other)), key=lambda e: _number(e.id))
    if first.id == second.id:
        raise UsageError(f"{one} and {other} are one event already ({first.id})")
    with store.transaction() as connection:
        event_table.add_correction(
            connection, Correction("merge", first.articles[:1], second.articles[:1])
        )
    event_table.merge(store, first.id, second.id)
    retitle(store, [first.id])
    return _event(store, first.id)


def split_event(store: Store, article_ids: Sequence[str]) -> StoredEvent:
    """Move `article_ids` (all of one event, not all of it) into a new event of their own,
    and remember that they stand apart; the new event."""
    moved = list(dict.fromkeys(article_ids))
    members = event_table.memberships(store)
    unknown = [a for a in moved if a not in members]
    if unknown:
        raise UsageError(f"no article {', '.join(unknown)} in an event of {store.path}")
    sources = {members[a] for a in moved}
    if len(sources) > 1:
        raise UsageError(
            f"the articles are in {len(sources)} events ({', '.join(sorted(sources))}): split "
            "one event at a time"
        )
    source = _event(store, sources.pop())
    rest = [a for a in source.articles if a not in moved]
    if not rest:
        raise UsageError(f"these are all the articles of {source.id}: nothing to split from")
    with store.transaction() as connection:
        event_table.add_correction(connection, Correction("split", tuple(moved), tuple(rest[:1])))
    return _move(store, source.id, moved)


# -- internals --------------------------------------------------------------------------------


def _current_articles(store: Store) -> list[tuple[str, tuple[bool, str, str]]]:
    """The latest version of every text, in store order: (id, the key of `_date_order`)."""
    rows = store.rows("SELECT id, date, hash FROM current_articles ORDER BY seq")
    return [(str(r[0]), (r[1] is None, str(r[1] or ""), str(r[2]))) for r in rows]


def _date_order(item: tuple[str, tuple[bool, str, str]]) -> tuple[bool, str, str]:
    """Dated articles by date, then undated ones; ties by the hash of the text, not by the
    order of arrival, so that one ingest of the same articles in any order gives the same
    events."""
    return item[1]


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def _complete(store: Store, state: _State, settings: Settings, ids: Sequence[str]) -> None:
    """Make and store the signals and lead vectors that the store lacks for `ids`, from the
    extractions (loaded for those articles alone, kept in `state`), all in one batch. An
    article with no current extraction gets no signals."""
    have_signals = clustering_table.signal_ids(store, ids)
    have_vectors = clustering_table.vector_ids(store, settings.encoder, ids)
    embeds = state.clusterer.embeds
    need = [a for a in ids if a not in have_signals or (embeds and a not in have_vectors)]
    loaded = extraction_table.load(store, need).extractions if need else {}
    state.extractions.update(loaded)
    made_signals = [signals(e) for a, e in loaded.items() if a not in have_signals]
    made_vectors = state.clusterer.lead_vectors(
        [e for a, e in loaded.items() if a not in have_vectors]
    )
    if made_signals or made_vectors:
        with store.transaction() as connection:
            clustering_table.put_signals(connection, made_signals)
            clustering_table.put_vectors(connection, settings.encoder, made_vectors)


def _inputs(
    store: Store, settings: Settings, ids: Sequence[str]
) -> tuple[dict[str, Signals], dict[str, Vector]]:
    """The stored signals and lead vectors of `ids` (`_complete` made what was missing)."""
    found = clustering_table.get_signals(store, ids)
    return found, clustering_table.get_vectors(store, settings.encoder, ids)


def _place(
    store: Store, settings: Settings, state: _State, ids: Sequence[str]
) -> tuple[set[int], list[str]]:
    """Let the clusterer decide each article's event, in order: the events touched, and the
    articles with no signals (no current extraction: each to be an event of its own)."""
    touched: set[int] = set()
    alone: list[str] = []
    for chunk in _chunks(ids):
        found, vectors = _inputs(store, settings, chunk)
        for article_id in chunk:
            if article_id not in found:
                alone.append(article_id)
                continue
            touched.add(state.clusterer.add(found[article_id], vectors.get(article_id)))
    return touched, alone


def _keep_apart(
    store: Store, state: _State, members: dict[str, str], event_of_store: dict[str, int]
) -> None:
    for correction in event_table.corrections(store):
        if correction.kind != "split":
            continue
        sides = [
            event_of_store.get(members.get(side[0], "")) if side else None
            for side in (correction.first, correction.second)
        ]
        if sides[0] is not None and sides[1] is not None:
            state.clusterer.keep_apart(sides[0], sides[1])


def _write(store: Store, state: _State, touched: set[int], alone: Sequence[str]) -> list[str]:
    """Save the events the clusterer changed (the survivors of merges with every member) and
    an event per article in `alone`; the ids of the events written."""
    clusterer = state.clusterer
    survivors = {clusterer.survivor(e) for e in touched}
    merged_away = [
        (e.id, clusterer.survivor(e.id))
        for e in clusterer.events
        if e.merged_into is not None and e.id in state.store_id
    ]
    survivors |= {keep for _, keep in merged_away}
    written: list[str] = []
    saved: list[StoredEvent] = []
    for group in _event_groups(clusterer, sorted(survivors)):
        need = [m for e in group for m in clusterer.events[e].members if m not in state.extractions]
        loaded = {**extraction_table.load(store, need).extractions, **state.extractions}
        for event in group:
            members = clusterer.events[event].members
            headline = event_headline([loaded[m] for m in members if m in loaded])
            saved.append(
                StoredEvent(
                    id=state.name(event),
                    articles=tuple(members),
                    headline=headline.text if headline else None,
                    citations=(headline,) if headline else (),
                )
            )
    for article_id in alone:
        saved.append(StoredEvent(id=state.fresh(), articles=(article_id,)))
    with store.transaction() as connection:
        for stored in saved:
            event_table.save_one(connection, stored)
            written.append(stored.id)
        event_table.refresh(connection, written)
        for gone, keep in merged_away:
            event_table.merge(store, state.name(keep), state.store_id[gone])
    return written


def _event_groups(clusterer: Clusterer, events: Sequence[int]) -> list[list[int]]:
    """`events` in groups of about `CHUNK` members, whose extractions are loaded together."""
    groups: list[list[int]] = [[]]
    size = 0
    for event in events:
        if groups[-1] and size + len(clusterer.events[event].members) > CHUNK:
            groups.append([])
            size = 0
        groups[-1].append(event)
        size += len(clusterer.events[event].members)
    return groups


def _replay(store: Store, correction: Correction) -> None:
    members = event_table.memberships(store)
    if correction.kind == "merge":
        sides = [
            members.get(side[0]) if side else None for side in (correction.first, correction.second)
        ]
        if sides[0] and sides[1] and sides[0] != sides[1]:
            keep, gone = sorted((sides[0], sides[1]), key=_number)
            event_table.merge(store, keep, gone)
            retitle(store, [keep])
        return
    moved = [a for a in correction.first if a in members]
    if not moved or len({members[a] for a in moved}) > 1:
        return
    source = members[moved[0]]
    if any(members.get(a) == source for a in correction.second):
        _move(store, source, moved)


def _move(store: Store, source: str, moved: Sequence[str]) -> StoredEvent:
    new_id = f"e{event_table.next_number(store)}"
    with store.transaction() as connection:
        event_table.save_one(connection, StoredEvent(id=new_id, articles=tuple(moved)))
        event_table.refresh(connection, [source, new_id])
    retitle(store, [source, new_id])
    return _event(store, new_id)


def retitle(store: Store, event_ids: Sequence[str]) -> None:
    """Write the headline of each event again from its members."""
    with store.transaction() as connection:
        for event_id in event_ids:
            event = event_table.get(store, event_id, follow=False)
            if event is None:
                continue
            loaded = extraction_table.load(store, event.articles)
            headline = event_headline(
                [loaded.extractions[a] for a in event.articles if a in loaded.extractions]
            )
            event_table.set_headline(connection, event_id, headline)


def _event(store: Store, event_id: str) -> StoredEvent:
    event = event_table.get(store, event_id)
    if event is None:
        raise UsageError(f"no event {event_id!r} in {store.path}: see rashomon events")
    return event


def _number(event_id: str) -> int:
    return int(event_id[1:]) if event_id[1:].isdigit() else 0
