"""`rashomon serve` as a user runs it: the address it prints, the token another host needs,
and `--watch`'s loop, which ingests beside the app."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from servetools import SETTINGS
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.ingest.polite import Fetcher, Policy
from rashomon.serve.background import start_watch
from rashomon.store import Store

ROOT = Path(__file__).resolve().parents[2]
STORY = (
    "The Millbrook council voted on Tuesday to close the Elm Street bridge for repairs after "
    "engineers found cracks in two of its piers, the mayor said, and buses will run instead."
)


def test_another_host_without_a_token_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--store", str(tmp_path / "s.db"), "--host", "0.0.0.0"]
    )
    assert result.exit_code == 2
    assert "--token" in result.output


def test_serve_prints_its_address_and_serves_the_store(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = tmp_path / "news.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "rashomon.cli", "serve", "--store", str(store), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert f"serving {store} on http://127.0.0.1:{port}/" in line
        for _ in range(100):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/events.json", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert answer.status_code == 200
        assert answer.json()["events"] == []
        assert "server" not in answer.headers  # uvicorn's name is not sent
    finally:
        process.terminate()
        process.communicate(timeout=10)  # closes its stderr pipe


class _Feed(BaseHTTPRequestHandler):
    base = ""

    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                f"<item><title>Bridge closed</title><link>{self.base}/story.html</link>"
                f"<guid>{self.base}/story.html</guid></item></channel></rss>"
            ).encode()
        else:
            body = f"<html><body><article><p>{STORY}</p></article></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_watch_beside_the_app_ingests_the_feed(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    _Feed.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = tmp_path / "news.db"
    Store.open(store).close()
    stop = threading.Event()
    fetcher = Fetcher(Policy(allowed=Policy.networks("127.0.0.1/32"), delay=0.0))
    thread = start_watch(store, [f"{_Feed.base}/feed.xml"], 3600, SETTINGS, fetcher, stop)
    try:
        for _ in range(600):
            with Store.open(store) as opened:
                if opened.rows("SELECT id FROM articles"):
                    break
            time.sleep(0.1)
        with Store.open(store) as opened:
            titles = [r[0] for r in opened.rows("SELECT title FROM articles")]
        assert titles == ["Bridge closed"] or len(titles) == 1
    finally:
        stop.set()
        thread.join(30)
        server.shutdown()
        server.server_close()


def test_counting_disputes_builds_the_reports_of_events_with_no_count(store_path: Path) -> None:
    from rashomon.serve.background import count_one, start_counting
    from rashomon.store.events import list_events

    with Store.open(store_path) as store:
        (event,) = list_events(store, min_outlets=2)
        assert event.disputed is None
    assert count_one(store_path, SETTINGS) == event.id
    assert count_one(store_path, SETTINGS) is None  # every event counted
    with Store.open(store_path) as store:
        (counted,) = list_events(store, min_outlets=2)
        assert counted.disputed is not None and counted.disputed >= 1
    stop = threading.Event()
    stop.set()
    start_counting(store_path, SETTINGS, idle=0.01, stop=stop).join(timeout=10)
