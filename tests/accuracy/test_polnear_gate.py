"""Gate: quotes and speakers on PolNeAR dev, against textacy's `direct_quotations` (issue 4).

Measured with `/work/venv/bin/python bench/eval_polnear.py` (the dev split, 84 articles, 2,192
gold attributions of which 481 direct; the reading of the gold and the scores are described in
bench/polnear.py). Both extractors run on one spaCy parse, done once for the whole module.
FIGURES are what the bench printed; the floors sit 0.01-0.02 under them. Never raise a floor
above what the bench prints, and never lower one without saying why in the commit.

PolNeAR dev was the measurement set while the rules of quotes.py were tuned (issue 4), so a
slice of train (`--split train --sample 84`) was scored before and after as a check on
overfitting: end-to-end F1 went .390 → .823 (direct) and .359 → .596 (all) on dev, and .392 →
.833 and .347 → .579 on that slice. The follow-up on unseen BASIL triplets (rules read off BASIL,
not PolNeAR) moved that slice from .835 / .582 to .838 / .581.
"""

from __future__ import annotations

from typing import Any

import pytest

from datapaths import SHARED_DATA, bench_module, require_data

pytestmark = pytest.mark.accuracy

VIEWS = ("direct", "all")
NAMES = (
    "precision",
    "recall",
    "f1",
    "speaker_accuracy",
    "e2e_precision",
    "e2e_recall",
    "e2e_f1",
)

# rashomon on PolNeAR dev, measured 2026-11-22 (issue 4 follow-up: speakers and actors seen on
# unseen BASIL triplets; uncommitted on 7fa2312). Before that follow-up the bench printed
# direct .882/.900/.891/.926/.817/.834/.825 and all .835/.537/.654/.917/.766/.493/.600.
FIGURES = {
    "direct": {
        "precision": 0.884,  # 434 matched of 491 predicted
        "recall": 0.902,  # of 481 gold
        "f1": 0.893,
        "speaker_accuracy": 0.926,  # 402 of 434
        "e2e_precision": 0.819,
        "e2e_recall": 0.836,
        "e2e_f1": 0.827,
    },
    "all": {
        "precision": 0.844,  # 1,175 matched of 1,393 predicted
        "recall": 0.536,  # of 2,192 gold
        "f1": 0.656,
        "speaker_accuracy": 0.918,  # 1,079 of 1,175
        "e2e_precision": 0.775,
        "e2e_recall": 0.492,
        "e2e_f1": 0.602,
    },
}
FLOORS = {
    "direct": {
        "precision": 0.87,
        "recall": 0.89,
        "f1": 0.88,
        "speaker_accuracy": 0.91,
        "e2e_precision": 0.80,
        "e2e_recall": 0.82,
        "e2e_f1": 0.81,
    },
    "all": {
        "precision": 0.83,
        "recall": 0.52,
        "f1": 0.64,
        "speaker_accuracy": 0.90,
        "e2e_precision": 0.76,
        "e2e_recall": 0.48,
        "e2e_f1": 0.59,
    },
}


@pytest.fixture(scope="module")
def polnear() -> Any:
    module = bench_module("polnear")
    return module


@pytest.fixture(scope="module")
def run(polnear: Any) -> Any:
    """Both extractors over one parse of the dev split."""
    root = require_data(SHARED_DATA / "polnear")
    articles = polnear.load("dev", root)
    docs = polnear.parse_articles(articles, jobs=2)
    return polnear.evaluate(articles, docs)


def figure(run: Any, system: str, view: str, name: str) -> float:
    value: float = getattr(run.figures[system][view], name)
    return value


def test_the_floors_sit_under_the_measured_figures() -> None:
    for view in VIEWS:
        for name in NAMES:
            gap = FIGURES[view][name] - FLOORS[view][name]
            assert 0.0 < gap <= 0.021, (view, name)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", NAMES)
def test_rashomon_holds_its_floor(run: Any, view: str, name: str) -> None:
    assert figure(run, "rashomon", view, name) >= FLOORS[view][name]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", NAMES)
def test_rashomon_beats_textacy(run: Any, view: str, name: str) -> None:
    assert figure(run, "rashomon", view, name) > figure(run, "textacy", view, name)
