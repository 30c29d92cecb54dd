"""Stances of actors toward the event or its outcome.

`extract_stances(article, doc, quotes)` finds, per article, who condemns, is concerned about,
supports, congratulates, demands, rejects or stays neutral about what. It is built to be
precise (a wrong stance is worse than a missing one):

1. **Cues** come from small lexicons matched with spaCy's `Matcher` on lemmas (`VERB_CUES`,
   `ADJ_CUES`, `NOUN_CUES`, `PHRASES` below): verbs ("condemned", "criticized", "accused",
   "congratulated", "praised", "defended", "opposed", "denied", "urged"), adjectives
   ("worried", "concerned", "nervous", "supportive"), nouns ("concerns", "criticism",
   "refusal", "opposition", "demand") and phrases ("ruled out", "called for", "called on",
   "pushed back on", "renewed talk of", "neither confirm nor deny", "remain neutral"). A
   negated support cue ("don't recognise the results", "refused to accept") is a `reject`.
2. **Demands** need something demanded: something demandable in reach of the cue (an audit,
   a recount, sanctions … `DEMANDABLE`: "a full independent audit of results"), or someone
   asked to act ("urged Akin to step aside", "called on Akin to give up his bid", "called for
   Akin to withdraw", "requested that Comey put an end to it": the action is the target), or,
   for unambiguous cues ("demanded", "urged", "insisted", "called for" … `EXPLICIT_DEMAND`),
   whatever they govern ("have demanded additional proof"). "ruled out talks without a
   recount" is a reject of the talks and a demand of the recount.
3. **Rejects** by an explicit cue ("opposes a border fence", "denied the allegations",
   "refused to step down", `EXPLICIT_REJECT`) stand whatever is rejected; a negated support
   cue needs something of the event (`REJECTABLE`: "don't recognise the results").
4. **Actors** are found on the dependency tree: the subject of the cue verb (inherited through
   coordination and control), a passive's agent ("disputed by the opposition, the US, Canada
   and France" gives four actors; "opposed by the unions but lauded by Ana Ruiz"), the
   possessor or the `from` / `by` phrase of a noun cue ("supportive statements from Russia,
   Cuba, Bolivia"), or the subject of the verb a noun cue hangs from ("voiced concerns",
   "added its voice to the chorus of condemnation"). Names come from `speakers.Resolver`
   (pronouns and short references resolved; "State Department spokeswoman Heather Nauert" →
   "Heather Nauert"); "the government of Cuba" / "Cuba's government" → "Cuba" and "the Cuban
   government" → "Cuba" (the gazetteer's demonyms), and "her government" → the person "her"
   refers to; an apposition names the person ("Pelosi, the Democratic leader who …" → Pelosi; "their
   father, Dick Cheney," → Dick Cheney); officials, aides and spokespeople "with / of / for /
   to" a body stand for it ("officials with the DNC" → the DNC); a vague group's named members
   are actors ("several conservatives, including Glenn Beck and Bill O'Reilly"). An actor
   must be a person, an organisation, a place or a group (a noun of `ACTOR_NOUNS`); vague or
   negated quantities ("not all governments", "other leaders", "every official", "another
   official") and bare plurals that say neither whose nor which ("lawmakers", "military
   leaders") are never actors; a passive without an agent has none.
5. **Negation, hypotheticals and retractions** drop a cue: "not", "never", "no"; "could /
   would / might / may / should / if", also on the verb the cue depends on ("if Romney were
   to reject"; but "said he would back" reports a position); "stopped short of calling on",
   "without recommending", "refrained from", "failed to", "denied that he asked"; what one is
   asked to do ("asked Mattis to endorse the decision": not Mattis's stance). Uses of a cue
   word that state no stance are left out ("a split concerned Putin", "a question about
   supporting abortion", "warning Democrats the shutdown could last", "closures favouring the
   regime", "denying a candidate a spot").
6. **Quotes and reported speech.** A cue inside a direct quote belongs to the quote's speaker
   when its subject is the first person ("We condemn …", "I urge my colleagues to …", "we
   don't recognise …"), and a concern or condemnation noun with no actor of its own
   ("irregularities that raise concerns") is the speaker's too. Other cues inside quotes
   (what the speaker says about someone else, "a poll said she “supports abortion”") are
   left alone, as are stances in a clause someone else says ("Keller said that Chile supports
   the recount"), unless the words present it as fact ("reported", "according to the Times").

Each stance carries the cue span, the sentence as evidence and a short target phrase (quotation
marks dropped). Ids are left empty (""); `link.statements.merge_stances` merges across articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher

from rashomon.extract.speakers import AGENT_NOUNS, GROUP_NOUNS, Resolver
from rashomon.extract.syntax import (
    extraposing,
    is_first_person,
    is_pronoun,
    possessor,
    subject_of,
)
from rashomon.model import Actor, Article, Quote, Span, Speaker, Stance, StanceKind
from rashomon.words.gazetteer import gazetteer
from rashomon.words.speech import SPEECH_LEMMAS

# --------------------------------------------------------------------------- lexicons

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
FACTIVE = frozenset("report confirm announce note reveal show learn find accord".split())
# Verbs that express a stance named by their object noun ("voiced concerns").
EXPRESS_VERBS = frozenset(
    """
    voice express raise add reiterate renew repeat state declare announce issue register
    convey share signal offer extend lend give pledge throw stress underline underscore make
    send echo join air emphasise emphasize reaffirm
    """.split()
)
# Where a town or a region named in the text acts for its government ("Springfield sued",
# "Springfield's decision", "Springfield officials"); elsewhere ("criticism from Springfield")
# a place that is no country is not an actor.
METONYM_DEPS = frozenset("nsubj nsubjpass poss compound amod nmod appos conj".split())
# Nouns for a government body that stands for its country ("the government of Cuba" → Cuba).
GOVERNMENT_NOUNS = frozenset("government administration regime authorities cabinet".split())
# Determiners and modifiers that make an actor vague.
VAGUE = frozenset(
    "some other another many several few all most various certain no any every each".split()
)
# Modal verbs and marks that make a cue hypothetical.
HYPOTHETICAL = frozenset("could would might may should ought if unless whether".split())
# Verbs that take back the stance of their complement ("refrained from condemning").
NEGATING_HEADS = frozenset("refrain fail avoid decline hesitate".split())
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
CALL_FOR = frozenset("call push press appeal".split())
_PRONOUNS = frozenset("he she it they him her them his its their".split())
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


def _not_a_stance(token: Any) -> bool:
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


def _hypothetical(token: Any) -> bool:
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


def _ruled_out(token: Any) -> bool:
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
        if current.dep_ == "ccomp" and head.lemma_.lower() == "deny":
            return True  # "denied that he asked Comey to stop"
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


# --------------------------------------------------------------------------- actors


# verbs that say nothing of what is demanded once cut from their clause ("urged that it be")
_BARE_VERBS = frozenset({"be", "have", "do"})


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
    for child in token.children:  # a passive's agent: "lauded by Putin"
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children):
        return None  # a passive without one: "after being accused of harassment"
    if (
        token.tag_ == "VBN"
        and token.dep_ == "conj"
        and any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.head.children)
    ):
        return None  # "he had been stopped and accused of speeding": he is accused
    return _climb_to_subject(token)


def _climb_to_subject(token: Any) -> Any:
    """The subject of the nearest verb above `token` that has one (through objects,
    prepositions, coordination and control)."""
    current = token
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"}:
            subject = subject_of(current)
            if (
                subject is not None
                and subject.lower_ == "it"
                and current.i != token.i
                and extraposing(current)
            ):
                return None  # "it makes sense to push for X": nobody in particular
            if subject is not None:
                return subject
        if current.head.i == current.i:
            return None
        if current.dep_ in {"ccomp", "relcl", "acl"} and current.pos_ in {"VERB", "AUX"}:
            return None
        current = current.head
    return None


def _noun_agent(noun: Any) -> Any:
    """Who holds the stance a noun cue names: its possessor ("the opposition's refusal"), a
    `from` / `by` phrase ("statements from Russia"), a national modifier ("US support",
    "Russian condemnation"), the giver of what a verb like "receive" gets, or the subject of
    the verb that expresses it ("voiced concerns", "added its voice to the chorus of
    condemnation", "took to the streets in demand of")."""
    owner = possessor(noun)
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
            child.ent_type_ in {"GPE", "ORG", "NORP"} or _demonym(child) is not None
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


def _demonym(token: Any) -> str | None:
    """The country a nationality adjective names ("the Cuban government" → Cuba), by the
    gazetteer."""
    return gazetteer().country_of_demonym(token.text)


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


def _principal(noun: Any) -> Any:
    """The body or person that `noun` (an official, aide, spokesman) speaks for."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"with", "of", "from", "for", "to", "at"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and (
                    obj.pos_ == "PROPN" or obj.ent_type_ in {"ORG", "GPE", "PERSON", "NORP"}
                ):
                    return obj
    return None


def _generic(noun: Any) -> bool:
    """A bare plural with nothing that says whose or which: "lawmakers", "military leaders"
    (but not "the ministers", "his advisers", "Republican leaders", "five senators")."""
    for child in noun.children:
        if child.dep_ in {"det", "poss", "nummod", "quantmod", "predet"}:
            return False
        if child.dep_ in {"compound", "amod", "nmod"} and (
            child.pos_ == "PROPN" or child.ent_type_ in {"NORP", "ORG", "GPE"}
        ):
            return False
        if child.dep_ == "prep" and any(
            o.dep_ == "pobj" and (o.pos_ == "PROPN" or o.ent_type_) for o in child.children
        ):
            return False
    return True


def _included(token: Any) -> list[Any]:
    """ "Several conservatives, including Glenn Beck and Bill O'Reilly" → the named ones."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"including", "like"}:
            return [o for c in child.children if c.dep_ == "pobj" for o in _expand(c)]
    return []


class _Actors:
    def __init__(self, article: Article, doc: Any, resolver: Resolver) -> None:
        self.article = article
        self.doc = doc
        self.resolver = resolver

    def actor(self, token: Any) -> Speaker | None:
        """The actor named by `token`, or None when it is not a person, body, place or group
        (nor a description that names nobody: "the official" → "another official")."""
        found = self._actor(token)
        if found is not None and found.name.split()[0].lower() in VAGUE | {"a", "an"}:
            return None
        return found

    def _actor(self, token: Any) -> Speaker | None:
        if _vague(token):
            return None
        if self.resolver.place(token) and token.dep_ not in METONYM_DEPS:
            return None  # "criticism from Springfield": people there, not a government
        if (
            token.dep_ == "appos"
            and token.pos_ == "NOUN"
            and token.head.pos_ == "PROPN"
            and token.head.i != token.i
        ):
            return self.actor(token.head)  # "Nancy Pelosi, the Democratic leader who ..."
        if token.pos_ == "NOUN" and token.lower_ in AGENT_NOUNS:
            principal = _principal(token)
            if principal is not None:
                return self.actor(principal)  # "officials with the DNC", "aides to Romney"
        if token.pos_ == "NOUN" and token.tag_ == "NNS" and _generic(token):
            return None  # "lawmakers", "military leaders": nobody in particular
        for child in token.children:
            if (
                token.pos_ == "NOUN"
                and child.dep_ == "appos"
                and (child.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or child.pos_ == "PROPN")
            ):
                return self.actor(child)  # "their father, former Vice President Dick Cheney,"
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
        owner = possessor(token)
        if owner is not None and (owner.lower_ in _PRONOUNS or owner.ent_type_ == "GPE"):
            return self.resolver.speaker(owner)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "GPE"]
                if objs:
                    return self.resolver.speaker(objs[0])
            country = _demonym(child) if child.dep_ in {"amod", "compound"} else None
            if country is not None:
                span = self.resolver.span(child.idx, child.idx + len(child))
                return Speaker(entity=None, name=country, span=span)
        return None


# --------------------------------------------------------------------------- targets


def _phrase(head: Any, max_tokens: int = 10) -> str:
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


def _is_demandable(token: Any) -> bool:
    lemma = token.lemma_.lower()
    return (token.pos_ == "NOUN" and (lemma in DEMANDABLE or token.lower_ in DEMANDABLE)) or (
        token.pos_ == "VERB" and lemma in DEMANDABLE_VERBS
    )


def _condition(cue: _Cue) -> Any:
    """What a refusal is conditioned on: "ruled out talks without a recount" → recount."""
    for token in cue.anchor.subtree:
        if token.lower_ == "without" and token.dep_ == "prep":
            for obj in token.children:
                if obj.dep_ == "pobj" and _is_demandable(obj):
                    return obj
    return None


def _without_span(article: Article, noun: Any) -> Span:
    """ "without a recount": the preposition through the noun."""
    start, end = noun.head.idx, noun.idx + len(noun)
    return Span(article=article.id, start=start, end=end, text=article.text[start:end])


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
                if _is_demandable(child):
                    return child
                following.append(child)
        frontier = following
    return None


def _asked_to(cue: _Cue) -> Any:
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


def _target(cue: _Cue) -> tuple[str, Any]:
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
        return (_phrase(found), found) if found is not None else ("", None)
    if cue.kind == "reject" and lemma in EXPLICIT_REJECT and token.pos_ in {"VERB", "AUX"}:
        end = token.doc[cue.end - 1]
        passive = [c for c in token.children if c.dep_ == "nsubjpass"]
        obj = passive[0] if passive else _object(end) if end.i != token.i else None
        for fallback in (_object, _clause):
            obj = obj if obj is not None else fallback(token)
        return (_phrase(obj), obj) if obj is not None else ("", None)
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


def _said_by(token: Any) -> Any:
    """Who says the clause that holds the cue, from the parse, when the quotes did not
    find it ("a poll said she supports abortion" → poll): the subject of the speech verb
    the clause is the complement of."""
    current = token
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_LEMMAS - FACTIVE:
            return subject_of(head)
        if current.dep_ not in {"conj", "xcomp", "acomp", "attr"}:
            return None
        current = head
    return None


def _sayer(token: Any, actors: _Actors) -> str | None:
    """The name of who says the clause that holds the cue ("" when that is no actor: "a
    poll"), or None when no one does."""
    sayer = _said_by(token)
    if sayer is None:
        return None
    found = actors.actor(sayer)
    return found.name if found is not None else ""


def _reported_by(quotes: Sequence[Quote], start: int, doc: Any) -> Speaker | None:
    """The speaker of the innermost indirect quote whose reported clause holds `start`
    (unless its verb presents the clause as fact: "Europa Press has reported that …",
    "according to the Times, …")."""
    holding = [
        (sum(p.end - p.start for p in quote.parts), quote)
        for quote in quotes
        if not quote.direct and any(p.start <= start < p.end for p in quote.parts)
    ]
    for _, quote in sorted(holding, key=lambda pair: pair[0]):
        if quote.cue is not None:
            cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
            lemma = cue[0].lemma_.lower() if cue is not None else ""
            if lemma in FACTIVE or lemma not in SPEECH_LEMMAS:
                continue  # a fact reported, or an intention ("who plans to support")
        return quote.speaker
    return None


def extract_stances(
    article: Article, doc: Any, quotes: list[Quote], resolver: Resolver | None = None
) -> list[Stance]:
    """Per-article stances, ids left empty ("").

    `resolver` is the article's speaker resolver (built on the same `doc`), shared with the
    quotes; without one, one is built."""
    exclude = [(p.start, p.end) for q in quotes if q.direct for p in q.parts]
    base = resolver if resolver is not None else Resolver(article, doc)
    resolver = base.excluding(exclude)
    actors = _Actors(article, doc, resolver)
    found: dict[tuple[str, str, int], tuple[tuple[int, int], Stance]] = {}
    for cue in _cues(doc):
        token = cue.anchor
        explicit_reject = cue.kind == "reject" and token.lemma_.lower() in EXPLICIT_REJECT
        if (cue.kind != "reject" or explicit_reject) and _negated(token):
            continue
        if _hypothetical(token) or _not_a_stance(token) or _ruled_out(token):
            continue
        target, target_head = _target(cue)
        if cue.kind == "demand" and (
            target_head is None
            or not any(
                t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
                and t.lemma_.lower() not in _BARE_VERBS
                and t.text in target
                for t in target_head.subtree
            )
        ):
            continue  # nothing demanded, or only "it be" left of a clause
        if cue.kind == "support" and (
            target_head is None
            or (target_head.pos_ not in {"NOUN", "PROPN"} and target_head.tag_ != "VBG")
        ):
            continue
        if explicit_reject and (target_head is not None or token.lemma_.lower() == "refuse"):
            pass
        elif cue.kind == "reject" and (
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
        readings = [(cue.kind, target, target_head, _cue_span(article, cue))]
        condition = _condition(cue) if cue.kind == "reject" else None
        if condition is not None:  # "ruled out talks without a recount": a recount demanded
            readings.append(
                ("demand", _phrase(condition), condition, _without_span(article, condition))
            )
        reporter = reported.name if reported is not None else _sayer(token, actors)
        for holder in holders:
            if reporter is not None and reporter != holder.name:
                continue  # "the ad suggests that Phoenix supports X": the ad's claim
            for kind, what, head, cue_span in readings:
                if what and holder.name.lower() in what.lower():
                    continue
                stance = Stance(
                    id="",
                    actor=Actor(entity=None, name=holder.name),
                    stance=kind,
                    target=what,
                    spans=(_sentence_span(article, token.sent),),
                    cues=(cue_span,),
                    articles=(article.id,),
                )
                # the closest target wins, and something demandable beats anything else
                rank = (
                    0 if head is not None and _is_demandable(head) else 1,
                    abs(head.i - token.i) if head is not None else 0,
                )
                key = (holder.name, kind, token.sent.start)
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, stance)
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
    speaker = quote.speaker if quote is not None else None
    holders = []
    for token in _expand(agent):
        holder = actors.actor(token)
        if holder is not None and quote is not None and holder.name != getattr(speaker, "name", ""):
            continue  # a poll said she "supports abortion": the poll's words, not her stance
        if holder is not None:
            holders.append(holder)
            continue
        for named in _included(token):
            holder = actors.actor(named)
            if holder is not None:
                holders.append(holder)
    return holders
