"""What each page shows, as data: the HTML page renders it and the JSON twin is it.

    events_page(store, query)               the events list (`rashomon.events/1`), filtered,
                                            sorted, one page of it
    event_page(store, event_id, reports)    the event's report and its coverage strip
    article_page(store, article_id, ...)    an article with its extracted items
    outlets_page(store)                     every outlet: events covered, left out, by month
    outlet_page(store, name, reports)       one outlet and its claim-level blindspots

Everything is read from the store at each call (a connection per request, WAL: readers see
each commit of a concurrent `watch`); reports come from `ReportCache`, which makes one again
when the event's members or their extractions change. Nothing is analysed here: reports are
the library's (`corpus.report_for_event`), and this module only selects and counts.
"""

from __future__ import annotations

import gc
import json
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

from rashomon import corpus
from rashomon.config import Settings
from rashomon.errors import RashomonError, UsageError
from rashomon.model import Report, Span
from rashomon.render import common
from rashomon.render.html import MarkInfo, Segment, article_segments, collect_marks
from rashomon.store import Store
from rashomon.store import articles as article_table
from rashomon.store import events as event_table
from rashomon.store import extractions as extraction_table
from rashomon.store import outlets as outlet_table
from rashomon.store.events import StoredEvent

EVENTS_SCHEMA = "rashomon.events/1"
PAGE_SIZE = 25
# events whose reports an outlet's page reads for its blindspots, the latest first
BLINDSPOT_EVENTS = 20
Sort = Literal["newest", "disputed"]
_T = TypeVar("_T")


class NotFound(UsageError):
    """A page names an event, article or outlet the store does not hold."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


# -- reports, made again only when what they rest on changes -------------------------------


class Cached:
    """An event's report and what pages make of it (the report's HTML, its JSON, its marks),
    each made once per report."""

    def __init__(self, key: str, event: StoredEvent, report: Report) -> None:
        self.key = key
        self.event = event
        self.report = report
        self._made: dict[str, Any] = {}
        self._lock = threading.Lock()

    def memo(self, name: str, make: Callable[[Report], _T]) -> _T:
        with self._lock:
            if name in self._made:
                made: _T = self._made[name]
                return made
        value = make(self.report)
        with self._lock:
            self._made[name] = value
        return value


class ReportCache:
    """The reports of events, by event id, each kept with the fingerprint of what it rests on
    (its members, their extractions, its headline and dates): a report is made again as soon
    as any of it changes in the store, so a page never shows a stale one."""

    def __init__(self, settings: Settings, size: int = 512) -> None:
        self.settings = settings
        self.size = size
        self._reports: OrderedDict[str, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, event_id: str) -> Cached:
        event = event_table.get(store, event_id)
        if event is None:
            raise NotFound("E_NO_EVENT", f"no event {event_id!r} in the store")
        key = _fingerprint(store, event)
        with self._lock:
            hit = self._reports.get(event.id)
            if hit is not None and hit.key == key:
                self._reports.move_to_end(event.id)
                return hit
        stored, report = corpus.report_for_event(store, event.id, self.settings)
        made = Cached(key, stored, report)
        with self._lock:
            self._reports[event.id] = made
            while len(self._reports) > self.size:
                self._reports.popitem(last=False)
        # Kept reports are many long-lived objects (about 3,300 per event): a full collection
        # walked them all (0.5 s for 150 events, seconds on a loaded machine, every request
        # waiting). Frozen, the collector skips them; a report is acyclic, so reference
        # counting still frees one that leaves the cache.
        gc.freeze()
        return made


def _fingerprint(store: Store, event: StoredEvent) -> str:
    rows = store.rows(
        "SELECT m.article_id, x.version, x.made_at FROM event_members AS m"
        " LEFT JOIN extractions AS x ON x.article_id = m.article_id"
        " WHERE m.event_id = ? ORDER BY m.article_id",
        (event.id,),
    )
    parts = [event.headline, event.first_date, event.last_date, list(event.outlets)]
    return json.dumps([parts, [list(r) for r in rows]], default=str)


# -- the events list --------------------------------------------------------------------


@dataclass(frozen=True)
class EventQuery:
    since: str | None = None  # events whose last date is on or after
    until: str | None = None  # events whose first date is on or before
    outlet: str | None = None
    q: str | None = None  # full-text search over titles and bodies
    sort: Sort = "newest"
    page: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "until": self.until,
            "outlet": self.outlet,
            "q": self.q,
            "sort": self.sort,
            "page": self.page,
        }


def check_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"[E_BAD_DATE] {name}: {value!r} is not a date (YYYY-MM-DD)") from None


def events_page(store: Store, query: EventQuery) -> dict[str, Any]:
    """One page of the events that match `query`, as `rashomon.events/1` with the page's
    place in the whole list."""
    found = event_table.list_events(
        store,
        since=query.since,
        until=query.until,
        outlet=query.outlet or None,
        search=query.q or None,
    )
    if query.sort == "disputed":
        # already latest first: a stable sort by disputed count keeps dates as the tie-break
        found.sort(key=lambda e: -1 if e.disputed is None else e.disputed, reverse=True)
    total = len(found)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, query.page), pages)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "schema": EVENTS_SCHEMA,
        "events": [corpus.event_listing(store, e) for e in shown],
        "total": total,
        "page": page,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "query": {**query.to_dict(), "page": page},
        "outlets": outlet_names(store),
    }


def outlet_names(store: Store) -> list[str]:
    rows = store.rows(
        "SELECT DISTINCT o.name FROM outlets AS o JOIN articles AS a ON a.outlet_id = o.id"
        " ORDER BY o.name"
    )
    return [str(r[0]) for r in rows]


# -- one event ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    article: str
    outlet: str
    date: str | None
    title: str | None


@dataclass(frozen=True)
class Coverage:
    """Which outlets reported the event and when: one row per outlet, one dot per article
    placed by its date (undated articles at the right, in their own column)."""

    width: int
    height: int
    rows: tuple[tuple[str, float], ...]  # outlet, y
    dots: tuple[Dot, ...]
    ticks: tuple[tuple[str, float], ...]  # date label, x


LABEL_WIDTH = 220
PLOT_WIDTH = 520
ROW_HEIGHT = 26


def coverage(report: Report) -> Coverage:
    outlets = sorted({a.outlet for a in report.articles})
    y_of = {o: 22 + i * ROW_HEIGHT for i, o in enumerate(outlets)}
    dated = sorted({a.date[:10] for a in report.articles if a.date})
    days = [date.fromisoformat(d).toordinal() for d in dated if _is_date(d)]
    lo, hi = (min(days), max(days)) if days else (0, 0)
    span = max(1, hi - lo)
    undated_x = LABEL_WIDTH + PLOT_WIDTH + 40

    def x_of(value: str | None) -> float:
        if not value or not _is_date(value[:10]):
            return undated_x
        if hi == lo:
            return LABEL_WIDTH + PLOT_WIDTH / 2
        return LABEL_WIDTH + (date.fromisoformat(value[:10]).toordinal() - lo) / span * PLOT_WIDTH

    dots = tuple(
        Dot(x_of(a.date), y_of[a.outlet], a.id, a.outlet, a.date, a.title) for a in report.articles
    )
    ticks = [(d, x_of(d)) for d in dated if _is_date(d)]
    if len(ticks) > 6:  # first, last and a few between
        step = math.ceil(len(ticks) / 5)
        ticks = [*ticks[:-1:step], ticks[-1]]
    if any(not a.date for a in report.articles):
        ticks.append(("undated", undated_x))
    return Coverage(
        width=LABEL_WIDTH + PLOT_WIDTH + 90,
        height=22 + len(outlets) * ROW_HEIGHT + 18,
        rows=tuple((o, y_of[o]) for o in outlets),
        dots=dots,
        ticks=tuple(ticks),
    )


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def event_page(store: Store, event_id: str, reports: ReportCache) -> Cached:
    return reports.get(store, event_id)


# -- one article -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """An extracted item of an article: what it is, its words, and where it is used."""

    kind: str  # claim, figure, quote, stance, date
    label: str
    span: Span
    anchor: str  # its mark on the article page
    used: tuple[str, ...]  # what the event's report uses it for (its labels there)
    used_at: str | None  # the event page's anchor for it, when the report uses it

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "span": {"start": self.span.start, "end": self.span.end, "text": self.span.text},
            "anchor": self.anchor,
            "used": list(self.used),
            "used_at": self.used_at,
        }


@dataclass(frozen=True)
class ArticleView:
    article: Any
    event: str | None
    items: tuple[Item, ...]
    segments: tuple[Segment, ...]
    status: str  # the extraction: ok, stale, or the code that cost it

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "article": {
                "id": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "date": a.date,
                "url": a.url,
                "path": a.path,
                "wire": a.wire,
                "word_count": a.word_count,
                "text": a.text,
            },
            "event": self.event,
            "extraction": self.status,
            "items": [i.to_dict() for i in self.items],
        }


def article_page(store: Store, article_id: str, reports: ReportCache) -> ArticleView:
    found = article_table.get(store, [article_id])
    if article_id not in found:
        raise NotFound("E_NO_ARTICLE", f"no article {article_id!r} in the store")
    article = found[article_id]
    loaded = extraction_table.load(store, [article_id])
    extraction = loaded.extractions.get(article_id)
    status = "ok" if extraction is not None else "stale"
    for skipped in loaded.failed:
        status = skipped.code
    event_id = event_table.of_article(store, article_id)
    used: dict[tuple[int, int], MarkInfo] = {}
    if event_id is not None:
        try:
            marks_of = reports.get(store, event_id).memo("marks", _marks)
            used = marks_of.get(article_id, {})
        except RashomonError:  # a report that cannot be made leaves the article page as it is
            used = {}
    marks: dict[tuple[int, int], MarkInfo] = {}
    items: list[Item] = []

    def add(kind: str, role: str, label: str, span: Span) -> None:
        key = (span.start, span.end)
        marks.setdefault(key, MarkInfo()).add(role, label)
        info = used.get(key)
        anchor = common.anchor(Span(article_id, span.start, span.end, ""))
        items.append(
            Item(
                kind,
                label,
                span,
                anchor,
                tuple(info.labels) if info else (),
                anchor if info and event_id else None,
            )
        )

    if extraction is not None:
        for claim in extraction.claims:
            add("claim", "claim", f"Claim: {claim.predicate}", claim.span)
            if claim.quantity is not None:
                add("figure", "number", f"Figure: {claim.quantity.span.text}", claim.quantity.span)
        for quote in extraction.quotes:
            add("quote", "quote", f"Quote: {common.speaker_name(quote)}", quote.span)
        for stance in extraction.stances:
            for span in stance.spans:
                add("stance", "stance", f"Stance: {common.stance_text(stance)}", span)
        for dated in extraction.dates:
            for span in dated.spans:
                add("date", "timeline", f"Date {common.timeline_date(dated)}: {dated.event}", span)
    for key, info in used.items():  # what the report marks: its verdict colours
        mark = marks.setdefault(key, MarkInfo())
        for role in info.roles:
            mark.roles.add(role)
    items.sort(key=lambda i: (i.span.start, i.span.end, i.kind))
    return ArticleView(
        article, event_id, tuple(items), tuple(article_segments(article, marks)), status
    )


def _marks(report: Report) -> dict[str, dict[tuple[int, int], MarkInfo]]:
    return collect_marks(report, common.Lookup.of(report))


# -- outlets -----------------------------------------------------------------------------


def _memberships(store: Store) -> tuple[dict[str, set[str]], dict[str, str]]:
    """(the outlets of each live event, each event's month)."""
    rows = store.rows(
        "SELECT m.event_id, o.name, e.last_date FROM event_members AS m"
        " JOIN articles AS a ON a.id = m.article_id JOIN outlets AS o ON o.id = a.outlet_id"
        " JOIN events AS e ON e.id = m.event_id WHERE e.merged_into IS NULL"
    )
    per_event: dict[str, set[str]] = defaultdict(set)
    month: dict[str, str] = {}
    for row in rows:
        per_event[str(row[0])].add(str(row[1]))
        month[str(row[0])] = str(row[2])[:7] if row[2] else "undated"
    return per_event, month


def outlets_page(store: Store) -> dict[str, Any]:
    """Per outlet: its articles, the events it covered, those it left out that two or more
    other outlets covered, and both by month."""
    counts = {
        str(r[0]): int(r[1])
        for r in store.rows(
            "SELECT o.name, count(a.id) FROM outlets AS o JOIN articles AS a"
            " ON a.outlet_id = o.id GROUP BY o.id"
        )
    }
    per_event, month = _memberships(store)
    outlets = []
    for name in sorted(counts):
        covered = [e for e, names in per_event.items() if name in names]
        left_out = [e for e, names in per_event.items() if name not in names and len(names) >= 2]
        by_month: dict[str, dict[str, int]] = defaultdict(lambda: {"covered": 0, "left_out": 0})
        for e in covered:
            by_month[month[e]]["covered"] += 1
        for e in left_out:
            by_month[month[e]]["left_out"] += 1
        outlets.append(
            {
                "name": name,
                "articles": counts[name],
                "events_covered": len(covered),
                "events_left_out": len(left_out),
                "by_month": [{"month": m, **by_month[m]} for m in sorted(by_month)],
            }
        )
    return {"outlets": outlets}


def outlet_page(store: Store, name: str, reports: ReportCache) -> dict[str, Any]:
    """One outlet (by any of its names): the events it covered and those it left out (that
    two or more others covered), and for the latest `BLINDSPOT_EVENTS` of them the disputed
    and agreed facts its articles never report."""
    outlet_id = outlet_table.find(store.connection, name)
    canonical = None if outlet_id is None else outlet_table.names(store.connection)[outlet_id]
    overview = next((o for o in outlets_page(store)["outlets"] if o["name"] == canonical), None)
    if outlet_id is None or overview is None:
        raise NotFound("E_NO_OUTLET", f"no outlet {name!r} in the store")
    mine = set(article_table.of_outlet(store, outlet_id))
    rows: list[dict[str, Any]] = []
    read = 0
    for event in event_table.list_events(store):
        covered = bool(mine & set(event.articles))
        if not covered and len(event.outlets) < 2:
            continue
        entry: dict[str, Any] = {
            "id": event.id,
            "headline": event.headline,
            "first_date": event.first_date,
            "last_date": event.last_date,
            "outlets": list(event.outlets),
            "covered": covered,
            "never_reports": None,
        }
        if read < BLINDSPOT_EVENTS:
            read += 1
            try:
                entry["never_reports"] = never_reported(reports.get(store, event.id).report, mine)
            except RashomonError:  # an event whose report cannot be made shows without one
                entry["never_reports"] = None
        rows.append(entry)
    return {**overview, "events": rows, "blindspot_events": BLINDSPOT_EVENTS}


def never_reported(report: Report, mine: set[str]) -> list[dict[str, Any]]:
    """The disputed and agreed facts of `report` that none of the articles `mine` reports."""
    found = []
    for comparison in report.comparisons:
        if comparison.verdict not in {"conflict", "agree"}:
            continue
        reporting = {a for p in comparison.positions for a in p.articles}
        if mine & reporting:
            continue
        found.append(
            {
                "comparison": comparison.id,
                "verdict": comparison.verdict,
                "topic": comparison.topic,
                "reported_by": sorted({a.outlet for a in report.articles if a.id in reporting}),
            }
        )
    return found
