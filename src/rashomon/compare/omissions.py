"""What each outlet leaves out: comparisons, stances and quoted statements the others report.

Every omission is kept, ranked for the reader (rank 1 = what the reader most needs): facts the
other outlets dispute, then facts they agree on, then the stances and the voices of named actors
they quote, then what only one other outlet has without a named source (figures one outlet
alone gives, anonymous stances and quotes). Within a tier, what more outlets report comes first.
Repeats are merged into the rank: an actor's first stance or quote ranks in its tier, the same
actor's further stances and quotes only after every tier's first items, so ten items name ten
things rather than one minister's ten sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.model import Article, Comparison, Omission, Quote, Stance

# a speaker left as a pronoun or a bare "source" names no one a reader can weigh
_UNNAMED = frozenset("he she it they we i you source sources".split())

# tiers, best first
_DISPUTED, _AGREED, _VOICE, _MINOR = range(4)


@dataclass(frozen=True)
class _Item:
    kind: str  # comparison | stance | quote
    ref: str
    articles: frozenset[str]  # the articles that report it
    tier: int
    who: str | None  # the actor it belongs to (stances and quotes): repeats are merged on it
    order: int  # report order


def find_omissions(
    articles: Sequence[Article],
    comparisons: Sequence[Comparison],
    stances: Sequence[Stance],
    quotes: Sequence[Quote],
) -> list[Omission]:
    """Per article, every comparison, stance and quoted statement that other outlets report
    and this one does not, ranked (module docstring)."""
    if len(articles) < 2:
        return []
    items: list[_Item] = []
    for comparison in comparisons:
        reported = frozenset(a for p in comparison.positions for a in p.articles)
        if comparison.verdict == "conflict":
            tier = _DISPUTED
        elif comparison.verdict == "agree" and len(reported) > 1:
            tier = _AGREED
        else:
            tier = _MINOR
        items.append(_Item("comparison", comparison.id, reported, tier, None, len(items)))
    # an outlet that reports any position of an actor has not left that actor out
    actor_articles: dict[str, set[str]] = {}
    for stance in stances:
        actor_articles.setdefault(_actor(stance), set()).update(stance.articles)
    for stance in stances:
        key = _actor(stance)
        tier = _VOICE if stance.actor.entity else _MINOR
        items.append(
            _Item("stance", stance.id, frozenset(actor_articles[key]), tier, key, len(items))
        )
    by_statement: dict[str, set[str]] = {}  # statement → articles
    speaker_of: dict[str, str] = {}
    for quote in quotes:
        by_statement.setdefault(quote.statement, set()).add(quote.span.article)
        named = quote.speaker is not None and quote.speaker.name.lower() not in _UNNAMED
        if quote.speaker is not None and named and quote.statement not in speaker_of:
            speaker_of[quote.statement] = quote.speaker.entity or quote.speaker.name.lower()
    for statement, articles_of in by_statement.items():
        who = speaker_of.get(statement)
        tier = _VOICE if who is not None else _MINOR
        items.append(_Item("quote", statement, frozenset(articles_of), tier, who, len(items)))

    omissions: list[Omission] = []
    for article in articles:
        missing = [item for item in items if article.id not in item.articles]
        missing.sort(key=lambda item: (item.tier, -len(item.articles), item.order))
        firsts: list[_Item] = []
        repeats: list[_Item] = []
        seen: set[str] = set()
        for item in missing:
            if item.who is not None and item.who in seen:
                repeats.append(item)
                continue
            if item.who is not None:
                seen.add(item.who)
            firsts.append(item)
        omissions.extend(
            Omission(article=article.id, kind=item.kind, ref=item.ref, rank=rank)  # type: ignore[arg-type]
            for rank, item in enumerate([*firsts, *repeats], start=1)
        )
    return omissions


def _actor(stance: Stance) -> str:
    return stance.actor.entity or stance.actor.name.lower()
