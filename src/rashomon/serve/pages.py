"""What each page shows, as data: the HTML page renders it and the JSON twin is it.

    events_page(store, query)               the events list (`rashomon.events/1`), filtered,
                                            sorted, one page of it
    event_page(store, event_id, reports)    the event's report and its coverage strip
    article_page(store, article_id, ...)    an article with its extracted items
    outlets_page(store)                     every outlet: events covered, left out, by month
    outlet_page(store, name, reports, ...)  one outlet: its counts by month and week, one page
                                            of the events it covered or left out, and for
                                            those the facts it never reports

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
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
# an outlet's page: events per page, and of them how many reports it reads for the facts the
# outlet never reports (a report is made on first read: each costs the analysis of an event)
OUTLET_PAGE_SIZE = 20
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
            said = "Denial" if quote.denied else "Quote"  # "X denied that …"
            add("quote", "quote", f"{said}: {common.speaker_name(quote)}", quote.span)
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

# One row per live event and each outlet among its members' (an outlet counted once however
# many of its articles the event holds), with the number of outlets of the event.
_PRESENCE = """
WITH presence AS (
    SELECT DISTINCT m.event_id, a.outlet_id FROM event_members AS m
    JOIN articles AS a ON a.id = m.article_id
    JOIN events AS e ON e.id = m.event_id WHERE e.merged_into IS NULL
), sized AS (
    SELECT event_id, count(*) AS outlets, max(outlet_id = :outlet) AS covered
    FROM presence GROUP BY event_id
)"""
# the period an event counts in, from its last date (SQLite's date functions): its month, or
# its week named by its Monday ('weekday 0' moves to the Sunday ending the week)
_MONTH = "coalesce(substr(e.last_date, 1, 7), 'undated')"
_WEEK = "coalesce(date(e.last_date, 'weekday 0', '-6 days'), 'undated')"
Period = Literal["month", "week"]
_PERIODS: dict[Period, str] = {"month": _MONTH, "week": _WEEK}
Only = Literal["all", "covered", "left_out"]
_ONLY: dict[Only, str] = {
    "all": "(s.covered = 1 OR s.outlets >= 2)",
    "covered": "s.covered = 1",
    "left_out": "(s.covered = 0 AND s.outlets >= 2)",
}


@dataclass(frozen=True)
class Tally:
    """An outlet's events of one period: those it covered, and those it left out that two or
    more other outlets covered."""

    period: str
    covered: int
    left_out: int


def tallies(store: Store, period: Period, outlet_id: int | None = None) -> dict[int, list[Tally]]:
    """Per outlet (only `outlet_id` when given), its events covered and left out by `period`,
    in order (an 'undated' period last), periods with neither left out. Two aggregates in one
    query: per outlet and period the events it covered (and how many of them had two or more
    outlets), and per period the events of two or more outlets; left out is their difference."""
    rows = store.rows(
        f"{_PRESENCE}"
        f" SELECT p.outlet_id, {_PERIODS[period]} AS period, count(*), sum(s.outlets >= 2)"
        " FROM presence AS p JOIN sized AS s ON s.event_id = p.event_id"
        " JOIN events AS e ON e.id = p.event_id"
        " WHERE :outlet IS NULL OR p.outlet_id = :outlet GROUP BY p.outlet_id, period"
        " UNION ALL"
        f" SELECT NULL, {_PERIODS[period]} AS period, count(*), count(*)"
        " FROM sized AS s JOIN events AS e ON e.id = s.event_id"
        " WHERE s.outlets >= 2 GROUP BY period",
        {"outlet": outlet_id},
    )
    several: dict[str, int] = {}
    covered: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        if row[0] is None:
            several[str(row[1])] = int(row[2])
        else:
            covered[int(row[0])][str(row[1])] = (int(row[2]), int(row[3]))
    outlets = [outlet_id] if outlet_id is not None else _outlet_ids(store)
    found: dict[int, list[Tally]] = {}
    for outlet in outlets:
        mine = covered.get(outlet, {})
        periods = sorted(set(several) | set(mine), key=lambda p: (p == "undated", p))
        made = (_tally(p, mine.get(p, (0, 0)), several.get(p, 0)) for p in periods)
        found[outlet] = [t for t in made if t.covered or t.left_out]
    return found


def _tally(period: str, mine: tuple[int, int], several: int) -> Tally:
    covered, covered_of_several = mine
    return Tally(period, covered, several - covered_of_several)


def _outlet_ids(store: Store) -> list[int]:
    return [int(r[0]) for r in store.rows("SELECT DISTINCT outlet_id FROM articles")]


def _article_counts(store: Store, outlet_id: int | None = None) -> dict[int, int]:
    rows = store.rows(
        "SELECT outlet_id, count(*) FROM articles WHERE :outlet IS NULL OR outlet_id = :outlet"
        " GROUP BY outlet_id",
        {"outlet": outlet_id},
    )
    return {int(r[0]): int(r[1]) for r in rows}


def _overview(name: str, articles: int, months: list[Tally]) -> dict[str, Any]:
    return {
        "name": name,
        "articles": articles,
        "events_covered": sum(t.covered for t in months),
        "events_left_out": sum(t.left_out for t in months),
        "by_month": [
            {"month": t.period, "covered": t.covered, "left_out": t.left_out} for t in months
        ],
    }


def outlets_page(store: Store) -> dict[str, Any]:
    """Per outlet: its articles, the events it covered, those it left out that two or more
    other outlets covered, and both by month; over every event of the store."""
    names = outlet_table.names(store.connection)
    counts = _article_counts(store)
    months = tallies(store, "month")
    outlets = [
        _overview(names[i], counts[i], months.get(i, []))
        for i in sorted(counts, key=lambda i: names[i])
    ]
    return {"outlets": outlets}


def outlet_page(
    store: Store, name: str, reports: ReportCache, *, page: int = 1, only: Only = "all"
) -> dict[str, Any]:
    """One outlet (by any of its names): its counts by month and by week, and one page of the
    events it covered and those it left out (that two or more others covered), the latest
    first, over every event of the store; for the events of the page (at most
    `BLINDSPOT_EVENTS`) the disputed and agreed facts its articles never report."""
    outlet_id = outlet_table.find(store.connection, name)
    counts = {} if outlet_id is None else _article_counts(store, outlet_id)
    if outlet_id is None or outlet_id not in counts:
        raise NotFound("E_NO_OUTLET", f"no outlet {name!r} in the store")
    canonical = outlet_table.names(store.connection)[outlet_id]
    overview = _overview(
        canonical, counts[outlet_id], tallies(store, "month", outlet_id)[outlet_id]
    )
    weeks = tallies(store, "week", outlet_id)[outlet_id]
    total = {
        "all": overview["events_covered"] + overview["events_left_out"],
        "covered": overview["events_covered"],
        "left_out": overview["events_left_out"],
    }[only]
    pages = max(1, math.ceil(total / OUTLET_PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = outlet_events(store, outlet_id, only, OUTLET_PAGE_SIZE, (page - 1) * OUTLET_PAGE_SIZE)
    mine = set(article_table.of_outlet(store, outlet_id))
    read = 0
    for entry in rows[:BLINDSPOT_EVENTS]:
        read += 1
        try:
            entry["never_reports"] = never_reported(reports.get(store, entry["id"]).report, mine)
        except RashomonError:  # an event whose report cannot be made shows without one
            entry["never_reports"] = None
    return {
        **overview,
        "by_week": [
            {"week": t.period, "covered": t.covered, "left_out": t.left_out} for t in weeks
        ],
        "only": only,
        "total": total,
        "page": page,
        "pages": pages,
        "page_size": OUTLET_PAGE_SIZE,
        "events": rows,
        "blindspot_events": read,
    }


def outlet_events(
    store: Store, outlet_id: int, only: Only, limit: int, offset: int
) -> list[dict[str, Any]]:
    """The events `outlet_id` covered and (or) left out that two or more others covered, the
    latest first, `limit` of them from `offset`: one query over events and their members."""
    rows = store.rows(
        f"{_PRESENCE}"
        " SELECT e.id, e.headline, e.first_date, e.last_date, e.outlets, s.covered"
        " FROM sized AS s JOIN events AS e ON e.id = s.event_id"
        f" WHERE {_ONLY[only]}"
        " ORDER BY e.last_date IS NULL, e.last_date DESC, e.id LIMIT :limit OFFSET :offset",
        {"outlet": outlet_id, "limit": limit, "offset": offset},
    )
    return [
        {
            "id": str(row[0]),
            "headline": row[1],
            "first_date": row[2],
            "last_date": row[3],
            "outlets": list(json.loads(row[4])),
            "covered": bool(row[5]),
            "never_reports": None,
        }
        for row in rows
    ]


# -- an outlet's weeks, drawn ------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # covered, left_out
    week: str  # its Monday
    count: int


@dataclass(frozen=True)
class WeekChart:
    """Events covered and left out per week: two bars a week, every week from the first to the
    last (the latest `CHART_WEEKS` of them), the undated events left to the table."""

    width: int
    height: int
    axis: float  # the y of the bars' foot
    top: int  # the count the tallest bar stands for
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[str, float], ...]  # week, x
    weeks: int
    cut: int  # earlier weeks left out of the chart


CHART_WEEKS = 156
CHART_LEFT = 40
CHART_PLOT = 720
CHART_PLOT_HEIGHT = 120


def outlet_chart(data: dict[str, Any]) -> WeekChart | None:
    """The week chart of an outlet's page (`outlet_page`'s data)."""
    return week_chart([Tally(w["week"], w["covered"], w["left_out"]) for w in data["by_week"]])


def week_chart(weeks: Sequence[Tally]) -> WeekChart | None:
    """The chart of an outlet's weekly tallies; None when no event is dated."""
    known = {t.period: t for t in weeks if _is_date(t.period)}
    if not known:
        return None
    first, last = (date.fromisoformat(d) for d in (min(known), max(known)))
    mondays = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    cut = max(0, len(mondays) - CHART_WEEKS)
    mondays = mondays[cut:]
    top = max(1, *(max(t.covered, t.left_out) for t in known.values()))
    slot = CHART_PLOT / len(mondays)
    width = max(1.0, min(14.0, slot * 0.4))
    axis = 10 + CHART_PLOT_HEIGHT
    bars = []
    for n, monday in enumerate(mondays):
        tally = known.get(monday.isoformat(), Tally(monday.isoformat(), 0, 0))
        left = CHART_LEFT + n * slot + slot / 2 - width
        for offset, kind, count in (
            (0.0, "covered", tally.covered),
            (width, "left_out", tally.left_out),
        ):
            height = count / top * CHART_PLOT_HEIGHT
            bars.append(Bar(left + offset, axis - height, width, height, kind, tally.period, count))
    marks = list(range(len(mondays)))
    if len(marks) > 6:  # first, last and a few between
        step = math.ceil(len(marks) / 5)
        marks = [*marks[:-1:step], marks[-1]]
    ticks = tuple((mondays[n].isoformat(), CHART_LEFT + n * slot + slot / 2) for n in marks)
    return WeekChart(
        width=CHART_LEFT + CHART_PLOT + 40,
        height=axis + 24,
        axis=axis,
        top=top,
        bars=tuple(bars),
        ticks=ticks,
        weeks=len(mondays),
        cut=cut,
    )


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
