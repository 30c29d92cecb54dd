"""The canonical example (../shared/data/venezuela-2017): the verdicts a reader must see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Comparison, Report


@pytest.fixture(scope="module")
def report(analyzed: Any, venezuela_files: list[Path]) -> Report:
    result: Report = analyzed(venezuela_files)
    return result


def outlets(report: Report, position_articles: tuple[str, ...]) -> set[str]:
    names = {a.id: a.outlet for a in report.articles}
    return {names[a] for a in position_articles}


def numeric(report: Report, verdict: str) -> list[Comparison]:
    return [c for c in report.comparisons if c.kind == "numeric" and c.verdict == verdict]


def values(comparison: Comparison) -> list[tuple[float | None, float | None]]:
    return [(p.value, p.of) for p in comparison.positions]


def test_governorships_17_vs_18_of_23_conflict(report: Report) -> None:
    [governors] = [c for c in numeric(report, "conflict") if (17, 23) in values(c)]
    sides = {p.value: outlets(report, p.articles) for p in governors.positions}
    assert sides == {17: {"TRT World", "Morning Star"}, 18: {"venezuelanalysis.com"}}
    assert "may be an update" in governors.explanation


def test_death_toll_more_than_125_vs_124_conflict(report: Report) -> None:
    [toll] = [c for c in numeric(report, "conflict") if (124, None) in values(c)]
    sides = {(p.qualifier, p.value) for p in toll.positions}
    assert sides == {("more than", 125), (None, 124)}


def test_no_other_numeric_conflicts(report: Report) -> None:
    assert len(numeric(report, "conflict")) == 2


def test_23_states_and_full_audit_agree(report: Report) -> None:
    agreed = [values(c) for c in numeric(report, "agree")]
    assert [(23, None)] in agreed
    assert [(100, None)] in agreed


def test_opposition_five_states_agree(report: Report) -> None:
    [five] = [c for c in numeric(report, "agree") if values(c) == [(5, None)]]
    assert outlets(report, five.positions[0].articles) == {"TRT World", "Morning Star"}


def test_turnout_is_single_source(report: Report) -> None:
    [turnout] = [c for c in numeric(report, "single_source") if (61, None) in values(c)]
    assert outlets(report, turnout.positions[0].articles) == {"Morning Star"}


def test_free_and_fair_and_observers_are_textual_conflicts_with_both_asserters(
    report: Report,
) -> None:
    """The US (via TRT World) on one side; international observers, via Morning Star ("the
    vote was free and fair") and venezuelanalysis.com ("testified to the veracity of the
    results", against "the lack of outside observers"), on the other."""
    textual = [c for c in report.comparisons if c.kind == "textual" and c.verdict == "conflict"]
    assert len(textual) == 2
    affirming: set[str] = set()
    for conflict in textual:
        by_polarity = {p.polarity: p for p in conflict.positions}
        assert any("observers" in who for who in by_polarity["affirm"].asserted_by)
        assert outlets(report, by_polarity["deny"].articles) == {"TRT World"}
        affirming |= outlets(report, by_polarity["affirm"].articles)
    assert affirming == {"Morning Star", "venezuelanalysis.com"}
    texts = " ".join(p.text or "" for c in textual for p in c.positions)
    assert "free and fair" in texts
    assert "lack of outside observers" in texts


def test_trt_world_leaves_out_the_governments_that_backed_the_result(report: Report) -> None:
    trt = next(a.id for a in report.articles if a.outlet == "TRT World")
    stances = {s.id: s for s in report.stances}
    left_out = {
        (stances[o.ref].actor.name, stances[o.ref].stance)
        for o in report.omissions
        if o.article == trt and o.kind == "stance"
    }
    assert {("Russia", "support"), ("Cuba", "support"), ("Bolivia", "support")} <= left_out


def test_every_outlet_omits_what_only_the_others_report(report: Report) -> None:
    for article in report.articles:
        omitted = {o.ref for o in report.omissions if o.article == article.id}
        for comparison in report.comparisons:
            reported = {a for p in comparison.positions for a in p.articles}
            if article.id not in reported:
                assert comparison.id in omitted
