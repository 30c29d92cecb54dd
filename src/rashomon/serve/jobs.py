"""The "Analyze now" queue: analyses run one at a time in a worker process, off the request
loop and off the server's GIL; a page polls the job's state.

    Jobs(settings, store_path)       the queue and its thread (started on first use)
    jobs.submit(upload)              queue an analysis → `Job`
    jobs.save(job_id)                queue storing a finished job's articles in the store
    jobs.get(job_id)                 the job, or None

The queue's thread hands each analysis to `AnalysisProcess`: one process of a
`ProcessPoolExecutor` (forkserver where there is one, else spawn: never a fork of the threaded
server), started on the first analysis and kept, so that its models stay loaded, as Ray Data
keeps them in an actor. The process reports progress through a queue that a relay thread hands
to the job; it sends back the articles and their report, or the error as the page shows it
(`Outcome`: it never raises across the process boundary). A process that dies fails its job
with E_WORKER and is replaced at the next analysis. Storing a finished job's articles stays in
the thread: it is the store's work, not the analysis's.

An upload's files are written into a temporary folder that the app makes, under names it
makes from the sent names (letters, digits, `.`, `-`, `_` only; never a path), and read from
there by the ingest readers like any folder; URLs are fetched through the guarded fetcher
(no private, loopback, link-local or metadata address). The folder is removed once read.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import queue
import re
import secrets
import signal
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rashomon.config import Settings
from rashomon.errors import NothingToAnalyze, RashomonError
from rashomon.model import Article, Duplicate, Progress, Report, Skipped

# how many finished jobs are kept (the oldest go first)
KEEP_JOBS = 50
State = Literal["queued", "running", "done", "failed"]
# how the analysis process starts: never a fork of the server, whose threads hold locks
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
# seconds within which the relay thread of a replaced process notices it and ends
RELAY_POLL = 1.0
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Upload:
    """What the analyze form sent: files (sent name, bytes), pasted text and URLs."""

    files: tuple[tuple[str, bytes], ...] = ()
    text: str = ""
    text_outlet: str = ""
    text_title: str = ""
    text_date: str = ""
    urls: tuple[str, ...] = ()


@dataclass
class Job:
    id: str
    state: State = "queued"
    stage: str = "queued"
    done: int = 0
    total: int = 0
    report: Report | None = None
    articles: tuple[Article, ...] = ()
    error: dict[str, str] | None = None
    saved: list[str] | None = None  # article ids stored, once saved
    saving: bool = False
    # set each time a piece of work on the job (the analysis, the save) ends
    settled: threading.Event = field(default_factory=threading.Event, repr=False)

    def wait(self, timeout: float) -> bool:
        """Wait until the work queued on the job ends (True) or `timeout` seconds pass."""
        return self.settled.wait(timeout)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "error": self.error,
            "saving": self.saving,
            "saved": self.saved,
            "report": self.report.to_dict() if self.report is not None else None,
        }


def safe_name(given: str, taken: set[str]) -> str:
    """A file name for `given` (a name a browser sent, maybe a path): its last part, with only
    safe characters, never hidden, unique in `taken`."""
    base = re.split(r"[\\/]", given)[-1]
    base = _SAFE.sub("_", base).lstrip(".")[-100:] or "upload"
    name, number = base, 1
    while name in taken:
        number += 1
        stem, dot, suffix = base.rpartition(".")
        name = f"{stem}-{number}.{suffix}" if dot else f"{base}-{number}"
    taken.add(name)
    return name


def write_upload(folder: Path, upload: Upload) -> None:
    """The upload's files and pasted text as files in `folder` (made by the caller)."""
    taken: set[str] = set()
    for given, data in upload.files:
        (folder / safe_name(given, taken)).write_bytes(data)
    if upload.text.strip():
        header = [
            f"{key}: {_one_line(value)}"
            for key, value in (
                ("Title", upload.text_title),
                ("Source", upload.text_outlet),
                ("Date", upload.text_date),
            )
            if value.strip()
        ]
        body = "\n".join(header) + ("\n\n" if header else "") + upload.text
        (folder / safe_name("pasted.txt", taken)).write_text(body, encoding="utf-8")


def _one_line(value: str) -> str:
    return " ".join(value.split())[:200]


class Jobs:
    def __init__(
        self, settings: Settings, store_path: Path, process: AnalysisProcess | None = None
    ) -> None:
        self.settings = settings
        self.store_path = store_path
        self.process = process or analysis_process()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None]]] = queue.Queue()
        self._worker: threading.Thread | None = None

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Stop the analysis process (as the server ends)."""
        self.process.close()

    def submit(self, upload: Upload) -> Job:
        job = Job(secrets.token_urlsafe(12))
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.state in {"done", "failed"}]
            for old in finished[: max(0, len(self._jobs) - KEEP_JOBS)]:
                del self._jobs[old.id]
        self._put(job, lambda j: self._analyze(j, upload))
        return job

    def save(self, job: Job) -> None:
        """Queue storing `job`'s articles (a finished analysis) in the store."""
        if job.state != "done" or job.saving or job.saved is not None:
            return
        job.saving = True
        job.settled.clear()
        self._put(job, self._save)

    def _put(self, job: Job, work: Callable[[Job], None]) -> None:
        self._queue.put((job, work))
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="analyze", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            job, work = self._queue.get()
            try:
                work(job)
            except RashomonError as exc:
                job.state, job.error = "failed", _error(exc)
            except Exception as exc:  # a bug costs this job only, and is shown coded
                job.state, job.error = "failed", internal_error(exc)
            finally:
                job.saving = False
                job.settled.set()
                self._queue.task_done()

    def _progress(self, job: Job) -> Callable[[str, int, int], None]:
        def tick(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        return tick

    def _analyze(self, job: Job, upload: Upload) -> None:
        job.state, job.stage = "running", "read"
        outcome = self.process.run(job.id, self.settings, upload, self._progress(job))
        if outcome.error is not None:
            job.state, job.error = "failed", outcome.error
            return
        job.articles, job.report, job.state, job.stage = (
            outcome.articles,
            outcome.report,
            "done",
            "done",
        )

    def _save(self, job: Job) -> None:
        from rashomon.corpus import store_articles
        from rashomon.store import Store, runs

        with Store.open(self.store_path) as store, store.writer("serve", wait=True):
            names = [a.url or a.path or a.id for a in job.articles]
            run_id = runs.start(store, "serve", names, self.settings)
            status = "failed"
            try:
                result = store_articles(store, job.articles, self.settings, run_id=run_id)
                status = "done"
            finally:
                runs.finish(store, run_id, status, {})
        job.saved = list(result.added)


# -- the analysis process ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the analysis process sends back: the articles and their report, or the error as
    a job shows it (code, message, hint)."""

    articles: tuple[Article, ...] = ()
    report: Report | None = None
    error: dict[str, str] | None = None
    pid: int = 0  # the process that made it


class AnalysisProcess:
    """The process where analyses run, one at a time (started on first use and kept, so its
    models stay loaded), and the relay thread that hands its progress reports to the jobs."""

    def __init__(self, start_method: str = START_METHOD) -> None:
        self._context = multiprocessing.get_context(start_method)
        self._pool: ProcessPoolExecutor | None = None
        self._sinks: dict[str, Progress] = {}
        self._lock = threading.Lock()
        self._relay_thread: threading.Thread | None = None

    def run(self, job_id: str, settings: Settings, upload: Upload, progress: Progress) -> Outcome:
        """Analyse `upload` in the process, its progress passed to `progress`; never raises."""
        with self._lock:
            self._sinks[job_id] = progress
        pool: ProcessPoolExecutor | None = None
        try:
            pool, future = self._submit(job_id, settings, upload)
            return future.result()
        except BrokenProcessPool:  # the process died during the analysis
            if pool is not None:
                self._forget(pool)
            return Outcome(error=worker_died())
        except Exception as exc:  # the upload could not reach the process, or a bug
            return Outcome(error=internal_error(exc))
        finally:
            with self._lock:  # after this no progress report reaches the job
                self._sinks.pop(job_id, None)

    def _submit(
        self, job_id: str, settings: Settings, upload: Upload
    ) -> tuple[ProcessPoolExecutor, Future[Outcome]]:
        """The pool and the analysis submitted to it; a new pool when the process of the
        last one died while idle (killed, out of memory): that costs no job."""
        pool = self._started()
        try:
            return pool, pool.submit(analyze_in_worker, job_id, settings, upload)
        except BrokenProcessPool:
            self._forget(pool)
            pool = self._started()
            return pool, pool.submit(analyze_in_worker, job_id, settings, upload)

    def _forget(self, pool: ProcessPoolExecutor) -> None:
        """Drop `pool`, whose process died: the next analysis starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False)

    def close(self) -> None:
        """Stop the process, after the analysis it runs, and its relay thread (the next
        analysis starts them again). Their queues are freed here, so that no semaphore is
        left for the resource tracker to clean up when the server ends."""
        with self._lock:
            pool, self._pool = self._pool, None
            relay, self._relay_thread = self._relay_thread, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if relay is not None:
            relay.join()

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            return self._start()

    def _start(self) -> ProcessPoolExecutor:
        """The pool, started with a progress queue of its own: a process killed while it
        writes to its queue leaves the queue's lock taken, and no later process uses it."""
        if self._pool is None:
            progress = self._context.Queue()
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=self._context,
                initializer=start_worker,
                initargs=(progress,),
            )
            relay = threading.Thread(
                target=self._relay, args=(self._pool, progress), name="analyze-progress"
            )
            relay.daemon = True
            relay.start()
            self._relay_thread = relay
        return self._pool

    def _relay(self, pool: ProcessPoolExecutor, progress: Any) -> None:
        """Hand the progress reports of `pool`'s process to the jobs, until `pool` is
        replaced or closed."""
        while self._pool is pool:
            try:
                job_id, stage, done, total = progress.get(timeout=RELAY_POLL)
            except queue.Empty:
                continue
            with self._lock:
                sink = self._sinks.get(job_id)
                if sink is not None:
                    sink(stage, done, total)
        progress.close()


_process: AnalysisProcess | None = None
_process_lock = threading.Lock()


def analysis_process() -> AnalysisProcess:
    """The server's one analysis process (shared by every `Jobs` of this interpreter)."""
    global _process
    with _process_lock:
        if _process is None:
            _process = AnalysisProcess()
        return _process


# in the worker process: where progress reports go (set as the process starts)
_reports: Any = None


def start_worker(progress: Any) -> None:
    """The worker process's start: Ctrl-C is the server's to handle; progress goes to
    `progress`; the process ends with the server, however the server ends (it holds its own
    queue's ends, so it would otherwise wait on it for ever)."""
    global _reports
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    progress.cancel_join_thread()  # at its end the process does not wait on unsent reports
    _reports = progress
    server = multiprocessing.parent_process()
    if server is not None and server.sentinel is not None:
        threading.Thread(target=_end_with, args=(server.sentinel,), daemon=True).start()


def _end_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def analyze_in_worker(job_id: str, settings: Settings, upload: Upload) -> Outcome:
    """In the worker process: `analyze_upload`, its progress reported as `job_id`'s, its
    error returned as the job shows it."""

    def tick(stage: str, done: int, total: int) -> None:
        if _reports is not None:
            _reports.put((job_id, stage, done, total))

    try:
        articles, report = analyze_upload(settings, upload, tick)
    except RashomonError as exc:
        return Outcome(error=_error(exc), pid=os.getpid())
    except Exception as exc:  # a bug costs this job only, and is shown coded
        return Outcome(error=internal_error(exc), pid=os.getpid())
    return Outcome(articles, report, pid=os.getpid())


def analyze_upload(
    settings: Settings, upload: Upload, progress: Progress
) -> tuple[tuple[Article, ...], Report]:
    """The upload's files, pasted text and URLs read (URLs through the guarded fetcher) and
    analysed as one event: (the articles, the report)."""
    from rashomon.analyze import analyze_articles
    from rashomon.ingest import load_articles
    from rashomon.ingest.crawl import Crawler
    from rashomon.ingest.polite import Fetcher, Policy

    progress("read", 0, 0)
    fetcher = Fetcher(
        Policy(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes)
    )  # allow_private stays False: the guarded fetcher
    crawler = Crawler(fetcher, settings)
    with tempfile.TemporaryDirectory(prefix="rashomon-serve-") as folder:
        write_upload(Path(folder), upload)
        inputs = [folder] if any(Path(folder).iterdir()) else []
        inputs += list(upload.urls)
        crawler.prefetch(list(upload.urls))
        loaded = load_articles(inputs, settings, reader=crawler.read)
    articles = tuple(_without_folder(a, folder) for a in loaded.articles)
    skipped = tuple(_skip_without_folder(s, folder) for s in loaded.skipped)
    if not articles:
        raise NothingToAnalyze(
            "[E_NOTHING] no usable article among the inputs"
            + "".join(f"; {s.input}: [{s.code}] {s.reason}" for s in skipped[:5])
        )
    duplicates = tuple(
        Duplicate(d.kept, _strip(d.dropped, folder), d.similarity) for d in loaded.duplicates
    )
    progress("extract", 0, len(articles))
    report = analyze_articles(
        articles, settings, skipped=skipped, duplicates=duplicates, progress=progress
    )
    return articles, report


def internal_error(exc: BaseException) -> dict[str, str]:
    return {
        "code": "E_INTERNAL",
        "message": f"the analysis failed ({type(exc).__name__})",
        "hint": "report it with the input",
    }


def worker_died() -> dict[str, str]:
    return {
        "code": "E_WORKER",
        "message": "the analysis process ended before the analysis did (out of memory?)",
        "hint": "try fewer or smaller inputs; the next analysis starts a new process",
    }


def _strip(value: str, folder: str) -> str:
    return value.replace(folder + "/", "").replace(folder, "upload")


def _without_folder(article: Article, folder: str) -> Article:
    """The article without the temporary folder in its path (the name that was sent)."""
    if article.path is None:
        return article
    return dataclasses.replace(article, path=_strip(article.path, folder))


def _skip_without_folder(skipped: Skipped, folder: str) -> Skipped:
    return Skipped(_strip(skipped.input, folder), skipped.code, _strip(skipped.reason, folder))


def _error(exc: RashomonError) -> dict[str, str]:
    text = str(exc)
    match = re.match(r"\[(E_[A-Z_]+)\]\s*(.*)", text, re.S)
    code, message = (match.group(1), match.group(2)) if match else ("E_ANALYZE", text)
    from rashomon.errors import CODES

    return {"code": code, "message": message, "hint": CODES.get(code, "")}
