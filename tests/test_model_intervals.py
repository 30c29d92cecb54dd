"""Interval arithmetic behind every numeric verdict (CONTRACT.md, "Verdicts, exactly")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rashomon.model import Interval


def exact(value: float) -> Interval:
    return Interval(value, True, value, True)


def test_intervals_equal_points_intersect() -> None:
    assert exact(17).intersects(exact(17))


def test_intervals_different_points_do_not_intersect() -> None:
    assert not exact(17).intersects(exact(18))


def test_intervals_more_than_125_excludes_124_and_125() -> None:
    more_than_125 = Interval(125, False, None, False)
    assert not more_than_125.intersects(exact(124))
    assert not more_than_125.intersects(exact(125))
    assert more_than_125.intersects(exact(126))


def test_intervals_at_least_is_closed() -> None:
    assert Interval(5, True, None, False).intersects(exact(5))


def test_intervals_touching_open_and_closed_bounds_do_not_intersect() -> None:
    assert not Interval(None, False, 11, False).intersects(Interval(11, True, 12, True))
    assert Interval(None, False, 11, True).intersects(Interval(11, True, 12, True))


def test_intervals_unbounded_on_both_sides_meet_everything() -> None:
    assert Interval(None, False, None, False).intersects(exact(-3))


bounds = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(bounds, bounds, bounds, bounds, st.booleans(), st.booleans(), bounds, bounds)
def test_intervals_widening_never_creates_a_conflict(
    a: float, b: float, c: float, d: float, lc: bool, hc: bool, widen_low: float, widen_high: float
) -> None:
    first = Interval(min(a, b), lc, max(a, b), hc)
    second = Interval(min(c, d), True, max(c, d), True)
    wider = Interval(
        min(first.low or 0, first.low - abs(widen_low)) if first.low is not None else None,
        True,
        max(first.high or 0, first.high + abs(widen_high)) if first.high is not None else None,
        True,
    )
    if first.intersects(second):
        assert wider.intersects(second)


@given(bounds, bounds, bounds, bounds)
def test_intervals_intersection_is_symmetric(a: float, b: float, c: float, d: float) -> None:
    first = Interval(min(a, b), True, max(a, b), False)
    second = Interval(min(c, d), False, max(c, d), True)
    assert first.intersects(second) == second.intersects(first)
