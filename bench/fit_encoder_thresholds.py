"""Fit an encoder's thresholds to reproduce MiniLM's stage outputs on BASIL events 31-100.

    /work/venv/bin/python bench/fit_encoder_thresholds.py [--encoder static] [--first 31]
        [--last 100] [--passes 2]

bench/calibrate_encoders.py matches each threshold to MiniLM's by rank over all pairs of texts
a stage embeds; but a stage decides on fewer, closer pairs (claims already blocked on their
unit; label groups on their mean best similarity), where the two encoders rank differently.
This script starts from the encoder's thresholds in `rashomon.config.ENCODER_THRESHOLDS` and
moves one threshold at a time (steps of 0.01 to 0.10 either way, `--passes` rounds) to the
value whose outputs agree best with MiniLM's on the same events:

- numeric alignment (`align`, `context`, `context_same_actor`, `conflict_*`): F1 of the set of
  aligned claim pairs against MiniLM's;
- textual contradictions (`textual`, `textual_subject`): F1 of the claim pairs;
- label clusters (`label_*`): F1 of the mention pairs put in one cluster.

The events are BASIL's triples 31-100 in sorted order, so the claims gold (triples 1-30, a
gate) plays no part; NewsWCL50 (the labels gate) plays none either. Prints the fitted set.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable, Sequence
from typing import Any

from basil import analyse_events, load_triplets
from rashomon.compare import align, labels
from rashomon.config import ENCODER_THRESHOLDS, Thresholds, from_env
from rashomon.nlp.encoders import Encoder, load_encoder

GROUPS = {
    "numeric": (
        "align",
        "context",
        "context_same_actor",
        "conflict_predicate",
        "conflict_context",
        "conflict_window",
    ),
    "textual": ("textual", "textual_subject"),
    "labels": ("label_merge", "label_attach", "label_head"),
}
STEPS = (-0.1, -0.06, -0.04, -0.02, -0.01, 0.01, 0.02, 0.04, 0.06, 0.1)


@dataclasses.dataclass
class Captured:
    numeric: list[tuple[tuple[Any, ...], set[tuple[int, int]]]]
    textual: list[tuple[tuple[Any, ...], set[tuple[int, int]]]]
    labels: list[tuple[tuple[Any, ...], set[tuple[int, int]]]]


def capture(first: int, last: int) -> Captured:
    """MiniLM's stage calls and outputs over BASIL events first..last (1-based, sorted)."""
    settings = from_env().replace(encoder="minilm")
    found = Captured([], [], [])
    numeric_pairs, textual_pairs = align.numeric_pairs, align.textual_pairs
    cluster_mentions = labels.cluster_mentions

    def numeric(*args: Any) -> Any:
        pairs = numeric_pairs(*args)
        found.numeric.append((args, {(p.left, p.right) for p in pairs}))
        return pairs

    def textual(*args: Any) -> Any:
        pairs = textual_pairs(*args)
        found.textual.append((args, {(p.left, p.right) for p in pairs}))
        return pairs

    def clusters(*args: Any) -> Any:
        result = cluster_mentions(*args)
        found.labels.append((args, _together(result)))
        return result

    align.numeric_pairs, align.textual_pairs = numeric, textual  # type: ignore[assignment]
    labels.cluster_mentions = clusters  # type: ignore[assignment]
    try:
        triplets = load_triplets(None, last)[first - 1 :]
        analyse_events(triplets, settings)
    finally:
        align.numeric_pairs, align.textual_pairs = numeric_pairs, textual_pairs
        labels.cluster_mentions = cluster_mentions
    return found


def _together(clusters: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    return {(a, b) for cluster in clusters for i, a in enumerate(cluster) for b in cluster[i + 1 :]}


def _f1(found: Sequence[set[tuple[int, int]]], expected: Sequence[set[tuple[int, int]]]) -> float:
    hits = sum(len(f & e) for f, e in zip(found, expected, strict=True))
    total_found, total_expected = sum(map(len, found)), sum(map(len, expected))
    if not total_found and not total_expected:
        return 1.0
    return 2 * hits / max(1, total_found + total_expected)


def scorer(group: str, data: Captured, encoder: Encoder) -> Callable[[Thresholds], float]:
    """The agreement with MiniLM of `group`'s outputs under a set of thresholds."""

    def numeric(limits: Thresholds) -> float:
        found = []
        for (claims, _, _), _ in data.numeric:
            pairs = align.numeric_pairs(claims, encoder, limits.align)
            found.append({(p.left, p.right) for p in pairs})
        return _f1(found, [expected for _, expected in data.numeric])

    def textual(limits: Thresholds) -> float:
        found = []
        for (claims, _, _), _ in data.textual:
            pairs = align.textual_pairs(claims, encoder, limits.textual)
            found.append({(p.left, p.right) for p in pairs})
        return _f1(found, [expected for _, expected in data.textual])

    def clustered(limits: Thresholds) -> float:
        found = []
        for args, _ in data.labels:
            phrases, descriptors, n_articles, index, _ = args
            found.append(
                _together(labels.cluster_mentions(phrases, descriptors, n_articles, index, encoder))
            )
        return _f1(found, [expected for _, expected in data.labels])

    return {"numeric": numeric, "textual": textual, "labels": clustered}[group]


def fit(data: Captured, name: str, passes: int) -> Thresholds:
    encoder = load_encoder(name)
    limits = ENCODER_THRESHOLDS[encoder.name]

    def score(group: str, candidate: Thresholds) -> float:
        ENCODER_THRESHOLDS[encoder.name] = candidate
        try:
            return scorer(group, data, encoder)(candidate)
        finally:
            ENCODER_THRESHOLDS[encoder.name] = limits

    for group, fields in GROUPS.items():
        best = score(group, limits)
        print(f"  {group}: agreement with MiniLM {100 * best:.1f}% (F1) to start")
        for _ in range(passes):
            for field in fields:
                start = getattr(limits, field)
                for step in STEPS:
                    candidate = dataclasses.replace(limits, **{field: round(start + step, 3)})
                    value = score(group, candidate)
                    if value > best + 1e-9:
                        best, limits = value, candidate
            print(f"    after a pass: {100 * best:.1f}%")
    return limits


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--encoder", default="static")
    parser.add_argument("--first", type=int, default=31)
    parser.add_argument("--last", type=int, default=100)
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = capture(args.first, args.last)
    print(f"captured MiniLM's outputs in {time.perf_counter() - started:.0f} s")
    fitted = fit(data, args.encoder, args.passes)
    print(f"{args.encoder}: {fitted}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
