"""The repeat repair never cuts a word's own doubled letter, and takes the phase of a square that keeps
words whole (issue 7: repair only deletes copies; a repair that leaves a word the input never holds,
where no copy is cut inside a word, is no repair).  Minimal inputs from breaker15, then properties.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


@pytest.mark.parametrize(
    "text, wanted",
    [
        # a defect (two phrases each printed twice) beside a word's own double letter
        ("They will apply in apply in accordance with accordance with the law.",
         "They will apply in accordance with the law."),
        # k = 3: the phase on word boundaries, not ``pply in a`` plus the ``cc`` of ``accordance``
        ("apply in apply in apply in accordance", "apply in accordance"),
    ],
)
def test_defect_repaired_with_doubled_letters_whole(text: str, wanted: str) -> None:
    assert collapse_repeats(text) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "Buffalo buffalo Buffalo buffalo buffalo buffalo Buffalo buffalo.",
        "07:00 Briefing Hall 1; 07:00 Departure Hall 1; 07:00 Departure Hall 1; 07:00 Briefing Pier 2",
        "la coopération européenne en matière de en matière défense.",
    ],
)
def test_no_word_the_input_lacks(text: str) -> None:
    out = collapse_repeats(text)
    assert _words(out) <= _words(text), (out, _words(out) - _words(text))


def test_doubled_letter_kept_beside_phrase_square() -> None:
    out = collapse_repeats("la coopération européenne en matière de en matière défense.")
    assert "européenne" in out and "coopération" in out


def test_fake_bold_still_repaired() -> None:
    # a one-letter pair that touches other pairs is fake bold, not a word's spelling
    assert collapse_repeats("TThhee  MMiinniisstteerr  ssaaiidd  tthhaatt  aallll  wweellll.") == "The Minister said that all well."


# Words with a doubled letter, and plain ones; none is another with one letter less.
_DOUBLE = ["will", "accordance", "européenne", "Hall", "buffalo", "committee", "address", "success", "apply",
           "summit", "coopération", "Mississippi", "staff", "all", "allied", "support", "officer"]
_PLAIN = ["the", "Minister", "said", "in", "with", "law", "of", "and", "to", "forces", "region", "training"]
_words_st = st.lists(st.sampled_from(_DOUBLE + _PLAIN), min_size=4, max_size=16)


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Words with doubled letters, some phrase of 1-4 words printed twice in a row (a writer's repeat or
    a copy: either way only whole copies may go).  (Three times is the mechanism with k >= 3, README, and
    then a truncated last copy may end inside a word: ``… will t|o``.)"""
    words = draw(_words_st)
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(words) - 1))
        j = min(len(words), i + draw(st.integers(1, 4)))
        words[i:j] = words[i:j] * 2
    return " ".join(words) + "."


@SETTINGS
@given(_texts())
def test_repair_never_makes_a_word_the_input_lacks(text: str) -> None:
    out = collapse_repeats(text)
    assert _words(out) <= _words(text), (text, out)


@SETTINGS
@given(_words_st)
def test_every_phrase_doubled_is_repaired_with_words_whole(words: list[str]) -> None:
    # two copies in lockstep, runs of two words: each run printed twice
    runs = [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    text = " ".join(f"{r} {r}" for r in runs) + "."
    out = collapse_repeats(text)
    assert _words(out) <= _words(text), (text, out)
