"""The report contract end to end: schema, references, spans, order independence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.render.json import validate
from rashomon.verify import problems

SECTIONS = (
    "entities",
    "claims",
    "comparisons",
    "omissions",
    "quotes",
    "stances",
    "timeline",
    "framing",
    "summary",
)


def test_venezuela_names_outlets_from_sidecar_and_dates_from_text(
    analyzed: Any, venezuela_files: list[Path]
) -> None:
    report = analyzed(venezuela_files)
    found = [(a.outlet, a.date, a.metadata_from.get("outlet")) for a in report.articles]
    assert found == [
        ("TRT World", "2017-10-17", "sources.csv"),
        ("venezuelanalysis.com", "2017-10-18", "sources.csv"),
        ("Morning Star", None, "sources.csv"),
    ]


def test_venezuela_header_is_removed_from_text(analyzed: Any, venezuela_files: list[Path]) -> None:
    first = analyzed(venezuela_files).articles[0]
    assert first.text.startswith("The United States on Monday")
    assert first.metadata_from["date"] == "header"


@pytest.mark.parametrize("which", ["venezuela_files", "example_files"])
def test_report_validates_against_schema(analyzed: Any, which: str, request: Any) -> None:
    validate(analyzed(request.getfixturevalue(which)).to_dict())


@pytest.mark.parametrize("which", ["venezuela_files", "example_files"])
def test_every_reference_resolves_and_every_span_verifies(
    analyzed: Any, which: str, request: Any
) -> None:
    assert problems(analyzed(request.getfixturevalue(which)).to_dict()) == []


@pytest.mark.parametrize("which", ["venezuela_files", "example_files"])
@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_is_filled(analyzed: Any, which: str, section: str, request: Any) -> None:
    report = analyzed(request.getfixturevalue(which)).to_dict()
    assert report[section], f"{section} is empty"
    assert any(report["loaded_terms"].values())


def test_same_files_in_any_order_give_the_same_report(venezuela_files: list[Path]) -> None:
    import rashomon

    forward = rashomon.analyze(venezuela_files).to_dict()
    backward = rashomon.analyze(list(reversed(venezuela_files))).to_dict()
    assert forward == backward


def test_one_article_is_a_single_source_report(analyzed: Any, example_files: list[Path]) -> None:
    report = analyzed(example_files[:1])
    assert len(report.articles) == 1
    assert all(c.verdict == "single_source" for c in report.comparisons if c.kind == "numeric")
    assert problems(report.to_dict()) == []


def test_a_claim_asserted_by_a_pronoun_names_the_resolved_speaker(tmp_path: Path) -> None:
    import rashomon

    story = tmp_path / "story.txt"
    story.write_text(
        "The city council met on Tuesday to discuss the Elm Street bridge, which Mayor Daniel "
        "Hughes wants to close. Hughes spoke to reporters after the meeting. He said that about "
        "300 cars cross the bridge every day.\n",
        encoding="utf-8",
    )
    report = rashomon.analyze([story])
    ruiz = next(e.id for e in report.entities if e.name == "Daniel Hughes")
    asserted = [c.asserted_by for c in report.claims if c.quantity is not None and c.asserted_by]
    assert asserted
    assert all(a.entity == ruiz for a in asserted)
