"""One writer beside readers: a second writer is told who writes; readers never wait; a busy
database is waited for, never shown as "database is locked"."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fakes import CountingExtract

import rashomon.store as store_module
from rashomon import corpus
from rashomon.config import Settings
from rashomon.errors import StoreBusy, StoreLocked
from rashomon.store import Store

SRC = Path(__file__).resolve().parents[2] / "src"


def test_a_second_writer_is_told_which_process_writes(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    with (
        store.writer("ingest"),
        Store.open(store.path) as other,
        pytest.raises(StoreLocked) as caught,
    ):
        corpus.ingest(other, [articles_folder], settings, extract_batch=CountingExtract())
    message = str(caught.value)
    assert f"rashomon ingest (pid {os.getpid()}" in message
    assert "one rashomon writes to a store at a time" in message
    assert other_writer_can_start_now(store, articles_folder, settings)


def other_writer_can_start_now(store: Store, folder: Path, settings: Settings) -> bool:
    result = corpus.ingest(store, [folder], settings, extract_batch=CountingExtract())
    return len(result.added) == 6


_HOLDER = """
import sys, time
from pathlib import Path
from rashomon.store.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]), "watch")
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_the_lock_of_a_killed_writer_is_free_at_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store.open(db).close()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"held"
        with Store.open(db) as store, pytest.raises(StoreLocked, match="rashomon watch"):
            store.writer("ingest").acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with Store.open(db) as store, store.writer("ingest"):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait()
        if holder.stdin is not None:
            holder.stdin.close()
        if holder.stdout is not None:
            holder.stdout.close()


def test_readers_read_while_a_write_is_open(store: Store) -> None:
    reader = Store.open(store.path)
    with store.transaction() as connection:
        connection.execute("INSERT INTO outlets (name) VALUES ('Millbrook Ledger')")
        # the write is not committed: the reader sees the store as it was, without waiting
        assert reader.row("SELECT count(*) FROM outlets")[0] == 0
    assert reader.row("SELECT count(*) FROM outlets")[0] == 1
    reader.close()


def test_a_write_waits_for_another_programs_write_instead_of_failing(store: Store) -> None:
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO outlets (name) VALUES ('first')")
    started = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with Store.open(store.path) as mine:
                started.set()
                with mine.transaction() as connection:
                    connection.execute("INSERT INTO outlets (name) VALUES ('second')")
        except BaseException as error:  # pragma: no cover - the failure the test looks for
            errors.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    started.wait(30)
    other.execute("COMMIT")  # the other program finishes; the waiting write goes through
    thread.join(60)
    other.close()
    assert errors == []
    assert [r[0] for r in store.rows("SELECT name FROM outlets ORDER BY id")] == ["first", "second"]


def test_a_database_busy_past_every_retry_says_so_in_one_line(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.2)
    store.connection.execute("PRAGMA busy_timeout = 10")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy) as caught, store.transaction():
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "database is locked" not in str(caught.value)
    assert "stayed busy" in str(caught.value)


def test_a_failed_batch_leaves_nothing_half_written(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    class Broken(CountingExtract):
        def __call__(self, articles, settings, progress=None, on_skip=None):  # type: ignore[no-untyped-def]
            made, lost = super().__call__(articles, settings, progress, on_skip)
            if len(self.parsed) > 2:
                raise RuntimeError("the disk is full")
            return made, lost

    with pytest.raises(RuntimeError):
        corpus.ingest(store, [articles_folder], settings, batch=2, extract_batch=Broken())
    assert store.row("SELECT count(*) FROM articles")[0] == 2
    assert store.row("SELECT count(*) FROM extractions")[0] == 2
    assert store.row("SELECT status FROM runs")[0] == "failed"


_READER = """
import sys
from rashomon.store import Store
store = Store.open(sys.argv[1])
print("ready", flush=True)
counts = []
while not counts or counts[-1] < int(sys.argv[2]):
    counts.append(store.row("SELECT count(*) FROM articles")[0])
    store.rows("SELECT id, title FROM articles ORDER BY seq")
print(len(counts), flush=True)
"""


def test_another_process_reads_throughout_an_ingest_without_an_error(
    store: Store, tmp_path: Path, settings: Settings
) -> None:
    from storetools import TEXTS, write_articles

    folder = write_articles(tmp_path / "many", list(TEXTS))
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(store.path), "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert reader.stdout is not None and reader.stdout.readline().strip() == b"ready"
    corpus.ingest(store, [folder], settings, batch=1, extract_batch=CountingExtract())
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err.decode()
    assert int(out) >= 1 and err == b""
