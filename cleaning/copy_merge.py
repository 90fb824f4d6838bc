"""Two copies of a text merged run by run, one ahead of the other: decode the merge, drop the lagging copy.

The square search sees a defect as adjacent doubled units (``AABB``), and a
copy lagging by less than a run as crossed knots.  When one copy runs ahead
by more than a run, or the first copy leads (``両閣僚は、抑止両閣僚は、力を
維持し、地元抑止力を維持し、…``), the runs of the copies are no longer
adjacent to their twins, and there is no square to see.

This step reads such a region as what it is: a stream ``S`` written by the
leading copy, and a lagging copy that writes ``S`` again, run by run, a
little behind.  Scanning the key left to right from where the text first
repeats itself nearby, each stretch either continues the lagging copy
(it matches ``S`` where that copy stands: at least ``MIN_RUN`` characters)
or adds new text to ``S``.  The region ends when the lagging copy has been
silent for ``MAX_GAP`` characters (it was truncated, or the defect ended).

A decoded region is repaired only when it looks like the mechanism: at
least ``MIN_LAG_RUNS`` lagging runs, their weight at least ``MIN_WEIGHT``,
and at least ``MIN_SHARE`` of the region's characters.  A phrase quoted
twice in a paragraph is one run and a small share; it stays.  The lagging
copy's runs are deleted; each has its twin in ``S``, kept a run or two
before it (``edit_safety`` checks that).
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cleaning.repeat_kernels import stretches
from cleaning.textkey import TextKey

MAX_LAG = 64  # the lagging copy starts at most this many key characters after the region
MIN_START = 5.0  # weight of the first lagging run: about three kanji or five letters
MIN_RUN = 3  # a later lagging run is at least this many key characters
MAX_GAP = 48  # the lagging copy silent this long: the region is over
MIN_LAG_RUNS = 3
MIN_WEIGHT = 12.0
MIN_SHARE = 0.35


def find_merged_copies(tk: TextKey) -> Iterator[tuple[int, int]]:
    """Yield key spans ``[a, b)`` of the lagging copy's runs in each decoded region, left to right.

    Candidate regions are where the key repeats itself at most ``MAX_LAG``
    on (``repeat_kernels.stretches`` with short repeats: one linear pass).
    """
    key, n = tk.key, len(tk.key)
    if n < 2 * MIN_RUN:
        return
    # (i, j, m): key[i:i + m] == key[j:j + m], maximal, j - i <= MAX_LAG
    found = stretches(tk.codes, 3, 4, 0, MAX_LAG)
    if len(found) < 2:
        return
    a, b, lag = np.array(found, dtype=np.int64).T
    cum = tk.cum
    m = b - a
    j = a + lag
    # a start strong enough, not a plain square (the square search's), and another repeat right after
    lagging = np.sort(j)
    nxt = np.searchsorted(lagging, j, side="right")
    has_next = (nxt < len(lagging)) & (lagging[np.minimum(nxt, len(lagging) - 1)] <= j + MAX_GAP + MAX_LAG)
    keep = (m >= MIN_RUN) & (cum[a + m] - cum[a] >= MIN_START) & (m < lag) & has_next
    done = 0  # the end of the last repaired region
    for i, j, m in sorted(zip(a[keep].tolist(), j[keep].tolist(), m[keep].tolist())):
        if i < done:
            continue
        if i + m + MIN_RUN <= j and key.find(key[i + m : i + m + MIN_RUN], j + m, j + m + MAX_GAP + MIN_RUN) < 0:
            continue  # the lagging copy's next run never comes: a phrase said twice (checked in C)
        runs = _decode(key, i, j)
        deleted = sum(b - a for a, b in runs)
        end = runs[-1][1] if runs else j
        weight = float(sum(cum[b] - cum[a] for a, b in runs))
        if len(runs) >= MIN_LAG_RUNS and weight >= MIN_WEIGHT and deleted >= MIN_SHARE * (end - i):
            yield from runs
            done = end


def _decode(key: str, i: int, j: int) -> list[tuple[int, int]]:
    """The lagging copy's runs when the leading copy's text starts at ``i`` and the lagging copy at ``j``."""
    n = len(key)
    stream = list(key[i:j])  # S: what the leading copy has written
    pb = 0  # how much of S the lagging copy has written
    t = j
    last_b = j
    runs: list[tuple[int, int]] = []
    while t < n and t - last_b <= MAX_GAP:
        m = 0
        limit = min(len(stream) - pb, n - t)
        while m < limit and key[t + m] == stream[pb + m]:
            m += 1
        if m >= MIN_RUN or (runs == [] and m > 0 and t == j) or (m > 0 and pb + m == len(stream) and m >= 2):
            runs.append((t, t + m))
            pb += m
            t += m
            last_b = t
        else:
            stream.append(key[t])
            t += 1
    return _merge_adjacent(runs)


def _merge_adjacent(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in runs:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
