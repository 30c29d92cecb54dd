"""Fixtures for the store tests: a store in a temporary folder, a folder of articles, HTTP
servers on 127.0.0.1 (storetools.py has the helpers)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storetools import TEXTS, Loopback, start_server, write_articles

from rashomon.config import Settings
from rashomon.store import Store


@pytest.fixture
def settings() -> Settings:
    return Settings(encoder="tfidf")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "rashomon.db")
    yield opened
    opened.close()


@pytest.fixture
def articles_folder(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "news", list(TEXTS))


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def servers() -> Iterator[Callable[[], Loopback]]:
    """`servers()` starts one more HTTP server on 127.0.0.1 (its own port: its own host for
    the politeness rules); all stop when the test ends."""
    started: list[tuple[Loopback, threading.Thread]] = []

    def start() -> Loopback:
        started.append(start_server())
        return started[-1][0]

    yield start
    for loopback, thread in started:
        loopback.server.release.set()
        loopback.server.shutdown()
        loopback.server.server_close()
        thread.join()
