"""Helpers for the web app's tests: stores made through the library's public functions (ingest,
then events saved with `store.events.save`, as the clustering saves them), and the app's test
client on the loopback address.

A module of its own (not conftest.py), so that test modules import it by a name no other test
folder uses."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from rashomon import corpus
from rashomon.config import Settings
from rashomon.model import Article, Extraction, Skipped
from rashomon.serve.app import create_app
from rashomon.store import Store
from rashomon.store import events as event_table
from rashomon.store.events import StoredEvent

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "lakeport-dam"
BASE = "http://127.0.0.1:8000"
SETTINGS = Settings(encoder="tfidf")


def save_event(store: Store, event_id: str, articles: Sequence[str], headline: str | None) -> None:
    """Save an event of `articles` (its dates and outlets from its members), as the
    clustering would; the events the articles leave are updated (and go when left empty), so
    the tests' events stand whatever the clustering made of the articles at ingest."""
    with store.transaction() as connection:
        left = event_table.affected(connection, list(articles))
        event_table.save_one(connection, StoredEvent(event_id, tuple(articles), headline=headline))
        event_table.refresh(connection, [*left, event_id])


def build_example_store(path: Path) -> Path:
    """The three Lakeport articles ingested (the real per-article stage), as event e1."""
    with Store.open(path) as store:
        result = corpus.ingest(store, [str(EXAMPLES)], SETTINGS)
        save_event(store, "e1", result.added, "The Harwick Dam fails above Lakeport")
    return path


def copy_store(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


def client(path: Path, access_token: str | None = None, **kwargs: object) -> TestClient:
    app = create_app(path, SETTINGS, access_token, **kwargs)  # type: ignore[arg-type]
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


def empty_extractions(
    articles: Sequence[Article], settings: Settings, progress: object = None, on_skip: object = None
) -> tuple[list[Extraction], list[Skipped]]:
    """A stand-in for the per-article stage: an empty extraction per article (no spaCy)."""
    made = [
        Extraction(article=a, sentences=(), mentions=(), claims=(), quotes=(), stances=(), dates=())
        for a in articles
    ]
    return made, []


def add_article(store_path: str, event_id: str, title: str, outlet: str, text: str) -> None:
    """Ingest one article (empty extraction) and save it as event `event_id`; run by another
    process in the test that pages reflect the store."""
    folder = Path(store_path).parent / event_id
    folder.mkdir()
    (folder / "article.txt").write_text(
        f"Title: {title}\nOutlet: {outlet}\n\n{text}\n", encoding="utf-8"
    )
    with Store.open(store_path) as store:
        result = corpus.ingest(store, [str(folder)], SETTINGS, extract_batch=empty_extractions)
        save_event(store, event_id, result.added, title)


def csrf_of(web: TestClient) -> str:
    """A CSRF token, from the analyze form as a browser gets it."""
    page = web.get("/analyze").text
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def post_analyze(web: TestClient, files: list[Any] | None = None, **fields: str) -> Any:
    """The analyze form sent with a valid CSRF token, the answer asked for as JSON."""
    return web.post(
        "/analyze",
        data={"csrf": csrf_of(web), **fields},
        files=files,
        headers={"Accept": "application/json"},
    )


def add_stories(store: Store, folder: Path, stories: Sequence[tuple[str, str, str]]) -> list[str]:
    """Ingest one article per (title, outlet, date) from a JSONL file, each with a text of its
    own and an empty extraction (no spaCy); their ids, in the order given."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    records = folder / "stories.jsonl"
    lines = []
    for number, (title, outlet, date) in enumerate(stories):
        text = " ".join(
            f"Sentence {i} of story {number}: the council of Zorblax{number} met officials"
            f" from Quint{number} and Vel{number}x{i} on {date} to talk about it."
            for i in range(4)
        )
        lines.append(json.dumps({"title": title, "outlet": outlet, "date": date, "text": text}))
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus.ingest(store, [str(records)], SETTINGS, extract_batch=empty_extractions)
    ids = {str(r[0]): str(r[1]) for r in store.rows("SELECT title, id FROM articles")}
    return [ids[title] for title, _, _ in stories]


def openapi_errors(web: TestClient, name: str, data: Any) -> list[str]:
    """How `data` breaks the schema `name` of the app's /openapi.json (empty: it fits)."""
    import jsonschema

    document = web.get("/openapi.json").json()
    root = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    validator = jsonschema.Draft202012Validator(root)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
