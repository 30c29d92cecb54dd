"""Where the per-article work runs: the spaCy pass and the extractors, article by article.

    run_extraction(articles, settings, progress=None, on_skip=None)
        → (extractions, skipped): an `Extraction` for each article analysed, in input order,
          and a `Skipped` (E_EXTRACT, E_TIMEOUT, E_WORKER) for each article that was not

    extract_batches(batches, settings, progress=None, on_skip=None)
        → for each batch in turn, its (extractions, skipped): what a store commits batch by
          batch; the Ray engine runs every batch in one pass, the others one batch at a time

`settings.engine` and `settings.jobs` choose the engine: "ray" runs on Ray actors (`ray`:
`jobs` actors, on a local Ray or the cluster `RAY_ADDRESS` names); otherwise jobs 1 runs in
this process (`local`), N > 1 in N worker processes (`pool`). The engine only decides where:
all run the same guarded functions (`guard.parse_guarded`, then `guard.extract_guarded`
around `extract.article.extract_article`), so `--jobs 1`, `--jobs N` and `--engine ray` give
the same extractions. `progress(stage, done, total)` is
called with "parse" and "extract" as articles are parsed and done; `on_skip` with each
`Skipped` as it happens. `extract` replaces the per-article function (tests inject failures
with it; in the pool it must be importable by name, a module-level function).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from rashomon.config import Settings
from rashomon.engine.guard import ExtractFn, Result
from rashomon.errors import UsageError
from rashomon.model import Article, Extraction, Progress, Skipped

__all__ = ["ENGINES", "ExtractFn", "Progress", "extract_batches", "run_extraction"]

ENGINES = ("local", "ray")


def run_extraction(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    *,
    extract: ExtractFn | None = None,
) -> tuple[list[Extraction], list[Skipped]]:
    """The extractions of the articles analysed and the articles skipped, each in input order."""
    _check(settings)
    if settings.engine == "ray" and articles:
        from rashomon.engine import ray

        results = ray.run(articles, settings, progress, on_skip, extract)
    elif settings.jobs > 1 and articles:
        from rashomon.engine import pool

        results = pool.run(articles, settings, progress, on_skip, extract)
    else:
        from rashomon.engine import local

        results = local.run(articles, settings, progress, on_skip, extract)
    return _split(results)


def extract_batches(
    batches: Sequence[Sequence[Article]],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    *,
    extract: ExtractFn | None = None,
) -> Iterator[tuple[list[Extraction], list[Skipped]]]:
    """For each of `batches` in turn, the extractions of its articles analysed and its articles
    skipped, each in input order. `progress("extract", done, total)` counts over all batches.
    The Ray engine works on the next batches while the caller handles one (a store writes it)."""
    _check(settings)
    if settings.engine == "ray":
        from rashomon.engine import ray

        for results in ray.run_batches(batches, settings, progress, on_skip, extract):
            yield _split(results)
        return
    total = sum(len(batch) for batch in batches)
    offset = 0
    for batch in batches:

        def tick(stage: str, done: int, _total: int, before: int = offset) -> None:
            if progress is not None:
                progress(stage, before + done, total)

        yield run_extraction(batch, settings, tick, on_skip, extract=extract)
        offset += len(batch)


def _check(settings: Settings) -> None:
    if settings.engine not in ENGINES:
        raise UsageError(f"unknown engine {settings.engine!r}: choose one of {', '.join(ENGINES)}")


def _split(results: Sequence[Result]) -> tuple[list[Extraction], list[Skipped]]:
    extractions = [r for r in results if isinstance(r, Extraction)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    return extractions, skipped
