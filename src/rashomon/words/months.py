"""Month and weekday names, month numbers, and the four-digit years of the news."""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# abbreviations, lowercase without their full stop ("Sept" before "Sep": a pattern built from
# them tries the longer first)
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
)
# an abbreviation that is also a word ("mar the day") is a month only with its full stop
WORDLIKE_ABBREVIATIONS = frozenset({"mar"})


def _number(word: str) -> int:
    return next(n for n, name in enumerate(MONTHS, start=1) if name.lower().startswith(word))


# a month's name or abbreviation, lowercase → its number (1-12)
MONTH_NUMBERS = {
    word: _number(word) for word in (*(name.lower() for name in MONTHS), *MONTH_ABBREVIATIONS)
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# month names and four-digit years as regular-expression alternatives (extract/dates.py reads
# dates by them, compare/rivals.py dates figures by the years and months of their sentences)
MONTH_NAMES = "|".join(MONTHS)
YEAR = r"(?:1[89]\d\d|20\d\d)"
