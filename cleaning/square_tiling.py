"""Decide which doubled units to collapse: a dynamic programme over squares.

A *square* is a unit immediately followed by a copy of itself (``UU``).  The
corruption we repair writes a span of text as a chain of squares
(``AABBCC…``: each text run emitted twice), or one long square (a repeated
sentence, line or paragraph), sometimes with more copies.  (A truncated
extra copy of a line is ``line_repeats``' business.)
Legitimate text holds squares too, but short and alone: ``ますます``,
``一人一人``, ``2020``, ``had had``, ``Walla Walla``.

So a chain of adjacent squares is collapsed only when its total *strength*
(the summed weight of one copy of each unit, see ``TextKey.weights``) reaches
``CHAIN_THRESHOLD`` and one of its squares is an ``ANCHOR`` on its own (so
that legitimate reduplications that happen to touch, ``ますます一人一人``,
never add up to a repair).  Inside an accepted chain even a one-character square
(``いい`` at a cut between two runs) is collapsed, because it is surrounded
by evidence.  The programme maximises total strength minus one threshold per
chain, which is exactly "collapse the chains that clear the threshold, and
parse each chain the way that explains most of it".

The loops over positions (finding squares, the programme itself, crossed
knots) run compiled in ``repeat_kernels``; the rules and thresholds are here.
"""
from __future__ import annotations

import re
from itertools import repeat
from typing import NamedTuple, Protocol

import numpy as np

from cleaning.legit_repeats import REDUPLICATIONS, is_legit_square
from cleaning.repeat_kernels import best_tiling, plain_squares
from cleaning.repeat_seeds import Stretch
from cleaning.textkey import TextKey

CHAIN_THRESHOLD = 8.0  # about four kanji, five kana or eight Latin letters
ANCHOR = 6.0  # an accepted chain holds at least one square this strong on its own
MIN_PAIRS = 4  # ... or this many doubled characters in a row (fake bold)
LOCAL_MAX_UNIT = 48  # units up to this long are searched around every position
MARGIN = 48  # how far past the seeds a chain may extend before the window grows
SQUARE_COST = 1e-3  # breaks ties between parses of equal strength
INEXACT_COST = 2.5  # a square whose copies differ in the source (spacing, width) must earn its place
MAX_CROSSED = 12  # longest copy searched for in a crossed square
_MAX_PHASES = 64


class Square(NamedTuple):
    """A doubled stretch of key ``[pos, end)`` and the key spans to delete from it.

    A plain square is a unit followed by ``copies - 1`` copies of itself.  A
    *crossed* square (``crossed=True``) is the knot two interleaved copies
    leave when the second copy's cut falls before the first's:
    ``X1 Y1 X2 Y2`` with ``X1 + X2 == Y1 + Y2`` (``バノ|バ|駐|ノ駐``).
    """

    pos: int
    end: int
    unit: int  # characters kept
    copies: int
    deletes: tuple[tuple[int, int], ...]
    crossed: bool = False
    exact: bool = False  # the two copies are identical in the source, spacing included
    legit: bool = False  # a known reduplication such as ますます: never a chain's edge


class Chain(NamedTuple):
    squares: tuple[Square, ...]
    strength: float


class Source(Protocol):
    """The source text behind key span ``[a, b)``; with ``gap=True``, the whitespace before key ``a``."""

    def __call__(self, a: int, b: int, gap: bool = False) -> str: ...


def plan_squares(
    tk: TextKey,
    stretches: list[Stretch],
    source: Source,
    fake_bold: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Chain]:
    """Choose the chains of squares to collapse, left to right, non-overlapping.

    ``source(a, b)`` returns the source text behind key span ``[a, b)``;
    ``fake_bold`` lists key spans where every
    character looks doubled (see ``char_doubling``).
    """
    cum = np.concatenate(([0.0], np.cumsum(tk.weights())))
    long_units = _long_units(stretches)
    chains: list[Chain] = []
    for w0, w1 in _windows(stretches + [Stretch(a, b, 1) for a, b in fake_bold], len(tk.key)):
        chains.extend(_solve_window(tk, cum, long_units, source, w0, w1))
    return chains


def _long_units(stretches: list[Stretch]) -> list[tuple[int, int]]:
    """``(pos, unit)`` of squares too long for the local search."""
    units: list[tuple[int, int]] = []
    for s in stretches:
        if not s.periodic or s.lag <= LOCAL_MAX_UNIT:
            continue
        phases = range(s.start, s.end - s.lag + 1)
        step = max(1, len(phases) // _MAX_PHASES)
        units.extend((p, s.lag) for p in phases[::step])
    return units


def _windows(stretches: list[Stretch], n: int) -> list[tuple[int, int]]:
    spans = sorted(
        (max(0, s.start - MARGIN), min(n, s.end + s.lag + MARGIN)) for s in stretches if s.periodic
    )
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _solve_window(
    tk: TextKey,
    cum: np.ndarray,
    long_units: list[tuple[int, int]],
    source: Source,
    w0: int,
    w1: int,
) -> list[Chain]:
    """Run the programme on ``[w0, w1)``, growing the window while a chain touches its edge."""
    n = len(tk.key)
    while True:
        squares = _window_squares(tk, cum, long_units, source, w0, w1)
        chains = _best_chains(tk.codes, tk.key, cum, squares, w0, w1)
        grow_left = w0 > 0 and any(c.squares[0].pos < w0 + 2 for c in chains)
        grow_right = w1 < n and any(c.squares[-1].end > w1 - 2 for c in chains)
        if not (grow_left or grow_right):
            return chains
        w0 = max(0, w0 - MARGIN) if grow_left else w0
        w1 = min(n, w1 + MARGIN) if grow_right else w1


class _Squares(NamedTuple):
    """The plain squares of a window as columns, sorted by start, longest unit first."""

    pos: np.ndarray
    end: np.ndarray
    unit: np.ndarray
    copies: np.ndarray
    exact: np.ndarray
    legit: np.ndarray
    gain: np.ndarray  # see _gain
    score: np.ndarray  # what the programme maximises, see _window_squares
    first: np.ndarray  # first[i]: index of the first square starting at w0 + i

    def squares(self, indices: list[int]) -> list[tuple[Square, float]]:
        """The squares at ``indices``, each with its gain."""
        at = np.array(indices, dtype=np.intp)
        cols = (self.pos, self.end, self.unit, self.copies, self.exact, self.legit, self.gain)
        pos, end, unit, copies, exact, legit, gain = (col[at].tolist() for col in cols)
        deletes = [((p + u, e),) for p, u, e in zip(pos, unit, end)]
        squares = map(Square._make, zip(pos, end, unit, copies, deletes, repeat(False), exact, legit))
        return list(zip(squares, gain))


_LEGIT = re.compile("(?=(%s))" % "|".join(sorted(REDUPLICATIONS, key=len, reverse=True)))


def _window_squares(
    tk: TextKey, cum: np.ndarray, long_units: list[tuple[int, int]], source: Source, w0: int, w1: int
) -> _Squares:
    """Every plain square inside ``[w0, w1)``.

    Units up to ``LOCAL_MAX_UNIT`` come from comparing the window with itself
    at every lag (``repeat_kernels.plain_squares``); longer ones from the
    seeds.  A unit that is itself a repetition (``abab``, ``ーー``) is never a
    text run: it would let ``ababab…`` or ``ーーーー`` pass for strong
    evidence.  It is kept only when the source shows it is not one there
    (``t t`` keys as ``tt``).  Weak squares that are known legitimate
    reduplications are marked: they may sit inside a chain
    (``思思いいますます。。``) but never at its edge (``…は、ますます…``).
    """
    table = plain_squares(tk.codes, tk.raw, tk.src, w0, w1, LOCAL_MAX_UNIT, long_units)
    keep = table[:, 3].astype(bool)
    for i in np.flatnonzero(~keep).tolist():
        p, u = int(table[i, 0]), int(table[i, 1])
        unit = source(p, p + u).strip()
        keep[i] = (unit + unit).find(unit, 1) == len(unit)
    table = table[keep]
    pos, unit, copies, _, exact = table[np.lexsort((-table[:, 1], table[:, 0]))].T.copy()
    exact = exact.astype(bool)
    gain = cum[pos + unit] - cum[pos]
    legit = np.zeros(len(pos), dtype=bool)
    # Folding leaves the lexicon's words as they are, so one scan of the key finds the candidates.
    for m in _LEGIT.finditer(tk.key, w0, w1):
        p, u = m.start(), len(m.group(1)) // 2
        i = np.flatnonzero((pos == p) & (unit == u))
        if len(i) and gain[i[0]] < ANCHOR and is_legit_square(source(p, p + 2 * u).strip()):
            legit[i[0]] = True
    # What the programme maximises: evidence, less a cost when the copies differ in the
    # source.  Copies that differ only in spacing or width are still the same phrase (the
    # fuzzy defect), but between two parses of the same key the one whose copies are
    # identical wins, and a phase-shifted parse cannot buy a weak extra square
    # (``the alliance`` -> ``thealiance``) with its inexact copy.  A hair per square
    # settles ties for the parse with fewer, longer units (``ttemp|ttemp``, not
    # ``t|t`` + ``empt|empt``).  Crossed knots are scored the same way, in the kernel.
    score = gain - np.where(exact, 0.0, INEXACT_COST) - SQUARE_COST
    first = np.searchsorted(pos, np.arange(w0, w1 + 1))
    return _Squares(pos, pos + copies * unit, unit, copies, exact, legit, gain, score, first)


def _best_chains(codes: np.ndarray, key: str, cum: np.ndarray, squares: _Squares, w0: int, w1: int) -> list[Chain]:
    """Run the programme (``repeat_kernels.best_tiling``), then keep the chains that hold evidence.

    The programme maximises total score less one ``CHAIN_THRESHOLD`` per
    chain; a chain that exactly reaches the threshold is taken.  Ties go to
    the parse with the longer units first: ``ttempttemptt`` is ``ttemp|ttemp``
    then ``t|t`` (``attempts``), not ``t|t`` then ``emptt|emptt``.  A crossed
    knot is only looked for where no plain square continues a chain.
    """

    open_cost = CHAIN_THRESHOLD - 0.01 - SQUARE_COST  # a lone square's own cost is waived
    s = squares
    out = []
    tiling = best_tiling(
        s.first, s.pos, s.end, s.unit, s.score, codes, cum, w0, w1, open_cost, SQUARE_COST, MAX_CROSSED
    )
    for refs in tiling:
        plain = iter(s.squares([r for r in refs if not isinstance(r, tuple)]))
        chain = [_knot(cum, *r) if isinstance(r, tuple) else next(plain) for r in refs]
        while chain and chain[0][0].legit:
            chain = chain[1:]
        while chain and chain[-1][0].legit:
            chain = chain[:-1]
        if not chain:
            continue
        squares_ = [q for q, _ in chain]
        if any(g >= ANCHOR for q, g in chain if not q.crossed) or _fake_bold(key, squares_):
            out.append(Chain(tuple(squares_), sum(g for _, g in chain)))
    return out


def _knot(cum: np.ndarray, p: int, i: int, j: int, l: int, m: int) -> tuple[Square, float]:
    """A crossed square ``X1 Y1 X2 Y2`` from its cut points, with its gain (see ``repeat_kernels._crossed``)."""
    sq = Square(p, p + 2 * m, m, 2, ((i, j), (l, p + 2 * m)), crossed=True)
    return sq, _gain(cum, sq)


def _gain(cum: np.ndarray, sq: Square) -> float:
    """Evidence that the square is a defect: the weight of one copy of what it deletes.

    Extra copies add nothing: ``ababab`` is no stronger a case than ``abab``.
    """
    return float(cum[sq.pos + sq.unit] - cum[sq.pos])


def _fake_bold(key: str, squares: list[Square]) -> bool:
    """Does the chain hold ``MIN_PAIRS`` one-character squares in a row, two distinct letters among them?

    Fake bold is evidence in its own right though no single pair is.
    """
    run: list[str] = []
    for sq in [*squares, None]:
        if sq is not None and sq.unit == 1 and not sq.crossed:
            run.append(key[sq.pos])
        elif len(run) >= MIN_PAIRS and looks_like_text("".join(run)):
            return True
        else:
            run = []
    return False


def looks_like_text(kept: str) -> bool:
    """Could ``kept`` (what fake bold leaves) be text: two letters, and mostly changing characters?

    ``Statement`` and ``committee`` can; ``ーー○○・・xx`` (runs of symbols) cannot.
    """
    changes = sum(1 for a, b in zip(kept, kept[1:]) if a != b)
    return len({c for c in kept if c.isalpha()}) >= 2 and 2 * changes >= len(kept)
