"""Ingesting into the store: only what is new is parsed; a killed ingest resumes to the same
store; bad input costs itself only, and is recorded."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from fakes import CountingExtract
from storetools import TEXTS, write_articles

from rashomon import corpus
from rashomon.config import Settings
from rashomon.store import Store
from rashomon.store import articles as article_table
from rashomon.store import extractions as extraction_table

SRC = Path(__file__).resolve().parents[2] / "src"
HERE = Path(__file__).resolve().parent


def test_ingesting_the_same_inputs_twice_parses_nothing(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    extract = CountingExtract()
    first = corpus.ingest(store, [articles_folder], settings, extract_batch=extract)
    assert sorted(extract.parsed) == sorted(TEXTS)
    assert first.added == ("a1", "a2", "a3", "a4", "a5", "a6")

    again = CountingExtract()
    second = corpus.ingest(store, [articles_folder], settings, extract_batch=again)
    assert again.parsed == []
    assert (second.added, second.reused, second.parsed) == ((), 6, 0)
    assert store.row("SELECT count(*) FROM articles")[0] == 6


def test_only_the_new_articles_of_a_grown_folder_are_parsed(
    store: Store, tmp_path: Path, settings: Settings
) -> None:
    folder = write_articles(tmp_path / "news", ["bridge", "ferry"])
    corpus.ingest(store, [folder], settings, extract_batch=CountingExtract())
    write_articles(folder, ["library"])
    extract = CountingExtract()
    result = corpus.ingest(store, [folder], settings, extract_batch=extract)
    assert extract.parsed == ["library"]
    assert result.added == ("a3",)


def test_a_changed_text_at_the_same_path_is_a_new_version_and_the_old_is_kept(
    store: Store, tmp_path: Path, settings: Settings
) -> None:
    folder = write_articles(tmp_path / "news", ["bridge"])
    corpus.ingest(store, [folder], settings, extract_batch=CountingExtract())
    path = folder / "bridge.txt"
    path.write_text(path.read_text("utf-8") + "The vote was seven to two.\n", "utf-8")
    corpus.ingest(store, [folder], settings, extract_batch=CountingExtract())
    rows = store.rows("SELECT id, version, replaces, locator FROM articles ORDER BY seq")
    assert [tuple(r)[:3] for r in rows] == [("a1", 1, None), ("a2", 2, "a1")]
    assert rows[0]["locator"] == rows[1]["locator"] == str(path)
    current = store.rows("SELECT id FROM current_articles")
    assert [r[0] for r in current] == ["a2"]


def test_a_stale_extraction_is_made_again_and_current_ones_reused(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    corpus.ingest(store, [articles_folder], settings, extract_batch=CountingExtract())
    with store.transaction() as connection:
        connection.execute("UPDATE extractions SET version = 0 WHERE article_id = 'a2'")
    extract = CountingExtract()
    result = corpus.ingest(store, [articles_folder], settings, extract_batch=extract)
    assert len(extract.parsed) == 1
    assert result.extracted_again == ("a2",)
    assert result.reused == 5
    loaded = extraction_table.load(store, ["a1", "a2"])
    assert set(loaded.extractions) == {"a1", "a2"} and loaded.stale == []


def test_a_stored_extraction_reads_back_equal_with_its_text(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    corpus.ingest(store, [articles_folder], settings, extract_batch=CountingExtract())
    raw = store.row("SELECT data FROM extractions WHERE article_id = 'a1'")[0]
    assert json.loads(raw)["article"]["text"] == ""  # the text lives in `articles` only
    extraction = extraction_table.load(store, ["a1"]).extractions["a1"]
    assert extraction.article == article_table.get(store, ["a1"])["a1"]
    assert extraction.article.text.startswith("The Millbrook council voted")


def test_an_article_whose_analysis_fails_is_recorded_and_not_parsed_again(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    failing = CountingExtract(fail=["ferry"])
    result = corpus.ingest(store, [articles_folder], settings, extract_batch=failing)
    assert [s.code for s in result.failed] == ["E_EXTRACT"]
    row = store.row(
        "SELECT e.status, s.code FROM extractions AS e JOIN skipped AS s"
        " ON s.article_id = e.article_id JOIN articles AS a ON a.id = e.article_id"
        " WHERE a.title = 'ferry'"
    )
    assert tuple(row) == ("E_EXTRACT", "E_EXTRACT")
    again = CountingExtract()
    corpus.ingest(store, [articles_folder], settings, extract_batch=again)
    assert again.parsed == []


def test_a_malformed_line_in_a_10000_line_jsonl_costs_one_article(
    store: Store, tmp_path: Path
) -> None:
    words = "council bridge river harbor vote mayor storm ferry school market library".split()
    rng = random.Random(12)
    lines = []
    for number in range(10_000):
        text = f"Report {number}: " + " ".join(rng.choice(words) for _ in range(8))
        lines.append(json.dumps({"text": text, "title": f"r{number}"}))
    lines[4321] = '{"text": "the line breaks off here'
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # texts of under 12 words are not sent to the language detector; min_words lets them in
    settings = Settings(encoder="tfidf", min_words=5, duplicate_threshold=1.0)
    extract = CountingExtract()
    result = corpus.ingest(store, [path], settings, batch=1000, extract_batch=extract)
    assert [(s.input, s.code) for s in result.skipped] == [(f"{path}:4322", "E_BAD_JSON")]
    assert len(result.added) == len(extract.parsed) == 9_999
    stored = store.rows("SELECT input, code FROM skipped")
    assert [tuple(r) for r in stored] == [(f"{path}:4322", "E_BAD_JSON")]


def test_every_input_that_cannot_be_used_is_recorded_with_its_code(
    store: Store, tmp_path: Path, settings: Settings
) -> None:
    folder = write_articles(tmp_path / "news", ["bridge"])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.bin").write_bytes(bytes(range(256)) * 4)
    result = corpus.ingest(
        store, [folder, tmp_path / "missing.txt"], settings, extract_batch=CountingExtract()
    )
    codes = sorted(s.code for s in result.skipped)
    assert codes == ["E_BINARY", "E_EMPTY", "E_NOT_FOUND"]
    assert sorted(r[0] for r in store.rows("SELECT code FROM skipped")) == codes
    assert result.added == ("a1",)


def test_every_run_is_recorded_with_its_settings_and_counts(
    store: Store, articles_folder: Path, settings: Settings
) -> None:
    corpus.ingest(store, [articles_folder], settings, extract_batch=CountingExtract())
    run = store.row("SELECT * FROM runs")
    assert (run["command"], run["status"]) == ("ingest", "done")
    assert json.loads(run["inputs"]) == [str(articles_folder)]
    assert json.loads(run["settings"])["encoder"] == "tfidf"
    assert json.loads(run["counts"])["added"] == 6
    assert run["finished_at"] >= run["started_at"]


# ---- killed and resumed ------------------------------------------------------------------

_CHILD = """
import sys
sys.path.insert(0, {here!r})
from fakes import CountingExtract
from rashomon import corpus
from rashomon.config import Settings
from rashomon.store import Store

store = Store.open(sys.argv[1])
extract = CountingExtract(log=sys.argv[3], die_after=int(sys.argv[4]))
corpus.ingest(store, [sys.argv[2]], Settings(encoder="tfidf"), batch=2, extract_batch=extract)
"""


def _killed_ingest(db: Path, folder: Path, log: Path, die_after: int) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE)])}
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD.format(here=str(HERE)),
            str(db),
            str(folder),
            str(log),
            str(die_after),
        ],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()


def _contents(path: Path) -> dict[str, Any]:
    """What the store holds, less when and by which run it was written."""
    raw = sqlite3.connect(path)
    queries = {
        "articles": "SELECT seq, id, hash, locator, version, replaces, outlet_id, outlet, title,"
        " date, text FROM articles ORDER BY seq",
        "extractions": "SELECT article_id, version, status, data FROM extractions"
        " ORDER BY article_id",
        "outlets": "SELECT * FROM outlets ORDER BY id",
        "aliases": "SELECT * FROM outlet_aliases ORDER BY alias",
        "sequence": "SELECT * FROM sqlite_sequence WHERE name = 'articles'",
        "search": "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Millbrook'"
        " ORDER BY rowid",
    }
    found = {name: raw.execute(sql).fetchall() for name, sql in queries.items()}
    raw.close()
    return found


def test_a_killed_ingest_resumes_to_the_store_of_an_uninterrupted_one(
    tmp_path: Path, articles_folder: Path, settings: Settings
) -> None:
    db, log = tmp_path / "killed.db", tmp_path / "parsed.log"
    # batches of 2: killed when asked for the 5th article, after two batches were committed
    _killed_ingest(db, articles_folder, log, die_after=4)
    with Store.open(db) as store:
        assert store.row("SELECT count(*) FROM articles")[0] == 4
        assert store.row("SELECT status FROM runs")[0] == "running"
        resumed = corpus.ingest(
            store, [articles_folder], settings, batch=2, extract_batch=CountingExtract(log=str(log))
        )
        assert store.row("SELECT status FROM runs WHERE id = 1")[0] == "interrupted"
    assert (resumed.added, resumed.reused) == (("a5", "a6"), 4)
    parsed = log.read_text("utf-8").split()
    assert sorted(parsed) == sorted(TEXTS)  # every article parsed once, none twice

    with Store.open(tmp_path / "whole.db") as whole:
        corpus.ingest(whole, [articles_folder], settings, batch=2, extract_batch=CountingExtract())
    assert _contents(db) == _contents(tmp_path / "whole.db")


def test_a_kill_inside_a_batch_costs_at_most_that_batch(
    tmp_path: Path, articles_folder: Path, settings: Settings
) -> None:
    db, log = tmp_path / "killed.db", tmp_path / "parsed.log"
    _killed_ingest(db, articles_folder, log, die_after=3)  # in the middle of the second batch
    committed = log.read_text("utf-8").split()[:2]
    with Store.open(db) as store:
        again = CountingExtract()
        corpus.ingest(store, [articles_folder], settings, batch=2, extract_batch=again)
    assert not set(again.parsed) & set(committed)
    assert len(again.parsed) == 4
    assert _contents(db)["articles"] == _contents_of_whole(tmp_path, articles_folder, settings)


def _contents_of_whole(tmp_path: Path, folder: Path, settings: Settings) -> Any:
    with Store.open(tmp_path / "whole.db") as whole:
        corpus.ingest(whole, [folder], settings, batch=2, extract_batch=CountingExtract())
    return _contents(tmp_path / "whole.db")["articles"]
