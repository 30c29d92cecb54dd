"""Speakers: the person, body or place a token of one article names (`Resolver`).

A person is named by the person entity inside the subject's noun phrase ("State Department
spokeswoman Heather Nauert" → "Heather Nauert"; an apposition "The EU's chief diplomat,
Federica Mogherini," → "Federica Mogherini"; a phrase ending with a person, "Council of …
representative Alfredo Arevalo" → "Alfredo Arevalo"). A name spaCy labelled ORG counts as a
person when it looks like one (two or three capitalised words, no organisation word) and has a
person's title beside it or speaks, and so does every other mention of that name or surname.
A surname or "Mr X" takes the full name of an earlier mention ("Mr Blyde" → "Gerardo Blyde",
the span staying on the local mention). A pronoun takes a compatible antecedent outside quotes
(he/she → a person, it → a body or a place, they → bodies or people): a possessive the nearest
fit in its sentence, otherwise the nearest subject before it in its sentence, then the first
fitting subject of the previous sentences (a subject pronoun passing on its own antecedent),
never a person whose "Mr" / "Mrs" / "spokeswoman" … says the other gender; name and span are
then the antecedent's full-name mention. A short definite description ("the ministry", "the
spokeswoman") takes the nearest earlier mention whose noun phrase has that noun, with that
mention's span. A statement, letter or tweet "from" / "by" / "of" X, or issued by X, is X's.
A word of a dateline (`Bogota, October 18, 2017 (AP) –`, `syntax.parsed_dateline_end`) never
speaks.

What a resolver learns of an article (its mentions, who is a person, genders) is learnt once,
when it is built; `Resolver.excluding` gives the same resolver with other quotes excluded and
another span policy. For quotes (`local_spans=True`) the speaker's span stays on the words that
speak in the attribution, as for a surname: "she" (named "Heather Nauert"), "the ministry",
the "who" of `Smith, who said …`; a pronoun whose antecedent is not found is named by itself
("he"). Used for stances (`local_spans=False`) it keeps the antecedent's span.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span as SpacySpan

from rashomon.extract.marks import in_ranges
from rashomon.extract.syntax import (
    ATTRIBUTION_LEMMAS,
    DOCUMENT_NOUNS,
    HE,
    HE_SHE,
    IT,
    SHE,
    THEY,
    is_pronoun,
    owner_of,
    parsed_dateline_end,
    possessor,
)
from rashomon.model import Article, Span, Speaker
from rashomon.words.gazetteer import gazetteer
from rashomon.words.speech import SPEECH_LEMMAS
from rashomon.words.titles import HONORIFICS, OFFICES

# Titles taken off the front of a speaker's name: not ranks nor roles ("Spokeswoman Haley
# Morris", "Deputy head" keep theirs in the speaker's span).
NAME_TITLES = HONORIFICS | OFFICES

# People who speak or act for a body: "officials with the DNC", "aides to Mr. Romney" → the body.
AGENT_NOUNS = frozenset(
    """
    official officials aide aides spokesman spokeswoman spokesperson representative
    representatives staff staffer staffers adviser advisers advisor advisors
    """.split()
)

# Plans and the like whose owner speaks through them ("Ruiz's plan calls for …" → Ruiz).
PLAN_NOUNS = frozenset("plan proposal budget platform agenda package initiative".split())

# Abbreviated titles and the nouns that refer back to them ("Gov. Marsh" … "the governor").
TITLE_ABBREVIATIONS: dict[str, str] = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "sec": "secretary",
    "sgt": "sergeant",
    "atty": "attorney",
    "supt": "superintendent",
    "amb": "ambassador",
    "pres": "president",
    "prof": "professor",
}

# Nouns for a body that "the …" takes from the nearest organisation named before it.
BODY_NOUNS = frozenset(
    "group organization organisation company association agency firm club network".split()
)

# Words that make a title another office ("Vice President X" is not "the president").
OFFICE_MODIFIERS = frozenset("vice deputy assistant lieutenant under associate".split())

# Common nouns for a body that can be the antecedent of "it" / "they".
GROUP_NOUNS = frozenset(
    """
    government administration ministry department party group committee commission council
    campaign company union coalition alliance agency organization organisation office court
    opposition embassy board bloc parliament assembly congress senate army military police
    movement federation association authority authorities cabinet presidency regime
    """.split()
)

# Plural common nouns for people that can be the antecedent of "they".
PEOPLE_NOUNS = frozenset(
    """
    official minister leader diplomat observer expert analyst lawmaker legislator protester
    activist critic supporter voter resident member delegate representative spokesperson
    advocate opponent proponent senator candidate executive lawyer worker citizen nominee
    """.split()
)
# people named by what they are to the story: "One mother, who asked not to be named, said"
FOLK_NOUNS = frozenset(
    """
    mother father parent son daughter wife husband woman man widow relative neighbour neighbor
    survivor witness victim patient nurse doctor passenger driver farmer fisherman teacher
    student
    """.split()
)
_DETERMINERS = frozenset("the a an this that these those".split())

# Words next to a name that say whether the person is a man or a woman.
MALE_HINTS = frozenset(
    """
    mr mr. sir lord king prince spokesman chairman congressman businessman husband father
    son brother
    """.split()
)
FEMALE_HINTS = frozenset(
    """
    mrs mrs. ms ms. miss madam dame lady queen princess spokeswoman chairwoman congresswoman
    businesswoman wife mother daughter sister
    """.split()
)
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})

# entity types that never speak
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def text_span(article_id: str, text: str, start: int, end: int) -> Span:
    return Span(article=article_id, start=start, end=end, text=text[start:end])


def clean_tokens(tokens: Sequence[Any]) -> list[Any]:
    """A name's tokens without leading determiners/titles and a trailing possessive. A title
    that owns what follows is no title before a name and stays ("the governor's office" →
    "governor's office", never "'s office")."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (
        toks[0].lower_ in _DETERMINERS
        or (toks[0].lower_.rstrip(".") in NAME_TITLES and not _owns(toks))
        or toks[0].is_punct
    ):
        if len(toks) == 1:
            break
        toks = toks[1:]
    while len(toks) > 1 and (toks[-1].tag_ == "POS" or toks[-1].is_punct):
        toks = toks[:-1]
    return toks


def _owns(toks: Sequence[Any]) -> bool:
    """Whether the titles that open `toks` are followed by a possessive marker: they name the
    owner ("governor's", "Vice President's"), not the title of a name."""
    for token in toks:
        if token.tag_ == "POS":
            return True
        if token.lower_.rstrip(".") not in NAME_TITLES:
            return False
    return False


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    label: str
    words: frozenset[str]
    is_subject: bool
    sent_start: int


@dataclass
class Resolver:
    """Names the speaker (or actor) behind a token of one article's `Doc`.

    Built once per article (what it learns of the article's mentions is learnt then);
    `exclude` holds character ranges (direct quotes) whose mentions are never antecedents of
    a pronoun. `excluding` gives the same resolver with other ranges and another span policy
    (quotes and stances exclude different ranges), without learning the article again.
    """

    article: Article
    doc: Any
    exclude: Sequence[tuple[int, int]] = ()
    local_spans: bool = False
    mentions: list[_Mention] = field(default_factory=list)
    chunk_of: dict[int, Any] = field(default_factory=dict)
    dateline: int = 0
    gender: dict[str, str] = field(default_factory=dict)
    person_tokens: dict[int, list[Any]] = field(default_factory=dict)
    chunks: list[Any] = field(default_factory=list)
    _exclude_starts: list[int] = field(default_factory=list)
    _exclude_sorted: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.dateline = parsed_dateline_end(self.doc, self.article.text)
        self.chunks = list(self.doc.noun_chunks) if self.doc.has_annotation("DEP") else []
        for chunk in self.chunks:
            for token in chunk:
                self.chunk_of[token.i] = chunk
        self._exclude_sorted = sorted(self.exclude)
        self._exclude_starts = [a for a, _ in self._exclude_sorted]
        self.entity_spans = _entity_spans(self.doc)
        for ent in self.entity_spans:
            toks = clean_tokens(list(ent))
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            chunk = self.chunk_of.get(ent.root.i)
            scope = list(chunk) if chunk is not None else list(ent)
            words = frozenset(t.lemma_.lower() for t in scope if t.is_alpha)
            words |= frozenset(t.lower_ for t in scope if t.is_alpha)
            words |= frozenset(  # "Gov. Helen Marsh" is "the governor"
                TITLE_ABBREVIATIONS[t.lower_.rstrip(".")]
                for t in scope
                if t.lower_.rstrip(".") in TITLE_ABBREVIATIONS
            )
            subject = any(t.dep_ in {"nsubj", "nsubjpass"} for t in scope) or (
                ent.root.dep_ in {"appos", "compound"}
                and ent.root.head.dep_ in {"nsubj", "nsubjpass"}
            )
            self.mentions.append(
                _Mention(
                    start,
                    end,
                    self.article.text[start:end],
                    ent.label_,
                    words,
                    subject,
                    ent.sent.start_char,
                )
            )
        # spaCy sometimes labels a person ORG: a name-like mention next to a person's title
        # or speaking is a person, and so is any mention of a person's name or surname
        ents = self.entity_spans
        speaking = {
            t.text
            for t in self.doc
            if t.pos_ == "PROPN"
            and t.dep_ in {"nsubj", "nsubjpass"}
            and t.head.lemma_.lower() in ATTRIBUTION_LEMMAS
        }
        named = {
            m.name
            for m, ent in zip(self.mentions, ents, strict=True)
            if m.label == "ORG"
            and _name_like(ent)
            and (_acts_as_person(ent) or m.name.split()[-1] in speaking)
        }
        for mention in self.mentions:
            if mention.name in named:
                mention.label = "PERSON"
        names = {m.name for m in self.mentions if m.label == "PERSON"}
        names |= {n.split()[-1] for n in names}
        for mention in self.mentions:
            if mention.label != "PERSON" and mention.name in names:
                mention.label = "PERSON"
        for mention, ent in zip(self.mentions, ents, strict=True):
            if mention.label == "PERSON":
                run = [t for t in ent if mention.start <= t.idx < mention.end]
                for token in run:
                    self.person_tokens[token.i] = run
        self._learn_gender()

    def excluding(
        self, exclude: Sequence[tuple[int, int]], *, local_spans: bool = False
    ) -> Resolver:
        """This resolver, sharing what it learnt of the article, with `exclude` and
        `local_spans` in place of its own."""
        other = copy.copy(self)
        other.exclude = exclude
        other.local_spans = local_spans
        other._exclude_sorted = sorted(exclude)
        other._exclude_starts = [a for a, _ in other._exclude_sorted]
        return other

    def _ent_run(self, tokens: Sequence[Any], token: Any) -> list[Any]:
        """The contiguous tokens of the entity that holds `token`."""
        if not token.ent_type_:
            return []
        ents = [e for e in self.entity_spans if e.start <= token.i < e.end]
        if ents:
            return list(ents[0])
        if any(e.start <= token.i < e.end for e in self.doc.ents):
            return [token]  # the possessor's side of a cut entity: "Radio Norte’s"
        return [t for t in tokens if t.ent_iob_]

    def is_person(self, token: Any) -> bool:
        """Whether `token` is part of a person's name (or a known person's surname)."""
        if token.i in self.person_tokens:
            return True
        return bool(
            token.pos_ == "PROPN" and self._person_named(token.text, len(self.article.text) + 1)
        )

    def _person_at_end(self, token: Any) -> Any:
        """The person closing the noun phrase of `token` (`Council of … representative
        Alfredo Arevalo`), reached through prepositions and modifiers only, or None."""
        right = token.right_edge
        if right.i <= token.i or not self.is_person(right):
            return None
        current = right
        while current.i != token.i:
            if current.dep_ not in {"compound", "pobj", "prep", "nmod", "flat", "amod", "poss"}:
                return None
            if current.head.i == current.i:
                return None
            current = current.head
        return right

    def _learn_gender(self) -> None:
        """Mr / Mrs / Ms and gendered titles next to a person's name (by surname)."""
        for mention, ent in zip(self.mentions, self.entity_spans, strict=True):
            if mention.label != "PERSON":
                continue
            surname = mention.name.split()[-1].lower()
            chunk = self.chunk_of.get(ent.root.i)
            around = [t.lower_ for t in (chunk if chunk is not None else ent)]
            if ent.start > 0:
                around.append(self.doc[ent.start - 1].lower_)
            if any(w in MALE_HINTS for w in around):
                self.gender.setdefault(surname, "m")
            elif any(w in FEMALE_HINTS for w in around):
                self.gender.setdefault(surname, "f")

    # -- helpers
    def span(self, start: int, end: int) -> Span:
        return text_span(self.article.id, self.article.text, start, end)

    def _excluded(self, pos: int) -> bool:
        return in_ranges(self._exclude_sorted, self._exclude_starts, pos)

    def _person_named(self, last: str, before: int) -> _Mention | None:
        """The fullest person mention ending with `last`, the nearest earlier one first."""
        best: _Mention | None = None
        for mention in self.mentions:
            parts = mention.name.split()
            if len(parts) < 2 or parts[-1] != last or mention.label != "PERSON":
                continue
            if best is None or mention.start < before:
                best = mention  # the last one before `before`, else the first one after
        return best

    def _as_person(self, tokens: Sequence[Any]) -> Speaker | None:
        toks = clean_tokens(tokens)
        if not toks:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        name = self.article.text[start:end]
        if len(toks) == 1 or (len(name.split()) == 1):
            full = self._person_named(toks[-1].text, start)
            if full is not None:
                name = full.name
        return Speaker(entity=None, name=name, span=self.span(start, end))

    def _full_mention(self, speaker: Speaker) -> Speaker:
        """The speaker with its span moved to a mention of the full name, when the text has
        one before (or at) the speaker's span."""
        if speaker.span.text == speaker.name:
            return speaker
        best = None
        for mention in self.mentions:
            if mention.name == speaker.name and mention.start <= speaker.span.start:
                best = mention
        if best is None:
            return speaker
        return Speaker(entity=None, name=speaker.name, span=self.span(best.start, best.end))

    def _here(self, found: Speaker, tokens: Sequence[Any]) -> Speaker:
        """`found` (a pronoun's antecedent, a description's referent) named here: its name,
        the span of the words `tokens` that refer to it."""
        toks = clean_tokens(tokens) or list(tokens)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        return Speaker(entity=None, name=found.name, span=self.span(start, end))

    def _mention_speaker(self, mention: _Mention) -> Speaker:
        name = mention.name
        span = self.span(mention.start, mention.end)
        if mention.label == "PERSON" and len(name.split()) == 1:
            full = self._person_named(name, mention.start)
            if full is not None:
                name, span = full.name, self.span(full.start, full.end)
        return Speaker(entity=None, name=name, span=span)

    # -- pronouns and descriptions
    def _kind(self, token: Any) -> str | None:
        """'person', 'group' (a singular body or place), 'plural' (bodies or people) or None:
        what a subject token names."""
        if self.is_person(token):
            return "person"
        for child in token.children:
            if child.dep_ == "appos" and self.is_person(child):
                return "person"
        if self._person_at_end(token) is not None:
            return "person"
        plural = token.tag_ in {"NNS", "NNPS"}
        if (
            token.pos_ == "NOUN"
            and not plural
            and token.lower_ in PERSON_TITLES
            and any(c.dep_ in {"det", "poss"} for c in token.children)
        ):
            return "person"  # "the governor", "the spokeswoman"
        if (
            token.pos_ == "NOUN"
            and not plural
            and token.lemma_.lower() in FOLK_NOUNS | PEOPLE_NOUNS
            and any(c.dep_ in {"det", "poss", "nummod"} for c in token.children)
        ):
            return "person"  # "one mother", "a survivor"
        if token.ent_type_ in {"ORG", "GPE"} and not plural:
            return "group"
        if token.ent_type_ in {"ORG", "NORP"} and plural:
            return "plural"
        if token.pos_ == "NOUN" and token.lemma_.lower() in GROUP_NOUNS:
            return "plural" if plural else "group"
        if plural and token.pos_ == "NOUN" and token.lemma_.lower() in PEOPLE_NOUNS:
            return "plural"
        return None

    def pronoun(self, token: Any, depth: int = 0) -> Speaker | None:
        """The antecedent of a third-person pronoun, or None.

        he/she take a person, it/its a body or a place, they/their a group of bodies or
        people. In the pronoun's own sentence the nearest subject before it that fits wins;
        then, going back sentence by sentence (at most four, quotes skipped), the first
        subject that fits; a subject that is itself a pronoun of the same kind passes on its
        own antecedent. Failing that, the nearest fitting mention of the last three sentences.
        """
        word = token.lower_
        if word in HE_SHE:
            kinds = {"person"}
            same_kind = HE if word in HE else SHE
        elif word in IT:
            kinds = {"group"}
            same_kind = IT
        elif word in THEY:
            kinds = {"plural", "group"}
            same_kind = THEY
        else:
            return None
        gender = "m" if word in HE else "f" if word in SHE else None
        if token.tag_ == "PRP$" or token.dep_ == "poss":
            # "Trump attacked Clinton for her support": a possessive takes the nearest fit
            own = self._nearest_in_sentence(token, kinds, gender)
            if own is not None:
                return own
        sentence = token.sent
        for step in range(5):
            limit = token.idx if step == 0 else sentence.end_char
            candidates = [
                c
                for c in sentence
                if c.idx < limit
                and c.dep_ in {"nsubj", "nsubjpass"}
                and not self._excluded(c.idx)
                and (self._kind(c) in kinds or (c.lower_ in same_kind and depth < 4))
                and not self.place(c)
            ]
            if step == 0:
                candidates.reverse()
            else:  # the main clause's subject first ("When asked if he …, the governor said")
                candidates.sort(key=lambda c: (_depth(c), c.i))
            for candidate in candidates:
                if candidate.lower_ in same_kind:
                    return self.pronoun(candidate, depth + 1)
                if self._kind(candidate) == "plural" and word not in THEY:
                    continue
                found = self.speaker(candidate)
                if (
                    candidate.pos_ == "NOUN"
                    and found is not None
                    and found.name.lower().split()[-1:] == [candidate.lower_]
                    and self._kind(candidate) == "person"
                    and not _introduces(candidate)
                ):
                    continue  # "the candidate" naming nobody before it: look further back
                if found is not None and self._gender_clash(found.name, gender):
                    continue
                return found
            if step == 0 and word in THEY:
                # "the question facing Democrats is whether …, what they consider …": no
                # subject fits before it in its sentence, another mention there may
                own = self._nearest_in_sentence(token, {"plural"}, None, skip=_relative_head(token))
                if own is not None:
                    return own
            if sentence.start == 0:
                break
            sentence = self.doc[sentence.start - 1].sent
        found = self._nearest(token, "person" if "person" in kinds else "group")
        if found is not None and self._gender_clash(found.name, gender):
            return None
        return found

    def place(self, token: Any) -> bool:
        """A town, a region, a state: a place that is no country (nor a capital that stands
        for one, "Washington", "Moscow"), which a pronoun does not take as an antecedent
        ("Obama flew to Detroit. … It came after …")."""
        if token.ent_type_ not in {"GPE", "LOC"}:
            return False
        run = self._ent_run([token], token)
        toks = clean_tokens(run or [token])
        name = " ".join(t.text for t in toks)
        return not is_country(name)

    def _gender_clash(self, name: str, gender: str | None) -> bool:
        known = self.gender.get(name.split()[-1].lower()) if name.split() else None
        return gender is not None and known is not None and known != gender

    def _nearest_in_sentence(
        self, token: Any, kinds: set[str], gender: str | None, skip: Any = None
    ) -> Speaker | None:
        sentence = token.sent
        for candidate in reversed([t for t in sentence if t.i < token.i]):
            if self._excluded(candidate.idx) or candidate.pos_ not in {"PROPN", "NOUN"}:
                continue
            if skip is not None and candidate.i == skip.i:
                continue
            if candidate.dep_ in {"compound", "flat"}:
                continue
            kind = self._kind(candidate)
            if kind in kinds and not (kind == "plural" and token.lower_ not in THEY):
                found = self.speaker(candidate)
                if found is not None and not self._gender_clash(found.name, gender):
                    return found
        return None

    def _nearest(
        self, token: Any, kind: str, labels: frozenset[str] | set[str] | None = None
    ) -> Speaker | None:
        if labels is None:
            labels = {"PERSON"} if kind == "person" else {"ORG", "GPE"}
        sent_start = token.sent.start_char
        candidates = [
            m
            for m in self.mentions
            if m.end <= token.idx
            and m.label in labels
            and not self._excluded(m.start)
            and m.sent_start >= 0
            and not (m.label == "GPE" and not is_country(m.name))
        ]
        if kind == "person":
            candidates += self._surname_mentions(token.idx)
        if not candidates:
            return None
        # the nearest sentence holding a candidate; in it, a subject first, else the first
        latest = max(m.sent_start for m in candidates)
        floor = token.sent
        for _ in range(2):
            if floor.start > 0:
                floor = self.doc[floor.start - 1].sent
        if latest < min(floor.start_char, sent_start):
            return None
        same = [m for m in candidates if m.sent_start == latest]
        same.sort(key=lambda m: (not m.is_subject, m.start))
        return self._mention_speaker(same[0])

    def _surname_mentions(self, before: int) -> list[_Mention]:
        """Proper nouns that repeat a known person's surname but were labelled otherwise."""
        surnames = {m.name.split()[-1] for m in self.mentions if m.label == "PERSON"}
        out = []
        for mention in self.mentions:
            if (
                mention.label != "PERSON"
                and mention.end <= before
                and mention.name in surnames
                and not self._excluded(mention.start)
            ):
                out.append(
                    _Mention(
                        mention.start,
                        mention.end,
                        mention.name,
                        "PERSON",
                        mention.words,
                        mention.is_subject,
                        mention.sent_start,
                    )
                )
        return out

    def description(self, head: Any, chunk_tokens: Sequence[Any]) -> Speaker | None:
        """`the ministry` / `the spokeswoman` → the nearest earlier mention with that noun."""
        lemma = head.lemma_.lower()
        word = head.lower_
        # "the president" is not the vice president
        own = {t.lower_ for t in chunk_tokens} & OFFICE_MODIFIERS
        best: tuple[int, int, int] | None = None  # (start, end, mention_start)
        found: Speaker | None = None
        for mention in self.mentions:
            if mention.end > head.idx or (lemma not in mention.words and word not in mention.words):
                continue
            if (mention.words & OFFICE_MODIFIERS) - own:
                continue
            if head.tag_ in {"NNS", "NNPS"} and mention.label == "PERSON":
                continue  # "judges" is not "Judge Ana Ruiz"
            if word in PERSON_TITLES and head.tag_ == "NN" and mention.label != "PERSON":
                continue  # "the president" is a person, not "Democratic"
            if best is None or mention.start > best[2]:
                best = (mention.start, mention.end, mention.start)
                found = self._mention_speaker(mention)
        plural = head.tag_ in {"NNS", "NNPS"}
        for chunk in self.chunks:
            if chunk.end_char > head.idx or chunk.root.lemma_.lower() != lemma:
                continue
            if len([t for t in chunk if t.is_alpha and t.lower_ not in _DETERMINERS]) < 2:
                continue
            if (chunk.root.tag_ in {"NNS", "NNPS"}) != plural:
                continue  # "the group" is not "conservation groups"
            if ({t.lower_ for t in chunk} & OFFICE_MODIFIERS) - own:
                continue
            if best is None or chunk.start_char > best[2]:
                root = chunk.root
                toks = clean_tokens(list(chunk.doc[root.left_edge.i : chunk.end]))
                start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
                best = (start, end, chunk.start_char)
                found = Speaker(
                    entity=None, name=self.article.text[start:end], span=self.span(start, end)
                )
                named = None
                if root.dep_ == "appos" and root.head.pos_ == "PROPN":
                    named = root.head  # "Safari Hunters, a hunting group, …": the name
                elif root.lemma_.lower() in PLAN_NOUNS:
                    named = possessor(root)  # "the president's plan": the president's
                if named is not None and named.i != head.i:
                    found = self.speaker(named) or found
        if found is None and not plural and lemma in BODY_NOUNS:
            # "the organization", "the group": the nearest organisation named before
            found = self._nearest(head, "group", labels={"ORG"})
        return found

    # -- the entry point
    def speaker(self, token: Any, depth: int = 0) -> Speaker | None:
        """The speaker named by the noun (or pronoun) `token`, or None."""
        if token is None or depth > 3 or token.ent_type_ in _NOT_SPEAKERS or token.like_num:
            return None
        if token.idx < self.dateline:
            for child in token.children:
                if child.dep_ == "appos" and child.idx >= self.dateline:
                    return self.speaker(child, depth + 1)
            return None
        if is_pronoun(token):
            if token.lower_ in {"you", "yourself", "yourselves"}:
                return None  # the reader addressed ("tell us whether you think …")
            found = self.pronoun(token)
            if self.local_spans:
                # the pronoun speaks here; an antecedent not found leaves its own word
                name = found.name if found is not None else token.text
                return Speaker(None, name, self.span(token.idx, token.idx + len(token)))
            return self._full_mention(found) if found is not None else None
        if token.lemma_.lower() in DOCUMENT_NOUNS:
            for child in token.children:
                if child.dep_ in {"prep", "agent"} and child.lower_ == "of":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        return self.speaker(objs[0], depth + 1)
            owner = owner_of(token)
            return self.speaker(owner, depth + 1) if owner is not None else None
        if token.pos_ == "NOUN" and token.lemma_.lower() in PLAN_NOUNS:
            owner = possessor(token)
            if owner is not None and owner.pos_ in {"PROPN", "PRON"}:
                return self.speaker(owner, depth + 1)
        if token.pos_ == "NOUN" and token.lower_ in AGENT_NOUNS:
            # "a spokesperson for the Wildlife Service", "representatives of the Bar
            # Association": an unnamed voice of a body is the body's
            body = _body_of(token)
            if body is not None:
                return self.speaker(body, depth + 1)
        for child in token.children:
            # "the spokeswoman, Ana Ruiz," / "Another Democrat, Senator Tomas Berg," / "Senate
            # Leader Ana Ruiz (D-Ore.)": the apposition names the speaker; a description in
            # apposition ("The governor, a Republican,") does not
            if child.dep_ != "appos" or self.is_person(token) or _bracketed(child):
                continue
            named = child.ent_type_ == "PERSON" or self.is_person(child)
            if (token.pos_ == "PROPN" and token.ent_type_ in {"", "NORP"} and named) or (
                token.pos_ != "PROPN"
                and (
                    named
                    or child.ent_type_ in {"ORG", "GPE"}
                    or (child.pos_ == "PROPN" and not child.ent_type_)
                )
            ):
                return self.speaker(child, depth + 1)
        if not self.is_person(token):
            # "Council of … representative Alfredo Arevalo said": the phrase ends with a person
            right = self._person_at_end(token)
            if right is not None:
                return self.speaker(right, depth + 1)
        chunk = self.chunk_of.get(token.i)
        tokens = list(chunk) if chunk is not None else [token]
        if self.is_person(token):
            return self._as_person(self.person_tokens.get(token.i, [token]))
        if (
            token.pos_ == "PROPN"
            and not token.ent_type_
            and all(t.is_punct or t.lower_ in _DETERMINERS or t.i == token.i for t in tokens)
        ):
            found = self.description(token, tokens)
            if found is not None:
                return self._here(found, tokens) if self.local_spans else found
        if token.ent_type_ in _GROUP_LABELS or token.pos_ == "PROPN":
            run = self._ent_run([t for t in tokens if t.ent_type_ == token.ent_type_], token)
            if token.ent_type_ and not run:
                run = [token]
            toks = clean_tokens(run or [t for t in tokens if t.i <= token.i])
            if toks:
                start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
                return Speaker(
                    entity=None, name=self.article.text[start:end], span=self.span(start, end)
                )
            return None
        # a common noun phrase: a short definite description refers back
        content = [t for t in tokens if t.is_alpha and t.lower_ not in _DETERMINERS]
        has_det = any(t.lower_ in {"the", "this", "that"} for t in tokens)
        if len(content) == 1 and (has_det or token.tag_ == "NNS"):
            found = self.description(token, tokens)
            if found is not None:
                return self._here(found, tokens) if self.local_spans else found
        toks = clean_tokens([t for t in tokens if t.i <= token.i] or [token])
        if not toks:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        return Speaker(entity=None, name=self.article.text[start:end], span=self.span(start, end))


# Words that make a proper name an organisation's, not a person's.
ORG_WORDS = frozenset(
    """
    ministry department council commission committee party group union bank press news times
    post agency office court assembly congress senate parliament government administration
    institute university college foundation association organization organisation corporation
    company inc corp ltd club league network service services board bureau authority forces
    army police front movement alliance coalition federation fund center centre house church
    school hospital tv radio journal review magazine daily herald tribune state states
    republic kingdom nations airlines group international
    """.split()
)

# Titles that, next to a name, make it a person's.
PERSON_TITLES = frozenset(
    """
    spokeswoman spokesman spokesperson minister president leader chief secretary director
    chairman chairwoman senator governor mayor ambassador envoy official candidate lawyer
    judge general analyst professor mr mrs ms dr sir head commissioner deputy prosecutor
    mp mep lawmaker councillor councilor
    """.split()
)


def _name_like(ent: Any) -> bool:
    """Two or three capitalised words, none of them an organisation word."""
    toks = clean_tokens(list(ent))
    return 2 <= len(toks) <= 3 and all(
        t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() and t.lower_ not in ORG_WORDS
        for t in toks
    )


def _acts_as_person(ent: Any) -> bool:
    """A person's title beside it, or it speaks."""
    doc = ent.doc
    before = [doc[i].lower_.rstrip(".") for i in range(max(0, ent.start - 3), ent.start)]
    if any(w in PERSON_TITLES for w in before) or any(
        t.lower_.rstrip(".") in PERSON_TITLES for t in ent
    ):
        return True
    root = ent.root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in SPEECH_LEMMAS


def is_country(name: str) -> bool:
    """Whether `name` names a country, a bloc or a capital that stands for one."""
    places = gazetteer()
    return places.country_of_name(name) is not None or places.country_of_body(name) is not None


def _introduces(noun: Any) -> bool:
    """Whether a description brings in someone new ("one mother", "a survivor"), who a
    later pronoun can mean, rather than pointing back ("the candidate")."""
    return any(
        (c.dep_ == "det" and c.lower_ in {"a", "an", "one", "another"})
        or (c.dep_ == "nummod" and c.lower_ == "one")
        for c in noun.children
    )


def _bracketed(token: Any) -> bool:
    """Whether the phrase of `token` opens with a bracket ("Ana Ruiz (G-Ore.)")."""
    first = token.left_edge
    return first.i > 0 and token.doc[first.i - 1].text in {"(", "["}


def _body_of(noun: Any) -> Any:
    """The organisation or government an agent noun speaks for (`of` / `for` / `with` / `at`
    / `from` an organisation or a place named), or None."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"with", "of", "from", "for", "at"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in {"ORG", "GPE", "NORP"}:
                    return obj
    return None


def _relative_head(token: Any) -> Any:
    """The noun whose relative clause `token` is the subject of ("the lawmakers [that] they
    support": lawmakers), which the pronoun cannot refer to, or None."""
    verb = token.head
    if token.dep_ == "nsubj" and verb.dep_ == "relcl" and verb.head.i != verb.i:
        return verb.head
    return None


def _depth(token: Any) -> int:
    """How many heads lie between `token` and the root of its sentence."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _entity_spans(doc: Any) -> list[Any]:
    """The person, organisation, place and group entities of `doc`, an entity that runs over a
    possessive cut there: spaCy labels "Radio Norte’s Pablo Ferrer" one ORG, which names two
    things, the outlet and the person (the possessive's head)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "NORP"}:
            continue
        pieces = [ent]
        cuts = [t.i for t in ent[:-1] if t.tag_ == "POS" and t.i > ent.start]
        if cuts:
            cut = cuts[-1]
            pieces = [
                SpacySpan(doc, ent.start, cut, label=ent.label_),
                SpacySpan(doc, cut + 1, ent.end, label=ent.label_),
            ]
        out += [piece for piece in pieces if len(piece) and clean_tokens(list(piece))]
    return out + _titled_names(doc)


def _titled_names(doc: Any) -> list[Any]:
    """Names spaCy left unlabelled that a person's title introduces: "Green MP Thibault
    Carron" → the person "Thibault Carron" (two or three capitalised words, no entity)."""
    found = []
    for title in doc:
        if title.lower_.rstrip(".") not in PERSON_TITLES or title.ent_type_:
            continue
        end = title.i + 1
        while (
            end < len(doc)
            and end - title.i <= 3
            and doc[end].pos_ == "PROPN"
            and doc[end].is_alpha
            and doc[end].text[:1].isupper()
            and not doc[end].ent_type_
            and doc[end].lower_ not in ORG_WORDS
        ):
            end += 1
        if end - title.i - 1 >= 2 and (end == len(doc) or doc[end].pos_ != "PROPN"):
            found.append(SpacySpan(doc, title.i + 1, end, label="PERSON"))
    return found
