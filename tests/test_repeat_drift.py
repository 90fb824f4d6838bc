"""Drifting copies (issue 7): two copies of a text cut at their own phrase boundaries and merged run by run.

The mechanism: each copy is cut into runs at its own cut points, the runs are
emitted in turn, and either copy may lead by less than a run or by more (and
which copy leads changes from run to run when the cut points differ by a few
characters).  ``copy_merge`` reads such a region as two copies (a 2-copy
alignment, ``repeat_kernels.merge_decode``); these properties check that the
repair gives back the text, that the compiled reader agrees with its Python
statement, and that the reading never removes a writer's own repetition.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats, explain_repeats
from cleaning import copy_merge
from cleaning.repeat_kernels import merge_decode, stretches
from cleaning.textkey import make_key

import benchmark_modules

# The mechanism's merge (runs of each copy emitted in turn, copy 0 first) as the benchmark writes it.
_merge_runs = benchmark_modules.load("repeat_defects").merge

CASES = Path(__file__).parent / "cases"
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
LEGIT = [line for line in (CASES / "legit_repetition.txt").read_text("utf-8").splitlines() if line]
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

Cuts = list[int]


def _phrase_cuts(draw: st.DrawFn, n: int) -> Cuts:
    """Cut points ``[0, ..., n]`` of runs of 5..27 characters (phrases, as PDF layers cut them)."""
    cuts, pos = [0], 0
    while pos < n:
        pos = min(n, pos + draw(st.integers(5, 27)))
        cuts.append(pos)
    return cuts


def _own_cuts(draw: st.DrawFn, base: Cuts, n: int, most: int) -> Cuts:
    """Another copy's cut points: each of ``base`` moved by up to ``most`` characters, order kept."""
    out = [0]
    for c in base[1:-1]:
        c = min(n - 1, max(out[-1] + 1, c + draw(st.integers(-most, most))))
        if c > out[-1]:
            out.append(c)
    return out + [n]


@st.composite
def drifting_merges(draw: st.DrawFn) -> tuple[str, str]:
    """A clean paragraph and two copies of it, each cut at its own points (up to 3 characters apart),
    merged run by run; either copy first, and the first may run a whole run ahead."""
    text = draw(st.sampled_from(PLAIN))
    base = _phrase_cuts(draw, len(text))
    cuts = [base, _own_cuts(draw, base, len(text), draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        cuts.reverse()  # the other copy's cuts come first: it leads where its cut falls later
    return text, _merge_runs([text, text], cuts, lead=draw(st.integers(0, 1)))


@st.composite
def merges_in_step(draw: st.DrawFn) -> tuple[str, str]:
    """A clean paragraph and k = 2..4 copies cut at the same points, merged run by run."""
    text = draw(st.sampled_from(PLAIN))
    cuts = _phrase_cuts(draw, len(text))
    k = draw(st.integers(2, 4))
    return text, _merge_runs([text] * k, [cuts] * k, lead=0)


def _key(text: str) -> str:
    return "".join(text.split())


@SETTINGS
@given(drifting_merges())
def test_two_drifting_copies_come_back_to_the_text(case: tuple[str, str]) -> None:
    text, merged = case
    assert _key(collapse_repeats(merged)) == _key(text)


@SETTINGS
@given(merges_in_step())
def test_two_to_four_copies_in_step_come_back_to_the_text(case: tuple[str, str]) -> None:
    text, merged = case
    assert _key(collapse_repeats(merged)) == _key(text)


@SETTINGS
@given(drifting_merges())
def test_a_drift_repair_only_removes_copies(case: tuple[str, str]) -> None:
    """Every edit removes text that stays beside it (the kept twin), and a second pass changes nothing."""
    _, merged = case
    out, edits = explain_repeats(merged)
    assert len(out) == len(merged) - sum(len(e.removed) for e in edits)
    assert collapse_repeats(out) == out


@SETTINGS
@given(st.sampled_from(PLAIN + LEGIT), st.sampled_from(PLAIN + LEGIT))
def test_two_different_paragraphs_are_not_read_as_copies(first: str, second: str) -> None:
    """Text that is no merge of copies gives the reader nothing to delete."""
    tk = make_key(first + "\n" + second)
    assert first == second or not list(copy_merge.find_merged_copies(tk))


def _spawn_dict(at: np.ndarray, frm: np.ndarray) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for j, a in zip(at.tolist(), frm.tolist()):
        out.setdefault(j, []).append(a)
    return out


@SETTINGS
@given(st.one_of(drifting_merges(), merges_in_step()), st.data())
def test_the_compiled_reader_agrees_with_its_statement(case: tuple[str, str], data: st.DataObject) -> None:
    """``repeat_kernels.merge_decode`` returns what ``copy_merge._decode`` (plain Python) returns."""
    _, merged = case
    tk = make_key(merged)
    found = stretches(tk.codes, 3, 4, 0, copy_merge.MAX_LAG)
    if len(found) < 2:
        return
    a, b, lag = np.array(found, dtype=np.int64).T
    at, frm = copy_merge._spawns(a, a + lag, b - a)
    s = data.draw(st.integers(0, len(found) - 1))
    seed = int(a[s] + lag[s])
    start = max(0, int(a[s]) - copy_merge.MAX_BACK)
    compiled = merge_decode(tk.codes, tk.cum, at, frm, start, seed, copy_merge.BEAM, copy_merge.MAX_LAG,
                            copy_merge.MAX_GAP, copy_merge.MIN_RUN, copy_merge.RUN_COST)
    stated = copy_merge._decode(tk.key, np.diff(tk.cum).tolist(), _spawn_dict(at, frm), start, seed)
    assert (compiled[0], compiled[1]) == stated


def test_the_first_copy_running_ahead_comes_back() -> None:
    """The example of issue 7: the first copy leads."""
    text = "両閣僚は、抑止両閣僚は、力を維持し、地元抑止力を維持し、への影響を軽減する地元への影響を軽減観点から、"
    assert collapse_repeats(text) == "両閣僚は、抑止力を維持し、地元への影響を軽減する観点から、"
