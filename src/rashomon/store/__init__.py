"""The corpus store: one SQLite file in WAL mode, which a user can copy and open with any SQLite
tool (every table is plain SQL; `schema.py` comments each column).

    Store.open(path)             open the store, creating it and applying the migrations it lacks
    store.writer(command)        the writer lock: one writing rashomon at a time, else
                                 `StoreLocked` naming the process that writes
    store.transaction()          BEGIN IMMEDIATE ... COMMIT (a SAVEPOINT when nested)
    store.rows(sql, params)      a read

Readers never wait for the writer (WAL): `rashomon serve` reads while `rashomon watch` writes.
Where SQLite does report the database busy (a checkpoint, a second writer outside rashomon),
the connection waits (`busy_timeout`) and the store retries with back-off for up to a minute
before it raises `StoreBusy`; "database is locked" never reaches the user as such.
`synchronous=NORMAL` in WAL mode keeps every committed transaction through a killed process
(only a power cut may lose the last ones), which is what makes an ingest resumable.

The modules beside this one read and write the tables: articles, extractions, outlets, runs,
events, feeds, search, export. Why SQLite and not DuckDB: docs/store.md.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from rashomon.errors import StoreBusy, StoreError
from rashomon.store.lock import WriterLock
from rashomon.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["DEFAULT_PATH", "SCHEMA_VERSION", "Store", "now"]

DEFAULT_PATH = "rashomon.db"
# milliseconds SQLite itself waits for a lock before it reports the database busy
BUSY_TIMEOUT_MS = 10_000
# seconds the store keeps retrying a busy database (back-off from 50 ms to 1 s) before StoreBusy
RETRY_SECONDS = 60.0

_T = TypeVar("_T")
_savepoints = itertools.count(1)


def now() -> str:
    """The time as the store writes it: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """An open store. Not shared across threads: open one per thread (they are cheap)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, create: bool = True) -> Store:
        """Open the store at `path`; create it when `create` (else `StoreError` when missing)."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise StoreError(
                    f"[E_STORE] no store at {path}: run rashomon ingest first, or give --store"
                )
            if path.parent != Path() and not path.parent.is_dir():
                raise StoreError(f"[E_STORE] {path}: the folder {path.parent} does not exist")
        try:
            connection = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreError(f"[E_STORE] {path}: cannot open the store ({exc})") from None
        connection.row_factory = sqlite3.Row
        store = cls(path, connection)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store.retrying(lambda: connection.execute("PRAGMA journal_mode = WAL").fetchone())
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            _migrate(store)
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise StoreError(
                f"[E_STORE] {path} is not a rashomon store ({exc}); give another --store"
            ) from None
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def writer(self, command: str, *, wait: bool = False) -> WriterLock:
        """The writer lock, to hold in a `with` around a command's writes."""
        return WriterLock(self.path, command, wait=wait)

    def retrying(self, action: Callable[[], _T]) -> _T:
        """`action()`, run again with back-off while SQLite reports the database busy."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.05
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                if time.monotonic() + delay > deadline:
                    raise StoreBusy(
                        f"[E_STORE_BUSY] {self.path} stayed busy for {RETRY_SECONDS:.0f} s "
                        "(another program holds a long write on it); try again"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: BEGIN IMMEDIATE (the write lock taken up front, so it never
        fails half-way for a lock), committed at the end, rolled back on any exception.
        Nested, it is a SAVEPOINT of the enclosing one."""
        connection = self.connection
        if connection.in_transaction:
            name = f"sp{next(_savepoints)}"
            connection.execute(f"SAVEPOINT {name}")
            try:
                yield connection
            except BaseException:
                connection.execute(f"ROLLBACK TO {name}")
                connection.execute(f"RELEASE {name}")
                raise
            connection.execute(f"RELEASE {name}")
            return
        self.retrying(lambda: connection.execute("BEGIN IMMEDIATE"))
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        self.retrying(lambda: connection.execute("COMMIT"))

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self.retrying(lambda: self.connection.execute(sql, params).fetchall())

    def rows_in(
        self, sql: str, ids: Sequence[str], params: Sequence[Any] = (), chunk: int = 500
    ) -> list[sqlite3.Row]:
        """The rows of `sql` for every id of `ids`: `sql` holds `{marks}` where the list of
        ids goes, after `params`; asked `chunk` ids at a time (SQLite caps the parameters)."""
        found: list[sqlite3.Row] = []
        for start in range(0, len(ids), chunk):
            part = list(ids[start : start + chunk])
            found += self.rows(sql.format(marks=",".join("?" * len(part))), (*params, *part))
        return found

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def schema_version(self) -> int:
        value = self.connection.execute("PRAGMA user_version").fetchone()[0]
        return int(value)


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _migrate(store: Store) -> None:
    connection = store.connection
    version = store.schema_version()
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"[E_STORE] {store.path} has schema version {version}; this rashomon reads up to "
            f"{SCHEMA_VERSION}: upgrade rashomon"
        )
    if version == SCHEMA_VERSION:
        return
    with store.transaction():
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        # another process may have migrated since the version was read: ask again, locked
        applied = {row[0] for row in connection.execute("SELECT number FROM schema_migrations")}
        for number, name, statements in MIGRATIONS:
            if number in applied:
                continue
            for statement in statements:
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (number, name, now()),
            )
            connection.execute(f"PRAGMA user_version = {number}")
