"""The loaded terms: per article, the loaded words it uses more than the other articles.

Every content lemma that is loaded (`extract.loaded`, which counts each article's lemmas and
finds the uses of loaded ones), scored by the log-odds ratio with an informative Dirichlet
prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"; the prior is the event's pooled
counts), kept from a z-score of MIN_Z on. Names, numbers, honorifics and titles ("Mr",
"President") are never terms: they tell who is talked about, not how. Plain words that merely
set an outlet apart ("budget", "recount") are left out too.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from rashomon.extract.loaded import TERM_MIN_LOADED
from rashomon.model import Extraction, LoadedTerm, Span

MAX_TERMS = 10
MIN_Z = 0.5  # a word used once by one outlet and never by the others scores about 0.9
PRIOR_WEIGHT = 100.0


def loaded_terms(extractions: Sequence[Extraction]) -> dict[str, tuple[LoadedTerm, ...]]:
    """Per article, the lemmas most over-used relative to the other articles of the event."""
    articles = [e.article for e in extractions]
    counts = {e.article.id: Counter(e.term_counts) for e in extractions}
    spans: dict[str, dict[str, list[Span]]] = {}
    loaded: dict[str, dict[str, float]] = defaultdict(dict)
    for extraction in extractions:
        where: dict[str, list[Span]] = defaultdict(list)
        strongest = loaded[extraction.article.id]
        for use in extraction.loaded_words:
            strongest[use.lemma] = max(strongest.get(use.lemma, 0.0), use.score)
            where[use.lemma].append(use.span)
        spans[extraction.article.id] = where
    if len(articles) < 2:
        return {a.id: () for a in articles}
    total: Counter[str] = Counter()
    for counter in counts.values():
        total.update(counter)
    total_n = sum(total.values())
    result: dict[str, tuple[LoadedTerm, ...]] = {}
    for article in articles:
        mine = counts[article.id]
        others: Counter[str] = total - mine
        n_mine, n_others = sum(mine.values()), sum(others.values())
        scored = []
        for word, y_i in mine.items():
            if loaded[article.id].get(word, 0.0) < TERM_MIN_LOADED:
                continue
            z = log_odds_z(
                y_i, n_mine, others[word], n_others, PRIOR_WEIGHT * total[word] / total_n
            )
            if z >= MIN_Z:
                scored.append((z, word))
        scored.sort(key=lambda item: (-item[0], item[1]))
        result[article.id] = tuple(
            LoadedTerm(
                term=_display_form(spans[article.id][word]),
                score=round(z, 3),
                spans=tuple(spans[article.id][word]),
            )
            for z, word in scored[:MAX_TERMS]
        )
    return result


def log_odds_z(y_i: int, n_i: int, y_j: int, n_j: int, alpha: float) -> float:
    """Monroe et al. (2008), eq. 16 and 18: the z-score of the log-odds ratio of a word used
    `y_i` times in `n_i` words against `y_j` in `n_j`, with Dirichlet prior `alpha` for the word
    out of PRIOR_WEIGHT for the vocabulary."""
    delta = math.log((y_i + alpha) / (n_i + PRIOR_WEIGHT - y_i - alpha)) - math.log(
        (y_j + alpha) / (n_j + PRIOR_WEIGHT - y_j - alpha)
    )
    return delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))


def _display_form(spans: Sequence[Span]) -> str:
    """The term as the article writes it most often ("embattled", not the lemma "embattle")."""
    forms = Counter(span.text.lower() for span in spans)
    return min(forms, key=lambda form: (-forms[form], form))
