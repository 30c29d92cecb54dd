"""Lead vectors: the embedding each article's title and lead got for event clustering.

Kept so that rebuilding a store's clustering state (every `ingest` and `watch` poll does) never
embeds an article twice. A vector is stored with the encoder that made it; asked for another
encoder, the article has none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from rashomon.store import Store

Vector = npt.NDArray[np.float32]

_CHUNK = 500


def put(connection: sqlite3.Connection, encoder: str, vectors: Mapping[str, Vector]) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO article_vectors (article_id, encoder, vector) VALUES (?, ?, ?)",
        [
            (article_id, encoder, np.asarray(v, dtype="<f4").tobytes())
            for article_id, v in vectors.items()
        ],
    )


def get(store: Store, encoder: str, ids: Sequence[str]) -> dict[str, Vector]:
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
