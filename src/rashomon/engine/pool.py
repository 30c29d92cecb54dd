"""The local process pool (`--jobs N`, N > 1): the spaCy pass and the extractors run in worker
processes; only `Extraction`s and `Skipped`s come back, and they come back in input order.

The work. The articles are cut into chunks of consecutive articles (about four chunks per
worker, at most `batch_size` articles each); a worker parses a chunk in one `nlp.pipe` and
runs the extractors over it, so one message takes a chunk out and one small message per
article comes back. Each worker loads the spaCy model once, when it starts.

Start-up. Workers come from a forkserver (spawn where there is none). Fork is not safe here:
the parent may be importing torch in another thread (the encoder prefetch), and a library
caller may hold threads of its own. The forkserver preloads spaCy, the extractors and the
default model (`_preload`), so once it runs a worker starts in about 0.1 s; starting the server
costs about as much as one spawned worker (imports and model: 2-7 s), once per process. The
server stays up, holding the model, until this process exits. As with any forkserver or spawn
pool, a worker imports the main module, so a script that runs a pool must do it under
`if __name__ == "__main__":` (the CLI does).

Failures. The messages say what each worker is doing (parsing a chunk, extracting one article),
so a loss is charged precisely:
- a worker that dies while extracting an article costs that article (E_WORKER); the rest of
  its chunk goes back to the queue;
- one that dies while parsing a chunk: the chunk's unfinished articles are retried one by one,
  and an article that kills a worker on its own is skipped (E_WORKER);
- a worker enforces `article_timeout` itself (the guard's timer); the parent kills a worker
  that overruns the limit twice over plus a second (code that never returns to Python) and
  charges its article in the same way (E_TIMEOUT);
- whatever ends the parent's loop (Ctrl-C, an error) stops and joins every worker first.

Messages, parent → worker: `(indexes, articles)`, or `None` to stop. Worker → parent:
("ready",) | ("error", kind, message) | ("parse", indexes) | ("parsed", indexes) |
("start", index) | ("done", index, Extraction | Skipped).
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
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
from rashomon.errors import EngineError, ModelError
from rashomon.model import Article, Progress, Skipped

# chunks per worker: enough that a slow chunk does not leave the other workers idle at the end,
# few enough that each chunk still fills an nlp.pipe batch on a corpus
_CHUNKS_PER_WORKER = 4
# seconds a worker told to stop may take to exit before it is killed
_STOP_WAIT = 5.0
_PRELOAD = "rashomon.engine._preload"


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    # "start" (loading the model), "idle", "parse" (a chunk), "extract" (one article)
    phase: str = "start"
    pending: list[int] = field(default_factory=list)  # the chunk's articles not yet done
    current: int | None = None  # the article being extracted
    since: float = field(default_factory=time.monotonic)
    limit: float = 0.0  # seconds the phase may last before the worker is killed (0: none)


def run(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    extract: ExtractFn | None = None,
) -> list[Result]:
    """One result per article, in order, from `settings.jobs` worker processes."""
    total = len(articles)
    results: dict[int, Result] = {}
    parsed: set[int] = set()
    queue: deque[tuple[int, ...]] = deque(_chunks(total, settings))
    context = _context()
    workers: list[_Worker] = []

    def mark_parsed(indexes: Sequence[int]) -> None:
        fresh = [index for index in indexes if index not in parsed]
        parsed.update(fresh)
        if fresh and progress is not None:
            progress("parse", len(parsed), total)

    def record(index: int, result: Result) -> None:
        mark_parsed([index])
        results[index] = result
        if isinstance(result, Skipped) and on_skip is not None:
            on_skip(result)
        if progress is not None:
            progress("extract", len(results), total)

    def handle(worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        now = time.monotonic()
        if kind == "ready":
            worker.phase = "idle"
        elif kind == "error":
            if message[1] == "ModelError":
                raise ModelError(message[2])
            raise EngineError(
                f"[E_WORKER] a worker failed with {message[1]}: {message[2]}; "
                "run with --jobs 1 to see where"
            )
        elif kind == "parse":
            worker.since = now
        elif kind == "parsed":
            mark_parsed(message[1])
        elif kind == "start":
            worker.phase, worker.current = "extract", message[1]
            worker.since, worker.limit = now, _limit(settings, 1)
        elif kind == "done":
            worker.pending.remove(message[1])
            worker.current = None
            record(message[1], message[2])
            if not worker.pending:
                worker.phase, worker.limit = "idle", 0.0

    def lose(worker: _Worker, code: str) -> None:
        """Charge what the worker was doing when it was lost; requeue the rest."""
        if worker.phase == "start":
            raise EngineError(
                f"[E_WORKER] a worker process died while it started ({_exit(worker.process)}). "
                "A worker imports the main module: a script that calls rashomon with jobs > 1 "
                "must do so under `if __name__ == '__main__':`; or use --jobs 1"
            )
        pending = worker.pending
        if worker.phase == "extract" and worker.current in pending:
            culprit = worker.current
            rest = tuple(index for index in pending if index != culprit)
            if rest:
                queue.appendleft(rest)
            record(culprit, _lost(articles[culprit], code, "extract", worker, settings))
        elif len(pending) == 1:
            record(pending[0], _lost(articles[pending[0]], code, "parse", worker, settings))
        else:  # died parsing a chunk: which article did it is unknown, so try each alone
            queue.extendleft((index,) for index in reversed(pending))
        worker.pending = []

    try:
        while len(results) < total:
            _staff(workers, queue, context, settings, extract)
            for worker in workers:
                if worker.phase == "idle" and queue:
                    _assign(worker, queue.popleft(), articles, settings)
            now = time.monotonic()
            deadlines = [w.since + w.limit - now for w in workers if w.limit > 0]
            ready = wait(
                [w.conn for w in workers] + [w.process.sentinel for w in workers],
                timeout=max(0.0, min(deadlines)) if deadlines else None,
            )
            now = time.monotonic()
            for worker in list(workers):
                overdue = worker.limit > 0 and now - worker.since > worker.limit
                if overdue:
                    worker.process.kill()
                    worker.process.join()
                if worker.conn in ready or worker.process.sentinel in ready or overdue:
                    gone = not _drain(worker, handle)
                    if overdue or gone or not worker.process.is_alive():
                        worker.process.join()
                        workers.remove(worker)
                        worker.conn.close()
                        lose(worker, "E_TIMEOUT" if overdue else "E_WORKER")
    except BaseException:
        _stop(workers, hurry=True)
        raise
    _stop(workers, hurry=False)
    return [results[index] for index in range(total)]


def _serve(conn: Connection, settings: Settings, extract: ExtractFn | None) -> None:
    """A worker: load the model, then take chunks until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from rashomon.nlp.pipeline import load_nlp

        load_nlp(settings.spacy_model)
        conn.send(("ready",))
        while (task := conn.recv()) is not None:
            indexes, articles = task
            conn.send(("parse", indexes))
            parses = parse_guarded(articles, settings, cache=False)
            conn.send(("parsed", indexes))
            for index, article, doc in zip(indexes, articles, parses, strict=True):
                result = doc
                if not isinstance(doc, Skipped):
                    conn.send(("start", index))
                    result = extract_guarded(article, doc, settings, extract)
                conn.send(("done", index, result))
    except (EOFError, BrokenPipeError):
        return  # the parent is gone
    except Exception as error:  # outside the guard: the parent stops the run with it
        conn.send(("error", type(error).__name__, str(error)))


def _context() -> ForkServerContext | SpawnContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload([_PRELOAD])  # no effect once the server runs
        return forkserver
    return multiprocessing.get_context("spawn")


def _chunks(total: int, settings: Settings) -> list[tuple[int, ...]]:
    jobs = max(1, settings.jobs)
    size = max(1, min(settings.batch_size, math.ceil(total / (jobs * _CHUNKS_PER_WORKER))))
    return [tuple(range(start, min(start + size, total))) for start in range(0, total, size)]


def _limit(settings: Settings, articles: int) -> float:
    """How long the parent lets a worker parse `articles` articles, or extract one, before
    it kills it: the worker's own timer fires at `article_timeout` each (a failed batch
    parse is retried text by text, hence twice), plus a second for the message to arrive."""
    if settings.article_timeout <= 0:
        return 0.0
    return 2 * settings.article_timeout * articles + 1.0


def _staff(
    workers: list[_Worker],
    queue: deque[tuple[int, ...]],
    context: ForkServerContext | SpawnContext,
    settings: Settings,
    extract: ExtractFn | None,
) -> None:
    """Start workers while chunks wait and fewer than `jobs` workers run."""
    free = sum(1 for w in workers if w.phase in ("start", "idle"))
    while queue and free < len(queue) and len(workers) < settings.jobs:
        conn, child = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(child, settings, extract),
            name="rashomon-worker",
            daemon=True,
        )
        process.start()
        child.close()
        workers.append(_Worker(process, conn))
        free += 1


def _assign(
    worker: _Worker, chunk: tuple[int, ...], articles: Sequence[Article], settings: Settings
) -> None:
    worker.pending = list(chunk)
    worker.phase, worker.current = "parse", None
    worker.since, worker.limit = time.monotonic(), _limit(settings, len(chunk))
    # a worker that is gone says so by its sentinel, and the chunk is charged or retried
    with contextlib.suppress(OSError):
        worker.conn.send((chunk, [articles[index] for index in chunk]))


def _drain(worker: _Worker, handle: Callable[[_Worker, tuple[Any, ...]], None]) -> bool:
    """Handle every message waiting from `worker`; False when its end of the pipe is closed.
    (What `handle` raises, from a progress callback say, is not taken for a lost worker.)"""
    while True:
        try:
            if not worker.conn.poll():
                return True
            message = worker.conn.recv()
        except (EOFError, OSError):
            return False
        handle(worker, message)


def _lost(article: Article, code: str, stage: str, worker: _Worker, settings: Settings) -> Skipped:
    if code == "E_TIMEOUT":
        return timed_out(article, stage, settings.article_timeout)
    doing = "extracted" if stage == "extract" else "parsed"
    return skipped(
        article, code, f"the worker process died ({_exit(worker.process)}) while it {doing} it"
    )


def _exit(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _stop(workers: list[_Worker], *, hurry: bool) -> None:
    """Stop every worker and wait for it: told to stop and given time when the run is done,
    terminated at once when it was interrupted; killed if it will not go."""
    for worker in workers:
        if hurry:
            worker.process.terminate()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
    deadline = time.monotonic() + (1.0 if hurry else _STOP_WAIT)
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
    workers.clear()
