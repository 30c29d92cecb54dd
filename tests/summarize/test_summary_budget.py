"""The summary uses its budget (issue 11): never empty when there are articles, and at least
80 % of `summary_words` when the articles hold that much distinct content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from datapaths import EXAMPLES
from rashomon.config import Settings
from rashomon.model import Report

BUDGET = Settings().summary_words


def words(report: Report) -> int:
    return sum(len(sentence.text.split()) for sentence in report.summary)


@pytest.fixture(scope="module")
def files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


def test_summary_of_one_article_fills_its_budget(analyzed: Any, files: list[Path]) -> None:
    """One outlet: nothing is shared, and still its sentences make a summary."""
    report = analyzed(files[:1])
    assert report.summary
    assert 0.8 * BUDGET <= words(report) <= BUDGET


def test_summary_of_the_example_fills_its_budget(analyzed: Any, files: list[Path]) -> None:
    report = analyzed(files)
    assert 0.8 * BUDGET <= words(report) <= BUDGET
    for sentence in report.summary:
        assert sentence.citations
