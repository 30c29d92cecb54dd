"""The store's file: WAL mode, numbered migrations recorded and applied once, plain SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rashomon.errors import StoreError
from rashomon.store import SCHEMA_VERSION, Store, schema


def test_a_new_store_is_in_wal_mode_at_the_last_schema_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert store.row("PRAGMA journal_mode")[0] == "wal"
        assert store.schema_version() == SCHEMA_VERSION
        applied = [tuple(r)[:2] for r in store.rows("SELECT number, name FROM schema_migrations")]
        assert applied == [(n, name) for n, name, _ in schema.MIGRATIONS]


def test_opening_a_store_again_applies_nothing(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    with Store.open(tmp_path / "s.db") as store:
        rows = store.rows("SELECT number, applied_at FROM schema_migrations")
    with Store.open(tmp_path / "s.db") as store:
        assert store.rows("SELECT number, applied_at FROM schema_migrations") == rows
    assert len(rows) == len(schema.MIGRATIONS)


def test_a_new_migration_applies_once_to_an_existing_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(tmp_path / "s.db").close()
    added = (SCHEMA_VERSION + 1, "a note per article", ("ALTER TABLE articles ADD note TEXT",))
    monkeypatch.setattr("rashomon.store.MIGRATIONS", [*schema.MIGRATIONS, added])
    monkeypatch.setattr("rashomon.store.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    for _ in range(2):
        with Store.open(tmp_path / "s.db") as store:
            assert store.schema_version() == SCHEMA_VERSION + 1
            columns = [r[1] for r in store.rows("PRAGMA table_info(articles)")]
            assert columns.count("note") == 1
            numbers = [r[0] for r in store.rows("SELECT number FROM schema_migrations")]
            assert numbers == [*range(1, SCHEMA_VERSION + 2)]


def test_a_store_from_a_newer_rashomon_is_refused(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    raw = sqlite3.connect(tmp_path / "s.db")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="upgrade rashomon"):
        Store.open(tmp_path / "s.db")


def test_a_file_that_is_not_a_store_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, eggs, bread " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes\.db is not a rashomon store"):
        Store.open(path)


def test_a_missing_store_is_not_created_when_only_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="rashomon ingest"):
        Store.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_every_table_reads_with_plain_sqlite(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    raw = sqlite3.connect(tmp_path / "s.db")
    tables = {
        r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    }
    expected = {
        "articles",
        "extractions",
        "outlets",
        "outlet_aliases",
        "runs",
        "skipped",
        "events",
        "event_members",
        "feeds",
        "feed_entries",
        "schema_migrations",
        "articles_fts",
        "current_articles",
    }
    assert expected <= tables
    for table in expected:
        raw.execute(f"SELECT * FROM {table}").fetchall()
    raw.close()
