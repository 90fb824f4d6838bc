"""Copies of a text merged run by run, either copy ahead: read the merge as two copies, drop one.

The model (issue 7): a defective region is the merge of copies of one text
stream, each cut into runs at its own cut points, the runs emitted in turn.
The square search (``square_tiling``) sees the copies in step (``AABB``) and
a copy lagging by less than a run as crossed knots.  When the copies drift --
one leads by less or more than a run, and which one leads changes from run
to run (``両閣僚は、抑止両閣僚は、力を維持し、地元抑止力を維持し、…``) --
a run's twin is no longer beside it, and there is no square to see.

This step reads a region as two copies: a stream ``S`` and a second copy of
``S`` shuffled into it.  Reading the key left to right, each character either
adds to ``S`` (the copy ahead writes it) or is the copy behind writing the
next character ``S`` holds for it; when the copy behind catches up, the next
new text makes it the one ahead.  That is a 2-copy alignment: a beam search
(``repeat_kernels.merge_decode``, whose plain-Python statement is
:func:`_decode`) keeps the ``BEAM`` best readings, each scored by the weight
the copy behind wrote less ``RUN_COST`` per run (a stray letter or two does
not pay), and merges readings that wait for the same text.  A region starts
up to ``MAX_BACK`` before a seed (a repeat at most ``MAX_LAG`` on that is not
a plain square) wherever the key repeats itself, and ends when the copy
behind has been silent for ``MAX_GAP`` characters (it was cut short, or the
defect ended).

A read region is repaired only when it looks like the mechanism: at least
``MIN_LAG_RUNS`` runs of the copy behind (two, when the copies end together
and the copy behind is ``WHOLE_SHARE`` of the region: a sentence cut once in
each copy), their weight at least ``MIN_WEIGHT``, at least ``MIN_SHARE`` of
the region's characters, and runs of at least ``MIN_RUN`` characters on
average (glyph-level doubling is fake bold, the square search's).  A phrase
quoted twice in a paragraph is one run and a small share; it stays.  The
copy behind's runs are deleted; each has its twin in ``S``, kept a run or
two before it (``edit_safety`` checks that, and refuses what breaks a rule).
A region whose every run is the second half of a square (the copies in
step) is left to the square search, which runs next and knows more about
legitimate squares; for the same reason a reading stops once its copies
have been in step for ``STEP_SPAN * MAX_GAP`` characters.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cleaning.repeat_kernels import merge_decode, stretches
from cleaning.textkey import TextKey

MAX_LAG = 64  # the lagging copy starts at most this many key characters after the region
MIN_START = 5.0  # weight of the first lagging run: about three kanji or five letters
MIN_RUN = 3  # a reading does not end on a shorter run that leaves the copies apart; runs are this long on average
MAX_GAP = 64  # the lagging copy silent this long: the region is over
MIN_LAG_RUNS = 3
MIN_WEIGHT = 12.0
MIN_SHARE = 0.35
MAX_BACK = 64  # a decode starts at most this far before its seed
WHOLE_SHARE = 0.45  # two lagging runs are enough when the copies end together and the lagging one is this share
BEAM = 32  # readings kept at each character (see _decode)
STEP_SPAN = 4  # a reading ends when its copies have been in step for STEP_SPAN * MAX_GAP (as the kernel)
RUN_COST = 1.0  # weight a lagging run must earn to count
MAX_ROTATION = 3  # a lagging copy may start this many characters into a repeat found as a maximal stretch (see _spawns)


def find_merged_copies(tk: TextKey) -> Iterator[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Yield each decoded region, left to right: its key span ``(begin, end)`` and the key spans
    ``[(a, b), ...]`` of the lagging copy's runs in it.

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
    # every repeat, by where its second copy starts: a seed's lagging copy goes on with another one
    pairs = m >= MIN_RUN
    by_second = np.argsort(j[pairs], kind="stable")
    pair_second, pair_first = j[pairs][by_second], a[pairs][by_second]
    spawn_at: np.ndarray | None = None
    spawn_from = np.empty(0, dtype=np.int64)
    done = 0  # the end of the last repaired region
    read = 0  # the end of the last region read and found wanting: a seed inside it reads the same
    for i, j, m in sorted(zip(a[keep].tolist(), j[keep].tolist(), m[keep].tolist())):
        if i < done or j < read:
            continue
        if (
            i + m + MIN_RUN <= j
            and key.find(key[i + m : i + m + MIN_RUN], j + m, j + m + MAX_GAP + MIN_RUN) < 0
            and not _next_pair(key, pair_first, pair_second, i, i + m, j, j + m)
            and key.find(key[i + m : j], max(0, i - MAX_LAG), i) < 0
        ):
            # the lagging copy's next run never comes, nor is what it writes before the seed's second copy
            # (``key[i + m:j]``) text the leading copy wrote before the first one (``A1 B1 A2 B2``, ``B2``
            # starting with the end of ``A1``): a phrase said twice
            continue
        if spawn_at is None:
            spawn_at, spawn_from = _spawns(a, a + lag, b - a)
        start = max(done, i - MAX_BACK)
        runs, caught_up = merge_decode(tk.codes, cum, spawn_at, spawn_from, start, j, BEAM, MAX_LAG, MAX_GAP, MIN_RUN, RUN_COST)
        if not runs:
            read = j + 1
            continue
        first = runs[0]
        begin = max(start, first[0] - 2 * (first[1] - first[0]))  # about where the leading copy's text began
        deleted = sum(y - x for x, y in runs)
        end = runs[-1][1]
        weight = float(sum(cum[y] - cum[x] for x, y in runs))
        whole = caught_up and len(runs) == 2 and weight >= 2 * MIN_WEIGHT and deleted >= WHOLE_SHARE * (end - begin)
        if (
            (len(runs) >= MIN_LAG_RUNS or whole)
            and weight >= MIN_WEIGHT
            and deleted >= MIN_SHARE * (end - begin)
            and deleted >= MIN_RUN * len(runs)  # runs of a glyph or two are fake bold, the square search's
        ):
            done = end
            if not _in_step(key, runs):  # copies in step: the square search's
                yield (begin, end), runs
        else:
            read = end


def _in_step(key: str, runs: list[tuple[int, int]]) -> bool:
    """Is every run the second half of a square (the copies in step), the last maybe stopping up to
    ``MIN_RUN`` characters short of one (a reading that ends inside the last square of a chain)?"""
    *most, (x, y) = runs
    if not all(key[a:b] == key[2 * a - b : a] for a, b in most):
        return False
    u = y - x
    return any(key[x:y] == key[x - p : x - p + u] for p in range(u, u + MIN_RUN + 1) if x - p >= 0)


def _next_pair(key: str, first: np.ndarray, second: np.ndarray, begin: int, first_from: int, first_to: int,
               after_second: int) -> bool:
    """When the leading copy is more than a run ahead, does the lagging copy's next run come?
    (``second`` sorted, ``first`` in its order: the repeats of the key by where their copies start.)

    The merge ``A1 B1 A2 B2``, with ``B2`` the seed's second copy and ``A1`` its first, holds between
    ``A1`` and ``A2`` the lagging copy's previous run ``B1``: a copy of the text just before ``A1``
    (``begin``).  The leading copy's next run ``A2`` thus starts at ``first_from + g`` (``g`` the
    length of ``B1``, zero when there is none; the repeat found may start up to ``MIN_RUN`` later) and
    before the seed's second copy (``first_to``), and
    the lagging copy's copy of it within ``MAX_GAP`` after ``after_second``.  Two sentences that
    differ in a word or a number (``0 Minister 0 the.`` / ``0 Minister 2024 the.``) have no ``B1``.
    """
    lo = int(np.searchsorted(second, after_second, side="left"))
    hi = int(np.searchsorted(second, after_second + MAX_GAP, side="right"))
    for f in set(first[lo:hi].tolist()):
        g = f - first_from
        if g < 0 or f >= first_to:
            continue
        if g == 0:
            return True
        # ``B1`` is ``key[first_from:first_from + b]``; the repeat found may start up to MIN_RUN after ``A2``
        # does (the copies' cut points differ by a few characters)
        for b in range(max(MIN_RUN, g - MIN_RUN), min(g, begin) + 1):
            if key[first_from : first_from + b] == key[begin - b : begin]:
                return True
    return False


def _spawns(a: np.ndarray, j: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a lagging copy may start, sorted: ``(j + d, a + d)`` for every repeat ``key[a:a + m] == key[j:j + m]``
    and every ``d`` from 0 to ``MAX_ROTATION`` that leaves at least ``MIN_RUN`` of it.

    A repeat found as a maximal stretch may begin before the copied run does: when the text just
    before a run ends the way the run ends (``in any region any region``: the stretch at lag 9 begins
    at the ``n`` of ``in``), the lagging copy starts ``d`` characters into the stretch, and the
    first ``d`` characters of its second half are the leading copy's own (the end of its run).
    """
    ok = m >= MIN_RUN
    a, j, m = a[ok], j[ok], m[ok]
    starts_a, starts_j = [a], [j]
    for d in range(1, MAX_ROTATION + 1):
        more = m - d >= MIN_RUN
        starts_a.append(a[more] + d)
        starts_j.append(j[more] + d)
    a, j = np.concatenate(starts_a), np.concatenate(starts_j)
    order = np.lexsort((a, j))
    return np.ascontiguousarray(j[order]), np.ascontiguousarray(a[order])


# score, start of the current lagging run or -1, closed runs, end of the last, end of the last closed run that is no
# square's second half (-1: none)
_State = tuple[float, int, "tuple | None", int, bool]


def _decode(
    key: str, w: list[float], spawns: dict[int, list[int]], start: int, seed: int
) -> tuple[list[tuple[int, int]], bool]:  # the statement of repeat_kernels.merge_decode, for tests and reading
    """The lagging copy's runs in the region around the seed repeat whose second copy starts at ``seed``.

    A beam search over readings of the merge: a state is what the leading
    copy has written that the lagging one has not yet (``pending``); each
    character either extends ``pending`` (the leading copy writes it) or, when
    it is ``pending``'s first character, is the lagging copy catching up.
    Either copy may lead: when ``pending`` runs empty, the next new text makes
    the other copy the leader.  From ``start`` up to ``seed``, wherever the key
    repeats itself (``spawns``: ``j -> [a, ...]`` with ``key[a:j]`` then
    pending), a lagging copy may start.  ``w[t]`` is the weight of ``key[t]``.
    A reading scores the weight of what the lagging copy wrote less
    ``RUN_COST`` per run (none for a last run that ends with the text and the
    copies together); the best reading wins, but not one that ends on a run
    shorter than ``MIN_RUN`` that leaves the copies apart.  Also says whether
    the copies end together (nothing pending).
    """
    n = len(key)
    beam: dict[str, _State] = {}
    best: tuple[float, int, int, tuple | None, bool, int] = (0.0, -1, 0, None, False, -1)
    t = start
    while t < n and (beam or t <= seed):
        for x in spawns.get(t, ()) if t <= seed else ():  # a lagging copy starts here
            if x < start or t - x > MAX_LAG:
                continue
            old = beam.get(key[x:t])
            if old is None or old[0] < 0.0:
                beam[key[x:t]] = (0.0, -1, None, t, -1)
        c, wt = key[t], w[t]
        nxt: dict[str, _State] = {}
        for pend, (score, cur, chain, last, drift) in beam.items():
            if t - last > MAX_GAP:
                continue
            if len(pend) < MAX_LAG:  # the leading copy writes c
                old = nxt.get(pend + c)
                if old is None or old[0] < score:
                    closed = t if cur >= 0 and key[cur:t] != key[2 * cur - t : cur] else drift
                    nxt[pend + c] = (score, -1, (cur, t, chain) if cur >= 0 else chain, last, closed)
            if pend and pend[0] == c:  # the lagging copy writes c
                run = cur if cur >= 0 else t
                gain = score + wt - (0.0 if cur >= 0 else RUN_COST)
                if t + 1 == n and len(pend) == 1:
                    gain += RUN_COST  # the copies end together with the text: a last run of a letter or a stop is a copy
                old = nxt.get(pend[1:])
                if old is None or old[0] < gain:
                    nxt[pend[1:]] = (gain, run, chain, t + 1, drift)
                # a region does not end on a stray letter or two that leaves the copies apart
                if gain > best[0] and (len(pend) == 1 or t + 1 - run >= MIN_RUN):
                    best = (gain, run, t + 1, chain, len(pend) == 1, drift)
        if len(nxt) > BEAM:  # the BEAM best, ties to the earlier, in their order
            items = list(nxt.items())
            kept = sorted(sorted(range(len(items)), key=lambda k: -items[k][1][0])[:BEAM])
            nxt = dict(items[k] for k in kept)
        beam = nxt
        t += 1
        if t > seed + MAX_GAP:  # the copies in step for a while: the square search's
            top = max(beam.values(), key=lambda state: state[0], default=None)  # the first of the best
            latest = max(best[5], top[4] if top is not None else -1)
            if latest < 0 or t - latest > STEP_SPAN * MAX_GAP:
                break
    _, cur, end, chain, caught_up, _ = best
    runs = [(cur, end)] if cur >= 0 else []
    while chain is not None:
        x, y, chain = chain
        runs.append((x, y))
    return _merge_adjacent(runs[::-1]), caught_up


def _merge_adjacent(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in runs:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out

