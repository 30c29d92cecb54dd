"""The orchestrator: ingest → nlp → extract → link → compare → summarize → `Report`."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon._version import __version__
from rashomon.config import Settings, from_env
from rashomon.errors import NothingToAnalyze
from rashomon.model import (
    Article,
    Comparison,
    Duplicate,
    Extraction,
    Progress,
    Report,
    Skipped,
)

if TYPE_CHECKING:
    from rashomon.ingest import Ingested


def analyze(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    *,
    meta: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Analyse the articles in `inputs` (files, folders, URLs, feeds, JSONL, "-" for stdin)
    as one event.

    Raises `NothingToAnalyze` when no input is usable; skipped inputs are listed in the
    report's `skipped` and passed to `on_skip` as they happen.
    """
    analysis = analyze_events(
        inputs,
        settings,
        meta=meta,
        field_map=field_map,
        on_skip=on_skip,
        progress=progress,
        one_event=True,
    )
    return analysis.reports[0]


@dataclass(frozen=True)
class Analysis:
    """What `analyze_events` found: one report, or a report per event (each with its `event`),
    and, for several events, the inputs skipped and the duplicates dropped (one report lists
    them itself)."""

    reports: tuple[Report, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()


def analyze_events(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    *,
    meta: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    progress: Progress | None = None,
    one_event: bool = False,
) -> Analysis:
    """Analyse the articles in `inputs`: a report per event when they hold two or more events
    of at least two articles each (`link.events.cluster_events` decides, as for a store), else
    one report, as `analyze` (always, with `one_event`)."""
    settings = settings or from_env()
    ingested = _load(inputs, settings, meta, field_map, on_skip)
    return analyze_articles_by_event(
        ingested.articles,
        settings,
        skipped=ingested.skipped,
        duplicates=ingested.duplicates,
        progress=progress,
        on_skip=on_skip,
        one_event=one_event,
    )


def analyze_articles_by_event(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[Duplicate] = (),
    progress: Progress | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    one_event: bool = False,
) -> Analysis:
    """`analyze_events` over articles already loaded (ids assigned)."""
    settings = settings or from_env()
    articles = sorted(articles, key=lambda a: _id_order(a.id))
    encoder_ready = _prefetch_encoder(settings.encoder, settings.cache_dir)
    extractions, lost = _extract(articles, settings, skipped, progress, on_skip)
    groups = None if one_event else event_groups(extractions, settings)
    encoder_ready.join()
    skipped = [*skipped, *lost]
    if groups is None:
        return Analysis((build_report(extractions, settings, skipped, duplicates, progress),))
    reports = [
        dataclasses.replace(build_report(group, settings, progress=progress), event=summary)
        for summary, group in zip(event_summaries(groups), groups, strict=True)
    ]
    return Analysis(tuple(reports), tuple(skipped), tuple(duplicates))


def event_groups(
    extractions: Sequence[Extraction], settings: Settings
) -> list[list[Extraction]] | None:
    """The events among `extractions` (in order of their first article), when there are two
    or more events of at least two articles each; None when they tell one event."""
    from rashomon.link.events import cluster_events
    from rashomon.store.articles import content_hash

    # by date, ties by the text's hash (as a store orders them): the same inputs in any order
    # give the same events
    ordered = sorted(
        extractions,
        key=lambda e: (e.article.date is None, e.article.date or "", content_hash(e.article.text)),
    )
    by_id = {e.article.id: e for e in extractions}
    clusters = cluster_events(ordered, settings)
    if sum(1 for c in clusters if len(c) >= 2) < 2:
        return None
    groups = [
        sorted((by_id[a] for a in c), key=lambda e: _id_order(e.article.id)) for c in clusters
    ]
    return sorted(groups, key=lambda g: _id_order(g[0].article.id))


def event_summaries(groups: Sequence[Sequence[Extraction]]) -> list[dict[str, Any]]:
    """The report's `event` key (CONTRACT.md, round 2) of each group: "e1", "e2", ... in order,
    the headline its members share most (`summarize.headline`), dates, outlets."""
    from rashomon.summarize.headline import event_headline

    found = []
    for number, group in enumerate(groups, start=1):
        headline = event_headline(group)
        dates = sorted(e.article.date for e in group if e.article.date)
        found.append(
            {
                "id": f"e{number}",
                "headline": {
                    "text": headline.text if headline else None,
                    "citations": [dataclasses.asdict(headline)] if headline else [],
                },
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "outlets": sorted({e.article.outlet for e in group}),
            }
        )
    return found


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
    """Analyse articles that are already loaded (ids assigned) as one event.

    An article whose analysis fails is skipped (E_EXTRACT, E_TIMEOUT, E_WORKER): it is left
    out of the report, listed in its `skipped` after `skipped`, and passed to `on_skip`.
    Raises `NothingToAnalyze` when every article is skipped."""
    analysis = analyze_articles_by_event(
        articles,
        settings,
        skipped=skipped,
        duplicates=duplicates,
        progress=progress,
        on_skip=on_skip,
        one_event=True,
    )
    return analysis.reports[0]


def _load(
    inputs: Iterable[str | Path],
    settings: Settings,
    meta: str | Path | None,
    field_map: dict[str, str] | None,
    on_skip: Callable[[Skipped], None] | None,
) -> Ingested:
    from rashomon.ingest import load_articles

    ingested = load_articles(inputs, settings, meta=meta, field_map=field_map, on_skip=on_skip)
    if not ingested.articles:
        error = NothingToAnalyze(
            "[E_NOTHING] no usable article among the inputs"
            + (f" ({len(ingested.skipped)} skipped)" if ingested.skipped else "")
        )
        error.skipped = ingested.skipped  # type: ignore[attr-defined]
        raise error
    return ingested


def _extract(
    articles: Sequence[Article],
    settings: Settings,
    skipped: Sequence[Skipped],
    progress: Progress | None,
    on_skip: Callable[[Skipped], None] | None,
) -> tuple[list[Extraction], list[Skipped]]:
    """The per-article stage; `NothingToAnalyze` when every article is skipped."""
    from rashomon import engine

    extractions, lost = engine.run_extraction(articles, settings, progress, on_skip)
    if not extractions:
        error = NothingToAnalyze(
            f"[E_NOTHING] no article could be analysed ({len(skipped) + len(lost)} skipped)"
        )
        error.skipped = [*skipped, *lost]  # type: ignore[attr-defined]
        raise error
    return extractions, lost


def build_report(
    extractions: Sequence[Extraction],
    settings: Settings,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[Duplicate] = (),
    progress: Progress | None = None,
) -> Report:
    """The cross-article stages over per-article extractions (in article order): no parse,
    only what extraction recorded."""
    from rashomon.nlp.encoders import one_blas_thread

    with one_blas_thread():
        return _build_report(extractions, settings, skipped, duplicates, progress)


def _build_report(
    extractions: Sequence[Extraction],
    settings: Settings,
    skipped: Sequence[Skipped],
    duplicates: Sequence[Duplicate],
    progress: Progress | None,
) -> Report:
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
