"""Gate: stances in the first 10 BASIL triplets, annotated by hand (issue 4).

Measured with `/work/venv/bin/python bench/eval_stances.py` (gold:
tests/accuracy/gold/basil_stances.json, 224 stances in 30 articles; guideline and scoring:
tests/accuracy/gold/README_timeline_stances.md). FIGURES were printed on the working tree of
commit 7fa2312 with this change (and the uncommitted quotes work of the same day, whose
speaker resolution the stances use); the floors sit under them. Never raise a floor above
what the bench prints, and never lower one without saying why in the commit.

Before the rules added with this gate (a wider lexicon, demands of someone asked to act,
explicit rejects, actors through appositions, spokespeople and "including", generic plurals,
retractions such as "stopped short of") the bench printed precision 0.720, recall 0.080,
F1 0.145 (25 stances predicted). The 10 triplets were read while writing those rules, so the
figures below are optimistic for unseen text.

The gate analyses with the TF-IDF encoder to save the MiniLM load: stances do not use the
encoder, and `bench/eval_stances.py --encoder tfidf` prints the same figures.
"""

from __future__ import annotations

from typing import Any

import pytest

from datapaths import SHARED_DATA, bench_module, require_data

pytestmark = pytest.mark.accuracy

# measured 2026-11-22 after the follow-up on speakers and actors seen on unseen BASIL triplets
# (triplets 31-35 in uuid order; before it: 0.919 / 0.406 / 0.563, 91 of 99)
FIGURES = {"precision": 0.929, "recall": 0.411, "f1": 0.570}  # 92 of 99 predicted, of 224
FLOORS = {"precision": 0.91, "recall": 0.40, "f1": 0.55}


@pytest.fixture(scope="module")
def bench() -> Any:
    eval_stances = bench_module("eval_stances")
    return eval_stances


@pytest.fixture(scope="module")
def score(bench: Any) -> Any:
    root = require_data(SHARED_DATA / "basil")
    require_data(root / "articles")
    return bench.evaluate(root, encoder="tfidf")


def test_gold_is_the_first_ten_triplets(bench: Any) -> None:
    gold = bench.load_gold()
    uuids = [t["uuid"] for t in gold["triplets"]]
    assert len(uuids) == 10
    assert uuids == sorted(uuids)
    assert sum(len(a["stances"]) for t in gold["triplets"] for a in t["articles"]) == 224


def test_stance_precision(score: Any) -> None:
    assert score.precision >= FLOORS["precision"], score.false_alarms


def test_stance_recall(score: Any) -> None:
    assert score.recall >= FLOORS["recall"], score.misses


def test_stance_f1(score: Any) -> None:
    assert score.f1 >= FLOORS["f1"]
