"""Repeat-repair families of ``benchmarks/repeat_defects.py`` below target (issue 7), one kind per section.

Each section has minimal inputs made the way the generator's family makes them (two copies of one
text, each cut at its own boundaries, merged run by run), and a property where one fits.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats, explain_repeats
from cleaning import copy_merge
from cleaning.textkey import make_key

import benchmark_modules

_merge_runs = benchmark_modules.load("repeat_defects").merge

CASES = Path(__file__).parent / "cases"
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
PLAIN_JA = [p for p in PLAIN if re.search("[\u3040-\u30ff\u4e00-\u9fff]", p) and len(p) >= 30]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _key(text: str) -> str:
    return make_key(text).key


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


# ---- copies in step for a while, then drifting: runs of 2.6 to 2.9 glyphs on average ------------------
#
# Where both copies cut at about the same points, the reading's runs split into glyph-sized pieces (``は``,
# ``、``, ``同``); a reading averaging under three glyphs a run was taken for fake bold and left whole.

IN_STEP_THEN_DRIFT = [
    (
        "防衛省防衛省はは12月12月11日11日、、同同日の閣日の閣議で承議で認を受けた承認を受けた陸海空陸海自衛隊空自衛隊"
        "の将の将およびおよ将補人事を発び将表した。補人事を発表した。",
        "防衛省は12月11日、同日の閣議で承認を受けた陸海空自衛隊の将および将補人事を発表した。",
    ),
    (
        "両閣僚両閣僚はは、日米防、日米防衛産衛産業協力業協・取得力・取得・維・維持整持整備定期協備定期協議議(D(DICAICASS)"
        "の)の早期早期開催に向開催にけて向けて準備を準備進めてを進めていいくこくことを確認とを確認すするとともるとともにに、、"
        "同協議の枠同協組を通じて議の枠日米の共同組を通じ開発、共同生て日米産及びの共共同維同開発、共同持整備生産及び共に"
        "かかる同維持整備議論を加にかかる議速し論を加速し、日、日米米間の装間の装備協力備協を一段と深力を一段と化させるこ"
        "深化さとで一せることで致した。一致した。",
        "両閣僚は、日米防衛産業協力・取得・維持整備定期協議(DICAS)の早期開催に向けて準備を進めていくことを確認すると"
        "ともに、同協議の枠組を通じて日米の共同開発、共同生産及び共同維持整備にかかる議論を加速し、日米間の装備協力を"
        "一段と深化させることで一致した。",
    ),
]


@pytest.mark.parametrize(("merged", "text"), IN_STEP_THEN_DRIFT)
def test_copies_in_step_then_drifting_come_back_to_the_text(merged: str, text: str) -> None:
    out = collapse_repeats(merged)
    assert _key(out) == _key(text), out
    assert collapse_repeats(out) == out


def test_a_reading_of_glyph_sized_runs_is_not_repaired_as_drift() -> None:
    """Fake bold read as two copies gives runs of one glyph each: the square search's, not a drift's."""
    text = "TThhee  MMiinniisstteerr  ssaaiidd  tthhaatt"
    tk = make_key(text)
    glyphs = [(k, k + 1) for k in range(1, 16, 2)]  # every second glyph of ``TThheeMMiinn…``
    assert not copy_merge._repairs(tk.cum, 0, glyphs, True)
    pairs = [(k, k + 2) for k in range(2, 30, 4)]  # runs of two glyphs each: a copy's
    assert copy_merge._repairs(make_key("x" * 40).cum, 0, pairs, True)
    assert collapse_repeats(text) == "The Minister said that"


def _cuts(draw: st.DrawFn, n: int, lo: int, hi: int) -> list[int]:
    cuts, pos = [0], 0
    while pos < n:
        pos = min(n, pos + draw(st.integers(lo, hi)))
        cuts.append(pos)
    return cuts


@SETTINGS
@given(st.sampled_from(PLAIN_JA), st.data())
def test_copies_in_step_then_drifting_are_only_shortened_by_copies(text: str, data: st.DataObject) -> None:
    """Copies that share their first cut points (in step, runs of one to three glyphs) and then cut at their
    own (two to six glyphs): the repair only deletes, its log says what, every digit group it leaves is one
    of the input or of the text the copies spell (a copy cut inside ``2024`` leaves ``202024``), and a
    second pass changes nothing."""
    head = data.draw(st.integers(3, min(20, len(text) // 2)))
    shared = _cuts(data.draw, head, 1, 3)
    a = shared + [head + c for c in _cuts(data.draw, len(text) - head, 2, 6)[1:]]
    b = shared + [head + c for c in _cuts(data.draw, len(text) - head, 2, 6)[1:]]
    merged = _merge_runs([text, text], [a, b])
    out, edits = explain_repeats(merged)
    assert _is_subsequence(out, merged)
    assert len(out) == len(merged) - sum(len(e.removed) for e in edits)
    assert set(re.findall(r"\d+", out)) <= set(re.findall(r"\d+", merged)) | set(re.findall(r"\d+", text))
    assert collapse_repeats(out) == out


# ---- the copies' first runs as a chain of squares: kana and punctuation said twice ----------------------

def test_a_chain_of_squares_with_kana_and_punctuation_before_a_reading_goes_with_it() -> None:
    """``そのその後後、、ここ`` then drift: the first runs in step, some of one kana (``ここ``) or a comma
    (``、、``), which only a digit beside makes a number's."""
    merged = ("そのその後後、、ここれらの艦れらの艇は対馬艦艇は海峡を対馬南西進海峡を南西し、東シナ海進し、東シナへ向海へ"
              "けて航行し向けて航たとい行したという。う。")
    out = collapse_repeats(merged)
    assert out == "その後、これらの艦艇は対馬海峡を南西進し、東シナ海へ向けて航行したという。"


@pytest.mark.parametrize(("key", "a", "b", "number"), [
    ("こ,,れ", 1, 3, False),  # a comma said twice between words
    ("1,,0", 1, 3, True),  # ... beside a digit: a number's
    ("x2020y", 1, 5, True),
    ("x1,1,y", 1, 5, True),
    ("そのその", 0, 4, False),
])
def test_a_number_square_is_one_of_number_glyphs_beside_a_digit(key: str, a: int, b: int, number: bool) -> None:
    assert copy_merge._number_square(key, a, b) is number


@SETTINGS
@given(st.sampled_from(PLAIN_JA), st.data())
def test_a_writers_word_at_a_sentence_start_before_copies_stays(text: str, data: st.DataObject) -> None:
    """A kana word said twice at a line's start (``ここ``, ``ここで``) right before copies is the writer's, even
    now that a kana square may be one of the copies' first runs inside a chain: only the copies go."""
    word = data.draw(st.sampled_from(["ここで", "ここに", "ここは"]))
    merged = _merge_runs([text, text], [_cuts(data.draw, len(text), 2, 6), _cuts(data.draw, len(text), 2, 6)])
    out = collapse_repeats(word + merged)
    assert out.startswith(word), out


# ---- the last copy cut short mid-run: what the copy ahead wrote past the cut copy's end ----------------

CUT_SHORT_FEW_RUNS = [
    (  # the cut copy's runs: ``12月20日、木原防衛大臣`` | ``は、…駐日フィ`` | ``リピン共和国`` (cut inside its run)
        "12月20日、木原防衛大臣は、ガルシア-アル12月20日、木原防衛大臣バノ駐日フィリピは、ガルシア-アルバノ駐日フィン共和国大使"
        "の表敬を受けまリピン共和国した。",
        "12月20日、木原防衛大臣は、ガルシア-アルバノ駐日フィリピン共和国大使の表敬を受けました。",
    ),
]


@pytest.mark.parametrize(("merged", "text"), CUT_SHORT_FEW_RUNS)
def test_a_copy_cut_short_after_few_runs_comes_back_to_the_text(merged: str, text: str) -> None:
    out = collapse_repeats(merged)
    assert _key(out) == _key(text), out
    assert collapse_repeats(out) == out


def test_only_the_last_gap_of_a_cut_copy_may_hold_text_it_never_writes() -> None:
    """``_uncopied``: the copy ahead's text past the cut copy's end is left out of the count in the last gap
    only; words said again among new words in every gap (a writer's) stay uncopied."""
    key = _key("12月20日、木原防衛大臣は、ガルシア-アル12月20日、木原防衛大臣バノ駐日フィリピは、ガルシア-アルバノ駐日フィン"
               "共和国大使の表敬を受けまリピン共和国した。")
    runs = [(22, 35), (43, 58), (71, 77)]
    assert copy_merge._uncopied(key, runs, 0, caught_up=True)  # read as copies that end together: too much new text
    assert not copy_merge._uncopied(key, runs, 0, caught_up=False)
    words = _key("Aubrey David 30' amarilla, David Guzmán 30' doble amarilla, Ricardo Blanco")
    first = words.index("David", words.index("amarilla"))
    second = words.index("30'", first)
    third = words.index("amarilla", second)
    runs = [(first, first + 5), (second, second + 3), (third, third + 8)]
    assert copy_merge._uncopied(words, runs, 0, caught_up=False)


@SETTINGS
@given(st.sampled_from(PLAIN_JA), st.data())
def test_a_copy_cut_short_mid_run_is_only_ever_shortened_by_copies(text: str, data: st.DataObject) -> None:
    """Two copies cut into phrases at their own points, the last stopping inside one of its runs (the
    generator's ``phrase_truncated_mid``): the repair only deletes, keeps the text's numbers, and settles."""
    a, b = _cuts(data.draw, len(text), 5, 27), _cuts(data.draw, len(text), 5, 27)
    end = data.draw(st.integers(len(text) // 2, len(text) - 1))
    merged = _merge_runs([text, text[:end]], [a, [c for c in b if c < end] + [end]])
    out, edits = explain_repeats(merged)
    assert _is_subsequence(out, merged)
    assert len(out) == len(merged) - sum(len(e.removed) for e in edits)
    assert set(re.findall(r"\d+", out)) <= set(re.findall(r"\d+", merged)) | set(re.findall(r"\d+", text))
    assert collapse_repeats(out) == out


def test_the_legit_family_of_the_generator_is_left_alone() -> None:
    """The generator's ``legit`` texts (and the clean paragraphs) come back unchanged."""
    defects = benchmark_modules.load("repeat_defects")
    rows = [r for r in defects.build("tune", 12, 7) if r["family"] == "legit"]
    assert rows
    for r in rows:
        assert collapse_repeats(r["input"]) == r["input"]
    rng = np.random.default_rng(0)
    for p in rng.choice(PLAIN, size=min(20, len(PLAIN)), replace=False):
        assert collapse_repeats(str(p)) == str(p)
