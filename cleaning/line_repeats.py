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

from rapidfuzz.distance import Levenshtein

from cleaning.square_tiling import CHAIN_THRESHOLD
from cleaning.textkey import TextKey, make_key, noise

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


def find_line_repeats(text: str) -> Iterator[LineRepeat]:
    """Yield truncated and fuzzy copies of the preceding line."""
    spans = _lines(text)
    keys = [make_key(text[a:b]) for a, b in spans]
    prev = 0
    for i in range(1, len(spans)):
        hit = _compare(text, spans, keys, prev, i)
        if hit is None:
            prev = i
        else:
            yield hit


def _compare(text: str, spans: list[tuple[int, int]], keys: list[TextKey], i: int, j: int) -> LineRepeat | None:
    a, b = keys[i].key, keys[j].key
    if not a or not b or a == b:
        return None
    weight_b = float(keys[j].weights().sum())
    if a.startswith(b) and len(b) >= MIN_TRUNCATED_SHARE * len(a) and weight_b >= CHAIN_THRESHOLD:
        start, end = spans[i][1], spans[j][1]
        return LineRepeat(start, end, "truncated_copy", len(b) / len(a),
                          f"line {j + 1} is the first {len(b)} of {len(a)} characters of line {i + 1}")
    if weight_b < FUZZY_MIN_STRENGTH or float(keys[i].weights().sum()) < FUZZY_MIN_STRENGTH:
        return None
    similarity = Levenshtein.normalized_similarity(a, b, score_cutoff=FUZZY_SIMILARITY)
    if not similarity:
        return None
    noisy_first = noise(text[slice(*spans[i])]) > noise(text[slice(*spans[j])])
    start, end = (spans[i][0], spans[j][0]) if noisy_first else (spans[i][1], spans[j][1])
    return LineRepeat(start, end, "line_repeat", similarity,
                      f"lines {i + 1} and {j + 1} are the same phrase (similarity {similarity:.2f}); kept the cleaner")
