"""The orchestrator for a store: ingest → (events) → reports, and watched feeds.

    ingest(store, inputs, settings)          read the inputs, store what is new, extract only the
                                             articles the store lacks, place the new articles
                                             in events (grouping.py) → `IngestResult`
    poll(store, feeds, settings, fetcher)    one poll of watched feeds: fetch what changed,
                                             ingest it → `IngestResult`
    forget(store, refs, outlet=None)         remove articles; their events are updated
    report_for_event(store, event_id, ...)   a report from stored extractions, no re-parse
    report_for_articles(store, ids, ...)     the same for chosen articles

Nothing is parsed twice. An article is known by the hash of its text: a stored article with a
current extraction is reused, one whose extraction is stale (another `EXTRACTION_VERSION`) is
extracted again, and only new texts are parsed. New articles are extracted and committed in
batches of `batch`: a killed ingest keeps every batch it committed, and the next run, with the
same inputs, parses only the rest and ends with the same store. Ids are given in input order as
articles are first stored ("a<number>", never reused), so an interrupted and resumed run gives
the same ids as an uninterrupted one.

One process writes at a time (`Store.writer`): `ingest`, `poll` and `forget` hold the writer
lock while they write; reports only read (and record each event's disputed count).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rashomon.config import Settings, from_env
from rashomon.errors import NothingToAnalyze, StoreLocked, UsageError
from rashomon.grouping import retitle, update_events
from rashomon.ingest.crawl import Crawler, FeedPoll, FeedState, feed_list
from rashomon.ingest.polite import Fetcher
from rashomon.model import (
    EXTRACTION_VERSION,
    Article,
    Duplicate,
    Extraction,
    Progress,
    Report,
    Skipped,
)
from rashomon.store import Store, runs
from rashomon.store import articles as article_table
from rashomon.store import events as event_table
from rashomon.store import extractions as extraction_table
from rashomon.store import feeds as feed_table
from rashomon.store import outlets as outlet_table
from rashomon.store.events import StoredEvent

OnSkip = Callable[[Skipped], None]
# the per-article stage over a batch: (articles, settings, progress, on_skip) → the extractions
# made and the articles skipped, each in input order (`rashomon.engine.run_extraction`)
ExtractBatch = Callable[
    [Sequence[Article], Settings, Progress | None, OnSkip | None],
    tuple[list[Extraction], list[Skipped]],
]

# articles extracted and committed together: what a killed ingest may have to parse again
DEFAULT_BATCH = 64
# a feed that failed is polled again after this back-off, doubled per failure, at most a day
FEED_BACKOFF = timedelta(minutes=5)
FEED_BACKOFF_MAX = timedelta(days=1)


@dataclass(frozen=True)
class IngestResult:
    run: int
    added: tuple[str, ...] = ()  # ids of the articles this run stored
    extracted_again: tuple[str, ...] = ()  # stored articles whose stale extraction was redone
    reused: int = 0  # articles already stored with a current extraction
    parsed: int = 0  # articles sent to the per-article stage
    failed: tuple[Skipped, ...] = ()  # articles stored whose analysis failed
    skipped: tuple[Skipped, ...] = ()  # inputs that could not be used
    duplicates: tuple[Duplicate, ...] = ()
    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)  # poll: what each feed gave
    events: tuple[str, ...] = ()  # ids of the events that gained articles (or were opened)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "added": list(self.added),
            "extracted_again": list(self.extracted_again),
            "reused": self.reused,
            "parsed": self.parsed,
            "failed": [dataclasses.asdict(s) for s in self.failed],
            "skipped": [dataclasses.asdict(s) for s in self.skipped],
            "duplicates": [dataclasses.asdict(d) for d in self.duplicates],
            "feeds": self.feeds,
            "events": list(self.events),
        }


def ingest(
    store: Store,
    inputs: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    meta: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    batch: int = DEFAULT_BATCH,
    fetcher: Fetcher | None = None,
    on_skip: OnSkip | None = None,
    progress: Progress | None = None,
    extract_batch: ExtractBatch | None = None,
) -> IngestResult:
    """Store the articles of `inputs` that the store lacks, and their extractions.

    URLs and OPML feed lists are fetched through `fetcher` (a polite, guarded `Fetcher`;
    one that refuses private addresses when not given). Raises `StoreLocked` when another
    process writes to the store."""
    settings = settings or from_env()
    names = [str(i) for i in inputs]
    urls = [n for n in names if n.startswith(("http://", "https://"))]
    # a feed given by URL is asked for conditionally, and only its new entries fetched
    states = feed_table.states(store, urls)
    seen = {u: feed_table.seen(store, u) for u in urls}
    crawler = Crawler(fetcher or _fetcher(settings), settings, states=states, seen=seen)
    moment = datetime.now(UTC)
    with store.writer("ingest"):
        result = _run(
            store,
            "ingest",
            names,
            settings,
            crawler,
            meta,
            field_map,
            batch,
            on_skip,
            progress,
            extract_batch,
        )
        # only the feeds that answered are kept: a URL that failed may not be a feed at all
        answered = {u: p for u, p in crawler.polls.items() if p.status is not None}
        feeds = _save_polls(store, answered, states, moment)
    return dataclasses.replace(result, feeds=feeds)


def poll(
    store: Store,
    feeds: Sequence[str],
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
    *,
    batch: int = DEFAULT_BATCH,
    on_skip: OnSkip | None = None,
    progress: Progress | None = None,
    extract_batch: ExtractBatch | None = None,
    wait: bool = True,
) -> IngestResult:
    """One poll of `feeds` (feed URLs and OPML lists): each feed that is due is asked for
    conditionally, its new and updated entries fetched and ingested, and what it answered kept
    for the next poll. A feed that fails is polled again after its Retry-After or a back-off.
    `wait`: wait for another writer to finish instead of raising `StoreLocked`."""
    settings = settings or from_env()
    fetcher = fetcher or _fetcher(settings)
    urls, errors = feed_list(feeds, fetcher)
    for error in errors:
        if on_skip is not None:
            on_skip(Skipped(error.source, error.code, error.reason))
    states = feed_table.states(store, urls)
    moment = datetime.now(UTC)
    due = [
        u
        for u in urls
        if states[u].next_poll_after is None
        or datetime.fromisoformat(str(states[u].next_poll_after)) <= moment
    ]
    seen = {u: feed_table.seen(store, u) for u in due}
    crawler = Crawler(fetcher, settings, states=states, seen=seen)
    crawler.prefetch(due)  # every feed at once, before the lock: the network is the slow part
    with store.writer("watch", wait=wait):
        result = _run(
            store,
            "watch",
            due,
            settings,
            crawler,
            None,
            None,
            batch,
            on_skip,
            progress,
            extract_batch,
            skipped_first=errors,
        )
        report = _save_polls(store, crawler.polls, states, moment)
        for url in urls:
            if url not in due:
                report[url] = {
                    "status": None,
                    "entries": 0,
                    "error": None,
                    "next_poll_after": states[url].next_poll_after,
                }
    return dataclasses.replace(result, feeds=report)


def _save_polls(
    store: Store, polls: dict[str, FeedPoll], states: dict[str, FeedState], moment: datetime
) -> dict[str, dict[str, Any]]:
    """Keep what each feed's poll learnt (validators, entries fetched, back-off); what each
    feed gave, by URL."""
    report: dict[str, dict[str, Any]] = {}
    with store.transaction() as connection:
        for url, done in polls.items():
            state = _next_state(states.get(url) or FeedState(url), done, moment)
            feed_table.save(connection, state, done.entries)
            report[url] = {
                "status": done.status,
                "entries": len(done.entries),
                "error": str(done.error) if done.error else None,
                "next_poll_after": state.next_poll_after,
            }
    return report


def _next_state(old: FeedState, done: FeedPoll, moment: datetime) -> FeedState:
    if done.error is None:
        return FeedState(old.url, done.etag, done.last_modified, done.status)
    failures = old.failures + 1
    backoff = min(FEED_BACKOFF * 2 ** (failures - 1), FEED_BACKOFF_MAX)
    pause = max(backoff, timedelta(seconds=done.paused_for))
    return dataclasses.replace(
        old,
        last_status=None,
        failures=failures,
        next_poll_after=(moment + pause).isoformat(timespec="seconds"),
        last_error=str(done.error),
    )


def _fetcher(settings: Settings, allow_private: bool = False) -> Fetcher:
    from rashomon.ingest.polite import Policy

    return Fetcher(
        Policy(
            timeout=settings.fetch_timeout,
            max_bytes=settings.max_bytes,
            allow_private=allow_private,
        )
    )


def _run(
    store: Store,
    command: str,
    names: list[str],
    settings: Settings,
    crawler: Crawler,
    meta: str | Path | None,
    field_map: dict[str, str] | None,
    batch: int,
    on_skip: OnSkip | None,
    progress: Progress | None,
    extract_batch: ExtractBatch | None,
    skipped_first: Sequence[Any] = (),
) -> IngestResult:
    from rashomon.ingest import load_articles

    run_id = runs.start(store, command, names, settings)
    status = "failed"
    result = IngestResult(run_id)
    try:
        crawler.prefetch(names)
        loaded = load_articles(
            names, settings, meta=meta, field_map=field_map, on_skip=on_skip, reader=crawler.read
        )
        skipped = (*(Skipped(e.source, e.code, e.reason) for e in skipped_first), *loaded.skipped)
        with store.transaction() as connection:
            runs.record_skipped(connection, run_id, skipped)
        result = store_articles(
            store,
            loaded.articles,
            settings,
            run_id=run_id,
            batch=batch,
            on_skip=on_skip,
            progress=progress,
            extract_batch=extract_batch,
        )
        changed = update_events(store, settings)
        result = dataclasses.replace(
            result, skipped=skipped, duplicates=loaded.duplicates, events=tuple(changed)
        )
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        runs.finish(store, run_id, status, _counts(result))
    return result


def _counts(result: IngestResult) -> dict[str, int]:
    return {
        "added": len(result.added),
        "extracted_again": len(result.extracted_again),
        "reused": result.reused,
        "parsed": result.parsed,
        "failed": len(result.failed),
        "skipped": len(result.skipped),
        "events": len(result.events),
    }


def store_articles(
    store: Store,
    articles: Sequence[Article],
    settings: Settings,
    *,
    run_id: int,
    batch: int = DEFAULT_BATCH,
    on_skip: OnSkip | None = None,
    progress: Progress | None = None,
    extract_batch: ExtractBatch | None = None,
) -> IngestResult:
    """Store the new articles among `articles` (read by `load_articles`) with their
    extractions, batch by batch; extract again the stored ones whose extraction is stale.
    The caller holds the writer lock."""
    digests = [article_table.content_hash(a.text) for a in articles]
    known = article_table.known(store, digests)
    again_ids = [k.id for k in known.values() if k.extraction_version != EXTRACTION_VERSION]
    stored = article_table.get(store, again_ids)
    # (article with its store id, digest, new?)
    work: list[tuple[Article, str, bool]] = [(stored[i], "", False) for i in again_ids]
    number = article_table.next_number(store)
    reused = 0
    taken: set[str] = set()
    for article, digest in zip(articles, digests, strict=True):
        if digest in known or digest in taken:
            if digest in known and known[digest].extraction_version == EXTRACTION_VERSION:
                reused += 1
            continue
        taken.add(digest)
        work.append((dataclasses.replace(article, id=f"a{number}"), digest, True))
        number += 1
    added: list[str] = []
    again: list[str] = []
    failed: list[Skipped] = []
    total = len(work)
    starts = range(0, total, max(1, batch))
    chunks = [work[start : start + max(1, batch)] for start in starts]
    outputs = _extracted(
        [[a for a, _, _ in c] for c in chunks], settings, on_skip, progress, extract_batch
    )
    for start, chunk, (extractions, lost) in zip(starts, chunks, outputs, strict=True):
        chunk_articles = [a for a, _, _ in chunk]
        made = {e.article.id for e in extractions}
        lost_by_id = dict(
            zip([a.id for a in chunk_articles if a.id not in made], lost, strict=True)
        )
        with store.transaction() as connection:
            for article, digest, new in chunk:
                if new:
                    outlet_id = outlet_table.resolve(connection, article.outlet)
                    article_table.insert(
                        connection, article, int(article.id[1:]), digest, outlet_id, run_id
                    )
            for extraction in extractions:
                extraction_table.put(connection, extraction, run_id)
            for article_id, skip in lost_by_id.items():
                extraction_table.put_failure(connection, article_id, skip, run_id)
                runs.record_skipped(connection, run_id, [skip], article_id)
        added += [a.id for a, _, new in chunk if new]
        again += [a.id for a, _, new in chunk if not new]
        failed += lost_by_id.values()
        if progress is not None:
            progress("ingest", min(start + len(chunk), total), total)
    return IngestResult(
        run_id,
        added=tuple(added),
        extracted_again=tuple(again),
        reused=reused,
        parsed=total,
        failed=tuple(failed),
    )


def _extracted(
    batches: list[list[Article]],
    settings: Settings,
    on_skip: OnSkip | None,
    progress: Progress | None,
    extract_batch: ExtractBatch | None,
) -> Iterator[tuple[list[Extraction], list[Skipped]]]:
    """Each batch's extractions and skipped articles, batch by batch: from the engine, which
    may work on the next batches while this one is written (Ray), or from `extract_batch`."""
    total = sum(len(b) for b in batches)

    def tick(stage: str, done: int, _total: int, offset: int = 0) -> None:
        if progress is not None and stage == "extract":
            progress("ingest", offset + done, total)

    if extract_batch is None:
        from rashomon import engine

        yield from engine.extract_batches(batches, settings, tick, on_skip)
        return
    offset = 0
    for articles in batches:
        yield extract_batch(articles, settings, functools.partial(tick, offset=offset), on_skip)
        offset += len(articles)


def _engine(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None,
    on_skip: OnSkip | None,
) -> tuple[list[Extraction], list[Skipped]]:
    from rashomon import engine

    return engine.run_extraction(articles, settings, progress, on_skip)


def forget(store: Store, refs: Iterable[str] = (), *, outlet: str | None = None) -> list[str]:
    """Remove the articles `refs` name (ids, hashes, URLs or paths: every version) and, with
    `outlet`, every article of that outlet; their events lose them (and an event left empty
    goes). The ids removed."""
    with store.writer("forget"):
        ids: list[str] = []
        for ref in refs:
            found = article_table.find(store, ref)
            if not found:
                raise UsageError(f"no article {ref!r} in {store.path}")
            ids += found
        if outlet is not None:
            outlet_id = outlet_table.find(store.connection, outlet)
            if outlet_id is None:
                raise UsageError(f"no outlet {outlet!r} in {store.path}")
            ids += article_table.of_outlet(store, outlet_id)
        ids = list(dict.fromkeys(ids))
        with store.transaction() as connection:
            touched = event_table.affected(connection, ids)
            article_table.delete(connection, ids)
            event_table.refresh(connection, touched)
        retitle(store, touched)  # a headline may have cited an article now gone
        return ids


def report_for_event(
    store: Store,
    event_id: str,
    settings: Settings | None = None,
    *,
    extract_batch: ExtractBatch | None = None,
) -> tuple[StoredEvent, Report]:
    """The report of one stored event, from its stored extractions (stale ones made again);
    the event's disputed count (conflicts found) is stored with it."""
    event = event_table.get(store, event_id)
    if event is None:
        raise UsageError(f"no event {event_id!r} in {store.path}")
    report = report_for_articles(store, event.articles, settings, extract_batch=extract_batch)
    report = dataclasses.replace(report, event=event_summary(event))
    disputed = sum(1 for c in report.comparisons if c.disputed)
    event_table.set_disputed(store, event.id, disputed)
    return dataclasses.replace(event, disputed=disputed), report


def event_summary(event: StoredEvent) -> dict[str, Any]:
    """The report's `event` key (CONTRACT.md, round 2)."""
    return {
        "id": event.id,
        "headline": {
            "text": event.headline,
            "citations": [dataclasses.asdict(s) for s in event.citations],
        },
        "first_date": event.first_date,
        "last_date": event.last_date,
        "outlets": list(event.outlets),
    }


def report_for_articles(
    store: Store,
    ids: Sequence[str],
    settings: Settings | None = None,
    *,
    extract_batch: ExtractBatch | None = None,
) -> Report:
    """A report over stored articles, from their stored extractions: no parse, except for an
    article whose extraction is stale (made by another extraction version), which is
    extracted again, and stored again when no other process is writing."""
    from rashomon.analyze import build_report

    settings = settings or from_env()
    ids = list(dict.fromkeys(ids))
    missing = sorted(set(ids) - set(article_table.get(store, ids)))
    if missing:
        raise UsageError(f"no article {', '.join(missing)} in {store.path}")
    loaded = extraction_table.load(store, ids)
    extractions = list(loaded.extractions.values())
    skipped = list(loaded.failed)
    if loaded.stale:
        stale = article_table.get(store, loaded.stale)
        fresh, lost = (extract_batch or _engine)(
            [stale[i] for i in loaded.stale], settings, None, None
        )
        extractions += fresh
        skipped += lost
        try:
            with store.writer("report"), store.transaction() as connection:
                for extraction in fresh:
                    extraction_table.put(connection, extraction, None)
        except StoreLocked:
            pass  # another process writes: the report does not wait for it
    if not extractions:
        raise NothingToAnalyze(f"[E_NOTHING] no article could be analysed ({len(skipped)} skipped)")
    return build_report(extractions, settings, skipped)


def event_listing(store: Store, event: StoredEvent) -> dict[str, Any]:
    """An event as `rashomon.events/1` lists it: its summary and its articles."""
    from rashomon.render.site import event_entry

    members = article_table.get(store, event.articles)
    return event_entry(
        event_summary(event),
        [members[i] for i in event.articles if i in members],
        event.disputed,
        event.merged_into,
    )
