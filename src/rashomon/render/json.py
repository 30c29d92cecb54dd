"""The JSON report (CONTRACT.md) and its validation against the shipped JSON Schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from rashomon.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=2)
def schema(name: str = "report") -> dict[str, Any]:
    """The shipped JSON Schema `name`: "report" (rashomon.report/1) or "events"
    (rashomon.events/1)."""
    text = resources.files("rashomon.render").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(data: dict[str, Any], name: str = "report") -> None:
    """Raise `jsonschema.ValidationError` when `data` breaks the schema `name`."""
    import jsonschema

    jsonschema.validate(data, schema(name))
