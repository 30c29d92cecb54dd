"""URLs → `Draft`s: fetch with urllib, then read the response as a feed, HTML or plain text."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from rashomon import __version__
from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest.draft import Draft
from rashomon.ingest.html import draft_from_html
from rashomon.ingest.text import decode, draft_from_text

USER_AGENT = f"rashomon/{__version__}"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
# as browsers do (WHATWG), a Latin-1 or ASCII label is read as Windows-1252, which decode() tries
_LATIN_LABELS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str | None  # "text/html", without parameters; None when the server sent none
    charset: str | None
    body: bytes


def drafts_from_url(
    url: str, settings: Settings, *, follow_feeds: bool = True
) -> Iterator[Draft | InputError]:
    """The article at `url`, or every article a feed at `url` links to.

    `follow_feeds=False` (used for a feed's entries) turns a feed behind an entry link into an
    error instead of another round of fetching.
    """
    from rashomon.ingest.feeds import drafts_from_feed_bytes, looks_like_feed

    try:
        fetched = fetch(url, settings)
        if looks_like_feed(fetched.body, fetched.content_type):
            if not follow_feeds:
                raise InputError("E_FEED", url, "a feed entry links to another feed")
            yield from drafts_from_feed_bytes(fetched.body, fetched.url, settings)
            return
        draft = _draft(url, fetched)
    except InputError as error:
        yield error
        return
    yield draft


def fetch(url: str, settings: Settings) -> Fetched:
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise InputError("E_FETCH", url, "only http and https URLs can be fetched")
    request = Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urlopen(request, timeout=settings.fetch_timeout) as response:
            body = response.read(settings.max_bytes + 1)
            final_url = response.geturl()
            headers = response.headers
    except HTTPError as exc:
        exc.close()
        raise InputError("E_FETCH", url, f"HTTP {exc.code} {exc.reason}") from None
    except URLError as exc:
        raise InputError("E_FETCH", url, str(exc.reason)) from None
    except (OSError, HTTPException, ValueError) as exc:  # timeouts, resets, bad URLs
        raise InputError("E_FETCH", url, str(exc) or type(exc).__name__) from None
    if len(body) > settings.max_bytes:
        raise InputError("E_TOO_LARGE", url, f"over the cap of {settings.max_bytes:,} bytes")
    content_type = headers.get_content_type() if headers.get("Content-Type") else None
    return Fetched(final_url, content_type, headers.get_content_charset(), body)


def _draft(source: str, fetched: Fetched) -> Draft:
    kind = fetched.content_type
    if kind is None:
        kind = "text/html" if fetched.body.lstrip()[:1] == b"<" else "text/plain"
    if kind in _HTML_TYPES:
        return draft_from_html(_decoded(fetched, source), source, fetched.url, None)
    if kind == "text/plain":
        draft = draft_from_text(_decoded(fetched, source), source, None)
        # the address it was fetched from wins over a URL: line in the text's header
        return replace(draft, url=fetched.url, metadata_from={**draft.metadata_from, "url": "url"})
    raise InputError("E_UNSUPPORTED", source, f"content type {kind} is not an article")


def _decoded(fetched: Fetched, source: str) -> str:
    data = fetched.body
    charset = (fetched.charset or "").lower()
    if charset and charset not in _LATIN_LABELS:
        # honour the declared charset, then let decode() apply its empty/binary checks
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            data = data.decode(charset).encode("utf-8")
    return decode(data, source)
