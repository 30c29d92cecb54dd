"""Extractions are the only input downstream: stored as JSON, they give the same report, byte for
byte, in a process where spaCy cannot even be imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from datapaths import EXAMPLES, VENEZUELA, require_data
from rashomon.analyze import build_report, extract_all
from rashomon.config import Settings
from rashomon.ingest import load_articles
from rashomon.model import EXTRACTION_VERSION
from rashomon.serialize import StaleExtraction, dumps, loads

# run in a fresh interpreter: spaCy (and thinc under it) made unimportable before anything else
_REPORT_FROM_STORE = """
import sys
sys.modules["spacy"] = None
sys.modules["thinc"] = None
import json
from rashomon.analyze import build_report
from rashomon.config import Settings
from rashomon.serialize import loads

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
report = build_report([loads(line) for line in lines], Settings())
assert "spacy" not in sys.modules or sys.modules["spacy"] is None
sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True))
"""


def _extractions(folder: Path) -> list[Any]:
    loaded = load_articles([str(folder)], Settings())
    extractions = extract_all(loaded.articles, Settings())
    return extractions


@pytest.fixture(scope="module", params=["examples", "venezuela"])
def extractions(request: pytest.FixtureRequest) -> list[Any]:
    folder = EXAMPLES if request.param == "examples" else require_data(VENEZUELA)
    return _extractions(folder)


def test_stored_extraction_round_trips_exactly(extractions: list[Any]) -> None:
    for extraction in extractions:
        text = dumps(extraction)
        assert loads(text) == extraction
        assert dumps(loads(text)) == text


def test_stored_extraction_carries_its_version(extractions: list[Any]) -> None:
    stored = json.loads(dumps(extractions[0]))
    assert stored["version"] == EXTRACTION_VERSION
    stored["version"] = EXTRACTION_VERSION - 1
    with pytest.raises(StaleExtraction, match="E_STALE"):
        loads(json.dumps(stored))


def test_report_from_stored_extractions_is_byte_identical_without_spacy(
    extractions: list[Any], tmp_path: Path
) -> None:
    in_process = json.dumps(
        build_report(extractions, Settings()).to_dict(), ensure_ascii=False, sort_keys=True
    )
    store = tmp_path / "extractions.jsonl"
    store.write_text("".join(dumps(e) + "\n" for e in extractions), encoding="utf-8")
    script = tmp_path / "report_from_store.py"
    script.write_text(_REPORT_FROM_STORE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(store)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == in_process
