"""Words emitted twice: the word-level form of the doubling defect (``We We are are  ready ready!!``).

The square search weighs evidence by characters, so short words doubled one
by one (two to five letters a square, spaced unevenly) never reach a chain's
threshold, while a single doubled word is often legitimate (``that that``,
``had had``, ``Walla Walla``).  What marks the defect is a *row*: at least
``MIN_WORD_PAIRS`` tokens in a row, each immediately repeated, two of them
distinct words.  A writer does not do that.

A number doubled on its own (``200 200``) is too weak to be evidence either;
it is removed as a twin only when its line carries other doubled runs
(a repeated phrase of two or more words, or a row of doubled words): a
table-of-contents line ``Customer information Customer information …… 200 200``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

MIN_WORD_PAIRS = 3
MAX_EVIDENCE_LINE = 2000  # longer lines are not searched for a doubled phrase (bounded cost)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_DOUBLED_WORD = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)")
_NUMBER_PAIR = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)( )\1(?![\w.,]|,\d)")
_PHRASE_PAIR = re.compile(r"\b([^\W\d_]+(?:\s+[^\W\d_]+)+)\s+\1\b")


def find_word_doubling(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, reason)`` spans to delete: second copies of doubled words in a row,
    and doubled numbers on lines with other doubled runs.

    >>> text = "We We are are  ready ready!!"
    >>> spans = [(a, b) for a, b, _ in find_word_doubling(text)]
    >>> "".join(text[i] for i in range(len(text)) if not any(a <= i < b for a, b in spans))
    'We are ready!'
    >>> list(find_word_doubling("I think that that is right; he had had enough."))
    []
    """
    if not _DOUBLED_WORD.search(text):
        return  # both shapes start with a whole word or number said twice, space between
    rows = list(_pair_rows(text))
    for row in rows:
        yield from row
    for line_start, line in _lines(text):
        if len(line) > MAX_EVIDENCE_LINE:
            continue
        pairs = list(_NUMBER_PAIR.finditer(line))
        if not pairs:
            continue
        rest = _NUMBER_PAIR.sub(r"\1", line)
        in_row = any(line_start <= a < line_start + len(line) for row in rows for a, _, _ in row)
        if not (in_row or _PHRASE_PAIR.search(rest)):
            continue
        for m in pairs:
            yield line_start + m.start(2), line_start + m.end(), "a number emitted twice on a line of doubled runs"


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


MAX_UNIT_TOKENS = 6  # a doubled unit is a word with its punctuation: ``Korea,” Korea,”``, ``“We’re “We’re``


def _pair_rows(text: str) -> Iterator[list[tuple[int, int, str]]]:
    """Rows of at least ``MIN_WORD_PAIRS`` consecutive units (1 to ``MAX_UNIT_TOKENS`` tokens) each
    emitted k times (k = 2..4, the same k along the row: k copies of the text in step), as deletions."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    words = [t[2] for t in tokens]
    i, n = 0, len(tokens)
    starts = _unit_starts(words)
    while i + 1 < n:
        if not starts[i]:  # no unit repeated from here: ``_repeated_unit`` would find none
            i += 1
            continue
        j, pairs, alpha, k = i, [], set(), 0
        while True:
            u, copies = _repeated_unit(text, tokens, words, j, line_break=bool(pairs))
            if not u or (k and copies != k) or copies > MAX_COPIES:
                break
            k = copies
            pairs.append((j, u))
            alpha.update(w for w in words[j : j + u] if w.isalpha())
            j += k * u
        if len(pairs) >= MIN_WORD_PAIRS and len(alpha) >= 2:
            yield list(_row_deletions(text, tokens, pairs, k))
            i = j
        else:
            i += 1


def _unit_starts(words: list[str]) -> list[bool]:
    """For each token, is it the same word as one of the ``MAX_UNIT_TOKENS`` after it (where a unit
    repeated right after it could start)?  Found for all tokens at once: most prose has few."""
    index: dict[str, int] = {}
    ids = np.fromiter((index.setdefault(w, len(index)) for w in words), dtype=np.int64, count=len(words))
    starts = np.zeros(len(words), dtype=bool)
    for u in range(1, MAX_UNIT_TOKENS + 1):
        if u < len(words):
            starts[:-u] |= ids[:-u] == ids[u:]
    return starts.tolist()


MAX_COPIES = 4  # copies of the text in step (``The The The The budget budget budget budget``)


def _repeated_unit(
    text: str, tokens: list[tuple[int, int, str]], words: list[str], j: int, line_break: bool = False
) -> tuple[int, int]:
    """The shortest ``u`` with tokens ``[j, j + u)`` repeated right after, on one line, and how many
    copies there are in a row: ``(u, copies)``, ``(0, 0)`` if none, or if a copy also comes just
    before (``j`` is inside a run of the unit, not at its start).

    With ``line_break`` (the unit continues a row of repeated units), the copies may be a line apart:
    each copy ends its line (``open open Indo-Pacific.⏎Indo-Pacific.⏎The The``).
    """
    for u in range(1, MAX_UNIT_TOKENS + 1):
        if j + 2 * u > len(words):
            return 0, 0
        if words[j] != words[j + u]:
            continue  # cheap first: the slices below differ at their first token
        unit = words[j : j + u]
        if unit == words[j + u : j + 2 * u] and _one_line(text, tokens, j, u, line_break):
            if u > 1 and not any(w.isalnum() for w in unit):
                continue
            if j >= u and words[j - u : j] == unit:
                return 0, 0  # inside a run of the unit, not at its start
            copies = 2
            while (copies <= MAX_COPIES and words[j + copies * u : j + (copies + 1) * u] == unit
                   and _one_line(text, tokens, j + (copies - 1) * u, u, line_break)):  # counted to one past the most
                copies += 1
            return u, copies
    return 0, 0


def _one_line(text: str, tokens: list[tuple[int, int, str]], j: int, u: int, line_break: bool) -> bool:
    """Are both copies of the unit at token ``j`` on one line (or, with ``line_break``, each copy on
    its own line, one line break between them)?"""
    first, gap = text[tokens[j][0] : tokens[j + u - 1][1]], text[tokens[j + u - 1][1] : tokens[j + u][0]]
    second = text[tokens[j + u][0] : tokens[j + 2 * u - 1][1]]
    if "\n" in first or "\n" in second:
        return False
    return "\n" not in gap or (line_break and gap.count("\n") == 1 and not gap.strip())


def _row_deletions(
    text: str, tokens: list[tuple[int, int, str]], pairs: list[tuple[int, int]], k: int = 2
) -> Iterator[tuple[int, int, str]]:
    reason = "each word emitted twice" if k == 2 else f"each word emitted {k} times"
    for n, (j, u) in enumerate(pairs):
        first_end, second_end = tokens[j + u - 1][1], tokens[j + k * u - 1][1]
        yield first_end, second_end, reason  # the gaps between the copies and the copies after the first
        if n + 1 < len(pairs):
            gap = text[second_end : tokens[pairs[n + 1][0]][0]]
            half = len(gap) // 2
            if len(gap) >= 2 and len(gap) % 2 == 0 and gap[:half] == gap[half:]:
                yield second_end + half, tokens[pairs[n + 1][0]][0], reason  # a space emitted twice
