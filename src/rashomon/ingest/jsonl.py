"""JSON and JSON Lines → `Draft`s: one article per record, fields mapped by name.

`.jsonl`/`.ndjson` hold one record per line; `.json` holds one record or a list of records.
A record's fields are read by our name (text, title, date, source, url) or by a common
alias, unless `field_map` names the key to use ({"text": "body"}; dots reach into nested
objects: {"source": "publisher.name"}).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.errors import InputError, UsageError
from rashomon.ingest.dates import parse_date
from rashomon.ingest.draft import Draft
from rashomon.ingest.text import decode, read_bytes

LINE_SUFFIXES = {".jsonl", ".ndjson"}
# our name -> the keys tried when `field_map` does not name one
_DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "date": ("date", "published"),
    "source": ("source", "outlet", "publication"),
    "url": ("url", "link"),
}
_DRAFT_FIELD = {"title": "title", "date": "date", "source": "outlet", "url": "url"}


def read_json_file(
    path: Path, max_bytes: int, field_map: dict[str, str]
) -> Iterator[Draft | InputError]:
    keys = _keys(field_map)
    source = str(path)
    try:
        text = decode(read_bytes(path, max_bytes), source)
    except InputError as error:
        yield error
        return
    if path.suffix.lower() in LINE_SUFFIXES:
        # not splitlines(): U+2028 and friends may stand raw inside a JSON string
        for lineno, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield _from_json(line, f"{path}:{lineno}", source, keys)
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        yield InputError("E_BAD_JSON", source, str(exc))
        return
    if isinstance(value, list):
        for index, record in enumerate(value):
            yield _from_record(record, f"{path}#{index}", source, keys)
    else:
        yield _from_record(value, source, source, keys)


def _keys(field_map: dict[str, str]) -> dict[str, tuple[str, ...]]:
    # "outlet" is accepted as a synonym of "source", the name the user sees on the page
    mapped = {("source" if name == "outlet" else name): key for name, key in field_map.items()}
    unknown = sorted(set(mapped) - set(_DEFAULT_KEYS))
    if unknown:
        raise UsageError(
            f"unknown field {', '.join(unknown)} in the field map; use {', '.join(_DEFAULT_KEYS)}"
        )
    return {
        name: (mapped[name],) if name in mapped else keys for name, keys in _DEFAULT_KEYS.items()
    }


def _from_json(
    line: str, source: str, path: str, keys: dict[str, tuple[str, ...]]
) -> Draft | InputError:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return InputError("E_BAD_JSON", source, str(exc))
    return _from_record(record, source, path, keys)


def _from_record(
    record: object, source: str, path: str, keys: dict[str, tuple[str, ...]]
) -> Draft | InputError:
    if not isinstance(record, dict):
        return InputError(
            "E_BAD_JSON", source, f"a record must be an object, not {type(record).__name__}"
        )
    text = _joined(_lookup(record, keys["text"]))
    if not text:
        return InputError("E_NO_TEXT", source, f"no text under {' / '.join(keys['text'])}")
    draft = Draft(text=text, source=source, path=path)
    for name, field in _DRAFT_FIELD.items():
        value = _lookup(record, keys[name])
        if not isinstance(value, str):
            continue
        value = " ".join(value.split())
        draft = draft.with_meta(field, parse_date(value) if name == "date" else value, "json")
    return draft


def _lookup(record: dict[str, Any], keys: tuple[str, ...]) -> object:
    for key in keys:
        value: object = record.get(key)
        if value is None and "." in key:
            value = record
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, "", []):
            return value
    return None


def _joined(value: object) -> str | None:
    """A string as is; a list of strings (sentences) joined by spaces; a list of lists of
    strings (paragraphs of sentences) with a blank line between the paragraphs."""
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, list):
        return None
    if all(isinstance(item, str) for item in value):
        return " ".join(item.strip() for item in value if item.strip()) or None
    if all(isinstance(item, list) and all(isinstance(s, str) for s in item) for item in value):
        paragraphs = (" ".join(s.strip() for s in item if s.strip()) for item in value)
        return "\n\n".join(p for p in paragraphs if p) or None
    return None
