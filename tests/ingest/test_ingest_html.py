"""Saved HTML pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.ingest import load_articles
from rashomon.ingest.html import draft_from_html
from rashomon.model import Article

Page = Callable[..., str]


@pytest.fixture
def bridge_page(tmp_path: Path, texts: dict[str, str], make_page: Page) -> Path:
    html = make_page(
        [texts["bridge"], texts["storm"]],
        title="Harbor bridge reopens after repairs",
        site="The Lakeport Ledger",
        published="2021-03-03T09:00:00+00:00",
        canonical="https://lakeportledger.example/news/bridge",
    )
    path = tmp_path / "bridge.html"
    path.write_text(html, encoding="utf-8")
    return path


def load_page(path: Path) -> Article:
    (article,) = load_articles([path]).articles
    return article


def test_html_outlet_from_og_site_name(bridge_page: Path) -> None:
    article = load_page(bridge_page)
    assert article.outlet == "The Lakeport Ledger"
    assert article.metadata_from["outlet"] == "html"


def test_html_title_and_date_from_metadata(bridge_page: Path) -> None:
    article = load_page(bridge_page)
    assert (article.title, article.date) == ("Harbor bridge reopens after repairs", "2021-03-03")
    assert (article.metadata_from["title"], article.metadata_from["date"]) == ("html", "html")


def test_html_url_from_canonical_link(bridge_page: Path) -> None:
    assert load_page(bridge_page).url == "https://lakeportledger.example/news/bridge"


def test_html_paragraphs_are_separated_by_blank_lines(
    bridge_page: Path, texts: dict[str, str]
) -> None:
    assert load_page(bridge_page).text == texts["bridge"] + "\n\n" + texts["storm"]


def test_html_without_site_name_takes_outlet_from_url(
    tmp_path: Path, texts: dict[str, str], make_page: Page
) -> None:
    html = make_page([texts["ferry"]], canonical="https://www.islandradio.example/ferry")
    (tmp_path / "ferry.html").write_text(html, encoding="utf-8")
    article = load_page(tmp_path / "ferry.html")
    assert (article.outlet, article.metadata_from["outlet"]) == ("islandradio.example", "url")


def test_html_windows_1252_page_is_decoded(
    tmp_path: Path, texts: dict[str, str], make_page: Page
) -> None:
    quoted = texts["ferry"] + " “We need a fair deal,” one deckhand said."
    html = make_page([quoted]).replace('<meta charset="utf-8">', "")
    (tmp_path / "ferry.htm").write_bytes(html.encode("cp1252"))
    assert load_page(tmp_path / "ferry.htm").text == quoted


def test_html_without_article_text_is_skipped_as_e_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Lakeport</title></head><body></body></html>", "utf-8")
    result = load_articles([path])
    assert [(s.input, s.code) for s in result.skipped] == [(str(path), "E_NO_TEXT")]


def test_draft_from_html_prefers_the_given_url(texts: dict[str, str], make_page: Page) -> None:
    html = make_page([texts["ferry"]], canonical="https://islandradio.example/ferry")
    draft = draft_from_html(html, "src", "http://127.0.0.1:9/ferry", None)
    assert (draft.url, draft.metadata_from["url"]) == ("http://127.0.0.1:9/ferry", "url")


def test_draft_from_html_raises_e_no_text_on_an_empty_page() -> None:
    with pytest.raises(InputError) as caught:
        draft_from_html("<html><body><div><img src='a.png'></div></body></html>", "src", None, None)
    assert caught.value.code == "E_NO_TEXT"
