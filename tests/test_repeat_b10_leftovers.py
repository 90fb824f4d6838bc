"""Two breaker10 leftovers (issue 7), each tested as the kind of fault, not the one string.

* A word's own doubled letter (``see``) keyed next to a token glued to its copy
  (``https://…/x.htmlhttps://…/x.html``) was read as one chain with it, and the word lost a letter.
* Values repeated down a table column under an undoubled header (``Status⏎Active⏎Active⏎Inactive⏎Inactive``)
  were read as a chain of doubled lines; a page whose every line is doubled, the header too, still is one.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

WORDS_ENDING_DOUBLED = ["see", "free", "off", "all", "will", "staff", "agree", "press", "full", "class"]
TOKENS = [
    "https://example.org/x.html",
    "https://www.defense.gov/News/Releases/Release/Article/3912345/",
    "www.mod.go.jp/j/press/news/2025/05/02a.html",
    "press@mod.go.jp",
    "/Releases/Release/Article/",
]
segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)


@st.composite
def url(draw: st.DrawFn) -> str:
    path = "/".join(draw(st.lists(segment, min_size=1, max_size=4)))
    return f"https://{draw(segment)}.org/{path}.html"


@pytest.mark.parametrize("word", WORDS_ENDING_DOUBLED)
@pytest.mark.parametrize("token", TOKENS)
def test_a_word_beside_a_glued_token_copy_keeps_its_letters(word: str, token: str) -> None:
    # the copy goes whole or stays (a glued e-mail or path copy is left: a few words, no other evidence)
    for text, repaired in ((f"{word} {token}{token}", f"{word} {token}"), (f"{token}{token} {word} it", f"{token} {word} it")):
        assert collapse_repeats(text) in {repaired, text}
    if token.startswith(("https://", "www.")):
        assert collapse_repeats(f"{word} {token}{token}") == f"{word} {token}"


@SETTINGS
@given(st.sampled_from(WORDS_ENDING_DOUBLED), url(), st.sampled_from(["", " now", ". Then we left."]))
def test_a_glued_url_copy_goes_whole_and_nothing_else(word: str, link: str, tail: str) -> None:
    text, repaired = f"Please {word} {link}{link}{tail}", f"Please {word} {link}{tail}"
    # a short or self-similar URL copy (``https://0.org/0/0/0.html``) may be too weak to count; no word is cut
    assert collapse_repeats(text) in {repaired, text}


def test_a_run_doubled_with_its_space_is_still_a_chain() -> None:
    # lockstep copies carry their spaces: the run ``e`` and the run `` https…`` are both doubled
    assert collapse_repeats("Please seee https://example.org/x.html https://example.org/x.html") == \
        "Please see https://example.org/x.html"


CELLS = ["Active", "Inactive", "Retired", "Pending", "陸上自衛隊", "海上自衛隊", "航空自衛隊", "Yes", "No", "N/A"]
HEADERS = ["Status", "区分", "State", "Service"]


@st.composite
def doubled_column(draw: st.DrawFn) -> list[str]:
    """Two to four cells, each said twice down the column (runs of equal values in a table)."""
    cells = draw(st.lists(st.sampled_from(CELLS), min_size=2, max_size=4, unique=True))
    return [c for cell in cells for c in (cell, cell)]


@SETTINGS
@given(st.sampled_from(HEADERS), doubled_column(), st.lists(st.sampled_from(CELLS), max_size=2))
def test_values_repeated_down_a_column_under_its_header_stay(header: str, column: list[str], more: list[str]) -> None:
    text = "\n".join([header, *column, *more])
    assert collapse_repeats(text) == text


@SETTINGS
@given(st.sampled_from(["Status", "Service", "State"]),
       st.lists(st.sampled_from([c for c in CELLS if len(c) >= 5]), min_size=2, max_size=4, unique=True))
def test_a_table_whose_every_line_is_doubled_keeps_one_copy_of_each(header: str, cells: list[str]) -> None:
    lines = [header, *cells]
    doubled = "\n".join(line for line in lines for _ in (0, 1))
    assert collapse_repeats(doubled) == "\n".join(lines)


def test_doubled_cells_beside_a_doubled_sentence_are_the_mechanism() -> None:
    text = "The Minister met his counterpart.\nThe Minister met his counterpart.\nActive\nActive\nInactive\nInactive"
    assert collapse_repeats(text) == "The Minister met his counterpart.\nActive\nInactive"
