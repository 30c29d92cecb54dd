"""The outlets pages over every event of the store: an outlet's events covered and left out
(that two or more others covered), paged; its counts by month and by week; and the facts it
never reports, read for the events of one page.

The store: the example event e1 (three outlets, the Herald among them) and 45 events of two or
three other outlets, three days apart, none of them the Herald's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from servetools import add_stories, client, copy_store, save_event

from rashomon.serve import pages
from rashomon.store import Store
from rashomon.store import events as event_table

HERALD = "The Port Alder Herald"
CALDERMOOR = "Caldermoor Daily Post"
EVENTS = 45


def _day(k: int) -> str:
    return (date(2024, 1, 1) + timedelta(days=3 * k)).isoformat()


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory, example_store: Path) -> Path:
    folder = tmp_path_factory.mktemp("outlets")
    path = copy_store(example_store, folder / "many.db")
    stories = []
    for k in range(EVENTS):
        stories += [
            (f"North {k}", "The North Star", _day(k)),
            (f"South {k}", "The South Wind", _day(k)),
        ]
        if k % 3 == 0:
            stories.append((f"Caldermoor {k}", CALDERMOOR, _day(k)))
    with Store.open(path) as store:
        added = add_stories(store, folder, stories)
        ids = dict(zip((title for title, _, _ in stories), added, strict=True))
        for k in range(EVENTS):
            members = [ids[t] for t in (f"North {k}", f"South {k}", f"Caldermoor {k}") if t in ids]
            save_event(store, f"s{k}", members, f"Story {k}")
    return path


@pytest.fixture(scope="module")
def many_web(many: Path) -> TestClient:
    return client(many)


def _brute_force(path: Path, period: str) -> dict[str, dict[str, tuple[int, int]]]:
    """Per outlet and period, (covered, left out), counted in Python from every live event."""
    with Store.open(path) as store:
        outlet_of = {
            str(r[0]): str(r[1])
            for r in store.rows(
                "SELECT a.id, o.name FROM articles AS a JOIN outlets AS o ON o.id = a.outlet_id"
            )
        }
        names = set(outlet_of.values())
        found: dict[str, dict[str, list[int]]] = {n: defaultdict(lambda: [0, 0]) for n in names}
        for event in event_table.list_events(store):
            covering = {outlet_of[a] for a in event.articles}
            if not covering:
                continue
            last = date.fromisoformat(event.last_date) if event.last_date else None
            key = (
                "undated"
                if last is None
                else last.isoformat()[:7]
                if period == "month"
                else (last - timedelta(days=last.weekday())).isoformat()
            )
            for name in names:
                if name in covering:
                    found[name][key][0] += 1
                elif len(covering) >= 2:
                    found[name][key][1] += 1
    return {n: {k: (v[0], v[1]) for k, v in per.items()} for n, per in found.items()}


def test_outlets_page_counts_every_event_as_a_count_in_python_does(
    many: Path, many_web: TestClient
) -> None:
    expected = _brute_force(many, "month")
    data = many_web.get("/outlets.json").json()
    assert {o["name"] for o in data["outlets"]} == set(expected)
    for outlet in data["outlets"]:
        months = {m["month"]: (m["covered"], m["left_out"]) for m in outlet["by_month"]}
        assert months == expected[outlet["name"]], outlet["name"]
        assert outlet["events_covered"] == sum(c for c, _ in months.values())
        assert outlet["events_left_out"] == sum(lo for _, lo in months.values())
    herald = next(o for o in data["outlets"] if o["name"] == HERALD)
    assert (herald["events_covered"], herald["events_left_out"]) == (1, EVENTS)


def test_outlet_page_counts_by_week_as_a_count_in_python_does(
    many: Path, many_web: TestClient
) -> None:
    expected = _brute_force(many, "week")
    for name in (HERALD, CALDERMOOR, "The North Star"):
        data = many_web.get(f"/outlets/{name}.json").json()
        weeks = {w["week"]: (w["covered"], w["left_out"]) for w in data["by_week"]}
        assert weeks == expected[name], name
        assert all(date.fromisoformat(w).weekday() == 0 for w in weeks)  # named by Monday
    herald = many_web.get(f"/outlets/{HERALD}.json").json()
    assert {"week": "2024-03-04", "covered": 1, "left_out": 3} in herald["by_week"]


def test_outlet_page_pages_through_every_event_the_latest_first(many_web: TestClient) -> None:
    first = many_web.get(f"/outlets/{HERALD}.json").json()
    assert (first["total"], first["pages"], first["page"]) == (EVENTS + 1, 3, 1)
    seen = []
    for page in (1, 2, 3):
        data = many_web.get(f"/outlets/{HERALD}.json?page={page}").json()
        assert len(data["events"]) == (20 if page < 3 else EVENTS + 1 - 40)
        seen += data["events"]
    assert len({e["id"] for e in seen}) == EVENTS + 1
    dates = [e["last_date"] for e in seen]
    assert dates == sorted(dates, reverse=True)
    assert [e["id"] for e in seen if e["covered"]] == ["e1"]
    # a page past the last is the last
    assert many_web.get(f"/outlets/{HERALD}.json?page=9").json()["page"] == 3


def test_outlet_page_shows_only_the_events_left_out_or_covered(many_web: TestClient) -> None:
    left_out = many_web.get(f"/outlets/{HERALD}.json?only=left_out&page=3").json()
    assert (left_out["total"], left_out["pages"], len(left_out["events"])) == (EVENTS, 3, 5)
    assert not any(e["covered"] for e in left_out["events"])
    covered = many_web.get(f"/outlets/{CALDERMOOR}.json?only=covered").json()
    assert covered["total"] == 1 + len(range(0, EVENTS, 3))
    assert all(e["covered"] for e in covered["events"])
    assert many_web.get(f"/outlets/{HERALD}.json?only=some").status_code == 422


def test_outlet_page_reads_the_facts_never_reported_for_the_events_of_its_page(
    many_web: TestClient,
) -> None:
    data = many_web.get(f"/outlets/{HERALD}.json?page=3").json()
    assert data["blindspot_events"] == len(data["events"]) == 6
    assert all(isinstance(e["never_reports"], list) for e in data["events"])
    page = many_web.get(f"/outlets/{HERALD}?only=left_out").text
    assert "Events 1–20 of 45" in page
    assert "read for the 20 events of this page" in page
    assert 'href="/outlets/The%20Port%20Alder%20Herald?only=left_out&amp;page=2"' in page


def test_outlet_page_draws_its_weeks(many_web: TestClient) -> None:
    page = many_web.get(f"/outlets/{CALDERMOOR}").text
    assert 'class="wk-covered"' in page and 'class="wk-left_out"' in page
    assert "week of 2024-03-04: 2 covered" in page
    assert "<script" not in page and "style=" not in page


def test_week_chart_places_every_week_from_the_first_to_the_last() -> None:
    chart = pages.week_chart(
        [
            pages.Tally("2024-01-01", 2, 0),
            pages.Tally("2024-01-22", 0, 1),
            pages.Tally("undated", 5, 5),
        ]
    )
    assert chart is not None
    assert chart.weeks == 4 and chart.cut == 0 and chart.top == 2
    assert [b.week for b in chart.bars if b.count] == ["2024-01-01", "2024-01-22"]
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.y == chart.axis - tallest.height and tallest.kind == "covered"
    assert pages.week_chart([pages.Tally("undated", 1, 0)]) is None
