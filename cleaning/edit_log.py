"""The repeat-repair edit log: deletions that replay exactly, stored compactly.

Repair only ever deletes.  :class:`Edit` is one deletion (or several of one
kind); :func:`apply_edits` replays edits on the text they were computed on.
The repair gives one edit per deleted run; :func:`compact_edits` turns them
into the few edits a record's ``cleaning`` block stores (record contract
version 3, ``data/README.md``), since fake bold alone once gave an edit per
character and an edit log six times the size of its text:

- adjacent edits of one kind merge into one;
- a row of equally long, equally spaced deletions becomes a strided edit
  ``text[start:end:step]`` (fake bold: every other character, step 2);
- all edits of one kind and step in a field become one edit with ``spans``;
  a one-character deletion fits any step, so fake bold whose phase shifts
  at every word is still one edit;
- a deleted piece that is an exact copy of the text ``lag`` characters
  before it (its twin: every deletion has one, see ``edit_safety``) is
  stored as that lag, not as text (``lags``): the stored ``removed`` holds
  only the pieces without an exact twin (a fuzzy copy);
- reasons are not stored: the kind names the reason.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter


@dataclass(slots=True)
class Edit:
    """One deletion: ``removed == input[start:end:step]``.

    ``step`` is 1 for a contiguous span; fake bold, where every other
    character goes, is one edit with ``step`` 2 (see :func:`compact_edits`).
    ``reason`` says why in words; it is not serialised (the kind names it).
    Not frozen: a frozen dataclass costs four times as much to build.
    """

    start: int
    end: int
    removed: str
    kind: str
    score: float
    reason: str = ""
    step: int = 1
    # Several deletions in one edit: ``[a0, b0, a1, b1, …]``, offsets from ``start``; the edit deletes
    # each ``input[start + a:start + b:step]`` (a piece) and ``removed`` is their concatenation.
    spans: tuple[int, ...] = ()
    # One per piece (see ``pieces``), or empty: every piece's text is in ``removed``.  A lag > 0: the
    # piece is a copy of the text that many characters before it (``input[p - lag]`` for each of its
    # positions ``p``) and is left out of ``removed``; 0: its text is in ``removed``.
    lags: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        """The serialised form: ``{"kind", "start", "end", "step", "removed", "score", "spans", "lags"}``."""
        return {"kind": self.kind, "start": self.start, "end": self.end, "step": self.step,
                "removed": self.removed, "score": self.score, "spans": list(self.spans), "lags": list(self.lags)}

    @classmethod
    def from_dict(cls, entry: dict) -> Edit:
        """An edit from its serialised form (``to_dict``, or a stored ``cleaning.edits`` entry of any contract version)."""
        return cls(entry["start"], entry["end"], entry["removed"], entry["kind"], entry["score"], "",
                   entry.get("step") or 1, tuple(entry.get("spans") or ()), tuple(entry.get("lags") or ()))

    def pieces(self) -> list[slice]:
        """The slices of the input this edit deletes."""
        if self.spans:
            s = self.spans
            return [slice(self.start + s[i], self.start + s[i + 1], self.step) for i in range(0, len(s), 2)]
        return [slice(self.start, self.end, self.step)]


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay deletions on the text they were computed on.

    Raises ``ValueError`` if an edit does not match the text (its ``removed``
    is not the text of its pieces, or a piece with a lag is not a copy of
    the text that far before it) or two edits delete the same character.

    >>> apply_edits("abcabc", [Edit(3, 6, "abc", "run_doubling", 1.0)])
    'abc'
    >>> apply_edits("SSttaatt", [Edit(1, 8, "Stat", "char_doubling", 1.0, step=2)])
    'Stat'
    >>> apply_edits("SSttaatt", [Edit(1, 8, "", "char_doubling", 1.0, step=2, lags=(1,))])
    'Stat'
    """
    edits = list(edits)
    if all(e.step == 1 and not e.spans and not e.lags for e in edits):
        out, pos = [], 0
        for e in sorted(edits, key=lambda e: e.start):
            if e.start < pos or text[e.start : e.end] != e.removed:
                raise ValueError(f"edit {e.start}-{e.end} does not apply to this text")
            out.append(text[pos : e.start])
            pos = e.end
        out.append(text[pos:])
        return "".join(out)
    deleted = bytearray(len(text))
    for e in edits:
        pieces = e.pieces()
        if not _matches(text, e, pieces) or any(any(deleted[p]) for p in pieces):
            raise ValueError(f"edit {e.start}-{e.end}:{e.step} does not apply to this text")
        for p in pieces:
            deleted[p] = b"\x01" * len(range(*p.indices(len(text))))
    return "".join(compress(text, (not d for d in deleted)))


def _matches(text: str, e: Edit, pieces: list[slice]) -> bool:
    """Does ``e`` describe ``text``: pieces inside it, copies where it says so, ``removed`` the rest?"""
    if e.step < 1 or e.start < 0 or e.end > len(text) or any(p.start < e.start or p.stop > e.end for p in pieces):
        return False
    if e.lags and len(e.lags) != len(pieces):
        return False
    literal = []
    for p, lag in zip(pieces, e.lags or [0] * len(pieces)):
        if lag < 0 or (lag and p.start - lag < 0):
            return False
        if lag and text[p] != text[p.start - lag : p.stop - lag : p.step]:
            return False
        if not lag:
            literal.append(text[p])
    return "".join(literal) == e.removed


MIN_STRIDE_ROW = 3
MAX_STRIDE = 4
TWIN_WINDOW = 256  # a contiguous piece's twin is looked for this far before it, plus four times its length


def compact_edits(edits: list[Edit], text: str | None = None) -> list[Edit]:
    """The same deletions in fewer, smaller edits, for the stored log; ``edits`` sorted by start, disjoint.

    Adjacent edits of one kind merge into one.  A row of at least
    ``MIN_STRIDE_ROW`` edits of one kind, each ``w`` characters long and
    ``d > w`` apart (fake bold: ``w = 1, d = 2``; a glyph drawn four times:
    ``w = 3, d = 4``), becomes ``w`` strided edits.  Then the edits of one
    kind and step become one edit with ``spans`` (a one-character piece
    fits any step).  With ``text`` (the text the edits index), each piece
    that is an exact copy of the text shortly before it is stored as its lag
    (``lags``).  The score of a merged edit is the lowest of its parts;
    reasons are joined when they differ.

    >>> from cleaning.repeats import explain_repeats
    >>> text = "SSttaatteemmeenntt"
    >>> [(e.start, e.end, e.step, e.removed) for e in compact_edits(explain_repeats(text)[1])]
    [(1, 18, 2, 'Statement')]
    >>> [(e.start, e.end, e.step, e.removed, e.lags) for e in compact_edits(explain_repeats(text)[1], text)]
    [(1, 18, 2, '', (1,))]
    """
    grouped = _grouped(_strided(_merged(edits)))
    return grouped if text is None else [_with_lags(text, e) for e in grouped]


def _merged(edits: list[Edit]) -> list[Edit]:
    """Adjacent contiguous edits of one kind as one."""
    merged: list[Edit] = []
    for e in edits:
        last = merged[-1] if merged else None
        if (last is not None and last.step == 1 and e.step == 1 and not last.spans and not e.spans
                and last.end == e.start and last.kind == e.kind and not last.lags and not e.lags):
            merged[-1] = Edit(last.start, e.end, last.removed + e.removed, e.kind, min(last.score, e.score),
                              _join_reasons(last.reason, e.reason))
        else:
            merged.append(e)
    return merged


def _strided(merged: list[Edit]) -> list[Edit]:
    """Rows of equally long, equally spaced edits of one kind as strided edits."""
    out: list[Edit] = []
    i = 0
    while i < len(merged):
        j = _stride_row_end(merged, i)
        if j - i < MIN_STRIDE_ROW:
            out.append(merged[i])
            i += 1
            continue
        row = merged[i:j]
        w, d = row[0].end - row[0].start, row[1].start - row[0].start
        end = row[-1].start + d
        score = min(e.score for e in row)
        reason = _join_reasons(*{e.reason: None for e in row})
        for r in range(w):
            start = row[0].start + r
            stop = min(end, row[-1].start + r + 1)
            out.append(Edit(start, stop, "".join(e.removed[r] for e in row), row[0].kind, score, reason, d))
        i = j
    out.sort(key=attrgetter("start"))
    return out


def _stride_row_end(edits: list[Edit], i: int) -> int:
    first = edits[i]
    w = first.end - first.start
    if first.step != 1 or first.spans or first.lags or i + 1 >= len(edits):
        return i + 1
    d = edits[i + 1].start - first.start
    if d <= w or d > MAX_STRIDE:
        return i + 1  # a stride pays only at glyph level (fake bold, a glyph drawn 3 or 4 times)
    j = i + 1
    while (
        j < len(edits)
        and edits[j].step == 1
        and not edits[j].spans
        and not edits[j].lags
        and edits[j].kind == first.kind
        and edits[j].end - edits[j].start == w
        and edits[j].start - edits[j - 1].start == d
    ):
        j += 1
    return j


def _last(p: slice) -> int:
    """The last position a non-empty piece deletes."""
    return p.start + (p.stop - p.start - 1) // p.step * p.step


def _grouped(edits: list[Edit]) -> list[Edit]:
    """The edits of one kind and step as one edit with a span per piece.

    A piece of one character fits any step: it joins the first step its kind
    has pieces of several characters in (fake bold's single letters, ``a``
    between two words, join the step-2 edit), else step 1.  Pieces that
    continue one another at the group's step become one.
    """
    steps: dict[str, int] = {}
    for e in edits:
        if any(len(range(p.start, p.stop, p.step)) > 1 for p in e.pieces()):
            steps.setdefault(e.kind, e.step)
    groups: dict[tuple[str, int], list[tuple[slice, str, Edit]]] = {}
    for e in edits:
        if e.lags:  # already stored form: kept as it is
            groups.setdefault((e.kind, -len(groups) - 1), []).append((slice(e.start, e.end, e.step), e.removed, e))
            continue
        offset = 0
        for p in e.pieces():
            n = len(range(p.start, p.stop, p.step))
            step = steps.get(e.kind, 1) if n == 1 else e.step
            piece = slice(p.start, _last(p) + 1, step)
            groups.setdefault((e.kind, step), []).append((piece, e.removed[offset : offset + n], e))
            offset += n
    out: list[Edit] = []
    for (kind, step), members in groups.items():
        if step < 0:
            out.append(members[0][2])
            continue
        members.sort(key=lambda m: m[0].start)
        pieces: list[list[int]] = []  # [start, stop] of each piece at the group's step
        texts: list[str] = []
        for p, removed, _ in members:
            if pieces and pieces[-1][1] - 1 + step == p.start:
                pieces[-1][1] = p.stop
                texts[-1] += removed
            else:
                pieces.append([p.start, p.stop])
                texts.append(removed)
        start, end = pieces[0][0], max(b for _, b in pieces)
        spans = tuple(x - start for ab in pieces for x in ab) if len(pieces) > 1 else ()
        edits_in = {id(m[2]): m[2] for m in members}.values()
        out.append(Edit(start, end, "".join(texts), kind, min(e.score for e in edits_in),
                        _join_reasons(*{e.reason: None for e in edits_in}), step, spans))
    out.sort(key=attrgetter("start"))
    return out


def _with_lags(text: str, e: Edit) -> Edit:
    """``e`` with each piece that is an exact copy of the text shortly before it stored as its lag."""
    pieces = e.pieces()
    lags = [_twin_lag(text, p) for p in pieces]
    if not any(lags):
        return e
    literal = "".join(text[p] for p, lag in zip(pieces, lags) if not lag)
    return Edit(e.start, e.end, literal, e.kind, e.score, e.reason, e.step, e.spans, tuple(lags))


def _twin_lag(text: str, p: slice) -> int:
    """The smallest ``lag`` with ``text[p] == text[p.start - lag : p.stop - lag : p.step]``, or 0 if the piece
    has no exact copy before it (within ``TWIN_WINDOW`` plus four times its length; within ``MAX_STRIDE``
    for a strided piece).  The copy may overlap the piece: replay rebuilds the text left to right."""
    piece = text[p]
    if p.step == 1:
        lo = max(0, p.start - TWIN_WINDOW - 4 * len(piece))
        j = text.rfind(piece, lo, p.start - 1 + len(piece))
        return p.start - j if j >= 0 else 0
    for lag in range(1, MAX_STRIDE + 1):
        if p.start - lag >= 0 and text[p.start - lag : p.stop - lag : p.step] == piece:
            return lag
    return 0


def _join_reasons(*reasons: str) -> str:
    return "; ".join(dict.fromkeys(r for r in reasons if r))
