"""Fetching unattended, against real HTTP servers on 127.0.0.1: conditional GET, politeness,
429 and Retry-After, dead and slow feeds, caps, OPML lists, and no private addresses."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakes import CountingExtract
from storetools import TEXTS, Answer, Loopback, page, rss

from rashomon import corpus
from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest import addresses, polite
from rashomon.ingest.polite import Fetcher, Policy
from rashomon.store import Store

LOOPBACK = Policy.networks("127.0.0.1/32")
FEED_TYPE = {"Content-Type": "application/rss+xml"}
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}


class FakeTime:
    """The politeness clock: it moves only when the fetcher sleeps, so no test waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def fetcher(time: FakeTime | None = None, **policy: Any) -> Fetcher:
    time = time or FakeTime()
    settings = {"allowed": LOOPBACK, "delay": 0.0, "timeout": 5.0, **policy}
    return Fetcher(Policy(**settings), clock=time.clock, sleep=time.sleep)


def serve_pages(server: Loopback, names: list[str]) -> list[tuple[str, str]]:
    """Serve each named text as a page; the (title, URL) pairs for a feed."""
    return [
        (name, server.route(f"/news/{name}", Answer(200, page(name, TEXTS[name]), HTML_TYPE)))
        for name in names
    ]


def _poll(store: Store, feeds: list[str], fetch: Fetcher, extract: CountingExtract) -> Any:
    return corpus.poll(store, feeds, Settings(encoder="tfidf"), fetch, extract_batch=extract)


def test_a_feed_that_changes_between_polls_is_asked_with_its_etag(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    server = servers()
    feed: dict[str, Any] = {"etag": '"v1"', "links": serve_pages(server, ["bridge", "ferry"])}

    def answer(request: dict[str, str]) -> Answer:
        if request.get("if-none-match") == feed["etag"]:
            return Answer(304)
        return Answer(200, rss("Millbrook", feed["links"]), {**FEED_TYPE, "ETag": feed["etag"]})

    url = server.route("/feed.xml", answer)
    fetch, extract = fetcher(), CountingExtract()
    first = _poll(store, [url], fetch, extract)
    assert sorted(extract.parsed) == ["bridge", "ferry"] and len(first.added) == 2

    second = _poll(store, [url], fetch, extract)  # unchanged: 304, no page fetched
    assert second.feeds[url]["status"] == 304
    assert server.requests("/feed.xml")[-1]["if-none-match"] == '"v1"'
    assert len(server.requests("/news/bridge")) == 1 and second.added == ()

    feed["etag"] = '"v2"'
    feed["links"] = [*feed["links"], *serve_pages(server, ["library"])]
    third = _poll(store, [url], fetch, extract)
    assert third.feeds[url]["status"] == 200
    assert extract.parsed[2:] == ["library"]  # only the new entry fetched and parsed
    assert [len(server.requests(f"/news/{n}")) for n in ("bridge", "ferry", "library")] == [1, 1, 1]
    assert store.row("SELECT etag FROM feeds WHERE url = ?", (url,))[0] == '"v2"'


def test_a_feed_with_last_modified_is_asked_if_modified_since(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    server = servers()
    stamp = {"value": "Tue, 03 Mar 2026 10:00:00 GMT"}
    links = serve_pages(server, ["school"])

    def answer(request: dict[str, str]) -> Answer:
        if request.get("if-modified-since") == stamp["value"]:
            return Answer(304)
        return Answer(200, rss("Millbrook", links), {**FEED_TYPE, "Last-Modified": stamp["value"]})

    url = server.route("/feed.xml", answer)
    fetch, extract = fetcher(), CountingExtract()
    _poll(store, [url], fetch, extract)
    assert _poll(store, [url], fetch, extract).feeds[url]["status"] == 304
    assert server.requests("/feed.xml")[1]["if-modified-since"] == stamp["value"]

    stamp["value"] = "Wed, 04 Mar 2026 10:00:00 GMT"
    links.extend(serve_pages(server, ["market"]))
    assert _poll(store, [url], fetch, extract).feeds[url]["status"] == 200
    assert extract.parsed == ["school", "market"]


def test_a_feed_that_answers_429_is_asked_again_after_its_retry_after(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    server = servers()
    links = serve_pages(server, ["storm"])
    answers = iter([Answer(429, b"slow down", {"Retry-After": "30"})])

    def answer(request: dict[str, str]) -> Answer:
        return next(answers, Answer(200, rss("Millbrook", links), FEED_TYPE))

    url = server.route("/feed.xml", answer)
    time = FakeTime()
    result = _poll(store, [url], fetcher(time), CountingExtract())
    assert result.added == ("a1",)
    assert time.slept[0] == 30  # the pause asked for, before the second request
    assert len(server.requests("/feed.xml")) == 2


def test_a_long_retry_after_pauses_that_feed_only_until_it_ends(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    busy, calm = servers(), servers()
    busy_url = busy.route("/feed.xml", Answer(429, b"", {"Retry-After": "3600"}))
    calm_url = calm.route(
        "/feed.xml", Answer(200, rss("Calm", serve_pages(calm, ["bridge"])), FEED_TYPE)
    )
    time, extract = FakeTime(), CountingExtract()
    first = _poll(store, [busy_url, calm_url], fetcher(time), extract)
    assert first.added == ("a1",)
    assert [s.code for s in first.skipped] == ["E_FETCH"]
    assert "asked again in 3600 s" in first.feeds[busy_url]["error"]
    assert time.slept == []  # an hour is not waited for inside a poll
    row = store.row("SELECT failures, next_poll_after FROM feeds WHERE url = ?", (busy_url,))
    assert row[0] == 1 and row[1] is not None

    second = _poll(store, [busy_url, calm_url], fetcher(time), extract)
    assert len(busy.requests("/feed.xml")) == 1  # not asked again before the hour is over
    assert second.feeds[busy_url]["status"] is None
    assert len(calm.requests("/feed.xml")) == 2


def test_a_dead_feed_and_a_slow_feed_do_not_stop_the_others(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{closed.getsockname()[1]}/feed.xml"
    slow, good = servers(), servers()
    slow_url = slow.route("/feed.xml", Answer(-1))  # accepts, never answers
    good_url = good.route(
        "/feed.xml", Answer(200, rss("Good", serve_pages(good, ["bridge", "ferry"])), FEED_TYPE)
    )
    result = _poll(store, [dead_url, slow_url, good_url], fetcher(timeout=0.5), CountingExtract())
    assert len(result.added) == 2
    errors = {s.input: s.reason for s in result.skipped}
    assert set(errors) == {dead_url, slow_url}
    assert "no answer within 0.5 s" in errors[slow_url]


def test_one_request_at_a_time_per_host_with_a_delay_between(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    server = servers()
    names = ["bridge", "ferry", "library", "school"]
    feeds = [
        server.route(f"/feed{n}.xml", Answer(200, rss("M", serve_pages(server, [name])), FEED_TYPE))
        for n, name in enumerate(names)
    ]
    time = FakeTime()
    result = _poll(store, feeds, fetcher(time, delay=2.0), CountingExtract())
    assert len(result.added) == 4
    assert server.most_at_once == 1
    # eight requests to one host: seven pauses of the delay between them
    assert len(server.requests()) == 8
    assert sum(time.slept) == pytest.approx(7 * 2.0)


def test_an_opml_list_names_the_feeds(
    store: Store, servers: Callable[[], Loopback], tmp_path: Path
) -> None:
    server = servers()
    one = server.route("/a.xml", Answer(200, rss("A", serve_pages(server, ["bridge"])), FEED_TYPE))
    two = server.route("/b.xml", Answer(200, rss("B", serve_pages(server, ["ferry"])), FEED_TYPE))
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        f'<outline text="local"><outline text="A" type="rss" xmlUrl="{one}"/>'
        f'<outline text="B" type="rss" xmlUrl="{two}"/></outline></body></opml>',
        encoding="utf-8",
    )
    result = _poll(store, [str(opml)], fetcher(), CountingExtract())
    assert len(result.added) == 2 and set(result.feeds) == {one, two}


def test_a_broken_opml_list_is_one_coded_skip(store: Store, tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text("<opml><body><outline text='no url'/></body></opml>", encoding="utf-8")
    skips: list[Any] = []
    result = corpus.poll(store, [str(opml)], Settings(), fetcher(), on_skip=skips.append)
    assert [s.code for s in result.skipped] == [s.code for s in skips] == ["E_OPML"]


# ---- addresses ---------------------------------------------------------------------------


@pytest.fixture
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Connections are allowed to 127.0.0.1 only: a guard that failed could reach nothing else."""
    tried: list[str] = []
    real = socket.create_connection

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        tried.append(address[0])
        assert address[0] == "127.0.0.1", f"tried to connect to {address[0]}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(polite.socket, "create_connection", connect)
    return tried


def _resolver(names: dict[str, str]) -> Callable[..., list[tuple[Any, ...]]]:
    def resolve(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        address = names.get(host, host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve


def test_a_redirect_to_a_private_address_is_refused(
    servers: Callable[[], Loopback], only_loopback: list[str]
) -> None:
    server = servers()
    metadata = server.route(
        "/to-metadata", Answer(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    internal = server.route("/to-internal", Answer(302, b"", {"Location": "http://db.corp/"}))
    fetch = Fetcher(Policy(allowed=LOOPBACK, delay=0), resolver=_resolver({"db.corp": "10.0.0.7"}))
    with pytest.raises(InputError) as caught:
        fetch.get(metadata)
    assert caught.value.code == "E_PRIVATE" and "169.254.169.254" in caught.value.reason
    with pytest.raises(InputError) as caught:
        fetch.get(internal)
    assert caught.value.code == "E_PRIVATE"
    assert "10.0.0.7 (db.corp resolves to it)" in caught.value.reason
    assert set(only_loopback) == {"127.0.0.1"}


def test_a_host_name_that_resolves_to_a_private_address_is_refused(
    servers: Callable[[], Loopback], only_loopback: list[str]
) -> None:
    server = servers()
    port = server.base.rsplit(":", 1)[1]
    server.route("/feed.xml", Answer(200, b"<rss/>", FEED_TYPE))
    # loopback is not allowed here: the name leads to it
    fetch = Fetcher(Policy(delay=0), resolver=_resolver({"news.example": "127.0.0.1"}))
    with pytest.raises(InputError) as caught:
        fetch.get(f"http://news.example:{port}/feed.xml")
    assert caught.value.code == "E_PRIVATE"
    assert only_loopback == []
    allowed = Fetcher(
        Policy(delay=0, allow_private=True), resolver=_resolver({"news.example": "127.0.0.1"})
    )
    assert allowed.get(f"http://news.example:{port}/feed.xml").status == 200


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_not_public(address: str) -> None:
    import ipaddress

    assert not addresses.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address: str) -> None:
    import ipaddress

    assert addresses.is_public(ipaddress.ip_address(address))


def test_a_body_over_the_cap_is_refused(servers: Callable[[], Loopback]) -> None:
    server = servers()
    url = server.route("/big", Answer(200, b"x" * 5000, HTML_TYPE))
    with pytest.raises(InputError) as caught:
        fetcher(max_bytes=1000).get(url)
    assert caught.value.code == "E_TOO_LARGE"


def test_a_trickling_server_is_cut_off_at_the_time_cap(servers: Callable[[], Loopback]) -> None:
    import time

    server = servers()
    url = server.route("/slow", Answer(-2))
    started = time.monotonic()
    with pytest.raises(InputError, match=r"no answer within 0\.5 s"):
        fetcher(timeout=0.5).get(url)
    assert time.monotonic() - started < 2.0  # each byte came in time; the whole did not


def test_too_many_redirects_stop(servers: Callable[[], Loopback]) -> None:
    server = servers()
    url = server.route("/loop", Answer(302, b"", {"Location": "/loop"}))
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetcher().get(url)


def test_the_feed_state_is_plain_sql(store: Store, servers: Callable[[], Loopback]) -> None:
    server = servers()
    url = server.route(
        "/feed.xml",
        Answer(200, rss("M", serve_pages(server, ["bridge"])), {**FEED_TYPE, "ETag": "e1"}),
    )
    _poll(store, [url], fetcher(), CountingExtract())
    feed = store.row("SELECT url, etag, last_status, failures FROM feeds")
    assert tuple(feed) == (url, "e1", 200, 0)
    entry = store.row("SELECT link FROM feed_entries")
    assert entry[0] == server.url("/news/bridge")
    assert json.loads(store.row("SELECT inputs FROM runs")[0]) == [url]


def test_a_feed_given_to_ingest_twice_is_asked_conditionally_the_second_time(
    store: Store, servers: Callable[[], Loopback]
) -> None:
    server = servers()
    links = serve_pages(server, ["bridge"])

    def answer(request: dict[str, str]) -> Answer:
        if request.get("if-none-match") == "e1":
            return Answer(304)
        return Answer(200, rss("M", links), {**FEED_TYPE, "ETag": "e1"})

    url = server.route("/feed.xml", answer)
    settings = Settings(encoder="tfidf")
    for _ in range(2):
        corpus.ingest(store, [url], settings, fetcher=fetcher(), extract_batch=CountingExtract())
    assert [r.get("if-none-match") for r in server.requests("/feed.xml")] == [None, "e1"]
    assert len(server.requests("/news/bridge")) == 1


def test_the_entries_of_a_feed_file_given_to_ingest_are_fetched_guarded(
    store: Store, tmp_path: Path, only_loopback: list[str]
) -> None:
    feed = tmp_path / "saved.rss"
    feed.write_bytes(rss("Saved", [("secret", "http://169.254.169.254/latest/meta-data/")]))
    result = corpus.ingest(
        store,
        [str(feed)],
        Settings(),
        fetcher=Fetcher(Policy(delay=0)),
        extract_batch=CountingExtract(),
    )
    assert [s.code for s in result.skipped] == ["E_PRIVATE"]
    assert only_loopback == []
