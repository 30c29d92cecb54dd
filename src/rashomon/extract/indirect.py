"""Indirect speech (`direct=False` quotes without quotation marks), see extract/quotes.py.

A speech verb with a clausal complement (`X said that …`, `X said the vote was …`, `X tweeted
that …`, `…, X said.`), a verb of thinking or showing with one (`X believes that …`, `the poll
shows that …`), a speech verb set inside the clause it reports (`Climate change, Obama says, is
…`: two parts around the aside), an intention (`X wants to …`, `X promised to …`), object
control (`X urged Y to …`, `X asked Y to …`), `X accused Y of …`, `X called for …`, `X
proposed / mentioned / questioned …` (the object), `X cited A as B` (X's claim that A is B; `X
cited a study` reports no words of X's about what the study says), and `according to X, …`.

A denial (`X denied that …`, `X disputed that …`, `X rejected claims that …`, `X dismissed
suggestions that …`) reports what X denies: the clause, with the cue through the denied noun
("rejected claims"); `denies` tells the quote to carry `denied=True`, so that nobody reads X
as saying it.
"""

from __future__ import annotations

from typing import Any

from rashomon.extract.attribution import Attributor, cue_phrase
from rashomon.extract.marks import content_bounds, has_word
from rashomon.extract.speakers import AGENT_NOUNS, GROUP_NOUNS, PEOPLE_NOUNS, PERSON_TITLES
from rashomon.extract.syntax import (
    CALL_FOR_LEMMAS,
    cut_contrast,
    subject_of,
    subtree_bounds,
    trailing_cue,
)
from rashomon.model import Speaker
from rashomon.words.speech import DENIED_NOUNS, DENY_LEMMAS, REPORT_LEMMAS

# Verbs of thinking, knowing and showing that report a clause as someone's (`X believes that
# …`, `the poll shows that …`). Lemmas.
THOUGHT_LEMMAS = frozenset(
    """
    believe think know expect hope fear worry feel doubt realize realise recognize recognise
    understand show indicate reveal suggest mention recommend propose question wonder
    """.split()
)

# `X wants to …`, `X promised to …`: an intention; the infinitive is the content. Lemmas.
# Accepting or turning down an act is no speech: `X refused / declined / agreed to apologize`
# reports no words of X's ("to apologize"), at most a stance (extract/stances.py).
INTENT_LEMMAS = frozenset(
    """
    want plan promise vow pledge threaten intend hope expect seek offer propose aim
    """.split()
)

# `X proposed a recount`: a speech act on an object; the object is the content. Verbs that
# voice a stance (condemn, praise, reject …) are left to the stances. Lemmas.
OBJECT_LEMMAS = frozenset("propose cite mention question".split())
_AS_FOR = frozenset({"as", "for"})  # `cited the audit as the reason`
# Verbs whose object is a quote only with what X claims it is: `X cited the audit as the
# reason` is X's claim; `X cited a study` names a source and says nothing in X's words.
_CLAIMED_AS = frozenset({"cite"})

# `X urged Y to …`: the object and the infinitive are the reported content.
CONTROL_LEMMAS = frozenset("ask urge tell call invite order instruct encourage implore".split())

# `X accused Y of …`
ACCUSE_LEMMAS = frozenset("accuse blame charge".split())


def denies(cue: Any, content_start: int) -> bool:
    """Whether the cue token `cue` denies the reported content that starts at character
    `content_start`: a denial verb whose clause it is (`denied that …`, `…, the office
    denied`) or the clause of a claim it rejects (`rejected claims that …`), not its object
    (`rejected the union's account as “unfounded”` says the account is unfounded)."""
    if cue.lemma_.lower() not in DENY_LEMMAS:
        return False
    for child in cue.children:
        if child.dep_ in {"dobj", "nsubjpass"} and (
            child.left_edge.idx <= content_start <= child.right_edge.idx
        ):
            return child.lemma_.lower() in DENIED_NOUNS and content_start > child.idx
    return True


def _denied_clause(noun: Any) -> Any:
    """The clause a denied noun holds (`claims [by activists] that the boat was towed`)."""
    if noun.lemma_.lower() not in DENIED_NOUNS:
        return None
    for child in noun.children:
        if (
            child.dep_ in {"acl", "ccomp"}
            and child.pos_ in {"VERB", "AUX"}
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        ):
            return child
    return None


def _agentive(token: Any) -> bool:
    """Whether `token` can name someone who intends: a name, a pronoun, a person, a body."""
    if token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or token.pos_ in {"PROPN", "PRON"}:
        return True
    lemma = token.lemma_.lower()
    return token.pos_ != "NOUN" or bool(
        lemma in GROUP_NOUNS | PEOPLE_NOUNS | AGENT_NOUNS
        or token.lower_ in PERSON_TITLES | AGENT_NOUNS
        or lemma in PERSON_TITLES
    )


class Indirect:
    """Indirect speech of one doc."""

    def __init__(self, attributor: Attributor) -> None:
        self.at = attributor
        self.text = attributor.text

    def quoted_share(self, start: int, end: int) -> float:
        if end <= start:
            return 1.0
        covered = 0
        for region in self.at.regions:
            for a, b in region.parts:
                covered += max(0, min(b, end) - max(a, start))
        letters = sum(1 for c in self.text[start:end] if c.isalnum())
        quoted_letters = 0
        for region in self.at.regions:
            for a, b in region.parts:
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    quoted_letters += sum(1 for c in self.text[lo:hi] if c.isalnum())
        return quoted_letters / letters if letters else 1.0

    def extract(self) -> list[tuple[list[tuple[int, int]], tuple[int, int], Speaker]]:
        out = []
        for token in self.at.doc:
            if self.at.inside(token.idx):
                continue
            found = self._for_token(token)
            if found is None:
                continue
            parts, cue, subject_token = found
            p_start, p_end = self.at.para_bounds(self.at.paragraph_of(cue[0]))
            parts = [self._trim(max(a, p_start), min(b, p_end)) for a, b in parts]
            parts = [(a, b) for a, b in parts if has_word(self.text, a, b)]
            if not parts or subject_token is None:
                continue
            if sum(1 for a, b in parts for c in self.text[a:b] if c.isalnum()) < 8:
                continue
            if self.quoted_share(parts[0][0], parts[-1][1]) > 0.5:
                continue
            speaker = self.at.speaker_of(self.at.tokens.at(cue[0]), subject_token)
            if speaker is None or speaker.span.start <= parts[0][0] < speaker.span.end:
                continue
            out.append((parts, cue, speaker))
        return out

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        return content_bounds(self.text, a, b)

    def _negated(self, token: Any) -> bool:
        return any(c.dep_ == "neg" for c in token.children)

    def _for_token(self, token: Any) -> tuple[list[tuple[int, int]], tuple[int, int], Any] | None:
        lemma = token.lemma_.lower()
        if token.lower_ == "according":
            return self._according(token)
        if token.pos_ != "VERB" or self._negated(token):
            return None
        children = list(token.children)
        if lemma in REPORT_LEMMAS or lemma in THOUGHT_LEMMAS or lemma in DENY_LEMMAS:
            clauses = [c for c in children if c.dep_ == "ccomp" and trailing_cue(c) is None]
            comma = trailing_cue(token)
            if comma is not None:
                # `“…,” he said as he left, the Gazette’s Ana Ruiz tweeted.`: what came before
                start = max(token.sent.start_char, self.at.resolver.dateline)
                return [(start, comma.idx)], cue_phrase(token), subject_of(token)
            if clauses:
                clause = clauses[0]
                start, end = subtree_bounds(clause)
                marks = [
                    c for c in clause.children if c.dep_ == "mark" and c.i == clause.left_edge.i
                ]
                if marks:
                    start = marks[0].idx + len(marks[0])
                end = cut_contrast(clause, end)
                start = max(start, self.at.resolver.dateline)
                return [(start, end)], cue_phrase(token), subject_of(token)
            if token.dep_ == "parataxis" and lemma in REPORT_LEMMAS:
                # `Climate change, Mr. Obama often says, is …`: the sentence around the aside
                parts = self._around(token, token.head)
                if parts:
                    return parts, cue_phrase(token), subject_of(token)
        if lemma in DENY_LEMMAS:
            # `rejected claims [by activists] that …`: the claim's clause, cue through the noun
            for obj in (c for c in children if c.dep_ == "dobj" and c.i > token.i):
                clause = _denied_clause(obj)
                if clause is not None:
                    start, end = subtree_bounds(clause)
                    marks = [c for c in clause.children if c.dep_ == "mark"]
                    if marks and marks[0].i == clause.left_edge.i:
                        start = marks[0].idx + len(marks[0])
                    cue = (token.idx, obj.idx + len(obj))
                    return [(start, cut_contrast(clause, end))], cue, subject_of(token)
        if lemma in CONTROL_LEMMAS:
            objs = [c for c in children if c.dep_ in {"dobj", "dative"} and c.i > token.i]
            xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
            if objs and xcomps:
                start = subtree_bounds(objs[0])[0]
                end = subtree_bounds(xcomps[0])[1]
                return [(start, end)], cue_phrase(token), subject_of(token)
        if lemma in ACCUSE_LEMMAS:
            objs = [c for c in children if c.dep_ == "dobj"]
            owners = children + [c for o in objs for c in o.children]
            preps = [c for c in owners if c.dep_ == "prep" and c.lower_ in {"of", "for"}]
            if objs and preps:
                start = subtree_bounds(objs[0])[0]
                end = subtree_bounds(preps[0])[1]
                return [(start, end)], cue_phrase(token), subject_of(token)
        if lemma in INTENT_LEMMAS:
            xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
            subject = subject_of(token)
            if (
                xcomps
                and not any(c.dep_ in {"dobj", "dative"} for c in children)
                and subject is not None
                and _agentive(subject)
            ):  # an intention is someone's: "the law aims to …" reports nobody's
                return [subtree_bounds(xcomps[0])], cue_phrase(token), subject
        if lemma in OBJECT_LEMMAS:
            objs = [c for c in children if c.dep_ == "dobj" and c.i > token.i]
            if objs:
                start, end = subtree_bounds(objs[0])
                # "as" on the verb or on its object (`cited [the audit as the reason]`)
                claimed = any(c.dep_ == "prep" and c.lower_ == "as" for c in objs[0].children)
                for child in children:
                    if child.i > objs[0].i and child.dep_ == "prep" and child.lower_ in _AS_FOR:
                        end = max(end, subtree_bounds(child)[1])
                        claimed = claimed or child.lower_ == "as"
                if lemma not in _CLAIMED_AS or claimed:
                    return [(start, end)], cue_phrase(token), subject_of(token)
        if lemma in CALL_FOR_LEMMAS:
            fors = [
                c for c in children if c.dep_ == "prep" and c.lower_ == "for" and c.i == token.i + 1
            ]
            if fors:
                objs = [c for c in fors[0].children if c.dep_ == "pobj"]
                if objs:
                    return [subtree_bounds(objs[0])], cue_phrase(token), subject_of(token)
        return None

    def _according(self, token: Any) -> tuple[list[tuple[int, int]], tuple[int, int], Any] | None:
        tos = [c for c in token.children if c.lower_ == "to"]
        if not tos or tos[0].i != token.i + 1:
            return None
        objs = [c for c in tos[0].children if c.dep_ == "pobj"]
        if not objs:
            return None
        head = token.head
        if head.i == token.i:
            return None
        cue = (token.idx, tos[0].idx + len(tos[0]))
        return self._around(token, head), cue, objs[0]

    def _around(self, aside: Any, head: Any) -> list[tuple[int, int]]:
        """The clause of `head` without the phrase of `aside` (`according to X`, `X said`)
        set inside it, in one or two parts, inside the sentence."""
        own_start, own_end = subtree_bounds(aside)
        sent = aside.sent
        clause_start, clause_end = subtree_bounds(head)
        clause_start = max(clause_start, sent.start_char)
        clause_end = min(clause_end, sent.end_char)
        parts = []
        if clause_start < own_start:
            parts.append((clause_start, own_start))
        if own_end < clause_end:
            parts.append((own_end, clause_end))
        return parts
