"""The comparison key: the text as the repeat finder sees it.

Two copies of a phrase count as the same when they differ only in ways that
carry no meaning in our sources: character width (``２０１`` / ``201``),
punctuation variants (``、`` / ``，``, ``。`` / ``．``), zero-width
characters, and whitespace inside Japanese text (PDF copies break lines and
insert spaces at random).  The key folds those differences away and keeps,
for every key character, the offset of the source character it came from, so
that every edit is reported on the text the caller gave us.

All whitespace goes, even between English words: copies of a run cut at
arbitrary points carry their spaces on different sides (``ironclad, and th``
/ `` and th``), and word-level legitimate repetition (``had had``, ``Walla
Walla``) is protected by weight, not by spacing.

The folding is table-driven: one compiled pass over the text
(``repeat_kernels.fold``) looks each character up.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from cleaning.repeat_kernels import fold

_PLANE = 0x110000
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_VARIANTS = {
    "、": ",", "､": ",", "。": ".", "｡": ".", "〜": "~",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
}


def _fold_table() -> np.ndarray:
    table = np.arange(_PLANE, dtype=np.uint32)
    table[0xFF01:0xFF5F] -= 0xFEE0  # fullwidth ASCII
    for cp in range(0xFF61, 0xFFA0):  # halfwidth katakana and punctuation
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1:
            table[cp] = ord(folded)
    for src, dst in _VARIANTS.items():
        table[ord(src)] = ord(dst)
    return table


def _gap_table() -> np.ndarray:
    """Characters the key drops: whitespace and zero-width characters."""
    gap = np.zeros(_PLANE, dtype=bool)
    gap[[ord(c) for c in " \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"]] = True
    gap[0x2000:0x200B] = True
    gap[[ord(c) for c in _ZERO_WIDTH]] = True
    return gap


def _weight_table() -> np.ndarray:
    weight = np.full(_PLANE, 0.25, dtype=np.float64)
    for lo, hi in ((ord("A"), ord("Z") + 1), (ord("a"), ord("z") + 1), (0xC0, 0x250)):
        weight[lo:hi] = 1.0
    weight[[0xD7, 0xF7]] = 0.25  # × and ÷
    weight[ord("0") : ord("9") + 1] = 0.5
    weight[0x3041:0x3100] = 1.5  # kana
    for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7B0), (0xF900, 0xFB00)):
        weight[lo:hi] = 2.0
    weight[[ord("々"), ord("〆")]] = 2.0
    return weight


_FOLD = _fold_table()
_GAP = _gap_table().view(np.uint8)
WEIGHTS = _weight_table()  # see TextKey.weights


@dataclass(frozen=True)
class TextKey:
    """A folded copy of a text plus the map from key offsets to source offsets."""

    key: str
    codes: np.ndarray  # the key as code points
    src: np.ndarray  # src[k]: source offset of key character k
    raw: np.ndarray  # the source text as code points

    @cached_property
    def offsets(self) -> list[int]:
        """``src`` as a list: edits look offsets up one at a time, and a list beats numpy
        scalars at that.  Built only for texts that have something to repair."""
        return self.src.tolist()

    @cached_property
    def cum(self) -> np.ndarray:
        """``cum[k]``: the summed ``WEIGHTS`` of ``key[:k]`` (computed once, shared by every step)."""
        from cleaning.repeat_kernels import cumulative_weights

        return cumulative_weights(self.codes, WEIGHTS)

    def src_start(self, k: int) -> int:
        """Source offset where key character ``k`` starts (``len(key)`` maps past the end)."""
        offsets = self.offsets
        return offsets[k] if k < len(offsets) else offsets[-1] + 1

    def src_end(self, k_end: int) -> int:
        """Source offset just past key character ``k_end - 1``."""
        return self.offsets[k_end - 1] + 1 if k_end > 0 else 0

    def weights(self) -> np.ndarray:
        """Per key character: how much evidence it carries that a repeat is not chance.

        Ideographs and Hangul weigh 2, kana 1.5, Latin letters 1, digits 0.5
        (years and counts repeat legitimately), punctuation and spaces 0.25.
        """
        return WEIGHTS[self.codes]


def make_key(text: str) -> TextKey:
    """Fold ``text`` into its comparison key.

    >>> make_key("緊密に\\n連携　２０１4").key
    '緊密に連携2014'
    >>> make_key("had  had").key
    'hadhad'
    """
    raw, codes, src = fold(text, _FOLD, _GAP)
    return TextKey(codes.tobytes().decode("utf-32-le"), codes, src, raw)


_NOISE_CHARS = re.compile(f"[{_ZERO_WIDTH}\uff01-\uff9f]")
# A whitespace run that holds a line break or touches CJK text (a non-space at U+2E80 or above,
# save Hangul: Korean is written with spaces between words, which are the text's own).
_CJK = r"[^\s\u0000-\u2e7f\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]"
_NOISE_GAP = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})|\s*\n\s*")


def noise(segment: str) -> int:
    """How far a copy of a phrase is from clean text: the lower, the cleaner.

    Counts zero-width characters, fullwidth and halfwidth forms, line breaks,
    and whitespace touching CJK text (``米国防長 官``).  A space between
    English or Korean words is not noise.

    >>> noise("米国防長 官と２０１"), noise("米国防長官と201"), noise("U.S. and"), noise("a\\u3000 b \\n c")
    (4, 0, 0, 1)
    """
    return len(_NOISE_CHARS.findall(segment)) + len(_NOISE_GAP.findall(segment))
