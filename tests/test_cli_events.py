"""`rashomon analyze` on inputs that tell several events: a report per event and an index;
--one-event and -o - keep one report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.render.json import validate
from rashomon.verify import problems

STREAM = Path(__file__).resolve().parents[1] / "examples" / "stream"


@pytest.fixture(scope="module")
def two_stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("two")
    for path in [*STREAM.glob("haverick-*.txt"), *STREAM.glob("brennmoor-*.txt")]:
        shutil.copy(path, folder / path.name)
    return folder


def test_two_events_give_a_report_each_and_an_index(two_stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["analyze", str(two_stories), "-o", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "2 events" in result.output and "--one-event" in result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    validate(index, "events")
    assert [e["id"] for e in index["events"]] == ["e1", "e2"]
    assert "index.html" in {p.name for p in out.iterdir()}
    stories = set()
    for entry in index["events"]:
        report = json.loads((out / "events" / entry["id"] / "report.json").read_text("utf-8"))
        validate(report)
        assert problems(report) == []
        assert report["event"]["id"] == entry["id"]
        assert {a["id"] for a in report["articles"]} == {a["id"] for a in entry["articles"]}
        assert entry["disputed"] == sum(
            1
            for c in report["comparisons"]
            if c["verdict"] == "conflict" and not c["possible_update"]
        )
        (citation,) = report["event"]["headline"]["citations"]
        assert citation["article"] in {a["id"] for a in report["articles"]}
        stories.add(frozenset(Path(a["path"]).name.split("-")[0] for a in report["articles"]))
    assert stories == {frozenset({"haverick"}), frozenset({"brennmoor"})}


def test_one_event_and_stdout_keep_one_report(two_stories: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(two_stories), "-o", "-", "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["articles"]) == 6 and report["event"] is None
    out = tmp_path / "one"
    result = CliRunner().invoke(
        app, ["analyze", str(two_stories), "--one-event", "-o", str(out), "-f", "json", "-q"]
    )
    assert result.exit_code == 0 and (out / "report.json").exists()
    assert not (out / "index.json").exists()


def test_grouping_orders_texts_with_a_lone_surrogate_without_failing() -> None:
    # a text decoded with surrogateescape keeps lone surrogates; its hash must not fail
    from rashomon.analyze import event_groups
    from rashomon.config import Settings
    from rashomon.model import Article, Extraction

    def bare(article_id: str, text: str) -> Extraction:
        article = Article(id=article_id, text=text, outlet="Wire", date=None)
        return Extraction(article, (), (), (), (), (), ())

    found = event_groups(
        [bare("a1", "caf\udce9 opens"), bare("a2", "bridge \udc80 closes")],
        Settings(encoder="tfidf"),
    )
    assert found is None  # two single articles tell no two events of two
