"""The sentences of one article, and what the summary counts in each (`summarize.summary`).

Per article, with its parse: the sentence spans; per sentence the summary's units (content
lemmas and bigrams) and its candidates, the outlet's own narration, whole or shortened at a
trailing clause; the units of the headline; the verb of a claim in the simple past; the name
that is the subject of a stance cue's verb. `summarize.summary` chooses among the candidates
of all the articles without a parse (its docstring says how).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from rashomon.extract.emotive import is_loaded
from rashomon.model import (
    Article,
    Claim,
    CueName,
    SentenceUnits,
    Span,
    Stance,
    SummaryCandidate,
)
from rashomon.words.speech import SPEECH_LEMMAS


def sentence_spans(article: Article, doc: Any) -> list[Span]:
    """The article's sentences, as the parser cut them."""
    return [
        Span(article.id, s.start_char, s.end_char, article.text[s.start_char : s.end_char])
        for s in doc.sents
    ]


def summary_sentences(article: Article, doc: Any, floor: int) -> list[SentenceUnits]:
    """Each sentence's units and candidates, in the order of `sentence_spans`; `floor` is
    where the story starts (after a dateline): no candidate starts before it."""
    return [
        SentenceUnits(
            units=frozenset(_units(sent)),
            candidates=tuple(_candidates(article, sent, floor)),
        )
        for sent in doc.sents
    ]


def title_units(title: str | None, doc: Any) -> frozenset[str]:
    """A headline's units, lemmatised with the article's own parse where the words recur."""
    if not title:
        return frozenset()
    known = {t.lower_: _lemma(t) for t in doc if _content(t)}
    words = [w.lower() for w in re.findall(r"[\w’'-]+", title)]
    lemmas = [known.get(w) for w in words]
    units = {lemma for lemma in lemmas if lemma}
    for first, second in itertools.pairwise(lemmas):
        if first and second:
            units.add(f"{first} {second}")
    return frozenset(units)


def cue_names(article: Article, doc: Any, stances: Sequence[Stance]) -> list[CueName]:
    """For each cue of `stances`, the proper name that is the subject of the nearest verb above
    it that has a subject ("The MUD ruled out …" → "the MUD"), when there is one."""
    found: list[CueName] = []
    for stance in stances:
        for cue in stance.cues:
            if cue.article != article.id:
                continue
            piece = doc.char_span(cue.start, cue.end, alignment_mode="expand")
            if piece is None:
                continue
            verb = piece.root
            while verb.head.i != verb.i and not any(c.dep_ in _SUBJECTS for c in verb.children):
                verb = verb.head
            for child in verb.children:
                if child.dep_ in _SUBJECTS and child.pos_ == "PROPN" and child.ent_type_:
                    name = " ".join(t.text for t in child.subtree if t.pos_ == "PROPN")
                    article_word = any(
                        c.dep_ == "det" and c.lower_ == "the" for c in child.children
                    )
                    found.append(CueName(cue=cue, name=("the " if article_word else "") + name))
    return found


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


MIN_SENTENCE_WORDS = 6
MAX_SENTENCE_WORDS = 60
_QUOTE_MARKS = '“”"‘’'
_DOUBLE_MARKS = '“”"'
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "myself"})
# a sentence that opens with one of these leans on the one before it
_ANAPHORA = frozenset("that this these those it he she they his her their its such also".split())
# a connective that opens a sentence ("But not all governments…"): the sentence stands without
# it, capitalised
_CONNECTIVE = re.compile(
    r"(?:But|And|Yet|However|Meanwhile|Still|Moreover|In addition|For its part),?\s+(?=[a-zA-Z])"
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


def _candidates(article: Article, sent: Any, floor: int) -> list[SummaryCandidate]:
    """The sentence as a candidate, and its shortened forms (see `_cuts`), or nothing when it
    is not the outlet's own narration."""
    start = floor if sent.start_char < floor < sent.end_char else sent.start_char
    label = _LABEL.match(article.text, start, sent.end_char)
    if label:
        start = label.end()
    connective = _CONNECTIVE.match(article.text, start, sent.end_char)
    if connective:
        start = connective.end()
    text = article.text[start : sent.end_char]
    start += len(text) - len(text.lstrip())
    text = text.strip()
    end = start + len(text)
    words = len(text.split())
    if not (MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS):
        return []
    if text[-1:] not in ".!”\"'’" or not _narration(text):
        return []
    tokens = [t for t in sent if start <= t.idx < end]
    if tokens[0].lower_ in _ANAPHORA:
        return []
    inside = _inside_quotes(tokens)
    if any(t.lower_ in _FIRST_PERSON and not q for t, q in zip(tokens, inside, strict=True)):
        return []
    made = [_made(article, tokens, start, end, "")]
    for cut in _cuts(sent, tokens, inside):
        shorter = _made(article, tokens, start, cut, ".")
        if shorter.words >= MIN_SENTENCE_WORDS:
            made.append(shorter)
    return made


def _made(article: Article, tokens: list[Any], start: int, end: int, stop: str) -> SummaryCandidate:
    """A candidate for `article.text[start:end]`; its text is that span, capitalised, with
    `stop` after it."""
    kept = [t for t in tokens if t.idx < end]
    span = Span(article.id, start, end, article.text[start:end])
    return SummaryCandidate(
        span=span,
        words=len(span.text.split()),
        units=frozenset(_units(kept)),
        loaded=_loadedness(kept),
        text=span.text[:1].upper() + span.text[1:] + stop,
        group=start,
    )


# a short label that opens a sentence ("Why it matters: ", "The bottom line: ")
_LABEL = re.compile(r"\s*(?:[A-Z][\w’']*)(?:\s+[\w’']+){0,3}:\s+(?=[A-Z])")
_CUT_MARKS = frozenset({",", ";", "—", "–", "--"})
# what a trailing clause may hang on the main verb by, to be left out
_TRAILING = frozenset({"advcl", "conj", "cc", "npadvmod", "prep", "xcomp", "punct"})


def _cuts(sent: Any, tokens: list[Any], inside: list[bool]) -> list[int]:
    """Where the sentence may end early: at a comma, semicolon or dash after its main verb and
    its subject, when everything after it hangs on the main verb as a trailing clause or
    phrase ("…, signaling a shift in …", "…, according to …", "… — and bring …"), outside
    quotes and brackets. Returns the character offsets where the shortened sentence ends."""
    root = sent.root
    if root.pos_ not in {"VERB", "AUX"} or not any(
        c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children
    ):
        return []
    # "X responded Tuesday, accusing Y of …": a report of speech whose content trails
    said_before = {c.i for c in root.children if c.dep_ in {"ccomp", "dobj", "xcomp"}}
    cuts = []
    depth = 0
    last = len(tokens) - 1
    for index, token in enumerate(tokens[:-1]):
        if token.text in "([":
            depth += 1
        elif token.text in ")]":
            depth -= 1
        if token.text not in _CUT_MARKS or depth or inside[index] or token.i <= root.i:
            continue
        if root.lemma_.lower() in SPEECH_LEMMAS and not any(i < token.i for i in said_before):
            continue
        rest = tokens[index + 1 : last]
        if not rest or any(t.i <= root.i for t in rest):
            continue
        if all(
            t.head.i > token.i or (t.head.i == root.i and t.dep_ in _TRAILING) for t in rest
        ) and any(t.head.i == root.i for t in rest):
            cuts.append(token.idx)
    return cuts


def _loadedness(tokens: Sequence[Any]) -> float:
    """How many loaded words (`rashomon.extract.emotive`) the tokens hold."""
    return float(sum(1 for t in tokens if is_loaded(t.lemma_) or is_loaded(t.lower_)))


def _units(tokens: Any) -> set[str]:
    """Content lemmas, the bigrams of adjacent content lemmas ("first second"), and the other
    bigrams of adjacent words, punctuation skipped ("president+of", "of+the")."""
    lemmas = [_lemma(t) if _content(t) else None for t in tokens]
    units = {lemma for lemma in lemmas if lemma}
    for first, second in itertools.pairwise(lemmas):
        if first and second:
            units.add(f"{first} {second}")
    words = [
        (_lemma(t), bool(lemma))
        for t, lemma in zip(tokens, lemmas, strict=True)
        if t.is_alpha or t.like_num
    ]
    for (first, content), (second, also) in itertools.pairwise(words):
        if not (content and also):
            units.add(f"{first}+{second}")
    return units


def _content(token: Any) -> bool:
    return bool(
        token.pos_ in _CONTENT_POS
        and not token.is_stop
        and (token.is_alpha or token.like_num)
        and len(token.text) > 1
    )


def _lemma(token: Any) -> str:
    return str(token.lemma_).lower()


def _narration(text: str) -> bool:
    """The outlet's own voice: not a quote, nor a piece of one (an odd number of marks), nor
    a question."""
    if text[0] in _QUOTE_MARKS or text.rstrip(_QUOTE_MARKS).endswith("?"):
        return False
    marks = sum(text.count(mark) for mark in _DOUBLE_MARKS)
    return marks % 2 == 0


def _inside_quotes(tokens: list[Any]) -> list[bool]:
    inside: list[bool] = []
    open_ = False
    for token in tokens:
        if token.text in _DOUBLE_MARKS:
            open_ = not open_
            inside.append(False)
        else:
            inside.append(open_)
    return inside


def past_verb(claim: Claim, doc: Any) -> str | None:
    """The claim's verb as written, when it is in the simple past ("won", "took")."""
    span = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if token.lemma_ == claim.predicate and token.tag_ == "VBD":
            return str(token.text).lower()
    return None
