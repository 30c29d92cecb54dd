"""The store's commands as a user runs them: ingest, report, forget, export, watch. The real
per-article stage runs here (spaCy on three short articles); the parses are counted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import rashomon.engine.local as local_engine
from rashomon.cli import app
from rashomon.render.json import validate
from rashomon.store import Store, events
from rashomon.store.events import StoredEvent
from rashomon.verify import problems

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "lakeport-dam"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles spaCy parses in this process."""
    seen: list[str] = []
    real = local_engine.parse_guarded

    def counted(articles: Any, settings: Any, **kwargs: Any) -> Any:
        seen.extend(a.id for a in articles)
        return real(articles, settings, **kwargs)

    monkeypatch.setattr(local_engine, "parse_guarded", counted)
    monkeypatch.setenv("RASHOMON_ENCODER", "tfidf")
    return seen


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def stored(tmp_path: Path, parses: list[str]) -> Path:
    db = tmp_path / "news.db"
    result = invoke("ingest", str(EXAMPLES), "--store", str(db), "-q")
    assert result.exit_code == 0, result.output
    assert sorted(parses) == ["a1", "a2", "a3"]
    parses.clear()
    return db


def test_ingest_parses_each_article_once_and_a_second_ingest_nothing(
    stored: Path, parses: list[str]
) -> None:
    result = invoke("ingest", str(EXAMPLES), "--store", str(stored), "--json")
    assert result.exit_code == 0, result.stderr
    assert parses == []
    out = json.loads(result.stdout)
    assert (out["added"], out["reused"], out["parsed"]) == ([], 3, 0)


def test_ingest_names_each_bad_input_on_one_line_and_exits_1(
    tmp_path: Path, parses: list[str]
) -> None:
    folder = tmp_path / "news"
    shutil.copytree(EXAMPLES, folder)
    (folder / "empty.txt").write_bytes(b"")
    dump = folder / "dump.jsonl"
    dump.write_text('{"text": "broken\n', encoding="utf-8")
    db = tmp_path / "news.db"
    result = invoke("ingest", str(folder), "--store", str(db))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"rashomon: skipped {folder / 'empty.txt'}: [E_EMPTY] empty file" in lines
    assert any(line.startswith(f"rashomon: skipped {dump}:1: [E_BAD_JSON]") for line in lines)
    assert lines[-1].startswith("rashomon: 3 new articles, 0 already stored, 2 skipped")
    with Store.open(db) as store:
        assert sorted(r[0] for r in store.rows("SELECT code FROM skipped")) == [
            "E_BAD_JSON",
            "E_EMPTY",
        ]


def test_ingest_of_nothing_usable_exits_2(tmp_path: Path, parses: list[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("ingest", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s.db"))
    assert result.exit_code == 2


def test_a_second_writer_gets_a_clear_message_and_exit_2(stored: Path) -> None:
    with Store.open(stored) as store, store.writer("watch"):
        result = invoke("ingest", str(EXAMPLES), "--store", str(stored))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "is being written by rashomon watch (pid" in line
    assert "one rashomon writes to a store at a time" in line


def test_report_for_articles_comes_from_stored_extractions_without_a_parse(
    stored: Path, parses: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = invoke(
        "report", "--articles", "a1", "a2", "a3", "--store", str(stored), "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert parses == []
    report = json.loads((out / "report.json").read_text("utf-8"))
    validate(report)
    assert problems(report) == []
    assert [a["id"] for a in report["articles"]] == ["a1", "a2", "a3"]
    assert report["event"] is None
    assert (out / "report.html").is_file() and (out / "report.md").is_file()


def test_report_on_an_event_carries_the_event_and_stores_its_disputed_count(
    stored: Path, parses: list[str], tmp_path: Path
) -> None:
    with Store.open(stored) as store:
        events.save(store, [StoredEvent("ev1", ("a1", "a2", "a3"), headline="The dam")])
    result = invoke("report", "ev1", "--store", str(stored), "-o", "-")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    validate(report)
    assert report["event"]["id"] == "ev1"
    assert report["event"]["headline"]["text"] == "The dam"
    conflicts = sum(1 for c in report["comparisons"] if c["verdict"] == "conflict")
    with Store.open(stored) as store:
        assert store.row("SELECT disputed FROM events WHERE id = 'ev1'")[0] == conflicts
    assert parses == []


def test_report_all_writes_a_report_per_event_of_two_outlets_and_an_index(
    stored: Path, tmp_path: Path
) -> None:
    with Store.open(stored) as store:
        events.save(
            store,
            [StoredEvent("ev1", ("a1", "a2"), headline="The dam"), StoredEvent("ev2", ("a3",))],
        )
    site = tmp_path / "site"
    result = invoke("report", "--all", "--store", str(stored), "-o", str(site), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert (site / "events" / "ev1" / "report.json").is_file()
    assert not (site / "events" / "ev2").exists()  # one outlet: nothing to compare
    index = json.loads((site / "index.json").read_text("utf-8"))
    assert [e["id"] for e in index["events"]] == ["ev1"]
    assert [a["id"] for a in index["events"][0]["articles"]] == ["a1", "a2"]
    assert 'href="events/ev1/report.html"' in (site / "index.html").read_text("utf-8")


def test_report_names_an_unknown_event(stored: Path) -> None:
    result = invoke("report", "ev9", "--store", str(stored))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"rashomon: no event 'ev9' in {stored}"


def test_forget_removes_an_article_and_export_writes_parquet(stored: Path, tmp_path: Path) -> None:
    result = invoke("forget", "a2", "--store", str(stored), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["removed"] == ["a2"]
    result = invoke("export", "--parquet", str(tmp_path / "pq"), "--store", str(stored), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rows"]["articles"] == 2
    ids = pq.read_table(tmp_path / "pq" / "articles.parquet").column("id").to_pylist()
    assert ids == ["a1", "a3"]


def test_commands_on_a_missing_store_say_so(tmp_path: Path) -> None:
    result = invoke("export", "--parquet", str(tmp_path / "pq"), "--store", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "run rashomon ingest first" in result.stderr


class _Feed(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header(
            "Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/plain"
        )
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    text = (EXAMPLES / "port-alder-herald.txt").read_text("utf-8")
    _Feed.pages = {
        "/story.txt": text.encode(),
        "/feed.xml": (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>'
            f"<item><title>Dam</title><link>{base}/story.txt</link></item></channel></rss>"
        ).encode(),
    }
    yield base
    server.shutdown()
    server.server_close()
    thread.join()


def test_watch_polls_a_feed_with_allow_private(
    tmp_path: Path, parses: list[str], feed_server: str
) -> None:
    db = str(tmp_path / "w.db")
    feed = f"{feed_server}/feed.xml"
    refused = invoke("watch", feed, "--polls", "1", "--store", db, "--json")
    assert json.loads(refused.stdout)["skipped"][0]["code"] == "E_PRIVATE"
    db = str(tmp_path / "allowed.db")  # the refused feed is paused in the first store
    result = invoke("watch", feed, "--polls", "1", "--store", db, "--json", "--allow-private")
    assert result.exit_code == 0, result.stderr
    poll = json.loads(result.stdout)
    assert poll["added"] == ["a1"] and poll["feeds"][feed]["status"] == 200
    assert parses == ["a1"]


def test_progress_stays_out_of_a_pipe(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = subprocess.run(
        [sys.executable, "-m", "rashomon.cli", "ingest", str(EXAMPLES), "--store", str(db)],
        capture_output=True,
        timeout=600,
        check=False,
        env={**os.environ, "RASHOMON_ENCODER": "tfidf"},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        f"rashomon: 3 new articles, 0 already stored; 3 parsed; store {db}"
    ]


def test_watch_keeps_a_site_of_the_events_that_changed(tmp_path: Path, feed_server: str) -> None:
    stories = sorted((EXAMPLES.parent / "stream").glob("haverick-*.txt"))[:2]
    items = ""
    for number, path in enumerate(stories):
        _Feed.pages[f"/s{number}.txt"] = path.read_bytes()
        items += f"<item><title>s{number}</title><link>{feed_server}/s{number}.txt</link></item>"
    _Feed.pages["/two.xml"] = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    ).encode()
    db, site = str(tmp_path / "w.db"), tmp_path / "site"
    result = invoke(
        "watch", f"{feed_server}/two.xml", "--polls", "1", "--store", db, "--allow-private",
        "-o", str(site), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    index = json.loads((site / "index.json").read_text("utf-8"))
    (event,) = index["events"]
    assert len(event["outlets"]) == 2 and event["disputed"] is not None
    report = json.loads((site / "events" / event["id"] / "report.json").read_text("utf-8"))
    assert report["event"]["id"] == event["id"] and len(report["articles"]) == 2
