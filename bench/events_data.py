"""The data sets of `bench/eval_events.py`: streams of `Article`s with their gold events.

Each article is given only its own title, body, outlet and date; the gold event is kept apart.
Evaluation only: the texts are read from ../shared/data (beside the project root) and never
copied into the repository; the cache of extractions and embeddings lives in `.cache/events/`
under the project root (ignored by git), or in $RASHOMON_EVENTS_CACHE.

- `allsides`: the raw AllSides stories (neus_allsides/allsides_raw_*.jsonl: 471 stories with
  articles, 1,377 articles, 2021-04-22 .. 2021-10-18). A story's articles share one date there,
  so each article's date is moved by a seeded 0-3 days (`date_shift`), or dates alone would
  group them. Outlet: `newsSource`; title: `newsTitle`; body: `newBody`'s paragraphs.
- `neus`: the NeuS probe-format val split (307 stories of 3 excerpts, title and lead only, no
  outlet named, no date; the outlet is given as "unknown").
- `ecb`: ECB+ train and dev (Cybulska setup, 33 topics, 770 documents). The event is the
  sub-topic: the topic number and whether the document id ends in `ecb` or `ecbplus`. Texts are
  the validated sentences only, tokens joined back with ordinary spacing; no title, no date.
- `basil`: BASIL (100 events of Fox / NYT / HuffPost, 300 articles, dated).
- `pooled`: `allsides` and `neus` together. 102 NeuS val excerpts are articles of AllSides raw
  stories too (same title): the stories that share an article are one gold event there.

Tuning slice and held-out: the stories (ECB+: topics, both sub-topics together, since
telling them apart is the test) are split in halves by a seeded shuffle (`SPLIT_SEED`); a NeuS
story that shares an article with an AllSides story follows that story's half, so the pooled
set splits the same way. `half(name, "tune" | "held" | "all")` gives one half as its own stream.

Stream order (`stream_order`): dated articles in date order; undated ones at seeded random
places among them (a story's excerpts do not arrive together).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

from basil import load_triplets
from rashomon.model import Article, Extraction

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
ALLSIDES_RAW = "neus_allsides/allsides_raw_2021-04_to_2021-10_minus_test.jsonl"
NEUS_VAL = "neus_allsides/probe_format/val.source"
ECB_FILES = ("ecbplus_cybulska/ECB_Train_corpus.txt", "ecbplus_cybulska/ECB_Dev_corpus.txt")
CACHE_ENV = "RASHOMON_EVENTS_CACHE"

SPLIT_SEED = 12  # the number
DATE_SEED = 2021
ORDER_SEED = 7
NAMES = ("allsides", "neus", "ecb", "basil", "pooled")
HALVES = ("tune", "held", "all")


@dataclass(frozen=True)
class Dataset:
    name: str
    articles: tuple[Article, ...]  # in stream order
    gold: dict[str, str]  # article id -> gold event
    half: dict[str, str]  # article id -> "tune" | "held"

    def part(self, which: str) -> Dataset:
        """The articles of one half ("tune", "held") or all of them, in stream order."""
        if which == "all":
            return self
        kept = tuple(a for a in self.articles if self.half[a.id] == which)
        ids = {a.id for a in kept}
        return Dataset(
            f"{self.name}/{which}",
            kept,
            {k: v for k, v in self.gold.items() if k in ids},
            {k: v for k, v in self.half.items() if k in ids},
        )


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".cache" / "events")


def _seeded(seed: int, key: str) -> float:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def date_shift(article_id: str) -> int:
    """The seeded shift (0-3 days) of an AllSides article's date."""
    return int(_seeded(DATE_SEED, article_id) * 4)


def split_halves(keys: Iterable[str]) -> dict[str, str]:
    """Story key -> "tune" or "held": a seeded shuffle, the first half tunes."""
    ordered = sorted(set(keys))
    random.Random(SPLIT_SEED).shuffle(ordered)
    cut = (len(ordered) + 1) // 2
    return {key: ("tune" if n < cut else "held") for n, key in enumerate(ordered)}


def stream_order(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Dated articles by date (then a seeded draw), undated ones at seeded random places."""
    shuffled = sorted(articles, key=lambda a: _seeded(ORDER_SEED, a.id))
    dated = iter(sorted((a for a in shuffled if a.date), key=lambda a: a.date or ""))
    return tuple(next(dated) if a.date else a for a in shuffled)


# -- AllSides raw -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Story:
    key: str
    articles: tuple[Article, ...]


def _allsides_stories(root: Path) -> list[_Story]:
    stories = []
    for line in (root / ALLSIDES_RAW).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        day = date.fromisoformat(row["date"][:10])
        items = []
        for side in ("left", "center", "right"):
            entry = row["news"].get(side)
            if not entry:
                continue
            body = "\n\n".join(p.strip() for p in entry.get("newBody") or [] if p.strip())
            if not body:
                continue
            article_id = f"as{row['id']}-{side}"
            shifted = day + timedelta(days=date_shift(article_id))
            items.append(
                Article(
                    id=article_id,
                    text=body,
                    outlet=(entry.get("newsSource") or "unknown").strip(),
                    title=(entry.get("newsTitle") or "").strip() or None,
                    date=shifted.isoformat(),
                    word_count=len(body.split()),
                )
            )
        if items:
            stories.append(_Story(f"as{row['id']}", tuple(items)))
    return stories


# -- NeuS val (probe format) ------------------------------------------------------------------

_PART = re.compile(r"^\s*TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*?)\s*$", re.S)


def _neus_stories(root: Path) -> list[_Story]:
    stories = []
    lines = (root / NEUS_VAL).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        items = []
        for k, part in enumerate(line.split("[SEP]")):
            match = _PART.match(part)
            title, body = (match["title"], match["body"]) if match else ("", part.strip())
            if not body.strip():
                continue
            items.append(
                Article(
                    id=f"nv{number}-{k}",
                    text=body.strip(),
                    outlet="unknown",
                    title=title.strip().rstrip(".").strip() or None,
                    word_count=len(body.split()),
                )
            )
        if items:
            stories.append(_Story(f"nv{number}", tuple(items)))
    return stories


# -- ECB+ ---------------------------------------------------------------------------------------

_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "'s", "n't", "%", "'", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def _detokenize(tokens: Sequence[str]) -> str:
    out = ""
    previous = ""
    for token in tokens:
        text = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")"}.get(token, token)
        if out and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            out += " "
        out += text
        previous = token
    return out


def _ecb_stories(root: Path) -> list[_Story]:
    docs: dict[str, dict[int, list[str]]] = {}
    for name in ECB_FILES:
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 4:
                continue
            docs.setdefault(parts[0], {}).setdefault(int(parts[1]), []).append(parts[3])
    by_event: dict[str, list[Article]] = {}
    for doc_id in sorted(docs):
        sentences = [_detokenize(docs[doc_id][s]) for s in sorted(docs[doc_id])]
        text = "\n".join(sentences)
        by_event.setdefault(ecb_event(doc_id), []).append(
            Article(id=f"ecb{doc_id}", text=text, outlet="unknown", word_count=len(text.split()))
        )
    return [_Story(key, tuple(items)) for key, items in sorted(by_event.items())]


def ecb_event(doc_id: str) -> str:
    """ "36_10ecbplus" -> "36ecbplus": the topic and the sub-topic."""
    topic, _, rest = doc_id.partition("_")
    return topic + ("ecbplus" if rest.endswith("ecbplus") else "ecb")


def _ecb_topic(event: str) -> str:
    return event.removesuffix("ecbplus").removesuffix("ecb")


# -- BASIL --------------------------------------------------------------------------------------


def _basil_stories(root: Path) -> list[_Story]:
    stories = []
    for triplet in load_triplets(root / "basil"):
        items = tuple(
            dataclasses.replace(item.article, id=f"basil-{triplet.uuid[:8]}-{item.number}")
            for item in triplet.articles
        )
        stories.append(_Story(f"basil-{triplet.uuid}", items))
    return stories


# -- the sets ---------------------------------------------------------------------------------


def _norm_title(title: str | None) -> str:
    return re.sub(r"\W+", " ", (title or "").lower()).strip()


def _joined(a: list[_Story], b: list[_Story]) -> dict[str, str]:
    """Story key -> the key of its gold event: stories that share an article title are one."""
    parent = {s.key: s.key for s in [*a, *b]}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    owner: dict[str, str] = {}
    for story in [*a, *b]:
        for article in story.articles:
            title = _norm_title(article.title)
            if not title:
                continue
            if title in owner:
                first, second = sorted((find(owner[title]), find(story.key)))
                parent[second] = first
            else:
                owner[title] = story.key
    return {key: find(key) for key in parent}


def load(name: str, root: Path = SHARED_DATA) -> Dataset:
    """One data set, pooled whole, in stream order, with its gold events and halves."""
    if name == "ecb":
        stories = _ecb_stories(root)
        halves = split_halves(_ecb_topic(s.key) for s in stories)
        return _dataset(
            name,
            stories,
            {s.key: s.key for s in stories},
            {s.key: halves[_ecb_topic(s.key)] for s in stories},
        )
    if name == "basil":
        stories = _basil_stories(root)
        halves = split_halves(s.key for s in stories)
        return _dataset(name, stories, {s.key: s.key for s in stories}, halves)
    allsides = _allsides_stories(root)
    neus = _neus_stories(root)
    events = _joined(allsides, neus)
    halves = split_halves(events.values())
    story_half = {key: halves[event] for key, event in events.items()}
    if name == "allsides":
        return _dataset(name, allsides, events, story_half)
    if name == "neus":
        return _dataset(name, neus, events, story_half)
    if name == "pooled":
        return _dataset(name, [*allsides, *neus], events, story_half)
    raise SystemExit(f"unknown data set {name!r}; one of {', '.join(NAMES)}")


def _dataset(
    name: str, stories: list[_Story], events: dict[str, str], halves: dict[str, str]
) -> Dataset:
    gold = {a.id: events[s.key] for s in stories for a in s.articles}
    half = {a.id: halves[s.key] for s in stories for a in s.articles}
    articles = [a for s in stories for a in s.articles]
    return Dataset(name, stream_order(articles), gold, half)


# -- the cache: each article parsed and extracted once, each text embedded once ---------------


_loaded: dict[Path, tuple[int, dict[str, Extraction]]] = {}


def _stored(path: Path) -> dict[str, Extraction]:
    """The extractions of the JSONL cache by article id, read once per process; a pickle of
    them beside it (remade when the JSONL's size changes) saves the JSON decoding."""
    import pickle

    from rashomon import serialize

    size = path.stat().st_size if path.exists() else 0
    if path in _loaded and _loaded[path][0] == size:
        return _loaded[path][1]
    fast = path.with_suffix(".pickle")
    stored: dict[str, Extraction] = {}
    if fast.exists():
        with fast.open("rb") as handle:
            pickled_size, pickled = pickle.load(handle)
        if pickled_size == size:
            stored = pickled
    if not stored and size:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    extraction = serialize.loads(line)
                except (serialize.StaleExtraction, ValueError):
                    continue
                stored[extraction.article.id] = extraction
        with fast.open("wb") as handle:
            pickle.dump((size, stored), handle, protocol=pickle.HIGHEST_PROTOCOL)
    _loaded[path] = (size, stored)
    return stored


def extractions(
    articles: Sequence[Article], *, compute: bool = True, progress: bool = False
) -> dict[str, Extraction]:
    """The extraction of each article, from `cache_dir()/extractions.jsonl` when it holds one
    of the same article (same text, title, outlet, date) and version; else computed and added
    (with `compute=False`, missing ones are left out)."""
    from rashomon import serialize
    from rashomon.analyze import extract_all
    from rashomon.config import Settings

    path = cache_dir() / "extractions.jsonl"
    stored = _stored(path)
    found = {a.id: stored[a.id] for a in articles if a.id in stored and stored[a.id].article == a}
    missing = [a for a in articles if a.id not in found]
    if missing and compute:
        path.parent.mkdir(parents=True, exist_ok=True)
        settings = Settings()
        with path.open("a", encoding="utf-8") as handle:
            for start in range(0, len(missing), 50):
                batch = missing[start : start + 50]
                for extraction in extract_all(batch, settings):
                    handle.write(serialize.dumps(extraction) + "\n")
                    found[extraction.article.id] = extraction
                handle.flush()
                _loaded.pop(path, None)
                if progress:
                    print(f"  extracted {start + len(batch)}/{len(missing)}", flush=True)
    return found


_vectors: dict[Path, tuple[int, dict[str, npt.NDArray[np.float32]]]] = {}


def embeddings(texts: Sequence[str], *, compute: bool = True) -> dict[str, npt.NDArray[np.float32]]:
    """MiniLM vectors of `texts` by text, from `cache_dir()/minilm.npz` (keyed by the text's
    SHA-1) when there; else encoded and added (with `compute=False`, missing ones are left out)."""
    path = cache_dir() / "minilm.npz"
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    if path in _vectors and _vectors[path][0] == stamp:
        stored = _vectors[path][1]
    else:
        stored = {}
        if path.exists():
            with np.load(path) as data:
                stored = {key: data[key] for key in data.files}
        _vectors[path] = (stamp, stored)
    key_of = {text: hashlib.sha1(text.encode()).hexdigest() for text in texts}
    missing = sorted({t for t in texts if key_of[t] not in stored})
    if missing and compute:
        from rashomon.nlp.pipeline import load_encoder

        encoder = load_encoder("minilm")
        for start in range(0, len(missing), 256):
            batch = missing[start : start + 256]
            for text, vector in zip(batch, encoder.encode(batch), strict=True):
                stored[key_of[text]] = vector
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **stored)
        _vectors[path] = (path.stat().st_mtime_ns, stored)
    return {text: stored[key] for text, key in key_of.items() if key in stored}
