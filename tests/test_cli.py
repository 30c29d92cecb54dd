"""The command line as a user runs it: exit codes, formats, pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rashomon import __version__
from rashomon.verify import problems

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "lakeport-dam"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=600,
        check=False,
    )


def test_version_prints_the_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"rashomon {__version__}"


def test_analyze_help_names_the_options() -> None:
    result = run("analyze", "--help")
    assert result.returncode == 0
    for option in ("--output", "--format", "--quiet", "--jobs", "--meta", "--field"):
        assert option in result.stdout.decode()


def test_json_on_stdout_is_nothing_but_the_report() -> None:
    result = run("analyze", str(EXAMPLES), "-o", "-", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert problems(report) == []
    assert result.stderr.decode() == ""


def test_folder_with_bad_files_reports_the_good_ones_and_exits_1(tmp_path: Path) -> None:
    good = (EXAMPLES / "caldermoor-daily-post.txt").read_text(encoding="utf-8")
    other = (EXAMPLES / "port-alder-herald.txt").read_text(encoding="utf-8")
    (tmp_path / "good.txt").write_text(good, encoding="utf-8")
    (tmp_path / "cp1252.txt").write_bytes(other.encode("cp1252", errors="replace"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.bin").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    result = run("analyze", str(tmp_path), "-o", str(out), "--quiet")
    assert result.returncode == 1, result.stderr.decode()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 2
    assert sorted(s["code"] for s in report["skipped"]) == ["E_BINARY", "E_EMPTY"]
    messages = result.stderr.decode().splitlines()
    assert len(messages) == 2
    assert all("E_" in line for line in messages)
    assert {p.name for p in out.iterdir()} == {"report.json", "report.md", "report.html"}


def test_nothing_usable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("analyze", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "E_EMPTY" in result.stderr.decode()


def test_missing_input_exits_2_and_names_it(tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "nope.txt" in result.stderr.decode()


def test_format_option_writes_only_that_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("analyze", str(EXAMPLES), "-o", str(out), "--format", "md", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    assert [p.name for p in out.iterdir()] == ["report.md"]


def test_extractor_that_raises_on_one_article_of_three_skips_it_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rashomon.extract.quotes
    from rashomon.cli import app

    real = rashomon.extract.quotes.extract_quotes

    def extract_quotes(article: Any, doc: Any, resolver: Any = None) -> Any:
        if article.id == "a2":
            raise ValueError("unbalanced quotation mark")
        return real(article, doc, resolver)

    monkeypatch.setattr(rashomon.extract.quotes, "extract_quotes", extract_quotes)
    for name, value in _CLI_ENVIRONMENT.items():  # the CLI sets these: undo it afterwards
        monkeypatch.setenv(name, os.environ.get(name, value))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "-o", str(out), "-f", "json", "-q"])
    assert result.exit_code == 1, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in report["articles"]] == ["a1", "a3"]
    assert [s["code"] for s in report["skipped"]] == ["E_EXTRACT"]
    assert "port-alder-herald.txt" in report["skipped"][0]["input"]
    assert "extract_quotes raised ValueError" in report["skipped"][0]["reason"]
    assert result.stderr.count("[E_EXTRACT]") == 1


_CLI_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
    "TQDM_DISABLE": "1",
}
