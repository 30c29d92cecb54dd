"""How each outlet names the same referents (labels).

Labels: the noun phrases each article uses for each referent that the outlets name in
different words, whether a named entity ("the opposition Democratic Unity Roundtable", "the
right-wing opposition") or not ("deadly street protests", "opposition regime-change riots"):
`compare.labels` finds the phrases and groups them by referent (loose cross-outlet
coreference, measured on NewsWCL50 by bench/eval_newswcl.py). The words that set each
outlet apart are in `compare.loaded` and `extract.loaded`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from rashomon.link.entities import EntityIndex
from rashomon.model import Actor, Extraction, Framing, LabelPhrase, Span
from rashomon.nlp.pipeline import Encoder
from rashomon.words.titles import TITLES


def find_framing(
    extractions: Sequence[Extraction],
    index: EntityIndex,
    *,
    encoder: Encoder | None = None,
) -> list[Framing]:
    """For every referent that the outlets name in different words, each article's labels.

    The labels are the phrases of `extract.labels.label_spans`, grouped by referent with
    `compare.labels.cluster_mentions` (`encoder` judges similarity of meaning; by default the
    encoder of the settings in the environment). A referent is shown when two or more
    articles name it and not all in the same words, or when one article names an entity in
    words beyond its name ("the so-called Lima Group"). Every occurrence is kept, in text
    order (renderers group equal wordings). Referents named by more articles come first,
    entities before other referents, then by how often they are named.
    """
    from rashomon.compare.labels import cluster_mentions

    if encoder is None:
        from rashomon.config import from_env
        from rashomon.nlp.pipeline import load_encoder

        encoder = load_encoder(from_env().encoder)
    phrases = [phrase for extraction in extractions for phrase in extraction.labels]
    descriptors = [cue for extraction in extractions for cue in extraction.descriptors]
    framing: list[Framing] = []
    for cluster in cluster_mentions(phrases, descriptors, len(extractions), index, encoder):
        members = [phrases[n].span for n in cluster]
        if len({fold_label(s.text) for s in members}) < 2:
            continue
        referent = _referent([phrases[n] for n in cluster], index)
        by_article: dict[str, list[Span]] = defaultdict(list)
        for span in members:
            by_article[span.article].append(span)
        if len(by_article) < 2 and not _describes(members, referent, index):
            continue
        framing.append(
            Framing(
                referent=referent,
                labels={a: tuple(sorted(by_article[a])) for a in sorted(by_article, key=_order)},
            )
        )
    framing.sort(
        key=lambda f: (
            -len(f.labels),
            f.referent.entity is None,
            -sum(len(s) for s in f.labels.values()),
            f.referent.name,
        )
    )
    return framing


def _order(article_id: str) -> tuple[int, str]:
    digits = article_id[1:]
    return (int(digits) if digits.isdigit() else 0, article_id)


def _referent(members: list[LabelPhrase], index: EntityIndex) -> Actor:
    """The entity the labels' heads name most often, else the commonest head word (in its
    commonest spelling: "protests")."""
    entities = Counter(entity for phrase in members if (entity := index.entity_of(phrase.head)))
    if entities:
        entity = min(entities, key=lambda e: (-entities[e], e))
        return Actor(entity=entity, name=index.get(entity).name)
    lemmas = Counter(p.head_lemma for p in members)
    lemma = min(lemmas, key=lambda w: (-lemmas[w], w))
    spellings = Counter(p.head.text.lower() for p in members if p.head_lemma == lemma)
    return Actor(entity=None, name=min(spellings, key=lambda w: (-spellings[w], w)))


def _describes(members: list[Span], referent: Actor, index: EntityIndex) -> bool:
    """Whether some label of an entity says more than its name and titles."""
    if referent.entity is None:
        return False
    entity = index.get(referent.entity)
    known = {w for name in (entity.name, *entity.aliases) for w in _words(name)} | TITLES
    return any(set(_words(span.text)) - known for span in members)


def _words(text: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() else " " for c in text.lower().replace("’s", " "))
    return [w for w in cleaned.replace("'s", " ").split() if w.isalpha()]


def fold_label(text: str) -> str:
    return " ".join(text.lower().split())
