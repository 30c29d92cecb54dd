"""Per-article functions that fail on purpose on article "a2", for the engine tests.

Module-level, so that pool workers can import them by name. Each runs the real per-article
function on every other article.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from rashomon.config import Settings
from rashomon.extract.article import extract_article
from rashomon.model import Article, Extraction

FAULTY = "a2"


def extract_quotes(article: Article, doc: Any) -> None:
    """Stands for an extractor that chokes on one odd quotation mark."""
    raise ValueError(f"unbalanced quotation mark in {article.id}")


def raises(article: Article, doc: Any, settings: Settings) -> Extraction:
    if article.id == FAULTY:
        extract_quotes(article, doc)
    return extract_article(article, doc, settings)


def raises_on_a1_and_a3(article: Article, doc: Any, settings: Settings) -> Extraction:
    if article.id in {"a1", "a3"}:
        extract_quotes(article, doc)
    return extract_article(article, doc, settings)


def exits(article: Article, doc: Any, settings: Settings) -> Extraction:
    if article.id == FAULTY:
        os._exit(3)
    return extract_article(article, doc, settings)


def is_killed(article: Article, doc: Any, settings: Settings) -> Extraction:
    if article.id == FAULTY:
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_article(article, doc, settings)


def hangs(article: Article, doc: Any, settings: Settings) -> Extraction:
    """A stuck extractor that the timer can interrupt (it runs Python code)."""
    if article.id == FAULTY:
        time.sleep(3600)
    return extract_article(article, doc, settings)


def hangs_deaf(article: Article, doc: Any, settings: Settings) -> Extraction:
    """A stuck extractor that the timer cannot interrupt (as in a long call into C): only the
    pool's parent can stop it, by killing the worker. Never run it in-process."""
    if article.id == FAULTY:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return extract_article(article, doc, settings)


def raises_on_a2_exits_on_a3(article: Article, doc: Any, settings: Settings) -> Extraction:
    """Two failures in one run: an extractor that raises (a2), a process that dies (a3)."""
    if article.id == FAULTY:
        extract_quotes(article, doc)
    if article.id == "a3":
        os._exit(3)
    return extract_article(article, doc, settings)


def fails_three_ways(article: Article, doc: Any, settings: Settings) -> Extraction:
    """a2 raises, a3 kills its process, a4 hangs where no timer reaches (a blocking call with
    SIGALRM blocked); the others are extracted."""
    if article.id == "a4":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return raises_on_a2_exits_on_a3(article, doc, settings)


def spins(article: Article, doc: Any, settings: Settings) -> Extraction:
    """A stuck extractor that runs Python code (a loop that never ends) on a2."""
    if article.id == FAULTY:
        while True:
            pass
    return extract_article(article, doc, settings)
