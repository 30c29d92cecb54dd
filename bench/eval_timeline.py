"""Timeline accuracy: relative dates of 10 PolNeAR dev articles, resolved by hand.

    /work/venv/bin/python bench/eval_timeline.py [--data DIR] [--gold FILE] [--show]

Gold: tests/accuracy/gold/polnear_dates.json (offsets and resolved values only; how it was
made, and what counts as a relative date, is in tests/accuracy/gold/README_timeline_stances.md).
The texts are read in place from ../shared/data/polnear (evaluation only; nothing is copied).

Each article goes through one spaCy parse and `rashomon.extract.dates.extract_dates`, with
`Article.date` = its `publication_date` from metadata.tsv. A gold date is correct when an
extracted event's date-expression span (`spans[0]`) overlaps the gold offsets with the same
`date`, `date_end` and `precision`. Printed per kind (`relative` is the gated figure,
`yearless` is reported beside it): gold count, correct, accuracy = correct / gold, and the
spurious predictions (an extracted expression of that kind that overlaps no gold item of any
kind). `--show` lists every miss and every spurious prediction. `--gold
tests/accuracy/gold/polnear_dates_heldout.json` scores the 5 held-out articles instead (the
next ones in file order, annotated after the rules were tuned: a check on unseen text).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA = PROJECT_ROOT.parent / "shared" / "data" / "polnear"
GOLD = PROJECT_ROOT / "tests" / "accuracy" / "gold" / "polnear_dates.json"
HELD_OUT = GOLD.with_name("polnear_dates_heldout.json")
KINDS = ("relative", "yearless")

_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_RELATIVE = re.compile(
    rf"(?i)\b(?:{_WEEKDAY}|yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|"
    r"this\s+afternoon|this\s+evening|ago|(?:last|this|next|past)\s+(?:week|weekend|month|year)|"
    r"the\s+weekend)\b"
)
_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def kind_of(expression: str) -> str | None:
    """ "relative", "yearless" or None (explicit with a year, or not a date of either kind)."""
    if _RELATIVE.search(expression):
        return "relative"
    if _MONTH.search(expression) and not _YEAR.search(expression):
        return "yearless"
    return None


@dataclass
class Score:
    gold: int = 0
    correct: int = 0
    spurious: int = 0
    misses: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def load_gold(path: Path = GOLD) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def evaluate(data: Path = DATA, gold: dict[str, Any] | None = None) -> dict[str, Score]:
    """Scores per kind over the gold articles (their texts read from `data`)."""
    from rashomon.config import from_env
    from rashomon.extract.dates import extract_dates
    from rashomon.model import Article
    from rashomon.nlp.pipeline import parse

    gold = gold or load_gold()
    items = gold["articles"]
    texts = [(data / item["file"]).read_text(encoding="utf-8") for item in items]
    docs = parse(texts, from_env().spacy_model)
    scores = {kind: Score() for kind in KINDS}
    for item, text, doc in zip(items, texts, docs, strict=True):
        article = Article(id="a1", text=text, outlet="?", date=item["publication_date"])
        events = extract_dates(article, doc)
        predicted = [(e.spans[0], e) for e in events]
        name = Path(item["file"]).stem
        for expected in item["dates"]:
            score = scores[expected["kind"]]
            score.gold += 1
            start, end = expected["start"], expected["end"]
            hits = [e for span, e in predicted if span.start < end and start < span.end]
            want = (expected["date"], expected["date_end"], expected["precision"])
            if any((e.date, e.date_end, e.precision) == want for e in hits):
                score.correct += 1
            else:
                got = ", ".join(f"{e.date}..{e.date_end} {e.precision}" for e in hits) or "nothing"
                score.misses.append(
                    f"{name} [{start}:{end}] {text[start:end]!r}: want {want[0]}..{want[1]} "
                    f"{want[2]}, got {got}"
                )
        for span, event in predicted:
            kind = kind_of(span.text)
            if kind is None:
                continue
            if any(span.start < g["end"] and g["start"] < span.end for g in item["dates"]):
                continue
            scores[kind].spurious += 1
            scores[kind].extra.append(
                f"{name} [{span.start}:{span.end}] {span.text!r} -> {event.date}..{event.date_end}"
                f" {event.precision}"
            )
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--show", action="store_true", help="list misses and spurious dates")
    args = parser.parse_args()
    scores = evaluate(args.data, load_gold(args.gold))
    for kind, score in scores.items():
        print(
            f"{kind:9s} gold {score.gold:3d}  correct {score.correct:3d}  "
            f"accuracy {score.accuracy:.3f}  spurious {score.spurious}"
        )
        if args.show:
            for line in score.misses:
                print("  miss     ", line)
            for line in score.extra:
                print("  spurious ", line)


if __name__ == "__main__":
    main()
