"""Where the per-article work runs: the spaCy pass and the extractors, article by article.

    run_extraction(articles, settings, progress=None, on_skip=None)
        → (extractions, skipped): an `Extraction` for each article analysed, in input order,
          and a `Skipped` (E_EXTRACT, E_TIMEOUT, E_WORKER) for each article that was not

`settings.jobs` chooses the engine: 1 runs in this process (`local`), N > 1 in N worker
processes (`pool`). The engine only decides where: both run the same guarded functions
(`guard.parse_guarded`, then `guard.extract_guarded` around `extract.article.extract_article`),
so `--jobs 1` and `--jobs N` give the same extractions. `progress(stage, done, total)` is
called with "parse" and "extract" as articles are parsed and done; `on_skip` with each
`Skipped` as it happens. `extract` replaces the per-article function (tests inject failures
with it; in the pool it must be importable by name, a module-level function).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rashomon.config import Settings
from rashomon.engine.guard import ExtractFn
from rashomon.model import Article, Extraction, Skipped

Progress = Callable[[str, int, int], None]

__all__ = ["ExtractFn", "Progress", "run_extraction"]


def run_extraction(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    *,
    extract: ExtractFn | None = None,
) -> tuple[list[Extraction], list[Skipped]]:
    """The extractions of the articles analysed and the articles skipped, each in input order."""
    if settings.jobs > 1 and articles:
        from rashomon.engine import pool

        results = pool.run(articles, settings, progress, on_skip, extract)
    else:
        from rashomon.engine import local

        results = local.run(articles, settings, progress, on_skip, extract)
    return _split(results)


def _split(results: Sequence[Extraction | Skipped]) -> tuple[list[Extraction], list[Skipped]]:
    extractions = [r for r in results if isinstance(r, Extraction)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    return extractions, skipped
