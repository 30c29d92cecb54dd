"""Loose cross-outlet coreference of labels on NewsWCL50: the same-head-lemma baseline vs ours.

    /work/venv/bin/python bench/eval_newswcl.py            # every figure, baseline and ours
    /work/venv/bin/python bench/eval_newswcl.py --topics 0,1

NewsWCL50 (Hamborg et al. 2019; Zhukova et al. 2022) holds 10 events (topics) × 5 outlets
with loose coreference chains over phrases ("illegal aliens" / "DREAMers"). The corpus lives
outside the repository (../shared/data/newswcl50) and is for evaluation only: nothing here
copies it anywhere, the articles are rebuilt in memory from the tokens of `NewsWCL50.conll`.

How the data is read (this reading reproduces the published baseline, see below):
- mentions: every bracket of the chain column of `NewsWCL50.conll` (5,573 mentions, 170 chains,
  10 singletons, all chain types: ACTOR, ACTOR-I, COUNTRY, GROUP, OBJECT, EVENT, ACTION, MISC);
  singletons kept. A mention is the character span from its first to its last token.
- each article is rebuilt from its tokens (one space between tokens, none before closing
  punctuation), parsed by our spaCy model on the dataset's own tokens and sentences;
- head of a mention: the last token of the span whose ancestors all lie outside the span,
  skipping determiners and punctuation (the rule of the Diverse_CDCR `parse_newswcl50.py`);
  its lemma, case kept, is the baseline's key;
- scores: per topic, key = gold chains, response = the clusters, MUC / B³ / CEAF-e F1 from
  `scorch`, CoNLL F1 = their mean; the dataset figure is the mean over the 10 topics (as in
  Diverse_CDCR `create_summary.py`, whose summary row averages the per-topic F1).

The published same-head-lemma figure is CoNLL F1 46.84 (46.49 without singletons). This
reading gives 46.58 (46.23): the same 0.26 below in both cases, because the published run
counted 5,600 mentions (from `entities_mentions.json`, not in our copy) where the CoNLL chain
column holds 5,573, and its spaCy model was an older en_core_web_sm (head lemmas differ for a
few tokens). Per topic the two agree within 0.8 points. Other readings land further: the
head lemmas that `event_mentions.json` gives for its 1,224 event mentions instead of ours,
46.51; those lower-cased, 47.49; the first head-like token instead of the last, 46.47.

A caution printed with the figures: CoNLL F1 over gold mentions rewards merging, so much that
lumping every mention of the lemma clusters smaller than three into one cluster scores 55.84
(`lumped_baseline`); read our CoNLL F1 with its B³ precision beside it.

Label recall: how many gold mentions of `Annotations.csv` (the original annotations, all types
but PROPERTY, located in the rebuilt text by their words) our own label extraction
(`extract.labels.label_spans`) finds, a gold mention counting as found when one of our label
spans contains its head token and covers at least half of its characters (also printed: the
same head, and the exact span).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.model import Article, Span

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = PROJECT_ROOT.parent / "shared" / "data" / "newswcl50"
ROOT_ENV = "RASHOMON_NEWSWCL_DIR"
CONLL = Path("cdcr_format") / "NewsWCL50.conll"
ANNOTATIONS = Path("original_annotations") / "Annotations.csv"

OUTLETS = {
    "LL": "HuffPost",
    "L": "New York Times",
    "M": "USA Today",
    "R": "Fox News",
    "RR": "Breitbart",
}
ARTICLE_IDS = {code: f"a{n}" for n, code in enumerate(OUTLETS, start=1)}

# the published same-head-lemma baseline (Zhukova et al. 2022, summary_dataset_topics.csv)
PUBLISHED_BASELINE = 46.84
PUBLISHED_WITHOUT_SINGLETONS = 46.49
SUMMARY = Path("cdcr_format") / "summary_dataset_topics_zhukova2022.csv"

_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'re", "'ve", "'ll"}
    | {"'d", "'m", "'", "’"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "\n"})


@dataclass(frozen=True)
class GoldMention:
    span: Span
    chain: str
    tokens: tuple[int, int]  # first and last token index in the article's Doc


@dataclass(frozen=True)
class Topic:
    id: str
    articles: tuple[Article, ...]
    docs: tuple[Any, ...]
    mentions: tuple[GoldMention, ...]
    # (article id, sentence id, token id in sentence) → token index in the Doc
    token_index: dict[tuple[str, int, int], int]


def newswcl_root(root: Path | str | None = None) -> Path:
    """The corpus folder: `root`, else $RASHOMON_NEWSWCL_DIR, else ../shared/data/newswcl50."""
    if root is not None:
        return Path(root)
    return Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)


def _spaces(words: Sequence[str]) -> list[bool]:
    spaces = []
    in_quote = False
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        space = following is not None and word not in _NO_SPACE_AFTER
        if word == '"':
            in_quote = not in_quote
            if in_quote:
                space = False
        if following is not None:
            if following in _NO_SPACE_BEFORE or following == "\n":
                space = False
            if following == '"' and in_quote:
                space = False
            if following == "-" or word == "-":
                space = False
        spaces.append(space)
    return spaces


def _read_conll(
    path: Path,
) -> tuple[dict[str, dict[int, list[str]]], list[tuple[str, int, int, int, str]]]:
    """Tokens per document and sentence; mentions as (doc, sentence, first, last, chain)."""
    tokens: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    mentions: list[tuple[str, int, int, int, str]] = []
    open_at: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            doc_id = parts[0].rsplit("/", 1)[-1]
            sentence, token = int(parts[1]), int(parts[2])
            word = "\n" if parts[3] == "\\n" else parts[3]
            tokens[doc_id][sentence].append(word)
            if parts[4] == "-":
                continue
            for piece in (p.strip() for p in parts[4].split("|")):
                if not piece:
                    continue
                chain = piece.strip("()")
                if piece.startswith("(") and piece.endswith(")"):
                    mentions.append((doc_id, sentence, token, token, chain))
                elif piece.startswith("("):
                    open_at[(doc_id, sentence, chain)].append(token)
                elif piece.endswith(")"):
                    first = open_at[(doc_id, sentence, chain)].pop()
                    mentions.append((doc_id, sentence, first, token, chain))
    return tokens, mentions


def load_topics(root: Path | str | None = None, topics: Sequence[str] | None = None) -> list[Topic]:
    """The events of NewsWCL50 with gold mentions, parsed by our spaCy model."""
    from spacy.tokens import Doc

    from rashomon.config import from_env
    from rashomon.nlp.pipeline import load_nlp

    nlp = load_nlp(from_env().spacy_model)
    tokens, raw_mentions = _read_conll(newswcl_root(root) / CONLL)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for doc_id in tokens:
        by_topic[doc_id.split("_")[0]].append(doc_id)
    wanted = sorted(by_topic, key=int) if topics is None else list(topics)
    result = []
    for topic in wanted:
        articles: list[Article] = []
        docs: list[Any] = []
        token_index: dict[tuple[str, int, int], int] = {}
        article_of: dict[str, str] = {}
        for code, article_id in ARTICLE_IDS.items():
            doc_id = f"{topic}_{code}"
            if doc_id not in tokens:
                continue
            words: list[str] = []
            starts: list[bool] = []
            for sentence in sorted(tokens[doc_id]):
                for number, word in enumerate(tokens[doc_id][sentence]):
                    token_index[(article_id, sentence, number)] = len(words)
                    words.append(word)
                    starts.append(number == 0)
            doc = Doc(nlp.vocab, words=words, spaces=_spaces(words), sent_starts=starts)
            for _, component in nlp.pipeline:
                doc = component(doc)
            docs.append(doc)
            article_of[doc_id] = article_id
            articles.append(
                Article(
                    id=article_id,
                    text=doc.text,
                    outlet=OUTLETS[code],
                    path=f"newswcl50/{doc_id}",
                    word_count=len(words),
                )
            )
        doc_of = {a.id: d for a, d in zip(articles, docs, strict=True)}
        text_of = {a.id: a.text for a in articles}
        mentions = []
        for doc_id, sentence, first, last, chain in raw_mentions:
            if doc_id not in article_of:
                continue
            article_id = article_of[doc_id]
            i = token_index[(article_id, sentence, first)]
            j = token_index[(article_id, sentence, last)]
            doc = doc_of[article_id]
            start, end = doc[i].idx, doc[j].idx + len(doc[j].text)
            span = Span(article_id, start, end, text_of[article_id][start:end])
            mentions.append(GoldMention(span, chain, (i, j)))
        result.append(Topic(topic, tuple(articles), tuple(docs), tuple(mentions), token_index))
    return result


def head_of(doc: Any, first: int, last: int) -> Any:
    """The head token of doc[first:last+1]: the last token whose ancestors all lie outside
    the span, determiners and punctuation skipped (Diverse_CDCR's rule)."""
    inside = range(first, last + 1)
    head = None
    for token in doc[first : last + 1]:
        if all(a.i not in inside for a in token.ancestors):
            if token.pos_ in {"DET", "PUNCT"}:
                continue
            head = token
    return head if head is not None else doc[last]


def lemma_baseline(topic: Topic) -> list[list[int]]:
    """Same-head-lemma clusters (lemma case kept), as indices into `topic.mentions`."""
    doc_of = {a.id: d for a, d in zip(topic.articles, topic.docs, strict=True)}
    clusters: dict[str, list[int]] = defaultdict(list)
    for number, mention in enumerate(topic.mentions):
        head = head_of(doc_of[mention.span.article], *mention.tokens)
        clusters[head.lemma_].append(number)
    return list(clusters.values())


@dataclass(frozen=True)
class Scores:
    """Recall, precision and F1 (in %) of MUC, B³ and CEAF-e."""

    muc: tuple[float, float, float]
    b3: tuple[float, float, float]
    ceaf_e: tuple[float, float, float]

    @property
    def conll(self) -> float:
        return (self.muc[2] + self.b3[2] + self.ceaf_e[2]) / 3

    @staticmethod
    def mean(items: Sequence[Scores]) -> Scores:
        def average(name: str) -> tuple[float, float, float]:
            rows = [getattr(s, name) for s in items]
            return (
                statistics.fmean(r[0] for r in rows),
                statistics.fmean(r[1] for r in rows),
                statistics.fmean(r[2] for r in rows),
            )

        return Scores(average("muc"), average("b3"), average("ceaf_e"))


def score(topic: Topic, clusters: Sequence[Sequence[int]]) -> Scores:
    """`clusters` (indices into topic.mentions; a mention in none is a singleton) against
    the gold chains."""
    from scorch import scores

    chains: dict[str, set[int]] = defaultdict(set)
    for number, mention in enumerate(topic.mentions):
        chains[mention.chain].add(number)
    key = list(chains.values())
    response = [set(c) for c in clusters]
    covered = set().union(*response) if response else set()
    response += [{n} for n in range(len(topic.mentions)) if n not in covered]

    def percent(values: Any) -> tuple[float, float, float]:
        r, p, f = values
        return (100 * float(r), 100 * float(p), 100 * float(f))

    return Scores(
        percent(scores.muc(key, response)),
        percent(scores.b_cubed(key, response)),
        percent(scores.ceaf_e(key, response)),
    )


def ours(topic: Topic) -> list[list[int]]:
    """Our clustering of the gold mentions: the function the framing section uses, with the
    entity index and encoder the pipeline gives it."""
    from rashomon.compare.labels import cluster_mentions
    from rashomon.config import from_env
    from rashomon.extract.article import extract_article
    from rashomon.extract.labels import label_phrase
    from rashomon.link.entities import link_entities
    from rashomon.nlp.pipeline import load_encoder

    settings = from_env()
    extractions = [
        extract_article(a, d, settings) for a, d in zip(topic.articles, topic.docs, strict=True)
    ]
    index = link_entities(extractions)
    article_of = {a.id: a for a in topic.articles}
    doc_of = {a.id: d for a, d in zip(topic.articles, topic.docs, strict=True)}
    phrases = [
        label_phrase(article_of[m.span.article], doc_of[m.span.article], m.span)
        for m in topic.mentions
    ]
    return cluster_mentions(
        phrases,
        [cue for e in extractions for cue in e.descriptors],
        len(extractions),
        index,
        load_encoder(settings.encoder),
    )


def without_singletons(topic: Topic) -> Topic:
    """The topic without the mentions of one-mention chains."""
    sizes: dict[str, int] = defaultdict(int)
    for mention in topic.mentions:
        sizes[mention.chain] += 1
    kept = tuple(m for m in topic.mentions if sizes[m.chain] > 1)
    return Topic(topic.id, topic.articles, topic.docs, kept, topic.token_index)


def published_per_topic(root: Path | str | None = None) -> dict[str, float]:
    """The published same-head-lemma CoNLL F1 of each topic (with singletons)."""
    path = newswcl_root(root) / SUMMARY
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["topic"].split("/")[0]: float(row["F1_CONLL_all"])
        for row in rows
        if row["dataset"] == "NewsWCL50" and row["topic"].split("/")[0].isdigit()
    }


def lumped_baseline(topic: Topic) -> list[list[int]]:
    """A caution, not a system: the lemma clusters of three mentions or more, and every other
    mention lumped into one cluster. CoNLL F1 over gold mentions rewards merging so much
    that this scores near 56 (with far lower B³ precision than ours)."""
    clusters = lemma_baseline(topic)
    big = [c for c in clusters if len(c) >= 3]
    rest = [n for c in clusters if len(c) < 3 for n in c]
    return [*big, rest] if rest else big


def measure(
    topics: Sequence[Topic], system: Callable[[Topic], list[list[int]]]
) -> tuple[Scores, list[Scores], float]:
    """Mean scores over the topics, the per-topic scores and the seconds the system took."""
    started = time.perf_counter()
    clusters = [system(t) for t in topics]
    seconds = time.perf_counter() - started
    per_topic = [score(t, c) for t, c in zip(topics, clusters, strict=True)]
    return Scores.mean(per_topic), per_topic, seconds


def _report(
    name: str, topics: Sequence[Topic], system: Callable[[Topic], list[list[int]]]
) -> float:
    mean, per_topic, seconds = measure(topics, system)
    print(
        f"{name:<18} MUC {mean.muc[2]:5.2f}  B3 {mean.b3[2]:5.2f}  "
        f"CEAF-e {mean.ceaf_e[2]:5.2f}  CoNLL {mean.conll:5.2f}   ({seconds:.1f} s)"
    )
    print(
        " " * 19
        + "R/P: "
        + "  ".join(
            f"{label} {r:.1f}/{p:.1f}"
            for label, (r, p, _) in (("MUC", mean.muc), ("B3", mean.b3), ("CEAF-e", mean.ceaf_e))
        )
    )
    print(
        " " * 19
        + "per topic: "
        + " ".join(f"{t.id}:{s.conll:.1f}" for t, s in zip(topics, per_topic, strict=True))
    )
    return mean.conll


# ---------------------------------------------------------------- label recall


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text.replace("’", "'"))]


def locate_annotations(topic: Topic, root: Path | str | None = None) -> list[tuple[Span, str]]:
    """The non-PROPERTY rows of Annotations.csv for this topic, located in the rebuilt text.

    A row's `code_mention` is searched word by word (case and punctuation ignored) in its
    article; among several occurrences the one whose sentence rank is nearest the row's
    `sentence` wins. Rows whose words do not occur are left out (the caller counts them).
    Returns (span, code_type) pairs."""
    path = newswcl_root(root) / ANNOTATIONS
    with path.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    rows = list(csv.DictReader(lines[1:]))  # the first line is "sep=,"
    found: list[tuple[Span, str]] = []
    doc_of = {a.id: d for a, d in zip(topic.articles, topic.docs, strict=True)}
    text_of = {a.id: a.text for a in topic.articles}
    word_index: dict[str, list[tuple[str, int, int, int]]] = {}
    for article_id, doc in doc_of.items():
        items = []
        for rank, sentence in enumerate(doc.sents):
            for token in sentence:
                for match in _WORD.finditer(token.text.replace("’", "'")):
                    start = token.idx + match.start()
                    items.append((match.group().lower(), start, start + len(match.group()), rank))
        word_index[article_id] = items
    for row in rows:
        if row["event_id"] != topic.id or row["code_type"] == "PROPERTY":
            continue
        article_id = ARTICLE_IDS.get(row["publisher_id"])
        if article_id not in word_index:
            continue
        wanted = _words(row["code_mention"])
        if not wanted:
            continue
        items = word_index[article_id]
        best: tuple[int, int, int] | None = None
        for i in range(len(items) - len(wanted) + 1):
            if items[i][0] != wanted[0]:
                continue
            if all(items[i + k][0] == w for k, w in enumerate(wanted)):
                distance = abs(items[i][3] - int(row["sentence"]))
                if best is None or distance < best[0]:
                    best = (distance, items[i][1], items[i + len(wanted) - 1][2])
        if best is None:
            continue
        _, start, end = best
        found.append(
            (Span(article_id, start, end, text_of[article_id][start:end]), row["code_type"])
        )
    return found


def annotation_count(topic: Topic, root: Path | str | None = None) -> int:
    path = newswcl_root(root) / ANNOTATIONS
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle.read().splitlines()[1:]))
    return sum(1 for r in rows if r["event_id"] == topic.id and r["code_type"] != "PROPERTY")


MATCH_RULES = ("exact", "head", "head+half")


def matches(gold: Span, doc: Any, ours: Sequence[Span]) -> set[str]:
    """Which overlap rules count `gold` as found by one of `ours`:
    - "exact": the same characters, once a leading "the/a/an" and edge punctuation are
      dropped from both;
    - "head": one of ours has the gold span's head token as its own head;
    - "head+half" (the figure we report first): one of ours contains the gold span's head
      token and covers at least half of the gold span's characters."""
    piece = doc.char_span(gold.start, gold.end, alignment_mode="expand")
    if piece is None:
        return set()
    head = head_of(doc, piece.start, piece.end - 1)
    h_start, h_end = head.idx, head.idx + len(head.text)
    found: set[str] = set()
    wanted = _trimmed(gold.text)
    for span in ours:
        if _trimmed(span.text) == wanted and span.start <= gold.end and gold.start <= span.end:
            found.add("exact")
        if not (span.start <= h_start and h_end <= span.end):
            continue
        mine = doc.char_span(span.start, span.end, alignment_mode="expand")
        if mine is not None and head_of(doc, mine.start, mine.end - 1).i == head.i:
            found.add("head")
        overlap = min(span.end, gold.end) - max(span.start, gold.start)
        if overlap * 2 >= gold.end - gold.start:
            found.add("head+half")
    return found


def _trimmed(text: str) -> str:
    words = text.strip(" \t\n.,;:!?\"'“”‘’()").split()
    while len(words) > 1 and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words).lower()


def label_recall(topics: Sequence[Topic]) -> dict[str, float]:
    """Recall (in %) of our label spans against the located Annotations.csv mentions, per
    overlap rule; prints it with the breakdown by annotation type."""
    from rashomon.extract.labels import label_spans

    located = total = 0
    hits: dict[str, int] = dict.fromkeys(MATCH_RULES, 0)
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for topic in topics:
        total += annotation_count(topic)
        doc_of = {a.id: d for a, d in zip(topic.articles, topic.docs, strict=True)}
        ours: dict[str, list[Span]] = {
            a.id: label_spans(a, d) for a, d in zip(topic.articles, topic.docs, strict=True)
        }
        for span, kind in locate_annotations(topic):
            located += 1
            found = matches(span, doc_of[span.article], ours[span.article])
            for rule in found:
                hits[rule] += 1
            by_type[kind][0] += "head+half" in found
            by_type[kind][1] += 1
    recall = {rule: 100 * hits[rule] / max(located, 1) for rule in MATCH_RULES}
    print(
        f"label recall       {hits['head+half']}/{located} = {recall['head+half']:.1f}% "
        f"(head token inside, half the span covered) of the Annotations.csv mentions located "
        f"in the text ({located} of {total} non-PROPERTY rows)"
    )
    print(
        " " * 19
        + f"same head: {recall['head']:.1f}%   exact span: {recall['exact']:.1f}%   by type: "
        + " ".join(f"{k}:{100 * v[0] / v[1]:.0f}%" for k, v in sorted(by_type.items()))
    )
    return recall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None, help="the newswcl50 folder")
    parser.add_argument("--topics", default=None, help="comma-separated topic ids (default all)")
    parser.add_argument("--no-recall", action="store_true", help="skip the label-recall figure")
    args = parser.parse_args(argv)
    root = newswcl_root(args.root)
    if not (root / CONLL).exists():
        print(f"{root / CONLL} is missing", file=sys.stderr)
        return 2
    topics = load_topics(root, args.topics.split(",") if args.topics else None)
    print(
        f"NewsWCL50: {len(topics)} topics, {sum(len(t.articles) for t in topics)} articles, "
        f"{sum(len(t.mentions) for t in topics)} gold mentions, "
        f"{sum(len({m.chain for m in t.mentions}) for t in topics)} chains"
    )
    baseline = _report("same head lemma", topics, lemma_baseline)
    published = published_per_topic(root)
    print(
        f"{'':18}  published: CoNLL F1 {PUBLISHED_BASELINE}; per topic: "
        + " ".join(f"{t.id}:{published[t.id]:.1f}" for t in topics if t.id in published)
    )
    alone, _, _ = measure([without_singletons(t) for t in topics], lemma_baseline)
    print(
        f"{'':18}  without singletons: CoNLL F1 {alone.conll:.2f} "
        f"(published {PUBLISHED_WITHOUT_SINGLETONS})"
    )
    mine = _report("rashomon", topics, ours)
    print(f"{'':18}  gain over the baseline: {mine - baseline:+.2f} CoNLL F1")
    _report("(lumped lemma)", topics, lumped_baseline)
    print(f"{'':18}  (a caution: small lemma clusters lumped into one; see lumped_baseline)")
    if not args.no_recall:
        label_recall(topics)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
