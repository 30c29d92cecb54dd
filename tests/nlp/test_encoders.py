"""The sentence encoders: batching, caching, loading."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from rashomon.config import (
    ENCODER_THRESHOLDS,
    MINILM_THRESHOLDS,
    Settings,
    from_env,
    thresholds_for,
)
from rashomon.errors import ModelError
from rashomon.nlp.encoders import (
    ENCODERS,
    STATIC_FOLDER,
    CachedEncoder,
    MiniLMEncoder,
    OnnxMiniLMEncoder,
    StaticEncoder,
    Vectors,
    build_onnx_model,
    load_encoder,
    one_blas_thread,
    onnx_model_dir,
    onnx_model_ready,
    static_model_dir,
    static_model_ready,
    token_batches,
)


def test_token_batches_group_texts_of_similar_length_shortest_first() -> None:
    batches = token_batches([5, 40, 4, 6, 41], budget=100)
    assert batches == [[2, 0, 3], [1, 4]]


def test_token_batches_keep_every_index_once() -> None:
    lengths = [3, 250, 7, 7, 12, 1, 90, 3]
    batches = token_batches(lengths, budget=64)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 64


def test_token_batches_put_a_text_longer_than_the_budget_alone() -> None:
    assert token_batches([300, 2], budget=256) == [[1], [0]]


def test_token_batches_do_not_pad_many_short_texts_to_a_long_one() -> None:
    # ten phrases of 5 pieces and a quote of 40: one batch would pad 350 pieces
    assert token_batches([5] * 10 + [40], budget=1024) == [list(range(10)), [10]]
    # a text a piece longer pads a small batch a little: it joins
    assert token_batches([5, 5, 6], budget=1024, slack=8) == [[0, 1, 2]]


def test_an_encoder_not_in_the_table_gets_minilm_thresholds() -> None:
    assert thresholds_for("stub") == MINILM_THRESHOLDS
    assert thresholds_for("all-MiniLM-L6-v2") == MINILM_THRESHOLDS


def test_every_offered_encoder_has_thresholds_of_its_own() -> None:
    names = {"minilm": MiniLMEncoder.name, "static": StaticEncoder.name, "tfidf": "tfidf"}
    assert set(names) == set(ENCODERS)
    for name in names.values():
        assert name in ENCODER_THRESHOLDS


def test_settings_override_the_encoder_alignment_and_textual_thresholds() -> None:
    limits = Settings(align_threshold=0.7).thresholds("all-MiniLM-L6-v2")
    assert limits.align == 0.7
    assert limits.textual == MINILM_THRESHOLDS.textual
    assert Settings().thresholds("all-MiniLM-L6-v2") == MINILM_THRESHOLDS


def test_environment_sets_an_optional_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_TEXTUAL_THRESHOLD", "0.75")
    assert from_env().textual_threshold == 0.75


def test_unknown_encoder_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="E_ENCODER"):
        load_encoder("word2vec")


def test_static_model_lives_under_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RASHOMON_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert static_model_dir() == tmp_path / "xdg" / "rashomon" / "encoders" / STATIC_FOLDER
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "env"))
    assert static_model_dir() == tmp_path / "env" / "encoders" / STATIC_FOLDER
    assert (
        static_model_dir(str(tmp_path / "mine")) == tmp_path / "mine" / "encoders" / STATIC_FOLDER
    )


def test_a_folder_without_a_finished_build_is_not_a_static_model(tmp_path: Path) -> None:
    assert not static_model_ready(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"half")
    (tmp_path / "rashomon.json").write_text('{"source": "another recipe"}')
    assert not static_model_ready(tmp_path)


def test_cached_encoder_embeds_each_distinct_text_once() -> None:
    class Counting:
        name = "counting"
        seen: ClassVar[list[str]] = []

        def encode(self, texts: Sequence[str]) -> Vectors:
            self.seen.extend(texts)
            return np.eye(8, dtype=np.float32)[[len(t) for t in texts]]

    encoder = CachedEncoder(Counting())
    first = encoder.encode(["ab", "abc", "ab"])
    second = encoder.encode(["abc", "a"])
    assert Counting.seen == ["ab", "abc", "a"]
    assert np.array_equal(first[1], second[0])


def test_static_encoder_is_built_offline_and_ranks_a_paraphrase_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Builds the static model on first use (about 30 s, once per machine and cache dir)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    encoder = load_encoder("static")
    assert encoder.name == StaticEncoder.name
    assert static_model_ready(static_model_dir())
    vectors = encoder.encode(
        ["deadly street protests", "violent riots in the streets", "quarterly earnings"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_minilm_on_onnx_runtime_gives_the_torch_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports MiniLM to ONNX on first use (seconds, once per machine and cache dir)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [
        "the opposition",
        "opposition regime-change riots",
        "More than 125 people died in four months of street protests, the authorities said.",
        "",
    ]
    onnx = OnnxMiniLMEncoder(build_onnx_model(onnx_model_dir()))
    assert onnx_model_ready(onnx_model_dir())
    found, expected = onnx.encode(texts), MiniLMEncoder().encode(texts)
    assert found.shape == expected.shape == (4, 384)
    assert np.abs(found @ found.T - expected @ expected.T).max() < 1e-4
    assert onnx.name == MiniLMEncoder.name  # the same model: the same thresholds


def test_minilm_on_onnx_runtime_gives_a_text_the_same_vector_in_any_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bit for bit: the batching (`token_batches`) may change without changing a report."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [
        "the opposition",
        "opposition",
        "the Venezuelan government",
        "More than 125 people died in four months of street protests, the authorities said.",
        "Maduro's opponents",
    ]
    onnx = OnnxMiniLMEncoder(build_onnx_model(onnx_model_dir()))
    together = onnx.encode(texts)
    alone = np.stack([onnx.encode([text])[0] for text in texts])
    assert np.array_equal(together, alone)
    assert np.array_equal(onnx.encode(texts[::-1])[::-1], together)


def test_one_blas_thread_holds_until_the_last_caller_leaves() -> None:
    from threadpoolctl import threadpool_info

    def threads() -> set[int]:  # numpy's BLAS (scipy, loaded later or not, has its own)
        pools = threadpool_info()
        return {
            p["num_threads"] for p in pools if p["user_api"] == "blas" and "numpy" in p["filepath"]
        }

    before = threads()
    if not before:
        pytest.skip("numpy's BLAS is not one that threadpoolctl finds")
    with one_blas_thread():
        with one_blas_thread():
            assert threads() == {1}
        assert threads() == {1}
    assert threads() == before
