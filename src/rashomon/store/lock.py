"""The writer lock: one rashomon process writes to a store at a time.

SQLite would serialise the writes anyway; the lock is for the user. A second `ingest` or
`watch` on the same store stops at once with a message that names the process holding it,
instead of interleaving its batches with the first one's. The lock is an advisory `flock` on
`<store>.lock` beside the database, so the system releases it when its holder dies (a killed
ingest leaves no stale lock behind); the file keeps the holder's pid and command for the message.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from rashomon.errors import StoreLocked

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class WriterLock:
    def __init__(self, db_path: Path, command: str, *, wait: bool = False) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self.db_path = db_path
        self.command = command
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
            except BlockingIOError:
                holder = os.read(fd, 400).decode("utf-8", "replace").strip() or "another process"
                os.close(fd)
                raise StoreLocked(
                    f"[E_STORE_LOCKED] {self.db_path} is being written by {holder}; one rashomon "
                    "writes to a store at a time: wait for it to finish, or give another --store"
                ) from None
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"rashomon {self.command} (pid {os.getpid()}, since {started})".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
