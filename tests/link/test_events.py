"""Events from a stream of articles (rashomon.link.events), on fictional storms of one coast."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from rashomon.config import Settings, from_env
from rashomon.errors import UsageError
from rashomon.extract.article import extract_article
from rashomon.link.events import Clusterer, cluster_events, entity_keys, lead_text
from rashomon.model import Article, Extraction

# (id, outlet, date, title, text): two hurricanes strike Port Alder eight weeks apart
DELIA_1 = (
    "delia-1",
    "Port Alder Herald",
    "2031-09-04",
    "Hurricane Delia floods Port Alder harbour",
    "PORT ALDER — Hurricane Delia made landfall near Port Alder on Wednesday, September 3, "
    "flooding the harbour district and cutting power to 40,000 homes, Mayor Ines Kowalczyk "
    "said. The storm's winds reached 150 km/h. Kowalczyk ordered the evacuation of the "
    "Eastbank quarter.",
)
DELIA_2 = (
    "delia-2",
    "Sallow Valley Courier",
    "2031-09-05",
    "Delia leaves 40,000 homes without power in Port Alder",
    "Hurricane Delia struck Port Alder on Wednesday with winds of 150 km/h, leaving 40,000 "
    "homes without electricity. Mayor Ines Kowalczyk said the Eastbank quarter had been "
    "evacuated and that the harbour would stay closed until Friday.",
)
FENWICK_1 = (
    "fenwick-1",
    "Port Alder Herald",
    "2031-10-29",
    "Hurricane Fenwick batters the coast south of Port Alder",
    "PORT ALDER — Hurricane Fenwick hit the coast south of Port Alder on Tuesday, October 28, "
    "destroying the Saltmarsh pier and injuring 12 people, the coast guard said. Fenwick is the "
    "second hurricane to strike the region this season. Commander Ruth Abernathy said rescue "
    "teams were searching the Saltmarsh dunes.",
)
FENWICK_2 = (
    "fenwick-2",
    "Caldermoor Daily Post",
    "2031-10-30",
    "Fenwick destroys Saltmarsh pier, 12 injured",
    "Hurricane Fenwick tore through the Saltmarsh coast on Tuesday, destroying its pier and "
    "injuring 12 people. Coast guard commander Ruth Abernathy said teams were searching the "
    "dunes south of Port Alder.",
)
# published on the third day of Delia, arriving after the Fenwick reports
DELIA_LATE = (
    "delia-late",
    "Caldermoor Daily Post",
    "2031-09-06",
    "Port Alder counts the cost of Hurricane Delia",
    "Three days after Hurricane Delia flooded the harbour district, Mayor Ines Kowalczyk said "
    "40,000 homes in Port Alder were still without power and the Eastbank quarter remained "
    "closed to residents.",
)
DELIA_UNDATED = (
    "delia-undated",
    "Sallow Valley Courier",
    None,
    "Power returns to Eastbank after Hurricane Delia",
    "Electricity returned to parts of the Eastbank quarter of Port Alder after Hurricane Delia "
    "flooded the harbour, Mayor Ines Kowalczyk said. Thousands of homes are still dark.",
)
# another story altogether
BUDGET = (
    "budget",
    "Caldermoor Daily Post",
    "2031-09-05",
    "Caldermoor council adopts its school budget",
    "The Caldermoor county council adopted a school budget of 3.1 million crowns on Thursday "
    "after a vote of 9 to 4. Councillor Amos Feld said the new library wing would open in May.",
)


@pytest.fixture(scope="module")
def extractions(nlp: Any) -> dict[str, Extraction]:
    settings = Settings()
    found = {}
    for article_id, outlet, date, title, text in (
        DELIA_1,
        DELIA_2,
        FENWICK_1,
        FENWICK_2,
        DELIA_LATE,
        DELIA_UNDATED,
        BUDGET,
    ):
        article = Article(id=article_id, text=text, outlet=outlet, title=title, date=date)
        found[article_id] = extract_article(article, nlp(text), settings)
    return found


def stream(extractions: dict[str, Extraction], *ids: str) -> list[Extraction]:
    return [extractions[i] for i in ids]


def test_two_storms_on_one_coast_are_two_events(extractions: dict[str, Extraction]) -> None:
    events = cluster_events(
        stream(extractions, "delia-1", "fenwick-1", "delia-2", "fenwick-2", "budget")
    )
    assert events == [["delia-1", "delia-2"], ["fenwick-1", "fenwick-2"], ["budget"]]


def test_events_weeks_apart_are_not_candidates(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    for extraction in stream(extractions, "delia-1", "fenwick-1"):
        clusterer.add(extraction)
    assert [c.event for c in clusterer.compare(extractions["delia-late"])] == [0]
    assert [c.event for c in clusterer.compare(extractions["fenwick-2"])] == [1]


def test_late_article_joins_the_older_event(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    for extraction in stream(extractions, "delia-1", "delia-2", "fenwick-1", "fenwick-2"):
        clusterer.add(extraction)
    assert clusterer.add(extractions["delia-late"]) == 0
    assert clusterer.clusters()[0] == ["delia-1", "delia-2", "delia-late"]


def test_article_without_a_date_joins_its_event(extractions: dict[str, Extraction]) -> None:
    events = cluster_events(
        stream(extractions, "delia-1", "fenwick-1", "delia-2", "budget", "delia-undated")
    )
    assert ["delia-1", "delia-2", "delia-undated"] in events


def test_event_ids_do_not_change_as_articles_arrive(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    given = {}
    order = ("delia-1", "budget", "fenwick-1", "delia-2", "fenwick-2", "delia-late")
    for article_id in order:
        given[article_id] = clusterer.add(extractions[article_id])
        assert {a: clusterer.event_of(a) for a in given} == given
    assert given == {
        "delia-1": 0,
        "budget": 1,
        "fenwick-1": 2,
        "delia-2": 0,
        "fenwick-2": 2,
        "delia-late": 0,
    }


def test_same_stream_gives_the_same_events(extractions: dict[str, Extraction]) -> None:
    order = stream(extractions, "fenwick-2", "delia-2", "budget", "delia-1", "fenwick-1")
    first = cluster_events(order)
    assert cluster_events(order) == first
    assert first == [["fenwick-2", "fenwick-1"], ["delia-2", "delia-1"], ["budget"]]


def test_merge_keeps_the_older_id(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    assert clusterer.add(extractions["delia-1"], into=0) == 0
    assert clusterer.add(extractions["budget"], into=1) == 1
    assert clusterer.add(extractions["delia-2"], into=2) == 2
    assert clusterer.merge(2, 0) == 0
    assert clusterer.events[2].merged_into == 0
    assert clusterer.event_of("delia-2") == 0
    assert clusterer.clusters() == [["delia-1", "delia-2"], ["budget"]]


def test_article_in_two_events_merges_them(extractions: dict[str, Extraction]) -> None:
    settings = Settings().replace(event_merge=0.0, event_join=0.0)
    clusterer = Clusterer(settings)
    clusterer.add(extractions["delia-1"], into=0)
    clusterer.add(extractions["delia-2"], into=1)
    assert clusterer.add(extractions["delia-late"]) == 0
    assert clusterer.events[1].merged_into == 0
    assert clusterer.clusters() == [["delia-1", "delia-late", "delia-2"]]


def test_state_is_rebuilt_from_recorded_events(extractions: dict[str, Extraction]) -> None:
    order = ("delia-1", "fenwick-1", "delia-2", "fenwick-2", "budget")
    decided = Clusterer()
    recorded = {a: decided.add(extractions[a]) for a in order}
    rebuilt = Clusterer()
    for article_id in order:
        rebuilt.add(extractions[article_id], into=recorded[article_id])
    assert rebuilt.clusters() == decided.clusters()
    assert rebuilt.add(extractions["delia-late"]) == decided.add(extractions["delia-late"])


def test_an_article_is_added_once(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    clusterer.add(extractions["delia-1"])
    with pytest.raises(UsageError, match="already in an event"):
        clusterer.add(extractions["delia-1"])
    with pytest.raises(UsageError, match="no event 5"):
        clusterer.add(extractions["delia-2"], into=5)


def test_weights_must_match_the_features() -> None:
    with pytest.raises(UsageError, match="event_weights"):
        Clusterer(Settings().replace(event_weights=(1.0, 2.0), encoder="tfidf"))


def test_candidates_share_a_key_with_the_article(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    clusterer.add(extractions["delia-1"])
    assert [c.event for c in clusterer.compare(extractions["delia-2"])] == [0]
    delia = extractions["delia-2"]
    keyless = dataclasses.replace(
        delia,
        article=dataclasses.replace(delia.article, id="keyless"),
        term_counts={},
        mentions=(),
        claims=(),
        title_units=frozenset(),
    )
    assert clusterer.compare(keyless) == []


def test_entity_keys_drop_the_article_and_keep_the_surname() -> None:
    assert entity_keys("The Federal Reserve's", "ORG") == {"federal reserve"}
    assert entity_keys("Ines Kowalczyk", "PERSON") == {"ines kowalczyk", "kowalczyk"}


def test_lead_text_is_the_title_and_the_first_sentences(
    extractions: dict[str, Extraction],
) -> None:
    lead = lead_text(extractions["delia-1"], words=10)
    assert lead.startswith("Hurricane Delia floods Port Alder harbour\nPORT ALDER — ")
    assert "Eastbank" not in lead


def test_event_weights_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    size = len(Settings().event_weights)
    monkeypatch.setenv("RASHOMON_EVENT_WEIGHTS", ",".join(["0.5"] * size))
    assert from_env().event_weights == (0.5,) * size
