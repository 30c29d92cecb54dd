"""HTML pages → `Draft`: article text and metadata (title, date, site name, URL) via trafilatura."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rashomon.errors import InputError
from rashomon.ingest.dates import parse_date
from rashomon.ingest.draft import Draft
from rashomon.ingest.text import decode, read_bytes

# The publication date must come from the page's metadata, not from a date found in its prose.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def read_html_file(path: Path, max_bytes: int) -> Draft:
    source = str(path)
    return draft_from_html(decode(read_bytes(path, max_bytes), source), source, None, source)


def draft_from_html(html: str, source: str, url: str | None, path: str | None) -> Draft:
    """The article in `html`; `url` is where it was fetched from (None for a saved file)."""
    document = _extract(html, source, url)
    title = _clean(document.title)
    paragraphs = [line.strip() for line in (document.text or "").splitlines() if line.strip()]
    # trafilatura keeps the headline as the first block; the headline is `title`, not text
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError("E_NO_TEXT", source, "no article text found in the HTML")
    draft = Draft(text="\n\n".join(paragraphs), source=source, path=path)
    draft = draft.with_meta("url", url, "url")
    draft = draft.with_meta("url", _clean(document.url), "html")
    draft = draft.with_meta("title", title, "html")
    draft = draft.with_meta("date", parse_date(document.date), "html")
    return draft.with_meta("outlet", _site_name(document), "html")


def _extract(html: str, source: str, url: str | None) -> Any:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # a parser bug in a dependency must skip this page, not the run
        raise InputError("E_NO_TEXT", source, f"HTML extraction failed: {exc!r}") from None
    if document is None:
        raise InputError("E_NO_TEXT", source, "no article text found in the HTML")
    return document


def _site_name(document: Any) -> str | None:
    """The page's own site name; trafilatura's fallback to the bare host name is left to the
    URL step of the cascade, which knows readable names for common news domains."""
    name = _clean(document.sitename)
    parts = urlsplit(document.url or "")
    hosts = {(parts.hostname or "").removeprefix("www."), parts.netloc.lower().removeprefix("www.")}
    if name is None or name.lower() in hosts:
        return None
    return name


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
