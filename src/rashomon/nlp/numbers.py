"""Written figures → numbers, with the precision the writer implied.

`parse_number("43,000")` is 43000, *round* (it ends in zeros), and implies the interval
[42,500, 43,500); `parse_number("43,350")` is exact. The rules, in one place:

- Digits: "17", "1,250", "43,350". Exact, except that a figure of 1,000 or more
  whose integer part ends in at least two zeros is round: its implied interval is half a unit
  of its last significant digit either side, rounded half-up so the upper bound is open
  ("43,000" → [42,500, 43,500); "1,200" → [1,150, 1,250); "1,250" and "43,350" are exact):
  adjacent roundings ("€70m" / "€80m") touch but do not overlap. Figures below 1,000
  ("100", "300") are exact: in news they are mostly counts.
- A decimal is rounded at its last digit: "4.75" → [4.745, 4.755), "3.8" → [3.75, 3.85).
- A multiplier makes a figure round at the precision of its last written digit:
  "1.5 million" → [1.45M, 1.55M), "11m" → [10.5M, 11.5M), "$2bn", "two million", "a thousand".
  ("m" straight after digits is read as million, the news convention, never metres.)
- Words: "eighteen", "twenty-three", "one hundred and five", "a dozen" (12) are exact.
- Fractions: "half", "a third", "two-thirds", "three quarters", "one fifth" → their value
  with unit "fraction", exact.
- Percentages: "61 per cent", "61%", "100 percent", "61pc" → 61 with unit "percent".
- Money: a leading "$" / "US$" / "£" / "€" / "¥" sets the unit ("dollar", "pound", "euro", "yen").
- Vague plurals are ranges up to the next named scale: "dozens" → [24, 100),
  "hundreds" → [200, 1,000), "thousands" → [2,000, 10,000), "tens of thousands" →
  [20,000, 100,000), "hundreds of thousands" → [200,000, 1M), "millions" → [2M, 10M) ...
  (a writer with 150 in mind says "more than a hundred", not "dozens").

Ordinals ("first", "2nd", "fifth" alone), years and anything with other characters are not
numbers here; telling a year or a date from a count is the caller's job (it sees the context).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rashomon.model import Interval

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
# denominators of fractions: "a third", "two-thirds", "three quarters", "one fifth"
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
# vague plurals: lower bound (two of them) and upper bound (the next named scale), high open
VAGUE = {
    "dozens": (24.0, 100.0),
    "scores": (40.0, 100.0),
    "hundreds": (200.0, 1e3),
    "thousands": (2e3, 1e4),
    "tens of thousands": (2e4, 1e5),
    "hundreds of thousands": (2e5, 1e6),
    "millions": (2e6, 1e7),
    "tens of millions": (2e7, 1e8),
    "hundreds of millions": (2e8, 1e9),
    "billions": (2e9, 1e10),
}
CURRENCIES = {"us$": "dollar", "$": "dollar", "£": "pound", "€": "euro", "¥": "yen"}
PERCENT_SUFFIXES = ("per cent", "percent", "pct", "pc", "%")

# every word that can be part of a written number (for callers that scan tokens)
NUMBER_WORDS = frozenset(
    [*UNITS, *TENS, "hundred", "dozen", *SCALES, *FRACTIONS, *VAGUE, "and", "a", "an"]
)

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s?([a-z]+)$")


@dataclass(frozen=True)
class Number:
    """A parsed figure: its value, whether it is round, and the interval it implies."""

    value: float
    round: bool  # ends in zeros / carries a multiplier: the writer rounded
    low: float  # the implied interval when the figure stands alone
    high: float
    high_closed: bool = True
    unit: str | None = None  # "percent", "fraction", "dollar", ... when the figure says it
    vague: bool = False  # "dozens", "hundreds": a range, not a figure
    words: bool = False  # written in words ("eighteen")

    def implied(self, round_figure_precision: bool = True) -> Interval:
        """The interval the figure stands for without any qualifier."""
        if self.vague or (self.round and round_figure_precision):
            return Interval(self.low, True, self.high, self.high_closed)
        return Interval(self.value, True, self.value, True)


def parse_number(text: str) -> Number | None:
    """The number written in `text` ("17", "1.5 million", "twenty-three", "$43,000",
    "61 per cent", "two-thirds", "dozens"), or None when `text` is not (only) a number."""
    raw = " ".join(text.replace("\u2011", "-").replace("\u00a0", " ").split()).lower()
    if not raw:
        return None
    unit: str | None = None
    for symbol in sorted(CURRENCIES, key=len, reverse=True):
        if raw.startswith(symbol):
            unit = CURRENCIES[symbol]
            raw = raw[len(symbol) :].strip()
            break
    for suffix in PERCENT_SUFFIXES:
        if raw.endswith(suffix) and unit is None:
            head = raw[: -len(suffix)].strip()
            if head and (suffix not in ("pc", "pct") or head[-1].isdigit()):
                unit, raw = "percent", head
                break
    number = _parse_plain(raw)
    if number is None:
        return None
    if unit is not None:
        if number.unit == "fraction" or (number.vague and unit == "percent"):
            return None
        number = Number(
            number.value, number.round, number.low, number.high, number.high_closed,
            unit, number.vague, number.words,
        )  # fmt: skip
    return number


def _parse_plain(raw: str) -> Number | None:
    if raw in VAGUE:
        low, high = VAGUE[raw]
        return Number(low, False, low, high, False, vague=True, words=True)
    if _DIGITS.match(raw):
        return _digits(raw, 1.0)
    match = _DIGITS_SUFFIX.match(raw)
    if match and match.group(2) in SUFFIX_SCALES:
        if " " in raw and match.group(2) in ("m", "b"):
            return None  # "11 m" is more likely metres; "11m" is millions
        return _digits(match.group(1), SUFFIX_SCALES[match.group(2)])
    parts = raw.split(" ")
    if len(parts) == 2 and _DIGITS.match(parts[0]):
        if parts[1] in SCALES:  # "1.5 million"
            return _digits(parts[0], SCALES[parts[1]])
        if parts[1] == "hundred":
            return _digits(parts[0], 100.0)
        if parts[1] == "dozen":
            return _exact(float(parts[0].replace(",", "")) * 12)
        return None
    return _words(raw)


def _digits(figure: str, scale: float) -> Number:
    plain = figure.replace(",", "")
    value = float(plain) * scale
    if "." in plain:
        decimals = len(plain.split(".")[1])
        step = scale * 10.0**-decimals
    else:
        zeros = len(plain) - len(plain.rstrip("0")) if plain.strip("0") else 0
        step = scale * 10.0**zeros
    if scale > 1 and step >= 1:
        # a multiplier: round at the last written digit ("1.5 million" → ±50,000)
        return Number(value, True, value - step / 2, value + step / 2, False)
    if scale == 1 and value >= 1000 and "." not in plain and zeros >= 2:
        return Number(value, True, value - step / 2, value + step / 2, False)
    if scale == 1 and "." in plain:
        # a decimal is rounded at its last digit ("4.75" → [4.745, 4.755))
        return Number(value, True, tidy(value - step / 2), tidy(value + step / 2), False)
    return _exact(value)


def tidy(value: float) -> float:
    """Round away float noise (4.75 - 0.005 = 4.744999999999999; 2e8 * 1.1 = 220000000.00000003)."""
    return float(f"{value:.12g}")


def _exact(value: float, unit: str | None = None, words: bool = False) -> Number:
    return Number(value, False, value, value, True, unit, words=words)


def _words(raw: str) -> Number | None:
    """Numbers written in words: "twenty-three", "one hundred and five", "a dozen",
    "two-thirds", "half a million", "three quarters"."""
    tokens = [t for t in re.split(r"[\s\-]+", raw) if t]
    if not tokens:
        return None
    # fractions: [numerator] denominator, or "half" ["a" scale]
    if tokens[-1] in FRACTIONS or (tokens[0] == "half" and len(tokens) <= 3):
        return _fraction(tokens)
    total = 0.0
    current = 0.0
    seen_number = False
    scaled = False
    previous = ""
    for index, token in enumerate(tokens):
        if token in ("a", "an"):
            # "a dozen", "a hundred", "a million"; never "a two"
            if index != 0 or len(tokens) == 1 or tokens[1] not in ("hundred", "dozen", *SCALES):
                return None
            current = 1.0
        elif token == "and":
            if previous not in ("hundred", *SCALES) or index == len(tokens) - 1:
                return None
        elif token in UNITS:
            if (
                previous in UNITS
                or (previous in TENS and UNITS[token] >= 10)
                or previous == "dozen"
            ):
                return None
            current += UNITS[token]
            seen_number = True
        elif token in TENS:
            if previous in UNITS or previous in TENS:
                return None
            current += TENS[token]
            seen_number = True
        elif token == "hundred":
            current = (current or 1.0) * 100
            seen_number = True
        elif token == "dozen":
            if previous not in ("", "a", "an", *UNITS, *TENS):
                return None
            current = (current or 1.0) * 12
            seen_number = True
        elif token in SCALES:
            total += (current or 1.0) * SCALES[token]
            current = 0.0
            seen_number = True
            scaled = True
        else:
            return None
        previous = token
    if not seen_number:
        return None
    value = total + current
    if scaled and current == 0:
        # "two million", "a thousand": round at the multiplier
        scale = max(s for w, s in SCALES.items() if w in tokens)
        return Number(value, True, value - scale / 2, value + scale / 2, False, words=True)
    return _exact(value, words=True)


def _fraction(tokens: list[str]) -> Number | None:
    if tokens[0] == "half":
        if len(tokens) == 1:
            return _exact(0.5, "fraction", words=True)
        # "half a million"
        if len(tokens) == 3 and tokens[1] in ("a", "an") and tokens[2] in SCALES:
            value = 0.5 * SCALES[tokens[2]]
            step = SCALES[tokens[2]] / 10
            return Number(value, True, value - step / 2, value + step / 2, False, words=True)
        return None
    denominator = FRACTIONS[tokens[-1]]
    head = tokens[:-1]
    plural = tokens[-1].endswith("s") and tokens[-1] != "halves"
    if not head:
        return None  # "third" alone is an ordinal
    if head in (["a"], ["an"], ["one"]):
        if plural:
            return None
        numerator = 1.0
    else:
        parsed = _words(" ".join(head))
        if parsed is None or parsed.unit is not None or not plural or parsed.value < 2:
            return None
        numerator = parsed.value
    value = numerator / denominator
    if value > 1 or math.isclose(value, 0):
        return None
    return _exact(value, "fraction", words=True)


_VAGUE_FIGURE = re.compile(
    r"\b(dozens|scores|hundreds|thousands|millions|billions|trillions)\b", re.IGNORECASE
)


def is_vague(text: str) -> bool:
    """ "billions of dollars", "hundreds of people": an order of magnitude, not a figure."""
    return bool(_VAGUE_FIGURE.search(text))
