"""Many unrelated articles analysed as one set: the 84 PolNeAR dev articles in one
`analyze_articles` call (so that grouping into events does not change what is measured).

Prints, from one run: the wall and CPU seconds of the per-article stage (parse and extract)
and of the cross-article stages (`build_report`), the whole, and a bare `nlp.pipe` of the same
texts for scale. Model loading is excluded (both models are warmed first).

    python bench/one_set.py [--root DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polnear import load
from rashomon.analyze import build_report, extract_all
from rashomon.config import from_env
from rashomon.nlp import pipeline


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None, help="the PolNeAR folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)
    settings = from_env()
    articles = [item.article for item in load("dev", args.root)][: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    nlp = pipeline.load_nlp(settings.spacy_model)
    nlp("Warm up the parser.")
    pipeline.load_encoder(settings.encoder).encode(["Warm up the encoder."])

    started = _clock()
    extractions = extract_all(articles, settings)
    extracted = _clock()
    report = build_report(extractions, settings)
    done = _clock()
    texts = [a.text for a in articles]
    bare_started = _clock()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size))
    bare = _minus(_clock(), bare_started)
    assert count == len(texts)

    per_article, cross, whole = (
        _minus(extracted, started),
        _minus(done, extracted),
        _minus(done, started),
    )
    print(f"{len(articles)} PolNeAR dev articles as one set, {words:,} words")
    print(f"{'':34} {'wall s':>8} {'CPU s':>8}")
    for name, (wall, cpu) in (
        ("parse and extract (extract_all)", per_article),
        ("cross-article stages (build_report)", cross),
        ("rashomon total", whole),
        ("bare nlp.pipe of the same texts", bare),
    ):
        print(f"{name:34} {wall:8.1f} {cpu:8.1f}")
    print(
        f"comparisons {len(report.comparisons)}, framing rows {len(report.framing)}; "
        f"cross-article share {cross[1] / whole[1]:.0%} of CPU"
    )
    return 0


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _minus(end: tuple[float, float], start: tuple[float, float]) -> tuple[float, float]:
    return end[0] - start[0], end[1] - start[1]


if __name__ == "__main__":
    raise SystemExit(main())
