"""Everything found in one article: the per-article stage, a pure function of (Article, Doc).

`extract_article` is the one function that the engines (in-process, process pool, Ray) run
for each article after its spaCy pass; what it returns, an `Extraction`, is the only input of
the cross-article stages.
"""

from __future__ import annotations

from typing import Any

from rashomon.config import Settings
from rashomon.model import Article, Extraction


def extract_article(article: Article, doc: Any, settings: Settings) -> Extraction:
    """Run every extractor over `article` parsed as `doc`."""
    from rashomon.extract.claims import extract_claims
    from rashomon.extract.dates import extract_dates
    from rashomon.extract.mentions import extract_mentions
    from rashomon.extract.quantities import extract_quantities
    from rashomon.extract.quotes import extract_quotes
    from rashomon.extract.speakers import Resolver
    from rashomon.extract.stances import extract_stances

    quantities = extract_quantities(article, doc, settings)
    resolver = Resolver(article, doc)  # one per article, for the quotes and the stances
    quotes = extract_quotes(article, doc, resolver)
    return Extraction(
        article=article,
        mentions=tuple(extract_mentions(article, doc)),
        claims=tuple(extract_claims(article, doc, quantities, quotes)),
        quotes=tuple(quotes),
        stances=tuple(extract_stances(article, doc, quotes, resolver)),
        dates=tuple(extract_dates(article, doc)),
    )
