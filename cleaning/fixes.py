r"""Named, switchable text fixes applied before repeat collapse.

Modelled on ftfy: every fix is a small ``str -> str`` function named for what
it does, registered in :data:`FIXES` (in the order they run) and switched on or
off by the field of the same name in :class:`NormalizeConfig`.
:func:`normalize_and_explain` reports which fixes actually changed the text.

Policy
======

The stored form of a text field is: paragraphs separated by a single ``"\n"``,
no empty lines, no leading/trailing or doubled spaces, and no invisible
characters.  The fixes, in order:

``fix_line_breaks``
    ``\r\n``, ``\r``, U+2028, U+2029, NEL (U+0085), and also VT/FF
    (``\v``/``\f``, e.g. PDF page breaks), become ``\n``.  VT and FF are
    treated as breaks rather than deleted so that words on either side of
    them stay apart.

``remove_invisible_chars``
    Delete zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and control
    characters: C0 except ``\t``/``\n``, DEL, and C1.  These never carry
    meaning in news prose but break search and the repeat detector.  A U+200D
    that joins two pictographs (an emoji ZWJ sequence, ``👨‍👩‍👧``) is part of
    one character and stays (pages do carry emoji).  (Removing U+200C would
    matter for Persian; our sources have none.)

``remove_soft_hyphens``
    Delete SOFT HYPHEN (U+00AD), and only it: a hyphenation hint for the
    renderer (``inter\u00adnational``), invisible unless a line breaks there,
    that splits a word for search and the repeat detector.  A fix of its own,
    not part of ``remove_invisible_chars``, so that the cleaning block names it
    (it is a format character that CMSs insert, not stray binary).  Visible
    hyphens (``-``, U+2010, U+2011) are kept.

``fix_character_width``
    A deliberate *subset* of NFKC: fullwidth ASCII (U+FF01–U+FF5E) becomes
    ASCII, the ideographic space U+3000 becomes a space, and halfwidth
    katakana (U+FF61–U+FF9F) becomes fullwidth, composing voiced marks
    (``ｶﾞ`` → ``ガ``).  Full NFKC is *not* applied: it would also rewrite
    ``①`` → ``1``, ``㈱`` → ``(株)``, ``㎡`` → ``m2`` or ``²`` → ``2``,
    destroying distinctions that the source made on purpose.

``normalize_whitespace``
    Within each line, every run of horizontal whitespace (space, tab, NBSP,
    U+3000 …) becomes one space; lines are stripped and empty lines dropped.

``join_english_lines``
    Undo hard wrapping in English: a line is joined to the next with one
    space when the line ends mid-sentence (a Latin letter or digit, or one of
    ``, ; ) %``) and the next line starts with a lowercase Latin letter.
    Lines ending in ``. ! ? :`` or a hyphen are left alone, so lists
    introduced by a colon and hyphenated words are never glued.

``join_japanese_lines``
    MOD / j-defense copies wrap sentences mid-way, e.g. ``…緊密に\n連携して
    いく…``.  A line is joined to the next (with no separator) only when
    all of these hold:

    * the line is at least :data:`JA_MIN_WRAPPED_LEN` (20) characters long —
      headings such as ``防衛省会談の概要`` are short;
    * it ends in kana, kanji, ``、`` or ``，`` (or ``,`` right after kana or
      kanji), so sentence-final ``。．！？!?」』）`` never joins;
    * it does not end in a typical heading suffix (:data:`JA_HEADING_ENDINGS`,
      e.g. ``について``);
    * the next line starts with kana or kanji that is not a bullet or list
      number (``〇``, ``・``, ``一、`` …); brackets, digits and symbols are
      not kana or kanji, so ``【``, ``（``, ``1.`` or ``※`` never join;
    * neither line is a table row, a label and its value (``場所 防衛省記者会見室``,
      ``发行人的监事：甲乙丙``, see :func:`is_table_row`), nor a row of a vertical
      table (a label on its own line, its value, then the next label: at most
      :data:`JA_CELL_MAX_LEN` characters and no punctuation, ``日時⏎令和6年…⏎場所``),
      and the line is not a
      numbered item (``（三） …``).

    These joins run after repeat collapse (see ``article.clean_text``): a
    heading that arrives doubled is long enough to be joined, and only the
    repaired heading is short.

    Neither join removes a line break that a square of the repair's key runs across
    (``…発表しました。防衛大臣記者会見⏎防衛大臣記者会見（令和6年…）の概要``, see
    ``_RepeatsAcross``): joined, it would be a repeat that a second cleaning takes.

    When in doubt the line break is kept: a stray break inside a sentence
    costs less than a heading glued to its body.

Every fix is idempotent and the pipeline as a whole is too
(``normalize(normalize(x)) == normalize(x)``).  The joins decide each line
break from the text already joined before it (and the line before that) and
the next line only, which is what keeps a second pass from finding new joins; and
English joins run before Japanese ones because a Japanese join never creates
a new English join, while the reverse is possible.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

import regex

from cleaning.legit_repeats import is_table_cell

JA_MIN_WRAPPED_LEN = 20
JA_HEADING_ENDINGS = ("について", "の概要", "の開催", "の結果")

_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A ZWJ between two pictographs joins them into one character (UAX #29 GB11: 👨‍👩‍👧, 👩‍✈️, 🏳️‍🌈): content, kept.
_EMOJI_ZWJ = regex.compile(r"(?<=\p{Extended_Pictographic}\p{Grapheme_Cluster_Break=Extend}*)\u200d(?=\p{Extended_Pictographic})")
_WIDTH_RUN = re.compile("[\uff01-\uff5e\u3000\uff61-\uff9f]+")
_HSPACE = re.compile(r"[^\S\n]+")
_JA_LIST_NUMBER = re.compile(r"[一二三四五六七八九十]+[、．.・\s]")
# A label and its value: a short label then a colon, or two to six kanji/kana then a space.
_TABLE_ROW = re.compile(r"[^\s:：、。]{1,12}[:：]\s*\S|[\u3041-\u30ff\u4e00-\u9fff]{2,6}[ \u3000\t]+\S")
# A numbered item or heading: (三), （1）, 第1, 1.
_JA_NUMBERED = re.compile(r"[(（][一二三四五六七八九十0-9０-９]+[)）]")


def fix_line_breaks(text: str) -> str:
    r"""Turn every line-break convention into ``\n``.

    >>> fix_line_breaks("a\r\nb\rc\u2028d\u2029e\x85f\x0cg")
    'a\nb\nc\nd\ne\nf\ng'
    """
    return _LINE_BREAKS.sub("\n", text)


def remove_invisible_chars(text: str) -> str:
    r"""Delete zero-width characters and C0/C1 controls, keeping ``\t``/``\n`` and the joiners of
    emoji ZWJ sequences (a family, a pilot, a rainbow flag is one character: ``_EMOJI_ZWJ``).

    >>> remove_invisible_chars("令和\u200b6年\x00\tA\ufeffB\x9f\n")
    '令和6年\tAB\n'
    >>> remove_invisible_chars("a\u200db 👨\u200d👩\u200d👧") == "ab 👨\u200d👩\u200d👧"
    True
    """
    if "\u200d" in text:
        return "\u200d".join(_INVISIBLE.sub("", part) for part in _EMOJI_ZWJ.split(text))
    return _INVISIBLE.sub("", text)


def remove_soft_hyphens(text: str) -> str:
    """Delete U+00AD SOFT HYPHEN; every other character stays, visible hyphens too.

    >>> remove_soft_hyphens("inter\u00adnational co-operation\u2010\u2011")
    'international co-operation\u2010\u2011'
    """
    return text.replace("\u00ad", "") if "\u00ad" in text else text


def fix_character_width(text: str) -> str:
    """NFKC, but only for fullwidth ASCII, U+3000 and halfwidth katakana.

    >>> fix_character_width("令和６年　ＭＯＤ（ｶﾞｲﾄﾞ）①㈱")
    '令和6年 MOD(ガイド)①㈱'
    """
    return _WIDTH_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalize_whitespace(text: str) -> str:
    r"""Collapse horizontal whitespace, strip lines, drop empty lines.

    >>> normalize_whitespace("  a \t b\u00a0\n\n  \nc  ")
    'a b\nc'
    """
    lines = (_HSPACE.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _join_lines(text: str, should_join: Callable[[str, str], bool], sep: str) -> str:
    # Deciding against the already-joined paragraph (not the raw previous
    # line) is what makes a second pass a no-op.
    out: list[str] = []
    across = _RepeatsAcross(text)
    for line in text.split("\n"):
        if out and should_join(out[-1], line) and not across.break_before():
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
        across.advance(line)
    return "\n".join(out)


class _RepeatsAcross:
    """Which line breaks of ``text`` a repeat strong enough to be repaired runs across.

    A join turns a line break into a space or nothing; the repair's comparison key drops both, so the
    key of the text is the same before and after, but the repair judges a square whose copies hold a
    line break by the lines (``防衛大臣記者会見⏎防衛大臣記者会見（令和6年…）の概要``: a heading repeated as
    the start of the title under it stays).  Joined, the same square is plain text and a second
    cleaning would take it: the join is what would make cleaning not idempotent, so a line break
    inside a square whose unit weighs ``ANCHOR`` (``square_tiling``) is kept.  Weaker squares
    (``had⏎had``) are not repaired alone either way.  Computed once per text, on first use, from the
    repair's own seeds (``repeat_seeds.find_stretches``), so linear in the text.

    Walk the lines in order: ``break_before()`` asks about the break before the current line,
    ``advance(line)`` moves past the line and its break.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._at = 0  # source offset of the current line's start
        self._spans: list[int] | None = None  # the sorted, disjoint source spans strong squares cover, flattened

    def advance(self, line: str) -> None:
        self._at += len(line) + 1

    def break_before(self) -> bool:
        """Does a strong square run across the line break before the current line?"""
        if self._spans is None:
            self._spans = _disjoint(_strong_square_spans(self._text))
        i = bisect_right(self._spans, self._at - 1)  # odd: the break lies after a span's start, before its end
        return i % 2 == 1 and self._spans[i - 1] < self._at - 1


def _disjoint(spans: list[tuple[int, int]]) -> list[int]:
    """Open spans ``(a, b)`` merged where they overlap, flattened to ``[a0, b0, a1, b1, …]``."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [x for ab in merged for x in ab]


def _strong_square_spans(text: str) -> list[tuple[int, int]]:
    """Source spans ``[a, b)`` of the periodic repeats of ``text``'s key whose unit weighs ``ANCHOR`` or more,
    from the first copy's first character to the last copy's last (``a < brk < b``: ``brk`` lies between
    two of its characters)."""
    from cleaning.repeat_seeds import find_stretches  # the repair's modules, only when a join is asked about
    from cleaning.square_tiling import ANCHOR
    from cleaning.textkey import make_key

    tk = make_key(text)
    if len(tk.key) == 0:
        return []
    cum = tk.cum
    spans = []
    for st in find_stretches(tk.codes):
        if st.periodic and float(cum[st.start + st.lag] - cum[st.start]) >= ANCHOR:
            spans.append((tk.src_start(st.start), tk.src_end(st.end + st.lag)))
    return spans


def _is_latin_alnum(ch: str) -> bool:
    return ch.isalnum() and ch <= "\u024f"


def _en_continues(prev: str, nxt: str) -> bool:
    if not prev or not nxt:
        return False
    ends_open = _is_latin_alnum(prev[-1]) or prev[-1] in ",;)%"
    return ends_open and nxt[0].islower() and nxt[0] <= "\u024f"


def join_english_lines(text: str) -> str:
    r"""Join a hard-wrapped English line to its lowercase continuation.

    >>> join_english_lines("The ministers agreed to\nstrengthen the alliance.")
    'The ministers agreed to strengthen the alliance.'
    >>> join_english_lines("It ended.\nthen\nKey points:\nthe first")
    'It ended.\nthen\nKey points:\nthe first'
    """
    return _join_lines(text, _en_continues, " ")


def _is_kana_or_kanji(ch: str) -> bool:
    return (
        "\u3041" <= ch <= "\u3096"
        or "\u309d" <= ch <= "\u309f"
        or "\u30a1" <= ch <= "\u30fa"
        or "\u30fc" <= ch <= "\u30ff"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or ch in "々〆"
    )


def _ja_ends_open(line: str) -> bool:
    last = line[-1]
    if last == ",":
        return len(line) > 1 and _is_kana_or_kanji(line[-2])
    return _is_kana_or_kanji(last) or last in "、，"


def is_table_row(line: str) -> bool:
    """Is ``line`` a label followed by its value (``場所 防衛省記者会見室``, ``发行人的监事：甲乙丙``)?

    >>> is_table_row("日時 令和6年10月1日"), is_table_row("发行人的监事:甲乙丙"), is_table_row("両閣僚は、会談した。")
    (True, True, False)
    """
    return bool(_TABLE_ROW.match(line))


JA_CELL_MAX_LEN = 12  # a line this short with no punctuation at all is a label or a value, not a wrapped sentence's end


def _lone_cell(line: str) -> bool:
    """A label or a value on a line of its own, as vertical tables print them (``日時⏎令和6年…⏎場所⏎防衛省記者会見室⏎備考⏎なし``):
    short, and with no sentence or clause punctuation."""
    return len(line) <= JA_CELL_MAX_LEN and is_table_cell(line)


def _ja_continues(prev: str, nxt: str) -> bool:
    if len(prev) < JA_MIN_WRAPPED_LEN or not nxt:
        return False
    if is_table_row(prev) or is_table_row(nxt) or _JA_NUMBERED.match(prev):
        return False
    if not _ja_ends_open(prev) or prev.endswith(JA_HEADING_ENDINGS):
        return False
    return _is_kana_or_kanji(nxt[0]) and not _JA_LIST_NUMBER.match(nxt)


def join_japanese_lines(text: str) -> str:
    """Join a Japanese sentence that was wrapped mid-way; keep headings and vertical tables apart.

    >>> join_japanese_lines("両閣僚は、自由で開かれたインド太平洋の実現に向けて、緊密に\\n連携していくことを確認した。")
    '両閣僚は、自由で開かれたインド太平洋の実現に向けて、緊密に連携していくことを確認した。'
    >>> join_japanese_lines("防衛省会談の概要\\n両閣僚は、会談を行った。")
    '防衛省会談の概要\\n両閣僚は、会談を行った。'
    >>> join_japanese_lines("日時\\n令和6年1月12日（金）10時30分～10時45分\\n場所\\n防衛省記者会見室")
    '日時\\n令和6年1月12日（金）10時30分～10時45分\\n場所\\n防衛省記者会見室'
    """
    # As _join_lines, deciding from the text already joined (and the line before it) and the next line.
    out: list[str] = []
    across = _RepeatsAcross(text)
    for line in text.split("\n"):
        if out and _ja_continues(out[-1], line) and not _vertical_table(out, line) and not across.break_before():
            out[-1] = out[-1] + line
        else:
            out.append(line)
        across.advance(line)
    return "\n".join(out)


def _vertical_table(out: list[str], nxt: str) -> bool:
    """Is the last line a value under a label on its own line, ``nxt`` the next label or the text after the
    table (``日時⏎令和6年1月12日（金）10時30分～10時45分⏎場所``)?  Table rows are never joined (issue 7).  A
    value has no clause punctuation; a sentence wrapped under a heading (``概要⏎両閣僚は、…緊密に⏎連携…``) does."""
    return len(out) >= 2 and _lone_cell(out[-2]) and (_lone_cell(nxt) or not _JA_CLAUSE.search(out[-1]))


_JA_CLAUSE = re.compile("[、，。,]")


Fix = Callable[[str], str]

FIXES: dict[str, Fix] = {
    "fix_line_breaks": fix_line_breaks,
    "remove_invisible_chars": remove_invisible_chars,
    "remove_soft_hyphens": remove_soft_hyphens,
    "fix_character_width": fix_character_width,
    "normalize_whitespace": normalize_whitespace,
    "join_english_lines": join_english_lines,
    "join_japanese_lines": join_japanese_lines,
}


class NormalizeConfig(NamedTuple):
    """Which fixes run; field names are the keys of :data:`FIXES`."""

    fix_line_breaks: bool = True
    remove_invisible_chars: bool = True
    remove_soft_hyphens: bool = True
    fix_character_width: bool = True
    normalize_whitespace: bool = True
    join_english_lines: bool = True
    join_japanese_lines: bool = True


DEFAULT = NormalizeConfig()


def normalize_and_explain(text: str, config: NormalizeConfig = DEFAULT) -> tuple[str, list[str]]:
    """Apply the enabled fixes in order; also return the names of those that changed the text.

    >>> normalize_and_explain("Ａ\\r\\nＢ")
    ('A\\nB', ['fix_line_breaks', 'fix_character_width'])
    """
    applied: list[str] = []
    for name, fix in FIXES.items():
        if getattr(config, name):
            fixed = fix(text)
            if fixed != text:
                applied.append(name)
                text = fixed
    return text, applied


def normalize(text: str, config: NormalizeConfig = DEFAULT) -> str:
    """Apply the enabled fixes in order.

    >>> normalize("  令和６年\\u200b　度  ")
    '令和6年 度'
    """
    return normalize_and_explain(text, config)[0]
