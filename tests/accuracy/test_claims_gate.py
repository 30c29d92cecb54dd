"""Gate: the claims engine against the BASIL numbers gold and under perturbation (issue 3).

Measured with `/work/venv/bin/python bench/eval_claims.py --part ab` (gold:
tests/accuracy/gold/basil_numbers.json, 53 items on the first 30 BASIL triples; scoring in
tests/accuracy/gold/README_numbers.md) and `--part b --perturb-first 10` for the subset gated
here. FIGURES below were printed at the commit named beside them; the floors sit 0.01-0.02
under them. Never raise a floor above what the bench prints, and never lower one without
saying why in the commit.

The BASIL perturbation gate runs on the first 10 gold triples only (19 agreement units, 17
re-analyses): the 30 triples of the gold gate already take about 3.5 minutes here, and all 70
perturbation runs take 4 more. The bench prints the figure over all 30. The whole module takes
about 4 minutes.

Precision counts a claim pair that is neither in the gold nor judged in `judged_extra_pairs`
as wrong: judge new pairs (the bench lists them) rather than lower the floor.
"""

from __future__ import annotations

from typing import Any

import pytest

from datapaths import SHARED_DATA, bench_module, require_data

pytestmark = pytest.mark.accuracy

PERTURB_FIRST = 10

# measured 2026-11-22 16:50 on d6d7d8e (the conflict vetoes and the figure-window gate) with
# `bench/eval_claims.py --part abc`; the subset figure with `--part b --perturb-first 10`.
# 2026-12-05: the gold converted to half-open rounding (README_numbers.md): "$3.5 billion" /
# "$3.6 billion" and "$5.6 billion" / "$5.7 billion" became conflict units (92 → 90 agreement
# units, 5 → 7 conflict units, 19 → 18 perturbation units in the subset); rashomon finds the
# same one conflict as before, so its recall falls from 1/5 to 1/7 with nothing lost, and the
# conflict floor moves with the denominator.
# Later on 2026-12-05 (figures named alike by the words next to them, a share's population
# earlier in its sentence): 56/90, 2/7, 70/71, 37/38; all 30 triples' perturbation 30/87; part
# (c) over the 100 triples: 0 false conflicts (1 before).
FIGURES = {
    "recall_agree": 0.622,  # 56/90 agreement units (57/92 with closed rounding bounds)
    "recall_conflict": 0.286,  # 2/7 conflict units (1/7 before naming alike)
    "precision_pairs": 0.986,  # 70/71 claim pairs
    "precision_comparisons": 0.974,  # 37/38 comparisons
    "perturbation_recall_subset": 0.278,  # 5/18 units (all 30 triples: 30/87 = 0.345)
}
FLOORS = {
    "recall_agree": 0.61,
    "recall_conflict": 0.28,
    "precision_pairs": 0.97,
    "precision_comparisons": 0.96,
    "perturbation_recall_subset": 0.27,
}


@pytest.fixture(scope="module")
def bench() -> Any:
    require_data(SHARED_DATA / "basil" / "articles")
    require_data(SHARED_DATA / "venezuela-2017")
    eval_claims = bench_module("eval_claims")
    return eval_claims


@pytest.fixture(scope="module")
def runner(bench: Any) -> Any:
    return bench.Runner()


@pytest.fixture(scope="module")
def triplets(bench: Any) -> Any:
    gold = bench.load_json(bench.GOLD_NUMBERS)
    selected = bench.load_triplets(limit=bench.GOLD_TRIPLETS)
    return [t for t in selected if t.uuid in gold["triplets"]]


@pytest.fixture(scope="module")
def gold_score(bench: Any, runner: Any, triplets: Any) -> Any:
    gold = bench.load_json(bench.GOLD_NUMBERS)
    runs = {t.uuid: runner.run(t.event) for t in triplets}
    return bench.score_gold(gold, runs, triplets)


def test_gold_file_is_consistent(bench: Any, triplets: Any) -> None:
    """Every mention's offsets fall in its sentence; every pair's verdict follows the intervals."""
    gold = bench.load_json(bench.GOLD_NUMBERS)
    by_uuid = {t.uuid: t for t in triplets}
    assert len(gold["triplets"]) == 30
    for item in gold["items"]:
        articles = {a.article.id: a for a in by_uuid[item["triplet"]].articles}
        for mention in item["mentions"]:
            sentence = articles[mention["article"]].sentences[mention["sentence"]]
            start, end = mention["offsets"]
            assert sentence.start <= start < end <= sentence.end, (item["id"], mention)
        for i, j, verdict in item["pairs"]:
            first = bench._interval(item["mentions"][i]["interval"])
            second = bench._interval(item["mentions"][j]["interval"])
            assert verdict == ("agree" if first.intersects(second) else "conflict"), item["id"]


def test_gold_agreements_recall(gold_score: Any) -> None:
    found, total = gold_score.recall("agree")
    assert total == 90
    assert found / total >= FLOORS["recall_agree"], (found, total)


def test_gold_conflicts_recall(gold_score: Any) -> None:
    found, total = gold_score.recall("conflict")
    assert total == 7
    assert found / total >= FLOORS["recall_conflict"], (found, total)


def test_gold_precision_of_agree_and_conflict_comparisons(gold_score: Any) -> None:
    correct, judged, unjudged = gold_score.precision_pairs()
    assert correct / max(1, judged + unjudged) >= FLOORS["precision_pairs"], (
        correct,
        judged,
        unjudged,
    )
    correct, judged, unjudged = gold_score.precision_comparisons()
    assert correct / max(1, judged + unjudged) >= FLOORS["precision_comparisons"], (
        correct,
        judged,
        unjudged,
    )


def test_venezuela_perturbations_flip_the_verdicts(bench: Any, runner: Any) -> None:
    """124 → 126 (Morning Star) turns the death toll into an agreement with "more than 125";
    "eighteen" → "seventeen" (venezuelanalysis.com) removes the governorship conflict."""
    checks = bench.venezuela_checks(runner)
    failed = [(c.name, c.detail) for c in checks if not c.passed]
    assert not failed


def test_basil_perturbation_recall_on_the_first_gold_triples(
    bench: Any, runner: Any, triplets: Any, gold_score: Any
) -> None:
    gold = bench.load_json(bench.GOLD_NUMBERS)
    groups, _ = bench.plan_perturbations(gold, triplets[:PERTURB_FIRST])
    by_uuid = {t.uuid: t for t in triplets}
    for group in groups:
        bench.run_perturbation(group, gold, by_uuid[group.triplet], runner)
    units = [(g, u) for g in groups for u in g.units]
    recalled = sum(g.recalled[u] for g, u in units)
    assert len(units) == 18
    assert recalled / len(units) >= FLOORS["perturbation_recall_subset"], (recalled, len(units))
