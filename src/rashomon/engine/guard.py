"""The per-article guard: a failure in one article's analysis costs that article, not the run.

    parse_guarded(articles, settings)         the spaCy pass over a batch; a text that spaCy
                                              cannot parse (longer than its max_length, ...)
                                              → `Skipped` E_EXTRACT, stage "parse"
    extract_guarded(article, doc, settings)   the per-article function; an extractor that
                                              raises → `Skipped` E_EXTRACT naming the extractor;
                                              one that runs past `Settings.article_timeout`
                                              → `Skipped` E_TIMEOUT

Both engines (in-process and the pool's workers) call these two functions and nothing else:
the engine only decides where they run.

The time limit is a SIGALRM timer in the main thread of the process that does the work (the
CLI's, a library caller's, a pool worker's). In another thread (a Ray actor runs its tasks in
one, as does a web server) a timer thread raises the same `ArticleTimeout` in the working
thread (`PyThreadState_SetAsyncExc`). Where neither can work (the main thread of a program that
has its own SIGALRM handler, Windows) nothing here enforces it (the pool's parent still stops a
worker that overruns it). Either timer interrupts Python code, not a long call into C that
never returns to Python (a runaway regular expression): the pool's parent kills such a worker;
in-process, nothing can.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import Any

from rashomon.config import Settings
from rashomon.errors import ModelError
from rashomon.model import Article, Extraction, Skipped

# the per-article function: `rashomon.extract.article.extract_article` unless a test swaps it
ExtractFn = Callable[[Article, Any, Settings], Extraction]
# what the per-article stage gives for one article: its extraction, or why it was skipped
Result = Extraction | Skipped


class ArticleTimeout(BaseException):
    """Raised by the timer inside the guarded work. A BaseException, so that an extractor's
    own `except Exception` cannot swallow it."""


def parse_guarded(
    articles: Sequence[Article],
    settings: Settings,
    *,
    cache: bool = True,
    on_doc: Callable[[], None] | None = None,
) -> list[Any | Skipped]:
    """A spaCy `Doc` per article, or the `Skipped` that says why there is none.

    The batch goes through one `nlp.pipe` (given `article_timeout` per article); when it
    fails, each text is parsed alone, so that only the texts that fail are lost. `on_doc` is
    called once per article."""
    from rashomon.nlp.pipeline import load_nlp, parse

    load_nlp(settings.spacy_model)  # a model that cannot load stops the run: ModelError
    texts = [article.text for article in articles]
    ticked = 0

    def tick() -> None:
        nonlocal ticked
        ticked += 1
        if on_doc is not None:
            on_doc()

    def parse_texts(batch: list[str], on_one: Callable[[], None] | None) -> list[Any]:
        return parse(
            batch,
            settings.spacy_model,
            batch_size=settings.batch_size,
            on_doc=on_one,
            cache=cache,
        )

    try:
        with _timer(settings.article_timeout * len(texts)):
            return list(parse_texts(texts, tick))
    except (Exception, ArticleTimeout) as error:
        if len(articles) == 1:
            if on_doc is not None and ticked == 0:
                on_doc()
            return [_parse_skipped(articles[0], error, settings)]
    results: list[Any | Skipped] = []
    for number, article in enumerate(articles):
        try:
            with _timer(settings.article_timeout):
                results.append(parse_texts([article.text], None)[0])
        except (Exception, ArticleTimeout) as error:
            results.append(_parse_skipped(article, error, settings))
        if number >= ticked and on_doc is not None:
            on_doc()
    return results


def extract_guarded(
    article: Article, doc: Any, settings: Settings, extract: ExtractFn | None = None
) -> Result:
    """`extract(article, doc, settings)`, or the `Skipped` that says which stage failed."""
    if extract is None:
        from rashomon.extract.article import extract_article

        extract = extract_article
    try:
        with _timer(settings.article_timeout):
            return extract(article, doc, settings)
    except ModelError:
        raise  # a missing model fails every article alike: the run stops and says so
    except ArticleTimeout as error:
        return timed_out(article, _stage(error), settings.article_timeout)
    except Exception as error:
        return skipped(
            article, "E_EXTRACT", f"{_stage(error)} raised {type(error).__name__}: {error}"
        )


def skipped(article: Article, code: str, what: str) -> Skipped:
    """The `Skipped` for an article whose analysis failed: `what` says how."""
    source = article.path or article.url
    named = f"{article.id} ({article.outlet}{', ' + source if source else ''})"
    return Skipped(
        input=source or article.id,
        code=code,
        reason=f"{named}: {what}; the article is left out",
    )


def timed_out(article: Article, stage: str, seconds: float) -> Skipped:
    return skipped(
        article, "E_TIMEOUT", f"{stage} took longer than the article_timeout of {seconds:g} s"
    )


def _parse_skipped(article: Article, error: BaseException, settings: Settings) -> Skipped:
    if isinstance(error, ArticleTimeout):
        return timed_out(article, "parse", settings.article_timeout)
    return skipped(article, "E_EXTRACT", f"parse raised {type(error).__name__}: {error}")


def _stage(error: BaseException) -> str:
    """The stage that failed: the function that the per-article function was running when
    `error` rose ("extract_quotes"), or the per-article function itself."""
    trace = error.__traceback__  # starts at the guard's own frame
    if trace is None or trace.tb_next is None:
        return "extract"
    called = trace.tb_next  # the per-article function
    inner = called.tb_next
    if inner is None or inner.tb_frame.f_code is _ring.__code__:  # the timer rang right here
        return called.tb_frame.f_code.co_name
    return inner.tb_frame.f_code.co_name


@contextlib.contextmanager
def _timer(seconds: float) -> Iterator[None]:
    """Raise `ArticleTimeout` in this thread after `seconds`, where a timer can; else nothing."""
    if seconds > 0 and threading.current_thread() is not threading.main_thread():
        with _thread_timer(seconds):
            yield
        return
    if seconds <= 0 or not _can_time():
        yield
        return

    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ring(signum: int, frame: FrameType | None) -> None:
    raise ArticleTimeout


@contextlib.contextmanager
def _thread_timer(seconds: float) -> Iterator[None]:
    """`_timer` outside the main thread: a timer thread raises `ArticleTimeout` in this one.
    An exception set but not yet raised when the work ends in time is withdrawn."""
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    armed = True

    def ring() -> None:
        with lock:
            if armed:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(ArticleTimeout))

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed = False
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        timer.cancel()


def _can_time() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
