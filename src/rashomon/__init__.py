"""rashomon: one event, many accounts.

    >>> import rashomon
    >>> report = rashomon.analyze(["article1.txt", "article2.html"])
    >>> report.to_dict()["comparisons"]

Heavy libraries (spaCy, torch) load only when an analysis runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Report", "Settings", "__version__", "analyze", "load_articles"]

from rashomon._version import __version__

# the function shadows its module (rashomon.analyze), which imports only light modules
from rashomon.analyze import analyze

if TYPE_CHECKING:
    from rashomon.config import Settings
    from rashomon.ingest import load_articles
    from rashomon.model import Report


def __getattr__(name: str) -> Any:
    if name == "load_articles":
        from rashomon.ingest import load_articles

        return load_articles
    if name == "Report":
        from rashomon.model import Report

        return Report
    if name == "Settings":
        from rashomon.config import Settings

        return Settings
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
