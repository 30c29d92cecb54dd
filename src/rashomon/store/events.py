"""Events in the store: rows of `events` and `event_members`, read and written here.

The clustering (link/events.py) decides which articles tell one event; this module only keeps
what it decided. An article is in at most one event (`event_members.article_id` is the key), so
saving an event with an article moves the article out of any other. A merged event keeps its
row with `merged_into` set to the event that absorbed it, so an old link still resolves
(`get` follows the chain). Removing articles (`rashomon forget`) refreshes their events' dates
and outlets from the members left and deletes the events left empty.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rashomon.model import Span
from rashomon.store import Store, now
from rashomon.store import outlets as outlet_table
from rashomon.store.search import fts_query


@dataclass(frozen=True)
class StoredEvent:
    id: str
    articles: tuple[str, ...]  # member article ids
    headline: str | None = None
    citations: tuple[Span, ...] = ()  # the spans the headline rests on
    first_date: str | None = None
    last_date: str | None = None
    outlets: tuple[str, ...] = ()
    disputed: int | None = None  # conflicts found by its last report; None before one
    merged_into: str | None = None


def save(store: Store, events: Iterable[StoredEvent]) -> None:
    """Write the events (insert or replace) with exactly these members, in one transaction."""
    with store.transaction() as connection:
        for event in events:
            save_one(connection, event)


def save_one(connection: sqlite3.Connection, event: StoredEvent) -> None:
    stamp = now()
    connection.execute(
        "INSERT INTO events (id, headline, citations, first_date, last_date, outlets, disputed,"
        " merged_into, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET headline = excluded.headline,"
        " citations = excluded.citations, first_date = excluded.first_date,"
        " last_date = excluded.last_date, outlets = excluded.outlets,"
        " disputed = excluded.disputed, merged_into = excluded.merged_into,"
        " updated_at = excluded.updated_at",
        (
            event.id,
            event.headline,
            json.dumps([_span(s) for s in event.citations], ensure_ascii=False),
            event.first_date,
            event.last_date,
            json.dumps(list(event.outlets), ensure_ascii=False),
            event.disputed,
            event.merged_into,
            stamp,
            stamp,
        ),
    )
    members = list(dict.fromkeys(event.articles))
    marks = ",".join("?" * len(members))
    connection.execute(
        f"DELETE FROM event_members WHERE event_id = ? AND article_id NOT IN ({marks})",
        (event.id, *members),
    )
    connection.executemany(
        "INSERT INTO event_members (article_id, event_id, added_at) VALUES (?, ?, ?)"
        " ON CONFLICT (article_id) DO UPDATE SET event_id = excluded.event_id,"
        " added_at = excluded.added_at WHERE event_id != excluded.event_id",
        [(article_id, event.id, stamp) for article_id in members],
    )


def get(store: Store, event_id: str, *, follow: bool = True) -> StoredEvent | None:
    """The event `event_id`, or (when `follow`) the event it was merged into, at the end of the
    chain."""
    seen: set[str] = set()
    while True:
        row = store.row("SELECT * FROM events WHERE id = ?", (event_id,))
        if row is None:
            return None
        if not follow or row["merged_into"] is None or row["merged_into"] in seen:
            return _event(store, row)
        seen.add(event_id)
        event_id = row["merged_into"]


def list_events(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    search: str | None = None,
    merged: bool = False,
    min_outlets: int = 0,
) -> list[StoredEvent]:
    """Events, the latest first: those whose last date is on or after `since` and whose first
    date is on or before `until` (undated events always), with an article
    of `outlet` (any of its aliases), whose headline or articles match `search` (full text),
    whose articles come from at least `min_outlets` outlets; merged ones only when `merged`."""
    where = ["1 = 1"]
    params: list[object] = []
    if not merged:
        where.append("e.merged_into IS NULL")
    if since:
        where.append("(e.last_date >= ? OR e.last_date IS NULL)")
        params.append(since)
    if until:
        where.append("(e.first_date <= ? OR e.first_date IS NULL)")
        params.append(until)
    if outlet is not None:
        outlet_id = outlet_table.find(store.connection, outlet)
        where.append(
            "e.id IN (SELECT m.event_id FROM event_members AS m JOIN articles AS a"
            " ON a.id = m.article_id WHERE a.outlet_id = ?)"
        )
        params.append(outlet_id if outlet_id is not None else -1)
    if search:
        query = fts_query(search)
        if not query:
            return []
        where.append(
            "(e.id IN (SELECT m.event_id FROM event_members AS m JOIN articles AS a"
            " ON a.id = m.article_id WHERE a.seq IN"
            " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
            " OR e.headline LIKE ?)"
        )
        params += [query, f"%{search.strip()}%"]
    if min_outlets > 0:
        where.append(
            "(SELECT count(DISTINCT a.outlet_id) FROM event_members AS m JOIN articles AS a"
            " ON a.id = m.article_id WHERE m.event_id = e.id) >= ?"
        )
        params.append(min_outlets)
    rows = store.rows(
        f"SELECT e.* FROM events AS e WHERE {' AND '.join(where)}"
        " ORDER BY e.last_date IS NULL, e.last_date DESC, e.id",
        params,
    )
    members = _members(store, [str(row["id"]) for row in rows])
    return [_event(store, row, members.get(str(row["id"]), ())) for row in rows]


def _members(store: Store, event_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The member article ids of each event, in store order: one query per 500 events."""
    found: dict[str, list[str]] = {}
    for row in store.rows_in(
        "SELECT m.event_id, m.article_id FROM event_members AS m JOIN articles AS a"
        " ON a.id = m.article_id WHERE m.event_id IN ({marks}) ORDER BY a.seq",
        event_ids,
    ):
        found.setdefault(str(row[0]), []).append(str(row[1]))
    return {k: tuple(v) for k, v in found.items()}


def set_headline(connection: sqlite3.Connection, event_id: str, headline: Span | None) -> None:
    connection.execute(
        "UPDATE events SET headline = ?, citations = ?, updated_at = ? WHERE id = ?",
        (
            headline.text if headline else None,
            json.dumps([_span(headline)] if headline else [], ensure_ascii=False),
            now(),
            event_id,
        ),
    )


def of_article(store: Store, article_id: str) -> str | None:
    row = store.row("SELECT event_id FROM event_members WHERE article_id = ?", (article_id,))
    return None if row is None else str(row[0])


def set_disputed(store: Store, event_id: str, disputed: int) -> None:
    with store.transaction() as connection:
        connection.execute(
            "UPDATE events SET disputed = ?, updated_at = ? WHERE id = ?",
            (disputed, now(), event_id),
        )


def merge(store: Store, keep: str, gone: str) -> None:
    """Move `gone`'s members into `keep`; `gone` records `merged_into = keep`."""
    with store.transaction() as connection:
        connection.execute(
            "UPDATE event_members SET event_id = ?, added_at = ? WHERE event_id = ?",
            (keep, now(), gone),
        )
        connection.execute(
            "UPDATE events SET merged_into = ?, updated_at = ? WHERE id = ?", (keep, now(), gone)
        )
        refresh(connection, [keep])


def affected(connection: sqlite3.Connection, article_ids: Sequence[str]) -> list[str]:
    """The events that hold any of `article_ids`."""
    found: set[str] = set()
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = connection.execute(
            f"SELECT DISTINCT event_id FROM event_members WHERE article_id IN ({marks})", chunk
        )
        found.update(str(r[0]) for r in rows)
    return sorted(found)


def refresh(connection: sqlite3.Connection, event_ids: Iterable[str]) -> None:
    """Recompute the dates and outlets of the events from their members; delete the events
    left without a member (an event merged into another keeps its row)."""
    for event_id in event_ids:
        rows = connection.execute(
            "SELECT a.date, o.name FROM event_members AS m JOIN articles AS a"
            " ON a.id = m.article_id JOIN outlets AS o ON o.id = a.outlet_id"
            " WHERE m.event_id = ?",
            (event_id,),
        ).fetchall()
        if not rows:
            connection.execute(
                "DELETE FROM events WHERE id = ? AND merged_into IS NULL", (event_id,)
            )
            continue
        dates = sorted(str(r[0]) for r in rows if r[0])
        outlets = sorted({str(r[1]) for r in rows})
        connection.execute(
            "UPDATE events SET first_date = ?, last_date = ?, outlets = ?, updated_at = ?"
            " WHERE id = ?",
            (
                dates[0] if dates else None,
                dates[-1] if dates else None,
                json.dumps(outlets, ensure_ascii=False),
                now(),
                event_id,
            ),
        )


def _event(store: Store, row: sqlite3.Row, members: Sequence[str] | None = None) -> StoredEvent:
    if members is None:
        members = _members(store, [str(row["id"])]).get(str(row["id"]), ())
    return StoredEvent(
        id=row["id"],
        articles=tuple(members),
        headline=row["headline"],
        citations=tuple(Span(**s) for s in json.loads(row["citations"])),
        first_date=row["first_date"],
        last_date=row["last_date"],
        outlets=tuple(json.loads(row["outlets"])),
        disputed=row["disputed"],
        merged_into=row["merged_into"],
    )


def _span(span: Span) -> dict[str, object]:
    return {"article": span.article, "start": span.start, "end": span.end, "text": span.text}


# -- users' corrections -----------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """`merge`: the events of `first` and `second` are one; `split`: the articles `first`
    are an event apart from those of `second` (the event they left)."""

    kind: str
    first: tuple[str, ...]
    second: tuple[str, ...]


def add_correction(connection: sqlite3.Connection, correction: Correction) -> None:
    connection.execute(
        "INSERT INTO event_corrections (kind, first, second, made_at) VALUES (?, ?, ?, ?)",
        (
            correction.kind,
            json.dumps(list(correction.first)),
            json.dumps(list(correction.second)),
            now(),
        ),
    )


def corrections(store: Store) -> list[Correction]:
    """The corrections users made, oldest first."""
    return [
        Correction(row[0], tuple(json.loads(row[1])), tuple(json.loads(row[2])))
        for row in store.rows("SELECT kind, first, second FROM event_corrections ORDER BY id")
    ]


def memberships(store: Store) -> dict[str, str]:
    """Every article's event, by article id."""
    return {
        str(r[0]): str(r[1]) for r in store.rows("SELECT article_id, event_id FROM event_members")
    }


def next_number(store: Store) -> int:
    """The number of the next new event ("e<number>"): above every event's in the store."""
    row = store.row(
        "SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM events WHERE id GLOB 'e[0-9]*'"
    )
    return 0 if row is None or row[0] is None else int(row[0]) + 1


def clear(connection: sqlite3.Connection) -> None:
    """Forget every event and membership (a rebuild); corrections stay."""
    connection.execute("DELETE FROM event_members")
    connection.execute("UPDATE events SET merged_into = NULL")
    connection.execute("DELETE FROM events")
