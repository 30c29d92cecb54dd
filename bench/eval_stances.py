"""Stance precision and recall on the first 10 BASIL triplets, annotated by hand.

    /work/venv/bin/python bench/eval_stances.py [--basil DIR] [--encoder minilm|tfidf] [--show]

Gold: tests/accuracy/gold/basil_stances.json (sentence indexes, actor names and labels only;
the guideline is tests/accuracy/gold/README_timeline_stances.md). The articles are read in
place through bench/basil.py (evaluation only; nothing is copied).

Each triplet (three articles, ids a1..a3) goes through `analyze_articles`, so stances are
linked to entities and merged across outlets as in any report. Every cue of every stance gives
one predicted item: (article, index of the BASIL sentence that holds the cue's start, the
actor's names, the label). The actor's names are the stance's actor name, and when it is linked
to an entity, that entity's name, aliases and affiliation's name. A predicted item matches a
gold item of the same article, sentence and label whose actor or one of its aliases equals one
of those names, or ends one of them as whole words (case-insensitive; titles such as
"President", "Sen." and a leading "the" dropped). Matching is one-to-one. Printed: gold and
predicted counts, matches, precision, recall and F1, then the same per label. `--show` lists
misses and false alarms.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from basil import BasilArticle, basil_root, load_triplets

PROJECT_ROOT = Path(__file__).resolve().parents[1]
GOLD = PROJECT_ROOT / "tests" / "accuracy" / "gold" / "basil_stances.json"
LABELS = ("condemn", "concern", "support", "congratulate", "demand", "reject", "neutral")
_TITLES = re.compile(
    r"^(?:the|president|former|vice|sen|senator|rep|representative|gov|governor|mr|mrs|ms|dr|"
    r"gen|general|secretary|speaker|leader|sheriff|judge|justice)\b\.?\s*",
    re.IGNORECASE,
)


def normalise(name: str) -> str:
    text = " ".join(name.replace("’", "'").split()).strip(" .,'\"“”").lower()
    previous = None
    while previous != text:
        previous = text
        text = _TITLES.sub("", text)
    return text


def same_actor(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    """A gold name equals a predicted one, or ends it as whole words ("present Missouri
    Republican senators" names the gold "Missouri Republican senators")."""
    return any(p == g or p.endswith(" " + g) for g in gold for p in predicted)


@dataclass(frozen=True)
class Item:
    article: str  # file, as in the gold ("2011/<uuid>_1.json")
    sentence: int
    stance: str
    names: frozenset[str]  # normalised
    shown: str  # for --show


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    by_label: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: Path = GOLD) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def gold_items(gold: dict[str, Any]) -> list[Item]:
    items = []
    for triplet in gold["triplets"]:
        for article in triplet["articles"]:
            for stance in article["stances"]:
                names = {normalise(stance["actor"])} | {normalise(a) for a in stance["aliases"]}
                items.append(
                    Item(
                        article["file"],
                        stance["sentence"],
                        stance["stance"],
                        frozenset(names),
                        stance["actor"],
                    )
                )
    return items


def _sentence_of(item: BasilArticle, offset: int) -> int:
    """The index of the BASIL sentence holding `offset` (the last one starting before it)."""
    best = 0
    for index, sentence in enumerate(item.sentences):
        if sentence.end > sentence.start and sentence.start <= offset:
            best = index
    return best


def predicted_items(report: Any, articles: dict[str, BasilArticle]) -> list[Item]:
    entities = {e.id: e for e in report.entities}
    seen: set[tuple[str, int, str, frozenset[str]]] = set()
    out = []
    for stance in report.stances:
        names = {stance.actor.name}
        entity = entities.get(stance.actor.entity) if stance.actor.entity else None
        if entity is not None:
            names |= {entity.name, *entity.aliases}
            if entity.affiliation and entity.affiliation in entities:
                names.add(entities[entity.affiliation].name)
        normalised = frozenset(normalise(n) for n in names)
        for cue in stance.cues:
            item = articles[cue.article]
            key = (_file(item), _sentence_of(item, cue.start), stance.stance, normalised)
            if key in seen:
                continue
            seen.add(key)
            out.append(Item(*key, shown=f"{stance.actor.name} [{cue.text}]"))
    return out


def _file(item: BasilArticle) -> str:
    return f"{item.path.parent.name}/{item.path.name}"


def score(gold: list[Item], predicted: list[Item]) -> Score:
    result = Score(gold=len(gold), predicted=len(predicted))
    result.by_label = {label: Counter() for label in LABELS}
    for item in gold:
        result.by_label[item.stance]["gold"] += 1
    for item in predicted:
        result.by_label[item.stance]["predicted"] += 1
    free = list(gold)
    for item in sorted(predicted, key=lambda i: (i.article, i.sentence, i.stance, i.shown)):
        match = next(
            (
                g
                for g in free
                if (g.article, g.sentence, g.stance) == (item.article, item.sentence, item.stance)
                and same_actor(g.names, item.names)
            ),
            None,
        )
        if match is None:
            result.false_alarms.append(
                f"{item.article} s{item.sentence} {item.stance} {item.shown}"
            )
            continue
        free.remove(match)
        result.matched += 1
        result.by_label[item.stance]["matched"] += 1
    result.misses = [f"{g.article} s{g.sentence} {g.stance} {g.shown}" for g in free]
    return result


def evaluate(
    root: Path | None = None, gold: dict[str, Any] | None = None, encoder: str | None = None
) -> Score:
    from rashomon.analyze import analyze_articles
    from rashomon.config import from_env

    gold = gold or load_gold()
    settings = from_env()
    if encoder:
        settings = settings.replace(encoder=encoder)
    triplets = load_triplets(basil_root(root), limit=len(gold["triplets"]))
    if [t.uuid for t in triplets] != [t["uuid"] for t in gold["triplets"]]:
        raise ValueError("the BASIL triplets on disk are not the annotated ones")
    predicted: list[Item] = []
    for triplet in triplets:
        report = analyze_articles(triplet.event, settings)
        articles = {item.article.id: item for item in triplet.articles}
        predicted += predicted_items(report, articles)
    return score(gold_items(gold), predicted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basil", type=Path, default=None)
    parser.add_argument("--encoder", default=None, help="minilm (default setting) or tfidf")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    result = evaluate(args.basil, encoder=args.encoder)
    print(
        f"all          gold {result.gold:3d}  predicted {result.predicted:3d}  "
        f"matched {result.matched:3d}  precision {result.precision:.3f}  "
        f"recall {result.recall:.3f}  F1 {result.f1:.3f}"
    )
    for label, counts in result.by_label.items():
        p = counts["matched"] / counts["predicted"] if counts["predicted"] else 0.0
        r = counts["matched"] / counts["gold"] if counts["gold"] else 0.0
        print(
            f"{label:12s} gold {counts['gold']:3d}  predicted {counts['predicted']:3d}  "
            f"matched {counts['matched']:3d}  precision {p:.3f}  recall {r:.3f}"
        )
    if args.show:
        for line in result.false_alarms:
            print("  false alarm", line)
        for line in result.misses:
            print("  miss       ", line)


if __name__ == "__main__":
    main()
