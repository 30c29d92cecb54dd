"""Quotes and their speakers: direct quotes (between quotation marks) and indirect speech.

`extract_quotes(article, doc)` is a pure function of an article and its spaCy `Doc` (parsed
from `article.text`, so token offsets are offsets into the article). It never raises on odd
punctuation: quotation marks are paired paragraph by paragraph, so an unmatched mark costs at
most the quote it opens and never the other quotes of the article.

Direct quotes, step by step:

1. **Marks.** Double marks (“ ” " „ « », doubled apostrophes `''` and runs such as `“"`)
   are classified by what flanks them (an opening mark is followed by text and preceded by a
   space, a bracket or a dash; a closing mark is preceded by text and followed by a space or
   punctuation), the glyph breaking ties, so straight, curly and mismatched marks (`“…"`,
   `”…”`) all pair. Marks are paired with a stack inside one paragraph (a line of the text);
   an inner pair (nested double marks) stays inside its outer quote, and single marks inside a
   quote (‘…’) are part of its text. A quote left open at the end of a paragraph continues
   when the next paragraph opens with a mark (the news convention for a quote of several
   paragraphs); otherwise the odd mark is dropped. Curly single marks (‘…’) make a quote of
   their own only outside double marks. A name in marks (at most six capitalised words, no
   closing punctuation but the full stop of a sentence it ends, `on “Fox and Friends.”`: a
   show, a forum, a slogan) is not a quote unless a naming verb takes it (`called her “Miss
   Piggy”`).
2. **Attribution**, a cascade; the first step that succeeds wins:
   `dash` (`“…” ― Name` at the end of a paragraph), `trailer` (`“…,” said X`, `“…” X said`,
   `“…,” reads a statement from X`), `lead` (`X said: “…”`, `X said that “…”`, `saying: “…”`,
   `X congratulated “…”`, `X continued:` closing the previous paragraph), `path` (a partial
   quote inside a sentence, `called the results “surprising”`: from the quote up the
   dependency tree to the nearest attribution verb, whose subject speaks, or to a claim noun,
   whose owner speaks: `Trump's claim that there were “thousands of shootings”`),
   `continuation` (a quote that is a sentence or a paragraph of its own, right after a quote
   of speaker X in the same or the previous paragraph, is X's; so is a cue-less quote of four
   words or more in a paragraph where X was quoted before), else no speaker. A quote with no
   speaker that is short of a clause (fewer than five words, or no verb: a term, a scare
   quote, `the “public option”`) is not a quote at all.
3. **Split quotes.** `“…,” X told reporters, “…”` (the first part ends with a comma and the
   cue frame between the parts ends with a comma, or with `, but` / `, and`; the full stop of
   `Mr.` or an initial does not count) is one `Quote`: `parts` holds each piece without its
   marks, `span` runs from the start of the first piece to the end of the last one (the exact
   article text between them, cue included). So is `“…,” X said. “…”`: a quote standing alone
   in the same paragraph right after the quote it continues is its next part. A quote of
   several paragraphs is stored the same way (one part per paragraph).
4. **Partial quotes are mixed quotes.** A quote is direct when it makes most of what its cue
   reports: at least `MOSTLY_QUOTED` (80%) of the non-space characters of the cue's reported
   material (the cue's complements that hold the quote, within the sentence and the quote's
   paragraph; a quote closed by its own punctuation ends it), marks included. Otherwise it is
   a partial quote, and the `Quote` is the reported material with the quoted words inside,
   `direct=False` (`called the results “surprising”` → `the results “surprising”`, cue
   "called"); partial quotes of one cue make one quote, which is direct again when together
   they make most of it (`called Trump a “liar” who is “utterly amoral”` → two parts). A quote
   with no attribution of its own inside the clause of an indirect quote is part of that one.
5. **Speakers** (`Resolver`): a person is named by the person entity inside the subject's noun
   phrase ("State Department spokeswoman Heather Nauert" → "Heather Nauert"; an apposition
   "The EU's chief diplomat, Federica Mogherini," → "Federica Mogherini"; a phrase ending with
   a person, "Council of … representative Alfredo Arevalo" → "Alfredo Arevalo"). A name spaCy
   labelled ORG counts as a person when it looks like one (two or three capitalised words, no
   organisation word) and has a person's title beside it or speaks, and so does every other
   mention of that name or surname. A surname or "Mr X" takes the full name of an earlier
   mention ("Mr Blyde" → "Gerardo Blyde", the span staying on the local mention). A pronoun
   takes a compatible antecedent outside quotes (he/she → a person, it → a body or a place,
   they → bodies or people): a possessive the nearest fit in its sentence, otherwise the
   nearest subject before it in its sentence, then the first fitting subject of the previous
   sentences (a subject pronoun passing on its own antecedent), never a person whose "Mr" /
   "Mrs" / "spokeswoman" … says the other gender; name and span are then the antecedent's
   full-name mention. A short definite description ("the ministry", "the spokeswoman")
   takes the nearest earlier mention whose noun phrase has that noun, with that mention's
   span. A statement, letter or tweet "from" / "by" / "of" X, or issued by X, is X's. A word
   of a dateline (`Bogota, October 18, 2017 (AP) –`) never speaks. For quotes
   (`local_spans=True`) the speaker's span stays on the words that speak in the attribution,
   as for a surname: "she" (named "Heather Nauert"), "the ministry", the "who" of `Smith, who
   said …`; a pronoun whose antecedent is not found is named by itself ("he"). `Resolver`
   used elsewhere (stances) keeps the antecedent's span.

Indirect speech (`direct=False`): a speech verb with a clausal complement (`X said that …`,
`X said the vote was …`, `X tweeted that …`, `…, X said.`), a verb of thinking or showing
with one (`X believes that …`, `the poll shows that …`), a speech verb set inside the clause it
reports (`Climate change, Obama says, is …`: two parts around the aside), an intention
(`X wants to …`, `X refused to …`), object control (`X urged Y to …`, `X asked Y to …`),
`X accused Y of …`, `X called for …`, `X cited / proposed / mentioned / questioned …` (the
object), and `according to X, …`. The content span is the reported clause (without the
complementiser "that"), inside the cue's paragraph; a reported clause that is mostly a direct
quote, or whose cue already introduces a direct or a mixed quote, is left to that quote.

`cue` is never None: the speech verb or phrase ("said", "told reporters", "according to",
"called for"); for a dash attribution the dash; for a continuation the cue of the quote it
continues; for a quote with no cue in the text, its opening quotation mark.

The spaCy factory `rashomon_quotes` sets `doc._.quotes` by calling `extract_quotes` on a
placeholder article built from `doc.text`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from rashomon.model import Article, Quote, Span, Speaker
from rashomon.words.speech import REPORT_LEMMAS, SPEECH_LEMMAS
from rashomon.words.titles import HONORIFICS, OFFICES

# --------------------------------------------------------------------------- lexicons

# Verbs a partial quote can hang from (`called the results “surprising”`). Lemmas.
ATTRIBUTION_LEMMAS = SPEECH_LEMMAS | frozenset(
    """
    call describe demand threaten agree speak praise condemn congratulate criticise criticize
    label dub brand term characterise characterize accuse blame vow reject denounce welcome
    hail seek want decry slam liken compare blast find
    """.split()
) - frozenset({"continue", "begin", "read", "answer"})

# Verbs of thinking, knowing and showing that report a clause as someone's (`X believes that
# …`, `the poll shows that …`). Lemmas.
THOUGHT_LEMMAS = frozenset(
    """
    believe think know expect hope fear worry feel doubt realize realise recognize recognise
    understand show indicate reveal suggest mention recommend propose question wonder
    """.split()
)
# `X wants to …`, `X refused to …`: an intention; the infinitive is the content. Lemmas.
INTENT_LEMMAS = frozenset(
    """
    want plan promise vow pledge refuse threaten intend hope expect seek agree decline offer
    propose aim
    """.split()
)
# `X cited the audit as …`: a speech act on an object; the object is the content. Verbs that
# voice a stance (condemn, praise, reject …) are left to the stances. Lemmas.
OBJECT_LEMMAS = frozenset("propose cite mention question".split())
_AS_FOR = frozenset({"as", "for"})  # `cited the audit as the reason`
# `X urged Y to …`: the object and the infinitive are the reported content.
CONTROL_LEMMAS = frozenset("ask urge tell call invite order instruct encourage implore".split())
# `X accused Y of …`
ACCUSE_LEMMAS = frozenset("accuse blame charge".split())
# `X called for …`
CALL_FOR_LEMMAS = frozenset("call ask appeal push press".split())

# Verbs whose object in quotation marks is a name someone gave (`called her “Miss Piggy”`).
NAMING_LEMMAS = frozenset("call dub label brand term name nickname describe".split())

# Nouns naming a document whose author speaks: `a statement from X reads`.
DOCUMENT_NOUNS = frozenset(
    """
    statement letter tweet communique communiqué release message note post declaration
    memo email announcement
    """.split()
)

# Nouns for something said whose owner speaks: "Trump's claim that …".
CLAIM_NOUNS = frozenset(
    """
    claim assertion remark comment promise pledge warning accusation allegation argument
    insistence characterization characterisation description vow threat suggestion
    """.split()
)
# Verbs that put out a document: "the Council issued a statement".
ISSUE_LEMMAS = frozenset("issue release publish send post put sign".split())

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

_DETERMINERS = frozenset("the a an this that these those".split())
_HE = frozenset("he him his himself".split())
_SHE = frozenset("she her hers herself".split())
_HE_SHE = _HE | _SHE
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
_IT = frozenset("it its".split())
_THEY = frozenset("they them their".split())
_IT_THEY = _IT | _THEY
_FIRST_PERSON = frozenset("i we me us my our".split())
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
# entity types that never speak
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_DATELINE = re.compile(r"\A\s*[^\n]{0,120}?\s(?:[–—]|--?)\s")


def dateline_end(doc: Any, text: str) -> int:
    """The end of a dateline opening `text` (`Bogota, October 18, 2017 (AP) – `), or 0;
    `doc` is the parse of `text`."""
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


# --------------------------------------------------------------------------- marks

_DOUBLE_MARKS = frozenset('"“”„‟«»″')
_OPENING_GLYPHS = frozenset("“„‟«")
_CLOSING_GLYPHS = frozenset("”»")
_SINGLE_MARKS = frozenset("‘’'`")
_OPEN_AFTER = frozenset("([{—–-/:;") | _SINGLE_MARKS
_CLOSE_BEFORE = frozenset(".,;:!?)]}—–-…") | _SINGLE_MARKS
_DASHES = frozenset("―—–")
_OPEN, _CLOSE, _EITHER = 1, 2, 3


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    role: int  # _OPEN, _CLOSE or _EITHER


@dataclass
class _Region:
    """A quoted stretch of text: its content pieces (marks excluded) and its marks."""

    parts: list[tuple[int, int]]
    open_mark: tuple[int, int]
    close_mark: tuple[int, int]
    first_para: int
    last_para: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line holding some text."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    """The double quotation marks of text[start:end], runs of marks merged into one."""
    marks: list[_Mark] = []
    i = start
    while i < end:
        if not _mark_length(text, i, end):
            i += 1
            continue
        j = i
        while j < end and _mark_length(text, j, end):
            j += _mark_length(text, j, end)
        prev = text[i - 1] if i > start else " "
        nxt = text[j] if j < end else " "
        can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_AFTER)
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_BEFORE)
        run = text[i:j]
        glyph_open = any(c in _OPENING_GLYPHS for c in run) or "``" in run
        glyph_close = any(c in _CLOSING_GLYPHS for c in run)
        if can_open and not can_close:
            role = _OPEN
        elif can_close and not can_open:
            role = _CLOSE
        elif glyph_open and not glyph_close:
            role = _OPEN
        elif glyph_close and not glyph_open:
            role = _CLOSE
        elif can_open:  # both, straight marks: let the stack decide
            role = _EITHER
        else:
            role = 0
        if role:
            marks.append(_Mark(i, j, role))
        i = j
    return marks


def _mark_length(text: str, i: int, end: int) -> int:
    """The length of the double quotation mark at text[i] (`''` and ``` `` ``` count), or 0."""
    if text[i] in _DOUBLE_MARKS:
        return 1
    if i + 1 < end and text[i] == text[i + 1] and text[i] in "'`":
        return 2
    return 0


def _pair(marks: Sequence[_Mark]) -> tuple[list[tuple[_Mark, _Mark]], list[_Mark]]:
    """Top-level pairs of marks and the openers left unmatched."""
    stack: list[_Mark] = []
    pairs: list[tuple[_Mark, _Mark]] = []
    for mark in marks:
        if mark.role == _OPEN or (mark.role == _EITHER and not stack):
            stack.append(mark)
        elif stack:
            opener = stack.pop()
            pairs.append((opener, mark))
    top = [
        pair
        for pair in pairs
        if not any(o.start < pair[0].start and pair[1].end < c.end for o, c in pairs)
    ]
    top.sort(key=lambda pair: pair[0].start)
    return top, stack


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, and a trailing comma, from text[start:end]."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _has_word(text: str, start: int, end: int) -> bool:
    return any(c.isalnum() for c in text[start:end])


def quoted_regions(text: str) -> list[_Region]:
    """Every quoted stretch of `text`, in order (the mark pairing step)."""
    regions: list[_Region] = []
    pending: _Region | None = None
    paragraphs = _paragraphs(text)
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = _marks(text, p_start, p_end)
        pairs, unmatched = _pair(marks)
        first_char = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        opens_para = bool(marks) and marks[0].start == first_char and marks[0].role != _CLOSE
        para_regions: list[_Region] = []
        for opener, closer in pairs:
            a, b = _trim(text, opener.end, closer.start)
            if _has_word(text, a, b):
                para_regions.append(
                    _Region(
                        [(a, b)],
                        (opener.start, opener.end),
                        (closer.start, closer.end),
                        index,
                        index,
                    )
                )
        if pending is not None:
            if opens_para and para_regions and para_regions[0].open_mark[0] == first_char:
                head = para_regions.pop(0)
                regions.append(
                    _Region(
                        pending.parts + head.parts,
                        pending.open_mark,
                        head.close_mark,
                        pending.first_para,
                        index,
                    )
                )
                pending = None
            elif opens_para and unmatched and unmatched[0].start == first_char and not pairs:
                a, b = _trim(text, unmatched[0].end, p_end)
                pending.parts.append((a, b))
                pending.last_para = index
                continue
            else:
                pending = None
        regions.extend(para_regions)
        last_close = max((c.end for _, c in pairs), default=p_start)
        dangling = [m for m in unmatched if m.start >= last_close]
        if dangling and index + 1 < len(paragraphs):
            opener = dangling[0]
            a, b = _trim(text, opener.end, p_end)
            if _has_word(text, a, b):
                pending = _Region(
                    [(a, b)], (opener.start, opener.end), (p_end, p_end), index, index
                )
        regions.extend(_single_quoted(text, p_start, p_end, para_regions, index))
    regions.sort(key=lambda r: r.parts[0][0])
    return regions


_SINGLE_QUOTE = re.compile(r"(?<![\w’'])‘(?=\S)([^‘\n]+?)’(?!\w)")


def _single_quoted(
    text: str, p_start: int, p_end: int, doubles: Sequence[_Region], index: int
) -> list[_Region]:
    """Curly single-quoted stretches of a paragraph lying outside its double quotes."""
    out = []
    for match in _SINGLE_QUOTE.finditer(text, p_start, p_end):
        if any(r.open_mark[0] <= match.start() < r.close_mark[1] for r in doubles):
            continue
        a, b = _trim(text, match.start(1), match.end(1))
        if _has_word(text, a, b):
            out.append(
                _Region(
                    [(a, b)],
                    (match.start(), match.start() + 1),
                    (match.end() - 1, match.end()),
                    index,
                    index,
                )
            )
    return out


# --------------------------------------------------------------------------- speakers


def _inside(ranges: Sequence[tuple[int, int]], starts: Sequence[int], pos: int) -> bool:
    """Whether `pos` lies in one of the sorted, non-nested `ranges` (`starts` their starts)."""
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and ranges[index][0] <= pos < ranges[index][1]


def _span(article_id: str, text: str, start: int, end: int) -> Span:
    return Span(article=article_id, start=start, end=end, text=text[start:end])


def _clean_tokens(tokens: Sequence[Any]) -> list[Any]:
    """A name's tokens without leading determiners/titles and a trailing possessive."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (
        toks[0].lower_ in _DETERMINERS
        or toks[0].lower_.rstrip(".") in NAME_TITLES
        or toks[0].is_punct
    ):
        if len(toks) == 1:
            break
        toks = toks[1:]
    while len(toks) > 1 and (toks[-1].tag_ == "POS" or toks[-1].is_punct):
        toks = toks[:-1]
    return toks


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

    Built once per article; `exclude` holds character ranges (direct quotes) whose mentions
    are never antecedents of a pronoun.
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
        self.dateline = dateline_end(self.doc, self.article.text)
        self.chunks = list(self.doc.noun_chunks) if self.doc.has_annotation("DEP") else []
        for chunk in self.chunks:
            for token in chunk:
                self.chunk_of[token.i] = chunk
        self._exclude_starts = [a for a, _ in sorted(self.exclude)]
        self._exclude_sorted = sorted(self.exclude)
        self.entity_spans = _entity_spans(self.doc)
        for ent in self.entity_spans:
            toks = _clean_tokens(list(ent))
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
        return _span(self.article.id, self.article.text, start, end)

    def _excluded(self, pos: int) -> bool:
        return _inside(self._exclude_sorted, self._exclude_starts, pos)

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
        toks = _clean_tokens(tokens)
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
        toks = _clean_tokens(tokens) or list(tokens)
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
        if word in _HE_SHE:
            kinds = {"person"}
            same_kind = _HE if word in _HE else _SHE
        elif word in _IT:
            kinds = {"group"}
            same_kind = _IT
        elif word in _THEY:
            kinds = {"plural", "group"}
            same_kind = _THEY
        else:
            return None
        gender = "m" if word in _HE else "f" if word in _SHE else None
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
                if self._kind(candidate) == "plural" and word not in _THEY:
                    continue
                found = self.speaker(candidate)
                if (
                    candidate.pos_ == "NOUN"
                    and found is not None
                    and found.name.lower().split()[-1:] == [candidate.lower_]
                    and self._kind(candidate) == "person"
                ):
                    continue  # "the candidate" naming nobody before it: look further back
                if found is not None and self._gender_clash(found.name, gender):
                    continue
                return found
            if step == 0 and word in _THEY:
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
        toks = _clean_tokens(run or [token])
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
            if kind in kinds and not (kind == "plural" and token.lower_ not in _THEY):
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
                toks = _clean_tokens(list(chunk.doc[root.left_edge.i : chunk.end]))
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
            owner = _owner(token)
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
            toks = _clean_tokens(run or [t for t in tokens if t.i <= token.i])
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
        toks = _clean_tokens([t for t in tokens if t.i <= token.i] or [token])
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
    """.split()
)


def _name_like(ent: Any) -> bool:
    """Two or three capitalised words, none of them an organisation word."""
    toks = _clean_tokens(list(ent))
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


def is_country(name: str) -> bool:
    """Whether `name` names a country, a bloc or a capital that stands for one."""
    from rashomon.words.gazetteer import gazetteer

    places = gazetteer()
    return places.country_of_name(name) is not None or places.country_of_body(name) is not None


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


def _bracketed(token: Any) -> bool:
    """Whether the phrase of `token` opens with a bracket ("Ana Ruiz (G-Ore.)")."""
    first = token.left_edge
    return first.i > 0 and token.doc[first.i - 1].text in {"(", "["}


def possessor(noun: Any) -> Any:
    """`the opposition's refusal` → opposition (spaCy labels it `poss` or `nmod` + `'s`)."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ == "nmod" and any(c.tag_ == "POS" for c in child.children)
        ):
            return child
    return None


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


def is_pronoun(token: Any) -> bool:
    """A personal pronoun ("US" and "IT" in capitals are names, not pronouns)."""
    if token.lower_ not in _HE_SHE | _IT_THEY | _FIRST_PERSON:
        return bool(token.pos_ == "PRON" and token.tag_ in {"PRP", "PRP$"})
    return token.text == "I" or not token.text.isupper()


def is_first_person(token: Any) -> bool:
    return token.lower_ in _FIRST_PERSON and is_pronoun(token)


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
        out += [piece for piece in pieces if len(piece) and _clean_tokens(list(piece))]
    return out


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
            if contracted and _is_speech(current, SPEECH_LEMMAS | REPORT_LEMMAS):
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


# --------------------------------------------------------------------------- attribution


@dataclass
class _Attribution:
    cue: tuple[int, int] | None
    speaker: Speaker | None
    how: str
    # a partial quote: what its cue reports, the quote inside (`the results “surprising”`)
    material: tuple[int, int] | None = None


class _Tokens:
    """Character offsets → tokens of a doc."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def between(self, start: int, end: int) -> list[Any]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return [self.doc[k] for k in range(i, j)]

    def at(self, pos: int) -> Any:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.doc[max(i, 0)] if len(self.doc) else None


_SENTENCE_END = frozenset({".", "!", "?", "…"})
_NP_POS = frozenset(
    {
        "PROPN",
        "NOUN",
        "DET",
        "ADJ",
        "PRON",
        "PART",
        "PUNCT",
        "NUM",
        "ADV",
        "AUX",
        "SPACE",
        "ADP",
        "CCONJ",
    }
)
_LIGHT_POS = frozenset({"PUNCT", "SCONJ", "PRON", "ADV", "PART", "SPACE"})
# parts of speech that never name a speaker
_NOT_NAMES = frozenset({"ADP", "CCONJ", "SCONJ", "PUNCT", "DET", "PART", "SPACE", "AUX", "VERB"})
# `“…,” X said, “…”` and `“…,” X said, but “…”`: the cue between the parts of one quote
_SPLIT_GAP_END = re.compile(r",\s*(?:and\s+|but\s+)?\Z")
# the full stop of a title or an initial (`Mr.`, `Sen.`, `J.`) does not end a sentence
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z])\.")
# the small words a title leaves in lower case (`“Meet the Press”`, `“Fox and Friends”`)
_TITLE_SMALL_WORDS = frozenset(
    "a an the and or nor but of to in on at for by with from as vs via de la le del".split()
)
# a quote holding this share of what its cue reports (non-space characters) is direct
MOSTLY_QUOTED = 0.8
# the dependents of a cue before its quote that are part of what it reports (`called the
# results “…”`); others (`said of the count, “…”`) are not
_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "oprd", "attr", "acomp"})


def _cue_phrase(token: Any) -> tuple[int, int]:
    """The cue's extent: the verb, with `for` (called for), a particle, or the addressee of
    `told` (told reporters)."""
    start, end = token.idx, token.idx + len(token)
    for child in token.children:
        if child.i == token.i + 1 and (
            child.dep_ == "prt" or (child.lower_ == "for" and token.lemma_ in CALL_FOR_LEMMAS)
        ):
            end = child.idx + len(child)
    if token.lemma_ == "tell":
        objs = [c for c in token.children if c.dep_ in {"dobj", "dative"} and c.i > token.i]
        if objs:
            obj = objs[0]
            left = min(t.i for t in obj.subtree)
            right = max(t.i for t in obj.subtree)
            if left == token.i + 1 and right - left < 3:
                last = token.doc[right]
                end = last.idx + len(last)
    return start, end


def _is_speech(token: Any, lemmas: frozenset[str]) -> bool:
    if token.lemma_.lower() == "put" and any(c.lower_ == "it" for c in token.children):
        return True  # "as X put it, “…”"
    return bool(
        token.lemma_.lower() in lemmas
        and token.pos_ in {"VERB", "AUX"}
        and token.lemma_.lower() != "be"
    )


def _owner(noun: Any) -> Any:
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


class _Attributor:
    def __init__(self, article: Article, doc: Any, regions: Sequence[_Region]) -> None:
        self.article = article
        self.text = article.text
        self.doc = doc
        self.tokens = _Tokens(doc)
        self.regions = regions
        self.paragraphs = _paragraphs(article.text)
        self._paragraph_of = _paragraph_index(self.paragraphs)
        exclude = [(r.parts[0][0], r.parts[-1][1]) for r in regions]
        self.resolver = Resolver(article, doc, exclude, local_spans=True)
        self.quoted = sorted(exclude)
        self._quoted_starts = [a for a, _ in self.quoted]

    def inside(self, pos: int) -> bool:
        return _inside(self.quoted, self._quoted_starts, pos)

    def paragraph_of(self, pos: int) -> int:
        return self._paragraph_of(pos)

    def para_bounds(self, index: int) -> tuple[int, int]:
        return self.paragraphs[index]

    def lead_tokens(self, k: int) -> list[Any]:
        region = self.regions[k]
        p_start, _ = self.para_bounds(region.first_para)
        start = p_start
        if k > 0 and self.regions[k - 1].last_para == region.first_para:
            start = max(start, self.regions[k - 1].close_mark[1])
        toks = [t for t in self.tokens.between(start, region.open_mark[0])]
        for i in range(len(toks) - 1, -1, -1):
            if toks[i].text in _SENTENCE_END:
                return toks[i + 1 :]
        return toks

    def trailer_tokens(self, k: int) -> list[Any]:
        region = self.regions[k]
        _, p_end = self.para_bounds(region.last_para)
        end = p_end
        if k + 1 < len(self.regions) and self.regions[k + 1].first_para == region.last_para:
            end = min(end, self.regions[k + 1].open_mark[0])
        out = []
        for token in self.tokens.between(region.close_mark[1], end):
            if token.text in _SENTENCE_END:
                break
            out.append(token)
        return out

    def terminal(self, k: int) -> bool:
        """Whether the quote ends a clause (so that a cue may follow it)."""
        region = self.regions[k]
        # a quote inside the quote may close with it (`“… ‘Go ahead,’”`): look inside its mark
        inner_end = region.parts[-1][1]
        while inner_end > region.parts[-1][0] and self.text[inner_end - 1] in _SINGLE_MARKS:
            inner_end -= 1
        last = self.text[inner_end - 1] if inner_end else ""
        before_close = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        before_close = before_close.rstrip("".join(_SINGLE_MARKS)).rstrip()
        after = self.text[region.close_mark[1] : region.close_mark[1] + 2].lstrip()
        return (
            last in ",.!?…—–-:;"
            or (before_close[-1:] in {",", ".", "!", "?", "…", "—", "–", "-"})
            or after.startswith(",")
        )

    # -- the cascade
    def dash(self, k: int) -> _Attribution | None:
        region = self.regions[k]
        _, p_end = self.para_bounds(region.last_para)
        rest = self.text[region.close_mark[1] : p_end]
        match = re.match(r"\s*([―—–]|--)\s*", rest)
        if not match:
            return None
        toks = [
            t
            for t in self.tokens.between(region.close_mark[1] + match.end(), p_end)
            if not t.is_space
        ]
        while toks and toks[-1].is_punct:
            toks.pop()
        if (
            not toks
            or len(toks) > 6
            or not all(
                t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or t.text in {".", "-"} for t in toks
            )
        ):
            return None
        speaker = self.resolver._as_person(toks)
        dash_start = region.close_mark[1] + match.start(1)
        return _Attribution((dash_start, dash_start + len(match.group(1))), speaker, "dash")

    def trailer(self, k: int) -> _Attribution | None:
        if not self.terminal(k):
            return None
        toks = self.trailer_tokens(k)
        for index, token in enumerate(toks[:12]):
            if _is_speech(token, SPEECH_LEMMAS):
                before = toks[:index]
                if not all(t.pos_ in _NP_POS for t in before):
                    return None
                if any(t.pos_ == "ADP" for t in before) and not any(
                    t.pos_ in {"PROPN", "NOUN", "PRON"} for t in before
                ):
                    return None
                if any(
                    c.dep_ == "ccomp"
                    and c.i > token.i
                    and not self.inside(c.idx)
                    and trailing_cue(c) is None
                    for c in token.children
                ):
                    return None  # `“…” Park said Kim's state is …`: the verb has its own clause
                return _Attribution(
                    _cue_phrase(token), self._trailer_speaker(token, toks), "trailer"
                )
            if token.pos_ not in _NP_POS:
                return None
        return None

    def speaker_of(self, verb: Any, subject: Any) -> Speaker | None:
        """The speaker named by `subject` of `verb`; when a relative pronoun is the subject
        (`Smith, who said …`), its span is the pronoun's."""
        if subject is None or subject.pos_ in _NOT_NAMES:
            return None  # a misparse: `Of Carson, Levine said` has no speaker "Of"
        speaker = self.resolver.speaker(subject)
        if speaker is None or verb.dep_ != "relcl":
            return speaker
        for child in verb.children:
            if child.dep_ == "nsubj" and child.lower_ in {"who", "which", "that"}:
                span = self.resolver.span(child.idx, child.idx + len(child))
                return Speaker(entity=None, name=speaker.name, span=span)
        return speaker

    def _trailer_speaker(self, cue: Any, toks: Sequence[Any]) -> Speaker | None:
        ids = {t.i for t in toks}
        subject = subject_of(cue)
        if subject is not None and (subject.i in ids or not self.inside(subject.idx)):
            # `X said of it, “…,” adding …`: the subject may come before the quote
            return self.speaker_of(cue, subject)
        before = [t for t in toks if t.i < cue.i and t.pos_ in {"PROPN", "NOUN", "PRON"}]
        if before:
            return self.resolver.speaker(self._np_head(before[-1]))
        after = [t for t in toks if t.i > cue.i and t.pos_ in {"PROPN", "NOUN", "PRON"}]
        if after:
            return self.resolver.speaker(self._np_head(after[0]))
        return None

    def _np_head(self, token: Any) -> Any:
        chunk = self.resolver.chunk_of.get(token.i)
        if chunk is not None:
            return chunk.root
        while token.dep_ in {"compound", "flat", "amod"} and token.head.i != token.i:
            token = token.head
        return token

    def lead(self, k: int) -> _Attribution | None:
        toks = [t for t in self.lead_tokens(k) if not t.is_space]
        region = self.regions[k]
        p_start = self.para_bounds(region.first_para)[0]
        if (
            not toks
            and region.first_para > 0
            and not self.text[p_start : region.open_mark[0]].strip()
        ):
            # `X continued:` closing the previous paragraph
            prev_start, prev_end = self.para_bounds(region.first_para - 1)
            if self.text[prev_start:prev_end].rstrip().endswith(":") and not any(
                r.last_para == region.first_para - 1 for r in self.regions
            ):
                toks = [t for t in self.tokens.between(prev_start, prev_end) if not t.is_space]
        if not toks:
            return None
        colon = toks[-1].text in {":", ","}
        limit = 10 if colon else 3
        for distance, token in enumerate(reversed(toks)):
            if distance >= limit:
                return self.colon_frame(toks) if toks[-1].text == ":" else None
            if _is_speech(token, SPEECH_LEMMAS) and (
                colon or token.lemma_.lower() not in {"continue", "begin", "read"}
            ):
                skipped = toks[len(toks) - distance :]
                if not colon and not all(
                    t.pos_ in _LIGHT_POS or t.lower_ in {"that", "it", "a", "an"} for t in skipped
                ):
                    return None
                aside = self._aside(token)
                speaker = aside[0] if aside else self.speaker_of(token, subject_of(token))
                if speaker is None and colon:
                    speaker = self._opening_speaker(toks, token)
                return _Attribution(_cue_phrase(token), speaker, "lead")
            if token.pos_ == "VERB" and not colon:
                return None
        return self.colon_frame(toks) if toks[-1].text == ":" else None

    def _aside(self, verb: Any) -> tuple[Speaker, Any] | None:
        """Who says it, by an aside set in the clause of `verb` or of the verb it hangs from
        (`… do not, as Ruiz once said, only call “…”`), or None."""
        current = verb
        for _ in range(3):
            for child in current.children:
                if (
                    child.dep_ == "advcl"
                    and _is_speech(child, SPEECH_LEMMAS)
                    and any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children)
                    and not self.inside(child.idx)
                ):
                    speaker = self.speaker_of(child, subject_of(child))
                    if speaker is not None:
                        return speaker, child
            if current.dep_ not in {"dep", "conj", "xcomp", "ccomp"} or current.head.i == current.i:
                return None
            current = current.head
        return None

    def _opening_speaker(self, toks: Sequence[Any], cue: Any) -> Speaker | None:
        """`X, in a written statement, said: “…”` when the parse lost the cue's subject: the
        noun phrase that opens the sentence, right before a comma."""
        before = [t for t in toks if t.i < cue.i]
        names = [t for t in before if t.pos_ in {"PROPN", "NOUN"}]
        if not names:
            return None
        head = self._np_head(names[0])
        after = head.right_edge.i + 1
        if after >= len(self.doc) or self.doc[after].text != "," or head.dep_ == "pobj":
            return None
        return self.resolver.speaker(head)

    def colon_frame(self, toks: Sequence[Any]) -> _Attribution | None:
        """A sentence ending with a colon that introduces the quote, its cue further back:
        `as X observed, the biggest victor was …:`, `X issued the following statement:`."""
        sentence: list[Any] = []
        for token in reversed(toks[:-1]):
            if token.text in _SENTENCE_END:
                break
            sentence.insert(0, token)
        for token in reversed(sentence):
            if self.inside(token.idx):
                continue
            if _is_speech(token, SPEECH_LEMMAS):
                speaker = self.speaker_of(token, subject_of(token))
                if speaker is not None:
                    return _Attribution(_cue_phrase(token), speaker, "lead")
            if token.lemma_.lower() in DOCUMENT_NOUNS:
                owner = _owner(token)
                speaker = self.resolver.speaker(owner) if owner is not None else None
                if speaker is not None:
                    return _Attribution((token.idx, token.idx + len(token)), speaker, "lead")
        return None

    def path(self, k: int) -> _Attribution | None:
        region = self.regions[k]
        a, b = region.parts[0][0], region.parts[-1][1]
        inner = [t for t in self.tokens.between(a, b) if not t.is_space]
        ids = {t.i for t in inner}
        roots = [t for t in inner if t.head.i not in ids or t.head.i == t.i]
        for root in roots:
            current = root
            child = root
            steps = 0
            while steps < 12:
                steps += 1
                aside = self._aside(current) if current.i not in ids else None
                if aside is not None:  # "judges do not, as Ruiz said, only call “…”"
                    material = self.material(current, child, region)
                    return _Attribution(_cue_phrase(aside[1]), aside[0], "path", material)
                if current.i not in ids and _is_speech(current, ATTRIBUTION_LEMMAS):
                    subject = subject_of(current)
                    if subject is not None and subject.i not in ids:
                        speaker = self.speaker_of(current, subject)
                        if speaker is not None:
                            material = self.material(current, child, region)
                            return _Attribution(_cue_phrase(current), speaker, "path", material)
                if current.i not in ids and current.lemma_.lower() in CLAIM_NOUNS:
                    # "Trump's claim that there were “thousands of shootings”"
                    owner = _owner(current)
                    speaker = self.resolver.speaker(owner) if owner is not None else None
                    if speaker is not None:
                        cue = (current.idx, current.idx + len(current))
                        material = self.material(current, child, region)
                        return _Attribution(cue, speaker, "path", material)
                if current.head.i == current.i:
                    break
                child = current
                current = current.head
        return None

    def material_of(self, cue_span: tuple[int, int], k: int) -> tuple[int, int] | None:
        """What the cue at `cue_span` reports when quote `k` hangs from it in the parse."""
        cue = self.tokens.at(cue_span[0])
        region = self.regions[k]
        a, b = region.parts[0][0], region.parts[-1][1]
        inner = [t for t in self.tokens.between(a, b) if not t.is_space]
        ids = {t.i for t in inner}
        for token in inner:
            if token.head.i in ids and token.head.i != token.i:
                continue
            child, current = token, token.head
            for _ in range(12):
                if current.i == cue.i:
                    start, end = self.material(cue, child, region)
                    if cue_span[1] <= a:  # `told reporters “…”`: the cue's own words stay out
                        start = max(start, cue_span[1])
                    return start, end
                if current.head.i == current.i:
                    break
                child, current = current, current.head
        return None

    def material(self, cue: Any, child: Any, region: _Region) -> tuple[int, int]:
        """What `cue` reports, holding the partial quote `region` that hangs from it through
        `child`: the cue's complements from the first one after it to `child` (`called the
        results “surprising”` → `the results “surprising”`), or `child`'s phrase when it
        comes before the cue; inside the sentence and the quote's paragraphs, the quotation
        marks kept. A quote closed by punctuation (`“…,”`) ends it."""
        if child.i > cue.i:
            complements = [
                c
                for c in cue.children
                if cue.i < c.i <= child.i and (c.i == child.i or c.dep_ in _OBJECT_DEPS)
            ]
            first = min(complements, key=lambda c: c.i) if complements else child
            start = first.left_edge.idx
            if first.dep_ == "ccomp" and first.left_edge.dep_ == "mark":
                start = first.left_edge.idx + len(first.left_edge)
            right = child.right_edge
            end = _cut_contrast(child, right.idx + len(right))
        else:
            start, end = _subtree_bounds(child)
        sentence = cue.sent
        start = max(start, sentence.start_char, self.para_bounds(region.first_para)[0])
        end = min(end, sentence.end_char, self.para_bounds(region.last_para)[1])
        if self.closed(region):
            end = min(end, region.close_mark[1])
        start, end = _content_bounds(self.text, start, end)
        return min(start, region.open_mark[0]), max(end, region.close_mark[1])

    def closed(self, region: _Region) -> bool:
        """Whether the quote ends with punctuation (`“…,”`, `“….”`, `“…”,`)."""
        inside = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        after = self.text[region.close_mark[1] : region.close_mark[1] + 1]
        return inside[-1:] in {",", ".", "!", "?", "…"} or after in {",", ";"}

    def standalone(self, k: int) -> bool:
        """Whether quote `k` is a sentence of its own (or several): nothing before it in its
        sentence, and nothing after it unless the quote closes its own sentence (`“….” Reid
        said both …` starts a new one)."""
        lead = [t for t in self.lead_tokens(k) if not (t.is_space or t.is_punct)]
        if lead:
            return False
        region = self.regions[k]
        inside = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        if inside[-1:] in {".", "!", "?", "…"}:
            return True
        return not [t for t in self.trailer_tokens(k) if not (t.is_space or t.is_punct)]

    def attribute(self, k: int) -> _Attribution:
        for step in (self.dash, self.trailer, self.lead):
            found = step(k)
            if found is not None:
                if found.cue is not None and found.how != "dash":
                    found.material = self.material_of(found.cue, k)
                return found
        if self.standalone(k):
            return _Attribution(None, None, "continuation")
        found = self.path(k)
        if found is not None:
            return found
        return _Attribution(None, None, "none")

    def is_title(self, k: int, found: _Attribution) -> bool:
        """A name in quotation marks (a show, a forum, a slogan), not words someone said:
        at most six words, every word capitalised but small ones (`of`, `the`: `“Nice to see
        you all”` is words said), no closing punctuation but the full stop of a sentence it ends
        (`on “Fox and Friends.”`), and not the object of a naming verb (`called her “Miss
        Piggy”` stays a quote)."""
        region = self.regions[k]
        if len(region.parts) > 1 or found.how in {"continuation", "dash"}:
            return False
        a, b = region.parts[0]
        content = self.text[a:b]
        words = re.findall(r"[^\W\d_][\w’'-]*", content)
        if not words or len(words) > 6 or content.rstrip()[-1:] in {"!", "?", "…", ","}:
            return False
        if content.rstrip().endswith(".") and len(words) < 2:
            return False  # “Never.”; a name of two words or more may end a sentence
        small = _TITLE_SMALL_WORDS
        if (
            not all(w[0].isupper() for w in words if w.lower() not in small)
            or not words[0][0].isupper()
        ):
            return False
        if found.cue is not None:
            cue = self.tokens.at(found.cue[0])
            if cue is not None and cue.lemma_.lower() in NAMING_LEMMAS:
                return False
        return True

    def split_with_next(self, k: int, how: str) -> bool:
        """`“…,” X said, “…”`: region k and k+1 are one quote split by its cue."""
        if how != "trailer" or k + 1 >= len(self.regions):
            return False
        region, following = self.regions[k], self.regions[k + 1]
        if following.first_para != region.last_para:
            return False
        gap = self.text[region.close_mark[1] : following.open_mark[0]]
        content_end = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        first_comma = content_end.endswith(",") or gap.lstrip().startswith(",")
        return (
            first_comma
            and _SPLIT_GAP_END.search(gap) is not None
            and not re.search(r"[.:;!?]", _ABBREVIATION.sub("", gap))
            and len(gap.split()) <= 14
        )


# --------------------------------------------------------------------------- indirect


def _subtree_bounds(token: Any) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def _content_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and outer punctuation (not quotation marks inside)."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end


_CONTRAST_MARKS = frozenset("while whereas though although but".split())


def _cut_contrast(clause: Any, end: int) -> int:
    """End a reported clause before a contrasting clause hung on it (`…, while Spain …`)."""
    for child in clause.children:
        if child.i <= clause.i or child.dep_ not in {"advcl", "conj", "cc"}:
            continue
        first = child.left_edge
        if first.lower_ in _CONTRAST_MARKS and first.i > 0 and first.nbor(-1).text == ",":
            return min(end, int(first.nbor(-1).idx))
    return end


class _Indirect:
    """Indirect speech of one doc."""

    def __init__(self, attributor: _Attributor) -> None:
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
            parts = [(a, b) for a, b in parts if _has_word(self.text, a, b)]
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
        return _content_bounds(self.text, a, b)

    def _negated(self, token: Any) -> bool:
        return any(c.dep_ == "neg" for c in token.children)

    def _for_token(self, token: Any) -> tuple[list[tuple[int, int]], tuple[int, int], Any] | None:
        lemma = token.lemma_.lower()
        if token.lower_ == "according":
            return self._according(token)
        if token.pos_ != "VERB" or self._negated(token):
            return None
        children = list(token.children)
        if lemma in REPORT_LEMMAS or lemma in THOUGHT_LEMMAS:
            clauses = [c for c in children if c.dep_ == "ccomp" and trailing_cue(c) is None]
            comma = trailing_cue(token)
            if comma is not None:
                # `“…,” he said as he left, the Gazette’s Ana Ruiz tweeted.`: what came before
                start = max(token.sent.start_char, self.at.resolver.dateline)
                return [(start, comma.idx)], _cue_phrase(token), subject_of(token)
            if clauses:
                clause = clauses[0]
                start, end = _subtree_bounds(clause)
                marks = [
                    c for c in clause.children if c.dep_ == "mark" and c.i == clause.left_edge.i
                ]
                if marks:
                    start = marks[0].idx + len(marks[0])
                end = _cut_contrast(clause, end)
                start = max(start, self.at.resolver.dateline)
                return [(start, end)], _cue_phrase(token), subject_of(token)
            if token.dep_ == "parataxis" and lemma in REPORT_LEMMAS:
                # `Climate change, Mr. Obama often says, is …`: the sentence around the aside
                parts = self._around(token, token.head)
                if parts:
                    return parts, _cue_phrase(token), subject_of(token)
        if lemma in CONTROL_LEMMAS:
            objs = [c for c in children if c.dep_ in {"dobj", "dative"} and c.i > token.i]
            xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
            if objs and xcomps:
                start = _subtree_bounds(objs[0])[0]
                end = _subtree_bounds(xcomps[0])[1]
                return [(start, end)], _cue_phrase(token), subject_of(token)
        if lemma in ACCUSE_LEMMAS:
            objs = [c for c in children if c.dep_ == "dobj"]
            owners = children + [c for o in objs for c in o.children]
            preps = [c for c in owners if c.dep_ == "prep" and c.lower_ in {"of", "for"}]
            if objs and preps:
                start = _subtree_bounds(objs[0])[0]
                end = _subtree_bounds(preps[0])[1]
                return [(start, end)], _cue_phrase(token), subject_of(token)
        if lemma in INTENT_LEMMAS:
            xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
            subject = subject_of(token)
            if (
                xcomps
                and not any(c.dep_ in {"dobj", "dative"} for c in children)
                and subject is not None
                and _agentive(subject)
            ):  # an intention is someone's: "the law aims to …" reports nobody's
                return [_subtree_bounds(xcomps[0])], _cue_phrase(token), subject
        if lemma in OBJECT_LEMMAS:
            objs = [c for c in children if c.dep_ == "dobj" and c.i > token.i]
            if objs:
                start, end = _subtree_bounds(objs[0])
                for child in children:
                    if child.i > objs[0].i and child.dep_ == "prep" and child.lower_ in _AS_FOR:
                        end = max(end, _subtree_bounds(child)[1])
                return [(start, end)], _cue_phrase(token), subject_of(token)
        if lemma in CALL_FOR_LEMMAS:
            fors = [
                c for c in children if c.dep_ == "prep" and c.lower_ == "for" and c.i == token.i + 1
            ]
            if fors:
                objs = [c for c in fors[0].children if c.dep_ == "pobj"]
                if objs:
                    return [_subtree_bounds(objs[0])], _cue_phrase(token), subject_of(token)
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
        own_start, own_end = _subtree_bounds(aside)
        sent = aside.sent
        clause_start, clause_end = _subtree_bounds(head)
        clause_start = max(clause_start, sent.start_char)
        clause_end = min(clause_end, sent.end_char)
        parts = []
        if clause_start < own_start:
            parts.append((clause_start, own_start))
        if own_end < clause_end:
            parts.append((own_end, clause_end))
        return parts


# --------------------------------------------------------------------------- entry points


def extract_quotes(article: Article, doc: Any) -> list[Quote]:
    """Direct and indirect quotes of one article, ids and statements left empty ("")."""
    text = article.text
    regions = quoted_regions(text)
    attributor = _Attributor(article, doc, regions)

    items: list[_Item] = []
    k = 0
    while k < len(regions):
        found = attributor.attribute(k)
        region = regions[k]
        if attributor.is_title(k, found):
            k += 1
            continue
        if found.material is not None and not _mostly_quoted(text, [found.material], [region]):
            _add_partial(items, found, region)
            k += 1
            continue
        parts = list(region.parts)
        last_para, close = region.last_para, region.close_mark
        if attributor.split_with_next(k, found.how):
            parts += regions[k + 1].parts
            last_para, close = regions[k + 1].last_para, regions[k + 1].close_mark
            k += 1
        items.append(
            _Item(
                parts,
                True,
                found.cue,
                found.speaker,
                found.how,
                region.first_para,
                last_para,
                region.open_mark,
                close,
            )
        )
        k += 1

    items = [_settled(item, text) for item in items]
    paragraph_of = _paragraph_index(attributor.paragraphs)
    indirect = []
    for parts, cue, speaker in _Indirect(attributor).extract():
        para = paragraph_of(parts[0][0])
        indirect.append(_Item(parts, False, cue, speaker, "indirect", para, para, cue, cue))
    cues = {item.cue for item in items if item.direct or item.how == "mixed"}
    indirect = [item for item in indirect if item.cue not in cues]
    items = _absorbed(items, indirect) + indirect
    items.sort(key=lambda item: (item.parts[0][0], not item.direct))

    items = _join_continuations(items, _continue_speakers(items, text))
    items = [item for item in items if not _scare_quote(item, attributor.tokens)]

    quotes = []
    for item in items:
        first, last = item.parts[0][0], item.parts[-1][1]
        cue = item.cue if item.cue is not None else item.open_mark
        quotes.append(
            Quote(
                id="",
                span=_span(article.id, text, first, last),
                parts=tuple(_span(article.id, text, a, b) for a, b in item.parts),
                direct=item.direct,
                cue=_span(article.id, text, cue[0], cue[1]),
                speaker=item.speaker,
                statement="",
            )
        )
    return quotes


@dataclass
class _Item:
    parts: list[tuple[int, int]]
    direct: bool
    cue: tuple[int, int] | None
    speaker: Speaker | None
    how: str
    first_para: int
    last_para: int
    open_mark: tuple[int, int]
    close_mark: tuple[int, int]
    quotes: list[_Region] = field(default_factory=list)  # the partial quotes of a mixed one


def _scare_quote(item: _Item, tokens: _Tokens) -> bool:
    """Words in quotation marks that nobody is said to say, short of a clause (fewer than
    five words or no verb): a term, a name, a scare quote (`the “public option”`)."""
    if item.how != "none" or item.speaker is not None:
        return False
    words = [t for a, b in item.parts for t in tokens.between(a, b) if t.is_alpha]
    return len(words) < 5 or not any(t.pos_ in {"VERB", "AUX"} for t in words)


def _letters(text: str, start: int, end: int) -> int:
    return sum(1 for c in text[start:end] if not c.isspace())


def _mostly_quoted(
    text: str, material: Sequence[tuple[int, int]], quotes: Sequence[_Region]
) -> bool:
    """Whether the quotes (marks included) make at least `MOSTLY_QUOTED` of the non-space
    characters of what their cue reports (then they are direct quotes, not partial ones)."""
    quoted = sum(_letters(text, q.open_mark[0], q.close_mark[1]) for q in quotes)
    return quoted >= MOSTLY_QUOTED * sum(_letters(text, a, b) for a, b in material)


def _add_partial(items: list[_Item], found: _Attribution, region: _Region) -> None:
    """A partial quote as part of what it belongs to: the reported material of its cue,
    with the quoted words inside (`called the results “surprising”`); partial quotes of one
    cue (`called it “a con” and “a disgrace”`) make one."""
    assert found.material is not None
    start, end = found.material
    previous = items[-1] if items else None
    if previous is not None and previous.how == "mixed" and previous.cue == found.cue:
        previous.parts = _union([*previous.parts, (start, end)])
        previous.quotes.append(region)
        previous.last_para, previous.close_mark = region.last_para, region.close_mark
        return
    items.append(
        _Item(
            [(start, end)],
            False,
            found.cue,
            found.speaker,
            "mixed",
            region.first_para,
            region.last_para,
            region.open_mark,
            region.close_mark,
            [region],
        )
    )


def _union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _settled(item: _Item, text: str) -> _Item:
    """A group of partial quotes that makes most of what its cue reports is a direct quote
    in several parts (`called Trump “a liar” who is “utterly amoral”`)."""
    if item.how != "mixed" or not _mostly_quoted(text, item.parts, item.quotes):
        return item
    parts = [part for region in item.quotes for part in region.parts]
    return dataclasses.replace(item, parts=parts, direct=True, how="partials", quotes=[])


def _absorbed(items: list[_Item], indirect: Sequence[_Item]) -> list[_Item]:
    """`items` without the quotes with no attribution of their own that lie inside the clause
    of an indirect quote, which reports them (`X said the deal was “a disaster”`)."""

    def inside(item: _Item) -> bool:
        a, b = item.open_mark[0], item.close_mark[1]
        return any(other.parts[0][0] <= a and b <= other.parts[-1][1] for other in indirect)

    return [item for item in items if not (item.how == "none" and inside(item))]


def _paragraph_index(paragraphs: Sequence[tuple[int, int]]) -> Callable[[int], int]:
    starts = [a for a, _ in paragraphs]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return index


def _continue_speakers(items: list[_Item], text: str) -> dict[int, int]:
    """A quote standing alone right after a quote of X (same or previous paragraph) is X's;
    so is a quote with no cue of its own, a clause long (four words or more, or ending a
    sentence), inside a paragraph where X is quoted before it (a short scare quote is not).
    Returns, for each quote that stands alone, the index of the quote it continues."""
    continued: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.how == "continuation":
            first_para = item.first_para - 1
        elif item.how == "none":
            content = text[item.parts[0][0] : item.parts[-1][1]]
            if len(content.split()) < 4 and content.rstrip()[-1:] not in {".", "!", "?"}:
                continue
            first_para = item.first_para
        else:
            continue
        previous = [
            p
            for p in items[:index]
            if p.speaker is not None
            and p.last_para >= first_para
            and p.parts[-1][1] <= item.parts[0][0]
            and (p.direct or item.how == "continuation")
        ]
        if previous:
            source = previous[-1]
            quoted = [p for p in previous if p.direct]
            if quoted and not source.direct and _same_speaker(source, quoted[-1]):
                # `“…,” X said, noting that … “…”`: the quote goes on after X's aside
                source = quoted[-1]
            item.speaker = source.speaker
            item.cue = source.cue
            if item.how == "continuation":
                continued[index] = next(i for i, p in enumerate(items) if p is source)
    return continued


def _same_speaker(a: _Item, b: _Item) -> bool:
    return a.speaker is not None and b.speaker is not None and a.speaker.name == b.speaker.name


def _join_continuations(items: list[_Item], continued: dict[int, int]) -> list[_Item]:
    """`“…,” X said. “…”`: a quote standing alone in the paragraph of the direct quote it
    continues, right after it, is the rest of that quote (one more part)."""
    out: list[_Item] = []
    joined: dict[int, _Item] = {}
    for index, item in enumerate(items):
        source_index = continued.get(index)
        if source_index is not None and item.direct:
            source = joined.get(source_index, items[source_index])
            between = [other for other in items[source_index + 1 : index] if other.direct]
            if source.direct and source.last_para == item.first_para and not between:
                source.parts.extend(item.parts)
                source.last_para, source.close_mark = item.last_para, item.close_mark
                joined[index] = source
                continue
        out.append(item)
    return out


# --------------------------------------------------------------------------- spaCy factory

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuoteComponent:
    """A pipeline component: `nlp.add_pipe("rashomon_quotes")` sets `doc._.quotes`."""

    def __init__(self, article_id: str = "doc") -> None:
        self.article_id = article_id

    def __call__(self, doc: Any) -> Any:
        article = Article(id=self.article_id, text=doc.text, outlet="")
        doc._.quotes = extract_quotes(article, doc)
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterable[Any]:
        for doc in docs:
            yield self(doc)


def make_quote_component(nlp: Any, name: str, article_id: str) -> QuoteComponent:
    """The factory of `rashomon_quotes`."""
    return QuoteComponent(article_id)


if not Language.has_factory("rashomon_quotes"):
    Language.factory(
        "rashomon_quotes",
        default_config={"article_id": "doc"},
        requires=["token.dep", "token.lemma", "doc.ents"],
        assigns=["doc._.quotes"],
        func=make_quote_component,
    )
