"""The web app in Debian's Chromium (playwright, offline): hostile text stays text.

A store is made of articles whose titles, bodies, outlet names, URLs, sidecar fields and feed
entries carry XSS payloads (script tags, broken attributes, event handlers, javascript: and
data: links, SVG, CSS, template syntax), read through the ingest readers as a user's would be.
Every page is opened with a dialog handler, a sentinel global and every request watched: no
script runs, no request leaves the app's origin, no element or attribute comes from a payload,
and every payload's text is on the page, visible. The analyze form is driven too, with an
upload and pasted text. Screenshots go to /tmp/rashomon-serve-shots (and
$RASHOMON_SCREENSHOT_DIR when set).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from servetools import EXAMPLES, SETTINGS, build_example_store, save_event

from browsertools import chromium
from rashomon import corpus
from rashomon.ingest.polite import Fetcher, Policy
from rashomon.serve.app import create_app
from rashomon.store import Store

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/rashomon-serve-shots")

# window.__pwned is the sentinel: any payload that ran would set it
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><script>window.__pwned=3</script>',
    "'><img src=x onerror=window.__pwned=4>",
    '<svg onload="window.__pwned=5">',
    "<svg><script>window.__pwned=6</script></svg>",
    '<a href="javascript:window.__pwned=7">click me</a>',
    '<a href="data:text/html,<script>window.__pwned=8</script>">data link</a>',
    "javascript:window.__pwned=9",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xMDwvc2NyaXB0Pg==",
    '<iframe src="javascript:window.__pwned=11"></iframe>',
    '<body onload="window.__pwned=12">',
    "<style>body{background:url(http://evil.example/bg.png)}</style>",
    '<div style="background:url(http://evil.example/div.png)">styled</div>',
    "<link rel=stylesheet href=http://evil.example/x.css>",
    "{{7*7}}",
    "{% for x in range(3) %}loop{% endfor %}",
    "${7*7} #{7*7}",
    '<input autofocus onfocus="window.__pwned=13">',
    '<details open ontoggle="window.__pwned=14">',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=15>",
    "</textarea><script>window.__pwned=16</script>",
    "</title><script>window.__pwned=17</script>",
    '<meta http-equiv="refresh" content="0;url=http://evil.example/">',
    '<base href="http://evil.example/">',
    '<form action="http://evil.example/"><button>go</button></form>',
    '<object data="http://evil.example/o"></object>',
    '<embed src="http://evil.example/e">',
    '<video><source onerror="window.__pwned=18"></video>',
    "<scr<script>ipt>window.__pwned=19</script>",
    '" onmouseover="window.__pwned=20',
    "';window.__pwned=21;//",
    '<!--<img src="--><img src=x onerror=window.__pwned=22>-->',
    '<xss onclick="window.__pwned=23">',
    "&lt;script&gt;window.__pwned=24&lt;/script&gt;",
    '<img src="http://evil.example/track.png">',
    "\\u003cscript\\u003ewindow.__pwned=25\\u003c/script\\u003e",
]


def body(*payloads: str, number: int = 0) -> str:
    """An English article around `payloads`; `number` names its places, so that no two
    articles are near-duplicates (every five words hold a name of its own)."""
    syllables = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi"]
    town = (syllables[number % 8] + syllables[number // 8 % 8] + "ton").title()
    pier = (syllables[number // 64 % 8] + syllables[number % 8] + "wick").title()
    parts = [
        f"In {town} the council of {town} met, officials of {pier} said on Tuesday.",
        f"Crews from {pier} said many homes near {town} were damaged by the water.",
    ]
    for payload in payloads:
        parts.append(f"A sign at {pier} read {payload} on the morning of the {town} storm.")
    parts.append(f"People of {town} feared that rain in {pier} would flood {town} again.")
    return " ".join(parts)


class _Feed(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        kind, data = self.pages.get(self.path, ("text/plain", b""))
        self.send_response(200 if data else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _feed_items(base: str, payloads: list[str]) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    from xml.sax.saxutils import escape

    pages: dict[str, tuple[str, bytes]] = {}
    items = []
    for number, payload in enumerate(payloads):
        path = f"/story-{number}.html"
        page = (
            f"<html><head><title>{escape(payload)}</title></head><body><article>"
            f"<h1>{escape(payload)}</h1><p>{escape(body(payload, number=100 + number))}</p>"
            "</article></body></html>"
        )
        pages[path] = ("text/html; charset=utf-8", page.encode())
        items.append(
            f"<item><title>{escape(payload)}</title><link>{base}{path}</link>"
            f"<guid>{base}{path}</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
        )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile feed</title>'
        f"<link>{base}/</link><description>x</description>{''.join(items)}</channel></rss>"
    )
    return feed.encode(), pages


def build_hostile_store(folder: Path) -> Path:
    """Articles carrying every payload, in every field a user's input can set."""
    files = folder / "files"
    files.mkdir(parents=True)
    rows = []
    for number, payload in enumerate(PAYLOADS):
        other = PAYLOADS[(number + 7) % len(PAYLOADS)]
        name = f"story-{number}.txt"
        # the title from a header, the outlet, URL and a second title from the sidecar
        (files / name).write_text(f"Title: {payload}\n\n{body(payload, other)}\n", encoding="utf-8")
        rows.append(
            {
                "file": name,
                "outlet": f"Outlet {number} {payload}",
                "date": f"2024-03-{1 + number % 9:02d}",
                "url": f"https://news.example/{number}?q={urllib.parse.quote(payload)}&r={payload}",
                "title": "",
            }
        )
    with (files / "sources.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["file", "outlet", "date", "url", "title"])
        writer.writeheader()
        writer.writerows(rows)
    records = folder / "records.jsonl"
    records.write_text(
        "\n".join(
            json.dumps(
                {
                    "title": f"Record {payload}",
                    "outlet": f"Record outlet {payload}",
                    "url": payload,
                    "date": "2024-03-05",
                    "text": body(payload, number=200 + number),
                }
            )
            for number, payload in enumerate(PAYLOADS[:6])
        ),
        encoding="utf-8",
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed, pages = _feed_items(base, PAYLOADS[6:12])
    _Feed.pages = {"/feed.xml": ("application/rss+xml", feed), **pages}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    path = folder / "hostile.db"
    try:
        fetcher = Fetcher(Policy(allowed=Policy.networks("127.0.0.1/32"), delay=0.0))
        with Store.open(path) as store:
            result = corpus.ingest(
                store, [str(files), str(records), f"{base}/feed.xml"], SETTINGS, fetcher=fetcher
            )
            ids = list(result.added)
            assert not result.skipped and not result.duplicates, result
            assert len(ids) == len(PAYLOADS) + 6 + 6
            for number in range(0, len(ids), 5):
                headline = PAYLOADS[(number // 5) % len(PAYLOADS)]
                save_event(store, f"e{number // 5 + 1}", ids[number : number + 5], headline)
    finally:
        server.shutdown()
        server.server_close()
    return path


class Served:
    def __init__(self, store: Path, access_token: str | None = None) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        app = create_app(store, SETTINGS, access_token)
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            self.thread.join(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = Served(build_hostile_store(tmp_path_factory.mktemp("hostile")))
    yield served
    served.stop()


class Watched:
    """A page whose dialogs, requests and sentinel are watched."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, address: str) -> str:
        answer = self.page.goto(self.base + address)
        assert answer is not None and answer.status == 200, address
        self.page.wait_for_load_state("load")
        self.check(address)
        text: str = self.page.inner_text("body")
        return text

    def check(self, where: str) -> None:
        assert self.page.evaluate("typeof window.__pwned") == "undefined", where
        assert not self.dialogs, (where, self.dialogs)
        assert not self.foreign, (where, self.foreign)
        hostile = self.page.evaluate(
            """() => {
              const found = [];
              for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                  if (a.name.startsWith('on')) found.push(el.tagName + ' ' + a.name);
                  const link = ['href', 'src', 'action', 'data'].includes(a.name);
                  if (link && /^\\s*(javascript|data):/i.test(a.value)) found.push(a.value);
                }
              }
              for (const tag of ['script', 'iframe', 'object', 'embed', 'base', 'xss', 'video',
                                 'img', 'input[autofocus]', 'math', 'style', 'link[href^="http"]',
                                 'meta[http-equiv]']) {
                if (document.querySelector(tag)) found.push(tag);
              }
              if (document.querySelectorAll('form[action^="http"]').length) found.push('form');
              return found;
            }"""
        )
        assert not hostile, (where, hostile)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        target = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        extra = os.environ.get("RASHOMON_SCREENSHOT_DIR")
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(target, Path(extra) / target.name)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_hostile_text_is_shown_as_text_on_every_page(browser: Any, hostile: Served) -> None:
    watched = Watched(browser, hostile.base)
    seen = [watched.open("/events")]
    watched.shot("events-hostile")
    listing = json.loads(watched.page.context.request.get(hostile.base + "/events.json").text())
    events = [e["id"] for e in listing["events"]]
    assert len(events) >= 8
    articles = [a for e in listing["events"] for a in e["articles"]]
    for event in events:
        seen.append(watched.open(f"/events/{event}"))
    watched.shot("event-hostile")
    for article in articles:
        seen.append(watched.open(f"/articles/{urllib.parse.quote(article['id'])}"))
    seen.append(watched.open("/outlets"))
    for name in sorted({a["outlet"] for a in articles})[:12]:
        seen.append(watched.open(f"/outlets/{urllib.parse.quote(name, safe='')}"))
    seen.append(watched.open("/events?" + urllib.parse.urlencode({"q": PAYLOADS[0]})))
    text = _flat("\n".join(seen))
    missing = [p for p in PAYLOADS if _flat(p) not in text]
    assert not missing, missing
    # every field as stored is on some page, as text: titles, outlets, URLs
    for article in articles:
        for field in ("title", "outlet", "url"):
            if article[field]:
                assert _flat(article[field]) in text, (field, article[field])
    watched.context.close()


def test_analyze_form_with_an_upload_and_pasted_hostile_text(
    browser: Any, hostile: Served, tmp_path: Path
) -> None:
    watched = Watched(browser, hostile.base)
    watched.open("/analyze")
    upload = tmp_path / f"{PAYLOADS[1][:20]}.txt".replace("/", "_")
    upload.write_text(
        f"Title: {PAYLOADS[2]}\nSource: {PAYLOADS[4]}\n\n{body(PAYLOADS[3], number=300)}\n"
    )
    page = watched.page
    page.fill("textarea[name=text]", body(PAYLOADS[0], PAYLOADS[15], number=301))
    page.fill("input[name=outlet]", PAYLOADS[6])
    page.fill("input[name=title]", PAYLOADS[16])
    page.set_input_files("input[name=files]", str(upload))
    page.click("button[type=submit]")
    page.wait_for_selector("#disputed", timeout=120_000)
    watched.check("analyze result")
    text = _flat(page.inner_text("body"))
    for payload in (PAYLOADS[0], PAYLOADS[2], PAYLOADS[3], PAYLOADS[4], PAYLOADS[6]):
        assert _flat(payload) in text, payload
    page.click("text=Save these articles to the store")
    page.wait_for_selector(".saved a", timeout=120_000)
    watched.check("saved")
    watched.context.close()


def test_example_pages_and_the_token_in_the_browser(browser: Any, tmp_path: Path) -> None:
    store = build_example_store(tmp_path / "examples.db")
    served = Served(store, access_token="s3cret")
    try:
        watched = Watched(browser, served.base)
        refused = watched.page.goto(served.base + "/events")
        assert refused is not None and refused.status == 401
        assert "E_TOKEN" in watched.page.inner_text("body")
        text = watched.open("/events?token=s3cret")
        assert watched.page.url == served.base + "/events"  # the token left the address
        assert "The Harwick Dam fails above Lakeport" in text
        cookies = watched.context.cookies()
        assert [c["httpOnly"] for c in cookies if c["name"] == "rashomon_token"] == [True]
        watched.shot("events")
        watched.page.click("a.event-link")
        watched.page.wait_for_selector(".coverage svg")
        watched.check("event page")
        assert watched.page.locator(".cov-dot").count() == 3
        link = watched.page.locator("#disputed a.evidence-link").first
        href = link.get_attribute("href")
        link.click()
        watched.page.wait_for_function("hash => window.location.hash === hash", arg=href)
        watched.page.set_viewport_size({"width": 1400, "height": 1000})
        watched.page.evaluate("window.scrollTo(0, 0)")
        watched.page.screenshot(path=str(SHOTS / "event.png"))
        watched.shot("event-full")
        for address in ("/articles/a2", "/outlets", "/outlets/The%20Port%20Alder%20Herald"):
            watched.open(address)
            watched.shot(address.strip("/").replace("/", "-").replace("%20", "-"))
        watched.page.goto(served.base + "/events?q=Harwick&outlet=The+Port+Alder+Herald")
        assert watched.page.locator("a.event-link").count() == 1
        watched.page.goto(served.base + "/events?q=zeppelin")
        assert watched.page.locator("a.event-link").count() == 0
        json_page = watched.page.goto(served.base + "/events/e1.json")
        assert json_page is not None and json_page.headers["content-type"].startswith(
            "application/json"
        )
        assert EXAMPLES.exists()
        watched.context.close()
    finally:
        served.stop()


def _header_lines(page: Any) -> dict[str, int]:
    """Each table header's text: how many lines it takes on the page."""
    lines: dict[str, int] = page.evaluate(
        """() => {
          const lines = {};
          for (const th of document.querySelectorAll('thead th')) {
            const range = document.createRange();
            range.selectNodeContents(th);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            lines[th.textContent.trim()] = tops.size;
          }
          return lines;
        }"""
    )
    return lines


@pytest.mark.parametrize("width", [1280, 400])
def test_table_headers_never_break_inside_a_word(browser: Any, tmp_path: Path, width: int) -> None:
    store = build_example_store(tmp_path / "examples.db")
    served = Served(store)
    try:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for address in ("/events", "/outlets"):
            page.goto(served.base + address)
            lines = _header_lines(page)
            assert "Disputed" in lines or address != "/events"
            assert all(n == 1 for n in lines.values()), (address, width, lines)
            # nothing wider than the window: a narrow window shows each row as a card
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, (address, width, scroll, client)
        page.goto(served.base + "/events")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"events-{width}.png"), full_page=True)
        context.close()
    finally:
        served.stop()
