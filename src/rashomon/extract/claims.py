"""Claims: who did what (subject, predicate), with a quantity or a polarity, and who asserts it.

A claim is a clause headed by a verb (or a copula's complement). Every quantity yields a
numeric claim on the clause that governs it; clauses with a subject and no quantity yield
textual claims, which the compare stage uses for contradictions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from rashomon.ingest.outlets import dateline_end
from rashomon.model import Article, Claim, Interval, Quantity, Quote, Ref, Span
from rashomon.words.speech import DENIED_NOUNS, DENY_LEMMAS

SPEECH_LEMMAS = frozenset(
    """say tell add report announce state claim allege insist argue warn note explain write
    tweet declare deny accuse suggest predict estimate acknowledge admit assert stress
    underscore reiterate""".split()
)
# verbs by which the subject vouches for what follows: the subject asserts the claim
ATTEST_LEMMAS = frozenset({"testify", "vouch", "attest", "certify", "confirm", "show"})
# the predicate of the whole in "N of M": "17 of 23 states" also says there are 23 states
WHOLE_PREDICATE = "number in all"
MODAL_LEMMAS = frozenset({"may", "might", "could", "would", "should", "can", "must"})
HEDGE_ADVERBS = frozenset(
    {"reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "perhaps"}
)
# negations of a clause's verb ("n’t" with a curly apostrophe is no "neg" to the parser)
_VERB_NEGATORS = frozenset({"not", "never", "n't", "n’t"})
# "not just about X, but Y": the negation limits what follows, it does not deny it
_LIMITERS = frozenset({"just", "only", "merely", "simply", "solely"})
# verbs of a forecast: "analysts were expecting 870,000 jobs" is no count of jobs
FORECAST_LEMMAS = frozenset({"expect", "forecast", "predict", "project", "anticipate"})
# verbs by which the subject supposes what follows without asserting it: "many have speculated
# that the White House offered ..." is no claim that it did; "he believed he had the 41 votes"
SUPPOSE_LEMMAS = frozenset(
    """speculate suppose suspect guess wonder hypothesize imagine rumor believe think""".split()
)
_LACK = frozenset({"lack", "absence"})
# a negative quantifier as the subject or object denies the clause: "Nobody refused help",
# "None of the deaths has been attributed", "they found no deficiencies"
_NEGATIVE_WORDS = frozenset({"nobody", "nothing", "none", "no-one", "noone"})
_NEGATIVE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
# "no intention of resigning", "no plan to": a denied intent says nothing of the deed
_INTENT_NOUNS = frozenset("intention intent plan plans choice option need wish desire".split())
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_BREAKS = frozenset({"–", "—", "-", "--", ":"})
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
        whole = _whole(article, doc, quantity)
        if whole is not None:
            claim = _claim(article, doc, head, whole, quote_spans, anchor=span.root)
            claims.append(dataclasses.replace(claim, predicate=WHOLE_PREDICATE))
    for token in doc:
        if token.i in used_heads or not _is_claim_head(token):
            continue
        claims.append(_claim(article, doc, token, None, quote_spans, anchor=token))
    claims.extend(_negated_phrases(article, doc, quote_spans))
    floor = dateline_end(article.text)
    if floor:
        claims = [_after_dateline(article, claim, floor) for claim in claims]
    claims.sort(key=lambda c: (c.span.start, c.quantity.span.start if c.quantity else -1))
    return claims


def _after_dateline(article: Article, claim: Claim, floor: int) -> Claim:
    """The parser glues a dateline to the first sentence; no claim or subject starts in it."""
    span, subject = claim.span, claim.subject
    if span.start < floor < span.end:
        span = _span(article, floor, span.end)
    if subject is not None and subject.span.start < floor:
        if subject.span.end <= floor:
            subject = None
        else:
            subject = Ref(subject.entity, _span(article, floor, subject.span.end))
    return dataclasses.replace(claim, span=span, subject=subject)


def _whole(article: Article, doc: Any, quantity: Quantity) -> Quantity | None:
    """The whole of an "N of M" figure as a figure of its own ("17 of 23 states" → 23 states),
    so outlets that agree on the whole agree even when they differ on the part."""
    if quantity.of is None:
        return None
    span = doc.char_span(quantity.span.start, quantity.span.end, alignment_mode="expand")
    numbers = [t for t in span if t.like_num][1:]
    if not numbers:
        return None
    start = numbers[0].idx
    end = numbers[-1].idx + len(numbers[-1].text)
    whole = Span(article.id, start, end, article.text[start:end])
    exact = Interval(quantity.of, True, quantity.of, True)
    return Quantity(whole, quantity.of, quantity.unit, None, None, exact)


def _negated_phrases(
    article: Article, doc: Any, quote_spans: list[tuple[int, int, Quote]]
) -> list[Claim]:
    """Negations that live in a phrase, not on a verb: "elections ... as neither free nor
    fair", "the lack of free and fair elections". The claim is the phrase itself."""
    claims = []
    for token in doc:
        if token.lower_ == "neither" and token.dep_ == "preconj":
            target = token.head
            verb = target.head
            while verb.pos_ not in _CLAUSE_POS and verb.head.i != verb.i:
                verb = verb.head
            objects = sorted(
                (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"}),
                key=lambda c: ("dobj", "nsubjpass", "nsubj").index(c.dep_),
            )
            start_token = objects[0].left_edge if objects else token
            end_token = max(target.subtree, key=lambda t: t.i)
            if start_token.i > token.i:
                start_token = token
            subject = objects[0] if objects else None
        elif token.lemma_.lower() in _LACK and any(c.dep_ == "prep" for c in token.children):
            start_token = token
            end_token = max(token.subtree, key=lambda t: t.i)
            prep = next(c for c in token.children if c.dep_ == "prep")
            subject = next((c for c in prep.children if c.dep_ == "pobj"), None)
            target = token
        else:
            continue
        start, end = start_token.idx, end_token.idx + len(end_token.text)
        span = _span(article, start, end)
        subject_ref = None
        if subject is not None:
            s_start = subject.left_edge.idx
            s_end = subject.right_edge.idx + len(subject.right_edge.text)
            subject_ref = Ref(entity=None, span=_span(article, s_start, s_end))
        claims.append(
            Claim(
                id="",
                span=span,
                subject=subject_ref,
                predicate=f"be {target.lemma_.lower()}",
                negated=True,
                modality=None,
                quantity=None,
                asserted_by=_asserted_by(article, target.head, span, quote_spans),
            )
        )
    return claims


def _is_claim_head(token: Any) -> bool:
    if token.pos_ not in _CLAUSE_POS or token.lemma_ in SPEECH_LEMMAS:
        return False
    first = token.left_edge
    if first.tag_ == "WRB" or first.lower_ in {"whether", "if"}:
        return False  # "how long the shutdown would last" asks; it asserts nothing
    if token.dep_ not in {"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "acl"}:
        return False
    if token.dep_ == "acl" and token.head.lemma_.lower() not in DENIED_NOUNS:
        return False  # "claims that the boat was towed" is a clause; "the boat towed" is not
    if any(child.dep_ in _SUBJECT_DEPS for child in token.children):
        return True
    # "Nuno came to my office and asked to go": the second verb shares the first one's subject
    return (
        token.dep_ == "conj"
        and token.pos_ == "VERB"
        and token.head.pos_ == "VERB"
        and any(c.dep_ in _SUBJECT_DEPS for c in token.head.children)
    )


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
    asserted_by = _asserted_by(article, head, span, quote_spans)
    negated = _negated(head)
    denier = _denier(head) if quantity is None else None
    if denier is not None:
        # "X rejected claims that Y": X asserts not-Y (a denied denial asserts nothing plain)
        negated = not negated
        subjects = [c for c in denier.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and not _negated(denier) and not _in_quote(span, quote_spans):
            asserted_by = Ref(entity=None, span=_phrase(article, subjects[0]))
        elif _negated(denier):
            negated = not negated
    return Claim(
        id="",
        span=span,
        subject=_owner(article, anchor) or _subject(article, head, quantity),
        predicate=_predicate(head),
        negated=negated,
        modality=_modality(head),
        quantity=quantity,
        asserted_by=asserted_by,
    )


def _in_quote(span: Span, quote_spans: list[tuple[int, int, Quote]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end, _ in quote_spans)


def _denier(head: Any) -> Any:
    """The verb that denies the clause headed by `head`: "denied that the boat was towed",
    "rejected claims by activists that a patrol boat had tried to tow the vessel"."""
    parent = head.head
    if parent.i == head.i:
        return None
    if head.dep_ == "ccomp" and parent.lemma_.lower() in DENY_LEMMAS:
        return parent
    if (
        head.dep_ in {"acl", "ccomp"}
        and parent.lemma_.lower() in DENIED_NOUNS
        and parent.dep_ == "dobj"
        and parent.head.lemma_.lower() in DENY_LEMMAS
    ):
        return parent.head
    return None


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
            if subject.lower_ in _RELATIVE and current.dep_ == "relcl":
                # "the ones who are not raiding Medicare" → the ones
                return Ref(entity=None, span=_phrase(article, current.head, before=current))
            return Ref(entity=None, span=_phrase(article, subject))
        if current.dep_ in {"conj", "xcomp", "advcl", "relcl"} and current.head.i != current.i:
            if current.dep_ == "relcl":
                return Ref(entity=None, span=_phrase(article, current.head, whole=False))
            current = current.head
            continue
        break
    return None


def _owner(article: Article, anchor: Any) -> Ref | None:
    """Whose figure it is when the text says so: "the Mud coalition's five" → the Mud coalition."""
    before = anchor.doc[anchor.i - 1] if anchor.i > 0 else None
    if (
        before is not None
        and before.lower_ in {"’s", "'s"}
        and before.head.pos_ in {"PROPN", "NOUN"}
    ):
        return Ref(entity=None, span=_phrase(article, before.head))  # parsed or not as "poss"
    for token in (anchor, anchor.head):
        owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}]
        if owners:
            return Ref(entity=None, span=_phrase(article, owners[0]))
        if token.pos_ != "NUM":
            break
    return None


def _phrase(article: Article, token: Any, whole: bool = True, before: Any = None) -> Span:
    """The token's phrase (its subtree, or itself), cut after a dateline's dash or a colon,
    and before the clause `before` when one is given."""
    tokens = list(token.subtree) if whole else [token]
    if before is not None:
        tokens = [t for t in tokens if t.i < before.left_edge.i] or [token]
    breaks = [t.i for t in tokens if t.text in _BREAKS and t.i < token.i]
    if breaks:
        tokens = [t for t in tokens if t.i > max(breaks)]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].lower_ in {"’s", "'s"}):
        tokens.pop()
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return _span(article, start, end)


def _predicate(head: Any) -> str:
    done = _yet_to_do(head)
    if done is not None:
        return _predicate(done)  # "has yet to respond" → respond (negated)
    if head.lemma_ == "be":
        for child in head.children:
            if child.dep_ in {"acomp", "attr"}:
                return f"be {child.lemma_.lower()}"
    particle = next((c.text.lower() for c in head.children if c.dep_ == "prt"), "")
    return f"{head.lemma_.lower()} {particle}".strip()


def _negated(head: Any) -> bool:
    """Negation on the clause's verb ("did not respond", "has yet to respond"), not "isn't just
    about"; a negative quantifier as its subject or object ("Nobody refused help", "they found
    no deficiencies", "at no point was a rope attached"); negations inside a phrase are claims
    of their own."""
    if any(_negative_argument(child) for child in head.children):
        return True
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in _VERB_NEGATORS:
            following = child.nbor() if child.i + 1 < len(child.doc) else None
            if following is None or following.lower_ not in _LIMITERS:
                return True
    # "has yet to respond", whether the clause is read from "has" or from "respond"
    return _yet_to_do(head) is not None or (head.dep_ == "xcomp" and _yet_to_do(head.head) is head)


def _negative_argument(child: Any) -> bool:
    if child.dep_ in _NEGATIVE_DEPS:
        if child.lower_ in _NEGATIVE_WORDS:
            return True
        if child.lemma_.lower() in _INTENT_NOUNS:
            return False  # "had no intention of resigning" denies an intent, not a deed
        # "no one", "no rope": the determiner "no" (not "no more than ...")
        return any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
    if child.dep_ == "prep" and child.lower_ == "at":
        # "at no point", "at no time"
        return any(
            o.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in o.children)
            for o in child.children
        )
    return False


def _yet_to_do(head: Any) -> Any:
    """The verb in "has yet to respond", "is yet to be decided": what has not happened."""
    if head.lemma_ not in {"have", "be"} or not any(
        c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children
    ):
        return None
    return next((c for c in head.children if c.dep_ == "xcomp"), None)


def _obliged(head: Any) -> bool:
    """ "have to file", "had to evacuate": an obligation, not a deed."""
    return bool(
        head.lemma_ == "have"
        and _yet_to_do(head) is None
        and any(
            c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            for c in head.children
        )
    )


def _modality(head: Any) -> str | None:
    if head.dep_ == "ccomp" and head.head.lemma_.lower() in SUPPOSE_LEMMAS:
        return str(head.head.lower_)  # "speculated that ..."
    for verb in (head, head.head if head.dep_ in {"xcomp", "ccomp"} else None):
        if verb is not None and verb.lemma_.lower() in FORECAST_LEMMAS:
            return str(verb.lower_)  # "analysts expected 870,000 jobs", "is expected to fall"
    if _obliged(head) or (head.dep_ == "xcomp" and _obliged(head.head)):
        return "have to"  # an obligation: "couples do not have to file" denies no filing
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
    if head.lemma_.lower() in ATTEST_LEMMAS:
        speakers = [c for c in head.children if c.dep_ == "nsubj"]
        if speakers:
            return Ref(entity=None, span=_phrase(article, speakers[0]))
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
