"""The phrases an article uses to name things, with what their parse says, for framing.

`label_spans` finds the phrases that name people, groups, places, things and events (noun
phrases; pronouns, dates and counted phrases left out); `label_phrase` reads the parse of one
such phrase (its head, anchor, modifiers; `LabelPhrase`); `descriptor_cues` the common nouns
used as titles or appositions. `compare.labels` groups the phrases of all the articles by
referent without a parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon.extract.mentions import NAME_LABELS
from rashomon.model import Article, DescriptorCue, LabelPhrase, Span
from rashomon.words.gazetteer import gazetteer

# relational nouns: "Maduro's opponents" names the people opposed to Maduro, a group defined by
# him (its anchor), not Maduro; such a phrase never joins a group of phrases about its anchor
RELATIONAL = frozenset(
    """opponent critic supporter ally rival enemy foe backer follower adversary detractor
    loyalist partner friend challenger defender admirer sympathizer sympathiser opposer
    successor predecessor""".split()
)
LEADING = frozenset({"the", "a", "an"})
DESCRIPTOR_DEPS = frozenset({"compound", "appos", "amod", "nmod"})
_ANCHOR_DEPS = frozenset({"poss", "compound", "nmod"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
_ORGANISATIONS = frozenset({"ORG", "NORP"})
_SKIP_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)
_EMBEDDED_NAMES = NAME_LABELS - {"NORP"}


def head_token(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of doc[start:end]: the last token whose ancestors all lie outside the
    span, determiners and punctuation skipped."""
    head = None
    for token in doc[start:end]:
        if all(not (start <= a.i < end) for a in token.ancestors):
            if token.pos_ in {"DET", "PUNCT"}:
                continue
            head = token
    return head if head is not None else doc[end - 1]


def label_spans(article: Article, doc: Any) -> list[Span]:
    """The phrases that name something in `article`, in text order: its base noun phrases,
    the possessors and names inside them ("the opposition's refusal" also gives "opposition",
    "the Trump-Abe summit" also "Trump" and "Abe"), a leading "the/a/an" dropped. Pronouns,
    dates and phrases counted in digits ("124 people", which the claims engine compares) are
    left out."""
    found: dict[tuple[int, int], Span] = {}

    def add(first: int, last: int) -> None:
        while first < last and (doc[first].lower_ in LEADING or doc[first].is_punct):
            first += 1
        while last > first and (doc[last].is_punct or doc[last].tag_ == "POS"):
            last -= 1
        tokens = doc[first : last + 1]
        root = tokens.root
        if root.pos_ == "PRON" or root.ent_type_ in _SKIP_ENTITY_LABELS or root.like_num:
            return
        if not any(c.isalpha() for c in tokens.text):
            return
        if any(t.like_num and any(c.isdigit() for c in t.text) for t in tokens):
            return
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        found.setdefault((start, end), Span(article.id, start, end, article.text[start:end]))

    for chunk in doc.noun_chunks:
        add(chunk.start, chunk.end - 1)
        for token in chunk:
            if token.dep_ == "poss" and token.i != chunk.root.i:
                inside = [t.i for t in token.subtree if chunk.start <= t.i < chunk.end]
                if inside:
                    add(min(inside), max(inside))
        for entity in chunk.ents:  # demonyms ("Venezuelan government") are not names here
            if entity.label_ in _EMBEDDED_NAMES and not entity.start <= chunk.root.i < entity.end:
                add(entity.start, entity.end - 1)
    return [found[key] for key in sorted(found)]


def label_phrases(
    article: Article, doc: Any, spans: Sequence[Span] | None = None
) -> list[LabelPhrase]:
    """`label_phrase` of each of `spans` (by default the article's `label_spans`)."""
    chosen = label_spans(article, doc) if spans is None else spans
    return [label_phrase(article, doc, span) for span in chosen]


def label_phrase(article: Article, doc: Any, span: Span) -> LabelPhrase:
    """What the parse says of the phrase `span` of `article` (parsed as `doc`)."""
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    first, last = piece.start, piece.end - 1
    head = head_token(doc, piece.start, piece.end)
    lemma = lemma_of(head)
    anchor = _anchor(head, first, last) if lemma in RELATIONAL else ()
    left = {t.i for t in anchor}
    return LabelPhrase(
        span=span,
        head=_span(article, head),
        head_index=head.i,
        governor=head.head.i,
        lemma=lemma,
        head_lemma=str(head.lemma_).lower(),
        pos=head.pos_,
        tag=head.tag_,
        dep=head.dep_,
        plural=_plural(head),
        listed=any(child.dep_ == "conj" for child in head.children),
        country=_country_modifier(head, first, last),
        anchor=tuple(_span(article, t) for t in anchor),
        modifiers=tuple(_span(article, t) for t in _modifiers(head, first, last)),
        without=_without(doc, first, last, left) or span.text,
    )


def descriptor_cues(article: Article, doc: Any) -> list[DescriptorCue]:
    """The nouns that may stand as the title or apposition of a name: each noun that qualifies
    another word ("President" of "President Trump") or has a name in apposition ("the director,
    Mike Pompeo"), in text order. Which of them name an entity is for linking to say."""
    found = []
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        governor = _span(article, token.head) if token.dep_ in DESCRIPTOR_DEPS else None
        appositions = tuple(_span(article, c) for c in token.children if c.dep_ == "appos")
        if governor is None and not appositions:
            continue
        found.append(
            DescriptorCue(
                lemma=lemma_of(token),
                span=_span(article, token),
                governor=governor,
                before_organisation=(
                    token.dep_ in {"compound", "nmod"}
                    and token.pos_ == "NOUN"
                    and token.head.ent_type_ in _ORGANISATIONS
                ),
                appositions=appositions,
            )
        )
    return found


def lemma_of(token: Any) -> str:
    return str(token.text if token.pos_ == "PROPN" else token.lemma_).lower()


def _span(article: Article, token: Any) -> Span:
    return Span(article.id, token.idx, token.idx + len(token.text), token.text)


def _country_modifier(head: Any, first: int, last: int) -> str | None:
    """A country named by a modifier of `head` inside doc[first:last+1]."""
    gaz = gazetteer()
    for child in head.children:
        if not (first <= child.i <= last) or child.dep_ not in _MODIFIER_DEPS:
            continue
        words = [t.text for t in child.subtree if first <= t.i <= last and t.dep_ != "case"]
        for text in (child.text, " ".join(words)):
            country = gaz.country_of_demonym(text) or gaz.country_of_name(text)
            if country is not None:
                return country
    return None


def _anchor(head: Any, first: int, last: int) -> tuple[Any, ...]:
    """The tokens of what a relational head is relative to, inside doc[first:last+1]: its
    possessor ("Maduro's opponents"), a name before it ("Trump critics") or its "of" phrase
    ("supporters of the caravan"), with the case marker and the "of"."""
    found: list[Any] = []
    for child in head.children:
        if not (first <= child.i <= last):
            continue
        if (
            child.dep_ == "poss"
            or (child.dep_ in _ANCHOR_DEPS and (child.pos_ == "PROPN" or child.ent_type_))
            or (child.dep_ == "prep" and child.lower_ == "of")
        ):
            found += [t for t in child.subtree if first <= t.i <= last]
    return tuple(sorted(found, key=lambda t: t.i))


def _modifiers(head: Any, first: int, last: int) -> tuple[Any, ...]:
    """The tokens of the modifiers of `head` inside doc[first:last+1] ("Maduro" of "the Maduro
    government", "Venezuela's" of "Venezuela's government")."""
    return tuple(
        t
        for child in head.children
        if first <= child.i <= last and child.dep_ in _MODIFIER_DEPS
        for t in child.subtree
        if first <= t.i <= last
    )


def _plural(token: Any) -> bool:
    """Whether a noun names more than one: a plural tag or form, or a count above one
    ("Twenty-eight European Ministers", though tagged as a name)."""
    if token.tag_ in {"NNS", "NNPS"} or "Plur" in token.morph.get("Number"):
        return True
    return any(
        child.dep_ == "nummod" and child.lower_ not in {"one", "1"} for child in token.children
    )


def _without(doc: Any, first: int, last: int, left: set[int]) -> str:
    """A relational phrase without its anchor and a leading article ("opponents")."""
    words = [t for t in doc[first : last + 1] if t.i not in left]
    while words and (words[0].lower_ in LEADING or words[0].is_punct):
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip()
