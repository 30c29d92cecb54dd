"""`rashomon serve` under load: an open-loop load on loopback over a store of 1,000+ articles,
once alone and once while another process ingests, with the time a new article takes to show.

    python bench/serve_load.py [--rate 50] [--seconds 60] [--copies 45] [--work DIR]

The store: the Lakeport example and the CC0 fictional events of ../shared/data/fiction-dev,
read in place and extracted once (the real per-article stage), then replicated with their
stored extractions under new ids (each copy's text gets a line of its own, so its hash is new,
and later dates), one event per copy of each seed event: with --copies 45, 1,058 articles in
322 events. The store lives in --work (a temporary folder by default) and is never committed.

The server is the real command, `python -m rashomon.cli serve --store ... --port ...`, in a
subprocess (RASHOMON_ENCODER=tfidf). Before each phase every event's page is opened once, in
turn (the first view makes the event's report, which the app then keeps until the event or its
extractions change): the time of those first views is reported apart. The load is open-loop: request
i is sent at start + i / rate whatever happened to the others, and its latency counts from then
(queueing included). The mix: 30 % events list (a third of them with a full-text search, a
third filtered by outlet), 30 % event page (HTML), 20 % article page (HTML), 20 % JSON twins
(events list, event report, article). An event is one of the newest 25 four times in five, else
any event.

Phase 2 runs a writer process beside it that ingests one new article every 2 s with the real
per-article stage (spaCy, the same `corpus.ingest` that `watch` calls) and saves it as an event;
the bench polls /events.json?q=TOKEN every 100 ms for each, to time how long it takes to show.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
FICTION = ROOT.parent / "shared" / "data" / "fiction-dev"
SEEDS = [ROOT / "examples" / "lakeport-dam", *sorted(p for p in FICTION.glob("*") if p.is_dir())]
ENV = {**os.environ, "RASHOMON_ENCODER": "tfidf", "PYTHONPATH": str(ROOT / "src")}


def build_store(path: Path, copies: int) -> tuple[int, int]:
    """The seed events ingested, then replicated `copies` times: (articles, events)."""
    from rashomon import corpus
    from rashomon.config import Settings
    from rashomon.model import Extraction
    from rashomon.serialize import from_jsonable, to_jsonable
    from rashomon.store import Store, runs
    from rashomon.store import events as event_table
    from rashomon.store import extractions as extraction_table

    settings = Settings(encoder="tfidf")
    with Store.open(path) as store:
        seeds: list[list[Extraction]] = []
        number = 0
        for folder in SEEDS:
            result = corpus.ingest(store, [str(folder)], settings)
            loaded = extraction_table.load(store, list(result.added)).extractions
            seeds.append([loaded[i] for i in result.added if i in loaded])
            number += 1
            _save(store, f"e{number}", result.added)
        by_text: dict[str, tuple[Extraction, str]] = {}

        def replicate(
            articles: Sequence[Any], _settings: Any, _p: Any = None, _s: Any = None
        ) -> tuple[list[Extraction], list[Any]]:
            made = []
            for article in articles:
                seed, old = by_text[article.text]
                data = _renamed(to_jsonable(seed), old, article.id)
                data["article"] = to_jsonable(article)
                made.append(from_jsonable(Extraction, data))
            return made, []

        for copy in range(1, copies + 1):
            batch = []
            for group in seeds:
                for seed in group:
                    text = f"{seed.article.text}\n\n(Bench copy {copy}.)"
                    day = date.fromisoformat((seed.article.date or "2024-03-01")[:10])
                    article = dataclasses.replace(
                        seed.article, text=text, date=(day + timedelta(days=copy)).isoformat()
                    )
                    by_text[text] = (seed, seed.article.id)
                    batch.append(article)
            with store.writer("bench"):
                run_id = runs.start(store, "bench", [f"copy {copy}"], settings)
                result = corpus.store_articles(
                    store, batch, settings, run_id=run_id, extract_batch=replicate
                )
                runs.finish(store, run_id, "done", {})
            added = iter(result.added)
            for group in seeds:
                number += 1
                _save(store, f"e{number}", [next(added) for _ in group])
        articles = store.row("SELECT count(*) FROM articles")[0]  # type: ignore[index]
        events = len(event_table.list_events(store))
    return int(articles), events


def _save(store: Any, event_id: str, ids: Sequence[str]) -> None:
    from rashomon.store import articles as article_table
    from rashomon.store import events as event_table
    from rashomon.store.events import StoredEvent

    first = article_table.get(store, list(ids[:1]))
    headline = next(iter(first.values())).title if first else None
    with store.transaction() as connection:  # the events the articles leave are updated
        left = event_table.affected(connection, list(ids))
        event_table.save_one(connection, StoredEvent(event_id, tuple(ids), headline=headline))
        event_table.refresh(connection, [*left, event_id])


def _renamed(value: Any, old: str, new: str) -> Any:
    """`value` (JSON values) with every span's article id `old` made `new`."""
    if isinstance(value, dict):
        return {
            k: (new if k == "article" and v == old else _renamed(v, old, new))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    return value


def write_loop(store_path: str, seconds: float, every: float) -> None:
    """The writer of phase 2: a new article every `every` seconds, ingested with the real
    per-article stage and saved as an event; one JSON line per article on stdout."""
    from rashomon import corpus
    from rashomon.config import Settings
    from rashomon.store import Store

    texts = [p for folder in SEEDS[1:] for p in sorted(folder.glob("*.txt"))]
    settings = Settings(encoder="tfidf")
    end = time.monotonic() + seconds
    number = 0
    with Store.open(store_path) as store, tempfile.TemporaryDirectory() as folder:
        while time.monotonic() < end:
            started = time.monotonic()
            number += 1
            token = f"zqx{os.getpid()}n{number}"
            source = texts[number % len(texts)]
            target = Path(folder) / f"{token}-{source.name}"
            target.write_text(
                source.read_text("utf-8") + f"\n\nCorrection filed as {token}.\n", "utf-8"
            )
            result = corpus.ingest(store, [str(target)], settings)
            _save(store, f"w{token}", result.added)
            print(json.dumps({"token": token, "committed": time.time()}), flush=True)
            time.sleep(max(0.0, every - (time.monotonic() - started)))


@dataclasses.dataclass
class Sample:
    kind: str
    latency: float
    ok: bool
    status: str  # the HTTP status, or the exception's name
    due: float
    done: float


def plan(
    rate: float,
    seconds: float,
    events: list[str],
    articles: list[str],
    outlets: list[str],
    words: list[str],
    seed: int = 7,
) -> list[tuple[str, str]]:
    """(kind, address) for every request of the phase."""
    rng = random.Random(seed)
    newest = events[:25]

    def event() -> str:
        return rng.choice(newest) if rng.random() < 0.8 else rng.choice(events)

    chosen = []
    for _ in range(int(rate * seconds)):
        roll = rng.random()
        if roll < 0.3:
            which = rng.random()
            if which < 1 / 3:
                query = "?" + urllib.parse.urlencode({"q": rng.choice(words)})
            elif which < 2 / 3:
                query = "?" + urllib.parse.urlencode({"outlet": rng.choice(outlets)})
            else:
                query = "?sort=disputed" if rng.random() < 0.5 else ""
            chosen.append(("events", "/events" + query))
        elif roll < 0.6:
            chosen.append(("event", f"/events/{event()}"))
        elif roll < 0.8:
            chosen.append(("article", f"/articles/{rng.choice(articles)}"))
        else:
            pick = rng.random()
            if pick < 1 / 3:
                chosen.append(("json", "/events.json"))
            elif pick < 2 / 3:
                chosen.append(("json", f"/events/{event()}.json"))
            else:
                chosen.append(("json", f"/articles/{rng.choice(articles)}.json"))
    return chosen


async def load(base: str, requests: list[tuple[str, str]], rate: float) -> list[Sample]:
    samples: list[Sample] = []
    # idle connections are dropped before the server's keep-alive timeout (uvicorn: 5 s), so
    # that no request goes out on a connection the server is closing
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=64, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as client:
        start = time.monotonic() + 0.5

        async def one(kind: str, address: str, due: float) -> None:
            try:
                answer = await client.get(address)
                ok, status = answer.status_code == 200, str(answer.status_code)
                if not ok:
                    status += " " + answer.text[:200]
            except httpx.HTTPError as exc:
                ok, status = False, type(exc).__name__
            done = time.monotonic()
            samples.append(Sample(kind, done - due, ok, status, due, done))

        tasks = []
        for number, (kind, address) in enumerate(requests):
            due = start + number / rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            tasks.append(asyncio.create_task(one(kind, address, due)))
        await asyncio.gather(*tasks)
    return samples


def watch_visibility(base: str, writer: subprocess.Popen[str], found: list[float]) -> None:
    """For each article the writer commits, poll the events list until it shows."""
    assert writer.stdout is not None
    with httpx.Client(base_url=base, timeout=30.0) as client:
        for line in writer.stdout:
            record = json.loads(line)
            while True:
                listed = client.get("/events.json", params={"q": record["token"]}).json()
                if listed["events"]:
                    found.append(time.time() - record["committed"])
                    break
                time.sleep(0.1)


def _rss_mb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")]
    return round(int(found[0]) / 1024) if found else None


def summary(samples: list[Sample]) -> dict[str, Any]:
    def stats(group: list[Sample]) -> dict[str, Any]:
        latencies = sorted(s.latency for s in group)
        return {
            "n": len(group),
            "errors": sum(1 for s in group if not s.ok),
            "error_kinds": sorted({s.status for s in group if not s.ok}),
            "p50_ms": round(1000 * statistics.median(latencies)),
            "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]),
        }

    kinds: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        kinds[sample.kind].append(sample)
    span = max(s.done for s in samples) - min(s.due for s in samples)
    return {
        # answered requests per second, from the first request due to the last answer
        "throughput_rps": round(sum(1 for s in samples if s.ok) / span, 1),
        "all": stats(samples),
        **{kind: stats(group) for kind, group in sorted(kinds.items())},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="per phase")
    parser.add_argument("--copies", type=int, default=45, help="replicas of the seed events")
    parser.add_argument("--work", help="folder for the store (default: a temporary one)")
    parser.add_argument(
        "--write", nargs=3, metavar=("STORE", "SECONDS", "EVERY"), help=argparse.SUPPRESS
    )  # the writer process of phase 2
    args = parser.parse_args(argv)
    if args.write:
        write_loop(args.write[0], float(args.write[1]), float(args.write[2]))
        return 0
    work = Path(args.work or tempfile.mkdtemp(prefix="rashomon-serve-load-"))
    work.mkdir(parents=True, exist_ok=True)
    store = work / "load.db"
    if not store.exists():
        started = time.monotonic()
        articles, events = build_store(store, args.copies)
        print(
            f"store: {articles} articles, {events} events in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "rashomon.cli", "serve", "--store", str(store), "--port", str(port)],
        env=ENV,
        cwd=ROOT,
    )
    results: dict[str, Any] = {"rate": args.rate, "seconds": args.seconds}
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/events.json", timeout=5.0)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        listing = httpx.get(base + "/events.json", timeout=30.0).json()
        results["store"] = {"articles": None, "events": listing["total"]}
        events = _all_events(base, listing["pages"])
        articles = [a for e in events for a in e["articles"]]
        results["store"]["articles"] = len(articles)
        ids = [e["id"] for e in events]
        words = ["dam", "transfer", "outbreak", "rate", "fire", "shipwreck", "verdict", "flood"]
        for phase in ("alone", "with_ingest"):
            firsts = []
            for event_id in ids:  # every event's report made once (the app caches them)
                started = time.monotonic()
                httpx.get(f"{base}/events/{event_id}", timeout=60.0)
                firsts.append(time.monotonic() - started)
            firsts.sort()
            results[f"{phase}_first_view_ms"] = {
                "events": len(firsts),
                "p50": round(1000 * statistics.median(firsts)),
                "p99": round(1000 * firsts[int(0.99 * (len(firsts) - 1))]),
            }
            requests = plan(
                args.rate,
                args.seconds,
                ids,
                [a["id"] for a in articles],
                listing["outlets"],
                words,
                seed=7 if phase == "alone" else 8,
            )
            writer = None
            shown: list[float] = []
            if phase == "with_ingest":
                writer = subprocess.Popen(
                    [sys.executable, __file__, "--write", str(store), str(args.seconds), "2"],
                    env=ENV,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                watcher = threading.Thread(target=watch_visibility, args=(base, writer, shown))
                watcher.start()
            samples = asyncio.run(load(base, requests, args.rate))
            results[phase] = summary(samples)
            results[phase]["server_rss_mb"] = _rss_mb(server.pid)
            if writer is not None:
                writer.wait()
                watcher.join()
                results[phase]["ingested"] = len(shown)
                if shown:
                    results[phase]["shows_after_s"] = {
                        "median": round(statistics.median(shown), 2),
                        "max": round(max(shown), 2),
                    }
            print(json.dumps({phase: results[phase]}), file=sys.stderr)
    finally:
        server.terminate()
        server.wait(10)
    print(json.dumps(results, indent=2))
    return 0


def _all_events(base: str, pages: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for page in range(1, pages + 1):
        found += httpx.get(f"{base}/events.json?page={page}", timeout=60.0).json()["events"]
    return found


if __name__ == "__main__":
    raise SystemExit(main())
