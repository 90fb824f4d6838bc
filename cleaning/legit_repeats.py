"""Legitimate repetition that repeat collapse must never touch.

Weight thresholds already protect short repeats standing alone (see
``square_tiling``).  This module protects them when they happen to touch a
real defect, where a chain of doubled runs would otherwise swallow them:
``…from Pago Pago, American Samoa., American Samoa.`` must keep ``Pago Pago``.

The rule applies only to squares too weak to be an anchor on their own: a
Japanese reduplication from the list below (``ますます``, ``一人一人``).

Whole English words said twice (``had had``, ``Walla Walla``) are *not*
listed: a corrupted span whose first run is exactly one word (``He He said
thasaid tha…``) looks the same, and doubled runs are far more common than a
reduplication touching one.  Standing alone they are safe by weight; touching
a doubled span they may be taken into it (a known failure, kept as data in
tests/cases).
"""
from __future__ import annotations

REDUPLICATIONS = frozenset(
    """
    ますます いろいろ いよいよ そろそろ まだまだ どんどん なかなか しばしば たびたび わざわざ
    ぜひぜひ ときどき ひとつひとつ ひとりひとり もっともっと だんだん ばらばら ぼちぼち
    一人一人 一つ一つ 一歩一歩 一日一日 一件一件 一社一社 一回一回 一個一個 一枚一枚
    ドンドン ワンワン キラキラ ゴロゴロ バラバラ
    """.split()
)


def is_legit_square(text: str) -> bool:
    """Is ``text`` (two copies of one unit) a known legitimate reduplication?

    >>> is_legit_square("ますます"), is_legit_square("影響を影響を")
    (True, False)
    """
    return text in REDUPLICATIONS


CELL_MAX_CHARS = 24  # a table cell on a line of its own: at most this long ...
CELL_MAX_WORDS = 3  # ... and this many words, with no sentence or clause punctuation
_CLAUSE_PUNCT = frozenset(".。!?！？、，,;；:：")


def is_table_cell(line: str) -> bool:
    """Is ``line`` one short table cell or heading (``Active``, ``陸上自衛隊``, ``防衛大臣記者会見``), not a
    sentence, a clause or a label/value row?  Tables repeat such lines down a column, and a heading is
    repeated as the start of the title under it: repeats a writer makes (issue 7).

    >>> is_table_cell("陸上自衛隊"), is_table_cell("Active"), is_table_cell("Name: John Smith"), is_table_cell("両閣僚は、会談した。")
    (True, True, False, False)
    """
    body = line.strip()
    return 0 < len(body) <= CELL_MAX_CHARS and len(body.split()) <= CELL_MAX_WORDS and not _CLAUSE_PUNCT & set(body)
