"""Lines printed more than once, as PDF text layers do: the first step of repeat collapse.

A line followed by

* the same line again;
* a truncated copy: a strict prefix of it (``…の着実な進展のため`` after the
  full sentence);
* a fuzzy copy: a near-identical line, the same phrase with a character or
  two changed (rapidfuzz decides "same phrase")

loses the copy (or, when the first copy is the noisier, the first).  This
runs before the square search, so that a doubled letter at a line's end
(``will``, ``Hawaii``) or a word said twice across a line break (``had⏎had``)
never joins the squares of the repeated lines around it.  Lines inside a
repeated block of several lines (``p1 p2 p1 p2``) are left to the square
search, which sees the block whole.

A copy must weigh as much as a square that anchors a chain, so that
headings such as ``(以上)`` or list items that share words are never touched.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Levenshtein

from cleaning.edit_safety import digit_groups
from cleaning.legit_repeats import is_table_cell
from cleaning.repeat_seeds import Stretch
from cleaning.square_tiling import ANCHOR, CHAIN_THRESHOLD
from cleaning.textkey import TextKey, noise

MIN_TRUNCATED_SHARE = 0.3  # a truncated copy keeps at least this much of the line
FUZZY_SIMILARITY = 0.9  # normalized Levenshtein similarity of the two keys
FUZZY_MIN_STRENGTH = 2 * CHAIN_THRESHOLD


class LineRepeat(NamedTuple):
    start: int  # source offsets of the span to delete, including its line break
    end: int
    kind: str
    score: float
    reason: str


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def find_line_repeats(text: str, tk: TextKey, stretches: list[Stretch]) -> Iterator[LineRepeat]:
    """Yield copies of the preceding line; ``tk`` is the key of ``text``, ``stretches`` its seeds."""
    spans = _lines(text)
    if len(spans) < 2:
        return
    bounds = np.searchsorted(tk.src, np.array(spans).ravel())
    cum = tk.cum[bounds]
    bounds, weights = bounds.tolist(), (cum[1::2] - cum[::2]).tolist()
    lines = [_Line(tk.key[a:b], w, span) for a, b, w, span in zip(bounds[::2], bounds[1::2], weights, spans)]
    repeats = _Covers([(s.start, s.end + s.lag) for s in stretches if s.periodic])
    prev = 0  # the line kept, that later lines are compared with
    repeated = before = False  # that line has lost copies; so had the line kept before it
    for i in range(1, len(lines)):
        # Where lines come more than once, a copy needs no weight of its own (``。⏎。``).
        min_weight = 0.0 if repeated or before else ANCHOR
        hit = None if _in_block(bounds, repeats, prev, i) else _compare(text, lines[prev], lines[i], min_weight)
        if hit is not None and not (repeated or before) and not _next_pair_repeats(text, lines, i + 1) and (
                _column_value(text, spans, prev, i)  # a table column repeats its values
                or not cut_between_numbers(text[slice(*spans[prev])], text[slice(*spans[i])])):
            hit = None  # a writer's repeat, with no copy of any other line near
        if hit is None:
            prev, before, repeated = i, repeated, False
            continue
        repeated = True
        kind, score, reason, noisy_first = hit
        reason = reason.format(a=prev + 1, b=i + 1)
        if noisy_first:  # the first copy goes, with any copies of it already taken, and line i is kept
            yield LineRepeat(spans[prev][0], spans[i][0], kind, score, reason)
            prev = i
        else:  # line i goes, with the line break before it
            yield LineRepeat(spans[i - 1][1], spans[i][1], kind, score, reason)


def _column_value(text: str, spans: list[tuple[int, int]], prev: int, i: int) -> bool:
    """Are lines ``prev`` and ``i`` (the same, or a copy cut short) a value repeated down a table column:
    one-cell lines, with another one-cell line just before or after them (``Status⏎Active⏎Active⏎Inactive``,
    ``区分⏎陸上自衛隊⏎陸上自衛隊⏎海上自衛隊``)?"""
    if not (is_table_cell(text[slice(*spans[prev])]) and is_table_cell(text[slice(*spans[i])])):
        return False
    around = [k for k in (prev - 1, i + 1) if 0 <= k < len(spans)]
    return any(is_table_cell(text[slice(*spans[k])]) for k in around)


def _next_pair_repeats(text: str, lines: list[_Line], k: int) -> bool:
    """Does line ``k + 1`` repeat line ``k``, a line of text, not a cell (evidence that lines here are printed twice)?"""
    return (
        k + 1 < len(lines) and bool(lines[k].key) and lines[k].key == lines[k + 1].key
        and not is_table_cell(text[slice(*lines[k].span)])
    )


class _Covers:
    """Spans ``[a, b)``, asked whether one of them covers a given span: O(log n) per question.

    (A per-line ``any()`` over every periodic stretch was quadratic on long texts.)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._starts = [a for a, _ in spans]
        self._reach = list(accumulate((b for _, b in spans), max))  # the furthest end among spans[:i + 1]

    def cover(self, a: int, b: int) -> bool:
        i = bisect_right(self._starts, a) - 1
        return i >= 0 and self._reach[i] >= b


MAX_BLOCK_LINES = 8  # blocks of up to this many lines are compared whole


def find_block_repeats(text: str, tk: TextKey) -> Iterator[LineRepeat]:
    """Yield copies of a block of 2 or more lines (blank lines between paragraphs ignored) that
    follow the block, the copy's last line possibly cut short: ``p1 p2 p1 p2'``.  A copy that the
    text's end cuts at a line break holds most of the block: a refrain closing a song or a list
    (``R1 R2 V1 V2 R1 R2``) is the first half of a block said again, a writer's.

    The square search sees a whole block repeated; a block whose second copy
    is truncated is no square, and the line comparison sees only single lines.
    The copy must hold at least one full line and weigh ``CHAIN_THRESHOLD``.
    """
    spans = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    if len(spans) < 3:
        return
    bounds = np.searchsorted(tk.src, np.array(spans).ravel()).tolist()
    keys = [tk.key[a:b] for a, b in zip(bounds[::2], bounds[1::2])]
    if len(set(keys)) == len(keys):
        return  # a copy of a block starts with a line seen before
    cum = tk.cum.tolist()
    weight = [cum[b] - cum[a] for a, b in zip(bounds[::2], bounds[1::2])]
    i = 2
    while i < len(keys):
        hit = None
        for size in range(2, min(MAX_BLOCK_LINES, i) + 1):
            c = 0  # full lines of the copy
            while c < size and i + c < len(keys) and keys[i + c] == keys[i - size + c]:
                c += 1
            last = i + c
            truncated = (
                c < size and last < len(keys) and keys[last]
                and keys[i - size + c].startswith(keys[last]) and len(keys[last]) >= MIN_TRUNCATED_SHARE * len(keys[i - size + c])
            )
            lines = c + (1 if truncated else 0)
            if (
                c >= 1 and lines >= 2 and (c == size or truncated or (last == len(keys) and 2 * c > size))
                and sum(weight[i : i + lines]) >= CHAIN_THRESHOLD
                and not _records(text, spans[max(0, i - 2 * size) : i + lines])  # rows of a table
                and not any(_number_row(text[slice(*spans[x])]) for x in range(i, i + lines))
            ):
                hit = (size, lines)
                break
        if hit is None:
            i += 1
            continue
        size, lines = hit
        start, end = spans[i - 1][1], spans[i + lines - 1][1]
        reason = f"lines {i + 1}-{i + lines} repeat the {size}-line block before them"
        yield LineRepeat(start, end, "paragraph_repeat", 1.0, reason)
        i += lines


_LABEL = re.compile(r"\s*([^\s:：]{1,20}(?: [^\s:：]{1,20})?)\s*[:：]\s*(\S.*)")


def _records(text: str, spans: list[tuple[int, int]]) -> bool:
    """Are the last of these lines label/value rows of several records, one field varying between them?

    ``Unit: 3rd Air Wing / Aircraft: F-35A / Base: Misawa / Unit: 302nd Squadron /
    Aircraft: F-35A / Base: Misawa`` (``日時：4月1日 / 時間：10時 / … / 日時：4月2日 / …``): the
    second record repeats the first's values under the same labels, as tables do; a block
    copied by the mechanism repeats every field, so no label has two values.
    """
    values: dict[str, set[str]] = {}
    for a, b in reversed(spans):  # the rows up to the copy; rows before the table are not looked at
        m = _LABEL.fullmatch(text[a:b])
        if m is None:
            break
        values.setdefault(m.group(1), set()).add(m.group(2).strip())
    return any(len(v) > 1 for v in values.values())


_LETTERS = re.compile(r"[^\W\d_]")


def _number_row(line: str) -> bool:
    """A row of numbers (``1 2``, ``12 14 9 31``, ``3,5 %``): digits, and fewer than three letters.
    Calendars, score and price tables repeat such rows from block to block; a block that repeats
    one is a table's, and deleting it would delete numbers whose twins are a block away."""
    return bool(digit_groups(line)) and len(_LETTERS.findall(line)) < 3


def cut_between_numbers(line: str, cut: str) -> bool:
    """Is ``cut`` (a line whose key begins ``line``'s) cut short between numbers, not inside one?
    Its digit groups are ``line``'s first ones, whole.  A lone line cut inside a number is a line of
    its own (``Windows 8`` under ``Windows 8.1``, another version): only where lines around it are
    printed twice too is it a copy cut short (``10,000,000 yen.⏎10,000,00`` in a PDF's doubled lines)."""
    groups = digit_groups(cut)
    return groups == digit_groups(line)[: len(groups)]


def _in_block(bounds: list[int], repeats: _Covers, prev: int, i: int) -> bool:
    """Do lines ``prev..i`` sit in a repeat that takes in the whole line before them too?

    Then they belong to a repeated block of lines (``p1⏎p2p1⏎p2``), which the
    square search sees whole; ``bounds`` are the lines' key spans, flattened.
    """
    if prev == 0 or bounds[2 * prev - 2] == bounds[2 * prev - 1]:
        return False
    return repeats.cover(bounds[2 * prev - 2], bounds[2 * i + 1])


class _Line(NamedTuple):
    key: str
    weight: float
    span: tuple[int, int]  # in the source text


def _compare(text: str, first: _Line, second: _Line, min_weight: float) -> tuple[str, float, str, bool] | None:
    """Is ``second`` a copy of ``first`` (the same, truncated or fuzzy)?  (kind, score, reason, drop first).

    A same or truncated copy must weigh ``min_weight``.
    """
    a, b = first.key, second.key
    if not b or second.weight < min_weight:
        return None
    if a == b:
        return "line_repeat", 1.0, "line {b} repeats line {a}", noise(text[slice(*first.span)]) > noise(text[slice(*second.span)])
    if a.startswith(b) and len(b) >= MIN_TRUNCATED_SHARE * len(a):
        share = len(b) / len(a)
        return "truncated_copy", share, f"line {{b}} is the first {len(b)} of {len(a)} characters of line {{a}}", False
    if min(first.weight, second.weight) < FUZZY_MIN_STRENGTH:
        return None
    similarity = Levenshtein.normalized_similarity(a, b, score_cutoff=FUZZY_SIMILARITY)
    if not similarity or digit_groups(text[slice(*first.span)]) != digit_groups(text[slice(*second.span)]):
        return None  # lines that differ in a number are different facts, however alike (FY2024 / FY2025)
    reason = f"lines {{a}} and {{b}} are the same phrase (similarity {similarity:.2f}); kept the cleaner"
    return "line_repeat", similarity, reason, noise(text[slice(*first.span)]) > noise(text[slice(*second.span)])


DRIFT_MAX_LAG = 6  # lines: a copy that starts a run or two of lines late (``A1 A2 B1 A3 B2 …``) trails its twin by up to this
DRIFT_MIN_LINES = 2  # lines of the lagging copy, in their twins' order, for a reading as a drifting copy


def find_line_drift(text: str, tk: TextKey) -> Iterator[LineRepeat]:
    """Yield the lines of a copy that trails the text by a line or more: two copies of a run of lines
    merged line by line, one started a line or two late (``A1 A2 B1 A3 B2 A4 B3``).

    Each line is a copy of a line 2 to ``DRIFT_MAX_LAG`` lines before it (the line just before is
    ``find_line_repeats``'s); the copies come in their twins' order, as a copy of one stream does, at
    least ``DRIFT_MIN_LINES`` of them weighing ``ANCHOR`` and none a table cell (a column repeats
    its values), and no copy is itself a twin.  A writer's line said again further down (a refrain,
    a heading over two sections) is one such line, not a run of them in order.  The leading copy's
    last line has no line break, so the copy's line after it is glued to it (``…一致した。2014年…``):
    a line that ends with a whole copy of a line before it loses that end.
    """
    spans = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    if len(spans) < 2 + DRIFT_MIN_LINES:
        return
    bounds_arr = np.searchsorted(tk.src, np.array(spans).ravel())
    bounds = bounds_arr.tolist()
    keys = [tk.key[a:b] for a, b in zip(bounds[::2], bounds[1::2])]
    if len(set(keys)) == len(keys):
        return  # a reading holds two whole copies of lines at least (a glued one is the only one of its kind)
    cum = tk.cum[bounds_arr]
    weight = (cum[1::2] - cum[::2]).tolist()
    copies: list[tuple[int, int, int]] = []  # (line, twin, source start of the copy), the current reading
    for i in range(2, len(keys)):
        hit = _drift_twin(text, spans, keys, weight, i, copies)
        if hit is None:
            continue
        twin, glued = hit
        if copies and (twin <= copies[-1][1] or i - copies[-1][0] > DRIFT_MAX_LAG):
            yield from _drift_edits(text, spans, weight, copies)  # out of order, or far from the last: another reading
            copies = []
        start = tk.src_start(bounds[2 * i + 1] - len(keys[twin])) if glued else spans[i][0] - 1
        copies.append((i, twin, start))
    yield from _drift_edits(text, spans, weight, copies)


def _drift_twin(text: str, spans: list[tuple[int, int]], keys: list[str], weight: list[float], i: int,
                copies: list[tuple[int, int, int]]) -> tuple[int, bool] | None:
    """The line 2 to ``DRIFT_MAX_LAG`` lines before line ``i`` that line ``i`` copies, kept by the reading
    so far (``copies``), and whether the copy is glued to the end of line ``i``; or None."""
    if not keys[i] or keys[i] == keys[i - 1] or is_table_cell(text[slice(*spans[i])]):
        return None
    taken = {c for c, _, _ in copies}
    for j in range(i - 2, max(-1, i - DRIFT_MAX_LAG - 1), -1):
        if j not in taken and keys[j] and keys[i].endswith(keys[j]):
            glued = len(keys[j]) < len(keys[i])
            if glued and weight[j] < ANCHOR:
                continue
            return j, glued
    return None


def _refrain(copies: list[tuple[int, int, int]]) -> bool:
    """Is a reading's copy one block of lines said again after lines it never copies (a refrain after
    its verse, a section's list under the next heading)?  Merged line by line, a copy behind writes
    its lines among the copy ahead's (``A1 A2 B1 A3 B2``) and writes every line the copy ahead wrote
    before it; a block said again (``R1 R2 V1 V2 R1 R2``) leaves ``V1 V2``, between its twins and
    itself, written once.  ``copies``: ``(line, twin, start)`` in order."""
    lines = [i for i, _, _ in copies]
    if lines[-1] - lines[0] != len(lines) - 1:
        return False  # copies among new lines: a merge
    twins = {j for _, j, _ in copies}
    return any(k not in twins for k in range(copies[0][1], lines[0]))


def _drift_edits(text: str, spans: list[tuple[int, int]], weight: list[float], copies: list[tuple[int, int, int]]
                 ) -> Iterator[LineRepeat]:
    """The deletions of a reading's copies, if at least ``DRIFT_MIN_LINES`` of them weigh ``ANCHOR``
    (a light line, ``S.``, counts only inside such a reading), none is a label/value row (records
    of a table repeat values under their labels, ``Aircraft: F-35A`` in two records, see ``_records``)
    and they are no refrain (:func:`_refrain`)."""
    if sum(weight[j] >= ANCHOR for _, j, _ in copies) < DRIFT_MIN_LINES:
        return
    if any(_LABEL.fullmatch(text[slice(*spans[i])]) for i, _, _ in copies) or _refrain(copies):
        return
    for i, j, start in copies:
        reason = f"line {i + 1} copies line {j + 1}, one of {len(copies)} lines of a copy a line or more behind"
        yield LineRepeat(start, spans[i][1], "line_repeat", 1.0, reason)
