"""Paths to the evaluation data and the helpers the tests import by name.

They live here rather than in conftest.py because tests/render and tests/ingest have their own
conftest.py: `from conftest import ...` would pick whichever conftest was imported last.
"""

from __future__ import annotations

import os
import sys
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


def extracted(nlp: Any, texts: list[str]) -> list[Any]:
    """The `Extraction` of each text, as articles a1, a2, ... of outlets "Outlet 1", ..."""
    from rashomon.config import Settings
    from rashomon.extract.article import extract_article
    from rashomon.model import Article

    articles = [Article(id=f"a{n}", text=t, outlet=f"Outlet {n}") for n, t in enumerate(texts, 1)]
    return [extract_article(a, nlp(a.text), Settings()) for a in articles]
