"""Every page of the web app and its JSON twin, over the example store (event e1: the three
Lakeport articles)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from servetools import save_event

from rashomon.render.json import validate
from rashomon.store import Store, events
from rashomon.store.events import StoredEvent

HERALD = "The Port Alder Herald"


def events_schema() -> dict[str, Any]:
    schema = resources.files("rashomon.render").joinpath("events.schema.json")
    if not schema.is_file():
        pytest.skip("render/events.schema.json is not on this branch yet")
    loaded: dict[str, Any] = json.loads(schema.read_text("utf-8"))
    return loaded


def test_events_page_lists_the_event_with_its_outlets_and_links(web: TestClient) -> None:
    page = web.get("/events")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "The Harwick Dam fails above Lakeport" in page.text
    assert 'href="/events/e1"' in page.text
    assert HERALD in page.text
    assert 'href="/articles/a1"' in page.text


def test_events_json_twin_is_the_events_list_with_the_pages_data(web: TestClient) -> None:
    data = web.get("/events.json").json()
    assert data["schema"] == "rashomon.events/1"
    assert [e["id"] for e in data["events"]] == ["e1"]
    event = data["events"][0]
    assert event["headline"]["text"] == "The Harwick Dam fails above Lakeport"
    assert sorted(a["id"] for a in event["articles"]) == ["a1", "a2", "a3"]
    assert (data["total"], data["page"], data["pages"]) == (1, 1, 1)
    assert HERALD in data["outlets"]


def test_events_json_validates_against_the_events_schema(web: TestClient) -> None:
    jsonschema.validate(web.get("/events.json").json(), events_schema())


def test_accept_json_gives_the_twin_at_the_pages_address(web: TestClient) -> None:
    page = web.get("/events", headers={"Accept": "application/json"})
    assert page.headers["content-type"].startswith("application/json")
    assert page.json() == web.get("/events.json").json()


def test_events_search_uses_the_full_text_index(web: TestClient) -> None:
    assert [e["id"] for e in web.get("/events.json?q=Harwick").json()["events"]] == ["e1"]
    assert web.get("/events.json?q=zeppelin").json()["events"] == []
    # FTS5 syntax in the query is searched as words, never an error
    assert web.get("/events.json", params={"q": 'dam" OR -"x'}).status_code == 200


def test_events_filter_by_outlet_and_dates(web: TestClient) -> None:
    ids = lambda query: [e["id"] for e in web.get(f"/events.json?{query}").json()["events"]]  # noqa: E731
    assert ids(f"outlet={HERALD}") == ["e1"]
    assert ids("outlet=Nobody") == []
    assert ids("since=2024-03-01&until=2024-03-31") == ["e1"]
    assert ids("since=2024-04-01") == []
    assert ids("until=2024-03-01") == []


def test_events_bad_date_is_a_coded_400(web: TestClient) -> None:
    answer = web.get("/events.json?since=yesterday")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "E_BAD_DATE"


def test_events_most_disputed_first_and_pagination(store_path: Path, web: TestClient) -> None:
    with Store.open(store_path) as store:
        # events without members (kept as saved: no refresh), dated after e1
        events.save(
            store,
            [
                StoredEvent(
                    f"e{n}", (), f"Event {n}", first_date="2024-04-01", last_date="2024-04-01"
                )
                for n in range(2, 32)
            ],
        )
    web.get("/events/e1")  # its report records its disputed count
    data = web.get("/events.json?sort=disputed").json()
    assert data["events"][0]["id"] == "e1" and data["events"][0]["disputed"] > 0
    assert (data["total"], data["pages"], len(data["events"])) == (31, 2, 25)
    second = web.get("/events.json?sort=disputed&page=2").json()
    assert len(second["events"]) == 6
    assert not {e["id"] for e in second["events"]} & {e["id"] for e in data["events"]}
    page = web.get("/events?sort=disputed")
    assert 'rel="next"' in page.text and "page=2" in page.text


def test_event_page_embeds_the_report_and_the_coverage_strip(web: TestClient) -> None:
    page = web.get("/events/e1")
    assert page.status_code == 200
    assert '<section id="disputed">' in page.text
    assert "<svg" in page.text and 'class="cov-dot"' in page.text
    assert page.text.count('class="cov-dot"') == 3
    assert 'href="/articles/a1"' in page.text
    assert "<script" not in page.text and "style=" not in page.text


def test_event_json_is_the_report_contract_with_its_event(web: TestClient) -> None:
    data = web.get("/events/e1.json").json()
    validate(data)
    assert data["schema"] == "rashomon.report/1"
    assert data["event"]["id"] == "e1"
    assert any(c["verdict"] == "conflict" for c in data["comparisons"])
    assert web.get("/events/e1", headers={"Accept": "application/json"}).json() == data


def test_unknown_event_is_a_coded_404_in_both_forms(web: TestClient) -> None:
    answer = web.get("/events/e404.json")
    assert answer.status_code == 404
    assert answer.json() == {
        "error": {
            "code": "E_NO_EVENT",
            "message": "no event 'e404' in the store",
            "hint": "check the address; the list is at /events",
        }
    }
    page = web.get("/events/e404")
    assert page.status_code == 404 and "E_NO_EVENT" in page.text


def test_article_page_highlights_extracted_items_linked_to_the_report(web: TestClient) -> None:
    page = web.get("/articles/a2")
    assert page.status_code == 200
    assert 'class="hl hl-claim' in page.text
    assert "hl-quote" in page.text
    # an item the event's report uses links to its place on the event page
    assert re.search(r'class="used-link" href="/events/e1#span-a2-\d+-\d+"', page.text)
    data = web.get("/articles/a2.json").json()
    assert data["article"]["id"] == "a2" and data["event"] == "e1"
    kinds = {i["kind"] for i in data["items"]}
    assert {"claim", "figure", "quote"} <= kinds
    used = [i for i in data["items"] if i["used_at"]]
    assert used and all(i["used"] for i in used)
    text = data["article"]["text"]
    for item in data["items"]:
        span = item["span"]
        assert text[span["start"] : span["end"]] == span["text"]


def test_unknown_article_is_a_coded_404(web: TestClient) -> None:
    answer = web.get("/articles/a999.json")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "E_NO_ARTICLE"


def test_outlets_page_counts_events_covered_and_left_out(store_path: Path) -> None:
    from servetools import client

    with Store.open(store_path) as store:
        # e1 without the Herald, and an event of the Herald alone
        herald = [r[0] for r in store.rows("SELECT id FROM articles WHERE outlet = ?", (HERALD,))]
        others = [r[0] for r in store.rows("SELECT id FROM articles WHERE outlet != ?", (HERALD,))]
        save_event(store, "e1", others, "The dam")
        save_event(store, "e2", herald, "The Herald alone")
    web = client(store_path)
    data = web.get("/outlets.json").json()
    by_name = {o["name"]: o for o in data["outlets"]}
    assert by_name[HERALD]["events_covered"] == 1
    assert by_name[HERALD]["events_left_out"] == 1
    assert by_name[HERALD]["by_month"] == [{"month": "2024-03", "covered": 1, "left_out": 1}]
    assert HERALD in web.get("/outlets").text
    one = web.get(f"/outlets/{HERALD}.json").json()
    left_out = next(e for e in one["events"] if e["id"] == "e1")
    assert left_out["covered"] is False
    # the claim-level blindspot: every disputed and agreed fact of e1 is one it never reports
    verdicts = {f["verdict"] for f in left_out["never_reports"]}
    assert verdicts <= {"conflict", "agree"} and "conflict" in verdicts
    page = web.get(f"/outlets/{HERALD}")
    assert "left out" in page.text and "#comparison-" in page.text


def test_outlet_page_names_the_facts_an_outlet_never_reports(web: TestClient) -> None:
    data = web.get(f"/outlets/{HERALD}.json").json()
    event = data["events"][0]
    assert event["covered"] is True
    assert isinstance(event["never_reports"], list)
    report = web.get("/events/e1.json").json()
    herald = {a["id"] for a in report["articles"] if a["outlet"] == HERALD}
    for fact in event["never_reports"]:
        comparison = next(c for c in report["comparisons"] if c["id"] == fact["comparison"])
        assert not herald & {a for p in comparison["positions"] for a in p["articles"]}


def test_unknown_outlet_is_a_coded_404(web: TestClient) -> None:
    assert web.get("/outlets/Nobody.json").json()["error"]["code"] == "E_NO_OUTLET"


def test_openapi_documents_the_pages(web: TestClient) -> None:
    schema = web.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/articles/{article_id}", "/outlets"} <= set(
        schema["paths"]
    )
    assert web.get("/docs").status_code == 404  # its page would load scripts from a CDN


def test_unknown_address_is_the_one_error_shape(web: TestClient) -> None:
    answer = web.get("/nowhere", headers={"Accept": "application/json"})
    assert answer.status_code == 404
    assert set(answer.json()["error"]) == {"code", "message", "hint"}
    page = web.get("/nowhere")
    assert page.status_code == 404 and "<!doctype html>" in page.text


def test_a_failure_inside_a_page_is_a_500_without_a_trace(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.serve import pages

    def broken(*args: object) -> None:
        raise RuntimeError("secret internals /home/user/path")

    monkeypatch.setattr(pages, "events_page", broken)
    for accept in ("application/json", "text/html"):
        answer = web.get("/events", headers={"Accept": accept})
        assert answer.status_code == 500
        assert "secret internals" not in answer.text and "Traceback" not in answer.text
        assert "E_INTERNAL" in answer.text
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_missing_store_is_a_coded_503(tmp_path: Path) -> None:
    from servetools import client

    answer = client(tmp_path / "absent.db").get("/events.json")
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "E_STORE"


def test_pages_reflect_the_store_written_by_another_process(
    store_path: Path, web: TestClient
) -> None:
    assert [e["id"] for e in web.get("/events.json").json()["events"]] == ["e1"]
    web.get("/events/e1")
    text = (
        "The Lakeport ferry resumed service on Friday after the flood waters fell, the harbour "
        "master said, and hundreds of residents crossed the lake again."
    )
    here = Path(__file__).parent
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, servetools; servetools.add_article(*sys.argv[1:])",
            str(store_path),
            "e2",
            "A late report",
            "The Late Gazette",
            text,
        ],
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(here), *sys.path])},
    )
    assert {e["id"] for e in web.get("/events.json").json()["events"]} == {"e1", "e2"}
    assert "A late report" in web.get("/events").text
    assert "The Late Gazette" in web.get("/outlets").text


def test_static_stylesheets_are_served(web: TestClient) -> None:
    for name in ("report.css", "app.css"):
        answer = web.get(f"/static/{name}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    assert ".cols-3" in web.get("/static/report.css").text


def test_concurrent_requests_each_read_the_store_in_their_own_thread(web: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    addresses = ["/events", "/events/e1", "/articles/a1.json", "/outlets"] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda address: web.get(address).status_code, addresses))
    assert codes == [200] * len(addresses)
