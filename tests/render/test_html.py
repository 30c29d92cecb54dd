from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest

from rashomon.model import Actor, Article, LeftOutVoice, Omission, Report, Span, Voices
from rashomon.render.common import anchor
from rashomon.render.html import (
    VOICES_SHOWN,
    MarkInfo,
    Segment,
    article_segments,
    render_html,
)

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source", "area", "base"}
SECTION_IDS = [
    "summary",
    "disputed",
    "agreed",
    "single-source",
    "omissions",
    "quotes",
    "voices",
    "stances",
    "timeline",
    "framing",
    "loaded-terms",
    "inputs",
    "articles",
]


@dataclasses.dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    children: list[Element | str] = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()


class Tree(HTMLParser):
    """A strict little DOM: every non-void element must be closed, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()
        assert self.current is self.root, f"unclosed <{self.current.tag}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        assert tag == self.current.tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)

    def elements(self) -> Iterator[Element]:
        return self.root.walk()

    def by_id(self, element_id: str) -> Element:
        found = [e for e in self.elements() if e.attrs.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements with id {element_id!r}"
        return found[0]


@pytest.fixture
def tree(report: Report) -> Tree:
    return Tree(render_html(report))


def test_fixture_report_spans_verify(
    report: Report, spans_in: Callable[[Any], Iterator[dict[str, Any]]]
) -> None:
    texts = {a.id: a.text for a in report.articles}
    spans = list(spans_in(report.to_dict()))
    assert len(spans) > 50
    for span in spans:
        assert texts[span["article"]][span["start"] : span["end"]] == span["text"]


def test_html_is_well_formed_with_unique_ids(tree: Tree) -> None:
    ids = Counter(e.attrs["id"] for e in tree.elements() if "id" in e.attrs)
    assert [i for i, n in ids.items() if n > 1] == []


def test_html_is_self_contained(report: Report, tree: Tree) -> None:
    html = render_html(report)
    tags = {e.tag for e in tree.elements()}
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed", "base"})
    for element in tree.elements():
        assert "src" not in element.attrs
        assert element.attrs.get("href", "#").startswith("#")
    style = "".join(e.text() for e in tree.elements() if e.tag == "style")
    assert "url(" not in style
    assert "@import" not in style
    assert "default-src 'none'" in html


def test_html_every_internal_link_has_a_target(tree: Tree) -> None:
    ids = {e.attrs["id"] for e in tree.elements() if "id" in e.attrs}
    hrefs = {e.attrs["href"][1:] for e in tree.elements() if "href" in e.attrs}
    assert hrefs
    assert hrefs - ids == set()


def test_html_sections_come_in_the_report_order(report: Report) -> None:
    html = render_html(report)
    positions = [html.index(f'<section id="{s}"') for s in SECTION_IDS]
    assert positions == sorted(positions)


def test_html_title_line_names_every_outlet_with_its_date(tree: Tree) -> None:
    byline = next(e for e in tree.elements() if e.attrs.get("class") == "byline").text()
    for outlet, date in [
        ("The Harbour Ledger", "2024-03-04"),
        ("Coastline Daily", "2024-03-05"),
        ("Valley Wire & Post", "date unknown"),
    ]:
        assert f"{outlet} {date}" in " ".join(byline.split())


def test_html_every_linked_span_is_a_mark_holding_its_text(report: Report, tree: Tree) -> None:
    texts = {a.id: a.text for a in report.articles}
    marks = [e for e in tree.elements() if e.tag == "mark" and "id" in e.attrs]
    assert len(marks) > 30
    pieces: dict[str, str] = {}
    for element in tree.elements():
        if element.tag == "mark" and "data-span" in element.attrs:
            pieces[element.attrs["data-span"]] = (
                pieces.get(element.attrs["data-span"], "") + element.text()
            )
    for mark in marks:
        _, article, start, end = mark.attrs["id"].rsplit("-", 3)
        expected = texts[article][int(start) : int(end)]
        assert mark.text() + pieces.get(mark.attrs["id"], "") == expected


def test_html_article_text_survives_the_highlighting(report: Report, tree: Tree) -> None:
    for article in report.articles:
        column = tree.by_id(f"article-{article.id}")
        body = next(e for e in column.walk() if e.attrs.get("class") == "art-text")
        assert body.text() == article.text


def test_html_conflict_shows_both_values_and_links_each_sentence(
    report: Report, tree: Tree
) -> None:
    card = tree.by_id("comparison-k1")
    assert "cmp-conflict" in card.attrs["class"]
    values = [e.text().split()[0] for e in card.walk() if e.attrs.get("class") == "value"]
    assert values == ["12", "9"]
    claims = {c.id: c for c in report.claims}
    links = [e.attrs["href"] for e in card.walk() if e.attrs.get("class") == "evidence-link"]
    assert links == [f"#{anchor(claims[c].span)}" for c in ("c1", "c3", "c2")]
    assert "The Harbour Ledger · Valley Wire & Post" in " ".join(card.text().split())


def test_html_disputed_before_agreed_before_single_source(tree: Tree) -> None:
    order = [e.attrs["id"] for e in tree.elements() if e.attrs.get("id", "").startswith("comp")]
    assert order == ["comparison-k1", "comparison-k4", "comparison-k2", "comparison-k3"]
    single = " ".join(tree.by_id("comparison-k3").text().split())
    assert single.startswith("firefighters injured 2 firefighter Valley Wire & Post “Two firef")
    assert "in Valley Wire & Post according to the union" in single


def test_html_conflict_spans_are_marked_warm_and_agree_spans_cool(
    report: Report, tree: Tree
) -> None:
    claims = {c.id: c for c in report.claims}
    conflict = tree.by_id(anchor(claims["c2"].span)).attrs["class"].split()
    agree = tree.by_id(anchor(claims["c5"].span)).attrs["class"].split()
    quantity = claims["c2"].quantity
    assert quantity is not None
    number = tree.by_id(anchor(quantity.span))
    assert "hl-conflict" in conflict
    assert "hl-agree" in agree
    assert "hl-number" in number.attrs["class"].split()
    assert "Disputed: warehouses destroyed by the fire" in number.attrs["title"]


def test_html_summary_cites_each_span_with_a_numbered_marker(report: Report, tree: Tree) -> None:
    cites = [e for e in tree.elements() if e.attrs.get("class") == "cite"]
    spans = [span for sentence in report.summary for span in sentence.citations]
    assert [c.text() for c in cites] == [f"[{i}]" for i in range(1, len(spans) + 1)]
    assert [c.attrs["href"] for c in cites] == [f"#{anchor(s)}" for s in spans]
    assert cites[0].attrs["title"].startswith("The Harbour Ledger: “A fire at")


def test_html_omissions_resolve_refs_per_outlet(tree: Tree) -> None:
    section = tree.by_id("omissions")
    columns = [e for e in section.walk() if e.attrs.get("class") == "column"]
    texts = [" ".join(c.text().split()) for c in columns]
    assert texts[0].startswith(
        "The Harbour Ledger fact, single source firefighters injured (2 firefighters)"
    )
    assert "quote Dana Mill: “We followed every safety rule,”" in texts[0]
    assert "stance Ilse Varga demands an inquiry into Corvid Logistics" in texts[1]
    assert "fact, disputed whether the terminal's alarm system worked" in texts[2]
    assert "fact, agreed residents evacuated (300 residents / about 300 residents)" in texts[2]


def test_html_quotes_grouped_by_statement_with_speaker_and_outlet(tree: Tree) -> None:
    groups = [e for e in tree.by_id("quotes").walk() if e.attrs.get("class") == "quote-group"]
    assert len(groups) == 5
    first = " ".join(groups[0].text().split())
    assert first.startswith("Ilse Varga")
    assert first.count("“a disaster we could have prevented”") == 2
    assert "The Harbour Ledger" in first
    assert "Coastline Daily" in first
    assert " ".join(groups[-1].text().split()).startswith("Unknown speaker")


def test_html_stances_timeline_and_framing_tables(tree: Tree) -> None:
    stances = " ".join(tree.by_id("stances").text().split())
    assert "Corvid Logistics reject the criticism The Harbour Ledger" in stances
    timeline = " ".join(tree.by_id("timeline").text().split())
    assert "2023-11 Terminal operators warned about faulty alarms Valley Wire & Post" in timeline
    rows = [e for e in tree.by_id("framing").walk() if e.tag == "tr"]
    cells = [
        [" ".join(c.text().split()) for c in row.walk() if c.tag in {"th", "td"}] for row in rows
    ]
    assert cells[0] == ["Referent", "The Harbour Ledger", "Coastline Daily", "Valley Wire & Post"]
    assert cells[2] == ["the fire", "A fire", "A blaze", "An inferno"]


def test_html_loaded_terms_and_inputs(tree: Tree) -> None:
    loaded = " ".join(tree.by_id("loaded-terms").text().split())
    assert "reckless score 2.10 [1]" in loaded
    rows = [
        [c.text() for c in row.walk() if c.tag == "td"]
        for row in tree.by_id("inputs").walk()
        if row.tag == "tr"
    ]
    assert ["notes.bin", "E_BINARY", "not text (NUL bytes)"] in rows
    assert ["Coastline Daily", "coastline_copy.txt", "0.97"] in rows


def test_html_escapes_everything(report: Report) -> None:
    evil = '<script>alert("x")</script>'
    article = dataclasses.replace(
        report.articles[0],
        outlet=f"Evil {evil}",
        title='" onmouseover="alert(1)',
        text=report.articles[0].text + f"\n\n{evil} & <b>bold</b>",
    )
    hostile = dataclasses.replace(
        report,
        articles=(article, *report.articles[1:]),
        comparisons=(dataclasses.replace(report.comparisons[0], topic=evil),),
        generator={"name": evil, "version": "</title>"},
    )
    html = render_html(hostile)
    assert "<script" not in html
    assert "<b>bold" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'onmouseover="' not in html
    Tree(html)  # still well formed


def test_html_nested_and_crossing_spans_become_well_formed_marks() -> None:
    article = Article(id="a9", text="abcdefghij", outlet="X")
    marks = {(0, 6): MarkInfo(), (2, 4): MarkInfo(), (4, 8): MarkInfo(), (8, 8): MarkInfo()}
    for info in marks.values():
        info.add("quote", "q")
    segments = article_segments(article, marks)

    def show(s: Segment) -> str:
        if s.kind == "text":
            return s.text
        if s.kind == "close":
            return ")"
        return f"({s.anchor or '~' + s.target}:"

    assert "".join(show(s) for s in segments) == (
        "(span-a9-0-6:ab(span-a9-2-4:cd)(span-a9-4-8:ef))(~span-a9-4-8:gh)(span-a9-8-8:)ij"
    )
    assert "".join(s.text for s in segments) == article.text


def test_html_out_of_range_spans_do_not_break_the_page(report: Report) -> None:
    bad = Span("a1", 10_000, 10_010, "nothing")
    summary = (dataclasses.replace(report.summary[0], citations=(bad,)),)
    html = render_html(dataclasses.replace(report, summary=summary))
    Tree(html)


def test_html_survives_an_unresolved_omission(report: Report) -> None:
    broken = dataclasses.replace(report, omissions=(Omission("a2", "stance", "s99", 1),))
    assert "s99 (not found in this report)" in render_html(broken)


def test_html_of_an_empty_report_says_so() -> None:
    tree = Tree(render_html(Report(generator={}, articles=())))
    assert "No disputed facts found." in tree.by_id("disputed").text()
    assert tree.by_id("articles") is not None


def test_html_template_ships_as_package_data() -> None:
    templates = resources.files("rashomon.render") / "templates"
    assert (templates / "report.html.j2").is_file()
    assert (templates / "report.css").is_file()


def test_html_quote_omission_may_name_a_statement(report: Report) -> None:
    by_statement = dataclasses.replace(report, omissions=(Omission("a3", "quote", "t1", 1),))
    tree = Tree(render_html(by_statement))
    column = [e for e in tree.by_id("omissions").walk() if e.attrs.get("class") == "column"][2]
    text = " ".join(column.text().split())
    assert "quote Ilse Varga: “a disaster we could have prevented”" in text
    assert "reported by The Harbour Ledger, Coastline Daily" in text


def test_html_long_omission_lists_fold_after_ten(report: Report) -> None:
    many = tuple(Omission("a1", "comparison", "k2", rank) for rank in range(1, 14))
    tree = Tree(render_html(dataclasses.replace(report, omissions=many)))
    column = next(e for e in tree.by_id("omissions").walk() if e.attrs.get("class") == "column")
    lists = [e for e in column.walk() if e.tag == "ol"]
    assert [len([li for li in ol.children if isinstance(li, Element)]) for ol in lists] == [10, 3]
    details = next(e for e in column.walk() if e.tag == "details")
    assert "3 more" in details.text()


def voice_rows(tree: Tree) -> list[list[str]]:
    rows = [e for e in tree.by_id("voices").walk() if e.tag == "tr"]
    return [
        [" ".join(c.text().split()) for c in row.walk() if c.tag in {"th", "td"}] for row in rows
    ]


def test_html_voices_table_has_a_row_per_outlet(tree: Tree) -> None:
    rows = voice_rows(tree)
    assert rows[0] == ["Outlet", "Quotes", "Leaves out"]
    assert rows[1] == [
        "The Harbour Ledger",
        "Ilse Varga [1] Tomas Reyes [1]",
        "Corvid Logistics (Dana Mill) quoted by Coastline Daily [1]",
    ]
    assert rows[3][1] == "No quote with a known speaker."
    assert rows[3][2].startswith(
        "Ilse Varga quoted by The Harbour Ledger [1], Coastline Daily [1][2] Corvid Logistics"
    )


def test_html_voices_link_each_quote_in_its_article(report: Report, tree: Tree) -> None:
    row = next(e for e in tree.by_id("voices").walk() if e.attrs.get("id") == "voices-article-a3")
    links = [e for e in row.walk() if e.tag == "a"]
    quotes = {q.id: q for q in report.quotes}
    expected = [quotes[q] for v in report.voices["a3"].left_out for q in v.quotes]
    assert [link.attrs["href"] for link in links] == [f"#{anchor(q.span)}" for q in expected]
    assert links[0].attrs["title"] == (
        "The Harbour Ledger, Ilse Varga: “a disaster we could have prevented”"
    )
    reyes = links[-1].attrs["title"]
    assert (
        reyes
        == "The Harbour Ledger, Tomas Reyes: the alarm system had failed before the fire spread"
    )


def test_html_long_left_out_voice_lists_fold(report: Report) -> None:
    many = tuple(
        LeftOutVoice(Actor(None, f"Voice {n}"), (Actor(None, f"Voice {n}"),), ("a2",), ("q3",))
        for n in range(VOICES_SHOWN + 2)
    )
    voices = {**report.voices, "a1": Voices(report.voices["a1"].quoted, many)}
    tree = Tree(render_html(dataclasses.replace(report, voices=voices)))
    row = next(e for e in tree.by_id("voices").walk() if e.attrs.get("id") == "voices-article-a1")
    lists = [e for e in row.walk() if e.attrs.get("class") == "voice-list"]
    sizes = [len([li for li in ul.children if isinstance(li, Element)]) for ul in lists]
    assert sizes == [2, VOICES_SHOWN, 2]
    assert "2 more" in next(e for e in row.walk() if e.tag == "details").text()


def test_html_voices_of_a_report_without_speakers_say_so() -> None:
    tree = Tree(render_html(Report(generator={}, articles=())))
    assert "No quote with a known speaker." in tree.by_id("voices").text()


def test_html_a_denial_shows_its_cue_not_the_content_as_said(denial_report: Report) -> None:
    tree = Tree(render_html(denial_report))
    groups = [e for e in tree.by_id("quotes").walk() if e.attrs.get("class") == "quote-group"]
    denial = " ".join(groups[-1].text().split())
    assert denial.startswith("Corvid Logistics")
    assert "denied that the alarms had been switched off" in denial
