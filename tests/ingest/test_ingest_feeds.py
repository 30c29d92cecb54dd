"""RSS and Atom feeds, from a file or from a loopback server; entries link to loopback pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest import load_articles
from rashomon.ingest.draft import Draft
from rashomon.ingest.feeds import drafts_from_feed_bytes
from rashomon.ingest.fetch import looks_like_feed


def rss(*items: tuple[str, str, str]) -> bytes:
    """An RSS 2.0 feed of (title, link, pubDate) items."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>{published}</pubDate></item>"
        for title, link, published in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Lakeport Ledger: Local</title><link>http://127.0.0.1/</link>"
        f"<description>Local news</description>{entries}</channel></rss>"
    ).encode()


def test_feed_file_entries_are_fetched_as_articles(
    tmp_path: Path, server: Any, texts: dict[str, str]
) -> None:
    bridge = server.html("/bridge", texts["bridge"], site="Lakeport Ledger")
    storm = server.html("/storm", texts["storm"], site="Lakeport Ledger")
    path = tmp_path / "local.rss"
    path.write_bytes(
        rss(
            ("Bridge reopens", bridge, "Wed, 03 Mar 2021 09:00:00 GMT"),
            ("Storm cuts power", storm, "Mon, 08 Mar 2021 18:30:00 GMT"),
        )
    )
    result = load_articles([path])
    assert sorted((a.url, a.outlet) for a in result.articles) == [
        (bridge, "Lakeport Ledger"),
        (storm, "Lakeport Ledger"),
    ]
    assert result.skipped == ()


def test_feed_entry_title_and_date_fill_empty_fields(
    tmp_path: Path, server: Any, texts: dict[str, str]
) -> None:
    link = server.html("/library", texts["library"])
    path = tmp_path / "local.xml"
    path.write_bytes(rss(("Library fire", link, "Sun, 14 Mar 2021 07:15:00 GMT")))
    (article,) = load_articles([path]).articles
    assert (article.title, article.date) == ("Library fire", "2021-03-14")
    assert (article.metadata_from["title"], article.metadata_from["date"]) == ("feed", "feed")


def test_feed_entry_does_not_override_the_page_metadata(
    tmp_path: Path, server: Any, texts: dict[str, str]
) -> None:
    link = server.html("/library", texts["library"], title="Fire damages library")
    path = tmp_path / "local.xml"
    path.write_bytes(rss(("Library fire", link, "Sun, 14 Mar 2021 07:15:00 GMT")))
    (article,) = load_articles([path]).articles
    assert (article.title, article.metadata_from["title"]) == ("Fire damages library", "html")


def test_feed_served_on_loopback_is_followed(server: Any, texts: dict[str, str]) -> None:
    school = server.html("/school", texts["school"])
    market = server.html("/market", texts["market"])
    feed = server.serve(
        "/feed",
        rss(("School day", "/school", "Tue, 06 Sep 2022 21:00:00 GMT"), ("Market", market, "")),
        "application/rss+xml",
    )
    result = load_articles([feed])
    assert sorted(a.url or "" for a in result.articles) == sorted([school, market])


def test_feed_is_sniffed_when_served_as_text_plain(server: Any, texts: dict[str, str]) -> None:
    link = server.html("/school", texts["school"])
    feed = server.serve("/feed", rss(("School day", link, "")), "text/plain")
    assert [a.url for a in load_articles([feed]).articles] == [link]


def test_feed_entry_with_a_failing_link_is_e_fetch_for_that_link_only(
    tmp_path: Path, server: Any, texts: dict[str, str]
) -> None:
    good = server.html("/ferry", texts["ferry"])
    gone = server.url("/gone")
    path = tmp_path / "local.rss"
    path.write_bytes(rss(("Gone", gone, ""), ("Ferry strike", good, "")))
    result = load_articles([path])
    assert [a.url for a in result.articles] == [good]
    assert [(s.input, s.code) for s in result.skipped] == [(gone, "E_FETCH")]


def test_feed_entry_linking_to_another_feed_is_not_followed(server: Any) -> None:
    inner = server.serve("/inner", rss(), "application/rss+xml")
    outer = server.serve("/outer", rss(("Inner", inner, "")), "application/rss+xml")
    result = load_articles([outer])
    assert [(s.input, s.code) for s in result.skipped] == [(inner, "E_FEED")]


def test_broken_feed_is_e_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_bytes(b'<?xml version="1.0"?>\n<rss version="2.0"><chan')
    result = load_articles([path])
    assert [(s.input, s.code) for s in result.skipped] == [(str(path), "E_FEED")]
    assert result.skipped[0].reason.startswith("not a feed")


def test_feed_without_entries_is_e_feed(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_bytes(rss())
    (error,) = drafts_from_feed_bytes(path.read_bytes(), str(path), Settings())
    assert isinstance(error, InputError)
    assert (error.code, error.reason) == ("E_FEED", "the feed has no entries")


def test_feed_entry_without_a_link_is_e_feed(tmp_path: Path) -> None:
    data = rss(("Linkless", "", ""))
    (error,) = drafts_from_feed_bytes(data, "local.rss", Settings())
    assert isinstance(error, InputError)
    assert (error.code, error.source) == ("E_FEED", "local.rss#0")


def test_atom_feed_is_read(server: Any, texts: dict[str, str]) -> None:
    link = server.html("/storm", texts["storm"])
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Lakeport</title><id>urn:lakeport</id><updated>2021-03-08T18:30:00Z</updated>"
        f'<entry><title>Storm</title><link href="{link}"/><id>urn:storm</id>'
        "<updated>2021-03-08T18:30:00Z</updated></entry></feed>"
    ).encode()
    items = list(drafts_from_feed_bytes(atom, "lakeport.atom", Settings()))
    assert [(d.url, d.date) for d in items if isinstance(d, Draft)] == [(link, "2021-03-08")]


def test_looks_like_feed_trusts_a_feed_content_type() -> None:
    assert looks_like_feed(b"", "application/atom+xml; charset=utf-8")


def test_looks_like_feed_sniffs_an_rss_body() -> None:
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- hi -->\n<rss>', None)


def test_looks_like_feed_rejects_an_html_page(make_page: Any, texts: dict[str, str]) -> None:
    assert not looks_like_feed(make_page([texts["bridge"]]).encode(), "text/html")
