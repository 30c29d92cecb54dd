"""Written numbers in the parse, for extract/quantities.py: the runs of tokens that make one
figure ("43,000", "two-thirds", "17 per cent", "$5.7bn"), and what stands next to a run (the
noun after it, the end of a range, the M of "N of M")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rashomon.nlp.numbers import (
    CURRENCIES,
    NUMBER_WORDS,
    SCALES,
    SUFFIX_SCALES,
    Number,
    parse_number,
)

PERCENT_TOKENS = frozenset(["%", "percent", "per", "cent", "pct", "pc"])


@dataclass(frozen=True)
class Run:
    """Tokens [start, end) that together write one number."""

    start: int
    end: int
    number: Number


def _is_piece(token: Any, first: bool) -> bool:
    lower = token.lower_
    if token.like_num or lower in NUMBER_WORDS:
        return True
    if any(ch.isdigit() for ch in token.text) and parse_number(token.text) is not None:
        return True  # "1.2bn", "61pc"
    if first:
        return token.text in CURRENCIES or token.text == "US$"
    if lower in SUFFIX_SCALES or lower in _SUFFIX_STOPS or lower in PERCENT_TOKENS:
        return True
    if lower == "of":
        return True  # "tens of thousands"
    return lower == "-" and not token.whitespace_ and not token.nbor(-1).whitespace_


def _can_start(token: Any) -> bool:
    lower = token.lower_
    if lower in ("and", "of", "-", "per", "cent"):
        return False
    if token.text in CURRENCIES or token.text == "US$":
        if token.i + 1 >= len(token.doc):
            return False
        following = token.nbor(1)
        return bool(following.like_num or parse_number(following.text) is not None)
    return _is_piece(token, True)


def find_runs(doc: Any, text: str) -> list[Run]:
    runs: list[Run] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if not _can_start(token):
            i += 1
            continue
        limit = i + 1
        while limit < n and limit - i < 8 and _is_piece(doc[limit], False):
            limit += 1
        found: Run | None = None
        for end in range(limit, i, -1):
            last = doc[end - 1]
            if last.lower_ in ("and", "of", "-", "a", "an", "per"):
                continue
            number = parse_number(text[token.idx : figure_end(last)])
            if number is not None and _suffix_attached(doc, i, end):
                found = Run(i, end, number)
                break
        if found is None:
            i += 1
            continue
        found = _across_closing_quote(doc, text, found)
        runs.append(found)
        i = found.end
    return runs


def _across_closing_quote(doc: Any, text: str, run: Run) -> Run:
    """A quotation closed inside a figure keeps its scale: “we’re asking for $5.6” billion."""
    end = run.end
    if end + 1 >= len(doc) or doc[end - 1].whitespace_:
        return run
    mark, scale = doc[end], doc[end + 1]
    if mark.text not in ("”", '"', "’") or scale.lower_ not in SCALES:
        return run
    start = doc[run.start].idx
    number = parse_number(f"{text[start : mark.idx]} {scale.text}")
    return Run(run.start, end + 2, number) if number is not None else run


# a scale suffix that ends a sentence: the tokenizer keeps "€6m." as "€", "6", "m." (as it keeps
# an initial), and the full stop is not part of the figure
_SUFFIX_STOPS = frozenset(f"{suffix}." for suffix in SUFFIX_SCALES)


def figure_end(token: Any) -> int:
    """Where the figure ends in a run's last token: its end, less the full stop of "m."."""
    end = int(token.idx) + len(token.text)
    return end - 1 if token.lower_ in _SUFFIX_STOPS else end


def _suffix_attached(doc: Any, start: int, end: int) -> bool:
    """A scale suffix ("m", "bn", "k") counts only written straight after the digits."""
    last = doc[end - 1]
    if end - start >= 2 and (last.lower_ in SUFFIX_SCALES or last.lower_ in _SUFFIX_STOPS):
        return not doc[end - 2].whitespace_
    return True


def hyphen_joined(token: Any) -> bool:
    return bool(
        token is not None
        and token.text in ("-", "–")
        and not token.whitespace_
        and token.i > 0
        and not token.doc[token.i - 1].whitespace_
    )


def range_end(
    doc: Any, run: Run, runs: list[Run], by_start: dict[int, int], qualifier: str | None
) -> Run | None:
    if run.end + 1 >= len(doc):
        return None
    joiner = doc[run.end]
    index = by_start.get(run.end + 1)
    if index is None:
        return None
    second = runs[index]
    if second.number.value <= run.number.value or run.number.vague or second.number.vague:
        return None
    if run.number.unit not in (None, second.number.unit):
        return None
    starts_between = run.start > 0 and doc[run.start - 1].lower_ == "between"
    if starts_between and joiner.lower_ == "and":
        return second
    if run.start > 0 and doc[run.start - 1].lower_ == "from":
        return None  # "rose from 5 to 7 percent" is a change, not a range
    if joiner.text in ("-", "–", "to", "or") and qualifier is None:
        noun = noun_after(doc, second)
        if (noun is not None and noun.tag_ in ("NNS", "NNPS")) or second.number.unit == "percent":
            return second
    return None


def denominator_run(doc: Any, run: Run, runs: list[Run]) -> Run | None:
    """The M of "N of M", "N out of M", "N of the M", "N of the country's M", "N in M"."""
    i = run.end
    if i < len(doc) and doc[i].lower_ == "out" and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        i += 2
    elif i < len(doc) and doc[i].lower_ == "of":
        i += 1
    elif i < len(doc) and doc[i].lower_ == "in":
        return _run_at(runs, i + 1)
    else:
        return None
    for j in range(i, min(i + 7, len(doc))):
        token = doc[j]
        found = _run_at(runs, j)
        if found is not None:
            return found if found.number.unit is None and not found.number.vague else None
        if token.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ", "ADP") and token.tag_ != "POS":
            return None
        if token.pos_ == "NOUN" and token.tag_ in ("NNS",) and token.dep_ == "pobj":
            return None  # "five of the states": counted, no denominator
    return None


def _run_at(runs: list[Run], token_index: int) -> Run | None:
    for run in runs:
        if run.start == token_index:
            return run
        if run.start > token_index:
            break
    return None


def noun_after(doc: Any, run: Run) -> Any | None:
    """The noun a number modifies: through the parse, else the next noun group."""
    if run.end + 1 < len(doc) and hyphen_joined(doc[run.end]):
        # "a two-day visit": the noun joined to the figure is what it counts
        joined = doc[run.end + 1]
        return joined if joined.pos_ in ("NOUN", "PROPN") else None
    for token in doc[run.start : run.end]:
        head = token.head
        if (
            not run.start <= head.i < run.end
            and head.i >= run.end
            and head.i - run.end <= 5
            and head.pos_ in ("NOUN", "PROPN")
            and token.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod", "npadvmod")
        ):
            while (
                head.dep_ == "compound"
                and head.head.i > head.i
                and head.head.pos_ in ("NOUN", "PROPN")
                and head.head.i - head.i <= 3
            ):
                head = head.head
            if contiguous(doc, run.end, head.i):
                return head
    # fall back on the words after the number: adjectives and nouns up to the last noun
    noun = None
    for token in doc[run.end : run.end + 5]:
        if token.pos_ in ("NOUN", "PROPN") and not token.is_punct:
            if token.pos_ == "PROPN" and not token.tag_.endswith("S"):
                break
            noun = token
        elif token.pos_ == "ADJ" or (token.text == "-" and not token.whitespace_):
            if noun is not None:
                break
            continue
        else:
            break
    if noun is not None and noun.lower_ in NUMBER_WORDS:
        return None
    return noun


def contiguous(doc: Any, start: int, end: int) -> bool:
    """Tokens [start, end) are all words that may sit between a number and its noun."""
    for token in doc[start:end]:
        if (
            token.is_punct
            and token.text not in ("-", "'s", "’s", "“", "”", '"', "‘", "’")
            and token.tag_ != "POS"
        ):
            return False
        if (
            token.pos_ in ("VERB", "AUX", "CCONJ", "ADP")
            and token.tag_ not in ("VBN", "VBG")
            and token.lower_ != "of"
        ):
            return False
    return True
