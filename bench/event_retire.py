"""Retiring events changes no event: each stream clustered with every event kept in memory
and with events retired (`event_retire_days` 8 and 0), in many orders.

    PYTHONPATH=src python bench/event_retire.py [--sets basil allsides] [--seeds 1 2]

For each set (the held-out half, extractions and embeddings from bench/eval_events.py's cache)
and seed, the orders: the stream (dated articles by date), same-day shuffled, fully shuffled,
late (a fifth of the articles held back 20-200 places), undated (a sixth lose their date) and
undated-late (both). Printed per stream: articles, events, seconds and how many times a
retired event came back (late and undated articles), with retirement 8 and 0 against none;
exits 1 when any grouping differs (the events in order of their ids, members in order).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_events
import event_order
from rashomon.config import Settings
from rashomon.link.events import Clusterer
from rashomon.model import Extraction


def orders(extractions: Sequence[Extraction], seed: int) -> dict[str, list[Extraction]]:
    rng = random.Random(seed)
    shuffled = event_order.shuffled_orders(extractions, rng)
    undated = [
        dataclasses.replace(e, article=dataclasses.replace(e.article, date=None))
        if rng.random() < 1 / 6
        else e
        for e in extractions
    ]
    return {
        "stream": list(extractions),
        "same-day": shuffled["same-day shuffled"],
        "shuffled": shuffled["fully shuffled"],
        "late": _held_back(extractions, rng),
        "undated": undated,
        "undated-late": _held_back(undated, rng),
    }


def _held_back(extractions: Sequence[Extraction], rng: random.Random) -> list[Extraction]:
    """A fifth of the articles moved 20-200 places later: late arrivals."""
    moved = list(extractions)
    for _ in range(len(moved) // 5):
        item = moved.pop(rng.randrange(len(moved)))
        moved.insert(min(len(moved), rng.randrange(len(moved) + 1) + rng.randint(20, 200)), item)
    return moved


def run(
    order: Sequence[Extraction], prepared: eval_events.Prepared, retire: int | None
) -> tuple[list[list[str]], float, int]:
    clusterer = Clusterer(Settings().replace(event_retire_days=retire), embed=eval_events._no_embed)
    started = time.perf_counter()
    for extraction in order:
        clusterer.add(extraction, prepared.vectors.get(extraction.article.id))
    seconds = time.perf_counter() - started
    clusterer.close()
    return clusterer.clusters(), seconds, clusterer.brought_back


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["basil", "allsides"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args()
    print(f"{'stream':<30}{'articles':>9}{'events':>8}{'s none':>8}{'s 8':>6}{'back 8':>8}"
          f"{'s 0':>6}{'back 0':>8}  same")  # fmt: skip
    differ = 0
    for name in args.sets:
        prepared = eval_events.prepare(name, "held", compute=False)
        for seed in args.seeds:
            for kind, order in orders(prepared.extractions, seed).items():
                kept, seconds, _ = run(order, prepared, None)
                row = f"{name}/{kind}-{seed}"
                line = f"{row:<30}{len(order):>9}{len(kept):>8}{seconds:>8.1f}"
                same = True
                for retire in (8, 0):
                    found, seconds, back = run(order, prepared, retire)
                    same = same and found == kept
                    line += f"{seconds:>6.1f}{back:>8}"
                differ += not same
                print(f"{line}  {'yes' if same else 'NO'}", flush=True)
    print("identical" if not differ else f"{differ} streams differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
