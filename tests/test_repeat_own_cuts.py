"""Two copies each cut at their own points (issue 7, the black-box tester's weak instances).

Three kinds the two-copy reader (``copy_merge``) used to get wrong, each with
its family in ``benchmarks/repeat_defects.py``:

* the last copy cut short mid-phrase (``phrase_truncated_mid``): the other copy
  writes on alone, and the reading took the next few characters the cut copy
  owed wherever that text held them (``need to streng|the|n``), deleting the
  stream (``_without_chance_tail``);
* copies cut into runs of a few glyphs (``word_own_cuts``): their first runs
  stand as a short square before the reading (``両閣両閣僚は、…``,
  ``_with_square_before``), and the seed's first copy is followed by the other
  copy's run, so the check for a phrase said twice passed them by
  (``_dense_short_repeats``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats, explain_repeats
from cleaning import copy_merge
from cleaning.legit_repeats import REDUPLICATIONS
from cleaning.textkey import make_key

import benchmark_modules

_merge_runs = benchmark_modules.load("repeat_defects").merge

CASES = Path(__file__).parent / "cases"
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
PLAIN_JA = [p for p in PLAIN if re.search("[\u3040-\u30ff\u4e00-\u9fff]", p) and len(p) >= 30]
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _key(text: str) -> str:
    return make_key(text).key


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


# ---- the last copy cut short: the chance tail after it stays ----------------------------------

CUT_SHORT = [
    (  # the cut copy's last run is ``Pacific, an``; ``d`` (need) and ``the`` (strengthen) were taken as its runs
        "The Ministers rThe Ministers reaffirmed theaffirmed that that they should not tolerey shate unilateral "
        "changould not toles to the status quo by ferate unilaterorce anal changes d such attempts to the status "
        "quo by forcein any r and such attempts egionin any regio including the Indo-Pacn including the Indo-ific, "
        "anPacific, and they need to strengthen the Alliance capabilities to deter and respond to that end.",
        "The Ministers reaffirmed that they should not tolerate unilateral changes to the status quo by force and "
        "such attempts in any region including the Indo-Pacific, and they need to strengthen the Alliance "
        "capabilities to deter and respond to that end.",
    ),
    (  # ``ollo`` of following, then ``w`` (two) and ``in`` (in Tokyo) by chance
        "Through a phased appThrough a phroach, the U.S. ased aplans to cpproach, the U.S. plonvert U.ans to "
        "convert U.SS. Forces Jap. Forces Jaan into a jointpan into a force headquar joint fters which will "
        "report torce headquarters wo the commanderhich will re of Uport to the comman.S. Indo-Pacder of U.S. "
        "Indo-Pacifiific Coc Command, the U.S. secmmand, the U.Sretary of. secretary of defense sai defensed "
        "today followi said today fong the clloonclusion of a two-plus-two ministerial meeting in Tokyo.",
        "Through a phased approach, the U.S. plans to convert U.S. Forces Japan into a joint force headquarters "
        "which will report to the commander of U.S. Indo-Pacific Command, the U.S. secretary of defense said "
        "today following the conclusion of a two-plus-two ministerial meeting in Tokyo.",
    ),
]


@pytest.mark.parametrize(("merged", "text"), CUT_SHORT)
def test_the_text_after_a_copy_cut_short_is_not_taken_for_its_runs(merged: str, text: str) -> None:
    out = collapse_repeats(merged)
    assert _is_subsequence(_key(text), _key(out)), out  # nothing of the stream deleted
    assert _key(out) == _key(text)


def test_a_chance_tail_is_cut_back_to_the_copys_last_long_run() -> None:
    # ``ab|cdefgh`` written, the copy behind writes ``abcdefgh`` (a long run) and later ``x`` and ``yz``
    # that happen to be what it owes next: those two go, and the copies end apart
    key = "abcdefgh" + "abcdefgh" + "xyzq" + "PPx" + "Qyz"
    runs = [(8, 16), (22, 23), (24, 26)]
    assert [key[a:b] for a, b in runs] == ["abcdefgh", "x", "yz"]
    assert copy_merge._lags(key, 0, runs) is not None
    kept, together = copy_merge._without_chance_tail(key, 0, runs)
    assert kept == [(8, 16)]
    assert together


@st.composite
def one_run_ahead(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], int]:
    """A key text (folded, no spaces) merged as ``A1 A2 B1 A3 B2 …`` (copy A a run ahead, both cut alike),
    the key spans of copy B's runs, and the length of A's last run."""
    text = _key(draw(st.sampled_from(PLAIN)))
    assume(len(text) >= 40)
    cuts, pos = [0], 0
    while pos < len(text):
        pos = min(len(text), pos + draw(st.integers(5, 27)))
        cuts.append(pos)
    assume(len(cuts) >= 4)
    merged = _merge_runs([text, text], [cuts, cuts], lead=1)
    runs, p = [], 0
    n = len(cuts) - 1
    order = [(0, 0)] + [pair for i in range(1, n) for pair in ((0, i), (1, i - 1))] + [(1, n - 1)]
    for copy, i in order:
        length = cuts[i + 1] - cuts[i]
        if copy == 1:
            runs.append((p, p + length))
        p += length
    assert p == len(merged)
    return merged, runs, cuts[-1] - cuts[-2]


@SETTINGS
@given(one_run_ahead())
def test_a_reading_of_two_whole_copies_keeps_every_run(case: tuple[str, list[tuple[int, int]], int]) -> None:
    """The lags of a true reading: copy B owes copy A's next run after each of its runs, nothing at the
    end; its runs are left whole, long or short."""
    merged, runs, _ = case
    assume(_key(merged) == merged)
    lags = copy_merge._lags(merged, 0, runs)
    assert lags is not None
    assert lags[-1] == 0 and all(g >= 0 for g in lags)
    assert copy_merge._without_chance_tail(merged, 0, runs) == (runs, True)


# ---- copies cut into runs of a few glyphs -------------------------------------------------

OWN_SHORT_RUNS = [
    (  # the first runs ``両閣`` | ``両閣僚は、`` stand as a square before the reading
        "両閣両閣僚は、僚は、抑抑止止力を維持し力を維、地元への持し影響を軽、地元へ減するの影響を軽減観点から、する普天観点から、"
        "普間飛行場の天間飛行場辺野古移設の辺野古移及び返設及び返還を還を含む米軍含む再編計画の米軍再着実な編計画の進展の着実な"
        "進展ため、引き続のためき日米間で緊、引き続き密に協力して日米間でいくことで緊密に協力し一致したていくこと。で一致した。",
        "両閣僚は、抑止力を維持し、地元への影響を軽減する観点から、普天間飛行場の辺野古移設及び返還を含む米軍再編計画の"
        "着実な進展のため、引き続き日米間で緊密に協力していくことで一致した。",
    ),
    (  # two squares before it, the copies in step for two runs: ``両閣両閣`` ``僚僚``
        "両閣両閣僚僚は、日は、日米の指米の指揮揮・統制枠組・統の向上、制枠組の向南西地上、南西域における日地域における米の"
        "日米の共共同プレゼン同プスの拡レゼン大、スの拡大、防防衛装衛装備・備・技術技術協力協力をはじめをはじめとする同盟強"
        "とする同化の取組に盟強化の取組ついてにつ、これまでのいて、進展を歓迎これし、引き続きまであらゆる分の進展を歓迎野で日"
        "し、引き続米防きあらゆ衛協力をる分野で日米強化防衛協して力を強化しいくことていくこを確認とを確認したした。。",
        "両閣僚は、日米の指揮・統制枠組の向上、南西地域における日米の共同プレゼンスの拡大、防衛装備・技術協力をはじめとする"
        "同盟強化の取組について、これまでの進展を歓迎し、引き続きあらゆる分野で日米防衛協力を強化していくことを確認した。",
    ),
    (  # every repeat short, and after the seed's first copy the other copy's run: no phrase said twice
        "その後その後、これらの、これ艦艇は対馬らの艦艇海峡を南西進は対馬海峡し、東シを南西進し、ナ海へ向け東シナて航行海へ"
        "した向けといて航行したとう。いう。",
        "その後、これらの艦艇は対馬海峡を南西進し、東シナ海へ向けて航行したという。",
    ),
    (
        "12月20日12月20日、木原防衛、木大臣は、ガ原防衛大ルシア-アル臣は、バノ駐日ガルシア-フィリピアルバン共ノ駐日"
        "和国大使のフィリ表敬を受けまピン共した。和国大使の表敬を受けました。",
        "12月20日、木原防衛大臣は、ガルシア-アルバノ駐日フィリピン共和国大使の表敬を受けました。",
    ),
]


@pytest.mark.parametrize(("merged", "text"), OWN_SHORT_RUNS)
def test_copies_cut_into_runs_of_a_few_glyphs_come_back_to_the_text(merged: str, text: str) -> None:
    out = collapse_repeats(merged)
    assert _key(out) == _key(text), out
    assert collapse_repeats(out) == out


def _short_cuts(draw: st.DrawFn, n: int) -> list[int]:
    cuts, pos = [0], 0
    while pos < n:
        pos = min(n, pos + draw(st.integers(2, 6)))
        cuts.append(pos)
    return cuts


@SETTINGS
@given(st.sampled_from(PLAIN_JA), st.data())
def test_a_merge_of_short_runs_is_only_ever_shortened_by_copies(text: str, data: st.DataObject) -> None:
    """Whatever the reading makes of copies cut into runs of two to six glyphs at their own points, it
    only deletes (the output is a subsequence of the input), each edit removes what its log says, and a
    second pass changes nothing."""
    merged = _merge_runs([text, text], [_short_cuts(data.draw, len(text)), _short_cuts(data.draw, len(text))])
    out, edits = explain_repeats(merged)
    assert _is_subsequence(out, merged)
    assert len(out) == len(merged) - sum(len(e.removed) for e in edits)
    assert collapse_repeats(out) == out


@SETTINGS
@given(st.sampled_from(sorted(REDUPLICATIONS) + ["2020", "1111"]), st.sampled_from(PLAIN_JA), st.data())
def test_a_writers_square_before_copies_stays(square: str, text: str, data: st.DataObject) -> None:
    """A reduplication (``ますます``) or a number said twice (``2020``) at the start of a line, right before
    copies that drift, is the writer's: only the copies go."""
    merged = _merge_runs([text, text], [_short_cuts(data.draw, len(text)), _short_cuts(data.draw, len(text))])
    out = collapse_repeats(square + merged)
    assert out.startswith(square), out
