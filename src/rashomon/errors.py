"""Errors and their codes.

    RashomonError                 every error the library raises
    ├── InputError                one input (file, URL, feed, JSON line) cannot be used
    │                             carries `code` (E_EMPTY, E_BINARY, ...) and `source`
    ├── UsageError                the arguments are wrong (bad option, no inputs)
    ├── ModelError                a model cannot be loaded (not installed, wrong name)
    ├── EngineError               the per-article engine cannot run (a worker cannot start)
    ├── NothingToAnalyze          every input was skipped
    └── StoreError                the store cannot be opened, read or written
        ├── StoreLocked           another rashomon is writing to the store
        └── StoreBusy             SQLite stayed busy past every retry

An `InputError` never stops a run: the article is skipped, the reason goes to the report's
`skipped` list and one line goes to stderr. The per-article stage (`rashomon.engine`) skips an
article in the same way when its analysis fails (E_EXTRACT, E_TIMEOUT, E_WORKER). The CLI
exits 0 when every input was used, 1 when some were skipped, 2 when nothing usable remained
or the arguments were wrong.
"""

from __future__ import annotations

# code -> what the user can do about it
CODES: dict[str, str] = {
    "E_NOT_FOUND": "check the path or URL",
    "E_UNREADABLE": "check the file's permissions",
    "E_EMPTY": "the file holds no text; remove it or fill it",
    "E_BINARY": "pass a text, HTML or JSON file",
    "E_TOO_LARGE": "split the file or raise --max-bytes",
    "E_ENCODING": "save the file as UTF-8",
    "E_NOT_ENGLISH": "rashomon reads English articles only; translate it first",
    "E_TOO_SHORT": "the text is too short to analyse (fewer than a few words)",
    "E_BAD_JSON": "fix the JSON line or map its fields with --field text=NAME",
    "E_BAD_META": "the metadata file needs a header row with a 'file' column",
    "E_NO_TEXT": "the page or record has no article text; map it with --field text=NAME",
    "E_FETCH": "check the URL and the network; save the page and pass the file instead",
    "E_FEED": "check the feed's URL or file",
    "E_PRIVATE": "a private, loopback, link-local or metadata address; --allow-private fetches it",
    "E_OPML": "check the OPML file: an outline list of feeds (xmlUrl attributes)",
    "E_UNSUPPORTED": "pass .txt, .md, .html, .json, .jsonl, .xml/.rss/.atom files, URLs or -",
    # the per-article stage (rashomon.engine): the input was read, its analysis failed
    "E_EXTRACT": "a stage of the analysis failed on this article; report it with the article",
    "E_TIMEOUT": "the article took longer than article_timeout; raise RASHOMON_ARTICLE_TIMEOUT",
    "E_WORKER": "the worker process died on this article (out of memory?); try --jobs 1",
    # the engine itself (a UsageError): --engine ray without Ray
    "E_NO_RAY": "pip install 'rashomon[ray]', or run without --engine ray",
}


class RashomonError(Exception):
    """Base of every error raised by rashomon."""


class InputError(RashomonError):
    """One input cannot be used; the run goes on without it."""

    def __init__(self, code: str, source: str, reason: str) -> None:
        self.code = code
        self.source = source
        self.reason = reason
        hint = CODES.get(code, "")
        super().__init__(f"[{code}] {source}: {reason}" + (f" ({hint})" if hint else ""))


class UsageError(RashomonError):
    """The arguments are wrong."""


class ModelError(RashomonError):
    """A language model or encoder could not be loaded."""


class EngineError(RashomonError):
    """The per-article engine cannot run: a worker process cannot start, or fails outside
    the per-article guard (one article's failure is a `Skipped`, not this)."""


class NothingToAnalyze(RashomonError):
    """Every input was skipped or none was given."""


class StoreError(RashomonError):
    """The store cannot be opened, read or written (not a rashomon store, a newer schema, ...)."""


class StoreLocked(StoreError):
    """Another rashomon process is writing to the store: one writer at a time."""


class StoreBusy(StoreError):
    """SQLite reported the database busy past every retry (a very long write elsewhere)."""
