"""One URL fetched (with urllib) and read as an article: HTML or plain text, or refused.

Below both `web` (a URL, which may be a feed) and `feeds` (whose entries are fetched here),
so that neither imports the other's caller.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from http.client import HTTPException
from typing import Protocol
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from rashomon._version import __version__
from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest.draft import Draft
from rashomon.ingest.html import draft_from_html
from rashomon.ingest.text import decode, draft_from_text

USER_AGENT = f"rashomon/{__version__}"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
# as browsers do (WHATWG), a Latin-1 or ASCII label is read as Windows-1252, which decode() tries
_LATIN_LABELS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
# the root element, after an optional BOM, XML declaration, comments, stylesheets or doctype
_FEED_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*"
    rb"<(?:rss|feed|rdf:RDF)[\s>]",
    re.DOTALL,
)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str | None  # "text/html", without parameters; None when the server sent none
    charset: str | None
    body: bytes


class Page(Protocol):
    """What `article_draft` reads of a fetched page (`Fetched` here, `polite.Response`)."""

    @property
    def url(self) -> str: ...  # after redirects
    @property
    def content_type(self) -> str | None: ...
    @property
    def charset(self) -> str | None: ...
    @property
    def body(self) -> bytes: ...


def looks_like_feed(data: bytes, content_type: str | None) -> bool:
    if content_type and content_type.split(";")[0].strip().lower() in _FEED_TYPES:
        return True
    return _FEED_START.match(data[:4096]) is not None


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


def article_draft(source: str, fetched: Page) -> Draft:
    """The article a fetched page holds; a feed is refused (a feed entry that links to
    another feed), as is any other content type than HTML or plain text."""
    if looks_like_feed(fetched.body, fetched.content_type):
        raise InputError("E_FEED", source, "a feed entry links to another feed")
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


def _decoded(fetched: Page, source: str) -> str:
    data = fetched.body
    charset = (fetched.charset or "").lower()
    if charset and charset not in _LATIN_LABELS:
        # honour the declared charset, then let decode() apply its empty/binary checks
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            data = data.decode(charset).encode("utf-8")
    return decode(data, source)
