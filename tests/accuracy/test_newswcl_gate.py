"""Gate: loose cross-outlet coreference of labels on NewsWCL50 gold mentions, and label recall.

Measured with `/work/venv/bin/python bench/eval_newswcl.py` (10 topics, 50 articles, 5,573 gold
mentions in 170 chains, singletons kept; per-topic scores averaged over the topics):

    system            MUC    B3     CEAF-e  CoNLL F1   B3 precision
    same head lemma   80.08  46.90  12.76   46.58      88.8   (published CoNLL F1: 46.84; the
                                                               bench's docstring says why we
                                                               read 0.26 lower)
    rashomon          86.29  58.25  22.28   55.61      79.3
    (lumped lemma)    89.93  50.67  26.92   55.84      70.3   (a caution, not a system: the
                                                               lemma clusters of 3+ mentions
                                                               and one cluster of all others)

CoNLL F1 over gold mentions rewards merging, so the B³ precision floor keeps us from buying
CoNLL F1 with lumps.

    label recall (Annotations.csv, 5,955 of 5,963 non-PROPERTY rows located in the text):
    80.7% with the head token inside one of our label spans that covers half the mention,
    85.8% with the same head, 74.1% with the exact span.

Floors sit 1 point (of 100) under those figures; never raise one above what the bench
prints, and never lower one without saying why in the commit.
"""

from __future__ import annotations

from typing import Any

import pytest

from datapaths import SHARED_DATA, bench_module, require_data

pytestmark = pytest.mark.accuracy

# the published same-head-lemma figure, and how far from it our reading of the data may be
PUBLISHED_BASELINE = 46.84
BASELINE_TOLERANCE = 0.4
FLOORS = {"muc": 85.2, "b3": 57.2, "ceaf_e": 21.2, "conll": 54.5}
B3_PRECISION_FLOOR = 78.3
MIN_GAIN = 8.0  # CoNLL F1 over the baseline, measured +9.03
RECALL_FLOORS = {"head+half": 79.7, "head": 84.8, "exact": 73.1}


@pytest.fixture(scope="module")
def bench() -> Any:
    require_data(SHARED_DATA / "newswcl50" / "cdcr_format" / "NewsWCL50.conll")
    require_data(SHARED_DATA / "newswcl50" / "original_annotations" / "Annotations.csv")
    eval_newswcl = bench_module("eval_newswcl")
    return eval_newswcl


@pytest.fixture(scope="module")
def topics(bench: Any) -> Any:
    return bench.load_topics()


@pytest.fixture(scope="module")
def baseline(bench: Any, topics: Any) -> Any:
    return bench.measure(topics, bench.lemma_baseline)[0]


@pytest.fixture(scope="module")
def ours(bench: Any, topics: Any) -> Any:
    return bench.measure(topics, bench.ours)[0]


def test_newswcl_reads_the_whole_corpus(topics: Any) -> None:
    assert len(topics) == 10
    assert sum(len(t.articles) for t in topics) == 50
    assert sum(len(t.mentions) for t in topics) == 5573
    assert sum(len({m.chain for m in t.mentions}) for t in topics) == 170
    for topic in topics:
        text_of = {a.id: a.text for a in topic.articles}
        assert all(
            text_of[m.span.article][m.span.start : m.span.end] == m.span.text
            for m in topic.mentions
        )


def test_newswcl_scorer_reproduces_the_published_lemma_baseline(baseline: Any) -> None:
    assert abs(baseline.conll - PUBLISHED_BASELINE) <= BASELINE_TOLERANCE


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_newswcl_clustering_meets_its_floor(ours: Any, metric: str) -> None:
    value = ours.conll if metric == "conll" else getattr(ours, metric)[2]
    assert value >= FLOORS[metric]


def test_newswcl_clustering_keeps_its_precision(ours: Any) -> None:
    assert ours.b3[1] >= B3_PRECISION_FLOOR


def test_newswcl_clustering_beats_the_lemma_baseline_clearly(ours: Any, baseline: Any) -> None:
    assert ours.conll - baseline.conll >= MIN_GAIN


def test_newswcl_label_extraction_finds_the_gold_mentions(bench: Any, topics: Any) -> None:
    recall = bench.label_recall(topics)
    for rule, floor in RECALL_FLOORS.items():
        assert recall[rule] >= floor, rule
