"""Fixtures for the web app's tests: the example store, built once per session and copied per
test (servetools.py has the helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from servetools import build_example_store, client, copy_store


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_store(tmp_path_factory.mktemp("serve") / "examples.db")


@pytest.fixture
def store_path(tmp_path: Path, example_store: Path) -> Path:
    return copy_store(example_store, tmp_path / "news.db")


@pytest.fixture
def web(store_path: Path) -> TestClient:
    return client(store_path)
