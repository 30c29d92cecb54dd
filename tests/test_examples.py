"""The bundled fictional example: every planted conflict, agreement and single-source fact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Report


@pytest.fixture(scope="module")
def report(analyzed: Any, example_files: list[Path]) -> Report:
    result: Report = analyzed(example_files)
    return result


def found(report: Report, verdict: str, unit: str) -> list[set[float | None]]:
    return [
        {p.value for p in c.positions}
        for c in report.comparisons
        if c.verdict == verdict and c.kind == "numeric" and c.positions[0].unit == unit
    ]


def test_example_death_toll_conflict(report: Report) -> None:
    assert {11, 14} in found(report, "conflict", "person")


def test_example_evacuated_households_conflict(report: Report) -> None:
    assert {3200, 4000} in found(report, "conflict", "household")


def test_example_bridges_six_vs_seven_of_nine_conflict(report: Report) -> None:
    assert {6, 7} in found(report, "conflict", "bridge")
    assert {9} in found(report, "agree", "bridge")


def test_example_round_and_precise_volunteers_agree(report: Report) -> None:
    assert {2000, 2050} in found(report, "agree", "volunteer")


def test_example_reservoir_volume_agrees(report: Report) -> None:
    assert {40_000_000} in found(report, "agree", "metre")


def test_example_repair_cost_is_single_source(report: Report) -> None:
    assert {85_000_000} in found(report, "single_source", "dollar")


def test_example_inspection_is_a_textual_conflict(report: Report) -> None:
    textual = [c for c in report.comparisons if c.kind == "textual"]
    assert any("inspect" in c.topic for c in textual)
