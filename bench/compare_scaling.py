"""How the compare stage grows with the number of claims: BASIL's claims, replicated.

    /work/venv/bin/python bench/compare_scaling.py [--sizes 300 1000 5000] [--encoder minilm]
        [--cache /tmp/rashomon_basil_claims.pickle]

Extracts the claims of the 300 BASIL articles once (the spaCy pass and the extractors are not
timed; `--cache FILE` keeps them between runs, made afresh when the file is missing), then
builds pools of 300, 1,000 and 5,000 articles' worth by replicating them under new article ids,
and times the alignment and the verdicts (`numeric_pairs`, `textual_pairs`,
`numeric_comparisons`, `textual_comparisons`) on each pool, as one corpus-wide comparison.

What the replicas are: each copy of an article is a separate article (its own id, its claims
their own ids), so a pool of 5,000 articles' worth holds every BASIL claim ~17 times over, in
different articles. That is harder than a real stream, where many events each have a few
articles and a claim has few look-alikes outside its event: here every claim has an exact twin
(similarity 1.0, same unit, same value) in every copy, so unbounded blocks grow with the square
of the number of copies (302k aligned pairs at 5,000 before the blocks were bounded). The copies
are kept exact on purpose, as the worst case for blocking; the bounded blocks of
`rashomon.compare.align` (pairwise up to `MAX_BLOCK` claims, then each claim's `NEIGHBOURS`
nearest in a random-projection leaf; textual blocking words capped at `MAX_POSTING` claims)
keep the candidates per claim bounded whatever the number of copies, which is what this
script shows. The aligned pairs found at 5,000 are thus not "more agreement" but the same
twins found again; only the cost is measured.

The time per claim should stay roughly flat from 1,000 to 5,000: the script prints it, and the
aligned pairs per claim, for each size. Sentence vectors are cached across sizes, as they would
be for a stream, and the cache is warmed before timing.

Measured 2026-11-22 (MiniLM, 2 shared cores): 0.056 / 0.059 / 0.073 ms per claim at 300 / 1,000
/ 5,000 articles' worth (14,548 / 48,602 / 242,546 claims; 17.8 s at 5,000), against 0.97 / 0.47
/ 2.18 ms per claim (528.7 s at 5,000) before the blocks were bounded. After the conflict
vetoes (compare/rivals.py, read once per figure) and the figure-window gate: 0.050 / 0.055 ms
per claim at 1,000 / 5,000 (48,646 / 242,733 claims; 13.4 s at 5,000).
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from basil import load_events
from rashomon.analyze import extract_all
from rashomon.compare.align import numeric_pairs, textual_pairs
from rashomon.compare.verdicts import numeric_comparisons, textual_comparisons
from rashomon.config import Settings
from rashomon.model import Article, Claim, Quantity, Ref, Span
from rashomon.nlp.pipeline import load_encoder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 5000])
    parser.add_argument("--encoder", default="minilm", choices=["minilm", "static", "tfidf"])
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the extracted claims")
    args = parser.parse_args(argv)
    settings = Settings(encoder=args.encoder)

    started = time.perf_counter()
    if args.cache is not None and args.cache.exists():
        with args.cache.open("rb") as handle:
            articles, claims = pickle.load(handle)
    else:
        articles, claims = _extract(settings)
        if args.cache is not None:
            with args.cache.open("wb") as handle:
                pickle.dump((articles, claims), handle)
    print(
        f"{len(claims):,} claims from {len(articles)} articles "
        f"in {time.perf_counter() - started:.1f} s (not timed below)",
        file=sys.stderr,
    )
    encoder = load_encoder(settings.encoder)
    limits = settings.thresholds(encoder.name)
    # warm the vector cache with every text the stage embeds: spans, subjects, predicates
    texts = {c.span.text for c in claims} | {c.predicate for c in claims}
    texts |= {c.subject.span.text for c in claims if c.subject is not None}
    encoder.encode(sorted(texts))

    print(
        f"{'articles':>9} {'claims':>8} {'pairs':>8} {'pairs/claim':>11} "
        f"{'seconds':>8} {'ms/claim':>9}"
    )
    for size in args.sizes:
        pool_articles, pool_claims = _replicate(articles, claims, size)
        begin = time.perf_counter()
        numeric = [c for c in pool_claims if c.quantity is not None]
        textual = [c for c in pool_claims if c.quantity is None]
        n_pairs = numeric_pairs(numeric, encoder, limits.align)
        t_pairs = textual_pairs(textual, encoder, limits.textual)
        numeric_comparisons(numeric, n_pairs, pool_articles)
        textual_comparisons(textual, t_pairs, pool_articles, lambda c: "outlet")
        seconds = time.perf_counter() - begin
        pairs = len(n_pairs) + len(t_pairs)
        per_claim = 1000 * seconds / len(pool_claims)
        print(
            f"{size:>9,} {len(pool_claims):>8,} {pairs:>8,} {pairs / len(pool_claims):>11.2f} "
            f"{seconds:>8.2f} {per_claim:>9.3f}",
            flush=True,
        )
    return 0


def _extract(settings: Settings) -> tuple[list[Article], list[Claim]]:
    articles: list[Article] = []
    claims: list[Claim] = []
    for number, event in enumerate(load_events()):
        renamed = [dataclasses.replace(a, id=f"a{number * 3 + i + 1}") for i, a in enumerate(event)]
        extractions = extract_all(renamed, settings)
        articles.extend(renamed)
        claims.extend(c for e in extractions for c in e.claims)
    claims = [dataclasses.replace(c, id=f"c{n}") for n, c in enumerate(claims, start=1)]
    return articles, claims


def _replicate(
    articles: list[Article], claims: list[Claim], size: int
) -> tuple[list[Article], list[Claim]]:
    """`size` articles' worth: copies of the corpus under new ids (the last copy cut short)."""
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.span.article, []).append(claim)
    out_articles: list[Article] = []
    out_claims: list[Claim] = []
    while len(out_articles) < size:
        for article in articles:
            if len(out_articles) == size:
                break
            new_id = f"a{len(out_articles) + 1}"
            out_articles.append(dataclasses.replace(article, id=new_id))
            for claim in by_article.get(article.id, []):
                out_claims.append(_moved(claim, new_id, f"c{len(out_claims) + 1}"))
    return out_articles, out_claims


def _moved(claim: Claim, article: str, claim_id: str) -> Claim:
    def span(value: Span) -> Span:
        return dataclasses.replace(value, article=article)

    def ref(value: Ref | None) -> Ref | None:
        return None if value is None else dataclasses.replace(value, span=span(value.span))

    quantity: Quantity | None = claim.quantity
    if quantity is not None:
        quantity = dataclasses.replace(quantity, span=span(quantity.span))
    return dataclasses.replace(
        claim,
        id=claim_id,
        span=span(claim.span),
        subject=ref(claim.subject),
        asserted_by=ref(claim.asserted_by),
        quantity=quantity,
    )


if __name__ == "__main__":
    sys.exit(main())
