"""Feeds, pages and OPML feed lists read through the polite fetcher (`polite.py`), for the
corpus store: `rashomon ingest URL...` and `rashomon watch`.

    crawler = Crawler(fetcher, settings, states=..., seen=...)
    crawler.prefetch(inputs)          fetch every URL and feed list, hosts in parallel
    load_articles(inputs, settings, reader=crawler.read)   the drafts, as any other input

A URL is a page (one article) or a feed, whose entries are fetched as pages; an OPML file or
URL lists feeds. With `states` (a feed's ETag and Last-Modified from the last poll) a feed is
asked for conditionally, and with `seen` (the entries fetched before, with their updated stamp)
only new or updated entries are fetched. What each feed's poll learnt is in `crawler.polls`,
for the store to keep. A feed that fails (dead, slow, rate limited, refused) costs that feed
for this poll, never the others: its error is one coded `InputError` among the drafts.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest.draft import Draft
from rashomon.ingest.feeds import entry_date, entry_title
from rashomon.ingest.fetch import article_draft, looks_like_feed
from rashomon.ingest.polite import Fetcher, Response

Item = Draft | InputError
_FEED_SUFFIXES = {".rss", ".atom", ".xml"}
# feeds fetched at once (one request at a time per host still holds)
_WORKERS = 8


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    next_poll_after: str | None = None  # ISO time in UTC; None: now
    failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id, else its link
    link: str
    updated: str | None


@dataclass
class FeedPoll:
    """What one poll of a feed learnt: the validators to send next time, the entries fetched,
    the error that cost it."""

    url: str
    status: int | None = None  # 200, 304; None when the feed could not be had
    etag: str | None = None
    last_modified: str | None = None
    entries: list[Entry] = field(default_factory=list)
    error: InputError | None = None
    paused_for: float = 0.0  # seconds the feed's host asked to be left alone


def is_feed_list(name: str) -> bool:
    return name.lower().endswith(".opml")


def read_opml(data: bytes, source: str) -> list[str]:
    """The feed URLs (xmlUrl) of an OPML document, in order, each once."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise InputError("E_OPML", source, f"not XML ({exc})") from None
    if root.tag.lower() != "opml":
        raise InputError("E_OPML", source, f"the root element is <{root.tag}>, not <opml>")
    urls = [
        (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        for outline in root.iter("outline")
    ]
    found = list(dict.fromkeys(u for u in urls if u))
    if not found:
        raise InputError("E_OPML", source, "no outline with an xmlUrl")
    return found


def feed_list(
    names: Iterable[str], fetcher: Fetcher | None = None
) -> tuple[list[str], list[InputError]]:
    """The feeds named: URLs as they are, OPML lists (files, or URLs ending in .opml, fetched
    with `fetcher`) opened into their feed URLs."""
    feeds: list[str] = []
    errors: list[InputError] = []
    for name in names:
        if not is_feed_list(name):
            feeds.append(name)
            continue
        try:
            if name.startswith(("http://", "https://")):
                if fetcher is None:
                    feeds.append(name)
                    continue
                data = fetcher.get(name).body
            else:
                data = _read_file(Path(name), name)
            feeds.extend(read_opml(data, name))
        except InputError as error:
            errors.append(error)
    return list(dict.fromkeys(feeds)), errors


def _read_file(path: Path, name: str, cap: int = 5_000_000) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise InputError("E_NOT_FOUND", name, exc.strerror or str(exc)) from None
    if len(data) > cap:
        raise InputError("E_TOO_LARGE", name, f"over the cap of {cap:,} bytes")
    return data


class Crawler:
    def __init__(
        self,
        fetcher: Fetcher,
        settings: Settings,
        *,
        states: dict[str, FeedState] | None = None,
        seen: dict[str, dict[str, str | None]] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.settings = settings
        self.states = states or {}
        self.seen = seen or {}
        self.polls: dict[str, FeedPoll] = {}
        self._done: dict[str, list[Item]] = {}

    def read(self, name: str) -> list[Item] | None:
        """The drafts and errors of `name` when it is a URL, an OPML list or a feed file
        (whose entries are fetched here, guarded), fetched by `prefetch` or now; None for any
        other input."""
        if name in self._done:
            return self._done[name]
        if _ours(name):
            self._done[name] = self._read(name)
            return self._done[name]
        return None

    def prefetch(self, names: Sequence[str]) -> None:
        """Fetch every URL and feed list among `names`, several hosts at a time."""
        wanted = [n for n in dict.fromkeys(names) if n not in self._done and _ours(n)]
        if not wanted:
            return
        with ThreadPoolExecutor(max_workers=min(_WORKERS, len(wanted))) as pool:
            for name, items in zip(wanted, pool.map(self._read, wanted), strict=True):
                self._done[name] = items

    def _read(self, name: str) -> list[Item]:
        try:
            if name.startswith(("http://", "https://")):
                return self._url(name)
            if is_feed_list(name):
                feeds, errors = feed_list([name])
                return [*errors, *(item for url in feeds for item in self._url(url))]
            data = _read_file(Path(name), name, self.settings.max_bytes)
            local = Response(name, 200, None, None, data, None, None)
            return self._entries(name, local, FeedPoll(name))
        except InputError as error:
            return [error]
        except Exception as exc:  # a bug must cost this input only; it is reported, coded
            return [InputError("E_FETCH", name, f"{type(exc).__name__}: {exc}")]

    def _url(self, url: str) -> list[Item]:
        state = self.states.get(url) or FeedState(url)
        poll = FeedPoll(url)
        try:
            response = self.fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
        except InputError as error:
            poll.error = error
            poll.paused_for = self.fetcher.paused_for(url)
            self.polls[url] = poll
            return [error]
        poll.status = response.status
        poll.etag = response.etag or (state.etag if response.not_modified else None)
        poll.last_modified = response.last_modified or (
            state.last_modified if response.not_modified else None
        )
        if response.not_modified:
            self.polls[url] = poll
            return []
        if response.body.lstrip()[:200].lower().find(b"<opml") >= 0:
            try:
                feeds = read_opml(response.body, url)
            except InputError as error:
                return [error]
            return [item for feed in feeds for item in self._url(feed)]
        if not looks_like_feed(response.body, response.content_type):
            # a page: one article (no feed state to keep)
            try:
                return [article_draft(url, response)]
            except InputError as error:
                return [error]
        self.polls[url] = poll
        return self._entries(url, response, poll)

    def _entries(self, url: str, response: Response, poll: FeedPoll) -> list[Item]:
        import feedparser

        parsed: Any = feedparser.parse(
            io.BytesIO(response.body), response_headers={"content-location": response.url}
        )
        entries: list[Any] = parsed.get("entries") or []
        if not entries:
            problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
            error = InputError(
                "E_FEED", url, f"not a feed ({problem})" if problem else "the feed has no entries"
            )
            poll.error = error
            return [error]
        seen = self.seen.get(url, {})
        items: list[Item] = []
        for index, entry in enumerate(entries):
            link = entry.get("link")
            if not link:
                items.append(InputError("E_FEED", f"{url}#{index}", "the feed entry has no link"))
                continue
            link = urljoin(response.url, link)
            key = str(entry.get("id") or link)
            updated = _stamp(entry)
            if key in seen and seen[key] == updated:
                continue
            try:
                draft = article_draft(link, self.fetcher.get(link))
            except InputError as error:
                items.append(error)  # not marked as seen: tried again on the next poll
                continue
            draft = draft.with_meta("title", entry_title(entry), "feed")
            items.append(draft.with_meta("date", entry_date(entry), "feed"))
            poll.entries.append(Entry(key, link, updated))
        return items


def _ours(name: str) -> bool:
    """URLs, OPML lists and feed files given as inputs (a feed file inside a folder is read
    by `ingest.feeds`)."""
    if name.startswith(("http://", "https://")) or is_feed_list(name):
        return True
    path = Path(name)
    if path.suffix.lower() not in _FEED_SUFFIXES or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(4096), None)
    except OSError:
        return False


def _stamp(entry: Any) -> str | None:
    for name in ("updated", "published"):
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
