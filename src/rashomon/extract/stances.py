"""Stances of actors toward the event or its outcome.

`extract_stances(article, doc, quotes)` finds, per article, who condemns, is concerned about,
supports, congratulates, demands, rejects or stays neutral about what. It is built to be
precise (a wrong stance is worse than a missing one):

1. **Cues** come from small lexicons matched with spaCy's `Matcher` on lemmas (`CUES`,
   `PHRASES` below): verbs ("condemned", "congratulated", "praised", "disputed"), adjectives
   ("worried", "concerned", "supportive"), nouns ("concerns", "condemnation", "refusal",
   "demand") and phrases ("ruled out", "called for", "renewed talk of", "remain neutral").
   A negated support cue ("don't recognise the results", "refused to accept") is a `reject`.
2. **Demands** need something demandable in reach of the cue (an audit, a recount, sanctions,
   an investigation, dialogue … `DEMANDABLE`), searched a few dependency steps below it; that
   phrase is the target ("a full independent audit of results", "proposed EU sanctions").
3. **Actors** are found on the dependency tree: the subject of the cue verb (inherited through
   coordination and control), a passive's agent ("disputed by the opposition, the US, Canada
   and France" gives four actors), the possessor or the `from` / `by` phrase of a noun cue
   ("supportive statements from Russia, Cuba, Bolivia"), or the subject of the verb a noun cue
   hangs from ("voiced concerns", "added its voice to the chorus of condemnation"). Names
   come from `quotes.Resolver` (pronouns and short references resolved; "State Department
   spokeswoman Heather Nauert" → "Heather Nauert"); "the government of Cuba" / "Cuba's
   government" → "Cuba" and "the Cuban government" → "Cuba" (`DEMONYMS`), and "her
   government" → the person "her" refers to. An actor must be a person, an organisation, a
   place or a group (a noun of `ACTOR_NOUNS`); vague or negated quantities ("not all
   governments", "other leaders", "many countries") are never actors.
4. **Negation and hypotheticals** drop a cue: "not", "never", "no", and "could / would /
   might / may / if".
5. **Quotes.** A cue inside a direct quote belongs to the quote's speaker when its subject is
   the first person ("We condemn …", "I congratulate you …", "we don't recognise …"), and a
   concern or condemnation noun with no actor of its own ("irregularities that raise
   concerns") is the speaker's too. Other cues inside quotes (what the speaker says about
   someone else) are left alone.

Each stance carries the cue span, the sentence as evidence and a short target phrase (quotation
marks dropped). Ids are left empty (""); `link.statements.merge_stances` merges across articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher

from rashomon.extract.quotes import (
    GROUP_NOUNS,
    Resolver,
    is_first_person,
    is_pronoun,
    subject_of,
)
from rashomon.model import Actor, Article, Quote, Span, Speaker, Stance, StanceKind

# --------------------------------------------------------------------------- lexicons

# Single-word cues by part of speech: lemma → stance.
VERB_CUES: dict[str, StanceKind] = {
    **dict.fromkeys(["condemn", "denounce", "decry", "deplore", "censure"], "condemn"),
    **dict.fromkeys(["worry"], "concern"),
    **dict.fromkeys(
        ["support", "back", "endorse", "praise", "hail", "welcome", "applaud", "commend"],
        "support",
    ),
    "congratulate": "congratulate",
    **dict.fromkeys(["reject", "dispute", "repudiate"], "reject"),
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
        ],
        "demand",
    ),
}
ADJ_CUES: dict[str, StanceKind] = {
    **dict.fromkeys(["worried", "concerned", "alarmed", "dismayed", "disturbed"], "concern"),
    "supportive": "support",
    "congratulatory": "congratulate",
}
NOUN_CUES: dict[str, StanceKind] = {
    **dict.fromkeys(["condemnation", "denunciation"], "condemn"),
    **dict.fromkeys(["concern", "worry", "alarm"], "concern"),
    **dict.fromkeys(["support", "backing", "endorsement", "praise"], "support"),
    **dict.fromkeys(["congratulation", "congratulations"], "congratulate"),
    **dict.fromkeys(["rejection", "refusal"], "reject"),
    **dict.fromkeys(["demand", "call", "request", "appeal", "plea", "preparation"], "demand"),
}
# Multi-word cues: (stance, token patterns).
PHRASES: list[tuple[StanceKind, list[dict[str, Any]]]] = [
    ("reject", [{"LEMMA": "rule"}, {"LOWER": "out"}]),
    (
        "demand",
        [
            {"LEMMA": {"IN": ["call", "ask", "push", "press", "appeal"]}, "POS": "VERB"},
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
# What can be demanded (nouns, and verbs for "to audit the ballots").
DEMANDABLE = frozenset(
    """
    audit recount sanction sanctions investigation inquiry enquiry probe review verification
    revote rerun resignation dialogue mediation
    """.split()
)
DEMANDABLE_VERBS = frozenset("audit recount investigate sanction review verify probe".split())
# What can be rejected: the event, its outcome, or talks about it.
REJECTABLE = frozenset(
    """
    election vote voting result outcome ballot count recount victory win process talk talks
    dialogue negotiation poll referendum figure tally
    """.split()
)
# Common nouns that can name an actor (besides named entities and pronouns).
ACTOR_NOUNS = GROUP_NOUNS | frozenset(
    """
    minister ministers leader president country nation official diplomat spokesman spokeswoman
    spokesperson envoy ambassador lawmaker legislator senator candidate chief head secretary
    chancellor premier governments countries leaders officials nations
    """.split()
)
# Report verbs that present what they report as fact (a stance inside stays its actor's).
FACTIVE = frozenset("report confirm announce note reveal show learn find".split())
# Verbs that express a stance named by their object noun ("voiced concerns").
EXPRESS_VERBS = frozenset(
    """
    voice express raise add reiterate renew repeat state declare announce issue register
    convey share signal offer extend lend give pledge throw stress underline underscore make
    send echo join air emphasise emphasize reaffirm
    """.split()
)
# Nouns for a government body that stands for its country ("the government of Cuba" → Cuba).
GOVERNMENT_NOUNS = frozenset("government administration regime authorities cabinet".split())
# Determiners and modifiers that make an actor vague.
VAGUE = frozenset("some other many several few all most various certain no any".split())
# Modal verbs and marks that make a cue hypothetical.
HYPOTHETICAL = frozenset("could would might may if unless whether".split())
# Nationality adjectives → country names (for "the Cuban government").
DEMONYMS: dict[str, str] = {
    "american": "United States",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "australian": "Australia",
    "austrian": "Austria",
    "belgian": "Belgium",
    "bolivian": "Bolivia",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "canadian": "Canada",
    "chilean": "Chile",
    "chinese": "China",
    "colombian": "Colombia",
    "cuban": "Cuba",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "ecuadorean": "Ecuador",
    "ecuadorian": "Ecuador",
    "egyptian": "Egypt",
    "french": "France",
    "german": "Germany",
    "greek": "Greece",
    "indian": "India",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "irish": "Ireland",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "mexican": "Mexico",
    "nicaraguan": "Nicaragua",
    "nigerian": "Nigeria",
    "norwegian": "Norway",
    "pakistani": "Pakistan",
    "panamanian": "Panama",
    "paraguayan": "Paraguay",
    "peruvian": "Peru",
    "polish": "Poland",
    "portuguese": "Portugal",
    "russian": "Russia",
    "saudi": "Saudi Arabia",
    "spanish": "Spain",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "syrian": "Syria",
    "turkish": "Turkey",
    "ukrainian": "Ukraine",
    "uruguayan": "Uruguay",
    "venezuelan": "Venezuela",
}

_PRONOUNS = frozenset("he she it they him her them his its their".split())
_QUOTE_CHARS = str.maketrans("", "", '"“”„‟«»‘’`')
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


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Cue:
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


def _cues(doc: Any) -> list[_Cue]:
    matcher = _matcher(doc.vocab)
    cues: list[_Cue] = []
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
            kind = "reject" if _negated(token) or _refused(token) else None
        else:
            kind = None
        if kind is None:
            continue
        taken.update(range(start, end))
        cues.append(_Cue(kind, token, start, end))
    cues.sort(key=lambda c: c.start)
    return cues


def _adjectival(token: Any) -> bool:
    """`was concerned` / `is worried`: a participle used as an adjective."""
    return any(c.dep_ in {"auxpass", "aux"} and c.lemma_ == "be" for c in token.children) or (
        token.dep_ in {"acomp", "amod", "oprd"}
    )


def _negated(token: Any) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"never", "no"} for c in token.children):
        return True
    head = token.head
    return bool(
        token.dep_ in {"xcomp", "acomp"}
        and head.i != token.i
        and any(c.dep_ == "neg" for c in head.children)
    )


def _refused(token: Any) -> bool:
    """`refused to recognise` / `refusal to accept`."""
    head = token.head
    return token.dep_ in {"xcomp", "acl"} and head.lemma_.lower() in {"refuse", "refusal"}


def _hypothetical(token: Any) -> bool:
    for child in token.children:
        if child.dep_ in {"aux", "mark"} and child.lower_ in HYPOTHETICAL:
            return True
    return False


# --------------------------------------------------------------------------- actors


def _agent(cue: _Cue) -> Any:
    """The token naming who holds the stance, or None."""
    token = cue.anchor
    if token.pos_ == "NOUN":
        return _noun_agent(token)
    if token.pos_ == "ADJ" or (cue.kind == "concern" and token.tag_ == "VBN"):
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if token.dep_ == "amod":
            return _noun_agent(token.head)
        if token.dep_ in {"acomp", "oprd", "xcomp", "ccomp", "conj"} and token.head.i != token.i:
            for child in token.head.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    return child
        return None
    if token.lemma_.lower() in RECOGNISE and _refused(token):
        return _agent(_Cue(cue.kind, token.head, cue.start, cue.end))
    if any(c.dep_ == "nsubjpass" for c in token.children) and not any(
        c.dep_ == "agent" for c in token.children
    ):
        return None
    return _climb_to_subject(token)


def _climb_to_subject(token: Any) -> Any:
    """The subject of the nearest verb above `token` that has one (through objects,
    prepositions, coordination and control)."""
    current = token
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"}:
            subject = subject_of(current)
            if subject is not None:
                return subject
        if current.head.i == current.i:
            return None
        if current.dep_ in {"ccomp", "relcl", "acl"} and current.pos_ in {"VERB", "AUX"}:
            return None
        current = current.head
    return None


def _possessor(noun: Any) -> Any:
    """`the opposition's refusal` → opposition (spaCy labels it `poss` or `nmod` + `'s`)."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ == "nmod" and any(c.tag_ == "POS" for c in child.children)
        ):
            return child
    return None


def _noun_agent(noun: Any) -> Any:
    """Who holds the stance a noun cue names: its possessor ("the opposition's refusal"), a
    `from` / `by` phrase ("statements from Russia"), a national modifier ("US support",
    "Russian condemnation"), the giver of what a verb like "receive" gets, or the subject of
    the verb that expresses it ("voiced concerns", "added its voice to the chorus of
    condemnation", "took to the streets in demand of")."""
    owner = _possessor(noun)
    if owner is not None:
        return owner
    for child in noun.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"from", "by"}:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            ranged = any(
                obj.right_edge.i + 1 < len(obj.doc) and obj.doc[obj.right_edge.i + 1].lower_ == "to"
                for obj in objs
            )  # "worries from Paris to Prague": a range, not a source
            if objs and not ranged:
                return objs[0]
    for child in noun.lefts:
        if child.dep_ in {"compound", "amod", "nmod"} and (
            child.ent_type_ in {"GPE", "ORG", "NORP"} or child.lower_ in DEMONYMS
        ):
            return child
    head = noun.head
    if noun.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in {"receive", "get", "draw"}:
        for child in head.children:
            if child.dep_ in {"prep", "agent"} and child.lower_ in {"from", "by"}:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        return None
    # up to the verb that expresses the noun
    current = noun
    via_in = False
    for _ in range(6):
        if current.dep_ not in {"dobj", "pobj", "prep", "attr", "conj"}:
            return None
        if current.dep_ == "prep" and current.lower_ not in {"of", "to", "in", "with"}:
            return None  # "amid concerns", "despite condemnation"
        if current.dep_ == "pobj" and current.head.lower_ == "in":
            via_in = True
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            if via_in or current.lemma_.lower() in EXPRESS_VERBS:
                return _climb_to_subject(current)
            return None
    return None


def _expand(token: Any) -> list[Any]:
    """`Russia, Cuba, Bolivia and other leaders` → each conjunct."""
    out = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "conj" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _vague(token: Any) -> bool:
    for child in token.children:
        if child.lower_ in VAGUE and child.dep_ in {"det", "amod", "predet", "nummod"}:
            return True
        if child.dep_ == "neg" or child.lower_ == "not":
            return True
    return False


class _Actors:
    def __init__(self, article: Article, doc: Any, resolver: Resolver) -> None:
        self.article = article
        self.doc = doc
        self.resolver = resolver

    def actor(self, token: Any) -> Speaker | None:
        """The actor named by `token`, or None when it is not a person, body, place or group."""
        if _vague(token):
            return None
        lower = token.lower_
        if is_pronoun(token):
            if lower not in _PRONOUNS:
                return None
            return self.resolver.speaker(token)
        if token.pos_ in {"NOUN", "PROPN"} and token.lower_ in GOVERNMENT_NOUNS | {"ministry"}:
            country = self._country_of(token)
            if country is not None:
                return country
        if token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or token.pos_ == "PROPN":
            if token.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"}:
                return None
            return self.resolver.speaker(token)
        if token.pos_ == "NOUN" and (
            token.lemma_.lower() in ACTOR_NOUNS or token.lower_ in ACTOR_NOUNS
        ):
            found = self.resolver.speaker(token)
            if found is not None and found.span.text.lower() in {"government", "governments"}:
                return None
            return found
        return None

    def _country_of(self, token: Any) -> Speaker | None:
        """`the government of Cuba`, `Cuba's government`, `the Cuban government`, `her
        government` → the country (or the person)."""
        owner = _possessor(token)
        if owner is not None and (owner.lower_ in _PRONOUNS or owner.ent_type_ == "GPE"):
            return self.resolver.speaker(owner)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "GPE"]
                if objs:
                    return self.resolver.speaker(objs[0])
            if child.dep_ in {"amod", "compound"} and child.lower_ in DEMONYMS:
                name = DEMONYMS[child.lower_]
                span = self.resolver.span(child.idx, child.idx + len(child))
                return Speaker(entity=None, name=name, span=span)
        return None


# --------------------------------------------------------------------------- targets


def _phrase(head: Any, max_tokens: int = 10) -> str:
    """A short noun phrase around `head`: its left modifiers, and an `of` phrase if short."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in _TARGET_LEFT:
            left = min(left, child.left_edge.i)
    right = head.i
    if head.pos_ in {"VERB", "AUX"}:
        objs = [c for c in head.rights if c.dep_ in {"dobj", "attr"}]
        if objs:
            right = objs[0].right_edge.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - left < max_tokens:
            right = max(right, child.right_edge.i)
    if right - left >= max_tokens:
        right = head.i
    doc = head.doc
    text = doc[left : right + 1].text.translate(_QUOTE_CHARS)
    return " ".join(text.split())


def _object(token: Any, preps: Iterable[str] = ()) -> Any:
    preps = tuple(preps)
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


def _demanded(cue: _Cue) -> Any:
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
                lemma = child.lemma_.lower()
                if (
                    child.pos_ == "NOUN" and (lemma in DEMANDABLE or child.lower_ in DEMANDABLE)
                ) or (child.pos_ == "VERB" and lemma in DEMANDABLE_VERBS):
                    return child
                following.append(child)
        frontier = following
    return None


def _target(cue: _Cue) -> tuple[str, Any]:
    """(target phrase, target head or None) for a cue; an empty phrase when there is none."""
    token = cue.anchor
    if cue.kind == "demand":
        found = _demanded(cue)
        return (_phrase(found), found) if found is not None else ("", None)
    if token.lemma_.lower() in RECOGNISE:
        obj = _object(token)
        return (_phrase(obj), obj) if obj is not None else ("", None)
    if cue.kind == "reject" and token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_.lower() in RECOGNISE:
                obj = _object(child)
                if obj is not None:
                    return _phrase(obj), obj
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
    else:
        end = token.doc[cue.end - 1]
        obj = _object(end) if end.i != token.i else _object(token)
        if obj is None and end.i != token.i:
            obj = _object(token)
    if obj is None:
        return "", None
    return _phrase(obj), obj


# --------------------------------------------------------------------------- entry point


def _sentence_span(article: Article, sent: Any) -> Span:
    start, end = sent.start_char, sent.end_char
    text = article.text
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Span(article=article.id, start=start, end=end, text=text[start:end])


def _cue_span(article: Article, cue: _Cue) -> Span:
    doc = cue.anchor.doc
    first, last = cue.start, cue.end - 1
    anchor = cue.anchor
    # "don't recognise": the negation and its auxiliary; "voiced concerns": the verb
    for child in anchor.children:
        if (
            child.dep_ in {"neg", "aux"}
            and child.i < first
            and first - child.i <= 2
            and (child.dep_ == "neg" or any(c.dep_ == "neg" for c in anchor.children))
        ):
            first = child.i
    if anchor.pos_ == "NOUN" and anchor.dep_ == "dobj" and 0 < anchor.i - anchor.head.i <= 3:
        first = anchor.head.i
    if _refused(anchor) and 0 < anchor.i - anchor.head.i <= 3:
        first = anchor.head.i  # "refusal to accept"
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return Span(article=article.id, start=start, end=end, text=article.text[start:end])


def _quote_at(quotes: Sequence[Quote], start: int) -> Quote | None:
    for quote in quotes:
        if quote.direct and any(p.start <= start < p.end for p in quote.parts):
            return quote
    return None


def _reported_by(quotes: Sequence[Quote], start: int, doc: Any) -> Speaker | None:
    """The speaker of the indirect quote whose reported clause holds `start` (unless its
    verb presents the clause as fact: "Europa Press has reported that …")."""
    for quote in quotes:
        if not quote.direct and any(p.start <= start < p.end for p in quote.parts):
            if quote.cue is not None:
                cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
                if cue is not None and cue[0].lemma_.lower() in FACTIVE:
                    return None
            return quote.speaker
    return None


def extract_stances(article: Article, doc: Any, quotes: list[Quote]) -> list[Stance]:
    """Per-article stances, ids left empty ("")."""
    exclude = [(p.start, p.end) for q in quotes if q.direct for p in q.parts]
    resolver = Resolver(article, doc, exclude)
    actors = _Actors(article, doc, resolver)
    found: dict[tuple[str, str, int], tuple[int, Stance]] = {}
    for cue in _cues(doc):
        token = cue.anchor
        if cue.kind != "reject" and _negated(token):
            continue
        if _hypothetical(token):
            continue
        target, target_head = _target(cue)
        if cue.kind == "demand" and target_head is None:
            continue
        if cue.kind == "support" and (
            target_head is None or target_head.pos_ not in {"NOUN", "PROPN"}
        ):
            continue
        if cue.kind == "reject" and (
            target_head is None
            or (
                target_head.lemma_.lower() not in REJECTABLE
                and target_head.lower_ not in REJECTABLE
                and not any(t.lemma_.lower() in REJECTABLE for t in target_head.subtree)
            )
        ):
            continue
        quote = _quote_at(quotes, token.idx)
        reported = _reported_by(quotes, token.idx, doc)
        holders = _holders(cue, quote, actors)
        for holder in holders:
            if reported is not None and reported.name != holder.name:
                continue  # "the ad suggests that Phoenix supports X": the ad's claim
            if target and holder.name.lower() in target.lower():
                continue
            stance = Stance(
                id="",
                actor=Actor(entity=None, name=holder.name),
                stance=cue.kind,
                target=target,
                spans=(_sentence_span(article, token.sent),),
                cues=(_cue_span(article, cue),),
                articles=(article.id,),
            )
            distance = abs(target_head.i - token.i) if target_head is not None else 0
            key = (holder.name, cue.kind, token.sent.start)
            if key not in found or distance < found[key][0]:
                found[key] = (distance, stance)
    out = [stance for _, stance in found.values()]
    out.sort(key=lambda s: (s.cues[0].start, s.actor.name))
    return out


def _holders(cue: _Cue, quote: Quote | None, actors: _Actors) -> list[Speaker]:
    agent = _agent(cue)
    if quote is not None:
        inside = agent is not None and any(p.start <= agent.idx < p.end for p in quote.parts)
        if agent is not None and is_first_person(agent):
            return [quote.speaker] if quote.speaker is not None else []
        if agent is None or inside:
            valid = agent is not None and actors.actor(agent) is not None
            if (
                not valid
                and cue.anchor.pos_ == "NOUN"
                and cue.kind in {"concern", "condemn"}
                and cue.anchor.dep_ == "dobj"
                and cue.anchor.head.lemma_.lower() in EXPRESS_VERBS
                and quote.speaker is not None
            ):
                return [quote.speaker]
            return []
    if agent is None:
        return []
    holders = []
    for token in _expand(agent):
        holder = actors.actor(token)
        if holder is not None:
            holders.append(holder)
    return holders
