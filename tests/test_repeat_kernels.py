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


def _brute_squares(c: list[int], w0: int, w1: int, max_unit: int) -> set[tuple[int, int, int, bool]]:
    """(pos, unit, copies, primitive) of every square the kernel should report."""
    out = set()
    for u in range(1, min(max_unit, (w1 - w0) // 2) + 1):
        for p in range(w0, w1 - 2 * u + 1):
            unit = c[p : p + u]
            if unit != c[p + u : p + 2 * u] or (u >= 4 and u % 2 == 0 and unit[::2] == unit[1::2]):
                continue
            primitive = not any(u % q == 0 and unit == unit[:q] * (u // q) for q in range(1, u))
            run = p + 2 * u
            while run < w1 and c[run] == c[run - u]:
                run += 1
            copies = (run - p) // u if primitive and u > 1 else 2
            out.add((p, u, copies, primitive))
    return out


@SETTINGS
@given(codes_of, st.data())
def test_plain_squares_are_every_square_sorted_and_bucketed(codes: np.ndarray, data: st.DataObject) -> None:
    n = len(codes)
    w0 = data.draw(st.integers(0, n))
    w1 = data.draw(st.integers(w0, n))
    raw, src = codes.copy(), np.arange(n, dtype=np.int64)
    cum = rk.cumulative_weights(codes, WEIGHTS)
    pos, end, unit, copies, exact, primitive, gain, score, first = rk.plain_squares(
        codes, raw, src, cum, w0, w1, 8, [], 2.5, 1e-3
    )
    rows = set(zip(pos.tolist(), unit.tolist(), copies.tolist(), primitive.astype(bool).tolist()))
    assert rows == _brute_squares(codes.tolist(), w0, w1, 8)
    assert exact.all()  # raw is the key itself here
    assert (end == pos + unit * copies).all()
    assert np.allclose(score, gain - 1e-3)
    order = sorted(zip(pos.tolist(), (-unit).tolist()))
    assert list(zip(pos.tolist(), (-unit).tolist())) == order
    for i in range(w1 - w0):
        assert (pos[first[i] : first[i + 1]] == w0 + i).all()
