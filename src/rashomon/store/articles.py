"""Articles in the store: one row per distinct text (sha256 of the text), versions by locator.

The id ("a17") is given when the article is first stored and never changes or comes back after
a `forget`: it is the id in every report and every span of the article's extraction. A text
that changes at the same locator (its URL, else its file) is stored as the next version, the
old one kept and named in `replaces`; records of a JSON or JSONL file have no locator of their
own (the file holds many), so each stands alone.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from rashomon.model import Article
from rashomon.store import Store, now

_SHARED_FILES = {".json", ".jsonl", ".ndjson"}
# SQLite's default limit of bound parameters is far above this; chunks keep queries short
_CHUNK = 500


@dataclass(frozen=True)
class Known:
    """What the store holds for one text: its id and its extraction's version and status."""

    id: str
    extraction_version: int | None
    status: str | None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def locator(article: Article, digest: str) -> str:
    if article.url:
        return article.url
    if article.path and PurePath(article.path).suffix.lower() not in _SHARED_FILES:
        return article.path
    return f"{article.path or 'text'}#{digest[:16]}"


def known(store: Store, hashes: Iterable[str]) -> dict[str, Known]:
    """The stored texts among `hashes`, by hash."""
    found: dict[str, Known] = {}
    wanted = list(dict.fromkeys(hashes))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in store.rows(
            "SELECT a.hash, a.id, e.version, e.status FROM articles AS a "
            f"LEFT JOIN extractions AS e ON e.article_id = a.id WHERE a.hash IN ({marks})",
            chunk,
        ):
            found[row[0]] = Known(row[1], row[2], row[3])
    return found


def next_number(store: Store) -> int:
    """The number the next new article's id takes (ids are never reused)."""
    row = store.row("SELECT seq FROM sqlite_sequence WHERE name = 'articles'")
    return (int(row[0]) if row is not None else 0) + 1


def insert(
    connection: sqlite3.Connection,
    article: Article,
    number: int,
    digest: str,
    outlet_id: int,
    run_id: int | None,
) -> None:
    """Store `article` (whose id is f"a{number}") as the next version at its locator."""
    where = locator(article, digest)
    previous = connection.execute(
        "SELECT id, version FROM articles WHERE locator = ? ORDER BY version DESC LIMIT 1",
        (where,),
    ).fetchone()
    connection.execute(
        "INSERT INTO articles (seq, id, hash, locator, version, replaces, outlet_id, outlet, wire,"
        " title, date, url, path, lang, word_count, metadata_from, text, run_id, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            number,
            article.id,
            digest,
            where,
            int(previous[1]) + 1 if previous else 1,
            previous[0] if previous else None,
            outlet_id,
            article.outlet,
            article.wire,
            article.title,
            article.date,
            article.url,
            article.path,
            article.lang,
            article.word_count,
            json.dumps(article.metadata_from, ensure_ascii=False, sort_keys=True),
            article.text,
            run_id,
            now(),
        ),
    )


_SELECT = (
    "SELECT a.id, a.text, o.name AS outlet_name, a.wire, a.title, a.date, a.url, a.path, a.lang,"
    " a.word_count, a.metadata_from FROM articles AS a JOIN outlets AS o ON o.id = a.outlet_id"
)


def get(store: Store, ids: Sequence[str]) -> dict[str, Article]:
    """The stored articles among `ids`, by id, each with its outlet's current name."""
    found: dict[str, Article] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in store.rows(f"{_SELECT} WHERE a.id IN ({marks})", chunk):
            found[row["id"]] = _article(row)
    return found


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        outlet=row["outlet_name"],
        wire=row["wire"],
        title=row["title"],
        date=row["date"],
        url=row["url"],
        path=row["path"],
        lang=row["lang"],
        word_count=row["word_count"],
        metadata_from=json.loads(row["metadata_from"]),
    )


def find(store: Store, ref: str) -> list[str]:
    """The ids `ref` names: an id ("a17"), a hash or its first 8+ characters, or a URL or path
    (every version stored there)."""
    ref = ref.strip()
    rows = store.rows("SELECT id FROM articles WHERE id = ?", (ref,))
    if not rows and len(ref) >= 8 and all(c in "0123456789abcdef" for c in ref.lower()):
        rows = store.rows("SELECT id FROM articles WHERE hash LIKE ?", (ref.lower() + "%",))
    if not rows:
        rows = store.rows(
            "SELECT id FROM articles WHERE locator = ? OR url = ? OR path = ? ORDER BY seq",
            (ref, ref, ref),
        )
    return [str(r[0]) for r in rows]


def of_outlet(store: Store, outlet_id: int) -> list[str]:
    rows = store.rows("SELECT id FROM articles WHERE outlet_id = ? ORDER BY seq", (outlet_id,))
    return [str(r[0]) for r in rows]


def delete(connection: sqlite3.Connection, ids: Sequence[str]) -> None:
    """Remove the articles (their extractions and event memberships go with them)."""
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        connection.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)
