"""`rashomon serve --watch`: the watch loop of `rashomon watch` in a thread beside the app.

One poll (`corpus.poll`) every `every` seconds, on its own store connection; a poll that fails
is logged and the next one goes on, so the app keeps serving whatever happens to a feed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from rashomon.config import Settings
from rashomon.ingest.polite import Fetcher

log = logging.getLogger("rashomon.serve")


def start_watch(
    store_path: Path,
    feeds: Sequence[str],
    every: float,
    settings: Settings,
    fetcher: Fetcher,
    stop: threading.Event | None = None,
) -> threading.Thread:
    """Start polling `feeds` into the store; set `stop` to end after the current poll."""
    stop = stop or threading.Event()

    def loop() -> None:
        from rashomon import corpus
        from rashomon.store import Store

        while not stop.is_set():
            started = time.monotonic()
            try:
                with Store.open(store_path) as store:
                    result = corpus.poll(store, feeds, settings, fetcher)
                log.info("watch: %d new, %d skipped", len(result.added), len(result.skipped))
            except Exception:  # one failed poll must not end the loop
                log.exception("watch: the poll failed; the next one is in %.0f s", every)
            stop.wait(max(0.0, every - (time.monotonic() - started)))

    thread = threading.Thread(target=loop, name="watch", daemon=True)
    thread.start()
    return thread
