"""The sentence encoders side by side: speed, and every accuracy gate they can move, in one run.

    /work/venv/bin/python bench/eval_encoders.py [--encoders minilm,static,tfidf]
        [--parts speed,newswcl,claims,neus] [--events N] [--stories N]

Each corpus is parsed once (the parse cache of `rashomon.nlp.pipeline` is enlarged to hold it)
and analysed once per encoder, so the figures differ only by the encoder and its thresholds
(`rashomon.config.ENCODER_THRESHOLDS`):

- speed: `build_report` over the first N BASIL events (default 20) with each encoder, a fresh
  vector cache each ("minilm-torch": MiniLM on torch even where ONNX Runtime is installed),
  its CPU seconds against `extract_all`'s (the parse and the extractors) in the same process;
  and texts/s of each encoder alone on the distinct texts those reports embedded (one call
  per kind of text, one thread).
- newswcl: loose coreference of the NewsWCL50 gold mentions (bench/eval_newswcl.py; the gate
  tests/accuracy/test_newswcl_gate.py): MUC, B³, CEAF-e, CoNLL F1, B³ precision.
- claims: the BASIL numbers gold and the perturbation subset of tests/accuracy/
  test_claims_gate.py (bench/eval_claims.py --part ab --perturb-first 10), and the Venezuela
  perturbation checks.
- neus: the summary on the first 60 NeuS stories (tests/accuracy/test_neus_gate.py;
  bench/eval_neus.py --stories 60): ROUGE-1/2/L and arousal.

The rows are printed per encoder with the difference to the first encoder listed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Sequence

from basil import load_triplets
from rashomon.config import Settings, from_env
from rashomon.nlp import encoders, pipeline
from rashomon.nlp.encoders import Encoder, Vectors

Figures = dict[str, float]


def settings_for(name: str) -> Settings:
    return from_env().replace(encoder=name)


def use_encoder(name: str) -> None:
    """Make `name` the encoder of the settings read from the environment."""
    os.environ["RASHOMON_ENCODER"] = name


class _Counting:
    """Records the distinct texts each kind of call embeds (by the stage function's name)."""

    def __init__(self, encoder: Encoder) -> None:
        self.name = encoder.name
        self._encoder = encoder
        self.texts: dict[str, dict[str, None]] = defaultdict(dict)

    def encode(self, texts: Sequence[str]) -> Vectors:
        caller = sys._getframe(1)
        while caller.f_back is not None and caller.f_code.co_name in {
            "similarity",
            "_similarities",
        }:
            caller = caller.f_back
        for text in texts:
            self.texts[caller.f_code.co_name][text] = None
        return self._encoder.encode(texts)


def speed(names: Sequence[str], events: int) -> dict[str, Figures]:
    from rashomon.analyze import build_report, extract_all

    triplets = load_triplets(None, events)
    prepared = []
    started = time.process_time()
    for triplet in triplets:
        articles = sorted(triplet.event, key=lambda a: (int(a.id[1:]), a.id))
        prepared.append(extract_all(articles, settings_for(names[0])))
    extract_cpu = time.process_time() - started
    figures: dict[str, Figures] = {}
    texts: dict[str, dict[str, None]] = {}
    for name in names:
        fresh = _fresh(name)
        counting = _Counting(fresh)
        original = pipeline.load_encoder
        pipeline.load_encoder = lambda *_, found=counting: found  # type: ignore[assignment]
        try:
            started = time.process_time()
            for extractions in prepared:
                build_report(extractions, settings_for(name))
            cpu = time.process_time() - started
        finally:
            pipeline.load_encoder = original  # type: ignore[assignment]
        texts = texts or counting.texts
        figures[name] = {
            "extract_all CPU s": extract_cpu,
            "build_report CPU s": cpu,
            "build_report share %": 100 * cpu / (cpu + extract_cpu),
        }
    for kind, found in sorted(texts.items()):
        batch = list(found)
        for name in names:
            raw = getattr(_fresh(name), "_encoder", None) or _fresh(name)
            raw.encode(batch[:2])
            started = time.process_time()
            raw.encode(batch)
            seconds = max(time.process_time() - started, 1e-9)
            figures[name][f"texts/s {kind} ({len(batch)})"] = len(batch) / seconds
    encoders.load_encoder.cache_clear()
    return figures


def _fresh(name: str) -> Encoder:
    """A new instance of the encoder `name` (an empty vector cache), its model loaded (and
    built) already; "minilm-torch" is MiniLM on torch where ONNX Runtime is installed."""
    if name == "minilm-torch":
        return encoders.CachedEncoder(encoders.MiniLMEncoder())
    encoders.load_encoder.cache_clear()
    encoders.load_encoder(name)
    encoders.load_encoder.cache_clear()
    return encoders.load_encoder(name)


def newswcl(names: Sequence[str]) -> dict[str, Figures]:
    import eval_newswcl

    topics = eval_newswcl.load_topics()
    figures = {}
    for name in names:
        use_encoder(name)
        mean, _, seconds = eval_newswcl.measure(topics, eval_newswcl.ours)
        figures[name] = {
            "NewsWCL MUC": mean.muc[2],
            "NewsWCL B3": mean.b3[2],
            "NewsWCL CEAF-e": mean.ceaf_e[2],
            "NewsWCL CoNLL F1": mean.conll,
            "NewsWCL B3 precision": mean.b3[1],
            "NewsWCL seconds": seconds,
        }
    return figures


def claims(names: Sequence[str], perturb_first: int = 10) -> dict[str, Figures]:
    import eval_claims

    gold = eval_claims.load_json(eval_claims.GOLD_NUMBERS)
    selected = eval_claims.load_triplets(limit=eval_claims.GOLD_TRIPLETS)
    triplets = [t for t in selected if t.uuid in gold["triplets"]]
    by_uuid = {t.uuid: t for t in triplets}
    figures = {}
    for name in names:
        runner = eval_claims.Runner(settings=settings_for(name))
        runs = {t.uuid: runner.run(t.event) for t in triplets}
        score = eval_claims.score_gold(gold, runs, triplets)
        agree, agree_total = score.recall("agree")
        conflict, conflict_total = score.recall("conflict")
        pairs, judged, unjudged = score.precision_pairs()
        comparisons, judged_c, unjudged_c = score.precision_comparisons()
        groups, _ = eval_claims.plan_perturbations(gold, triplets[:perturb_first])
        for group in groups:
            eval_claims.run_perturbation(group, gold, by_uuid[group.triplet], runner)
        units = [(g, u) for g in groups for u in g.units]
        checks = eval_claims.venezuela_checks(runner)
        figures[name] = {
            "claims recall agree": 100 * agree / agree_total,
            "claims recall conflict": 100 * conflict / conflict_total,
            "claims precision pairs": 100 * pairs / max(1, judged + unjudged),
            "claims precision comparisons": 100 * comparisons / max(1, judged_c + unjudged_c),
            "claims perturbation recall (subset)": 100
            * sum(g.recalled[u] for g, u in units)
            / max(1, len(units)),
            "Venezuela checks passed": sum(c.passed for c in checks),
        }
    return figures


def neus(names: Sequence[str], stories: int) -> dict[str, Figures]:
    import eval_neus

    every_story = eval_neus.load_stories(eval_neus.DEFAULT_ROOT)
    budget = eval_neus.budget_of(every_story)
    figures = {}
    for name in names:
        result = eval_neus.evaluate(
            every_story[:stories], ["rashomon"], budget, settings_for(name)
        )["rashomon"]
        figures[name] = {
            "NeuS R-1": result.rouge1,
            "NeuS R-2": result.rouge2,
            "NeuS R-L": result.rougeL,
            "NeuS arousal": result.arousal,
        }
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--encoders", default="minilm,static,tfidf")
    parser.add_argument("--parts", default="speed,newswcl,claims,neus")
    parser.add_argument("--events", type=int, default=20, help="speed: first N BASIL events")
    parser.add_argument("--stories", type=int, default=60, help="neus: first N stories")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.encoders.split(",") if n.strip()]
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    pipeline._DOC_CACHE_SIZE = 5_000  # every corpus parsed once, whatever the encoder
    figures: dict[str, Figures] = {name: {} for name in names}
    for part in parts:
        started = time.perf_counter()
        if part == "speed":
            found = speed(names, args.events)
        elif part == "newswcl":
            found = newswcl(names)
        elif part == "claims":
            found = claims(names)
        elif part == "neus":
            found = neus(names, args.stories)
        else:
            parser.error(f"unknown part {part!r}")
        for name in names:
            figures[name].update(found[name])
        print(f"[{part}: {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)
        _print(figures, names)
    return 0


def _print(figures: dict[str, Figures], names: Sequence[str]) -> None:
    rows = list(figures[names[0]])
    width = max(len(row) for row in rows)
    print("\n" + " " * width + "".join(f"{name:>18}" for name in names))
    for row in rows:
        first = figures[names[0]][row]
        cells = [f"{first:>18.2f}"]
        for name in names[1:]:
            value = figures[name][row]
            cells.append(f"{value:>10.2f} ({value - first:+.2f})")
        print(f"{row:<{width}}" + "".join(cells))
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
