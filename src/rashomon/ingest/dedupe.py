"""Exact and near-duplicate articles (syndicated wire copy): keep the first, report the rest."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
SHINGLE = 5


def collapse(texts: list[str], threshold: float) -> tuple[list[int], list[tuple[int, int, float]]]:
    """Indexes of the texts to keep, and (kept, dropped, similarity) for each duplicate.

    Exact copies (same normalised words) are found by hash; near copies by MinHash LSH over
    word 5-gram shingles, confirmed by the exact Jaccard similarity of the shingle sets.
    """
    kept: list[int] = []
    pairs: list[tuple[int, int, float]] = []
    seen_exact: dict[str, int] = {}
    shingles: dict[int, set[str]] = {}
    lsh, minhashes = _lsh(threshold)
    for index, text in enumerate(texts):
        words = [w.lower() for w in _WORD.findall(text)]
        digest = hashlib.sha1(" ".join(words).encode()).hexdigest()
        if digest in seen_exact:
            pairs.append((seen_exact[digest], index, 1.0))
            continue
        grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
        best: tuple[float, int] | None = None
        if lsh is not None:
            minhash = minhashes(grams)
            for candidate in lsh.query(minhash):
                other = shingles[int(candidate)]
                similarity = len(grams & other) / max(1, len(grams | other))
                if similarity >= threshold and (best is None or similarity > best[0]):
                    best = (similarity, int(candidate))
        if best is not None:
            pairs.append((best[1], index, best[0]))
            continue
        seen_exact[digest] = index
        shingles[index] = grams
        kept.append(index)
        if lsh is not None:
            lsh.insert(str(index), minhashes(grams))
    return kept, pairs


def _lsh(threshold: float):  # type: ignore[no-untyped-def]
    from datasketch import MinHash, MinHashLSH

    def minhash(grams: set[str]) -> MinHash:
        value = MinHash(num_perm=64, seed=7)
        for gram in grams:
            value.update(gram.encode("utf-8"))
        return value

    # LSH finds candidates somewhat below the threshold; the exact Jaccard decides
    return MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=64), minhash
