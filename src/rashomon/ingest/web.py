"""URLs → `Draft`s: fetch (ingest/fetch.py), then read the response as a feed, HTML or plain
text."""

from __future__ import annotations

from collections.abc import Iterator

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest.draft import Draft
from rashomon.ingest.feeds import drafts_from_feed_bytes
from rashomon.ingest.fetch import article_draft, fetch, looks_like_feed


def drafts_from_url(
    url: str, settings: Settings, *, follow_feeds: bool = True
) -> Iterator[Draft | InputError]:
    """The article at `url`, or every article a feed at `url` links to.

    `follow_feeds=False` turns a feed at `url` into an error instead of another round of
    fetching (as for a feed's entries, ingest/feeds.py).
    """
    try:
        fetched = fetch(url, settings)
        if follow_feeds and looks_like_feed(fetched.body, fetched.content_type):
            yield from drafts_from_feed_bytes(fetched.body, fetched.url, settings)
            return
        draft = article_draft(url, fetched)
    except InputError as error:
        yield error
        return
    yield draft
