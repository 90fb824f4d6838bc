"""Find where a text repeats itself at a distance: the seeds of repeat collapse.

Most text is clean, so this step must be cheap and must not go quadratic.
It hashes every k-gram of the key with numpy, links each k-gram to its
nearest earlier occurrence with one sort, and reads off the runs of
positions that share a lag.  Only a run long enough to be a doubled unit, or
a long repeat worth a closer look, reaches Python.  Cost is O(n log n) in C,
whatever the text.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

K = 4  # k-gram length: the shortest unit that can seed a repair on its own
LONG_REPEAT = 12  # a repeat this long is checked even when it is not a square
_BASE = np.uint64(0x100000001B3)
_32 = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)


class Stretch(NamedTuple):
    """``key[i] == key[i + lag]`` for every ``i`` in ``[start, end)``."""

    start: int
    end: int
    lag: int

    @property
    def periodic(self) -> bool:
        """True when the stretch covers a whole unit: the text holds ``UU``."""
        return self.end - self.start >= self.lag


def _lag_runs(key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, length and lag of every run of k-grams repeating at one lag."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    m = len(codes) - K + 1
    h = codes[:m].copy()
    with np.errstate(over="ignore"):
        for j in range(1, K):
            h = h * _BASE + codes[j : j + m]
    # One sort of (32-bit hash, position) pairs: equal hashes end up side by side in
    # position order, and sorting plain integers is several times faster than argsort.
    pairs = np.sort(((h >> _32) << _32) | np.arange(m, dtype=np.uint64))
    hashes, order = pairs >> _32, (pairs & _LOW).astype(np.int64)
    same = hashes[1:] == hashes[:-1]
    lag = np.zeros(m, dtype=np.int64)
    cur = order[1:][same]
    lag[cur] = cur - order[:-1][same]
    change = np.flatnonzero(np.concatenate(([True], lag[1:] != lag[:-1], [True])))
    starts, ends = change[:-1], change[1:]
    keep = lag[starts] != 0
    return starts[keep], (ends - starts)[keep], lag[starts[keep]]


def _clusters(starts: np.ndarray, lengths: np.ndarray, lags: np.ndarray) -> tuple[np.ndarray, ...]:
    """Merge runs at one lag that a few positions interrupt.

    A k-gram that also occurs inside the unit links to that nearer occurrence,
    which breaks the run of a doubled unit into pieces (``tolerate`` and
    ``unilateral`` share ``rate``/``tera``); the pieces together still cover it.
    """
    if len(starts) == 0:
        return starts, lengths, lags
    order = np.lexsort((starts, lags))
    starts, lengths, lags = starts[order], lengths[order], lags[order]
    ends = starts + lengths
    new = np.ones(len(starts), dtype=bool)
    new[1:] = (lags[1:] != lags[:-1]) | (starts[1:] - ends[:-1] > 2 * K)
    first = np.flatnonzero(new)
    return starts[first], np.maximum.reduceat(ends, first) - starts[first], lags[first]


def _extend(key: str, i: int, j: int) -> tuple[int, int]:
    """Grow the match ``key[i] == key[j]`` (i < j) to its maximal extent.

    Returns ``(a, b)`` with ``key[a:b] == key[a + j - i: b + j - i]``.
    """
    a = i - _common(key, i - 1, j - 1, -1, i)
    b = i + _common(key, i, j, 1, len(key) - j)
    return a, b


def _common(key: str, i: int, j: int, step: int, limit: int) -> int:
    """Length of the common run from i and j walking by ``step`` (±1), at most ``limit``."""
    n = 0
    width = 16
    while n < limit:
        w = min(width, limit - n)
        if _equal(key, i + step * n, j + step * n, step, w):
            n += w
            width *= 2
        elif w == 1:
            return n
        else:
            width = max(1, w // 2)
    return n


def _equal(key: str, i: int, j: int, step: int, w: int) -> bool:
    if step > 0:
        return key[i : i + w] == key[j : j + w]
    return key[i - w + 1 : i + 1] == key[j - w + 1 : j + 1]


def find_stretches(key: str) -> list[Stretch]:
    """Maximal stretches where the key repeats itself, worth a closer look.

    Returns every periodic stretch (a unit of at least ``K`` characters
    followed by a copy of itself) and every repeat of at least
    ``LONG_REPEAT`` characters, sorted by start.
    """
    if len(key) < 2 * K:
        return []
    starts, lengths, lags = _clusters(*_lag_runs(key))
    wanted = (lengths + K - 1 >= np.minimum(lags, LONG_REPEAT)).nonzero()[0]
    found: dict[tuple[int, int, int], None] = {}
    reach: dict[int, int] = {}  # lag -> end of the last stretch found at that lag
    for idx in wanted.tolist():
        j, d = int(starts[idx]), int(lags[idx])
        if j < reach.get(d, -1):
            continue
        a, b = _extend(key, j - d, j)
        reach[d] = b + d
        found[(a, b, d)] = None
    return sorted(Stretch(*t) for t in found)
