"""Reports from the store: built from stored extractions; a stale one is made again and kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import CountingExtract

from rashomon import corpus
from rashomon.config import Settings
from rashomon.errors import UsageError
from rashomon.store import Store, events
from rashomon.store.events import StoredEvent


@pytest.fixture
def ingested(store: Store, articles_folder: Path, settings: Settings) -> Store:
    corpus.ingest(store, [articles_folder], settings, extract_batch=CountingExtract())
    return store


def test_a_report_reads_stored_extractions_and_parses_nothing(
    ingested: Store, settings: Settings
) -> None:
    extract = CountingExtract()
    report = corpus.report_for_articles(ingested, ["a1", "a2"], settings, extract_batch=extract)
    assert extract.parsed == []
    assert [a.id for a in report.articles] == ["a1", "a2"]
    assert report.articles[0].text.startswith("The Millbrook council")


def test_a_stale_extraction_is_made_again_for_the_report_and_stored(
    ingested: Store, settings: Settings
) -> None:
    with ingested.transaction() as connection:
        connection.execute("UPDATE extractions SET version = 0 WHERE article_id = 'a2'")
    extract = CountingExtract()
    corpus.report_for_articles(ingested, ["a1", "a2"], settings, extract_batch=extract)
    assert extract.parsed == ["ferry"]
    corpus.report_for_articles(ingested, ["a1", "a2"], settings, extract_batch=extract)
    assert extract.parsed == ["ferry"]  # stored the first time: not made again


def test_an_outlet_renamed_since_shows_under_its_new_name(
    ingested: Store, settings: Settings, tmp_path: Path
) -> None:
    with ingested.transaction() as connection:
        connection.execute("UPDATE outlets SET name = 'Ledger' WHERE id = 1")
    report = corpus.report_for_articles(ingested, ["a1"], settings)
    assert report.articles[0].outlet == "Ledger"


def test_an_event_report_names_its_event(ingested: Store, settings: Settings) -> None:
    events.save(ingested, [StoredEvent("ev1", ("a1", "a3"), headline="Two")])
    event, report = corpus.report_for_event(ingested, "ev1", settings)
    assert report.event is not None and report.event["id"] == "ev1"
    assert event.disputed == 0
    assert ingested.row("SELECT disputed FROM events WHERE id = 'ev1'")[0] == 0


def test_a_report_names_the_articles_it_cannot_find(ingested: Store, settings: Settings) -> None:
    with pytest.raises(UsageError, match="no article a42"):
        corpus.report_for_articles(ingested, ["a1", "a42"], settings)
