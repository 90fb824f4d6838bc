"""Find fake-bold text: every character of a span printed twice (``SSttaatteemmeenntt``).

PDFs fake bold type by drawing each glyph twice, and text extraction then
reports each character twice, spaces included.  A span is taken for
fake-bold only when at least ``MIN_PAIRS`` consecutive characters are
doubled and what remains carries real evidence (at least two distinct
letters, enough weight): ``bookkeeper``, ``1100``, ``――――`` and a run of
spaces are left alone.  Newlines are never part of a span, so paragraph
breaks survive.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from cleaning.square_tiling import CHAIN_THRESHOLD
from cleaning.textkey import make_key

MIN_PAIRS = 4
_PAIRS = re.compile(r"(?:([^\n])\1){%d,}" % MIN_PAIRS)


def find_char_doubling(text: str) -> Iterator[tuple[int, int, float]]:
    """Yield ``(start, end, strength)`` of each fake-bold span; every odd offset inside is a duplicate.

    >>> [(s, e) for s, e, _ in find_char_doubling("the SSttaatteemmeenntt of")]
    [(4, 22)]
    >>> list(find_char_doubling("bookkeeper"))
    []
    """
    for m in _PAIRS.finditer(text):
        kept = m.group()[::2]
        letters = {c for c in kept if c.isalpha()}
        if len(letters) < 2:
            continue
        strength = float(make_key(kept).weights().sum())
        if strength >= CHAIN_THRESHOLD:
            yield m.start(), m.end(), strength
