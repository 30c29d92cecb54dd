"""The `sources.csv` sidecar: columns file,outlet,date,url,title (any may be empty)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rashomon.errors import InputError
from rashomon.ingest.dates import parse_date

SIDECAR_NAME = "sources.csv"


@dataclass(frozen=True)
class SidecarRow:
    outlet: str | None
    date: str | None
    url: str | None
    title: str | None


def read_sidecar(path: Path) -> dict[str, SidecarRow]:
    """Rows keyed by the file name as written in the `file` column (and by its base name)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "file" not in reader.fieldnames:
                raise InputError("E_BAD_META", str(path), "a sidecar needs a 'file' column")
            rows: dict[str, SidecarRow] = {}
            for record in reader:
                name = (record.get("file") or "").strip()
                if not name:
                    continue
                row = SidecarRow(
                    outlet=_clean(record.get("outlet")),
                    date=parse_date(_clean(record.get("date"))),
                    url=_clean(record.get("url")),
                    title=_clean(record.get("title")),
                )
                rows[name] = row
                rows.setdefault(Path(name).name, row)
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError("E_UNREADABLE", str(path), f"cannot read the sidecar: {exc}") from None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
