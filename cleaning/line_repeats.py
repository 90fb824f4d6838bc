"""Repeats between whole lines that the square search cannot see.

Two cases, both from PDF text layers that print a line more than once:

* a truncated copy: a line followed by a line that is a strict prefix of it
  (``…の着実な進展のため`` after the full sentence);
* a fuzzy copy: a line followed by a near-identical line, the same phrase
  with a character or two changed (rapidfuzz decides "same phrase").

Both need a long line, so that headings such as ``(以上)`` or list items that
share words are never touched.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Levenshtein

from cleaning.repeat_kernels import cumulative_weights
from cleaning.square_tiling import CHAIN_THRESHOLD
from cleaning.textkey import WEIGHTS, TextKey, noise

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


def find_line_repeats(text: str, tk: TextKey) -> Iterator[LineRepeat]:
    """Yield truncated and fuzzy copies of the preceding line; ``tk`` is the key of ``text``."""
    spans = _lines(text)
    if len(spans) < 2:
        return
    bounds = np.searchsorted(tk.src, np.array(spans).ravel())
    cum = cumulative_weights(tk.codes, WEIGHTS)[bounds]
    bounds, weights = bounds.tolist(), (cum[1::2] - cum[::2]).tolist()
    lines = [_Line(tk.key[a:b], w, span) for a, b, w, span in zip(bounds[::2], bounds[1::2], weights, spans)]
    prev = 0
    for i in range(1, len(lines)):
        hit = _compare(text, lines[prev], lines[i])
        if hit is None:
            prev = i
            continue
        kind, score, reason, noisy_first = hit
        start, end = (spans[prev][0], spans[i][0]) if noisy_first else (spans[prev][1], spans[i][1])
        yield LineRepeat(start, end, kind, score, reason.format(a=prev + 1, b=i + 1))


class _Line(NamedTuple):
    key: str
    weight: float
    span: tuple[int, int]  # in the source text


def _compare(text: str, first: _Line, second: _Line) -> tuple[str, float, str, bool] | None:
    """Is ``second`` a truncated or fuzzy copy of ``first``?  (kind, score, reason, drop first)."""
    a, b = first.key, second.key
    if not b or a == b:
        return None
    if a.startswith(b) and len(b) >= MIN_TRUNCATED_SHARE * len(a) and second.weight >= CHAIN_THRESHOLD:
        share = len(b) / len(a)
        return "truncated_copy", share, f"line {{b}} is the first {len(b)} of {len(a)} characters of line {{a}}", False
    if min(first.weight, second.weight) < FUZZY_MIN_STRENGTH:
        return None
    similarity = Levenshtein.normalized_similarity(a, b, score_cutoff=FUZZY_SIMILARITY)
    if not similarity:
        return None
    reason = f"lines {{a}} and {{b}} are the same phrase (similarity {similarity:.2f}); kept the cleaner"
    return "line_repeat", similarity, reason, noise(text[slice(*first.span)]) > noise(text[slice(*second.span)])
