"""Loaded-word spans against the lexical-bias spans of BASIL (Fan et al., EMNLP 2019).

    /work/venv/bin/python bench/eval_loaded.py            # all 100 events, about 1.5 min

Gold: every phrase-level annotation with `bias == "lex"` in the article bodies (478 spans; the
2 annotated in titles are left out, the titles not being part of `Article.text`), mapped onto
`Article.text` by basil.load_triplets().

Systems, on the same spaCy parse:
- rashomon: `rashomon.extract.loaded.loaded_spans` (shipped lexicons only);
- recasens: a plain look-up of the Recasens et al. (2013) bias lexicon (654 lemmas,
  ../shared/data/lexicons/bias-lexicon, evaluation only): every token whose lower-cased text or
  lemma is in the list is a predicted span;
- rashomon-terms: the spans of each article's `loaded_terms` (log-odds ratio against the other
  two outlets of the event), for information.

Overlap rule: a predicted span is correct when it shares at least one character with a gold
span of the same article (precision = correct predicted spans / predicted spans); a gold span
is found when at least one predicted span shares a character with it (recall = found gold
spans / gold spans). F1 is their harmonic mean. Figures are printed for all events, for
2010-2014 ("dev": the years looked at while choosing thresholds) and for 2015-2019 ("held-out").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from basil import PROJECT_ROOT, BasilArticle, basil_root, load_triplets

RECASENS = (
    PROJECT_ROOT.parent / "shared" / "data" / "lexicons" / "bias-lexicon" / "bias-lexicon.txt"
)
SPLITS: dict[str, Callable[[int], bool]] = {
    "all": lambda year: True,
    "dev 2010-2014": lambda year: year <= 2014,
    "held-out 2015-2019": lambda year: year >= 2015,
}
SYSTEMS = ("rashomon", "recasens", "rashomon-terms")

Offsets = list[tuple[int, int]]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int


@dataclass(frozen=True)
class Item:
    year: int
    gold: Offsets
    predicted: dict[str, Offsets]


def gold_spans(item: BasilArticle, root: Path) -> Offsets:
    """The article's lexical-bias spans as offsets into `Article.text` (title spans left out)."""
    year = item.path.parent.name
    path = root / "annotations" / year / f"{item.triplet}_{item.number}_ann.json"
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    out: Offsets = []
    for annotation in raw.get("phrase-level-annotations") or []:
        ident = str(annotation.get("id", ""))
        if annotation.get("bias") != "lex" or not ident[1:].isdigit():
            continue
        out.append(
            item.sentences[int(ident[1:])].locate(int(annotation["start"]), int(annotation["end"]))
        )
    return out


def recasens_lexicon(path: Path = RECASENS) -> frozenset[str]:
    return frozenset(
        line.strip().lower() for line in path.read_text("utf-8").splitlines() if line.strip()
    )


def recasens_spans(doc: Any, words: frozenset[str]) -> Offsets:
    return [
        (t.idx, t.idx + len(t.text)) for t in doc if t.lower_ in words or t.lemma_.lower() in words
    ]


def score(pairs: Sequence[tuple[Offsets, Offsets]]) -> Scores:
    """(predicted, gold) per article → precision, recall, F1 under the overlap rule."""
    correct = found = n_predicted = n_gold = 0
    for predicted, gold in pairs:
        n_predicted += len(predicted)
        n_gold += len(gold)
        correct += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in predicted)
        found += sum(any(s < ge and gs < e for s, e in predicted) for gs, ge in gold)
    precision = correct / n_predicted if n_predicted else 0.0
    recall = found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, n_predicted, n_gold)


def collect(limit: int | None = None, root: Path | str | None = None) -> list[Item]:
    """Parse BASIL and run every system: one Item per article."""
    from rashomon.compare.loaded import loaded_terms
    from rashomon.config import from_env
    from rashomon.extract.article import extract_article
    from rashomon.extract.loaded import loaded_spans
    from rashomon.nlp.pipeline import parse

    settings = from_env()
    folder = basil_root(root)
    triplets = load_triplets(folder, limit)
    words = recasens_lexicon()
    items: list[Item] = []
    for triplet in triplets:
        articles = triplet.event
        docs = parse([a.text for a in articles], settings.spacy_model, batch_size=8)
        terms = loaded_terms(
            [extract_article(a, d, settings) for a, d in zip(articles, docs, strict=True)]
        )
        for basil_item, article, doc in zip(triplet.articles, articles, docs, strict=True):
            predicted = {
                "rashomon": [(s.span.start, s.span.end) for s in loaded_spans(article, doc)],
                "recasens": recasens_spans(doc, words),
                "rashomon-terms": [
                    (s.start, s.end) for t in terms.get(article.id, ()) for s in t.spans
                ],
            }
            items.append(
                Item(
                    year=int(basil_item.path.parent.name),
                    gold=gold_spans(basil_item, folder),
                    predicted=predicted,
                )
            )
    return items


def evaluate(items: Sequence[Item]) -> dict[str, dict[str, Scores]]:
    """system → split → scores."""
    return {
        system: {
            split: score([(i.predicted[system], i.gold) for i in items if keep(i.year)])
            for split, keep in SPLITS.items()
        }
        for system in SYSTEMS
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N events only")
    args = parser.parse_args()
    results = evaluate(collect(args.limit))
    print("BASIL lexical-bias spans; overlap rule: at least one shared character")
    print(f"{'system':<16}{'split':<20}{'P':>7}{'R':>7}{'F1':>7}{'pred':>8}{'gold':>6}")
    for system, by_split in results.items():
        for split, s in by_split.items():
            print(
                f"{system:<16}{split:<20}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                f"{s.predicted:>8}{s.gold:>6}"
            )


if __name__ == "__main__":
    main()
