"""Events as the store keeps them (the clustering writes them through store.events), full-text
search, and `forget`, which takes articles out of their events."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import CountingExtract
from storetools import write_articles

from rashomon import corpus
from rashomon.config import Settings
from rashomon.errors import UsageError
from rashomon.model import Span
from rashomon.store import Store, events
from rashomon.store.events import StoredEvent
from rashomon.store.search import search


@pytest.fixture
def filled(store: Store, tmp_path: Path, settings: Settings) -> Store:
    """Six articles, in no event: a1-a3 (bridge, ferry, library) of three outlets, a4-a6 of
    one more."""
    outlets = {"bridge": "NYT", "ferry": "nytimes.com", "library": "The Millbrook Ledger"}
    folder = write_articles(tmp_path / "one", ["bridge", "ferry", "library"], outlets)
    corpus.ingest(store, [folder], settings, extract_batch=CountingExtract())
    folder = write_articles(tmp_path / "two", ["school", "market", "storm"])
    corpus.ingest(store, [folder], settings, extract_batch=CountingExtract())
    with store.transaction() as connection:
        connection.execute("UPDATE articles SET date = '2026-03-0' || seq")
        events.clear(connection)  # these tests place articles in events by hand
    return store


def _event(event_id: str, members: tuple[str, ...], **fields: object) -> StoredEvent:
    return StoredEvent(id=event_id, articles=members, **fields)  # type: ignore[arg-type]


def test_an_event_is_saved_with_its_members_and_read_back(filled: Store) -> None:
    citation = Span("a1", 4, 13, "Millbrook")
    event = _event(
        "ev1",
        ("a1", "a3"),
        headline="Millbrook closes a bridge",
        citations=(citation,),
        first_date="2026-03-01",
        last_date="2026-03-03",
        outlets=("The New York Times", "The Millbrook Ledger"),
    )
    events.save(filled, [event])
    assert events.get(filled, "ev1") == event
    assert events.of_article(filled, "a3") == "ev1"
    assert events.of_article(filled, "a2") is None


def test_saving_an_event_again_keeps_its_id_and_takes_a_new_member(filled: Store) -> None:
    events.save(filled, [_event("ev1", ("a1",))])
    events.save(filled, [_event("ev1", ("a1", "a2"), headline="later")])
    event = events.get(filled, "ev1")
    assert event is not None and event.articles == ("a1", "a2")
    assert filled.row("SELECT count(*) FROM events")[0] == 1


def test_an_article_is_in_one_event_at_most(filled: Store) -> None:
    events.save(filled, [_event("ev1", ("a1", "a2")), _event("ev2", ("a2", "a3"))])
    assert events.of_article(filled, "a2") == "ev2"
    first = events.get(filled, "ev1")
    assert first is not None and first.articles == ("a1",)


def test_a_merge_keeps_the_older_id_and_the_other_points_to_it(filled: Store) -> None:
    events.save(filled, [_event("ev1", ("a1",)), _event("ev2", ("a2", "a3"))])
    events.merge(filled, keep="ev1", gone="ev2")
    merged = events.get(filled, "ev2")  # an old link lands on the event that absorbed it
    assert merged is not None and merged.id == "ev1"
    assert merged.articles == ("a1", "a2", "a3")
    assert merged.outlets == ("The Millbrook Ledger", "The New York Times")
    gone = events.get(filled, "ev2", follow=False)
    assert gone is not None and gone.merged_into == "ev1" and gone.articles == ()
    assert [e.id for e in events.list_events(filled)] == ["ev1"]


def test_events_are_listed_by_date_outlet_and_words(filled: Store) -> None:
    events.save(
        filled,
        [
            _event("ev1", ("a1", "a2", "a3"), last_date="2026-03-03"),
            _event("ev2", ("a4",), last_date="2026-03-04"),
        ],
    )
    assert [e.id for e in events.list_events(filled)] == ["ev2", "ev1"]
    assert [e.id for e in events.list_events(filled, since="2026-03-04")] == ["ev2"]
    assert [e.id for e in events.list_events(filled, outlet="New York Times")] == ["ev1"]
    assert [e.id for e in events.list_events(filled, search="ferry workers")] == ["ev1"]
    assert [e.id for e in events.list_events(filled, search='farmers "market')] == ["ev2"]
    assert [e.id for e in events.list_events(filled, min_outlets=2)] == ["ev1"]
    # NYT and nytimes.com are one outlet: ev1 has two, not three
    assert [e.id for e in events.list_events(filled, min_outlets=3)] == []


def test_full_text_search_finds_titles_and_bodies(filled: Store) -> None:
    hits = search(filled, "basement maps")
    assert [h.id for h in hits] == ["a3"]
    assert "[basement]" in hits[0].snippet
    assert [h.id for h in search(filled, "storm")] == ["a6"]
    assert search(filled, "-:*") == []


def test_forget_an_article_updates_its_event(filled: Store) -> None:
    events.save(filled, [_event("ev1", ("a1", "a3"), outlets=("x",))])
    assert corpus.forget(filled, ["a3"]) == ["a3"]
    event = events.get(filled, "ev1")
    assert event is not None
    assert event.articles == ("a1",)
    assert (event.first_date, event.last_date, event.outlets) == (
        "2026-03-01",
        "2026-03-01",
        ("The New York Times",),
    )
    assert search(filled, "basement") == []


def test_forget_an_outlet_by_any_alias_removes_its_articles_and_empty_events(
    filled: Store,
) -> None:
    events.save(filled, [_event("ev1", ("a1", "a2")), _event("ev2", ("a3",))])
    assert corpus.forget(filled, outlet="NYT") == ["a1", "a2"]
    assert events.get(filled, "ev1") is None
    assert [e.id for e in events.list_events(filled)] == ["ev2"]
    assert filled.row("SELECT count(*) FROM extractions")[0] == 4


def test_forgotten_ids_are_never_given_again(filled: Store, tmp_path: Path) -> None:
    corpus.forget(filled, ["a6"])
    folder = write_articles(tmp_path / "three", ["storm"])
    result = corpus.ingest(filled, [folder], Settings(), extract_batch=CountingExtract())
    assert result.added == ("a7",)


def test_forget_names_what_it_cannot_find(filled: Store) -> None:
    with pytest.raises(UsageError, match="no article 'a99'"):
        corpus.forget(filled, ["a99"])
    with pytest.raises(UsageError, match="no outlet 'Le Monde'"):
        corpus.forget(filled, outlet="Le Monde")
