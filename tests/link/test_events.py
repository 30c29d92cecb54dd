"""Events from a stream of articles (rashomon.link.events), on fictional storms of one coast."""

from __future__ import annotations

import dataclasses
import datetime
import random
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from rashomon.config import Settings, from_env
from rashomon.errors import UsageError
from rashomon.extract.article import extract_article
from rashomon.link.events import Clusterer, Signals, cluster_events, entity_keys, lead_text
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


def test_a_retired_event_is_brought_back_for_a_late_article(
    extractions: dict[str, Extraction],
) -> None:
    clusterer = Clusterer()
    for extraction in stream(extractions, "delia-1", "delia-2", "fenwick-1"):
        clusterer.add(extraction)
    assert clusterer.events[0].retired and not clusterer.events[0].words  # weeks behind
    assert clusterer.add(extractions["delia-late"]) == 0
    assert clusterer.events[0].members == ["delia-1", "delia-2", "delia-late"]


def test_a_forgotten_event_cannot_come_back(extractions: dict[str, Extraction]) -> None:
    clusterer = Clusterer()
    for extraction in stream(extractions, "delia-1", "delia-2", "fenwick-1"):
        clusterer.add(extraction)
    fenwick_2 = extractions["fenwick-2"]
    day = datetime.date.fromisoformat(fenwick_2.article.date or "").toordinal()
    assert not clusterer.forget(1, day) and clusterer.forget(0, day)  # Fenwick is within reach
    assert clusterer.add(fenwick_2) == 1
    with pytest.raises(UsageError, match="forgotten"):
        clusterer.add(extractions["delia-late"])


# -- retiring events changes nothing -----------------------------------------------------------


def _synthetic_stream(seed: int) -> list[tuple[Signals, npt.NDArray[np.float32]]]:
    """Stories over 300 days (some one topic months apart), in date order, then a fifth held
    back 10-120 places (late), and a seventh undated at random places."""
    rng = random.Random(seed)
    common = [f"common{i}" for i in range(40)]
    topics = []
    for t in range(25):
        words = [f"t{t}w{i}" for i in range(30)]
        names = [f"t{t}name{i}" for i in range(6)]
        direction = np.asarray([rng.gauss(0, 1) for _ in range(16)], dtype=np.float32)
        topics.append((words, names, direction))
    items: list[tuple[int, Signals, npt.NDArray[np.float32]]] = []
    for story in range(70):
        words, names, direction = topics[rng.randrange(len(topics))]
        first = rng.randrange(300)
        own = [f"s{story}w{i}" for i in range(8)]
        for n in range(rng.randint(1, 6)):
            day = first + rng.randint(0, 3)
            counts = {w: float(rng.randint(1, 3)) for w in rng.sample(words, 12)}
            counts.update({w: 1.0 for w in rng.sample(common, 6)})
            counts.update({w: 2.0 for w in rng.sample(own, 4)})
            entities = frozenset(rng.sample(names, 3)) | {f"s{story}name"}
            vector = direction + np.asarray([rng.gauss(0, 0.6) for _ in range(16)], np.float32)
            found = Signals(
                article_id=f"s{story}-{n}",
                day=None if rng.random() < 1 / 7 else BASE_DAY + day,
                text_days=frozenset({BASE_DAY + first}) if rng.random() < 0.5 else frozenset(),
                years=frozenset({2031}),
                words=counts,
                entities=entities,
                places=frozenset(sorted(entities)[:1]),
                figures=frozenset({f"{story}|people"}) if rng.random() < 0.3 else frozenset(),
            )
            items.append((day, found, vector))
    items.sort(key=lambda item: (item[0], item[1].article_id))
    ordered = [(found, vector) for _, found, vector in items]
    for _ in range(len(ordered) // 5):
        moved = ordered.pop(rng.randrange(len(ordered)))
        ordered.insert(min(len(ordered), rng.randrange(len(ordered)) + rng.randint(10, 120)), moved)
    return ordered


BASE_DAY = datetime.date(2031, 1, 1).toordinal()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_retiring_events_gives_the_same_events(seed: int) -> None:
    settings = Settings().replace(encoder="tfidf", event_merge=0.6)
    stream = _synthetic_stream(seed)
    assert any(f.day is None for f, _ in stream)
    kept = Clusterer(settings.replace(event_retire_days=None))
    retiring = [Clusterer(settings.replace(event_retire_days=d)) for d in (0, 8)]
    brought_back = behind_the_horizon = 0
    newest = 0
    for found, vector in stream:
        behind_the_horizon += found.day is not None and found.day < newest - 8
        newest = max(newest, found.day or 0)
        expected = kept.add(found, vector)
        for clusterer in retiring:
            retired = {e.id for e in clusterer.events if e.retired}
            assert clusterer.add(found, vector) == expected
            brought_back += clusterer.event_of(found.article_id) in retired
    assert behind_the_horizon > 10 and brought_back > 10
    assert any(e.merged_into is not None for e in kept.events)
    for clusterer in retiring:
        assert clusterer.clusters() == kept.clusters()
        assert [e.merged_into for e in clusterer.events] == [e.merged_into for e in kept.events]
        assert any(e.retired for e in clusterer.events)
        clusterer.close()
