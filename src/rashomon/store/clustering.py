"""What event clustering keeps per article: its lead vector and its signals.

Kept so that rebuilding a store's clustering state (every `ingest` and `watch` poll does) never
embeds an article twice and loads no extraction (reading one costs about 30 ms; its signals,
under a millisecond). A vector is stored with the encoder that made it (asked for another
encoder, the article has none); signals with the extraction version they were read from (of
another version, the article has none).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from rashomon.link.events import Signals, signals_from_json, signals_to_json
from rashomon.model import EXTRACTION_VERSION
from rashomon.store import Store

Vector = npt.NDArray[np.float32]

_CHUNK = 500


def put_vectors(
    connection: sqlite3.Connection, encoder: str, vectors: Mapping[str, Vector]
) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO article_vectors (article_id, encoder, vector) VALUES (?, ?, ?)",
        [
            (article_id, encoder, np.asarray(v, dtype="<f4").tobytes())
            for article_id, v in vectors.items()
        ],
    )


def get_vectors(store: Store, encoder: str, ids: Sequence[str]) -> dict[str, Vector]:
    """The vectors `encoder` made for `ids`, by article id (the articles it made none for are
    left out)."""
    found: dict[str, Vector] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in store.rows(
            "SELECT article_id, vector FROM article_vectors"
            f" WHERE encoder = ? AND article_id IN ({marks})",
            (encoder, *chunk),
        ):
            found[str(row[0])] = np.frombuffer(row[1], dtype="<f4").astype(np.float32)
    return found


def put_signals(connection: sqlite3.Connection, found: Iterable[Signals]) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO article_signals (article_id, version, data) VALUES (?, ?, ?)",
        [
            (f.article_id, EXTRACTION_VERSION, json.dumps(signals_to_json(f), ensure_ascii=False))
            for f in found
        ],
    )


def get_signals(store: Store, ids: Sequence[str]) -> dict[str, Signals]:
    """The signals of `ids` read from current extractions, by article id."""
    found: dict[str, Signals] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in store.rows(
            "SELECT article_id, data FROM article_signals"
            f" WHERE version = ? AND article_id IN ({marks})",
            (EXTRACTION_VERSION, *chunk),
        ):
            found[str(row[0])] = signals_from_json(json.loads(row[1]))
    return found
