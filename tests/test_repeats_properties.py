"""Properties of repeat collapse that must hold for any input (hypothesis)."""
from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaning import apply_edits, collapse_repeats, explain_repeats
from cleaning import char_doubling
from cleaning.char_doubling import LONG_TEXT
from cleaning.edit_log import Edit, compact_edits
from defnews.report import unapply_edits
from cleaning.square_tiling import ANCHOR, CHAIN_THRESHOLD
from cleaning.textkey import make_key

CASES = Path(__file__).parent / "cases"
# Plain paragraphs hold no repetition of their own.  Paragraphs with legitimate
# repetition (ますます, had had, 2020) are only used where the answer is not
# ambiguous: doubling a chunking that cuts ``ますます`` into ``ます|ます`` gives
# ``ますますますます``, which is just as well ``ます`` four times.
PLAIN = [line for line in (CASES / "clean_paragraphs.txt").read_text("utf-8").splitlines() if line]
LEGIT = [line for line in (CASES / "legit_repetition.txt").read_text("utf-8").splitlines() if line]
CLEAN = PLAIN + LEGIT
# Derandomized: CI runs the same examples every time (a failure is reproducible, never flaky).
# Run with --hypothesis-seed=N and derandomize off to explore further.
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _same(out: str, text: str) -> bool:
    """Equal; in English, equal but for where a space falls between doubled single letters.

    ``discuss`` cut as ``discu|ss |t|h…`` and doubled reads ``discudiscuss ss tthh…``;
    the key sees ``ssss`` and cannot tell which space is the copy's (a documented
    limit).  Japanese text has no such spaces and must come back exactly.
    """
    if out == text or not text.isascii():
        return out == text
    return out.split() == text.split() or "".join(out.split()) == "".join(text.split())


@st.composite
def chunkings(draw: st.DrawFn, max_chunk: int = 27) -> tuple[str, list[str]]:
    """A clean paragraph and a random cut of it into runs of 1..max_chunk characters."""
    text = draw(st.sampled_from(PLAIN))
    chunks, pos = [], 0
    while pos < len(text):
        size = draw(st.integers(min_value=1, max_value=max_chunk))
        chunks.append(text[pos : pos + size])
        pos += size
    return text, chunks


@SETTINGS
@given(chunkings())
def test_doubling_every_run_collapses_back(case: tuple[str, list[str]]) -> None:
    text, chunks = case
    doubled = "".join(c + c for c in chunks)
    assert _same(collapse_repeats(doubled), text)


@SETTINGS
@given(chunkings(max_chunk=40), st.data())
def test_doubling_a_span_of_runs_collapses_back(case: tuple[str, list[str]], data: st.DataObject) -> None:
    """Lockstep as seen in the wild: only the runs of one span are doubled."""
    text, chunks = case
    first = data.draw(st.integers(0, len(chunks) - 1))
    last = data.draw(st.integers(first, len(chunks) - 1))
    span = "".join(chunks[first : last + 1])
    if max(make_key(c).weights().sum() for c in chunks[first : last + 1]) < CHAIN_THRESHOLD:
        return  # no doubled run carries enough evidence on its own (the documented threshold)
    start = sum(len(c) for c in chunks[:first])
    end = start + len(span)
    if _touches_short_square(text, start) or _touches_short_square(text, end):
        return  # ``しつつ`` + a doubled span: the text's own つつ may join the chain (documented)
    corrupted = "".join(c + c if first <= i <= last else c for i, c in enumerate(chunks))
    assert _same(collapse_repeats(corrupted), text)


@SETTINGS
@given(st.sampled_from(CLEAN), st.integers(16, 48), st.lists(st.sampled_from([2, 3]), min_size=40, max_size=40))
def test_lines_printed_two_or_three_times_collapse_back(text: str, width: int, times: list[int]) -> None:
    # A PDF text layer that prints each line more than once.  The first line must weigh
    # enough to stand as evidence on its own; after it, repeated lines vouch for each other.
    lines = textwrap.wrap(text, width) if text.isascii() else [text[i : i + width] for i in range(0, len(text), width)]
    assume(make_key(lines[0]).weights().sum() >= ANCHOR)
    printed = "\n".join(line for line, k in zip(lines, times * 4) for _ in range(k))
    assert collapse_repeats(printed) == "\n".join(lines)


def _touches_short_square(text: str, at: int) -> bool:
    """Does a one- or two-character square (``つつ``, ``II``) end or start at ``at``?"""
    return any(
        (at >= 2 * u and text[at - 2 * u : at - u] == text[at - u : at])
        or text[at : at + u] == text[at + u : at + 2 * u] != ""
        for u in (1, 2)
    )


@SETTINGS
@given(st.sampled_from(CLEAN), st.integers(0, 200), st.integers(1, 400))
def test_clean_text_passes_through_unchanged(text: str, start: int, length: int) -> None:
    piece = text[start : start + length]
    assert collapse_repeats(piece) == piece
    assert explain_repeats(piece)[1] == []


@st.composite
def messy_text(draw: st.DrawFn) -> str:
    """Clean paragraphs, doubled runs and arbitrary characters, mixed."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(CLEAN),
                chunkings().map(lambda c: "".join(x + x for x in c[1])),
                st.text(alphabet=st.sampled_from("ab 。、ますー\n\u200b１2"), max_size=30),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return draw(st.sampled_from(["", "\n", " "])).join(parts)


@SETTINGS
@given(messy_text())
def test_idempotent(text: str) -> None:
    once = collapse_repeats(text)
    assert collapse_repeats(once) == once


@SETTINGS
@given(messy_text())
def test_edits_replay_to_the_output_and_name_what_they_removed(text: str) -> None:
    out, edits = explain_repeats(text)
    assert apply_edits(text, edits) == out
    for edit in edits:
        assert text[edit.start : edit.end] == edit.removed
        assert edit.kind in {"char_doubling", "run_doubling", "sentence_repeat", "line_repeat",
                             "paragraph_repeat", "truncated_copy"}
        assert edit.score > 0 and edit.reason
    assert all(a.end <= b.start for a, b in zip(edits, edits[1:]))


@SETTINGS
@given(messy_text())
def test_the_compact_log_replays_and_rebuilds_the_input(text: str) -> None:
    """The stored form (merged, strided, grouped, copies as lags) replays to the output, and the
    report rebuilds the input from the output and the serialised edits alone."""
    out, edits = explain_repeats(text)
    compact = compact_edits(edits, text)
    assert apply_edits(text, compact) == out
    stored = [Edit.from_dict(e.to_dict()) for e in compact]
    assert apply_edits(text, stored) == out
    assert "".join(s.text for s in unapply_edits(out, [e.to_dict() for e in compact])) == text


@SETTINGS
@given(st.lists(st.tuples(st.text(alphabet="abcdeSTU日本語.,1 ", min_size=1, max_size=9), st.booleans()),
                min_size=1, max_size=12),
       st.sampled_from([" ", "  ", "\n"]))
def test_fake_bold_in_any_phase_has_a_compact_log_that_rebuilds_the_input(words: list[tuple[str, bool]], gap: str) -> None:
    text = gap.join("".join(c * 2 for c in w) if bold else w for w, bold in words)
    out, edits = explain_repeats(text)
    compact = compact_edits(edits, text)
    assert apply_edits(text, compact) == out
    assert apply_edits(text, [Edit.from_dict(e.to_dict()) for e in compact]) == out
    assert "".join(s.text for s in unapply_edits(out, [e.to_dict() for e in compact])) == text


@SETTINGS
@given(st.lists(st.tuples(st.text(alphabet="abST日本 \u3000\n.", min_size=1, max_size=6), st.integers(1, 4),
                          st.booleans()), max_size=14))
def test_glyph_repeats_found_on_arrays_are_the_ones_the_regexes_find(words: list[tuple[str, int, bool]]) -> None:
    """Long texts look for multi-strike and spaced glyphs only where arrays say a match may be: the same spans."""
    text = " ".join(" ".join(c + " " + c for c in w) if spaced else "".join(c * k for c in w) for w, k, spaced in words)
    by_regex = list(char_doubling.find_glyph_repeats(text))
    try:
        char_doubling.LONG_TEXT = 0
        assert list(char_doubling.find_glyph_repeats(text)) == by_regex
    finally:
        char_doubling.LONG_TEXT = LONG_TEXT


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_is_safe(text: str) -> None:
    """Arbitrary Unicode never raises, and only ever loses characters."""
    out, edits = explain_repeats(text)
    assert len(out) == len(text) - sum(e.end - e.start for e in edits)
