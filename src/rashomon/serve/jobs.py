"""The "Analyze now" queue: analyses run one at a time in a worker thread, off the request
loop; a page polls the job's state.

    Jobs(settings, store_path)       the queue and its worker (started on first use)
    jobs.submit(upload)              queue an analysis → `Job`
    jobs.save(job_id)                queue storing a finished job's articles in the store
    jobs.get(job_id)                 the job, or None

An upload's files are written into a temporary folder that the app makes, under names it
makes from the sent names (letters, digits, `.`, `-`, `_` only; never a path), and read from
there by the ingest readers like any folder; URLs are fetched through the guarded fetcher
(no private, loopback, link-local or metadata address). The folder is removed once read.
"""

from __future__ import annotations

import dataclasses
import queue
import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rashomon.config import Settings
from rashomon.errors import NothingToAnalyze, RashomonError
from rashomon.model import Article, Duplicate, Report, Skipped

# how many finished jobs are kept (the oldest go first)
KEEP_JOBS = 50
State = Literal["queued", "running", "done", "failed"]
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
    def __init__(self, settings: Settings, store_path: Path) -> None:
        self.settings = settings
        self.store_path = store_path
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None]]] = queue.Queue()
        self._worker: threading.Thread | None = None

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

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
                job.state = "failed"
                job.error = {
                    "code": "E_INTERNAL",
                    "message": f"the analysis failed ({type(exc).__name__})",
                    "hint": "report it with the input",
                }
            finally:
                job.saving = False
                job.settled.set()
                self._queue.task_done()

    def _progress(self, job: Job) -> Callable[[str, int, int], None]:
        def tick(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        return tick

    def _analyze(self, job: Job, upload: Upload) -> None:
        from rashomon.analyze import analyze_articles
        from rashomon.ingest import load_articles
        from rashomon.ingest.crawl import Crawler
        from rashomon.ingest.polite import Fetcher, Policy

        job.state, job.stage = "running", "read"
        settings = self.settings
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
        if not articles:
            raise NothingToAnalyze(
                "[E_NOTHING] no usable article among the inputs"
                + "".join(f"; {s.input}: [{s.code}] {s.reason}" for s in loaded.skipped[:5])
            )
        skipped = tuple(_skip_without_folder(s, folder) for s in loaded.skipped)
        duplicates = tuple(
            Duplicate(d.kept, _strip(d.dropped, folder), d.similarity) for d in loaded.duplicates
        )
        job.stage = "extract"
        report = analyze_articles(
            articles,
            settings,
            skipped=skipped,
            duplicates=duplicates,
            progress=self._progress(job),
        )
        job.articles, job.report, job.state, job.stage = articles, report, "done", "done"

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
