"""Plain-text inputs: encodings, bad files, headers, datelines, outlets, stdin."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.ingest import Ingested, load_articles
from rashomon.ingest.outlets import dateline_end

CURLY = (
    "“We will not accept another year without a raise,” said union organiser Pat O’Neill — "
    "speaking outside the ferry terminal on Monday."
)


def load_one(path: Path, settings: Settings | None = None) -> Ingested:
    return load_articles([path], settings)


def test_text_utf8_is_decoded(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(texts["ferry"] + " " + CURLY, encoding="utf-8")
    (article,) = load_one(path).articles
    assert article.text.endswith(CURLY)


def test_text_windows_1252_is_decoded(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "ferry.txt"
    path.write_bytes((texts["ferry"] + " " + CURLY).encode("cp1252"))
    (article,) = load_one(path).articles
    assert article.text.endswith(CURLY)


def test_text_latin_1_is_decoded(tmp_path: Path, texts: dict[str, str]) -> None:
    text = texts["bridge"] + " The café owner, Inés Peña, said business had already picked up."
    path = tmp_path / "bridge.txt"
    path.write_bytes(text.encode("latin-1"))
    (article,) = load_one(path).articles
    assert "café owner, Inés Peña" in article.text


def test_text_utf16_with_bom_is_decoded(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "ferry.txt"
    path.write_bytes((texts["ferry"] + " " + CURLY).encode("utf-16"))
    (article,) = load_one(path).articles
    assert article.text == texts["ferry"] + " " + CURLY


def test_text_empty_file_is_skipped_as_e_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n ")
    result = load_one(path)
    assert result.articles == ()
    assert [s.code for s in result.skipped] == ["E_EMPTY"]
    assert result.skipped[0].input == str(path)


def test_text_binary_file_is_skipped_as_e_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert [s.code for s in load_one(path).skipped] == ["E_BINARY"]


def test_text_over_size_cap_is_skipped_as_e_too_large(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(texts["bridge"], encoding="utf-8")
    result = load_one(path, Settings(max_bytes=100))
    assert [s.code for s in result.skipped] == ["E_TOO_LARGE"]


def test_text_non_english_is_skipped_as_e_not_english(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    path = tmp_path / "puente.txt"
    path.write_text(texts["spanish"], encoding="utf-8")
    result = load_one(path)
    assert [s.code for s in result.skipped] == ["E_NOT_ENGLISH"]
    assert "'es'" in result.skipped[0].reason


def test_text_under_min_words_is_skipped_as_e_too_short(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("The bridge reopened on Wednesday.", encoding="utf-8")
    assert [s.code for s in load_one(path).skipped] == ["E_TOO_SHORT"]


def test_text_missing_file_is_skipped_as_e_not_found(tmp_path: Path) -> None:
    result = load_one(tmp_path / "nowhere.txt")
    assert [s.code for s in result.skipped] == ["E_NOT_FOUND"]


def test_on_skip_hears_each_skipped_input(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    heard: list[str] = []
    load_articles([tmp_path / "empty.txt"], on_skip=lambda item: heard.append(item.code))
    assert heard == ["E_EMPTY"]


HEADER = (
    "Title: Harbor bridge reopens\n"
    "Source: The Lakeport Ledger\n"
    "Date: March 3, 2021\n"
    "URL: https://lakeportledger.example/news/bridge\n"
    "\n"
)


def test_header_front_matter_is_removed_from_text(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(HEADER + texts["bridge"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert article.text == texts["bridge"]


def test_header_front_matter_fills_metadata(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(HEADER + texts["bridge"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert (article.title, article.outlet, article.date, article.url) == (
        "Harbor bridge reopens",
        "The Lakeport Ledger",
        "2021-03-03",
        "https://lakeportledger.example/news/bridge",
    )
    assert article.metadata_from == {
        "title": "header",
        "outlet": "header",
        "date": "header",
        "url": "header",
    }


def test_header_date_run_gives_date_and_is_removed(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "library.txt"
    path.write_text(" date 2017-10-17 " + texts["library"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert article.date == "2017-10-17"
    assert article.metadata_from["date"] == "header"
    assert article.text == texts["library"]


def test_dateline_with_outlet_gives_date_and_outlet(tmp_path: Path, texts: dict[str, str]) -> None:
    dateline = "Springfield, March 3, 2021 (lakeportledger.com) – "
    path = tmp_path / "bridge.txt"
    path.write_text(dateline + texts["bridge"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert (article.date, article.outlet, article.wire) == (
        "2021-03-03",
        "lakeportledger.com",
        None,
    )
    assert article.metadata_from == {"date": "text", "outlet": "text"}


def test_dateline_stays_in_text(tmp_path: Path, texts: dict[str, str]) -> None:
    dateline = "Springfield, March 3, 2021 (lakeportledger.com) – "
    path = tmp_path / "bridge.txt"
    path.write_text(dateline + texts["bridge"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert article.text == dateline + texts["bridge"]


def test_dateline_wire_credit_names_the_wire_not_the_outlet(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    path = tmp_path / "harbor-gazette.txt"
    path.write_text("SPRINGFIELD (AP) — " + texts["bridge"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert article.wire == "Associated Press"
    assert article.outlet == "harbor-gazette"
    assert article.metadata_from["outlet"] == "file name"


def test_outlet_from_url_domain(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(
        "URL: https://www.lakeportledger.example/a/1\n\n" + texts["bridge"], encoding="utf-8"
    )
    (article,) = load_one(path).articles
    assert article.outlet == "lakeportledger.example"
    assert article.metadata_from["outlet"] == "url"


def test_outlet_falls_back_to_file_name(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "harbor-gazette.txt"
    path.write_text(texts["bridge"], encoding="utf-8")
    (article,) = load_one(path).articles
    assert article.outlet == "harbor-gazette"
    assert article.metadata_from == {"outlet": "file name"}


def test_stdin_dash_is_read(monkeypatch: pytest.MonkeyPatch, texts: dict[str, str]) -> None:
    stdin = types.SimpleNamespace(
        buffer=io.BytesIO((texts["ferry"] + " " + CURLY).encode("cp1252"))
    )
    monkeypatch.setattr(sys, "stdin", stdin)
    (article,) = load_articles(["-"]).articles
    assert article.text == texts["ferry"] + " " + CURLY
    assert article.path is None


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("SPRINGFIELD — The council voted.", len("SPRINGFIELD — ")),
        ("NEW HAVEN ― The council voted.", len("NEW HAVEN ― ")),
        ("ST. LOUIS, Mo. - The council voted.", len("ST. LOUIS, Mo. - ")),
        (
            "Springfield, March 3, 2021 (lakeportledger.com) – The",
            len("Springfield, March 3, 2021 (lakeportledger.com) – "),
        ),
        ("Hale — who chairs the council — voted no.", 0),
        ("The U.S. — and Canada — voted.", 0),
    ],
)
def test_dateline_end_in_capitals_without_credit(text: str, end: int) -> None:
    assert dateline_end(text) == end
