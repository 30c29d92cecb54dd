"""Contradictions between actors: one actor asserts what another denies.

"Nuno never asked to go" (the agent) against "Nuno came to my office and asked to go" (the
club's president); "Nobody refused help" (a survivor) against "the people on board had refused
offers of help" (the coast guard). Extraction marks a claim negated when its verb is negated,
when a negative quantifier is its subject or object ("nobody", "none of", "no rope", "at no
point"), or when a denial verb governs it ("rejected claims that ..."); here two claims are the
same proposition with opposite polarity when they share their predicate and most of what the
predicate is about, and they are said by different actors. The rule is lexical on purpose:
a reader must recognise every contradiction reported, so near-synonyms are left alone rather
than guessed at.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from rashomon.compare.align import Pair
from rashomon.model import Claim, Quote, Ref
from rashomon.words.antonyms import opposite

# predicates too light to carry a proposition by themselves ("had", "was", "did")
_LIGHT = frozenset(
    "be have do get make take go come say tell give become seem appear want need use".split()
)
# words a negation or quantifier adds, and words no proposition is about
_STOP = frozenset(
    """the a an of to in on at for and or but by with from as that this these those it its
    they them their we us our you your he him his she her i me my not never no none nobody
    nothing neither nor any anyone anything all every each some there here than then so also
    only just even still yet ever again already since when while who whom which what where
    was were is are be been being has have had do did does will would could should can may
    might must shall point time one said says say told tell""".split()
)
_ASKING = frozenset("what who whom whose which whether if how why when where".split())
_OBLIGED = re.compile(r"\b(?:have|has|had|having)\s+to\s+([A-Za-z]+)", re.IGNORECASE)
_ANY = frozenset("anyone anybody anything any".split())
_NOBODY = frozenset("nobody none nothing neither no-one".split()) | {"no one"}
_FIRST_PERSON = frozenset({"i", "we"})
_DANGLING = frozenset("is are was were be been am that which who whom whose of to".split())
_CONTRACTION = re.compile(r"(?:'s|'m|'ve|'re|'ll|'d|n't)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# at least this share of the smaller claim's content words must be shared by the other
MIN_SHARED = 0.5
# claims longer than this (content words) say several things; a match on one part is no
# contradiction of the whole
MAX_WORDS = 12


def actor_pairs(claims: Sequence[Claim], asserter: Callable[[Claim], str]) -> list[Pair]:
    """Pairs (denied claim, affirmed claim) by different actors about the same proposition:
    the same predicate, the same modality, and most of the arguments in common."""
    keys = [_key(c) for c in claims]
    words = [_content(c, key) for c, key in zip(claims, keys, strict=True)]
    by_predicate: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        if _usable(claim, keys[index], words[index]) and not claim.negated:
            by_predicate[keys[index]].append(index)
    pairs = []
    for index, claim in enumerate(claims):
        if not claim.negated or not _usable(claim, keys[index], words[index]):
            continue
        if claim.subject is not None and not words[index] - _subject_words(claim, asserter):
            continue  # "Mr. Trump did not respond": to what? nothing is denied
        # "we haven't had to sell anyone": no one at all, so any sale said to be needed (an
        # obligation denied for every object; the subjects need not be matched)
        generic = claim.modality == "have to" and _generic_object(claim, keys[index])
        for other in by_predicate.get(keys[index], ()):
            affirmed = claims[other]
            if affirmed.modality != claim.modality or _overlaps(claim, affirmed):
                continue
            if _same_actor(asserter(claim), asserter(affirmed)):
                continue
            if _same_sentence(claim, affirmed):
                continue  # "X had worked for the FBI but was not working for it then"
            if not generic and not _same_subject(claim, affirmed, asserter):
                continue
            shared = words[index] & words[other]
            least = min(len(words[index]), len(words[other]))
            if not generic and (not shared or len(shared) < MIN_SHARED * least):
                continue
            share = round(len(shared) / max(1, len(words[index] | words[other])), 3)
            parts = {"predicate": 1.0, "shared": share, "actors": 1.0, "any": float(generic)}
            pairs.append(Pair(index, other, round(0.5 + 0.5 * share, 3), parts))
    return pairs


def complete(claim: Claim) -> bool:
    """Whether a clause says something whole: "The only national emergency is" (its
    complement cut off by the parse) asserts nothing a denial could contradict."""
    words = claim.span.text.rstrip(" .,;:\u201d\"'").split()
    return bool(words) and words[-1].lower() not in _DANGLING


def with_antonyms(claims: Sequence[Claim]) -> list[Claim]:
    """The claims, each one whose predicate is the opposite of another's read as that
    predicate denied: "the ruling was illegal" → "be lawful", negated, when another claim
    says "be lawful"; "unsafe" when another says "safe". For the comparisons only: the
    report's claims keep their own words."""
    complements = {c.predicate.removeprefix("be ") for c in claims if c.predicate.startswith("be ")}
    out = []
    for claim in claims:
        if claim.predicate.startswith("be "):
            positive = opposite(claim.predicate.removeprefix("be "), complements)
            if positive is not None and positive in complements:
                claim = dataclasses.replace(
                    claim, predicate=f"be {positive}", negated=not claim.negated
                )
        out.append(claim)
    return out


def quoted_asserter(
    quotes: Sequence[Quote], fallback: Callable[[Claim], str]
) -> Callable[[Claim], str]:
    """Who asserts a claim: the speaker of the quote it stands in (resolved through the
    quote's pronoun: "he" → Augusto Teles), else `fallback`."""
    spans = defaultdict(list)
    for quote in quotes:
        if quote.speaker is not None:
            for part in quote.parts or (quote.span,):
                spans[part.article].append((part.start, part.end, quote.speaker.name))

    def name(claim: Claim) -> str:
        for start, end, speaker in spans.get(claim.span.article, ()):
            if start <= claim.span.start and claim.span.end <= end:
                return speaker
        return fallback(claim)

    return name


def _key(claim: Claim) -> str:
    """The predicate a proposition is about: the claim's verb, or for an obligation ("will
    have to sell") the verb obliged."""
    if claim.modality == "have to":
        found = _OBLIGED.search(claim.span.text)
        if found:
            return f"have to {_stem(found.group(1).lower())}"
    return claim.predicate


def _generic_object(claim: Claim, key: str) -> bool:
    """Whether the denied verb's object is anyone at all ("had to sell anyone", "found
    anything"): the denial then covers every object."""
    verb = key.split()[-1] if key else ""
    words = [w.lower() for w in _WORD.findall(claim.span.text)]
    for at, word in enumerate(words[:-1]):
        if _stem(word) == verb or word.startswith(verb):
            return words[at + 1] in _ANY
    return False


def _usable(claim: Claim, key: str, words: frozenset[str]) -> bool:
    if claim.quantity is not None or not words or len(words) > MAX_WORDS:
        return False
    first = claim.span.text.split(maxsplit=1)[0].lower() if claim.span.text.strip() else ""
    if first in _ASKING:
        return False  # "what had caused the fire" asks; it asserts nothing
    if key.startswith("have to "):
        return True
    verb = key.split()[0] if key else ""
    if key.startswith("be "):
        return key.removeprefix("be ") not in _STOP
    return bool(verb) and verb not in _LIGHT and claim.modality is None


def _content(claim: Claim, key: str) -> frozenset[str]:
    """The claim's content words and its subject's, stemmed, without its predicate's verb."""
    verb = key.split()[-1] if key.startswith("have to ") else key.split()[0] if key else ""
    text = claim.span.text
    if claim.subject is not None and not _overlaps(claim, claim.subject):
        text = f"{claim.subject.span.text} {text}"
    found = set(_words(text))
    found.discard(_stem(verb))
    return frozenset(found)


def _words(text: str) -> list[str]:
    """Content words, stemmed: no stop word, no contraction ("hasn't" → has, "I'm" → I)."""
    out = []
    for word in _WORD.findall(text):
        low = _CONTRACTION.sub("", word.lower().replace("’", "'"))
        if low in _STOP or len(low) < 2:
            continue
        out.append(_stem(low))
    return out


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _overlaps(a: Claim | Ref, b: Claim | Ref) -> bool:
    return (
        a.span.article == b.span.article and a.span.start < b.span.end and b.span.start < a.span.end
    )


def _same_actor(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return a == b or a.split()[-1:] == b.split()[-1:]


def _same_subject(a: Claim, b: Claim, asserter: Callable[[Claim], str]) -> bool:
    """Whether two claims are about the same subject: one entity, or a content word in
    common ("Nuno" / "Nuno"; "I" in a quote is its speaker). A negative quantifier ("Nobody
    refused help") is about every subject; a pronoun ("he", "it") is about no known one, so
    two claims whose subjects cannot be told the same are two propositions ("Man is the
    objective" / "That is not the objective"; "he knew" / "she didn't know")."""
    if a.subject is None or b.subject is None:
        return False
    if a.subject.entity is not None and b.subject.entity is not None:
        return a.subject.entity == b.subject.entity  # "Trump Jr." is not "Mr. Trump"
    first = {a.subject.span.text.lower(), b.subject.span.text.lower()}
    if first & _NOBODY:
        return True
    return bool(_subject_words(a, asserter) & _subject_words(b, asserter))


def _subject_words(claim: Claim, asserter: Callable[[Claim], str]) -> frozenset[str]:
    assert claim.subject is not None
    text = claim.subject.span.text
    if text.lower() in _FIRST_PERSON:
        text = asserter(claim)  # "I served in Vietnam" in a quote of Blumenthal's
    return frozenset(_words(text))


def _same_sentence(a: Claim, b: Claim) -> bool:
    if a.span.article != b.span.article:
        return False
    if a.sentence is not None and b.sentence is not None:
        return a.sentence == b.sentence
    return _overlaps(a, b)
