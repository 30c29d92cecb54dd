"""Verdicts: aligned claims → comparisons (agree / conflict / single_source), explained."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal

from rashomon.compare.align import Pair
from rashomon.compare.rivals import counted_apart
from rashomon.compare.scales import in_scale, overlap, scale_of, scaled_interval
from rashomon.extract.claims import WHOLE_PREDICATE
from rashomon.model import Article, Claim, Comparison, Position, Quantity, Verdict
from rashomon.nlp.inflect import with_s
from rashomon.nlp.numbers import is_vague
from rashomon.words.revision import is_revision


def numeric_comparisons(
    claims: Sequence[Claim],
    pairs: Sequence[Pair],
    articles: Sequence[Article],
) -> list[Comparison]:
    """One comparison per group of aligned numeric claims, and one per unaligned claim."""
    groups = _clusters(claims, pairs, _other_article, _same_figure)
    revisions = _revisions(claims)
    outlets = {a.id: a.outlet for a in articles}
    dates = {a.id: a.date for a in articles}
    order = {a.id: number for number, a in enumerate(articles)}
    comparisons: list[Comparison] = []
    for members, group_pairs in zip(groups, _pairs_by_group(groups, pairs), strict=True):
        group = [claims[i] for i in members if claims[i].quantity is not None]
        if not group or all(is_vague(c.quantity.span.text) for c in group if c.quantity):
            continue
        positions = _numeric_positions(group, dates)
        verdict = _numeric_verdict(positions)
        score, parts = _mean_score(group_pairs)
        revised = _revising(group, dates, revisions) if verdict == "conflict" else None
        explanation = _numeric_explanation(positions, verdict, outlets, group, order, revised)
        comparisons.append(
            Comparison(
                id="",
                kind="numeric",
                topic=_topic(group),
                verdict=verdict,
                positions=tuple(positions),
                explanation=explanation,
                score=score,
                score_parts=parts,
                possible_update=revised is not None,
            )
        )
    return comparisons


def textual_comparisons(
    claims: Sequence[Claim],
    pairs: Sequence[Pair],
    articles: Sequence[Article],
    speaker_name: Callable[[Claim], str],
) -> list[Comparison]:
    """One comparison per group of claims with opposite polarity."""
    outlets = {a.id: a.outlet for a in articles}
    dates = {a.id: a.date for a in articles}
    comparisons = []
    groups = _clusters(claims, pairs, _opposite, _always)
    for members, group_pairs in zip(groups, _pairs_by_group(groups, pairs), strict=True):
        if len(members) < 2:
            continue
        group = [claims[i] for i in members]
        positions = []
        polarities: tuple[Literal["affirm"], Literal["deny"]] = ("affirm", "deny")
        for polarity in polarities:
            side = [c for c in group if c.negated == (polarity == "deny")]
            if not side:
                continue
            article_ids = _unique(c.span.article for c in side)
            positions.append(
                Position(
                    claims=tuple(c.id for c in side),
                    articles=article_ids,
                    as_of=tuple(dates[a] for a in article_ids),
                    polarity=polarity,
                    text=side[0].span.text,
                    asserted_by=_unique(speaker_name(c) for c in side),
                )
            )
        verdict = "conflict" if len(positions) == 2 else "agree"
        score, parts = _mean_score(group_pairs)
        explanation = "; ".join(
            f"{p.polarity}: “{p.text}” ({', '.join(p.asserted_by)} — "
            f"{', '.join(outlets[a] for a in p.articles)})"
            for p in positions
        )
        comparisons.append(
            Comparison(
                id="",
                kind="textual",
                topic=_textual_topic(group),
                verdict=verdict,  # type: ignore[arg-type]
                positions=tuple(positions),
                explanation=explanation,
                score=score,
                score_parts=parts,
            )
        )
    return comparisons


def _clusters(
    claims: Sequence[Claim],
    pairs: Sequence[Pair],
    must_link: Callable[[Claim, Claim], bool],
    may_share: Callable[[Claim, Claim], bool],
) -> list[list[int]]:
    """Complete-linkage groups, best pairs first: two groups merge only when every two of
    their claims that `must_link` were aligned, and every two that need no link `may_share`
    a group. Chains of weak links (A~B, B~C, A≁C) never make a group."""
    aligned = {(p.left, p.right) for p in pairs} | {(p.right, p.left) for p in pairs}
    group_of = {index: index for index in range(len(claims))}
    members: dict[int, list[int]] = {index: [index] for index in range(len(claims))}
    # two groups that do not fit never will: a group only grows, and growing adds constraints;
    # so each two groups are checked once, however many pairs run between them
    misfits: set[tuple[int, int]] = set()
    for pair in sorted(pairs, key=lambda p: (-p.score, p.left, p.right)):
        a, b = group_of[pair.left], group_of[pair.right]
        if a == b or (min(a, b), max(a, b)) in misfits:
            continue
        left, right = members[a], members[b]
        fits = all(
            (x, y) in aligned
            if must_link(claims[x], claims[y])
            else may_share(claims[x], claims[y])
            for x in left
            for y in right
        )
        if not fits:
            misfits.add((min(a, b), max(a, b)))
            continue
        for index in right:
            group_of[index] = a
        members[a] = sorted(left + right)
        del members[b]
    return [members[key] for key in sorted(members)]


def _pairs_by_group(groups: Sequence[list[int]], pairs: Sequence[Pair]) -> list[list[Pair]]:
    """The pairs inside each group, in the order of `pairs` (one pass, not groups x pairs)."""
    group_of = {index: number for number, members in enumerate(groups) for index in members}
    inside: list[list[Pair]] = [[] for _ in groups]
    for pair in pairs:
        number = group_of.get(pair.left)
        if number is not None and number == group_of.get(pair.right):
            inside[number].append(pair)
    return inside


def _other_article(a: Claim, b: Claim) -> bool:
    return a.span.article != b.span.article


def _same_figure(a: Claim, b: Claim) -> bool:
    """Two figures in one article are two different things far more often than an outlet
    contradicting itself: one article joins a group with one figure only."""
    return (
        a.quantity is not None
        and b.quantity is not None
        and (a.quantity.interval == b.quantity.interval)
    )


def _opposite(a: Claim, b: Claim) -> bool:
    return a.negated != b.negated


def _always(a: Claim, b: Claim) -> bool:
    return True


def _numeric_positions(group: list[Claim], dates: dict[str, str | None]) -> list[Position]:
    by_value: dict[tuple[object, ...], list[Claim]] = defaultdict(list)
    for claim in group:
        q = claim.quantity
        assert q is not None
        interval = scaled_interval(q.interval, q.unit)  # "15 minutes" is not "15 hours"
        key = (interval.low, interval.low_closed, interval.high, interval.high_closed, q.of)
        by_value[key].append(claim)
    positions = []
    for members in by_value.values():
        q = members[0].quantity
        assert q is not None
        article_ids = _unique(c.span.article for c in members)
        positions.append(
            Position(
                claims=tuple(c.id for c in members),
                articles=article_ids,
                as_of=tuple(dates[a] for a in article_ids),
                value=q.value,
                interval=q.interval,
                unit=q.unit,
                of=q.of,
                qualifier=q.qualifier,
            )
        )
    positions.sort(key=lambda p: (in_scale(p.value or 0.0, p.unit), p.articles))
    return positions


def _numeric_verdict(positions: list[Position]) -> Verdict:
    articles = {a for p in positions for a in p.articles}
    if len(articles) < 2:
        return "single_source"
    for i, left in enumerate(positions):
        for right in positions[i + 1 :]:
            assert left.interval is not None and right.interval is not None
            different_articles = any(a != b for a in left.articles for b in right.articles)
            # "within 15 minutes" / "more than two hours": one scale
            if different_articles and not overlap(
                left.interval, left.unit, right.interval, right.unit
            ):
                return "conflict"
    return "agree"


def _mean_score(pairs: Sequence[Pair]) -> tuple[float, dict[str, float]]:
    if not pairs:
        return 1.0, {}
    score = round(sum(p.score for p in pairs) / len(pairs), 3)
    names = sorted({name for p in pairs for name in p.parts})
    parts = {}
    for name in names:  # a part some pairs lack ("window") is averaged over those that have it
        values = [p.parts[name] for p in pairs if name in p.parts]
        parts[name] = round(sum(values) / len(values), 3)
    return score, parts


def _unique(items: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(item, None)
    return tuple(seen)


def format_value(position: Position) -> str:
    value = position.value
    assert value is not None
    if position.unit == "fraction":
        shown = str(Fraction(value).limit_denominator(12))
        return f"{position.qualifier} {shown}" if position.qualifier else shown
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"
    if position.qualifier:
        shown = f"{position.qualifier} {shown}"
    if position.of is not None:
        shown += f" of {position.of:,.0f}"
    if position.unit and position.unit not in {"percent"}:
        shown += (
            f" {position.unit if value == 1 and position.of is None else plural(position.unit)}"
        )
    elif position.unit == "percent":
        shown += "%"
    return shown


def _revisions(claims: Sequence[Claim]) -> dict[str | None, list[Claim]]:
    """The figures whose words place them in a revision ("rose to 41"), by scale."""
    found: dict[str | None, list[Claim]] = defaultdict(list)
    for claim in claims:
        frame = claim.quantity.frame if claim.quantity else None
        if claim.quantity is not None and frame is not None and is_revision(frame.window):
            found[scale_of(claim.quantity.unit)].append(claim)
    return found


def _revising(
    group: list[Claim],
    dates: dict[str, str | None],
    revisions: dict[str | None, list[Claim]] | None = None,
) -> Claim | None:
    """The claim of a conflicting group whose words place its figure in a revision ("rose
    to N", "up from N", "revised"), when the group's reports are of different days or its
    outlet gives another figure of the group: the figures then differ because one replaced
    the other. The revising words may name the new figure ("rose to 29") or the old one ("up
    from 11"): either way the two are one count at two times. Failing that, when the reports
    are of different days, a figure of `revisions` outside the group that is the group's
    latest figure ("rose to 41" in another report, "41" here). None when no figure is so
    placed."""
    counts = Counter(c.span.article for c in group)
    days = {d for c in group if (d := dates.get(c.span.article))}
    for claim in group:
        frame = claim.quantity.frame if claim.quantity else None
        if frame is None or not is_revision(frame.window):
            continue
        if counts[claim.span.article] > 1 or len(days) > 1:
            return claim
    if len(days) < 2 or not revisions:
        return None
    # the group's latest figure is one another report gives as revised ("41" here, "rose to
    # 41" in a report the group does not hold): the figures differ because it was revised
    latest = max(days)
    members = {c.id for c in group}
    for claim in group:
        quantity = claim.quantity
        if quantity is None or dates.get(claim.span.article) != latest:
            continue
        # a bare revised figure ("rose to 41") has no unit of its own
        scales = dict.fromkeys([scale_of(quantity.unit), None])
        for revising in (found for scale in scales for found in revisions.get(scale, ())):
            other = revising.quantity
            assert other is not None
            if revising.id in members or not _one_count(quantity, other):
                continue
            # a bare figure is of the same count only when it names the same event predicate
            bare = other.unit is None
            if bare and (_state(other) is None or _state(other) != _state(quantity)):
                continue
            return revising
    return None


def _state(quantity: Quantity) -> str | None:
    return quantity.frame.state if quantity.frame else None


def _one_count(a: Quantity, b: Quantity) -> bool:
    """One figure of one count: the same value on one scale, and no frame saying otherwise."""
    return overlap(a.interval, a.unit, b.interval, b.unit) and counted_apart(a, b) is None


def _numeric_explanation(
    positions: list[Position],
    verdict: str,
    outlets: dict[str, str],
    group: list[Claim],
    order: dict[str, int],
    revised: Claim | None = None,
) -> str:
    sides = [f"{format_value(p)} ({', '.join(outlets[a] for a in p.articles)})" for p in positions]
    text = " vs ".join(sides)
    if verdict == "single_source":
        text = f"only {outlets[positions[0].articles[0]]} reports {format_value(positions[0])}"
    elif verdict == "agree" and len(positions) > 1:
        text += "; the figures are compatible"
    notes = []
    # in article order, looking only at the group's articles (not every article of the corpus)
    counts = Counter(a for p in positions for a in p.articles)
    self_conflicts = sorted((a for a, n in counts.items() if n > 1), key=order.__getitem__)
    for article_id in self_conflicts:
        notes.append(f"{outlets[article_id]} gives more than one figure")
    if revised is not None and revised.quantity is not None and revised.quantity.frame:
        notes.append(
            f"possible update, not a dispute: {outlets[revised.span.article]} gives a revised "
            f"figure (“{revised.quantity.frame.window.strip()}”)"
        )
    elif verdict == "conflict":
        dated = sorted({d for p in positions for d in p.as_of if d})
        if len(dated) > 1:
            notes.append(f"the reports are dated {' and '.join(dated)}: the later may be an update")
        for claim in group:
            frame = claim.quantity.frame if claim.quantity else None
            if frame is not None and frame.hedge:
                notes.append(f"{outlets[claim.span.article]} hedges (“{frame.hedge}”)")
    if notes:
        text += "; " + "; ".join(dict.fromkeys(notes))
    return text


def _topic(group: list[Claim]) -> str:
    """ "states won by the United Socialist Party": the counted unit, the verb, the subject."""
    first = group[0]
    q = first.quantity
    assert q is not None
    unit = plural(q.unit) if q.unit else "figures"
    if q.unit == "percent":
        unit = "percentage"
    after = first.span.text[q.span.end - first.span.start :]
    state = _STATE_AFTER.match(after)
    if state:
        unit = f"{unit} {state.group(1).lower()}"
    share = _SHARE_OF.match(after)
    if q.unit == "percent" and share:
        return f"percentage of {share.group(1)}"
    if first.predicate == WHOLE_PREDICATE:
        return f"{unit} in all"
    subjects = [c for c in group if c.subject is not None and c.predicate == first.predicate]
    named = [c for c in subjects if c.subject is not None and c.subject.entity is not None]
    plain = [c for c in subjects if c.subject is not None and not _pronoun_led(c.subject.span.text)]
    candidates = named or plain
    chosen = candidates[0] if candidates else None
    if chosen is None or chosen.subject is None or first.predicate.startswith("be "):
        return unit
    subject = re.sub(r"\s*\([^)]*$", "", chosen.subject.span.text)
    if q.span.text in subject or len(subject.split()) > 8:
        return unit
    return f"{unit} {past_participle(first.predicate)} by {subject}"


# "left 124 people dead": the state of the counted thing belongs to the topic
_STATE_AFTER = re.compile(
    r"\s+(dead|killed|injured|wounded|missing|displaced|homeless|arrested|detained|evacuated)\b",
    re.IGNORECASE,
)

# "100 percent of the ballot papers": what a percentage is a share of
_SHARE_OF = re.compile(r"\s+of\s+(?:the\s+|all\s+)?(\w+(?:\s+(?!of\b)[a-z]\w*)?)")

_PRONOUN_LEAD = frozenset(
    {
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "it",
        "they",
        "he",
        "she",
        "we",
        "that",
        "this",
        "which",
        "who",
    }
)


def _pronoun_led(text: str) -> bool:
    words = text.lower().split()
    return not words or words[0] in _PRONOUN_LEAD


_IRREGULAR = dict(
    pair.split(":")
    for pair in """be:been begin:begun break:broken bring:brought build:built buy:bought
    choose:chosen come:come cut:cut do:done draw:drawn drive:driven fall:fallen feel:felt
    fight:fought find:found get:got give:given go:gone grow:grown have:had hit:hit hold:held
    keep:kept know:known lay:laid lead:led leave:left lose:lost make:made meet:met pay:paid
    put:put raise:raised rise:risen run:run say:said see:seen seek:sought sell:sold send:sent
    set:set shoot:shot show:shown speak:spoken spend:spent stand:stood steal:stolen strike:struck
    sweep:swept
    take:taken tell:told think:thought throw:thrown win:won write:written""".split()
)


def past_participle(verb: str) -> str:
    head, _, particle = verb.partition(" ")
    if head in _IRREGULAR:
        form = _IRREGULAR[head]
    elif head.endswith("e"):
        form = head + "d"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        form = head[:-1] + "ied"
    else:
        form = head + "ed"
    return f"{form} {particle}".strip()


def _textual_topic(group: list[Claim]) -> str:
    """ "whether the vote was free and fair": the affirmed side, as a question."""
    affirmed = [c for c in group if not c.negated] or group
    text = affirmed[0].span.text.rstrip(".")
    if len(text) > 90:
        text = text[:87].rsplit(" ", 1)[0] + "…"
    first, _, rest = text.partition(" ")
    if first in {"The", "A", "An", "This", "That", "These", "Those", "Its", "Their"}:
        text = f"{first.lower()} {rest}"
    return f"whether {text}"


def plural(unit: str) -> str:
    """ "state" → "states", "person" → "people"."""
    irregular = {
        "person": "people",
        "child": "children",
        "man": "men",
        "woman": "women",
        "percent": "percent",
    }
    if unit in irregular:
        return irregular[unit]
    return with_s(unit, es_after=("s", "x", "ch", "sh"))
