"""Fact safety, grapheme fidelity, hostile strings and the compact edit log of repeat repair.

Properties (hypothesis, derandomized) on texts built from tokens (numbers with
separators, English words, Japanese words) with random doubling at token
boundaries, fake bold and emoji: numbers survive whole, every deletion has a
kept twin, every grapheme cluster of the output is one of the input, and a
second pass changes nothing.  The rules are enforced in ``cleaning.edit_safety``;
these tests check the whole pipeline keeps them.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import apply_edits, clean_article, collapse_repeats, explain_repeats, normalize
from cleaning.article import explain_text, replay_text
from cleaning.edit_log import Edit, compact_edits
from cleaning.record_contract import conform_record
from defnews.report import unapply_edits
from cleaning.textkey import make_key

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
CASES = Path(__file__).parent / "cases"
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")

numbers = st.one_of(
    st.integers(0, 10_000_000).map(lambda n: f"{n:,}"),
    st.integers(0, 3000).map(str),
    st.sampled_from(["DDG 113", "F-15J/DJ", "2024.10.5", "15:30", "1,111", "200"]),
)
words = st.sampled_from(["the", "Minister", "alliance", "had", "that", "Customer", "information", "防衛大臣", "会談",
                         "ますます", "一人一人", "抑止力を", "維持し、", "👨\u200d👩\u200d👧", "🇯🇵", "é", "e\u0301", "☺\ufe0f"])
tokens = st.lists(st.one_of(numbers, words), min_size=1, max_size=14)


@st.composite
def defective(draw: st.DrawFn) -> str:
    """Tokens joined by spaces, some runs of tokens doubled (as a copy), some tokens fake-bold."""
    toks = draw(tokens)
    out: list[str] = []
    i = 0
    while i < len(toks):
        j = min(len(toks), i + draw(st.integers(1, 4)))
        run = " ".join(toks[i:j])
        how = draw(st.sampled_from(["once", "once", "twice", "bold"]))
        if how == "twice":
            run = f"{run} {run}"
        elif how == "bold" and run.isascii():
            run = "".join(c * 2 for c in run)
        out.append(run)
        i = j
    return " ".join(out)


def _fold(group: str) -> str:
    return group.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def _numbers_whole(text: str, out: str) -> bool:
    """Every digit group of ``out`` is a whole group of ``text``, or one of its groups drawn k times (fake bold)."""
    groups = {_fold(g) for g in NUMBER.findall(text)}
    runs = {_fold(g) for g in re.findall(r"[\d.,:/]+", text)}  # fake bold doubles separators too: 11,,0000
    bolded = {g[::k] for g in runs for k in (2, 3, 4) if len(g) % k == 0 and all(g[i] == g[i - i % k] for i in range(len(g)))}
    bolded = {h for g in bolded for h in NUMBER.findall(g)}
    return all(_fold(g) in groups | bolded for g in NUMBER.findall(out))


@SETTINGS
@given(defective())
def test_numbers_survive_whole(text: str) -> None:
    assert _numbers_whole(text, collapse_repeats(text))


@SETTINGS
@given(defective())
def test_every_deletion_has_a_kept_twin(text: str) -> None:
    out, edits = explain_repeats(text)
    assert apply_edits(text, edits) == out
    out_key = make_key(out).key
    for e in edits:
        removed = make_key(e.removed).key
        period = (removed + removed).find(removed, 1) if removed else 0
        unit = removed[:period] if removed and len(removed) % period == 0 else removed
        assert unit in out_key, e


@SETTINGS
@given(defective())
def test_every_grapheme_of_the_output_is_one_of_the_input(text: str) -> None:
    clusters = set(regex.findall(r"\X", text))
    assert set(regex.findall(r"\X", collapse_repeats(text))) <= clusters


@SETTINGS
@given(defective())
def test_a_second_pass_changes_nothing(text: str) -> None:
    once = collapse_repeats(text)
    assert collapse_repeats(once) == once


@SETTINGS
@given(st.sampled_from(PLAIN), st.data())
def test_a_merge_of_two_copies_in_lockstep_comes_back(text: str, data: st.DataObject) -> None:
    # two copies cut at the same random phrase boundaries, emitted alternately
    cuts, pos = [], 0
    while pos < len(text):
        pos = min(len(text), pos + data.draw(st.integers(5, 27)))
        cuts.append(pos)
    runs = [text[a:b] for a, b in zip([0, *cuts], cuts)]
    assert collapse_repeats("".join(r + r for r in runs)) == text


def test_a_repair_never_splits_an_emoji_zwj_sequence() -> None:
    text = "Ministers met👨\u200d👩\u200d👧Ministers met👨\u200d👩\u200d👧\u200d👦"
    out = collapse_repeats(text)
    assert out != "Ministers met👨\u200d👩\u200d👧👦"
    assert set(regex.findall(r"\X", out)) <= set(regex.findall(r"\X", text))


def test_lone_surrogates_never_raise() -> None:
    cut = "Minister met \ud83d"
    assert collapse_repeats(cut) == "Minister met \ufffd"
    record = clean_article({"url": "https://example.org/a", "headline": cut, "articleBody": "本文\udc00です"})
    assert record["headline"] == "Minister met \ufffd"
    assert record["articleBody"] == "本文\ufffdです"
    names = [f["name"] for f in record["cleaning"]["fixes"]]
    assert names.count("replace_lone_surrogates") == 2
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # storable


def test_a_field_past_the_cap_is_left_unrepaired_and_said_so() -> None:
    text = "地元への地元への影響を影響を軽減する"
    capped = explain_text(text, max_repair_chars=5)
    assert capped.text == text and capped.edits == []
    assert capped.messages and "repeat repair skipped" in capped.messages[0]
    assert explain_text(text).text == "地元への影響を軽減する"


def test_a_block_that_looks_current_does_not_skip_cleaning() -> None:
    dirty = {"url": "https://example.org/a", "articleBody": "SSttaatteemmeenntt of the day"}
    once = clean_article(dirty)
    forged = {**once, "articleBody": dirty["articleBody"]}
    forged["cleaning"] = {**once["cleaning"]}  # version and hash of the clean text, body dirty
    assert clean_article(forged)["articleBody"] == "Statement of the day"
    assert clean_article(once) == once  # a re-run on its own output changes nothing


def test_fake_bold_is_one_strided_edit_and_replays() -> None:
    text = "TThhee  MMiinniisstteerrss  rreeaaffffiirrmmeedd"
    out, edits = explain_repeats(text)
    compact = compact_edits(edits)
    assert [(e.start, e.end, e.step) for e in compact] == [(1, len(text), 2)]
    assert apply_edits(text, compact) == out == "The Ministers reaffirmed"


def test_runs_of_a_chain_are_one_edit_with_spans_and_replay() -> None:
    text = "地元への地元への影響を影響を軽減する観点から、軽減する観点から、普天間飛行場の普天間飛行場の辺野古移設"
    cleaned = explain_text(text)
    assert len(cleaned.edits) == 1 and cleaned.edits[0].spans
    assert replay_text(text, cleaned.edits) == cleaned.text


def test_the_cleaning_block_is_smaller_than_the_text_on_long_corrupted_records() -> None:
    body = "\n".join(
        "".join(r + r for r in re.findall(".{1,9}", p, flags=re.S)) for p in PLAIN
    )
    record = clean_article({"url": "https://example.org/a", "articleBody": body})
    block = json.dumps(record["cleaning"], ensure_ascii=False, separators=(",", ":")).encode()
    assert record["articleBody"] == normalize("\n".join(PLAIN))
    assert len(block) <= len(body.encode())


def test_copies_are_stored_as_lags_and_fuzzy_copies_as_text() -> None:
    text = "地元への地元への影響を影響を軽減する観点から、軽減する観点から、普天間飛行場の普天間飛行場の辺野古移設"
    out, edits = explain_repeats(text)
    compact = compact_edits(edits, text)
    assert [(e.removed, e.lags) for e in compact] == [("", (4, 3, 9, 7))]  # each run a copy of the one before
    assert apply_edits(text, compact) == out
    # a piece whose text is not in the text before it stays literal (lag 0)
    fuzzy = Edit(3, 6, "xyz", "run_doubling", 1.0)
    assert compact_edits([fuzzy], "abcxyz") == [fuzzy]


def test_fake_bold_whose_phase_shifts_at_each_word_is_one_pairs_piece() -> None:
    text = "TThhee MMiinniisstteerrss rreeaaffffiirrmmeedd tthheeiirr ccoommmmiittmmeenntt"
    out, edits = explain_repeats(text)
    compact = compact_edits(edits, text)
    assert [(e.start, e.end, e.step, e.removed, e.lags) for e in compact] == [(0, len(text), 0, "", (1,))]
    assert apply_edits(text, compact) == out == "The Ministers reaffirmed their commitment"
    assert "".join(s.text for s in unapply_edits(out, [e.to_dict() for e in compact])) == text


def test_a_pairs_piece_that_does_not_read_as_pairs_is_refused() -> None:
    try:
        apply_edits("TThhe MMiinn", [Edit(0, 12, "", "char_doubling", 1.0, step=0, lags=(1,))])
    except ValueError:
        return
    raise AssertionError("a pairs piece over text that is not fake bold was applied")


def test_a_lag_that_does_not_copy_is_refused() -> None:
    try:
        apply_edits("abcabd", [Edit(3, 6, "", "run_doubling", 1.0, lags=(3,))])
    except ValueError:
        return
    raise AssertionError("a lag that points at different text was applied")


def test_version_2_edits_are_read_as_all_literal() -> None:
    v2 = clean_article({"url": "https://example.org/a", "articleBody": "x"})
    v2["schemaVersion"] = 2
    v2["cleaning"]["edits"] = [{"field": "articleBody", "kind": "run_doubling", "start": 1, "end": 2, "step": 1,
                                "removed": "x", "score": 1.0, "spans": []}]
    upgraded = conform_record(v2)
    assert upgraded["schemaVersion"] == 3 and upgraded["cleaning"]["edits"][0]["lags"] == []
    assert apply_edits("xx", [Edit.from_dict(e) for e in upgraded["cleaning"]["edits"]]) == "x"


def test_apply_edits_refuses_an_edit_that_does_not_match() -> None:
    try:
        apply_edits("SSttaatt", [Edit(1, 8, "Stax", "char_doubling", 1.0, step=2)])
    except ValueError:
        return
    raise AssertionError("a strided edit that does not match was applied")
