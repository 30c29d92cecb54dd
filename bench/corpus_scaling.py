"""How rashomon scales over a corpus, measured in one run: ingest speed by engine, then event
clustering and the store over a corpus of up to 50,000 articles.

    python bench/corpus_scaling.py [--limit N] [--sizes 1000,10000,50000] [--batch 500]
                                   [--skip-ingest] [--skip-scaling] [--no-retire] [--profile]
                                   [--json FILE]

(a) Ingest. The unique real texts under ../shared/data (AllSides raw, NeuS val, ECB+ train and
dev, BASIL, PolNEAR train and dev, Venezuela; read in place, deduplicated by content), or an
evenly spread sample of `--limit` of them (0: all), are stored in a fresh store by
`corpus.store_articles` (the per-article stage and the store writes, in batches of 64) with
`--jobs 1`, `--jobs 2` and `--engine ray --jobs 2` (a local Ray of 2 CPUs), each timed as a
whole and set against a bare `nlp.pipe` of the same texts with as many processes (n_process
1 or 2; the ratio bare / ours is our speed as a fraction of the bare parse's). Before the
clock: spaCy loaded here, the pool's forkserver started (a warm-up run), Ray started (timed:
`ray_init`) and a warm-up Ray run of two made-up articles (timed: `ray_warm_run`, about an
actor's start-up). Every Ray run starts its actors again (Ray Data keeps no actor between
datasets), so the Ray figure includes one actor start-up; `ray_excl_actor_start` takes the
warm-up run's time off.

(b) Clustering and the store. The extractions that (a) stored with --jobs 1 (the seeds) are
replicated into a stream of up to max(--sizes) articles: replica n is seed n mod S with the id
"a<n+1>", its text marked as a copy at its end (so it is a new article to the store) and its
date moved on by `round * (event_window_days + 2)` days, round = n div S, plus 0-2 days across
the seeds of a round: each round is a fresh copy of the seed corpus, and the copies never meet
in one time window, as new news would not. Seeds without a date are dated like the others.
The seeds' MiniLM embeddings are computed once, before the clock (their cost is reported per
1,000 articles apart). Timed, batch by batch (`--batch`): `Clusterer.add` for each article,
then one store transaction per batch (the articles, their extractions, the signals and vectors
a later ingest rebuilds the clusterer from, the events they touched). Reported at each size
of `--sizes`: the cost per 1,000 articles of the last 1,000, the process's RSS then and its
peak and how much it grew per 1,000 articles since the size before, the store's size on disk,
the events and how many of them the clusterer holds in memory (the others are retired to its
spill file, `event_retire_days`; `--no-retire` keeps every event in memory); every 1,000 in
the JSON.
`--profile` then profiles the clustering of 1,000 more articles (apart from the figures).

Figures vary with the machine's load: `uptime` is printed beside them, and only ratios within
one run are compared.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import hashlib
import io
import json
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import events_data
import polnear
from rashomon import corpus
from rashomon.config import Settings, from_env
from rashomon.model import Article, Extraction
from rashomon.nlp import pipeline
from rashomon.store import Store, runs
from rashomon.store import articles as article_table
from rashomon.store import clustering as clustering_table
from rashomon.store import events as event_table
from rashomon.store import extractions as extraction_table
from rashomon.store import outlets as outlet_table
from rashomon.store.events import StoredEvent

SAMPLE_SEED = 12
BASE_DAY = date(2026, 1, 1)
_WARM_UP = (
    "MILLBROOK — The town council voted 7 to 2 on Tuesday to close the old Elm Street bridge, "
    'Mayor Ana Ruiz said. "The bridge is not safe," Ruiz told reporters. About 300 people '
    "cross it each day, according to the council.",
    "Millbrook's council decided on Tuesday, March 3, to shut the Elm Street bridge after a vote "
    "of 6 to 3. Critics condemned the decision. Council member Tom Hale said the bridge was safe "
    "and that nearly 400 residents use it daily.",
)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    settings = from_env().replace(encoder="minilm", batch_size=16)
    figures: dict[str, Any] = {"machine": _machine(), "load_before": _load()}
    workdir = Path(tempfile.mkdtemp(prefix="rashomon-scaling-"))
    seeds: list[Extraction] = []
    if not args.skip_ingest or not args.skip_scaling:
        articles, unique = _real_articles(args.limit)
        figures["texts"] = {"unique": unique, "used": len(articles)}
        print(f"{unique} unique real texts; {len(articles)} used", file=sys.stderr)
        if args.skip_ingest:  # the seeds still come from a --jobs 1 ingest
            seeds = _ingest(articles, settings, workdir / "seeds.db")[1]
        else:
            figures["ingest"], seeds = _ingest_figures(articles, settings, workdir)
    if not args.skip_scaling:
        figures["scaling"] = _scaling(seeds, settings, args, workdir)
    figures["load_after"] = _load()
    _print(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="texts for (a); 0: all of them")
    parser.add_argument(
        "--sizes",
        default="1000,10000,50000",
        help="corpus sizes for (b), comma-separated; the largest is built",
    )
    parser.add_argument("--batch", type=int, default=500, help="articles per store transaction")
    parser.add_argument("--skip-ingest", action="store_true", help="(b) only")
    parser.add_argument("--skip-scaling", action="store_true", help="(a) only")
    parser.add_argument("--no-retire", action="store_true", help="(b) keeps every event in memory")
    parser.add_argument(
        "--profile", action="store_true", help="then profile the clustering of 1,000 more"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args(argv)


# -- (a) ingest -------------------------------------------------------------------------------


def _real_articles(limit: int) -> tuple[list[Article], int]:
    """The unique real texts (by content), then an evenly spread seeded sample of `limit`."""
    found: list[Article] = []
    for name in ("pooled", "ecb", "basil"):
        found += events_data.load(name).articles
    for split in ("train", "dev"):
        found += [item.article for item in polnear.load(split)]
    venezuela = events_data.SHARED_DATA / "venezuela-2017"
    for path in sorted(venezuela.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found.append(Article(id=path.stem, text=text, outlet=path.stem, path=str(path)))
    unique: dict[str, Article] = {}
    for article in found:
        unique.setdefault(hashlib.sha256(article.text.encode()).hexdigest(), article)
    chosen = list(unique.values())
    random.Random(SAMPLE_SEED).shuffle(chosen)
    if limit:
        chosen = chosen[:limit]
    return [dataclasses.replace(a, id=f"a{n}") for n, a in enumerate(chosen, start=1)], len(unique)


def _ingest(
    articles: list[Article], settings: Settings, path: Path
) -> tuple[float, list[Extraction]]:
    """Wall seconds of `corpus.store_articles` into a fresh store, and what it stored."""
    with Store.open(path) as store:
        run_id = runs.start(store, "ingest", ["bench"], settings)
        gc.collect()
        started = time.perf_counter()
        with store.writer("ingest"):
            result = corpus.store_articles(store, articles, settings, run_id=run_id, batch=64)
        seconds = time.perf_counter() - started
        if result.failed:
            print(
                f"!! {len(result.failed)} article(s) failed: {result.failed[:3]}", file=sys.stderr
            )
        stored = extraction_table.load(store, list(result.added)).extractions
    return seconds, [stored[i] for i in result.added if i in stored]


def _bare(texts: list[str], settings: Settings, processes: int) -> float:
    nlp = pipeline.load_nlp(settings.spacy_model)
    gc.collect()
    started = time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=processes))
    if count != len(texts):
        raise RuntimeError(f"nlp.pipe gave {count} docs for {len(texts)} texts")
    return time.perf_counter() - started


def _ingest_figures(
    articles: list[Article], settings: Settings, workdir: Path
) -> tuple[dict[str, Any], list[Extraction]]:
    from rashomon.engine import run_extraction

    texts = [a.text for a in articles]
    warm = [
        Article(id=f"w{n}", text=text, outlet=f"Outlet {n}", word_count=len(text.split()))
        for n, text in enumerate(_WARM_UP, start=1)
    ]
    run_extraction(warm, settings)  # spaCy and the extractors, in this process
    run_extraction(warm, settings.replace(jobs=2))  # the pool's forkserver
    out: dict[str, Any] = {"articles": len(articles), "characters": sum(map(len, texts))}

    one, seeds = _ingest(articles, settings, workdir / "jobs1.db")
    bare_one = _bare(texts, settings, 1)
    print(f"jobs 1: {one:.1f} s, bare parse {bare_one:.1f} s", file=sys.stderr)
    two, _ = _ingest(articles, settings.replace(jobs=2), workdir / "jobs2.db")
    bare_two = _bare(texts, settings, 2)
    print(f"jobs 2: {two:.1f} s, bare parse (2 processes) {bare_two:.1f} s", file=sys.stderr)

    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    started = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    ray_init = time.perf_counter() - started
    on_ray = settings.replace(engine="ray", jobs=2)
    started = time.perf_counter()
    run_extraction(warm, on_ray)
    ray_warm = time.perf_counter() - started
    on, _ = _ingest(articles, on_ray, workdir / "ray.db")
    ray.shutdown()
    print(f"ray: {on:.1f} s (init {ray_init:.1f} s, warm run {ray_warm:.1f} s)", file=sys.stderr)

    def rate(seconds: float) -> float:
        return len(articles) / seconds

    out["jobs_1"] = {"seconds": one, "per_second": rate(one), "bare": bare_one}
    out["jobs_1"]["ratio"] = bare_one / one
    out["jobs_2"] = {"seconds": two, "per_second": rate(two), "bare": bare_two}
    out["jobs_2"]["ratio"] = bare_two / two
    out["ray_2"] = {
        "seconds": on,
        "per_second": rate(on),
        "bare": bare_two,
        "ratio": bare_two / on,
        "ray_init": ray_init,
        "ray_warm_run": ray_warm,
        "ray_excl_actor_start": bare_two / max(on - ray_warm, 1e-9),
    }
    return out, seeds


# -- (b) clustering and the store ---------------------------------------------------------------


def _scaling(
    seeds: list[Extraction], settings: Settings, args: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    from rashomon.link.events import Clusterer, lead_text, signals
    from rashomon.nlp.pipeline import load_encoder

    sizes = sorted(int(s) for s in args.sizes.split(","))
    total = sizes[-1]
    encoder = load_encoder("minilm")
    encoder.encode([_WARM_UP[0]])  # the model loaded before the clock
    started = time.perf_counter()
    vectors = encoder.encode([lead_text(e, settings.event_lead_words) for e in seeds])
    embed_seconds = time.perf_counter() - started
    if args.no_retire:
        settings = settings.replace(event_retire_days=None)
    clusterer = Clusterer(settings, embed=encoder.encode)
    path = workdir / "scaling.db"
    store = Store.open(path)
    run_id = runs.start(store, "bench", ["replicas"], settings)
    outlets: dict[str, int] = {}
    window = settings.event_window_days + 2
    cluster_time = store_time = 0.0
    marks: list[dict[str, Any]] = []
    last = {"n": 0, "cluster": 0.0, "store": 0.0}
    profile = cProfile.Profile() if args.profile else None
    checkpoints = sorted({*sizes, *range(1000, total + 1, 1000)})
    n = 0
    while n < total:
        batch = []
        for number in range(n, min(n + args.batch, total)):
            batch.append(_replica(seeds, number, window))
        touched: set[int] = set()
        started = time.perf_counter()
        for extraction, seed in batch:
            touched.add(clusterer.add(extraction, vectors[seed]))
        cluster_time += time.perf_counter() - started
        started = time.perf_counter()
        with store.transaction() as connection:
            for extraction, _ in batch:
                article = extraction.article
                if article.outlet not in outlets:
                    outlets[article.outlet] = outlet_table.resolve(connection, article.outlet)
                digest = article_table.content_hash(article.text)
                number = int(article.id[1:])
                article_table.insert(
                    connection, article, number, digest, outlets[article.outlet], run_id
                )
                extraction_table.put(connection, extraction, run_id)
            # what an ingest keeps for rebuilding the clusterer (store/clustering.py)
            clustering_table.put_signals(connection, [signals(e) for e, _ in batch])
            clustering_table.put_vectors(
                connection, "minilm", {e.article.id: vectors[seed] for e, seed in batch}
            )
        event_table.save(store, [_stored_event(clusterer, e) for e in sorted(touched)])
        store_time += time.perf_counter() - started
        n += len(batch)
        while checkpoints and checkpoints[0] <= n:
            size = checkpoints.pop(0)
            articles = n - last["n"]
            marks.append(
                {
                    "articles": n,
                    "cluster_per_1000": (cluster_time - last["cluster"]) * 1000 / articles,
                    "store_per_1000": (store_time - last["store"]) * 1000 / articles,
                    "rss_mb": _rss_mb(),
                    "peak_rss_mb": _peak_rss_mb(),
                    "store_mb": _size_mb(path),
                    "events": sum(1 for e in clusterer.events if e.merged_into is None),
                    "spill_mb": clusterer.spilled_bytes / 1e6,
                    "in_memory": sum(
                        1 for e in clusterer.events if e.merged_into is None and not e.retired
                    ),
                    "reported": size in sizes,
                }
            )
            last = {"n": n, "cluster": cluster_time, "store": store_time}
            print(
                f"  {n:>6} articles: cluster {marks[-1]['cluster_per_1000']:.2f} s/1000, "
                f"store {marks[-1]['store_per_1000']:.2f} s/1000, RSS {marks[-1]['rss_mb']:.0f} MB",
                file=sys.stderr,
            )
    store.close()
    if profile is not None:  # 1,000 more, after the figures: the profiler slows what it sees
        extra = [_replica(seeds, number, window) for number in range(total, total + 1000)]
        profile.enable()
        for extraction, seed in extra:
            clusterer.add(extraction, vectors[seed])
        profile.disable()
    clusterer.close()
    out: dict[str, Any] = {
        "retire_days": settings.event_retire_days,
        "seeds": len(seeds),
        "batch": args.batch,
        "embed_per_1000": embed_seconds * 1000 / max(1, len(seeds)),
        "marks": marks,
        "store_bytes_per_article": _size_mb(path) * 1e6 / total,
    }
    if profile is not None:
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(18)
        out["profile_last_1000"] = text.getvalue()
    return out


def _replica(seeds: list[Extraction], n: int, window: int) -> tuple[Extraction, int]:
    """Replica `n` of the seeds: a new id, a text marked as a copy, a date moved on."""
    index = n % len(seeds)
    seed = seeds[index]
    day = BASE_DAY + timedelta(days=(n // len(seeds)) * window + (3 * index) // len(seeds))
    article = dataclasses.replace(
        seed.article,
        id=f"a{n + 1}",
        text=f"{seed.article.text}\n[copy {n // len(seeds)}]",
        date=day.isoformat(),
    )
    return dataclasses.replace(seed, article=article), index


def _stored_event(clusterer: Any, event_id: int) -> StoredEvent:
    state = clusterer.events[event_id]
    return StoredEvent(
        id=f"e{event_id}",
        articles=tuple(state.members),
        merged_into=None if state.merged_into is None else f"e{state.merged_into}",
    )


# -- measuring ----------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB on Linux


def _size_mb(path: Path) -> float:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            total += part.stat().st_size
    return total / 1e6


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _machine() -> dict[str, Any]:
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version()}


def _print(figures: dict[str, Any]) -> None:
    print(f"\nload average before: {figures['load_before']}; after: {figures['load_after']}")
    print(f"machine: {figures['machine']}")
    if "ingest" in figures:
        ingest = figures["ingest"]
        print(
            f"\n(a) ingest of {ingest['articles']} unique real texts "
            f"({ingest['characters']:,} characters), store writes included"
        )
        print(f"{'':<22}{'seconds':>9}{'art/s':>8}{'bare s':>9}{'bare/ours':>11}")
        for key, label in (
            ("jobs_1", "--jobs 1"),
            ("jobs_2", "--jobs 2"),
            ("ray_2", "--engine ray (2 CPUs)"),
        ):
            row = ingest[key]
            print(
                f"{label:<22}{row['seconds']:>9.1f}{row['per_second']:>8.2f}"
                f"{row['bare']:>9.1f}{row['ratio']:>11.2f}"
            )
        ray = ingest["ray_2"]
        print(
            f"Ray start-up: ray.init {ray['ray_init']:.1f} s; a run of 2 made-up articles "
            f"{ray['ray_warm_run']:.1f} s (actors starting); without that, bare/ours "
            f"{ray['ray_excl_actor_start']:.2f}"
        )
    if "scaling" in figures:
        scaling = figures["scaling"]
        print(
            f"\n(b) clustering and store writes, {scaling['seeds']} seed extractions replicated, "
            f"batches of {scaling['batch']}; MiniLM embedding (apart): "
            f"{scaling['embed_per_1000']:.1f} s per 1,000"
        )
        print(f"event_retire_days: {scaling['retire_days']}")
        print(
            f"{'articles':>9}{'cluster s/1k':>14}{'store s/1k':>12}{'RSS MB':>9}"
            f"{'MB/1k':>7}{'peak MB':>9}{'store MB':>10}{'events':>8}{'in mem':>8}{'spill MB':>10}"
        )
        previous = None
        for mark in scaling["marks"]:
            if not mark["reported"]:
                continue
            growth = ""
            if previous is not None:
                grown = mark["rss_mb"] - previous["rss_mb"]
                growth = f"{grown * 1000 / (mark['articles'] - previous['articles']):.1f}"
            previous = mark
            print(
                f"{mark['articles']:>9}{mark['cluster_per_1000']:>14.2f}"
                f"{mark['store_per_1000']:>12.2f}{mark['rss_mb']:>9.0f}{growth:>7}"
                f"{mark['peak_rss_mb']:>9.0f}{mark['store_mb']:>10.1f}{mark['events']:>8}"
                f"{mark['in_memory']:>8}{mark['spill_mb']:>10.1f}"
            )
        print(f"store: {scaling['store_bytes_per_article'] / 1e3:.1f} kB per article")
        if "profile_last_1000" in scaling:
            print("\nprofile of the clustering of 1,000 more articles, after the largest size:")
            print(scaling["profile_last_1000"])


if __name__ == "__main__":
    sys.exit(main())
