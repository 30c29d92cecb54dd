"""Outlets and dates found in the text itself (datelines, wire credits) or in a URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from rashomon.ingest.dates import parse_date
from rashomon.words.months import MONTH_ABBREVIATIONS, MONTHS

# News agencies whose credit in a dateline names the wire, not the outlet that ran the story.
WIRES: dict[str, str] = {
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "bloomberg": "Bloomberg",
    "upi": "UPI",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "efe": "EFE",
    "ansa": "ANSA",
    "pa": "PA Media",
    "tass": "TASS",
    "anadolu": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "kyodo": "Kyodo News",
    "yonhap": "Yonhap",
    "cp": "The Canadian Press",
    "aap": "AAP",
    "ians": "IANS",
    "pti": "PTI",
}

# Readable names for common news domains; any other domain is shown as itself.
DOMAINS: dict[str, str] = {
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "foxnews.com": "Fox News",
    "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost",
    "cnn.com": "CNN",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "theguardian.com": "The Guardian",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "aljazeera.com": "Al Jazeera",
    "trtworld.com": "TRT World",
    "morningstaronline.co.uk": "Morning Star",
    "breitbart.com": "Breitbart",
    "usatoday.com": "USA Today",
    "npr.org": "NPR",
    "politico.com": "Politico",
    "bloomberg.com": "Bloomberg",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "telegraph.co.uk": "The Telegraph",
    "independent.co.uk": "The Independent",
    "dw.com": "Deutsche Welle",
    "france24.com": "France 24",
    "rt.com": "RT",
    "elpais.com": "El País",
}

# a month's name or abbreviation, the longer first ("June" before "Jun")
_MONTH_FORMS = sorted({*MONTHS, *(a.capitalize() for a in MONTH_ABBREVIATIONS)})
_MONTH = "(?:" + "|".join(sorted(_MONTH_FORMS, key=len, reverse=True)) + r")\.?"
# "Bogota, October 18, 2017 (venezuelanalysis.com) –", "WASHINGTON (AP) —",
# "LONDON, Oct 18 (Reuters) -": a place, an optional date, a credit in parentheses, a dash.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3})"
    r"(?:,?\s+(?P<date>" + _MONTH + r"\s+\d{1,2}(?:,\s*\d{4})?))?"
    r",?\s*\((?P<credit>[^()\n]{1,60})\)\s*[–—―-]+\s"
)


@dataclass(frozen=True)
class Dateline:
    place: str
    date: str | None  # ISO, only when the dateline gives a year
    outlet: str | None
    wire: str | None


# "WASHINGTON — ", "ST. LOUIS, Mo. ― ": a place in capitals and a dash, with no credit; the
# capitals tell it from a sentence that opens with a name and a dash
_CAPITALS_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,2}(?:,\s+[A-Z][a-z.]+(?:\s[A-Z][a-z.]+)?)?"
    r"\s*[–—―-]+\s"
)


def dateline_end(text: str) -> int:
    """Where the text after a leading dateline starts (0 when there is no dateline)."""
    match = _DATELINE.match(text[:300]) or _CAPITALS_DATELINE.match(text[:120])
    return match.end() if match else 0


def find_dateline(text: str) -> Dateline | None:
    match = _DATELINE.match(text[:300])
    if match is None:
        return None
    credit = match.group("credit").strip()
    wire = WIRES.get(credit.lower())
    date_text = match.group("date")
    return Dateline(
        place=match.group("place").strip(" ,"),
        date=parse_date(date_text) if date_text else None,
        outlet=None if wire else credit,
        wire=wire,
    )


_BYLINE = re.compile(
    r"^\s*By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:,|\||\s[–—-])\s*"
    r"(?P<outlet>(?:The\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s*$",
    re.MULTILINE,
)


def find_byline_outlet(text: str) -> str | None:
    """The outlet in a byline such as `By Jane Doe, The Lakeport Ledger` in the first lines."""
    head = "\n".join(text.splitlines()[:3])
    match = _BYLINE.search(head)
    return match.group("outlet").strip() if match else None


def outlet_from_url(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    host = host.removeprefix("www.")
    for domain, name in DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def outlet_from_path(path: str) -> str:
    return PurePath(path).stem
