"""The Ray engine (`--engine ray`): the per-article stage as Ray Data `map_batches` over an
actor pool, on a local Ray or on the cluster that `RAY_ADDRESS` names.

    run(articles, settings, progress, on_skip, extract)        one result per article, in order
    run_batches(batches, settings, progress, on_skip, extract) the results of each batch, batch
                                                              by batch, from one Ray Data pass

The work. The articles go into a Ray Dataset as JSON rows (`index`, `article`), cut into blocks
of consecutive articles (about four per actor, at most `batch_size` each); each block is one
call of an actor, which parses it in one `nlp.pipe` and runs the extractors, through the same
guarded functions as the other engines (`guard.parse_guarded`, `guard.extract_guarded`), and
returns one row per article: `index`, `kind` ("extraction", "skipped" or "error") and the
result as JSON (`serialize.dumps` for an `Extraction`). So `--engine ray` gives the same
extractions, and the same report, as `--jobs 1`. Each actor loads the spaCy model and the
extractors once, when it starts. The rows come back to the driver in input order (Ray Data's
`preserve_order`), streamed: `run_batches` hands a batch over as soon as its rows are in, while
the actors go on with the next ones, and only the driver writes the store.

Where. With `RAY_ADDRESS` set (or Ray already initialised by the caller) the work goes to that
Ray; otherwise a local Ray starts, offline: `settings.jobs` CPUs (2 when jobs is 1), no
dashboard, no usage statistics, workers' logs kept out of the terminal. It stays up until the
process exits, so a second run in the same process starts no Ray. `settings.jobs` actors work
(one CPU each); with `--jobs 1` on a cluster, as many as it has CPUs.

Failures. A failure inside the guard is a `Skipped`, as everywhere. An actor that dies (killed,
out of memory, a crash in C) is restarted by Ray and its call tried again; a ledger actor counts
the attempts, so the second attempt of a block takes its articles one by one, and the article
an actor was working on when it died is charged E_WORKER; the others are done again. The
per-article time limit is the guard's (a timer thread, in an actor, for Python code); past
twice the limit plus a second (a call into C or a blocking call, which no timer interrupts) the
actor's watchdog stops the actor, and the article is charged E_TIMEOUT. A model that
cannot load stops the run (`ModelError`), and so does anything else that fails outside the
guard (`EngineError`). Ray not installed: `UsageError`, saying what to install.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from rashomon.config import Settings
from rashomon.engine.guard import (
    ExtractFn,
    Result,
    extract_guarded,
    parse_guarded,
    skipped,
    timed_out,
)
from rashomon.errors import EngineError, ModelError, UsageError
from rashomon.model import Article, Extraction, Progress, Skipped
from rashomon.serialize import dumps, from_jsonable, loads, to_jsonable

INSTALL = "pip install 'rashomon[ray]'"
# blocks per actor: as in the pool, enough that a slow block leaves no actor idle at the end
_BLOCKS_PER_ACTOR = 4
# CPUs of a local Ray when `jobs` is 1 (an engine that scales out runs more than one actor)
_LOCAL_CPUS = 2


def run(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    extract: ExtractFn | None = None,
) -> list[Result]:
    """One result per article, in order, from Ray actors."""
    results: list[Result] = []
    for batch in run_batches([articles], settings, progress, on_skip, extract):
        results += batch
    return results


def run_batches(
    batches: Sequence[Sequence[Article]],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    extract: ExtractFn | None = None,
) -> Iterator[list[Result]]:
    """The results of each batch of `batches` (one per article, in order), batch by batch, from
    one pass over all of them. `progress("extract", done, total)` counts over every batch."""
    articles = [article for batch in batches for article in batch]
    total = len(articles)
    if not total:
        for _ in batches:
            yield []
        return
    ray = _ray()
    _start(ray, settings)
    dataset = _dataset(ray, articles, settings, extract)
    rows = _ordered(dataset.iter_rows(), total)
    done = 0
    for batch in batches:
        results: list[Result] = []
        for _ in batch:
            index, result = next(rows)
            results.append(_checked(result, articles[index]))
            done += 1
            if isinstance(results[-1], Skipped) and on_skip is not None:
                on_skip(results[-1])
            if progress is not None:
                progress("parse", done, total)
                progress("extract", done, total)
        yield results


# -- the driver ---------------------------------------------------------------------------


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise UsageError(
            f"[E_NO_RAY] --engine ray needs Ray, which is not installed here ({error}); "
            f"install it with: {INSTALL}"
        ) from None
    return ray


def _start(ray: Any, settings: Settings) -> None:
    """Connect to the Ray that `RAY_ADDRESS` names, or start a local one, offline (once)."""
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # it would report to the network
    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if os.environ.get("RAY_ADDRESS"):
            ray.init(**quiet)
        else:
            cpus = settings.jobs if settings.jobs > 1 else _LOCAL_CPUS
            ray.init(num_cpus=cpus, include_dashboard=False, **quiet)
    except Exception as error:  # Ray's own errors: no cluster at RAY_ADDRESS, a port taken
        where = os.environ.get("RAY_ADDRESS") or "a local Ray"
        raise EngineError(
            f"[E_WORKER] could not start or reach {where}: {type(error).__name__}: {error}"
        ) from error


def _actors(ray: Any, settings: Settings) -> int:
    """How many actors: `jobs`, or as many as the Ray has CPUs when jobs is 1."""
    if settings.jobs > 1:
        return settings.jobs
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _dataset(ray: Any, articles: Sequence[Article], settings: Settings, extract: Any) -> Any:
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False  # the CLI draws its own
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    actors = _actors(ray, settings)
    size = max(1, min(settings.batch_size, math.ceil(len(articles) / (actors * _BLOCKS_PER_ACTOR))))
    blocks = math.ceil(len(articles) / size)
    rows = [
        {"index": index, "article": json.dumps(to_jsonable(article), ensure_ascii=False)}
        for index, article in enumerate(articles)
    ]
    ledger = ray.remote(num_cpus=0)(_Ledger).remote()
    return ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        _Extractor,
        batch_size=None,  # one block, one call
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=min(actors, blocks)),
        num_cpus=1,
        fn_constructor_kwargs={"settings": settings, "extract": extract, "ledger": ledger},
    )


def _ordered(rows: Iterator[dict[str, Any]], total: int) -> Iterator[tuple[int, Result | str]]:
    """(index, result) for every article in order; an article whose row never came is lost to
    its actor (E_WORKER). Raises what an actor reported outside the guard."""
    waiting: dict[int, Result] = {}
    next_index = 0
    try:
        for row in rows:
            index, kind, payload = int(row["index"]), str(row["kind"]), str(row["payload"])
            if kind == "error":
                name, _, message = payload.partition(":")
                if name == "ModelError":
                    raise ModelError(message.strip())
                raise EngineError(
                    f"[E_WORKER] a Ray actor failed with {payload}; run with --engine local "
                    "to see where"
                )
            waiting[index] = loads(payload) if kind == "extraction" else _skipped(payload)
            while next_index in waiting:
                yield next_index, waiting.pop(next_index)
                next_index += 1
    except (ModelError, EngineError):
        raise
    except Exception as error:  # Ray's: the cluster went away, a block failed past retries
        raise EngineError(
            f"[E_WORKER] the Ray engine failed: {type(error).__name__}: {error}"
        ) from error
    while next_index < total:  # never came back: charged to the actor
        yield next_index, "lost"
        next_index += 1


def _checked(result: Result | str, article: Article) -> Result:
    if isinstance(result, str):
        return skipped(article, "E_WORKER", "its result never came back from the Ray actor")
    return result


def _skipped(payload: str) -> Skipped:
    found: Skipped = from_jsonable(Skipped, json.loads(payload))
    return found


# -- the actors -----------------------------------------------------------------------------


class _Ledger:
    """What became of each block and article across actor restarts: a Ray actor, one per run,
    which outlives the actors that die."""

    def __init__(self) -> None:
        self.started: set[str] = set()
        self.ended: set[str] = set()
        self.overran: set[str] = set()

    def begin(self, key: str) -> str:
        """Start `key`: "new", "again" (an attempt ended but its actor died later), "died" (an
        actor died on it) or "timeout" (the watchdog stopped an actor on it)."""
        if key in self.overran:
            return "timeout"
        state = "new" if key not in self.started else "again" if key in self.ended else "died"
        self.started.add(key)
        self.ended.discard(key)
        return state

    def end(self, key: str) -> None:
        self.ended.add(key)

    def timed_out(self, key: str) -> None:
        self.overran.add(key)


class _Extractor:
    """The map_batches callable: one per actor, loading the model once.

    A watchdog thread stops the actor (and Ray restarts it) when a parse or an extraction runs
    past twice the time limit plus a second, the guard's timer having failed to stop it (code
    that never returns to Python, or a blocking call); the ledger keeps the article's E_TIMEOUT
    for the next attempt."""

    def __init__(self, settings: Settings, extract: ExtractFn | None, ledger: Any) -> None:
        self.settings = settings
        self.extract = extract
        self.ledger = ledger
        self.error: str | None = None
        # what runs now: (ledger key of the article to charge or None, deadline on the clock)
        self.doing: tuple[str | None, float] | None = None
        try:
            from rashomon.nlp.pipeline import load_nlp

            load_nlp(settings.spacy_model)
            # the extractors' lazy loads (word lists, the default model's warm-up article),
            # as the pool's forkserver does, so that no article pays them inside its time limit
            import rashomon.engine._preload  # noqa: F401
        except Exception as error:  # reported with the first block, raised by the driver
            self.error = f"{type(error).__name__}: {error}"
        if settings.article_timeout > 0:
            threading.Thread(target=self._watch, name="rashomon-watchdog", daemon=True).start()

    def __call__(self, block: dict[str, Any]) -> dict[str, list[Any]]:
        indexes = [int(i) for i in block["index"]]
        if self.error is not None:
            return _rows(indexes, ["error"] * len(indexes), [self.error] * len(indexes))
        articles = [from_jsonable(Article, json.loads(str(a))) for a in block["article"]]
        try:
            if self._begin(f"block {indexes[0]}") == "new":
                results = self._analyse(indexes, articles)
            else:  # an actor died on this block: one by one, charging the one it died on
                alone = len(indexes) == 1  # then it died on this one
                results = [self._alone(i, a, alone) for i, a in zip(indexes, articles, strict=True)]
        except Exception as error:  # outside the guard (ModelError included): stops the run
            message = f"{type(error).__name__}: {error}"
            return _rows(indexes, ["error"] * len(indexes), [message] * len(indexes))
        kinds = ["extraction" if isinstance(r, Extraction) else "skipped" for r in results]
        payloads = [
            dumps(r) if isinstance(r, Extraction) else json.dumps(to_jsonable(r)) for r in results
        ]
        return _rows(indexes, kinds, payloads)

    def _analyse(self, indexes: list[int], articles: list[Article]) -> list[Result]:
        single = f"article {indexes[0]}" if len(indexes) == 1 else None
        self._doing(single, len(articles))
        parses = parse_guarded(articles, self.settings, cache=False)
        results: list[Result] = []
        for index, article, doc in zip(indexes, articles, parses, strict=True):
            if isinstance(doc, Skipped):
                results.append(doc)
                continue
            self._doing(f"article {index}", 1)
            results.append(extract_guarded(article, doc, self.settings, self.extract))
        self.doing = None
        return results

    def _alone(self, index: int, article: Article, died: bool) -> Result:
        key = f"article {index}"
        state = self._begin(key)
        if state == "timeout":
            return timed_out(article, "its analysis", self.settings.article_timeout)
        if state == "died" or (died and state == "new"):
            return skipped(article, "E_WORKER", "the Ray actor died while it analysed it")
        [result] = self._analyse([index], [article])
        self._call("end", key)
        return result

    def _doing(self, key: str | None, articles: int) -> None:
        # as the pool's parent: the guard's timer rings at the limit (a failed batch parse is
        # retried text by text, hence twice), plus a second
        limit = 2 * self.settings.article_timeout * articles + 1.0
        self.doing = (key, time.monotonic() + limit)

    def _watch(self) -> None:
        while True:
            time.sleep(0.2)
            doing = self.doing
            if doing is not None and time.monotonic() > doing[1]:
                if doing[0] is not None:
                    self._call("timed_out", doing[0])
                os._exit(1)  # Ray restarts the actor and tries the block again

    def _begin(self, key: str) -> str:
        state: str = self._call("begin", key)
        return state

    def _call(self, method: str, key: str) -> Any:
        import ray

        return ray.get(getattr(self.ledger, method).remote(key))


def _rows(indexes: list[int], kinds: list[str], payloads: list[str]) -> dict[str, list[Any]]:
    return {"index": indexes, "kind": kinds, "payload": payloads}
