"""Align claims across articles: which claims speak of the same thing.

Candidate pairs are blocked (numeric: same unit and magnitude band, or same denominator;
textual: two of a negated claim's rarest content lemmas), and the blocks are bounded, so the cost
grows near linearly with the number of claims, never with all pairs:

- a numeric block of at most `MAX_BLOCK` claims is compared pairwise (one event's blocks are far
  smaller: the largest over BASIL's 100 events and the Venezuela articles holds 19 claims);
  a bigger one, which only a corpus-wide comparison makes, is cut by random projections of the
  context embeddings into leaves of at most `LEAF` claims (a random-projection tree: median
  splits, so n log n), and each claim is paired with its `NEIGHBOURS` nearest claims of other
  articles in its leaf;
- a word carried by more than `MAX_POSTING` affirmed claims is too common to block on, and a
  negated claim keeps at most `TEXTUAL_CANDIDATES` candidates (most shared words first).

Two aligned figures whose intervals are disjoint are kept as rival accounts (a conflict) only
when nothing says they count different things (`rashomon.compare.rivals`), they count the same
action or parts of one whole, or stand among the same words (`_conflicting`), and each is the
other's closest rival. A negated "lack of X" claim is also set against claims whose subject is X
acting ("the lack of outside observers" / "international observers testified").

Every aligned pair keeps the parts of its score for the explanation.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from rashomon.compare.rivals import Rivalry, same_state
from rashomon.compare.scales import DURATION, overlap, scale_of, scaled_value
from rashomon.config import Thresholds, thresholds_for
from rashomon.extract.claims import WHOLE_PREDICATE
from rashomon.model import Claim, Quantity
from rashomon.nlp.numbers import is_vague
from rashomon.nlp.pipeline import Encoder, Vectors

# which relations of data/unit_synonyms.tsv (derived from WordNet 3.0 by
# tools/build_unit_synonyms.py) make two units names of one counted thing
UNIT_RELATIONS = frozenset({"synonym"})

# weights of the numeric alignment score; the parts are kept in the report
# (the similarity thresholds are the encoder's: `rashomon.config.Thresholds`)
NUMERIC_WEIGHTS = {"unit": 0.3, "context": 0.35, "predicate": 0.15, "subject": 0.2}
# two figures further apart than this factor are not aligned
MAX_RATIO = 10.0
# a negated claim is compared with the affirmed claims that share one of its rarest words
BLOCK_WORDS = 4
# share of content words two opposite claims must have in common
MIN_TEXTUAL_OVERLAP = 0.25
# a numeric block bigger than this is split by embedding neighbours instead of compared pairwise
MAX_BLOCK = 48
# the most claims a large block's leaf holds, and each claim's candidates in its leaf
LEAF = 256
NEIGHBOURS = 20
# a word in more affirmed claims than this does not block textual candidates (largest seen in
# one event: 42); a negated claim keeps at most this many candidates (largest seen: 5)
MAX_POSTING = 256
TEXTUAL_CANDIDATES = 20

_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "from",
        "as",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "nor",
        "neither",
        "never",
        "lack",
        "said",
        "says",
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "than",
        "then",
        "there",
        "also",
        "more",
        "most",
        "into",
        "over",
        "after",
        "before",
        "about",
        "against",
        "between",
        "during",
        "without",
        "within",
        "under",
        "up",
        "down",
        "out",
        "off",
        "they",
        "them",
        "he",
        "she",
        "we",
        "you",
        "i",
        "our",
        "your",
        "my",
        "me",
        "us",
    ]
)


@dataclass(frozen=True)
class Pair:
    left: int  # index into the claims list
    right: int
    score: float
    parts: dict[str, float]


def numeric_pairs(claims: Sequence[Claim], encoder: Encoder, threshold: float) -> list[Pair]:
    """Aligned pairs of numeric claims from different articles.

    A claim's context is its sentence (its own span when it has none). Its figure's frame
    (`extract.frames`, completed by linking) gives the people a claim names (two claims that
    name different people, "Santorum won 3 percent" / "Palin earned 10 percent", count
    different things), the words around the figure with the figure masked, and whose figure
    it is: two figures of two different parties, or of two different people, never conflict."""
    blocks: dict[str, list[int]] = defaultdict(list)
    unit_words = _unit_words(claims)
    for index, claim in enumerate(claims):
        quantity = claim.quantity
        if quantity is None or is_vague(quantity.span.text):
            continue
        # two overlapping magnitude bands: figures within ~3x of each other share a block,
        # and figures 10x apart are never compared anyway
        magnitude = math.log10(max(abs(quantity.value), 1e-9))
        bands = {math.floor(magnitude), math.floor(magnitude + 0.5) + 1000}
        for word in sorted(unit_words[index]):
            for band in bands:
                blocks[f"unit:{word}:{band}"].append(index)
        if scale_of(quantity.unit) == DURATION:
            # "within 15 minutes" / "more than two hours": an event's durations are few, and
            # its rival accounts of one delay may be further apart than a magnitude band
            blocks["duration"].append(index)
        if quantity.of is not None:
            blocks[f"of:{quantity.of:g}"].append(index)
        state = quantity.frame.state if quantity.frame else None
        if state is not None:  # "two workers" killed and "three men" dead: one count
            for band in bands:
                blocks[f"state:{state}:{band}"].append(index)
    candidates = _candidate_pairs(claims, blocks, encoder, _context)
    if not candidates:
        return []
    rivalry = Rivalry(claims, unit_words)
    limits = thresholds_for(encoder.name)
    involved = sorted({i for pair in candidates for i in pair})
    position = {claim_index: row for row, claim_index in enumerate(involved)}
    contexts = encoder.encode([_context(claims[i]) for i in involved])
    subjects = encoder.encode([_subject_text(claims[i]) for i in involved])
    verbs = encoder.encode([claims[i].predicate for i in involved])
    pairs: list[Pair] = []
    disjoint: list[Pair] = []  # aligned but their figures differ: a conflict if they may
    for left, right in sorted(candidates):
        a, b = claims[left], claims[right]
        if (a.predicate == WHOLE_PREDICATE) != (b.predicate == WHOLE_PREDICATE):
            continue  # a whole ("23 states") is never a part ("17 of 23 states")
        qa, qb = a.quantity, b.quantity
        assert qa is not None and qb is not None
        if _magnitudes_apart(scaled_value(qa), scaled_value(qb)):
            continue
        people_a, people_b = _people(a), _people(b)
        if people_a and people_b and not people_a & people_b:
            continue
        if qa.unit and qa.unit == qb.unit:
            unit = 1.0
        elif qa.unit in unit_words[right] or qb.unit in unit_words[left]:
            unit = 0.8  # "17 of 23 state governorships" counts states too
        elif qa.of is not None and qa.of == qb.of and qa.unit and qb.unit:
            unit = 0.8
        elif same_state(qa, qb):
            unit = 0.8  # "killing two workers" / "three men are dead"
        elif scale_of(qa.unit) == scale_of(qb.unit) == DURATION:
            unit = 0.8  # "within 15 minutes" / "more than two hours"
        else:
            continue
        context = float(contexts[position[left]] @ contexts[position[right]])
        same_actor = _entity(a) is not None and _entity(a) == _entity(b)
        if context < (limits.context_same_actor if same_actor else limits.context):
            continue
        if a.predicate == b.predicate:
            predicate = 1.0
        else:
            predicate = max(0.0, float(verbs[position[left]] @ verbs[position[right]]))
        if same_actor:
            subject = 1.0
        elif _counted_subject(a) and _counted_subject(b):
            subject = unit  # "14 people were killed" / "Eleven people died": same counted thing
        else:
            subject = max(0.0, float(subjects[position[left]] @ subjects[position[right]]))
        parts = {
            "unit": unit,
            "context": round(context, 3),
            "predicate": predicate,
            "subject": round(subject, 3),
        }
        score = sum(NUMERIC_WEIGHTS[name] * value for name, value in parts.items())
        if score < threshold:
            continue
        pair = Pair(left, right, round(score, 3), parts)
        if overlap(qa.interval, qa.unit, qb.interval, qb.unit):
            pairs.append(pair)
        elif not rivalry.apart(left, right):
            disjoint.append(pair)
    return pairs + _conflicting(disjoint, pairs, claims, encoder)


def textual_pairs(claims: Sequence[Claim], encoder: Encoder, threshold: float) -> list[Pair]:
    """Pairs (negated claim, affirmed claim) from different articles that say the same thing
    with opposite polarity."""
    lemmas = [_content_words(claim.span.text) for claim in claims]
    by_word: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        if claim.quantity is None and not claim.negated and _plain_assertion(claim):
            for word in lemmas[index]:
                by_word[word].append(index)
    frequency = Counter(word for words in lemmas for word in words)
    candidates: set[tuple[int, int]] = set()
    for index, claim in enumerate(claims):
        if claim.quantity is not None or not claim.negated or claim.modality is not None:
            continue
        if not _denies_something(claim, lemmas[index]):
            continue
        focus = _focus(claim)
        shared: dict[int, int] = defaultdict(int)
        # block on the claim's rarest words: common words would make every pair a candidate
        usable = [w for w in lemmas[index] if len(by_word.get(w, ())) <= MAX_POSTING]
        rarest = sorted(usable, key=lambda w: (frequency[w], w))[:BLOCK_WORDS]
        for word in rarest:
            for other in by_word.get(word, ()):
                if claims[other].span.article != claim.span.article:
                    shared[other] += 1
        # the other claim must affirm what this one denies, not merely share its topic
        found = [
            (-count, other)
            for other, count in shared.items()
            if count >= 2 and focus & lemmas[other]
        ]
        for _, other in sorted(found)[:TEXTUAL_CANDIDATES]:
            candidates.add((index, other))
    # "the lack of outside observers" / "international observers testified": the lacking thing
    # is there, acting, in the other account
    acting: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        head = _subject_head(claim)
        if head and claim.quantity is None and not claim.negated and _plain_assertion(claim):
            acting[head].append(index)
    present: set[tuple[int, int]] = set()
    for index, claim in enumerate(claims):
        lacking = _lacking_head(claim)
        for other in acting.get(lacking or "", ())[:TEXTUAL_CANDIDATES]:
            if claims[other].span.article != claim.span.article:
                present.add((index, other))
    candidates |= present
    if not candidates:
        return []
    involved = sorted({i for pair in candidates for i in pair})
    position = {claim_index: row for row, claim_index in enumerate(involved)}
    vectors = encoder.encode([_strip_negation(claims[i].span.text) for i in involved])
    subjects = encoder.encode([_subject_text(claims[i]) for i in involved])
    least_subject = thresholds_for(encoder.name).textual_subject
    pairs = []
    for left, right in sorted(candidates):
        similarity = float(vectors[position[left]] @ vectors[position[right]])
        subject = float(subjects[position[left]] @ subjects[position[right]])
        if (left, right) in present and subject >= least_subject:
            parts = {"subject": round(subject, 3), "present": 1.0}
            pairs.append(Pair(left, right, round(subject, 3), parts))
            continue
        if subject < least_subject:
            continue  # "the White House never offered" / "the White House offered": same actor
        overlap = len(lemmas[left] & lemmas[right]) / max(1, len(lemmas[left] | lemmas[right]))
        if similarity >= threshold and overlap >= MIN_TEXTUAL_OVERLAP:
            parts = {"context": round(similarity, 3), "overlap": round(overlap, 3)}
            pairs.append(Pair(left, right, round(0.8 * similarity + 0.2 * overlap, 3), parts))
    return pairs


def _candidate_pairs(
    claims: Sequence[Claim],
    blocks: dict[str, list[int]],
    encoder: Encoder,
    context_of: Callable[[Claim], str],
) -> set[tuple[int, int]]:
    candidates: set[tuple[int, int]] = set()
    large = [members for members in blocks.values() if len(members) > MAX_BLOCK]
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for i, left in enumerate(members):
            for right in members[i + 1 :]:
                if claims[left].span.article != claims[right].span.article:
                    candidates.add((min(left, right), max(left, right)))
    if large:
        involved = sorted({i for members in large for i in members})
        row_of = {claim_index: row for row, claim_index in enumerate(involved)}
        vectors: Vectors = encoder.encode([context_of(claims[i]) for i in involved])
        article_code: dict[str, int] = {}
        codes = np.array(
            [article_code.setdefault(claims[i].span.article, len(article_code)) for i in involved]
        )
        random = np.random.default_rng(0)  # the same cuts on every run
        for members in large:
            rows = np.array([row_of[i] for i in members])
            for leaf in _leaves(rows, vectors, random):
                for left, right in _neighbour_pairs(leaf, vectors, codes):
                    a, b = involved[left], involved[right]
                    candidates.add((min(a, b), max(a, b)))
    return candidates


def _leaves(
    rows: npt.NDArray[np.int_], vectors: Vectors, random: np.random.Generator
) -> list[npt.NDArray[np.int_]]:
    """A random-projection tree: a set bigger than `LEAF` is cut at the median of its
    projections on a random direction, until every leaf holds at most `LEAF` rows."""
    leaves = []
    stack = [rows]
    while stack:
        part = stack.pop()
        if len(part) <= LEAF:
            leaves.append(part)
            continue
        direction = random.standard_normal(vectors.shape[1], dtype=np.float32)
        order = np.argsort(vectors[part] @ direction, kind="stable")
        half = len(part) // 2
        stack.extend((part[order[:half]], part[order[half:]]))
    return leaves


def _neighbour_pairs(
    leaf: npt.NDArray[np.int_], vectors: Vectors, codes: npt.NDArray[np.int_]
) -> list[tuple[int, int]]:
    """Each row of a leaf with its `NEIGHBOURS` most similar rows of other articles."""
    similarities = vectors[leaf] @ vectors[leaf].T
    similarities[codes[leaf][:, None] == codes[leaf][None, :]] = -np.inf  # self, same article
    count = min(NEIGHBOURS, len(leaf) - 1)
    if count < 1:
        return []
    nearest = np.argpartition(-similarities, count - 1, axis=1)[:, :count]
    pairs = []
    for row, columns in enumerate(nearest):
        for column in columns:
            if np.isfinite(similarities[row, column]):
                pairs.append((int(leaf[row]), int(leaf[column])))
    return pairs


def _context(claim: Claim) -> str:
    return (claim.sentence or claim.span).text


def _entity(claim: Claim) -> str | None:
    return claim.subject.entity if claim.subject else None


def _people(claim: Claim) -> frozenset[str]:
    frame = claim.quantity.frame if claim.quantity else None
    return frozenset(frame.people) if frame else frozenset()


def _window(claim: Claim) -> str:
    frame = claim.quantity.frame if claim.quantity else None
    return frame.window if frame else ""


def _conflicting(
    disjoint: Sequence[Pair],
    agreeing: Sequence[Pair],
    claims: Sequence[Claim],
    encoder: Encoder,
) -> list[Pair]:
    """A wrong conflict costs more than a missed one: of the aligned pairs whose figures are
    disjoint, those that count the same action (similar verbs) or parts of the same whole ("6
    of 9 bridges" / "7 of 9 bridges") in a similar context, or whose figures stand among the
    same words ("paid N in federal taxes"); of those, each figure's closest rival only."""
    kept: list[Pair] = []
    rest: list[Pair] = []
    limits = thresholds_for(encoder.name)
    for pair in disjoint:
        a, b = _figure(claims, pair.left), _figure(claims, pair.right)
        same = _same_count(a, b, pair.parts, limits)
        (kept if same else rest).append(pair)
    if rest:
        involved = sorted({i for pair in rest for i in (pair.left, pair.right)})
        row = {claim_index: number for number, claim_index in enumerate(involved)}
        windows = encoder.encode([_window(claims[i]) for i in involved])
        for pair in rest:
            similarity = float(windows[row[pair.left]] @ windows[row[pair.right]])
            if similarity >= limits.conflict_window:
                parts = {**pair.parts, "window": round(similarity, 3)}
                kept.append(Pair(pair.left, pair.right, pair.score, parts))
    return _closest_rivals(kept, agreeing, claims)


def _figure(claims: Sequence[Claim], index: int) -> Quantity:
    quantity = claims[index].quantity
    assert quantity is not None
    return quantity


def _closest_rivals(
    pairs: list[Pair], agreeing: Sequence[Pair], claims: Sequence[Claim]
) -> list[Pair]:
    """When another outlet gives several figures a figure could be disputed by ("$5 billion" /
    "$5.6 billion", "$1 billion"), its rival account is the closest in value, and none when
    one of them agrees with it under the same qualifier; the others count other things."""
    best: dict[tuple[int, str], float] = {}

    def distance(pair: Pair) -> float:
        a = scaled_value(_figure(claims, pair.left))
        b = scaled_value(_figure(claims, pair.right))
        return abs(math.log(max(abs(a), 1e-9) / max(abs(b), 1e-9)))

    # an agreeing figure under another qualifier ("as many as 18" / "18") may count another thing
    matching = [
        p
        for p in agreeing
        if _figure(claims, p.left).qualifier == _figure(claims, p.right).qualifier
    ]
    for gap, pair in [*((distance(p), p) for p in pairs), *((0.0, p) for p in matching)]:
        for figure, other in ((pair.left, pair.right), (pair.right, pair.left)):
            key = (figure, claims[other].span.article)
            best[key] = min(best.get(key, math.inf), gap)
    return [
        pair
        for pair in pairs
        if distance(pair) <= best[(pair.left, claims[pair.right].span.article)]
        and distance(pair) <= best[(pair.right, claims[pair.left].span.article)]
    ]


def _same_count(a: Quantity, b: Quantity, parts: dict[str, float], limits: Thresholds) -> bool:
    same_whole = a.of is not None and a.of == b.of
    counted_alike = (
        parts["predicate"] >= limits.conflict_predicate or same_state(a, b) or named_alike(a, b)
    )
    return (counted_alike or same_whole) and (parts["context"] >= limits.conflict_context)


def named_alike(a: Quantity, b: Quantity) -> bool:
    """The words right by both figures name one thing: "a release clause of N" / "the N
    release clause"; "a pre-tax loss of N" / "a loss of N"."""
    return bool(_near_words(a) & _near_words(b))


def _near_words(quantity: Quantity) -> frozenset[str]:
    """The content words within `NEAR` words of a figure in its window (the figure is "N")."""
    words = (quantity.frame.window if quantity.frame else "").lower().split()
    if "n" not in words:
        return frozenset()
    at = words.index("n")
    near = words[max(0, at - NEAR) : at] + words[at + 1 : at + 1 + NEAR]
    return frozenset(
        _singular(w)
        for w in (word.strip(".,;:()“”\"'’") for word in near)
        if len(w) > 2
        and w.isalpha()
        and w not in _STOP
        and w not in _NEAR_STOP
        and not _is_number_word(w)
    )


# how far from a figure the words naming what it measures stand ("a release clause of N")
NEAR = 3
# words by a figure that name no measured thing: qualifiers, units, verbs of saying
_NEAR_STOP = frozenset(
    """euros euro pounds pound dollars dollar percent cent per million billion thousand
    some around roughly nearly almost just least than more less fewer only total""".split()
)


def _unit_words(claims: Sequence[Claim]) -> list[frozenset[str]]:
    """Each figure's unit and the nouns its article puts before that unit ("state
    governorships" makes "state" a name of what a governorship-count counts, in that article,
    so that a bare "five" after it matches "five states" elsewhere)."""
    modifiers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in claims:
        quantity = claim.quantity
        if quantity is None or not quantity.unit:
            continue
        words = [w.lower() for w in _WORD.findall(quantity.span.text)]
        for position, word in enumerate(words):
            if _singular(word) == quantity.unit and position > 0:
                before = words[position - 1]
                if before.isalpha() and before not in _STOP and not _is_number_word(before):
                    modifiers[(claim.span.article, quantity.unit)].add(_singular(before))
    out: list[frozenset[str]] = []
    for claim in claims:
        quantity = claim.quantity
        if quantity is None or not quantity.unit:
            out.append(frozenset())
            continue
        out.append(
            frozenset({quantity.unit} | modifiers.get((claim.span.article, quantity.unit), set()))
            | unit_synonyms(quantity.unit)
        )
    return out


def unit_synonyms(unit: str) -> frozenset[str]:
    """Other names of what `unit` counts, by WordNet ("nation" → {"country"}), from the
    relations `UNIT_RELATIONS` names."""
    return _unit_table(UNIT_RELATIONS).get(unit, frozenset())


@lru_cache(maxsize=4)
def _unit_table(relations: frozenset[str]) -> dict[str, frozenset[str]]:
    text = resources.files("rashomon.data").joinpath("unit_synonyms.tsv").read_text("utf-8")
    related: dict[str, set[str]] = defaultdict(set)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, other, relation, _ = line.split("\t")
        if relation in relations:
            related[word].add(other)
            related[other].add(word)
    return {word: frozenset(others) for word, others in related.items()}


_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen""".split()
)


def _is_number_word(word: str) -> bool:
    return any(part in _NUMBER_WORDS for part in word.split("-"))


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _magnitudes_apart(a: float, b: float) -> bool:
    """Figures an order of magnitude apart are not two accounts of one quantity."""
    low, high = sorted((abs(a), abs(b)))
    return high > MAX_RATIO * max(low, 1e-9)


def _counted_subject(claim: Claim) -> bool:
    """The subject is the counted thing itself ("14 people were killed")."""
    if claim.subject is None or claim.quantity is None:
        return False
    subject, quantity = claim.subject.span, claim.quantity.span
    return subject.start <= quantity.start and quantity.end <= subject.end


def _subject_text(claim: Claim) -> str:
    return claim.subject.span.text if claim.subject else claim.span.text


def _content_words(text: str) -> frozenset[str]:
    words = {w.lower() for w in _WORD.findall(text)}
    return frozenset(_stem(w) for w in words if w not in _STOP and len(w) > 2)


def _plain_assertion(claim: Claim) -> bool:
    """An affirmation without a hedge or a negation of its own inside it."""
    return claim.modality is None and not _NEGATION.search(claim.span.text)


def _denies_something(claim: Claim, words: frozenset[str]) -> bool:
    """A negated verb needs something besides its subject to deny: "Mr. Trump did not respond"
    (to what?) contradicts no account of his answering someone else."""
    if claim.predicate.startswith("be "):
        return True  # "was not credible", "neither free nor fair": the complement is denied
    left = words - _content_words(claim.predicate)
    if claim.subject is not None:
        left -= _content_words(claim.subject.span.text)
    return bool(left)


_LACK_OF = re.compile(r"(?:the\s+)?(?:lack|absence)\s+of\b", re.IGNORECASE)
_FIRST_ITEM = re.compile(r",|\s(?:and|or|of|on|in|for|to|at|from|with|about)\s")


def _lacking_head(claim: Claim) -> str | None:
    """What "the lack of outside observers, last-minute changes ..." says is missing: the head
    word of its first item ("observer")."""
    if claim.subject is None or not _LACK_OF.match(claim.span.text):
        return None  # "lack a basis in the law" says nothing is missing from the law
    first = _FIRST_ITEM.split(claim.subject.span.text)[0]  # "data on conservation efforts"
    words = _WORD.findall(first)
    return _singular(words[-1].lower()) if words else None


def _subject_head(claim: Claim) -> str | None:
    """The last word of a short subject ("international electoral observers" → observer)."""
    if claim.subject is None:
        return None
    words = _WORD.findall(claim.subject.span.text)
    return _singular(words[-1].lower()) if 0 < len(words) <= 4 else None


def _focus(claim: Claim) -> frozenset[str]:
    """What a negation denies: the predicate ("not credible", "not inspected"), or, for
    "the lack of free and fair elections", the thing said to be lacking."""
    words = _content_words(claim.predicate.removeprefix("be "))
    if not words or words & {"lack", "absence"}:
        return _content_words(claim.subject.span.text) if claim.subject else frozenset()
    return words


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ions", "ion", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_NEGATION = re.compile(r"\b(not|never|no|neither|nor|n't|lack of|absence of|failure to)\b", re.I)


def _strip_negation(text: str) -> str:
    return _NEGATION.sub(" ", text)
