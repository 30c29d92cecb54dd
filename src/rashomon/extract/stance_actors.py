"""Who holds a stance (step 4 of `extract/stances.py`): the token a cue's holder is named
by, and the actor it names (a person, a body, a place or a group, through the speakers'
`Resolver`), never a vague or generic one."""

from __future__ import annotations

from typing import Any

from rashomon.extract.speakers import AGENT_NOUNS, GROUP_NOUNS, Resolver
from rashomon.extract.stance_cues import RECOGNISE, Cue, refused
from rashomon.extract.syntax import extraposing, is_pronoun, possessor, subject_of
from rashomon.model import Article, Speaker
from rashomon.words.gazetteer import gazetteer

# Common nouns that can name an actor (besides named entities and pronouns).
ACTOR_NOUNS = GROUP_NOUNS | frozenset(
    """
    minister ministers leader president country nation official diplomat spokesman spokeswoman
    spokesperson envoy ambassador lawmaker legislator senator candidate chief head secretary
    chancellor premier governments countries leaders officials nations
    """.split()
)

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
_PRONOUNS = frozenset("he she it they him her them his its their".split())


def agent_token(cue: Cue) -> Any:
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
    if token.lemma_.lower() in RECOGNISE and refused(token):
        return agent_token(Cue(cue.kind, token.head, cue.start, cue.end))
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


# Nationality adjectives of countries the gazetteer does not hold: there, each would change
# which names other stages take for a country's (the per-article name clues, labels and
# figure frames of PolNeAR texts that say "Greek" or "Swedish").
_OTHER_DEMONYMS = {
    "danish": "Denmark",
    "greek": "Greece",
    "irish": "Ireland",
    "norwegian": "Norway",
    "swedish": "Sweden",
}


def _demonym(token: Any) -> str | None:
    """The country a nationality adjective names ("the Cuban government" → Cuba), by the
    gazetteer."""
    return gazetteer().country_of_demonym(token.text) or _OTHER_DEMONYMS.get(token.lower_)


def conjuncts(token: Any) -> list[Any]:
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


def included(token: Any) -> list[Any]:
    """ "Several conservatives, including Glenn Beck and Bill O'Reilly" → the named ones."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"including", "like"}:
            return [o for c in child.children if c.dep_ == "pobj" for o in conjuncts(c)]
    return []


class Actors:
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
