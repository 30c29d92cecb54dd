"""Stance cues: the lexicons of `extract/stances.py` and where they match (steps 1 and 5 of
its docstring): verbs, adjectives, nouns and phrases matched on lemmas with spaCy's `Matcher`,
and the uses of a cue word that state no stance (negated, hypothetical, taken back)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher

from rashomon.extract.syntax import CALL_FOR_LEMMAS
from rashomon.model import StanceKind
from rashomon.words.speech import DENIED_NOUNS, DENY_LEMMAS, SPEECH_LEMMAS

# Single-word cues by part of speech: lemma → stance.
VERB_CUES: dict[str, StanceKind] = {
    **dict.fromkeys(
        [
            "condemn",
            "denounce",
            "decry",
            "deplore",
            "censure",
            "criticise",
            "criticize",
            "blast",
            "slam",
            "rebuke",
            "deride",
            "ridicule",
            "lambaste",
            "assail",
            "chastise",
            "accuse",
            "blame",
        ],
        "condemn",
    ),
    **dict.fromkeys(["worry", "warn"], "concern"),
    **dict.fromkeys(
        [
            "support",
            "back",
            "endorse",
            "praise",
            "hail",
            "welcome",
            "applaud",
            "commend",
            "laud",
            "defend",
            "favor",
            "favour",
        ],
        "support",
    ),
    "congratulate": "congratulate",
    **dict.fromkeys(
        [
            "reject",
            "dispute",
            "repudiate",
            "oppose",
            "object",
            "deny",
            "rebuff",
            "dismiss",
            "defy",
            "refuse",
        ],
        "reject",
    ),
    **dict.fromkeys(
        [
            "demand",
            "seek",
            "request",
            "urge",
            "propose",
            "pursue",
            "insist",
            "prepare",
            "ask",
            "want",
            "press",
            "encourage",
            "recommend",
            "pressure",
            "tell",
        ],
        "demand",
    ),
}
ADJ_CUES: dict[str, StanceKind] = {
    **dict.fromkeys(
        [
            "worried",
            "concerned",
            "alarmed",
            "dismayed",
            "disturbed",
            "troubled",
            "nervous",
            "anxious",
            "fearful",
        ],
        "concern",
    ),
    "supportive": "support",
    "congratulatory": "congratulate",
}
NOUN_CUES: dict[str, StanceKind] = {
    **dict.fromkeys(
        ["condemnation", "denunciation", "criticism", "rebuke", "protest", "complaint"],
        "condemn",
    ),
    **dict.fromkeys(["concern", "worry", "alarm", "warning"], "concern"),
    **dict.fromkeys(["support", "backing", "endorsement", "praise"], "support"),
    **dict.fromkeys(["congratulation", "congratulations"], "congratulate"),
    **dict.fromkeys(["rejection", "refusal", "opposition", "objection", "denial"], "reject"),
    **dict.fromkeys(
        ["demand", "call", "request", "appeal", "plea", "preparation", "recommendation"],
        "demand",
    ),
}

# Multi-word cues: (stance, token patterns).
PHRASES: list[tuple[StanceKind, list[dict[str, Any]]]] = [
    ("reject", [{"LEMMA": "rule"}, {"LOWER": "out"}]),
    ("reject", [{"LEMMA": "turn"}, {"LOWER": "down"}]),
    ("reject", [{"LEMMA": "push"}, {"LOWER": "back"}, {"LOWER": {"IN": ["on", "against"]}}]),
    ("demand", [{"LEMMA": "call", "POS": "VERB"}, {"LOWER": "on"}]),
    (
        "demand",
        [
            {"LEMMA": {"IN": sorted(CALL_FOR_LEMMAS)}, "POS": "VERB"},
            {"LOWER": "for"},
        ],
    ),
    (
        "demand",
        [
            {"LEMMA": "renew"},
            {"LOWER": {"IN": ["talk", "talks", "calls"]}},
            {"LOWER": {"IN": ["of", "for"]}},
        ],
    ),
    ("neutral", [{"LEMMA": "remain"}, {"LOWER": {"IN": ["neutral", "impartial"]}}]),
    (
        "neutral",
        [{"LOWER": "neither"}, {"LEMMA": "confirm"}, {"LOWER": "nor"}, {"LEMMA": "deny"}],
    ),
    ("neutral", [{"LEMMA": "decline"}, {"LOWER": "to"}, {"LEMMA": "comment"}]),
    (
        "neutral",
        [
            {"LEMMA": {"IN": ["urge", "call"]}},
            {"LOWER": "for", "OP": "?"},
            {"LOWER": {"IN": ["calm", "restraint"]}},
        ],
    ),
    ("neutral", [{"LEMMA": "take"}, {"LOWER": "note"}]),
]

# "don't recognise / refused to accept the results": a negated (or refused) support → reject.
RECOGNISE = frozenset({"recognise", "recognize", "accept", "acknowledge"})

# Modal verbs and marks that make a cue hypothetical.
HYPOTHETICAL = frozenset("could would might may should ought if unless whether".split())

# Verbs that take back the stance of their complement ("refrained from condemning").
NEGATING_HEADS = frozenset("refrain fail avoid decline hesitate".split())


@dataclass(frozen=True)
class Cue:
    kind: StanceKind
    anchor: Any  # the token the analysis starts from
    start: int  # token index range of the cue phrase
    end: int


def _matcher(vocab: Any) -> Matcher:
    matcher = Matcher(vocab)
    matcher.add("VERB", [[{"LEMMA": {"IN": sorted(VERB_CUES)}, "POS": "VERB"}]])
    matcher.add("ADJ", [[{"LOWER": {"IN": sorted(ADJ_CUES)}, "POS": {"IN": ["ADJ", "VERB"]}}]])
    matcher.add(
        "NOUN",
        [
            [{"LEMMA": {"IN": sorted(NOUN_CUES)}, "POS": "NOUN"}],
            [{"LOWER": {"IN": sorted(NOUN_CUES)}, "POS": "NOUN"}],
        ],
    )
    matcher.add("RECOGNISE", [[{"LEMMA": {"IN": sorted(RECOGNISE)}, "POS": "VERB"}]])
    for index, (_, pattern) in enumerate(PHRASES):
        matcher.add(f"PHRASE{index}", [pattern])
    return matcher


def find_cues(doc: Any) -> list[Cue]:
    matcher = _matcher(doc.vocab)
    cues: list[Cue] = []
    taken: set[int] = set()
    matches = sorted(matcher(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    for match_id, start, end in matches:
        label = doc.vocab.strings[match_id]
        if any(i in taken for i in range(start, end)):
            continue
        token = doc[start]
        kind: StanceKind | None
        if label.startswith("PHRASE"):
            kind = PHRASES[int(label[6:])][0]
        elif label == "VERB":
            kind = VERB_CUES.get(token.lemma_.lower())
            if any(c.dep_ == "prt" for c in token.children):
                kind = None  # "backed out", "called off"
        elif label == "ADJ":
            kind = ADJ_CUES.get(token.lower_)
            if kind is not None and token.pos_ == "VERB" and not _adjectival(token):
                kind = None
        elif label == "NOUN":
            kind = NOUN_CUES.get(token.lemma_.lower()) or NOUN_CUES.get(token.lower_)
        elif label == "RECOGNISE":
            kind = "reject" if negated(token) or refused(token) else None
        else:
            kind = None
        if kind is None:
            continue
        taken.update(range(start, end))
        cues.append(Cue(kind, token, start, end))
    cues.sort(key=lambda c: c.start)
    return cues


def _adjectival(token: Any) -> bool:
    """`was concerned` / `is worried`: a participle used as an adjective."""
    return any(c.dep_ in {"auxpass", "aux"} and c.lemma_ == "be" for c in token.children) or (
        token.dep_ in {"acomp", "amod", "oprd"}
    )


def negated(token: Any) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"never", "no"} for c in token.children):
        return True
    head = token.head
    return bool(
        token.dep_ in {"xcomp", "acomp"}
        and head.i != token.i
        and any(c.dep_ == "neg" for c in head.children)
    )


def refused(token: Any) -> bool:
    """`refused to recognise` / `refusal to accept`."""
    head = token.head
    return token.dep_ in {"xcomp", "acl"} and head.lemma_.lower() in {"refuse", "refusal"}


def not_a_stance(token: Any) -> bool:
    """Uses of a cue word that state no stance: "a split concerned Putin" (was about), "a
    question about supporting abortion" (an activity named, not done), "warning Democrats the
    shutdown could last" (a threat to someone)."""
    lemma = token.lemma_.lower()
    if (
        lemma == "concern"
        and token.pos_ == "VERB"
        and any(c.dep_ == "dobj" for c in token.children)
    ):
        return True
    if (
        token.tag_ == "VBG"
        and token.dep_ == "pcomp"
        and token.head.head.pos_ in {"NOUN", "PROPN"}
        and token.head.dep_ == "prep"
    ):
        return True
    if token.tag_ == "VBN" and token.dep_ in {"acomp", "oprd"} and VERB_CUES.get(lemma) == "demand":
        return True  # "will be hard pressed to change my mind": pressed, not pressing
    if lemma in {"favor", "favour"} and token.tag_ == "VBG":
        return True  # "closures clearly favouring the regime": benefiting, not supporting
    if lemma == "deny" and (
        any(c.dep_ == "dative" for c in token.children)
        or sum(c.dep_ == "dobj" for c in token.children) > 1
    ):
        return True  # "denying a candidate a spot on the ballot"
    return lemma == "warn" and any(
        c.dep_ in {"dobj", "dative"}
        and (c.ent_type_ in {"PERSON", "NORP", "ORG"} or c.pos_ == "PRON")
        for c in token.children
    )


def hypothetical(token: Any) -> bool:
    """A modal or a condition on the cue or on the verbs it is the complement of ("could
    back", "if Romney were to reject"); "said he would back" reports a position, it does not
    suppose one."""
    current = token
    for _ in range(3):
        for child in current.children:
            if child.dep_ not in {"aux", "mark"} or child.lower_ not in HYPOTHETICAL:
                continue
            reported = (
                child.lower_ == "would"
                and current.dep_ == "ccomp"
                and current.head.lemma_.lower() in SPEECH_LEMMAS
                and not any(c.dep_ == "mark" and c.lower_ == "if" for c in current.children)
            )
            if not reported:
                return True
        if current.dep_ not in {"xcomp", "pcomp"} or current.head.i == current.i:
            return False
        current = current.head
    return False


def ruled_out(token: Any) -> bool:
    """A cue its context takes back: "stopped short of calling on", "without recommending",
    "refrained from condemning", "failed to endorse"."""
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i:
            return False
        if current.dep_ == "pcomp" and head.lower_ == "without":
            return True
        if head.lemma_.lower() in NEGATING_HEADS and current.dep_ in {"xcomp", "pcomp", "prep"}:
            return True
        if current.dep_ == "ccomp" and head.lemma_.lower() in DENY_LEMMAS:
            return True  # "denied that he asked Comey to stop"
        if (
            current.dep_ in {"acl", "ccomp"}
            and head.lemma_.lower() in DENIED_NOUNS
            and head.head.lemma_.lower() in DENY_LEMMAS
        ):
            return True  # "rejected claims that the commission supports a recount"
        if head.lower_ == "of" and (
            head.head.lower_ == "short" or any(c.lower_ == "short" for c in head.head.children)
        ):
            return True
        if (
            current.i == token.i
            and current.dep_ == "xcomp"
            and any(c.dep_ in {"dobj", "dative"} for c in head.children)
        ):
            return True  # "asked Mattis to endorse the decision": asked of him, not held
        if current.dep_ not in {"pcomp", "prep"}:
            return False
        current = head
    return False
