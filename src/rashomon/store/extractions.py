"""Extractions in the store: `rashomon.serialize` JSON with the extraction version beside it.

The JSON leaves the article's text out (the `articles` row holds it) and gets it back on
reading, with the outlet's current name, so the `Extraction` read equals the one written but for
an outlet renamed since. A row made by another extraction version is stale: `load` does not
return it, and the caller extracts the article again. A failed analysis is stored too (status
E_EXTRACT, E_TIMEOUT, E_WORKER and its reason), so a re-ingest does not parse it again until
the extraction version changes.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.model import EXTRACTION_VERSION, Extraction, Skipped
from rashomon.serialize import loads, to_jsonable
from rashomon.store import Store, articles, now


@dataclass(frozen=True)
class Loaded:
    extractions: dict[str, Extraction]  # by article id, current ones only
    stale: list[str]  # ids whose extraction is missing or made by another version
    failed: list[Skipped]  # ids whose current analysis failed, as the report's `skipped`


def put(connection: sqlite3.Connection, extraction: Extraction, run_id: int | None) -> None:
    data = to_jsonable(extraction)
    data["article"]["text"] = ""
    connection.execute(
        "INSERT OR REPLACE INTO extractions"
        " (article_id, version, status, reason, parser, data, run_id, made_at)"
        " VALUES (?, ?, 'ok', NULL, ?, ?, ?, ?)",
        (
            extraction.article.id,
            extraction.version,
            extraction.parser,
            json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            run_id,
            now(),
        ),
    )


def put_failure(
    connection: sqlite3.Connection, article_id: str, skipped: Skipped, run_id: int | None
) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO extractions"
        " (article_id, version, status, reason, parser, data, run_id, made_at)"
        " VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)",
        (article_id, EXTRACTION_VERSION, skipped.code, skipped.reason, run_id, now()),
    )


def load(store: Store, ids: Sequence[str]) -> Loaded:
    """The current extractions of `ids` (each article's text and outlet name from its row)."""
    stored = articles.get(store, ids)
    found: dict[str, Extraction] = {}
    failed: list[Skipped] = []
    failed_ids: set[str] = set()
    for row in store.rows_in(
        "SELECT article_id, version, status, reason, data FROM extractions"
        " WHERE article_id IN ({marks})",
        ids,
    ):
        article_id, version, status, reason, data = tuple(row)
        if version != EXTRACTION_VERSION or article_id not in stored:
            continue
        article = stored[article_id]
        if status != "ok":
            failed.append(Skipped(article.path or article.url or article_id, status, reason))
            failed_ids.add(article_id)
            continue
        extraction = loads(data)
        found[article_id] = dataclasses.replace(
            extraction,
            article=dataclasses.replace(
                extraction.article, text=article.text, outlet=article.outlet
            ),
        )
    stale = [a for a in ids if a in stored and a not in found and a not in failed_ids]
    return Loaded(found, stale, failed)
