"""What each outlet leaves out: comparisons, stances and quoted statements the others report."""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.model import Article, Comparison, Omission, Quote, Stance


def find_omissions(
    articles: Sequence[Article],
    comparisons: Sequence[Comparison],
    stances: Sequence[Stance],
    quotes: Sequence[Quote],
) -> list[Omission]:
    """Per article, ranked: reported by the most outlets first; then the positions of named
    actors (stances), what named people said, disputed or shared figures, and last the
    figures one other outlet alone gives; then in report order."""
    if len(articles) < 2:
        return []
    items: list[tuple[str, str, frozenset[str], int]] = []  # kind, ref, articles, weight
    for comparison in comparisons:
        reported = frozenset(a for p in comparison.positions for a in p.articles)
        items.append(("comparison", comparison.id, reported, 1 if len(reported) == 1 else 2))
    # an outlet that reports any position of an actor has not left that actor out
    actor_articles: dict[str, set[str]] = {}
    for stance in stances:
        actor_articles.setdefault(_actor(stance), set()).update(stance.articles)
    for stance in stances:
        items.append(
            (
                "stance",
                stance.id,
                frozenset(actor_articles[_actor(stance)]),
                3 if stance.actor.entity else 1,
            )
        )
    by_statement: dict[str, set[str]] = {}  # statement → articles
    speaker_known: dict[str, bool] = {}
    for quote in quotes:
        by_statement.setdefault(quote.statement, set()).add(quote.span.article)
        speaker_known[quote.statement] = speaker_known.get(quote.statement, False) or (
            quote.speaker is not None
        )
    for statement, articles_of in by_statement.items():
        items.append(
            ("quote", statement, frozenset(articles_of), 2 if speaker_known[statement] else 0)
        )

    omissions: list[Omission] = []
    order = {id(item): number for number, item in enumerate(items)}
    for article in articles:
        missing = [item for item in items if article.id not in item[2]]
        missing.sort(key=lambda item: (-len(item[2]), -item[3], order[id(item)]))
        omissions.extend(
            Omission(article=article.id, kind=kind, ref=ref, rank=rank)  # type: ignore[arg-type]
            for rank, (kind, ref, _, _) in enumerate(missing, start=1)
        )
    return omissions


def _actor(stance: Stance) -> str:
    return stance.actor.entity or stance.actor.name.lower()
