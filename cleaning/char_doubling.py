"""Find fake-bold text: every character of a span printed twice (``SSttaatteemmeenntt``).

PDFs fake bold type by drawing each glyph twice, and text extraction then
reports each character twice, spaces included.  A span is taken for
fake-bold only when at least ``MIN_PAIRS`` consecutive characters are
doubled, two of them distinct letters: ``bookkeeper``, ``1100``, ``――――``
and a run of spaces are left alone.  Newlines are never part of a span, so paragraph
breaks survive.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from cleaning.repeat_kernels import doubled_runs
from cleaning.square_tiling import MIN_PAIRS, looks_like_text

MIN_SPACED = 6  # glyphs in a row drawn twice with a space between: ``a a b b`` alone is not evidence


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


# Each glyph drawn k times in a row (``SSSSTTTTOOOO``): k = 4 is tried before 3, so that a
# four-fold run is never read as three-fold.  Fake bold (k = 2) is the square search's.
_STRIKES = {k: re.compile(r"(?:([^\s])\1{%d}(?:\s{%d}(?=\S))?){%d,}" % (k - 1, k, MIN_PAIRS)) for k in (4, 3)}
# Each glyph drawn twice with a space between the copies (``T Th he e  M Mi in n``); a space
# between words comes out doubled.
_SPACED = re.compile(r"(?:([^\s]) \1(?:  (?=[^\s] ))?){%d,}" % MIN_SPACED)


def find_glyph_repeats(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, reason)`` of each span to delete where every glyph was drawn several times.

    Two shapes that the square search cannot see as squares: each glyph
    drawn three or four times (``SSSSTTTTOOOOCCCCKKKK``: every glyph keeps
    its first copy), and each glyph drawn twice with a space between the
    copies (``T Th he e  M Mi in ni is st te er r``: the space and second
    copy go, and a doubled word space loses one space).  At least
    ``MIN_PAIRS`` (resp. ``MIN_SPACED``) glyphs in a row, and what is kept
    must look like text (``looks_like_text``): ``----`` or ``a a a a`` stay.

    >>> text = "SSSSTTTTOOOOCCCCKKKK"
    >>> "".join(text[a:b] for a, b, _ in find_glyph_repeats(text)) == "SSSTTTOOOCCCKKK"
    True
    """
    taken: list[tuple[int, int]] = []
    for k, pattern in _STRIKES.items():
        for m in pattern.finditer(text):
            kept = _kept_strikes(m.group(), k)
            if any(a < m.end() and m.start() < b for a, b in taken) or not looks_like_text(kept.replace(" ", "")):
                continue
            taken.append(m.span())
            pos = m.start()
            reason = f"each glyph drawn {k} times"
            while pos < m.end():
                yield pos + 1, pos + k, reason
                pos += k
                if pos < m.end() and text[pos].isspace():
                    yield pos + 1, pos + k, reason
                    pos += k
    for m in _SPACED.finditer(text):
        kept = m.group()[::3].replace(" ", "")
        if not looks_like_text(kept):
            continue
        pos = m.start()
        while pos < m.end():
            if text[pos] == " ":  # a doubled word space
                yield pos + 1, pos + 2, "a glyph drawn twice, a space between the copies"
                pos += 2
                continue
            yield pos + 1, pos + 3, "a glyph drawn twice, a space between the copies"
            pos += 3


def _kept_strikes(span: str, k: int) -> str:
    out, pos = [], 0
    while pos < len(span):
        out.append(span[pos])
        pos += k
    return "".join(out)
