"""Full-text search over the stored titles and bodies (SQLite FTS5, `articles_fts`).

The user's words are searched as words: each is quoted for FTS5, so a hyphen, a colon or a
quotation mark in the query is never read as FTS5 syntax; every word must match (AND).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    id: str
    title: str | None
    snippet: str


def fts_query(text: str) -> str:
    """`text` as an FTS5 query that matches its words (empty when it has none)."""
    return " ".join(f'"{word}"' for word in _WORD.findall(text))


def search(store: Store, text: str, limit: int = 20) -> list[Hit]:
    """Articles matching `text`, the best first (bm25)."""
    query = fts_query(text)
    if not query:
        return []
    rows = store.rows(
        "SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
        " FROM articles_fts JOIN articles AS a ON a.seq = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
        (query, limit),
    )
    return [Hit(str(r[0]), r[1], str(r[2])) for r in rows]
