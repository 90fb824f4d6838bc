"""Regressions from breaker10 (issue 7): legitimate repetition kept, facts safe, idempotence, bounded work.

Each test is built from the mechanism behind a failure the black-box tester found, not from its string
alone: the generators below vary the text, the cut points and the surroundings.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats, explain_repeats

CASES = Path(__file__).parent / "cases"
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
PLAIN_JA = [line for line in PLAIN if not line.isascii()]
PLAIN_EN = [line for line in PLAIN if line.isascii()]
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _cut(draw: st.DrawFn, text: str, lo: int, hi: int) -> list[str]:
    runs, pos = [], 0
    while pos < len(text):
        size = draw(st.integers(lo, hi))
        runs.append(text[pos : pos + size])
        pos += size
    return runs


@st.composite
def own_cuts_merge(draw: st.DrawFn) -> str:
    """Two copies of a Japanese paragraph, each cut at its own points into runs of 2-5 characters,
    the runs emitted alternately, either copy first (breaker10's ``word_k2_owncuts``)."""
    text = draw(st.sampled_from(PLAIN_JA))[:160]
    a, b = _cut(draw, text, 2, 5), _cut(draw, text, 2, 5)
    if draw(st.booleans()):
        a, b = b, a
    out = []
    for i in range(max(len(a), len(b))):
        out.extend(a[i : i + 1] + b[i : i + 1])
    return "".join(out)


@SETTINGS
@given(own_cuts_merge())
def test_repair_of_copies_with_their_own_cuts_is_idempotent(text: str) -> None:
    # A square repair can bring drifting copies into the drift step's reach: every step must look again
    # in every round, or a second clean repairs what the first left.
    once = collapse_repeats(text)
    assert collapse_repeats(once) == once


def test_a_region_the_first_clean_left_is_not_repaired_by_the_second() -> None:
    text = "飛翔飛翔距離距離はは約12約127788キキロメーロメトルと推ートルと推定され定されまます。本訓す。本練には訓練には、、護衛護衛艦5隻艦5隻、、航航空機約1空機約100機が参機が参加加すする予る予定定でですす。。自衛隊員自衛隊員約78,約78418,841名が災害名が災派遣害派遣に従に従事して事していまいます。今す。今後と後ともも、関、関係国と係国と連携連携して対応して対応ししててまいまいりまります。\nす。\n北朝鮮は、北朝鮮22時18は、22分頃、弾時1道ミサイ8分頃、弾ルを東方向道ミサイに発射ルを東方向しましたに発射し。航空まし自衛た。航空自隊は衛隊は、緊、緊急発進急発進を2を22回2回実施実施ししました。ました。"  # breaker10 defects-0236
    once = collapse_repeats(text)
    assert collapse_repeats(once) == once
