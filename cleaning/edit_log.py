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
  a one-character deletion fits any step;
- fake bold whose phase shifts at every word (``TThhee MMiinniisstteerr``:
  the single space between words is not doubled) is a *pairs* piece, step 0:
  read left to right, each character other than whitespace is followed by
  its copy, which goes; whitespace stays alone.  One piece for a paragraph,
  and the text before repair still follows from the text after it;
- a deleted piece that is an exact copy of the text ``lag`` characters
  before it (its twin: every deletion has one, see ``edit_safety``) is
  stored as that lag, not as text (``lags``): the stored ``removed`` holds
  only the pieces without an exact twin (a fuzzy copy);
- reasons are not stored: the kind names the reason.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import Any


@dataclass(slots=True)
class Edit:
    """One deletion: ``removed == input[start:end:step]``.

    ``step`` is 1 for a contiguous span; fake bold, where every other
    character goes, is one edit with ``step`` 2 (see :func:`compact_edits`).
    ``step`` 0 is fake bold as pairs (see :func:`pair_positions`): each
    piece's lag is 1 and none of its text is in ``removed``.
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
        step = entry.get("step")
        return cls(entry["start"], entry["end"], entry["removed"], entry["kind"], entry["score"], "",
                   1 if step is None else step, tuple(entry.get("spans") or ()), tuple(entry.get("lags") or ()))

    def pieces(self) -> list[slice]:
        """The slices of the input this edit deletes from (with ``step`` 0, the ranges its pairs are read in)."""
        if self.spans:
            s = self.spans
            return [slice(self.start + s[i], self.start + s[i + 1], self.step or None) for i in range(0, len(s), 2)]
        return [slice(self.start, self.end, self.step or None)]


def pair_positions(text: str, start: int, end: int) -> list[int] | None:
    """What a pairs piece (``step`` 0) of ``text[start:end]`` deletes: read left to right, a whitespace
    character stays alone, any other is followed by its copy, which goes.  None if the text is not so.

    >>> pair_positions("TThhee MMiinn", 0, 13)
    [1, 3, 5, 8, 10, 12]
    >>> pair_positions("The", 0, 3) is None
    True
    """
    out: list[int] = []
    i = start
    while i < end:
        if text[i].isspace():
            i += 1
        elif i + 1 < end and text[i + 1] == text[i]:
            out.append(i + 1)
            i += 2
        else:
            return None
    return out


def apply_edits(text: str, edits: Iterable[Edit | Mapping[str, Any]]) -> str:
    """Replay deletions on the text they were computed on.

    ``edits`` may be :class:`Edit` objects or their serialised form (dicts, as a record's
    ``cleaning.edits`` entries are loaded from JSON; read with :meth:`Edit.from_dict`).

    Raises ``ValueError`` if an edit does not match the text (its ``removed``
    is not the text of its pieces, or a piece with a lag is not a copy of
    the text that far before it) or two edits delete the same character.

    >>> apply_edits("abcabc", [Edit(3, 6, "abc", "run_doubling", 1.0)])
    'abc'
    >>> apply_edits("SSttaatt", [Edit(1, 8, "Stat", "char_doubling", 1.0, step=2)])
    'Stat'
    >>> apply_edits("SSttaatt", [Edit(1, 8, "", "char_doubling", 1.0, step=2, lags=(1,))])
    'Stat'
    >>> apply_edits("TThhee MMiinn", [Edit(0, 13, "", "char_doubling", 1.0, step=0, lags=(1,))])
    'The Min'
    >>> apply_edits("SSttaatt", [{"field": "headline", "kind": "char_doubling", "start": 1, "end": 8, "step": 2,
    ...                          "removed": "", "score": 1.0, "spans": [], "lags": [1]}])
    'Stat'
    """
    edits = [e if isinstance(e, Edit) else Edit.from_dict(e) for e in edits]
    if all(e.step == 1 and not e.spans and not e.lags for e in edits):  # the repair's own edits
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
        if not _matches(text, e, pieces):
            raise ValueError(f"edit {e.start}-{e.end}:{e.step} does not apply to this text")
        for p in pieces:
            positions = pair_positions(text, p.start, p.stop) or [] if e.step == 0 else range(*p.indices(len(text)))
            if any(deleted[i] for i in positions):
                raise ValueError(f"edit {e.start}-{e.end}:{e.step} deletes a character another edit deletes")
            for i in positions:
                deleted[i] = 1
    return "".join(compress(text, (not d for d in deleted)))


def _matches(text: str, e: Edit, pieces: list[slice]) -> bool:
    """Does ``e`` describe ``text``: pieces inside it, copies where it says so, ``removed`` the rest?"""
    if e.step < 0 or e.start < 0 or e.end > len(text) or any(p.start < e.start or p.stop > e.end for p in pieces):
        return False
    if e.lags and len(e.lags) != len(pieces):
        return False
    if e.step == 0:  # pairs: each piece is fake bold, every copy a copy of the character before it
        return (e.removed == "" and list(e.lags) == [1] * len(pieces)
                and all(pair_positions(text, p.start, p.stop) is not None for p in pieces))
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
    (``lags``), and fake bold whose phase shifts between words becomes
    pairs pieces (step 0, see :func:`pair_positions`).  The score of a
    merged edit is the lowest of its parts; reasons are joined when they differ.

    >>> from cleaning.repeats import explain_repeats
    >>> text = "SSttaatteemmeenntt"
    >>> [(e.start, e.end, e.step, e.removed) for e in compact_edits(explain_repeats(text)[1])]
    [(1, 18, 2, 'Statement')]
    >>> [(e.start, e.end, e.step, e.removed, e.lags) for e in compact_edits(explain_repeats(text)[1], text)]
    [(1, 18, 2, '', (1,))]
    """
    if text is None:
        return _grouped(_strided(_merged(edits)))
    pairs, edits = _as_pairs(text, edits)
    grouped = [_with_lags(text, e) for e in _grouped(_strided(_merged(edits)))]
    return sorted(grouped + pairs, key=attrgetter("start"))


MIN_PAIRS_PIECE = 8  # copies a pairs piece removes at least; fewer are as cheap as a strided piece
_PAIRS_KIND = "char_doubling"


def _as_pairs(text: str, edits: list[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Fake bold as pairs pieces: one edit of step 0 (or none), and the edits left to store otherwise.

    Walks from each ``char_doubling`` deletion's kept twin as long as the
    text reads as pairs (:func:`pair_positions`) whose copies are exactly
    the ``char_doubling`` deletions there (a character any edit deletes is
    never taken for a kept one); a piece ends at its last copy.
    """
    bold = [e for e in edits if e.kind == _PAIRS_KIND and e.step == 1 and not e.spans and not e.lags]
    if sum(e.end - e.start for e in bold) < MIN_PAIRS_PIECE:
        return [], edits
    mine = {i: e for e in bold for i in range(e.start, e.end)}
    deleted = set(mine)
    for e in edits:
        if e.kind != _PAIRS_KIND or e.step != 1 or e.spans or e.lags:
            deleted.update(i for p in e.pieces() for i in range(*p.indices(len(text))))
    pieces: list[tuple[int, int]] = []
    taken: set[int] = set()
    walked: set[int] = set()  # copies of a row already read: from one of them the walk reads a tail of it
    for p in sorted(mine):
        if p in walked or p - 1 in deleted or p - 1 < 0 or text[p - 1] != text[p] or text[p].isspace():
            continue
        copies = _pairs_from(text, p - 1, mine, deleted)
        walked.update(copies)  # (without this, fake bold with no space in it was read once per copy: quadratic)
        shifts = copies[-1] - copies[0] != 2 * (len(copies) - 1) if copies else False
        if len(copies) >= MIN_PAIRS_PIECE and shifts:  # without a shift of phase it is one strided piece
            pieces.append((p - 1, copies[-1] + 1))
            taken.update(copies)
    if not pieces:
        return [], edits
    used = {id(mine[i]): mine[i] for i in taken}.values()
    start = pieces[0][0]
    spans = tuple(x - start for ab in pieces for x in ab) if len(pieces) > 1 else ()
    pairs = Edit(start, pieces[-1][1], "", _PAIRS_KIND, min(e.score for e in used),
                 _join_reasons(*{e.reason: None for e in used}), 0, spans, (1,) * len(pieces))
    used_ids = {id(u) for u in used}  # built once: per edit it made a fake-bold paragraph quadratic
    rest: list[Edit] = []
    for e in edits:
        if id(e) not in used_ids:
            rest.append(e)
            continue
        for i in range(e.start, e.end):  # what of a used edit no piece took stays, a character at a time
            if i not in taken:
                rest.append(Edit(i, i + 1, text[i], e.kind, e.score, e.reason))
    return [pairs], rest


def _pairs_from(text: str, a: int, mine: dict[int, Edit], deleted: set[int]) -> list[int]:
    """The copies of the longest pairs piece from ``a`` whose copies are all in ``mine``."""
    copies: list[int] = []
    i, alone = a, 0
    while i < len(text) and i not in deleted:
        if text[i].isspace():
            alone += 1
            if alone > 2:
                break
            i += 1
        elif i + 1 < len(text) and text[i + 1] == text[i] and i + 1 in mine:
            copies.append(i + 1)
            i += 2
            alone = 0
        else:
            break
    return copies


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
    """Rows of equally long, equally spaced edits of one kind as strided edits.

    Rows are looked for among the edits of each kind on their own: edits of another kind may sit
    in the gaps of a row (a sentence copy removed after its fake bold: ``TThhee``'s copies are
    ``char_doubling``, what stays of them ``sentence_repeat``, every other character each).
    """
    by_kind: dict[str, list[Edit]] = {}
    for e in merged:
        by_kind.setdefault(e.kind, []).append(e)
    if len(by_kind) == 1:
        return _strided_rows(merged)
    out = [s for edits in by_kind.values() for s in _strided_rows(edits)]
    out.sort(key=attrgetter("start"))
    return out


def _strided_rows(merged: list[Edit]) -> list[Edit]:
    """``_strided`` on edits of one kind."""
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
