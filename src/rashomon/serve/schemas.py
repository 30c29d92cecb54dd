"""The JSON twins' shapes, for /openapi.json: documentation only, never used to make a response
(each route returns its data as it always has, so its JSON is byte for byte what pages.py
gives).

    ErrorBody       {"error": {"code", "message", "hint"}}: every error, in JSON
    EventsPage      /events: rashomon.events/1, one page of it
    OutletsPage     /outlets
    OutletPage      /outlets/{name}
    ArticlePage     /articles/{id}
    AnalyzeLimits   GET /analyze
    Job             /analyze/{job}

The two contracts that ship as JSON Schema files (render/report.schema.json,
rashomon.report/1; render/events.schema.json, rashomon.events/1) are not copied into models:
`install` puts the files themselves into the document's components (`RashomonReport`,
`RashomonEvents` and their `$defs` as `RashomonReport_span` ...), and the models refer to them.
Models forbid keys they do not name, so a test that validates each twin against these schemas
fails when a page gains a key the documentation lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from rashomon.render.json import schema as shipped_schema

_COMPONENTS = "#/components/schemas/"
# the shipped JSON Schema files, by the component name each gets
CONTRACTS = {"RashomonReport": "report", "RashomonEvents": "events"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _COMPONENTS + name}


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- errors ------------------------------------------------------------------------------


class ErrorDetail(_Shape):
    code: str = Field(description="E_... : what went wrong, for a program")
    message: str = Field(description="what went wrong, for a person")
    hint: str = Field(description="what to do (may be empty)")


class ErrorBody(_Shape):
    """Every error the app answers in JSON, whatever its status."""

    error: ErrorDetail


# -- events --------------------------------------------------------------------------------


class EventsQuery(_Shape):
    since: str | None
    until: str | None
    outlet: str | None
    q: str | None
    sort: Literal["newest", "disputed"]
    page: int


class EventsPage(_Shape):
    """rashomon.events/1 (the schema `RashomonEvents`), one page of it, with the page's
    place in the whole list and the outlets the filter offers."""

    schema_: Literal["rashomon.events/1"] = Field(alias="schema")
    events: Annotated[
        list[dict[str, Any]],
        WithJsonSchema({"type": "array", "items": _ref("RashomonEvents_event")}),
    ]
    total: int = Field(ge=0, description="events matching, before paging")
    page: int = Field(ge=1)
    pages: int = Field(ge=1)
    page_size: int
    query: EventsQuery
    outlets: list[str] = Field(description="every outlet with an article in the store")


# -- outlets -------------------------------------------------------------------------------


class MonthCount(_Shape):
    month: str = Field(description="YYYY-MM, or 'undated'")
    covered: int
    left_out: int


class WeekCount(_Shape):
    week: str = Field(description="the week's Monday (YYYY-MM-DD), or 'undated'")
    covered: int
    left_out: int


class OutletSummary(_Shape):
    name: str
    articles: int
    events_covered: int
    events_left_out: int = Field(description="events two or more other outlets covered")
    by_month: list[MonthCount]


class OutletsPage(_Shape):
    outlets: list[OutletSummary]


class NeverReported(_Shape):
    """A disputed or agreed fact of the event that none of the outlet's articles reports."""

    comparison: str = Field(description="the comparison's id in the event's report")
    verdict: Literal["conflict", "agree"]
    topic: str
    reported_by: list[str]


class OutletEvent(_Shape):
    id: str
    headline: str | None
    first_date: str | None
    last_date: str | None
    outlets: list[str]
    covered: bool
    never_reports: list[NeverReported] | None = Field(
        description="null when not read (past the page's first blindspot_events) or when the"
        " event's report could not be made"
    )


class OutletPage(OutletSummary):
    by_week: list[WeekCount]
    only: Literal["all", "covered", "left_out"]
    total: int = Field(description="events shown by `only`, before paging")
    page: int
    pages: int
    page_size: int
    events: list[OutletEvent]
    blindspot_events: int = Field(description="events of this page whose never_reports was read")


# -- articles and analyses -----------------------------------------------------------------


class ArticleFields(_Shape):
    id: str
    outlet: str
    title: str | None
    date: str | None
    url: str | None
    path: str | None
    wire: str | None
    word_count: int
    text: str


class ItemSpan(_Shape):
    start: int
    end: int
    text: str


class ArticleItem(_Shape):
    kind: Literal["claim", "figure", "quote", "stance", "date"]
    label: str
    span: ItemSpan
    anchor: str
    used: list[str]
    used_at: str | None


class ArticlePage(_Shape):
    article: ArticleFields
    event: str | None
    extraction: str = Field(description="ok, stale, or the code that cost the extraction")
    items: list[ArticleItem]


class AnalyzeLimits(_Shape):
    max_files: int
    max_file_bytes: int
    max_urls: int
    formats: list[str]


class Job(_Shape):
    id: str
    state: Literal["queued", "running", "done", "failed"]
    stage: str
    done: int
    total: int
    error: ErrorDetail | None
    saving: bool
    saved: list[str] | None
    report: Annotated[
        dict[str, Any] | None,
        WithJsonSchema({"anyOf": [_ref("RashomonReport"), {"type": "null"}]}),
    ]


# -- the document --------------------------------------------------------------------------


def json_response(model: type[BaseModel] | str, description: str) -> dict[str, Any]:
    """A `responses` entry whose JSON is `model` (or the component named so)."""
    if isinstance(model, str):
        return {
            "description": description,
            "content": {"application/json": {"schema": _ref(model)}},
        }
    return {"description": description, "model": model}


ERRORS: dict[int | str, dict[str, Any]] = {
    "4XX": json_response(ErrorBody, "the request cannot be answered: the one error shape"),
    "5XX": json_response(ErrorBody, "the server failed, or cannot read its store"),
}


def contract_components(name: str, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A shipped JSON Schema as OpenAPI components: the schema as `name`, each of its `$defs`
    as `name_def`, every `#/$defs/...` reference pointed at them."""
    prefix = f"#/components/schemas/{name}_"

    def moved(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    prefix + v.removeprefix("#/$defs/")
                    if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/")
                    else moved(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [moved(v) for v in value]
        return value

    top = {k: v for k, v in schema.items() if k not in {"$schema", "$id", "$defs"}}
    found = {name: moved(top)}
    for key, definition in schema.get("$defs", {}).items():
        found[f"{name}_{key}"] = moved(definition)
    return found


def install(app: FastAPI) -> None:
    """Add the shipped contracts to the app's /openapi.json components."""
    made: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = made()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, file in CONTRACTS.items():
            for key, value in contract_components(name, shipped_schema(file)).items():
                schemas.setdefault(key, value)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
