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
    rows = store.rows_in(
        "SELECT article_id, vector FROM article_vectors"
        " WHERE encoder = ? AND article_id IN ({marks})",
        ids,
        (encoder,),
    )
    return {str(r[0]): np.frombuffer(r[1], dtype="<f4").astype(np.float32) for r in rows}


def vector_ids(store: Store, encoder: str, ids: Sequence[str]) -> set[str]:
    """Those of `ids` that have a vector of `encoder` (nothing else is read)."""
    rows = store.rows_in(
        "SELECT article_id FROM article_vectors WHERE encoder = ? AND article_id IN ({marks})",
        ids,
        (encoder,),
    )
    return {str(r[0]) for r in rows}


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
    rows = store.rows_in(
        "SELECT article_id, data FROM article_signals"
        " WHERE version = ? AND article_id IN ({marks})",
        ids,
        (EXTRACTION_VERSION,),
    )
    return {str(r[0]): signals_from_json(json.loads(r[1])) for r in rows}


def signal_ids(store: Store, ids: Sequence[str]) -> set[str]:
    """Those of `ids` that have signals read from a current extraction (nothing else is
    read)."""
    rows = store.rows_in(
        "SELECT article_id FROM article_signals WHERE version = ? AND article_id IN ({marks})",
        ids,
        (EXTRACTION_VERSION,),
    )
    return {str(r[0]) for r in rows}


def signal_days(store: Store, ids: Sequence[str]) -> dict[str, int | None]:
    """The publication day (`Signals.day`) of those of `ids` that have current signals."""
    rows = store.rows_in(
        "SELECT article_id, json_extract(data, '$.day') FROM article_signals"
        " WHERE version = ? AND article_id IN ({marks})",
        ids,
        (EXTRACTION_VERSION,),
    )
    return {str(r[0]): None if r[1] is None else int(r[1]) for r in rows}
