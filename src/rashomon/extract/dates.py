"""Dated events of one article: every date expression resolved to ISO, with the clause it dates.

`extract_dates(article, doc)` finds date expressions in the text with patterns (they are
more reliable than spaCy's DATE entities, which also cover durations such as "four months"),
resolves each against the article's date and the tense of its clause, and labels the
happening it dates from the parse ("United States condemn elections").

Decisions:
- `date` is always a full ISO day. A vague expression keeps its precision and is dated to the
  first day of its period: "in August" → "2017-08-01", precision "month"; "in 2015" →
  "2015-01-01", precision "year"; "earlier this year" → "2017-01-01", precision "year".
  No day is ever invented.
- Ranges set `date_end` (same convention): "from April to July" → 2017-04-01 .. 2017-07-01,
  precision "month"; "October 16-17" → two days; "last week" → its Monday .. Sunday, precision
  "day"; "earlier this week" → Monday .. the article's date.
- A weekday, "yesterday", "last week" ... resolve against `article.date`. A weekday alone
  ("Monday", "on Monday", "this Tuesday") names a day within a week of the article's date
  (news style): the article's own weekday is that day, whatever the tense ("will announce
  plans Friday" in Friday's paper); another is the latest such day before the article's
  date unless its clause speaks of the future ("will meet on Thursday", "is due to meet on
  Thursday"), then the next one after, or is in the present tense ("the council meets
  Thursday"), then the next one. A weekday that dates a noun ("Monday's debate") takes its
  direction from the noun's preposition or verb ("since" → before; "ahead of", "invite to"
  → after), else from an explicitly future clause, else it is before: the tense of "is
  raising questions about Monday's debate" does not date the debate. "this past Sunday" and
  "last Sunday" are strictly before, "next Sunday" strictly after. "over the weekend" is the
  last Saturday and Sunday (the next ones in a future clause).
- "June 16th of last year": a month and day with a relative year take that year. A date
  after "since" is in the past.
- A month and day or a month without a year ("October 26", "in August") take the year that
  puts them on the right side of the article's date for the tense of their clause (past →
  on or before, future → on or after, otherwise the nearest).
- A day word or weekday that is part of a name is not a date: inside a short quoted title
  ("Fox News Sunday"), or a capitalised "Today" inside a sentence ("USA Today").
- With no `article.date`, relative expressions and explicit dates without a year are
  skipped (never guessed); dates with a year are kept.
- Reported speech: a relative expression inside quotation marks resolves against the day the
  words were said when the text tells it: a day-precise date outside the quote in the same
  sentence ("tweeted on Monday that she was 'concerned by yesterday's closures'"), else the
  nearest such date, in the five sentences before, of a reporting verb ("The United States on
  Monday condemned ..." then the spokeswoman's quote "... elections yesterday ..." → Sunday).
- dateparser (wrapped) is the fallback for a spaCy DATE entity with a four-digit year that no
  pattern read (e.g. "18.10.2017"); its period gives the precision and a day it would invent
  for a month or a year is replaced by the first day of the period. Day-month order that is
  ambiguous ("10/11/2017") is skipped.

Each `TimelineEvent` has spans (the date expression, then its sentence as evidence) and
`articles=(article.id,)`; its `event` label is built from words of the sentence (the
subject, the verb lemma, the object; or the noun the date modifies: "regional elections").

The date expressions are found in extract/date_patterns.py; resolved and labelled here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from rashomon.extract.date_patterns import (
    AGO_NUMBERS,
    RELATIVE_KINDS,
    DateMatch,
    dateparser_fallback,
    find_dates,
    in_a_name,
    in_dateline,
)
from rashomon.model import Article, Precision, Span, TimelineEvent
from rashomon.nlp.inflect import with_s
from rashomon.words.months import MONTH_NUMBERS, WEEKDAYS

_FUTURE_HEADS = frozenset(
    ["due", "scheduled", "expected", "set", "slated", "planned", "poised", "going", "plan"]
)
_REPORTING = frozenset(
    ["say", "tell", "tweet", "post", "write", "state", "add", "announce", "declare", "condemn",
     "call", "urge", "warn", "insist", "argue", "accuse", "respond", "reply", "comment",
     "describe", "claim", "deny", "note", "ask", "express", "voice", "congratulate",
     "criticise", "criticize", "praise", "reject", "demand", "welcome"]
)  # fmt: skip
# prepositions that place what a dated noun names before or after the time of writing
# ("since Monday's debate", "ahead of Thursday's vote"), and verbs whose object lies ahead
_PAST_PREPS = frozenset(["since", "after", "following", "from"])
_FUTURE_PREPS = frozenset(["before", "ahead", "for", "until", "till", "toward", "towards"])
_PROSPECTIVE = frozenset(["invite", "await", "anticipate", "prepare", "schedule", "plan"])
# a short quotation of capitalised words is a title ("Fox News Sunday"), not a date
_TITLE = re.compile(r"[“\"]((?:[A-Z0-9][\w.'’&-]*[,.]?\s+){1,5}[A-Z0-9][\w.'’&-]*[,.]?)[”\"]")
_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|‘[^’\n]{8,}’")
_LABEL_CHARS = 60


@dataclass(frozen=True)
class _Resolved:
    first: date
    end: date | None
    precision: Precision


def extract_dates(article: Article, doc: Any) -> list[TimelineEvent]:
    """The dated events of `article` (parsed into `doc`), in text order."""
    base = _parse_iso(article.date)
    text = article.text
    matches = find_dates(text)
    matches.extend(dateparser_fallback(doc, matches, base))
    matches.sort(key=lambda m: (m.start, m.end))
    quotes = [m.span() for m in _QUOTE.finditer(text)]
    titles = [m.span(1) for m in _TITLE.finditer(text)]
    resolved_at: dict[int, _Resolved] = {}
    events: list[TimelineEvent] = []
    for match in matches:
        if in_dateline(text, match):
            continue  # "Bogota, October 18, 2017 (venezuelanalysis.com) –": when, not what
        anchor = _anchor(doc, match)
        if anchor is None or in_a_name(doc, match, titles):
            continue
        when = _speech_base(doc, match, anchor, matches, quotes, base, resolved_at)
        resolved = _resolve(match, when, _tense(anchor, match))
        if resolved is None:
            continue
        resolved_at[match.start] = resolved
        sentence = anchor.sent
        date_span = Span(article.id, match.start, match.end, text[match.start : match.end])
        s_start, s_end = _trim(text, sentence.start_char, sentence.end_char)
        sentence_span = Span(article.id, s_start, s_end, text[s_start:s_end])
        events.append(
            TimelineEvent(
                date=resolved.first.isoformat(),
                date_end=resolved.end.isoformat() if resolved.end else None,
                precision=resolved.precision,
                event=_label(anchor, match),
                spans=(date_span, sentence_span),
                articles=(article.id,),
            )
        )
    return events


# --- resolving -------------------------------------------------------------------------


def _resolve(match: DateMatch, base: date | None, tense: str) -> _Resolved | None:
    g = match.groups
    kind = match.kind
    try:
        if kind == "iso":
            return _Resolved(
                date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0)), None, "day"
            )
        if kind in ("mdy", "dmy", "md", "dm"):
            month = _month(g["m"])
            day = _day(g["d"])
            day2 = _day(g["d2"]) if g.get("d2") else None
            if g.get("y"):
                year = int(g["y"] or 0)
            elif base is None:
                return None
            elif g.get("rely"):
                year = base.year + {"last": -1, "this": 0, "next": 1}[(g["rely"] or "").lower()]
            else:
                year = _year_for(base, month, day, tense)
            first = date(year, month, day)
            last = date(year, month, day2) if day2 and day2 > day else None
            return _Resolved(first, last, "day")
        if kind == "month_range":
            m1 = _month(g["m"] or g["mb"])
            m2 = _month(g["m2"] or g["m2b"])
            year_text = g.get("y") or g.get("yb")
            if year_text:
                y2 = int(year_text)
                y1 = int(g["y1"] or 0) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
            elif base is None:
                return None
            else:
                y1 = _year_for(base, m1, None, tense)
                y2 = y1 if m2 >= m1 else y1 + 1
            return _Resolved(date(y1, m1, 1), date(y2, m2, 1), "month")
        if kind == "my":
            return _Resolved(date(int(g["y"] or 0), _month(g["m"]), 1), None, "month")
        if kind == "decade":
            start = int(g["y"] or 0)
            return _Resolved(date(start, 1, 1), date(start + 9, 1, 1), "year")
        if kind == "month":
            if base is None:
                return None
            month = _month(g["m"])
            rel = g.get("rel")
            if rel == "last":
                year = base.year if month < base.month else base.year - 1
            elif rel == "next":
                year = base.year if month > base.month else base.year + 1
            else:
                year = _year_for(base, month, None, tense)
            return _Resolved(date(year, month, 1), None, "month")
        if kind == "year":
            return _Resolved(date(int(g["y"] or 0), 1, 1), None, "year")
        if kind == "dateparser":
            return _dateparser(g["text"] or "", base)
        if base is None:
            return None
        return _relative(kind, g, base, tense)
    except ValueError:  # 31 February and the like
        return None


def _relative(kind: str, g: dict[str, str | None], base: date, tense: str) -> _Resolved | None:
    if kind == "day_word":
        return _resolve_day_word(g["text"] or "", base)
    if kind == "weekday":
        weekday = WEEKDAYS.index(g["wd"] or "Monday")
        mod = " ".join((g.get("mod") or "").lower().split())
        if mod in ("next", "coming", "this coming"):
            return _Resolved(_after(base, weekday), None, "day")
        if mod in ("last", "this past", "past"):
            return _Resolved(_before(base, weekday), None, "day")
        if weekday == base.weekday():  # news style: "Friday" in Friday's paper is that day
            return _Resolved(base, None, "day")
        if tense == "future":
            return _Resolved(_after(base, weekday), None, "day")
        if tense == "present":  # "the council meets Thursday", "are preparing for Saturday"
            return _Resolved(_on_or_after(base, weekday), None, "day")
        return _Resolved(_on_or_before(base, weekday), None, "day")
    if kind == "relative":
        unit = (g["u"] or "").lower()
        rel = " ".join((g["rel"] or "").lower().split())
        edge = (g.get("edge") or "").lower()
        if rel in ("past", "the past", "this past"):
            if unit == "week":  # the last seven days
                return _Resolved(base - timedelta(days=6), base, "day")
            if unit != "weekend":
                return None  # "over the past year": a duration, not a date
        step = {"last": -1, "past": -1, "the past": -1, "this past": -1, "this": 0, "next": 1}[rel]
        if unit == "year":
            return _Resolved(date(base.year + step, 1, 1), None, "year")
        if unit == "month":
            year, month = _add_months(base.year, base.month, step)
            return _Resolved(date(year, month, 1), None, "month")
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            saturday = monday + timedelta(days=5)
            if rel == "this" and saturday > base and tense == "past":
                saturday -= timedelta(weeks=1)
            return _Resolved(saturday, saturday + timedelta(days=1), "day")
        sunday = monday + timedelta(days=6)
        if step == 0 and edge == "earlier":
            return _Resolved(monday, base, "day") if monday < base else None
        if step == 0 and edge == "later":
            return _Resolved(base, sunday, "day")
        return _Resolved(monday, sunday, "day")
    if kind == "weekend":  # "over the weekend": the last one, or the next one in the future
        if tense == "future":
            saturday = base + timedelta(days=(5 - base.weekday()) % 7)
        else:
            saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        return _Resolved(saturday, saturday + timedelta(days=1), "day")
    if kind == "ago":
        n_text = (g["n"] or "").lower()
        n = int(n_text) if n_text.isdigit() else AGO_NUMBERS.get(n_text, 0)
        unit = (g["u"] or "").lower()
        if unit == "day":
            return _Resolved(base - timedelta(days=n), None, "day")
        if unit == "week":
            day = base - timedelta(weeks=n)
            monday = day - timedelta(days=day.weekday())
            return _Resolved(monday, monday + timedelta(days=6), "day")
        if unit == "month":
            year, month = _add_months(base.year, base.month, -n)
            return _Resolved(date(year, month, 1), None, "month")
        return _Resolved(date(base.year - n, 1, 1), None, "year")
    return None


def _resolve_day_word(text: str, base: date) -> _Resolved:
    word = " ".join(text.lower().split())
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
    }.get(word, 0)
    return _Resolved(base + timedelta(days=offset), None, "day")


@lru_cache(maxsize=64)
def _date_data_parser(base: date | None) -> Any:
    """Building a DateDataParser costs ~0.1 s; one per article date is plenty."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(text: str, base: date | None) -> _Resolved | None:
    data = _date_data_parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "day":
        return _Resolved(found, None, "day")
    if data.period == "month":
        return _Resolved(found.replace(day=1), None, "month")
    if data.period == "year":
        return _Resolved(date(found.year, 1, 1), None, "year")
    return None


def _month(text: str | None) -> int:
    return MONTH_NUMBERS[(text or "").lower().rstrip(".")]


def _day(text: str | None) -> int:
    return int(re.sub(r"\D", "", text or "0") or 0)


def _year_for(base: date, month: int, day: int | None, tense: str) -> int:
    """The year that puts (month, day) on the right side of `base` for the tense of its
    clause: past → on or before, future → on or after, otherwise the nearest (ties: past)."""
    if day is None:
        here, now = (month, 0), (base.month, 0)
    else:
        here, now = (month, day), (base.month, base.day)
    if tense == "past":
        return base.year if here <= now else base.year - 1
    if tense == "future":
        return base.year if here >= now else base.year + 1
    best: tuple[int, int, int] | None = None
    for year in (base.year, base.year - 1, base.year + 1):
        if day is None:
            distance = abs((year * 12 + month) - (base.year * 12 + base.month))
        else:
            last = calendar.monthrange(year, month)[1]
            distance = abs((date(year, month, min(day, last)) - base).days)
        key = (distance, 0 if year <= base.year else 1, year)
        if best is None or key < best:
            best = key
    assert best is not None
    return best[2]


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _on_or_before(base: date, weekday: int) -> date:
    return base - timedelta(days=(base.weekday() - weekday) % 7)


def _on_or_after(base: date, weekday: int) -> date:
    return base + timedelta(days=(weekday - base.weekday()) % 7)


def _before(base: date, weekday: int) -> date:
    return base - timedelta(days=(base.weekday() - weekday - 1) % 7 + 1)


def _after(base: date, weekday: int) -> date:
    return base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- context from the parse ------------------------------------------------------------


def _anchor(doc: Any, match: DateMatch) -> Any | None:
    """The token of the expression whose head lies outside it (its syntactic head)."""
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for token in span:
        if not span.start <= token.head.i < span.end or token.head.i == token.i:
            return token
    return span.root


def _tense(anchor: Any, match: DateMatch) -> str:
    """ "past", "present", "future" or "unknown" for the clause the date belongs to: the
    first finite verb above the date decides; non-finite ones ("telling", "to meet") pass
    it up. A date after "since" is past. A weekday that dates a noun ("Monday's debate",
    "the Monday night debate") takes the direction its preposition or verb gives ("since",
    "after", "from" → past; "ahead of", "for", "before", "invite ... to" → future), else the
    future of an explicitly future clause ("will speak at Thursday's rally"), else the past:
    a present-tense verb ("is raising questions about Monday's debate") says nothing about
    when the debate was."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "since":
        return "past"
    if match.kind == "weekday" and anchor.dep_ in ("poss", "compound", "nmod"):
        noun = anchor.head
        if noun.pos_ in ("NOUN", "PROPN") and noun.i != anchor.i:
            return _noun_tense(noun, _clause_tense(noun))
    return _clause_tense(anchor)


def _noun_tense(noun: Any, clause: str) -> str:
    if noun.dep_ == "pobj":
        prep = noun.head
        word = prep.lower_
        if word == "of" and prep.head.lower_ == "ahead":
            word = "ahead"
        if word in _FUTURE_PREPS or prep.head.lemma_.lower() in _PROSPECTIVE:
            return "future"
        if word in _PAST_PREPS:
            return "past"
    return "future" if clause == "future" else "past"


def _clause_tense(anchor: Any) -> str:
    for token in _ancestors(anchor):
        lemma = token.lemma_.lower()
        if (
            lemma in _FUTURE_HEADS
            and token.pos_ in ("ADJ", "VERB", "AUX")
            and (lemma != "set" or any(c.dep_ == "xcomp" for c in token.children))
        ):
            return "future"
        if token.pos_ not in ("VERB", "AUX"):
            continue
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in ("will", "'ll", "shall", "wo", "’ll") for a in auxes):
            return "future"
        if any(a.lower_ in ("would", "could", "might", "should") for a in auxes):
            continue  # "predicted that the opposition would win on Sunday": the verb above
        if token.tag_ == "VBD" or any(
            a.tag_ == "VBD" or a.lemma_ == "have" or a.lower_ in ("'ve", "’ve") for a in auxes
        ):
            return "past"
        if token.tag_ in ("VBZ", "VBP", "MD") or any(a.tag_ in ("VBZ", "VBP", "MD") for a in auxes):
            return "present"
    return "unknown"


def _ancestors(token: Any) -> Iterator[Any]:
    seen = 0
    current = token
    while seen < 12:
        yield current
        if current.head.i == current.i:
            return
        current = current.head
        seen += 1


def _speech_base(
    doc: Any,
    match: DateMatch,
    anchor: Any,
    matches: list[DateMatch],
    quotes: list[tuple[int, int]],
    base: date | None,
    resolved_at: dict[int, _Resolved],
) -> date | None:
    """The day the words were said, for a relative date inside a quotation."""
    if base is None or match.kind not in RELATIVE_KINDS:
        return base
    quote = next(((s, e) for s, e in quotes if s <= match.start and match.end <= e), None)
    if quote is None:
        return base
    sentence = anchor.sent
    for other in matches:
        if other is match or not sentence.start_char <= other.start < sentence.end_char:
            continue
        if any(s <= other.start < e for s, e in quotes):
            continue
        said = resolved_at.get(other.start) or _resolve_outside(doc, other, base)
        if said is not None and said.precision == "day" and said.end is None:
            return said.first
    # the nearest reporting verb dated to a day in the five sentences before
    sentences = list(doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start <= anchor.i < s.end)
    for previous in reversed(sentences[max(0, index - 5) : index]):
        for other in reversed(matches):
            if not previous.start_char <= other.start < previous.end_char:
                continue
            if any(s <= other.start < e for s, e in quotes):
                continue
            said = resolved_at.get(other.start)
            other_anchor = _anchor(doc, other)
            if said is None or said.precision != "day" or said.end is not None:
                continue
            if other_anchor is not None and _verb(other_anchor) is not None:
                verb = _verb(other_anchor)
                if verb is not None and verb.lemma_.lower() in _REPORTING:
                    return said.first
    return base


def _resolve_outside(doc: Any, match: DateMatch, base: date) -> _Resolved | None:
    anchor = _anchor(doc, match)
    if anchor is None:
        return None
    return _resolve(match, base, _tense(anchor, match))


# --- labels ----------------------------------------------------------------------------


def _verb(anchor: Any) -> Any | None:
    for token in _ancestors(anchor):
        if token.pos_ in ("VERB", "AUX") and token.i != anchor.i:
            return token
    return None


def _label(anchor: Any, match: DateMatch) -> str:
    head = anchor.head
    if (
        anchor.dep_ in ("poss", "compound", "nmod", "nummod", "amod")
        and head.pos_ in ("NOUN", "PROPN")
        and head.i != anchor.i
    ):
        between = [
            t
            for t in anchor.doc[anchor.i + 1 : head.i]
            if not t.is_punct and t.tag_ != "POS" and t.dep_ not in ("det", "case", "cc")
            and not t.like_num and t.ent_type_ not in ("DATE", "TIME")
            and not match.start <= t.idx < match.end
        ]  # fmt: skip
        return _fit([*(t.text for t in between), head.text])
    verb = _verb(anchor)
    if verb is None:
        return _fit(_fallback_words(anchor, match))
    subject = _subject(verb)
    parts: list[str] = []
    if subject is not None:
        parts.extend(_phrase(subject))
    if any(c.dep_ == "neg" for c in verb.children):
        parts.append("not")
    parts.append(_headline_verb(verb, subject))
    obj = _object(verb, match)
    label = _fit(parts + obj)
    if len(label.split()) < len(parts) + len(obj):
        label = _fit(parts)
    return label


def _headline_verb(verb: Any, subject: Any | None) -> str:
    """The verb as a headline says it: present tense, agreeing with its subject ("Trump fires
    Flynn", "ministers agree"), a passive as its participle ("Flynn fired")."""
    lemma = str(verb.lemma_).lower()
    if subject is not None and subject.dep_ == "nsubjpass" and verb.tag_ == "VBN":
        return str(verb.lower_)
    if subject is None or _plural(subject):
        return lemma
    if lemma in _IRREGULAR_THIRD_PERSON:
        return _IRREGULAR_THIRD_PERSON[lemma]
    return with_s(lemma, es_after=("s", "sh", "ch", "x", "z", "o"))


_IRREGULAR_THIRD_PERSON = {"be": "is", "have": "has"}


def _plural(subject: Any) -> bool:
    return (
        subject.tag_ in ("NNS", "NNPS")
        or subject.lower_ in ("they", "we", "i", "you")
        or any(child.dep_ == "conj" for child in subject.children)
    )


def _subject(verb: Any) -> Any | None:
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("which", "that", "who") and current.dep_ == "relcl":
                    return current.head
                return child
        if (
            current.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp", "relcl")
            and current.head.i != current.i
        ):
            if current.dep_ == "relcl":
                return current.head
            current = current.head
            continue
        break
    return None


def _phrase(token: Any) -> list[str]:
    """A head with its compound words; for a name, the name ("Federica Mogherini",
    "United States"), without titles that come before it ("EU Foreign Policy chief")."""
    words = [token]
    for left in reversed(list(token.doc[max(0, token.i - 4) : token.i])):
        if left.dep_ != "compound" or left.head.i not in (t.i for t in words):
            break
        if token.pos_ == "PROPN" and left.pos_ != "PROPN":
            break
        words.insert(0, left)
    return [t.text for t in words]


def _object(verb: Any, match: DateMatch) -> list[str]:
    for child in verb.children:
        if (
            child.dep_ in ("dobj", "attr", "oprd", "dative")
            and not match.start <= child.idx < match.end
        ):
            return _phrase(child)
    for child in verb.children:
        if child.dep_ == "prep" and not match.start <= child.idx < match.end:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and not match.start <= pobj.idx < match.end:
                    if pobj.ent_type_ in ("DATE", "TIME") or pobj.like_num:
                        continue
                    return [child.text, *_phrase(pobj)]
    return []


def _fallback_words(anchor: Any, match: DateMatch) -> list[str]:
    words = [
        t.text
        for t in anchor.sent
        if not t.is_punct and not t.is_space and not match.start <= t.idx < match.end
    ]
    return words[:6]


def _fit(words: list[str]) -> str:
    out: list[str] = []
    for word in words:
        if len(" ".join([*out, word])) > _LABEL_CHARS:
            break
        out.append(word)
    return " ".join(out)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
