"""The report as one self-contained HTML page (inline CSS, no script, no outside request).

`render_html(report)` fills `templates/report.html.j2` through jinja2 with autoescaping on.
The functions here only prepare what the template shows (ids resolved to objects, article
text cut into segments around highlighted spans); nothing is analysed here.

Every span that an item of the page links to is highlighted in its article's text by a
`<mark id="span-a1-120-145">`, so a link `href="#span-a1-120-145"` jumps to the sentence.
Nested spans become nested marks; a span that crosses another one is cut in two, and only
its first piece carries the id.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import jinja2

from rashomon.model import Article, Report, Span
from rashomon.render import common
from rashomon.render.common import Lookup

# Highlight roles, lowest priority first: the CSS gives later roles the upper hand.
ROLES = (
    "claim",  # a claim the extraction found (the web app's article page)
    "summary",
    "timeline",
    "framing",
    "loaded",
    "stance",
    "quote",
    "single",
    "agree",
    "conflict",
    "number",
)
# Omissions listed per outlet before the rest folds into a "N more" disclosure.
OMISSIONS_SHOWN = common.OMISSIONS_SHOWN
# Voices an outlet leaves out, listed before the rest folds into a "N more" disclosure.
VOICES_SHOWN = 6
# Articles side by side at most (a class per count in report.css: no style attribute)
MAX_COLUMNS = 16
_VERDICT_ROLE = {"conflict": "conflict", "agree": "agree", "single_source": "single"}


@dataclass
class MarkInfo:
    """What the page says about one highlighted span (collected while building the page)."""

    roles: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)

    def add(self, role: str, label: str) -> None:
        self.roles.add(role)
        if label not in self.labels:
            self.labels.append(label)


@dataclass(frozen=True)
class Segment:
    """A piece of an article's text: plain text, or the opening or closing of a mark."""

    kind: Literal["text", "open", "close"]
    text: str = ""
    anchor: str = ""  # the id, on the first piece of a span only
    target: str = ""  # the id of the span this piece belongs to
    classes: str = ""
    title: str = ""


@dataclass(frozen=True)
class SourceLink:
    """A link to a span, labelled by its outlet ("Coastline Daily", "Coastline Daily (2)")."""

    label: str
    anchor: str
    title: str


def collect_marks(report: Report, lookup: Lookup) -> dict[str, dict[tuple[int, int], MarkInfo]]:
    """Every span the page links to, per article, with the roles it plays on the page."""
    marks: dict[str, dict[tuple[int, int], MarkInfo]] = {}

    def add(span: Span, role: str, label: str) -> None:
        per_article = marks.setdefault(span.article, {})
        per_article.setdefault((span.start, span.end), MarkInfo()).add(role, label)

    for comparison in report.comparisons:
        role = _VERDICT_ROLE.get(comparison.verdict, "single")
        label = f"{common.verdict_label(comparison)}: "
        label += comparison.topic
        for position in comparison.positions:
            for claim_id in position.claims:
                claim = lookup.claims.get(claim_id)
                if claim is None:
                    continue
                add(claim.span, role, label)
                if claim.quantity is not None:
                    add(claim.quantity.span, "number", label)
    for quote in report.quotes:
        denial = ", denying it" if quote.denied else ""
        add(quote.span, "quote", f"Quote: {common.speaker_name(quote)}{denial}")
    for stance in report.stances:
        for span in stance.spans:
            add(span, "stance", f"Stance: {common.stance_text(stance)}")
    for event in report.timeline:
        for span in event.spans:
            add(span, "timeline", f"Timeline, {common.timeline_date(event)}: {event.event}")
    for framing in report.framing:
        for spans in framing.labels.values():
            for span in spans:
                add(span, "framing", f"Label for {framing.referent.name}")
    for terms in report.loaded_terms.values():
        for term in terms:
            for span in term.spans:
                add(span, "loaded", f"Loaded term: {term.term}")
    for sentence in report.summary:
        for span in sentence.citations:
            add(span, "summary", "Cited in the summary")
    return marks


def article_segments(article: Article, marks: dict[tuple[int, int], MarkInfo]) -> list[Segment]:
    """The article's text cut into text and mark segments, marks properly nested."""
    text = article.text
    size = len(text)
    # (start, -end, end, start of the whole span, end of the whole span, is first piece)
    heap: list[tuple[int, int, int, int, int, bool]] = []
    for start, end in marks:
        lo, hi = max(0, min(start, size)), max(0, min(end, size))
        if lo <= hi:
            heap.append((lo, -hi, hi, start, end, True))
    heapq.heapify(heap)
    out: list[Segment] = []
    stack: list[int] = []
    pos = 0

    def emit_text(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(Segment("text", text[pos:upto]))
            pos = upto

    while heap:
        start, _, end, whole_start, whole_end, first = heapq.heappop(heap)
        while stack and stack[-1] <= start:
            emit_text(stack.pop())
            out.append(Segment("close"))
        emit_text(start)
        if stack and end > stack[-1]:
            cut = stack[-1]
            heapq.heappush(heap, (cut, -end, end, whole_start, whole_end, False))
            end = cut
        info = marks[(whole_start, whole_end)]
        target = common.anchor(Span(article.id, whole_start, whole_end, ""))
        classes = ["hl"] + [f"hl-{role}" for role in ROLES if role in info.roles]
        if not first:
            classes.append("hl-cont")
        out.append(
            Segment(
                "open",
                anchor=target if first else "",
                target=target,
                classes=" ".join(classes),
                title="; ".join(info.labels),
            )
        )
        stack.append(end)
    while stack:
        emit_text(stack.pop())
        out.append(Segment("close"))
    emit_text(size)
    return out


def source_links(lookup: Lookup, spans: Iterable[Span]) -> list[SourceLink]:
    """Links to spans labelled by outlet; a second span of one outlet is numbered."""
    links = []
    seen: dict[str, int] = {}
    for span in spans:
        outlet = lookup.outlet(span.article)
        seen[outlet] = seen.get(outlet, 0) + 1
        label = outlet if seen[outlet] == 1 else f"{outlet} ({seen[outlet]})"
        links.append(
            SourceLink(label, common.anchor(span), f"{outlet}: {common.in_quotes(span.text)}")
        )
    return links


def quote_links(source: common.VoiceSource) -> list[SourceLink]:
    """Links to one outlet's quotes of a voice, numbered ("1", "2"), each titled by its
    speaker and words."""
    links = []
    for number, evidence in enumerate(source.evidence, start=1):
        said = f"{evidence.according_to}: " if evidence.according_to else ""
        words = f"{evidence.opening}{evidence.before}{evidence.closing}"
        links.append(SourceLink(str(number), evidence.anchor, f"{source.outlet}, {said}{words}"))
    return links


def report_context(report: Report) -> dict[str, Any]:
    """Everything the template shows, looked up and grouped; no analysis."""
    lookup = Lookup.of(report)
    marks = collect_marks(report, lookup)
    disputed, agreed, single = common.split_comparisons(report)
    voices = common.voice_views(report, lookup)
    citations: list[list[tuple[int, SourceLink]]] = []
    number = 0
    for sentence in report.summary:
        row = []
        for link in source_links(lookup, sentence.citations):
            number += 1
            row.append((number, link))
        citations.append(row)
    return {
        "report": report,
        "lookup": lookup,
        "common": common,
        "title": common.title_line(report),
        "disputed": disputed,
        "revised": common.revised_comparisons(report),
        "agreed": agreed,
        "single": single,
        "citations": citations,
        "omissions": common.omissions_by_article(report, lookup),
        "omissions_shown": OMISSIONS_SHOWN,
        "quote_groups": common.quote_groups(report),
        "voices": voices,
        "any_voice": any(quoted or left_out for _, quoted, left_out in voices),
        "voices_shown": VOICES_SHOWN,
        "segments": {a.id: article_segments(a, marks.get(a.id, {})) for a in report.articles},
        "cols": max(1, min(len(report.articles), MAX_COLUMNS)),
        "generator_json": json.dumps(report.generator, indent=2, sort_keys=True, default=str),
    }


def template_environment(package: str) -> jinja2.Environment:
    """Jinja2 over `package`'s templates/ as the report's pages are written: every value
    escaped, an undefined name an error (`rashomon serve`'s pages use it too)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _environment() -> jinja2.Environment:
    env = template_environment("rashomon.render")
    env.globals.update(
        anchor=common.anchor,
        article_anchor=common.article_anchor,
        source_links=source_links,
        quote_links=quote_links,
    )
    env.filters["number"] = common.format_number
    env.filters["quoted"] = common.in_quotes
    return env


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document."""
    template = _environment().get_template("report.html.j2")
    return template.render(report_context(report))


def render_html_body(report: Report) -> str:
    """The report's content without the document around it (no script, no style attribute),
    for a page that embeds it with `report_stylesheet()` linked: `rashomon serve`."""
    template = _environment().get_template("report_body.html.j2")
    return template.render(report_context(report))


def report_stylesheet() -> str:
    """The report's CSS, which `render_html` inlines."""
    return _environment().get_template("report.css").render()
