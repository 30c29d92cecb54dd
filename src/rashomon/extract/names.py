"""What the parse says around the names of one article, for cross-article linking.

`link.entities` groups names across articles and gives each entity an affiliation (what it
speaks for). The parts of that work that read the parse are here, per article, so that linking
needs no parse: `name_clues` gives, for each name and each capitalised word that may turn out to
be a name (a surname or acronym the tagger missed), the demonym that qualifies a role, the
country the name names as its own and the words of its titles; `acronyms` the acronyms the
article defines; `joined_mentions` joins a name the tagger cut at a function word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rashomon.model import Acronym, Article, Mention, NameClues, Span
from rashomon.words.gazetteer import gazetteer
from rashomon.words.titles import TITLES

_ACRONYM = re.compile(
    r"(?P<long>(?:[A-Z][\w’'-]*|of|the|for|and|de|del|la)(?:\s+(?:[A-Z][\w’'-]*|of|the|for|and|de|del|la)){1,8})"
    r"\s+\((?P<short>[A-Z][A-Za-z]{1,7})\)"
)
# a capitalised word: where a name the tagger missed may start
_CAPITALISED = re.compile(r"(?<!\w)[^\W\d_]")


def name_clues(article: Article, doc: Any, mentions: Sequence[Mention]) -> list[NameClues]:
    """The clues of every mention and of every other token that opens with a capital letter
    (a surname or an acronym the tagger missed, which linking may still find), in text order."""
    spans = [m.span for m in mentions]
    covered = {(m.span.start, m.span.end) for m in mentions}
    for token in doc:
        if token.text[:1].isupper() and (token.idx, token.idx + len(token.text)) not in covered:
            end = token.idx + len(token.text)
            spans.append(Span(article.id, token.idx, end, token.text))
    found = []
    for span in sorted(set(spans), key=lambda s: (s.start, s.end)):
        piece = doc.char_span(span.start, span.end, alignment_mode="expand")
        if piece is None or len(piece) == 0:
            continue
        found.append(
            NameClues(
                span=span,
                role_country=_title_demonym(span, piece),
                country=_country_near(span, doc, piece),
                titled_country=_country_near(span, doc, piece, titled=True),
                titles=_title_words(article, piece),
            )
        )
    return found


def acronyms(article: Article) -> list[Acronym]:
    """ "Long Name (ACR)": the acronyms the article defines, the long form as written."""
    return [
        Acronym(long=match.group("long"), short=match.group("short"))
        for match in _ACRONYM.finditer(article.text)
    ]


def capitalised_starts(article: Article) -> list[int]:
    """Where each word that opens with a capital letter starts (a name may start only there)."""
    return [m.start() for m in _CAPITALISED.finditer(article.text) if m.group(0).isupper()]


def _title_words(article: Article, piece: Any) -> tuple[Span, ...]:
    """The words of the titles that present the name `piece` (`_titles`), places left out, in
    text order."""
    words = {
        token.i: token for title in _titles(piece) for token in title if not _place_word(token)
    }
    return tuple(
        Span(article.id, t.idx, t.idx + len(t.text), t.text) for _, t in sorted(words.items())
    )


# Nouns of a role in which a person speaks for a body or a country ("EU foreign policy chief",
# "State Department spokeswoman", "Ceela representative", "former Ecuadorean President").
ROLE_NOUNS = frozenset(
    {
        "adviser",
        "advisor",
        "aide",
        "ambassador",
        "chair",
        "chairman",
        "chairperson",
        "chairwoman",
        "chancellor",
        "chief",
        "commissioner",
        "congressman",
        "congresswoman",
        "coordinator",
        "counsel",
        "delegate",
        "diplomat",
        "director",
        "emissary",
        "envoy",
        "executive",
        "gov",
        "governor",
        "head",
        "king",
        "lawmaker",
        "leader",
        "legislator",
        "mayor",
        "minister",
        "negotiator",
        "official",
        "premier",
        "president",
        "queen",
        "rep",
        "representative",
        "ruler",
        "secretary",
        "secretary-general",
        "sen",
        "senator",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "strongman",
        "dictator",
        "vice-president",
    }
)
# words of an organisation's name that make it a part of a government ("Foreign Affairs",
# "Foreign Relations Ministry"): who speaks for it speaks for the country
GOVERNMENT_WORDS = frozenset(
    {
        "administration",
        "affairs",
        "cabinet",
        "department",
        "embassy",
        "foreign",
        "government",
        "interior",
        "ministry",
        "office",
        "presidency",
        "treasury",
    }
)
# a portfolio named alone ("Defense Secretary", "Secretary of State") is not a body to speak for
PORTFOLIO_WORDS = frozenset(
    {
        "agriculture",
        "commerce",
        "defence",
        "defense",
        "economy",
        "education",
        "energy",
        "environment",
        "finance",
        "health",
        "homeland",
        "housing",
        "intelligence",
        "justice",
        "labor",
        "labour",
        "security",
        "state",
        "trade",
        "transport",
        "transportation",
        "veterans",
    }
)
# dependencies that keep a word inside a title phrase: "former Ecuadorean President",
# "the European Union's chief diplomat", "Mud campaign chief"
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "det"})
# prepositions that carry the body a role belongs to: "spokesman for the Kremlin"
_TITLE_PREPS = frozenset({"of", "for", "at", "to"})
# a name the tagger cut at one of these words continues in the next mention
_OPEN_ENDS = frozenset({"of", "for", "and", "de", "del", "on"})


def joined_mentions(article: Article, mentions: Sequence[Mention]) -> list[Mention]:
    """A name the tagger cut at a function word joined to the name right after it:
    "Council of Electoral Experts of" + "Latin America" → one mention. In text order."""
    text = article.text
    ordered = sorted(mentions, key=lambda m: (m.span.start, -m.span.end))
    out: list[Mention] = []
    for mention in ordered:
        if out:
            last = out[-1]
            words = last.span.text.split()
            if (
                len(words) > 1
                and words[-1] in _OPEN_ENDS
                and last.span.end < mention.span.start <= last.span.end + 1
                and text[last.span.end : mention.span.start].isspace()
            ):
                start, end = last.span.start, mention.span.end
                out[-1] = Mention(Span(last.span.article, start, end, text[start:end]), last.label)
                continue
        out.append(mention)
    return out


def _is_role(token: Any) -> bool:
    """A noun of a role in which one speaks for a body ("spokeswoman", "Pres.", "chief")."""
    if token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return False
    return token.lower_.rstrip(".") in ROLE_NOUNS or token.lemma_.lower() in ROLE_NOUNS


def _title_word(token: Any) -> bool:
    word = token.lower_.rstrip(".")
    return word in ROLE_NOUNS or word in TITLES


def _modifiers(token: Any) -> list[Any]:
    """The token and the words that qualify it inside its noun phrase ("EU foreign policy" of
    "chief", "the European Union 's chief" of "diplomat", "for the Kremlin" of "spokesman")."""
    found = [token]
    stack = [token]
    while stack and len(found) < 40:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "pobj" and child.ent_type_ == "PERSON":
                continue  # "spokesman for House Speaker Boehner" speaks for a person
            if (
                child.dep_ in _TITLE_DEPS
                or (child.dep_ == "prep" and child.lower_ in _TITLE_PREPS)
                or (child.dep_ == "pobj" and current.dep_ == "prep")
                or (child.dep_ == "appos" and child.i > 0 and child.nbor(-1).text == "(")
            ):  # the last: an acronym in brackets, "Council of ... (Ceela)"
                found.append(child)
                stack.append(child)
    return found


def _titles(span: Any) -> list[list[Any]]:
    """The title phrases that present the person named by `span` (a spaCy span), each holding a
    role noun: right before the name ("former Ecuadorean President Rafael Correa", "Mud campaign
    chief Gerardo Blyde") or in apposition next to it ("the European Union's chief diplomat,
    Federica Mogherini"; "Federica Mogherini, the EU's foreign policy chief"). The name's own
    words are left out."""
    doc = span.doc
    root = span.root
    name_start = span.start
    while name_start < root.i and _title_word(doc[name_start]):
        name_start += 1
    qualifiers = {t.i for child in root.lefts if child.i < name_start for t in _modifiers(child)}
    first = name_start
    while first - 1 in qualifiers or span.start <= first - 1:
        first -= 1  # only the words that run up to the name
    found = [[doc[i] for i in range(first, name_start)]]
    if root.dep_ == "appos" and _is_role(root.head):
        found.append(_modifiers(root.head))
    found += [
        _modifiers(child) for child in root.rights if child.dep_ == "appos" and _is_role(child)
    ]
    titled = []
    for title in found:
        words = [token for token in title if not name_start <= token.i < span.end]
        if any(_is_role(token) for token in words) and _next_to(words, name_start, span.end):
            titled.append(words)
    return titled


def _next_to(title: list[Any], start: int, end: int) -> bool:
    """Whether only punctuation lies between the title and the name at tokens [start, end) (a
    parser's apposition across a clause, "Trump had said Mattis -- the first Cabinet official",
    is no title)."""
    words = [token.i for token in title if not token.is_punct]
    if not words:
        return False
    doc = title[0].doc
    if max(words) < start:
        gap = range(max(words) + 1, start)
    elif min(words) >= end:
        gap = range(end, min(words))
    else:
        return False
    return all(doc[i].is_punct for i in gap)


def _title_demonym(span: Span, piece: Any) -> str | None:
    """The country of a demonym that qualifies a role ("former Ecuadorean President", "Ceela
    Ecuadorean representative"): there it names the country the role belongs to. `piece` is
    the parse of `span`."""
    country = gazetteer().country_of_demonym(span.text)
    if country is None:
        return None
    token = piece.root
    for _ in range(4):
        if token.dep_ not in {"amod", "compound"} or token.head is token:
            return None
        token = token.head
        if _is_role(token):
            return country
    return None


def _place_word(token: Any) -> bool:
    """A city that qualifies a role says where, not for whom ("the Washington director of X",
    "Caracas mayor"); only its possessive speaks for the country ("Moscow's envoy")."""
    gaz = gazetteer()
    doc = token.doc
    for size in (1, 2, 3):
        first = token.i - size + 1
        if first >= 0 and gaz.is_city(doc[first : token.i + 1].text):
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            return following is None or following.tag_ != "POS"
    return False


def country_in_name(name: str) -> str | None:
    """A country a name names as its own: a government body ("the State Department"), a
    leading demonym or possessive ("Russian Foreign Ministry", "Cuba's Foreign Relations
    Ministry")."""
    gaz = gazetteer()
    country = gaz.country_of_body(name) or gaz.country_of_demonym(name)
    if country:
        return country
    words = name.replace("’s", " ’s").replace("'s", " 's").split()
    if len(words) > 1:
        country = gaz.country_of_demonym(words[0])
        if country is None and len(words) > 2 and words[1] in {"’s", "'s"}:
            country = gaz.country_of_name(words[0])
        if country:
            return country
    return None


def _country_near(mention: Span, doc: Any, span: Any, *, titled: bool = False) -> str | None:
    """A country the mention names as its own (`country_in_name`), or in the title words just
    before it ("Canadian Foreign Affairs Minister ..."); when `titled`, those words must hold a
    title ("Wyoming U.S. Senate candidate" holds none). `span` is the parse of `mention`."""
    gaz = gazetteer()
    country = country_in_name(mention.text)
    if country:
        return country
    # walk back over the title words of the same noun phrase ("Canadian Foreign Affairs Minister",
    # "State Department spokeswoman")
    index = span.start - 1
    title = not titled
    while index >= 0 and span.start - index <= 6:
        token = doc[index]
        if token.pos_ not in {"PROPN", "NOUN", "ADJ"} or token.is_punct:
            break
        title = title or _title_word(token)
        country = gaz.country_of_demonym(token.text) or gaz.country_of_body(token.text)
        for size in (2, 3):
            if country is None and index - size + 1 >= 0:
                country = gaz.country_of_body(doc[index - size + 1 : index + 1].text)
        if country and title:
            return country
        if token.is_sent_start:
            break
        index -= 1
    return None
