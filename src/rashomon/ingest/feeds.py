"""RSS, Atom and RDF feeds → `Draft`s: every entry's link is fetched and read as an article
(ingest/fetch.py, where `looks_like_feed` tells a feed from a page)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest.dates import parse_date
from rashomon.ingest.draft import Draft
from rashomon.ingest.fetch import article_draft, fetch
from rashomon.ingest.text import read_bytes


def drafts_from_feed_file(path: Path, settings: Settings) -> Iterator[Draft | InputError]:
    try:
        data = read_bytes(path, settings.max_bytes)
    except InputError as error:
        yield error
        return
    yield from drafts_from_feed_bytes(data, str(path), settings)


def drafts_from_feed_bytes(
    data: bytes, source: str, settings: Settings
) -> Iterator[Draft | InputError]:
    """`source` is the feed's path or URL; a URL resolves relative entry links."""
    import feedparser

    base = source if source.startswith(("http://", "https://")) else None
    # a BytesIO, because feedparser fetches or opens a str that looks like a URL or a path
    parsed: Any = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": base} if base else None
    )
    entries: list[Any] = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        reason = f"not a feed ({problem})" if problem else "the feed has no entries"
        yield InputError("E_FEED", source, reason)
        return
    for index, entry in enumerate(entries):
        link = entry.get("link")
        if not link:
            yield InputError("E_FEED", f"{source}#{index}", "the feed entry has no link")
            continue
        url = urljoin(base or "", link)
        try:
            draft = article_draft(url, fetch(url, settings))
        except InputError as error:
            yield error
            continue
        draft = draft.with_meta("title", entry_title(entry), "feed")
        yield draft.with_meta("date", entry_date(entry), "feed")


def entry_title(entry: Any) -> str | None:
    title = entry.get("title")
    return " ".join(title.split()) or None if isinstance(title, str) else None


def entry_date(entry: Any) -> str | None:
    # ask for updated_* only when published_* is missing: feedparser warns when it maps one
    # to the other
    for name in ("published", "updated"):
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            return date(*parsed[:3]).isoformat()
        found = parse_date(entry.get(name))
        if found:
            return found
    return None
