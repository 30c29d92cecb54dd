"""Load the BASIL corpus (Fan et al., EMNLP 2019) as events of `rashomon.model.Article`.

BASIL holds 100 events, each reported by Fox News, The New York Times and HuffPost:
`articles/<year>/<triplet-uuid>_<1|2|3>.json`, with the body as a list of paragraphs, each a
list of sentences. The corpus lives outside the repository (../shared/data/basil from the
project root) and is for evaluation only: nothing here copies it anywhere.

`load_events()` gives what the pipeline needs (one list of articles per event, ids "a1".."a3").
`load_triplets()` keeps more: the triplet id, the source file and where each of the source's
sentences sits in `Article.text`, so that span annotations (`annotations/..._ann.json`, whose
`p<N>` names the N-th sentence of the flattened body and whose offsets count within that
sentence) can be mapped onto the article text.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.config import Settings
from rashomon.model import Article

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = PROJECT_ROOT.parent / "shared" / "data" / "basil"
# overrides the default location when set (an explicit `root` argument wins over both)
ROOT_ENV = "RASHOMON_BASIL_DIR"

OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}

PARAGRAPH_SEPARATOR = "\n\n"
SENTENCE_SEPARATOR = " "


@dataclass(frozen=True)
class Sentence:
    """Where one sentence of the source body sits in `Article.text`.

    `text[start:end]` is the sentence with its surrounding whitespace removed (empty for the
    few blank sentences of the corpus, which are left out of the text). `lead` is how many
    whitespace characters were removed from its start.
    """

    start: int
    end: int
    lead: int

    def locate(self, start: int, end: int) -> tuple[int, int]:
        """Offsets within the source sentence → offsets into `Article.text` (clamped)."""

        def one(offset: int) -> int:
            return min(max(self.start + offset - self.lead, self.start), self.end)

        return one(start), one(end)


@dataclass(frozen=True)
class BasilArticle:
    article: Article
    triplet: str
    number: int  # the <1|2|3> of the file name
    source: str  # the raw `source` field, lower-cased: "fox", "nyt" or "hpo"
    path: Path
    # one entry per sentence of the flattened `body-paragraphs` (the annotations' p<N>)
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Triplet:
    uuid: str
    articles: tuple[BasilArticle, ...]

    @property
    def event(self) -> list[Article]:
        return [item.article for item in self.articles]


def basil_root(root: Path | str | None = None) -> Path:
    """The corpus folder: `root`, else $RASHOMON_BASIL_DIR, else ../shared/data/basil."""
    if root is not None:
        return Path(root)
    from_env = os.environ.get(ROOT_ENV)
    return Path(from_env) if from_env else DEFAULT_ROOT


def load_events(root: Path | str | None = None, limit: int | None = None) -> list[list[Article]]:
    """The BASIL events sorted by triplet id, each a list of articles "a1".."a3".

    `limit` keeps the first `limit` events. Raises FileNotFoundError when the corpus is missing.
    """
    return [triplet.event for triplet in load_triplets(root, limit)]


def load_triplets(root: Path | str | None = None, limit: int | None = None) -> list[Triplet]:
    """Like `load_events`, with the source files and sentence positions kept."""
    folder = basil_root(root) / "articles"
    if not folder.is_dir():
        raise FileNotFoundError(f"no BASIL articles folder at {folder}")
    groups: dict[str, list[tuple[int, Path]]] = {}
    for path in folder.glob("*/*.json"):
        uuid, _, number = path.stem.rpartition("_")
        if not uuid or not number.isdigit():
            continue
        groups.setdefault(uuid, []).append((int(number), path))
    uuids = sorted(groups)
    if limit is not None:
        uuids = uuids[: max(0, limit)]
    triplets = []
    for uuid in uuids:
        files = sorted(groups[uuid])
        items = tuple(
            _read(path, number, f"a{index}") for index, (number, path) in enumerate(files, start=1)
        )
        for item in items:
            if item.triplet != uuid:
                raise ValueError(f"{item.path}: triplet-uuid {item.triplet!r} != file name {uuid}")
        triplets.append(Triplet(uuid=uuid, articles=items))
    return triplets


def analyse_events(triplets: list[Triplet], settings: Settings) -> None:
    """Analyse each BASIL event (its three articles in id order) as `analyze_articles` does,
    for the stage calls the calibration scripts record; a count on stderr as it goes."""
    import sys

    from rashomon.analyze import build_report, extract_all

    for number, triplet in enumerate(triplets, start=1):
        articles = sorted(triplet.event, key=lambda a: (int(a.id[1:]), a.id))
        build_report(extract_all(articles, settings), settings)
        print(f"\r    analysed {number}/{len(triplets)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def outlet_name(source: str) -> str:
    """ "fox" / "NYT" / "hpo" → the outlet's readable name (unknown codes are kept as given)."""
    return OUTLETS.get(source.strip().lower(), source.strip())


def _read(path: Path, number: int, article_id: str) -> BasilArticle:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    text, sentences = _body(raw.get("body-paragraphs") or [])
    source = str(raw.get("source") or "")
    article = Article(
        id=article_id,
        text=text,
        outlet=outlet_name(source),
        title=_text_or_none(raw.get("title")),
        date=_iso_date(raw.get("date")),
        url=_text_or_none(raw.get("url")),
        path=str(path),
        word_count=len(text.split()),
    )
    return BasilArticle(
        article=article,
        triplet=str(raw.get("triplet-uuid") or ""),
        number=number,
        source=source.strip().lower(),
        path=path,
        sentences=sentences,
    )


def _body(paragraphs: list[list[str]]) -> tuple[str, tuple[Sentence, ...]]:
    """Paragraphs joined by a blank line, each paragraph's sentences by one space."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for paragraph in paragraphs:
        kept = 0
        for raw in paragraph:
            stripped = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            if not stripped:
                sentences.append(Sentence(start=offset, end=offset, lead=lead))
                continue
            separator = SENTENCE_SEPARATOR if kept else (PARAGRAPH_SEPARATOR if parts else "")
            offset += len(separator)
            sentences.append(Sentence(start=offset, end=offset + len(stripped), lead=lead))
            parts.append(separator + stripped)
            offset += len(stripped)
            kept += 1
    return "".join(parts), tuple(sentences)


def _text_or_none(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _iso_date(value: Any) -> str | None:
    """The date as YYYY-MM-DD, or None when it is missing or not a valid date."""
    from datetime import date

    text = _text_or_none(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None
