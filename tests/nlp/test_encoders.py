"""The sentence encoders: batching, caching, loading."""

from __future__ import annotations

from rashomon.nlp.pipeline import token_batches


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
