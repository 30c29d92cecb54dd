"""Stances of actors toward the event (interface)."""

from __future__ import annotations

from typing import Any

from rashomon.model import Article, Quote, Stance


def extract_stances(article: Article, doc: Any, quotes: list[Quote]) -> list[Stance]:
    """Per-article stances, ids left empty ("")."""
    return []
