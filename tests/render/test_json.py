"""The JSON report (rashomon.render.json) of the fixture report."""

from __future__ import annotations

import json

from rashomon.model import Report
from rashomon.render.json import render_json, validate


def test_json_a_denial_carries_its_cue_and_denied(denial_report: Report) -> None:
    data = json.loads(render_json(denial_report))
    validate(data)
    denial = next(q for q in data["quotes"] if q["id"] == "q7")
    assert denial["denied"] is True
    assert denial["cue"]["text"] == "denied"
    assert denial["span"]["text"] == "the alarms had been switched off"
    assert all(q["denied"] is False for q in data["quotes"] if q["id"] != "q7")
