"""Publication dates from metadata strings, as ISO `YYYY-MM-DD` or None. Never guessed."""

from __future__ import annotations

import re
from datetime import date, datetime

from rashomon.words.months import MONTH_NUMBERS

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def parse_date(value: str | None) -> str | None:
    """An ISO date for a metadata value such as `2017-10-17`, `October 18, 2017`,
    `Tue, 17 Oct 2017 10:00:00 GMT`; None when the value names no full date."""
    if not value:
        return None
    match = _ISO.match(value)
    if match:
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _MONTH_DAY_YEAR.search(value)
    if match and match.group(1).lower() in MONTH_NUMBERS:
        return _iso(int(match.group(3)), MONTH_NUMBERS[match.group(1).lower()], int(match.group(2)))
    match = _DAY_MONTH_YEAR.search(value)
    if match and match.group(2).lower() in MONTH_NUMBERS:
        return _iso(int(match.group(3)), MONTH_NUMBERS[match.group(2).lower()], int(match.group(1)))
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
