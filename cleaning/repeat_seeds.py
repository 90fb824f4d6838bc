"""Find where a text repeats itself at a distance: the seeds of repeat collapse.

Most text is clean, so this step must be cheap and must not go quadratic.
Every k-gram of the key is linked to its nearest earlier occurrence through
a hash table, and runs of positions that share a lag are read off in one
pass (``repeat_kernels.stretches``).  Only a run long enough to be a doubled
unit, or a long repeat worth a closer look, is grown into a stretch.  Cost
is linear in the text, whatever the text.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cleaning.repeat_kernels import stretches

K = 3  # k-gram length: the shortest unit that can seed a repair (``強化実強化実``)
LONG_REPEAT = 12  # a repeat this long is checked even when it is not a square
# A k-gram that also occurs inside a doubled unit links to that nearer occurrence,
# which breaks the unit's run into pieces (``tolerate`` and ``unilateral`` share
# ``rate``/``tera``); pieces at one lag this close together count as one run.
MERGE_GAP = 8


class Stretch(NamedTuple):
    """``key[i] == key[i + lag]`` for every ``i`` in ``[start, end)``."""

    start: int
    end: int
    lag: int

    @property
    def periodic(self) -> bool:
        """True when the stretch covers a whole unit: the text holds ``UU``."""
        return self.end - self.start >= self.lag


def find_stretches(codes: np.ndarray) -> list[Stretch]:
    """Maximal stretches where the key (as code points) repeats itself, worth a closer look.

    Returns periodic stretches (a unit of at least ``K`` characters followed
    by a copy of itself) and repeats of at least ``LONG_REPEAT`` characters,
    sorted by start.  These are seeds, not a census: a k-gram that occurs
    twice inside a unit (``10101|10101``) links to its nearer copy, so such a
    square shows up at a shorter lag, and the window search around that seed
    (``square_tiling``) finds the square itself.

    >>> from cleaning.textkey import make_key
    >>> find_stretches(make_key("the alliance, the alliance, of").codes)
    [Stretch(start=0, end=12, lag=12)]
    """
    if len(codes) < 2 * K:
        return []
    return [Stretch(*t) for t in stretches(codes, K, LONG_REPEAT, MERGE_GAP)]
