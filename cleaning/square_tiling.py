"""Decide which doubled units to collapse: a dynamic programme over squares.

A *square* is a unit immediately followed by a copy of itself (``UU``).  The
corruption we repair writes a span of text as a chain of squares
(``AABBCC…``: each text run emitted twice), or one long square (a repeated
sentence, line or paragraph), sometimes with more copies.  (A truncated
extra copy of a line is ``line_repeats``' business.)
Legitimate text holds squares too, but short and alone: ``ますます``,
``一人一人``, ``2020``, ``had had``, ``Walla Walla``.

So a chain of adjacent squares is collapsed only when its total *strength*
(the summed weight of one copy of each unit, see ``TextKey.weights``) reaches
``CHAIN_THRESHOLD`` and one of its squares is an ``ANCHOR`` on its own (so
that legitimate reduplications that happen to touch, ``ますます一人一人``,
never add up to a repair).  Inside an accepted chain even a one-character square
(``いい`` at a cut between two runs) is collapsed, because it is surrounded
by evidence.  The programme maximises total strength minus one threshold per
chain, which is exactly "collapse the chains that clear the threshold, and
parse each chain the way that explains most of it".

The loops over positions (finding squares, the programme itself, crossed
knots) run compiled in ``repeat_kernels``; the rules and thresholds are here.
"""
from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple, Protocol

import numpy as np

from cleaning.legit_repeats import is_table_cell, REDUPLICATIONS, is_legit_square
from cleaning.repeat_kernels import best_tiling, plain_squares, structure_costs
from cleaning.repeat_seeds import Stretch
from cleaning.textkey import TextKey

CHAIN_THRESHOLD = 8.0  # about four kanji, five kana or eight Latin letters
ANCHOR = 6.0  # an accepted chain holds at least one square this strong on its own
KNOT_ANCHOR = 2 * ANCHOR  # ... or opens with a crossed knot whose prefix copy is this strong
KNOT_SLACK = 3  # a crossed knot may open a chain this close after a near-square seed starts
MIN_PAIRS = 4  # ... or this many doubled characters in a row (fake bold)
MIN_UNANCHORED = 4  # ... or this many squares in a row, together twice the threshold (short English runs)
LOCAL_MAX_UNIT = 48  # units up to this long are searched around every position
MARGIN = 48  # how far past the seeds a chain may extend before the window grows
SQUARE_COST = 1e-3  # breaks ties between parses of equal strength
INEXACT_COST = 2.5  # a square whose copies differ in the source (spacing, width) must earn its place
LINE_CUT_COST = 4.0  # ... and one whose copies hold a line break: repeated lines are repeated whole
NUMBER_CUT_COST = 1.5  # ... and one whose copies start or end inside a number (see _structure_costs)
PARTIAL_LINES_COST = 1e6  # ... and one whose copies sit on different lines but are not whole lines: never
MAX_CROSSED = 40  # longest copy searched for in a crossed square
_MAX_PHASES = 64


class Chain(NamedTuple):
    """Adjacent squares collapsed together, left to right, as columns.

    A square is a doubled stretch of key ``[pos, end)``.  A plain square is a
    unit followed by ``copies - 1`` copies of itself; the copies go.  A
    *crossed* knot (``cuts`` set) is what two interleaved copies leave when
    the second copy's cut falls before the first's: ``X1 Y1 X2 Y2`` with
    ``X1 + X2 == Y1 + Y2`` (``バノ|バ|駐|ノ駐``); ``Y1`` is ``[cuts[0],
    cuts[1])`` and ``Y2`` is ``[cuts[2], end)``, and both go.
    """

    pos: list[int]
    end: list[int]
    unit: list[int]  # characters kept
    copies: list[int]
    exact: list[bool]  # the first two copies are identical in the source, spacing included
    cuts: list[tuple[int, int, int] | None]  # a crossed knot's cut points
    bold: list[bool]  # one of a row of at least MIN_PAIRS one-character squares (fake bold)
    strength: float  # the summed gain of its squares

    def deletes(self, i: int) -> tuple[tuple[int, int], ...]:
        """The key spans square ``i`` deletes."""
        cuts = self.cuts[i]
        if cuts is None:
            return ((self.pos[i] + self.unit[i], self.end[i]),)
        return ((cuts[0], cuts[1]), (cuts[2], self.end[i]))


class Source(Protocol):
    """The source text behind key span ``[a, b)``."""

    def __call__(self, a: int, b: int) -> str: ...


def plan_squares(
    tk: TextKey,
    stretches: list[Stretch],
    source: Source,
    fake_bold: list[tuple[int, int]] = (),  # type: ignore[assignment]
    marks: Callable[[], list[int]] | None = None,
) -> list[Chain]:
    """Choose the chains of squares to collapse, left to right, non-overlapping.

    ``source(a, b)`` returns the source text behind key span ``[a, b)``;
    ``fake_bold`` lists key spans where every
    character looks doubled (see ``char_doubling``).
    """
    cum = tk.cum
    long_units = _long_units(stretches)
    # where two copies cross with no chain before them, the knot opens one (``thaThe … t the|that``)
    knot_starts = sorted({s.start for s in stretches if not s.periodic and _near_square(s)})
    chains: list[Chain] = []
    covered = 0  # a window grown over the next ones has solved them: each stretch of text is solved once
    for w0, w1 in _windows(stretches + [Stretch(a, b, 1) for a, b in fake_bold], len(tk.key)):
        if w1 <= covered:
            continue
        found, covered = _solve_window(tk, cum, long_units, source, max(w0, covered), w1, knot_starts)
        chains.extend(c for c in found if not chains or c.pos[0] >= chains[-1].end[-1])
    return _without_writers_repeats(tk, _without_spaced_slivers(tk, chains), marks)


def _without_spaced_slivers(tk: TextKey, chains: list[Chain]) -> list[Chain]:
    """Chains less a sliver at either end that is a word's own doubled letter across a space from the
    rest (``see https://…/x.htmlhttps://…/x.html``: the ``ee`` of ``see`` is no copy).

    The key drops whitespace, so a sliver and the next square meet there; in the source, copies merged
    run by run leave no undoubled gap between one run's copies and the next run's (the space goes with a
    run and is doubled with it).  A sliver (``SLIVER`` key characters at most, two copies) inside a word,
    parted from its neighbour square by whitespace printed once, is the word's spelling; the chain goes
    on without it, or not at all if what is left is too weak to count.
    """
    out = []
    for c in chains:
        keep = range(len(c.pos))
        if len(c.pos) > 1 and _spaced_sliver(tk, c, 0, 1):
            keep = keep[1:]
        if len(keep) > 1 and _spaced_sliver(tk, c, len(c.pos) - 1, -1):
            keep = keep[:-1]
        if len(keep) == len(c.pos):
            out.append(c)
            continue
        gone = sum(float(tk.cum[c.pos[i] + c.unit[i]] - tk.cum[c.pos[i]]) for i in range(len(c.pos)) if i not in keep)
        if c.strength - gone < CHAIN_THRESHOLD:
            continue
        k = slice(keep[0], keep[-1] + 1)
        out.append(Chain(c.pos[k], c.end[k], c.unit[k], c.copies[k], c.exact[k], c.cuts[k], c.bold[k], c.strength - gone))
    return out


def _spaced_sliver(tk: TextKey, c: Chain, i: int, toward: int) -> bool:
    """Is square ``i`` of ``c`` a sliver inside a word, parted by whitespace printed once from the
    square ``toward`` it (+1: the next, -1: the one before)?"""
    if c.unit[i] > SLIVER or c.copies[i] != 2 or c.bold[i] or c.cuts[i] is not None:
        return False
    j = i + toward
    a, b = (c.end[i], c.pos[j]) if toward > 0 else (c.end[j], c.pos[i])
    gap = _src_between(tk, a, b)
    if not gap or not gap.isspace() or "\n" in gap or (len(gap) % 2 == 0 and gap[: len(gap) // 2] == gap[len(gap) // 2 :]):
        return False
    if c.cuts[j] is None and _src_between(tk, c.pos[j] + c.unit[j], c.pos[j] + c.unit[j]) == gap:
        return False  # the neighbour's copies are parted by the same space: it is the run's own, doubled with it
    outer = tk.src_start(c.pos[i]) if toward > 0 else tk.src_end(c.end[i])  # the sliver's side away from the square
    return _cut_inside_word(tk, outer)


def _src_between(tk: TextKey, a: int, b: int) -> str:
    """The source text between key character ``a - 1`` and key character ``b`` (what the key dropped there)."""
    return tk.raw[tk.src_end(a) : tk.src_start(b)].tobytes().decode("utf-32-le")


SLIVER = 2  # squares this short beside a writer's repeat are a word's own letters (``crisis``), not evidence
WRITER_MAX_WORDS = 5  # a phrase of fewer words, said twice, is a repeat a writer could have written ...
EVIDENCE_REACH = 200  # ... unless another defect lies within this many key characters
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")


def _without_writers_repeats(tk: TextKey, chains: list[Chain], marks: Callable[[], list[int]] | None = None) -> list[Chain]:
    """Drop lone repeats of a short phrase of whole words that nothing around marks as a defect.

    Transcripts restart (``seems to have — seems to have``, ``-- can you say
    -- can you say``, ``Thank you. Thank you.``) and writers repeat for effect
    (``shoulder to shoulder``): a single square whose copies are whole words,
    fewer than ``WRITER_MAX_WORDS`` of them, stays, unless another chain
    (a doubled run, fake bold, a copy cut inside a word) lies within
    ``EVIDENCE_REACH`` key characters, or an earlier step repaired there
    (``marks``, key positions): the issue's principle that a repeat a
    writer could have written needs evidence of the mechanism around it.
    """
    lone = [_writers_repeat(tk, c) for c in chains]
    if not any(lone):
        return chains
    evidence = [c.pos[0] for c, w in zip(chains, lone) if not w]
    evidence_end = [c.end[-1] for c, w in zip(chains, lone) if not w]
    out = []
    repaired: list[int] | None = None
    for c, w in zip(chains, lone):
        if w and not any(a - EVIDENCE_REACH <= c.end[-1] and c.pos[0] <= b + EVIDENCE_REACH for a, b in zip(evidence, evidence_end)):
            if repaired is None:
                repaired = marks() if marks is not None else []
            if len(c.pos) > 1 and _table_column(tk, c):  # lines printed twice repaired above or below: the mechanism
                if not any(c.pos[0] - EVIDENCE_REACH <= m <= c.end[-1] + EVIDENCE_REACH for m in repaired):
                    continue
            elif not any(_same_line(tk, c, m) for m in repaired):
                continue
        out.append(c)
    return out


def _same_line(tk: TextKey, chain: Chain, mark: int) -> bool:
    """Is key position ``mark`` (an earlier step's repair) on the chain's line, within ``EVIDENCE_REACH``?"""
    a, b = min(mark, chain.pos[0]), max(mark, chain.end[-1])
    if b - a > EVIDENCE_REACH + chain.end[-1] - chain.pos[0]:
        return False
    return not bool((tk.raw[tk.src_start(a) : tk.src_end(b)] == 10).any())


def _writers_repeat(tk: TextKey, chain: Chain) -> bool:
    """Is ``chain`` one square of a few whole words, in words a writer could repeat?"""
    if any(c is not None for c in chain.cuts) or any(chain.bold):
        return False
    if len(chain.pos) > 1 and _table_column(tk, chain):
        return True
    if len(chain.pos) > 1 and all(c == 2 for c in chain.copies) and all(
            _parallel_square(tk, p, u) for p, u in zip(chain.pos, chain.unit)):
        return True  # a flattened table whose rows share cells in turn (``A at X, B at X, B at Y, C at Y, C at Z``)
    # The phrase square; any other square of the chain must be a sliver (``criSISis -- can you say -- can
    # you say``: a word's own doubled letters beside the phrase are no evidence of the mechanism).
    k = max(range(len(chain.pos)), key=lambda i: chain.unit[i])
    if any(chain.unit[i] > SLIVER for i in range(len(chain.pos)) if i != k):
        return False
    p, u, copies = chain.pos[k], chain.unit[k], chain.copies[k]
    key, n = tk.key, len(tk.key)
    # A square reads the same at every phase of its periodic run (``securit|y -- can you sa|y -- can you
    # sa|y``): it is a writer's repeat when one phase falls on word boundaries at both ends.
    lo = p
    while lo > 0 and p - lo < u and key[lo - 1] == key[lo - 1 + u]:
        lo -= 1
    hi = p
    while hi + u * copies < n and hi - p < u and key[hi + u * copies] == key[hi + u * (copies - 1)]:
        hi += 1
    if copies == 2 and any(_line_writers_repeat(tk, q, u) for q in range(lo, hi + 1)):
        return True  # (before the word test: a heading's copy runs on into the title's words)
    cjk = any(ord(ch) >= 0x2E80 for ch in _src(tk, p, p + u))
    if cjk and copies == 2 and _cjk_phrase_phase(tk, lo, hi, u) and _parallel_clauses(tk, lo, hi, u):
        return True  # (before the word test: CJK has no spaces to tell a cut inside a word by)
    for p in range(lo, hi + 1):
        a, b = tk.src_start(p), tk.src_end(p + u * copies)
        if not (_cut_inside_word(tk, a) or _cut_inside_word(tk, b)):
            break
    else:
        return False  # a copy cut inside a word is the mechanism's mark (``So, welcome, welcome`` is not cut)
    unit = tk.raw[a : tk.src_end(p + u)].tobytes().decode("utf-32-le")
    if not cjk and copies == 2 and _parallel_clauses(tk, lo, hi, u):
        return True  # ``A won in 2022, B won in 2022, B won in 2023``: clauses that share their words
    if any(ord(ch) >= 0x2E80 for ch in unit):
        # CJK: no word boundaries to judge by (reduplication is legit_repeats' business), but a short
        # whole sentence said twice is a transcript's courtesy (``ありがとうございます。ありがとうございます。``),
        # and a short whole clause said twice a speaker's restart (``記者：確認ですけれども、確認ですけれども、…``)
        return copies == 2 and any(_one_short_sentence(_src(tk, q, q + u)) or _one_short_clause(tk, q, u)
                                   for q in range(lo, hi + 1))  # at the phase where the sentence is whole
    words = _WORD.findall(unit)
    if chain.copies[0] > 2 and len(words) > 1:
        return False  # a phrase printed three or more times in a row is k copies of the stream (k >= 3)
    return 0 < len(words) < WRITER_MAX_WORDS and unit[:1].isalnum() | (not unit[:1].isalpha())


# Where a clause or sentence ends: ``.!?;,`` before whitespace (not ``U.S.``, ``1,000``), or any CJK
# sentence or clause mark.  A colon is left out: it parts a label from its value (``第1中隊：体育館``,
# ``09:15``), inside one clause.
_CLAUSE_BREAK = re.compile(r"[.!?;,](?=\s)|[。！？；、，,．]")


def _parallel_clauses(tk: TextKey, lo: int, hi: int, u: int) -> bool:
    """Is the square of unit ``u`` (two copies), read at phases ``lo..hi`` of its periodic run, the shared
    middle of a writer's parallel clauses: every phase's unit straddles a clause break, and at no phase
    does the first copy start where a clause starts or the second end where one ends?

    ``The Army won in 2022, the Navy won in 2022, the Navy won in 2023`` repeats ``won in 2022, the Navy``
    (``陸自は訓練を実施、海自は訓練を実施、海自は…``; a flattened table whose rows share a cell,
    ``Alpha Co at Pier 2; Bravo Co at Pier 2; Bravo Co at Hall 1``): the clauses differ at their starts
    and ends, so the repeated stretch is the end of one clause and the start of the next, cut inside
    clauses at both ends.  The mechanism's lone square is a clause, sentence or line printed twice
    (``Error 404: page not found. Error 404: page not found.``: a phase starts a clause), or a copy cut
    short at its start that ends with its sentence (``…進展を確認しました。府は、…進展を確認しました。``:
    a phase ends one); copies cut at words or glyphs make chains, not one square.  A repeat with no
    clause break inside is not judged here.  (breaker15's parallel and rotated-list sets, issue 7.)
    """
    text_end = len(tk.key)
    for q in range(lo, hi + 1):
        a, b = tk.src_start(q), tk.src_end(q + u)
        unit = tk.raw[a:b].tobytes().decode("utf-32-le")
        if not any(m.end() < len(unit.rstrip()) for m in _CLAUSE_BREAK.finditer(unit)):
            return False  # a phase whose unit holds no break inside: one clause's words, not parallel ones
        end = tk.src_end(q + 2 * u)
        ends_clause = _CLAUSE_BREAK.search(unit.rstrip().rstrip(_CLOSERS)[-1:] + " ")
        if _clause_starts(tk, a) or ends_clause or q + 2 * u == text_end or "\n" in _src_between(tk, q + 2 * u, q + 2 * u):
            return False  # a clause said twice, or a copy that ends with one (a copy cut short at its start)
    return True


_OPENERS = "「『（([\"“‘"
_CLOSERS = "」』）)]\"”’"


def _parallel_square(tk: TextKey, p: int, u: int) -> bool:
    """Is the square of unit ``key[p:p + u]`` (two copies) the shared middle of parallel clauses
    (``_parallel_clauses``), read at a phase whose copies are cut where words or phrases end?"""
    key, n = tk.key, len(tk.key)
    lo = p
    while lo > 0 and p - lo < u and key[lo - 1] == key[lo - 1 + u]:
        lo -= 1
    hi = p
    while hi + 2 * u < n and hi - p < u and key[hi + 2 * u] == key[hi + u]:
        hi += 1
    if any(ord(ch) >= 0x2E80 for ch in _src(tk, p, p + u)):
        return _cjk_phrase_phase(tk, lo, hi, u) and _parallel_clauses(tk, lo, hi, u)
    whole_words = any(not (_cut_inside_word(tk, tk.src_start(q)) or _cut_inside_word(tk, tk.src_end(q + 2 * u)))
                      for q in range(lo, hi + 1))
    return whole_words and _parallel_clauses(tk, lo, hi, u)


def _cjk_phrase_phase(tk: TextKey, lo: int, hi: int, u: int) -> bool:
    """Is there a phase of the square (unit ``u``, phases ``lo..hi``) whose copies start and end where
    parallel clauses' shared words do?  The CJK stand-in for "no copy cut inside a word".

    The last copy ends where a phrase may (``_cjk_phrase_edge``: ``海自は|調査``).  The first copy starts
    after a space or a mark (``합참은 |훈련을``, ``第1中隊：|体育館``), or after a phrase whose ending the
    other clause's head shares: parallel clauses mark their subjects alike (``陸自は|訓練を実施、海自は|…``,
    ``第3中隊は|A棟、第1中隊は|…``: the square's run reaches back over ``自は``, ``隊は``).  A copy cut
    at the mechanism's run boundaries lands anywhere, and the text before it seldom ends as the unit does
    (``…を通じて|日米の共同開発、…議論を|日米の共同開発、…議論を|加速し``).
    """
    for q in range(lo, hi + 1):
        a = tk.src_start(q)
        start = _cjk_phrase_edge(tk, a) and (q > lo or a == 0 or not (chr(tk.raw[a - 1]).isalnum() and chr(tk.raw[a]).isalnum()))
        if start and _cjk_phrase_edge(tk, tk.src_end(q + 2 * u)):
            return True
    return False


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _cjk_phrase_edge(tk: TextKey, i: int) -> bool:
    """May a phrase (bunsetsu) end at source offset ``i``: the text's edge, whitespace or punctuation on
    either side, or hiragana (a particle, an ending) before and none after (``陸自は|訓練``)?"""
    if i <= 0 or i >= len(tk.raw):
        return True
    before, after = chr(tk.raw[i - 1]), chr(tk.raw[i])
    if not (before.isalnum() and after.isalnum()):
        return True
    return _is_hiragana(before) and not _is_hiragana(after)


def _clause_starts(tk: TextKey, a: int) -> bool:
    """Does a clause start at source offset ``a``: the text's or a line's start, or after a clause break
    or an opening bracket or quote?"""
    before = tk.raw[max(0, a - _LINE_REACH) : a].tobytes().decode("utf-32-le")
    if not before.strip() or "\n" in before[len(before.rstrip()) :]:
        return True
    last = before.rstrip()[-1]
    return last in _OPENERS or bool(_CLAUSE_BREAK.search(last + " "))


def _table_column(tk: TextKey, chain: Chain) -> bool:
    """Is ``chain`` cells repeated down a table column: each square one whole line of one cell said
    again (``_line_writers_repeat``; a value may run on for more rows), and a line beside the chain
    printed once (the column's header: ``Status⏎Active⏎Active⏎Inactive⏎Inactive``)?  Values repeat
    down a column; a page whose every line is doubled, the header too, is the mechanism
    (``Status⏎Status⏎Active⏎Active``)."""
    if not all(_line_writers_repeat(tk, p, u) for p, u in zip(chain.pos, chain.unit)):
        return False
    a, b = tk.src_start(chain.pos[0]), tk.src_end(chain.end[-1])
    w0, w1 = max(0, a - _LINE_REACH), min(len(tk.raw), b + _LINE_REACH)
    text = tk.raw[w0:w1].tobytes().decode("utf-32-le")
    above = text[: a - w0].rstrip("\n").rsplit("\n", 2)[-2:] if a - w0 else []  # the two lines before, in order
    below = text[b - w0 :].lstrip("\n").split("\n", 2)[:2]
    before = above[-1] if above else ""
    after = below[0] if below else ""
    # the header (or the row after) is printed once: not the second copy of a doubled line
    return (is_table_cell(before) and (len(above) < 2 or above[0].strip() != before.strip())) or (
        is_table_cell(after) and (len(below) < 2 or below[1].strip() != after.strip()))


def _line_writers_repeat(tk: TextKey, q: int, u: int) -> bool:
    """Is the square of unit ``key[q:q + u]`` (two copies) a line structure a writer makes: a one-cell line
    followed by the same cell down a table column, with another cell beside (``区分⏎陸上自衛隊⏎陸上自衛隊⏎海上自衛隊``),
    or a heading line repeated as the start of the line under it (``防衛大臣記者会見⏎防衛大臣記者会見（令和6年…）の概要…``)?"""
    a, m, b = tk.src_start(q), tk.src_start(q + u), tk.src_end(q + 2 * u)
    w0, w1 = max(0, a - _LINE_REACH), min(len(tk.raw), b + _LINE_REACH)  # cells are short: a window will do
    text = tk.raw[w0:w1].tobytes().decode("utf-32-le")
    a, m, b, e1 = a - w0, m - w0, b - w0, tk.src_end(q + u) - w0
    first, gap = text[a:e1], text[e1:m]
    if "\n" not in gap or "\n" in first or (a + w0 > 0 and text[a - 1 : a] != "\n") or not is_table_cell(first):
        return False  # the first copy is a whole line of one cell, and the second starts the next line
    if text[b:].split("\n", 1)[0].strip():
        return True  # a heading and the title that starts with it
    before = text[:a].rstrip("\n").rsplit("\n", 1)[-1] if a else ""
    after = text[b:].lstrip("\n").split("\n", 1)[0]
    return is_table_cell(before) or is_table_cell(after)


_LINE_REACH = 64  # source characters looked at around a square for the lines beside it


CJK_WRITER_MAX_CHARS = 16  # a CJK sentence this short, said twice, is a repeat a speaker could make
_CJK_SENTENCE_END = "。！？!?"


def _src(tk: TextKey, a: int, b: int) -> str:
    """The source text behind key ``[a, b)``."""
    return tk.raw[tk.src_start(a) : tk.src_end(b)].tobytes().decode("utf-32-le")


_CJK_CLAUSE_END = "、，,"
_CJK_CLAUSE_START = "、，,。！？!?：:「『（(\n \u3000"


def _one_short_clause(tk: TextKey, q: int, u: int) -> bool:
    """Is the unit at key ``q`` one whole short clause: it ends a clause (``、``), holds no other clause or
    sentence end, is at most ``CJK_WRITER_MAX_CHARS`` long, and starts where a clause starts (after
    ``、。：「``, a line break, or at the text's start)?  ``確認ですけれども、`` after ``記者：``.  A copy cut
    at the mechanism's run boundaries seldom falls on both ends of a clause."""
    body = _src(tk, q, q + u).strip()
    if not (0 < len(body) <= CJK_WRITER_MAX_CHARS and body[-1] in _CJK_CLAUSE_END):
        return False
    if any(ch in _CJK_CLAUSE_END or ch in _CJK_SENTENCE_END for ch in body[:-1]):
        return False
    start = tk.src_start(q)
    return start == 0 or chr(tk.raw[start - 1]) in _CJK_CLAUSE_START


def _one_short_sentence(unit: str) -> bool:
    """Is ``unit`` one whole short sentence: ends a sentence, holds no other sentence end, and is at most
    ``CJK_WRITER_MAX_CHARS`` characters (``よろしくお願いします。``; not ``防衛省としては、``)?

    >>> _one_short_sentence("ありがとうございました。"), _one_short_sentence("影響を"), _one_short_sentence("以上。以上。")
    (True, False, False)
    """
    body = unit.strip()
    return (
        0 < len(body) <= CJK_WRITER_MAX_CHARS
        and body[-1] in _CJK_SENTENCE_END
        and not any(ch in _CJK_SENTENCE_END for ch in body[:-1])
    )


def _cut_inside_word(tk: TextKey, i: int) -> bool:
    """Does the source boundary before ``i`` fall inside a word?  Both characters beside it are word
    characters: letters or digits, or ``.'’-`` between two of them (``U.|S.``, not ``So|, welcome``)."""
    raw = tk.raw
    if i <= 0 or i >= len(raw):
        return False
    around = raw[max(0, i - 2) : i + 2].tobytes().decode("utf-32-le")
    j = i - max(0, i - 2)  # the boundary in ``around``

    def wordish(k: int) -> bool:
        ch = around[k]
        if ch.isalnum():
            return True
        return ch in ".'’-" and 0 < k < len(around) - 1 and around[k - 1].isalnum() and around[k + 1].isalnum()

    return wordish(j - 1) and wordish(j)


def _long_units(stretches: list[Stretch]) -> list[tuple[int, int]]:
    """``(pos, unit)`` of squares too long for the local search, by unit."""
    units: list[tuple[int, int]] = []
    for s in stretches:
        if not s.periodic or s.lag <= LOCAL_MAX_UNIT:
            continue
        phases = range(s.start, s.end - s.lag + 1)
        step = max(1, len(phases) // _MAX_PHASES)
        units.extend((p, s.lag) for p in phases[::step])
    return sorted(units, key=lambda pu: pu[1])


NEAR_SQUARE_GAP = 8  # a copy this much shorter than its lag may be a crossed knot's (a copy lagging by < a run)


def _near_square(s: Stretch) -> bool:
    """A repeat that falls just short of a square, ``X1 Y1`` with ``Y1`` a prefix of ``X1``: where two
    copies cross (see ``Chain``), the knot lies past the periodic seeds, so its window must be searched too."""
    return s.lag <= MAX_CROSSED and s.lag - (s.end - s.start) <= NEAR_SQUARE_GAP


def _windows(stretches: list[Stretch], n: int) -> list[tuple[int, int]]:
    spans = sorted(
        (max(0, s.start - MARGIN), min(n, s.end + s.lag + MARGIN)) for s in stretches if s.periodic or _near_square(s)
    )
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _solve_window(
    tk: TextKey,
    cum: np.ndarray,
    long_units: list[tuple[int, int]],
    source: Source,
    w0: int,
    w1: int,
    knot_starts: list[int] = (),  # type: ignore[assignment]
) -> tuple[list[Chain], int]:
    """Run the programme on ``[w0, w1)``, growing the window while a chain touches its edge;
    return the chains and where the window ended."""
    n = len(tk.key)
    margin = MARGIN
    while True:
        squares = _window_squares(tk, cum, long_units, source, w0, w1)
        opens = np.zeros(w1 - w0 + 1, dtype=np.uint8)
        for k in knot_starts:
            if w0 <= k < w1:
                opens[k - w0 : min(k + KNOT_SLACK, w1) - w0] = 1
        chains = _best_chains(tk.codes, tk.key, cum, squares, w0, w1, opens)
        grow_left = w0 > 0 and bool(chains) and chains[0].pos[0] < w0 + 2
        grow_right = w1 < n and bool(chains) and chains[-1].end[-1] > w1 - 2
        if not (grow_left or grow_right):
            return chains, w1
        # The margin doubles each time, so that a chain running on for the whole text costs
        # a few solves of a growing window (linear in all), not one solve per MARGIN.
        w0 = max(0, w0 - margin) if grow_left else w0
        w1 = min(n, w1 + margin) if grow_right else w1
        margin = max(margin, (w1 - w0) // 2)


class _Squares(NamedTuple):
    """The plain squares of a window as columns (see ``repeat_kernels.plain_squares``)."""

    pos: np.ndarray
    end: np.ndarray
    unit: np.ndarray
    copies: np.ndarray
    exact: np.ndarray
    primitive: np.ndarray
    # Evidence that a square is a defect: the weight of one copy of what it deletes.
    # Extra copies add nothing: ``ababab`` is no stronger a case than ``abab``.
    gain: np.ndarray
    # What the programme maximises: evidence, less a cost when the copies differ in the
    # source.  Copies that differ only in spacing or width are still the same phrase (the
    # fuzzy defect), but between two parses of the same key the one whose copies are
    # identical wins, and a phase-shifted parse cannot buy a weak extra square
    # (``the alliance`` -> ``thealiance``) with its inexact copy.  A hair per square
    # settles ties for the parse with fewer, longer units (``ttemp|ttemp``, not
    # ``t|t`` + ``empt|empt``).  A square whose copies hold a line break cuts lines in
    # the middle: repeated lines are repeated whole, so the whole-line parse wins
    # (``A⏎A⏎A'``, A' truncated, is ``A`` twice then a truncated copy, not a square at
    # another phase that swallows whatever doubled pair follows).  Crossed knots are
    # scored the same way, in the kernel.
    score: np.ndarray
    first: np.ndarray  # first[i]: index of the first square starting at w0 + i
    legit: np.ndarray


_LEGIT_UNITS = min(len(w) for w in REDUPLICATIONS) // 2, max(len(w) for w in REDUPLICATIONS) // 2


def _window_squares(
    tk: TextKey, cum: np.ndarray, long_units: list[tuple[int, int]], source: Source, w0: int, w1: int
) -> _Squares:
    """Every plain square inside ``[w0, w1)``.

    Units up to ``LOCAL_MAX_UNIT`` come from comparing the window with itself
    at every lag; longer ones from the seeds.  A unit that is itself a
    repetition (``abab``, ``ーー``) is never a text run: it would let
    ``ababab…`` or ``ーーーー`` pass for strong evidence.  It is kept only
    when the source shows it is not one there (``t t`` keys as ``tt``).
    Weak squares that are known legitimate reduplications are marked: they
    may sit inside a chain (``思思いいますます。。``) but never at its edge
    (``…は、ますます…``).
    """
    cols = plain_squares(
        tk.codes, tk.raw, tk.src, cum, w0, w1, LOCAL_MAX_UNIT, long_units, INEXACT_COST, LINE_CUT_COST, SQUARE_COST
    )
    s = _Squares(*cols, legit=np.zeros(len(cols[0]), dtype=bool))
    if len(s.pos):
        s.score[:] -= _structure_costs(tk, s)
        s.score[:] -= _word_costs(tk, s)
    for i in np.flatnonzero(s.primitive == 0).tolist():
        p, u = int(s.pos[i]), int(s.unit[i])
        unit = source(p, p + u).strip()
        if (unit + unit).find(unit, 1) != len(unit):
            s.score[i] = -np.inf
    weak = np.flatnonzero((s.unit >= _LEGIT_UNITS[0]) & (s.unit <= _LEGIT_UNITS[1]) & (s.gain < ANCHOR))
    for i, p, u in zip(weak.tolist(), s.pos[weak].tolist(), s.unit[weak].tolist()):
        # folding leaves the lexicon's words as they are, so the key is a cheap first test
        if tk.key[p : p + 2 * u] in REDUPLICATIONS and is_legit_square(source(p, p + 2 * u).strip()):
            s.legit[i] = True
    return s


def _structure_costs(tk: TextKey, s: _Squares) -> np.ndarray:
    """Costs for squares that cut what a writer's text is made of, per square.

    * ``NUMBER_CUT_COST`` when a copy starts or ends inside a digit group
      (``200 200`` is ``200|200``, not ``2002|00…``): between parses, the one
      that keeps numbers whole wins (``edit_safety`` refuses the other's edits
      anyway).  One-character squares (fake bold ``1100``) are exempt.
    * ``PARTIAL_LINES_COST`` (prohibitive) when a line break falls inside the
      square, its copies are identical, and they neither start nor end a line: lines repeat whole, so
      ``200 A⏎A⏎A ....`` (three table-of-contents lines) is not a square of
      ``A``, nor of ``A⏎`` at some phase.  One-character squares (fake bold
      straddling a line break) are exempt.

    Worked out in one compiled pass (``repeat_kernels.structure_costs``), over the squares' span of
    the source only (a text with a thousand small windows once read it whole for each: quadratic).
    """
    return structure_costs(tk.raw, tk.src, s.pos, s.end, s.unit, s.exact, NUMBER_CUT_COST, PARTIAL_LINES_COST)


WORD_PHASE_COST = 0.01  # a square of several words whose copies start or end inside a Latin word (a tie-breaker between phases)
LETTER_CUT_COST = 2.0  # a word's own doubled letter read as a square: more than the letter's gain, so it is never worth it


def _latin(codes: np.ndarray) -> np.ndarray:
    """Per code point: is it a Latin letter (ASCII or Latin-1 to Latin Extended-B, not ``×÷``)?"""
    return (((codes >= 65) & (codes <= 90)) | ((codes >= 97) & (codes <= 122))
            | ((codes >= 0xC0) & (codes < 0x250) & (codes != 0xD7) & (codes != 0xF7)))


def _word_costs(tk: TextKey, s: _Squares) -> np.ndarray:
    """Costs for squares that cut Latin words, per square (issue 7: repair never makes a word the input
    lacks where no copy is cut inside a word).

    * ``WORD_PHASE_COST`` when a copy of a unit of several words starts or ends between two Latin letters: a periodic
      run reads the same at every phase, and the phase on word boundaries wins (``apply in|apply in``, not
      ``pply in a|pply in a``), as ``NUMBER_CUT_COST`` does for digits.  A hair below ``SQUARE_COST``: it only settles ties.
    * ``LETTER_CUT_COST`` when a square of one or two letters is a word's own spelling (``will``,
      ``accordance``, ``européenne``, ``tra|in|in|g``): the copies sit inside a token of letters, not in
      a row of pairs (fake bold ``TThhee``); the token less one copy holds no doubled piece (a token cut by
      glyph runs, ``MiMinnisister``, does) and is a word the text never holds (``wil``); and no copy is cut
      inside the token beside it (``_cut_by_a_copy``).  Without it, the programme buys a letter more of
      gain with a phase that ends beside the doubled letter (``Departure Ha|ll`` -> ``Hal``).
    """
    pos, end, unit = s.pos, s.end, s.unit
    raw, n = tk.raw, len(tk.raw)
    cost = np.zeros(len(pos))
    start = tk.src[pos]
    stop = tk.src[end - 1] + 1
    # units of several words (the key drops their spaces): within one word, ties go to fewer, longer units
    multi = (unit > 1) & (tk.src[pos + unit - 1] + 1 - start > unit)
    for b in (start, stop):
        inner = (b > 0) & (b < n)
        at = np.clip(b, 1, max(n - 1, 1))
        cost[multi & inner & _latin(raw[at - 1]) & _latin(raw[at])] += WORD_PHASE_COST
    short = (unit <= SLIVER) & (s.copies == 2) & (stop - start == 2 * unit) & _latin(raw[start])
    if not short.any():
        return cost
    words: Counter[str] | None = None
    for i in np.flatnonzero(short).tolist():
        a, u = int(start[i]), int(unit[i])
        token, at = _token_at(tk, a)
        if at + 2 * u > len(token) or len(token) == 2 * u:
            continue  # the copies are not letters of one token, or are the whole token (``NoNo``: a word doubled)
        shorter = token[:at] + token[at + u :]
        if len(token) < 3 or _DOUBLED_PIECE.search(shorter):
            continue  # a token with another doubled piece (``MiMinnisister``) is cut by the mechanism's runs
        if u == 1 and _in_bold_row(tk, int(pos[i])):
            continue  # fake bold: every glyph of the row drawn twice
        if words is None:
            words = _text_words(tk)
        if words[shorter.lower()] == 0 and not _cut_by_a_copy(tk, s, int(pos[i]), u):
            cost[i] += LETTER_CUT_COST
    return cost


def _cut_by_a_copy(tk: TextKey, s: _Squares, p: int, u: int) -> bool:
    """Is the token holding the square at key ``[p, p + 2 * u)`` cut right before it by the end of a square's
    deleted copy, at no phase of that square kept whole?  Then a copy is cut inside this word: the
    mechanism's mark, and the pair may be what the copy behind left (``plans to co|nnvert``, where ``co``
    ends a copy).  (A square's kept copy starting right after the pair is no such mark: its copy that goes
    lies elsewhere, ``européenn|e en matière d|e en matière d``.)
    A square that reads as well at a phase on a word boundary is no such mark (``pply in a|ccordance``
    is ``apply in`` at another phase; ``Departure Ha|ll`` is ``Departure Hall``).
    Or does the pair end its word as the unit's third copy, with a square of whole words starting
    right after it: a copy cut short at its start inside this word (``Please seee https://… https://…``)."""
    src = tk.src
    if p > 0 and src[p] == src[p - 1] + 1:  # a square ending at the pair, glued to it
        for j in np.flatnonzero((s.end == p) & (s.unit > 1) & (s.score > 0)).tolist():
            q, e, w = int(s.pos[j]), int(s.end[j]), int(s.unit[j])
            if not _rotates_off(tk, q, e, w, -1):
                return True
    after = p + 2 * u
    tripled = p >= u and tk.key[p - u : p] == tk.key[p : p + u] and src[p] == src[p - u] + u
    if tripled and after < len(src) and not _cut_inside_word(tk, int(src[after])):
        # the letter thrice at the word's end, and a square of whole words right after it: a copy
        # cut short at its start inside this word (``Please se|e|e https://… https://…``: the copy
        # behind is ``e https://…``), its first letter beside the other copy's last
        return bool(((s.pos == after) & (s.unit > 1) & (s.score > 0) & (s.copies == 2)).any())
    return False


def _rotates_off(tk: TextKey, q: int, e: int, u: int, step: int) -> bool:
    """Does the square ``key[q:e]`` (unit ``u``) read as well shifted by up to ``u`` characters in
    direction ``step`` (-1: left, 1: right) to where its end (left) or start (right) is no cut inside a word?"""
    key, n = tk.key, len(tk.key)
    for d in range(1, u + 1):
        if step < 0:
            if q - d < 0 or key[q - d] != key[e - d]:
                return False
            if not _cut_inside_word(tk, tk.src_start(e - d)):
                return True
        else:
            if e + d - 1 >= n or key[e + d - 1] != key[e + d - 1 - u]:
                return False
            if not _cut_inside_word(tk, tk.src_start(q + d)):
                return True
    return False


_DOUBLED_PIECE = re.compile(r"([^\W\d_]{2,})\1", re.IGNORECASE)
_LATIN_TOKEN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
_WORDS_CACHE: list[Any] = [None, None]  # the last key and its words: every window of one text asks


def _in_bold_row(tk: TextKey, p: int) -> bool:
    """Is the one-character square at key ``p`` one of a row of at least ``MIN_PAIRS`` pairs in the key
    (fake bold, ``ISILL,,  iinn``), not a word's own doubled letters (``committee``: three pairs)?"""
    codes, n = tk.codes, len(tk.codes)
    pairs, q = 1, p
    while q >= 2 and codes[q - 2] == codes[q - 1]:
        pairs, q = pairs + 1, q - 2
    q = p + 2
    while q + 1 < n and codes[q] == codes[q + 1]:
        pairs, q = pairs + 1, q + 2
    return pairs >= MIN_PAIRS


def _token_at(tk: TextKey, a: int) -> tuple[str, int]:
    """The run of Latin letters around source offset ``a`` and ``a``'s offset in it."""
    raw = tk.raw
    lo, hi = max(0, a - 40), min(len(raw), a + 42)
    around = raw[lo:hi].tobytes().decode("utf-32-le")
    j = a - lo
    for m in _LATIN_TOKEN.finditer(around):
        if m.start() <= j < m.end():
            return m.group(), j - m.start()
    return "", 0


def _text_words(tk: TextKey) -> Counter[str]:
    """The text's Latin words, lower-cased, counted (cached for the last key asked about)."""
    if _WORDS_CACHE[0] is not tk:
        text = tk.raw.tobytes().decode("utf-32-le")
        _WORDS_CACHE[:] = [tk, Counter(w.lower() for w in _LATIN_TOKEN.findall(text))]
    return _WORDS_CACHE[1]


def _best_chains(
    codes: np.ndarray, key: str, cum: np.ndarray, squares: _Squares, w0: int, w1: int,
    knot_opens: np.ndarray | None = None,
) -> list[Chain]:
    """Run the programme (``repeat_kernels.best_tiling``), then keep the chains that hold evidence.

    The programme maximises total score less one ``CHAIN_THRESHOLD`` per
    chain; a chain that exactly reaches the threshold is taken.  Ties go to
    the parse with the longer units first: ``ttempttemptt`` is ``ttemp|ttemp``
    then ``t|t`` (``attempts``), not ``t|t`` then ``emptt|emptt``.  A crossed
    knot is only looked for where no plain square continues a chain.

    A known reduplication never ends a chain; an accepted chain holds an
    ``ANCHOR`` square or a fake-bold row that looks like text.
    """
    open_cost = CHAIN_THRESHOLD - 0.01 - SQUARE_COST  # a lone square's own cost is waived
    if knot_opens is None:
        knot_opens = np.zeros(w1 - w0 + 1, dtype=np.uint8)
    s = squares
    tiling = best_tiling(s.first, s.pos, s.end, s.unit, s.score, codes, cum, w0, w1, open_cost, SQUARE_COST, MAX_CROSSED,
                         knot_opens)
    out = []
    for refs in tiling:
        lo, hi = 0, len(refs)
        while lo < hi and _legit(s, refs[lo]):
            lo += 1
        while hi > lo and _legit(s, refs[hi - 1]):
            hi -= 1
        if lo < hi:
            chain, gains, bold_rows = _columns(s, cum, refs[lo:hi])
            plain_gains = [g for g, c in zip(gains, chain.cuts) if c is None]
            long_chain = len(plain_gains) >= MIN_UNANCHORED and chain.strength >= 2 * CHAIN_THRESHOLD
            cut = chain.cuts[0]  # a chain opened by a crossed knot: its prefix copy Y1 is the anchor
            knot_anchor = cut is not None and float(cum[cut[1]] - cum[cut[0]]) >= KNOT_ANCHOR
            if (plain_gains and max(plain_gains) >= ANCHOR) or long_chain or knot_anchor or _fake_bold(key, chain, bold_rows):
                out.append(chain)
    return out


def _legit(squares: _Squares, ref: int | tuple) -> bool:
    return not isinstance(ref, tuple) and bool(squares.legit[ref])


def _columns(s: _Squares, cum: np.ndarray, refs: list) -> tuple[Chain, list[float], list[tuple[int, int]]]:
    """The chain of plain squares (indices into ``s``) and crossed knots ``(p, i, j, l, m)``,
    their gains, and its fake-bold rows (see ``_bold_rows``)."""
    plain = np.array([r for r in refs if not isinstance(r, tuple)], dtype=np.intp)
    cols = [col[plain].tolist() for col in (s.pos, s.end, s.unit, s.copies, s.exact, s.gain)]
    cuts: list[tuple[int, int, int] | None] = [None] * len(refs)
    for k, r in enumerate(refs):
        if isinstance(r, tuple):
            p, i, j, l, m = r
            for col, value in zip(cols, (p, p + 2 * m, m, 2, False, float(cum[p + m] - cum[p]))):
                col.insert(k, value)
            cuts[k] = (i, j, l)
    pos, end, unit, copies, exact, gain = cols
    bold = [False] * len(refs)
    rows = _bold_rows(unit, cuts)
    for a, b in rows:
        bold[a:b] = [True] * (b - a)
    return Chain(pos, end, unit, copies, exact, cuts, bold, sum(gain)), gain, rows


def _bold_rows(unit: list[int], cuts: list) -> list[tuple[int, int]]:
    """``[a, b)`` of each row of at least ``MIN_PAIRS`` consecutive one-character plain squares."""
    rows, start = [], None
    for k, (u, c) in enumerate(zip([*unit, 0], [*cuts, None])):
        if u == 1 and c is None:
            start = k if start is None else start
            continue
        if start is not None and k - start >= MIN_PAIRS:
            rows.append((start, k))
        start = None
    return rows


def _fake_bold(key: str, chain: Chain, rows: list[tuple[int, int]]) -> bool:
    """Does one of the chain's fake-bold rows look like text (two distinct letters, mostly changing)?

    Fake bold is evidence in its own right though no single pair is.
    """
    return any(looks_like_text("".join(key[p] for p in chain.pos[a:b])) for a, b in rows)


def looks_like_text(kept: str) -> bool:
    """Could ``kept`` (what fake bold leaves) be text: two letters, and mostly changing characters?

    ``Statement`` and ``committee`` can; ``ーー○○・・xx`` (runs of symbols) cannot.
    """
    changes = sum(map(operator.ne, kept, kept[1:]))
    return len(set(filter(str.isalpha, kept))) >= 2 and 2 * changes >= len(kept)
