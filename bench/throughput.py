"""Throughput of the whole pipeline against a bare spaCy pass, measured in one run.

    /work/venv/bin/python bench/throughput.py [--events N] [--jobs J] [--encoder minilm|tfidf]
                                              [--batch-size B] [--basil DIR] [--json FILE]

Analyses BASIL (../shared/data/basil; 100 events of 3 articles) one `analyze_articles`-shaped
call per event, timing the parse, the per-article extractors (`extract_all`) and the
cross-article stages (`build_report`) separately. Model loading is excluded: the spaCy model
and the encoder are loaded and a small made-up event is analysed once before the clock starts;
that load time is reported on its own. The doc cache of `rashomon.nlp.pipeline` is cleared
before timing, so no article is parsed for free. Then the same texts go through a bare
`nlp.pipe` with the same model and batch size, and the ratio bare time / our time is our
speed as a fraction of the bare parse's speed. All of that runs in one process (jobs 1).

With `--jobs N` (N > 1), the per-article stage also runs over the whole corpus at once in N
worker processes (`rashomon.engine.run_extraction`: parse and extract in the workers), and its
wall time is set against a bare `nlp.pipe(n_process=N)` of the same texts: the ratio bare /
ours. The pool's start-up is reported apart (the first pool of a process also starts the
forkserver, which loads spaCy and the model; later pools only fork) and excluded.

Every report is checked with `rashomon.verify.problems`; a failing check or an exception in an
event is printed with the event id and counted, and the run goes on.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import platform
import resource
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from basil import Triplet, basil_root, load_triplets
from rashomon.analyze import build_report, extract_all
from rashomon.config import Settings, from_env
from rashomon.model import Article
from rashomon.nlp import pipeline
from rashomon.verify import problems

# A made-up event for the warm-up: it only loads what the stages load lazily.
_WARM_UP = (
    "MILLBROOK — The town council voted 7 to 2 on Tuesday to close the old Elm Street bridge, "
    'Mayor Ana Ruiz said. "The bridge is not safe," Ruiz told reporters. About 300 people '
    "cross it each day, according to the council.",
    "Millbrook's council decided on Tuesday, March 3, to shut the Elm Street bridge after a vote "
    "of 6 to 3. Critics condemned the decision. Council member Tom Hale said the bridge was safe "
    "and that nearly 400 residents use it daily.",
)


@dataclasses.dataclass
class EventTiming:
    event: str
    articles: int
    words: int
    parse: float = 0.0
    extract: float = 0.0
    compare: float = 0.0
    verify: float = 0.0
    # CPU seconds of this process (all its threads), robust to other load on the machine
    cpu_parse: float = 0.0
    cpu_extract: float = 0.0
    cpu_compare: float = 0.0
    problems: list[str] = dataclasses.field(default_factory=list)
    error: str | None = None

    @property
    def total(self) -> float:
        return self.parse + self.extract + self.compare


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    # the per-event loop and its bare parse run in one process; --jobs N is measured apart
    settings = from_env().replace(encoder=args.encoder, jobs=1)
    if args.batch_size is not None:
        settings = settings.replace(batch_size=args.batch_size)

    started = time.perf_counter()
    triplets = load_triplets(args.basil, args.events)
    corpus_seconds = time.perf_counter() - started
    if not triplets:
        print(f"no events found under {basil_root(args.basil)}", file=sys.stderr)
        return 2
    texts = [item.article.text for t in triplets for item in t.articles]
    words = sum(item.article.word_count for t in triplets for item in t.articles)

    load = _warm_up(settings)

    load_before = _load_average()
    rss: dict[str, float] = {"after_load": _peak_rss_mb()}
    if args.bare_first:
        gc.collect()
        bare_seconds, bare_cpu, bare_processes = _bare_parse(texts, settings)
        rss["after_bare"] = _peak_rss_mb()

    pipeline._doc_cache.clear()  # so that no article is parsed for free
    gc.collect()
    timings = []
    for number, triplet in enumerate(triplets, start=1):
        timings.append(_run_event(triplet, settings))
        if not args.quiet and (number % 10 == 0 or number == len(triplets)):
            spent = sum(t.total for t in timings)
            print(f"[{number}/{len(triplets)} events, {spent:.1f} s]", file=sys.stderr)
    pipeline._doc_cache.clear()
    rss["after_ours"] = _peak_rss_mb()

    if not args.bare_first:
        gc.collect()
        bare_seconds, bare_cpu, bare_processes = _bare_parse(texts, settings)
        rss["after_bare"] = _peak_rss_mb()
    parallel = _parallel(triplets, settings.replace(jobs=args.jobs)) if args.jobs > 1 else None
    rss["peak"] = _peak_rss_mb()
    load_after = _load_average()

    figures = _figures(
        args=args,
        settings=settings,
        triplets=triplets,
        texts=texts,
        words=words,
        corpus_seconds=corpus_seconds,
        load=load,
        timings=timings,
        bare_seconds=bare_seconds,
        bare_cpu=bare_cpu,
        bare_processes=bare_processes,
        load_average={"before": load_before, "after": load_after},
        rss=rss,
    )
    figures["parallel"] = parallel
    _print_table(figures)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 1 if figures["failures"]["events"] else 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=None, help="first N events (default all)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="also run the whole corpus in N worker processes against nlp.pipe(n_process=N)",
    )
    parser.add_argument("--encoder", choices=("minilm", "static", "tfidf"), default="minilm")
    parser.add_argument("--batch-size", type=int, default=None, help="default: Settings")
    parser.add_argument("--basil", type=Path, default=None, help="the BASIL folder")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument(
        "--bare-first",
        action="store_true",
        help="run the bare parse before ours (default: after, which favours the bare parse)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser.parse_args(argv)


def _warm_up(settings: Settings) -> dict[str, float]:
    """Load the models and run every stage once on a made-up event; returns the seconds."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    nlp = pipeline.load_nlp(settings.spacy_model)
    nlp("Warm up the pipeline.")
    seconds["spacy"] = time.perf_counter() - started

    started = time.perf_counter()
    pipeline.load_encoder(settings.encoder).encode(["Warm up the encoder.", "A second text."])
    seconds["encoder"] = time.perf_counter() - started

    started = time.perf_counter()
    articles = [
        Article(id=f"a{n}", text=text, outlet=f"Outlet {n}", word_count=len(text.split()))
        for n, text in enumerate(_WARM_UP, start=1)
    ]
    extractions = extract_all(articles, settings)
    build_report(extractions, settings).to_dict()
    seconds["stages"] = time.perf_counter() - started
    seconds["total"] = seconds["spacy"] + seconds["encoder"] + seconds["stages"]
    return seconds


def _run_event(triplet: Triplet, settings: Settings) -> EventTiming:
    """What `analyze_articles` does for one event, with the stages timed apart."""
    articles = sorted(triplet.event, key=lambda a: (int(a.id[1:]), a.id))
    timing = EventTiming(
        event=triplet.uuid,
        articles=len(articles),
        words=sum(a.word_count for a in articles),
    )
    parsed_at: list[tuple[float, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        # the last "parse" tick comes right after the last doc, before any extractor runs
        if stage == "parse" and done == total:
            parsed_at.append(_clock())

    stage = "extract_all"
    started = _clock()
    try:
        extractions = extract_all(articles, settings, progress)
        extracted = _clock()
        parsed = parsed_at[-1] if parsed_at else started
        timing.parse, timing.cpu_parse = _minus(parsed, started)
        timing.extract, timing.cpu_extract = _minus(extracted, parsed)
        stage = "build_report"
        report = build_report(extractions, settings)
        timing.compare, timing.cpu_compare = _minus(_clock(), extracted)
        stage = "verify"
        checked = time.perf_counter()
        timing.problems = problems(report.to_dict())
        timing.verify = time.perf_counter() - checked
    except Exception:
        timing.error = f"in {stage}:\n{traceback.format_exc()}"
        print(f"!! event {triplet.uuid} raised {timing.error}", file=sys.stderr)
    if timing.problems:
        print(
            f"!! event {triplet.uuid}: {len(timing.problems)} span/reference problem(s)",
            file=sys.stderr,
        )
        for line in timing.problems:
            print(f"   {line}", file=sys.stderr)
    return timing


def _bare_parse(texts: list[str], settings: Settings) -> tuple[float, float, int]:
    """A bare `nlp.pipe` over the same texts (same model, batch size and process rule).

    Returns wall seconds, CPU seconds (this process and its worker processes) and the number
    of processes.
    """
    nlp = pipeline.load_nlp(settings.spacy_model)
    jobs = max(1, settings.jobs)
    processes = jobs if len(texts) >= 4 * jobs else 1
    children = _children_cpu()
    started = _clock()
    count = 0
    for _doc in nlp.pipe(texts, batch_size=settings.batch_size, n_process=processes):
        count += 1
    wall, cpu = _minus(_clock(), started)
    if count != len(texts):
        raise RuntimeError(f"nlp.pipe gave {count} docs for {len(texts)} texts")
    return wall, cpu + _children_cpu() - children, processes


def _parallel(triplets: list[Triplet], settings: Settings) -> dict[str, Any]:
    """The whole corpus through the pool of `settings.jobs` workers, then a bare
    `nlp.pipe(n_process=jobs)` of the same texts; wall seconds."""
    from rashomon.engine import run_extraction

    articles = [
        dataclasses.replace(item.article, id=f"a{number}")
        for number, item in enumerate((i for t in triplets for i in t.articles), start=1)
    ]
    warm_up = [
        Article(id=f"a{n}", text=text, outlet=f"Outlet {n}", word_count=len(text.split()))
        for n, text in enumerate(_WARM_UP, start=1)
    ]
    start_up = []
    for _ in range(2):  # the first pool starts the forkserver too
        started = time.perf_counter()
        run_extraction(warm_up, settings)
        start_up.append(time.perf_counter() - started)

    gc.collect()
    started = time.perf_counter()
    extractions, skipped = run_extraction(articles, settings)
    ours = time.perf_counter() - started
    if skipped or len(extractions) != len(articles):
        print(f"!! the pool skipped {len(skipped)} article(s): {skipped}", file=sys.stderr)

    texts = [article.text for article in articles]
    nlp = pipeline.load_nlp(settings.spacy_model)
    gc.collect()
    started = time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=settings.jobs))
    bare = time.perf_counter() - started
    if count != len(texts):
        raise RuntimeError(f"nlp.pipe gave {count} docs for {len(texts)} texts")
    return {
        "jobs": settings.jobs,
        "articles": len(articles),
        "skipped": len(skipped),
        "seconds": {"ours": ours, "bare_parse": bare},
        "ratio": bare / ours if ours else None,
        "start_up": {"first": start_up[0], "later": start_up[1]},
    }


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _minus(end: tuple[float, float], start: tuple[float, float]) -> tuple[float, float]:
    return end[0] - start[0], end[1] - start[1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load_average() -> list[float] | None:

    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # kilobytes on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _figures(
    *,
    args: argparse.Namespace,
    settings: Settings,
    triplets: list[Triplet],
    texts: list[str],
    words: int,
    corpus_seconds: float,
    load: dict[str, float],
    timings: list[EventTiming],
    bare_seconds: float,
    bare_cpu: float,
    bare_processes: int,
    load_average: dict[str, list[float] | None],
    rss: dict[str, float],
) -> dict[str, Any]:
    parse = sum(t.parse for t in timings)
    extract = sum(t.extract for t in timings)
    compare = sum(t.compare for t in timings)
    ours = parse + extract + compare
    cpu = {
        "parse": sum(t.cpu_parse for t in timings),
        "extract": sum(t.cpu_extract for t in timings),
        "compare": sum(t.cpu_compare for t in timings),
    }
    cpu["ours"] = cpu["parse"] + cpu["extract"] + cpu["compare"]
    cpu["bare_parse"] = bare_cpu
    slowest = sorted(timings, key=lambda t: t.total, reverse=True)[:5]
    return {
        "corpus": str(basil_root(args.basil)),
        "events": len(triplets),
        "articles": len(texts),
        "words": words,
        "characters": sum(len(text) for text in texts),
        "settings": {
            "spacy_model": settings.spacy_model,
            "encoder": settings.encoder,
            "jobs": settings.jobs,
            "batch_size": settings.batch_size,
        },
        "machine": {
            "python": platform.python_version(),
            "cpus": _cpus(),
            "load_average": load_average,
        },
        "seconds": {
            "corpus_load": corpus_seconds,
            "model_load": load,
            "ours": ours,
            "parse": parse,
            "extract": extract,
            "compare": compare,
            "verify": sum(t.verify for t in timings),
            "bare_parse": bare_seconds,
        },
        "cpu_seconds": cpu,
        "bare_parse_processes": bare_processes,
        "bare_parse_first": bool(args.bare_first),
        "articles_per_second": _rate(len(texts), ours),
        "words_per_second": _rate(words, ours),
        "bare_words_per_second": _rate(words, bare_seconds),
        "ratio": bare_seconds / ours if ours else None,
        "cpu_ratio": bare_cpu / cpu["ours"] if cpu["ours"] else None,
        "share": {
            "parse": parse / ours if ours else None,
            "extract": extract / ours if ours else None,
            "compare": compare / ours if ours else None,
        },
        "peak_rss_mb": rss,
        "slowest_events": [
            {
                "event": t.event,
                "seconds": t.total,
                "parse": t.parse,
                "extract": t.extract,
                "compare": t.compare,
                "words": t.words,
            }
            for t in slowest
        ],
        "failures": {
            "events": sum(1 for t in timings if t.error or t.problems),
            "exceptions": [{"event": t.event, "traceback": t.error} for t in timings if t.error],
            "problems": [{"event": t.event, "problems": t.problems} for t in timings if t.problems],
        },
    }


def _print_table(figures: dict[str, Any]) -> None:
    wall = figures["seconds"]
    cpu = figures["cpu_seconds"]
    load = wall["model_load"]
    settings = figures["settings"]
    machine = figures["machine"]
    failures = figures["failures"]
    rss = figures["peak_rss_mb"]
    head: list[tuple[str, str]] = [
        ("corpus", figures["corpus"]),
        (
            "events / articles / words",
            f"{figures['events']} / {figures['articles']} / {figures['words']:,}",
        ),
        ("spaCy model / encoder", f"{settings['spacy_model']} / {settings['encoder']}"),
        (
            "jobs / batch size",
            f"{settings['jobs']} / {settings['batch_size']}  ({machine['cpus']} CPUs, "
            f"load average before {machine['load_average']['before']}, "
            f"after {machine['load_average']['after']})",
        ),
        (
            "model load (excluded)",
            f"{load['total']:.2f} s  (spaCy {load['spacy']:.2f}, encoder {load['encoder']:.2f},"
            f" warm-up run {load['stages']:.2f})",
        ),
    ]
    width = max(len(label) for label, _ in head)
    for label, value in head:
        print(f"{label:<{width}}  {value}")

    print()
    print(f"{'':<34}{'wall s':>9}{'share':>8}{'CPU s':>9}{'share':>8}")
    for label, key in (
        ("parse (spaCy, inside extract_all)", "parse"),
        ("extract (the extractors)", "extract"),
        ("build_report (link, compare, ...)", "compare"),
        ("ours: total", "ours"),
        ("bare nlp.pipe, same texts", "bare_parse"),
    ):
        print(
            f"{label:<34}{wall[key]:>9.2f}{_share(wall[key], wall['ours']):>8}"
            f"{cpu[key]:>9.2f}{_share(cpu[key], cpu['ours']):>8}"
        )
    print()
    tail: list[tuple[str, str]] = [
        (
            "ours: articles/s, words/s",
            f"{figures['articles_per_second']:.2f}, {figures['words_per_second']:.0f}"
            f"  (bare parse: {figures['bare_words_per_second']:.0f} words/s, "
            f"n_process={figures['bare_parse_processes']})",
        ),
        (
            "ratio bare / ours (aim >= 0.75)",
            f"{figures['ratio']:.3f} wall, {figures['cpu_ratio']:.3f} CPU",
        ),
        ("verify (excluded)", f"{wall['verify']:.2f} s"),
        (
            "peak RSS (ru_maxrss)",
            f"{rss['peak']:.0f} MB  (after load {rss['after_load']:.0f}, after ours "
            f"{rss['after_ours']:.0f}, after bare {rss['after_bare']:.0f}; bare parse ran "
            f"{'first' if figures['bare_parse_first'] else 'last'})",
        ),
        (
            "failing events",
            f"{failures['events']} ({len(failures['exceptions'])} with an exception, "
            f"{len(failures['problems'])} with span/reference problems)",
        ),
    ]
    width = max(len(label) for label, _ in tail)
    for label, value in tail:
        print(f"{label:<{width}}  {value}")

    parallel = figures.get("parallel")
    if parallel is not None:
        jobs = parallel["jobs"]
        print(
            f"\n--jobs {jobs}: the whole corpus at once ({parallel['articles']} articles, "
            f"{parallel['skipped']} skipped)"
        )
        rows: list[tuple[str, str]] = [
            (
                f"ours: run_extraction, {jobs} workers",
                f"{parallel['seconds']['ours']:.2f} s wall (parse and extract, no build_report)",
            ),
            (
                f"bare nlp.pipe(n_process={jobs})",
                f"{parallel['seconds']['bare_parse']:.2f} s wall",
            ),
            ("ratio bare / ours", f"{parallel['ratio']:.3f} wall"),
            (
                "pool start-up (excluded)",
                f"{parallel['start_up']['first']:.2f} s the first time (forkserver, model), "
                f"{parallel['start_up']['later']:.2f} s later (2 articles each)",
            ),
        ]
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            print(f"{label:<{width}}  {value}")

    print("\nslowest events (wall s):")
    for item in figures["slowest_events"]:
        print(
            f"  {item['event']}  {item['seconds']:6.2f}  (parse {item['parse']:.2f}, "
            f"extract {item['extract']:.2f}, build_report {item['compare']:.2f}; "
            f"{item['words']} words)"
        )
    for item in failures["exceptions"]:
        print(f"\nexception in event {item['event']} {item['traceback']}")
    for item in failures["problems"]:
        print(f"\nproblems in event {item['event']}:")
        for line in item["problems"]:
            print(f"  {line}")


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:6.1f}%" if whole else "     -"


def _rate(count: float, seconds: float) -> float:
    return count / seconds if seconds else 0.0


def _cpus() -> int | None:

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
