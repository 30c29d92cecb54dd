"""The in-process engine (jobs=1) and the per-article guard."""

from __future__ import annotations

from typing import Any

import faults
import pytest

from rashomon.config import Settings
from rashomon.engine import run_extraction
from rashomon.model import Article, Skipped


def test_results_come_in_input_order(articles: list[Article], settings: Settings) -> None:
    extractions, skipped = run_extraction(articles, settings)
    assert [e.article.id for e in extractions] == ["a1", "a2", "a3"]
    assert skipped == []


def test_extractor_that_raises_skips_its_article_naming_the_stage(
    articles: list[Article], settings: Settings
) -> None:
    seen: list[Skipped] = []
    extractions, skipped = run_extraction(
        articles, settings, on_skip=seen.append, extract=faults.raises
    )
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_EXTRACT"]
    assert seen == skipped
    reason = skipped[0].reason
    assert reason.startswith("a2 (Outlet 2)")
    assert "extract_quotes raised ValueError: unbalanced quotation mark in a2" in reason


def test_a_real_extractor_that_raises_is_named(
    articles: list[Article], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rashomon.extract.stances

    def broken(article: Article, doc: Any, quotes: Any, resolver: Any = None) -> Any:
        if article.id == "a3":
            raise IndexError("list index out of range")
        return real(article, doc, quotes, resolver)

    real = rashomon.extract.stances.extract_stances
    monkeypatch.setattr(rashomon.extract.stances, "extract_stances", broken)
    extractions, skipped = run_extraction(articles, settings)
    assert [e.article.id for e in extractions] == ["a1", "a2"]
    assert skipped[0].code == "E_EXTRACT"
    assert "broken raised IndexError" in skipped[0].reason


def test_article_over_the_time_limit_is_skipped_with_e_timeout(
    articles: list[Article], settings: Settings
) -> None:
    extractions, skipped = run_extraction(
        articles, settings.replace(article_timeout=0.5), extract=faults.hangs
    )
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_TIMEOUT"]
    assert "hangs took longer than the article_timeout of 0.5 s" in skipped[0].reason


def test_the_time_limit_holds_outside_the_main_thread(
    articles: list[Article], settings: Settings
) -> None:
    """In a thread (a Ray actor's, a web server's) no SIGALRM: a timer thread stops the
    article all the same, and nothing rings after the run."""
    import threading

    found: list[Any] = []
    worker = threading.Thread(
        target=lambda: found.append(
            run_extraction(articles, settings.replace(article_timeout=0.5), extract=faults.spins)
        )
    )
    worker.start()
    worker.join(60)
    assert found, "the article was not stopped"
    extractions, skipped = found[0]
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_TIMEOUT"]
    assert "spins took longer than the article_timeout of 0.5 s" in skipped[0].reason


def test_text_spacy_cannot_parse_is_skipped_and_the_others_are_parsed(
    articles: list[Article], settings: Settings
) -> None:
    huge = "word " * 200_001  # over spaCy's max_length of 1,000,000 characters
    articles[1] = Article(id="a2", text=huge, outlet="Outlet 2", path="huge.txt")
    extractions, skipped = run_extraction(articles, settings)
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [(s.input, s.code) for s in skipped] == [("huge.txt", "E_EXTRACT")]
    assert "parse raised ValueError" in skipped[0].reason


def test_progress_counts_parse_and_extract_to_the_total(
    articles: list[Article], settings: Settings
) -> None:
    ticks: list[tuple[str, int, int]] = []
    run_extraction(
        articles, settings, progress=lambda *tick: ticks.append(tick), extract=faults.raises
    )
    assert [t for t in ticks if t[0] == "parse"] == [("parse", n, 3) for n in (1, 2, 3)]
    assert [t for t in ticks if t[0] == "extract"] == [("extract", n, 3) for n in (1, 2, 3)]


def test_the_timer_is_put_back_after_each_article(
    articles: list[Article], settings: Settings
) -> None:
    import signal

    run_extraction(articles, settings.replace(article_timeout=30))
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_every_article_skipped_is_nothing_to_analyze(
    articles: list[Article], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rashomon.extract.quotes
    from rashomon.analyze import analyze_articles
    from rashomon.errors import NothingToAnalyze

    def extract_quotes(article: Article, doc: Any, resolver: Any = None) -> Any:
        raise ValueError("unbalanced quotation mark")

    monkeypatch.setattr(rashomon.extract.quotes, "extract_quotes", extract_quotes)
    seen: list[Skipped] = []
    with pytest.raises(NothingToAnalyze, match=r"\[E_NOTHING\].*3 skipped") as raised:
        analyze_articles(articles, settings, on_skip=seen.append)
    assert [s.code for s in raised.value.skipped] == ["E_EXTRACT"] * 3  # type: ignore[attr-defined]
    assert seen == raised.value.skipped  # type: ignore[attr-defined]
