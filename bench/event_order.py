"""How much the order of arrival changes the events (issue 12: at most 2 % of articles).

    PYTHONPATH=src python bench/event_order.py [--sets basil allsides neus ecb] [--orders 5]

For each set (the held-out half, extractions and embeddings from bench/eval_events.py's cache),
the events of the stream in date order are the reference; then the same articles arrive in
other orders: (1) within each day shuffled, (2) dated articles in date order but undated ones
and same-day ones at other places, (3) fully shuffled (a dump read in any order). An article
has *changed* when the set of articles it shares its event with differs from the reference.
Printed per set and order: the share of articles changed (mean and worst over the seeds) and
the B-cubed F1 of the new events against the gold.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_events
from rashomon.config import Settings
from rashomon.link import events
from rashomon.model import Extraction


def changed(reference: Sequence[Sequence[str]], other: Sequence[Sequence[str]]) -> float:
    """The share of articles whose event-mates differ between two groupings."""
    mates = {a: frozenset(c) for c in reference for a in c}
    theirs = {a: frozenset(c) for c in other for a in c}
    return sum(1 for a in mates if mates[a] != theirs.get(a)) / max(1, len(mates))


def shuffled_orders(
    extractions: Sequence[Extraction], rng: random.Random
) -> dict[str, list[Extraction]]:
    """The articles with each day's shuffled (dates kept in order), and all of them shuffled."""
    keyed = [(e.article.date or "", rng.random(), e) for e in extractions]
    within_day = [e for *_, e in sorted(keyed, key=lambda k: (k[0], k[1]))]
    fully = list(extractions)
    rng.shuffle(fully)
    return {"same-day shuffled": within_day, "fully shuffled": fully}


def _run(
    order: Sequence[Extraction], prepared: eval_events.Prepared, settings: Settings
) -> list[list[str]]:
    return events.cluster_events(
        order, settings, vectors=prepared.vectors, embed=eval_events._no_embed
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["basil", "allsides", "neus", "ecb"])
    parser.add_argument("--orders", type=int, default=3, help="seeds per kind of order")
    args = parser.parse_args()
    settings = Settings()
    print(f"{'set':<10} {'order':<18} {'changed mean':>12} {'worst':>7} {'B3 F1':>7}")
    for name in args.sets:
        try:
            prepared = eval_events.prepare(name, "held", compute=False)
        except Exception as error:  # a set not cached here: say so and go on
            print(f"{name:<10} skipped: {error}")
            continue
        gold = prepared.dataset.gold
        reference = _run(prepared.extractions, prepared, settings)
        f1 = eval_events.score(reference, gold).b3_f1
        print(f"{name:<10} {'date order':<18} {0.0:>12.3f} {0.0:>7.3f} {f1:>7.3f}")
        by_kind: dict[str, list[tuple[float, float]]] = {}
        for seed in range(args.orders):
            for kind, order in shuffled_orders(prepared.extractions, random.Random(seed)).items():
                found = _run(order, prepared, settings)
                by_kind.setdefault(kind, []).append(
                    (changed(reference, found), eval_events.score(found, gold).b3_f1)
                )
        for kind, results in by_kind.items():
            shares = [r[0] for r in results]
            mean_f1 = sum(r[1] for r in results) / len(results)
            print(
                f"{name:<10} {kind:<18} {sum(shares) / len(shares):>12.3f} "
                f"{max(shares):>7.3f} {mean_f1:>7.3f}"
            )


if __name__ == "__main__":
    main()
