"""The wording of a revised figure: what a report says when its figure replaces an earlier one.

Read in a figure's frame window (the words around it, numbers masked as N): "the toll rose to
N", "revised down to N", "raised their offer to N", "up from N", "the final count". Reporting
verbs of change only, never an event's own words, so the list holds across domains (tolls,
prices, offers, counts, forecasts).
"""

from __future__ import annotations

import re

REVISION = re.compile(
    r"\b(?:"
    r"(?:rose|risen|rising|climbed|climbing|jumped|increased|grew|soared|swelled|"
    r"fell|fallen|dropped|decreased|declined|lowered|reduced|raised|raising|revised|revising|"
    r"corrected|updated|upgraded|downgraded)\b(?:\s+\w+){0,4}?\s+(?:to|at)\s+N"
    r"|(?:up|down)\s+from\s+N"
    r"|from\s+N\s+to\s+N"
    r"|revised|final\s+(?:count|toll|tally|figure)|now\s+stands?\s+at"
    r")",
    re.IGNORECASE,
)


def is_revision(window: str) -> bool:
    """Whether the words around a figure say it revises an earlier one."""
    return REVISION.search(window) is not None
