"""Gate: contradictions between actors and the speakers of quotes on fiction-dev, the
non-numeric half of issue 11, on the groups and counts of tests/accuracy/test_fiction_gate.py
(bench/eval_fiction.py's `figures`). A floor may not fall; no false textual conflict."""

from __future__ import annotations

import pytest
from test_fiction_gate import bench, group  # noqa: F401  (the fixtures: one run per module)

pytestmark = pytest.mark.accuracy

# measured 2026-12-04 on branch actors; before it: no contradiction found in either group,
# direct quotes with the right speaker 63 of 65 (tuning) and 33 of 34 (held-out), all quotes
# 146 of 154 and 59 of 66
ACTOR_FLOORS = {
    ("tuning", "contradictions_found"): 3,  # of 13
    ("tuning", "quotes_direct_speaker"): 65,  # of 65
    ("tuning", "quotes_all_speaker"): 148,  # of 154
    ("heldout", "contradictions_found"): 0,  # of 7
    ("heldout", "quotes_direct_speaker"): 34,  # of 34
    ("heldout", "quotes_all_speaker"): 60,  # of 66
}


def test_actor_floors(group: tuple[str, dict[str, int]]) -> None:  # noqa: F811
    name, counts = group
    below = {
        key: (counts[key], floor)
        for (which, key), floor in ACTOR_FLOORS.items()
        if which == name and counts[key] < floor
    }
    assert not below, below


def test_no_false_contradiction(group: tuple[str, dict[str, int]]) -> None:  # noqa: F811
    assert group[1]["false_textual"] == 0
