"""Quotation marks: the quoted stretches of a text (step 1 of extract/quotes.py).

Double marks (“ ” " „ « », doubled apostrophes `''` and runs such as `“"`) are classified by
what flanks them (an opening mark is followed by text and preceded by a space, a bracket or a
dash; a closing mark is preceded by text and followed by a space or punctuation), the glyph
breaking ties, so straight, curly and mismatched marks (`“…"`, `”…”`) all pair. Marks are
paired with a stack inside one paragraph (a line of the text); an inner pair (nested double
marks) stays inside its outer quote, and single marks inside a quote (‘…’) are part of its
text. A quote left open at the end of a paragraph continues when the next paragraph opens with
a mark (the news convention for a quote of several paragraphs); otherwise the odd mark is
dropped. Curly single marks (‘…’) make a quote of their own only outside double marks.

Also the small text helpers the other quote modules share: paragraphs, offsets in ranges,
trimming.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_DOUBLE_MARKS = frozenset('"“”„‟«»″')
_OPENING_GLYPHS = frozenset("“„‟«")
_CLOSING_GLYPHS = frozenset("”»")
SINGLE_MARKS = frozenset("‘’'`")
_OPEN_AFTER = frozenset("([{—–-/:;") | SINGLE_MARKS
_CLOSE_BEFORE = frozenset(".,;:!?)]}—–-…") | SINGLE_MARKS
_OPEN, _CLOSE, _EITHER = 1, 2, 3


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    role: int  # _OPEN, _CLOSE or _EITHER


@dataclass
class Region:
    """A quoted stretch of text: its content pieces (marks excluded) and its marks."""

    parts: list[tuple[int, int]]
    open_mark: tuple[int, int]
    close_mark: tuple[int, int]
    first_para: int
    last_para: int


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line holding some text."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    """The double quotation marks of text[start:end], runs of marks merged into one."""
    marks: list[_Mark] = []
    i = start
    while i < end:
        if not _mark_length(text, i, end):
            i += 1
            continue
        j = i
        while j < end and _mark_length(text, j, end):
            j += _mark_length(text, j, end)
        prev = text[i - 1] if i > start else " "
        nxt = text[j] if j < end else " "
        can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_AFTER)
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_BEFORE)
        run = text[i:j]
        glyph_open = any(c in _OPENING_GLYPHS for c in run) or "``" in run
        glyph_close = any(c in _CLOSING_GLYPHS for c in run)
        if can_open and not can_close:
            role = _OPEN
        elif can_close and not can_open:
            role = _CLOSE
        elif glyph_open and not glyph_close:
            role = _OPEN
        elif glyph_close and not glyph_open:
            role = _CLOSE
        elif can_open:  # both, straight marks: let the stack decide
            role = _EITHER
        else:
            role = 0
        if role:
            marks.append(_Mark(i, j, role))
        i = j
    return marks


def _mark_length(text: str, i: int, end: int) -> int:
    """The length of the double quotation mark at text[i] (`''` and ``` `` ``` count), or 0."""
    if text[i] in _DOUBLE_MARKS:
        return 1
    if i + 1 < end and text[i] == text[i + 1] and text[i] in "'`":
        return 2
    return 0


def _pair(marks: Sequence[_Mark]) -> tuple[list[tuple[_Mark, _Mark]], list[_Mark]]:
    """Top-level pairs of marks and the openers left unmatched."""
    stack: list[_Mark] = []
    pairs: list[tuple[_Mark, _Mark]] = []
    for mark in marks:
        if mark.role == _OPEN or (mark.role == _EITHER and not stack):
            stack.append(mark)
        elif stack:
            opener = stack.pop()
            pairs.append((opener, mark))
    top = [
        pair
        for pair in pairs
        if not any(o.start < pair[0].start and pair[1].end < c.end for o, c in pairs)
    ]
    top.sort(key=lambda pair: pair[0].start)
    return top, stack


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, and a trailing comma, from text[start:end]."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def has_word(text: str, start: int, end: int) -> bool:
    return any(c.isalnum() for c in text[start:end])


def quoted_regions(text: str) -> list[Region]:
    """Every quoted stretch of `text`, in order (the mark pairing step)."""
    regions: list[Region] = []
    pending: Region | None = None
    paragraphs = paragraph_spans(text)
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = _marks(text, p_start, p_end)
        pairs, unmatched = _pair(marks)
        first_char = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        opens_para = bool(marks) and marks[0].start == first_char and marks[0].role != _CLOSE
        para_regions: list[Region] = []
        for opener, closer in pairs:
            a, b = _trim(text, opener.end, closer.start)
            if has_word(text, a, b):
                para_regions.append(
                    Region(
                        [(a, b)],
                        (opener.start, opener.end),
                        (closer.start, closer.end),
                        index,
                        index,
                    )
                )
        if pending is not None:
            if opens_para and para_regions and para_regions[0].open_mark[0] == first_char:
                head = para_regions.pop(0)
                regions.append(
                    Region(
                        pending.parts + head.parts,
                        pending.open_mark,
                        head.close_mark,
                        pending.first_para,
                        index,
                    )
                )
                pending = None
            elif opens_para and unmatched and unmatched[0].start == first_char and not pairs:
                a, b = _trim(text, unmatched[0].end, p_end)
                pending.parts.append((a, b))
                pending.last_para = index
                continue
            else:
                pending = None
        regions.extend(para_regions)
        last_close = max((c.end for _, c in pairs), default=p_start)
        dangling = [m for m in unmatched if m.start >= last_close]
        if dangling and index + 1 < len(paragraphs):
            opener = dangling[0]
            a, b = _trim(text, opener.end, p_end)
            if has_word(text, a, b):
                pending = Region([(a, b)], (opener.start, opener.end), (p_end, p_end), index, index)
        regions.extend(_single_quoted(text, p_start, p_end, para_regions, index))
    regions.sort(key=lambda r: r.parts[0][0])
    return regions


_SINGLE_QUOTE = re.compile(r"(?<![\w’'])‘(?=\S)([^‘\n]+?)’(?!\w)")


def _single_quoted(
    text: str, p_start: int, p_end: int, doubles: Sequence[Region], index: int
) -> list[Region]:
    """Curly single-quoted stretches of a paragraph lying outside its double quotes."""
    out = []
    for match in _SINGLE_QUOTE.finditer(text, p_start, p_end):
        if any(r.open_mark[0] <= match.start() < r.close_mark[1] for r in doubles):
            continue
        a, b = _trim(text, match.start(1), match.end(1))
        if has_word(text, a, b):
            out.append(
                Region(
                    [(a, b)],
                    (match.start(), match.start() + 1),
                    (match.end() - 1, match.end()),
                    index,
                    index,
                )
            )
    return out


def in_ranges(ranges: Sequence[tuple[int, int]], starts: Sequence[int], pos: int) -> bool:
    """Whether `pos` lies in one of the sorted, non-nested `ranges` (`starts` their starts)."""
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and ranges[index][0] <= pos < ranges[index][1]


def content_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and outer punctuation (not quotation marks inside)."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end


def paragraph_index(paragraphs: Sequence[tuple[int, int]]) -> Callable[[int], int]:
    starts = [a for a, _ in paragraphs]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return index
