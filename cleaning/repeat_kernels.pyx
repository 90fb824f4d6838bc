# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The inner loops of repeat collapse, compiled.

Most text is clean, and a paragraph is a few hundred characters: at that
size a chain of numpy calls costs more in call overhead than in work.  These
loops do in one pass each what the Python modules describe; the decisions
(thresholds, weights, the dynamic programme's rules) stay in Python.

* ``fold``: the comparison key of a text (see ``textkey``);
* ``doubled_runs``: characters printed twice in a row (see ``char_doubling``);
* ``delete_spans``: a text with spans cut out (see ``repeats``);
* ``kept_key``: the key that deletions leave, and where each sat in it (see ``edit_safety``);
* ``stretches``: where the key repeats itself at a distance (see ``repeat_seeds``);
* ``plain_squares``: every doubled unit up to a length, in a window (see ``square_tiling``);
* ``structure_costs``: the costs of squares that cut a number or lines (see ``square_tiling``);
* ``merge_decode``: the best reading of a region as two copies merged run by run (see ``copy_merge``);
* ``k_decode``: the same as up to four copies that drift (``copy_merge.decode_copies`` compiled).
"""
import numpy as np

from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t
from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc, PyMem_Realloc

cdef uint64_t _BASE = 0x100000001B3
cdef enum:
    EXACT = 1
    LINE_CUT = 2
    STEP_SPAN = 4  # merge_decode: copies in step for this many max_gap end a reading


# Through Python's allocator, so that tracemalloc (and the benchmark's memory figures) see it.
cdef void *_alloc(size_t n) except NULL:
    cdef void *p = PyMem_Malloc(n if n else 1)
    if p == NULL:
        raise MemoryError()
    return p


cdef void *_alloc_zeros(size_t n) except NULL:
    cdef void *p = PyMem_Calloc(n if n else 1, 1)
    if p == NULL:
        raise MemoryError()
    return p


def doubled_runs(str text, Py_ssize_t min_pairs):
    """``(start, end)`` of each maximal run of at least ``min_pairs`` characters printed twice
    in a row (``SSttaatt``), newlines never among them, found left to right without overlap.
    """
    cdef Py_ssize_t n = len(text), i = 0, j
    out = []
    while i + 1 < n:
        j = i
        while j + 1 < n and text[j] == text[j + 1] and text[j] != "\n":
            j += 2
        if j - i >= 2 * min_pairs:
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def delete_spans(str text, list spans):
    """``text`` without the ``(start, end, ...)`` spans, which come sorted and may overlap."""
    cdef Py_ssize_t pos = 0, start, end
    pieces = []
    for span in spans:
        start, end = span[0], span[1]
        if start > pos:
            pieces.append(text[pos:start])
        if end > pos:
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


cdef Py_ssize_t _left(const int64_t[::1] a, int64_t x) noexcept nogil:
    """The first index ``i`` with ``a[i] >= x`` in sorted ``a`` (numpy's ``searchsorted``, side left)."""
    cdef Py_ssize_t lo = 0, hi = a.shape[0], mid
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def kept_key(const int64_t[::1] src, const uint32_t[::1] codes, list edits):
    """The key as sorted, disjoint ``(start, end, ...)`` source deletions leave it, for the twin check
    (``edit_safety._with_twins``).  Returns ``(k0, k1, at, single, out_key)``: each edit's key span
    ``[k0, k1)`` (key characters whose source offset is in ``[start, end)``), ``at``, how many kept key
    characters come before it, ``single``, whether it deletes one key character equal to the kept one
    just before it (fake bold's common case, whose twin is found at once), and the kept key."""
    cdef Py_ssize_t n = src.shape[0], m = len(edits), e, k, depth = 0, kept_n = 0
    cdef int64_t *k0 = <int64_t *> _alloc(m * sizeof(int64_t))
    cdef int64_t *k1 = <int64_t *> _alloc(m * sizeof(int64_t))
    cdef int64_t *diff = <int64_t *> _alloc_zeros((n + 1) * sizeof(int64_t))
    cdef int64_t *before = <int64_t *> _alloc((n + 1) * sizeof(int64_t))  # kept key characters in key[:k]
    cdef uint32_t *out = <uint32_t *> _alloc(n * sizeof(uint32_t))
    try:
        for e in range(m):
            edit = edits[e]
            k0[e] = _left(src, edit[0])
            k1[e] = _left(src, edit[1])
            diff[k0[e]] += 1
            diff[k1[e]] -= 1
        before[0] = 0
        for k in range(n):
            depth += diff[k]
            if depth == 0:
                out[kept_n] = codes[k]
                kept_n += 1
            before[k + 1] = kept_n
        out_key = (<char *> out)[: kept_n * 4].decode("utf-32-le") if kept_n else ""
        starts, stops, at, single = [], [], [], []
        for e in range(m):
            starts.append(k0[e])
            stops.append(k1[e])
            at.append(before[k0[e]])
            single.append(k1[e] - k0[e] == 1 and before[k0[e]] > 0 and out[before[k0[e]] - 1] == codes[k0[e]])
        return starts, stops, at, single, out_key
    finally:
        PyMem_Free(k0)
        PyMem_Free(k1)
        PyMem_Free(diff)
        PyMem_Free(before)
        PyMem_Free(out)


def cumulative_weights(const uint32_t[::1] codes, const double[::1] table):
    """``cum[k]``: the summed ``table`` weight of ``codes[:k]``."""
    cdef Py_ssize_t n = codes.shape[0], k
    cum = np.empty(n + 1, dtype=np.float64)
    cdef double[::1] c = cum
    c[0] = 0.0
    for k in range(n):
        c[k + 1] = c[k] + table[codes[k]]
    return cum


def fold(str text, const uint32_t[::1] table, const uint8_t[::1] gap):
    """``(raw, codes, src)``: the text's code points, the key's code points, and
    for each key character the offset of the source character it came from.

    ``gap[c]`` marks characters the key drops; ``table[c]`` is what the others fold to.
    """
    cdef Py_ssize_t n = len(text), i = 0, k = 0
    raw = np.empty(n, dtype=np.uint32)
    codes = np.empty(n, dtype=np.uint32)
    src = np.empty(n, dtype=np.int64)
    cdef uint32_t[::1] r = raw, c = codes
    cdef int64_t[::1] s = src
    cdef Py_UCS4 ch
    for ch in text:
        r[i] = ch
        if not gap[ch]:
            c[k] = table[ch]
            s[k] = i
            k += 1
        i += 1
    return raw, codes[:k], src[:k]


cdef Py_ssize_t _common(const uint32_t[::1] c, Py_ssize_t i, Py_ssize_t j, int step, Py_ssize_t limit) noexcept nogil:
    """Length of the common run from ``i`` and ``j`` walking by ``step`` (+1 or -1), at most ``limit``."""
    cdef Py_ssize_t n = 0
    while n < limit and c[i + step * n] == c[j + step * n]:
        n += 1
    return n


# A slot of the k-gram table, and the state kept per lag: each together, so that one random
# access is one cache miss (on a long text the tables outgrow the cache, and these misses are the cost).
cdef struct _Slot:
    uint64_t key
    int64_t last


cdef struct _Lag:
    int64_t start  # the open cluster of runs at this lag, -1 if none
    int64_t end
    int64_t reach  # how far stretches found at this lag reach


def stretches(const uint32_t[::1] codes, int k, Py_ssize_t long_repeat, Py_ssize_t merge_gap, Py_ssize_t max_lag=0):
    """Maximal ``(start, end, lag)`` with ``codes[i] == codes[i + lag]`` on ``[start, end)``.

    Every ``k``-gram is linked to the nearest earlier ``k``-gram with the same
    hash; runs of positions linked at one lag, merged across interruptions of
    at most ``merge_gap`` positions, are seeds.  A seed long enough to be a
    doubled unit, or at least ``long_repeat`` long, is grown to its maximal
    extent.  ``max_lag`` > 0 ignores links further apart.  Returns the distinct
    stretches, sorted.
    """
    cdef Py_ssize_t n = codes.shape[0], m = n - k + 1
    if m <= 0:
        return []
    cdef Py_ssize_t size = 1, i, j, slot, lag
    while size < 2 * m:
        size <<= 1
    cdef uint64_t mask = size - 1, h
    cdef _Slot *table = NULL
    cdef int64_t *lags = NULL
    cdef _Lag *at = NULL  # per lag
    # with max_lag, only lags up to it are ever looked up
    cdef Py_ssize_t n_lags = (min(max_lag, m) if max_lag > 0 else m) + 1
    found = set()
    try:
        table = <_Slot *> _alloc(size * sizeof(_Slot))
        lags = <int64_t *> _alloc((m + 1) * sizeof(int64_t))
        at = <_Lag *> _alloc(n_lags * sizeof(_Lag))
        for slot in range(size):
            table[slot].last = -1
        for i in range(n_lags):
            at[i].start = -1
            at[i].reach = -1
        for i in range(m):
            h = 0
            for j in range(k):
                h = h * _BASE + codes[i + j]
            slot = (h ^ (h >> 29)) & mask
            while table[slot].last != -1 and table[slot].key != h:
                slot = (slot + 1) & mask
            lags[i] = i - table[slot].last if table[slot].last != -1 else 0
            if max_lag > 0 and lags[i] > max_lag:
                lags[i] = 0
            table[slot].key = h
            table[slot].last = i
        lags[m] = -1  # a sentinel that ends the last run
        open_lags = []
        i = 0
        while i < m:
            lag = lags[i]
            j = i + 1
            while lags[j] == lag:
                j += 1
            if lag > 0:
                if at[lag].start != -1 and i - at[lag].end <= merge_gap:
                    at[lag].end = j
                else:
                    if at[lag].start == -1:
                        open_lags.append(lag)
                    else:
                        _seed(codes, k, long_repeat, at[lag].start, at[lag].end, lag, &at[lag].reach, found)
                    at[lag].start = i
                    at[lag].end = j
            i = j
        for lag in open_lags:
            _seed(codes, k, long_repeat, at[lag].start, at[lag].end, lag, &at[lag].reach, found)
    finally:
        PyMem_Free(table)
        PyMem_Free(lags)
        PyMem_Free(at)
    return sorted(found)


cdef void _seed(const uint32_t[::1] codes, int k, Py_ssize_t long_repeat, Py_ssize_t start, Py_ssize_t end,
                Py_ssize_t lag, int64_t *reach, set found):
    """Grow a cluster of linked k-grams to its stretch, unless an earlier stretch at its lag covers it
    (``*reach``: how far the stretches found so far at this lag reach).

    ``end - start`` linked k-grams show ``end - start + k - 1`` equal
    characters; one more is allowed for, because in text doubled at several
    lags a k-gram at the cluster's edge often links to a nearer copy instead.
    """
    if end - start + k < min(lag, long_repeat) or start < reach[0]:
        return
    cdef Py_ssize_t i = start - lag, n = codes.shape[0], a, b
    # A cluster merged across short interruptions (a chain of doubled runs at one lag, each run's
    # first copy linking elsewhere) holds several stretches: each is grown, left to right, so that
    # the last run of a long chain is seeded too, not only the first.
    cdef bint first = True
    while True:
        a = i - _common(codes, i - 1, i + lag - 1, -1, i)
        b = i + _common(codes, i, i + lag, 1, n - i - lag)
        if first or b - a >= k:
            first = False
            reach[0] = b + lag
            found.add((a, b, lag))
        i = b + 1
        while i + lag < end + k - 1 and i + lag < n and codes[i] != codes[i + lag]:
            i += 1
        if i + lag >= end + k - 1 or i + lag >= n:
            break


cdef bint _primitive(const uint32_t *c, Py_ssize_t u, Py_ssize_t *fail) noexcept nogil:
    """Is ``c[:u]`` not a repetition of a shorter unit?  (KMP failure function.)"""
    cdef Py_ssize_t i, j = 0
    fail[0] = 0
    for i in range(1, u):
        while j > 0 and c[i] != c[j]:
            j = fail[j - 1]
        if c[i] == c[j]:
            j += 1
        fail[i] = j
    cdef Py_ssize_t period = u - fail[u - 1]
    return period == u or u % period != 0


cdef bint _in_glyph_run(const uint32_t[::1] c, Py_ssize_t p, Py_ssize_t run) noexcept nogil:
    """Does ``c[p]`` sit in a run of at least ``run`` equal characters?  (Looks at most ``run`` each way.)"""
    cdef Py_ssize_t n = c.shape[0], a = p, b = p
    while a > 0 and p - a < run and c[a - 1] == c[p]:
        a -= 1
    while b + 1 < n and b - p < run and c[b + 1] == c[p]:
        b += 1
    return b - a + 1 >= run


cdef Py_ssize_t BOLD_RUN_MAX = 16  # a run of one glyph this long at most may be fake bold (``000000`` in ``22,,000000``: 2,000)


cdef bint _bold_pair_in_run(const uint32_t[::1] c, Py_ssize_t p) noexcept nogil:
    """Is ``c[p]`` the first of a pair in a run of one glyph that fake bold drew, glyph by glyph?

    A run of ``2m`` equal glyphs (``m`` glyphs drawn twice: the zeros of ``22,,000000``) between
    doubled glyphs: even, at most ``BOLD_RUN_MAX`` long, ``p`` at an even offset in it, and the two
    glyphs before it or the two after it each drawn twice (``,,`` and ``22`` before; ``..`` and
    one more pair after).  Any other run of one character (``------``, ``ーーーー``) is never a square of it.
    """
    cdef Py_ssize_t n = c.shape[0], a = p, b = p
    cdef bint before, after
    while a > 0 and p - a <= BOLD_RUN_MAX and c[a - 1] == c[p]:
        a -= 1
    while b + 1 < n and b - p <= BOLD_RUN_MAX and c[b + 1] == c[p]:
        b += 1
    if b - a + 1 > BOLD_RUN_MAX or (b - a + 1) % 2 or (p - a) % 2:
        return False
    before = a >= 4 and c[a - 1] == c[a - 2] and c[a - 3] == c[a - 4] and c[a - 2] != c[a - 3] and c[a - 1] != c[p]
    after = b + 4 < n and c[b + 1] == c[b + 2] and c[b + 3] == c[b + 4] and c[b + 2] != c[b + 3] and c[b + 1] != c[p]
    return before or after


cdef bint _gapless_periodic(const uint32_t[::1] raw, const int64_t[::1] src, Py_ssize_t p, Py_ssize_t u,
                            Py_ssize_t *fail) noexcept nogil:
    """Is the source behind key ``[p, p + u)`` a repetition of a shorter unit: free of gaps, or with the gap
    before the next copy taken along?

    Such a unit is struck out anyway (see ``square_tiling._window_squares``);
    skipping it here keeps ``----…`` or ``abab…`` from costing a row per unit
    and position.
    """
    cdef int64_t s = src[p]
    cdef Py_ssize_t span = src[p + u - 1] - s + 1
    if span != u:
        # With gaps, the unit is a run of one shorter unit when the source from its start to the next
        # copy's start is (``ab ab `` keys as ``abab``: the run ``ab ab ab …`` is ``ab `` over and over,
        # and counting it a square at every even unit and position cost a row each, ~1.8 KB a character).
        if p + u >= src.shape[0] or src[p + u] - s > 4 * u + 8:
            return False
        span = src[p + u] - s
    cdef Py_ssize_t period
    cdef Py_ssize_t i, j = 0
    fail[0] = 0
    for i in range(1, span):
        while j > 0 and raw[s + i] != raw[s + j]:
            j = fail[j - 1]
        if raw[s + i] == raw[s + j]:
            j += 1
        fail[i] = j
    period = span - fail[span - 1]
    return period != span and span % period == 0


cdef inline bint _punct(uint32_t c) noexcept nogil:
    """Sentence punctuation (ASCII, CJK, dashes and ellipses): a last run of one such character may come
    k = 3 or 4 times (``threat...``, ``という。。。。``); letters and digits never (fake bold doubles them)."""
    if c < 128:
        return not (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122)
    return 0x3000 <= c <= 0x303F or 0x2010 <= c <= 0x2027 or 0xFF01 <= c <= 0xFF0F


cdef bint _paired(const uint32_t[::1] c, Py_ssize_t p, Py_ssize_t u) noexcept nogil:
    """Is ``c[p:p+u]`` every character twice (``iiss``)?"""
    cdef Py_ssize_t i
    if u < 4 or u % 2:
        return False
    for i in range(0, u, 2):
        if c[p + i] != c[p + i + 1]:
            return False
    return True


def plain_squares(const uint32_t[::1] codes, const uint32_t[::1] raw, const int64_t[::1] src,
                  const double[::1] cum, Py_ssize_t w0, Py_ssize_t w1, Py_ssize_t max_unit, list longer,
                  double inexact_cost, double line_cut_cost, double square_cost):
    """Every square with a unit of at most ``max_unit`` starting in ``[w0, w1)``, within the window,
    then those of the ``(pos, unit)`` candidates in ``longer`` (sorted by unit) that are squares there.

    ``codes`` is the key, ``raw`` the source text's code points, ``src`` the
    map from key to source offsets and ``cum`` the key's cumulative weights.
    A run of ``r >= u`` positions with ``codes[i] == codes[i + u]`` holds a
    square at each of its first ``r - u + 1`` positions, with ``1 + rest // u``
    copies.  A unit made of doubled characters (fake bold inside a square of
    it) is skipped; a one-character unit is only ever a pair.

    Returns columns ``(pos, end, unit, copies, exact, primitive, gain,
    score, first)``, sorted by position, longest unit first;
    ``first[i]:first[i + 1]`` are the squares starting at ``w0 + i``.
    ``primitive`` says whether the unit is not a repetition of a shorter
    one in the key (such a square only ever counts two copies); ``exact``
    whether its first two copies are identical in the source (see
    ``_copies``); ``gain`` is the weight of one copy, and ``score`` the weight of the copies removed
    (the gain times ``copies - 1``) less ``square_cost``, less ``inexact_cost`` unless exact, and less
    ``line_cut_cost`` when a copy holds a line break.
    """
    cdef Py_ssize_t u, i, a, p, units = min(max_unit, (w1 - w0) // 2), longest = max_unit
    cdef bint primitive
    for p, u in longer:
        longest = max(longest, u)
    cdef Py_ssize_t *fail = <Py_ssize_t *> _alloc((4 * longest + 9) * sizeof(Py_ssize_t))  # see _gapless_periodic
    cdef _Rows rows = _Rows()
    try:
        for u in range(1, units + 1):
            a = w0
            for i in range(w0, w1 + 1):
                if i < w1 and i + u < w1 and codes[i] == codes[i + u]:
                    continue
                if i - a >= u:
                    for p in range(a, i - u + 1):
                        if _paired(codes, p, u):
                            continue
                        if u == 1 and _in_glyph_run(codes, p, 5) and not _bold_pair_in_run(codes, p):
                            continue  # a run of one character (``-----``, ``ーーー``) is never a square of it
                        primitive = _primitive(&codes[p], u, fail)
                        if not primitive and _gapless_periodic(raw, src, p, u, fail):
                            continue  # a repetition of a shorter unit in the source too: never a text run
                        rows.add(p, u, 1 + (i - p) // u if primitive and (u > 1 or (2 <= i - p <= 3 and _punct(codes[p]))) else 2, primitive,
                                 _copies(raw, src, p, u))
                a = i + 1
        for p, u in longer:
            if w0 <= p and p + 2 * u <= w1 and _common(codes, p, p + u, 1, u) == u and not _paired(codes, p, u):
                rows.add(p, u, 2, _primitive(&codes[p], u, fail), _copies(raw, src, p, u))
    finally:
        PyMem_Free(fail)
    return _by_position(rows, cum, w0, w1, inexact_cost, line_cut_cost, square_cost)


cdef inline bint _digit(uint32_t c) noexcept nogil:
    return 48 <= c <= 57 or 0xFF10 <= c <= 0xFF19


cdef inline bint _inside_digits(const uint32_t[::1] raw, int64_t i) noexcept nogil:
    """Does the source boundary before ``raw[i]`` fall between two digits?"""
    return 0 < i < raw.shape[0] and _digit(raw[i - 1]) and _digit(raw[i])


def structure_costs(const uint32_t[::1] raw, const int64_t[::1] src, const int64_t[::1] pos, const int64_t[::1] end,
                    const int64_t[::1] unit, const int64_t[::1] exact, double number_cut_cost, double partial_lines_cost):
    """Per square (columns of ``plain_squares``), ``number_cut_cost`` when a square of a unit longer than
    one character starts or ends inside a digit group, plus ``partial_lines_cost`` when its copies are
    identical, hold a line break, and neither start nor end a line: ``square_tiling._structure_costs``,
    whose docstring gives the rules, in one pass (a numpy chain costs more in calls than in work on a
    paragraph).  Line breaks are counted over the squares' span of the source only."""
    cdef Py_ssize_t m = pos.shape[0], n = src.shape[0], size = raw.shape[0], k, i
    cdef int64_t p, e, u, lo, hi, k0, first = 0, last = 0, x1, x2, x3, prev_end, nxt
    cdef bint starts_line, ends_line
    cost = np.zeros(m, dtype=np.float64)
    if m == 0:
        return cost
    cdef double[::1] c = cost
    for k in range(m):
        first = pos[k] if k == 0 or pos[k] < first else first
        last = end[k] if k == 0 or end[k] > last else last
    k0 = first - 1 if first > 0 else 0
    lo = 0 if k0 == 0 else src[k0]  # a square at key 0 reads the boundary at source 0
    hi = src[last] if last < n else size
    # nl[x - lo]: line breaks in raw[lo:x]
    cdef int64_t *nl = <int64_t *> _alloc((hi - lo + 1) * sizeof(int64_t))
    try:
        nl[0] = 0
        for i in range(lo, hi):
            nl[i - lo + 1] = nl[i - lo] + (raw[i] == 10)
        for k in range(m):
            p, e, u = pos[k], end[k], unit[k]
            if u <= 1:
                continue  # one-character squares (fake bold) are exempt from both
            x1 = src[p]
            x2 = src[p + u] if p + u < n else size
            x3 = min(src[e - 1] + 1, size)
            if _inside_digits(raw, x1) or _inside_digits(raw, x2) or _inside_digits(raw, x3):
                c[k] += number_cut_cost
            if exact[k] > 0 and nl[x3 - lo] - nl[x1 - lo] > 0:  # a line break inside the square
                prev_end = src[p - 1] + 1 if p > 0 else 0
                starts_line = p == 0 or nl[x1 - lo] - nl[prev_end - lo] > 0
                ends_line = e >= n or nl[src[e] - lo] - nl[x3 - lo] > 0
                if not (starts_line or ends_line):
                    c[k] += partial_lines_cost
    finally:
        PyMem_Free(nl)
    return cost


cdef tuple _by_position(_Rows rows, const double[::1] cum, Py_ssize_t w0, Py_ssize_t w1,
                        double inexact_cost, double line_cut_cost, double square_cost):
    """Bucket the rows by position; rows come in order of unit, so filling each bucket
    from its end puts the longest unit first."""
    cdef Py_ssize_t n = rows.n, size = w1 - w0, r, i, k
    first = np.zeros(size + 1, dtype=np.int64)
    columns = [np.empty(n, dtype=np.int64) for _ in range(6)] + [np.empty(n, dtype=np.float64) for _ in range(2)]
    cdef int64_t[::1] f = first
    cdef int64_t[::1] pos = columns[0], end = columns[1], unit = columns[2], copies = columns[3]
    cdef int64_t[::1] exact = columns[4], primitive = columns[5]
    cdef double[::1] gain = columns[6], score = columns[7]
    cdef int64_t *row
    cdef int64_t *fill = <int64_t *> _alloc((size + 1) * sizeof(int64_t))
    try:
        for r in range(n):
            f[rows.data[5 * r] - w0 + 1] += 1
        for i in range(size):
            f[i + 1] += f[i]
            fill[i] = f[i + 1]
        for r in range(n):
            row = rows.data + 5 * r
            i = row[0] - w0
            fill[i] -= 1
            k = fill[i]
            pos[k], unit[k], copies[k], primitive[k], exact[k] = row[0], row[1], row[2], row[3], row[4] & EXACT
            end[k] = row[0] + row[1] * row[2]
            gain[k] = cum[row[0] + row[1]] - cum[row[0]]
            score[k] = gain[k] - (0.0 if row[4] & EXACT else inexact_cost) - square_cost
            # Between parses, each extra copy removed counts: ``XXX`` is one square of three copies,
            # not ``X`` then a square at another phase that buys a weak pair inside the last copy
            # (``Phase 11 began.`` three times must not become ``… Phase 1 began.``).
            score[k] += (row[2] - 2) * gain[k]
            if row[4] & LINE_CUT:
                score[k] -= line_cut_cost
    finally:
        PyMem_Free(fill)
    return (*columns, first)


cdef class _Rows:
    """A growing table of five-integer rows."""

    cdef int64_t *data
    cdef Py_ssize_t n, capacity

    def __cinit__(self):
        self.capacity = 256
        self.data = <int64_t *> _alloc(self.capacity * 5 * sizeof(int64_t))

    def __dealloc__(self):
        PyMem_Free(self.data)

    cdef void add(self, int64_t a, int64_t b, int64_t c, int64_t d, int64_t e) except *:
        cdef int64_t *grown
        if self.n == self.capacity:
            grown = <int64_t *> PyMem_Realloc(self.data, 2 * self.capacity * 5 * sizeof(int64_t))
            if grown == NULL:
                raise MemoryError()
            self.data, self.capacity = grown, 2 * self.capacity
        cdef int64_t *row = self.data + 5 * self.n
        row[0], row[1], row[2], row[3], row[4] = a, b, c, d, e
        self.n += 1


cdef int _copies(const uint32_t[::1] raw, const int64_t[::1] src, Py_ssize_t p, Py_ssize_t u) noexcept nogil:
    """How the two copies ``key[p:p+u]`` and ``key[p+u:p+2u]`` stand in the source.

    ``EXACT`` when they are identical there, and the second is no more spaced
    off than the first (``t t`` in ``not tolerate`` keys as ``tt``) unless a
    line break sets it off: a line repeated on the next line is the defect
    itself.  ``LINE_CUT`` when a copy holds a line break, that is, when the
    square cuts lines in the middle rather than repeating whole ones.
    """
    cdef int64_t s1 = src[p], e1 = src[p + u - 1] + 1, s2 = src[p + u], e2 = src[p + 2 * u - 1] + 1
    cdef int64_t i, g1, g2
    cdef int flags = 0
    for i in range(s1, e1):
        if raw[i] == 10:
            flags = LINE_CUT
            break
    if e1 - s1 != e2 - s2:
        return flags
    for i in range(e1 - s1):
        if raw[s1 + i] != raw[s2 + i]:
            return flags
    g2 = s2 - e1  # the gap before the second copy
    for i in range(e1, s2):
        if raw[i] == 10:
            return flags | EXACT
    if g2 == 0:
        return flags | EXACT
    g1 = src[p] - (src[p - 1] + 1) if p > 0 else 0
    if g1 != g2:
        # At the start of the text or of a line, a word doubled with a space between the
        # copies (``200 200``, ``Customer Customer``) is spaced as words are.
        if u > 1 and (p == 0 or raw[src[p] - 1] == 10) and g2 == 1 and raw[e1] == 32:
            return flags | EXACT
        return flags
    for i in range(g2):
        if raw[e1 + i] != raw[src[p - 1] + 1 + i]:
            return flags
    return flags | EXACT


def best_tiling(const int64_t[::1] first, const int64_t[::1] pos, const int64_t[::1] end,
                const int64_t[::1] unit, const double[::1] score, const uint32_t[::1] codes,
                const double[::1] cum, Py_ssize_t w0, Py_ssize_t w1, double open_cost,
                double square_cost, Py_ssize_t max_crossed, const uint8_t[::1] knot_opens):
    """The dynamic programme of ``square_tiling``: the best chains of squares in ``[w0, w1)``.

    Plain squares come sorted by position, longest unit first;
    ``first[i]:first[i + 1]`` are those starting at ``w0 + i``; a square
    scored minus infinity is struck out.  A square
    opening a chain costs ``open_cost``.  Where a chain is open and no plain
    square starts, crossed knots (see ``_crossed``) are candidates, scored
    by the weight ``cum`` gives their kept unit less ``square_cost``; where
    ``knot_opens[p - w0]`` is set, a crossed knot may open a chain too.  Ties
    go to the square with the shorter unit (the parse whose earlier squares
    are longer).  Returns the chains, left to right, each a list of
    plain-square indices or crossed knots ``(pos, i, j, l, unit)``.
    """
    cdef Py_ssize_t size = w1 - w0 + 1, i, s, e, p
    cdef double neg = float("-inf"), v0, v1, sc
    cdef double *free_ = NULL
    cdef double *chained = NULL
    cdef char *from_chain = NULL  # free[i] came from chained[i - 1]
    cdef char *prev_open = NULL  # the square ending at i continued a chain
    cdef int64_t *ref = NULL  # the square ending at i; < 0: a crossed knot
    cdef int64_t *ref_unit = NULL
    cdef int64_t *ref_pos = NULL
    cdef _Rows knots = _Rows()  # crossed knots (pos, i, j, l, unit), referred to as -1 - row
    cdef int64_t *knot
    try:
        free_ = <double *> _alloc(size * sizeof(double))
        chained = <double *> _alloc(size * sizeof(double))
        from_chain = <char *> _alloc_zeros(size)
        prev_open = <char *> _alloc_zeros(size)
        ref = <int64_t *> _alloc(size * sizeof(int64_t))
        ref_unit = <int64_t *> _alloc(size * sizeof(int64_t))
        ref_pos = <int64_t *> _alloc(size * sizeof(int64_t))
        for i in range(size):
            free_[i] = neg
            chained[i] = neg
            ref[i] = 0
            ref_unit[i] = -1
        free_[0] = 0.0
        for p in range(w0, w1):
            i = p - w0
            v0 = free_[i]
            v1 = chained[i]
            if v1 > v0:
                free_[i + 1] = v1
                from_chain[i + 1] = 1
            elif v0 > neg:
                free_[i + 1] = v0
            if v0 > neg:
                for s in range(first[i], first[i + 1]):
                    e = end[s] - w0
                    sc = v0 + score[s] - open_cost
                    if _better(sc, unit[s], chained[e], ref_unit[e]):
                        chained[e], prev_open[e], ref[e], ref_unit[e], ref_pos[e] = sc, 0, s, unit[s], p
                if knot_opens[i]:
                    s = knots.n
                    _crossed(codes, p, w1, max_crossed, knots)
                    for s in range(s, knots.n):
                        knot = knots.data + 5 * s
                        e = p + 2 * knot[4] - w0
                        sc = v0 + cum[p + knot[4]] - cum[p] - square_cost - open_cost
                        if _better(sc, knot[4], chained[e], ref_unit[e]):
                            chained[e], prev_open[e], ref[e], ref_unit[e], ref_pos[e] = sc, 0, -1 - s, knot[4], p
            if v1 > neg:
                if _any_plain(score, first[i], first[i + 1]):
                    for s in range(first[i], first[i + 1]):
                        e = end[s] - w0
                        sc = v1 + score[s]
                        if _better(sc, unit[s], chained[e], ref_unit[e]):
                            chained[e], prev_open[e], ref[e], ref_unit[e], ref_pos[e] = sc, 1, s, unit[s], p
                else:
                    s = knots.n
                    _crossed(codes, p, w1, max_crossed, knots)
                    for s in range(s, knots.n):
                        knot = knots.data + 5 * s
                        e = p + 2 * knot[4] - w0
                        sc = v1 + cum[p + knot[4]] - cum[p] - square_cost
                        if _better(sc, knot[4], chained[e], ref_unit[e]):
                            chained[e], prev_open[e], ref[e], ref_unit[e], ref_pos[e] = sc, 1, -1 - s, knot[4], p
        chains = []
        open_chain = []
        i = size - 1
        in_chain = chained[i] > free_[i]
        while i > 0:
            if not in_chain:
                in_chain = from_chain[i]
                i -= 1
                continue
            if ref[i] < 0:
                knot = knots.data + 5 * (-1 - ref[i])
                open_chain.append((knot[0], knot[1], knot[2], knot[3], knot[4]))
            else:
                open_chain.append(ref[i])
            if not prev_open[i]:
                chains.append(open_chain[::-1])
                open_chain = []
            in_chain = prev_open[i]
            i = ref_pos[i] - w0
        return chains[::-1]
    finally:
        PyMem_Free(free_)
        PyMem_Free(chained)
        PyMem_Free(from_chain)
        PyMem_Free(prev_open)
        PyMem_Free(ref)
        PyMem_Free(ref_unit)
        PyMem_Free(ref_pos)


cdef void _crossed(const uint32_t[::1] c, Py_ssize_t p, Py_ssize_t w1, Py_ssize_t max_len, _Rows out) except *:
    """Crossed knots ``X1 Y1 X2 Y2`` at ``p`` (``バノ|バ|駐|ノ駐``), each copy at most ``max_len`` long.

    Two interleaved copies leave this knot when the second copy's cut falls
    before the first's: ``X1 + X2 == Y1 + Y2``, ``Y1`` a proper prefix of
    ``X1``, ``Y2`` the rest of ``X1`` then ``X2``.  Adds ``(p, i, j, l, m)``:
    ``Y1`` is ``[i, j)``, ``Y2`` is ``[l, p + 2m)``, the kept unit ``X1 + X2``
    is ``m`` long and primitive.
    """
    cdef Py_ssize_t limit = min(p + max_len, w1), i, x1, y1, m, j, l, t
    cdef uint32_t kept[64]
    cdef Py_ssize_t fail[64]
    if max_len > 64:
        raise ValueError("crossed copies are at most 64 characters")
    for i in range(p + 1, limit):
        if c[i] != c[p]:
            continue
        x1 = i - p
        for y1 in range(1, min(x1, w1 - i)):
            if c[i + y1 - 1] != c[p + y1 - 1]:
                break
            for m in range(x1 + 1, max_len + 1):
                j = i + y1
                l = j + m - x1
                if p + 2 * m > w1:
                    break
                # Y2 == rest of X1 (key[p + y1:i]) then X2 (key[j:l])
                if _common(c, l, p + y1, 1, x1 - y1) != x1 - y1 or _common(c, l + x1 - y1, j, 1, m - x1) != m - x1:
                    continue
                for t in range(x1):
                    kept[t] = c[p + t]
                for t in range(m - x1):
                    kept[x1 + t] = c[j + t]
                if _primitive(kept, m, fail):
                    out.add(p, i, j, l, m)


cdef inline bint _any_plain(const double[::1] score, int64_t lo, int64_t hi) noexcept nogil:
    """Is a plain square left in ``[lo, hi)``?  (Squares struck out have a score of minus infinity.)"""
    cdef int64_t s
    for s in range(lo, hi):
        if score[s] > -1e300:
            return True
    return False


cdef inline bint _better(double score, int64_t unit, double best, int64_t best_unit) noexcept nogil:
    if score > best + 1e-9:
        return True
    return best_unit >= 0 and abs(score - best) <= 1e-9 and unit < best_unit


cdef struct _Reading:
    double score
    int64_t cur  # start of the lagging run in progress, or -1
    int64_t chain  # last closed lagging run (index into the run pool), or -1
    int64_t last  # end of the last lagging run
    int64_t plen  # characters pending
    int64_t ps  # where they are: slot ``ps`` of the pending buffer
    int64_t drift  # where the last closed lagging run that is not the second half of a square ended, or -1
    uint64_t h  # hash of the pending characters


cdef class _RunPool:
    """Closed lagging runs as a linked list shared by readings: ``(a, b, previous)``."""
    cdef int64_t *data
    cdef Py_ssize_t size, capacity

    def __cinit__(self):
        self.capacity = 256
        self.size = 0
        self.data = <int64_t *> _alloc(self.capacity * 3 * sizeof(int64_t))

    def __dealloc__(self):
        PyMem_Free(self.data)

    cdef int64_t add(self, int64_t a, int64_t b, int64_t prev) except -2:
        cdef int64_t *grown
        if self.size == self.capacity:
            grown = <int64_t *> PyMem_Realloc(self.data, self.capacity * 6 * sizeof(int64_t))
            if grown == NULL:
                raise MemoryError()
            self.data = grown
            self.capacity *= 2
        self.data[3 * self.size] = a
        self.data[3 * self.size + 1] = b
        self.data[3 * self.size + 2] = prev
        self.size += 1
        return self.size - 1


cdef inline bint _same(const uint32_t *p, const uint32_t *q, int64_t n) noexcept nogil:
    cdef int64_t i
    for i in range(n):
        if p[i] != q[i]:
            return False
    return True


def merge_decode(const uint32_t[::1] codes, const double[::1] cum, const int64_t[::1] spawn_at,
                 const int64_t[::1] spawn_from, Py_ssize_t start, Py_ssize_t seed, int beam, int max_lag,
                 int max_gap, int min_run, double run_cost):
    """The best reading of a region as two copies merged run by run (see ``copy_merge._decode``).

    ``spawn_at``/``spawn_from`` (sorted by ``spawn_at``): a lagging copy may start at ``spawn_at[s]``
    with ``codes[spawn_from[s]:spawn_at[s]]`` pending, from ``start`` up to ``seed``.  Returns
    ``(runs, caught_up)``: the lagging copy's runs ``[(a, b), ...]`` in order, and whether nothing is
    pending at the end of the best reading.  Reading stops past ``seed + max_gap`` once neither the best
    reading so far nor the best one now has closed a run that is not the second half of a square for
    ``STEP_SPAN * max_gap`` characters (copies in step are the square search's).
    """
    cdef Py_ssize_t n = codes.shape[0], ns = spawn_at.shape[0]
    cdef int64_t cap = max_lag, cb = beam + 16, nc = 2 * cb, slots = 1
    while slots < 4 * nc:
        slots <<= 1
    cdef _Reading *now = NULL
    cdef _Reading *nxt = NULL
    cdef uint32_t *now_p = NULL
    cdef uint32_t *nxt_p = NULL
    cdef int64_t *table = NULL
    cdef int64_t *stamp = NULL
    cdef double *order_s = NULL
    cdef double thr
    cdef int64_t above, ties
    cdef uint64_t *power = NULL
    cdef _RunPool pool = _RunPool()
    cdef int64_t count = 0, m, s, i, k, x, t, slot, run, key_len, lo, hi, mid
    cdef uint64_t h
    cdef uint32_t c
    cdef double gain, best_score = 0.0, wt
    cdef int64_t best_cur = -1, best_end = 0, best_chain = -1
    cdef bint best_caught = False
    cdef int64_t best_drift = -1, drift
    cdef _Reading r
    try:
        now = <_Reading *> _alloc(nc * sizeof(_Reading))
        nxt = <_Reading *> _alloc(nc * sizeof(_Reading))
        now_p = <uint32_t *> _alloc((nc + cb) * cap * sizeof(uint32_t))
        nxt_p = <uint32_t *> _alloc((nc + cb) * cap * sizeof(uint32_t))
        order_s = <double *> _alloc(nc * sizeof(double))
        table = <int64_t *> _alloc(slots * sizeof(int64_t))
        stamp = <int64_t *> _alloc(slots * sizeof(int64_t))
        power = <uint64_t *> _alloc((cap + 1) * sizeof(uint64_t))
        for slot in range(slots):
            stamp[slot] = -1
        power[0] = 1
        for i in range(1, cap + 1):
            power[i] = power[i - 1] * _BASE
        lo = 0  # the first spawn at or after start
        hi = ns
        while lo < hi:
            mid = (lo + hi) // 2
            if spawn_at[mid] < start:
                lo = mid + 1
            else:
                hi = mid
        s = lo
        t = start
        while t < n and (count > 0 or t <= seed):
            # a lagging copy starts here: what was written since spawn_from waits for it
            while s < ns and spawn_at[s] < t:
                s += 1
            while s < ns and spawn_at[s] == t:
                x = spawn_from[s]
                s += 1
                if t > seed or x < start or t - x > cap or t - x <= 0 or count >= cb:
                    continue
                h = 0
                for i in range(x, t):
                    h = h * _BASE + codes[i]
                k = -1
                for i in range(count):
                    if now[i].h == h and now[i].plen == t - x and _same(now_p + now[i].ps * cap, &codes[x], t - x):
                        k = i
                        break
                if k >= 0:
                    if now[k].score >= 0.0:
                        continue
                else:
                    k = count
                    count += 1
                now[k].score = 0.0
                now[k].cur = -1
                now[k].chain = -1
                now[k].last = t
                now[k].plen = t - x
                now[k].h = h
                now[k].ps = nc + k  # slots past nc: this step's new readings only
                now[k].drift = -1
                for i in range(t - x):
                    now_p[(nc + k) * cap + i] = codes[x + i]
            c = codes[t]
            wt = cum[t + 1] - cum[t]
            m = 0
            for i in range(count):
                r = now[i]
                if t - r.last > max_gap:
                    continue
                if r.plen < cap:  # the leading copy writes c
                    h = r.h * _BASE + c
                    drift = t if r.cur >= 0 and not _square_half(&codes[0], r.cur, t) else r.drift
                    m = _offer(nxt, nxt_p, table, stamp, slots, t, m, cap, r.score, -1,
                               pool.add(r.cur, t, r.chain) if r.cur >= 0 else r.chain, r.last,
                               now_p + r.ps * cap, 0, r.plen, c, True, h, drift)
                if r.plen > 0 and now_p[r.ps * cap] == c:  # the lagging copy writes c
                    run = r.cur if r.cur >= 0 else t
                    gain = r.score + wt - (0.0 if r.cur >= 0 else run_cost)
                    if t + 1 == n and r.plen == 1:
                        gain += run_cost  # the copies end together with the text
                    h = r.h - <uint64_t> c * power[r.plen - 1]
                    m = _offer(nxt, nxt_p, table, stamp, slots, t, m, cap, gain, run, r.chain, t + 1,
                               now_p + r.ps * cap, 1, r.plen - 1, 0, False, h, r.drift)
                    if gain > best_score and (r.plen == 1 or t + 1 - run >= min_run):
                        best_score = gain
                        best_cur = run
                        best_end = t + 1
                        best_chain = r.chain
                        best_caught = r.plen == 1
                        best_drift = r.drift
            # keep the best `beam` readings, ties to the earlier, in their order: compacted in place
            if m > beam:
                for i in range(m):
                    order_s[i] = nxt[i].score
                thr = _kth_largest(order_s, m, beam)
                above = 0
                for i in range(m):
                    if nxt[i].score > thr:
                        above += 1
                ties = beam - above
                x = 0
                for i in range(m):
                    if nxt[i].score > thr or (nxt[i].score == thr and ties > 0):
                        if nxt[i].score == thr:
                            ties -= 1
                        if x != i:
                            nxt[x] = nxt[i]  # its pending text stays in slot i
                        x += 1
                m = x
            now, nxt = nxt, now
            now_p, nxt_p = nxt_p, now_p
            count = m
            t += 1
            if t > seed + max_gap:  # stop where the copies have been in step for a while: the square search's
                drift = best_drift
                k = -1  # the best reading now
                for i in range(count):
                    if k < 0 or now[i].score > now[k].score:
                        k = i
                if k >= 0 and now[k].drift > drift:
                    drift = now[k].drift
                if drift < 0 or t - drift > STEP_SPAN * max_gap:
                    break
        runs = []
        if best_cur >= 0:
            runs.append((best_cur, best_end))
        k = best_chain
        while k >= 0:
            runs.append((pool.data[3 * k], pool.data[3 * k + 1]))
            k = pool.data[3 * k + 2]
        runs.reverse()
        return runs, best_caught
    finally:
        PyMem_Free(now)
        PyMem_Free(nxt)
        PyMem_Free(now_p)
        PyMem_Free(nxt_p)
        PyMem_Free(table)
        PyMem_Free(stamp)
        PyMem_Free(order_s)
        PyMem_Free(power)


cdef inline bint _square_half(const uint32_t *c, int64_t a, int64_t b) noexcept nogil:
    """Is ``c[a:b]`` a copy of the characters just before it (the second half of a square)?"""
    cdef int64_t i, u = b - a
    if a < u:
        return False
    for i in range(u):
        if c[a - u + i] != c[a + i]:
            return False
    return True


cdef double _kth_largest(double *v, int64_t n, int64_t k) noexcept nogil:
    """The ``k``-th largest of ``v[:n]`` (1-based), reordering ``v``: Hoare's selection."""
    cdef int64_t lo = 0, hi = n - 1, i, j, want = k - 1
    cdef double pivot, tmp
    while lo < hi:
        pivot = v[(lo + hi) // 2]
        i, j = lo, hi
        while i <= j:
            while v[i] > pivot:
                i += 1
            while v[j] < pivot:
                j -= 1
            if i <= j:
                tmp = v[i]
                v[i] = v[j]
                v[j] = tmp
                i += 1
                j -= 1
        if want <= j:
            hi = j
        elif want >= i:
            lo = i
        else:
            return v[want]
    return v[want]


cdef int64_t _offer(_Reading *nxt, uint32_t *nxt_p, int64_t *table, int64_t *stamp, int64_t slots, int64_t t,
                    int64_t m, int64_t cap, double score, int64_t cur, int64_t chain, int64_t last,
                    const uint32_t *pend, int64_t skip, int64_t plen, uint32_t c, bint append,
                    uint64_t h, int64_t drift) noexcept nogil:
    """Add a reading to ``nxt`` (``m`` so far) unless one with the same pending text scores as much;
    returns the new count."""
    cdef int64_t slot = <int64_t> ((h ^ (h >> 29)) & <uint64_t> (slots - 1)), k, i
    cdef int64_t new_len = plen + 1 if append else plen
    while stamp[slot] == t:
        k = table[slot]
        if nxt[k].h == h and nxt[k].plen == new_len and _same(nxt_p + k * cap, pend + skip, plen) and (
            not append or nxt_p[k * cap + plen] == c
        ):  # (a reading offered this step sits in the slot of its own index)
            if nxt[k].score < score:
                nxt[k].drift = drift
                nxt[k].score = score
                nxt[k].cur = cur
                nxt[k].chain = chain
                nxt[k].last = last
            return m
        slot = (slot + 1) & (slots - 1)
    stamp[slot] = t
    table[slot] = m
    nxt[m].score = score
    nxt[m].cur = cur
    nxt[m].chain = chain
    nxt[m].last = last
    nxt[m].plen = new_len
    nxt[m].h = h
    nxt[m].ps = m
    nxt[m].drift = drift
    for i in range(plen):
        nxt_p[m * cap + i] = pend[skip + i]
    if append:
        nxt_p[m * cap + plen] = c
    return m + 1


# ---------------------------------------------------------------------------------------------------------
# k_decode: copy_merge.decode_copies compiled.  The same readings, in the same order, with the same ties:
# the beam stays a dict keyed as copy_merge._offer_k keys it (its insertion order decides ties when it is
# cut to k_beam), readings are objects with typed fields, and the small tuples are built without
# slicing.  Python's indexing and slicing rules are kept (wraparound and bounds checks on), so any
# difference from decode_copies is a bug that tests/test_repeat_k_copies.py catches.

cimport cython
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM, PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.ref cimport Py_INCREF
from libc.stdlib cimport qsort


@cython.final
cdef class _KRead:
    """One reading as copy_merge._KReading (the same fields and meaning)."""
    cdef double score
    cdef str tail
    cdef tuple lags, last, ids, wrote, runs
    cdef Py_ssize_t cur, run
    cdef object chain
    cdef bint chance, dead, second


cdef inline _KRead _kread(double score, str tail, tuple lags, tuple last, Py_ssize_t cur, Py_ssize_t run,
                          object chain, tuple ids, tuple wrote, bint chance, bint dead, tuple runs, bint second):
    cdef _KRead r = _KRead.__new__(_KRead)
    r.score = score
    r.tail = tail
    r.lags = lags
    r.last = last
    r.cur = cur
    r.run = run
    r.chain = chain
    r.ids = ids
    r.wrote = wrote
    r.chance = chance
    r.dead = dead
    r.runs = runs
    r.second = second
    return r


cdef inline tuple _tset(tuple t, Py_ssize_t q, object v):
    """``t[:q] + (v,) + t[q + 1:]``"""
    cdef Py_ssize_t i, n = PyTuple_GET_SIZE(t)
    cdef tuple out = PyTuple_New(n)
    cdef object x
    for i in range(n):
        x = v if i == q else <object> PyTuple_GET_ITEM(t, i)
        Py_INCREF(x)
        PyTuple_SET_ITEM(out, i, x)
    return out


cdef inline tuple _tadd(tuple t, object v):
    """``t + (v,)``"""
    cdef Py_ssize_t i, n = PyTuple_GET_SIZE(t)
    cdef tuple out = PyTuple_New(n + 1)
    cdef object x
    for i in range(n + 1):
        x = v if i == n else <object> PyTuple_GET_ITEM(t, i)
        Py_INCREF(x)
        PyTuple_SET_ITEM(out, i, x)
    return out


cdef inline tuple _tpick(tuple t, list alive):
    """``tuple(t[q] for q in alive)``"""
    cdef Py_ssize_t i, n = len(alive)
    cdef tuple out = PyTuple_New(n)
    cdef object x
    for i in range(n):
        x = <object> PyTuple_GET_ITEM(t, <Py_ssize_t> alive[i])
        Py_INCREF(x)
        PyTuple_SET_ITEM(out, i, x)
    return out


cdef inline tuple _sorted_lags(tuple lags):
    """``tuple(sorted(lags))`` for the one to three lags of a reading (ints)."""
    cdef Py_ssize_t n = PyTuple_GET_SIZE(lags)
    cdef Py_ssize_t a, b, c
    if n == 1:
        return lags
    if n == 2:
        a, b = lags[0], lags[1]
        return lags if a <= b else (b, a)
    if n == 3:
        a, b, c = lags[0], lags[1], lags[2]
        if a > b:
            a, b = b, a
        if b > c:
            b, c = c, b
        if a > b:
            a, b = b, a
        return (a, b, c)
    return tuple(sorted(lags))


@cython.wraparound(True)
@cython.boundscheck(True)
cdef inline void _offer_kr(dict beam, _KRead r):
    """copy_merge._offer_k: keep ``r`` unless a reading waiting for the same text from the same copies
    scores as well."""
    cdef tuple lags = _sorted_lags(r.lags)
    cdef Py_ssize_t most = lags[-1] if lags else 0
    mkey = (r.tail[len(r.tail) - most :] if most else "", lags, r.lags[r.cur] if r.cur >= 0 else -1)
    cdef _KRead old = beam.get(mkey)
    if old is None or old.score < r.score:
        beam[mkey] = r


cdef Py_ssize_t _k_closing_runs(Py_ssize_t run, object chain):
    """copy_merge._closing_runs"""
    cdef Py_ssize_t count = 1
    while chain is not None and chain[1] == run:
        run, chain = chain[0], chain[3]
        count += 1
    return count


cdef Py_ssize_t _k_copies_behind(_KRead reading, Py_ssize_t runs):
    """copy_merge._copies_behind"""
    cdef dict per_copy = {reading.ids[reading.cur]: 1}
    chain = reading.chain
    while chain is not None:
        copy = chain[2]
        per_copy[copy] = per_copy.get(copy, 0) + 1
        chain = chain[3]
    cdef Py_ssize_t count = 0
    for v in per_copy.values():
        if v >= runs:
            count += 1
    return count


cdef struct _Ranked:
    double score
    int64_t at  # insertion order in the beam


cdef int _ranked_order(const void *x, const void *y) noexcept nogil:
    """Best score first, ties in insertion order: the order of a stable sort by score, as ``sorted`` gives."""
    cdef const _Ranked *a = <const _Ranked *> x
    cdef const _Ranked *b = <const _Ranked *> y
    if a.score != b.score:
        return -1 if a.score > b.score else 1
    return -1 if a.at < b.at else (1 if a.at > b.at else 0)


cdef dict _best_readings(dict beam, Py_ssize_t k):
    """``dict(sorted(beam.items(), key=lambda item: -item[1].score)[:k])`` without a key call per reading:
    the ``k`` best readings (ties to the earlier inserted), best first."""
    cdef list items = list(beam.items())
    cdef Py_ssize_t m = len(items), i, kept = 0, ties
    cdef double *scores = <double *> _alloc(m * sizeof(double))
    cdef _Ranked *ranked = <_Ranked *> _alloc(k * sizeof(_Ranked))
    cdef double threshold, score
    cdef dict out = {}
    try:
        for i in range(m):
            scores[i] = (<_KRead> (<tuple> items[i])[1]).score
        threshold = _kth_largest(scores, m, k)  # (reorders scores)
        ties = k
        for i in range(m):
            if (<_KRead> (<tuple> items[i])[1]).score > threshold:
                ties -= 1
        for i in range(m):  # every reading above the k-th score, and the first readings at it
            score = (<_KRead> (<tuple> items[i])[1]).score
            if score > threshold or (score == threshold and ties > 0):
                if score == threshold:
                    ties -= 1
                ranked[kept].score = score
                ranked[kept].at = i
                kept += 1
        qsort(ranked, kept, sizeof(_Ranked), _ranked_order)
        for i in range(kept):
            key, reading = <tuple> items[ranked[i].at]
            out[key] = reading
        return out
    finally:
        PyMem_Free(scores)
        PyMem_Free(ranked)


@cython.wraparound(True)
@cython.boundscheck(True)
def k_decode(str key, list w, dict spawns, Py_ssize_t start, Py_ssize_t seed, Py_ssize_t together_runs,
             Py_ssize_t max_copies, Py_ssize_t k_beam, Py_ssize_t k_max_lag, Py_ssize_t k_max_gap,
             Py_ssize_t k_check, Py_ssize_t min_run, Py_ssize_t min_lag_runs, double k_run_cost,
             double k_min_copy):
    """``copy_merge.decode_copies`` compiled, its module constants given as arguments (see there)."""
    cdef Py_ssize_t n = len(key), t = start, behind = max_copies - 1
    cdef dict beam = {}, nxt
    cdef double best_score = 0.0, gain, wt, wq
    cdef _KRead best_r = None, r, new
    cdef Py_ssize_t best_end = 0
    cdef Py_ssize_t pos, found, lag, x, q, g, nl, cur, run, i, lp, most_last, min_last, top
    cdef str probe, c, tail
    cdef Py_UCS4 cu
    cdef tuple lags, wrote, runs_t
    cdef list alive
    cdef bint together, second, chance, all_alive
    while t < n and (beam or t <= seed):
        if t <= seed + k_max_lag:
            probe = key[t : t + min_run - 1]
            lp = len(probe)
            for r in list(beam.values()):  # another copy behind starts here: where the stream holds what it writes
                if len(r.lags) >= behind or r.dead or r.second:
                    continue
                pos = r.tail.rfind(probe)
                found = 0
                while pos >= 0 and found < 2:
                    lag = len(r.tail) - pos
                    if lag not in r.lags and lag >= min_run:
                        _offer_kr(beam, _kread(r.score, r.tail, _tadd(r.lags, lag), _tadd(r.last, t), r.cur, r.run,
                                               r.chain, _tadd(r.ids, t), _tadd(r.wrote, 0.0), r.chance, r.dead,
                                               _tadd(r.runs, 0), r.second))
                        found += 1
                    pos = r.tail.rfind(probe, 0, pos + lp - 1)
            if t <= seed:
                for x in spawns.get(t, ()):
                    lag = t - x
                    if x < start or lag > k_max_lag or lag <= 0:
                        continue
                    _offer_kr(beam, _kread(0.0, key[max(start, t - k_max_lag) : t], (lag,), (t,), -1, -1, None, (t,),
                                           (0.0,), False, False, (0,), False))
        cu = key[t]
        c = key[t : t + 1]
        wt = w[t]
        nxt = {}
        for r in beam.values():
            nl = PyTuple_GET_SIZE(r.lags)
            min_last = r.last[0]
            for i in range(1, nl):
                if <Py_ssize_t> r.last[i] < min_last:
                    min_last = r.last[i]
            if t - min_last > k_max_gap:  # (most readings have every copy alive: checked at once)
                alive = [q for q in range(nl) if t - <Py_ssize_t> r.last[q] <= k_max_gap]
                if not alive:
                    continue
                cur = alive.index(r.cur) if r.cur in alive else -1
                chain = r.chain if r.cur < 0 or cur >= 0 else (r.run, r.last[r.cur], r.ids[r.cur], r.chain)
                chance = r.chance
                if not chance:
                    for q in range(nl):
                        if q not in alive and <double> r.wrote[q] < k_min_copy:
                            chance = True
                            break
                r = _kread(r.score, r.tail, _tpick(r.lags, alive), _tpick(r.last, alive), cur,
                           r.run if cur >= 0 else -1, chain, _tpick(r.ids, alive), _tpick(r.wrote, alive), chance,
                           True, _tpick(r.runs, alive), r.second)
                nl = PyTuple_GET_SIZE(r.lags)
            top = r.lags[0]
            for i in range(1, nl):
                if <Py_ssize_t> r.lags[i] > top:
                    top = r.lags[i]
            if top < k_max_lag:  # a copy at the head writes c
                chain = (r.run, t, r.ids[r.cur], r.chain) if r.cur >= 0 else r.chain
                lags = PyTuple_New(nl)
                for i in range(nl):
                    g1 = <Py_ssize_t> r.lags[i] + 1
                    Py_INCREF(g1)
                    PyTuple_SET_ITEM(lags, i, g1)
                _offer_kr(nxt, _kread(r.score, (r.tail + c)[-k_max_lag:], lags, r.last, -1, -1,
                                      chain, r.ids, r.wrote, r.chance, r.dead, r.runs, r.second))
            tail = r.tail
            for q in range(nl):  # copy q behind writes c
                g = r.lags[q]
                if g == 0 or tail[len(tail) - g] != cu:
                    continue
                if r.cur == q:
                    gain, run, chain = r.score + wt, r.run, r.chain
                else:
                    gain, run = r.score + wt - k_run_cost, t
                    chain = (r.run, t, r.ids[r.cur], r.chain) if r.cur >= 0 else r.chain
                lags = _tset(r.lags, q, g - 1)
                together = True
                for i in range(nl):
                    if <Py_ssize_t> lags[i] != 0:
                        together = False
                        break
                if t + 1 == n and together:
                    gain += k_run_cost * _k_closing_runs(run, chain)
                wq = <double> r.wrote[q] + wt
                wrote = _tset(r.wrote, q, wq)
                runs_t, second = r.runs, r.second
                if r.cur != q:
                    runs_t = _tset(runs_t, q, <Py_ssize_t> runs_t[q] + 1)
                    second = second or <Py_ssize_t> runs_t[q] >= 2
                new = _kread(gain, tail, lags, _tset(r.last, q, t + 1), q, run, chain, r.ids, wrote,
                             r.chance, r.dead, runs_t, second)
                _offer_kr(nxt, new)
                if gain > best_score and (together or t + 1 - run >= min_run) and not new.chance and min(wrote) >= k_min_copy:
                    best_score, best_r, best_end = gain, new, t + 1
        if len(nxt) > k_beam:
            nxt = _best_readings(nxt, k_beam)
        beam = nxt
        t += 1
        if t == seed + k_check and best_r is not None and _k_copies_behind(best_r, 2) < 2:
            break  # no third copy so far: the two copies' reader is faster and as good
    if best_r is None:
        return [], False, 0
    out = [(best_r.run, best_end)]
    chain = best_r.chain
    while chain is not None:
        out.append((chain[0], chain[1]))
        chain = chain[3]
    together = True
    for i in range(PyTuple_GET_SIZE(best_r.lags)):
        if <Py_ssize_t> best_r.lags[i] != 0:
            together = False
            break
    return sorted(out), together, _k_copies_behind(best_r, together_runs if together else min_lag_runs)
