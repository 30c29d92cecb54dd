"""Language identification with lingua, over a short fixed list of languages."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Languages a news corpus most often mixes with English; more slow the detector down.
_CANDIDATES = (
    "ENGLISH",
    "SPANISH",
    "FRENCH",
    "GERMAN",
    "PORTUGUESE",
    "ITALIAN",
    "DUTCH",
    "RUSSIAN",
    "TURKISH",
    "ARABIC",
    "CHINESE",
    "JAPANESE",
    "POLISH",
    "INDONESIAN",
)
# lingua is unreliable on a handful of words: shorter texts are taken as English
MIN_WORDS = 12


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, judged on its first 3,000 characters."""
    sample = text[:3000]
    if len(sample.split()) < MIN_WORDS:
        return "en"
    language = _detector().detect_language_of(sample)
    if language is None:
        return "und"
    return str(language.iso_code_639_1.name).lower()
