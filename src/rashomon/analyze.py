"""The orchestrator: ingest → nlp → extract → link → compare → summarize → `Report`."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon import __version__
from rashomon.config import Settings, from_env
from rashomon.errors import NothingToAnalyze
from rashomon.link.entities import EntityIndex
from rashomon.model import (
    Actor,
    Article,
    Claim,
    Comparison,
    Duplicate,
    Extraction,
    Ref,
    Report,
    Skipped,
    Span,
    Speaker,
    Stance,
)

if TYPE_CHECKING:
    from rashomon.compare.rivals import Owner

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
    )


def extract_all(
    articles: Sequence[Article], settings: Settings, progress: Progress | None = None
) -> tuple[list[Any], list[Extraction]]:
    """The spaCy pass and the per-article extractors."""
    from rashomon.extract.article import extract_article
    from rashomon.nlp.pipeline import parse

    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("parse", done, len(articles))

    docs = parse(
        [a.text for a in articles],
        settings.spacy_model,
        jobs=settings.jobs,
        batch_size=settings.batch_size,
        on_doc=advance,
    )
    extractions = []
    for number, (article, doc) in enumerate(zip(articles, docs, strict=True), start=1):
        extractions.append(extract_article(article, doc, settings))
        if progress is not None:
            progress("extract", number, len(articles))
    return docs, extractions


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[Duplicate] = (),
    progress: Progress | None = None,
) -> Report:
    """Analyse articles that are already loaded (ids assigned, sorted by id)."""
    settings = settings or from_env()
    articles = sorted(articles, key=lambda a: _id_order(a.id))
    encoder_ready = _prefetch_encoder(settings.encoder, settings.cache_dir)
    docs, extractions = extract_all(articles, settings, progress)
    encoder_ready.join()
    return build_report(articles, docs, extractions, settings, skipped, duplicates, progress)


def build_report(
    articles: Sequence[Article],
    docs: Sequence[Any],
    extractions: Sequence[Extraction],
    settings: Settings,
    skipped: Sequence[Skipped] = (),
    duplicates: Sequence[Duplicate] = (),
    progress: Progress | None = None,
) -> Report:
    """The cross-article stages over per-article extractions."""
    from rashomon.compare.align import numeric_pairs, textual_pairs
    from rashomon.compare.framing import find_framing
    from rashomon.compare.loaded import loaded_terms
    from rashomon.compare.omissions import find_omissions
    from rashomon.compare.verdicts import numeric_comparisons, textual_comparisons
    from rashomon.compare.voices import find_voices
    from rashomon.link.entities import link_entities
    from rashomon.link.statements import group_statements, merge_stances
    from rashomon.nlp.pipeline import load_encoder, model_version
    from rashomon.summarize.summary import summarize
    from rashomon.summarize.timeline import merge_timeline

    if progress is not None:
        progress("compare", 0, 1)
    index = link_entities(articles, [list(e.mentions) for e in extractions], docs)

    def ref(value: Ref | None) -> Ref | None:
        if value is None:
            return None
        return dataclasses.replace(value, entity=index.entity_of(value.span))

    quotes = [
        dataclasses.replace(quote, id=f"q{number}", speaker=_linked_speaker(quote.speaker, index))
        for number, quote in enumerate((q for e in extractions for q in e.quotes), start=1)
    ]
    # a pronoun speaker ("he said") is no entity mention; its quote's resolved speaker is
    speaker_entity = {
        q.speaker.span: q.speaker.entity for q in quotes if q.speaker and q.speaker.entity
    }

    def asserter(value: Ref | None) -> Ref | None:
        linked = ref(value)
        if linked is None or linked.entity is not None:
            return linked
        return dataclasses.replace(linked, entity=speaker_entity.get(linked.span))

    claims = [
        dataclasses.replace(
            claim,
            id=f"c{number}",
            subject=ref(claim.subject),
            asserted_by=asserter(claim.asserted_by),
        )
        for number, claim in enumerate((c for e in extractions for c in e.claims), start=1)
    ]
    encoder = load_encoder(settings.encoder, settings.cache_dir)
    limits = settings.thresholds(encoder.name)
    quotes = group_statements(
        quotes, index.entity_of, similarity=_cosines(encoder), thresholds=limits
    )
    home = _home_country(index)
    stances = merge_stances(
        [_linked_stance(s, index, home) for e in extractions for s in e.stances], _actor_key
    )

    sentence_span = _sentence_span_lookup(articles, docs)

    def sentence_text(claim: Claim) -> str:
        return sentence_span(claim.span).text

    def entity_of_claim(claim: Claim) -> str | None:
        return claim.subject.entity if claim.subject else None

    numeric = [c for c in claims if c.quantity is not None]
    comparisons: list[Comparison] = numeric_comparisons(
        numeric,
        numeric_pairs(
            numeric,
            encoder,
            entity_of_claim,
            limits.align,
            context_of=sentence_text,
            people_of=lambda claim: _people_of(claim, index),
            window_of=lambda claim: _figure_window(claim, sentence_span),
            owner_of=lambda claim: _figure_owner(claim, index, sentence_span),
        ),
        articles,
        sentence_text,
    )
    textual = [c for c in claims if c.quantity is None]
    textual_found = textual_comparisons(
        textual,
        textual_pairs(textual, encoder, limits.textual),
        articles,
        lambda claim: _asserter_name(claim, index, articles),
    )
    comparisons += [c for c in textual_found if c.verdict == "conflict"]
    comparisons.sort(key=_comparison_order)
    comparisons = [dataclasses.replace(c, id=f"k{n}") for n, c in enumerate(comparisons, start=1)]

    timeline = merge_timeline([d for e in extractions for d in e.dates])
    # sentence similarity for the summary is lexical: embedding every sentence of every
    # article would cost more than the parse
    summary = summarize(
        articles,
        docs,
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
            "models": {"spacy": model_version(settings.spacy_model), "encoder": encoder.name},
            "settings": settings.to_dict(),
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
        framing=tuple(find_framing(articles, docs, index, encoder=encoder)),
        loaded_terms=loaded_terms(articles, docs),
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


# a subject opening with these words is the speaker's own: "his average tax rate", "we"
_SPEAKERS_OWN = frozenset({"i", "my", "we", "our", "his", "her", "their"})
_OWNER_TYPES = frozenset({"PERSON", "NORP", "ORG", "GPE"})


def _figure_owner(
    claim: Claim, index: EntityIndex, sentence_of: Callable[[Span], Span]
) -> Owner | None:
    """Whose figure it is: the subject's entity when it names a person, group, organisation
    or country ("Republicans are on track to hold 240 seats"), else the person named closest to
    the figure in its sentence ("Mr. Bush said his average federal tax rate was 36 percent"),
    not counting who is quoted saying it ("'He stole $700 billion,' said Reince Priebus")."""
    from rashomon.compare.rivals import Owner

    subject = claim.subject
    if subject is not None and subject.entity is not None:
        entity = index.get(subject.entity)
        if entity.type in _OWNER_TYPES:
            return Owner(entity.id, entity.type, entity.name)
    speaker = claim.asserted_by
    if speaker is not None and speaker.entity is not None and subject is not None:
        words = subject.span.text.split()
        if (
            words and words[0].lower() in _SPEAKERS_OWN
        ):  # "Mr. Bush said his average tax rate was 36 percent"
            entity = index.get(speaker.entity)
            return Owner(entity.id, entity.type, entity.name)
    person = _closest_person_in(
        claim, index, sentence_of(claim.span), skip=speaker.span if speaker else None
    )
    if person is None:
        return None
    return Owner(person, "PERSON", index.get(person).name)


def _people_of(claim: Claim, index: EntityIndex) -> frozenset[str]:
    """The person named closest to a claim's figure: whose figure it is ("Palin (12 percent)")."""
    person = _closest_person_in(claim, index, claim.span)
    return frozenset({person}) if person else frozenset()


def _closest_person_in(
    claim: Claim, index: EntityIndex, within: Span, skip: Span | None = None
) -> str | None:
    """The person named in `within` closest to the claim's figure, not counting a mention
    inside `skip`."""
    if claim.quantity is None:
        return None
    anchor = claim.quantity.span.start
    best: tuple[int, str] | None = None
    for entity_id in index.entities_in(within):
        entity = index.get(entity_id)
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            if skip is not None and skip.start <= mention.start < skip.end:
                continue
            if mention.article == within.article and within.start <= mention.start < within.end:
                distance = abs(mention.start - anchor)
                if best is None or distance < best[0]:
                    best = (distance, entity_id)
    return best[1] if best else None


def _cosines(encoder: Any) -> Callable[[list[str]], Any]:
    def similarity(texts: list[str]) -> Any:
        vectors = encoder.encode(texts)
        return vectors @ vectors.T

    return similarity


def _linked_speaker(speaker: Speaker | None, index: EntityIndex) -> Speaker | None:
    """The speaker's entity, when an entity mention names the speaker rather than a word of a
    longer phrase ("Venezuelan political commentators" is not the entity "Venezuelan")."""
    if speaker is None:
        return None
    entity = index.entity_of(speaker.span)
    if entity is None:
        # a speaker named here by a pronoun or a description ("she", "the ministry")
        found = index.by_name(speaker.name)
        if found is not None and speaker.span.article in found.articles:
            return dataclasses.replace(speaker, entity=found.id, name=found.name)
        return speaker
    named = [
        m
        for m in index.get(entity).mentions
        if m.article == speaker.span.article
        and m.start < speaker.span.end
        and speaker.span.start < m.end
    ]
    if not named or max(len(m.text) for m in named) < 0.5 * len(speaker.span.text):
        return speaker
    return dataclasses.replace(speaker, entity=entity, name=index.get(entity).name)


def _home_country(index: EntityIndex) -> str | None:
    """The country the event happens in: the country entity mentioned most."""
    countries = [e for e in index.entities if _is_country(e.name)]
    if not countries:
        return None
    return max(countries, key=lambda e: (len(e.mentions), e.name)).id


def _linked_stance(stance: Stance, index: EntityIndex, home: str | None) -> Stance:
    """The stance's actor as an entity; a foreign government's voice (a person the text ties
    to another country: "Bolivian President Evo Morales") is named by its country."""
    entity = None
    for span in stance.spans:
        found = index.by_name(stance.actor.name)
        if found is not None and span.article in found.articles:
            entity = found.id
            break
    if entity is None:
        return stance
    linked = index.get(entity)
    country_id = linked.affiliation
    if linked.type == "PERSON" and country_id is not None and country_id != home:
        country = index.get(country_id)
        if _is_country(country.name):
            return dataclasses.replace(stance, actor=Actor(entity=country.id, name=country.name))
    return dataclasses.replace(stance, actor=Actor(entity=entity, name=linked.name))


def _is_country(name: str) -> bool:
    from rashomon.link.gazetteer import gazetteer

    return gazetteer().country_of_name(name) == name


def _actor_key(stance: Stance) -> str:
    return stance.actor.entity or stance.actor.name.lower()


def _asserter_name(claim: Claim, index: Any, articles: Sequence[Article]) -> str:
    if claim.asserted_by is None:
        outlet = next(a.outlet for a in articles if a.id == claim.span.article)
        return outlet
    if claim.asserted_by.entity is not None:
        return str(index.get(claim.asserted_by.entity).name)
    return claim.asserted_by.span.text


def _figure_window(claim: Claim, sentence_of: Callable[[Span], Span]) -> str:
    """The words around a claim's figure within the figure's sentence, numbers masked."""
    from rashomon.compare.align import figure_window

    assert claim.quantity is not None
    figure = claim.quantity.span
    sentence = sentence_of(figure)
    return figure_window(sentence.text, figure.start - sentence.start, figure.end - sentence.start)


def _sentence_span_lookup(
    articles: Sequence[Article], docs: Sequence[Any]
) -> Callable[[Span], Span]:
    """The sentence in which a span starts."""
    doc_of = {a.id: d for a, d in zip(articles, docs, strict=True)}
    text_of = {a.id: a.text for a in articles}

    def sentence_of(span: Span) -> Span:
        doc = doc_of[span.article]
        found = doc.char_span(span.start, span.end, alignment_mode="expand")
        if found is None:
            return span
        start, end = found.sent.start_char, found.sent.end_char
        return Span(span.article, start, end, text_of[span.article][start:end])

    return sentence_of
