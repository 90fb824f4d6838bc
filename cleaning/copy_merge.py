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
the region's characters, and runs of at least ``MIN_MEAN_RUN`` characters on
average (glyph-level doubling is fake bold, the square search's); and, read as
two copies, the text kept between the copy behind's runs is text the copy
behind writes too (``MIN_COPIED`` of it, :func:`_uncopied`).  A phrase
quoted twice in a paragraph is one run and a small share; it stays.  The
copy behind's runs are deleted; each has its twin in ``S``, kept a run or
two before it (``edit_safety`` checks that, and refuses what breaks a rule).
A region whose every run is the second half of a square (the copies in
step) is left to the square search, which runs next and knows more about
legitimate squares; for the same reason a reading stops once its copies
have been in step for ``STEP_SPAN * MAX_GAP`` characters.

Copies cut at their own points leave a reading three loose ends
(``_without_chance_tail``, ``_with_square_before``, ``_dense_short_repeats``):
when one copy is cut short, the short runs a reading ends on after it are the
other copy's text matching what the cut copy owed, and go back to the stream;
copies cut into runs of a few glyphs start with a short square before the
reading, which goes with it, and leave only short repeats, read even where the
seed looks like a phrase said twice.  A writer's reduplication (``ひとつひとつ``)
at a reading's edge is never one of its runs (``_without_legit_edges``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from cleaning.legit_repeats import is_legit_square
from cleaning.repeat_kernels import k_decode, merge_decode, stretches
from cleaning.textkey import TextKey

MAX_LAG = 64  # the lagging copy starts at most this many key characters after the region
MIN_START = 5.0  # weight of the first lagging run: about three kanji or five letters
MIN_RUN = 3  # a reading does not end on a shorter run that leaves the copies apart
# a repaired reading's runs are this long on average: fake bold reads as runs of one glyph each, while copies cut
# at their own points into runs of two to six glyphs read as runs of 2.6 to 2.9 on average (where both copies cut
# at about the same point, a run splits into glyph-sized pieces in step)
MIN_MEAN_RUN = 2
MAX_GAP = 64  # the lagging copy silent this long: the region is over
MIN_LAG_RUNS = 3
MIN_WEIGHT = 12.0
MIN_SHARE = 0.35
MAX_BACK = 64  # a decode starts at most this far before its seed
WHOLE_SHARE = 0.45  # two lagging runs are enough when the copies end together and the lagging one is this share
BEAM = 32  # readings kept at each character (see _decode)
STEP_SPAN = 4  # a reading ends when its copies have been in step for STEP_SPAN * MAX_GAP (as the kernel)
RUN_COST = 1.0  # weight a lagging run must earn to count
# short repeats whose second copy starts within MAX_GAP after a short seed's: copies cut into runs of a few glyphs,
# read even when the seed looks like a phrase said twice (see _dense_short_repeats)
DENSE_REPEATS = 2
DENSE_MAX_REPEAT = 3 * MIN_RUN  # ... none of them this long: runs of a few glyphs leave short repeats only
_STOPS = "。.!?！？"  # sentence stops, as key characters
_NUMBER_CHARS = "0123456789.,:/"  # a unit of these only is a number's (``2020``, ``1,1,``), never a copy's run here
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
    # every repeat by where its second copy starts, and whether that copy is copied again (worked out
    # when a seed first needs them: most texts have none)
    j_all, m_all = j, m
    paired: list[tuple[list[int], list[int], list[int], list[int], list[int]]] = []

    def pairs() -> tuple[list[int], list[int], list[int], list[int], list[int]]:
        if not paired:
            paired.append(_pairs(a, j_all, m_all))
        return paired[0]

    k_budget = K_BUDGET
    spawn_dict: dict[int, list[int]] | None = None  # the spawns and key weights as decode_copies reads them
    weights: list[float] = []
    spawn_at: np.ndarray | None = None
    spawn_from = np.empty(0, dtype=np.int64)
    done = 0  # the end of the last repaired region
    read = 0  # the end of the last region read and found wanting: a seed inside it reads the same
    k_read = 0  # the same for decode_copies, tried on the weak evidence (see below)
    seeds = sorted(zip(a[keep].tolist(), j[keep].tolist(), m[keep].tolist()))
    # where the second copies of all repeats start: copies cut into short runs at their own points leave
    # many short repeats close together, a phrase said twice one
    by_second = np.argsort(j, kind="stable")
    of_runs = m[by_second] >= MIN_RUN
    lagging_all, lagging_len = j[by_second][of_runs].tolist(), m[by_second][of_runs].tolist()
    seed_starts = [i for i, _, _ in seeds]
    for i, j, m in seeds:
        if i < done or j < read:
            continue
        if (
            i + m + MIN_RUN <= j
            and not _dense_short_repeats(lagging_all, lagging_len, j, m)
            and key.find(key[i + m : i + m + MIN_RUN], j + m, j + m + MAX_GAP + MIN_RUN) < 0
            and key.find(key[i + m : j], max(0, i - MAX_LAG), i) < 0
            and (  # a run of the lagging copy after the first copy starts as text before it does (cheap)
                key.find(key[i + m : i + m + MIN_RUN], max(0, i - MAX_LAG), i) < 0
                or not _next_pair(key, *pairs()[:2], i, i + m, j, j + m)
            )
        ):
            # the lagging copy's next run never comes, nor is what it writes before the seed's second copy
            # (``key[i + m:j]``) text the leading copy wrote before the first one (``A1 B1 A2 B2``, ``B2``
            # starting with the end of ``A1``): a phrase said twice
            continue
        if spawn_at is None:
            spawn_at, spawn_from = _spawns(a, a + lag, b - a)
        start = max(done, i - MAX_BACK)
        runs, caught_up = merge_decode(tk.codes, cum, spawn_at, spawn_from, start, j, BEAM, MAX_LAG, MAX_GAP, MIN_RUN, RUN_COST)
        if not caught_up:
            runs, caught_up = _without_chance_tail(key, start, runs)
        two_copies = True
        # runs copied three times or more around the seed: many of them, or a few where the two copies'
        # reading explains too little (three copies read as two leave most of the region; a short
        # paragraph has few runs)
        # (not where the copies are in step or glyphs doubled: the square search's)
        weak = j >= k_read and not _repairs(cum, start, runs, caught_up)
        linked = K_MIN_LINKED_WEAK if weak else K_MIN_LINKED
        if (
            k_budget > 0
            and bisect_right(seed_starts, j + 2 * K_MAX_LAG) - bisect_left(seed_starts, start) >= linked  # cheap
            and _third_copies(*pairs(), start, j, weak)
            and not (weak and _glyph_doubled(key, start, j))
        ):
            if spawn_dict is None:
                spawn_dict = {}
                for x, y in zip(spawn_at.tolist(), spawn_from.tolist()):
                    spawn_dict.setdefault(x, []).append(y)
                weights = np.diff(cum).tolist()
            # copies that end together need two runs each, as two copies do (``whole``): a short paragraph's
            # copies have two or three runs each (the margin below keeps two copies from reading as three)
            # k copies drift by up to k - 1 runs: the first copy behind may copy text written up to
            # ``K_MAX_BACK`` before the seed (a reading that starts later reads the first copies' runs as new text)
            k_start = max(done, i - K_MAX_BACK)
            k_runs, k_caught_up, copies = compiled_decode_copies(key, weights, spawn_dict, k_start, j, 2)
            k_budget -= (k_runs[-1][1] if k_runs else j) + K_MAX_GAP - k_start
            if weak and copies < 2:  # seeds in what this reading covered read the same: not on weak evidence again
                k_read = (k_runs[-1][1] if k_runs else j) + K_MAX_GAP
            # a third copy that wrote runs of its own (a writer's phrase said again is not one), and a
            # reading that explains clearly more than the two copies' (two drifting copies read as three
            # explain about as much: the third copy's runs are chance matches)
            if copies >= 2 and _explained(cum, k_runs) >= _explained(cum, runs) + K_MARGIN:
                runs, caught_up, start, two_copies = k_runs, k_caught_up, k_start, False
        if not runs:
            read = j + 1
            continue
        end = runs[-1][1]
        if _repairs(cum, start, runs, caught_up) and not (two_copies and _uncopied(key, runs, start, caught_up)):
            if two_copies:  # (only once the reading stands on its own: the squares are no evidence of it)
                runs = _with_square_before(tk, start, runs, done)
            done = end
            runs = _without_legit_edges(key, runs)
            if runs and not _in_step(key, runs):  # copies in step: the square search's
                yield (_begin(start, runs), end), runs
        else:
            read = end


MIN_COPIED = 2 / 3  # share of the text kept among the copy behind's runs that the copy behind writes too


def _uncopied(key: str, runs: list[tuple[int, int]], start: int, caught_up: bool = True) -> bool:
    """Does a two copies' reading keep, among the copy behind's runs, text the copy behind never writes?

    The copy behind writes one stretch of ``S`` (its runs joined: ``L``), text the copy ahead wrote
    before.  Between its runs the copy ahead writes on, and the copy behind writes that too a run or
    two later: in a merge, nearly all the text kept between the first and the last run lies in ``L``
    (copies cut short or fuzzy leave a little out; 0.76 is the least seen in the generator's families).
    Words a writer said again read as a copy behind do not: ``Aubrey David 30' amarilla, David Guzmán
    30' doble amarilla`` reads ``David``, ``30'``, ``amarilla,`` as a copy of the line before, while
    ``Guzmán`` and ``doble`` between them are never written again.  True when less than
    ``MIN_COPIED`` of the kept text lies in ``L``; False when ``L`` is not found whole in ``S``
    (fuzzy copies: the other rules judge).

    A copy behind cut short (``caught_up`` False) never writes what the copy ahead wrote before its last
    run beyond the end of ``L``: the copy ahead was that far ahead when the cut copy stopped
    (``…リピ|ン共和国大使の表敬を受けま|リピン共和国``, the cut copy's last run ``リピン共和国``).  That part of the
    last gap is left out of the count; a writer's words said again leave uncopied text in every gap."""
    copied = "".join(key[a:b] for a, b in runs)
    kept, between, at = [], [], start
    for n, (a, b) in enumerate(runs):
        if n:
            between.append((sum(map(len, kept)), sum(map(len, kept)) + a - at))
        kept.append(key[at:a])
        at = b
    p = "".join(kept).rfind(copied)
    total = sum(y - x for x, y in between)
    if p < 0 or not total:
        return False
    inside = sum(max(0, min(y, p + len(copied)) - max(x, p)) for x, y in between)
    if not caught_up:
        x, y = between[-1]
        total -= max(0, y - max(x, p + len(copied)))
    return total > 0 and inside < MIN_COPIED * total


def _lags(key: str, start: int, runs: list[tuple[int, int]], want_start: bool = False) -> Any:
    """How far behind the copy behind is after each of a two-copy reading's ``runs`` (key characters it
    still owes), or None when the runs are no such reading.

    In a reading of two copies the deleted runs, read in order, spell one stretch of the kept stream:
    the copy behind writes the text it owes, and when it catches up, the other copy owes from there on.
    So the lag after a run is the stream kept from where that stretch starts, less what was deleted.
    ``want_start``: the key position where that stretch starts instead (it lies before the first run).
    """
    if not runs:
        return None
    kept: list[str] = []
    kept_at: list[int] = []  # kept characters before each run's end
    p = start
    for a, b in runs:
        kept.append(key[p:a])
        kept_at.append(sum(map(len, kept)))
        p = b
    stream, deleted = "".join(kept), "".join(key[a:b] for a, b in runs)
    first = len(kept[0])  # the copy behind owes text written before its first run
    x = stream.rfind(deleted, 0, first - 1 + len(deleted)) if first else -1
    if x < 0:
        return None
    if want_start:  # the key position where the stream the copy behind copies starts (before any run)
        return start + x
    lags, owed = [], 0
    for (a, b), at in zip(runs, kept_at):
        owed += b - a
        lags.append(at - x - owed)
    return lags


SQUARE_BEFORE_MAX = 2 * MIN_RUN + 4  # a copy's first run said twice just before a reading: at most this long


def _with_square_before(tk: TextKey, start: int, runs: list[tuple[int, int]], done: int) -> list[tuple[int, int]]:
    """A two-copy reading with the copies' first runs added when they stand as a square right before it.

    Copies cut at their own points often start with a short run each (``両閣|両閣僚は、|僚は、…``): the
    first two runs are a square of two or three glyphs, too weak for the square search alone and too
    weak for a reading to start on (``MIN_START``), so a reading starts after it and the square stays
    (``両閣両閣僚は、…``).  When the stream the copy behind copies starts (``x``) right after a square
    ``U U`` (``U`` of 1 to ``SQUARE_BEFORE_MAX`` characters, not a number's (``_number_square``: a stop
    or comma said twice, ``、、``, is not); one glyph never a Latin letter, as a letter doubled is a
    word's: ``attempts``),
    the second ``U`` is the copy behind's first run: it is deleted with the
    reading, whose runs then spell the stream from the first ``U`` on.  The copies may have been in step
    for a few such runs (``両閣両閣僚僚は、…``, ``そのその後後、、ここれらの…``): each square before goes, when one
    is of two glyphs or more and no writer's reduplication.  A reduplication (``ますます``, ``ここ``) may be
    one of the chain's squares, never its first: there it is a writer's word at a sentence's start.
    The squares may lie before the reading's ``start`` (it starts near its seed), not before ``done``
    (the end of the last region repaired), and they start where the copies do: at a line's or a
    sentence's start, or at ``done``, unless one is a phrase (``2 * MIN_RUN`` or more, ``nd such a``):
    short squares that go on before them are a chain the square search weighs whole (a part taken
    from it may leave the rest too weak to repair).
    """
    key = tk.key
    found = _lags(key, start, runs, want_start=True)
    if found is None or not runs:
        return runs
    x, squares = found, []
    while True:
        for u in range(min(SQUARE_BEFORE_MAX, (x - done) // 2), 0, -1):
            unit = key[x - u : x]
            if (unit == key[x - 2 * u : x - u] and not _number_square(key, x - 2 * u, x)
                    and (u > 1 or not (unit.isascii() and unit.isalpha()))):  # a letter doubled is a word's (``attempts``)
                squares.append((x - u, x))  # (a writer's reduplication, ``ここ``, only inside a chain: below)
                x -= 2 * u
                break
        else:
            break
    while squares and is_legit_square(key[2 * squares[-1][0] - squares[-1][1] : squares[-1][1]]):
        # the first square a writer's word at a sentence's start (``ここで``, ``ますます``): the chain starts after it
        a, b = squares.pop()
        x = b
    # a glyph drawn twice alone is fake bold's or a writer's (``々``); copies' first runs hold a square of two glyphs
    if not any(b - a >= 2 and not is_legit_square(key[2 * a - b : b]) for a, b in squares):
        return runs
    if not (
        x == done or key[x - 1] in _STOPS or "\n" in tk.raw[tk.src_end(x) : tk.src_start(x)].tobytes().decode("utf-32-le")
        or max(b - a for a, b in squares) >= 2 * MIN_RUN
    ):
        return runs  # short squares after more defects: a chain of them, the square search's (it weighs them together)
    return squares[::-1] + runs


def _number_square(key: str, a: int, b: int) -> bool:
    """Is the square ``key[a:b]`` a number's: its unit of number characters only, with a digit in it or
    beside the square (``2020``, ``1,1,``)?  A stop or comma said twice between words (``、、``) is not."""
    unit = key[a : (a + b) // 2]
    if unit.strip(_NUMBER_CHARS):
        return False
    return any(c.isdigit() for c in key[max(0, a - 1) : b + 1])


def _without_chance_tail(key: str, start: int, runs: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], bool]:
    """A two-copy reading whose copies end apart, less the short runs it ends on by chance; and whether
    the copies end together once they are gone.

    When one copy is cut short, the other writes on alone, and the text it writes holds the next few
    characters the cut copy owes here and there (``need to streng|the|n`` after ``Pacific, an``); each
    such match pays its run cost, so the reading takes them.  The mechanism gives the cut copy at most
    one short run (its last, cut mid-phrase) after a longer one: a short run (under ``2 * MIN_RUN``) that
    leaves the copies apart goes when the run before it is short too, and so does a last run of a glyph
    or two, as the reading itself never ends on one (``_decode``).  A short run that catches up is a
    square's second half and stays.
    """
    lags = _lags(key, start, runs)
    if lags is None:
        return runs, False
    while len(runs) > 1 and lags[-1] != 0:
        a, b = runs[-1]
        pa, pb = runs[-2]
        if b - a >= MIN_RUN and (b - a >= 2 * MIN_RUN or pb - pa >= 2 * MIN_RUN):
            break
        runs, lags = runs[:-1], lags[:-1]
    return runs, lags[-1] == 0


def _without_legit_edges(key: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A reading's runs less those at its edges that are the second half of a writer's reduplication
    (``ひとつひとつ``, ``ますます``: ``legit_repeats``).  A reading may start wherever the key repeats
    itself, and a reduplication just before copies is such a repeat; as in the square search, one may
    sit inside a region of copies but never at its edge."""
    def legit(a: int, b: int) -> bool:
        return 2 * a - b >= 0 and is_legit_square(key[2 * a - b : b])

    i, j = 0, len(runs)
    while i < j and legit(*runs[i]):
        i += 1
    while j > i and legit(*runs[j - 1]):
        j -= 1
    return runs[i:j]


def _dense_short_repeats(seconds: list[int], lengths: list[int], j: int, m: int) -> bool:
    """Is the seed repeat (second copy at ``j``, ``m`` long) one of many short ones: itself and at least
    ``DENSE_REPEATS`` others whose second copies start within ``MAX_GAP`` after ``j``, the seed shorter
    than ``2 * MIN_RUN`` and none of them ``DENSE_MAX_REPEAT`` long?  Copies cut at their own points into
    runs of a few glyphs each leave only such repeats (``その後その後、これらの、これ艦艇は対馬らの艦艇…``), and
    the seed's first copy is followed by the other copy's run, not by its own next run, so the check for
    a phrase said twice would pass them by; a sentence said twice, or copies cut into phrases, leave long
    repeats (``seconds``/``lengths``: all repeats of at least ``MIN_RUN``, by where their second copy starts)."""
    if m >= 2 * MIN_RUN:
        return False
    lo, hi = bisect_right(seconds, j), bisect_right(seconds, j + MAX_GAP)
    return hi - lo >= DENSE_REPEATS and max(lengths[lo:hi]) < DENSE_MAX_REPEAT


def _glyph_doubled(key: str, a: int, b: int) -> bool:
    """Is ``key[a:b]`` fake bold (a glyph drawn twice at least every ``MIN_RUN`` characters)?  A drift
    reading fails there: the glyphs are the square search's."""
    pairs = sum(key[p] == key[p + 1] for p in range(a, min(b, len(key) - 1)))
    return MIN_RUN * pairs >= b - a


def _begin(start: int, runs: list[tuple[int, int]]) -> int:
    """About where the leading copy's text began, before the first lagging run."""
    first = runs[0]
    return max(start, first[0] - 2 * (first[1] - first[0]))


def _repairs(cum: np.ndarray, start: int, runs: list[tuple[int, int]], caught_up: bool) -> bool:
    """Does a reading (the lagging copies' ``runs``, read from ``start``) look like the mechanism, enough
    to be repaired?  At least ``MIN_LAG_RUNS`` runs (two, ``whole``: the copies end together and the runs
    are ``WHOLE_SHARE`` of the region), ``MIN_WEIGHT``, ``MIN_SHARE`` of the region, runs of ``MIN_MEAN_RUN``
    on average."""
    if not runs:
        return False
    begin, end = _begin(start, runs), runs[-1][1]
    deleted = sum(y - x for x, y in runs)
    weight = float(sum(cum[y] - cum[x] for x, y in runs))
    whole = caught_up and len(runs) == 2 and weight >= 2 * MIN_WEIGHT and deleted >= WHOLE_SHARE * (end - begin)
    return (
        (len(runs) >= MIN_LAG_RUNS or whole)
        and weight >= MIN_WEIGHT
        and deleted >= MIN_SHARE * (end - begin)
        and deleted >= MIN_MEAN_RUN * len(runs)  # runs of a glyph each are fake bold, the square search's
    )


def _explained(cum: np.ndarray, runs: list[tuple[int, int]]) -> float:
    """What a reading explains: the weight of the copies' runs it deletes, less ``K_RUN_COST`` a run."""
    return float(sum(cum[b] - cum[a] for a, b in runs)) - K_RUN_COST * len(runs)


def _in_step(key: str, runs: list[tuple[int, int]]) -> bool:
    """Is every run the second half of a square (the copies in step), the last maybe stopping up to
    ``MIN_RUN`` characters short of one (a reading that ends inside the last square of a chain)?"""
    *most, (x, y) = runs
    if not all(key[a:b] == key[2 * a - b : a] for a, b in most):
        return False
    u = y - x
    return any(key[x:y] == key[x - p : x - p + u] for p in range(u, u + MIN_RUN + 1) if x - p >= 0)


def _pairs(a: np.ndarray, j: np.ndarray, m: np.ndarray
           ) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """The repeats ``key[a:a + m] == key[j:j + m]`` of at least ``MIN_RUN`` as lists ``first``,
    ``second``, ``length`` sorted by ``second``, and the sorted first copies of repeats of runs (lag at
    least ``2 * MIN_RUN``: fake bold is not three copies), all and those at least ``3 * MIN_RUN`` long,
    for ``_third_copies``."""
    ok = m >= MIN_RUN
    order = np.argsort(j[ok], kind="stable")
    first, second, length = a[ok][order], j[ok][order], m[ok][order]
    of_runs = second - first >= 2 * MIN_RUN
    runs = np.sort(first[of_runs])
    long_runs = np.sort(first[of_runs & (length >= 3 * MIN_RUN)])
    return first.tolist(), second.tolist(), length.tolist(), runs.tolist(), long_runs.tolist()


def _third_copies(first: list[int], second: list[int], length: list[int], run_firsts: list[int],
                  long_firsts: list[int], start: int, seed: int, weak: bool = False) -> bool:
    """Are there three or more copies of runs around a seed: at least ``K_MIN_LINKED`` repeats (``weak``:
    ``K_MIN_LINKED_WEAK`` of at least ``3 * MIN_RUN``), their
    second copy starting from ``start`` to ``2 * K_MAX_LAG`` past ``seed``, whose second copy is also
    the first copy of another repeat (the text there three times or more)?  The other's first copy must
    start about where the second copy does (within ``2 * MIN_RUN``: the copies' cut points differ a
    little) and well before its end; only repeats of runs count (see ``_pairs``).  A writer's phrase
    said once more in a region of two drifting copies is one such repeat, not several."""
    linked = 0
    for q in range(bisect_left(second, start), bisect_right(second, seed + 2 * K_MAX_LAG)):
        s, n = second[q], length[q]
        if n < (3 if weak else 2) * MIN_RUN or s - first[q] < 2 * MIN_RUN:
            continue
        # (few links are evidence only when both repeats are of runs copied whole: a line said twice that
        # holds ``U.S.`` twice is not three copies)
        firsts = long_firsts if weak else run_firsts
        if bisect_right(firsts, min(s + 2 * MIN_RUN, s + n - 2 * MIN_RUN)) > bisect_left(firsts, s - 2 * MIN_RUN):
            linked += 1
            if linked >= (K_MIN_LINKED_WEAK if weak else K_MIN_LINKED):
                return True
    return False


def _next_pair(key: str, first: list[int], second: list[int], begin: int, first_from: int, first_to: int,
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
    lo = bisect_left(second, after_second)
    hi = bisect_right(second, after_second + MAX_GAP)
    for f in set(first[lo:hi]):
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



MAX_COPIES = 4  # copies read at once where three or more drift (the leading one and up to three behind it)
K_BEAM = 192  # readings kept at each character by decode_copies (96 lost three copies to greedy readings of chance matches)
# with k copies a copy waits k - 1 runs between its own: lags and silences up to about three runs
K_MAX_LAG = 2 * MAX_LAG
K_CHECK = K_MAX_LAG  # this far past its seed, a reading with fewer than two copies behind of two runs stops
K_BUDGET = 4_000  # key characters read by decode_copies (the slowest reader, compiled or not) per text; past it, two copies are read
K_RUN_COST = 2.0  # more copies, more chance readings: a run must earn more
K_MAX_GAP = 2 * MAX_GAP
# a reading is taken only when each copy behind wrote at least this weight: a copy writes the stream from where
# it starts to where it ends, while a chance match of a short probe (``の移`` copied once from anywhere in the
# stream by a copy that writes nothing else) would move real text out of its place
K_MIN_COPY = MIN_START
K_MAX_BACK = K_MAX_LAG  # a reading as k copies starts at most this far before its seed's first copy
K_MARGIN = 3 * K_RUN_COST  # a reading as three or four copies must explain this much more than the two copies' reading
K_MIN_LINKED = 2 * MIN_LAG_RUNS + 1  # runs copied three times or more (see _third_copies) around a seed, for decode_copies to read it
K_MIN_LINKED_WEAK = 2  # ... where the two copies' reading repairs nothing: a run copied three times, and another


class _KReading:
    """One reading of a region as up to ``MAX_COPIES`` copies (see :func:`decode_copies`)."""

    __slots__ = ("score", "tail", "lags", "last", "cur", "run", "chain", "ids", "wrote", "chance", "dead", "runs", "second")

    def __init__(self, score: float, tail: str, lags: tuple[int, ...], last: tuple[int, ...], cur: int, run: int,
                 chain: tuple | None, ids: tuple[int, ...], wrote: tuple[float, ...], chance: bool,
                 dead: bool, runs: tuple[int, ...], second: bool) -> None:
        self.score = score  # weight the copies behind wrote, less RUN_COST per run
        self.tail = tail  # the last MAX_LAG characters of the stream kept so far
        self.lags = lags  # per copy behind: how many characters of the stream it still owes
        self.last = last  # per copy behind: the key position after its last character
        self.cur = cur  # the copy behind writing the current run, or -1
        self.run = run  # where the current run began
        self.chain = chain  # the closed runs, latest first: (a, b, copy, older)
        self.ids = ids  # per copy behind: where it started (names it in ``chain``)
        self.wrote = wrote  # per copy behind: the weight it wrote
        self.chance = chance  # a copy behind that wrote less than K_MIN_COPY went silent: a chance match, never taken
        # a copy behind went silent (K_MAX_GAP): no other copy starts after it.  Copies start near the region's start
        # and only the last one is cut short; a copy that stops and another that starts a character or two
        # further on is one copy skipping text, and the skipped text would be deleted as a copy's
        self.dead = dead
        self.runs = runs  # per copy behind: how many runs it wrote
        # some copy behind began its second run: no other copy starts now.  The copies' runs are emitted in turn,
        # so every copy has started before any writes its second run; a copy that starts later is a chance match
        # standing in for a copy that stopped (``reaffirmedt``: a copy took the next ``t`` and the text lost it)
        self.second = second


def decode_copies(key: str, w: list[float], spawns: dict[int, list[int]], start: int, seed: int,
                  together_runs: int = MIN_LAG_RUNS) -> tuple[list[tuple[int, int]], bool, int]:
    """The runs of the copies behind in the region around the seed repeat whose second copy starts at
    ``seed``, reading the merge as up to ``MAX_COPIES`` copies that drift (``_decode`` reads two).

    A reading keeps the stream written so far (its last ``K_MAX_LAG`` characters) and, for each copy
    behind the leading one, how far behind it is (its lag).  Each character either is new (a copy at
    the head of the stream writes it: every copy behind falls one further behind) or is the next
    character some copy behind owes (its lag shrinks by one); a copy that catches up is at the head
    with the leading one, and the next new text puts it behind again.  Wherever the key repeats itself
    up to ``seed`` (``spawns``: ``j -> [a, ...]``), a copy behind may start, in a fresh reading or
    beside the copies of a reading whose stream ends with ``key[a:j]``.  A copy silent for
    ``K_MAX_GAP`` characters is over (cut short).  A reading scores the weight of what the copies behind
    wrote less ``K_RUN_COST`` per run (a run: characters in a row by one copy); the best wins, as in
    ``_decode``, and ``K_BEAM`` are kept.  Also says whether all copies end together, and how many
    copies behind wrote at least ``MIN_LAG_RUNS`` runs (``together_runs`` when they end together).

    Readings the mechanism cannot give are refused, since their deletions all have a copy nearby and pass
    ``edit_safety`` while deleting the stream: no copy starts after another has written its second run or
    gone silent, and no reading is taken where a copy behind wrote less than ``K_MIN_COPY`` (see ``_KReading``).
    """
    n = len(key)
    beam: dict[tuple, _KReading] = {}
    best: tuple[float, _KReading | None, int] = (0.0, None, 0)
    t = start
    behind = MAX_COPIES - 1
    while t < n and (beam or t <= seed):
        if t <= seed + K_MAX_LAG:
            probe = key[t : t + MIN_RUN - 1]
            for r in list(beam.values()):  # another copy behind starts here: where the stream holds what it writes
                if len(r.lags) >= behind or r.dead or r.second:
                    continue  # the copies start in the first round (see _KReading.dead and .second)
                pos = r.tail.rfind(probe)
                found = 0
                while pos >= 0 and found < 2:
                    lag = len(r.tail) - pos
                    if lag not in r.lags and lag >= MIN_RUN:
                        _offer_k(beam, _KReading(r.score, r.tail, r.lags + (lag,), r.last + (t,), r.cur, r.run, r.chain,
                                                 r.ids + (t,), r.wrote + (0.0,), r.chance, r.dead,
                                                 r.runs + (0,), r.second))
                        found += 1
                    pos = r.tail.rfind(probe, 0, pos + len(probe) - 1)
            for x in spawns.get(t, ()) if t <= seed else ():
                lag = t - x
                if x < start or lag > K_MAX_LAG or lag <= 0:
                    continue
                _offer_k(beam, _KReading(0.0, key[max(start, t - K_MAX_LAG) : t], (lag,), (t,), -1, -1, None, (t,),
                                         (0.0,), False, False, (0,), False))
        c, wt = key[t], w[t]
        nxt: dict[tuple, _KReading] = {}
        for r in beam.values():
            if t - min(r.last) > K_MAX_GAP:  # (most readings have every copy alive: checked at once)
                alive = [q for q in range(len(r.lags)) if t - r.last[q] <= K_MAX_GAP]
                if not alive:
                    continue
                cur = alive.index(r.cur) if r.cur in alive else -1
                chain = r.chain if r.cur < 0 or cur >= 0 else (r.run, r.last[r.cur], r.ids[r.cur], r.chain)
                chance = r.chance or any(r.wrote[q] < K_MIN_COPY for q in range(len(r.lags)) if q not in alive)
                r = _KReading(r.score, r.tail, tuple(r.lags[q] for q in alive), tuple(r.last[q] for q in alive),
                              cur, r.run if cur >= 0 else -1, chain, tuple(r.ids[q] for q in alive),
                              tuple(r.wrote[q] for q in alive), chance, True, tuple(r.runs[q] for q in alive),
                              r.second)
            if max(r.lags) < K_MAX_LAG:  # a copy at the head writes c
                chain = (r.run, t, r.ids[r.cur], r.chain) if r.cur >= 0 else r.chain
                _offer_k(nxt, _KReading(r.score, (r.tail + c)[-K_MAX_LAG:], tuple(g + 1 for g in r.lags), r.last, -1, -1,
                                        chain, r.ids, r.wrote, r.chance, r.dead, r.runs, r.second))
            for q, g in enumerate(r.lags):  # copy q behind writes c
                if g == 0 or r.tail[-g] != c:
                    continue
                if r.cur == q:
                    gain, run, chain = r.score + wt, r.run, r.chain
                else:
                    gain, run = r.score + wt - K_RUN_COST, t
                    chain = (r.run, t, r.ids[r.cur], r.chain) if r.cur >= 0 else r.chain
                lags = r.lags[:q] + (g - 1,) + r.lags[q + 1 :]
                together = not any(lags)
                if t + 1 == n and together:
                    # the copies end together with the text: every run since the stream's last new character
                    # is a copy catching up, forced by the copies ending together, not a chance match
                    gain += K_RUN_COST * _closing_runs(run, chain)
                wrote = r.wrote[:q] + (r.wrote[q] + wt,) + r.wrote[q + 1 :]
                runs, second = r.runs, r.second
                if r.cur != q:
                    runs = runs[:q] + (runs[q] + 1,) + runs[q + 1 :]
                    second = second or runs[q] >= 2
                new = _KReading(gain, r.tail, lags, r.last[:q] + (t + 1,) + r.last[q + 1 :], q, run, chain, r.ids, wrote,
                                r.chance, r.dead, runs, second)
                _offer_k(nxt, new)
                if gain > best[0] and (together or t + 1 - run >= MIN_RUN) and not new.chance and min(wrote) >= K_MIN_COPY:
                    best = (gain, new, t + 1)
        if len(nxt) > K_BEAM:
            kept = sorted(nxt.items(), key=lambda item: -item[1].score)[:K_BEAM]
            nxt = dict(kept)
        beam = nxt
        t += 1
        if t == seed + K_CHECK and best[1] is not None and _copies_behind(best[1], 2) < 2:
            break  # no third copy so far: the two copies' reader is faster and as good
    _, reading, end = best
    if reading is None:
        return [], False, 0
    runs = [(reading.run, end)]
    chain = reading.chain
    while chain is not None:
        x, y, _, chain = chain
        runs.append((x, y))
    # runs of different copies side by side stay apart: each is a copy of its own twin
    together = not any(reading.lags)
    return sorted(runs), together, _copies_behind(reading, together_runs if together else MIN_LAG_RUNS)


def compiled_decode_copies(key: str, w: list[float], spawns: dict[int, list[int]], start: int, seed: int,
                           together_runs: int = MIN_LAG_RUNS) -> tuple[list[tuple[int, int]], bool, int]:
    """:func:`decode_copies` compiled (``repeat_kernels.k_decode``, about 4x faster): the same arguments and
    result, this module's constants passed along.  ``decode_copies`` stays its plain-Python statement, for
    reading and for the test that the two agree."""
    return k_decode(key, w, spawns, start, seed, together_runs, MAX_COPIES, K_BEAM, K_MAX_LAG, K_MAX_GAP, K_CHECK,
                    MIN_RUN, MIN_LAG_RUNS, K_RUN_COST, K_MIN_COPY)


def _closing_runs(run: int, chain: tuple | None) -> int:
    """How many runs end a reading with no new text between them: the current one (from ``run``) and
    the closed runs of ``chain`` (latest first) that each end where the next one starts."""
    count = 1
    while chain is not None and chain[1] == run:
        run, chain = chain[0], chain[3]
        count += 1
    return count


def _copies_behind(reading: _KReading, runs: int) -> int:
    """How many copies behind wrote at least ``runs`` runs in ``reading``."""
    per_copy = Counter([reading.ids[reading.cur]])
    chain = reading.chain
    while chain is not None:
        _, _, copy, chain = chain
        per_copy[copy] += 1
    return sum(count >= runs for count in per_copy.values())


def _offer_k(beam: dict[tuple, _KReading], r: _KReading) -> None:
    """Keep ``r`` unless a reading that waits for the same text from the same copies scores as well."""
    lags = r.lags
    if len(lags) > 1:
        lags = tuple(sorted(lags))
    most = lags[-1] if lags else 0
    mkey = (r.tail[len(r.tail) - most :] if most else "", lags, r.lags[r.cur] if r.cur >= 0 else -1)
    old = beam.get(mkey)
    if old is None or old.score < r.score:
        beam[mkey] = r
