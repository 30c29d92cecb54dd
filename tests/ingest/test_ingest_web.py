"""URLs, fetched from a server on 127.0.0.1 that each test starts (the `server` fixture)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from rashomon import __version__
from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest import load_articles
from rashomon.ingest.draft import Draft
from rashomon.ingest.web import drafts_from_url


def one(url: str, settings: Settings | None = None) -> Draft | InputError:
    (item,) = drafts_from_url(url, settings or Settings())
    return item


def error_code(url: str, settings: Settings | None = None) -> str:
    item = one(url, settings)
    assert isinstance(item, InputError)
    return item.code


def test_url_html_page_is_read(server: Any, texts: dict[str, str]) -> None:
    url = server.html(
        "/news/bridge", texts["bridge"], title="Bridge reopens", site="Lakeport Ledger"
    )
    (article,) = load_articles([url]).articles
    assert (article.outlet, article.title, article.url) == (
        "Lakeport Ledger",
        "Bridge reopens",
        url,
    )
    assert article.metadata_from == {"url": "url", "title": "html", "outlet": "html"}
    assert article.text.startswith("The Harbor Street bridge")


def test_url_text_plain_is_read(server: Any, texts: dict[str, str]) -> None:
    url = server.serve("/ferry.txt", texts["ferry"].encode(), "text/plain; charset=utf-8")
    draft = one(url)
    assert isinstance(draft, Draft)
    assert (draft.text, draft.url, draft.source) == (texts["ferry"], url, url)


def test_url_text_plain_in_a_declared_charset_is_decoded(
    server: Any, texts: dict[str, str]
) -> None:
    url = server.serve(
        "/ferry.txt", texts["ferry"].encode("utf-16-le"), "text/plain; charset=utf-16le"
    )
    draft = one(url)
    assert isinstance(draft, Draft)
    assert draft.text == texts["ferry"]


def test_url_outlet_comes_from_the_domain_when_the_page_names_none(
    server: Any, texts: dict[str, str]
) -> None:
    url = server.serve("/market.txt", texts["market"].encode(), "text/plain")
    (article,) = load_articles([url]).articles
    assert (article.outlet, article.metadata_from["outlet"]) == ("127.0.0.1", "url")


def test_url_redirect_gives_the_final_url(server: Any, texts: dict[str, str]) -> None:
    final = server.html("/2021/bridge", texts["bridge"])
    start = server.serve("/b", b"", None, 301, Location=final)
    draft = one(start)
    assert isinstance(draft, Draft)
    assert (draft.url, draft.source) == (final, start)


def test_url_is_fetched_with_the_rashomon_user_agent(server: Any, texts: dict[str, str]) -> None:
    one(server.html("/bridge", texts["bridge"]))
    assert server.requests[0]["User-Agent"] == f"rashomon/{__version__}"


def test_url_404_is_e_fetch(server: Any) -> None:
    item = one(server.url("/missing"))
    assert isinstance(item, InputError)
    assert (item.code, item.reason) == ("E_FETCH", "HTTP 404 Not Found")


def test_url_404_through_load_articles_is_skipped(server: Any) -> None:
    result = load_articles([server.url("/missing")])
    assert [(s.input, s.code) for s in result.skipped] == [(server.url("/missing"), "E_FETCH")]


def test_url_over_the_size_cap_is_e_too_large(server: Any) -> None:
    url = server.serve("/huge.txt", b"word " * 1000, "text/plain")
    assert error_code(url, Settings(max_bytes=1000)) == "E_TOO_LARGE"


def test_url_with_an_unsupported_content_type_is_e_unsupported(server: Any) -> None:
    url = server.serve("/photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    assert error_code(url) == "E_UNSUPPORTED"


def test_url_empty_body_is_e_empty(server: Any) -> None:
    assert error_code(server.serve("/empty.txt", b"", "text/plain")) == "E_EMPTY"


def test_url_on_an_unreachable_port_is_e_fetch() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens on the port any more: the connection is refused
    assert error_code(f"http://127.0.0.1:{port}/a") == "E_FETCH"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield listener.getsockname()[1]


def test_url_that_never_answers_times_out_as_e_fetch(silent_port: int) -> None:
    item = one(f"http://127.0.0.1:{silent_port}/slow", Settings(fetch_timeout=0.2))
    assert isinstance(item, InputError)
    assert (item.code, item.reason) == ("E_FETCH", "timed out")


def test_url_with_a_non_http_scheme_is_e_fetch(tmp_path: Any) -> None:
    assert error_code(f"file://{tmp_path}/secret.txt") == "E_FETCH"
