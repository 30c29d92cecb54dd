"""/openapi.json names the shape of every JSON twin (typed models; the shipped JSON Schema
files for the report and the events list), and each twin's JSON fits the shape it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from servetools import client, openapi_errors

HERALD = "The%20Port%20Alder%20Herald"


def _schema_of(document: dict[str, Any], path: str, status: str, method: str = "get") -> str:
    content = document["paths"][path][method]["responses"][status]["content"]
    ref: str = content["application/json"]["schema"]["$ref"]
    return ref.removeprefix("#/components/schemas/")


def test_openapi_names_the_shapes_of_the_json_twins(web: TestClient) -> None:
    document = web.get("/openapi.json").json()
    names = set(document["components"]["schemas"])
    assert {
        "ErrorBody",
        "EventsPage",
        "RashomonEvents",
        "RashomonEvents_event",
        "RashomonReport",
        "OutletsPage",
        "OutletPage",
        "ArticlePage",
        "Job",
    } <= names
    assert _schema_of(document, "/events", "200") == "EventsPage"
    assert _schema_of(document, "/events/{event_id}", "200") == "RashomonReport"
    assert _schema_of(document, "/outlets", "200") == "OutletsPage"
    assert _schema_of(document, "/outlets/{name}", "200") == "OutletPage"
    assert _schema_of(document, "/analyze", "202", "post") == "Job"
    for path in ("/events", "/events/{event_id}", "/articles/{article_id}", "/outlets/{name}"):
        assert _schema_of(document, path, "4XX") == "ErrorBody"
        assert "422" not in document["paths"][path]["get"]["responses"]  # not FastAPI's own
    error = document["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"code", "message", "hint"}
    # the events of a page are the shipped contract's, not a copy of it
    events = document["components"]["schemas"]["EventsPage"]["properties"]["events"]
    assert events["items"] == {"$ref": "#/components/schemas/RashomonEvents_event"}
    assert "$defs" not in str(document)  # every reference of the shipped files moved along


def test_each_json_twin_fits_the_schema_openapi_names(web: TestClient) -> None:
    web.get("/events/e1")  # its disputed count is set
    twins = {
        "/events.json": "EventsPage",
        "/events.json?sort=disputed&q=dam": "EventsPage",
        "/events/e1.json": "RashomonReport",
        "/articles/a2.json": "ArticlePage",
        "/outlets.json": "OutletsPage",
        f"/outlets/{HERALD}.json": "OutletPage",
        f"/outlets/{HERALD}.json?only=left_out": "OutletPage",
    }
    for address, name in twins.items():
        answer = web.get(address)
        assert answer.status_code == 200, address
        assert openapi_errors(web, name, answer.json()) == [], address
    limits = web.get("/analyze", headers={"Accept": "application/json"}).json()
    assert openapi_errors(web, "AnalyzeLimits", limits) == []


def test_every_error_fits_the_one_error_shape(web: TestClient, tmp_path: Path) -> None:
    answers = [
        web.get("/events/e404.json"),
        web.get("/events.json?since=yesterday"),
        web.get("/events.json?page=0"),
        web.get("/outlets/Nobody.json"),
        web.get("/nowhere", headers={"Accept": "application/json"}),
        client(tmp_path / "absent.db").get("/events.json"),
    ]
    assert [a.status_code for a in answers] == [404, 400, 422, 404, 404, 503]
    for answer in answers:
        assert openapi_errors(web, "ErrorBody", answer.json()) == []


def test_a_key_the_documentation_lacks_breaks_the_schema(web: TestClient) -> None:
    events = web.get("/events.json").json()
    assert openapi_errors(web, "EventsPage", {**events, "surprise": 1})
    outlet = web.get(f"/outlets/{HERALD}.json").json()
    assert openapi_errors(web, "OutletPage", {**outlet, "events": [{"id": "e1"}]})
