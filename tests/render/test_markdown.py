from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from rashomon.model import Omission, Report, Span
from rashomon.render.markdown import escape, render_markdown
from rashomon.verify import problems

SECTIONS = [
    "## Summary",
    "## Disputed facts",
    "## Agreed facts",
    "## Single-source facts",
    "## What each outlet leaves out",
    "## Who said what",
    "## Whose voices each outlet quotes",
    "## Who stands where",
    "## Timeline",
    "## Framing",
    "## Loaded terms",
    "## Inputs",
    "## The articles",
]


def section(markdown: str, heading: str) -> str:
    """The text of one `## ` section, up to the next one."""
    start = markdown.index(heading + "\n")
    end = markdown.find("\n## ", start + len(heading))
    return markdown[start : end if end >= 0 else len(markdown)]


def test_markdown_sections_come_in_the_report_order(report: Report) -> None:
    markdown = render_markdown(report)
    positions = [markdown.index(heading + "\n") for heading in SECTIONS]
    assert positions == sorted(positions)


def test_markdown_title_line_names_every_outlet_with_its_date(report: Report) -> None:
    lines = render_markdown(report).splitlines()
    assert lines[0] == "# 3 accounts of one event"
    byline = lines[2]
    assert "**The Harbour Ledger** (2024-03-04)" in byline
    assert "**Coastline Daily** (2024-03-05)" in byline
    assert "**Valley Wire & Post** (date unknown)" in byline


def test_markdown_summary_markers_number_every_citation(report: Report) -> None:
    summary = section(render_markdown(report), "## Summary")
    citations = [span for sentence in report.summary for span in sentence.citations]
    assert re.findall(r"\[(\d+)\]", summary) == [str(i) for i in range(1, len(citations) + 1)]
    assert "*The outlets disagree on how many warehouses burned: 12 or nine.* [3][4][5]" in summary
    assert (
        "3. The Harbour Ledger: “A fire at the Brennan grain terminal on Sunday destroyed 12 "
        "warehouses”"
    ) in summary
    assert "6. Valley Wire & Post: “Mayor Ilse Varga demanded an inquiry.”" in summary


def test_markdown_conflict_shows_competing_values_with_their_outlets(report: Report) -> None:
    disputed = section(render_markdown(report), "## Disputed facts")
    assert "### warehouses destroyed by the fire" in disputed
    assert "| **12** warehouse | — | The Harbour Ledger, Valley Wire & Post |" in disputed
    assert "| **9** warehouse | — | Coastline Daily |" in disputed


def test_markdown_conflict_quotes_each_sentence_with_its_number_in_bold(report: Report) -> None:
    disputed = section(render_markdown(report), "## Disputed facts")
    assert (
        "> “A fire at the Brennan grain terminal on Sunday destroyed **12** warehouses”\n"
        "> — *The Harbour Ledger*, 2024-03-04"
    ) in disputed
    assert "> “leaving **a dozen** warehouses in ruins”\n> — *Valley Wire & Post*" in disputed


def test_markdown_textual_conflict_says_who_asserts_each_side(report: Report) -> None:
    disputed = section(render_markdown(report), "## Disputed facts")
    assert "| **denies**: the alarm system worked | Tomas Reyes | The Harbour Ledger |" in disputed
    assert "— *Coastline Daily*, 2024-03-05, according to Corvid Logistics" in disputed


def test_markdown_agreed_and_single_source_facts_have_their_own_sections(report: Report) -> None:
    markdown = render_markdown(report)
    agreed = section(markdown, "## Agreed facts")
    single = section(markdown, "## Single-source facts")
    assert "| **about 300** resident | 270 to 330 | Coastline Daily |" in agreed
    assert (
        "| firefighters injured | **2** firefighter | Valley Wire & Post | "
        "“**Two** firefighters were injured, the union said” (according to the union) |"
    ) in single
    assert "warehouses destroyed" not in agreed + single


def test_markdown_omissions_resolve_refs_by_rank_per_outlet(report: Report) -> None:
    omissions = section(render_markdown(report), "## What each outlet leaves out")
    ledger = omissions[omissions.index("### The Harbour Ledger") : omissions.index("### Coastline")]
    first = ledger.index("1. *fact, single source*: firefighters injured — 2 firefighter")
    second = ledger.index(
        "2. *quote*: Dana Mill: “We followed every safety rule,” (reported by Coastline Daily)"
    )
    assert first < second
    assert (
        "1. *stance*: Ilse Varga demands an inquiry into Corvid Logistics "
        "(reported by The Harbour Ledger, Valley Wire & Post)"
    ) in omissions


def test_markdown_long_omission_lists_fold_after_ten(report: Report) -> None:
    many = tuple(Omission("a1", "comparison", "k2", rank) for rank in range(1, 14))
    omissions = section(
        render_markdown(dataclasses.replace(report, omissions=many)),
        "## What each outlet leaves out",
    )
    fold = omissions.index("<details><summary>3 more</summary>")
    shown = re.findall(r"^(\d+)\. ", omissions[:fold], flags=re.M)
    folded = re.findall(r"^(\d+)\. ", omissions[fold:], flags=re.M)
    assert shown == [str(n) for n in range(1, 11)]
    assert folded == ["11", "12", "13"]
    assert "</details>" in omissions[fold:]


def test_markdown_quotes_of_one_statement_are_grouped(report: Report) -> None:
    quotes = section(render_markdown(report), "## Who said what")
    group = quotes[quotes.index("### Ilse Varga") : quotes.index("### Dana Mill")]
    assert group.count("“a disaster we could have prevented”") == 2
    assert "— *The Harbour Ledger*" in group
    assert "— *Coastline Daily*" in group
    assert "### Unknown speaker" in quotes
    assert "*(paraphrase)*" in quotes


def test_markdown_tables_for_stances_timeline_and_framing(report: Report) -> None:
    markdown = render_markdown(report)
    assert (
        "| Ilse Varga | demand | an inquiry into Corvid Logistics | "
        "The Harbour Ledger, Valley Wire & Post |"
    ) in section(markdown, "## Who stands where")
    timeline = section(markdown, "## Timeline")
    assert "| 2023-11 | Terminal operators warned about faulty alarms | Valley Wire & Post |" in (
        timeline
    )
    framing = section(markdown, "## Framing")
    assert "| Referent | The Harbour Ledger | Coastline Daily | Valley Wire & Post |" in framing
    assert "| the fire | “A fire” | “A blaze” | “An inferno” |" in framing


def test_markdown_loaded_terms_inputs_and_articles(report: Report) -> None:
    markdown = render_markdown(report)
    assert "| Valley Wire & Post | reckless (2.10), inferno (1.40) |" in markdown
    assert "| The Harbour Ledger | — |" in markdown
    inputs = section(markdown, "## Inputs")
    assert "| notes.bin | E\\_BINARY | not text (NUL bytes) |" in inputs
    assert "| Coastline Daily | coastline\\_copy.txt | 0.97 |" in inputs
    articles = section(markdown, "## The articles")
    assert "> Fire chief Tomas Reyes said the alarm system had failed before the fire spread." in (
        articles
    )


def test_markdown_escapes_markup_from_the_articles(report: Report) -> None:
    text = "# Breaking\n\n<script>alert(1)</script> | [click](http://x.example) *now* &amp;\n"
    article = dataclasses.replace(report.articles[0], text=text, outlet="A | B <i>")
    hostile = dataclasses.replace(
        report,
        articles=(article, *report.articles[1:]),
        framing=(),
        skipped=(dataclasses.replace(report.skipped[0], reason="bad | <b>input</b>"),),
    )
    markdown = render_markdown(hostile)
    assert "<script>" not in markdown
    assert "<b>" not in markdown
    assert re.search(r"(?<!\\)\]\(", markdown) is None  # no link syntax survives
    assert "> \\# Breaking" in markdown
    assert "\\<script\\>alert(1)\\</script\\> \\| \\[click\\](http://x.example)" in markdown
    assert "\\*now\\* \\&amp;" in markdown
    assert "| notes.bin | E\\_BINARY | bad \\| \\<b\\>input\\</b\\> |" in markdown
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert all(not h.startswith("# Breaking") for h in headings)


def test_markdown_escape_guards_line_starts_only_when_asked() -> None:
    assert escape("1. one", starts_line=True) == "1\\. one"
    assert escape("- x", starts_line=True) == "\\- x"
    assert escape("version 0.1.0") == "version 0.1.0"
    assert escape("line\nbreak") == "line break"


def test_markdown_survives_an_unresolved_omission(report: Report) -> None:
    broken = dataclasses.replace(report, omissions=(Omission("a1", "quote", "q99", 1),))
    assert "q99 (not found in this report)" in render_markdown(broken)


def test_markdown_of_an_empty_report_says_so() -> None:
    markdown = render_markdown(Report(generator={}, articles=()))
    assert markdown.startswith("# No articles\n")
    assert "No disputed facts found." in markdown
    assert "Every input was used." in markdown


def test_markdown_quotes_a_span_once_even_when_it_holds_its_own_marks(
    report: Report, span_of: Callable[..., Span]
) -> None:
    ledger = report.articles[0]
    spans = (
        span_of(ledger, "“a disaster we could have prevented”"),
        span_of(ledger, "Corvid Logistics rejected the criticism. "),
    )
    summary = (dataclasses.replace(report.summary[0], citations=spans),)
    markdown = render_markdown(dataclasses.replace(report, summary=summary))
    assert "1. The Harbour Ledger: “a disaster we could have prevented”\n" in markdown
    assert "2. The Harbour Ledger: “Corvid Logistics rejected the criticism.”\n" in markdown


def test_markdown_voices_table_has_a_row_per_outlet(report: Report) -> None:
    voices = section(render_markdown(report), "## Whose voices each outlet quotes")
    assert (
        "| The Harbour Ledger | Ilse Varga (1); Tomas Reyes (1) "
        "| Corvid Logistics (Dana Mill; Coastline Daily 1) |"
    ) in voices
    assert (
        "| Coastline Daily | Ilse Varga (2); Corvid Logistics (Dana Mill, 1) "
        "| Tomas Reyes (The Harbour Ledger 1) |"
    ) in voices
    assert (
        "| Valley Wire & Post | — | Ilse Varga (The Harbour Ledger 1, Coastline Daily 2); "
        "Corvid Logistics (Dana Mill; Coastline Daily 1); Tomas Reyes (The Harbour Ledger 1) |"
    ) in voices


def test_markdown_voices_show_each_voice_once_with_its_evidence(report: Report) -> None:
    voices = section(render_markdown(report), "## Whose voices each outlet quotes")
    evidence = voices[voices.index("### What each voice says") :]
    assert evidence.count("- **Ilse Varga**") == 1
    assert (
        "- **Corvid Logistics** (Dana Mill)\n"
        "  - Coastline Daily, 1 quote: Dana Mill: “We followed every safety rule,”\n"
    ) in evidence
    assert (
        "  - Coastline Daily, 2 quotes: Ilse Varga: “a disaster we could have prevented” (+1 more)"
    ) in evidence
    assert (
        "  - The Harbour Ledger, 1 quote: Tomas Reyes: the alarm system had failed before the "
        "fire spread *(paraphrase)*"
    ) in evidence


def test_markdown_voices_escape_names(report: Report) -> None:
    hostile = {
        article: dataclasses.replace(
            v,
            left_out=tuple(
                dataclasses.replace(
                    item, voice=dataclasses.replace(item.voice, name="<b>x</b> | [y](z)")
                )
                for item in v.left_out
            ),
        )
        for article, v in report.voices.items()
    }
    markdown = render_markdown(dataclasses.replace(report, voices=hostile))
    assert "<b>" not in markdown
    assert "\\<b\\>x\\</b\\> \\| \\[y\\](z)" in markdown


def test_markdown_voices_of_a_report_without_speakers_say_so() -> None:
    markdown = render_markdown(Report(generator={}, articles=()))
    assert "No quote with a known speaker." in section(
        markdown, "## Whose voices each outlet quotes"
    )


def test_the_fixture_report_passes_the_contract_checks(report: Report) -> None:
    assert problems(report.to_dict()) == []


def test_markdown_a_denial_shows_its_cue_not_the_content_as_said(denial_report: Report) -> None:
    quotes = section(render_markdown(denial_report), "## Who said what")
    group = quotes[quotes.index("### Corvid Logistics") :]
    assert "> denied that the alarms had been switched off *(paraphrase)*" in group
    assert "> the alarms had been switched off" not in quotes
