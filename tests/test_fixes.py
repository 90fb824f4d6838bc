"""Each normalization fix on its own, the pipeline, and its idempotence."""
from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning.fixes import DEFAULT, FIXES, NormalizeConfig, normalize, normalize_and_explain

WRAPPED_JA = "両閣僚は、自由で開かれたインド太平洋の実現に向けて、緊密に\n連携していくことを確認した。"
JOINED_JA = "両閣僚は、自由で開かれたインド太平洋の実現に向けて、緊密に連携していくことを確認した。"
LONG_JA = "両閣僚は、日米同盟の抑止力・対処力を一層強化するため、緊密に"  # 31 chars, ends mid-sentence

# (fix, input, expected): the ftfy-style case table; negatives expect the input back.
CASES = [
    ("fix_line_breaks", "a\r\nb", "a\nb"),
    ("fix_line_breaks", "a\rb\u2028c\u2029d\x85e", "a\nb\nc\nd\ne"),
    ("fix_line_breaks", "page\x0cbreak\x0bhere", "page\nbreak\nhere"),
    ("fix_line_breaks", "a\r\n\r\nb", "a\n\nb"),
    ("fix_line_breaks", "a\nb\tc", "a\nb\tc"),
    ("remove_invisible_chars", "防衛\u200b省\u200c\u200d\u2060\ufeff", "防衛省"),
    ("remove_invisible_chars", "a\x00b\x07c\x1bd\x7fe\x80f\x9fg", "abcdefg"),
    ("remove_invisible_chars", "keep\ttab\nand newline", "keep\ttab\nand newline"),
    ("remove_invisible_chars", "\u00a0nbsp and é stay", "\u00a0nbsp and é stay"),
    ("remove_invisible_chars", "soft\u00adhyphen is not its", "soft\u00adhyphen is not its"),
    ("remove_soft_hyphens", "inter\u00adnational co\u00ad\u00adoperation", "international cooperation"),
    ("remove_soft_hyphens", "co-op \u2010\u2011\u2012 \u00a0é ‐ ー", "co-op \u2010\u2011\u2012 \u00a0é ‐ ー"),
    ("remove_soft_hyphens", "防衛\u00ad省", "防衛省"),
    ("fix_character_width", "２０２４年（令和６年）ＭＯＤ！", "2024年(令和6年)MOD!"),
    ("fix_character_width", "防衛省\u3000発表", "防衛省 発表"),
    ("fix_character_width", "ｶﾞｲﾄﾞﾗｲﾝ｡", "ガイドライン。"),
    ("fix_character_width", "ﾊﾟﾄﾛｰﾙ", "パトロール"),
    ("fix_character_width", "①㈱㎡²ｱ", "①㈱㎡²ア"),
    ("fix_character_width", "ｆｕｌｌ～ｗｉｄｔｈ", "full~width"),
    ("normalize_whitespace", "a  b\t\tc\u00a0\u2003d", "a b c d"),
    ("normalize_whitespace", "  lead\ntrail  \n\n\n  \nnext", "lead\ntrail\nnext"),
    ("normalize_whitespace", "\n\nonly\n\n", "only"),
    ("normalize_whitespace", "a\nb", "a\nb"),
    ("join_english_lines", "would work closely\ntogether.", "would work closely together."),
    ("join_english_lines", "Japan, the U.S.,\nand Australia; they\nagreed", "Japan, the U.S., and Australia; they agreed"),
    ("join_english_lines", "rose 5%\nin 2024 (est)\nand fell", "rose 5% in 2024 (est) and fell"),
    ("join_english_lines", "It ended.\nthen it began", "It ended.\nthen it began"),
    ("join_english_lines", "They agreed to:\ndeepen cooperation", "They agreed to:\ndeepen cooperation"),
    ("join_english_lines", "Overview\nThe Minister", "Overview\nThe Minister"),
    ("join_english_lines", "long-\nterm", "long-\nterm"),
    ("join_english_lines", "防衛省\nwww.mod.go.jp", "防衛省\nwww.mod.go.jp"),
    ("join_english_lines", "Questions?\nyes", "Questions?\nyes"),
    ("join_japanese_lines", WRAPPED_JA, JOINED_JA),
    ("join_japanese_lines", LONG_JA + "\n連携し、\n確認した。", LONG_JA + "連携し、確認した。"),
    ("join_japanese_lines", "両閣僚は、日米同盟の抑止力・対処力を一層強化するため、\n緊密に連携する。",
     "両閣僚は、日米同盟の抑止力・対処力を一層強化するため、緊密に連携する。"),
    ("join_japanese_lines", "両閣僚は、日米同盟の抑止力・対処力を一層強化するため，\nカナダと連携する。",
     "両閣僚は、日米同盟の抑止力・対処力を一層強化するため，カナダと連携する。"),
    ("join_japanese_lines", "両閣僚は、日米同盟の抑止力・対処力を一層強化するため,\nカナダと連携する。",
     "両閣僚は、日米同盟の抑止力・対処力を一層強化するため,カナダと連携する。"),
    ("join_japanese_lines", "防衛省会談の概要\n両閣僚は、会談を行った。", "防衛省会談の概要\n両閣僚は、会談を行った。"),
    ("join_japanese_lines", "日米合同委員会合意について\n本日、合意した。", "日米合同委員会合意について\n本日、合意した。"),
    ("join_japanese_lines", "令和6年度防衛力整備計画に関する有識者会議の開催について\n防衛省は、",
     "令和6年度防衛力整備計画に関する有識者会議の開催について\n防衛省は、"),
    ("join_japanese_lines", "防衛大臣臨時記者会見\n本日、会見を行った。", "防衛大臣臨時記者会見\n本日、会見を行った。"),
    ("join_japanese_lines", "あ" * 19 + "\nい", "あ" * 19 + "\nい"),
    ("join_japanese_lines", "あ" * 20 + "\nい", "あ" * 20 + "い"),
    ("join_japanese_lines", JOINED_JA + "\n次に、", JOINED_JA + "\n次に、"),
    ("join_japanese_lines", "両閣僚は、会談において次の点で一致した（概要）\n日米は、", "両閣僚は、会談において次の点で一致した（概要）\n日米は、"),
    ("join_japanese_lines", LONG_JA + "\n【関連】", LONG_JA + "\n【関連】"),
    ("join_japanese_lines", LONG_JA + "\n（1）日米", LONG_JA + "\n（1）日米"),
    ("join_japanese_lines", LONG_JA + "\n・日米", LONG_JA + "\n・日米"),
    ("join_japanese_lines", LONG_JA + "\n〇日米", LONG_JA + "\n〇日米"),
    ("join_japanese_lines", LONG_JA + "\n一、日米", LONG_JA + "\n一、日米"),
    ("join_japanese_lines", LONG_JA + "\n1. 日米", LONG_JA + "\n1. 日米"),
    ("join_japanese_lines", LONG_JA + "\nThe", LONG_JA + "\nThe"),
    ("join_japanese_lines", LONG_JA + "\n一層の連携", LONG_JA + "一層の連携"),
    ("join_japanese_lines", "This English line is long enough\n日本", "This English line is long enough\n日本"),
]


@pytest.mark.parametrize(("fix", "text", "expected"), CASES)
def test_fix_cases(fix: str, text: str, expected: str) -> None:
    assert FIXES[fix](text) == expected


@pytest.mark.parametrize(("fix", "text", "expected"), CASES)
def test_each_fix_is_idempotent_on_its_cases(fix: str, text: str, expected: str) -> None:
    assert FIXES[fix](expected) == expected


def test_doctests_pass() -> None:
    # `cleaning.fixes` the attribute is the exported function, not the module.
    result = doctest.testmod(importlib.import_module("cleaning.fixes"))
    assert result.attempted >= len(FIXES)
    assert result.failed == 0


def test_every_fix_has_a_docstring_and_doctest() -> None:
    for name, fix in FIXES.items():
        assert fix.__name__ == name
        assert ">>>" in (fix.__doc__ or ""), name


def test_registry_and_config_agree() -> None:
    assert tuple(FIXES) == NormalizeConfig._fields
    assert all(DEFAULT)


def test_full_nfkc_is_not_applied() -> None:
    text = "①日米 ㈱防衛 10㎡ x² Ⅳ ﬁ"
    assert normalize(text) == text


def test_seed_wrapped_sentence_joined_but_heading_kept() -> None:
    text = "防衛省会談の概要\r\n" + WRAPPED_JA + "\r\n\r\n日米合同委員会合意について\r\n本日、合意した。"
    assert normalize(text) == "\n".join(
        ["防衛省会談の概要", JOINED_JA, "日米合同委員会合意について", "本日、合意した。"]
    )


def test_japanese_join_sees_fullwidth_punctuation_after_width_fix() -> None:
    # "．" becomes "." before the join runs; either way a sentence end stops the join.
    text = "両閣僚は、日米同盟の抑止力・対処力を一層強化することで一致した．\n次に、"
    assert normalize(text) == "両閣僚は、日米同盟の抑止力・対処力を一層強化することで一致した.\n次に、"
    off = DEFAULT._replace(fix_character_width=False)
    assert normalize(text, off) == text


def test_english_joins_run_before_japanese_ones() -> None:
    # An English join can leave a long line ending in kanji that a Japanese
    # join then continues; the reverse order would need a second pass for that.
    text = "A" * 22 + "\nb日本\n語"
    assert normalize(text) == "A" * 22 + " b日本語"
    assert normalize(normalize(text)) == normalize(text)


def test_explain_lists_only_fixes_that_changed_text_in_order() -> None:
    text = "\ufeffＭＯＤ  news\r\nreleased"
    fixed, applied = normalize_and_explain(text)
    assert fixed == "MOD news released"
    assert applied == [
        "fix_line_breaks",
        "remove_invisible_chars",
        "fix_character_width",
        "normalize_whitespace",
        "join_english_lines",
    ]


def test_explain_on_clean_text_is_empty() -> None:
    assert normalize_and_explain("Already clean.\n整っている。") == ("Already clean.\n整っている。", [])


def test_disabled_fix_does_not_run() -> None:
    config = DEFAULT._replace(remove_invisible_chars=False, join_english_lines=False)
    fixed, applied = normalize_and_explain("a\u200bb\nc", config)
    assert fixed == "a\u200bb\nc"
    assert applied == []


def test_all_fixes_off_is_identity() -> None:
    off = NormalizeConfig(*[False] * len(NormalizeConfig._fields))
    text = "\r\n\u200b ＡＢ  \n\n"
    assert normalize_and_explain(text, off) == (text, [])


# Characters that exercise every fix, so random text actually hits the rules.
_ALPHABET = (
    list("\r\n\u2028\u2029\x85\x0b\x0c\t \u3000\u00a0\u00ad\u200b\u200d\ufeff\x00\x1f\x7f\x9f")
    + list("ＡＺａ０９（）．，！？ｶﾞﾟｱ｡､ｰ")
    + list("あいうカタナー・漢字日本々〇一二、。「」』）【")
    + list("abcXYZ09.,;:!?)%-é")
)
_lines = st.lists(st.text(st.sampled_from(_ALPHABET), max_size=40), max_size=8).map("\n".join)
# Whole words too, so long lines and line-end/line-start pairs that trigger the joins are common.
_WORDS = [
    "The Minister confirmed that", "they would work closely", "b日本", "the", "x.", "A" * 22, "Overview",
    "両閣僚は、日米同盟の抑止力を強化するため", "緊密に", "連携した。", "について", "語", "、", "，", "．",
    "【関連】", "・", "一、", "〇", "ｶﾞｲﾄﾞ", "\u3000", " ", "\t", "\u200b", "\r", "\r\n", "\n", "\n\n",
]
_word_lines = st.lists(st.lists(st.sampled_from(_WORDS), max_size=6).map("".join), max_size=8).map("\n".join)
_texts = st.one_of(st.text(), _lines, _word_lines)
_configs = st.builds(NormalizeConfig, *[st.booleans() for _ in NormalizeConfig._fields])
_fast = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fast
@given(_texts)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@_fast
@given(_texts, _configs)
def test_normalize_is_idempotent_for_any_config(text: str, config: NormalizeConfig) -> None:
    once = normalize(text, config)
    assert normalize(once, config) == once


@_fast
@given(_texts, st.sampled_from(list(FIXES)))
def test_each_fix_is_idempotent(text: str, name: str) -> None:
    once = FIXES[name](text)
    assert FIXES[name](once) == once


@_fast
@given(_texts)
def test_normalized_text_meets_the_record_contract(text: str) -> None:
    out = normalize(text)
    assert not any(ch in out for ch in "\r\u2028\u2029\x85\u200b\ufeff\x00\u3000\t")
    for line in out.split("\n") if out else []:
        assert line and line == line.strip() and "  " not in line


@_fast
@given(_texts)
def test_explain_agrees_with_normalize(text: str) -> None:
    fixed, applied = normalize_and_explain(text)
    assert fixed == normalize(text)
    assert (fixed != text) == bool(applied)
    assert applied == [name for name in FIXES if name in applied]


def test_a_soft_hyphen_is_removed_by_its_own_named_fix() -> None:
    from cleaning import clean_article

    record = clean_article({"url": "https://x.example/a", "headline": "Inter\u00adnational talks",
                            "articleBody": "The minister met coun\u00adterparts."})
    assert (record["headline"], record["articleBody"]) == ("International talks", "The minister met counterparts.")
    assert {"field": "headline", "name": "remove_soft_hyphens"} in record["cleaning"]["fixes"]
    assert {"field": "articleBody", "name": "remove_soft_hyphens"} in record["cleaning"]["fixes"]
