"""Placeholder until the quotes helper lands the real grouping."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from rashomon.model import Quote, Span, Stance


def group_statements(quotes: list[Quote], entity_of: Callable[[Span], str | None]) -> list[Quote]:
    return [dataclasses.replace(q, statement=f"t{n}") for n, q in enumerate(quotes, start=1)]


def merge_stances(stances: list[Stance], actor_key: Callable[[Stance], str]) -> list[Stance]:
    return [dataclasses.replace(s, id=f"s{n}") for n, s in enumerate(stances, start=1)]
