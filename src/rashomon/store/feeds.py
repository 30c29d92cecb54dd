"""Watched feeds: the validators of the last answer (ETag, Last-Modified), when to poll next,
and the entries already fetched, so that each poll asks only for what changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from rashomon.ingest.crawl import Entry, FeedState
from rashomon.store import Store, now


def states(store: Store, urls: Iterable[str]) -> dict[str, FeedState]:
    found = {}
    for url in urls:
        row = store.row("SELECT * FROM feeds WHERE url = ?", (url,))
        found[url] = (
            FeedState(url)
            if row is None
            else FeedState(
                url,
                row["etag"],
                row["last_modified"],
                row["last_status"],
                row["next_poll_after"],
                row["failures"],
                row["last_error"],
            )
        )
    return found


def seen(store: Store, feed_url: str) -> dict[str, str | None]:
    """The entries of the feed already fetched: key -> updated stamp."""
    rows = store.rows("SELECT key, updated FROM feed_entries WHERE feed_url = ?", (feed_url,))
    return {str(r[0]): r[1] for r in rows}


def save(connection: sqlite3.Connection, state: FeedState, entries: Iterable[Entry]) -> None:
    """Record the poll of one feed and the entries it fetched (inside a write transaction)."""
    connection.execute(
        "INSERT INTO feeds (url, etag, last_modified, last_status, last_polled, next_poll_after,"
        " failures, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
        " etag = excluded.etag, last_modified = excluded.last_modified,"
        " last_status = excluded.last_status, last_polled = excluded.last_polled,"
        " next_poll_after = excluded.next_poll_after, failures = excluded.failures,"
        " last_error = excluded.last_error",
        (
            state.url,
            state.etag,
            state.last_modified,
            state.last_status,
            now(),
            state.next_poll_after,
            state.failures,
            state.last_error,
        ),
    )
    stamp = now()
    connection.executemany(
        "INSERT INTO feed_entries (feed_url, key, link, updated, seen_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (feed_url, key) DO UPDATE SET link = excluded.link,"
        " updated = excluded.updated, seen_at = excluded.seen_at",
        [(state.url, e.key, e.link, e.updated, stamp) for e in entries],
    )
