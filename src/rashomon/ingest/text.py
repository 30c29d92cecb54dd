"""Plain-text files: bytes → str (encoding detection, binary and size checks) and the header."""

from __future__ import annotations

import re
from pathlib import Path

from rashomon.errors import InputError
from rashomon.ingest.dates import parse_date
from rashomon.ingest.draft import Draft

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("E_NOT_FOUND", source, "no such file") from None
    except OSError as exc:
        raise InputError("E_UNREADABLE", source, exc.strerror or "cannot read") from None
    if size > max_bytes:
        raise InputError("E_TOO_LARGE", source, f"{size:,} bytes, over the cap of {max_bytes:,}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError("E_UNREADABLE", source, exc.strerror or "cannot read") from None


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8, UTF-16 (with BOM), Windows-1252/Latin-1 or what charset-normalizer finds.

    Windows-1252 is tried before detection because short news texts are often
    misdetected, and (as WHATWG does) Latin-1 labels are read as Windows-1252.
    """
    if not data.strip():
        raise InputError("E_EMPTY", source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), source)
            except UnicodeDecodeError:
                raise InputError(
                    "E_ENCODING", source, f"invalid {encoding} after its BOM"
                ) from None
    if b"\x00" in data:
        raise InputError("E_BINARY", source, "not text (NUL bytes)")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("E_BINARY", source, "not text (no encoding fits)")
    return _checked(str(best), source)


def _checked(text: str, source: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 100):
        raise InputError("E_BINARY", source, f"not text ({controls} control characters)")
    if not text.strip():
        raise InputError("E_EMPTY", source, "empty file")
    return _CONTROL.sub("", text)


_FIELD_NAMES = {
    "title": "title",
    "headline": "title",
    "source": "outlet",
    "outlet": "outlet",
    "publication": "outlet",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
}
_FRONT_LINE = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]*:[ \t]*(.*?)[ \t]*$")
_DATE_RUN = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+Z-]*)?\s+", re.IGNORECASE)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split the metadata header off the top of `text`: returns (fields, body).

    Two forms: front-matter lines (`Title:`, `Source:`/`Outlet:`, `Date:`, `URL:`), optionally
    fenced by `---`, ended by a blank line or the first line that is not a field; or a leading
    ` date 2017-10-17 ` run on the same line as the text.
    """
    match = _DATE_RUN.match(text)
    if match:
        return {"date": match.group(1)}, text[match.end() :]
    lines = text.splitlines(keepends=True)
    fields: dict[str, str] = {}
    index = 0
    fenced = bool(lines) and lines[0].strip() == "---"
    if fenced:
        index = 1
    while index < len(lines):
        line = lines[index]
        if fenced and line.strip() == "---":
            index += 1
            break
        found = _FRONT_LINE.match(line.rstrip("\r\n"))
        name = _FIELD_NAMES.get(found.group(1).lower()) if found else None
        if found is None or name is None:
            break
        if name == "url" and not found.group(2):
            index += 1
            continue
        fields.setdefault(name, found.group(2))
        index += 1
    if not fields:
        return {}, text
    if not fenced and index < len(lines) and lines[index].strip():
        # front matter must be closed by a blank line; otherwise "Date: ..." is prose
        return {}, text
    body = "".join(lines[index:])
    return fields, body.lstrip("\r\n")


def draft_from_text(text: str, source: str, path: str | None) -> Draft:
    fields, body = split_header(text)
    draft = Draft(text=body, source=source, path=path)
    for name, value in fields.items():
        if name == "date":
            draft = draft.with_meta("date", parse_date(value), "header")
        else:
            draft = draft.with_meta(name, value, "header")
    return draft


def read_text_file(path: Path, max_bytes: int) -> Draft:
    source = str(path)
    return draft_from_text(decode(read_bytes(path, max_bytes), source), source, source)
