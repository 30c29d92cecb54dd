"""Calibrate each encoder's similarity thresholds on MiniLM's, on the phrases of BASIL events.

    /work/venv/bin/python bench/calibrate_encoders.py [--events N] [--encoders static,tfidf]

MiniLM's thresholds (`rashomon.config.MINILM_THRESHOLDS`) were chosen by hand on the gates'
data. Another encoder's cosines live on another scale, so its thresholds are matched to
MiniLM's by rank: `build_report` runs over the first N BASIL events (default all 100) with
MiniLM, every `encode` call is recorded with the stage that made it, and for each threshold the
cosines of every pair of texts within the calls of its stage are computed by both encoders; the
other encoder's threshold is the cosine it exceeds on as many pairs as MiniLM exceeds its own
(quantile matching). Printed per threshold: the pairs, the share MiniLM accepts, the matched
value, and how often the two encoders' decisions agree on those pairs. The alignment score
(`align`) is matched the same way on the weighted score of the context, predicate and subject
cosines of the claims a numeric alignment embeds (unit part 1).

BASIL is not the data of any gate that these thresholds affect (NewsWCL50 for the labels, the
BASIL numbers gold for claims, but claims take their thresholds from the alignment stage's
pairs, not the gold's); bench/eval_encoders.py then scores each encoder on the gates.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from basil import analyse_events, load_triplets
from rashomon.compare.align import NUMERIC_WEIGHTS
from rashomon.config import MINILM_THRESHOLDS, Thresholds, from_env
from rashomon.nlp.encoders import Encoder, Vectors, load_encoder

# (stage function, which of its encode calls) → what the texts are; the thresholds read them
SITES: dict[tuple[str, int], str] = {
    ("numeric_pairs", 0): "context",
    ("numeric_pairs", 1): "subject",
    ("numeric_pairs", 2): "predicate",
    ("_conflicting", 0): "window",
    ("textual_pairs", 0): "textual",
    ("textual_pairs", 1): "textual_subject",
    ("_by_meaning", 0): "label",
    ("_by_meaning", 1): "label_head",
    ("_join_groups", 0): "label",
    ("_join_groups", 1): "label_head",
    ("group_statements", 0): "statement",
}
# each threshold → the texts whose pairwise cosines it is matched on ("align": the score)
MATCHED_ON: dict[str, str] = {
    "align": "score",
    "context": "context",
    "context_same_actor": "context",
    "conflict_predicate": "predicate",
    "conflict_context": "context",
    "conflict_window": "window",
    "textual": "textual",
    "textual_subject": "textual_subject",
    "label_merge": "label",
    "label_attach": "label",
    "label_head": "label_head",
    "statement": "statement",
    "statement_near": "statement",
}
_STAGE_MODULES = ("rashomon.compare", "rashomon.link", "rashomon.analyze")


class Recorder:
    """Passes calls to `encoder` and records each call's texts under the stage that made it."""

    def __init__(self, encoder: Encoder) -> None:
        self.name = encoder.name
        self._encoder = encoder
        self.calls: list[tuple[str, list[str]]] = []
        self._ordinal: dict[int, int] = defaultdict(int)

    def encode(self, texts: Sequence[str]) -> Vectors:
        for frame_info in inspect.stack()[1:10]:
            frame = frame_info.frame
            module = frame.f_globals.get("__name__", "")
            if not module.startswith(_STAGE_MODULES):
                continue
            if frame_info.function in {"similarity", "_similarities"}:
                continue
            ordinal = self._ordinal[id(frame)]
            self._ordinal[id(frame)] += 1
            site = SITES.get((frame_info.function, ordinal))
            if site is not None and len(texts) > 1:
                self.calls.append((site, list(texts)))
            break
        return self._encoder.encode(texts)


def record(events: int | None) -> tuple[list[tuple[str, list[str]]], float]:
    """The encode calls of `build_report` with MiniLM over the first `events` BASIL events."""
    settings = from_env().replace(encoder="minilm")
    recorder = Recorder(load_encoder("minilm"))
    from rashomon.nlp import encoders

    original = encoders.load_encoder
    triplets = load_triplets(None, events)
    started = time.perf_counter()
    try:
        encoders.load_encoder = lambda name, cache_dir=None: (  # type: ignore[assignment]
            recorder if name == "minilm" else original(name, cache_dir)
        )
        import rashomon.nlp.pipeline as pipeline

        pipeline.load_encoder = encoders.load_encoder  # type: ignore[assignment]
        analyse_events(triplets, settings)
    finally:
        encoders.load_encoder = original  # type: ignore[assignment]
        pipeline.load_encoder = original  # type: ignore[assignment]
    return recorder.calls, time.perf_counter() - started


def pair_cosines(
    calls: Sequence[tuple[str, list[str]]], encoder: Encoder
) -> dict[str, np.ndarray[Any, np.dtype[np.float32]]]:
    """Per kind of text, the cosines of every pair of texts within one call (upper triangle)."""
    found: dict[str, list[np.ndarray[Any, np.dtype[np.float32]]]] = defaultdict(list)
    claims: list[tuple[Vectors, Vectors, Vectors]] = []
    pending: dict[str, Vectors] = {}
    for site, texts in calls:
        vectors = encoder.encode(texts)
        rows, columns = np.triu_indices(len(texts), k=1)
        found[site].append((vectors @ vectors.T)[rows, columns])
        # the three calls of one numeric alignment come in a row, same claims, same order
        if site in {"context", "subject", "predicate"}:
            pending[site] = vectors
            if site == "predicate" and len(pending) == 3:
                claims.append((pending["context"], pending["predicate"], pending["subject"]))
                pending = {}
    for context, predicate, subject in claims:
        rows, columns = np.triu_indices(len(context), k=1)
        score = (
            NUMERIC_WEIGHTS["unit"]
            + NUMERIC_WEIGHTS["context"] * (context @ context.T)[rows, columns]
            + NUMERIC_WEIGHTS["predicate"] * np.maximum((predicate @ predicate.T)[rows, columns], 0)
            + NUMERIC_WEIGHTS["subject"] * np.maximum((subject @ subject.T)[rows, columns], 0)
        )
        found["score"].append(score)
    return {site: np.concatenate(parts) for site, parts in found.items()}


@dataclasses.dataclass
class Match:
    threshold: str
    pairs: int
    accepted: float  # the share of pairs MiniLM accepts
    minilm: float
    matched: float
    agreement: float  # the share of pairs on which both encoders decide alike


def _matching(values: np.ndarray[Any, Any], accepted: float) -> float:
    """The cutoff (one of `values`) that accepts the share of `values` nearest `accepted`: a
    quantile, but aware of ties (TF-IDF gives many pairs a cosine of exactly 0)."""
    cuts = np.unique(values)
    ordered = np.sort(values)
    shares = 1.0 - np.searchsorted(ordered, cuts, side="left") / len(ordered)
    return float(cuts[int(np.argmin(np.abs(shares - accepted)))])


def match(
    reference: dict[str, np.ndarray[Any, Any]], other: dict[str, np.ndarray[Any, Any]]
) -> list[Match]:
    matches = []
    for threshold, site in MATCHED_ON.items():
        ours, theirs = reference[site], other[site]
        value = getattr(MINILM_THRESHOLDS, threshold)
        accepted = float(np.mean(ours >= value))
        matched = _matching(np.asarray(theirs), accepted)
        agreement = float(np.mean((ours >= value) == (theirs >= matched)))
        matches.append(Match(threshold, len(ours), accepted, value, matched, agreement))
    return matches


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=None, help="first N events (default all)")
    parser.add_argument("--encoders", default="static,tfidf")
    args = parser.parse_args(argv)
    calls, seconds = record(args.events)
    print(f"{len(calls)} encode calls recorded in {seconds:.0f} s")
    reference = pair_cosines(calls, load_encoder("minilm"))
    for name in [n.strip() for n in args.encoders.split(",") if n.strip()]:
        other = pair_cosines(calls, load_encoder(name))
        print(f"\n{name} ({load_encoder(name).name}), matched on MiniLM by rank:")
        print(
            f"  {'threshold':<20}{'pairs':>9}{'MiniLM':>8}{'accepts':>9}{'matched':>9}{'agree':>8}"
        )
        found: dict[str, float] = {}
        for item in match(reference, other):
            print(
                f"  {item.threshold:<20}{item.pairs:>9}{item.minilm:>8.2f}"
                f"{100 * item.accepted:>8.2f}%{item.matched:>9.3f}{100 * item.agreement:>7.2f}%"
            )
            found[item.threshold] = round(item.matched, 2)
        print(f"  {Thresholds(**found)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
