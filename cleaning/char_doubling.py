"""Find fake-bold text: every character of a span printed twice (``SSttaatteemmeenntt``).

PDFs fake bold type by drawing each glyph twice, and text extraction then
reports each character twice, spaces included.  A span is taken for
fake-bold only when at least ``MIN_PAIRS`` consecutive characters are
doubled, two of them distinct letters: ``bookkeeper``, ``1100``, ``――――``
and a run of spaces are left alone.  Newlines are never part of a span, so paragraph
breaks survive.
"""
from __future__ import annotations

from collections.abc import Iterator

from cleaning.repeat_kernels import doubled_runs
from cleaning.square_tiling import MIN_PAIRS, looks_like_text


def find_char_doubling(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each span that looks fake-bold: every character twice.

    The spans only point the square search at the right place; whether a
    span is repaired is decided there, with the same evidence threshold as
    any other doubled text (so ``AAAA`` or a short ``ooff`` alone stay).

    >>> list(find_char_doubling("the SSttaatteemmeenntt of"))
    [(4, 22)]
    >>> list(find_char_doubling("bookkeeper ーーーーーーーー"))
    []
    """
    for start, end in doubled_runs(text, MIN_PAIRS):
        if looks_like_text(text[start:end:2].replace(" ", "")):
            yield start, end
