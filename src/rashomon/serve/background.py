"""Work beside the app, each in a thread with its own store connection.

`rashomon serve --watch`: the watch loop of `rashomon watch`, one poll (`corpus.poll`) every
`every` seconds; a poll that fails is logged and the next one goes on, so the app keeps serving
whatever happens to a feed.

`rashomon serve --count-disputes`: an event's disputed count exists once its report is built;
this builds, one at a time and newest first, the report of each event of two or more outlets
that has no count yet (new events, and events that gained an article), so that "most disputed
first" ranks every event, not only those someone opened.
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


def count_one(store_path: Path, settings: Settings) -> str | None:
    """Build the report of the newest event of two or more outlets with no disputed count
    (which records its count); its id, or None when every such event has one."""
    from rashomon import corpus
    from rashomon.store import Store
    from rashomon.store.events import list_events

    with Store.open(store_path) as store:
        waiting = [e for e in list_events(store, min_outlets=2) if e.disputed is None]
        if not waiting:
            return None
        corpus.report_for_event(store, waiting[0].id, settings)
        return waiting[0].id


def start_counting(
    store_path: Path,
    settings: Settings,
    idle: float = 10.0,
    stop: threading.Event | None = None,
) -> threading.Thread:
    """Count the disputes of events as they come (`count_one` until none is left, then a
    look every `idle` seconds); set `stop` to end after the current event."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                done = count_one(store_path, settings)
            except Exception:  # an event whose report fails must not end the loop
                log.exception("count: a report failed; trying again in %.0f s", idle)
                done = None
            if done is None:
                stop.wait(idle)

    thread = threading.Thread(target=loop, name="count-disputes", daemon=True)
    thread.start()
    return thread
