"""The JSON report (CONTRACT.md) and its validation against the shipped JSON Schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from rashomon.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("rashomon.render").joinpath("report.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(data: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` when `data` breaks the contract's schema."""
    import jsonschema

    jsonschema.validate(data, schema())
