"""Loaded wording: the terms that set each outlet apart, and the spans whose wording is loaded.

Two views of the same question, "whose words carry a judgement?":

- `compare.loaded.loaded_terms`: per article, the loaded words it uses more than the other
  articles of the event (counted here per article: `term_counts`, `term_uses`): every
  content lemma that `is_loaded`, scored by the log-odds ratio with an informative Dirichlet
  prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"; the prior is the event's pooled
  counts), kept from a z-score of MIN_Z on. Names, numbers,
  honorifics and titles ("Mr", "President") are never terms: they tell who is talked about,
  not how. Plain words that merely set an outlet apart ("budget", "recount") are left out too.
- `loaded_spans(article, doc)`: the words and short phrases whose wording is loaded (emotive or
  subjective adjectives, adverbs and verbs, judgemental labels, doubt markers such as
  "so-called", and scare quotes), each with a score in (0, 1]. `sentence_loadedness` and
  `loadedness` turn word scores into a figure per sentence or per text, for the summary to
  prefer the least loaded wording; `is_loaded` answers for one word.

The lexicons shipped in `rashomon/data` (never the evaluation lists under ../shared/data):
`loaded_words.tsv`, written by the rashomon team (MIT, with the project), and
`vader_lexicon.tsv`, the word entries of the VADER sentiment lexicon (Hutto and Gilbert 2014;
MIT, the licence is in the file's header). A word in our list scores its weight there (0 for
"plain" words such as "dead"); any other word scores its VADER strength, |valence| / 5, kept
whole for adjectives and adverbs and halved for verbs and nouns, which in news are more often
what happened ("killed", "attack") than a choice of words. Measured against the lexical-bias
spans of BASIL by bench/eval_loaded.py (tests/accuracy/test_loaded_gate.py pins the floors).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rashomon.model import Article, Span, TermUse

# --- loaded terms --------------------------------------------------------------------------
_CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "PROPN"})
TERM_MIN_LOADED = 0.6  # a term must be a loaded word: one that would make a span (MIN_SCORE)

# Honorifics and titles: how an outlet's house style names people, not how it frames them.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof sir dame lord lady madam sen senator rep representative gov
    governor president vice secretary minister premier chancellor mayor judge justice gen general
    col colonel lt lieutenant sgt sergeant capt captain adm admiral cmdr commander maj major
    rev reverend father pope cardinal bishop rabbi imam sheikh king queen prince princess
    chairman chairwoman chairperson chair ceo spokesman spokeswoman spokesperson ambassador
    speaker leader attorney congressman congresswoman councilman councilwoman councillor
    commissioner director officer chief deputy mister st jr sr esq
    """.split()
)

# --- loaded spans (lexicon) ----------------------------------------------------------------
MIN_SCORE = 0.6  # a word or phrase is a loaded span from this score on (mild entries are 0.5)
VADER_SCALE = 5.0  # |valence| / VADER_SCALE is a word's VADER strength, at most 0.8
# how much of its VADER strength a word keeps, by part of speech: nouns and verbs in the news
# are more often the topic ("attack", "killed", "win") than a choice of words, so from VADER
# alone they never make a span (0.5 x 0.8 < MIN_SCORE); they still count in `loadedness`
VADER_POS_FACTOR = {"ADJ": 1.0, "ADV": 1.0, "VERB": 0.5, "NOUN": 0.5}
VADER_UNKNOWN_POS_FACTOR = 0.5
SCARE_QUOTE_SCORE = 0.6
SCARE_QUOTE_MAX_WORDS = 3

_NEVER_LOADED_POS = frozenset({"PROPN", "PRON", "DET", "AUX", "CCONJ", "SCONJ", "ADP", "NUM"})
_OPENERS = frozenset({"“", '"', "``"})
_CLOSERS = frozenset({"”", '"', "''"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


@dataclass(frozen=True)
class LoadedSpan:
    """A word or phrase whose wording is loaded: where, how strongly (0-1], and why."""

    span: Span
    score: float
    kind: str  # "label" | "verb" | "adj" | "adv" | "doubt" | "emotive" | "scare_quote"
    cue: str  # the lexicon entry that fired, or the quoted words


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, tuple[str, float]]  # our list: lemma → (kind, weight)
    valence: dict[str, float]  # VADER: word → mean valence in [-4, 4]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicons, read once."""
    words: dict[str, tuple[str, float]] = {}
    for fields in _rows("loaded_words.tsv"):
        term, kind, weight = fields[0].lower(), fields[1], float(fields[2])
        words.setdefault(term, (kind, weight))
    valence = {fields[0]: float(fields[1]) for fields in _rows("vader_lexicon.tsv")}
    return Lexicon(words=words, valence=valence)


def _rows(name: str) -> Iterable[list[str]]:
    text = resources.files("rashomon.data").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def word_score(word: str, lemma: str | None = None, pos: str | None = None) -> tuple[float, str]:
    """How loaded one word is, in [0, 1], and the kind of its entry ("" when not loaded).

    `pos` is a universal part-of-speech tag; without it a word known only to VADER keeps
    VADER_UNKNOWN_POS_FACTOR of its strength."""
    lex = lexicon()
    keys = [k for k in (word.lower(), (lemma or "").lower()) if k]
    if any(key in TITLES for key in keys):
        return 0.0, ""
    for key in keys:  # our list first: where it has an entry, it overrides VADER
        entry = lex.words.get(key)
        if entry is not None:
            return (entry[1], entry[0]) if entry[1] > 0 else (0.0, "")
    factor = VADER_POS_FACTOR.get(pos, 0.0) if pos else VADER_UNKNOWN_POS_FACTOR
    best, kind = 0.0, ""
    for key in keys:
        valence = lex.valence.get(key)
        if valence is not None:
            best = min(abs(valence) / VADER_SCALE, 1.0) * factor
            kind = "emotive" if best > 0 else ""
            break
    return best, kind


def is_loaded(word: str, lemma: str | None = None, pos: str | None = None) -> bool:
    """Whether one word would make a loaded span on its own (`word_score` >= MIN_SCORE)."""
    return word_score(word, lemma, pos)[0] >= MIN_SCORE


def loaded_spans(article: Article, doc: Any, *, min_score: float | None = None) -> list[LoadedSpan]:
    """The loaded words and phrases of one article, in text order.

    Adjacent loaded words merge into one span (its score is the highest of theirs). Names,
    numbers, honorifics and titles are never loaded. A scare quote (a quotation of at most
    SCARE_QUOTE_MAX_WORDS words that is not a clause of speech) is a span of its own,
    quotation marks included, and takes in the loaded words inside it."""
    if min_score is None:
        min_score = MIN_SCORE
    scored: list[tuple[int, int, float, str, str]] = []  # token start, end (exclusive), ...
    skip_until = -1
    for token in doc:
        if token.i < skip_until:
            continue
        phrase = _hyphenated(doc, token.i)
        if phrase is not None:
            end, score, kind, cue = phrase
            if score >= min_score:
                scored.append((token.i, end, score, kind, cue))
            skip_until = end
            continue
        if not _candidate(token):
            continue
        score, kind = word_score(token.text, token.lemma_, token.pos_)
        if score >= min_score:
            scored.append((token.i, token.i + 1, score, kind, token.lemma_.lower()))
    words = _merge(article, doc, scored)
    quotes = _scare_quotes(article, doc)
    spans: list[LoadedSpan] = []
    for quote in quotes:  # a loaded word inside a scare quote: one span, the stronger score
        inside = [w for w in words if quote.span.start <= w.span.start < quote.span.end]
        top = max((w.score for w in inside), default=0.0)
        spans.append(dataclasses.replace(quote, score=max(quote.score, top)))
    covered = {(q.span.start, q.span.end) for q in quotes}
    spans += [w for w in words if not any(start <= w.span.start < end for start, end in covered)]
    spans.sort(key=lambda s: (s.span.start, s.span.end))
    return spans


def _candidate(token: Any) -> bool:
    if not token.is_alpha or token.like_num:
        return False
    return not (token.ent_type_ or token.pos_ in _NEVER_LOADED_POS)


def _hyphenated(doc: Any, i: int) -> tuple[int, float, str, str] | None:
    """A hyphenated word spaCy split into pieces ("so-called" → so, -, called): its end token
    and score. None when the token does not start one."""
    end = i + 1
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        end += 2
    if end == i + 1 or any(doc[k].ent_type_ for k in range(i, end, 2)):
        return None
    pieces = [doc[k].lower_ for k in range(i, end, 2)]
    forms = ["-".join(pieces), "-".join([*pieces[:-1], doc[end - 1].lemma_.lower()])]
    lex = lexicon()
    for form in forms:
        entry = lex.words.get(form)
        if entry is not None:
            return end, entry[1], entry[0], form
    # a compound scores as its most loaded piece ("gaffe-prone", "anti-choice" zealots)
    best = max(
        (*word_score(doc[k].text, doc[k].lemma_, doc[end - 1].pos_), doc[k].lower_)
        for k in range(i, end, 2)
    )
    return end, best[0], best[1], forms[0]


def _merge(
    article: Article, doc: Any, scored: list[tuple[int, int, float, str, str]]
) -> list[LoadedSpan]:
    out: list[LoadedSpan] = []
    group: list[tuple[int, int, float, str, str]] = []

    def flush() -> None:
        if not group:
            return
        start = doc[group[0][0]].idx
        last = doc[group[-1][1] - 1]
        end = last.idx + len(last.text)
        top = max(group, key=lambda g: g[2])
        cue = " ".join(g[4] for g in group)
        out.append(
            LoadedSpan(
                Span(article.id, start, end, article.text[start:end]), round(top[2], 3), top[3], cue
            )
        )
        group.clear()

    for item in scored:
        if group and item[0] != group[-1][1]:
            flush()
        group.append(item)
    flush()
    return out


def _scare_quotes(article: Article, doc: Any) -> list[LoadedSpan]:
    """Quotations of one to four words that are not a clause of speech: a word held at arm's
    length ("the “reforms”", "called it “a disaster”"), quotation marks included."""
    out: list[LoadedSpan] = []
    text = article.text
    for opener, closer in quotations(doc):
        inner = doc[opener + 1 : closer]
        words = [t for t in inner if t.is_alpha]
        if not 0 < len(words) <= SCARE_QUOTE_MAX_WORDS:
            continue
        if any(t.ent_type_ or t.pos_ == "PROPN" for t in words):
            continue  # a name or a title of a work
        if any(t.dep_ in {"nsubj", "nsubjpass", "expl"} for t in inner):
            continue  # a clause: quoted speech ("“I'm sorry.”")
        before = doc[opener - 1] if opener > 0 else None
        if before is None or doc[opener].is_sent_start or before.text in {":", "\n"}:
            continue  # quoted speech that opens a sentence or follows a colon
        start, end = doc[opener].idx, doc[closer].idx + len(doc[closer].text)
        out.append(
            LoadedSpan(
                Span(article.id, start, end, text[start:end]),
                SCARE_QUOTE_SCORE,
                "scare_quote",
                " ".join(t.lower_ for t in words),
            )
        )
    return out


def quotations(doc: Any) -> list[tuple[int, int]]:
    """(opening mark, closing mark) token indexes of the double-quoted passages of `doc`.

    Curly marks pair by direction; straight marks alternate, and a paragraph break closes
    every open quotation (a quoted paragraph that runs on reopens its quote)."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for token in doc:
        if "\n" in token.text:  # a paragraph break
            open_at = None
            continue
        if open_at is None:
            if token.text in _OPENERS:
                open_at = token.i
        elif token.text in _CLOSERS:
            pairs.append((open_at, token.i))
            open_at = None
        elif token.text == "“":
            open_at = token.i  # an unclosed curly quote: start again here
        if "\n" in token.whitespace_:
            open_at = None
    return pairs


def sentence_loadedness(article: Article, doc: Any) -> list[tuple[Span, float]]:
    """Each sentence of `doc` with its loadedness: the scores of its loaded spans plus the
    (lower) scores of its other words, per word. 0 for plain wording; "The mayor slammed the
    plan." about 0.14. For the summary to prefer the least loaded of sentences that say the
    same thing."""
    found = loaded_spans(article, doc)
    out: list[tuple[Span, float]] = []
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        inside = [s for s in found if start <= s.span.start < end]
        total = sum(s.score for s in inside)
        for token in sentence:
            if _candidate(token) and not any(
                s.span.start <= token.idx < s.span.end for s in inside
            ):
                total += word_score(token.text, token.lemma_, token.pos_)[0]
        words = sum(1 for t in sentence if t.is_alpha) or 1
        out.append((Span(article.id, start, end, article.text[start:end]), total / words))
    return out


def loadedness(text: str) -> float:
    """How loaded a text's wording is, without a parse: its words' scores per word.

    The same lexicons as `loaded_spans`, without parts of speech (a word known only to VADER
    keeps VADER_UNKNOWN_POS_FACTOR of its strength) and without scare quotes: cruder than
    `sentence_loadedness`, but usable on any string, such as a candidate summary sentence.
    A capitalised word after the first is taken for a name and skipped."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    total = 0.0
    for position, word in enumerate(words):
        if position and word[0].isupper():
            continue
        total += _plain_word_score(word.replace("’", "'"))
    return total / len(words)


def _plain_word_score(word: str) -> float:
    """`word_score` without a parse; a hyphenated word not in the lexicons scores as its most
    loaded piece ("regime-change")."""
    lex = lexicon()
    key = word.lower()
    if "-" not in key or key in lex.words or key in lex.valence:
        return word_score(word)[0]
    return max(word_score(piece)[0] for piece in key.split("-") if piece)


# --- the uses of loaded words, for the terms -------------------------------------------------


def term_counts(doc: Any) -> dict[str, int]:
    """How often each content lemma (`_term_token`) is used: the counts the loaded terms are
    scored against."""
    counts: Counter[str] = Counter(t.lemma_.lower() for t in doc if _term_token(t))
    return dict(sorted(counts.items()))


def term_uses(article: Article, doc: Any) -> list[TermUse]:
    """Each use of a content lemma that some use shows loaded (`TERM_MIN_LOADED`), with its
    score, in text order: what `compare.loaded.loaded_terms` may show as a term."""
    uses = [
        TermUse(
            lemma=token.lemma_.lower(),
            score=word_score(token.text, token.lemma_, token.pos_)[0],
            span=Span(article.id, token.idx, token.idx + len(token.text), token.text),
        )
        for token in doc
        if _term_token(token)
    ]
    loaded = {use.lemma for use in uses if use.score >= TERM_MIN_LOADED}
    return [use for use in uses if use.lemma in loaded]


def _term_token(token: Any) -> bool:
    if token.pos_ not in _CONTENT_POS or token.is_stop or not token.is_alpha:
        return False
    if token.ent_type_ and token.pos_ == "PROPN":
        return False
    return token.lemma_.lower().rstrip(".") not in TITLES and token.lower_ not in TITLES
