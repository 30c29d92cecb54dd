"""Shared fixtures for the ingest tests: short fictional articles and a loopback HTTP server.

Every article below is invented (a town called Lakeport); none comes from a real outlet.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

BRIDGE = (
    "The Harbor Street bridge in Lakeport reopened to traffic on Wednesday after eleven weeks "
    "of repairs, city officials said. Crews replaced rusted steel beams and resurfaced the deck. "
    "Mayor Dana Whitfield said the work cost 4.2 million dollars, slightly less than the council "
    "had budgeted last autumn. Commuters had faced detours of up to twenty minutes while the "
    "bridge was closed."
)
FERRY = (
    "Ferry workers in Lakeport walked off the job on Monday morning, stranding hundreds of island "
    "residents who rely on the boats to reach the mainland. The union said its members had gone "
    "three years without a raise. A spokesman for the ferry company said talks would resume on "
    "Thursday and that a reduced timetable would run in the meantime."
)
LIBRARY = (
    "A fire broke out late on Saturday in the basement of the Lakeport public library, damaging "
    "several thousand books and a collection of old maps. No one was hurt. Fire chief Maria "
    "Okafor said the blaze appeared to have started in an electrical panel. The library will stay "
    "closed for at least two weeks while the building is inspected and cleaned."
)
SCHOOL = (
    "The Lakeport school board voted five to two on Tuesday night to delay the start of the school "
    "day by forty minutes from next September. Supporters said teenagers would get more sleep and "
    "do better in class. Opponents warned that later finishing times would clash with sports "
    "practice and after-school jobs, and asked the board to run a pilot first."
)
MARKET = (
    "The weekly farmers market in Lakeport will move from the harbor car park to Elm Square in "
    "June, the city said on Friday. Stallholders had complained about wind and a lack of shade at "
    "the old site. The new location has room for sixty stalls, twenty more than before, and is "
    "close to two bus stops and a public car park."
)
STORM = (
    "A spring storm brought down power lines across northern Lakeport on Sunday, leaving about "
    "three thousand homes without electricity for most of the afternoon. The utility company said "
    "crews restored service to nearly every customer by nine in the evening. Several roads were "
    "blocked by fallen trees, and the city asked residents to report any damaged lines rather "
    "than approach them."
)
SPANISH = (
    "El ayuntamiento de Lakeport aprobó el martes un nuevo plan para reparar el puente de la calle "
    "del Puerto, que lleva cerrado casi tres meses. Según la alcaldesa, las obras costarán más de "
    "cuatro millones de dólares y terminarán antes del verano, aunque muchos vecinos dudan de que "
    "se cumplan los plazos anunciados."
)


TEXTS = {
    "bridge": BRIDGE,
    "ferry": FERRY,
    "library": LIBRARY,
    "school": SCHOOL,
    "market": MARKET,
    "storm": STORM,
    "spanish": SPANISH,
}


@pytest.fixture
def texts() -> dict[str, str]:
    """The fictional articles by name (fixtures, because test modules here are not a package)."""
    return dict(TEXTS)


def page(
    paragraphs: list[str],
    *,
    title: str | None = None,
    site: str | None = None,
    published: str | None = None,
    canonical: str | None = None,
) -> str:
    """A small news page with navigation and footer around the article."""
    head = ['<meta charset="utf-8">']
    if title:
        head.append(f"<title>{html.escape(title)}</title>")
        head.append(f'<meta property="og:title" content="{html.escape(title)}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (
        f'<!doctype html><html lang="en"><head>{"".join(head)}</head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        f"<main><article>{heading}{body}</article></main>"
        "<footer><p>Contact us</p></footer></body></html>"
    )


def halves(text: str) -> list[str]:
    """The text as two paragraphs, split after its second sentence."""
    sentences = text.split(". ")
    return [". ".join(sentences[:2]) + ".", ". ".join(sentences[2:])]


@pytest.fixture
def make_page() -> Any:
    return page


@dataclass
class Response:
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Response]
    requests: list[dict[str, str]]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client that stops reading early (the size cap) is expected, not an error
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append({"path": self.path, **dict(self.headers.items())})
        response = self.server.routes.get(self.path, Response(404, "text/plain", b"not found"))
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Loopback:
    base: str
    routes: dict[str, Response]
    requests: list[dict[str, str]]

    def url(self, path: str) -> str:
        return self.base + path

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str | None = "text/html; charset=utf-8",
        status: int = 200,
        **headers: str,
    ) -> str:
        """Answer GET `path` with `body`; returns its URL."""
        self.routes[path] = Response(status, content_type, body, headers)
        return self.url(path)

    def html(self, path: str, text: str, **meta: str) -> str:
        """Serve `text` as a two-paragraph HTML page at `path`; returns its URL."""
        return self.serve(path, page(halves(text), **meta).encode("utf-8"))


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib honours proxy variables; a proxy set on the test machine must not see loopback."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server() -> Iterator[Loopback]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.routes = {}
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield Loopback(f"http://{host!s}:{port}", httpd.routes, httpd.requests)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
