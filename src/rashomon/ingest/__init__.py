"""Ingestion: paths, folders, URLs, feeds, JSON/JSONL and stdin → `Article`s.

Each reader turns one input into `Draft`s or raises `InputError`; this module applies the
metadata cascade (sidecar, header, text, URL, file name), drops bad input with a coded reason,
collapses duplicates and assigns ids that do not depend on the order of the inputs.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest.draft import Draft
from rashomon.ingest.outlets import (
    find_byline_outlet,
    find_dateline,
    outlet_from_path,
    outlet_from_url,
)
from rashomon.ingest.sidecar import SIDECAR_NAME, SidecarRow, read_sidecar
from rashomon.model import Article, Duplicate, Skipped

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}

OnSkip = Callable[[Skipped], None]
# reads one input itself (a URL through a guarded fetcher, an OPML list): its drafts and coded
# errors, or None to leave the input to the readers here
Reader = Callable[[str], Iterable[Draft | InputError] | None]


@dataclass(frozen=True)
class Ingested:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    duplicates: tuple[Duplicate, ...]


def load_articles(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    *,
    meta: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    on_skip: OnSkip | None = None,
    reader: Reader | None = None,
) -> Ingested:
    """Read every input; return the usable articles, the skipped inputs and the duplicates.

    `reader`, when given, is asked first for each input (the corpus store reads URLs and feed
    lists through its polite, guarded fetcher this way)."""
    settings = settings or Settings()
    skipped: list[Skipped] = []

    def skip(error: InputError) -> None:
        item = Skipped(input=error.source, code=error.code, reason=error.reason)
        skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    explicit_meta: dict[str, SidecarRow] = {}
    if meta is not None:
        try:
            explicit_meta = read_sidecar(Path(meta))
        except InputError as error:
            skip(error)

    drafts: list[Draft] = []
    for item in _drafts(inputs, settings, field_map or {}, explicit_meta, skip, reader):
        try:
            drafts.append(_validated(_with_metadata(item), settings))
        except InputError as error:
            skip(error)

    from rashomon.ingest.dedupe import collapse

    drafts.sort(key=_order_key)
    kept, pairs = collapse([draft.text for draft in drafts], settings.duplicate_threshold)
    ids = {index: f"a{number}" for number, index in enumerate(kept, start=1)}
    articles = tuple(_article(ids[index], drafts[index]) for index in kept)
    duplicates = tuple(
        Duplicate(kept=ids[kept_index], dropped=drafts[dropped].source, similarity=round(sim, 3))
        for kept_index, dropped, sim in pairs
    )
    return Ingested(articles, tuple(skipped), duplicates)


def _drafts(
    inputs: Iterable[str | Path],
    settings: Settings,
    field_map: dict[str, str],
    explicit_meta: dict[str, SidecarRow],
    skip: Callable[[InputError], None],
    reader: Reader | None = None,
) -> Iterator[Draft]:
    sidecars: dict[Path, dict[str, SidecarRow]] = {}
    for raw in inputs:
        name = str(raw)
        try:
            read = reader(name) if reader is not None else None
            if read is not None:
                yield from _each(read, skip)
            elif name == "-":
                yield from _from_stdin(settings)
            elif name.startswith(("http://", "https://")):
                from rashomon.ingest.web import drafts_from_url

                yield from _each(drafts_from_url(name, settings), skip)
            else:
                path = Path(name)
                if path.is_dir():
                    yield from _from_folder(
                        path, settings, field_map, explicit_meta, skip, sidecars
                    )
                elif not path.exists():
                    raise InputError("E_NOT_FOUND", name, "no such file or folder")
                else:
                    rows = explicit_meta or _sidecar_for(path.parent, skip, sidecars)
                    for draft in _each(_from_file(path, settings, field_map), skip):
                        yield _apply_sidecar(draft, rows, path)
        except InputError as error:
            skip(error)


def _each(
    items: Iterable[Draft | InputError], skip: Callable[[InputError], None]
) -> Iterator[Draft]:
    for item in items:
        if isinstance(item, InputError):
            skip(item)
        else:
            yield item


def _from_stdin(settings: Settings) -> Iterator[Draft]:
    from rashomon.ingest.text import decode, draft_from_text

    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputError("E_TOO_LARGE", "-", f"over the cap of {settings.max_bytes:,} bytes")
    yield draft_from_text(decode(data, "-"), "-", None)


def _from_folder(
    folder: Path,
    settings: Settings,
    field_map: dict[str, str],
    explicit_meta: dict[str, SidecarRow],
    skip: Callable[[InputError], None],
    sidecars: dict[Path, dict[str, SidecarRow]],
) -> Iterator[Draft]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if path.name == SIDECAR_NAME:
            continue
        rows = explicit_meta or _sidecar_for(path.parent, skip, sidecars)
        # one bad file is skipped; the rest of the folder is still read
        try:
            for draft in _each(_from_file(path, settings, field_map), skip):
                yield _apply_sidecar(draft, rows, path, folder)
        except InputError as error:
            skip(error)


def _sidecar_for(
    folder: Path, skip: Callable[[InputError], None], sidecars: dict[Path, dict[str, SidecarRow]]
) -> dict[str, SidecarRow]:
    """The folder's sources.csv, read once per `load_articles` call (`sidecars` is its cache)."""
    path = folder / SIDECAR_NAME
    if not path.is_file():
        return {}
    key = path.resolve()
    if key not in sidecars:
        try:
            sidecars[key] = read_sidecar(path)
        except InputError as error:
            skip(error)
            sidecars[key] = {}
    return sidecars[key]


def _from_file(
    path: Path, settings: Settings, field_map: dict[str, str]
) -> Iterable[Draft | InputError]:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        from rashomon.ingest.html import read_html_file

        return [read_html_file(path, settings.max_bytes)]
    if suffix in JSON_SUFFIXES:
        from rashomon.ingest.jsonl import read_json_file

        return read_json_file(path, settings.max_bytes, field_map)
    if suffix in FEED_SUFFIXES:
        from rashomon.ingest.feeds import drafts_from_feed_file

        return drafts_from_feed_file(path, settings)
    from rashomon.ingest.text import read_text_file

    return [read_text_file(path, settings.max_bytes)]


def _apply_sidecar(
    draft: Draft, rows: dict[str, SidecarRow], path: Path, folder: Path | None = None
) -> Draft:
    keys = [path.name, str(path)]
    if folder is not None:
        keys.insert(0, path.relative_to(folder).as_posix())
    row = next((rows[key] for key in keys if key in rows), None)
    if row is None:
        return draft
    for name in ("outlet", "date", "url", "title"):
        value = getattr(row, name)
        if value:
            draft = replace(
                draft,
                **{name: value},
                metadata_from={**draft.metadata_from, name: SIDECAR_NAME},
            )
    return draft


def _with_metadata(draft: Draft) -> Draft:
    """Fill what the sidecar and header left empty: dateline, byline, URL, file name."""
    dateline = find_dateline(draft.text)
    if dateline is not None:
        draft = draft.with_meta("outlet", dateline.outlet, "text")
        draft = draft.with_meta("date", dateline.date, "text")
        draft = draft.with_meta("wire", dateline.wire, "text")
    draft = draft.with_meta("outlet", find_byline_outlet(draft.text), "text")
    if draft.url:
        draft = draft.with_meta("outlet", outlet_from_url(draft.url), "url")
    if draft.path:
        draft = draft.with_meta("outlet", outlet_from_path(draft.path), "file name")
    return draft.with_meta("outlet", draft.source, "input")


def _validated(draft: Draft, settings: Settings) -> Draft:
    words = len(draft.text.split())
    if words == 0:
        raise InputError("E_EMPTY", draft.source, "no text")
    if words < settings.min_words:
        raise InputError("E_TOO_SHORT", draft.source, f"{words} words")
    if len(draft.text.encode("utf-8", "surrogatepass")) > settings.max_bytes:
        raise InputError(
            "E_TOO_LARGE", draft.source, f"over the cap of {settings.max_bytes:,} bytes"
        )
    from rashomon.ingest.language import detect_language

    lang = detect_language(draft.text)
    if lang != "en":
        raise InputError("E_NOT_ENGLISH", draft.source, f"the text reads as language '{lang}'")
    return draft


def _order_key(draft: Draft) -> tuple[str, str]:
    return (draft.source, hashlib.sha1(draft.text.encode("utf-8", "surrogatepass")).hexdigest())


def _article(article_id: str, draft: Draft) -> Article:
    return Article(
        id=article_id,
        text=draft.text,
        outlet=draft.outlet or draft.source,
        wire=draft.wire,
        title=draft.title,
        date=draft.date,
        url=draft.url,
        path=draft.path,
        lang="en",
        word_count=len(draft.text.split()),
        metadata_from=dict(draft.metadata_from),
    )
