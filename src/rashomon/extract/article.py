"""Everything found in one article: the per-article stage, a pure function of (Article, Doc).

`extract_article` is the one function that the engines (in-process, process pool, Ray) run
for each article after its spaCy pass; what it returns, an `Extraction`, is the only input of
the cross-article stages, which never see the parse.
"""

from __future__ import annotations

from typing import Any

from rashomon.config import Settings
from rashomon.model import Article, Extraction


def extract_article(article: Article, doc: Any, settings: Settings) -> Extraction:
    """Run every extractor over `article` parsed as `doc`."""
    from rashomon.extract.claims import extract_claims
    from rashomon.extract.dates import extract_dates
    from rashomon.extract.frames import framed_claims
    from rashomon.extract.labels import descriptor_cues, label_phrases
    from rashomon.extract.loaded import term_counts, term_uses
    from rashomon.extract.mentions import extract_mentions
    from rashomon.extract.names import acronyms, capitalised_starts, name_clues
    from rashomon.extract.quantities import extract_quantities
    from rashomon.extract.quotes import extract_quotes
    from rashomon.extract.sentences import (
        cue_names,
        sentence_spans,
        summary_sentences,
        title_units,
    )
    from rashomon.extract.speakers import Resolver
    from rashomon.extract.stances import extract_stances
    from rashomon.ingest.outlets import dateline_end
    from rashomon.nlp.pipeline import model_version

    quantities = extract_quantities(article, doc, settings)
    resolver = Resolver(article, doc)  # one per article, for the quotes and the stances
    quotes = extract_quotes(article, doc, resolver)
    mentions = extract_mentions(article, doc)
    stances = extract_stances(article, doc, quotes, resolver)
    story_start = dateline_end(article.text)
    return Extraction(
        article=article,
        sentences=tuple(sentence_spans(article, doc)),
        mentions=tuple(mentions),
        claims=tuple(framed_claims(article, doc, extract_claims(article, doc, quantities, quotes))),
        quotes=tuple(quotes),
        stances=tuple(stances),
        dates=tuple(extract_dates(article, doc)),
        dateline_end=story_start,
        names=tuple(name_clues(article, doc, mentions)),
        acronyms=tuple(acronyms(article)),
        capitalised=tuple(capitalised_starts(article)),
        labels=tuple(label_phrases(article, doc)),
        descriptors=tuple(descriptor_cues(article, doc)),
        term_counts=term_counts(doc),
        loaded_words=tuple(term_uses(article, doc)),
        summary_sentences=tuple(summary_sentences(article, doc, story_start)),
        title_units=title_units(article.title, doc),
        cue_names=tuple(cue_names(article, doc, stances)),
        parser=model_version(settings.spacy_model),
    )
