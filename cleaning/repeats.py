"""Repair duplicated and interleaved text, and say exactly what was removed.

The public functions are :func:`collapse_repeats` and :func:`explain_repeats`.
Repair only ever deletes: every edit is a span of the input, its kind, a
score and a reason, and :func:`apply_edits` replays the edits on the input to
give the output (the spirit of ftfy's ``fix_and_explain``); ``edit_log`` has the
edits, their replay and their compact stored form.

Five steps (``_STEPS``) run in turn, each on the output of the one before,
until a round changes nothing (so ``collapse_repeats`` is idempotent):

1. glyphs drawn 2 to 4 times, spaced or not (``SSSSTTTT``, ``T Th he e``) —
   see ``char_doubling``;
2. every short word doubled (``We We are are``) — see ``word_doubling``;
3. line repeats: a line followed by the same line, a truncated copy or a
   fuzzy copy of it, as PDF text layers print them, and blocks of lines —
   see ``line_repeats``.  Before the squares, so that a doubled letter ending
   a repeated line (``will``) or a word said twice across a line break
   (``had⏎had``) is never taken for a square next to the repeated lines';
4. drifting copies: two copies merged run by run, either one ahead — see
   ``copy_merge`` (looked for again in every round: a square repair can bring copies into reach);
5. squares: chains of doubled runs (``run_doubling``), repeated sentences,
   blocks of lines and paragraphs, extra copies — see ``square_tiling``.

Every step's edits pass ``edit_safety`` (numbers kept whole, a kept twin for
every deletion, no split grapheme cluster) or are refused.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from cleaning.copy_merge import find_merged_copies
from cleaning.char_doubling import find_char_doubling, find_glyph_repeats
from cleaning.edit_log import Edit, apply_edits, compact_edits  # noqa: F401 (the public API)
from cleaning.edit_safety import number_faults, safe_edits, without_number_faults
from cleaning.line_repeats import find_block_repeats, find_line_drift, find_line_repeats
from cleaning.repeat_kernels import delete_spans, doubled_runs
from cleaning.repeat_seeds import Stretch, find_stretches
from cleaning.square_tiling import CHAIN_THRESHOLD, MIN_PAIRS, Chain, plan_squares
from cleaning.textkey import TextKey, make_key, noise
from cleaning.word_doubling import find_word_doubling

# Rounds run until one changes nothing, so that collapse_repeats is idempotent.  Real
# text settles in two or three (a repair can line up two copies of a paragraph that
# were apart); the cap only guards against pathological input.
MAX_ROUNDS = 16
CHUNK_CHARS = 1 << 20  # longer texts are repaired a piece at a time (see ``_chunks``)
_SENTENCE_END = ".!?"


# A step's local edit: (start, end, kind, score, reason) on the step's input.
_Local = tuple[int, int, str, float, str]


class _Seen(NamedTuple):
    """A text as both steps look at it: its key and where the key repeats itself."""

    text: str
    tk: TextKey
    stretches: list[Stretch]
    # Where earlier steps repaired this text (offsets in it): evidence of the mechanism around a repeat
    # a writer could have written (``200 200 Customer information Customer information``).
    # (kept as the deletions applied so far, in order; offsets are worked out only when asked)
    history: tuple[list[_Local], ...] = ()

    @classmethod
    def of(cls, text: str, history: tuple[list[_Local], ...] = ()) -> _Seen:
        tk = make_key(text)
        return cls(text, tk, find_stretches(tk.codes), history)

    def marks(self) -> tuple[int, ...]:
        """Where earlier steps repaired this text, as offsets in it."""
        marks: tuple[int, ...] = ()
        for local in self.history:
            marks = _shifted_marks(marks, local)
        return marks


def _square_step(seen: _Seen) -> list[_Local]:
    text, tk, stretches = seen.text, seen.tk, seen.stretches
    fake_bold = [tuple(np.searchsorted(tk.src, span).tolist()) for span in find_char_doubling(text)]
    if not fake_bold and not any(s.periodic for s in stretches):
        return []

    def source(a: int, b: int) -> str:
        return text[tk.src_start(a) : tk.src_end(b)]

    edits: list[_Local] = []
    def marks() -> list[int]:
        return np.searchsorted(tk.src, seen.marks()).tolist() if seen.history else []

    chains = plan_squares(tk, stretches, source, fake_bold, marks)
    for i, chain in enumerate(chains):
        chain_edits = list(_chain_edits(text, tk, chain))
        first, last = chain.pos[0], chain.end[-1]
        span = (tk.src_end(first) if first else 0, tk.src_start(last) if last < len(tk.key) else len(text))
        edits.extend(chain_edits)
        kind = "char_doubling" if any(chain.bold) else "run_doubling"  # fake bold doubles its spaces too
        edits.extend(_doubled_gaps(text, span, chain_edits, round(chain.strength / CHAIN_THRESHOLD, 3), kind))
        if len(chain.pos) > 1 or chain.strength >= 2 * CHAIN_THRESHOLD:  # several runs, or one long one
            later = chains[i + 1].pos[0] if i + 1 < len(chains) else None
            edits.extend(_truncated_tail(text, tk, last, lambda: _next_repair(later, marks(), last)))
    return edits


def _next_repair(later_chain: int | None, marks: list[int], e: int) -> int | None:
    """The first key position after ``e`` that this round repairs (a later chain) or an earlier step
    repaired (``marks``), or None."""
    after = [m for m in marks if m > e]
    if later_chain is not None:
        after.append(later_chain)
    return min(after, default=None)


TAIL_MAX_RUN = 48  # the last run before a truncated copy's tail is at most this long (key characters)
TAIL_MIN = 3  # ... and the tail at least this long
END_TAIL_MIN = 2  # at the end of a line, a tail of two characters will do ...
END_TAIL_WEIGHT = 3.0  # ... when it weighs this much (two kana or kanji: ``人事``)
TAIL_MIN_WEIGHT = 3.0  # mid-text, a tail shorter than 2 * TAIL_MIN must weigh this much (``ral``: 3, ``ノ駐日``: 5.5)


def _truncated_tail(text: str, tk: TextKey, e: int, next_repair: Callable[[], int | None] = lambda: None
                    ) -> Iterable[_Local]:
    """After a chain of doubled runs, the last copy cut short: ``… X P`` with ``P`` a prefix of ``X``.

    Two copies merged run by run end this way when the lagging copy is
    truncated: its last run is the start of the leading copy's last run.
    Only looked for right after a chain of several doubled runs, or one long run (the evidence).
    A tail of at least ``TAIL_MIN`` is looked for first; failing one, a crumb of one or two
    characters (a copy cut a glyph or two into its run, as often as anywhere else) is
    taken only where chance cannot put one (see :func:`_short_tail`); ``next_repair()`` gives the
    first key position after ``e`` repaired by any step (a copy cut short writes nothing after its crumb).
    """
    key, n = tk.key, len(tk.key)
    best: tuple[int, int] | None = None  # (m, d): the longest tail, the first of the longest
    for d in range(END_TAIL_MIN + 1, min(TAIL_MAX_RUN, n - e) + 1):
        m, most = 0, d if d <= TAIL_MIN else d - 1
        while e + d + m < n and m < most and key[e + m] == key[e + d + m]:
            m += 1
        if d <= TAIL_MIN and not (m < TAIL_MIN and e + d + m == n):
            continue  # a run shorter than a tail before it: only a crumb ending the text (``発表した。した``)
        if (
            best is None
            and END_TAIL_MIN <= m < TAIL_MIN
            and float(tk.cum[e + d + m] - tk.cum[e + d]) >= END_TAIL_WEIGHT
            and (e + d + m == n or "\n" in text[tk.src_end(e + d + m) : tk.src_start(e + d + m) + 1])
        ):
            yield tk.src_end(e + d), tk.src_end(e + d + m), "run_doubling", 1.0, "the truncated last copy of a doubled run"
            return
        if m >= TAIL_MIN and (best is None or m > best[0]) and (
            e + d + m == n
            or "\n" in text[tk.src_end(e + d + m) : tk.src_start(e + d + m) + 1]
            or m >= 2 * TAIL_MIN
            or (float(tk.cum[e + d + m] - tk.cum[e + d]) >= TAIL_MIN_WEIGHT and _fresh_after(key, e + d + m)
                and not _runs_on_elsewhere(key, e + d, m))
        ):
            # the copy's tail is the longest copy of the run's start: a shorter one before it is the run's
            # own words again (``to continue to c|losely`` before the tail ``to contin``)
            best = (m, d)
    if best is not None:
        m, d = best
        m = _word_end(text, tk, e + d, m)
        yield _tail_start(text, tk, e + d, m), tk.src_end(e + d + m), "run_doubling", 1.0, _TAIL_REASON
        return
    yield from _short_tail(text, tk, e, next_repair)


_TAIL_REASON = "the truncated last copy of a doubled run"
_STOPS = "。.!?！？"  # sentence stops, as key characters
SHORT_TAIL_WEIGHT = 2.0  # a crumb of one or two characters mid-text weighs this much (``he``, ``超え``, one kanji)
WORD_TRIM = 2  # a tail may have run on this many characters past the copy's end by chance (see _word_end)


def _short_tail(text: str, tk: TextKey, e: int, next_repair: Callable[[], int | None]) -> Iterable[_Local]:
    """The lagging copy cut one or two characters into its last run: ``… X p`` with ``p`` the first
    one or two characters of ``X`` (``by heforce``, ``大使のルバ表敬``), ``X`` right after the chain's end ``e``.

    Chance puts a character or two of ``X`` again within a run of it, so only the first such repeat
    counts, and only where the evidence is the mechanism's: the crumb weighs ``SHORT_TAIL_WEIGHT``,
    its characters come nowhere else in reach (which is the copy's is otherwise a guess), fresh text
    follows it (the leading copy writing on alone), and in Latin text its token is one the text holds
    nowhere else (``heforce``, ``hr``), as a copy cut inside a word leaves; two characters of a word the
    text uses again (``the`` -> ``t``) are no crumb.  Nothing after it on its line is repaired
    (``next_repair``): where copies run on, the chain's end is no copy's end.  A crumb ending the
    line right after its last stop needs none of that (:func:`_after_last_stop`).
    """
    key, n = tk.key, len(tk.key)
    if e >= n:
        return
    stop_tail = _after_last_stop(text, tk, e)
    if stop_tail is not None:
        yield stop_tail
        return
    first = key.find(key[e], e + TAIL_MIN + 1, min(n, e + TAIL_MAX_RUN + 1))
    if first < 0:
        return
    m = 0
    while first + m < n and m < TAIL_MIN and key[e + m] == key[first + m]:
        m += 1
    if m >= TAIL_MIN or float(tk.cum[first + m] - tk.cum[first]) < SHORT_TAIL_WEIGHT:
        return
    if key.find(key[e : e + m], first + 1, min(n, e + TAIL_MAX_RUN + 1)) >= 0:
        return  # the crumb's characters again in reach: which one is the copy's is anyone's guess
    end_of_line = first + m == n or "\n" in text[tk.src_end(first + m) : tk.src_start(first + m) + 1]
    if not (end_of_line or _fresh_after(key, first + m)):
        return
    if not end_of_line and not _odd_joints(key, first, first + m):
        return
    a, b = tk.src_start(first), tk.src_end(first + m)
    if not _CJK.search(text, max(0, a - 1), b + 1) and _LETTER.search(text, a, b) and not _broken_token(text, a, b):
        return
    nxt = next_repair()
    if nxt is not None and "\n" not in text[tk.src_end(e) : tk.src_start(nxt)]:
        return
    yield _tail_start(text, tk, first, m), b, "run_doubling", 1.0, _TAIL_REASON


def _after_last_stop(text: str, tk: TextKey, e: int) -> _Local | None:
    """The crumb ``p`` of ``… X p`` ending the line right after the last sentence's stop, ``X`` at most
    ``TAIL_MAX_RUN`` long from the chain's end ``e`` and ``p`` its first one or two characters
    (``発表した。した``, ``…した。お``).  A letter or two after a line's last stop is nothing a writer ends on."""
    key = tk.key
    newline = text.find("\n", tk.src_end(e))
    line_end = bisect_left(tk.offsets, newline) if newline >= 0 else len(key)
    for m in (2, 1):
        t = line_end - m
        if (
            e + END_TAIL_MIN <= t - 1 <= e + TAIL_MAX_RUN
            and key[t - 1] in _STOPS
            and key[t:line_end] == key[e : e + m]
            and float(tk.cum[line_end] - tk.cum[t]) >= 1.0  # a letter, kana or kanji: not a digit or a mark
        ):
            return _tail_start(text, tk, t, m), tk.src_end(line_end), "run_doubling", 1.0, _TAIL_REASON
    return None


def _odd_joints(key: str, a: int, b: int) -> bool:
    """Are the joints of ``key[a:b]`` with the text around it ones the text holds nowhere else, while
    the joint its deletion makes is one the text holds (``船|超え|舶`` -> ``船舶``)?  A copy cut
    short leaves joints of two unrelated texts; a character or two of the text's own words do not.
    One odd at least, and the mended one found elsewhere."""
    if a == 0 or b >= len(key):
        return False

    def elsewhere(pair: str, at: int) -> bool:
        return key.find(pair) not in (-1, at) or key.find(pair, at + 1) >= 0

    left, right, mended = key[a - 1 : a + 1], key[b - 1 : b + 1], key[a - 1] + key[b]
    odd = (not elsewhere(left, a - 1)) + (not elsewhere(right, b - 1))
    return odd >= 1 and key.find(mended) >= 0


def _broken_token(text: str, a: int, b: int) -> bool:
    """Is the Latin token around ``text[a:b]`` one the text holds only there (``heforce``, ``hr``)?"""
    token = _left_letters(text, a) + text[a:b] + _right_letters(text, b)
    return len(re.findall(rf"(?<![A-Za-z]){re.escape(token)}(?![A-Za-z])", text, re.IGNORECASE)) == 1


def _tail_start(text: str, tk: TextKey, t: int, m: int) -> int:
    """Where the deletion of the tail key ``[t, t + m)`` starts: with the gap before it, unless the
    tail is glued to the text after it (``by heforce``: the gap stays, ``by force``)."""
    b = tk.src_end(t + m)
    if b < len(text) and b == tk.src_start(t + m):
        return tk.src_start(t)
    return tk.src_end(t)


def _word_end(text: str, tk: TextKey, t: int, m: int) -> int:
    """A tail ``key[t:t + m]`` matched as far as it copies the leading run; the last character or two
    may match by chance (``respond`` + ``t end`` read as ``respondt``).  In Latin text, the longest
    tail no more than ``WORD_TRIM`` shorter whose deletion joins letters into a word the text holds
    (``tha`` + ``t`` -> ``that``), when the full tail's does not."""
    def joins_a_word(k: int) -> bool | None:
        a, b = tk.src_start(t), tk.src_end(t + k)
        joined = _left_letters(text, a) + _right_letters(text, b)
        if not joined or _CJK.search(text, max(0, a - 1), b + 1):
            return None  # no letters joined
        return re.search(rf"(?<![A-Za-z]){re.escape(joined)}(?![A-Za-z])", text, re.IGNORECASE) is not None

    if joins_a_word(m) is not False:
        return m
    for k in range(m - 1, max(TAIL_MIN, m - WORD_TRIM) - 1, -1):
        if joins_a_word(k):
            return k
    return m


def _left_letters(text: str, a: int) -> str:
    """The Latin letters that end ``text[:a]``."""
    i = a
    while i > 0 and _LETTER.match(text[i - 1]):
        i -= 1
    return text[i:a]


def _right_letters(text: str, b: int) -> str:
    """The Latin letters that start ``text[b:]``."""
    i = b
    while i < len(text) and _LETTER.match(text[i]):
        i += 1
    return text[b:i]


def _runs_on_elsewhere(key: str, t: int, m: int) -> bool:
    """Does the tail ``key[t:t + m]`` run on into the next character as the text writes it elsewhere
    (``令和8年`` + ``度``, ``令和8年度`` in the heading)?  A copy cut short is followed by whatever the
    leading copy writes next, a joint the text holds nowhere else; a tail that reads on as the text
    does elsewhere is the writer's own words (``…、令和8年度の調達`` after ``令和8年4月1日``)."""
    if t + m >= len(key):
        return False
    run_on = key[t : t + m + 1]
    return key.find(run_on) != t or key.find(run_on, t + 1) >= 0


def _fresh_after(key: str, t: int) -> bool:
    """Is the text after key position ``t`` new (not a further copy of what came just before)?  Then a
    copy cut short ends at ``t``; otherwise the copies run on and the tail is not the last one."""
    lo = max(0, t - 2 * TAIL_MAX_RUN)
    if len(key) - t < 4:  # the text ends a few characters on: fresh unless they copy what came before
        return t < len(key) and key[t:] not in key[lo:t]
    probes = range(t, min(len(key) - 3, t + 12))
    seen = sum(key[q : q + 4] in key[lo:q] or key[q : q + 4] in key[q + 4 : q + 4 + 2 * TAIL_MAX_RUN] for q in probes)
    # copies that run on repeat most of what follows; new text only a common 4-gram or two (``tion``)
    return 2 * seen < len(probes)


_SPACES = re.compile(r"[^\S\n]{2,}")


def _doubled_gaps(
    text: str, span: tuple[int, int], taken: list[_Local], score: float, kind: str = "run_doubling"
) -> Iterable[_Local]:
    """Inside a doubled span, a space printed twice (``The  MMiinniisstteerrss``) loses its copy.

    ``taken`` are the chain's own edits, in order and disjoint.
    """
    starts = [a for a, *_ in taken]
    for m in _SPACES.finditer(text, *span):
        start, end = m.span()
        i = bisect_left(starts, end) - 1  # the last edit starting before the gap ends
        if _doubled(m.group()) and not (i >= 0 and taken[i][1] > start):
            yield start + (end - start) // 2, end, kind, score, "a space emitted twice inside a doubled span"


def _chain_edits(text: str, tk: TextKey, chain: Chain) -> Iterable[_Local]:
    score = round(chain.strength / CHAIN_THRESHOLD, 3)
    runs = len(chain.pos)
    where = f", one of {runs} doubled runs in a row" if runs > 1 else ""
    reasons: dict[tuple[str, int], str] = {}  # a fake-bold paragraph has hundreds of squares and few reasons
    offsets = tk.offsets
    bold_reason = f"a character emitted 2 times{where}"
    squares = zip(chain.pos, chain.end, chain.unit, chain.copies, chain.exact, chain.cuts, chain.bold)
    for n, (p, e, u, copies, exact, cuts, bold) in enumerate(squares):
        if bold and exact:  # the common fake-bold pair, key [p, p + 2): the shortcut of the general case below
            yield offsets[p] + 1, _copy_end(text, tk, p + 1, p + 2), "char_doubling", score, bold_reason
            continue
        if bold:
            kind, what = "char_doubling", "a character"
        elif runs > 1 or cuts:
            kind, what = "run_doubling", f"a {u}-character run"
        else:
            kind, what = _classify(text, tk, p, u)
        reason = reasons.get((what, -1 if cuts else copies))
        if reason is None:
            how = "from two interleaved copies cut at crossing points" if cuts else f"emitted {copies} times"
            reason = reasons[what, -1 if cuts else copies] = f"{what} {how}{where}"
        if not cuts and copies == 2 and not exact:
            first = text[tk.src_start(p) : tk.src_end(p + u)]
            second = text[tk.src_start(p + u) : tk.src_end(e)]
            if noise(first) > noise(second):
                yield tk.src_start(p), tk.src_start(p + u), kind, score, reason + "; removed the noisier first copy"
                continue
        for a, b in chain.deletes(n):  # a > 0: a deletion always follows a kept copy
            yield offsets[a - 1] + 1, _copy_end(text, tk, a, b), kind, score, reason


def _copy_end(text: str, tk: TextKey, a: int, b: int) -> int:
    """Source end of the deleted key span ``[a, b)``, taking along what of a gap after it belongs to the copy.

    When the kept copy runs straight on into the deleted one, a gap after the
    deleted copy is its own: noise (``としての基としての基\u200b本的``) goes
    whole, and a doubled space (``HHee  ssaaiidd``) loses its second half.
    """
    offsets = tk.offsets
    end = offsets[b - 1] + 1
    next_start = offsets[b] if b < len(offsets) else end
    if next_start == end:
        return end
    gap = text[end:next_start]
    if "\n" in gap:
        return end  # a paragraph break is the text's own
    if _doubled(gap):
        return end  # its second half goes as an edit of its own (``_doubled_gaps``): fake bold stays one stride
    if tk.src_start(a) == tk.src_end(a) and noise(text[end - 1 : next_start + 1]) > 0:
        return next_start
    return end


def _doubled(gap: str) -> bool:
    """A whitespace gap that is a run printed twice, like the text around it."""
    half = len(gap) // 2
    return len(gap) % 2 == 0 and gap[:half] == gap[half:] and "\n" not in gap


def _classify(text: str, tk: TextKey, p: int, u: int) -> tuple[str, str]:
    """What a lone square of unit ``key[p:p+u]`` is: a block of lines, a line, a sentence or a run."""
    unit_text = text[tk.src_start(p) : tk.src_end(p + u)]
    if "\n" in unit_text.strip("\n"):
        return "paragraph_repeat", f"a {unit_text.count(chr(10)) + 1}-line block"
    if "\n" in text[tk.src_end(p + u) : tk.src_start(p + u)]:
        return "line_repeat", "a line"
    if tk.key[p + u - 1] in _SENTENCE_END:
        return "sentence_repeat", "a sentence"
    return "run_doubling", f"a {u}-character run"


def _line_step(seen: _Seen) -> list[_Local]:
    found = list(find_line_repeats(seen.text, seen.tk, seen.stretches))
    if "\n" in seen.text and not found:
        found = list(find_block_repeats(seen.text, seen.tk))
    if "\n" in seen.text:  # (in the same round: copies left for the next are read glyph by glyph by the drift step)
        found.sort(key=attrgetter("start"))
        found += [r for r in find_line_drift(seen.text, seen.tk) if not _overlaps([(x.start, x.end) for x in found], r.start, r.end)]
        found.sort(key=attrgetter("start"))
    return [(r.start, r.end, r.kind, round(r.score, 3), r.reason) for r in found]


def _glyph_step(seen: _Seen) -> list[_Local]:
    c = seen.tk.codes
    triple = len(c) > 2 and bool(np.any((c[2:] == c[1:-1]) & (c[1:-1] == c[:-2])))
    if not triple and not doubled_runs(seen.tk.key, MIN_PAIRS):
        return []  # glyphs drawn 2 (spaced) to 4 times show in the key as pairs or triples
    return [(a, b, "char_doubling", 1.0, reason) for a, b, reason in find_glyph_repeats(seen.text)]


def _word_step(seen: _Seen) -> list[_Local]:
    if not any(s.periodic for s in seen.stretches):
        return []  # a row of doubled words, or a doubled number, is a square in the key
    return [(a, b, "run_doubling", 1.0, reason) for a, b, reason in find_word_doubling(seen.text)]


def _merge_step(seen: _Seen) -> list[_Local]:
    """The lagging copy of two copies merged run by run, either copy ahead (see ``copy_merge``).

    Copies are read on glyphs drawn once: a region that is still fake bold (``char_doubling``) is
    left to the square step of this round and read in the next (every step looks in every round).  Two mechanisms
    stacked, a sentence said twice and then every glyph drawn twice, read as drifting copies
    before the glyphs are repaired, lose letters (``met hs counterpart. The Miniis``).
    """
    text, tk = seen.text, seen.tk
    out: list[_Local] = []
    words: Counter[str] | None = None
    bold = _bold_spans(text)
    for (begin, end), runs in find_merged_copies(tk):
        if len(_LABEL_ROW.findall(text, tk.src_start(begin), tk.src_end(end))) >= 2:
            continue  # a table's rows repeat labels and values: a writer's repeats, read as copies (see _LABEL_ROW)
        if _overlaps(bold, tk.src_start(begin), tk.src_end(end)):
            continue  # still fake bold: read once the square step has repaired the glyphs
        spans = []
        for a, b in runs:
            start = tk.src_end(a)  # the gap before the run goes with it, unless it holds a line break
            if "\n" in text[start : tk.src_start(a)]:
                start = tk.src_start(a)
            spans.append((start, tk.src_end(b)))
        if words is None:
            words = Counter(w.lower() for w in _LATIN_WORD.findall(text)) if _LATIN_WORD.search(text) else Counter()
        if words and not _CJK.search(text, spans[0][0], spans[-1][1]) and (
                _words_into_non_words(text, spans, words) or _makes_more_words_than_it_mends(text, spans, words)):
            continue  # a speaker's restart (``seems to seem — seems to have — seems to have``), read as copies
        out.extend((a, b, "run_doubling", 1.0, "a run of a copy interleaved with the text, one copy ahead") for a, b in spans)
    return out


_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")  # where Latin letters are acronyms (``(DICAS)``), not words
_LETTER = re.compile(r"[A-Za-z]")


def _words_into_non_words(text: str, spans: list[tuple[int, int]], words: Counter[str]) -> bool:
    """Would deleting ``spans`` (a region read as two copies) make a word the input never holds
    (``seems to seem — seems to have — seems to have`` -> ``seem haves``) where every word the deletions cut
    is a word of the text elsewhere too?  Then the region is words a writer wrote, not copies: a copy cut
    inside a word leaves a token found nowhere else (``thasaid``, ``tsides``), the mechanism's mark
    (issue 7).  ``words``: the text's Latin words, lower-cased, counted.  Asked only of regions with no
    CJK text: there Latin letters are acronyms that both copies may cut alike (``(D日米防衛産ICAS)``)."""
    made = False
    for k, (s, e) in enumerate(spans):
        for at in (s, e):
            if 0 < at < len(text) and _LETTER.match(text[at - 1]) and _LETTER.match(text[at]):
                if words[_word_at(text, at).lower()] < 2:
                    return False  # a copy cut inside a word: the mechanism's own mark
        if made:
            continue
        left = s  # the output word across the junction: kept letters before s and after e
        while left > 0 and _LETTER.match(text[left - 1]) and not (k and left == spans[k - 1][1]):
            left -= 1
        right = e
        while right < len(text) and _LETTER.match(text[right]) and not (k + 1 < len(spans) and right == spans[k + 1][0]):
            right += 1
        joined = text[left:s] + text[e:right]
        made = len(joined) >= 2 and (s > left or right > e) and words[joined.lower()] == 0
    return made


def _makes_more_words_than_it_mends(text: str, spans: list[tuple[int, int]], words: Counter[str]) -> bool:
    """Would deleting ``spans`` leave more words the input never holds than it removes broken ones?

    Copies merged run by run leave broken tokens where a run ends inside a word (``reaffThe``,
    ``tolethat``: each found once in the text), and their repair removes them. A reading of
    legitimate sentences as copies does the reverse: it removes whole words and makes new ones
    (``… a press conference.⏎… The Vice Minister …`` -> ``a p conference.⏎Presse Vicress``).
    Words of one letter are not counted. ``words``: the text's Latin words, lower-cased, counted."""
    begin, end = spans[0][0], spans[-1][1]
    while begin > 0 and _LETTER.match(text[begin - 1]):
        begin -= 1
    while end < len(text) and _LETTER.match(text[end]):
        end += 1
    kept, at = [], begin
    for s, e in spans:
        kept.append(text[at:s])
        at = e
    kept.append(text[at:end])
    before = Counter(w.lower() for w in _LATIN_WORD.findall(text, begin, end) if len(w) > 1)
    after = Counter(w.lower() for w in _LATIN_WORD.findall("".join(kept)) if len(w) > 1)
    made = sum(n for w, n in after.items() if words[w] == 0)
    mended = sum(1 for w in before - after if words[w] == 1)
    return made > mended


def _word_at(text: str, at: int) -> str:
    """The run of Latin letters around position ``at``."""
    a, b = at, at
    while a > 0 and _LETTER.match(text[a - 1]):
        a -= 1
    while b < len(text) and _LETTER.match(text[b]):
        b += 1
    return text[a:b]


def _bold_spans(text: str) -> list[tuple[int, int]]:
    """Fake-bold spans of ``text`` (``find_char_doubling``), sorted."""
    return list(find_char_doubling(text)) if len(text) > 1 else []


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Does ``[a, b)`` overlap one of the sorted, disjoint ``spans``?"""
    i = bisect_left(spans, (b,))
    return i > 0 and spans[i - 1][1] > a



# A label and its value on a line of their own (``Date: Misawa``, ``場所：東京``).  Rows of a table
# share labels and values, so the text is periodic enough for a reading as two drifting copies
# that cuts words apart (``Date: Misawa`` -> ``Dateawa``); such regions are left to the line and
# square steps, which keep label/value rows.
_LABEL_ROW = re.compile(r"^[^\n:：]{1,24}[:：][ \t]*\S[^\n]*$", re.MULTILINE)


_STEPS: tuple[Callable[[_Seen], list[_Local]], ...] = (_glyph_step, _word_step, _line_step, _merge_step, _square_step)
# Every step looks again in every round.  (The drift step once looked only at the input, on the
# belief that other steps only shorten the text around drifting copies; but a square or glyph repair
# can bring a drifting region into reach -- ``北朝鮮は、北朝鮮22時18は、22分頃…`` -- and then a second
# clean repaired what the first left, and cleaning was not idempotent.)


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (``"\\ud83d"``, half an emoji cut off) replaced by U+FFFD,
    and how many there were.  One character for one, so offsets stay valid.

    >>> repair_surrogates("cut \\ud83d here")
    ('cut \\ufffd here', 1)
    """
    if text.isascii():
        return text, 0
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.subn("\ufffd", text)
    return text, 0


def _chunks(text: str, size: int) -> Iterable[tuple[int, int]]:
    """``[a, b)`` pieces of ``text`` of about ``size`` characters, cut after a line break where
    one is near (else after a space, else anywhere), so that a huge text costs a bounded
    amount of memory at a time.  A repeat that straddles a cut is not seen whole."""
    a, n = 0, len(text)
    while n - a > 2 * size:
        b = a + size
        cut = text.rfind("\n", a + size // 2, b) + 1 or text.rfind(" ", a + size // 2, b) + 1 or b
        yield a, cut
        a = cut
    yield a, n


def explain_repeats(text: str) -> tuple[str, list[Edit]]:
    """Collapse repeats in ``text``; return the result and the edits that produce it.

    Lone surrogates are first replaced with U+FFFD (see
    :func:`repair_surrogates`); edits index that text.  Texts longer than
    ``2 * CHUNK_CHARS`` are repaired in pieces of about
    ``CHUNK_CHARS`` cut at line breaks (see ``_chunks``): time stays linear
    and memory bounded (about 100 bytes per character of one piece).

    >>> out, edits = explain_repeats("地元への地元への影響を影響を軽減する")
    >>> out
    '地元への影響を軽減する'
    >>> [(e.start, e.end, e.removed, e.kind) for e in edits]
    [(4, 8, '地元への', 'run_doubling'), (11, 14, '影響を', 'run_doubling')]
    """
    text = repair_surrogates(text)[0]
    if len(text) <= 2 * CHUNK_CHARS:
        return _explain(text)
    pieces, edits = [], []
    for a, b in _chunks(text, CHUNK_CHARS):
        out, local = _explain(text[a:b])
        pieces.append(out)
        for e in local:
            e.start += a
            e.end += a
        edits.extend(local)
    return "".join(pieces), edits


def _explain(text: str) -> tuple[str, list[Edit]]:
    current = text
    seen = _Seen.of(text)
    origin = _Origin(len(text))
    edits: list[Edit] = []
    applied = 0  # steps whose edits were applied: with one, its own check was against the input
    history: tuple[list[_Local], ...] = ()
    # Steps run in turn until a whole round changes nothing.  A step is a function of the text and the
    # repairs so far: one that ran on this very state and changed nothing would change nothing again.
    # So once every step in turn has run on the current state and changed nothing (``quiet``), the
    # rest of that round repeats runs already made, with the same result, and is not run.
    quiet = 0  # steps run in a row, since the last change, that changed nothing
    for _ in range(MAX_ROUNDS):
        for step in _STEPS:
            if quiet == len(_STEPS):
                break
            if seen.text is not current:
                seen = _Seen.of(current, history)
            found = step(seen)
            local = safe_edits(current, seen.tk, _disjoint(sorted(e for e in found if e[1] > e[0])), _in_input(text, origin))
            if not local:
                quiet += 1
                continue
            quiet = 0  # every step, this one too, is still to run on the text it leaves
            applied += 1
            edits.extend(_to_input(text, origin.offsets(), local))
            current = delete_spans(current, local)
            history += (local,)
            origin.deleted(local)
        if quiet == len(_STEPS):
            break
    edits.sort(key=attrgetter("start"))
    return _numbers_checked(text, current, edits) if applied > 1 else (current, edits)


def _shifted_marks(marks: tuple[int, ...], local: list[_Local]) -> tuple[int, ...]:
    """``marks`` (offsets in a text) and where each of ``local`` (sorted, disjoint deletions) was, as
    offsets in the text after the deletions."""
    starts = [e[0] for e in local]
    gone = list(accumulate(e[1] - e[0] for e in local))

    def shift(x: int) -> int:
        i = bisect_left(starts, x + 1) - 1  # the last deletion starting at or before x
        if i < 0:
            return x
        before = gone[i - 1] if i > 0 else 0
        return starts[i] - before if x < local[i][1] else x - gone[i]

    return tuple(sorted({shift(x) for x in marks} | {shift(a) for a in starts}))


def _numbers_checked(text: str, current: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """The last guard of rule 1, on the whole repair against the input: every digit group of the
    output that an edit touches is a whole digit group of the input (``edit_safety.number_faults``).
    Each step is already checked on its own input; this catches what rounds compose.  Edits that
    break it are refused and the rest replayed on the input (deletions only, so the rest still apply
    and their kept twins stay)."""
    if not edits or not _near_digits(text, edits):
        return current, edits
    spans = [(e.start, e.end, e.kind, e.score) for e in edits]
    bad = number_faults(text, spans)
    if not bad:
        return current, edits
    keep = set(without_number_faults(text, spans))  # the same (start, end, kind, score) tuples, less the refused
    edits = [e for e in edits if (e.start, e.end, e.kind, e.score) in keep]
    return delete_spans(text, [(e.start, e.end) for e in edits]), edits


def _near_digits(text: str, edits: list[Edit]) -> bool:
    """Is a digit (``str.isdigit``) within two characters of an edit?  Looked up among the text's
    digits, not character by character: fake bold of a megabyte is half a million edits."""
    digits = "".join(sorted(c for c in set(text) if c.isdigit()))
    if not digits:
        return False
    at = np.fromiter((m.start() for m in re.finditer(f"[{re.escape(digits)}]", text)), dtype=np.int64)
    starts = np.fromiter((e.start for e in edits), dtype=np.int64, count=len(edits))
    ends = np.fromiter((e.end for e in edits), dtype=np.int64, count=len(edits))
    return bool(np.any(np.searchsorted(at, starts - 2) < np.searchsorted(at, ends + 2)))


def _in_input(text: str, origin: _Origin) -> Callable[[int, int], str] | None:
    """``(a, b) -> str``: the input text behind ``[a, b)`` of the current text, or None in the first round."""
    if not origin.changed:
        return None

    def window(a: int, b: int) -> str:
        offsets = origin.offsets()
        assert offsets is not None
        return text[int(offsets[a]) : int(offsets[b - 1]) + 1] if b > a else ""

    return window


def _disjoint(local: list[_Local]) -> list[_Local]:
    """Sorted deletions made disjoint: what an earlier one already removes is not removed twice."""
    out: list[_Local] = []
    end = 0
    for edit in local:
        if edit[1] <= end:
            continue
        if edit[0] < end:
            edit = (end, *edit[1:])  # type: ignore[assignment]
        out.append(edit)
        end = edit[1]
    return out


class _Origin:
    """The input offset of each character of the text a step sees, brought up to date only when asked.

    Most texts are repaired in one step, and then no offsets are needed at all.
    """

    def __init__(self, n: int) -> None:
        self._n = n
        self._offsets: np.ndarray | None = None
        self._pending: list[list[_Local]] = []

    @property
    def changed(self) -> bool:
        return bool(self._pending) or self._offsets is not None

    def deleted(self, local: list[_Local]) -> None:
        self._pending.append(local)

    def offsets(self) -> np.ndarray | None:
        """None while nothing has been deleted: offsets are the input's own."""
        for local in self._pending:
            offsets = np.arange(self._n) if self._offsets is None else self._offsets
            starts, ends = np.array([e[:2] for e in local]).T
            # +1 where a deletion starts, -1 where it ends: deleted characters have a positive sum
            depth = np.cumsum(np.bincount(starts, minlength=len(offsets) + 1) - np.bincount(ends, minlength=len(offsets) + 1))
            self._offsets = offsets[depth[:-1] == 0]
        self._pending = []
        return self._offsets


def _to_input(text: str, origin: np.ndarray | None, local: list[_Local]) -> list[Edit]:
    """Map a step's edits back to offsets in the original input (``origin``: see ``_Origin``)."""
    if origin is None:
        return [Edit(start, end, text[start:end], kind, score, reason) for start, end, kind, score, reason in local]
    out = []
    starts = np.fromiter((e[0] for e in local), dtype=np.int64, count=len(local))
    ends = np.fromiter((e[1] for e in local), dtype=np.int64, count=len(local))
    # a span whose input offsets run on without a gap maps to one input span (most do: checked at once)
    whole = (origin[ends - 1] - origin[starts] == ends - 1 - starts).tolist()
    first, last = origin[starts].tolist(), (origin[ends - 1] + 1).tolist()
    for (start, end, kind, score, reason), one, a, b in zip(local, whole, first, last):
        if one:
            out.append(Edit(a, b, text[a:b], kind, score, reason))
            continue
        # earlier deletions inside the span split it into several input spans (a sentence copy
        # removed after its fake bold: one per glyph, so found at once for the whole span)
        idx = origin[start:end]
        cuts = np.flatnonzero(np.diff(idx) != 1) + 1
        firsts = idx[np.concatenate(([0], cuts))].tolist()
        lasts = (idx[np.concatenate((cuts - 1, [len(idx) - 1]))] + 1).tolist()
        out.extend(Edit(a, b, text[a:b], kind, score, reason) for a, b in zip(firsts, lasts))
    return out


def collapse_repeats(text: str) -> str:
    """Return ``text`` with duplicated and interleaved runs collapsed.

    >>> collapse_repeats("SSttaatteemmeenntt")
    'Statement'
    >>> collapse_repeats("ますます一人一人 had had Walla Walla 2020 10,000,000")
    'ますます一人一人 had had Walla Walla 2020 10,000,000'
    """
    return explain_repeats(text)[0]
