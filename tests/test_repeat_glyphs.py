"""Glyphs drawn several times, from the mechanism: any clean text, every glyph drawn k = 2..4 times
(spaces, digits and punctuation too), or drawn twice with a space between the copies, comes back exactly;
a number is repaired only inside such a region (``edit_safety._in_bold_region``)."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats
from cleaning.article import explain_text
from cleaning.edit_safety import digit_groups, number_faults

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["The", "Minister", "met", "a", "general", "in", "his", "counterpart", "on", "at", "troops", "of",
         "Defense", "Japan", "I", "is", "to", "budget", "exercise", "Officials", "said", "the", "launch", "was"]
NUMBERS = ["2024", "10", "May 10, 2016", "06:37", "56,498", "1", "290", "7.9", "11", "2,000", "F-35A", "DDG 113"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A clean English sentence of words and numbers, with its punctuation."""
    # no repeat of its own; words enough to show the mechanism (a fake-bold row of a few glyphs is no
    # evidence: ``TThhee  mmeett..`` stays, as ``ooff`` does), around the numbers too (``_in_bold_region``)
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=12, unique=True))
    numbers = draw(st.lists(st.sampled_from(NUMBERS), max_size=3, unique=True))
    tokens = draw(st.permutations(words + numbers))
    tokens = [t + draw(st.sampled_from(["", "", "", ",", ";"])) for t in tokens[:-1]] + [tokens[-1]]
    return " ".join(tokens) + draw(st.sampled_from([".", "!", "?", "."]))


def _drawn(text: str, k: int) -> str:
    return "".join(c * k for c in text)


def _spaced(text: str, word_space: str) -> str:
    return word_space.join("".join(f"{c} {c}" for c in word) for word in text.split(" "))


@SETTINGS
@given(st.lists(sentences(), min_size=1, max_size=3, unique=True), st.integers(2, 4))
def test_every_glyph_drawn_k_times_comes_back(parts: list[str], k: int) -> None:
    text = " ".join(parts)
    assert collapse_repeats(_drawn(text, k)) == text


@SETTINGS
@given(st.lists(sentences(), min_size=1, max_size=3, unique=True), st.sampled_from(["  ", " "]))
def test_every_glyph_drawn_twice_with_a_space_between_comes_back(parts: list[str], word_space: str) -> None:
    text = " ".join(parts)
    assert collapse_repeats(_spaced(text, word_space)) == text
    assert explain_text(_spaced(text, word_space)).text == text  # whitespace normalized first: single word spaces


@SETTINGS
@given(sentences(), st.integers(2, 4))
def test_a_clean_sentence_beside_a_drawn_one_is_kept(text: str, k: int) -> None:
    clean = "More than 1100 troops took part, and 2,000 more at 11:11."
    out = collapse_repeats(clean + " " + _drawn(text, k))
    # a number where the drawn region starts reads two ways (``11:11. 1100  MMeett``: a bold ``10``, or a
    # clean ``1100`` before a bold `` met``): unless its drawing shows the mechanism (``22002244``) it stays
    lead = re.match(r"\d+", text)
    edge = clean + " " + _drawn(lead.group(), k) + text[lead.end() :] if lead else None
    assert out == clean + " " + text or out == edge


def test_the_issue_examples() -> None:
    assert collapse_repeats("T Th he e  M Mi in ni is st te er r  m me et t  a a  g ge en ne er ra al l  i in n  2 20 02 24 4. .") \
        == "The Minister met a general in 2024."
    assert collapse_repeats("It was held oonn  MMaayy  1100,,  22001166..") == "It was held on May 10, 2016."


def test_a_number_drawn_twice_is_repaired_only_in_a_region_drawn_alike() -> None:
    for text in ("More than 1100 troops took part.", "Phase 1100 began.", "1 12 23 34 45 56 6", "on 2 20 02 24 4 ok"):
        assert collapse_repeats(text) == text
    # the same edits the step would make inside fake bold, refused without the region around
    text = "More than 1100 troops"
    assert number_faults(text, [(11, 12, "char_doubling"), (13, 14, "char_doubling")])
    text = "MMoorree tthhaann 1100 ttrrooooppss"
    assert not number_faults(text, [(18, 19, "char_doubling"), (20, 21, "char_doubling")])


# ---- the edge of a drawn region at a number ---------------------------------------------------
# A region of fake bold starts (or ends) at a glyph; next to a number its edge reads two ways when what is
# drawn there could be a clean number: ``11時~11時時`` is a clean ``11`` before a bold ``時`` as much as a bold
# ``1``.  Then the number stays as written (a miss, never a changed number).


CLEAN_SHAPED = ["11", "1100", "2200", "66", "1111", "0000", "110", "2000"]  # clean numbers drawn-looking at k = 2 or 4


@SETTINGS
@given(sentences(), st.sampled_from(CLEAN_SHAPED), st.integers(2, 4), st.booleans())
def test_a_clean_number_where_a_drawn_region_starts_or_ends_is_kept(text: str, number: str, k: int, ends: bool) -> None:
    # the clean reading: words, then ``number`` as written, then the region (or the region, then the number)
    words = "The report says" if not ends else "troops took part."
    defective = _drawn(text, k) + " " + number + " " + words if ends else words + " " + number + " " + _drawn(text, k)
    assert number in digit_groups(collapse_repeats(defective))


@SETTINGS
@given(sentences(), st.integers(2, 4), st.sampled_from(["", "The Minister met them on ", "会見は"]))
def test_a_number_drawn_in_a_closed_region_comes_back(text: str, k: int, before: str) -> None:
    # drawn on both sides (or from the line's start): one region, the number inside it
    drawn = _drawn(before, k) + _drawn("2024 " + text, k)
    assert collapse_repeats(drawn) == before + "2024 " + text


def test_the_edge_of_a_region_inside_a_number() -> None:
    # k = 4, the run before the edge shorter than k: no copy of the ``2`` can be bold, and ``0000`` +
    # ``11111111`` drawn is no clean number: ``2011``
    assert collapse_repeats("を派遣。2000011111111年年年年6666月月月月ににににアアアアフフフフリリリリカカカカ大大大大陸陸陸陸") \
        == "を派遣。2011年6月にアフリカ大陸"
    # ``12222``: a clean ``1`` and a bold ``2222`` (12), or a clean ``12222`` before a bold ``月``: kept
    assert "12222" in collapse_repeats("防衛省は12222月月月月11111111日日日日、、、、同同同同日日日日のののの閣閣閣閣議議議議")
    # ``111時時`` at k = 2: ``1`` + ``11`` or a clean ``111``, the edge inside the run: kept
    assert "111時" in collapse_repeats("令和7年10月17日(金)111時時~~1111時時3388分分、、中中谷谷  元元((ななかかたたにに")
    # a clean ``11`` before a bold ``時``: never ``1時``
    assert "11時~11時38分" in collapse_repeats("令和7年10月17日(金)11時~11時時3388分分、、中中谷谷  元元((ななかかたたにに")
    assert "1100 troops" in collapse_repeats("TThhee  rreeppoorrtt  ssaayyss  1100 troops were sent.")


@SETTINGS
@given(sentences(), st.integers(2, 4))
def test_a_sentence_said_twice_then_drawn_k_times_keeps_whole_words(text: str, k: int) -> None:
    # two mechanisms stacked: the glyphs are repaired first, then the sentence copy (never ``met hs``)
    out = collapse_repeats(_drawn(text + " " + text, k))
    assert out in (text, text + " " + text)


def test_fake_bold_of_a_sentence_said_twice() -> None:
    text = "TThhee  MMiinniisstteerr  mmeett  hhiiss  ccoouunntteerrppaarrtt..  " * 2
    assert collapse_repeats(text.strip()) == "The Minister met his counterpart."


# ---- words: k copies of the text in step, cut at words ----------------------------------------


@SETTINGS
@given(st.lists(sentences(), min_size=1, max_size=3, unique=True), st.integers(2, 4), st.booleans())
def test_every_word_emitted_k_times_comes_back(parts: list[str], k: int, lines: bool) -> None:
    # one-letter words too (``a a a a`` is ``a``: the key, which drops spaces, sees only ``aaaa``);
    # with ``lines``, each sentence ends its line, so each copy of its last word does
    sep = "\n" if lines else " "
    text = sep.join(parts)
    words = [" ".join([w] * k) for w in " ".join(parts).split(" ")]
    if lines:
        ends = {len(" ".join(p).split(" ")) for p in [parts[: i + 1] for i in range(len(parts) - 1)]}
        copies = [w if i + 1 not in ends else "\n".join([w.split(" ")[0]] * k) + "\n" for i, w in enumerate(words)]
        defective = " ".join(copies).replace("\n ", "\n")
    else:
        defective = " ".join(words)
    assert collapse_repeats(defective) == text


def test_legitimate_repeats_of_words_stay() -> None:
    for text in ("He said that that decision had had no effect.", "no no no, I said no no no to that",
                 "Walla Walla is far. Day by day, again and again.", "Q: we — we will see. Thank you. Thank you."):
        assert collapse_repeats(text) == text
