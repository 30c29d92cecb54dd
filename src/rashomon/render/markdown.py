"""The report as GitHub-flavoured Markdown, in the same order as the HTML page.

Every piece of text that comes from an article or from the analysis is escaped, so that no
word of an article can turn into a link, a heading, a table cell break or raw HTML. Evidence
is quoted with its outlet's name; numbers are set in bold inside their sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rashomon.model import Comparison, Report, Span
from rashomon.render import common
from rashomon.render.common import Evidence, Lookup

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")
_SPACES = re.compile(r"\s+")


def escape(text: str, *, starts_line: bool = False) -> str:
    """Text as literal inline Markdown, on one line (runs of whitespace become one space).

    `starts_line`: the text opens a line or a list item, where `# `, `- ` or `1. ` would
    start a heading or a list.
    """
    text = _SPACES.sub(" ", text)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINE_START.sub(_escape_line_start, text) if starts_line else text


def _escape_line_start(match: re.Match[str]) -> str:
    """`# x`, `- x`, `1. x` at the start of a line would become a heading or a list."""
    lead, marker = match.group(1), match.group(2)
    return f"{lead}{marker[:-1]}\\{marker[-1]}"


def cell(text: str) -> str:
    """Text for a table cell (pipes are escaped by `escape`; an empty cell shows a dash)."""
    escaped = escape(text)
    return escaped if escaped else "—"


def blockquote(text: str) -> list[str]:
    """A multi-paragraph text as a blockquote, paragraphs kept."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if lines:
            lines.append(">")
        for line in paragraph.splitlines():
            if line.strip():
                lines.append(f"> {escape(line.strip(), starts_line=True)}")
    return lines or [">"]


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _quoted(e: Evidence) -> str:
    """The evidence sentence in quotation marks, its number in bold."""
    if e.number:
        inner = f"{escape(e.before)}**{escape(e.number)}**{escape(e.after)}"
    else:
        inner = escape(e.before)
    return f"{e.opening}{inner}{e.closing}"


def _evidence_line(e: Evidence) -> str:
    extra = ""
    if e.as_of:
        extra += f", {escape(e.as_of)}"
    if e.according_to:
        extra += f", according to {escape(e.according_to)}"
    return f"> {_quoted(e)}\n> — *{escape(e.outlet)}*{extra}"


def _sources(lookup: Lookup, spans: Iterable[Span]) -> str:
    """Outlets that carry the spans, each once, in order."""
    return ", ".join(escape(o) for o in dict.fromkeys(lookup.outlet(s.article) for s in spans))


def _comparison(lookup: Lookup, c: Comparison) -> list[str]:
    verdict = common.verdict_label(c)
    lines = [f"### {escape(c.topic)}", ""]
    lines.append(f"*{verdict} · {escape(c.kind)} · alignment score {c.score:.2f}*")
    lines.append("")
    if c.explanation:
        lines += [escape(c.explanation, starts_line=True), ""]
    views = common.position_views(lookup, c)
    if c.kind == "textual":
        rows = [
            [
                f"**{'denies' if v.polarity == 'deny' else 'affirms'}**: {escape(v.text or '')}",
                cell(", ".join(v.asserted_by)),
                cell(", ".join(v.outlets)),
            ]
            for v in views
        ]
        lines += _table(["Position", "Asserted by", "Reported by"], rows)
    else:
        rows = [
            [
                f"**{escape(v.value or '')}**" + (f" {escape(v.unit)}" if v.unit else ""),
                cell(v.interval or ""),
                cell(", ".join(v.outlets)),
            ]
            for v in views
        ]
        lines += _table(["Value", "Read as", "Reported by"], rows)
    lines.append("")
    for v in views:
        for e in v.evidence:
            lines += [_evidence_line(e), ""]
    return lines


def _single_source(lookup: Lookup, comparisons: list[Comparison]) -> list[str]:
    """Facts that one outlet alone reports, one table row each."""
    rows = []
    for c in comparisons:
        views = common.position_views(lookup, c)
        values = [
            (f"**{escape(v.value)}**" + (f" {escape(v.unit)}" if v.unit else ""))
            if v.value is not None
            else f"{'denies' if v.polarity == 'deny' else 'affirms'}: {escape(v.text or '')}"
            for v in views
        ]
        evidence = [
            _quoted(e) + (f" (according to {escape(e.according_to)})" if e.according_to else "")
            for v in views
            for e in v.evidence
        ]
        outlets = [o for v in views for o in v.outlets]
        rows.append(
            [
                cell(c.topic),
                "; ".join(values) or "—",
                cell(", ".join(dict.fromkeys(outlets))),
                " ".join(evidence) or "—",
            ]
        )
    return [*_table(["Fact", "Value", "Reported by", "In its words"], rows), ""]


def render_markdown(report: Report) -> str:
    """The report as one Markdown document."""
    lookup = Lookup.of(report)
    out: list[str] = []
    for part in (
        _title,
        _summary,
        _comparisons,
        _omissions,
        _quotes,
        _voices,
        _stances,
        _timeline,
        _framing,
        _loaded_terms,
        _inputs,
        _articles,
    ):
        out += part(report, lookup)
    generator = report.generator
    out.append(
        f"*Generated by {escape(str(generator.get('name', 'rashomon')))} "
        f"{escape(str(generator.get('version', '')))} · schema {escape(report.schema)}*"
    )
    return "\n".join(out) + "\n"


def _title(report: Report, lookup: Lookup) -> list[str]:
    byline = " · ".join(
        f"**{escape(a.outlet)}** ({escape(common.format_date(a.date))})"
        + (f" “{escape(a.title)}”" if a.title else "")
        for a in report.articles
    )
    return [f"# {escape(common.title_line(report))}", "", byline, ""]


def _summary(report: Report, lookup: Lookup) -> list[str]:
    out = ["## Summary", ""]
    if not report.summary:
        return [*out, "No summary.", ""]
    sources: list[str] = []
    for sentence in report.summary:
        markers = ""
        for span in sentence.citations:
            outlet = escape(lookup.outlet(span.article), starts_line=True)
            sources.append(f"{len(sources) + 1}. {outlet}: {escape(common.in_quotes(span.text))}")
            markers += f"[{len(sources)}]"
        text = escape(sentence.text, starts_line=True)
        if sentence.kind == "generated":
            text = f"*{text}*"
        out += [f"{text} {markers}".rstrip(), ""]
    out += ["*Italic sentences are written from the comparisons; the others are quoted.*", ""]
    return [*out, "Sources:", "", *sources, ""]


def _comparisons(report: Report, lookup: Lookup) -> list[str]:
    """Disputed facts first, then revised figures, agreed ones, and those only one outlet
    reports."""
    disputed, agreed, single = common.split_comparisons(report)
    revised = common.revised_comparisons(report)
    out: list[str] = []
    for heading, items, none in (
        ("Disputed facts", disputed, "No disputed facts found."),
        ("Revised figures", revised, ""),
        ("Agreed facts", agreed, "No fact reported alike by several outlets."),
    ):
        if not items and not none:
            continue  # no revised figure: no section
        out += [f"## {heading}", ""]
        if heading == "Revised figures":
            out += [
                "A later report (or the same outlet) gives a new figure: an update, not a dispute.",
                "",
            ]
        if not items:
            out += [none, ""]
        for c in items:
            out += _comparison(lookup, c)
    out += ["## Single-source facts", ""]
    return out + (_single_source(lookup, single) if single else ["None.", ""])


def _omissions(report: Report, lookup: Lookup) -> list[str]:
    out = ["## What each outlet leaves out", ""]
    for article, omissions in common.omissions_by_article(report, lookup):
        out += [f"### {escape(article.outlet)}", ""]
        if not omissions:
            out += ["Leaves out nothing the others report.", ""]
            continue
        shown, folded = omissions[: common.OMISSIONS_SHOWN], omissions[common.OMISSIONS_SHOWN :]
        out += [_omission_line(o) for o in shown]
        out.append("")
        if folded:
            # the rest folds as in the HTML report (GitHub and most viewers render <details>)
            out += [f"<details><summary>{len(folded)} more</summary>", ""]
            out += [_omission_line(o) for o in folded]
            out += ["", "</details>", ""]
    return out


def _omission_line(o: common.OmissionView) -> str:
    kind = o.kind
    if o.verdict:
        kind += f", {common.VERDICT_LABELS.get(o.verdict, o.verdict).lower()}"
    line = f"{o.rank}. *{escape(kind)}*: {escape(o.label)}"
    if o.detail:
        line += f" — {escape(o.detail)}"
    if o.reported_by:
        line += f" (reported by {', '.join(escape(x) for x in o.reported_by)})"
    return line


def _quotes(report: Report, lookup: Lookup) -> list[str]:
    out = ["## Who said what", ""]
    groups = common.quote_groups(report)
    if not groups:
        return [*out, "No quotes found.", ""]
    for group in groups:
        out += [f"### {escape(group.speaker)}", ""]
        for q in group.quotes:
            text = escape(common.quote_text(q)) + ("" if q.direct else " *(paraphrase)*")
            out += [f"> {text}", f"> — *{escape(lookup.outlet(q.span.article))}*", ""]
    return out


def _voices(report: Report, lookup: Lookup) -> list[str]:
    """Per outlet, whose voices it quotes and whose voices the others quote and it does not."""
    out = ["## Whose voices each outlet quotes", ""]
    views = common.voice_views(report, lookup)
    if not any(quoted or left_out for _, quoted, left_out in views):
        return [*out, "No quote with a known speaker.", ""]
    out += [
        "*A voice is the party speaking: the country or body a speaker is tied to, else the "
        "speaker. Quotes without a known speaker are left aside.*",
        "",
    ]
    rows = (
        [
            cell(article.outlet),
            "; ".join(_voice_cell(v, quoted=True) for v in quoted) or "—",
            "; ".join(_voice_cell(v, quoted=False) for v in left_out) or "—",
        ]
        for article, quoted, left_out in views
    )
    header = [
        "Outlet",
        "Quotes: voice (who speaks, quotes)",
        "Leaves out: voice (who speaks; who quotes it, quotes)",
    ]
    out += [*_table(header, rows), ""]
    out += ["### What each voice says", ""]
    out += [line for v in common.voice_index(report, lookup) for line in _voice_item(v)]
    return [*out, ""]


def _voice_cell(v: common.VoiceView, *, quoted: bool) -> str:
    """A table cell's voice: "United States (Heather Nauert, 2)" for a voice the outlet quotes,
    "Russia (Russian Foreign Ministry; venezuelanalysis.com 6)" for one it leaves out."""
    speakers = ", ".join(escape(s) for s in v.speakers)
    if quoted:
        detail = f"{speakers}, {v.count}" if speakers else str(v.count)
    else:
        outlets = ", ".join(f"{escape(s.outlet)} {len(s.evidence)}" for s in v.sources)
        detail = f"{speakers}; {outlets}" if speakers else outlets
    return f"{escape(v.name)} ({detail})"


def _voice_item(v: common.VoiceView) -> list[str]:
    """A voice with one quote of it from each outlet that quotes it."""
    head = f"- **{escape(v.name)}**"
    if v.speakers:
        head += f" ({', '.join(escape(s) for s in v.speakers)})"
    lines = [head]
    for source in v.sources:
        first = source.evidence[0]
        count = len(source.evidence)
        said = f"{escape(first.according_to)}: " if first.according_to else ""
        text = _quoted(first) + ("" if source.quotes[0].direct else " *(paraphrase)*")
        more = f" (+{count - 1} more)" if count > 1 else ""
        plural = "quote" if count == 1 else "quotes"
        lines.append(f"  - {escape(source.outlet)}, {count} {plural}: {said}{text}{more}")
    return lines


def _stances(report: Report, lookup: Lookup) -> list[str]:
    out = ["## Who stands where", ""]
    if not report.stances:
        return [*out, "No stances found.", ""]
    rows = (
        [cell(s.actor.name), cell(s.stance), cell(s.target), cell(_sources(lookup, s.spans))]
        for s in report.stances
    )
    return [*out, *_table(["Actor", "Stance", "About", "Reported by"], rows), ""]


def _timeline(report: Report, lookup: Lookup) -> list[str]:
    out = ["## Timeline", ""]
    if not report.timeline:
        return [*out, "No dated events found.", ""]
    rows = (
        [cell(common.timeline_date(t)), cell(t.event), cell(_sources(lookup, t.spans))]
        for t in report.timeline
    )
    return [*out, *_table(["Date", "Event", "Reported by"], rows), ""]


def _framing(report: Report, lookup: Lookup) -> list[str]:
    out = ["## Framing", ""]
    if not report.framing:
        return [*out, "No framing differences found.", ""]

    def labels(spans: Iterable[Span]) -> str:
        return "; ".join(
            escape(common.in_quotes(wording)) + (f" ×{len(found)}" if len(found) > 1 else "")
            for wording, found in common.unique_labels(spans)
        )

    header = ["Referent", *(cell(a.outlet) for a in report.articles)]
    rows = (
        [
            cell(f.referent.name),
            *(labels(f.labels.get(a.id, ())) or "—" for a in report.articles),
        ]
        for f in report.framing
    )
    return [*out, *_table(header, rows), ""]


def _loaded_terms(report: Report, lookup: Lookup) -> list[str]:
    rows = (
        [
            cell(a.outlet),
            ", ".join(
                f"{escape(t.term)} ({t.score:.2f})" for t in report.loaded_terms.get(a.id, ())
            )
            or "—",
        ]
        for a in report.articles
    )
    return ["## Loaded terms", "", *_table(["Outlet", "Terms (score)"], rows), ""]


def _inputs(report: Report, lookup: Lookup) -> list[str]:
    out = ["## Inputs", "", "### Skipped", ""]
    if report.skipped:
        rows = ([cell(s.input), cell(s.code), cell(s.reason)] for s in report.skipped)
        out += [*_table(["Input", "Code", "Reason"], rows), ""]
    else:
        out += ["Every input was used.", ""]
    out += ["### Collapsed duplicates", ""]
    if report.duplicates:
        rows = (
            [cell(lookup.outlet(d.kept)), cell(d.dropped), f"{d.similarity:.2f}"]
            for d in report.duplicates
        )
        out += [*_table(["Kept", "Dropped", "Similarity"], rows), ""]
    else:
        out += ["No duplicates.", ""]
    return out


def _articles(report: Report, lookup: Lookup) -> list[str]:
    out = ["## The articles", ""]
    for a in report.articles:
        out += [f"### {escape(a.outlet)}", ""]
        if a.title:
            out += [f"*{escape(a.title)}*", ""]
        meta = [f"date: {escape(a.date)}" if a.date else "date unknown"]
        if a.wire:
            meta.append(f"wire: {escape(a.wire)}")
        if a.url:
            meta.append(f"url: {escape(a.url)}")
        if a.path:
            meta.append(f"file: {escape(a.path)}")
        meta += [f"{a.word_count} words", f"id: {escape(a.id)}"]
        out += [" · ".join(meta), "", *blockquote(a.text), ""]
    return out
