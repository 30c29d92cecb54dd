"""What a stance is about (steps 2 and 3 of `extract/stances.py`): the target phrase of a
cue, what is demanded (something demandable, someone asked to act) and what is rejected."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rashomon.extract.stance_cues import RECOGNISE, Cue
from rashomon.extract.syntax import CALL_FOR_LEMMAS
from rashomon.model import Article, Span

# What can be demanded (nouns, and verbs for "to audit the ballots").
DEMANDABLE = frozenset(
    """
    audit recount sanction sanctions investigation inquiry enquiry probe review verification
    revote rerun resignation dialogue mediation
    """.split()
)
DEMANDABLE_VERBS = frozenset("audit recount investigate sanction review verify probe".split())

# Reject cues explicit enough to stand whatever they reject ("opposes a full border fence",
# "denied that he had asked"); other reject cues need something of the event (REJECTABLE).
EXPLICIT_REJECT = frozenset(
    """
    reject dispute repudiate oppose object deny rebuff dismiss defy refuse rejection refusal
    opposition objection denial rule turn push
    """.split()
)

# Demand cues explicit enough to stand whatever is demanded ("have demanded additional proof");
# the others ("ask", "want", "seek" ...) need something demandable or a person asked to act.
EXPLICIT_DEMAND = frozenset("demand urge insist press pressure recommend recommendation".split())

# Modals of a clause that states what should be done ("insisted that he must resign").
MANDATIVE_MODALS = frozenset("should must".split())

# Demand cues that demand only when someone is asked to act ("told him to step down").
CONTROL_ONLY = frozenset(["tell"])

# "called / pushed / pressed / appealed for X" demands X, whatever X is ("asked for" need not).
CALL_FOR = CALL_FOR_LEMMAS - {"ask"}

# quotation marks; an apostrophe inside a word stays ("the opposition’s refusal")
_QUOTE_MARKS = re.compile(r"[\"“”„‟«»‘`]|(?<!\w)’|’(?!\w)")
_TARGET_LEFT = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nummod",
        "quantmod",
        "nmod",
        "advmod",
        "case",
        "punct",
        "predet",
    }
)


def target_phrase(head: Any, max_tokens: int = 10) -> str:
    """A short noun phrase around `head`: its left modifiers, and an `of` phrase if short."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in _TARGET_LEFT:
            left = min(left, child.left_edge.i)
        if head.pos_ in {"VERB", "AUX"} and child.dep_ in {"nsubj", "nsubjpass"}:
            left = min(left, child.left_edge.i)  # "that the ballots be recounted"
    right = head.i
    if head.pos_ in {"VERB", "AUX"}:  # "step aside", "withdraw from the race"
        for child in head.rights:
            if child.dep_ not in {"dobj", "attr", "prt", "dative", "advmod", "prep"}:
                break
            if child.right_edge.i - left >= max_tokens:
                # too long: up to the head of the object ("act on an old proposal [to …]")
                core = _core_end(child)
                if core is not None and core - left < max_tokens:
                    right = core
                break
            right = child.right_edge.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - left < max_tokens:
            right = max(right, child.right_edge.i)
    if right - left >= max_tokens:
        right = head.i
    doc = head.doc
    # a word split at its hyphens ("anti-hunters") is kept whole
    while (
        right + 1 < len(doc)
        and not doc[right].whitespace_
        and ("-" in {doc[right].text, doc[right + 1].text})
        and not doc[right + 1].is_space
    ):
        right += 1
    text = _QUOTE_MARKS.sub("", doc[left : right + 1].text)
    return " ".join(text.split())


def _core_end(child: Any) -> int | None:
    """The last token of the core of a verb's complement: an object's head and what stands
    before it ("a full audit"), or a preposition's object so ("on an old proposal")."""
    if child.dep_ == "prep":
        objs = [c for c in child.children if c.dep_ == "pobj"]
        return objs[0].i if objs else None
    if child.dep_ in {"dobj", "attr", "dative"}:
        return int(child.i)
    return None


def _object(token: Any, preps: Iterable[str] = ()) -> Any:
    preps = tuple(preps)
    if token.dep_ == "prep" or token.pos_ == "ADP":  # the end of "called for", "pushed back on"
        objs = [c for c in token.children if c.dep_ in {"pobj", "pcomp"}]
        if objs:
            return objs[0]
    for child in token.children:
        if preps and child.dep_ == "prep" and child.lower_ in preps:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                return objs[0]
    for child in token.children:
        if child.dep_ in {"dobj", "attr"} and child.i > token.i:
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {
            "of",
            "about",
            "over",
            "against",
            "regarding",
            "at",
            "on",
            "with",
            "by",
            "for",
            "to",
            "toward",
            "towards",
        }:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                return objs[0]
    return None


def _direct_object(token: Any) -> Any:
    return next((c for c in token.children if c.dep_ in {"dobj", "attr"} and c.i > token.i), None)


def is_demandable(token: Any) -> bool:
    lemma = token.lemma_.lower()
    return (token.pos_ == "NOUN" and (lemma in DEMANDABLE or token.lower_ in DEMANDABLE)) or (
        token.pos_ == "VERB" and lemma in DEMANDABLE_VERBS
    )


def refusal_condition(cue: Cue) -> Any:
    """What a refusal is conditioned on: "ruled out talks without a recount" → recount."""
    for token in cue.anchor.subtree:
        if token.lower_ == "without" and token.dep_ == "prep":
            for obj in token.children:
                if obj.dep_ == "pobj" and is_demandable(obj):
                    return obj
    return None


def without_span(article: Article, noun: Any) -> Span:
    """ "without a recount": the preposition through the noun."""
    start, end = noun.head.idx, noun.idx + len(noun)
    return Span(article=article.id, start=start, end=end, text=article.text[start:end])


def _demanded(cue: Cue) -> Any:
    """The nearest demandable thing a few dependency steps below the cue."""
    frontier = [cue.anchor]
    if cue.end - cue.start > 1:
        frontier += [cue.anchor.doc[i] for i in range(cue.start + 1, cue.end)]
    seen = {t.i for t in frontier}
    for _ in range(5):
        following = []
        for token in frontier:
            for child in sorted(token.children, key=lambda t: t.i):
                if child.i in seen or child.dep_ in {"nsubj", "nsubjpass", "neg"}:
                    continue
                if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
                    continue
                if child.dep_ == "advcl" and not any(c.lower_ == "to" for c in child.children):
                    continue
                seen.add(child.i)
                if is_demandable(child):
                    return child
                following.append(child)
        frontier = following
    return None


def _asked_to(cue: Cue) -> Any:
    """What someone is asked to do: "urged Akin to step aside", "called on Akin to give up
    his bid", "asked Mattis to endorse the decision", "called for Akin to withdraw",
    "requested that Comey put an end to it" → the verb of the thing asked."""
    doc = cue.anchor.doc
    verbs = [doc[i] for i in range(cue.start, cue.end) if doc[i].pos_ in {"VERB", "AUX"}]
    phrase = cue.end - cue.start > 1
    for verb in verbs:
        has_object = phrase or any(c.dep_ in {"dobj", "dative"} for c in verb.children)
        for child in verb.children:
            if child.pos_ not in {"VERB", "AUX"}:
                continue
            marks = {c.lower_ for c in child.children if c.dep_ in {"aux", "mark"}}
            if child.dep_ == "xcomp" and "to" in marks and has_object:
                return child
            if child.dep_ in {"advcl", "ccomp"} and {"for", "to"} <= marks:
                return child
            if (
                child.dep_ == "ccomp"
                and "that" in marks
                and verb.lemma_.lower() in EXPLICIT_DEMAND | {"request", "ask"}
                and _mandative(child)
            ):
                return child
    return None


def _clause(token: Any) -> Any:
    """A clause the cue governs ("denied that he had asked", "refused to step down")."""
    for child in token.children:
        if child.dep_ in {"ccomp", "xcomp"} and child.pos_ in {"VERB", "AUX"}:
            return child
    return None


def _mandative(clause: Any) -> bool:
    """Whether a clause states what is demanded: an infinitive ("demanded to see the
    ballots") or a subjunctive ("insisted that he resign", "urged that the ballots be
    recounted", "… should step down"), not a statement of what is or will be ("insisted that
    no deal will pass": a claim, not a demand)."""
    if clause.dep_ == "xcomp":
        return True
    auxes = [c for c in clause.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in MANDATIVE_MODALS for a in auxes):
        return True
    if any(a.tag_ == "MD" or a.tag_ in {"VBD", "VBZ", "VBP"} for a in auxes):
        return False
    if auxes:
        return all(a.tag_ == "VB" for a in auxes)  # "… be recounted"
    if clause.tag_ == "VBP":  # "that the minister resign": no -s, so not a statement
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        return bool(
            subjects
            and (subjects[0].tag_ in {"NN", "NNP"} or subjects[0].lower_ in {"he", "she", "it"})
        )
    return bool(clause.tag_ == "VB")


def target_of(cue: Cue) -> tuple[str, Any]:
    """(target phrase, target head or None) for a cue; an empty phrase when there is none."""
    token = cue.anchor
    lemma = token.lemma_.lower()
    if cue.kind == "demand":
        found = None if lemma in CONTROL_ONLY else _demanded(cue)
        if found is None:
            found = _asked_to(cue)
        if found is None and (
            lemma in EXPLICIT_DEMAND
            or (lemma in CALL_FOR and token.doc[cue.end - 1].lower_ == "for")
        ):
            end = token.doc[cue.end - 1]
            found = _object(end) if end.i != token.i else _object(token)
            if found is None:
                clause = _clause(token)
                found = clause if clause is not None and _mandative(clause) else None
        return (target_phrase(found), found) if found is not None else ("", None)
    if cue.kind == "reject" and lemma in EXPLICIT_REJECT and token.pos_ in {"VERB", "AUX"}:
        end = token.doc[cue.end - 1]
        passive = [c for c in token.children if c.dep_ == "nsubjpass"]
        obj = passive[0] if passive else _object(end) if end.i != token.i else None
        # a direct object, else the clause denied ("on Monday denied that …": not Monday),
        # else a prepositional object
        for fallback in (_direct_object, _clause, _object):
            obj = obj if obj is not None else fallback(token)
        return (target_phrase(obj), obj) if obj is not None else ("", None)
    if token.lemma_.lower() in RECOGNISE:
        obj = _object(token)
        return (target_phrase(obj), obj) if obj is not None else ("", None)
    if cue.kind == "reject" and token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_.lower() in RECOGNISE:
                obj = _object(child)
                if obj is not None:
                    return target_phrase(obj), obj
    if cue.kind == "congratulate":
        obj = _object(token, ("on", "for"))
    elif cue.kind == "support" and token.pos_ == "ADJ" and token.dep_ == "amod":
        head = token.head
        receiver = head.head if head.dep_ == "dobj" else None
        obj = None
        if receiver is not None:
            subjects = [c for c in receiver.children if c.dep_ == "nsubj"]
            obj = subjects[0] if subjects else None
    elif any(c.dep_ == "nsubjpass" for c in token.children):
        obj = next(c for c in token.children if c.dep_ == "nsubjpass")
    elif (
        token.dep_ == "conj"
        and any(c.dep_ == "agent" for c in token.children)
        and any(c.dep_ == "nsubjpass" for c in token.head.children)
    ):  # "was opposed by the unions but lauded by Ana Ruiz": the shared subject
        obj = next(c for c in token.head.children if c.dep_ == "nsubjpass")
    elif (
        token.dep_ == "relcl"
        and token.head.pos_ in {"NOUN", "PROPN"}
        and not any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in token.children)
        and any(
            c.dep_ == "nsubj" and c.lower_ not in {"who", "which", "that"} for c in token.children
        )
    ):  # "the lawmakers they support": the noun the relative clause is about
        obj = token.head
    else:
        end = token.doc[cue.end - 1]
        obj = _object(end) if end.i != token.i else _object(token)
        if obj is None and end.i != token.i:
            obj = _object(token)
        if obj is None and cue.kind == "support":
            obj = next(  # "favored working with allies"
                (c for c in token.children if c.dep_ in {"xcomp", "dobj"} and c.tag_ == "VBG"),
                None,
            )
    if obj is None:
        return "", None
    return target_phrase(obj), obj
