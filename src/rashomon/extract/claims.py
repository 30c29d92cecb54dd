"""Claims: who did what (subject, predicate), with a quantity or a polarity, and who asserts it.

A claim is a clause headed by a verb (or a copula's complement). Every quantity yields a
numeric claim on the clause that governs it; clauses with a subject and no quantity yield
textual claims, which the compare stage uses for contradictions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rashomon.model import Article, Claim, Quantity, Quote, Ref, Span

SPEECH_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "add",
        "report",
        "announce",
        "state",
        "claim",
        "allege",
        "insist",
        "argue",
        "warn",
        "note",
        "explain",
        "write",
        "tweet",
        "declare",
        "confirm",
        "deny",
        "accuse",
        "suggest",
        "predict",
        "estimate",
        "acknowledge",
        "admit",
        "assert",
        "stress",
        "underscore",
        "reiterate",
        "testify",
        "show",
    ]
)
MODAL_LEMMAS = frozenset({"may", "might", "could", "would", "should", "can", "must"})
HEDGE_ADVERBS = frozenset(
    {"reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "perhaps"}
)
_NEGATORS = frozenset({"not", "never", "no", "n't", "neither", "nor", "without"})
_LACK = frozenset({"lack", "absence", "failure"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_CLAUSE_POS = frozenset({"VERB", "AUX"})


def extract_claims(
    article: Article, doc: Any, quantities: Iterable[Quantity], quotes: Iterable[Quote] = ()
) -> list[Claim]:
    """Numeric claims (one per quantity) and textual claims (clauses with a subject)."""
    quote_spans = [(q.span.start, q.span.end, q) for q in quotes]
    claims: list[Claim] = []
    used_heads: set[int] = set()
    for quantity in quantities:
        span = doc.char_span(quantity.span.start, quantity.span.end, alignment_mode="expand")
        if span is None:
            continue
        head = _clause_head(span.root)
        used_heads.add(head.i)
        claims.append(_claim(article, doc, head, quantity, quote_spans, anchor=span.root))
    for token in doc:
        if token.i in used_heads or not _is_claim_head(token):
            continue
        claims.append(_claim(article, doc, token, None, quote_spans, anchor=token))
    claims.sort(key=lambda c: (c.span.start, c.quantity.span.start if c.quantity else -1))
    return claims


def _is_claim_head(token: Any) -> bool:
    if token.pos_ not in _CLAUSE_POS or token.lemma_ in SPEECH_LEMMAS:
        return False
    if token.dep_ not in {"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp"}:
        return False
    return any(child.dep_ in _SUBJECT_DEPS for child in token.children)


def _clause_head(token: Any) -> Any:
    """The verb whose clause holds `token` (the token itself when no verb governs it)."""
    current = token
    while current.pos_ not in _CLAUSE_POS and current.head.i != current.i:
        current = current.head
    if current.pos_ not in _CLAUSE_POS:
        return token.sent.root
    # a speech verb's own object is what is said: "the CNE said 11 million people voted"
    return current


def _claim(
    article: Article,
    doc: Any,
    head: Any,
    quantity: Quantity | None,
    quote_spans: list[tuple[int, int, Quote]],
    anchor: Any,
) -> Claim:
    clause_tokens = _clause_tokens(head)
    start = min(t.idx for t in clause_tokens)
    last = max(clause_tokens, key=lambda t: t.idx + len(t.text))
    end = last.idx + len(last.text)
    if quantity is not None:
        start = min(start, quantity.span.start)
        end = max(end, quantity.span.end)
    span = _span(article, start, end)
    return Claim(
        id="",
        span=span,
        subject=_subject(article, head, quantity),
        predicate=_predicate(head),
        negated=_negated(head, clause_tokens),
        modality=_modality(head),
        quantity=quantity,
        asserted_by=_asserted_by(article, head, span, quote_spans),
    )


def _clause_tokens(head: Any) -> list[Any]:
    """The contiguous run of the head's subtree, without the clauses it governs."""
    excluded: set[int] = set()
    for child in head.children:
        if child.dep_ in {"ccomp", "advcl", "conj", "parataxis"} and child.pos_ in _CLAUSE_POS:
            excluded.update(t.i for t in child.subtree)
    indexes = {t.i for t in head.subtree} - excluded
    low = high = head.i
    while low - 1 in indexes:
        low -= 1
    while high + 1 in indexes:
        high += 1
    tokens = list(head.doc[low : high + 1])
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].dep_ in {"cc", "mark"}):
        tokens.pop(0)
    return tokens


def _span(article: Article, start: int, end: int) -> Span:
    return Span(article.id, start, end, article.text[start:end])


def _subject(article: Article, head: Any, quantity: Quantity | None) -> Ref | None:
    current = head
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
        if subjects:
            subject = subjects[0]
            tokens = [
                t for t in subject.subtree if not t.is_punct or t.i not in {subject.left_edge.i}
            ]
            start = min(t.idx for t in tokens)
            end = max(t.idx + len(t.text) for t in tokens)
            return Ref(entity=None, span=_span(article, start, end))
        if current.dep_ in {"conj", "xcomp", "advcl", "relcl"} and current.head.i != current.i:
            if current.dep_ == "relcl":
                noun = current.head
                return Ref(entity=None, span=_span(article, noun.idx, noun.idx + len(noun.text)))
            current = current.head
            continue
        break
    return None


def _predicate(head: Any) -> str:
    if head.lemma_ == "be":
        for child in head.children:
            if child.dep_ in {"acomp", "attr"}:
                return f"be {child.lemma_.lower()}"
    particle = next((c.text.lower() for c in head.children if c.dep_ == "prt"), "")
    return f"{head.lemma_.lower()} {particle}".strip()


def _negated(head: Any, clause_tokens: list[Any]) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in _NEGATORS for c in head.children):
        return True
    return any(
        t.lemma_.lower() in _LACK or (t.dep_ == "preconj" and t.lower_ == "neither")
        for t in clause_tokens
    )


def _modality(head: Any) -> str | None:
    for child in head.children:
        if child.dep_ == "aux" and child.lemma_.lower() in MODAL_LEMMAS:
            return str(child.lower_)
        if child.dep_ == "advmod" and child.lower_ in HEDGE_ADVERBS:
            return str(child.lower_)
    return None


def _asserted_by(
    article: Article, head: Any, span: Span, quote_spans: list[tuple[int, int, Quote]]
) -> Ref | None:
    """Who the text says asserts the claim: a quote's speaker, the subject of a speech verb
    the clause depends on, or the object of "according to"."""
    for q_start, q_end, quote in quote_spans:
        if q_start <= span.start and span.end <= q_end and quote.speaker is not None:
            return Ref(entity=quote.speaker.entity, span=quote.speaker.span)
    current = head
    for _ in range(3):
        if current.head.i == current.i:
            break
        parent = current.head
        if parent.lemma_.lower() in SPEECH_LEMMAS and current.dep_ in {"ccomp", "xcomp", "dobj"}:
            speakers = [c for c in parent.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if speakers:
                speaker = speakers[0]
                left, right = speaker.left_edge, speaker.right_edge
                return Ref(
                    entity=None,
                    span=_span(article, left.idx, right.idx + len(right.text)),
                )
        current = parent
    for token in head.sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if to.lower_ == "to" and objects:
                obj = objects[0]
                return Ref(
                    entity=None,
                    span=_span(
                        article, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text)
                    ),
                )
    return None
