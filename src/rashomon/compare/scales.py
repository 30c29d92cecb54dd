"""Figures written in two units of one kind, on one scale: durations in seconds.

"within 15 minutes" and "more than two hours" are two accounts of one delay; comparing them
needs both in one unit. Only time converts: currencies are never converted (their rates move,
and an outlet's own conversion is a figure of its own), and other units are their own scale.
"""

from __future__ import annotations

from rashomon.model import Interval, Quantity

SECONDS = {
    "second": 1.0,
    "minute": 60.0,
    "hour": 3_600.0,
    "day": 86_400.0,
    "week": 604_800.0,
    "month": 2_629_746.0,  # a Gregorian year's twelfth
    "year": 31_556_952.0,
    "decade": 315_569_520.0,
    "century": 3_155_695_200.0,
}
DURATION = "duration"


def scale_of(unit: str | None) -> str | None:
    """The scale a unit's figures are read on: "duration" for a unit of time, else the unit."""
    return DURATION if unit in SECONDS else unit


def in_scale(value: float, unit: str | None) -> float:
    """`value` of a figure in `unit`, on its unit's scale."""
    return value * SECONDS.get(unit or "", 1.0)


def scaled_value(quantity: Quantity) -> float:
    return in_scale(quantity.value, quantity.unit)


def overlap(a: Interval, a_unit: str | None, b: Interval, b_unit: str | None) -> bool:
    """Whether two figures' intervals, each in its unit, intersect on one scale."""
    return scaled_interval(a, a_unit).intersects(scaled_interval(b, b_unit))


def scaled_interval(interval: Interval, unit: str | None) -> Interval:
    """`interval` of a figure in `unit`, on its unit's scale."""
    factor = SECONDS.get(unit or "")
    if factor is None:
        return interval
    return Interval(
        interval.low * factor if interval.low is not None else None,
        interval.low_closed,
        interval.high * factor if interval.high is not None else None,
        interval.high_closed,
    )
