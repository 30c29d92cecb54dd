"""Reading the dependency parse for quotes and stances: who does a verb (`subject_of`), whose
a noun is (`possessor`, `owner_of`), pronouns, speech verbs, the extent of a phrase, where a
dateline ends (`parsed_dateline_end`)."""

from __future__ import annotations

import re
from typing import Any

from rashomon.words.speech import REPORT_LEMMAS, SPEECH_LEMMAS

# Verbs a partial quote can hang from (`called the results “surprising”`). Lemmas.
ATTRIBUTION_LEMMAS = SPEECH_LEMMAS | frozenset(
    """
    call describe demand threaten agree speak praise condemn congratulate criticise criticize
    label dub brand term characterise characterize accuse blame vow reject denounce welcome
    hail seek want decry slam liken compare blast find
    """.split()
) - frozenset({"continue", "begin", "read", "answer"})

# `X called for …`
CALL_FOR_LEMMAS = frozenset("call ask appeal push press".split())

# Nouns naming a document whose author speaks: `a statement from X reads`.
DOCUMENT_NOUNS = frozenset(
    """
    statement letter tweet communique communiqué release message note post declaration
    memo email announcement
    """.split()
)

# Verbs that put out a document: "the Council issued a statement".
ISSUE_LEMMAS = frozenset("issue release publish send post put sign".split())

# personal pronouns
HE = frozenset("he him his himself".split())
SHE = frozenset("she her hers herself".split())
HE_SHE = HE | SHE
IT = frozenset("it its".split())
THEY = frozenset("they them their".split())
_IT_THEY = IT | THEY
_FIRST_PERSON = frozenset("i we me us my our".split())


def extraposing(verb: Any) -> bool:
    """Whether `verb`, whose subject is "it", holds that subject for its infinitive or
    clause (`it makes more sense to …`, `it is important to …`, `it is time that …`): the
    verb has a complement of its own besides the clause."""
    complements = {c.dep_ for c in verb.children}
    clause = bool(complements & {"xcomp", "ccomp", "csubj"}) or any(
        c.dep_ in {"xcomp", "ccomp", "acl", "relcl"}
        for o in verb.children
        if o.dep_ in {"dobj", "attr", "acomp"}
        for c in o.children
    )
    return clause and bool(complements & {"dobj", "attr", "acomp", "oprd"})


def possessor(noun: Any) -> Any:
    """`the opposition's refusal` → opposition (spaCy labels it `poss` or `nmod` + `'s`)."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ == "nmod" and any(c.tag_ == "POS" for c in child.children)
        ):
            return child
    return None


def is_pronoun(token: Any) -> bool:
    """A personal pronoun ("US" and "IT" in capitals are names, not pronouns)."""
    if token.lower_ not in HE_SHE | _IT_THEY | _FIRST_PERSON:
        return bool(token.pos_ == "PRON" and token.tag_ in {"PRP", "PRP$"})
    return token.text == "I" or not token.text.isupper()


def is_first_person(token: Any) -> bool:
    return token.lower_ in _FIRST_PERSON and is_pronoun(token)


def subject_of(verb: Any, *, passive_agent: bool = True) -> Any:
    """The token naming who does `verb`: its subject, a passive's agent, or the subject
    inherited through coordination, control (`took to Twitter to say`) or a participle
    (`…, saying: “…”`)."""
    seen = 0
    current = verb
    while current is not None and seen < 6:
        seen += 1
        subjects = [c for c in current.children if c.dep_ == "nsubj"]
        if subjects:
            # two subjects: a dateline parsed as one; the one nearest the verb speaks
            before = [c for c in subjects if c.i < current.i]
            child = before[-1] if before else subjects[0]
            if child.lower_ in {"who", "which", "that"} and current.dep_ == "relcl":
                return current.head
            if current.i != verb.i and child.lower_ == "it" and extraposing(current):
                return None  # "it makes sense to push for X": nobody in particular pushes
            return child
        if passive_agent and current.i == verb.i:
            for child in current.children:
                if child.dep_ == "agent":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        return objs[0]
        if current.i == verb.i and any(c.dep_ == "nsubjpass" for c in current.children):
            contracted = [
                c for c in current.children if c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"}
            ]
            if contracted and is_speech(current, SPEECH_LEMMAS | REPORT_LEMMAS):
                # "he’s maintained that …": `’s` is "has" before a verb of saying
                return next(c for c in current.children if c.dep_ == "nsubjpass")
            return None  # "it was announced that …": a passive without its agent names nobody
        head = current.head
        if (
            current.tag_ == "VBG"
            and current.dep_ == "advcl"
            and current.i > 0
            and current.doc[current.i - 1].text in {",", "—", "–"}
            and head.dep_ in {"advcl", "ccomp"}
            and head.head.i != head.i
            and any(c.dep_ == "mark" for c in head.children)
            and not any(
                c.dep_ in {"nsubj", "expl"} and c.lower_ in {"it", "this", "that", "there"}
                for c in head.head.children
            )
        ):
            # "X alleged fraud before Y announced the results, threatening …": X threatens
            # (but "It came after Y chided X, accusing …": Y accuses)
            current = head.head
            continue
        if current.dep_ == "acl" and current.head.lemma_.lower() in DOCUMENT_NOUNS:
            return current.head  # "a statement calling the test “a violation”"
        if current.dep_ == "conj" and current.head.dep_ == "ccomp" and seen == 1:
            # "X claimed that A, and demanded B": the second verb is usually X's
            current = current.head.head
            continue
        if current.dep_ in {"conj", "xcomp", "advcl", "pcomp"} and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "prep" and current.head.i != current.i:
            current = current.head
            continue
        return None
    return None


def trailing_cue(verb: Any) -> Any:
    """The comma before `verb` when it is a cue that attributes the sentence before it but
    was parsed as the complement of an earlier speech verb (`“…,” he said as he left, the
    Gazette’s Ana Ruiz tweeted.`: Ruiz tweets what comes before the comma, "said" does not
    report "Ruiz tweeted"), else None. The cue has its own subject after that comma, nothing
    of its own to report, and ends the sentence."""
    head = verb.head
    if (
        verb.dep_ != "ccomp"
        or head.i >= verb.i
        or verb.lemma_.lower() not in REPORT_LEMMAS
        or head.lemma_.lower() not in SPEECH_LEMMAS | REPORT_LEMMAS
        or any(c.dep_ in {"ccomp", "dobj", "xcomp", "dative"} for c in verb.children)
    ):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if not subjects or subjects[-1].left_edge.i == 0:
        return None
    comma = verb.doc[subjects[-1].left_edge.i - 1]
    if comma.text != "," or comma.i <= head.i:
        return None
    rest = verb.doc[verb.i + 1 : verb.sent.end]
    if not all(t.is_punct or t.is_space for t in rest):
        return None
    return comma


def is_speech(token: Any, lemmas: frozenset[str]) -> bool:
    if token.lemma_.lower() == "put" and any(c.lower_ == "it" for c in token.children):
        return True  # "as X put it, “…”"
    return bool(
        token.lemma_.lower() in lemmas
        and token.pos_ in {"VERB", "AUX"}
        and token.lemma_.lower() != "be"
    )


def owner_of(noun: Any) -> Any:
    """Whose claim, statement or letter a noun is: its possessor, its `from` / `by`
    phrase, or the subject of the verb that issued it ("the Council issued a statement")."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ == "nmod" and any(c.tag_ == "POS" for c in child.children)
        ):
            return child
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"from", "by"}:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in ISSUE_LEMMAS:
        return subject_of(head)
    return None


def subtree_bounds(token: Any) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


_CONTRAST_MARKS = frozenset("while whereas though although but".split())


def cut_contrast(clause: Any, end: int) -> int:
    """End a reported clause before a contrasting clause hung on it (`…, while Spain …`)."""
    for child in clause.children:
        if child.i <= clause.i or child.dep_ not in {"advcl", "conj", "cc"}:
            continue
        first = child.left_edge
        if first.lower_ in _CONTRAST_MARKS and first.i > 0 and first.nbor(-1).text == ",":
            return min(end, int(first.nbor(-1).idx))
    return end


_DATELINE = re.compile(r"\A\s*[^\n]{0,120}?\s(?:[–—]|--?)\s")


def parsed_dateline_end(doc: Any, text: str) -> int:
    """The end of a dateline opening `text` (`Bogota, October 18, 2017 (AP) – `, `Lakeport,
    May 2 – `), or 0; `doc` is the parse of `text`.

    Wider than `ingest.outlets.dateline_end`, which claims and the summary cut at and which
    wants a credit in brackets or a place in capitals: a place and a date with no credit
    count here, the parse telling them from a sentence (no verb, a date or a place named).
    Its dashes are narrower (no horizontal bar). Either rule in the other's place changes
    what comes out (speakers and reported clauses here; claims and summary sentences there),
    so both stay."""
    match = _DATELINE.match(text)
    if not match:
        return 0
    end = match.end()
    tokens: list[Any] = []
    for token in doc:
        if token.idx >= end or len(tokens) > 24:
            break
        tokens.append(token)
    if len(tokens) > 24 or any(t.pos_ in {"VERB", "AUX"} for t in tokens):
        return 0
    letters = [c for c in text[:end] if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters)
    if not shouting and not any(t.ent_type_ in {"DATE", "GPE"} or t.text == "(" for t in tokens):
        return 0
    return end
