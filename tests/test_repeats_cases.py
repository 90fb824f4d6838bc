"""Repeat collapse on golden cases kept as data (ftfy style).

``tests/cases/repeats-cases.json`` holds ``{group, label, original, fixed,
expect}``.  Groups: ``in-the-wild`` (real defects), ``synthetic`` (each
mechanism the cleaner claims to repair), ``negative`` (legitimate repetition
that must pass unchanged) and ``known-failure`` (kept, not deleted, with
``expect: "fail"``: if one starts passing, the test says so).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaning import apply_edits, collapse_repeats, explain_repeats, repeats

CASES = json.loads((Path(__file__).parent / "cases" / "repeats-cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['group']}: {c['label']}" for c in CASES])
def test_case(case: dict) -> None:
    out = collapse_repeats(case["original"])
    if case["expect"] == "pass":
        assert out == case["fixed"]
    else:
        assert out != case["fixed"], "a known failure now passes: move it to its group"


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] == "pass"], ids=lambda c: c["label"])
def test_case_edits_explain_the_change(case: dict) -> None:
    out, edits = explain_repeats(case["original"])
    assert apply_edits(case["original"], edits) == out
    assert bool(edits) == (case["original"] != case["fixed"])


def test_seed_edits_name_each_removed_run() -> None:
    seed = next(c for c in CASES if c["label"].startswith("seed Futenma"))
    _, edits = explain_repeats(seed["original"])
    removed = [e.removed for e in edits]
    assert removed[:3] == ["抑止力を維持し、地元への", "影響を", "軽減する観点から、"]
    assert {e.kind for e in edits} == {"run_doubling"}
    assert all(seed["original"][e.start : e.end] == e.removed for e in edits)


def test_rounds_run_until_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each character printed three or four times: every round peels off a layer.  A cap
    # of four rounds (as there once was) stopped before the text settled, so a second
    # call changed it again.
    layered = (
        "11112222月月月22220000日日日、、、、木木木木原原原原防防防防衛衛衛衛大大大大臣臣はははは、、、"
        "ガガガガルルルルシシシシアアアア----アアアアルルルルバババノノノノ駐駐駐駐日日日日フフフフィィィ"
        "リリリリピピピピンンンン共共共共和和和和国国国国大大大使使使使のののの表表表表敬敬敬ををを受受受受"
        "けけけけまままししししたたたた。。。。"
    )
    # Now the multi-strike step reads the layers (2, 3 and 4 copies mixed) in one round.
    once = collapse_repeats(layered)
    assert once.startswith("12月20日、木原防衛大臣は、ガルシア-アルバノ駐日フィリピン共和国大使の表敬を受けました")
    assert collapse_repeats(once) == once
    monkeypatch.setattr(repeats, "MAX_ROUNDS", 1)
    assert collapse_repeats(layered) == once


def test_a_line_printed_three_times_the_last_truncated() -> None:
    # The programme could tile the two full copies at any phase; cut mid-line, the square
    # also swallowed the legitimate とと of とともに in the truncated copy.  Repeated lines
    # are repeated whole, so a square that cuts lines now costs more than one that does not.
    line = (
        "両閣僚は、日米防衛産業協力・取得・維持整備定期協議(DICAS)の早期開催に向けて準備を進めていくことを"
        "確認するとともに、同協議の枠組を通じて日米の共同開発、共同生産及び共同維持整備にかかる議論を加速し、"
        "日米間の装備協力を一段と深化させることで一致した。"
    )
    assert collapse_repeats(f"{line}\n{line}\n{line[: len(line) // 2]}") == line


def test_two_truncated_copies_of_a_line_give_edits_that_replay() -> None:
    text = "Austin met with Japanese Minister of Defense\n Austin met with Japanese M\n Austin met with Japanese \nnext"
    out, edits = explain_repeats(text)
    assert out == "Austin met with Japanese Minister of Defense\nnext"
    assert all(a.end <= b.start for a, b in zip(edits, edits[1:]))
    assert apply_edits(text, edits) == out
