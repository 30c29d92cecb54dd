"""The in-process engine (`--jobs 1`): the spaCy pass and the extractors in this process."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rashomon.config import Settings
from rashomon.engine.guard import ExtractFn, Result, extract_guarded, parse_guarded
from rashomon.model import Article, Progress, Skipped


def run(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    extract: ExtractFn | None = None,
) -> list[Result]:
    """One result per article, in order."""
    total = len(articles)
    parsed = 0

    def tick() -> None:
        nonlocal parsed
        parsed += 1
        if progress is not None:
            progress("parse", parsed, total)

    parses = parse_guarded(articles, settings, cache=True, on_doc=tick)
    results: list[Result] = []
    for number, (article, doc) in enumerate(zip(articles, parses, strict=True), start=1):
        result = (
            doc if isinstance(doc, Skipped) else extract_guarded(article, doc, settings, extract)
        )
        results.append(result)
        if isinstance(result, Skipped) and on_skip is not None:
            on_skip(result)
        if progress is not None:
            progress("extract", number, total)
    return results
