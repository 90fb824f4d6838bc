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
"""
from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np

from cleaning.legit_repeats import is_legit_square
from cleaning.repeat_seeds import Stretch

CHAIN_THRESHOLD = 8.0  # about four kanji, five kana or eight Latin letters
ANCHOR = 6.0  # an accepted chain holds at least one square this strong on its own
MIN_PAIRS = 4  # ... or this many doubled characters in a row (fake bold)
LOCAL_MAX_UNIT = 48  # units up to this long are searched around every position
MARGIN = 48  # how far past the seeds a chain may extend before the window grows
SQUARE_COST = 1e-3  # breaks ties between parses of equal strength
INEXACT_COST = 2.5  # a square whose copies differ in the source (spacing, width) must earn its place
MAX_CROSSED = 12  # longest copy searched for in a crossed square
_MAX_PHASES = 64
_BLOCK = 8192  # window columns compared at once


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
    codes: np.ndarray,
    key: str,
    weights: np.ndarray,
    stretches: list[Stretch],
    source: Source,
    fake_bold: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Chain]:
    """Choose the chains of squares to collapse, left to right, non-overlapping.

    ``source(a, b)`` returns the source text behind key span ``[a, b)``;
    ``fake_bold`` lists key spans where every
    character looks doubled (see ``char_doubling``).
    """
    cum = np.concatenate(([0.0], np.cumsum(weights))).tolist()
    long_units = _long_units(stretches)
    chains: list[Chain] = []
    for w0, w1 in _windows(stretches + [Stretch(a, b, 1) for a, b in fake_bold], len(key)):
        chains.extend(_solve_window(codes, key, cum, long_units, source, w0, w1))
    return chains


def _long_units(stretches: list[Stretch]) -> dict[int, list[int]]:
    """Squares too long for the local search, by start position."""
    units: dict[int, list[int]] = {}
    for s in stretches:
        if not s.periodic or s.lag <= LOCAL_MAX_UNIT:
            continue
        phases = range(s.start, s.end - s.lag + 1)
        step = max(1, len(phases) // _MAX_PHASES)
        for p in phases[::step]:
            units.setdefault(p, []).append(s.lag)
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
    codes: np.ndarray,
    key: str,
    cum: list[float],
    long_units: dict[int, list[int]],
    source: Source,
    w0: int,
    w1: int,
) -> list[Chain]:
    """Run the programme on ``[w0, w1)``, growing the window while a chain touches its edge."""
    n = len(key)
    while True:
        squares = _window_squares(codes, key, long_units, w0, w1)
        _resolve(squares, cum, source)
        chains = _best_chains(key, cum, squares, w0, w1)
        grow_left = w0 > 0 and any(c.squares[0].pos < w0 + 2 for c in chains)
        grow_right = w1 < n and any(c.squares[-1].end > w1 - 2 for c in chains)
        if not (grow_left or grow_right):
            return chains
        w0 = max(0, w0 - MARGIN) if grow_left else w0
        w1 = min(n, w1 + MARGIN) if grow_right else w1


def _window_squares(
    codes: np.ndarray, key: str, long_units: dict[int, list[int]], w0: int, w1: int
) -> dict[int, list[Square]]:
    """Every plain square inside ``[w0, w1)``, by start, longest unit first.

    One vectorised comparison of the window with itself at every lag up to
    ``LOCAL_MAX_UNIT``: a run of at least ``u`` equal positions at lag ``u``
    is a square (and a run of ``k * u`` holds ``k + 1`` copies).
    """
    found: dict[int, list[Square]] = {}
    # Blocks bound the memory of the lag matrix on a long doubled paragraph; each block
    # reads 2 * LOCAL_MAX_UNIT past its end so squares that start inside it are whole.
    for b0 in range(w0, w1, _BLOCK):
        b1 = min(w1, b0 + _BLOCK + 2 * LOCAL_MAX_UNIT)
        for u, a, b in _equal_runs(codes, b0, b1):
            for p in range(a, min(b - u + 1, b0 + _BLOCK)):
                _add(found, key, p, u, 1 + (b - p) // u)
    for p, units in long_units.items():
        for u in units:
            if w0 <= p and p + 2 * u <= w1 and key[p : p + u] == key[p + u : p + 2 * u]:
                _add(found, key, p, u, 2)
    return found


def _equal_runs(codes: np.ndarray, w0: int, w1: int) -> list[tuple[int, int, int]]:
    """``(u, a, b)``: ``key[i] == key[i + u]`` for every ``i`` in ``[a, b)``, with ``b - a >= u``."""
    size = w1 - w0
    units = np.arange(1, min(LOCAL_MAX_UNIT, size // 2) + 1)
    if not len(units):
        return []
    window = np.concatenate((codes[w0:w1], np.full(LOCAL_MAX_UNIT, 0xFFFFFFFF, dtype=codes.dtype)))
    cols = np.arange(size)
    equal = window[cols][None, :] == window[units[:, None] + cols[None, :]]
    edges = np.diff(np.pad(equal.view(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    keep = ends - starts >= rows + 1
    return list(zip((rows[keep] + 1).tolist(), (starts[keep] + w0).tolist(), (ends[keep] + w0).tolist()))


def _resolve(squares: dict[int, list[Square]], cum: list[float], source: Source) -> None:
    """Apply the checks that need the source text.

    A unit that repeats within the key may still be primitive in the source
    (``t t`` keys as ``tt``); it is kept when it is.  Weak squares that are
    known legitimate reduplications are marked: they may sit inside a chain
    (``思思いいますます。。``) but never at its edge (``…は、ますます…``).
    """
    for p in [p for p in squares if p < 0]:
        for sq in squares.pop(p):
            unit = source(sq.pos, sq.pos + sq.unit).strip()
            if (unit + unit).find(unit, 1) == len(unit):
                squares.setdefault(sq.pos, []).append(sq)
    for found in squares.values():
        found[:] = [
            sq._replace(
                exact=_same_in_source(source, sq),
                legit=_gain(cum, sq) < ANCHOR and is_legit_square(source(sq.pos, sq.pos + 2 * sq.unit).strip()),
            )
            for sq in found
        ]
        found.sort(key=lambda sq: -sq.unit)


def _same_in_source(source: Source, sq: Square) -> bool:
    """Are the two copies identical in the source, and the second no more spaced off than the first?

    ``t t`` in ``not tolerate`` keys as the square ``tt``, but a space before
    the second copy that the first copy lacks is a word boundary, not a copy.
    """
    p, u = sq.pos, sq.unit
    if source(p, p + u) != source(p + u, p + 2 * u):
        return False
    gap = source(p + u, p + u, gap=True)
    return not gap or gap == source(p, p, gap=True)


def _add(found: dict[int, list[Square]], key: str, p: int, u: int, copies: int) -> None:
    """Record the square of unit ``key[p:p+u]``, if that unit is primitive.

    A unit that is itself a repetition (``abab``, ``ーー``) is never a text
    run: allowing it would let ``ababab…`` or ``ーーーー`` pass for strong
    evidence.  A one-character unit is only ever a pair (``いい``), never a
    longer run of one character (``xxxx``, ``○○○○``).
    """
    unit = key[p : p + u]
    if u >= 4 and u % 2 == 0 and unit[::2] == unit[1::2]:
        return  # ``iiss`` is fake bold inside a square of it; the pairs are the defect
    if (unit + unit).find(unit, 1) != u:
        found.setdefault(-p - 1, []).append(Square(p, p + 2 * u, u, 2, ((p + u, p + 2 * u),)))
        return
    if u == 1:
        copies = 2
    found.setdefault(p, []).append(Square(p, p + copies * u, u, copies, ((p + u, p + copies * u),)))


def _crossed(key: str, p: int, w1: int) -> list[Square]:
    """Crossed squares ``X1 Y1 X2 Y2`` starting at ``p``, each copy at most ``MAX_CROSSED`` long.

    ``Y1`` is a proper prefix of ``X1``; ``Y2`` is the rest of ``X1`` then ``X2``.
    """
    found = []
    limit = min(p + MAX_CROSSED, w1)
    i = key.find(key[p], p + 1, limit)
    while i != -1:
        x1 = i - p
        for y1 in range(1, min(x1, w1 - i)):
            if key[i + y1 - 1] != key[p + y1 - 1]:
                break
            rest = key[p + y1 : i]  # the part of X1 that Y2 must repeat first
            for m in range(x1 + 1, MAX_CROSSED + 1):
                j, l = i + y1, i + y1 + m - x1
                if p + 2 * m > w1:
                    break
                kept = key[p:i] + key[j:l]
                if key[l : p + 2 * m] == rest + key[j:l] and (kept + kept).find(kept, 1) == m:
                    found.append(Square(p, p + 2 * m, m, 2, ((i, j), (l, p + 2 * m)), crossed=True))
        i = key.find(key[p], i + 1, limit)
    return found


def _best_chains(key: str, cum: list[float], squares: dict[int, list[Square]], w0: int, w1: int) -> list[Chain]:
    size = w1 - w0 + 1
    neg = float("-inf")
    # best[state][i]: best score at w0 + i; state 1: a square ends exactly here
    free, chained = [neg] * size, [neg] * size
    back_free: list[int | None] = [None] * size  # the state the keep step came from
    back_chained: list[tuple[int, Square] | None] = [None] * size
    free[0] = 0.0
    gains = {id(sq): _score(cum, sq) for found in squares.values() for sq in found}
    for p in range(w0, w1):
        i = p - w0
        plain = squares.get(p, ())
        v0, v1 = free[i], chained[i]
        if v1 > v0:
            free[i + 1], back_free[i + 1] = v1, 1
        elif v0 > neg:
            free[i + 1], back_free[i + 1] = v0, 0
        if v0 > neg:
            for sq in plain:
                # A chain that exactly reaches the threshold is taken, and its first square's cost is waived.
                score = v0 + gains[id(sq)] + SQUARE_COST - (CHAIN_THRESHOLD - 0.01)
                if _better(score, sq, chained[sq.end - w0], back_chained[sq.end - w0]):
                    chained[sq.end - w0], back_chained[sq.end - w0] = score, (0, sq)
        if v1 > neg:
            # A crossed knot is only looked for where no plain square continues the chain.
            for sq in plain or _crossed(key, p, w1):
                score = v1 + (gains[id(sq)] if plain else _score(cum, sq))
                if _better(score, sq, chained[sq.end - w0], back_chained[sq.end - w0]):
                    chained[sq.end - w0], back_chained[sq.end - w0] = score, (1, sq)
    return _trace(key, free, chained, back_free, back_chained, cum, w0, w1)


def _better(score: float, sq: Square, best: float, back: tuple[int, Square] | None) -> bool:
    """Does a square ending here beat the best way found so far to get here?

    Ties go to the parse with the longer units first: ``ttempttemptt`` is
    ``ttemp|ttemp`` then ``t|t`` (``attempts``), not ``t|t`` then
    ``emptt|emptt`` — that is, to the path whose last square is shorter.
    """
    if score > best + 1e-9:
        return True
    return back is not None and abs(score - best) <= 1e-9 and sq.unit < back[1].unit


def _gain(cum: list[float], sq: Square) -> float:
    """Evidence that the square is a defect: the weight of one copy of what it deletes.

    Extra copies add nothing: ``ababab`` is no stronger a case than ``abab``.
    """
    return cum[sq.pos + sq.unit] - cum[sq.pos]


def _score(cum: list[float], sq: Square) -> float:
    """What the programme maximises: evidence, less a cost when the copies differ in the source.

    Copies that differ only in spacing or width are still the same phrase
    (the fuzzy defect), but between two parses of the same key the one whose
    copies are identical wins; and a phase-shifted parse cannot buy a weak
    extra square (``the alliance`` → ``thealiance``) with its inexact copy.
    A hair per square settles ties for the parse with fewer, longer units
    (``ttemp|ttemp``, not ``t|t`` + ``empt|empt``).
    """
    return _gain(cum, sq) - (0.0 if sq.exact or sq.crossed else INEXACT_COST) - SQUARE_COST


def _trace(
    key: str,
    free: list[float],
    chained: list[float],
    back_free: list[int | None],
    back_chained: list[tuple[int, Square] | None],
    cum: list[float],
    w0: int,
    w1: int,
) -> list[Chain]:
    i = w1 - w0
    state = 1 if chained[i] > free[i] else 0
    chains: list[list[Square]] = []
    open_chain: list[Square] = []
    while i > 0:
        if state == 0:
            state = back_free[i]  # type: ignore[assignment]
            i -= 1
            continue
        prev_state, sq = back_chained[i]  # type: ignore[misc]
        open_chain.append(sq)
        if prev_state == 0:
            chains.append(open_chain[::-1])
            open_chain = []
        i, state = sq.pos - w0, prev_state
    out = []
    for squares in reversed(chains):
        while squares and squares[0].legit:
            squares = squares[1:]
        while squares and squares[-1].legit:
            squares = squares[:-1]
        if squares and (max(_gain(cum, s) for s in squares if not s.crossed) >= ANCHOR or _fake_bold(key, squares)):
            out.append(Chain(tuple(squares), sum(_gain(cum, s) for s in squares)))
    return out


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
