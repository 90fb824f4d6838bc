"""Three or four copies that drift, and copies that lag or lead by less than a run (issue 7, h-drift).

Cases: ``cases/drifting_copies_k3_k4.json`` holds merges of k = 3 or 4 copies of a
clean paragraph (from the tune half of ``benchmarks/repeat_defects.py``'s split), each
copy cut at its own phrase boundaries (up to 3 characters from the others') and the
runs emitted in turn; ``copy_merge.decode_copies`` reads them.  The properties check
that its reading never takes two drifting copies for three (it would delete text of the
stream).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats, copy_merge, explain_repeats
from cleaning.edit_safety import digit_groups, number_faults
from cleaning.repeat_kernels import stretches
from cleaning.textkey import make_key

import benchmark_modules
from test_repeat_drift import _own_cuts, _phrase_cuts  # the drift property's own cut generators

_merge_runs = benchmark_modules.load("repeat_defects").merge

CASES = Path(__file__).parent / "cases"
K_CASES = json.loads((CASES / "drifting_copies_k3_k4.json").read_text("utf-8"))
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _key(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("case", K_CASES, ids=[f"k{c['copies']}-{i}" for i, c in enumerate(K_CASES)])
def test_three_or_four_drifting_copies_merge_back(case: dict) -> None:
    out = collapse_repeats(case["input"])
    assert _key(out) == _key(case["expected"]), out


def test_k_copy_cases_drift() -> None:
    """The cases are not copies in step (which the square search reads): some run's copies differ in length."""
    assert {c["copies"] for c in K_CASES} == {3, 4}
    for case in K_CASES:
        assert case["expected"] * case["copies"] != case["input"]


def _decode_copies(text: str) -> tuple[list[tuple[int, int]], bool, int]:
    """``decode_copies`` on ``text`` from its start, seeded at the first repeat ``find_merged_copies`` would seed."""
    tk = make_key(text)
    found = stretches(tk.codes, 3, 4, 0, copy_merge.MAX_LAG)
    a, b, lag = np.array(found, dtype=np.int64).T
    at, frm = copy_merge._spawns(a, a + lag, b - a)
    spawns: dict[int, list[int]] = {}
    for x, y in zip(at.tolist(), frm.tolist()):
        spawns.setdefault(x, []).append(y)
    seed = int(at[0]) if len(at) else 0
    return copy_merge.decode_copies(tk.key, np.diff(tk.cum).tolist(), spawns, 0, seed)


def _both_readers(text: str, pick: int, together_runs: int) -> tuple[tuple, tuple]:
    """``decode_copies`` (plain Python) and ``compiled_decode_copies`` (``repeat_kernels.k_decode``) on
    ``text``, seeded at its repeat number ``pick`` (modulo their count), started ``K_MAX_BACK`` before it."""
    tk = make_key(text)
    found = stretches(tk.codes, 3, 4, 0, copy_merge.MAX_LAG)
    if len(found) < 2:
        return (), ()
    a, b, lag = np.array(found, dtype=np.int64).T
    at, frm = copy_merge._spawns(a, a + lag, b - a)
    spawns: dict[int, list[int]] = {}
    for x, y in zip(at.tolist(), frm.tolist()):
        spawns.setdefault(x, []).append(y)
    s = pick % len(found)
    seed, start = int(a[s] + lag[s]), max(0, int(a[s]) - copy_merge.K_MAX_BACK)
    w = np.diff(tk.cum).tolist()
    stated = copy_merge.decode_copies(tk.key, w, spawns, start, seed, together_runs)
    return stated, copy_merge.compiled_decode_copies(tk.key, w, spawns, start, seed, together_runs)


@pytest.mark.parametrize("case", K_CASES[:4], ids=["k3-0", "k3-1", "k3-2", "k3-3"])
def test_decode_copies_reads_two_copies_behind(case: dict) -> None:
    runs, _, copies = _decode_copies(case["input"])
    assert copies >= 2 and runs


@st.composite
def two_drifting(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(PLAIN))
    base = _phrase_cuts(draw, len(text))
    cuts = [base, _own_cuts(draw, base, len(text), draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        cuts.reverse()
    return _merge_runs([text, text], cuts, lead=draw(st.integers(0, 1)))


@SETTINGS
@given(two_drifting())
def test_two_drifting_copies_are_not_read_as_three(merged: str) -> None:
    """Two copies have no second copy behind: a reading that finds one would delete text of the stream."""
    _, _, copies = _decode_copies(merged)
    assert copies < 2


# ---- a copy that lags or leads by less than a run, or by more ----------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the repeat found as a maximal stretch starts a character before the run (``in any region any region``):
        # the copy behind starts one character into it (rotated spawn), and its truncated last run goes too
        (
            "The Ministers reaffThe Ministers reaffirmed irmed that they should not tolethat they should not tolerate "
            "unilateral changesrate unilateral changes to the  to the status quo by force anstatus quo by force and such "
            "attempts ind such attempts in any region any region including the including the Indo-Pacific, and they n "
            "Indo-Pacific, and theeed to strengthen the Alliance capabilities to deter and respond to that end.",
            "The Ministers reaffirmed that they should not tolerate unilateral changes to the status quo by force and "
            "such attempts in any region including the Indo-Pacific, and they need to strengthen the Alliance "
            "capabilities to deter and respond to that end.",
        ),
        # the copy behind's run starts with the end of the leading copy's previous run (A1 B1 A2 B2)
        (
            "12月20日、木12月20原防衛大臣は、ガルシア-アルバノ日、木原防衛大臣は、ガルシア-アルバノ"
            "駐日フィリピン共和国大使の表敬を受けました。駐日フィリピン共和国大使の表敬を受けました。",
            "12月20日、木原防衛大臣は、ガルシア-アルバノ駐日フィリピン共和国大使の表敬を受けました。",
        ),
        # the leading copy a run and more ahead: the copy behind's previous run lies between the seed's copies
        (
            "The Ministers reaffirmed that tThe Mhey should not inisters reaffirmed that thtolerateey should not to "
            "unilaleratteral change unies to the status quo by lateral changforce and such attempts in es to the status "
            "quo by fany regionorce and such attempts in a including theny regi Indo-Pacific.on including the "
            "Indo-Pacific.",
            "The Ministers reaffirmed that they should not tolerate unilateral changes to the status quo by force and "
            "such attempts in any region including the Indo-Pacific.",
        ),
    ],
    ids=["rotated-spawn", "starts-with-previous-run", "lead-more-than-a-run"],
)
def test_copy_lagging_or_leading(text: str, expected: str) -> None:
    assert _key(collapse_repeats(text)) == _key(expected)


@pytest.mark.parametrize(
    "text",
    [
        "0 Minister 0 the.\n0 Minister 2024.10.5 the.",  # two lines that differ in a number: no copy behind
        "The plan was approved on Monday. The plan was approved by the cabinet, and the plan was approved again.",
    ],
)
def test_sentences_sharing_phrases_stay(text: str) -> None:
    assert collapse_repeats(text) == text


# ---- a value repeated down a table column is the table's own -------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Status\nActive\nActive\nInactive",
        "Name\nStatus\nAlpha\nActive\nBeta\nActive\nActive\nPending",
        "日時\n令和7年\n令和7年\n場所",
    ],
)
def test_a_value_repeated_down_a_column_stays(text: str) -> None:
    assert collapse_repeats(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister arrived.\nThe minister arrived.\nHe spoke.", "The minister arrived.\nHe spoke."),
        ("Press Release\nPress Release\nThe minister said the plan was approved.",
         "Press Release\nThe minister said the plan was approved."),
        ("防衛大臣臨時記者会見\n防衛大臣臨時記者会見\n大臣から、本日の閣議について報告がありました。",
         "防衛大臣臨時記者会見\n大臣から、本日の閣議について報告がありました。"),
    ],
)
def test_a_line_printed_twice_among_sentences_loses_its_copy(text: str, expected: str) -> None:
    assert collapse_repeats(text) == expected


# ---- three copies that drift, each cut inside a number at its own point (h-drift4) -------------------

_SOMALIA = ("ソマリア沖において航行する民間船舶を防護するため、2014年6月30日の段階で選別作業を行った船舶は約9万700隻を"
            "超え、海賊船と疑われる船舶の武装解除といった成果に大きく貢献している。")


@pytest.mark.parametrize(
    "cuts",
    [
        # ``9万70|0隻`` in one copy, ``9万7|00隻`` in another: the kept pieces lie runs apart, another copy holds 700 whole
        [[0, 13, 23, 37, 55, 63, 72, 88, 93], [0, 12, 24, 34, 56, 61, 69, 85, 93], [0, 13, 23, 34, 53, 60, 73, 88, 93]],
        [[0, 15, 32, 45, 57, 67, 77, 93], [0, 12, 31, 46, 57, 68, 74, 93], [0, 14, 33, 46, 59, 64, 79, 93]],
    ],
    ids=["700", "30"],
)
def test_three_drifting_copies_cut_inside_numbers_merge_back(cuts: list[list[int]]) -> None:
    merged = _merge_runs([_SOMALIA] * 3, cuts)
    assert collapse_repeats(merged) == _SOMALIA


def test_a_number_joined_from_pieces_runs_apart_is_whole_when_a_removed_copy_holds_it() -> None:
    """Rule 1 (``edit_safety``): ``3`` + ``0`` joined across a removed copy is ``30`` only when that copy
    (or one beside it) holds ``30`` whole; otherwise the deletion would make a number."""
    held = "拠点を開設。6月3" + "めの拠点を開設。6月30日の段階" + "0日の段階で作業"
    a, b = held.index("め"), held.index("0日の段階で")
    assert not number_faults(held, [(a, b, "run_doubling", 1.0)])
    made = "拠点を開設。6月3" + "めの拠点を開設。6月" + "0日の段階で作業"
    a, b = made.index("め"), made.index("0日")
    assert number_faults(made, [(a, b, "run_doubling", 1.0)]) == {0}


NUMBERED = [p for p in PLAIN if any(ch.isdigit() for ch in p)]


@st.composite
def three_drifting(draw: st.DrawFn) -> tuple[str, str]:
    """A clean paragraph holding numbers and three copies of it, each cut at its own points, merged run by run."""
    text = draw(st.sampled_from(NUMBERED))
    base = _phrase_cuts(draw, len(text))
    cuts = [base] + [_own_cuts(draw, base, len(text), draw(st.integers(1, 3))) for _ in range(2)]
    return text, _merge_runs([text] * 3, cuts)


@SETTINGS
@given(three_drifting())
def test_three_drifting_copies_never_change_a_number(case: tuple[str, str]) -> None:
    """Whatever of the merge is repaired, every digit group of the output is a digit group of the input,
    the repair only deletes, and a second pass changes nothing."""
    _, merged = case
    out, edits = explain_repeats(merged)
    assert set(digit_groups(out)) <= set(digit_groups(merged))
    assert len(out) == len(merged) - sum(len(e.removed) for e in edits)
    assert collapse_repeats(out) == out


def test_a_truncated_last_copy_goes_when_the_text_ends_a_few_characters_later() -> None:
    """After a chain of doubled runs, the last copy cut short (``ていくこと``) is followed by fresh text
    shorter than a 4-gram (``した。``) and the end: fresh all the same, as it copies nothing before it."""
    text = ("両閣僚は、日米の両閣僚は、日米の指揮・統制枠組の向上、南西地域における指揮・統制枠組の向上、南西地域における"
            "日米の共同プレゼンスの拡大、防日米の共同プレゼンスの拡大、防衛装備・技術協力をはじめとする衛装備・技術協力を"
            "はじめとする同盟強化の取組について同盟強化の取組について、これまで、これまでの進展を歓迎し、引き続きあらゆる分"
            "の進展を歓迎し、引き続きあらゆる分野で日米防衛協力を強化し野で日米防衛協力を強化していくことを確認ていくことした。")
    assert collapse_repeats(text) == (
        "両閣僚は、日米の指揮・統制枠組の向上、南西地域における日米の共同プレゼンスの拡大、防衛装備・技術協力をはじめとする"
        "同盟強化の取組について、これまでの進展を歓迎し、引き続きあらゆる分野で日米防衛協力を強化していくことを確認した。")


@SETTINGS
@given(st.sampled_from(PLAIN), st.sampled_from(["した。", "です", "ok.", "終了"]))
def test_a_clean_paragraph_with_a_short_ending_stays(text: str, ending: str) -> None:
    """The short-ending rule needs a chain of doubled runs before it: clean text ending a few characters
    after a phrase is untouched."""
    assert collapse_repeats(text + ending) == text + ending


# Merges of three copies (tune half, ``benchmarks/repeat_defects.py``'s generator) that a wrong reading as k
# copies used to repair by deleting text of the stream: each deletion had a copy of itself nearby, so it passed
# edit_safety, but the copy kept was another copy's.  See copy_merge._KReading (``second``, ``dead``, ``chance``).
WRONG_READINGS = json.loads((CASES / "drifting_copies_wrong_readings.json").read_text("utf-8"))


def _holds(stream: str, text: str) -> bool:
    """Is ``stream`` a subsequence of ``text`` (nothing of it deleted)?"""
    rest = iter(text)
    return all(c in rest for c in stream)


@pytest.mark.parametrize("case", WRONG_READINGS, ids=[c["why"] for c in WRONG_READINGS])
def test_a_wrong_reading_of_k_copies_never_deletes_the_stream(case: dict) -> None:
    out = collapse_repeats(case["input"])
    assert _holds(_key(case["expected"]), _key(out)), out
    assert _key(out) == _key(case["expected"]), out


@SETTINGS
@given(st.sampled_from(PLAIN), st.integers(3, 4), st.integers(0, 1), st.data())
def test_k_copies_start_in_the_first_round(text: str, k: int, lead: int, data: st.DataObject) -> None:
    """A reading as k copies never has a copy behind start after another has written its second run (the
    runs are emitted in turn): whatever it deletes, one copy of the stream stays whole."""
    base = _phrase_cuts(data.draw, len(text))
    cuts = [base] + [_own_cuts(data.draw, base, len(text), data.draw(st.integers(0, 3))) for _ in range(k - 1)]
    merged = _merge_runs([text] * k, cuts, lead=lead)
    out = collapse_repeats(merged)
    assert _holds(_key(text), _key(out)), out


@pytest.mark.parametrize("case", K_CASES[::3], ids=[f"case-{i}" for i in range(0, len(K_CASES), 3)])
def test_the_compiled_k_reader_agrees_with_its_statement_on_the_cases(case: dict) -> None:
    """``repeat_kernels.k_decode`` returns what ``decode_copies`` returns: runs, copies together, copies behind."""
    for pick, together_runs in ((0, 2), (7, 3), (19, 2)):
        stated, compiled = _both_readers(case["input"], pick, together_runs)
        assert compiled == stated


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(two_drifting(), three_drifting().map(lambda case: case[1])), st.integers(0, 500))
def test_the_compiled_k_reader_agrees_with_its_statement(merged: str, pick: int) -> None:
    """The same on random merges of two or three drifting copies, from a random seed."""
    stated, compiled = _both_readers(merged, pick, 2)
    assert compiled == stated
