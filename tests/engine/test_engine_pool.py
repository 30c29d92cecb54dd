"""The process pool (jobs > 1): the same results as in-process, failures cost only their
article, and an interrupted run leaves no worker behind."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import faults
import pytest

import rashomon
from rashomon.config import Settings, from_env
from rashomon.engine import run_extraction
from rashomon.model import Article, Report, Skipped
from rashomon.render.markdown import render_markdown

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")


def test_jobs_2_gives_the_same_extractions_as_jobs_1(
    articles: list[Article], settings: Settings
) -> None:
    one = run_extraction(articles, settings)
    two = run_extraction(articles, settings.replace(jobs=2))
    assert two == one
    assert [e.article.id for e in two[0]] == ["a1", "a2", "a3"]


@pytest.mark.parametrize("extract", [faults.exits, faults.is_killed], ids=["exit", "SIGKILL"])
def test_worker_that_dies_costs_only_its_article(
    articles: list[Article], settings: Settings, extract: Callable[..., Any]
) -> None:
    seen: list[Skipped] = []
    extractions, skipped = run_extraction(
        articles, settings.replace(jobs=2), on_skip=seen.append, extract=extract
    )
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_WORKER"]
    assert seen == skipped
    assert skipped[0].reason.startswith("a2 (Outlet 2): the worker process died")


def test_worker_that_dies_mid_chunk_costs_only_its_article_and_the_rest_is_redone(
    articles: list[Article], settings: Settings
) -> None:
    # one chunk of three, so one worker: a3 comes after the death, in a new worker
    extractions, skipped = run_extraction(
        articles, settings.replace(jobs=2, batch_size=3), extract=faults.exits
    )
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_WORKER"]


def test_extractor_that_raises_in_a_worker_skips_its_article_naming_the_stage(
    articles: list[Article], settings: Settings
) -> None:
    extractions, skipped = run_extraction(articles, settings.replace(jobs=2), extract=faults.raises)
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_EXTRACT"]
    assert "extract_quotes raised ValueError" in skipped[0].reason


def test_skipped_articles_come_in_input_order(articles: list[Article], settings: Settings) -> None:
    extractions, skipped = run_extraction(
        articles, settings.replace(jobs=2), extract=faults.raises_on_a1_and_a3
    )
    assert [e.article.id for e in extractions] == ["a2"]
    assert [s.input for s in skipped] == ["a1", "a3"]


def test_worker_enforces_the_time_limit(articles: list[Article], settings: Settings) -> None:
    extractions, skipped = run_extraction(
        articles, settings.replace(jobs=2, article_timeout=0.5), extract=faults.hangs
    )
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_TIMEOUT"]
    assert "hangs took longer than the article_timeout of 0.5 s" in skipped[0].reason


def test_parent_kills_a_worker_whose_timer_cannot_ring(
    articles: list[Article], settings: Settings
) -> None:
    extractions, skipped = run_extraction(
        articles, settings.replace(jobs=2, article_timeout=0.5), extract=faults.hangs_deaf
    )
    assert [e.article.id for e in extractions] == ["a1", "a3"]
    assert [s.code for s in skipped] == ["E_TIMEOUT"]


def test_progress_reaches_the_total_with_workers(
    articles: list[Article], settings: Settings
) -> None:
    ticks: list[tuple[str, int, int]] = []
    run_extraction(articles, settings.replace(jobs=2), progress=lambda *t: ticks.append(t))
    assert [t for t in ticks if t[0] == "extract"] == [("extract", n, 3) for n in (1, 2, 3)]
    assert [t[1] for t in ticks if t[0] == "parse"][-1] == 3
    assert {t[0] for t in ticks} == {"parse", "extract"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_interrupt_leaves_no_worker_process(articles: list[Article], settings: Settings) -> None:
    pooled = settings.replace(jobs=2)
    run_extraction(articles, pooled)  # the forkserver and resource tracker stay: not workers
    before = _descendants()
    during: list[set[int]] = []

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "extract":
            during.append(_descendants())
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_extraction(articles, pooled, progress=interrupt)
    assert during and len(during[0] - before) >= 1  # workers were running
    assert _descendants() <= before


def test_jobs_2_writes_the_same_report_as_jobs_1(
    analyzed: Callable[[list[Path]], Report], example_files: list[Path]
) -> None:
    _assert_same_reports(analyzed(example_files), example_files)


def test_jobs_2_writes_the_same_venezuela_report_as_jobs_1(
    analyzed: Callable[[list[Path]], Report], venezuela_files: list[Path]
) -> None:
    _assert_same_reports(analyzed(venezuela_files), venezuela_files)


def _assert_same_reports(one: Report, files: list[Path]) -> None:
    """Byte for byte: how many processes ran is no part of the report."""
    two = rashomon.analyze(files, from_env().replace(jobs=2))
    assert render_markdown(two) == render_markdown(one)
    first, second = one.to_dict(), two.to_dict()
    assert "jobs" not in first["generator"]["settings"]
    assert json.dumps(second, ensure_ascii=False) == json.dumps(first, ensure_ascii=False)


def _descendants() -> set[int]:
    """Every process below this one (zombies too: a worker must be reaped), from /proc."""
    import os

    children: dict[int, set[int]] = defaultdict(set)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children[parent].add(int(entry.name))
    found: set[int] = set()
    todo = [os.getpid()]
    while todo:
        for child in children[todo.pop()] - found:
            found.add(child)
            todo.append(child)
    return found
