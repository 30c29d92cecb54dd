"""Alignment: bounded candidate blocks, and unit synonyms from the shipped WordNet table."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import numpy as np

from rashomon.compare.align import (
    MAX_BLOCK,
    NEIGHBOURS,
    TEXTUAL_CANDIDATES,
    numeric_pairs,
    textual_pairs,
    unit_synonyms,
)
from rashomon.model import Claim, Interval, Quantity, Span
from rashomon.nlp.pipeline import Vectors


class SameVector:
    """An encoder for which every text means the same: every context is similar."""

    name = "same"

    def encode(self, texts: Sequence[str]) -> Vectors:
        return np.ones((len(texts), 1), dtype=np.float32)


def counted(article: str, value: float, unit: str, text: str = "14 people were killed") -> Claim:
    span = Span(article, 0, len(text), text)
    quantity = Quantity(span, value, unit, None, None, Interval(value, True, value, True))
    return Claim(f"c-{article}", span, None, "kill", False, None, quantity, None)


def no_entity(_: Claim) -> str | None:
    return None


def test_align_small_block_pairs_every_two_articles() -> None:
    claims = [counted(f"a{n}", 14, "person") for n in range(5)]
    pairs = numeric_pairs(claims, SameVector(), no_entity, 0.5)
    assert sorted((p.left, p.right) for p in pairs) == [
        (i, j) for i in range(5) for j in range(i + 1, 5)
    ]


def test_align_large_block_bounds_the_pairs_per_claim() -> None:
    # 600 copies of one figure in 600 articles: pairwise that is 179,700 pairs
    size = 600
    assert size > MAX_BLOCK
    claims = [counted(f"a{n}", 14, "person") for n in range(size)]
    pairs = numeric_pairs(claims, SameVector(), no_entity, 0.5)
    # two overlapping magnitude bands: each claim sits in two blocks
    assert len(pairs) <= 2 * NEIGHBOURS * size
    assert {i for p in pairs for i in (p.left, p.right)} == set(range(size))


def test_align_textual_candidates_per_negated_claim_are_capped() -> None:
    denied = "The inspectors did not inspect the reactor site"
    affirmed = "The inspectors inspected the reactor site"
    claims = [
        Claim("c0", Span("a0", 0, len(denied), denied), None, "inspect", True, None, None, None)
    ]
    claims += [
        Claim(
            f"c{n}",
            Span(f"a{n}", 0, len(affirmed), affirmed),
            None,
            "inspect",
            False,
            None,
            None,
            None,
        )
        for n in range(1, 101)
    ]
    pairs = textual_pairs(claims, SameVector(), 0.5)
    assert len(pairs) == TEXTUAL_CANDIDATES
    assert all(p.left == 0 for p in pairs)


def test_unit_synonyms_are_wordnet_synonyms_only() -> None:
    assert "country" in unit_synonyms("nation")
    assert "nation" in unit_synonyms("country")
    # a direct hypernym is in the table but not read: an employee is a worker, not every worker
    assert "worker" not in unit_synonyms("employee")
    assert unit_synonyms("governorship") == frozenset()


def test_unit_synonyms_table_names_wordnet_and_carries_its_licence() -> None:
    text = resources.files("rashomon.data").joinpath("unit_synonyms.tsv").read_text("utf-8")
    assert "tools/build_unit_synonyms.py" in text
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    assert 'PROVIDED "AS IS"' in text
    assert len(text.encode()) < 200_000


def test_align_wordnet_synonym_units_count_the_same_thing() -> None:
    nations = counted("a1", 30, "nation", "30 nations have similar policies")
    countries = counted("a2", 30, "country", "30 countries grant citizenship")
    [pair] = numeric_pairs([nations, countries], SameVector(), no_entity, 0.5)
    assert pair.parts["unit"] == 0.8
