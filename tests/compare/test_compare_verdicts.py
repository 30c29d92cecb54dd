"""Numeric and textual verdicts over aligned claims, and their explanations."""

from __future__ import annotations

from rashomon.compare.align import Pair
from rashomon.compare.verdicts import numeric_comparisons, past_participle, textual_comparisons
from rashomon.extract.frames import frame_claim
from rashomon.model import Article, Claim, FigureFrame, Interval, Quantity, Span

ARTICLES = [
    Article(id="a1", text="x" * 200, outlet="Ledger", date="2024-03-04"),
    Article(id="a2", text="x" * 200, outlet="Courier", date="2024-03-05"),
]


def claim(
    claim_id: str, article: str, value: float, interval: Interval, qualifier: str | None = None
) -> Claim:
    span = Span(article, 0, 10, "x" * 10)
    quantity = Quantity(span, value, "person", None, qualifier, interval)
    return Claim(claim_id, span, None, "kill", False, None, quantity, None)


def exact(value: float) -> Interval:
    return Interval(value, True, value, True)


def test_verdict_disjoint_figures_from_two_outlets_conflict() -> None:
    claims = [claim("c1", "a1", 14, exact(14)), claim("c2", "a2", 11, exact(11))]
    [comparison] = numeric_comparisons(claims, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert comparison.verdict == "conflict"
    assert "14 people (Ledger)" in comparison.explanation
    assert "11 people (Courier)" in comparison.explanation


def test_verdict_conflict_between_dated_reports_says_the_later_may_be_an_update() -> None:
    claims = [claim("c1", "a1", 14, exact(14)), claim("c2", "a2", 11, exact(11))]
    [comparison] = numeric_comparisons(claims, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert "later may be an update" in comparison.explanation


def test_verdict_round_figure_and_precise_figure_agree() -> None:
    claims = [
        claim("c1", "a1", 2000, Interval(1950, True, 2050, True), "about"),
        claim("c2", "a2", 2050, exact(2050)),
    ]
    [comparison] = numeric_comparisons(claims, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert comparison.verdict == "agree"
    assert len(comparison.positions) == 2


def test_verdict_more_than_125_and_124_conflict() -> None:
    claims = [
        claim("c1", "a1", 125, Interval(125, False, None, False), "more than"),
        claim("c2", "a2", 124, exact(124)),
    ]
    [comparison] = numeric_comparisons(claims, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert comparison.verdict == "conflict"


def test_verdict_unaligned_claim_is_single_source() -> None:
    claims = [claim("c1", "a1", 14, exact(14)), claim("c2", "a2", 11, exact(11))]
    comparisons = numeric_comparisons(claims, [], ARTICLES)
    assert [c.verdict for c in comparisons] == ["single_source", "single_source"]
    assert comparisons[0].explanation.startswith("only Ledger reports")


def test_verdict_hedged_report_is_named_in_the_explanation() -> None:
    claims = [claim("c1", "a1", 14, exact(14)), claim("c2", "a2", 11, exact(11))]

    hedged = "Eleven died, a figure still preliminary."
    claims[1] = frame_claim(claims[1], Span("a2", 0, len(hedged), hedged))
    [comparison] = numeric_comparisons(claims, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert "Courier hedges (“preliminary”)" in comparison.explanation


def test_verdict_score_keeps_its_parts() -> None:
    claims = [claim("c1", "a1", 14, exact(14)), claim("c2", "a2", 14, exact(14))]
    parts = {"unit": 1.0, "context": 0.8}
    [comparison] = numeric_comparisons(claims, [Pair(0, 1, 0.9, parts)], ARTICLES)
    assert comparison.score == 0.9
    assert comparison.score_parts == parts


def test_verdict_each_group_scores_only_its_own_pairs() -> None:
    claims = [
        claim("c1", "a1", 14, exact(14)),
        claim("c2", "a2", 14, exact(14)),
        claim("c3", "a1", 300, exact(300)),
        claim("c4", "a2", 300, exact(300)),
    ]
    pairs = [Pair(0, 1, 0.9, {"context": 0.9}), Pair(2, 3, 0.6, {"context": 0.6})]
    first, second = numeric_comparisons(claims, pairs, ARTICLES)
    assert (first.score, first.score_parts) == (0.9, {"context": 0.9})
    assert (second.score, second.score_parts) == (0.6, {"context": 0.6})


def test_verdict_textual_opposite_polarities_conflict_with_their_asserters() -> None:
    span_a = Span("a1", 0, 10, "x" * 10)
    span_b = Span("a2", 0, 10, "x" * 10)
    affirm = Claim("c1", span_a, None, "inspect", False, None, None, None)
    deny = Claim("c2", span_b, None, "inspect", True, None, None, None)
    [comparison] = textual_comparisons(
        [affirm, deny], [Pair(1, 0, 0.8, {})], ARTICLES, lambda c: f"speaker of {c.id}"
    )
    assert comparison.verdict == "conflict"
    assert [p.polarity for p in comparison.positions] == ["affirm", "deny"]
    assert comparison.positions[1].asserted_by == ("speaker of c2",)


def test_past_participle_irregular_and_regular_verbs() -> None:
    assert past_participle("win") == "won"
    assert past_participle("kill") == "killed"
    assert past_participle("evacuate") == "evacuated"
    assert past_participle("carry out") == "carried out"


def test_verdict_durations_in_two_units_are_read_on_one_scale() -> None:
    def lasted(claim_id: str, article: str, value: float, unit: str) -> Claim:
        span = Span(article, 0, 10, "x" * 10)
        quantity = Quantity(span, value, unit, None, None, exact(value))
        return Claim(claim_id, span, None, "last", False, None, quantity, None)

    agreeing = [lasted("c1", "a1", 90, "minute"), lasted("c2", "a2", 1.5, "hour")]
    [comparison] = numeric_comparisons(agreeing, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert comparison.verdict == "agree"
    disputed = [lasted("c1", "a1", 15, "minute"), lasted("c2", "a2", 2, "hour")]
    [comparison] = numeric_comparisons(disputed, [Pair(0, 1, 0.9, {})], ARTICLES)
    assert comparison.verdict == "conflict"
    assert [p.unit for p in comparison.positions] == ["minute", "hour"]  # shortest first


def test_verdict_a_figure_another_report_gives_as_revised_is_a_possible_update() -> None:
    """27 (day 1) against 41 (day 3) is a possible update when a third report, outside the
    comparison, says the count "rose to 41"."""
    articles = [*ARTICLES, Article(id="a3", text="x" * 200, outlet="Tide", date="2024-03-06")]

    def counted(claim_id: str, article: str, value: float, window: str) -> Claim:
        span = Span(article, 0, 10, "x" * 10)
        frame = FigureFrame(property="", window=window, state="injured")
        quantity = Quantity(span, value, "person", None, None, exact(value), frame)
        return Claim(claim_id, span, None, "treat", False, None, quantity, None)

    claims = [
        counted("c1", "a1", 27, "N people were taken to hospital"),
        counted("c2", "a3", 41, "N people have been treated in hospital"),
        counted("c3", "a2", 41, "treated in hospital rose to N , nine of whom"),
    ]
    comparisons = numeric_comparisons(claims, [Pair(0, 1, 0.9, {})], articles)
    [disputed] = [c for c in comparisons if c.verdict == "conflict"]
    assert disputed.possible_update
    assert "possible update, not a dispute: Courier gives a revised figure" in disputed.explanation
