"""Helpers for the store tests: short made-up articles (a town called Millbrook; none comes
from a real outlet), and HTTP servers on 127.0.0.1 whose answers a test decides.

A module of its own (not conftest.py), so that test modules import it by a name no other
test folder uses."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TEXTS = {
    "bridge": "The Millbrook council voted on Tuesday to close the Elm Street bridge for "
    "repairs after engineers found cracks in two of its piers, the mayor said.",
    "ferry": "Ferry workers in Millbrook walked off the job on Monday, stranding hundreds of "
    "island residents who rely on the boats to reach the mainland every day.",
    "library": "A fire broke out late on Saturday in the basement of the Millbrook library, "
    "damaging several thousand books and a collection of old maps; no one was hurt.",
    "school": "The Millbrook school board voted five to two to start the school day forty "
    "minutes later from September, saying teenagers would sleep more and learn better.",
    "market": "The weekly farmers market in Millbrook will move from the harbor car park to "
    "Elm Square in June, the city said, after stallholders complained about the wind.",
    "storm": "A spring storm brought down power lines across northern Millbrook on Sunday, "
    "leaving about three thousand homes without electricity for most of the afternoon.",
}


def write_articles(folder: Path, names: list[str], outlets: dict[str, str] | None = None) -> Path:
    """One .txt file per named text, with a header giving its title (the name) and outlet."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        outlet = (outlets or {}).get(name, f"The {name.title()} Gazette")
        (folder / f"{name}.txt").write_text(
            f"Title: {name}\nOutlet: {outlet}\n\n{TEXTS[name]}\n", encoding="utf-8"
        )
    return folder


# ---- HTTP on 127.0.0.1 -------------------------------------------------------------------


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[dict[str, str]], Answer]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    requests: list[dict[str, str]]
    active: int
    most_at_once: int
    guard: threading.Lock
    release: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout, the size cap) is expected


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        server = self.server
        with server.guard:
            server.active += 1
            server.most_at_once = max(server.most_at_once, server.active)
        finished = False
        try:
            headers = {"path": self.path, **{k.lower(): v for k, v in self.headers.items()}}
            server.requests.append(headers)
            route = server.routes.get(self.path)
            answer = route(headers) if route else Answer(404, b"not found")
            if answer.status == -1:  # hang until the test ends: a slow server
                server.release.wait(30)
                return
            if answer.status == -2:  # a byte every tenth of a second: a trickling server
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                while not server.release.wait(0.1):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                return
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            # done before the last bytes leave: a client that has them may ask again at once,
            # and that request must not count as a second one at the same time
            finished = True
            with server.guard:
                server.active -= 1
            self.wfile.write(answer.body)
        finally:
            if not finished:
                with server.guard:
                    server.active -= 1

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Loopback:
    base: str
    server: _Server

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, answer: Route | Answer) -> str:
        self.server.routes[path] = answer if callable(answer) else (lambda _h, a=answer: a)
        return self.url(path)

    def requests(self, path: str | None = None) -> list[dict[str, str]]:
        return [r for r in self.server.requests if path is None or r["path"] == path]

    @property
    def most_at_once(self) -> int:
        return self.server.most_at_once


def start_server() -> tuple[Loopback, threading.Thread]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.routes = {}
    httpd.requests = []
    httpd.active = 0
    httpd.most_at_once = 0
    httpd.guard = threading.Lock()
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    host, port = httpd.server_address[:2]
    return Loopback(f"http://{host!s}:{port}", httpd), thread


def page(title: str, text: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}"></head><body><article><h1>{title}</h1>'
        f"<p>{text}</p><p>{text}</p></article></body></html>"
    ).encode()


def rss(title: str, links: list[tuple[str, str]]) -> bytes:
    """An RSS feed whose entries are (title, link)."""
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        "<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>"
        for t, link in links
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>'
        f"{title}</title><link>http://example.invalid/</link><description>news</description>"
        f"{items}</channel></rss>"
    ).encode()
