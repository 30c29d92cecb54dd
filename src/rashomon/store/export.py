"""The store as Parquet files, for pandas, DuckDB, Polars or Spark.

    export_parquet(store, folder) → {"articles": rows, "extractions": rows, "events": rows,
                                      "outlets": rows}

Each table is read in batches and written as row groups, so memory is bounded by the batch, not
the store. `extractions.data` is the `rashomon.serialize` JSON (without the article's text,
which is in `articles.text`); `events.articles` lists the member ids. pyarrow is imported here
only, when an export runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.store import Store

_BATCH = 1000

# table -> (query, [(column, arrow type name)])
_TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "articles": (
        "SELECT a.id, a.hash, a.locator, a.version, a.replaces, o.name AS outlet,"
        " a.outlet AS outlet_as_read, a.wire, a.title, a.date, a.url, a.path, a.lang,"
        " a.word_count, a.metadata_from, a.text, a.added_at, m.event_id"
        " FROM articles AS a JOIN outlets AS o ON o.id = a.outlet_id"
        " LEFT JOIN event_members AS m ON m.article_id = a.id ORDER BY a.seq",
        [
            ("id", "string"),
            ("hash", "string"),
            ("locator", "string"),
            ("version", "int64"),
            ("replaces", "string"),
            ("outlet", "string"),
            ("outlet_as_read", "string"),
            ("wire", "string"),
            ("title", "string"),
            ("date", "string"),
            ("url", "string"),
            ("path", "string"),
            ("lang", "string"),
            ("word_count", "int64"),
            ("metadata_from", "string"),
            ("text", "string"),
            ("added_at", "string"),
            ("event_id", "string"),
        ],
    ),
    "extractions": (
        "SELECT e.article_id, e.version, e.status, e.reason, e.parser, e.data, e.made_at"
        " FROM extractions AS e JOIN articles AS a ON a.id = e.article_id ORDER BY a.seq",
        [
            ("article_id", "string"),
            ("version", "int64"),
            ("status", "string"),
            ("reason", "string"),
            ("parser", "string"),
            ("data", "string"),
            ("made_at", "string"),
        ],
    ),
    "events": (
        "SELECT e.id, e.headline, e.citations, e.first_date, e.last_date, e.outlets,"
        " e.disputed, e.merged_into, e.created_at, e.updated_at,"
        " (SELECT json_group_array(m.article_id) FROM event_members AS m"
        "  WHERE m.event_id = e.id) AS articles"
        " FROM events AS e ORDER BY e.id",
        [
            ("id", "string"),
            ("headline", "string"),
            ("citations", "string"),
            ("first_date", "string"),
            ("last_date", "string"),
            ("outlets", "list<string>"),
            ("disputed", "int64"),
            ("merged_into", "string"),
            ("created_at", "string"),
            ("updated_at", "string"),
            ("articles", "list<string>"),
        ],
    ),
    "outlets": (
        "SELECT o.id, o.name, (SELECT json_group_array(l.alias) FROM outlet_aliases AS l"
        "  WHERE l.outlet_id = o.id) AS aliases FROM outlets AS o ORDER BY o.id",
        [("id", "int64"), ("name", "string"), ("aliases", "list<string>")],
    ),
}


def export_parquet(store: Store, folder: str | Path) -> dict[str, int]:
    """Write `<table>.parquet` into `folder` for each exported table; rows written by table."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table, (query, columns) in _TABLES.items():
        schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in columns])
        lists = {name for name, kind in columns if kind.startswith("list")}
        path = folder / f"{table}.parquet"
        written = 0
        with pq.ParquetWriter(str(path), schema) as writer:
            cursor = store.connection.execute(query)
            while batch := cursor.fetchmany(_BATCH):
                data: dict[str, list[Any]] = {name: [] for name, _ in columns}
                for row in batch:
                    for name, _ in columns:
                        value = row[name]
                        data[name].append(json.loads(value) if name in lists else value)
                writer.write_table(pa.table(data, schema=schema))
                written += len(batch)
        counts[table] = written
    return counts


def _arrow_type(pa: Any, kind: str) -> Any:
    if kind == "list<string>":
        return pa.list_(pa.string())
    return {"string": pa.string(), "int64": pa.int64()}[kind]
