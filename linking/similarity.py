"""The exact check on a candidate pair: what the two texts are to each other, if anything.

1. Jaccard and containment of the shingle sets (:mod:`linking.shingles`).
2. Line by line, an alignment of the two token sequences (rapidfuzz Levenshtein opcodes). In a
   sentence both texts carry, a copy only ever adds or drops text (a republisher's readings in
   parentheses, a dropped list number). A *substitution* there (both sides differ at the same
   place) or a digit added next to a digit is what tells two releases made from one template
   apart: different dates, names or figures. Such a pair is never linked, however similar.
   Lines with no counterpart (an intro such as ``防衛省は…を発表した。``) are framing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from linking.shingles import tokens

SAME_JACCARD = 0.9
# Republishers add their own intro and drop the ministry's (j-defense 001540 against MOD's
# 20260826_aus_idn-j: 0.72), so containment is looser than sameness; the template check below
# is what keeps look-alike releases apart.
CONTAINMENT = 0.65
ANCHOR = 8
#: For word tokens (English): a shared run of 4 words is as telling as 8 characters.
WORD_ANCHOR = 4
#: Shingles two texts must share at all (about one sentence): two short notices that share only
#: their closing boilerplate (j-defense's 人事 notes: 詳細は防衛省ホームページの人事発令を参照。) are
#: different news, however large that boilerplate is relative to them.
MIN_SHARED = 40
#: rapidfuzz ratio (0-100), digits masked, from which two lines are one sentence, edited. A
#: templated line with its name and date changed scores 78-85 (木原は5月3日に会談した。 against
#: 小泉は6月3日に会談した。); j-defense's rewritten intro against MOD's scores 61.
LINE_SIMILARITY = 70

_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Match:
    """``kind`` is ``same`` (one article twice) or ``contains`` (one text holds the other)."""

    kind: str
    jaccard: float
    containment: float


def overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """``(jaccard, containment of the smaller in the larger)``; ``(0, 0)`` for an empty set."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def _content(units: list[str]) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for unit in units for ch in unit)


def _has_digit(units: list[str]) -> bool:
    return any(_DIGIT.search(unit) for unit in units)


def _line_difference(la: str, lb: str, lang: str | None) -> str | None:
    from rapidfuzz.distance import Levenshtein

    ta, tb = tokens(la, lang), tokens(lb, lang)
    gaps: list[tuple[int, int, int, int]] = []  # maximal runs of non-equal ops
    for op in Levenshtein.opcodes(ta, tb):
        if op.tag == "equal":
            continue
        if gaps and gaps[-1][1] == op.src_start and gaps[-1][3] == op.dest_start:
            gaps[-1] = (gaps[-1][0], op.src_end, gaps[-1][2], op.dest_end)
        else:
            gaps.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    for a0, a1, b0, b1 in gaps:
        gap_a, gap_b = ta[a0:a1], tb[b0:b1]
        if _content(gap_a) and _content(gap_b):
            return f"substitution {''.join(gap_a)[:40]!r} -> {''.join(gap_b)[:40]!r}"
        # A digit added or dropped next to a digit changes a number (5月3日 → 5月13日); a
        # dropped list number "(1)" before a sentence does not.
        neighbours = ta[max(a0 - 1, 0):a0] + ta[a1:a1 + 1]
        if (_has_digit(gap_a) or _has_digit(gap_b)) and _has_digit(neighbours):
            return f"number changed: {''.join(gap_a or gap_b)[:40]!r}"
    return None


def template_difference(a: str, b: str, lang: str | None = None) -> str | None:
    """Why ``a`` and ``b`` are different documents of one template, or None if one is a copy
    of the other (up to framing, insertions and deletions).

    Each line of ``a`` is paired with its most similar line of ``b``; a pair at least
    ``LINE_SIMILARITY`` alike is the same sentence in both, and inside it only insertions and
    deletions are allowed. Lines with no such partner (a republisher's own intro, a dropped
    header) are framing.

    >>> template_difference("The minister met the envoy on 3 May in Tokyo today.",
    ...                     "The minister met the envoy on 4 May in Tokyo today.")
    "substitution '3' -> '4'"
    >>> template_difference("Intro.\\nThe minister met the envoy on 3 May in Tokyo today.",
    ...                     "The minister met the (new) envoy on 3 May in Tokyo today.") is None
    True
    """
    from rapidfuzz import fuzz, process

    lines_b = [line for line in b.split("\n") if line.strip()]
    if not lines_b:
        return None
    # Pairing ignores which digits a line has (so a changed date does not hide the pairing);
    # the comparison of the paired lines then sees them.
    masked_b = [_DIGITS.sub("0", line) for line in lines_b]
    for line in a.split("\n"):
        if not line.strip():
            continue
        best = process.extractOne(_DIGITS.sub("0", line), masked_b, scorer=fuzz.ratio)
        if best is None or best[1] < LINE_SIMILARITY or lines_b[best[2]] == line:
            continue
        if (why := _line_difference(line, lines_b[best[2]], lang)) is not None:
            return why
    return None


def compare(text_a: str, set_a: frozenset[str], text_b: str, set_b: frozenset[str], lang: str | None = None) -> Match | None:
    """The relation of two texts, or None (not similar enough, or a template difference)."""
    jaccard, containment = overlap(set_a, set_b)
    if len(set_a & set_b) < MIN_SHARED:
        return None
    if jaccard >= SAME_JACCARD:
        kind = "same"
    elif containment >= CONTAINMENT:
        kind = "contains"
    else:
        return None
    if template_difference(text_a, text_b, lang) is not None:
        return None
    return Match(kind, jaccard, containment)
