"""The store as Parquet: articles, extractions and events, readable by any Parquet reader."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from fakes import CountingExtract

from rashomon import corpus
from rashomon.config import Settings
from rashomon.model import Extraction
from rashomon.serialize import from_jsonable
from rashomon.store import Store, events
from rashomon.store.events import StoredEvent
from rashomon.store.export import export_parquet
from rashomon.store.extractions import load


def test_export_writes_every_table_as_parquet(
    store: Store, articles_folder: Path, settings: Settings, tmp_path: Path
) -> None:
    corpus.ingest(store, [articles_folder], settings, extract_batch=CountingExtract())
    with store.transaction() as connection:
        events.clear(connection)  # one event placed by hand: ev1
    events.save(store, [StoredEvent("ev1", ("a1", "a2"), headline="Two stories")])
    counts = export_parquet(store, tmp_path / "pq")
    assert counts == {"articles": 6, "extractions": 6, "events": 1, "outlets": 6}

    articles = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    assert [a["id"] for a in articles] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert articles[0]["event_id"] == "ev1" and articles[2]["event_id"] is None
    assert articles[0]["text"].startswith("The Millbrook council")

    extractions = pq.read_table(tmp_path / "pq" / "extractions.parquet").to_pylist()
    data = json.loads(extractions[0]["data"])
    data["article"]["text"] = articles[0]["text"]
    assert from_jsonable(Extraction, data) == load(store, ["a1"]).extractions["a1"]

    (event,) = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert (event["id"], event["headline"], event["articles"]) == (
        "ev1",
        "Two stories",
        ["a1", "a2"],
    )
