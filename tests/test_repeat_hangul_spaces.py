"""Korean is written with spaces between words: a repair keeps them.

breaker15 (black box) found ``국방부국방부는는 장병들 장병들의의 …`` repaired to
``국방부는장병들의…``: a space beside Hangul counted as noise (as one inside
Chinese or Japanese text is), so the deleted copy took the kept copy's space.
The property: two copies of random Korean words merged run by run, the copy
behind one run late, come back as the text, spaces and all.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats
from cleaning.textkey import noise

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
# Words of three syllables or more: a doubled two-syllable word (하나 하나, 빨리 빨리)
# is Korean's own reduplication as often as a copy, and the repair leaves it, as it
# leaves ますます; see test_a_doubled_two_syllable_word_is_left_as_written.
SYLLABLES = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
WORDS = st.lists(st.text(SYLLABLES, min_size=3, max_size=5).filter(lambda w: len(set(w)) == len(w)),
                 min_size=4, max_size=8, unique_by=lambda w: w[0])


def test_a_space_between_korean_words_is_not_noise() -> None:
    assert noise("국방부는 장병들의") == 0
    assert noise("米国防長 官") == 1  # inside Japanese text, a space is a copy's noise


def test_the_reported_korean_merge_keeps_its_spaces() -> None:
    merged = "국방부국방부는는 장병들 장병들의의 복무 여건 복무 여건 개선을 개선을"
    assert collapse_repeats(merged) == "국방부는 장병들의 복무 여건 개선을"


@SETTINGS
@given(WORDS)
def test_korean_words_doubled_one_by_one_come_back_with_their_spaces(words: list[str]) -> None:
    # each word emitted twice, the second copy of each with its space: 가나 가나 다라 다라 ...
    text = " ".join(words)
    merged = " ".join(f"{w} {w}" for w in words)
    assert collapse_repeats(merged) == text


def test_a_doubled_two_syllable_word_is_left_as_written() -> None:
    assert collapse_repeats("하나 하나 확인했다") == "하나 하나 확인했다"
