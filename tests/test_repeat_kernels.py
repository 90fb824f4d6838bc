"""The compiled loops of repeat collapse, each against a plain-Python statement of what it computes."""
from __future__ import annotations

import re

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaning import repeat_kernels as rk
from cleaning.textkey import _FOLD, _GAP, WEIGHTS

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# Small alphabets make repeats, squares and fake bold common.
text_of = st.text(alphabet=st.sampled_from("aab 、。ます\n\u3000\u200b１1"), max_size=60)
codes_of = st.lists(st.integers(0, 3), max_size=60).map(lambda xs: np.array(xs, dtype=np.uint32))


@SETTINGS
@given(text_of)
def test_fold_drops_gaps_and_folds_the_rest(text: str) -> None:
    raw, codes, src = rk.fold(text, _FOLD, _GAP)
    kept = [i for i, c in enumerate(text) if not _GAP[ord(c)]]
    assert raw.tolist() == [ord(c) for c in text]
    assert src.tolist() == kept
    assert codes.tolist() == [int(_FOLD[ord(text[i])]) for i in kept]


@SETTINGS
@given(text_of)
def test_doubled_runs_are_the_regex_matches(text: str) -> None:
    expected = [m.span() for m in re.finditer(r"(?:([^\n])\1){4,}", text)]
    assert rk.doubled_runs(text, 4) == expected


@SETTINGS
@given(text_of, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=6))
def test_delete_spans_keeps_what_no_span_covers(text: str, raw_spans: list[tuple[int, int]]) -> None:
    spans = sorted((a, a + w) for a, w in raw_spans)
    covered = {i for a, b in spans for i in range(a, b)}
    assert rk.delete_spans(text, spans) == "".join(c for i, c in enumerate(text) if i not in covered)


@SETTINGS
@given(codes_of)
def test_cumulative_weights(codes: np.ndarray) -> None:
    expected = np.concatenate(([0.0], np.cumsum(WEIGHTS[codes])))
    assert rk.cumulative_weights(codes, WEIGHTS).tolist() == expected.tolist()


@SETTINGS
@given(codes_of)
def test_stretches_are_maximal_repeats(codes: np.ndarray) -> None:
    c, n = codes.tolist(), len(codes)
    for a, b, lag in rk.stretches(codes, 3, 12, 8):
        assert all(c[i] == c[i + lag] for i in range(a, b))
        assert a == 0 or c[a - 1] != c[a - 1 + lag]
        assert b + lag == n or c[b] != c[b + lag]


@SETTINGS
@given(st.lists(st.integers(0, 9), min_size=3, max_size=12), st.integers(0, 20), st.integers(0, 20))
def test_stretches_find_a_doubled_unit(unit: list[int], before: int, after: int) -> None:
    # A 3-gram that occurs twice within the unit links to its nearer copy instead (the
    # square is then found by the window search that some other seed opens); with
    # distinct 3-grams the link is exactly at the unit's length.
    doubled = unit + unit
    assume(len({tuple(doubled[i : i + 3]) for i in range(len(unit))}) == len(unit))
    # Filler that shares nothing with the unit, so the square stands alone.
    filler = lambda k, base: list(range(base, base + k))  # noqa: E731
    text = filler(before, 100) + unit + unit + filler(after, 200)
    codes = np.array(text, dtype=np.uint32)
    p, u = before, len(unit)
    assert any(a <= p and p + u <= b and lag == u for a, b, lag in rk.stretches(codes, 3, 12, 8))


def _glyph_run(c: list[int], p: int) -> int:
    a = b = p
    while a > 0 and c[a - 1] == c[p]:
        a -= 1
    while b + 1 < len(c) and c[b + 1] == c[p]:
        b += 1
    return b - a + 1


def _brute_squares(c: list[int], w0: int, w1: int, max_unit: int) -> set[tuple[int, int, int, bool]]:
    """(pos, unit, copies, primitive) of every square the kernel should report.

    With the source equal to the key (no gaps), a unit that repeats a shorter one is
    skipped, and so is a one-character square inside a run of five or more.
    """
    out = set()
    for u in range(1, min(max_unit, (w1 - w0) // 2) + 1):
        for p in range(w0, w1 - 2 * u + 1):
            unit = c[p : p + u]
            if unit != c[p + u : p + 2 * u] or (u >= 4 and u % 2 == 0 and unit[::2] == unit[1::2]):
                continue
            primitive = not any(u % q == 0 and unit == unit[:q] * (u // q) for q in range(1, u))
            if not primitive:
                continue  # here the source is the key, gapless: a repetition of a shorter unit is skipped
            if u == 1 and _glyph_run(c, p) >= 5:
                continue  # a run of one character is never a square of it
            run = p + 2 * u
            while run < w1 and c[run] == c[run - u]:
                run += 1
            copies = (run - p) // u if primitive and (u > 1 or (3 <= run - p <= 4 and _punct(c[p]))) else 2
            out.add((p, u, copies, primitive))
    return out


def _punct(c: int) -> bool:
    """The kernel's sentence punctuation: a one-character last run may come three times (``。。。``)."""
    if c < 128:
        return not chr(c).isalnum()
    return 0x3000 <= c <= 0x303F or 0x2010 <= c <= 0x2027 or 0xFF01 <= c <= 0xFF0F


@SETTINGS
@given(codes_of, st.data())
def test_plain_squares_are_every_square_sorted_and_bucketed(codes: np.ndarray, data: st.DataObject) -> None:
    n = len(codes)
    w0 = data.draw(st.integers(0, n))
    w1 = data.draw(st.integers(w0, n))
    raw, src = codes.copy(), np.arange(n, dtype=np.int64)
    cum = rk.cumulative_weights(codes, WEIGHTS)
    pos, end, unit, copies, exact, primitive, gain, score, first = rk.plain_squares(
        codes, raw, src, cum, w0, w1, 8, [], 2.5, 4.0, 1e-3
    )
    rows = set(zip(pos.tolist(), unit.tolist(), copies.tolist(), primitive.astype(bool).tolist()))
    assert rows == _brute_squares(codes.tolist(), w0, w1, 8)
    assert exact.all()  # raw is the key itself here
    assert (end == pos + unit * copies).all()
    assert np.allclose(score, gain * (copies - 1) - 1e-3)  # each copy removed counts (source == key: exact)
    order = sorted(zip(pos.tolist(), (-unit).tolist()))
    assert list(zip(pos.tolist(), (-unit).tolist())) == order
    for i in range(w1 - w0):
        assert (pos[first[i] : first[i + 1]] == w0 + i).all()


def _crossed_reference(key: str, p: int, w1: int, max_len: int) -> list[tuple[int, int, int, int, int]]:
    """Crossed knots ``X1 Y1 X2 Y2`` at ``p`` as ``(p, i, j, l, m)``, by string slicing."""
    found = []
    for i in range(p + 1, min(p + max_len, w1)):
        if key[i] != key[p]:
            continue
        x1 = i - p
        for y1 in range(1, min(x1, w1 - i)):
            if key[i + y1 - 1] != key[p + y1 - 1]:
                break
            for m in range(x1 + 1, max_len + 1):
                j, l = i + y1, i + y1 + m - x1
                if p + 2 * m > w1:
                    break
                kept = key[p:i] + key[j:l]
                if key[l : p + 2 * m] == key[p + y1 : i] + key[j:l] and (kept + kept).find(kept, 1) == m:
                    found.append((p, i, j, l, m))
    return found


def _tiling_reference(key: str, cols: tuple, cum: np.ndarray, w0: int, w1: int, open_cost: float) -> list[list]:
    """The programme of ``best_tiling``, written out over Python lists."""
    pos, end, unit, score, first = (c.tolist() for c in (cols[0], cols[1], cols[2], cols[7], cols[8]))
    neg, size = float("-inf"), w1 - w0 + 1
    free, chained = [neg] * size, [neg] * size
    from_chain = [0] * size
    back: list[tuple | None] = [None] * size  # (continued a chain, ref, unit, start)
    free[0] = 0.0

    def offer(e: int, sc: float, u: int, continued: int, ref: object, p: int) -> None:
        b = back[e]
        if sc > chained[e] + 1e-9 or (b is not None and abs(sc - chained[e]) <= 1e-9 and u < b[2]):
            chained[e], back[e] = sc, (continued, ref, u, p)

    for p in range(w0, w1):
        i = p - w0
        v0, v1 = free[i], chained[i]
        if v1 > v0:
            free[i + 1], from_chain[i + 1] = v1, 1
        elif v0 > neg:
            free[i + 1] = v0
        plain = [s for s in range(first[i], first[i + 1]) if score[s] > neg]
        if v0 > neg:
            for s in range(first[i], first[i + 1]):
                offer(end[s] - w0, v0 + score[s] - open_cost, unit[s], 0, s, p)
        if v1 > neg:
            for s in range(first[i], first[i + 1]):
                offer(end[s] - w0, v1 + score[s], unit[s], 1, s, p)
            if not plain:
                for knot in _crossed_reference(key, p, w1, 12):
                    m = knot[4]
                    offer(p + 2 * m - w0, v1 + cum[p + m] - cum[p] - 1e-3, m, 1, knot, p)
    chains, open_chain, i = [], [], size - 1
    in_chain = chained[i] > free[i]
    while i > 0:
        if not in_chain:
            in_chain, i = from_chain[i], i - 1
            continue
        continued, ref, _, start = back[i]
        open_chain.append(ref)
        if not continued:
            chains.append(open_chain[::-1])
            open_chain = []
        in_chain, i = continued, start - w0
    return chains[::-1]


@SETTINGS
@given(st.lists(st.integers(0, 2), max_size=50))
def test_best_tiling_is_the_programme_written_out(values: list[int]) -> None:
    codes = np.array(values, dtype=np.uint32) + 0x4E00  # kanji: weight 2, so chains form often
    key, n = codes.tobytes().decode("utf-32-le"), len(codes)
    cum = rk.cumulative_weights(codes, WEIGHTS)
    cols = rk.plain_squares(codes, codes.copy(), np.arange(n, dtype=np.int64), cum, 0, n, 8, [], 2.5, 4.0, 1e-3)
    open_cost = 8.0 - 0.01 - 1e-3
    no_knot_opens = np.zeros(n + 1, dtype=np.uint8)  # the reference opens chains with plain squares only
    got = rk.best_tiling(cols[8], cols[0], cols[1], cols[2], cols[7], codes, cum, 0, n, open_cost, 1e-3, 12, no_knot_opens)
    assert got == _tiling_reference(key, cols, cum, 0, n, open_cost)


def test_squares_know_how_their_copies_stand_in_the_source() -> None:
    def squares(text: str) -> dict[tuple[int, int], tuple[bool, float]]:
        raw, codes, src = rk.fold(text, _FOLD, _GAP)
        cum = rk.cumulative_weights(codes, WEIGHTS)
        pos, _, unit, _, exact, _, gain, score, _ = rk.plain_squares(
            codes, raw, src, cum, 0, len(codes), 8, [], 2.5, 4.0, 1e-3
        )
        return {(p, u): (bool(x), round(g - s, 4)) for p, u, x, g, s in zip(pos, unit, exact, gain, score)}

    assert squares("abcdabcd")[0, 4] == (True, 0.001)
    assert squares("abcd\nabcd")[0, 4] == (True, 0.001)  # a line repeated on the next line
    assert squares("not tolerate")[2, 1] == (False, 2.501)  # "t t": the copy is set off by a space
    assert squares("ab\ncdab\ncd")[0, 4] == (True, 4.001)  # each copy cuts a line


def _structure_costs_written_out(raw: list[int], src: list[int], square: tuple[int, int, int, int],
                                 number_cut: float, partial_lines: float) -> float:
    """``square_tiling._structure_costs`` for one square ``(pos, end, unit, exact)``, character by character."""
    p, e, u, exact = square
    size, n = len(raw), len(src)
    if u <= 1:
        return 0.0

    def digit(c: int) -> bool:
        return 48 <= c <= 57 or 0xFF10 <= c <= 0xFF19

    def inside(i: int) -> bool:  # the boundary before raw[i] falls between two digits
        return 0 < i < size and digit(raw[i - 1]) and digit(raw[i])

    def breaks(a: int, b: int) -> bool:  # a line break in raw[a:b]
        return 10 in raw[a:b]

    start, after_unit, stop = src[p], src[p + u] if p + u < n else size, src[e - 1] + 1
    cost = number_cut if inside(start) or inside(after_unit) or inside(stop) else 0.0
    starts_line = p == 0 or breaks(src[p - 1] + 1, start)
    ends_line = e >= n or breaks(stop, src[e])
    if exact and breaks(start, stop) and not (starts_line or ends_line):
        cost += partial_lines
    return cost


@SETTINGS
@given(st.text(alphabet=st.sampled_from("ab12２ \n"), max_size=50), st.integers(0, 40))
def test_structure_costs_are_the_rules_written_out(text: str, w0: int) -> None:
    raw, codes, src = rk.fold(text, _FOLD, _GAP)
    n = len(codes)
    assume(w0 < n)
    cum = rk.cumulative_weights(codes, WEIGHTS)
    pos, end, unit, _copies, exact, *_ = rk.plain_squares(codes, raw, src, cum, w0, n, 8, [], 0.5, 0.5, 0.5)
    costs = rk.structure_costs(raw, src, pos, end, unit, exact, 1.5, 1e6).tolist()
    squares = zip(pos.tolist(), end.tolist(), unit.tolist(), exact.tolist())
    assert costs == [_structure_costs_written_out(raw.tolist(), src.tolist(), sq, 1.5, 1e6) for sq in squares]


@SETTINGS
@given(text_of, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6)), max_size=8))
def test_kept_key_is_the_key_less_the_deletions(text: str, raw_spans: list[tuple[int, int]]) -> None:
    raw, codes, src = rk.fold(text, _FOLD, _GAP)
    edits, end = [], 0  # sorted, disjoint source deletions
    for a, w in sorted(raw_spans):
        if a >= end and a < len(text):
            edits.append((a, min(a + w, len(text)), "run_doubling"))
            end = edits[-1][1]
    k0, k1, at, single, out_key = rk.kept_key(src, codes, edits)
    offsets, key = src.tolist(), [chr(c) for c in codes.tolist()]
    gone = [any(s <= x < e for s, e, _ in edits) for x in offsets]
    assert out_key == "".join(c for c, g in zip(key, gone) if not g)
    for (s, e, _), a, b, j, one in zip(edits, k0, k1, at, single):
        assert [k for k, x in enumerate(offsets) if s <= x < e] == list(range(a, b))
        assert j == sum(not g for g in gone[:a])
        assert one == (b - a == 1 and j > 0 and out_key[j - 1] == key[a])
