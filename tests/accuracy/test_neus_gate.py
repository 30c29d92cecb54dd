"""Gate: the neutral summary on NeuS / AllSides val against lead and LexRank (issue 5).

The protocol is bench/eval_neus.py's (budget 66 words = the mean length of the val split's
reference bodies; ROUGE F1 × 100 with stemming; the NeuS arousal framing-bias score, lower is
better). The gate runs the first 60 of the 307 stories so that it stays quick (the whole
pipeline runs per story); the full split is the bench's job:

    /work/venv/bin/python bench/eval_neus.py                # all 307 stories
    /work/venv/bin/python bench/eval_neus.py --stories 60   # what this gate measures

Measured on the first 60 stories (that command): lead R-1 37.69, R-2 15.70, R-L 24.26,
arousal 4.46; LexRank 37.57, 15.26, 23.72, arousal 4.40; rashomon R-1 40.25, R-2 17.65,
R-L 27.19, arousal 3.512 (before the function-word bigrams, the repeat weight and the stances
as facts: 39.63, 17.38, 26.64, 3.537). On all 307 stories: lead 38.15, 16.62, 25.13, 4.167;
LexRank 38.15, 16.25, 24.86, 4.173; rashomon 39.48, 17.80, 27.23, 3.110.
2026-11-22, after the claims engine's conflict vetoes (issue 3): all 307 stories rashomon
39.47, 17.84, 27.24, 3.095 (every figure as good or better); the first 60: 40.07, 17.54, 27.09,
3.475. The 60-story R-1 floor moved from 40.1 to 40.0 for that: the disputed facts, which the
summary reports, changed in two of the 60 stories (a forecast, "expected the unemployment rate
to fall to 5.7%", no longer disputes the rate reported, 5.4%; a 13% vs 12% monthly rise in
border encounters is now disputed), both correct changes.
The arousal score needs WordNet: Debian's wordnet-base (/usr/share/wordnet), read by nltk's
WordNetCorpusReader, in evaluation only.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from datapaths import ROOT, SHARED_DATA, require_data

pytestmark = pytest.mark.accuracy

STORIES = 60
# floors a little under the figures measured (see the docstring); arousal is a ceiling
FLOOR_ROUGE1 = 40.0
FLOOR_ROUGE2 = 17.5
FLOOR_ROUGEL = 27.0
CEILING_AROUSAL = 3.53


def _bench() -> ModuleType:
    path = ROOT / "bench" / "eval_neus.py"
    spec = importlib.util.spec_from_file_location("eval_neus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_neus", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    root = require_data(SHARED_DATA / "neus_allsides")
    require_data(Path("/usr/share/wordnet/index.noun"))
    bench = _bench()
    every_story = bench.load_stories(root)
    budget = bench.budget_of(every_story)
    assert budget == 66
    found: dict[str, Any] = bench.evaluate(every_story[:STORIES], budget=budget, root=root)
    return found


def test_neus_rashomon_meets_its_floors(results: dict[str, Any]) -> None:
    ours = results["rashomon"]
    assert ours.rouge1 >= FLOOR_ROUGE1
    assert ours.rouge2 >= FLOOR_ROUGE2
    assert ours.rougeL >= FLOOR_ROUGEL
    assert ours.arousal <= CEILING_AROUSAL


def test_neus_rashomon_beats_lead_and_lexrank_on_rouge2(results: dict[str, Any]) -> None:
    ours = results["rashomon"].rouge2
    assert ours > results["lead"].rouge2
    assert ours > results["lexrank"].rouge2


def test_neus_rashomon_is_less_aroused_than_lead_and_lexrank(results: dict[str, Any]) -> None:
    ours = results["rashomon"].arousal
    assert ours < results["lead"].arousal
    assert ours < results["lexrank"].arousal


def test_neus_every_summary_fits_the_budget(results: dict[str, Any]) -> None:
    for result in results.values():
        assert all(len(summary.split()) <= 66 for summary in result.summaries)
