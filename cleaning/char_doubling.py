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

import numpy as np

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


# A run of one glyph, and a run of whitespace, as drawn by a multi-strike PDF.
_GLYPH_RUN = re.compile(r"([^\s])\1*|[^\S\n]+")
_TRIPLE = re.compile(r"([^\s])\1\1")  # a mean of 2.75 copies needs a glyph drawn three times
MIN_STRIKE_MEAN = 2.75  # a multi-strike span: each glyph 2 to 4 times, mostly 3 or 4


# Each glyph drawn twice with a space between the copies (``T Th he e  M Mi in n``); a space
# between words comes out doubled, or single once whitespace is normalized (``T Th he e M Mi in n``:
# still one reading, as a unit starts with a glyph, so a space after a unit is a word space).
_SPACED = re.compile(r"(?:([^\s]) \1(?: {1,2}(?=[^\s] ))?){%d,}" % MIN_SPACED)


def find_glyph_repeats(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, reason)`` of each span to delete where every glyph was drawn several times.

    Two shapes that the square search cannot see as squares: each glyph
    drawn three or four times (``SSSSTTTTOOOOCCCCKKKK``: every glyph keeps
    its first copy), and each glyph drawn twice with a space between the
    copies (``T Th he e  M Mi in ni is st te er r``: the space and second
    copy go, and a doubled word space loses one space).  At least
    ``MIN_PAIRS`` (resp. ``MIN_SPACED``) glyphs in a row (a multi-strike
    span may mix 2, 3 and 4 copies, as layered extraction does, but averages
    at least ``MIN_STRIKE_MEAN``), and what is kept
    must look like text (``looks_like_text``): ``----`` or ``a a a a`` stay.

    >>> text = "SSSSTTTTOOOOCCCCKKKK"
    >>> "".join(text[a:b] for a, b, _ in find_glyph_repeats(text)) == "SSSTTTOOOCCCKKK"
    True
    """
    if len(text) < LONG_TEXT:  # a paragraph: one regex pass costs less than the array set-up
        strikes = _strike_candidates_by_regex(text) if _TRIPLE.search(text) else iter(())
        spaced = _SPACED.finditer(text)
    else:
        codes = _codes(text)
        space = np.isin(codes, _WHITESPACE)
        strikes = _strike_candidates(text, codes, space)
        spaced = (m for lo, hi in _spaced_windows(codes, space) for m in _SPACED.finditer(text, lo, hi))
    for a, b, runs in strikes:
        reason = "each glyph drawn 3 or 4 times"
        lengths = [r1 - r0 for r0, r1 in runs if 3 <= r1 - r0 <= 4]
        k = max(set(lengths), key=lengths.count) if lengths else 3
        for r0, r1 in runs:
            if r1 - r0 > k and (r1 - r0) % k == 0:  # a double letter (``ffffff``) or ``000`` drawn k times: each keeps its first copy
                for g in range(r0, r1, k):
                    yield g + 1, g + k, reason
            elif 1 < r1 - r0 <= 4:  # layers mixed: a glyph drawn 2 to 4 times
                yield r0 + 1, r1, reason
    for m in spaced:
        units = _spaced_units(text, m.start(), m.end())
        if not looks_like_text("".join(text[u] for u in units)):
            continue
        for u in units:
            yield u + 1, u + 3, "a glyph drawn twice, a space between the copies"
            if text[u + 3 : u + 5] == "  ":  # a doubled word space
                yield u + 4, u + 5, "a glyph drawn twice, a space between the copies"


def _spaced_units(text: str, start: int, end: int) -> list[int]:
    """Where each ``X X`` unit of a ``_SPACED`` match ``text[start:end]`` starts: one after the other,
    or after a word space (one or two spaces: a unit never starts with one)."""
    units = []
    pos = start
    while pos < end:
        units.append(pos)
        pos += 3
        while pos < end and text[pos] == " ":
            pos += 1
    return units


# Where a multi-strike span may be: at least MIN_PAIRS runs of 2 to _MAX_STRUCK_RUN equal glyphs (or short
# whitespace) in a row.  Found by the regex engine, so clean text costs one C pass.
_CANDIDATE = re.compile(r"(?:([^\s])\1{1,15}|[^\S\n]{1,4}){%d,}" % MIN_PAIRS)


# Every character ``str.isspace`` (and so the regex ``\s``) calls whitespace; all are below U+3001.
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the maximal runs of True in ``mask``."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


LONG_TEXT = 4096  # characters from which the regexes run only where the arrays say a match may be


def _strike_candidates_by_regex(text: str) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    for m in _CANDIDATE.finditer(text):
        if _TRIPLE.search(text, m.start(), m.end()):
            yield from _strike_spans(text, max(0, m.start() - 1), min(len(text), m.end() + 1))


def _strike_candidates(
    text: str, codes: np.ndarray, space: np.ndarray
) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """``_CANDIDATE`` matches with a triple in them, as ``_strike_spans``.  The regex runs only on
    stretches that could hold one (found on arrays, so a long clean text costs a few passes in C):
    each character of a match is whitespace other than a line break or one of two or more equal
    glyphs, and the match holds a glyph drawn three times."""
    n = len(codes)
    if n < 3:
        return
    eq = codes[1:] == codes[:-1]
    paired = np.zeros(n, dtype=bool)
    paired[1:] |= eq
    paired[:-1] |= eq
    good = (space & (codes != 10)) | (paired & ~space)
    triple = eq[1:] & eq[:-1] & ~space[:-2]  # triple[i]: a glyph drawn three times from i
    if not triple.any():
        return
    before = np.concatenate(([0], np.cumsum(triple)))  # before[k]: triples starting before k
    starts, ends = _runs(good)
    room = ends - starts >= 3
    with_triple = room & (before[np.maximum(ends - 2, 0)] > before[np.minimum(starts, n - 2)])
    for lo, hi in zip(starts[with_triple].tolist(), ends[with_triple].tolist()):
        for m in _CANDIDATE.finditer(text, lo, hi):
            if _TRIPLE.search(text, m.start(), m.end()):
                yield from _strike_spans(text, max(0, m.start() - 1), min(len(text), m.end() + 1))


def _spaced_windows(codes: np.ndarray, space: np.ndarray) -> Iterator[tuple[int, int]]:
    """Windows of the text that may hold a ``_SPACED`` match: every unit of one (``X X``, then maybe one
    or two spaces) starts at a glyph with a space and the same glyph after it, 3 to 5 characters after
    the unit before; a window runs from the first such start of a cluster to 8 characters past its last
    (room for the doubled space and the look-ahead), and clusters more than 8 apart are separate."""
    if len(codes) < 3:
        return
    unit = (codes[1:-1] == 32) & (codes[2:] == codes[:-2]) & ~space[:-2]
    at = np.flatnonzero(unit)
    if len(at) < MIN_SPACED:
        return
    cut = np.flatnonzero(np.diff(at) > 8) + 1
    for group in np.split(at, cut):
        if len(group) >= MIN_SPACED:
            yield int(group[0]), min(len(codes), int(group[-1]) + 8)


def _strike_spans(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """Spans where each glyph was drawn 2 to 4 times, on average at least ``MIN_STRIKE_MEAN``,
    at least ``MIN_PAIRS`` glyphs, whitespace runs drawn alike: ``(start, end, runs)``."""
    runs: list[tuple[int, int]] = []

    def close() -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
        if _twice_struck([(a, b) for a, b in runs if not text[a].isspace()]):
            return  # fake bold (k = 2) over double letters: ``ttrrooooppss  1111..`` is ``troops 11.``, left to the squares
        # a doubled pair or whitespace at the edges is the text's own (``xx``, ``ll``)
        while runs and (text[runs[-1][0]].isspace() or runs[-1][1] - runs[-1][0] == 2):
            runs.pop()
        while runs and (text[runs[0][0]].isspace() or runs[0][1] - runs[0][0] == 2):
            runs.pop(0)
        glyphs = [(a, b) for a, b in runs if not text[a].isspace()]
        if len(glyphs) >= MIN_PAIRS and sum(b - a for a, b in glyphs) >= MIN_STRIKE_MEAN * len(glyphs):
            kept = "".join(text[a] for a, _ in glyphs)
            if looks_like_text(kept) and _mostly_words(kept):
                yield runs[0][0], runs[-1][1], list(runs)

    for m in _GLYPH_RUN.finditer(text, lo, len(text) if hi is None else hi):
        a, b = m.span()
        if 2 <= b - a <= 4 or (6 <= b - a <= _MAX_STRUCK_RUN and not text[a].isspace()) or (runs and text[a].isspace() and b - a <= 4):
            runs.append((a, b))
            continue
        yield from close()
        runs = []
    yield from close()


def _twice_struck(glyphs: list[tuple[int, int]]) -> bool:
    """Do the glyph runs ``(start, end)`` read as every glyph drawn twice: no run of odd length, and runs
    of two at least as many as longer ones (a double letter or digit drawn twice makes a run of four)?"""
    lengths = [b - a for a, b in glyphs]
    return not any(n % 2 for n in lengths) and 2 * lengths.count(2) >= len(lengths)


# A run of one glyph inside a multi-strike span: a double letter or a digit run (``000`` of ``2,000``)
# drawn k times.  Read at the span's k: a run that no k of the span divides keeps its copies.
_MAX_STRUCK_RUN = 16


def _mostly_words(kept: str) -> bool:
    """At least ``MIN_WORD_SHARE`` of the glyphs are letters or digits (not ``ー○・``): a rule or a row of bullets
    drawn several times is not text."""
    return sum(c.isalnum() and c != "ー" for c in kept) >= MIN_WORD_SHARE * len(kept)


MIN_WORD_SHARE = 0.6
