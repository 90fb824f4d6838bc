"""Refuse repair edits that could change a fact or break a character: enforced, not only tested.

Repeat collapse only deletes, and every deletion it plans passes three
checks here before it is applied (``repeats.explain_repeats`` calls
:func:`safe_edits` on each step's edits; a refused edit is dropped, never
"fixed up"):

1. **No number changes.**  A digit group with its separators (``1,111``,
   ``3,000``, ``2024.10.5``, ``15:30``) is kept whole or removed whole: an
   edit may not start or end inside one, and may not bring two digit
   groups together (``12 34`` → ``1234``).  A group removed whole must be a
   copy of a kept twin (rule 2).
2. **Every deletion has a kept twin.**  What an edit removes is, under the
   comparison key (``textkey``), a copy of text that stays beside it: it
   occurs in the repaired key within ``2 * len + TWIN_SLACK`` key
   characters of where it was (or, for a copy of at least ``FUZZY_MIN_CHARS``,
   the kept text just before or after it is 90% the same and spells the same digit groups: a fuzzy
   copy).  A deletion of whitespace only must leave
   whitespace where it was, so words are never glued.
3. **No edit inside a URL, an e-mail address or a path.**  Such a token
   (``https://www.defense.gov/News/Releases/Release/Article/…``,
   ``press@mod.go.jp``, ``en/press/pressconf/2024/``) repeats parts of itself
   by design; it is repaired only as a whole token: an edit either takes it
   whole or does not touch it, except that a token glued to copies of itself
   (``https://a.jp/xhttps://a.jp/x``) may lose whole copies (see
   :func:`_tokens_whole`).
4. **No split grapheme cluster.**  Both ends of an edit fall on extended
   grapheme cluster boundaries (Unicode UAX #29, via ``regex``'s ``\\X``):
   an emoji ZWJ sequence, a base and its combining marks or variation
   selector, a regional-indicator pair are removed whole or kept whole
   (``Ministers met👨‍👩‍👧Ministers met👨‍👩‍👧‍👦`` must not lose the kept
   family's joiner).

The edits are ``(start, end, ...)`` tuples on ``text``, sorted and disjoint.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import compress
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import regex
from rapidfuzz.distance import Levenshtein

from cleaning.repeat_kernels import kept_key
from cleaning.textkey import TextKey

FUZZY_SIMILARITY = 0.9  # as line_repeats: a twin may differ by a character in ten ...
FUZZY_MIN_CHARS = 20  # ... when the copy is at least this long
TWIN_SLACK = 48  # key characters: a lagging copy may trail its twin by up to a run or two
_MANY = 48  # edits in one check from which the per-edit tests run on arrays (numpy costs microseconds per call)
_DIGIT = re.compile(r"\d")
_NUM_SEP = ".,:/"
_NUMBER_AT_END = re.compile(r"\d(?:[.,:/]?)$")
_NUMBER_AT_START = re.compile(r"^[.,:/]?\d")
_GRAPHEME = regex.compile(r"\X")
_SAFE_BOUNDARY_MAX = 0x2FF  # between two characters below this, every position is a boundary (except CR LF)


def safe_edits(
    text: str, tk: TextKey, edits: Sequence[tuple[Any, ...]], original: Callable[[int, int], str] | None = None
) -> list[tuple[Any, ...]]:
    """The ``edits`` that pass all three checks (see the module docstring), in order.

    ``tk`` is the comparison key of ``text``.  When ``text`` is itself the
    output of earlier rounds of repair, ``original(a, b)`` returns the input
    text around ``text[a:b]``: a number may also be a whole group found there.

    >>> from cleaning.textkey import make_key
    >>> t = "200 200 items"
    >>> safe_edits(t, make_key(t), [(2, 6, "run_doubling")])  # "200 20|0 2|00": cuts both numbers
    []
    >>> safe_edits(t, make_key(t), [(3, 7, "run_doubling")])  # " 200" goes, its twin stays
    [(3, 7, 'run_doubling')]
    """
    if not edits:
        return []
    edits = list(compress(edits, _whole_graphemes_all(text, edits)))
    edits = _tokens_whole(text, edits)
    # Rules 1 and 2 judge each edit against the text the others leave: a twin kept only because another
    # edit removed what lay between (``約71しました。,854名`` | ``約71,854名``), or digits that spell a number
    # only with another edit's, are no twin once that edit is refused.  So both run again on the survivors
    # until none is refused (each pass only drops edits; most texts need one).
    while True:
        twinned = _with_twins(text, tk, edits)
        kept = _numbers_whole(text, twinned, original)
        if len(kept) == len(edits):
            return kept
        edits = kept


def _numbers_whole(
    text: str, edits: list[tuple[Any, ...]], original: Callable[[int, int], str] | None
) -> list[tuple[Any, ...]]:
    """Rule 1 on edits that passed rule 2 (see :func:`safe_edits`)."""
    if not edits:
        return []
    if len(edits) < _MANY:
        if not _DIGIT.search(text):
            return edits  # no digit group to change (``number_faults`` would find none either)
        near = [True] * len(edits)  # ``_numbers_kept`` looks for itself
    else:
        digits = _digit_counts(text)
        if digits is None:
            return edits
        near = _near_digits(digits, edits)
    suspects = [bool(d) and not _numbers_kept(text, e, original) for e, d in zip(edits, near)]
    for k in compress(range(len(edits)), suspects):
        # edits that touch each other delete as one span (copies of different runs side by side, ``…約9万7``
        # | ``0隻を``): a number is cut, or not, by what they remove together
        span = _touching_span(edits, k)
        if span != edits[k][:2]:
            suspects[k] = not _numbers_kept(text, span, original)
    if not any(suspects):
        return without_number_faults(text, edits, original)
    deleted = bytearray(len(text))
    for e in edits:
        deleted[e[0] : e[1]] = b"\x01" * (e[1] - e[0])
    edits = [
        e for e, bad in zip(edits, suspects)
        if not bad or _glyph_copies_only(text, e, deleted) or _number_has_twin(text, e, deleted)
        or _digit_run_in_chain(text, e, deleted)
    ]
    return without_number_faults(text, edits, original)


def _digit_run_in_chain(text: str, edit: tuple[Any, ...], deleted: bytearray) -> bool:
    """Is the edit the second copy of a run of digits inside a chain of copies in step, cut inside a
    number (``ている。2`` ``ている。2`` | ``01`` ``01`` | ``4年6月3`` ``4年6月3``)?  Then it is left to
    :func:`number_faults`, which reads the number with every edit of the chain (``2014``, its removed
    copy in three pieces, :func:`_copies_spell`); looked at alone it seems to cut ``201014``.

    The run removes number characters only, its kept twin is right before it, the text before the twin
    is removed (the chain's copy before), and the text after the run is kept (the chain's next run).
    """
    if len(edit) < 3 or edit[2] != "run_doubling":
        return False
    s, e = edit[0], edit[1]
    n = e - s
    if s < n + 1 or e >= len(text) or not all(_is_num(ch) for ch in text[s:e]):
        return False
    return text[s - n : s] == text[s:e] and not any(deleted[s - n : s]) and bool(deleted[s - n - 1]) and not deleted[e]


def _touching_span(edits: Sequence[tuple[Any, ...]], k: int) -> tuple[int, int]:
    """The span of the run of sorted, disjoint ``edits`` that touch ``edits[k]`` (each ending where the next starts)."""
    i = j = k
    while i > 0 and edits[i - 1][1] == edits[i][0]:
        i -= 1
    while j + 1 < len(edits) and edits[j + 1][0] == edits[j][1]:
        j += 1
    return edits[i][0], edits[j][1]


def without_number_faults(
    text: str, edits: Sequence[tuple[Any, ...]], original: Callable[[int, int], str] | None = None
) -> list[tuple[Any, ...]]:
    """``edits`` less those that, applied together, leave a digit group that is not a whole digit group
    of the input: the final, composed form of rule 1 (see :func:`number_faults`).

    Refusing an edit only keeps more text, which can lengthen a group at a junction, so the check runs
    again until nothing is refused (at most once per edit).

    >>> without_number_faults("Phase 11 began.", [(6, 7, "run_doubling")])  # "11" -> "1": refused
    []
    >>> without_number_faults("from 2014 to 2014 to 2016", [(9, 17, "run_doubling")])
    [(9, 17, 'run_doubling')]
    """
    edits = list(edits)
    for _ in range(len(edits) + 1):
        bad = number_faults(text, edits, original)
        if not bad:
            return edits
        edits = [e for i, e in enumerate(edits) if i not in bad]
    return []


def number_faults(
    text: str, edits: Sequence[tuple[Any, ...]], original: Callable[[int, int], str] | None = None
) -> set[int]:
    """Indices of ``edits`` (sorted, disjoint ``(start, end, ...)`` deletions on ``text``) that leave a
    changed digit group in the output.

    A digit group of the output (``\\d+`` joined by ``.,:/``, full width folded) that a deletion touches
    (an edit ends inside it, beside it, or brings two groups together) must be, whole, a digit group of
    the input near it: ``200 200`` may become ``200``, never ``200 20``; ``Phase 11`` never ``Phase 1``;
    ``12 34`` never ``1234``.  The one exception is fake bold: the input group is the output group with
    every glyph drawn k times (``1100`` -> ``10``, k = 2..4) and every edit at it is ``char_doubling``,
    which is a glyph defect, not a number.
    When a group fails, every edit inside it or at its ends is returned.  Only junctions with a digit
    beside them are looked at, so clean runs cost nothing.
    """
    faults: set[int] = set()
    if not edits or not _DIGIT.search(text):
        return faults
    starts = [e[0] for e in edits]
    ends = [e[1] for e in edits]
    candidates: set[int] = set()
    for m in _NUMBER_RUN.finditer(text):  # only edits beside a run of number characters can touch one
        if _DIGIT.search(m.group()):
            candidates.update(range(bisect_left(ends, m.start() - 2), bisect_right(starts, m.end() + 2)))
    done = -1
    settled: set[int] = set()  # edits of a digit group already found whole (fake bold: one check per group)
    for c in sorted(candidates):
        if c <= done or c in settled:
            continue
        i = j = c  # the cluster of touching edits around c is one junction
        while i > 0 and edits[i - 1][1] >= edits[i][0]:
            i -= 1
        while j + 1 < len(edits) and edits[j + 1][0] <= edits[j][1]:
            j += 1
        done = j
        s, e = edits[i][0], edits[j][1]
        if not _touches_number(text, s, e):
            continue
        lo = edits[i - 1][1] if i > 0 else 0
        hi = edits[j + 1][0] if j + 1 < len(edits) else len(text)
        if _slides(text, s, e, lo, hi) or _copy_cut_in_number(text, s, e, lo, hi):
            continue  # one placement of the deletion leaves every digit group whole, or it is a lagging copy's
        group = set(range(i, j + 1)) | _edits_in_group(text, edits, i, j)
        if _junction_whole(text, edits, i, j, original):
            settled |= group
        else:
            faults |= group
    return faults


_SEPARATORS = frozenset(".,:/，．：／")


def _inside_group(s: str, i: int) -> bool:
    """Does the boundary before ``s[i]`` fall strictly inside a digit group (digits joined by ``.,:/``,
    ASCII or full width)?"""
    if i <= 0 or i >= len(s):
        return False
    a, b = s[i - 1], s[i]
    if a.isdigit():
        return b.isdigit() or (b in _SEPARATORS and i + 1 < len(s) and s[i + 1].isdigit())
    return a in _SEPARATORS and b.isdigit() and i >= 2 and s[i - 2].isdigit()


def clean_cut(text: str, a: int, b: int) -> bool:
    """Does deleting ``text[a:b]`` leave every digit group whole: no end strictly inside one, and no two
    brought together (``12 34`` -> ``1234``, ``2.`` + ``5``)?

    >>> clean_cut("at 11:at 11:11", 0, 6), clean_cut("at 11:at 11:11", 6, 12)
    (True, False)
    """
    if _inside_group(text, a) or _inside_group(text, b):
        return False
    if 0 < a and b < len(text):
        left = text[max(0, a - 2) : a]
        return not _inside_group(left + text[b : b + 2], len(left))
    return True


def _slides(text: str, a: int, b: int, lo: int, hi: int) -> bool:
    """Is there a clean placement (:func:`clean_cut`) of the deletion ``text[a:b]`` among those that give
    the same output?  Deleting ``[a + d, b + d)`` gives the same text as ``[a, b)`` while
    ``text[a + d] == text[b + d]`` (and leftwards alike; a digit may differ in width only); placements stay inside the kept text
    ``[lo, hi)`` between the neighbouring deletions, and within ``2 * (b - a) + 64`` of the first."""
    if clean_cut(text, a, b):
        return True
    reach = 2 * (b - a) + 64
    same = _same_glyph
    d = 0
    while d < reach and a - d - 1 >= lo and same(text[a - d - 1], text[b - d - 1]):
        d += 1
        if clean_cut(text, a - d, b - d):
            return True
    d = 0
    while d < reach and b + d < hi and same(text[a + d], text[b + d]):
        d += 1
        if clean_cut(text, a + d, b + d):
            return True
    return False


COPY_CUT_MIN_SCORE = 10.0  # chain strength / CHAIN_THRESHOLD: ja-75 of the dev set 32.4, ``at 11:at 11:11`` 4.9
COPY_LAG = 48  # characters: a lagging copy's kept twin ends (or starts) at most this far from it


def _copy_cut_in_number(text: str, a: int, b: int, lo: int, hi: int) -> bool:
    """Is ``text[a:b]`` a copy of a phrase whose kept twin lies beside it, cut inside a number only
    where its twin holds that piece as a whole group?

    Two copies merged with a lag end a run inside a number (``令和6(2024)年`` |
    ``令和6(2024`` + ``5月3日``, read ``20245``): deleting the lagging copy
    ``令和6(2024`` cuts ``20245``, but what it removes of the number, ``2024``,
    is a whole group of the twin ``令和6(2024)年`` kept just before.  A
    deletion of number characters only (a square inside one number, ``11``
    -> ``1``) is never such a copy.  ``[lo, hi)``: the kept text around.
    """
    removed = text[a:b]
    if not any(not _is_num(ch) and not ch.isspace() for ch in removed):
        return False
    n = b - a
    twins = [t for t in range(max(lo, a - n - COPY_LAG), a - n + 1) if text[t : t + n] == removed]
    twins += [t for t in range(b, min(hi - n, b + COPY_LAG) + 1) if text[t : t + n] == removed]
    if not twins:
        return False
    pieces = []  # (offset in the copy, length) of each number piece the deletion cuts off
    if _inside_group(text, a):
        k = 0
        while k < n and _is_num(removed[k]):
            k += 1
        pieces.append((0, k))
    if _inside_group(text, b):
        k = n
        while k > 0 and _is_num(removed[k - 1]):
            k -= 1
        pieces.append((k, n - k))
    if not pieces or any(length == 0 for _, length in pieces) or _joins(text, a, b):
        return False
    return any(all(_input_group(text, t + x, t + x + length) == (t + x, t + x + length) for x, length in pieces)
               for t in twins)


def _joins(text: str, a: int, b: int) -> bool:
    """Does deleting ``text[a:b]`` bring number characters together into one group?"""
    if a == 0 or b >= len(text):
        return False
    left = text[max(0, a - 2) : a]
    return _inside_group(left + text[b : b + 2], len(left))


def _same_glyph(x: str, y: str) -> bool:
    """The same character, or the same digit or separator in another width (``２`` and ``2``): a
    fuzzy copy spells its numbers in either."""
    return x == y or x.translate(_FULLWIDTH) == y.translate(_FULLWIDTH)


_JUNCTION_REACH = 24  # characters each side of a junction looked at first (more when a group reaches the edge)


def _touches_number(text: str, s: int, e: int) -> bool:
    """Could deleting ``text[s:e]`` change a digit group?  It starts or ends inside one, or brings
    number characters together (``12 34`` -> ``1234``, ``2.`` + ``5``).  Most junctions beside a
    number leave it whole and are settled here, cheaply."""
    if not (_DIGIT.search(text[max(0, s - 2) : s]) or _DIGIT.search(text[e : e + 2])):
        return False
    if _number_boundary_inside(text, s) or _number_boundary_inside(text, e):
        return True
    return s > 0 and e < len(text) and _is_num(text[s - 1]) and _is_num(text[e])


def _window_out(text: str, edits: Sequence[tuple[Any, ...]], a: int, b: int, first: int) -> tuple[str, list[int]]:
    """The output text of input ``[a, b)`` and each of its characters' input offsets; ``first``: an
    index of ``edits`` at or before the first edit that may touch ``[a, b)``."""
    k = first
    while k > 0 and edits[k - 1][1] > a:
        k -= 1
    chars: list[str] = []
    idx: list[int] = []
    pos = a
    while k < len(edits) and edits[k][0] < b:
        s, e = max(edits[k][0], a), min(edits[k][1], b)
        if s > pos:
            chars.append(text[pos:s])
            idx.extend(range(pos, s))
        pos = max(pos, e)
        k += 1
    if pos < b:
        chars.append(text[pos:b])
        idx.extend(range(pos, b))
    return "".join(chars), idx


def _group_at(out: str, idx: list[int], at: int) -> re.Match[str] | None:
    """The digit group of ``out`` that touches position ``at`` (a junction), also across one separator:
    ``207.`` | ``17.`` leaves ``207.`` whose group ``207`` was ``207.17`` in the input."""
    for m in _NUMBER.finditer(out, max(0, at - 2 * _JUNCTION_REACH), min(len(out), at + 2 * _JUNCTION_REACH)):
        if m.start() <= at <= m.end():
            return m
        if (m.end() + 1 == at and out[m.end()] in _SEPARATORS) or (at + 1 == m.start() and out[at] in _SEPARATORS):
            return m
    return None


def _input_group(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The maximal digit group of the input around ``text[lo:hi]``."""
    a = lo
    while a > 0 and (text[a - 1].isdigit() or (text[a - 1] in _NUM_SEP and a >= 2 and text[a - 2].isdigit())):
        a -= 1
    b = hi
    while b < len(text) and (text[b].isdigit() or (text[b] in _NUM_SEP and b + 1 < len(text) and text[b + 1].isdigit())):
        b += 1
    return a, b


def _junction_whole(
    text: str, edits: Sequence[tuple[Any, ...]], i: int, j: int, original: Callable[[int, int], str] | None
) -> bool:
    s, e = edits[i][0], edits[j][1]
    reach = _JUNCTION_REACH
    while True:
        a, b = max(0, s - reach), min(len(text), e + reach)
        out, idx = _window_out(text, edits, a, b, i)
        at = bisect_left(idx, s)
        m = _group_at(out, idx, at)
        if m is None:
            return True  # no digit group at the junction
        if (m.start() > 0 or a == 0) and (m.end() < len(out) or b == len(text)):
            break
        if reach > 1 << 16:
            return False  # a digit group this long is not worth the risk
        reach *= 4
    if m.end() < at and text.startswith(out[m.start() : at], s):
        return True  # ``2023.`` | ``2023.``: the deletion starts with a whole copy of the group and its separator
    lo, hi = idx[m.start()], idx[m.end() - 1] + 1
    if hi - lo == m.end() - m.start() and _input_group(text, lo, hi) == (lo, hi):
        return True  # untouched: the same characters, a whole group of the input
    group = _fold_number(m.group())
    span = hi - lo
    a2, b2 = max(0, lo - 2 * span - _NUMBER_REACH), min(len(text), hi + 2 * span + _NUMBER_REACH)
    around = text[a2:b2]
    if original is not None:
        around += "\n" + original(a2, b2)
    ks = {i, j} | _edits_in_group(text, edits, i, j)
    if _copies_spell(text, set(idx), a, b, lo, hi, group) and _copy_cut_here(text, edits, ks):
        return True
    # fake bold only where the step says so: every edit at the group (removing some of its run of number
    # characters, spaced or not) removes glyph copies; an edit beside the run (a later round's sentence
    # copy, ``TThhee … 22002244..  TThhee …``) is no edit of the number
    ra, rb = _number_run(text, lo, hi)
    at_group = [k for k in set(range(i, j + 1)) | _edits_in_group(text, edits, i, j) if edits[k][0] < rb and edits[k][1] > ra]
    bold = bool(at_group) and all(len(edits[k]) > 2 and edits[k][2] == "char_doubling" for k in at_group)
    # fake bold draws separators k times too (``11,,000000``): compare with the whole run of number characters
    if bold and (_drawn_k_times(text, lo, hi, group) or _drawn_spaced(text, lo, hi, group)):
        return True
    return _removes_text(text, edits, ks) and _whole_in_removed_copy(text, edits, i, j, lo, hi, group)


def _number_run(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The run of number characters around ``text[lo:hi]``, single spaces between them included
    (the spaced form of fake bold, ``2 20 02 24 4``)."""
    ra, rb = lo, hi
    while ra > 0 and (_is_num(text[ra - 1]) or (text[ra - 1] == " " and ra >= 2 and _is_num(text[ra - 2]))):
        ra -= 1
    while rb < len(text) and (_is_num(text[rb]) or (text[rb] == " " and rb + 1 < len(text) and _is_num(text[rb + 1]))):
        rb += 1
    return ra, rb


def _drawn_k_times(text: str, lo: int, hi: int, group: str) -> bool:
    """Is the input's run of number characters at ``text[lo:hi]`` ``group`` with every glyph drawn k times,
    and no other k that the glyphs beside it are drawn reads it too (``第第1111旅旅``: k = 2, so ``11``,
    never ``1`` drawn 4 times; layers mixed, ``11112222月月月``, read ``12`` as no 3 divides 8)?"""
    ra, rb = lo, hi
    while ra > 0 and _NUMBER_RUN.match(text[ra - 1]):
        ra -= 1
    while rb < len(text) and _NUMBER_RUN.match(text[rb]):
        rb += 1
    drawn = _fold_number(text[ra:rb])
    # separators at the run's ends are drawn k times too but belong to no group (``1100,,`` is ``10,``)
    core = drawn.strip(_NUM_SEP)
    if not _glyph_fold(core, group):
        return _bold_from_inside(text, ra, rb, drawn, core, group)
    k = len(core) // len(group)
    head, tail = drawn[: drawn.index(core)], drawn[drawn.index(core) + len(core) :]
    if any(piece and not _glyph_fold(piece, piece[::k]) for piece in (head, tail)):
        return False
    for n in (_run_before(text, ra), _run_after(text, rb)):
        if n >= 2 and n != k and len(drawn) % n == 0 and _glyph_fold(drawn, drawn[::n]):
            return False  # the neighbours are drawn n times, and the number reads whole that way too
    return _bold_number(text, ra + drawn.index(core), ra + drawn.index(core) + len(core), 0, k)


def _drawn_spaced(text: str, lo: int, hi: int, group: str) -> bool:
    """Is the input around ``text[lo:hi]`` ``group`` with every glyph drawn twice, a space between the
    copies (``2 20 02 24 4`` is ``2024``; separators alike: ``2 20 02 24 4. .`` is ``2024.``), inside
    a region of text drawn the same way (:func:`_in_bold_region`)?"""
    run = _spaced_number(text, lo)
    if run is None:
        return False
    ra, rb = run
    return _fold_number(text[ra:rb:3]).strip(_NUM_SEP) == group and _in_bold_region(text, ra, rb, spaced=True)


def _spaced_unit(text: str, u: int) -> bool:
    """Is there a number character drawn twice with a space between at ``u`` (``0 0``)?"""
    return 0 <= u and u + 2 < len(text) and _is_num(text[u]) and text[u + 1] == " " and text[u] == text[u + 2]


def _spaced_number(text: str, u: int) -> tuple[int, int] | None:
    """The run of ``X X`` units of number characters, one straight after the other, through the one at
    ``u`` (``2 20 02 24 4`` for ``2024``; a word space ends it), as ``(start, end)``; None if none is at ``u``."""
    if not _spaced_unit(text, u):
        return None
    ra = rb = u
    while _spaced_unit(text, ra - 3):
        ra -= 3
    while _spaced_unit(text, rb + 3):
        rb += 3
    return ra, rb + 3


BOLD_REGION_MIN = 3  # glyphs beside a number drawn several times, as it is: with it, a fake-bold row (MIN_PAIRS)
_BOLD_REGION_REACH = 8  # glyphs looked at on each side


def _in_bold_region(text: str, ra: int, rb: int, spaced: bool) -> bool:
    """Are the glyphs beside the number characters ``text[ra:rb]``, on its line, drawn several times too?

    The safety rule behind repairing fake bold inside a number (``1100`` -> ``10``): each removed
    digit is an identical twin of the digit kept beside it (a glyph-level copy), and the text around
    carries the mechanism: at least ``BOLD_REGION_MIN`` of the nearest non-number glyphs (up to
    ``_BOLD_REGION_REACH`` each side, whitespace and number characters skipped, counted outwards
    until the first that is not) are drawn 2 to 4 times (or, ``spaced``, twice with a space between: ``M Ma ay y``).  A
    doubled number in clean text (``More than 1100 troops``) has no such region and stays.
    """
    count = 0
    for step in (-1, 1):
        i = ra - 1 if step < 0 else rb  # the character next to the run, walking outwards
        seen = 0
        while seen < _BOLD_REGION_REACH and 0 <= i < len(text) and text[i] != "\n":
            if text[i].isspace() or _is_num(text[i]):  # another number is judged by its own rule
                i += step
                continue
            if spaced:
                a = i - 2 if step < 0 else i
                if a < 0 or a + 2 >= len(text) or text[a + 1] != " " or text[a] != text[a + 2] or text[a].isspace():
                    break
                i += 3 * step
            else:
                j = i
                while 0 <= j + step < len(text) and text[j + step] == text[i]:
                    j += step
                if not 2 <= abs(j - i) + 1 <= 8:
                    break
                i = j + step
            seen += 1
        count += seen
    return count >= BOLD_REGION_MIN


def _run_before(text: str, i: int) -> int:
    """How many times the character before ``i`` is drawn in a row, ending at ``i`` (0 for a space or none)."""
    if i == 0 or text[i - 1].isspace():
        return 0
    j = i - 1
    while j > 0 and text[j - 1] == text[i - 1]:
        j -= 1
    return i - j


def _run_after(text: str, i: int) -> int:
    if i >= len(text) or text[i].isspace():
        return 0
    j = i
    while j + 1 < len(text) and text[j + 1] == text[i]:
        j += 1
    return j + 1 - i


_NUMBER_RUN = re.compile(r"[\d.,:/，．：／]+")


def _copies_spell(text: str, kept: set[int], a: int, b: int, lo: int, hi: int, group: str) -> bool:
    """Do the digits removed at the group ``text[lo:hi]`` (what of it is kept spells ``group``) spell
    ``group`` too, in at least two pieces?

    Two copies cut inside a number leave no whole copy of it in the input
    (``…。201`` | ``用する…。2014`` | ``4年…``, ``20144`` in the input); the
    repair keeps ``201`` + ``4`` and removes ``201`` + ``4``: each removed
    digit is a twin of a kept one, and the removed ones come in pieces, one of
    them the end of a removed run of text, as a copy cut at a run boundary
    does.  A digit square inside one number (``11`` -> ``1``, ``1111`` ->
    ``11``) removes digits only and is refused.  ``kept``: the kept
    input offsets of the window ``[a, b)``.
    """
    gone: list[int] = []
    i = lo - 1  # deleted number characters just left of the group
    while i >= a and i not in kept and _is_num(text[i]):
        gone.append(i)
        i -= 1
    gone.reverse()
    k = lo
    while k < hi:  # inside the group's span: the number characters of a deletion next to kept ones
        if k in kept:
            k += 1
            continue
        d = k
        while d < hi and d not in kept:
            d += 1
        head = k
        while head < d and _is_num(text[head]):
            head += 1
        tail = d
        while tail > head and _is_num(text[tail - 1]):
            tail -= 1
        gone.extend(range(k, head))
        gone.extend(range(tail, d))
        k = d
    i = hi
    while i < b and i not in kept and _is_num(text[i]):
        gone.append(i)
        i += 1
    if i == hi:
        gone.extend(_twin_of_tail(text, kept, lo, hi, b))
    if not gone:
        return False
    pieces = 1 + sum(1 for x, y in zip(gone, gone[1:]) if y != x + 1)
    # ... and a removed piece belongs to a removed run of text (a copy's run), not to digit squares
    in_run = any((g - 1 >= a and g - 1 not in kept and not _is_num(text[g - 1]))
                 or (g + 1 < b and g + 1 not in kept and not _is_num(text[g + 1])) for g in gone)
    return pieces >= 2 and in_run and _fold_number("".join(text[g] for g in gone)) == group


def _twin_of_tail(text: str, kept: set[int], lo: int, hi: int, b: int) -> range:
    """The removed twin of the group's last digits, when the run that ends the group is kept and its copy
    is the next deletion: ``…201`` | ``01`` | ``4年6月3`` (kept) then ``4年6月3`` (removed), the copies
    in step.  The deletion starts with the number characters ``text[hi - m:hi]`` and goes on with the
    very text kept between the group and it (the copy of the run, on the same line); empty otherwise.
    """
    j = hi
    while j < b and j in kept and text[j] != "\n":
        j += 1
    if j >= b or j == hi or j in kept:
        return range(0)
    m = 0
    while j + m < b and j + m not in kept and _is_num(text[j + m]):
        m += 1
    between = text[hi:j]
    if not m or m > hi - lo or text[j : j + m] != text[hi - m : hi] or text[j + m : j + m + len(between)] != between:
        return range(0)
    if any(k in kept for k in range(j, j + m + len(between))):
        return range(0)
    return range(j, j + m)


def _removes_text(text: str, edits: Sequence[tuple[Any, ...]], ks: set[int]) -> bool:
    """Does one of the edits ``ks`` remove text, not only number characters (a copy's run, not a digit square)?"""
    return any(not _is_num(ch) and not ch.isspace() for k in ks for ch in text[edits[k][0] : edits[k][1]])


def _whole_in_removed_copy(text: str, edits: Sequence[tuple[Any, ...]], i: int, j: int, lo: int, hi: int,
                           group: str) -> bool:
    """Is ``group`` (the output's digit group at input ``[lo, hi)``, where ``edits[i..j]`` meet) a whole digit
    group of the input inside a deleted copy near it (its run within ``COPY_LAG + _NUMBER_REACH`` characters)?

    Copies that drift cut a number inside each copy at its own points, and the pieces of the kept copy
    lie a run or more apart (``6月3`` | ``めの…2014年6月`` | ``の…2014年`` | ``0日``, three copies):
    no removed digit sits beside the group, but another copy's run holds it whole (``6月30日``), and
    it goes as that copy's.  The output number is then a whole number of the input, spelled by a twin.
    """
    reach = COPY_LAG + _NUMBER_REACH
    k = i  # the junction's edits are ``[i, j]``: look from the first one ending in reach
    while k > 0 and edits[k - 1][1] > lo - reach:
        k -= 1
    while k < len(edits) and edits[k][0] < hi + reach:
        s, e = edits[k][0], edits[k][1]
        for m in _NUMBER.finditer(text, s, e):
            if _input_group(text, m.start(), m.end()) == m.span() and _fold_number(m.group()) == group:
                return True
        k += 1
    return False


def _copy_cut_here(text: str, edits: Sequence[tuple[Any, ...]], ks: set[int]) -> bool:
    """Did a copy of text end inside this number?  One of the edits ``ks`` removes text (not only
    number characters) and has no placement that leaves the digit groups whole (:func:`_slides`),
    or one belongs to a chain of copies scoring ``COPY_CUT_MIN_SCORE`` (``(start, end, kind, score)``).

    Then the number was cut by the copies (``…。201`` | ``用する…。2014`` | ``4年``, inside a chain
    of 22 doubled runs) and digits that spell it may go; when every run of text around goes
    cleanly and the chain is short (``at 11:`` ``at 11:`` then ``11``, three runs), a digit square
    left inside the number (``11`` -> ``1``) is no copy's cut: the number stays.
    """
    if any(len(edits[k]) > 3 and edits[k][3] >= COPY_CUT_MIN_SCORE for k in ks):
        return True  # a long chain of copies: the mechanism is established around the number
    for k in ks:
        s, e = edits[k][0], edits[k][1]
        if any(not _is_num(ch) and not ch.isspace() for ch in text[s:e]):
            lo = edits[k - 1][1] if k > 0 else 0
            hi = edits[k + 1][0] if k + 1 < len(edits) else len(text)
            if not _slides(text, s, e, lo, hi):
                return True
    return False


def _glyph_fold(drawn: str, group: str) -> bool:
    """Is ``drawn`` ``group`` with every glyph drawn k times (fake bold, k = 2..4)?"""
    k, r = divmod(len(drawn), len(group)) if group else (0, 1)
    return not r and 2 <= k <= 4 and drawn == "".join(c * k for c in group)


def _edits_in_group(text: str, edits: Sequence[tuple[Any, ...]], i: int, j: int) -> set[int]:
    """The edits of the cluster ``[i, j]``'s digit group: those joined to it by kept number characters only."""
    out: set[int] = set()
    s, e = edits[i][0], edits[j][1]
    k = i - 1
    while k >= 0 and s - edits[k][1] <= _NUMBER_REACH and all(map(_is_num, text[edits[k][1] : s])):
        out.add(k)
        s = edits[k][0]
        k -= 1
    k = j + 1
    while k < len(edits) and edits[k][0] - e <= _NUMBER_REACH and all(map(_is_num, text[e : edits[k][0]])):
        out.add(k)
        e = edits[k][1]
        k += 1
    return out


def _is_num(ch: str) -> bool:
    return ch.isdigit() or ch in _NUM_SEP


def _number_has_twin(text: str, edit: tuple[Any, ...], deleted: bytearray) -> bool:
    """Does the number the step leaves at ``edit`` equal the digits the step removes around it?

    Two copies cut inside a number (``…201`` | ``用する…2014`` | ``4年…``) leave no whole copy
    of it in the input; what stays (``201`` + ``4``) is still the number when the digits that go
    (``201`` + ``4``) spell the same: each removed digit is a twin of a kept one.  Walks the
    digits on both sides of the edit, hopping over other deletions of the step.
    """
    kept: list[str] = []
    gone: list[str] = []
    own = text[edit[0] : edit[1]]
    head = len(own) - len(own.lstrip("0123456789.,:/"))
    tail = len(own) - len(own.rstrip("0123456789.,:/"))
    left_gone = [own[len(own) - tail :]] if tail else []
    right_gone = [own[:head]] if head and head < len(own) else []
    if head == len(own):
        left_gone, right_gone = [own], []
    left = _walk(text, edit[0] - 1, -1, deleted)
    right = _walk(text, edit[1], 1, deleted)
    kept = left[0][::-1] + right[0]
    gone = left[1][::-1] + left_gone + right_gone + right[1]
    j, r = "".join(kept), "".join(gone)
    return bool(j) and _fold_number(j) == _fold_number(r)


def _walk(text: str, i: int, step: int, deleted: bytearray) -> tuple[list[str], list[str]]:
    """From ``i`` in direction ``step``: the kept and the deleted digit characters met, in walking order."""
    kept: list[str] = []
    gone: list[str] = []
    while 0 <= i < len(text):
        ch = text[i]
        if deleted[i]:
            if _is_num(ch):
                gone.append(ch)
                i += step
                continue
            while 0 <= i < len(text) and deleted[i]:  # hop over the rest of that deletion
                i += step
            continue
        if not _is_num(ch):
            break
        kept.append(ch)
        i += step
    return kept, gone


def _number_boundary_inside(text: str, i: int) -> bool:
    """Does the boundary before ``text[i]`` fall inside a digit group?"""
    if i <= 0 or i >= len(text):
        return False
    a, b = text[i - 1], text[i]
    if a.isdigit() and b.isdigit():
        return True
    if a.isdigit() and b in _NUM_SEP:
        return i + 1 < len(text) and text[i + 1].isdigit()
    if a in _NUM_SEP and b.isdigit():
        return i >= 2 and text[i - 2].isdigit()
    return False


def _numbers_kept(text: str, edit: tuple[Any, ...], original: Callable[[int, int], str] | None = None) -> bool:
    """Rule 1: every digit group the edit touches comes out as a whole digit group of the input.

    The group at the junction (what is left of the groups the edit's ends
    touch, joined) must be, up to width, a whole digit group found in the
    input near the edit: ``200 200`` may lose a ``200``, never become
    ``200 20``; a lockstep copy cut inside ``493`` may go when what stays is
    ``493``.  Fake bold inside a number (``1100`` → ``10``) is a glyph-level
    defect, not a number change: a ``char_doubling`` edit that removes only
    copies of glyphs inside a group whose every glyph is drawn k times is allowed
    when the step removes every extra copy of the group (``_glyph_copies_only``).
    """
    start, end = edit[0], edit[1]
    if not (_DIGIT.search(text, max(0, start - 2), start + 1) or _DIGIT.search(text, max(0, end - 1), end + 2)):
        return True  # no digit beside either end: nothing to cut or join
    cut = _number_boundary_inside(text, start) or _number_boundary_inside(text, end)
    left, right = text[max(0, start - _NUMBER_REACH) : start], text[end : end + _NUMBER_REACH]
    joined = bool(_NUMBER_AT_END.search(left) and _NUMBER_AT_START.search(right))
    if not (cut or joined):
        return True
    junction = next((m.group() for m in _NUMBER.finditer(left + right) if m.start() <= len(left) <= m.end()), "")
    if not junction:
        return False
    reach = 2 * (end - start) + 2 * _NUMBER_REACH
    a, b = max(0, start - reach), min(len(text), end + reach)
    around = text[a:b] if original is None else text[a:b] + "\n" + original(a, b)
    return _fold_number(junction) in {_fold_number(g) for g in _NUMBER.findall(around)}


_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_NUMBER_REACH = 40
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"，": ",", "．": ".", "：": ":", "／": "/"})


def _fold_number(group: str) -> str:
    return group.translate(_FULLWIDTH)


def _glyph_copies_only(text: str, edit: tuple[Any, ...], deleted: bytearray) -> bool:
    """Fake bold inside a number (``1100`` → ``10``): a ``char_doubling`` edit inside a digit group whose every
    glyph is drawn k times (k = 2..4), when the step removes exactly the extra copies of the whole group."""
    if len(edit) < 3 or edit[2] != "char_doubling":
        return False
    start, end = edit[0], edit[1]
    if end - start == 2 and text[start] == " " and start > 0 and text[start - 1] == text[start + 1]:
        return _spaced_copies_only(text, start, deleted)
    a = start
    while a > 0 and _is_num(text[a - 1]):
        a -= 1
    b = start
    while b < len(text) and _is_num(text[b]):
        b += 1
    if text[b:end].strip():
        return False  # the edit runs on past the group into text
    group = text[a:b]
    for k in (2, 3, 4):
        if len(group) % k or any(group[i] != group[i - i % k] for i in range(len(group))):
            continue
        if all(bool(deleted[a + i]) == bool(i % k) for i in range(len(group))):
            for n in (_nearest_run(text, a - 1, -1), _nearest_run(text, b, 1)):
                if 2 <= n <= 4 and n != k and len(group) % n == 0 and _glyph_fold(group, group[::n]):
                    return False  # the glyphs beside are drawn n times, and the number reads whole that way too
            return _bold_number(text, a, b, 0, k)
    return _bold_tail_copies_only(text, a, b, deleted)


def _glyph_runs(drawn: str) -> list[tuple[int, int]]:
    """The runs of one glyph in ``drawn``, as ``(start, end)``."""
    return [m.span() for m in _ONE_GLYPH_RUN.finditer(drawn)]


_ONE_GLYPH_RUN = re.compile(r"(.)\1*", re.S)


def _bold_split(drawn: str, k: int) -> tuple[int, int] | None:
    """Where fake bold drawn ``k`` times may start inside the number characters ``drawn`` when their
    first glyphs are not drawn k times (``1`` + ``2222``: ``12``): ``(p, runs)``, ``drawn[:p]`` clean and
    ``drawn[p:]`` the ``runs`` whole runs of one glyph, each a multiple of ``k`` long, that end it.

    The region of fake bold is read as reaching left as far as every run of one glyph is a multiple of
    ``k`` long; its edge is certain only where the run before it is shorter than ``k`` (``2`` of
    ``20000…``: no copy of it can be bold).  A longer run (``111時時`` at k = 2: ``1`` + ``11``, or a
    clean ``111``) leaves the edge inside the run, two readings: None.  None too when no run ends
    ``drawn`` that way, or when every run does (the whole number is drawn k times: not this case).
    """
    runs = _glyph_runs(drawn)
    i = len(runs)
    while i and (runs[i - 1][1] - runs[i - 1][0]) % k == 0:
        i -= 1
    if i in (0, len(runs)) or runs[i - 1][1] - runs[i - 1][0] > k:
        return None
    return runs[i][0], len(runs) - i


def _bold_from_inside(text: str, ra: int, rb: int, drawn: str, core: str, group: str) -> bool:
    """Is the input's run of number characters ``text[ra:rb]`` (``drawn`` folded, ``core`` without
    separators at its ends) the digit group ``group`` with the left edge of a fake-bold region inside
    it (``20000`` + ``11111111`` + ``年年年年``: ``2011``), read by :func:`_bold_split` and allowed by
    :func:`_bold_number`?"""
    if drawn.startswith(core) is False or drawn[len(core):].strip(_NUM_SEP):
        return False
    for k in (2, 3, 4):
        split = _bold_split(core, k)
        if split is None:
            continue
        p, _ = split
        tail = drawn[drawn.index(core) + len(core) :]
        if core[:p] + core[p::k] == group and (not tail or _glyph_fold(tail, tail[::k])):
            off = ra + drawn.index(core)
            return _bold_number(text, off, rb, p, k)
    return False


def _bold_tail_copies_only(text: str, a: int, b: int, deleted: bytearray) -> bool:
    """``_glyph_copies_only`` for a group whose first glyphs are clean and the rest drawn k times (the
    left edge of a fake-bold region inside the number, :func:`_bold_split`): the clean glyphs are kept,
    and exactly the extra copies of the others go."""
    group = text[a:b]
    for k in (2, 3, 4):
        split = _bold_split(group, k)
        if split is None:
            continue
        p, _ = split
        if any(deleted[a + i] for i in range(p)):
            return False
        if all(bool(deleted[a + p + i]) == bool(i % k) for i in range(b - a - p)):
            return _bold_number(text, a, b, p, k)
    return False


def _bold_number(text: str, a: int, b: int, p: int, k: int) -> bool:
    """May the number characters ``text[a:b]`` be read as fake bold drawn ``k`` times from ``a + p`` on

    The edge of a fake-bold region is where the drawing changes, and next to a number it can fall on
    either side of it: ``11時~11時時38…`` is a clean ``11`` before a bold ``時`` as much as a bold ``1``
    (``11時~1時``), and ``The rreeppoorrtt  ssaayyss  1100 troops`` a bold ``1`` as much as a clean
    ``1100``.  So the region must run on past the number on both sides (:func:`_side_drawn`); where it
    does not (or where the number's first glyphs are clean, ``p > 0``), only when the number carries
    the mechanism itself: at least ``OPEN_EDGE_DRAWN[k]`` number characters drawn k times, every run of
    one glyph a multiple of k long, which a clean number that long hardly ever is (``22002244``,
    ``2`` + ``0000`` + ``11111111``, ``11111111`` at k = 4), while a clean ``1100``, ``66``, ``11`` or the
    ``0000`` of ``20000`` is common.  Always with the region around it
    (:func:`_in_bold_region`).
    """
    closed = p == 0 and _side_drawn(text, a - 1, -1) and _side_drawn(text, b, 1)
    if not closed and b - a - p < OPEN_EDGE_DRAWN[k]:
        return False
    return _in_bold_region(text, a + p, b, spaced=False)


# Number characters drawn k times (every run of one glyph k, 2k… long) a number needs when the bold
# region may end at it (see ``_bold_number``): a clean ``1100``, ``2200`` or ``1111`` is common, a clean
# ``110022``, ``111000`` or ``11110000`` is not.
OPEN_EDGE_DRAWN = {2: 6, 3: 6, 4: 8}


def _side_drawn(text: str, i: int, step: int) -> bool:
    """Walking from ``i`` by ``step`` (whitespace skipped, not past a line break), is the nearest glyph
    drawn at least twice in a row, or is there none (the line or text ends)?"""
    while 0 <= i < len(text) and text[i].isspace() and text[i] != "\n":
        i += step
    if not 0 <= i < len(text) or text[i] == "\n":
        return True
    return _nearest_run(text, i, step) >= 2


def _nearest_run(text: str, i: int, step: int) -> int:
    """How many times the nearest glyph from ``i`` walking by ``step`` (whitespace skipped, not past a
    line break) is drawn in a row; 0 if there is none."""
    while 0 <= i < len(text) and text[i].isspace() and text[i] != "\n":
        i += step
    if not 0 <= i < len(text) or text[i].isspace():
        return 0
    j = i
    while 0 <= j + step < len(text) and text[j + step] == text[i]:
        j += step
    return abs(j - i) + 1


def _spaced_copies_only(text: str, start: int, deleted: bytearray) -> bool:
    """The spaced form of fake bold inside a number (``2 20 02 24 4`` -> ``2024``): the edit removes
    `` X`` after a kept ``X``, the run of number characters around is drawn that way glyph by glyph,
    the step removes exactly each `` X`` of it, and the region is drawn alike (:func:`_in_bold_region`)."""
    run = _spaced_number(text, start - 1)
    if run is None:
        return False
    ra, rb = run
    units = range(ra, rb, 3)
    if not any(text[u].isdigit() for u in units):
        return False
    if any(deleted[u] or not (deleted[u + 1] and deleted[u + 2]) for u in units):
        return False
    return _in_bold_region(text, ra, rb, spaced=True)


def _digit_counts(text: str) -> np.ndarray | None:
    """``counts[i]``: the digits (``\\d``) in ``text[:i]``; None when there are none."""
    at = [m.start() for m in _DIGIT.finditer(text)]
    if not at:
        return None
    counts = np.zeros(len(text) + 1, dtype=np.int64)
    counts[np.array(at) + 1] = 1
    return np.cumsum(counts)


def _near_digits(counts: np.ndarray, edits: Sequence[tuple[Any, ...]]) -> list[bool]:
    """For each edit, is there a digit within two characters of either end?  (The first test of
    ``_numbers_kept``, for all edits at once: an edit with none beside it keeps every number.)"""
    if not edits:
        return []
    n = len(counts) - 1
    starts = np.array([e[0] for e in edits], dtype=np.int64)
    ends = np.array([e[1] for e in edits], dtype=np.int64)

    def any_in(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        lo, hi = np.clip(lo, 0, n), np.clip(hi, 0, n)
        return counts[np.maximum(hi, lo)] > counts[lo]

    return (any_in(starts - 2, starts + 1) | any_in(ends - 1, ends + 2)).tolist()


def _whole_graphemes_all(text: str, edits: Sequence[tuple[Any, ...]]) -> list[bool]:
    """Rule 3 for every edit (``_whole_graphemes``), with the common cases settled for all at once:
    an end between two characters that cannot join one cluster (``_may_join``) is a boundary."""
    if len(edits) < _MANY:
        return [_whole_graphemes(text, e[0], e[1]) for e in edits]
    n = len(text)
    ends = np.array([x for e in edits for x in (e[0], e[1])], dtype=np.int64)
    inner = (ends > 0) & (ends < n)
    if not inner.any():
        return [True] * len(edits)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    i = ends[inner]
    a, b = codes[i - 1], codes[i]
    joinable = np.zeros(len(i), dtype=bool)
    wide = (a > _SAFE_BOUNDARY_MAX) | (b > _SAFE_BOUNDARY_MAX)
    if wide.any():
        chars, at = np.unique(b, return_inverse=True)
        joinable = np.array([_may_extend(chr(c)) for c in chars.tolist()])[at]
        chars, at = np.unique(a, return_inverse=True)
        joinable |= np.array([_may_be_extended(chr(c)) for c in chars.tolist()])[at]
        joinable &= wide
    ok = np.ones(len(ends), dtype=bool)
    ok[inner] = ~((a == 13) & (b == 10))  # CR LF is one cluster
    for k in np.flatnonzero(inner)[joinable].tolist():
        ok[k] = _is_boundary(text, int(ends[k]))
    return (ok[0::2] & ok[1::2]).tolist()


def _is_boundary(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    if ord(a) <= _SAFE_BOUNDARY_MAX and ord(b) <= _SAFE_BOUNDARY_MAX:
        return not (a == "\r" and b == "\n")
    if not _may_join(a, b):
        return True
    lo = max(0, i - 32)
    pos = lo
    for m in _GRAPHEME.finditer(text, lo, min(len(text), i + 32)):
        pos = m.end()
        if pos >= i:
            break
    # Starting up to 32 characters back may start mid-cluster; a cluster that long
    # (a tag sequence, a Zalgo stack) is treated as one whole either way.
    return pos == i


def _may_join(a: str, b: str) -> bool:
    """Could ``a`` and ``b`` belong to one grapheme cluster?  A cheap superset of the UAX #29 rules."""
    return _may_extend(b) or _may_be_extended(a)


@functools.cache  # per character: a text has a few thousand distinct ones, and this runs at every edit's ends
def _may_extend(b: str) -> bool:
    """Could ``b`` continue the cluster of the character before it (a mark, a joiner, a modifier, a jamo)?"""
    ob = ord(b)
    return (
        unicodedata.category(b) in ("Mn", "Mc", "Me", "Cf", "Sk")
        or 0xFE00 <= ob <= 0xFE0F
        or 0x1F3FB <= ob <= 0x1F3FF
        or 0xE0000 <= ob <= 0xE01EF
        or 0x1F1E6 <= ob <= 0x1F1FF
        or 0x1100 <= ob <= 0x11FF
        or 0xD7B0 <= ob <= 0xD7FF
        or 0x0E00 <= ob <= 0x0EFF  # Thai and Lao vowel signs (SpacingMark)
        or 0x0900 <= ob <= 0x0DFF  # Indic spacing marks
    )


@functools.cache
def _may_be_extended(a: str) -> bool:
    """Could the character after ``a`` join its cluster for ``a``'s sake (a Hangul syllable or jamo, a format character)?"""
    oa = ord(a)
    return 0xAC00 <= oa <= 0xD7A3 or 0x1100 <= oa <= 0x11FF or unicodedata.category(a) == "Cf"


def _whole_graphemes(text: str, start: int, end: int) -> bool:
    """Rule 3: both ends of the edit are grapheme cluster boundaries."""
    return _is_boundary(text, start) and _is_boundary(text, end)


# Tokens repaired only whole (rule 3): a URL (scheme or ``www.``), an e-mail address, and a path of at
# least three segments holding a letter (``a/b/c``; not ``and/or``, ``F-15J/DJ`` or a date ``2024/10/5``).
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_WHOLE_TOKEN = re.compile(
    rf"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.){_URL_CHARS}+"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"|/?(?:[A-Za-z0-9_.~%\-]+/){2,}[A-Za-z0-9_.~%\-]*"
)


def url_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the URLs, e-mail addresses and paths of ``text`` that repair may only take whole.

    >>> t = "see https://www.defense.gov/News/Releases/Release/ or a/b and F-15J/DJ, 2024/10/5"
    >>> [t[a:b] for a, b in url_tokens(t)]
    ['https://www.defense.gov/News/Releases/Release/']
    """
    if "/" not in text and "@" not in text:
        return []
    return [m.span() for m in _WHOLE_TOKEN.finditer(text) if any(ch.isalpha() for ch in m.group())]


def _tokens_whole(text: str, edits: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rule 3: the edits that take every URL, e-mail address or path they touch whole.

    Inside a token glued to copies of itself (``U U`` with no space, ``U`` a token on its own) an
    edit may remove whole later copies: ``[a, b)`` with both ends at copy boundaries after the first.
    """
    spans = url_tokens(text)
    if not spans:
        return edits
    starts = [a for a, _ in spans]
    out = []
    for e in edits:
        s, t = e[0], e[1]
        ok = True
        for k in range(max(0, bisect_right(starts, s) - 1), bisect_left(starts, t)):
            a, b = spans[k]
            if b <= s or t <= a or (s <= a and b <= t):
                continue  # untouched, or taken whole
            unit = _copy_unit(text[a:b])
            ok = bool(unit) and a + unit <= s and t <= b and (s - a) % unit == 0 and (t - a) % unit == 0
            if not ok:
                break
        if ok:
            out.append(e)
    return out


def _copy_unit(token: str) -> int:
    """The length of ``U`` when ``token`` is ``U`` glued to copies of itself, ``U`` a token of its own; else 0."""
    period = (token + token).find(token, 1)
    if period >= len(token) or len(token) % period:
        return 0
    return period if _WHOLE_TOKEN.fullmatch(token[:period]) else 0


def _with_twins(text: str, tk: TextKey, edits: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rule 2, on the key: each edit's removed key occurs in the kept key beside where it was."""
    if not edits:
        return []
    # each edit's key span, where it sat in the kept key, and the kept key (one compiled pass: a
    # paragraph's few edits once cost a dozen numpy calls); fake bold's common case, one key character
    # whose twin is the kept one just before it, is settled there (the search below finds it first thing)
    k0, k1, j_at, twin_before, out_key = kept_key(tk.src, tk.codes, edits)
    out = []
    for edit, a, b, j, done in zip(edits, k0, k1, j_at, twin_before):
        if done:
            out.append(edit)
            continue
        removed = tk.key[a:b]
        if not removed:
            if _glue_safe(text, edit[0], edit[1]):
                out.append(edit)
            continue
        reach = 2 * len(removed) + TWIN_SLACK
        if len(removed) == 1:
            unit = removed
        else:
            period = (removed + removed).find(removed, 1)  # a glyph drawn k times: its copies' twin is one glyph
            unit = removed[:period] if len(removed) % period == 0 else removed
        if out_key.find(unit, max(0, j - reach), j + reach) >= 0 or _fuzzy_twin(removed, out_key, j):
            out.append(edit)
    return out


def _fuzzy_twin(removed: str, out_key: str, j: int) -> bool:
    """A long copy that differs from the kept text just before or after it by a character or two
    (the fuzzy line copies of ``line_repeats``)."""
    n = len(removed)
    if n < FUZZY_MIN_CHARS:
        return False
    digits = digit_groups(removed)
    return any(
        Levenshtein.normalized_similarity(removed, twin, score_cutoff=FUZZY_SIMILARITY) > 0
        and digit_groups(twin) == digits
        for twin in (out_key[max(0, j - n) : j], out_key[j : j + n])
    )


def digit_groups(text: str) -> list[str]:
    """The digit groups of ``text`` in order, full width folded: a fuzzy copy must spell the same ones
    (``Deploy 300 troops`` is no copy of ``Deploy 3000 troops``, however similar the lines).

    >>> digit_groups("FY2024: 7.9 trillion, ２０２５")
    ['2024', '7.9', '2025']
    """
    return [_fold_number(g) for g in _NUMBER.findall(text)] if _DIGIT.search(text) else []


def _glue_safe(text: str, start: int, end: int) -> bool:
    """A deletion with no key characters (whitespace, zero-width) that keeps words apart."""
    gap = text[start:end]
    if gap.strip():
        return True  # zero-width characters only: nothing to glue
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isspace() or after.isspace() or not (before.isalnum() and after.isalnum())
