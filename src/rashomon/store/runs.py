"""Runs: what ran on the store, when, with which settings, and what it skipped."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from rashomon.config import Settings
from rashomon.model import EXTRACTION_VERSION, Skipped
from rashomon.store import Store, now


def start(store: Store, command: str, inputs: Sequence[str], settings: Settings) -> int:
    """Record a run as running; the caller holds the writer lock, so any run still marked
    running was killed: it is marked interrupted first."""
    with store.transaction() as connection:
        connection.execute(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND pid != ?",
            (os.getpid(),),
        )
        cursor = connection.execute(
            "INSERT INTO runs (command, inputs, settings, version, extraction_version, pid,"
            " started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'running')",
            (
                command,
                json.dumps(list(inputs), ensure_ascii=False),
                json.dumps(settings.to_dict(), ensure_ascii=False, sort_keys=True),
                _version(),
                EXTRACTION_VERSION,
                os.getpid(),
                now(),
            ),
        )
        return int(cursor.lastrowid or 0)


def finish(store: Store, run_id: int, status: str, counts: dict[str, Any]) -> None:
    with store.transaction() as connection:
        connection.execute(
            "UPDATE runs SET status = ?, finished_at = ?, counts = ? WHERE id = ?",
            (status, now(), json.dumps(counts, sort_keys=True), run_id),
        )


def record_skipped(
    connection: sqlite3.Connection,
    run_id: int,
    items: Sequence[Skipped],
    article_id: str | None = None,
) -> None:
    connection.executemany(
        "INSERT INTO skipped (run_id, input, code, reason, article_id) VALUES (?, ?, ?, ?, ?)",
        [(run_id, s.input, s.code, s.reason, article_id) for s in items],
    )


def _version() -> str:
    # the installed distribution's version (importing the package root would import the
    # orchestrator)
    try:
        return metadata.version("rashomon")
    except metadata.PackageNotFoundError:
        return "unknown"
