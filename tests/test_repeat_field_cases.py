"""The repeat-repair field cases of issue 7 (copied from ``shared/field-cases/cases.json``), each a test.

Defects from public bug reports (fake bold across line breaks, glyphs drawn four
times, doubled outline text beside page numbers, doubled CJK filing lines) and
legitimate repetition that must stay (a verbatim briefing transcript,
すもももももももものうち, ``that that``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleaning import clean_article, collapse_repeats

CASES = json.loads((Path(__file__).parent / "cases" / "field-cases-repeats.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']}: {c['what']}" for c in CASES])
def test_field_case(case: dict) -> None:
    if case["run"] == "collapse":
        got = collapse_repeats(case["text"])
    else:
        got = clean_article({"url": "https://example.org/a", "articleBody": case["text"]})["articleBody"]
    expect = case["expect"]
    if "body" in expect:
        assert got == expect["body"]
    else:
        assert re.sub(r"\s+", " ", got).strip() == re.sub(r"\s+", " ", expect["body_ws"]).strip()


def test_the_numbers_of_the_issue_stay_whole() -> None:
    # issue 7: a weak square inside a number was chained to a real doubled phrase beside it
    assert collapse_repeats("200 200 Customer information Customer information") == "200 Customer information"
    out = collapse_repeats("More than 3,000 personnel personnel from five nations took part.")
    assert "3,000" in out and "3,00 " not in out


@pytest.mark.parametrize("text", [
    "The two countries will work shoulder to shoulder to confront the threat.",
    "that person who said these things seem — seems to have — seems to have forgotten them.",
    "-- can you say -- can you say that again?",
    "Thank you. Thank you.",
    "We — we made it clear to — to the Ukrainians.",
    "The destroyer DDG 113 and DDG 114 sailed; 1,111 sailors, 200 200 is not a typo here? F-15J/DJ.",
    "状況はますます厳しく、隊員一人一人が任務に当たる。すもももももももものうち。",
])
def test_legitimate_repetition_is_never_changed(text: str) -> None:
    assert collapse_repeats(text) == text


@pytest.mark.parametrize(("text", "fixed"), [
    ("SSSSTTTTOOOOCCCCKKKK", "STOCK"),
    ("TTThhheee   MMMiiinnniiisssttteeerrr   sssaaaiiiddd", "The Minister said"),
    ("防防防衛衛衛大大大臣臣臣はははは会会会談談談ししした", "防衛大臣は会談した"),
    ("T Th he e  M Mi in ni is st te er r said", "The Minister said"),
    ("We We are are  ready ready!!", "We are ready!"),
    (
        "両閣僚は、抑止両閣僚は、力を維持し、地元抑止力を維持し、への影響を軽減する地元への影響を軽減観点から、普天間飛行場の辺野古移設を進める。",
        "両閣僚は、抑止力を維持し、地元への影響を軽減する観点から、普天間飛行場の辺野古移設を進める。",
    ),
])
def test_the_missed_defects_of_the_issue_are_repaired(text: str, fixed: str) -> None:
    assert collapse_repeats(text) == fixed


def test_line_decisions_are_taken_after_the_repair() -> None:
    body = "防衛大臣臨時記者会見防衛大臣臨時記者会見\n大臣から、冒頭発言がありましたのでお伝えいたします。"
    out = clean_article({"url": "https://example.org/a", "articleBody": body})["articleBody"]
    assert out == "防衛大臣臨時記者会見\n大臣から、冒頭発言がありましたのでお伝えいたします。"


def test_label_value_rows_are_never_joined() -> None:
    table = "日時 令和7年10月17日(金)11時00分~11時38分\n場所 防衛省記者会見室において行われた記者会見\n備考 本記録は防衛省が作成したものである"
    out = clean_article({"url": "https://example.org/a", "articleBody": table})["articleBody"]
    assert out.count("\n") == 2
