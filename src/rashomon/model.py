"""The data model: frozen dataclasses that every stage reads and writes.

Nothing here imports from the package. Every extracted item carries a `Span`: character
offsets into one article's `text`, with `text[start:end] == span.text` exactly.
`Report.to_dict()` gives the JSON object described by CONTRACT.md (`rashomon.report/1`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "rashomon.report/1"

# what extraction outputs, as a version: bump it with any change to what an `Extraction` holds or
# how it is computed, so that a store can tell stale extractions from current ones
EXTRACTION_VERSION = 5

# (stage, done, total): called as the work advances, for a progress bar
Progress = Callable[[str, int, int], None]

# a field the stages read and the report leaves out (`Report.to_dict` skips it)
INTERNAL = {"report": False}

Verdict = Literal["agree", "conflict", "single_source"]
StanceKind = Literal["condemn", "concern", "support", "congratulate", "demand", "reject", "neutral"]
Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, order=True)
class Span:
    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    outlet: str
    wire: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None
    lang: str = "en"
    word_count: int = 0
    metadata_from: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    input: str
    code: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    kept: str
    dropped: str
    similarity: float


@dataclass(frozen=True)
class Mention:
    """One occurrence of a named entity in one article (before cross-article linking)."""

    span: Span
    label: str  # spaCy's entity label for this occurrence


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    affiliation: str | None
    articles: tuple[str, ...]
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class Interval:
    """A set of numbers; `None` bounds are unbounded."""

    low: float | None
    low_closed: bool
    high: float | None
    high_closed: bool

    def intersects(self, other: Interval) -> bool:
        low, low_closed = _max_low(self, other)
        high, high_closed = _min_high(self, other)
        if low is None or high is None:
            return True
        if low < high:
            return True
        return low == high and low_closed and high_closed


def _max_low(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.low is None:
        return b.low, b.low_closed
    if b.low is None:
        return a.low, a.low_closed
    if a.low != b.low:
        return (a.low, a.low_closed) if a.low > b.low else (b.low, b.low_closed)
    return a.low, a.low_closed and b.low_closed


def _min_high(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.high is None:
        return b.high, b.high_closed
    if b.high is None:
        return a.high, a.high_closed
    if a.high != b.high:
        return (a.high, a.high_closed) if a.high < b.high else (b.high, b.high_closed)
    return a.high, a.high_closed and b.high_closed


@dataclass(frozen=True)
class Holder:
    """Whose figure it is: an entity of the report (`type`: its spaCy label), or a name."""

    entity: str | None
    name: str
    type: str | None = None


@dataclass(frozen=True)
class FigureFrame:
    """What a figure measures, as extraction read it from its sentence (CONTRACT.md, round 2).

    The first keys are the contract's; the rest are the signals the comparison reads: the words
    around the figure with numbers masked, the years and months its sentence names as dates,
    the population it is counted among, the nations whose demonyms qualify it, whether it is a
    requirement ("N needed"), a hedged modality, the hedge its sentence states, and the period
    of a rate ("a week")."""

    property: str
    holder: Holder | None = None
    scope: Literal["whole", "subset"] = "whole"
    subset_of: str | None = None
    as_of: str | None = None
    reference: Literal["current", "past", "forecast"] = "current"
    place: str | None = None
    window: str = ""
    years: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    population: str | None = None
    nations: tuple[str, ...] = ()
    requirement: bool = False
    hedged: bool = False
    hedge: str | None = None
    rate: str | None = None  # the period a rate is counted over: "week" in "£200,000 a week"
    state: str | None = None  # the event predicate a count measures: "dead", "missing" ...
    people: tuple[str, ...] = ()  # the entities of the people it concerns, from linking


@dataclass(frozen=True)
class Quantity:
    span: Span
    value: float
    unit: str | None
    of: float | None
    qualifier: str | None
    interval: Interval
    frame: FigureFrame | None = None


@dataclass(frozen=True)
class Ref:
    """A reference to an entity (id may be None) through the words that name it."""

    entity: str | None
    span: Span


@dataclass(frozen=True)
class Claim:
    id: str
    span: Span
    subject: Ref | None
    predicate: str
    negated: bool
    modality: str | None
    quantity: Quantity | None
    asserted_by: Ref | None
    # the sentence the claim stands in, and its verb when written in the simple past ("won")
    sentence: Span | None = field(default=None, metadata=INTERNAL)
    past: str | None = field(default=None, metadata=INTERNAL)


@dataclass(frozen=True)
class Position:
    claims: tuple[str, ...]
    articles: tuple[str, ...]
    as_of: tuple[str | None, ...]
    # numeric positions
    value: float | None = None
    interval: Interval | None = None
    unit: str | None = None
    of: float | None = None
    qualifier: str | None = None
    # textual positions
    polarity: Literal["affirm", "deny"] | None = None
    text: str | None = None
    asserted_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    id: str
    kind: Literal["numeric", "textual"]
    topic: str
    verdict: Verdict
    positions: tuple[Position, ...]
    explanation: str
    score: float
    score_parts: dict[str, float]
    # a conflict whose later (or same-outlet) figure says it revises the other: an update
    possible_update: bool = False

    @property
    def disputed(self) -> bool:
        """A conflict that is not a possible update: what a report counts as disputed."""
        return self.verdict == "conflict" and not self.possible_update


@dataclass(frozen=True)
class Omission:
    article: str
    kind: Literal["comparison", "stance", "quote"]
    ref: str
    rank: int


@dataclass(frozen=True)
class Speaker:
    entity: str | None
    name: str
    span: Span


@dataclass(frozen=True)
class Quote:
    id: str
    span: Span
    parts: tuple[Span, ...]
    direct: bool
    cue: Span | None
    speaker: Speaker | None
    statement: str
    # the speaker denies what the quote reports ("X denied that …", "rejected claims that …",
    # "dismissed suggestions that …"): a reader must see the cue, not X saying it
    denied: bool = False


@dataclass(frozen=True)
class Actor:
    entity: str | None
    name: str


@dataclass(frozen=True)
class Stance:
    id: str
    actor: Actor
    stance: StanceKind
    target: str
    spans: tuple[Span, ...]
    cues: tuple[Span, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True)
class QuotedVoice:
    """A voice an article quotes: the party speaking (`voice`: a speaker's country or body
    when the speaker is affiliated to one, else the speaker), who speaks for it, and how."""

    voice: Actor
    speakers: tuple[Actor, ...]
    quotes: tuple[str, ...]  # quote ids, in this article, in reading order


@dataclass(frozen=True)
class LeftOutVoice:
    """A voice other articles quote and this one does not."""

    voice: Actor
    speakers: tuple[Actor, ...]
    quoted_by: tuple[str, ...]  # the other articles that quote it, in report order
    quotes: tuple[str, ...]  # their quotes of it, in report order


@dataclass(frozen=True)
class Voices:
    """Per article: whose voices it quotes (most quoted first) and whose it leaves out (the
    voice quoted by the most other outlets first, then by the most quotes)."""

    quoted: tuple[QuotedVoice, ...]
    left_out: tuple[LeftOutVoice, ...]


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    date_end: str | None
    precision: Precision
    event: str
    spans: tuple[Span, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Framing:
    referent: Actor
    labels: dict[str, tuple[Span, ...]]


@dataclass(frozen=True)
class LoadedTerm:
    term: str
    score: float
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class SummarySentence:
    text: str
    kind: Literal["extracted", "generated"]
    comparison: str | None
    citations: tuple[Span, ...]


@dataclass(frozen=True)
class NameClues:
    """What the parse says around one name, for the affiliations that linking works out: a
    demonym that qualifies a role ("former Ecuadorean President"), a country the name names
    as its own ("Russian Foreign Ministry"; `titled_country` when title words precede it),
    and the words of the titles that present it ("EU foreign policy chief"), places left out."""

    span: Span
    role_country: str | None
    country: str | None
    titled_country: str | None
    titles: tuple[Span, ...]


@dataclass(frozen=True)
class Acronym:
    """ "Democratic Unity Roundtable (MUD)": an acronym the article defines."""

    long: str
    short: str


@dataclass(frozen=True)
class LabelPhrase:
    """A phrase that names something ("the right-wing opposition"), with what its parse says:
    its head word (token `head_index`, whose own head is token `governor`), the head's lemma,
    part of speech, tag and dependency, whether it names more than one or a list, a country
    that modifies it, its anchor when relational ("Maduro" of "Maduro's opponents"), its
    modifiers ("Maduro" of "the Maduro government") and its words without the anchor."""

    span: Span
    head: Span
    head_index: int
    governor: int
    lemma: str  # the head's key word: its text when a proper noun, else its lemma
    head_lemma: str  # the parser's lemma of the head
    pos: str
    tag: str
    dep: str
    plural: bool
    listed: bool
    country: str | None
    anchor: tuple[Span, ...]
    modifiers: tuple[Span, ...]
    without: str


@dataclass(frozen=True)
class DescriptorCue:
    """A common noun used as a title or apposition ("President" of "President Trump", "leader"
    of "Kim, the North Korean leader"): the noun, the word it qualifies (`governor`), whether
    it stands before an organisation's name, and the names in apposition to it."""

    lemma: str
    span: Span
    governor: Span | None
    before_organisation: bool
    appositions: tuple[Span, ...]


@dataclass(frozen=True)
class TermUse:
    """One use of a content word whose wording is loaded: its lemma and score."""

    lemma: str
    score: float
    span: Span


@dataclass(frozen=True)
class SummaryCandidate:
    """A sentence of the outlet's own narration, or a shortened form of it, that the summary
    may extract: its span, words, units, loaded words and text (capitalised, with a full stop
    when shortened); `group` is the start of the sentence it comes from."""

    span: Span
    words: int
    units: frozenset[str]
    loaded: float
    text: str
    group: int


@dataclass(frozen=True)
class SentenceUnits:
    """The units the summary counts in a sentence (the one of `Extraction.sentences` at the
    same position), and its candidates."""

    units: frozenset[str]
    candidates: tuple[SummaryCandidate, ...]


@dataclass(frozen=True)
class CueName:
    """The proper name that is the subject of a stance cue's verb ("the MUD" of "The MUD ruled
    out ..."), as the summary names the actor."""

    cue: Span
    name: str


@dataclass(frozen=True)
class Extraction:
    """Everything found in one article: the only input of the stages after extraction.

    No spaCy object: every item is a span of `article.text` or a plain value, so an
    Extraction round-trips through JSON (`rashomon.serialize`) and a report built from stored
    extractions equals one built in the process that parsed them."""

    article: Article
    sentences: tuple[Span, ...]
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    stances: tuple[Stance, ...]
    dates: tuple[TimelineEvent, ...]
    dateline_end: int = 0
    names: tuple[NameClues, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    capitalised: tuple[int, ...] = ()  # where a capitalised word starts
    labels: tuple[LabelPhrase, ...] = ()
    descriptors: tuple[DescriptorCue, ...] = ()
    term_counts: dict[str, int] = field(default_factory=dict)
    loaded_words: tuple[TermUse, ...] = ()
    summary_sentences: tuple[SentenceUnits, ...] = ()  # one per sentence, in order
    title_units: frozenset[str] = frozenset()
    cue_names: tuple[CueName, ...] = ()
    parser: str = ""  # the spaCy model that parsed the article, as name-version
    version: int = EXTRACTION_VERSION


@dataclass(frozen=True)
class Report:
    generator: dict[str, Any]
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    omissions: tuple[Omission, ...] = ()
    quotes: tuple[Quote, ...] = ()
    stances: tuple[Stance, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    framing: tuple[Framing, ...] = ()
    loaded_terms: dict[str, tuple[LoadedTerm, ...]] = field(default_factory=dict)
    summary: tuple[SummarySentence, ...] = ()
    voices: dict[str, Voices] = field(default_factory=dict)  # by article id
    # the stored event the report is about (CONTRACT.md, round 2); None for a plain analyze
    event: dict[str, Any] | None = None
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """The report as the JSON object of CONTRACT.md (`rashomon.report/1`)."""
        out: dict[str, Any] = {"schema": self.schema}
        for f in dataclasses.fields(self):
            if f.name != "schema":
                out[f.name] = _jsonable(getattr(self, f.name))
        for position_list in (c["positions"] for c in out["comparisons"]):
            for position in position_list:
                _prune_position(position)
        return out


_NUMERIC_KEYS = ("value", "interval", "unit", "of", "qualifier")
_TEXTUAL_KEYS = ("polarity", "text", "asserted_by")


def _prune_position(position: dict[str, Any]) -> None:
    """A numeric position has no polarity; a textual one has no value."""
    drop = _TEXTUAL_KEYS if position.get("polarity") is None else _NUMERIC_KEYS
    for key in drop:
        position.pop(key, None)


def _jsonable(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = field_names(kind, report=True)
    if names is not None:  # a plain field value is kept without a call (most of them)
        return {
            name: item if type(item) in _PLAIN else _jsonable(item)
            for name in names
            for item in (getattr(value, name),)
        }
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [item if type(item) in _PLAIN else _jsonable(item) for item in value]
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return value


# the types `_jsonable` gives back as they are (a float is not one: an integral float is
# written as an int, an infinite one as null)
_PLAIN = frozenset({str, int, bool, type(None)})


def field_names(kind: type, *, report: bool = False) -> tuple[str, ...] | None:
    """The names of the fields of the dataclass type `kind`, in order (with `report`, only
    those a report shows); None for any other type. Remembered per type: a report or an
    extraction holds tens of thousands of model objects, and asking `dataclasses` for each
    was most of the time `Report.to_dict` and `serialize.dumps` took."""
    known = _FIELD_NAMES[report]
    try:
        return known[kind]
    except KeyError:
        names = None
        if dataclasses.is_dataclass(kind):
            fields = dataclasses.fields(kind)
            names = tuple(f.name for f in fields if not report or f.metadata.get("report", True))
        known[kind] = names
        return names


_FIELD_NAMES: dict[bool, dict[type, tuple[str, ...] | None]] = {False: {}, True: {}}
