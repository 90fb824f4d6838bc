"""Reproductions from the seventh fresh-eyes test of ``defnews clean`` (repeat repair), each with a
generalisation (a hypothesis property or a generated family) that fixes the whole kind:

* a number changed next to a real repeat (``ざいました。ざいました。11月1`` -> ``ざいました。1月1``): the
  number check compared digit groups as a bag (``1`` occurs elsewhere); now a deletion must have a
  placement, among those giving the same output, that cuts no digit group (``edit_safety._slides``);
* a composed number check that crashed on its own refusal (``'tuple' object has no attribute 'start'``);
* the joiner of an emoji ZWJ sequence deleted as an invisible character (``👨‍👩‍👧`` -> ``👨👩👧``);
* legitimate repetition changed: label/value records sharing values lost their last rows (a block
  copy cut at the end of the text); a Japanese courtesy sentence said twice was collapsed where
  ``Thank you. Thank you.`` is kept.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regex

from cleaning import apply_edits, clean_text, collapse_repeats, explain_repeats
from cleaning.fixes import remove_invisible_chars
from cleaning.edit_safety import clean_cut, number_faults
from cleaning.repeats import Edit, _numbers_checked

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


# ---- no number changes: a deletion never cuts a digit group -----------------------------------------

def test_a_digit_square_beside_a_repeat_keeps_the_number() -> None:
    assert collapse_repeats("ざいました。ざいました。11月1") in ("ざいました。ざいました。11月1", "ざいました。11月1")


def test_a_transcript_date_after_a_repeated_courtesy_keeps_its_numbers() -> None:
    text = "大臣：ありがとうございました。ありがとうございました。11月11日11時、第11旅団が出発した。\n1日目：訓練"
    out = collapse_repeats(text)
    assert "11月11日11時、第11旅団" in out and "\n1日目" in out


def test_a_copy_placed_on_its_twin_keeps_the_number_it_borders() -> None:
    # deleting the second "at 11:" ends inside "11:11"; deleting the first gives the same text and cuts nothing
    assert clean_cut("at 11:at 11:11", 0, 6) and not clean_cut("at 11:at 11:11", 6, 12)
    assert number_faults("at 11:at 11:11 now", [(6, 12, "run_doubling")]) == set()
    assert number_faults("ざいました。ざいました。11月1", [(13, 14, "run_doubling")]) == {0}


def test_the_composed_check_refuses_an_edit_that_changes_a_number() -> None:
    # two steps' edits that together turn "11" into "1": the last guard refuses the digit edit only
    text = "ざいました。ざいました。11月1"
    edits = [Edit(6, 12, text[6:12], "run_doubling", 1.0), Edit(13, 14, "1", "run_doubling", 1.0)]
    out, kept = _numbers_checked(text, "ざいました。1月1", edits)
    assert (13, 14) not in [(e.start, e.end) for e in kept]
    assert out in ("ざいました。ざいました。11月1", "ざいました。11月1")



num_tokens = st.one_of(
    st.sampled_from(["11", "1", "111", "1,111", "11:11", "2/22", "12.5", "１１", "600", "6", "2014", "4"]),
    st.integers(0, 3000).map(str),
)
phrase_words = st.sampled_from(["ざいました。", "ありがとうございます。", "約", "月", "日", "年", "at", "the drill", "Phase",
                                "started at", "第", "旅団", "キロ"])


@st.composite
def numbers_and_doubled_phrases(draw: st.DrawFn) -> str:
    """Phrases of words and numbers, some written twice (joined by nothing or a space), glued or spaced."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        phrase = draw(st.sampled_from(["", " "])).join(draw(st.lists(st.one_of(num_tokens, phrase_words), min_size=1, max_size=4)))
        if draw(st.booleans()):
            phrase = phrase + draw(st.sampled_from(["", " "])) + phrase
        out.append(phrase)
    return draw(st.sampled_from(["", " "])).join(out)


def _drops_twinned_blocks(before: list[str], after: list[str]) -> bool:
    """Is ``after`` ``before`` less whole blocks of groups, each the same as the block just before or after it?"""
    @lru_cache(maxsize=None)
    def ok(i: int, j: int) -> bool:
        if i == len(before):
            return j == len(after)
        if j < len(after) and before[i] == after[j] and ok(i + 1, j + 1):
            return True
        for k in range(1, len(before) - i + 1):
            block = before[i : i + k]
            if (before[max(0, i - k) : i] == block or before[i + k : i + 2 * k] == block) and ok(i + k, j):
                return True
        return False

    return ok(0, 0)


def _groups(text: str) -> list[str]:
    return [g.translate(str.maketrans("０１２３４５６７８９", "0123456789")) for g in NUMBER.findall(text)]


@pytest.mark.xfail(strict=True, reason="a digit group removed whole next to a longer kept one (``11 0 011`` -> "
                   "``11 011``) is not yet refused: requiring an identical kept group beside every removed one "
                   "refuses drift and lockstep repairs of the dev set (ja-144, ja-75, ja-9)")
@SETTINGS
@given(numbers_and_doubled_phrases())
def test_output_numbers_are_the_inputs_less_twinned_blocks(text: str) -> None:
    assert _drops_twinned_blocks(_groups(text), _groups(collapse_repeats(text)))


def test_numbers_created_in_defect_repair_are_refused() -> None:
    # the tester's cases: the repair made 60 of 600 and 11:1 of 11:11; now those spots stay unrepaired
    drill = "The drill started at 11:The drill started at 11:11 and ended at 12:11 and ended at 12:12 on 2/22.12 on 2/22."
    missile = "発射された弾道ミサイル発射された弾道ミサイルはは、、約6約600キロメートル飛翔し０、我が国の排他的経済水域外に0キロメートル飛翔し落下した。"
    for text in (drill, missile):
        out = collapse_repeats(text)
        assert set(_groups(out)) <= set(_groups(text)), out
    assert "11:1 " not in collapse_repeats(drill) and "約60キロ" not in collapse_repeats(missile)


def test_fake_bold_in_a_number_takes_the_k_of_its_neighbours() -> None:
    # every glyph twice, so 1111 is 11; read as 1 drawn four times it would become another number
    assert "第11旅団" in collapse_repeats("第第1111旅旅団団がが出出発発ししたた。。")
    # layers mixed (4, 3 copies): no k of the neighbours reads 11112222, so 12 it is
    assert collapse_repeats("11112222月月月22220000日日日、、、、").startswith("12月20日")


def test_a_lagging_copy_cut_inside_a_number_is_repaired() -> None:
    # copy B cut at 2024|, copy A's 5月 follows: 20245 in the input; what the deletion removes, 2024,
    # is a whole group of the twin kept just before it (tune split, phrase_lag_lt_run)
    text = ("防衛省は令和6(2024)年防衛省は令和6(20245月3日、前日にハワイでおこなった木原稔(きはら・)年5月3日、"
            "前日にハワイでおこなった木原稔(きはら・みのる)防衛大臣とオースティン米国防みのる)防衛大臣とオースティン米国防"
            "長官の防衛相会談について、概長官の防衛相会談について、概要を要を報告した。報告した。")
    assert collapse_repeats(text) == ("防衛省は令和6(2024)年5月3日、前日にハワイでおこなった木原稔(きはら・みのる)防衛大臣と"
                                      "オースティン米国防長官の防衛相会談について、概要を報告した。")


sentences = st.sampled_from([
    "The drill started at 11:11 and ended at 12:12 on 2/22.",
    "ありがとうございました。11月11日11時、第11旅団が出発した。",
    "約600キロメートル飛翔し、排他的経済水域外に落下した。",
    "Phase 11 began on 1 May with 1,111 troops.",
    "令和6(2024)年5月3日、3,700名が参加した。",
])


@SETTINGS
@given(sentences, st.data())
def test_two_copies_merged_run_by_run_never_make_a_new_number(sentence: str, data: st.DataObject) -> None:
    # two copies cut at the same random points (inside numbers too), emitted alternately: the output
    # holds the sentence's own numbers, or the input's where a spot is left unrepaired, never another
    cuts, pos = [], 0
    while pos < len(sentence):
        pos = min(len(sentence), pos + data.draw(st.integers(1, 25)))
        cuts.append(pos)
    text = "".join(r + r for r in (sentence[a:b] for a, b in zip([0, *cuts], cuts)))
    out = collapse_repeats(text)
    assert set(_groups(out)) <= set(_groups(sentence)) | set(_groups(text)), (text, out)


# ---- the composed number check refuses without crashing ------------------------------------------

def test_a_contact_line_with_a_doubled_glyph_and_copies_is_cleaned() -> None:
    text = ("gg4.Mediacoverage5.Contact:PublicAffairsOffice,03-3268-31114.Mediacoverage5.Contact: "
            "PContact: PublicAffairsOffice,03-3268-3111")
    out, edits = explain_repeats(text)
    assert apply_edits(text, edits) == out


@st.composite
def text_and_deletions(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """A text of digits, separators and letters, and sorted disjoint deletions on it."""
    text = draw(st.text(alphabet="0123456789.,:/ ab月", min_size=1, max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]
    return text, [Edit(a, b, text[a:b], "run_doubling", 1.0) for a, b in pairs]


@SETTINGS
@given(numbers_and_doubled_phrases())
def test_no_output_number_is_a_cut_of_a_longer_input_number_beside_a_repeat(text: str) -> None:
    # the kind of ``11月`` -> ``1月``: an output group that the input holds only as part of a longer group
    before = _groups(text)
    for g in _groups(collapse_repeats(text)):
        assert g in before, (g, before)


@SETTINGS
@given(text_and_deletions())
def test_the_composed_check_never_raises_and_its_edits_replay(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    out, kept = _numbers_checked(text, apply_edits(text, edits), edits)
    assert apply_edits(text, kept) == out
    assert not number_faults(text, [(e.start, e.end, e.kind) for e in kept])


# ---- emoji ZWJ sequences are content --------------------------------------------------------------

@pytest.mark.parametrize("emoji", ["👨\u200d👩\u200d👧", "👩\u200d✈️", "🏳️\u200d🌈", "👩🏽\u200d🚀"])
def test_an_emoji_zwj_sequence_survives_cleaning(emoji: str) -> None:
    assert emoji in clean_text(f"隊員の家族 {emoji} が見学した。")[0]
    assert remove_invisible_chars(f"{emoji} pilot") == f"{emoji} pilot"


def test_a_stray_joiner_is_still_removed() -> None:
    assert remove_invisible_chars("防衛\u200d省 a\u200d 👨\u200d") == "防衛省 a 👨"


pictographs = st.sampled_from(["👨", "👩", "👧", "✈️", "🏳️", "🌈", "🚀", "👩🏽", "☺\ufe0f", "🇯🇵", "e\u0301"])
emoji_text = st.lists(
    st.one_of(pictographs, st.just("\u200d"), st.sampled_from(["防衛", "the", " ", "。", "\n"])), min_size=1, max_size=12
).map("".join)


@SETTINGS
@given(emoji_text, st.sampled_from(["once", "twice", "bold"]))
def test_every_grapheme_of_cleaned_emoji_text_is_one_of_the_input(text: str, how: str) -> None:
    if how == "twice":
        text = text + text
    elif how == "bold":
        text = "".join(c * 2 if c.isascii() else c for c in text)
    clusters = set(regex.findall(r"\X", text))
    out = set(regex.findall(r"\X", clean_text(text)[0]))
    # a joiner at either end of a cluster joins nothing and goes; one inside a cluster stays
    assert out <= clusters | {c.strip("\u200d") for c in clusters} | {" ", "\n"}
    assert {c.strip("\u200d") for c in clusters if "\u200d" in c.strip("\u200d")} <= out


# ---- legitimate repetition: records that share values, courtesy said twice ---------------------------

@pytest.mark.parametrize("text", [
    "Unit: 3rd Air Wing\nAircraft: F-35A\nBase: Misawa\nUnit: 302nd Squadron\nAircraft: F-35A\nBase: Misawa",
    "日時：4月1日\n時間：10時\n場所：東京\n日時：4月2日\n時間：10時\n場所：東京",
    "Date: 1 April 2024\nTime: 10:00\nPlace: Tokyo\nDate: 2 April 2024\nTime: 10:00\nPlace: Tokyo",
    "大臣：ありがとうございます。ありがとうございます。",
    "大臣：よろしくお願いします。よろしくお願いします。",
    "大臣：ありがとうございました。ありがとうございました。11月11日11時、第11旅団が出発した。",
])
def test_legitimate_repetition_is_kept(text: str) -> None:
    assert collapse_repeats(text) == text


def test_a_courtesy_said_twice_beside_a_defect_is_repaired() -> None:
    # evidence of the mechanism in the region: the doubled run before it
    text = "防衛省としては防衛省としては、ありがとうございます。ありがとうございます。"
    assert collapse_repeats(text) == "防衛省としては、ありがとうございます。"


def test_a_block_copied_whole_is_still_repaired() -> None:
    text = "Unit: 3rd Air Wing\nAircraft: F-35A\nBase: Misawa\nUnit: 3rd Air Wing\nAircraft: F-35A"
    assert collapse_repeats(text) == "Unit: 3rd Air Wing\nAircraft: F-35A\nBase: Misawa"


labels = st.sampled_from(["Unit", "Aircraft", "Base", "Date", "Time", "Place", "日時", "時間", "場所", "部隊"])
values = st.sampled_from(["3rd Air Wing", "302nd Squadron", "4月1日", "4月2日", "1 April 2024", "第11旅団"])
shared_values = st.sampled_from(["F-35A", "Misawa", "10:00", "Tokyo", "10時", "東京"])


@st.composite
def records(draw: st.DrawFn) -> str:
    """2..4 records of the same 2..4 labels; the first label's value differs in every record, the
    others may repeat (a table of units sharing an aircraft and a base)."""
    fields = draw(st.lists(labels, min_size=2, max_size=4, unique=True))
    n = draw(st.integers(2, 4))
    keys = draw(st.lists(values, min_size=n, max_size=n, unique=True))
    shared = [draw(shared_values) for _ in fields[1:]]
    colon = draw(st.sampled_from([": ", "："]))
    rows = [f"{fields[0]}{colon}{k}" + "".join(f"\n{f}{colon}{v}" for f, v in zip(fields[1:], shared)) for k in keys]
    return "\n".join(rows)


@SETTINGS
@given(records())
def test_records_sharing_values_are_kept(text: str) -> None:
    assert collapse_repeats(text) == text


courtesies = st.sampled_from(["ありがとうございます。", "ありがとうございました。", "よろしくお願いします。",
                              "失礼します。", "お願いします。", "以上です。", "はい。"])
speakers = st.sampled_from(["", "大臣：", "記者：", "\n", "。"])
ja_context = st.sampled_from(["", "本日、防衛大臣は宮古島駐屯地を視察した。", "11月11日11時、第11旅団が出発した。"])


@SETTINGS
@given(ja_context, speakers, courtesies, ja_context)
def test_a_japanese_courtesy_said_twice_is_kept(before: str, speaker: str, courtesy: str, after: str) -> None:
    text = before + speaker + courtesy + courtesy + after
    assert collapse_repeats(text) == text
