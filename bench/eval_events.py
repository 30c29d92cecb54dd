"""How well rashomon groups a stream of articles into events, against baselines (issue 12).

    PYTHONPATH=src python bench/eval_events.py [--sets allsides,neus,ecb,basil,pooled]
                                               [--systems ours,tfidf,...] [--json FILE]
    PYTHONPATH=src python bench/eval_events.py --fit     # refit ours on the tuning slice (3 rounds)

Data (`events_data.py`): AllSides raw (471 stories, dates moved by a seeded 0-3 days), NeuS val
(307 stories, no dates), ECB+ train + dev (66 sub-topics in 33 topics, no titles, no dates),
BASIL (100 events), and AllSides + NeuS pooled, each pooled whole and given as one stream;
each article has only its own title, body, outlet and date. The first run parses and extracts
every article once into the cache (`.cache/events/`, about 15 minutes on one core); later runs
read it.

Tuning slice and held-out: the stories of each set (ECB+: its topics, both sub-topics
together) are split in halves by a seeded shuffle (`events_data.SPLIT_SEED`); each half is
clustered as its own stream. Every system has one setting for all sets, chosen on the tuning
halves (the best mean B-cubed F1 over the five sets), and is reported on both halves: the
held-out figures are the ones to quote.

Systems:
- ours: `rashomon.link.events.cluster_events` with the settings of config.py (weights fitted
  by `--fit` on the tuning halves; `event_join` chosen on them, `--grid` shows the curve);
- tfidf: single-pass clustering on TF-IDF (title and body, IDF over the set, English stop
  words, sublinear tf): an article joins the most similar cluster centroid when the cosine
  reaches the threshold;
- tfidf-3d: the same, only clusters with a member dated within 3 days (undated: no limit);
- minilm-agglo: average-linkage agglomerative clustering on MiniLM cosine distance of the
  title and lead (the same texts ours embeds), cut at the threshold;
- hdbscan: sklearn's HDBSCAN on the MiniLM vectors (euclidean on unit vectors, min cluster
  size 2), its hierarchy cut at the threshold distance (`dbscan_clustering`; noise points are
  singletons). Not `cluster_selection_epsilon`: scikit-learn 1.9.1 raises on it with NumPy
  2.4 (scikit-learn#33219);
- blend: average-linkage agglomerative clustering on 1 - (TF-IDF cosine + MiniLM cosine +
  IDF-weighted entity Jaccard + date closeness exp(-days / 3), 0.5 when a date is missing) / 4.

Metrics: B-cubed precision, recall, F1 (each article's precision and recall over the
articles of its predicted and gold events, averaged over articles); pairwise precision,
recall, F1 over pairs of articles in one event; the number of predicted and gold events.
Every input article is scored: one missing from a system's output is a singleton.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import events_data as data
from rashomon.config import Settings
from rashomon.link import events
from rashomon.model import Extraction

Matrix = npt.NDArray[np.float64]
SETS = ("allsides", "neus", "ecb", "basil", "pooled")
SYSTEMS = ("ours", "tfidf", "tfidf-3d", "minilm-agglo", "hdbscan", "blend")
GRIDS: dict[str, Sequence[float]] = {
    "ours": [round(0.05 * i, 2) for i in range(2, 20)],
    "tfidf": [round(0.05 * i, 2) for i in range(2, 16)],
    "tfidf-3d": [round(0.05 * i, 2) for i in range(2, 16)],
    "minilm-agglo": [round(0.05 * i, 2) for i in range(4, 19)],
    "hdbscan": [round(0.05 * i, 2) for i in range(2, 25)],  # euclidean: sqrt(2 - 2 cos)
    "blend": [round(0.05 * i, 2) for i in range(4, 19)],
}


# -- metrics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float
    predicted: int
    gold: int


def score(predicted: Sequence[Sequence[str]], gold: dict[str, str]) -> Scores:
    """B-cubed and pairwise scores of `predicted` over every article of `gold` (an article
    missing from `predicted` is a singleton; one not in `gold` is ignored)."""
    label: dict[str, str] = {}
    for n, cluster in enumerate(predicted):
        for article in cluster:
            if article in gold:
                label[article] = f"p{n}"
    for article in gold:
        label.setdefault(article, f"missing-{article}")
    pred_size = Counter(label.values())
    gold_size = Counter(gold.values())
    both = Counter((label[a], gold[a]) for a in gold)
    precision = statistics.fmean(both[label[a], gold[a]] / pred_size[label[a]] for a in gold)
    recall = statistics.fmean(both[label[a], gold[a]] / gold_size[gold[a]] for a in gold)
    pairs_both = sum(n * (n - 1) / 2 for n in both.values())
    pairs_pred = sum(n * (n - 1) / 2 for n in pred_size.values())
    pairs_gold = sum(n * (n - 1) / 2 for n in gold_size.values())
    pair_p = pairs_both / pairs_pred if pairs_pred else 1.0
    pair_r = pairs_both / pairs_gold if pairs_gold else 1.0
    return Scores(
        precision,
        recall,
        _f1(precision, recall),
        pair_p,
        pair_r,
        _f1(pair_p, pair_r),
        len(pred_size),
        len(gold_size),
    )


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# -- inputs shared by the systems ---------------------------------------------------------------


@dataclass
class Prepared:
    dataset: data.Dataset
    extractions: list[Extraction]  # in stream order
    vectors: dict[str, npt.NDArray[np.float32]]  # MiniLM of the lead text, by article id
    _tfidf: Matrix | None = None

    @property
    def ids(self) -> list[str]:
        return [e.article.id for e in self.extractions]

    def tfidf(self) -> Matrix:
        """Cosine of every pair of articles on TF-IDF of title and body."""
        if self._tfidf is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            texts = [f"{e.article.title or ''}\n{e.article.text}" for e in self.extractions]
            matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
            self._tfidf = np.asarray((matrix @ matrix.T).toarray(), dtype=np.float64)
        return self._tfidf

    def minilm(self) -> Matrix:
        stacked = np.stack([self.vectors[i] for i in self.ids]).astype(np.float64)
        return stacked @ stacked.T

    def days(self) -> list[int | None]:
        return [events.signals(e).day for e in self.extractions]


def prepare(name: str, which: str, *, compute: bool = True) -> Prepared:
    dataset = data.load(name).part(which)
    found = data.extractions(dataset.articles, compute=compute, progress=True)
    kept = [found[a.id] for a in dataset.articles if a.id in found]
    settings = Settings()
    texts = {e.article.id: events.lead_text(e, settings.event_lead_words) for e in kept}
    vectors = data.embeddings(list(texts.values()), compute=compute)
    return Prepared(dataset, kept, {i: vectors[t] for i, t in texts.items() if t in vectors})


# -- the systems --------------------------------------------------------------------------------


def run_ours(prepared: Prepared, threshold: float | None = None) -> list[list[str]]:
    settings = Settings()
    if threshold is not None:
        settings = settings.replace(event_join=threshold)
    return events.cluster_events(
        prepared.extractions, settings, vectors=prepared.vectors, embed=_no_embed
    )


def _no_embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    raise AssertionError("every lead text is embedded in the cache")


def single_pass(similarity: Matrix, threshold: float, allowed: Matrix | None = None) -> list[int]:
    """Single-pass centroid clustering from pairwise cosines of unit vectors: article i joins
    the cluster whose centroid is most similar (cosine >= threshold), else opens one."""
    n = len(similarity)
    to_cluster = np.zeros((n, 0))  # [article, cluster] = sum of cosines with its members
    norms2: list[float] = []
    labels: list[int] = []
    for i in range(n):
        best = -1
        if to_cluster.shape[1]:
            cosine = to_cluster[i] / np.sqrt(np.maximum(norms2, 1e-12))
            if allowed is not None:
                ok = np.zeros(to_cluster.shape[1], dtype=bool)
                ok[np.asarray(labels)[allowed[i, :i] > 0]] = True
                cosine = np.where(ok, cosine, -1.0)
            candidate = int(np.argmax(cosine))
            if cosine[candidate] >= threshold:
                best = candidate
        if best < 0:
            to_cluster = np.concatenate([to_cluster, np.zeros((n, 1))], axis=1)
            norms2.append(0.0)
            best = to_cluster.shape[1] - 1
        members = [j for j in range(i) if labels[j] == best]
        norms2[best] += 2 * float(similarity[i, members].sum()) + float(similarity[i, i])
        to_cluster[:, best] += similarity[:, i]
        labels.append(best)
    return labels


def _window(days: list[int | None], width: int) -> Matrix:
    """[i, j]: 1 when j may be in i's cluster by dates (within `width` days, or either undated)."""
    values = np.asarray([np.nan if d is None else d for d in days], dtype=np.float64)
    apart = np.abs(values[:, None] - values[None, :]) > width  # NaN compares False
    return np.where(apart, 0.0, 1.0)


def agglomerative(distance: Matrix, threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    if len(distance) < 2:
        return [0] * len(distance)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [int(x) for x in model.fit_predict(np.clip(distance, 0.0, None))]


def hdbscan(vectors: Matrix) -> Callable[[float], list[int]]:
    """HDBSCAN's hierarchy of the vectors (min cluster size 2), cut at a distance: labels as a
    function of the cut (noise points are singletons)."""
    from sklearn.cluster import HDBSCAN

    model = HDBSCAN(min_cluster_size=2, copy=True).fit(vectors)

    def cut(distance: float) -> list[int]:
        labels = model.dbscan_clustering(cut_distance=distance, min_cluster_size=2)
        top = int(labels.max()) + 1 if len(labels) else 0
        out = []
        for label in labels:
            if label < 0:
                out.append(top)
                top += 1
            else:
                out.append(int(label))
        return out

    return cut


def blend_similarity(prepared: Prepared) -> Matrix:
    found = [events.signals(e) for e in prepared.extractions]
    n = len(found)
    frequency = Counter(k for s in found for k in s.entities)
    idf = {k: math.log((n + 1) / (c + 1)) + 1.0 for k, c in frequency.items()}
    postings: dict[str, list[int]] = {}
    for i, s in enumerate(found):
        for k in s.entities:
            postings.setdefault(k, []).append(i)
    mass = [sum(idf[k] for k in s.entities) for s in found]
    entity = np.zeros((n, n))
    for i, s in enumerate(found):
        for j in {j for k in s.entities for j in postings[k] if j > i}:
            shared = sum(idf[k] for k in s.entities & found[j].entities)
            entity[i, j] = entity[j, i] = shared / (mass[i] + mass[j] - shared)
    closeness = np.full((n, n), 0.5)
    dated = [i for i, s in enumerate(found) if s.day is not None]
    if dated:
        values = np.asarray([found[i].day for i in dated], dtype=np.float64)
        closeness[np.ix_(dated, dated)] = np.exp(-np.abs(values[:, None] - values[None, :]) / 3)
    return (prepared.tfidf() + prepared.minilm() + entity + closeness) / 4.0


def _clusters(ids: Sequence[str], labels: Sequence[int]) -> list[list[str]]:
    grouped: dict[int, list[str]] = {}
    for article, label in zip(ids, labels, strict=True):
        grouped.setdefault(label, []).append(article)
    return list(grouped.values())


def runner(system: str, prepared: Prepared) -> Callable[[float], list[list[str]]]:
    """The system on this set as a function of its one threshold (pairwise matrices once)."""
    ids = prepared.ids
    if system == "ours":
        return lambda t: run_ours(prepared, t)
    if system == "tfidf":
        tfidf = prepared.tfidf()
        return lambda t: _clusters(ids, single_pass(tfidf, t))
    if system == "tfidf-3d":
        tfidf = prepared.tfidf()
        allowed = _window(prepared.days(), 3)
        return lambda t: _clusters(ids, single_pass(tfidf, t, allowed))
    if system == "minilm-agglo":
        distance = 1.0 - prepared.minilm()
        return lambda t: _clusters(ids, agglomerative(distance, t))
    if system == "hdbscan":
        cut = hdbscan(np.stack([prepared.vectors[i] for i in ids]).astype(np.float64))
        return lambda t: _clusters(ids, cut(t))
    if system == "blend":
        distance = 1.0 - blend_similarity(prepared)
        return lambda t: _clusters(ids, agglomerative(distance, t))
    raise SystemExit(f"unknown system {system!r}; one of {', '.join(SYSTEMS)}")


# -- fitting ours -------------------------------------------------------------------------------


def fit(sets: Sequence[str], rounds: int = 3) -> list[float]:
    """The logistic weights of `events.FEATURES` from streams of the tuning halves. Round 1 is
    teacher-forced: each article is compared with its candidate events (built from the gold
    events so far), labelled 1 for its gold event, then added to its gold event. Each later
    round adds the comparisons met when the previous round's model decides (a candidate is
    right when most of its members share the article's gold event), so that the model also
    learns from the half-built events it meets in use; the model is refitted on all of them."""
    from sklearn.linear_model import LogisticRegression

    rows: list[tuple[float, ...]] = []
    labels: list[int] = []
    weights: list[float] = list(Settings().event_weights)
    prepared = {name: prepare(name, "tune") for name in sets}
    for round_number in range(1, rounds + 1):
        # the later rounds decide at probability 0.5, whatever event_join says
        settings = Settings().replace(event_weights=tuple(weights), event_join=0.5)
        for name in sets:
            found = prepared[name]
            gold = found.dataset.gold
            clusterer = events.Clusterer(settings, embed=_no_embed)
            opened: dict[str, int] = {}
            for extraction in found.extractions:
                article = extraction.article.id
                vector = found.vectors[article]
                compared = clusterer.compare(extraction, vector)
                if round_number == 1:
                    for one in compared:
                        rows.append(one.features)
                        labels.append(int(one.event == opened.get(gold[article])))
                    into = opened.get(gold[article], len(clusterer.events))
                    opened[gold[article]] = clusterer.add(extraction, vector, into=into)
                    continue
                for one in compared:
                    members = Counter(gold[m] for m in clusterer.events[one.event].members)
                    rows.append(one.features)
                    labels.append(int(members.most_common(1)[0][0] == gold[article]))
                clusterer.add(extraction, vector)
        model = LogisticRegression(C=1.0, max_iter=5000)
        model.fit(np.asarray(rows), np.asarray(labels))
        weights = [float(model.intercept_[0]), *(float(w) for w in model.coef_[0])]
        print(f"  round {round_number}: {len(rows)} comparisons, {sum(labels)} right", flush=True)
    for feature, weight in zip(("bias", *events.FEATURES), weights, strict=True):
        print(f"  {feature:>16} {weight:+.3f}")
    print("event_weights = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")
    return weights


# -- the run --------------------------------------------------------------------------------------


def evaluate(
    sets: Sequence[str], systems: Sequence[str], grid: bool = False, compute: bool = True
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for system in systems:
        started = time.perf_counter()
        tune = {name: runner(system, prepare(name, "tune", compute=compute)) for name in sets}
        gold_tune = {name: data.load(name).part("tune").gold for name in sets}
        if system == "ours" and not grid:
            chosen: float | None = None
        else:
            curve = []
            for threshold in GRIDS[system]:
                mean = statistics.fmean(score(tune[n](threshold), gold_tune[n]).b3_f1 for n in sets)
                curve.append((mean, threshold))
                if grid:
                    print(f"  {system} {threshold:.2f}: mean tuning B3 F1 {mean:.4f}", flush=True)
            chosen = max(curve)[1]
        row: dict[str, Any] = {"threshold": chosen}
        for which in ("tune", "held"):
            for name in sets:
                prepared = prepare(name, which, compute=compute)
                run = tune[name] if which == "tune" else runner(system, prepared)
                threshold = chosen if chosen is not None else Settings().event_join
                row[f"{name}/{which}"] = score(run(threshold), prepared.dataset.gold).__dict__
        row["seconds"] = round(time.perf_counter() - started, 1)
        results[system] = row
        print(f"{system}: threshold {row['threshold']}, {row['seconds']} s", flush=True)
    return results


def table(results: dict[str, Any], sets: Sequence[str]) -> str:
    lines = ["B-cubed F1 (tuning half / held-out half); one setting per system for all sets", ""]
    header = f"{'system':<14}{'threshold':>10}" + "".join(f"{n:>16}" for n in sets)
    lines += [header, "-" * len(header)]
    for system, row in results.items():
        threshold = row["threshold"]
        shown = "config" if threshold is None else f"{threshold:.2f}"
        cells = "".join(
            f"{row[f'{n}/tune']['b3_f1']:>9.3f} /{row[f'{n}/held']['b3_f1']:.3f}" for n in sets
        )
        lines.append(f"{system:<14}{shown:>10}{cells}")
    lines += ["", "held-out half: B3 P / R / F1, pairwise F1, predicted / gold events", ""]
    for name in sets:
        for system, row in results.items():
            s = row[f"{name}/held"]
            lines.append(
                f"{name:<9}{system:<14} B3 {s['b3_precision']:.3f} / {s['b3_recall']:.3f} / "
                f"{s['b3_f1']:.3f}   pairwise F1 {s['pair_f1']:.3f}   "
                f"{s['predicted']} / {s['gold']} events"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--fit", action="store_true", help="refit ours' weights and stop")
    parser.add_argument("--rounds", type=int, default=3, help="--fit's rounds (1: teacher-forced)")
    parser.add_argument("--grid", action="store_true", help="show every threshold's mean")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    if args.fit:
        fit(sets, args.rounds)
        return 0
    results = evaluate(sets, [s for s in args.systems.split(",") if s], grid=args.grid)
    print()
    print(table(results, sets))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
