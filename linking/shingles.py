"""Shingle sets and MinHash signatures.

Japanese (and other CJK) text has no spaces between words, so it is shingled as character
5-grams with whitespace removed; other text as word 3-grams, lower-cased. Numbers are kept as
they are: a release that differs from another only in a date or a figure must look different.
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache

CHAR_K = 5
WORD_K = 3
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def is_cjk(text: str, lang: str | None = None) -> bool:
    """True for Japanese/Chinese/Korean text: by ``inLanguage`` when given, else by script
    (more than a fifth of the first 2,000 characters CJK)."""
    if lang:
        primary = lang.split("-", 1)[0].lower()
        if primary in ("ja", "zh", "ko"):
            return True
        if primary not in ("und", ""):
            return False
    sample = text[:2000]
    return len(_CJK.findall(sample)) * 5 > len(sample)


def tokens(text: str, lang: str | None = None) -> list[str]:
    """Characters (CJK, whitespace removed) or lower-cased words: the units of shingles and of
    the alignment in :mod:`linking.similarity`."""
    if is_cjk(text, lang):
        return list(_SPACE.sub("", text))
    return _WORD.findall(text.lower())


def shingles(text: str, lang: str | None = None) -> frozenset[str]:
    """Character 5-grams (CJK) or word 3-grams; a text shorter than one shingle is one shingle.

    >>> sorted(shingles("防衛省は 発表した", "ja"))
    ['は発表した', '省は発表し', '衛省は発表', '防衛省は発']
    >>> sorted(shingles("The minister met the minister", "en"))
    ['met the minister', 'minister met the', 'the minister met']
    """
    cjk = is_cjk(text, lang)
    units = tokens(text, lang)
    k = CHAR_K if cjk else WORD_K
    sep = "" if cjk else " "
    if len(units) <= k:
        return frozenset([sep.join(units)]) if units else frozenset()
    return frozenset(sep.join(units[i:i + k]) for i in range(len(units) - k + 1))


#: datasketch 2.x's hashing scheme, named explicitly so stored signatures stay comparable.
SCHEME = "affine32"
#: The 32-bit hash of a shingle before the permutations: CRC-32 (zlib), six times faster than
#: datasketch's default SHA-1 and as deterministic across processes and machines; recorded in
#: the index parameters. A weaker hash could only cost a candidate: the exact check decides.
HASH = "crc32"


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int):  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations


def minhash(shingle_set: frozenset[str], num_perm: int, seed: int):  # type: ignore[no-untyped-def]
    """datasketch ``LeanMinHash`` of the set (permutations shared, so each call is cheap)."""
    from datasketch import LeanMinHash, MinHash

    mh = MinHash(num_perm=num_perm, seed=seed, permutations=_permutations(num_perm, seed), scheme=SCHEME,
                 hashfunc=zlib.crc32)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return LeanMinHash(mh)
