"""The claims engine measured three ways on BASIL (issue 3): gold, perturbation, false conflicts.

    /work/venv/bin/python bench/eval_claims.py                 # (a), (b) and (c): ~11 min
    /work/venv/bin/python bench/eval_claims.py --part a        # gold, first 30 triples: ~3 min
    /work/venv/bin/python bench/eval_claims.py --part b        # perturbation recall: ~4.5 min
    /work/venv/bin/python bench/eval_claims.py --part c        # false conflicts: ~10 min
    options: --part ab (any mix), --cache DIR (reuse runs of unchanged code), --dump DIR
             --unit-relations none|synonym|synonym,hypernym (which relations of the WordNet
             unit table align two units; default: rashomon's own, `align.UNIT_RELATIONS`)
             (sentences, under /tmp), --json FILE (the figures), --basil DIR, --limit N (part c:
             the first N triples), --perturb-first N (part b: the first N gold triples)

(a) Gold (tests/accuracy/gold/basil_numbers.json; README_numbers.md says how it was made and
    scored): every figure two or three outlets of the first 30 BASIL triples (sorted
    triplet-uuid) report about the same thing, with agree/conflict under DESIGN.md's interval
    rules. Printed: recall of gold agreements and of gold conflicts (unit: one item seen from
    two outlets with one verdict), the same per kind of figure, and precision of rashomon's
    agree/conflict numeric comparisons on those triples (per claim pair and per comparison;
    pairs outside the gold are looked up in the gold's `judged_extra_pairs`, else reported as
    unjudged).
(b) Perturbation, in memory only (Article objects built with replaced text):
    - ../shared/data/venezuela-2017 (rashomon.load_articles): 124 → 126 in the Morning Star
      text must turn the death-toll conflict into an agreement; "eighteen" → "seventeen" in
      the venezuelanalysis.com text must remove the governorship conflict;
    - BASIL: for each gold agreement unit (item, outlet A, outlet B), one outlet's mentions of
      the figure are rewritten to a clearly different value written the same way (×2, else
      ÷2, ×3, ÷3, ×4, ÷4: the first factor whose interval is disjoint from every mention of
      the other outlet), the triple is analysed again, and the unit counts as recalled when a
      numeric conflict separates a claim on a changed mention from a claim on a mention of the
      other outlet. Units sharing the changed outlet and item share one run.
(c) Every numeric and textual conflict rashomon reports over the 100 triples, written with
    its sentences to --dump (default /tmp/rashomon_eval_claims/conflicts.txt) and looked up in
    tests/accuracy/gold/basil_conflict_judgements.json (labels: `real` the outlets' accounts
    differ; `quoted` a real disagreement between the parties they quote; `rounding` the same
    figure, disjoint only because one outlet rounds loosely; `false` different things
    compared or a misread figure). A conflict counts as false when none of its claim pairs is
    judged real, quoted or rounding. The naive rule (two quantities of different outlets of a
    triple, same unit lemma, disjoint intervals; rashomon's own quantities) is counted the
    same way per pair, its false rate estimated on a seeded random sample of 50 pairs.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import hashlib
import json
import pickle
import random
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from basil import PROJECT_ROOT, Sentence, Triplet, load_triplets
from rashomon.config import Settings, from_env
from rashomon.model import Article, Claim, Comparison, Interval, Quantity, Report

GOLD_DIR = PROJECT_ROOT / "tests" / "accuracy" / "gold"
GOLD_NUMBERS = GOLD_DIR / "basil_numbers.json"
JUDGEMENTS = GOLD_DIR / "basil_conflict_judgements.json"
VENEZUELA = PROJECT_ROOT.parent / "shared" / "data" / "venezuela-2017"
DUMP_DIR = Path("/tmp/rashomon_eval_claims")
GOLD_TRIPLETS = 30
NAIVE_SAMPLE = 50
NAIVE_SEED = 20240503
REAL_LABELS = ("real", "quoted", "rounding")
LABELS = (*REAL_LABELS, "false")

# (article id, sentence index, value) for numbers; (article id, sentence index, polarity) for text
Key = tuple[str, int, Any]


# --- running the pipeline -----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One analysed triple: the report, and every quantity rashomon extracted per article."""

    report: Report
    quantities: dict[str, tuple[Quantity, ...]]


def code_fingerprint() -> str:
    """A hash of the package's code and data: cached runs are reused only while it holds."""
    digest = hashlib.sha1()
    for path in sorted((PROJECT_ROOT / "src" / "rashomon").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".tsv", ".json", ".txt"}:
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analyze(articles: Sequence[Article], settings: Settings) -> Run:
    from rashomon.analyze import analyze_articles
    from rashomon.extract.quantities import extract_quantities
    from rashomon.nlp.pipeline import parse

    report = analyze_articles(articles, settings)
    # the docs come from the parse cache: analyze_articles has just parsed these texts
    docs = parse(
        [a.text for a in report.articles],
        settings.spacy_model,
        jobs=settings.jobs,
        batch_size=settings.batch_size,
    )
    quantities = {
        article.id: tuple(extract_quantities(article, doc, settings))
        for article, doc in zip(report.articles, docs, strict=True)
    }
    return Run(report=report, quantities=quantities)


class Runner:
    """Analyses triples, optionally caching runs on disk by code fingerprint and triple text.

    `stale=True` reuses the newest cached run of the same texts whatever code made it: for
    re-scoring judgements quickly, never for figures to report."""

    def __init__(
        self, settings: Settings | None = None, cache: Path | None = None, stale: bool = False
    ) -> None:
        self.settings = settings or from_env()
        self.cache = cache
        self.stale = stale
        self.fingerprint = code_fingerprint() if cache else ""
        self.seconds = 0.0
        self.runs = 0

    def run(self, articles: Sequence[Article]) -> Run:
        path = None
        if self.cache is not None:
            digest = hashlib.sha1()
            for article in articles:
                digest.update(article.id.encode() + b"\0" + article.text.encode() + b"\0")
            name = f"{digest.hexdigest()}.pickle"
            path = self.cache / self.fingerprint / name
            candidates = [path]
            if self.stale:
                found = self.cache.glob(f"*/{name}")
                candidates = sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
            for candidate in candidates:
                if candidate.exists():
                    with candidate.open("rb") as handle:
                        report, quantities = pickle.load(handle)
                    return Run(report=report, quantities=quantities)
        started = time.perf_counter()
        result = analyze(articles, self.settings)
        self.seconds += time.perf_counter() - started
        self.runs += 1
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                pickle.dump((result.report, result.quantities), handle)
        return result


# --- claims onto BASIL sentences ----------------------------------------------------------


class SentenceMap:
    """Character offset in `Article.text` → index of the BASIL sentence (flattened body)."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        kept = [(s.start, s.end, i) for i, s in enumerate(sentences) if s.end > s.start]
        self._starts = [start for start, _, _ in kept]
        self._kept = kept

    def index(self, offset: int) -> int:
        position = bisect.bisect_right(self._starts, offset) - 1
        if position < 0:
            return self._kept[0][2] if self._kept else -1
        return self._kept[position][2]


def sentence_maps(triplet: Triplet) -> dict[str, SentenceMap]:
    return {item.article.id: SentenceMap(item.sentences) for item in triplet.articles}


def numeric_key(
    claims: dict[str, Claim], claim_id: str, maps: dict[str, SentenceMap]
) -> Key | None:
    quantity = claims[claim_id].quantity
    if quantity is None:
        return None
    span = quantity.span
    return (span.article, maps[span.article].index(span.start), _round(quantity.value))


def textual_key(
    claims: dict[str, Claim], claim_id: str, maps: dict[str, SentenceMap], polarity: str | None
) -> Key:
    span = claims[claim_id].span
    return (span.article, maps[span.article].index(span.start), polarity)


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    return float(f"{value:.10g}")


def _interval(raw: Sequence[Any]) -> Interval:
    return Interval(raw[0], bool(raw[1]), raw[2], bool(raw[3]))


@dataclass(frozen=True)
class ClaimPair:
    """Two claims of one comparison from different articles, with what the comparison says."""

    triplet: str
    comparison: str
    kind: str
    a: Key
    b: Key
    verdict: str  # agree | conflict (numeric: the two positions intersect or not)
    topic: str


def report_pairs(
    triplet: str, report: Report, maps: dict[str, SentenceMap], verdicts: Sequence[str]
) -> list[ClaimPair]:
    """The claim pairs of every comparison of `report` whose verdict is in `verdicts`."""
    claims = {claim.id: claim for claim in report.claims}
    return [
        pair
        for comparison in report.comparisons
        if comparison.verdict in verdicts
        for pair in comparison_pairs(triplet, claims, comparison, maps)
    ]


def comparison_pairs(
    triplet: str,
    claims: dict[str, Claim],
    comparison: Comparison,
    maps: dict[str, SentenceMap],
    cross_only: bool = True,
) -> list[ClaimPair]:
    """Every pair of claims from different articles (`cross_only`) of a numeric agree/conflict
    comparison, or from opposite polarities of a textual conflict."""
    pairs: list[ClaimPair] = []
    positions = comparison.positions
    for i, first in enumerate(positions):
        for j in range(i, len(positions)):
            second = positions[j]
            if comparison.kind == "numeric":
                if i == j:
                    verdict = "agree"
                elif first.interval is not None and second.interval is not None:
                    intersects = first.interval.intersects(second.interval)
                    verdict = "agree" if intersects else "conflict"
                else:
                    verdict = "agree"
            else:
                if i == j or first.polarity == second.polarity:
                    continue
                verdict = "conflict"
            for x in first.claims:
                for y in second.claims:
                    if x >= y and i == j:
                        continue
                    if comparison.kind == "numeric":
                        a, b = numeric_key(claims, x, maps), numeric_key(claims, y, maps)
                    else:
                        a = textual_key(claims, x, maps, first.polarity)
                        b = textual_key(claims, y, maps, second.polarity)
                    if a is None or b is None or (cross_only and a[0] == b[0]):
                        continue
                    a, b = sorted((a, b), key=_sort_key)
                    pairs.append(
                        ClaimPair(
                            triplet, comparison.id, comparison.kind, a, b, verdict, comparison.topic
                        )
                    )
    return pairs


def _sort_key(key: Key) -> tuple[str, int, str]:
    return (key[0], key[1], str(key[2]))


# --- (a) the gold -----------------------------------------------------------------------------


def load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def value_matches(value: float | None, mention: dict[str, Any]) -> bool:
    if value is None:
        return False
    for target in (mention["written_value"], mention["value"]):
        for candidate in (value, value * 100, value / 100):
            if abs(candidate - target) <= 1e-6 * max(1.0, abs(target)):
                return True
    return False


@dataclass(frozen=True)
class Unit:
    """One gold item seen from two outlets with one verdict."""

    item: str
    triplet: str
    outlets: tuple[str, str]  # article ids
    verdict: str
    pairs: tuple[tuple[int, int], ...]  # mention indexes allowed
    kind: str
    topic: str


def gold_units(gold: dict[str, Any]) -> list[Unit]:
    units: list[Unit] = []
    for item in gold["items"]:
        mentions = item["mentions"]
        grouped: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
        for i, j, verdict in item["pairs"]:
            a, b = mentions[i]["article"], mentions[j]["article"]
            if a > b:
                a, b, i, j = b, a, j, i
            grouped.setdefault((a, b, verdict), []).append((i, j))
        for (a, b, verdict), allowed in sorted(grouped.items()):
            units.append(
                Unit(
                    item["id"],
                    item["triplet"],
                    (a, b),
                    verdict,
                    tuple(allowed),
                    item["kind"],
                    item["topic"],
                )
            )
    return units


def mention_matches(key: Key, mention: dict[str, Any]) -> bool:
    return (
        key[0] == mention["article"]
        and key[1] == mention["sentence"]
        and value_matches(key[2], mention)
    )


def pair_matches_unit(pair: ClaimPair, unit: Unit, item: dict[str, Any]) -> bool:
    if pair.verdict != unit.verdict or pair.triplet != unit.triplet:
        return False
    mentions = item["mentions"]
    for i, j in unit.pairs:
        for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
            if mention_matches(x, mentions[i]) and mention_matches(y, mentions[j]):
                return True
    return False


def gold_verdicts(pair: ClaimPair, items: Sequence[dict[str, Any]]) -> set[str]:
    """The gold verdicts of the mention pairs this claim pair lands on (empty: not in gold)."""
    found: set[str] = set()
    for item in items:
        if item["triplet"] != pair.triplet:
            continue
        mentions = item["mentions"]
        for i, j, verdict in item["pairs"]:
            for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
                if mention_matches(x, mentions[i]) and mention_matches(y, mentions[j]):
                    found.add(verdict)
    return found


def _key_json(key: Key) -> dict[str, Any]:
    field_name = "value" if not isinstance(key[2], str) else "polarity"
    return {"article": key[0], "sentence": key[1], field_name: key[2]}


def _json_key(raw: dict[str, Any]) -> Key:
    third = raw.get("value", raw.get("polarity"))
    if isinstance(third, int | float):
        third = _round(float(third))
    return (raw["article"], int(raw["sentence"]), third)


def extra_key(triplet: str, kind: str, a: Key, b: Key, verdict: str) -> tuple[Any, ...]:
    first, second = sorted((a, b), key=_sort_key)
    return (triplet, kind, first, second, verdict)


@dataclass
class GoldScore:
    units: list[Unit]
    found: set[Unit]
    pair_status: dict[ClaimPair, str]  # correct | wrong | unjudged
    pair_why: dict[ClaimPair, str]
    comparison_status: dict[tuple[str, str], str]

    def recall(self, verdict: str, kind: str | None = None) -> tuple[int, int]:
        units = [u for u in self.units if u.verdict == verdict and (kind is None or u.kind == kind)]
        return sum(u in self.found for u in units), len(units)

    def precision_pairs(self) -> tuple[int, int, int]:
        counts = Counter(self.pair_status.values())
        return counts["correct"], counts["correct"] + counts["wrong"], counts["unjudged"]

    def precision_comparisons(self) -> tuple[int, int, int]:
        counts = Counter(self.comparison_status.values())
        return counts["correct"], counts["correct"] + counts["wrong"], counts["unjudged"]


def score_gold(
    gold: dict[str, Any], runs: dict[str, Run], triplets: Sequence[Triplet]
) -> GoldScore:
    items = gold["items"]
    by_id = {item["id"]: item for item in items}
    extras = {
        extra_key(e["triplet"], "numeric", _json_key(e["a"]), _json_key(e["b"]), e["verdict"]): e
        for e in gold.get("judged_extra_pairs", [])
    }
    units = gold_units(gold)
    pairs: list[ClaimPair] = []
    for triplet in triplets:
        if triplet.uuid not in gold["triplets"]:
            continue
        report = runs[triplet.uuid].report
        pairs += [
            pair
            for pair in report_pairs(
                triplet.uuid, report, sentence_maps(triplet), ("agree", "conflict")
            )
            if pair.kind == "numeric"
        ]
    found = {u for u in units if any(pair_matches_unit(p, u, by_id[u.item]) for p in pairs)}
    status: dict[ClaimPair, str] = {}
    why: dict[ClaimPair, str] = {}
    for pair in pairs:
        verdicts = gold_verdicts(pair, items)
        if verdicts:
            status[pair] = "correct" if pair.verdict in verdicts else "wrong"
            why[pair] = (
                "" if pair.verdict in verdicts else f"gold says {'/'.join(sorted(verdicts))}"
            )
            continue
        extra = extras.get(extra_key(pair.triplet, "numeric", pair.a, pair.b, pair.verdict))
        if extra is None:
            status[pair] = "unjudged"
            why[pair] = ""
        else:
            status[pair] = "correct" if extra["label"] == "correct" else "wrong"
            why[pair] = extra.get("why", "")
    comparisons: dict[tuple[str, str], str] = {}
    for pair in pairs:
        key = (pair.triplet, pair.comparison)
        current = comparisons.get(key, "correct")
        state = status[pair]
        if state == "wrong" or current == "wrong":
            comparisons[key] = "wrong"
        elif state == "unjudged" or current == "unjudged":
            comparisons[key] = "unjudged"
        else:
            comparisons[key] = "correct"
    return GoldScore(units, found, status, why, comparisons)


# --- (b) perturbation ---------------------------------------------------------------------------

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORDS = {value: word for word, value in _WORDS.items()}
_FRACTIONS = {"half": 0.5, "a quarter": 0.25, "two-thirds": 2 / 3, "one-third": 1 / 3}
_FRACTION_WORDS = {0.25: "a quarter", 1 / 3: "one-third", 0.5: "half", 2 / 3: "two-thirds"}
_MULTIPLES = {"twice": 2, "four times": 4, "six times": 6}
FACTORS = (2.0, 0.5, 3.0, 1 / 3, 4.0, 0.25)


def rewrite_figure(token: str, factor: float) -> str | None:
    """The figure `token` multiplied by `factor`, written the same way (None: cannot)."""
    lower = token.lower()
    if lower in _WORDS:
        value = _WORDS[lower] * factor
        if not float(value).is_integer() or int(value) not in _NUMBER_WORDS:
            return None
        word = _NUMBER_WORDS[int(value)]
        return word.capitalize() if token[:1].isupper() else word
    if lower in _FRACTIONS:
        target = _FRACTIONS[lower] * factor
        for value, word in _FRACTION_WORDS.items():
            if abs(value - target) < 1e-9:
                return word
        return None
    if lower in _MULTIPLES:
        value = _MULTIPLES[lower] * factor
        for word, count in _MULTIPLES.items():
            if count == value:
                return word
        return None
    if lower == "a dozen":
        return "two dozen" if factor == 2 else None
    match = re.fullmatch(r"(\d[\d,]*)(\.\d+)?(s?)", token)
    if match is None:
        return None
    number = float((match.group(1) + (match.group(2) or "")).replace(",", ""))
    value = number * factor
    decimals = len(match.group(2)) - 1 if match.group(2) else 0
    if not decimals and abs(value - round(value)) > 1e-9:
        return None
    if decimals:
        text = f"{value:.{decimals + 2}f}".rstrip("0").rstrip(".")
    else:
        text = f"{round(value):,}" if "," in match.group(1) else str(round(value))
    return text + match.group(3)


def scaled(interval: Sequence[Any], factor: float) -> list[Any]:
    low, low_closed, high, high_closed = interval
    return [
        None if low is None else low * factor,
        low_closed,
        None if high is None else high * factor,
        high_closed,
    ]


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def apply_edits(
    article: Article, sentences: Sequence[Sentence], edits: Sequence[Edit]
) -> tuple[Article, tuple[Sentence, ...]]:
    """The article with `edits` applied (non-overlapping) and its sentences moved to match."""
    text = article.text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]

    def moved(offset: int) -> int:
        return offset + sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= offset)

    new_sentences = tuple(
        dataclasses.replace(s, start=moved(s.start), end=moved(s.end)) for s in sentences
    )
    changed = dataclasses.replace(article, text=text, word_count=len(text.split()))
    return changed, new_sentences


@dataclass
class PerturbationGroup:
    item: str
    triplet: str
    changed: str  # article id whose mentions are rewritten
    factor: float
    mentions: list[int]  # indexes of the changed mentions
    units: list[Unit]
    new_values: dict[int, float] = field(default_factory=dict)
    recalled: dict[Unit, bool] = field(default_factory=dict)
    loose: dict[Unit, bool] = field(default_factory=dict)


def plan_perturbations(
    gold: dict[str, Any], triplets: Sequence[Triplet]
) -> tuple[list[PerturbationGroup], list[Unit]]:
    """One group per (item, changed outlet); units that no factor can separate are returned
    apart (both outlets write open bounds the same way: "at least 544" twice)."""
    by_id = {item["id"]: item for item in gold["items"]}
    texts = {a.article.id + t.uuid: a.article.text for t in triplets for a in t.articles}
    groups: dict[tuple[str, str], PerturbationGroup] = {}
    skipped: list[Unit] = []
    selected = {t.uuid for t in triplets}
    for unit in gold_units(gold):
        if unit.verdict != "agree" or unit.triplet not in selected:
            continue
        mentions = by_id[unit.item]["mentions"]
        placed = False
        for changed, other in ((unit.outlets[1], unit.outlets[0]), unit.outlets):
            changed_ix = [i for i, m in enumerate(mentions) if m["article"] == changed]
            other_ix = [i for i, m in enumerate(mentions) if m["article"] == other]
            tokens = [
                texts[changed + unit.triplet][slice(*mentions[i]["offsets"])] for i in changed_ix
            ]
            group = groups.get((unit.item, changed))
            for factor in (group.factor,) if group else FACTORS:
                if any(rewrite_figure(token, factor) is None for token in tokens):
                    continue
                if any(
                    _interval(scaled(mentions[i]["interval"], factor)).intersects(
                        _interval(mentions[j]["interval"])
                    )
                    for i in changed_ix
                    for j in other_ix
                ):
                    continue
                if group is None:
                    group = PerturbationGroup(
                        unit.item, unit.triplet, changed, factor, changed_ix, []
                    )
                    groups[(unit.item, changed)] = group
                group.units.append(unit)
                placed = True
                break
            if placed:
                break
        if not placed:
            skipped.append(unit)
    return list(groups.values()), skipped


def run_perturbation(
    group: PerturbationGroup, gold: dict[str, Any], triplet: Triplet, runner: Runner
) -> PerturbationGroup:
    item = next(i for i in gold["items"] if i["id"] == group.item)
    mentions = item["mentions"]
    target = next(a for a in triplet.articles if a.article.id == group.changed)
    edits = []
    for index in group.mentions:
        start, end = mentions[index]["offsets"]
        token = target.article.text[start:end]
        new = rewrite_figure(token, group.factor)
        assert new is not None
        edits.append(Edit(start, end, new))
        group.new_values[index] = _round(mentions[index]["written_value"] * group.factor) or 0.0
    changed_article, changed_sentences = apply_edits(target.article, target.sentences, edits)
    articles = [
        changed_article if a.article.id == group.changed else a.article for a in triplet.articles
    ]
    maps = sentence_maps(triplet)
    maps[group.changed] = SentenceMap(changed_sentences)
    report = runner.run(articles).report
    pairs = [
        pair
        for pair in report_pairs(triplet.uuid, report, maps, ("conflict",))
        if pair.kind == "numeric" and pair.verdict == "conflict"
    ]
    changed_keys = {
        (group.changed, mentions[i]["sentence"], group.new_values[i]) for i in group.mentions
    }

    def is_changed(key: Key) -> bool:
        return any(
            key[0] == c[0]
            and key[1] == c[1]
            and key[2] is not None
            and value_matches(key[2], {"written_value": c[2], "value": c[2]})
            for c in changed_keys
        )

    for unit in group.units:
        other = unit.outlets[0] if unit.outlets[1] == group.changed else unit.outlets[1]
        others = [m for m in mentions if m["article"] == other]
        strict = loose = False
        for pair in pairs:
            for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
                if is_changed(x):
                    loose = True
                    if any(mention_matches(y, m) for m in others):
                        strict = True
        group.recalled[unit] = strict
        group.loose[unit] = loose
    return group


@dataclass
class VenezuelaCheck:
    name: str
    passed: bool
    detail: str


def venezuela_checks(runner: Runner, folder: Path = VENEZUELA) -> list[VenezuelaCheck]:
    import rashomon

    articles = list(rashomon.load_articles([folder], runner.settings).articles)

    def replaced(outlet: str, pattern: str, new: str) -> list[Article]:
        out = []
        hits = 0
        for article in articles:
            if article.outlet == outlet:
                text, count = re.subn(pattern, lambda m: _same_case(m.group(0), new), article.text)
                hits += count
                article = dataclasses.replace(article, text=text)
            out.append(article)
        if hits == 0:
            raise ValueError(f"{pattern!r} not found in {outlet}")
        return out

    def numeric(report: Report, verdict: str) -> list[Comparison]:
        return [c for c in report.comparisons if c.kind == "numeric" and c.verdict == verdict]

    def has_value(comparison: Comparison, value: float, of: float | None = None) -> bool:
        return any(p.value == value and (of is None or p.of == of) for p in comparison.positions)

    checks = []
    base = runner.run(articles).report
    toll_before = [c for c in numeric(base, "conflict") if has_value(c, 124)]
    checks.append(
        VenezuelaCheck(
            "baseline: death toll 124 vs more than 125 is a conflict",
            bool(toll_before),
            "; ".join(c.explanation for c in toll_before),
        )
    )
    after = runner.run(replaced("Morning Star", r"\b124\b", "126")).report
    toll_conflicts = [c for c in numeric(after, "conflict") if has_value(c, 126)]
    toll_agrees = [c for c in numeric(after, "agree") if has_value(c, 126) and has_value(c, 125)]
    checks.append(
        VenezuelaCheck(
            "124 -> 126 (Morning Star): the death toll agrees with more than 125",
            not toll_conflicts and bool(toll_agrees),
            "; ".join(c.explanation for c in toll_agrees + toll_conflicts),
        )
    )
    governors_before = [c for c in numeric(base, "conflict") if has_value(c, 18, 23)]
    checks.append(
        VenezuelaCheck(
            "baseline: governorships 17 vs 18 of 23 is a conflict",
            bool(governors_before),
            "; ".join(c.explanation for c in governors_before),
        )
    )
    after = runner.run(replaced("venezuelanalysis.com", r"\beighteen\b", "seventeen")).report
    governors = [
        c for c in numeric(after, "conflict") if has_value(c, 17, 23) or has_value(c, 18, 23)
    ]
    agree = [c for c in numeric(after, "agree") if has_value(c, 17, 23)]
    checks.append(
        VenezuelaCheck(
            "eighteen -> seventeen (venezuelanalysis.com): no governorship conflict",
            not governors,
            "; ".join(c.explanation for c in governors) or "; ".join(c.explanation for c in agree),
        )
    )
    return checks


def _same_case(old: str, new: str) -> str:
    return new.capitalize() if old[:1].isupper() else new


# --- (c) false conflicts ------------------------------------------------------------------------


def conflict_pairs(triplet: Triplet, run: Run) -> dict[str, list[ClaimPair]]:
    """Each conflict comparison's pairs of claims on opposite sides."""
    maps = sentence_maps(triplet)
    claims = {claim.id: claim for claim in run.report.claims}
    out: dict[str, list[ClaimPair]] = {}
    for comparison in run.report.comparisons:
        if comparison.verdict == "conflict":
            pairs = comparison_pairs(triplet.uuid, claims, comparison, maps)
            if not any(p.verdict == "conflict" for p in pairs):
                # an article that disagrees with itself: judge its own two claims
                pairs = comparison_pairs(triplet.uuid, claims, comparison, maps, cross_only=False)
            out[comparison.id] = [p for p in pairs if p.verdict == "conflict"]
    return out


@dataclass(frozen=True)
class NaivePair:
    triplet: str
    a: Key
    b: Key
    unit: str


def naive_conflicts(triplet: Triplet, run: Run) -> list[NaivePair]:
    """Two quantities from different outlets with the same unit lemma and disjoint intervals."""
    maps = sentence_maps(triplet)
    found: set[NaivePair] = set()
    ids = sorted(run.quantities)
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            for x in run.quantities[first]:
                for y in run.quantities[second]:
                    if x.unit is None or x.unit != y.unit or x.interval.intersects(y.interval):
                        continue
                    a = (first, maps[first].index(x.span.start), _round(x.value))
                    b = (second, maps[second].index(y.span.start), _round(y.value))
                    found.add(NaivePair(triplet.uuid, a, b, x.unit))
    return sorted(found, key=lambda p: (p.triplet, _sort_key(p.a), _sort_key(p.b)))


def judgement_index(judgements: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    index = {}
    for entry in judgements.get("pairs", []):
        a, b = sorted((_json_key(entry["a"]), _json_key(entry["b"])), key=_sort_key)
        index[(entry["triplet"], entry["kind"], a, b)] = entry
    return index


def judged(
    index: dict[tuple[Any, ...], dict[str, Any]], triplet: str, kind: str, a: Key, b: Key
) -> str | None:
    first, second = sorted((a, b), key=_sort_key)
    entry = index.get((triplet, kind, first, second))
    return None if entry is None else str(entry["label"])


def comparison_label(labels: Iterable[str | None]) -> str:
    seen = list(labels)
    for label in REAL_LABELS:
        if label in seen:
            return label
    if seen and all(label == "false" for label in seen):
        return "false"
    return "unjudged"


@dataclass
class FalseConflictScore:
    comparisons: dict[tuple[str, str, str], str]  # (triplet, comparison id, kind) → label
    pair_labels: dict[ClaimPair, str | None]
    naive: list[NaivePair]
    naive_sample: list[NaivePair]
    naive_labels: dict[NaivePair, str | None]

    def counts(self, kind: str | None = None) -> Counter[str]:
        return Counter(
            label for (_, _, k), label in self.comparisons.items() if kind is None or k == kind
        )


def score_conflicts(
    triplets: Sequence[Triplet], runs: dict[str, Run], judgements: dict[str, Any]
) -> FalseConflictScore:
    index = judgement_index(judgements)
    comparisons: dict[tuple[str, str, str], str] = {}
    pair_labels: dict[ClaimPair, str | None] = {}
    naive: list[NaivePair] = []
    for triplet in triplets:
        run = runs[triplet.uuid]
        kinds = {c.id: c.kind for c in run.report.comparisons}
        for comparison_id, pairs in conflict_pairs(triplet, run).items():
            labels = []
            for pair in pairs:
                label = judged(index, pair.triplet, pair.kind, pair.a, pair.b)
                pair_labels[pair] = label
                labels.append(label)
            comparisons[(triplet.uuid, comparison_id, kinds[comparison_id])] = comparison_label(
                labels
            )
        naive += naive_conflicts(triplet, run)
    rng = random.Random(NAIVE_SEED)
    sample = rng.sample(naive, min(NAIVE_SAMPLE, len(naive)))
    naive_labels = {p: judged(index, p.triplet, "numeric", p.a, p.b) for p in sample}
    return FalseConflictScore(comparisons, pair_labels, naive, sample, naive_labels)


# --- printing -------------------------------------------------------------------------------------


def _ratio(found: int, total: int) -> str:
    return f"{found}/{total} = {found / total:.3f}" if total else f"{found}/0"


def _sentence(
    triplet: Triplet, article_id: str, index: int, sentences: Sequence[Sentence] | None = None
) -> str:
    item = next(a for a in triplet.articles if a.article.id == article_id)
    position = (sentences or item.sentences)[index]
    return item.article.text[position.start : position.end]


def _describe(triplet: Triplet, key: Key) -> str:
    outlet = next(a.source for a in triplet.articles if a.article.id == key[0])
    return f"{outlet}/{key[0]} s{key[1]} [{key[2]}]: {_sentence(triplet, key[0], key[1])}"


def print_gold(
    score: GoldScore, gold: dict[str, Any], triplets: Sequence[Triplet], dump: Path | None
) -> dict[str, Any]:
    by_uuid = {t.uuid: t for t in triplets}
    items = gold["items"]
    agree, agree_total = score.recall("agree")
    conflict, conflict_total = score.recall("conflict")
    correct, judged_pairs, unjudged = score.precision_pairs()
    c_correct, c_judged, c_unjudged = score.precision_comparisons()
    print(
        f"(a) gold: {len(items)} items on {len(gold['triplets'])} triples "
        f"({sum(1 for u in score.units if u.verdict == 'agree')} agreement units, "
        f"{sum(1 for u in score.units if u.verdict == 'conflict')} conflict units; "
        f"{len(gold.get('added_after_scoring', []))} items added after scoring)"
    )
    print(f"    recall of gold agreements: {_ratio(agree, agree_total)}")
    print(f"    recall of gold conflicts:  {_ratio(conflict, conflict_total)}")
    by_kind = []
    for kind in sorted({u.kind for u in score.units}):
        units = [u for u in score.units if u.kind == kind]
        by_kind.append(f"{kind} {sum(u in score.found for u in units)}/{len(units)}")
    print("    found by kind of figure (agree and conflict units): " + ", ".join(by_kind))
    print(f"    precision, claim pairs: {_ratio(correct, judged_pairs)} (unjudged {unjudged})")
    print(f"    precision, comparisons: {_ratio(c_correct, c_judged)} (unjudged {c_unjudged})")
    lines = []
    for unit in score.units:
        if unit not in score.found:
            lines.append(
                f"MISSED {unit.verdict} {unit.item} {unit.outlets} {unit.kind}: {unit.topic}"
            )
    for pair, state in sorted(
        score.pair_status.items(), key=lambda x: (x[0].triplet, x[0].comparison)
    ):
        if state != "correct":
            lines.append(
                f"{state.upper()} {pair.verdict} {pair.triplet} {pair.comparison} ({pair.topic}) "
                f"{score.pair_why[pair]}\n    A {_describe(by_uuid[pair.triplet], pair.a)}\n"
                f"    B {_describe(by_uuid[pair.triplet], pair.b)}"
            )
    if dump is not None:
        dump.mkdir(parents=True, exist_ok=True)
        (dump / "gold_misses_and_extras.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(
            "    missed units and non-gold pairs with their sentences: "
            f"{dump / 'gold_misses_and_extras.txt'}"
        )
    return {
        "items": len(items),
        "agree_units": agree_total,
        "conflict_units": conflict_total,
        "recall_agree": agree / agree_total if agree_total else None,
        "recall_conflict": conflict / conflict_total if conflict_total else None,
        "precision_pairs": correct / judged_pairs if judged_pairs else None,
        "precision_comparisons": c_correct / c_judged if c_judged else None,
        "unjudged_pairs": unjudged,
        "added_after_scoring": len(gold.get("added_after_scoring", [])),
    }


def print_perturbation(
    checks: Sequence[VenezuelaCheck],
    groups: Sequence[PerturbationGroup],
    skipped: Sequence[Unit],
    found: set[Unit] | None = None,
) -> dict[str, Any]:
    print("(b) perturbation")
    for check in checks:
        print(f"    [{'ok' if check.passed else 'FAIL'}] {check.name}  ({check.detail})")
    units = [(g, u) for g in groups for u in g.units]
    recalled = sum(g.recalled.get(u, False) for g, u in units)
    loose = sum(g.loose.get(u, False) for g, u in units)
    print(
        f"    BASIL perturbation recall: {_ratio(recalled, len(units))} agreement units "
        f"({len(groups)} runs; a conflict on the changed figure at all: "
        f"{_ratio(loose, len(units))}; "
        f"{len(skipped)} units cannot be separated by any factor)"
    )
    conditional = None
    if found is not None:
        aligned = [(g, u) for g, u in units if u in found]
        conditional = sum(g.recalled.get(u, False) for g, u in aligned)
        print(
            "    among the units rashomon found as agreements in (a): "
            f"{_ratio(conditional, len(aligned))}"
        )
    for group, unit in units:
        if not group.recalled.get(unit, False):
            print(
                f"    not raised: {unit.item} {unit.outlets} ×{group.factor:g} on {group.changed} "
                f"({unit.kind}: {unit.topic})"
            )
    return {
        "venezuela": {c.name: c.passed for c in checks},
        "basil_units": len(units),
        "basil_recalled": recalled,
        "basil_recall": recalled / len(units) if units else None,
        "basil_loose": loose,
        "unseparable_units": len(skipped),
        "basil_recalled_among_found": conditional,
    }


def print_conflicts(
    score: FalseConflictScore, triplets: Sequence[Triplet], runs: dict[str, Run], dump: Path
) -> dict[str, Any]:
    by_uuid = {t.uuid: t for t in triplets}
    total = score.counts()
    print(
        f"(c) conflicts rashomon reports over {len(triplets)} triples: {sum(total.values())} "
        f"(numeric {sum(score.counts('numeric').values())}, "
        f"textual {sum(score.counts('textual').values())})"
    )
    for kind in ("numeric", "textual"):
        counts = score.counts(kind)
        print(
            f"    {kind}: "
            + ", ".join(f"{label} {counts[label]}" for label in (*LABELS, "unjudged"))
        )
    print(f"    false conflicts: {total['false']} (unjudged {total['unjudged']})")
    pair_total = len(score.pair_labels)
    pair_false = sum(1 for label in score.pair_labels.values() if label == "false")
    print(f"    claim pairs on opposite sides of those conflicts: {pair_total}, false {pair_false}")
    naive_judged = [label for label in score.naive_labels.values() if label is not None]
    naive_false = sum(1 for label in naive_judged if label == "false")
    rate = naive_false / len(naive_judged) if naive_judged else None
    print(
        "    naive rule (same unit lemma, disjoint intervals): "
        f"{len(score.naive)} conflicting pairs; "
        f"sample of {len(score.naive_sample)} (seed {NAIVE_SEED}), judged {len(naive_judged)}, "
        f"false {naive_false}"
        + (
            f" = {rate:.2f} → about {rate * len(score.naive):.0f} false conflicts"
            if rate is not None
            else ""
        )
    )
    dump.mkdir(parents=True, exist_ok=True)
    lines = []
    for (uuid, comparison_id, kind), label in sorted(score.comparisons.items()):
        triplet = by_uuid[uuid]
        comparison = next(c for c in runs[uuid].report.comparisons if c.id == comparison_id)
        lines.append(f"== {uuid} {comparison_id} {kind} [{label}] {comparison.topic}")
        lines.append(f"   {comparison.explanation}")
        for pair, pair_label in score.pair_labels.items():
            if pair.triplet == uuid and pair.comparison == comparison_id:
                lines.append(
                    f"   pair [{pair_label}]\n     A {_describe(triplet, pair.a)}\n"
                    f"     B {_describe(triplet, pair.b)}"
                )
    (dump / "conflicts.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = []
    for naive in score.naive_sample:
        triplet = by_uuid[naive.triplet]
        lines.append(
            f"== {naive.triplet} unit={naive.unit} [{score.naive_labels[naive]}]\n"
            f"   A {_describe(triplet, naive.a)}\n   B {_describe(triplet, naive.b)}"
        )
    (dump / "naive_sample.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"    every conflict with its sentences: {dump / 'conflicts.txt'}; "
        f"naive sample: {dump / 'naive_sample.txt'}"
    )
    return {
        "conflicts": sum(total.values()),
        "labels": dict(total),
        "numeric": dict(score.counts("numeric")),
        "textual": dict(score.counts("textual")),
        "false_conflicts": total["false"],
        "unjudged": total["unjudged"],
        "naive_pairs": len(score.naive),
        "naive_sample": len(score.naive_sample),
        "naive_sample_judged": len(naive_judged),
        "naive_sample_false": naive_false,
        "naive_false_estimate": rate * len(score.naive) if rate is not None else None,
        "rashomon_pairs": pair_total,
        "rashomon_false_pairs": pair_false,
    }


def provenance() -> str:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return "?"

    dirty = git("status", "--porcelain", "--", "src")
    return (
        f"commit {git('rev-parse', '--short', 'HEAD')}"
        f"{' + uncommitted changes in src/' if dirty else ''}, {time.strftime('%Y-%m-%d %H:%M')}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="all", help="a, b, c, a mix of them (ab) or all")
    parser.add_argument("--basil", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="part c: the first N triples")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument(
        "--stale-cache",
        action="store_true",
        help="reuse cached runs made by other code (re-scoring judgements only)",
    )
    parser.add_argument("--dump", type=Path, default=DUMP_DIR)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--perturb-first", type=int, default=None, help="part b: only the first N gold triples"
    )
    parser.add_argument("--unit-relations", default=None, help="none, synonym, synonym,hypernym")
    args = parser.parse_args(argv)
    parts = "abc" if args.part == "all" else args.part
    if not parts or set(parts) - set("abc"):
        parser.error("--part takes a, b, c, a mix of them (ab) or all")
    runner = Runner(cache=args.cache, stale=args.stale_cache)
    print(f"rashomon claims, measured at {provenance()}")
    if args.unit_relations is not None:
        from rashomon.compare import align

        chosen = "" if args.unit_relations == "none" else args.unit_relations
        align.UNIT_RELATIONS = frozenset(r for r in chosen.split(",") if r)
        runner.fingerprint += f"-units-{'+'.join(sorted(align.UNIT_RELATIONS)) or 'none'}"
        print(f"    unit relations from WordNet: {args.unit_relations}")
    if args.stale_cache:
        print("    STALE CACHE: runs may come from older code; do not report these figures")
    figures: dict[str, Any] = {"provenance": provenance()}
    limit = args.limit if "c" in parts else GOLD_TRIPLETS
    triplets = load_triplets(args.basil, limit)
    gold = load_json(GOLD_NUMBERS)
    runs: dict[str, Run] = {}

    def run_all(selection: Sequence[Triplet]) -> None:
        for number, triplet in enumerate(selection, start=1):
            if triplet.uuid not in runs:
                runs[triplet.uuid] = runner.run(triplet.event)
            print(f"\r    analysed {number}/{len(selection)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)

    gold_triplets = [t for t in triplets if t.uuid in gold["triplets"]]
    found: set[Unit] | None = None
    if "a" in parts:
        run_all(gold_triplets)
        score = score_gold(gold, runs, gold_triplets)
        found = score.found
        figures["a"] = print_gold(score, gold, gold_triplets, args.dump)
    if "b" in parts:
        checks = venezuela_checks(runner)
        groups, skipped = plan_perturbations(gold, gold_triplets[: args.perturb_first])
        by_uuid = {t.uuid: t for t in gold_triplets}
        for number, group in enumerate(groups, start=1):
            run_perturbation(group, gold, by_uuid[group.triplet], runner)
            print(f"\r    perturbed {number}/{len(groups)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        figures["b"] = print_perturbation(checks, groups, skipped, found)
    if "c" in parts:
        run_all(triplets)
        judgements = load_json(JUDGEMENTS) if JUDGEMENTS.exists() else {"pairs": []}
        scored = score_conflicts(triplets, runs, judgements)
        figures["c"] = print_conflicts(scored, triplets, runs, args.dump)
    print(f"pipeline time {runner.seconds:.0f} s over {runner.runs} runs")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
