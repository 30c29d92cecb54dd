"""The neutral summary: extracted sentences that cover what the most outlets report, each
citing its span; a sentence that states a disputed figure gives way to a generated one that
names the competing values and who reports each.

How sentences are chosen: a budgeted coverage objective, as in concept-based multi-document
summarisation (Gillick and Favre 2009), solved exactly over a shortlist.
- Units are a sentence's content lemmas, the bigrams of adjacent content lemmas and, worth
  less, the other bigrams of adjacent words ("president of"). A unit is worth more the more
  outlets use it anywhere in their article or headline (the facts most outlets report), and
  a little more for each further sentence that uses it; a lemma that one outlet alone uses
  costs a little.
- The stances are facts too (who was critical, supportive, or called for what), worth more
  the more outlets report them; a sentence that states one covers it.
- A set of sentences is worth the units it covers, each counted once (so a second sentence
  that says the same thing adds nothing: no redundancy), plus, per sentence, a little per
  word, a little more for the first sentences of an article (news states the essentials
  first), less a cost per loaded word (`rashomon.extract.emotive`: the least loaded wording
  wins between two sentences that cover the same facts).
- Candidates are the outlet's own narration: no sentence that opens with a quote or is a piece
  of one, no question, no first person outside quotes, none that opens by leaning on the
  sentence before ("That", "He", "But"). A sentence may also stand shortened, ending at a
  comma or dash after its main clause when what follows is a trailing phrase ("…, signaling
  a shift in …"); its text is then the cited span and a full stop.
- A disputed figure (a numeric comparison whose verdict is "conflict") competes as one
  generated sentence, which takes the place and the units of the sentences stating it (they
  are never extracted, even when no sentence could be generated).
- From the stances, when there are any: one generated sentence on the countries (by the
  shipped gazetteer) that were critical and those that were supportive, which covers their
  stances, and one on what two or more actors called for alike ("… and the Lima Group called
  for an audit"), which covers the sentences it cites. Both read after the facts.
- No sentence joins whose units are mostly (REDUNDANT) covered by the sentences chosen, nor
  an extracted sentence whose stances a chosen generated sentence all states (nor that one
  joining it): "Not all governments condemned the vote", cut from a sentence naming the
  supportive countries, says nothing the reactions sentence does not.
- The chosen sentences read in the order the articles tell them: by their rank in their
  article, then the article's order; a generated sentence stands where its first source
  sentence stood.
Every number and capitalised name of a generated sentence is checked against its citations
(`rashomon.summarize.support`); one that fails is left out.

The weights were fitted and tuned on NeuS val (bench/eval_neus.py): least squares of each
sentence's ROUGE-2 precision against the target on these features, then a small grid over
the lead and loaded-word weights (the lead weight trades ROUGE for arousal: lead sentences are
the punchiest), then a small grid over the function-word bigrams, the repeat and the lead
weights, kept where both the whole split and its first 60 stories (the gate) gained.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import repeat

from rashomon.compare.verdicts import plural
from rashomon.extract.emotive import is_loaded
from rashomon.model import (
    Article,
    Claim,
    Comparison,
    Extraction,
    Position,
    Span,
    Stance,
    SummarySentence,
)
from rashomon.nlp.pipeline import Encoder
from rashomon.summarize.support import unsupported
from rashomon.words.gazetteer import gazetteer

# The objective estimates how many of a summary's words a neutral summary of the story would
# share with it (see the module's docstring for where the weights come from).
# A unit's worth when one outlet uses it, two, all of them (interpolated in between)
UNIGRAM_WORTH = (-0.09, 0.20, 0.45)
BIGRAM_WORTH = (0.0, 0.09, 0.41)
WORD_BIGRAM_WORTH = (0.0, 0.10, 0.30)  # a bigram with a function word ("president+of")
# per sentence beyond the first of each outlet that uses a unit (what is said again matters)
REPEAT_WORTH = 0.05
# per word of a sentence: a base, plus LEAD_WORTH / (1 + k) for the k-th sentence (k from 0)
WORD_WORTH = 0.023
LEAD_WORTH = 0.015
# per loaded word (`rashomon.extract.emotive`)
LOADED_COST = 0.6
# a stance (`Stance`) as a fact, by how many outlets report it, as the units above
FACT_WORTH = (0.3, 0.6, 0.9)
# a generated sentence on a disputed figure or on the reactions (about ten shared lemmas)
GENERATED_WORTH = 3.0
# a sentence whose units are more than this share covered already is redundant
REDUNDANT = 0.6
# the share of the budget a summary fills whenever the articles hold that much distinct content
# (beyond it, the exact search's choice stands: more words would add ROUGE-poor filler)
FILLED = 0.8
# the exact search runs over this many best sentences
SEARCH_WIDTH = 14

QUOTE_MARKS = ("“", "”", '"')

AFTER_THE_FACTS = 1_000_000
_FACT = "fact:"  # the units that are stances (`_fact`)


@dataclass
class _Candidate:
    span: Span
    rank: int  # the sentence's position in its article (0 = first)
    article_rank: int
    words: int
    units: frozenset[str]
    loaded: float  # how loaded its wording is (about one per loaded word)
    comparison: str | None = None  # a generated sentence: the comparison it states
    text: str = ""
    citations: tuple[Span, ...] = field(default_factory=tuple)
    group: tuple[str, int] = ("", -1)  # the sentence a shortened form comes from
    generated: bool = False


def summarize(
    extractions: Sequence[Extraction],
    claims: Sequence[Claim],
    comparisons: Sequence[Comparison],
    encoder: Encoder,
    max_words: int,
    stances: Sequence[Stance] = (),
) -> list[SummarySentence]:
    """At most `max_words` words of summary sentences, each citing the spans it comes from.

    `stances` (merged across outlets) give the generated sentences on the reactions of
    countries and on shared demands. `encoder` is not needed by the lexical objective; it
    stays in the signature for callers."""
    del encoder
    articles = [e.article for e in extractions]
    order = {a.id: n for n, a in enumerate(articles)}
    sentences: list[_Candidate] = []
    outlets_of_unit: dict[str, set[str]] = defaultdict(set)
    sentences_of_unit: dict[str, int] = defaultdict(int)
    for extraction in extractions:
        article = extraction.article
        for rank, sentence_units in enumerate(extraction.summary_sentences):
            for unit in sentence_units.units:
                outlets_of_unit[unit].add(article.id)
                sentences_of_unit[unit] += 1
            sentences += [
                _Candidate(
                    span=c.span,
                    rank=rank,
                    article_rank=order[article.id],
                    words=c.words,
                    units=c.units,
                    loaded=c.loaded,
                    text=c.text,
                    group=(article.id, c.group),
                )
                for c in sentence_units.candidates
            ]
        # the headline tells what the outlet thinks the story is: its words count as used
        for unit in extraction.title_units:
            outlets_of_unit[unit].add(article.id)
    worth = {
        unit: _worth(unit, len(outlets), len(articles))
        + REPEAT_WORTH * max(0, sentences_of_unit[unit] - len(outlets))
        for unit, outlets in outlets_of_unit.items()
    }

    # a stance is a fact too, worth more the more outlets report it; the sentences that state
    # it cover it, and so do the generated sentences on the reactions and the demands
    fact_outlets: dict[str, set[str]] = defaultdict(set)
    fact_spans: dict[str, list[Span]] = defaultdict(list)
    for stance in stances:
        fact_outlets[_fact(stance)].update(stance.articles)
        fact_spans[_fact(stance)] += stance.spans
    for fact, reporting in fact_outlets.items():
        worth[fact] = _worth_of(FACT_WORTH, len(reporting), len(articles))
    for sentence in sentences:
        stated = {
            fact
            for fact, spans in fact_spans.items()
            if any(_overlaps(sentence.span, span) for span in spans)
        }
        if stated:
            sentence.units = sentence.units | stated

    claim_of = {c.id: c for c in claims}
    disputed = [c for c in comparisons if c.verdict == "conflict" and c.kind == "numeric"]
    generated: list[_Candidate] = []
    replaced: set[int] = set()
    for comparison in disputed:
        spans = [claim_of[cid].span for p in comparison.positions for cid in p.claims]
        sources = [
            i for i, s in enumerate(sentences) if any(_overlaps(s.span, span) for span in spans)
        ]
        # a sentence that states one side of a dispute never stands alone in the summary
        replaced.update(sources)
        made = _generated(comparison, claim_of, articles)
        if made is None:
            continue
        text, citations = made
        first = min(
            (sentences[i] for i in sources),
            key=lambda s: (s.rank, s.article_rank),
            default=None,
        )
        cited_articles = [order[c.article] for c in citations]
        generated.append(
            _Candidate(
                span=citations[0],
                rank=first.rank if first else 0,
                article_rank=first.article_rank if first else min(cited_articles),
                words=len(text.split()),
                units=frozenset().union(*(sentences[i].units for i in sources)),
                loaded=0,
                comparison=comparison.id,
                text=text,
                citations=citations,
                group=(comparison.id, -1),
                generated=True,
            )
        )
    outlets = {a.id: a.outlet for a in articles}
    names = _CueNames(extractions)
    for kind, made_from_stances in (
        ("reactions", _reactions(stances, outlets)),
        ("demands", _demands(stances, outlets, names)),
    ):
        if made_from_stances is None:
            continue
        text, citations = made_from_stances
        where = [s for s in sentences if any(_overlaps(s.span, c) for c in citations)]
        # what the demands restate needs no second sentence; the reactions summarise more
        # than the sentences they cite, which may still be worth their own place: they cover
        # the stances of the countries they name
        units = (
            frozenset().union(*(s.units for s in where))
            if kind == "demands"
            else frozenset(
                _fact(stance)
                for stance in stances
                if _side(stance) is not None and _names_word(stance.actor.name, text)
            )
        )
        generated.append(
            _Candidate(
                span=citations[0],
                rank=AFTER_THE_FACTS,  # reactions and demands read after what happened
                article_rank=0,
                words=len(text.split()),
                units=units,
                loaded=0,
                text=text,
                citations=citations,
                group=(kind, -1),
                generated=True,
            )
        )
    pool = [s for i, s in enumerate(sentences) if i not in replaced] + generated
    chosen = _select(pool, worth, max_words, shared_only=len(articles) > 1)
    chosen.sort(key=lambda c: (c.rank, c.article_rank, c.span.start))
    return [
        SummarySentence(
            text=c.text or c.span.text,
            kind="generated" if c.generated else "extracted",
            comparison=c.comparison,
            citations=c.citations or (c.span,),
        )
        for c in chosen
    ]


def _select(
    pool: list[_Candidate], worth: dict[str, float], max_words: int, shared_only: bool = True
) -> list[_Candidate]:
    """The set of sentences within `max_words` with the best objective: the worth of the units
    they cover (each unit once) plus what each brings on its own (`_own`). Exact over the
    `SEARCH_WIDTH` best sentences by their objective alone per word (at most 2^width sets)."""
    fitting = [c for c in pool if c.words <= max_words and _alone(c, worth) > 0]
    fitting.sort(key=lambda c: (-_alone(c, worth) / c.words, c.rank, c.span.start))
    shortlist = fitting[:SEARCH_WIDTH]
    own = [_own(c) for c in shortlist]
    # which of the shortlist each one restates (or is restated by): asked once per pair, not
    # once per set searched (hundreds of thousands of sets on a BASIL event)
    restates = [
        frozenset(j for j, other in enumerate(shortlist) if _restated(candidate, other))
        for candidate in shortlist
    ]
    best: tuple[float, tuple[int, ...]] = (0.0, ())

    def search(
        start: int,
        chosen: tuple[int, ...],
        covered: frozenset[str],
        used: int,
        value: float,
        groups: frozenset[tuple[str, int]],
    ) -> None:
        nonlocal best
        if value > best[0]:
            best = (value, chosen)
        for index in range(start, len(shortlist)):
            candidate = shortlist[index]
            if used + candidate.words > max_words or candidate.group in groups:
                continue
            if not restates[index].isdisjoint(chosen):
                continue  # a generated sentence states the same stances
            added = candidate.units - covered
            if candidate.units and len(added) < (1 - REDUNDANT) * len(candidate.units):
                continue  # says again what the chosen sentences say
            search(
                index + 1,
                (*chosen, index),
                covered | added,
                used + candidate.words,
                value + own[index] + sum(map(worth.get, added, repeat(0.0))),
                groups | {candidate.group},
            )

    search(0, (), frozenset(), 0, 0.0, frozenset())
    return _fill([shortlist[i] for i in best[1]], pool, worth, max_words, shared_only)


def _fill(
    chosen: list[_Candidate],
    pool: list[_Candidate],
    worth: dict[str, float],
    max_words: int,
    shared_only: bool,
) -> list[_Candidate]:
    """The budget used: the exact search may stop well short of it (no sentence of its
    shortlist adds worth within the words left); until `FILLED` of the budget is used, the
    words left go to the best other sentences that still say something new (not redundant
    with what is chosen, not another form of a chosen sentence), plainly worded ones first.
    With `shared_only` (several articles), a sentence must say something another outlet
    says too (its new units and own worth sum above zero): filling a NeuS summary with what
    one outlet alone says cost ROUGE-2 and raised the arousal (bench/eval_neus.py), so a
    summary fills that share whenever the articles share that much distinct content. A
    summary is never empty while one sentence fits."""
    used = sum(c.words for c in chosen)
    covered = frozenset().union(*(c.units for c in chosen)) if chosen else frozenset()
    groups = {c.group for c in chosen}
    rest = [c for c in pool if c not in chosen and c.words <= max_words - used]
    rest.sort(
        key=lambda c: (
            c.loaded > 0 or _quoting(c),
            -_alone(c, worth) / c.words,
            c.rank,
            c.article_rank,
        )
    )
    for candidate in rest:
        if used >= FILLED * max_words:
            break
        if used + candidate.words > max_words or candidate.group in groups:
            continue
        if any(_restated(candidate, other) for other in chosen):
            continue
        added = candidate.units - covered
        if not added or len(added) < (1 - REDUNDANT) * len(candidate.units):
            continue
        if shared_only and chosen and sum(worth.get(u, 0.0) for u in added) + _own(candidate) <= 0:
            continue  # nothing the other outlets share: no content worth its words
        chosen = [*chosen, candidate]
        used += candidate.words
        covered |= added
        groups.add(candidate.group)
    if not chosen and rest:
        chosen = [min(rest, key=lambda c: (c.rank, c.article_rank, c.span.start))]
    return chosen


def _quoting(candidate: _Candidate) -> bool:
    """Whether a sentence quotes someone's words ("called the attempt a “pointless show
    vote”"): quoted words are the charged ones, the last to fill a budget with."""
    return any(mark in (candidate.text or candidate.span.text) for mark in QUOTE_MARKS)


def _restated(one: _Candidate, other: _Candidate) -> bool:
    """Whether one of two sentences restates the other's stances: an extracted sentence that
    states stances ("Not all international governments have condemned the elections", cut from
    a sentence naming Russia, Cuba and Bolivia as supportive) says nothing more about them than
    a generated sentence that states them all ("… Bolivia, Cuba and Russia were supportive")."""
    if one.generated == other.generated:
        return False
    extracted, generated = (other, one) if one.generated else (one, other)
    stated = {u for u in extracted.units if u.startswith(_FACT)}
    return bool(stated) and stated <= generated.units


def _alone(candidate: _Candidate, worth: dict[str, float]) -> float:
    return sum(worth.get(u, 0.0) for u in candidate.units) + _own(candidate)


def _own(candidate: _Candidate) -> float:
    """What a sentence brings besides its units: its words, more in a lead sentence, less its
    loaded words; a generated sentence on a dispute is what a reader most needs to know."""
    return (
        candidate.words * (WORD_WORTH + LEAD_WORTH / (1 + candidate.rank))
        - LOADED_COST * candidate.loaded
        + (GENERATED_WORTH if candidate.generated else 0.0)
    )


def _worth(unit: str, outlets: int, articles: int) -> float:
    """A unit's worth by how many of the articles use it: negative or nothing for one, then
    from the two-outlet worth up to the all-outlet worth."""
    table = WORD_BIGRAM_WORTH if "+" in unit else BIGRAM_WORTH if " " in unit else UNIGRAM_WORTH
    return _worth_of(table, outlets, articles)


def _worth_of(table: tuple[float, float, float], outlets: int, articles: int) -> float:
    single, two, every = table
    if outlets <= 1:
        return single
    share = (outlets - 2) / max(1, articles - 2)
    return two + (every - two) * min(1.0, share) if articles > 2 else every


def _overlaps(span: Span, other: Span) -> bool:
    return span.article == other.article and span.start < other.end and other.start < span.end


# ------------------------------------------------------------------------- disputed figures


def _generated(
    comparison: Comparison,
    claim_of: dict[str, Claim],
    articles: Sequence[Article],
) -> tuple[str, tuple[Span, ...]] | None:
    """ "Venezuela’s government won 17 of 23 states according to TRT World and Morning Star,
    18 of 23 according to venezuelanalysis.com." or, without a plain subject and verb,
    "Reports differ on the number of people dead: 124 according to Morning Star, more than
    125 according to TRT World." None when a figure or a name would lack a cited source."""
    outlets = {a.id: a.outlet for a in articles}
    citations: list[Span] = []
    for position in comparison.positions:
        for claim_id in position.claims:
            claim = claim_of[claim_id]
            citations.append(claim.span)
            quantity = claim.quantity
            if quantity is not None and not _within(quantity.span, claim.span):
                citations.append(quantity.span)
    citations = list(dict.fromkeys(citations))
    sides = [
        f"{_value(position, with_unit=n == 0)} according to "
        f"{_names([outlets[a] for a in position.articles])}"
        for n, position in enumerate(comparison.positions)
    ]
    lead = _clause(comparison, claim_of)
    if lead is not None:
        text = f"{lead} {', '.join(sides)}."
    else:
        sides = [
            f"{_value(p, with_unit=False)} according to {_names([outlets[a] for a in p.articles])}"
            for p in comparison.positions
        ]
        text = f"Reports differ on {_topic_phrase(comparison)}: {', '.join(sides)}."
    text = text[0].upper() + text[1:]
    if unsupported(text, citations, exempt=set(outlets.values())):
        return None
    return text, tuple(citations)


def _clause(comparison: Comparison, claim_of: dict[str, Claim]) -> str | None:
    """ "Venezuela’s government won": a named subject and the verb in the past (as written,
    `Claim.past`), when one of the disputed claims has them."""
    for position in comparison.positions:
        for claim_id in position.claims:
            claim = claim_of[claim_id]
            subject = claim.subject
            if subject is None or subject.entity is None or claim.negated or claim.modality:
                continue
            if claim.asserted_by is not None or " " in claim.predicate.strip():
                continue
            name = re.sub(r"\s*\([^)]*$", "", subject.span.text).strip()  # "Party (PSUV"
            words = name.split()
            if not 1 <= len(words) <= 6 or any(is_loaded(w.strip(",.")) for w in words):
                continue
            verb = claim.past
            if verb is None:
                continue
            return f"{name} {verb}"
    return None


def _topic_phrase(comparison: Comparison) -> str:
    # "people killed by The flood": the subject's article is mid-sentence here
    topic = re.sub(r"\bby (The|A|An) ", lambda m: f"by {m.group(1).lower()} ", comparison.topic)
    if topic.startswith(("percentage", "share", "fraction")):
        return f"the {topic}"
    return f"the number of {topic}"


def _value(position: Position, with_unit: bool) -> str:
    value = position.value
    assert value is not None
    if position.unit == "fraction":
        shown = str(Fraction(value).limit_denominator(12))
    elif float(value).is_integer():
        shown = f"{value:,.0f}"
    else:
        shown = f"{value:,.3g}"
    if position.unit == "percent":
        shown += "%"
    if position.qualifier:
        shown = f"{position.qualifier} {shown}"
    if position.of is not None:
        shown += f" of {position.of:,.0f}"
    if with_unit and position.unit and position.unit not in {"percent", "fraction"}:
        many = position.of is not None or value != 1
        shown += f" {plural(position.unit) if many else position.unit}"
    return shown


def _names(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _within(inner: Span, outer: Span) -> bool:
    return inner.article == outer.article and outer.start <= inner.start and inner.end <= outer.end


# ------------------------------------------------------------------------------- reactions

_CRITICAL = frozenset({"condemn", "concern", "reject"})
_SUPPORTIVE = frozenset({"support", "congratulate"})
_THE = re.compile(
    r"(?:States|Kingdom|Republic|Emirates|Nations|Islands|Union|Netherlands|Group|Party|"
    r"Council|Assembly|Ministry|Department|Commission|Court|Roundtable|Organization|"
    r"Organisation|Coalition|Alliance|Front|Movement|Government|Congress|Senate|Parliament)$"
)


def _side(stance: Stance) -> str | None:
    if stance.stance in _CRITICAL:
        return "critical"
    if stance.stance in _SUPPORTIVE:
        return "supportive"
    return None


def _fact(stance: Stance) -> str:
    """The fact a stance states, as a unit: who, and on which side or what is demanded."""
    what = _side(stance) or stance.stance
    if stance.stance == "demand":
        noun = _head_noun(stance.target)
        what = f"demand {noun[0] if noun else stance.target.lower()}"
    return f"{_FACT}{stance.actor.name.lower()}:{what}"


def _reactions(
    stances: Sequence[Stance], outlets: dict[str, str]
) -> tuple[str, tuple[Span, ...]] | None:
    """ "Among governments, the United States, Canada and France were critical; Russia, Cuba
    and Bolivia were supportive.": the countries (by the shipped gazetteer) whose stances are
    critical or supportive, each on the side most of its cues take (a tie leaves it out),
    cited by a span that names it."""
    places = gazetteer()
    weight: dict[str, dict[str, int]] = defaultdict(lambda: {"critical": 0, "supportive": 0})
    cited: dict[str, Span] = {}
    first: dict[str, tuple[int, str, int]] = {}
    for stance in stances:
        name = stance.actor.name
        if places.country_of_name(name) is None:
            continue
        side = _side(stance)
        span = next((s for s in stance.spans if _names_word(name, s.text)), None)
        if side is None or span is None:
            continue
        weight[name][side] += max(1, len(stance.cues))
        cited.setdefault(name, span)
        key = (0, span.article, span.start)
        first[name] = min(first.get(name, key), key)
    sides: dict[str, list[str]] = {"critical": [], "supportive": []}
    for name, counts in weight.items():
        if counts["critical"] != counts["supportive"]:
            side = max(counts, key=lambda k: counts[k])
            sides[side].append(name)
    if sum(len(names) for names in sides.values()) < 2:
        return None
    clauses = [
        f"{_names([_with_article(n) for n in sorted(names, key=lambda n: first[n])])} "
        f"{'was' if len(names) == 1 else 'were'} {side}"
        for side, names in sides.items()
        if names
    ]
    text = "Among governments, " + "; ".join(clauses) + "."
    citations = tuple(dict.fromkeys(cited[n] for names in sides.values() for n in names))
    if unsupported(text, citations, exempt=set(outlets.values())):
        return None
    return text, citations


def _names_word(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _with_article(name: str) -> str:
    return f"the {name}" if _THE.search(name) else name


def _demands(
    stances: Sequence[Stance], outlets: dict[str, str], cue_names: _CueNames | None = None
) -> tuple[str, tuple[Span, ...]] | None:
    """ "Nicolas Maduro and the Lima Group called for an audit.": what two or more actors
    demand alike (the same head noun of what is demanded), at most two such demands, the one
    more actors share first, then the one more outlets report; each actor cited by a span
    that names it (`_named_actor`; `cue_names` gives the names of the cues' subjects)."""
    by_head: dict[str, dict[str, Span]] = defaultdict(dict)
    reported: dict[str, set[str]] = defaultdict(set)  # the outlets that report each demand
    wording: dict[str, str] = {}
    for stance in stances:
        if stance.stance != "demand":
            continue
        noun = _head_noun(stance.target)
        named = _named_actor(stance, cue_names or _CueNames(()))
        if noun is None or named is None:
            continue
        name, span = named
        if any(_overlaps(span, other) for other in by_head[noun[0]].values()):
            continue  # one sentence that names two demands is one voice
        by_head[noun[0]].setdefault(name, span)
        reported[noun[0]].update(stance.articles)
        wording.setdefault(noun[0], noun[1])
    shared = sorted(
        ((key, actors) for key, actors in by_head.items() if len(actors) >= 2),
        key=lambda item: (
            -len(item[1]),
            -len(reported[item[0]]),
            min((s.article, s.start) for s in item[1].values()),
            item[0],
        ),
    )[:2]
    if not shared:
        return None
    clauses = []
    citations: list[Span] = []
    for head, actors in shared:
        names = sorted(actors, key=lambda n: (actors[n].article, actors[n].start))
        clauses.append(f"{_names([_with_article(n) for n in names])} called for {wording[head]}")
        citations += [actors[n] for n in names]
    text = "; ".join(clauses) + "."
    text = text[0].upper() + text[1:]
    cited = tuple(dict.fromkeys(citations))
    if unsupported(text, cited, exempt=set(outlets.values())):
        return None
    return text, cited


class _CueNames:
    """The proper names that are the subjects of the stance cues' verbs, by cue
    (`extract.sentences.cue_names`)."""

    def __init__(self, extractions: Sequence[Extraction]) -> None:
        self._by_cue: dict[Span, list[str]] = defaultdict(list)
        for extraction in extractions:
            for found in extraction.cue_names:
                self._by_cue[found.cue].append(found.name)

    def of(self, cue: Span) -> list[str]:
        return self._by_cue.get(cue, [])


def _named_actor(stance: Stance, names: _CueNames) -> tuple[str, Span] | None:
    """How the summary names the actor of `stance`, and the span it cites: its name, in the
    first span that holds it, else the proper name that is the subject of a cue's verb in a
    span ("The MUD ruled out …" → "the MUD")."""
    for span in stance.spans:
        if _names_word(stance.actor.name, span.text):
            return stance.actor.name, span
    if stance.actor.entity is None:
        return None
    for cue in stance.cues:
        holder = next((s for s in stance.spans if _within(cue, s)), None)
        if holder is None:
            continue
        for name in names.of(cue):
            if _names_word(name.removeprefix("the "), holder.text):
                return name, holder
    return None


def _head_noun(target: str) -> tuple[str, str] | None:
    """ "an audit of 100 percent of votes" → ("audit", "an audit"); "selective, gradual and
    reversible sanctions" → ("sanction", "sanctions")."""
    head = re.split(r"\s(?:of|in|for|on|at|from|to|by|with|into|against|over)\s", target)[0]
    words = re.findall(r"[A-Za-z][\w’'-]*", head)
    if not words or not words[-1].islower() or len(words[-1]) < 4:
        return None
    word = words[-1]
    plural = word.endswith("s") and not word.endswith("ss")
    key = word[:-1] if plural else word
    if plural:
        return key, word
    return key, f"{'an' if word[0] in 'aeiou' else 'a'} {word}"
