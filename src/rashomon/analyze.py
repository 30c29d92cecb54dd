"""The orchestrator: ingest → nlp → extract → link → compare → summarize → `Report`."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rashomon._version import __version__
from rashomon.config import Settings, from_env
from rashomon.errors import NothingToAnalyze
from rashomon.model import (
    Article,
    Comparison,
    Duplicate,
    Extraction,
    Report,
    Skipped,
)

# (stage, done, total): called as the work advances, for a progress bar
Progress = Callable[[str, int, int], None]


def analyze(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    *,
    meta: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Analyse the articles in `inputs` (files, folders, URLs, feeds, JSONL, "-" for stdin).

    Raises `NothingToAnalyze` when no input is usable; skipped inputs are listed in the
    report's `skipped` and passed to `on_skip` as they happen.
    """
    from rashomon.ingest import load_articles

    settings = settings or from_env()
    ingested = load_articles(inputs, settings, meta=meta, field_map=field_map, on_skip=on_skip)
    if not ingested.articles:
        error = NothingToAnalyze(
            "[E_NOTHING] no usable article among the inputs"
            + (f" ({len(ingested.skipped)} skipped)" if ingested.skipped else "")
        )
        error.skipped = ingested.skipped  # type: ignore[attr-defined]
        raise error
    return analyze_articles(
        ingested.articles,
        settings,
        skipped=ingested.skipped,
        duplicates=ingested.duplicates,
        progress=progress,
        on_skip=on_skip,
    )


def extract_all(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> list[Extraction]:
    """The per-article stage (the spaCy pass and the extractors), run by `rashomon.engine` in
    this process or in `settings.jobs` worker processes: the extractions of the articles
    analysed, in order. An article whose analysis fails is left out and passed to `on_skip`."""
    from rashomon import engine

    extractions, _ = engine.run_extraction(articles, settings, progress, on_skip)
    return extractions


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[Duplicate] = (),
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Report:
    """Analyse articles that are already loaded (ids assigned, sorted by id).

    An article whose analysis fails is skipped (E_EXTRACT, E_TIMEOUT, E_WORKER): it is left
    out of the report, listed in its `skipped` after `skipped`, and passed to `on_skip`.
    Raises `NothingToAnalyze` when every article is skipped."""
    settings = settings or from_env()
    articles = sorted(articles, key=lambda a: _id_order(a.id))
    encoder_ready = _prefetch_encoder(settings.encoder, settings.cache_dir)
    from rashomon import engine

    extractions, lost = engine.run_extraction(articles, settings, progress, on_skip)
    if not extractions:
        error = NothingToAnalyze(
            f"[E_NOTHING] no article could be analysed ({len(skipped) + len(lost)} skipped)"
        )
        error.skipped = [*skipped, *lost]  # type: ignore[attr-defined]
        raise error
    encoder_ready.join()
    return build_report(extractions, settings, [*skipped, *lost], duplicates, progress)


def build_report(
    extractions: Sequence[Extraction],
    settings: Settings,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[Duplicate] = (),
    progress: Progress | None = None,
) -> Report:
    """The cross-article stages over per-article extractions (in article order): no parse,
    only what extraction recorded."""
    from rashomon.compare.align import numeric_pairs, textual_pairs
    from rashomon.compare.framing import find_framing
    from rashomon.compare.loaded import loaded_terms
    from rashomon.compare.omissions import find_omissions
    from rashomon.compare.owners import with_holders
    from rashomon.compare.verdicts import numeric_comparisons, textual_comparisons
    from rashomon.compare.voices import find_voices
    from rashomon.link.actors import asserter_name, link_claims, link_quotes, link_stances
    from rashomon.link.entities import link_entities
    from rashomon.link.statements import cosines, group_statements
    from rashomon.nlp.pipeline import load_encoder
    from rashomon.summarize.summary import summarize
    from rashomon.summarize.timeline import merge_timeline

    if progress is not None:
        progress("compare", 0, 1)
    extractions = sorted(extractions, key=lambda e: _id_order(e.article.id))
    articles = [e.article for e in extractions]
    index = link_entities(extractions)

    quotes = link_quotes(extractions, index)
    claims = with_holders(link_claims(extractions, index, quotes), index)
    encoder = load_encoder(settings.encoder, settings.cache_dir)
    limits = settings.thresholds(encoder.name)
    quotes = group_statements(
        quotes, index.entity_of, similarity=cosines(encoder), thresholds=limits
    )
    stances = link_stances(extractions, index)

    numeric = [c for c in claims if c.quantity is not None]
    comparisons: list[Comparison] = numeric_comparisons(
        numeric, numeric_pairs(numeric, encoder, limits.align), articles
    )
    textual = [c for c in claims if c.quantity is None]
    from rashomon.compare.contradictions import (
        actor_pairs,
        complete,
        quoted_asserter,
        with_antonyms,
    )

    # "illegal" is "lawful" denied when another claim says "lawful"
    textual = with_antonyms([c for c in textual if complete(c)])
    asserter = quoted_asserter(quotes, lambda claim: asserter_name(claim, index, articles))
    textual_found = textual_comparisons(
        textual,
        [*textual_pairs(textual, encoder, limits.textual), *actor_pairs(textual, asserter)],
        articles,
        asserter,
    )
    comparisons += [c for c in textual_found if c.verdict == "conflict"]
    comparisons.sort(key=_comparison_order)
    comparisons = [dataclasses.replace(c, id=f"k{n}") for n, c in enumerate(comparisons, start=1)]

    timeline = merge_timeline([d for e in extractions for d in e.dates])
    # sentence similarity for the summary is lexical: embedding every sentence of every
    # article would cost more than the parse
    summary = summarize(
        extractions,
        claims,
        comparisons,
        load_encoder("tfidf"),
        settings.summary_words,
        stances=stances,
    )
    if progress is not None:
        progress("compare", 1, 1)
    return Report(
        generator={
            "name": "rashomon",
            "version": __version__,
            "models": {
                "spacy": ", ".join(sorted({e.parser for e in extractions})),
                "encoder": encoder.name,
            },
            "settings": settings.what_ran(),
        },
        articles=tuple(articles),
        skipped=tuple(skipped),
        duplicates=tuple(duplicates),
        entities=tuple(index.entities),
        claims=tuple(claims),
        comparisons=tuple(comparisons),
        omissions=tuple(find_omissions(articles, comparisons, stances, quotes)),
        quotes=tuple(quotes),
        stances=tuple(stances),
        timeline=tuple(timeline),
        framing=tuple(find_framing(extractions, index, encoder=encoder)),
        loaded_terms=loaded_terms(extractions),
        summary=tuple(summary),
        voices=find_voices(articles, quotes, index.entities),
    )


def _prefetch_encoder(name: str, cache_dir: str | None = None) -> threading.Thread:
    """Load the sentence encoder (torch, seconds of imports) while spaCy parses.

    Errors are not lost: `load_encoder` is cached only on success, so the later call in
    `build_report` raises them in the caller's thread."""
    from rashomon.nlp.pipeline import load_encoder

    def load() -> None:
        with contextlib.suppress(Exception):
            load_encoder(name, cache_dir)

    thread = threading.Thread(target=load, name="rashomon-encoder", daemon=True)
    thread.start()
    return thread


def _id_order(article_id: str) -> tuple[int, str]:
    digits = article_id[1:]
    return (int(digits) if digits.isdigit() else 0, article_id)


_VERDICT_ORDER = {"conflict": 0, "agree": 1, "single_source": 2}


def _comparison_order(comparison: Comparison) -> tuple[int, int, int, str]:
    outlets = len({a for p in comparison.positions for a in p.articles})
    first = min(claim for p in comparison.positions for claim in p.claims)
    return (_VERDICT_ORDER[comparison.verdict], -outlets, int(first[1:]), comparison.kind)
