"""Reproductions from the seventh fresh-eyes test of ``defnews clean`` (repeat repair), each with a
generalisation (a hypothesis property or a generated family) that fixes the whole kind:

* a composed number check that crashed on its own refusal (``'tuple' object has no attribute 'start'``);
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import apply_edits, explain_repeats
from cleaning.edit_safety import number_faults
from cleaning.repeats import Edit, _numbers_checked

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


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
@given(text_and_deletions())
def test_the_composed_check_never_raises_and_its_edits_replay(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    out, kept = _numbers_checked(text, apply_edits(text, edits), edits)
    assert apply_edits(text, kept) == out
    assert not number_faults(text, [(e.start, e.end, e.kind) for e in kept])
