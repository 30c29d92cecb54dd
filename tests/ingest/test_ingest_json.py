"""JSON and JSON Lines inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.errors import InputError, UsageError
from rashomon.ingest import load_articles
from rashomon.ingest.draft import Draft
from rashomon.ingest.jsonl import read_json_file


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_jsonl_each_line_is_an_article(tmp_path: Path, texts: dict[str, str]) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"text": texts["bridge"], "source": "The Lakeport Ledger", "date": "March 3, 2021"},
        {"text": texts["ferry"], "title": "Ferry strike", "url": "https://islandradio.example/1"},
    )
    first, second = load_articles([path]).articles
    assert (first.text, first.outlet, first.date) == (
        texts["bridge"],
        "The Lakeport Ledger",
        "2021-03-03",
    )
    assert first.metadata_from == {"outlet": "json", "date": "json"}
    assert (second.title, second.url, second.outlet) == (
        "Ferry strike",
        "https://islandradio.example/1",
        "islandradio.example",
    )


def test_jsonl_draft_source_names_the_line(tmp_path: Path, texts: dict[str, str]) -> None:
    path = jsonl(tmp_path / "feed.ndjson", {"text": texts["bridge"]}, {"text": texts["ferry"]})
    drafts = list(read_json_file(path, 1_000_000, {}))
    assert [(d.source, d.path) for d in drafts if isinstance(d, Draft)] == [
        (f"{path}:1", str(path)),
        (f"{path}:2", str(path)),
    ]


def test_jsonl_malformed_line_is_skipped_and_the_others_kept(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": texts["bridge"]}),
        '{"text": "unclosed',
        json.dumps({"text": texts["ferry"]}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = load_articles([path])
    assert [a.text for a in result.articles] == [texts["bridge"], texts["ferry"]]
    assert [(s.input, s.code) for s in result.skipped] == [(f"{path}:2", "E_BAD_JSON")]


def test_jsonl_blank_lines_are_ignored(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(f"\n{json.dumps({'text': texts['bridge']})}\n\n", encoding="utf-8")
    result = load_articles([path])
    assert (len(result.articles), result.skipped) == (1, ())


def test_jsonl_line_separator_inside_a_string_keeps_the_record_whole(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    path = tmp_path / "feed.jsonl"
    record = {"text": texts["bridge"], "title": "Bridge\u2028reopens"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = load_articles([path]).articles
    assert article.title == "Bridge reopens"


def test_jsonl_record_without_text_is_skipped_as_e_no_text(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"title": "No body here"}, {"text": texts["ferry"]})
    result = load_articles([path])
    assert [(s.input, s.code) for s in result.skipped] == [(f"{path}:1", "E_NO_TEXT")]
    assert len(result.articles) == 1


def test_jsonl_line_that_is_not_an_object_is_e_bad_json(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", ["a", "list"])
    assert [s.code for s in load_articles([path]).skipped] == ["E_BAD_JSON"]


def test_jsonl_field_map_names_the_keys(tmp_path: Path, texts: dict[str, str]) -> None:
    record = {
        "body": texts["school"],
        "meta": {"publisher": {"name": "Lakeport Weekly"}, "when": "2022-09-01T08:00:00Z"},
        "text": "a teaser that is not the article",
    }
    path = jsonl(tmp_path / "feed.jsonl", record)
    fields = {"text": "body", "source": "meta.publisher.name", "date": "meta.when"}
    (article,) = load_articles([path], field_map=fields).articles
    assert (article.text, article.outlet, article.date) == (
        texts["school"],
        "Lakeport Weekly",
        "2022-09-01",
    )


def test_field_map_with_an_unknown_name_is_a_usage_error(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"text": "x"})
    with pytest.raises(UsageError, match="bodytext"):
        load_articles([path], field_map={"bodytext": "body"})


def test_json_list_gives_one_article_per_object(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "articles.json"
    records = [{"text": texts["market"], "title": "Market moves"}, {"text": texts["storm"]}]
    path.write_text(json.dumps(records), encoding="utf-8")
    drafts = list(read_json_file(path, 1_000_000, {}))
    assert [d.source for d in drafts] == [f"{path}#0", f"{path}#1"]
    assert [a.text for a in load_articles([path]).articles] == [texts["market"], texts["storm"]]


def test_json_single_object_is_one_article(tmp_path: Path, texts: dict[str, str]) -> None:
    path = tmp_path / "market.json"
    path.write_text(json.dumps({"headline": "Market moves", "body": texts["market"]}), "utf-8")
    (article,) = load_articles([path]).articles
    assert (article.title, article.text, article.metadata_from["title"]) == (
        "Market moves",
        texts["market"],
        "json",
    )


def test_json_malformed_file_is_skipped_as_e_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "articles.json"
    path.write_text('[{"text": "one"},', encoding="utf-8")
    assert [(s.input, s.code) for s in load_articles([path]).skipped] == [(str(path), "E_BAD_JSON")]


def test_json_text_list_of_sentences_is_joined_by_spaces(tmp_path: Path) -> None:
    sentences = ["The storm hit on Sunday.", "Power was out for hours.", "Roads were blocked."]
    path = jsonl(tmp_path / "feed.jsonl", {"text": sentences})
    (draft,) = read_json_file(path, 1_000_000, {})
    assert isinstance(draft, Draft)
    assert draft.text == "The storm hit on Sunday. Power was out for hours. Roads were blocked."


def test_json_text_paragraphs_of_sentences_are_joined_by_blank_lines(tmp_path: Path) -> None:
    paragraphs = [["The storm hit on Sunday.", "Power was out."], ["Roads were blocked."]]
    path = jsonl(tmp_path / "feed.jsonl", {"body-paragraphs": paragraphs})
    (draft,) = read_json_file(path, 1_000_000, {"text": "body-paragraphs"})
    assert isinstance(draft, Draft)
    assert draft.text == "The storm hit on Sunday. Power was out.\n\nRoads were blocked."


def test_json_file_over_the_cap_is_e_too_large(tmp_path: Path, texts: dict[str, str]) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"text": texts["bridge"]})
    (error,) = read_json_file(path, 100, {})
    assert isinstance(error, InputError)
    assert error.code == "E_TOO_LARGE"
