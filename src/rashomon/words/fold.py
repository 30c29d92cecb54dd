"""The key a name or a word is looked up by in the word lists."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s&-]")


# remembered: the cross-article stages fold the same names again and again (30 BASIL events:
# 50,509 calls, 7,747 distinct texts)
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase, accents removed, punctuation dropped (U.S. → us), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("’", "'").lower()
    plain = re.sub(r"'s\b", "", plain)
    plain = _PUNCT.sub("", plain)
    plain = _SPACE.sub(" ", plain).strip()
    return plain.removeprefix("the ")
