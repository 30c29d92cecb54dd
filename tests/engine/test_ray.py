"""The Ray engine (`--engine ray`) on a local Ray with 2 CPUs, started once for the module: the
same report and the same stored extractions as `--jobs 1`, failures that cost only their
article, and what a user without Ray is told.

Each run here starts two actors, which load spaCy (several seconds on a loaded machine), so
the failures share one run. Skipped where Ray is not installed, failed on CI, where the dev
extra installs it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import faults
import pytest
from typer.testing import CliRunner

import rashomon
from rashomon.cli import app
from rashomon.config import Settings, from_env
from rashomon.engine import run_extraction
from rashomon.errors import UsageError
from rashomon.model import Article, Report, Skipped
from rashomon.render.markdown import render_markdown
from rashomon.store import Store
from rashomon.store import extractions as extraction_table

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "lakeport-dam"


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    """A local Ray with 2 CPUs, offline, for the whole module (the engine uses a Ray that is
    already running); the faults module travels to the actors by value."""
    try:
        import ray
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("Ray is not installed: the dev extra installs it (pip install -e .[dev])")
        pytest.skip("Ray is not installed: pip install 'rashomon[ray]'")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    ray.cloudpickle.register_pickle_by_value(faults)
    yield ray
    ray.cloudpickle.unregister_pickle_by_value(faults)
    ray.shutdown()


def test_ray_writes_the_same_report_as_jobs_1(
    local_ray: Any, analyzed: Callable[[list[Path]], Report], example_files: list[Path]
) -> None:
    one = analyzed(example_files)
    on_ray = rashomon.analyze(example_files, from_env().replace(engine="ray", jobs=2))
    assert render_markdown(on_ray) == render_markdown(one)
    first, second = one.to_dict(), on_ray.to_dict()
    assert "engine" not in first["generator"]["settings"]
    assert json.dumps(second, ensure_ascii=False) == json.dumps(first, ensure_ascii=False)


def test_each_failure_costs_only_its_article_with_its_code(
    local_ray: Any, articles: list[Article], settings: Settings
) -> None:
    # a2 raises (E_EXTRACT), a3 kills its actor (E_WORKER), a4 hangs where no timer reaches it
    # (the watchdog stops its actor: E_TIMEOUT); a1 and a5 are extracted, in order
    extra = [Article(id=f"a{n}", text=articles[0].text, outlet=f"Outlet {n}") for n in (4, 5)]
    seen: list[Skipped] = []
    extractions, skipped = run_extraction(
        [*articles, *extra],
        settings.replace(engine="ray", jobs=2, article_timeout=0.5),
        on_skip=seen.append,
        extract=faults.fails_three_ways,
    )
    assert [e.article.id for e in extractions] == ["a1", "a5"]
    assert [(s.input, s.code) for s in skipped] == [
        ("a2", "E_EXTRACT"),
        ("a3", "E_WORKER"),
        ("a4", "E_TIMEOUT"),
    ]
    assert seen == skipped
    assert "raised ValueError: unbalanced quotation mark in a2" in skipped[0].reason
    assert skipped[1].reason.startswith("a3 (Outlet 3): the Ray actor died while it analysed it")
    assert "longer than the article_timeout of 0.5 s" in skipped[2].reason


def test_ingest_on_ray_stores_what_jobs_1_stores(
    local_ray: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 2 commits while the actors go on: the store holds the same extractions."""
    monkeypatch.setenv("RASHOMON_ENCODER", "tfidf")
    stored = {}
    for name, options in (("local", []), ("ray", ["--engine", "ray", "--jobs", "2"])):
        db = tmp_path / f"{name}.db"
        result = CliRunner().invoke(
            app, ["ingest", str(EXAMPLES), "--store", str(db), "--batch", "2", "-q", *options]
        )
        assert result.exit_code == 0, result.output
        store = Store.open(db)
        try:
            stored[name] = extraction_table.load(store, ["a1", "a2", "a3"]).extractions
        finally:
            store.close()
    assert sorted(stored["ray"]) == ["a1", "a2", "a3"]
    assert stored["ray"] == stored["local"]


def test_without_ray_the_user_is_told_what_to_install(
    articles: list[Article], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    monkeypatch.setenv("RASHOMON_ENCODER", "tfidf")
    with pytest.raises(UsageError, match=r"\[E_NO_RAY\].*pip install 'rashomon\[ray\]'"):
        run_extraction(articles, settings.replace(engine="ray"))
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--engine", "ray", "-o", "-"])
    assert result.exit_code == 2
    assert "pip install 'rashomon[ray]'" in result.output
