"""Does a line of text read as a sentence? In every script, not only those that end one with ``.``.

The page-kind judge (:mod:`crawler.extractors.page_kind`) counts lines of sentences to tell a
short release from a page of a title and a line, and the generic extractor
(:mod:`crawler.extractors.generic`) keeps its own lines over trafilatura's only when they are
sentences. Both ask this module, so a Hindi release (sentences end in the danda ``।``), an
Urdu one (``۔``), an Amharic one (``።``) or a Thai one (no sentence punctuation at all) is
measured as an English one is (breaker13 F1/F2: a Thai and a Hindi release were dropped as
``not_article`` for want of full stops).

Two rules:

- a line *ends like a sentence* when it ends with a character of the Unicode property
  ``Sentence_Terminal`` (UAX #29: ``. ! ?``, ``。！？``, Devanagari ``। ॥``, Arabic ``؟ ۔``,
  Ethiopic ``።``, Armenian ``։``, Myanmar ``။``, Khmer ``។``; the Tibetan shad ``།``, which the
  property leaves out, is added), perhaps followed by closing quotes or brackets, or with a
  closing quote or bracket alone (``…と述べた」``, as before);
- a line written in a script that marks no sentence end (:data:`UNPUNCTUATED_SCRIPTS`: Thai,
  Lao) reads as prose when it is long and made of phrases, not of words: its space-separated
  runs average :data:`MIN_PHRASE_COLUMNS` columns or more (Thai separates phrases and
  sentences by a space and writes no space between words; a menu of short items does not
  average so much).

Widths are display columns (:func:`text_width`): wide characters two, combining marks none.
"""
from __future__ import annotations

import unicodedata

import regex

# Closing quotes and brackets that may follow a sentence's end (``."``, ``。」``, ``!)``).
_CLOSERS = r"\p{Pe}\p{Pf}\"'’”»」』）)"
#: A line ending like a sentence (see the module).
SENTENCE_END = regex.compile(rf"(?:[\p{{Sentence_Terminal}}\u0f0d\u0f0e][{_CLOSERS}]*|[」』）)\"”’])\s*$")
#: A sentence's end inside running text: a letter, then a terminator of the Latin kind
#: (``.``: not the dot of ``3.5`` or ``www.gov``) and a space or the end; or a terminator that
#: never stands inside a word (``。``, ``।``, ``؟``, ``።``…).
SENTENCE_IN_TEXT = regex.compile(
    r"\p{L}[.!?](?:\s|$)|(?![.!?])[\p{Sentence_Terminal}\u0f0d\u0f0e]")
#: Scripts written without sentence punctuation: a sentence there is told by its length.
UNPUNCTUATED_SCRIPTS = ("Thai", "Lao")
_UNPUNCTUATED_LETTER = regex.compile("|".join(rf"\p{{Script={name}}}" for name in UNPUNCTUATED_SCRIPTS))
_LETTER = regex.compile(r"\p{L}|\p{M}")
#: A line in such a script is prose when its space-separated runs average this many columns.
MIN_PHRASE_COLUMNS = 12
#: ...and a run this long inside running text is a phrase of prose (see :func:`has_sentence`).
PHRASE_IN_TEXT_COLUMNS = 30


def text_width(text: str) -> int:
    """The text's width in display columns: wide and full-width characters (Hangul, kanji,
    kana: Unicode East Asian Width W/F) count two, combining marks (Thai vowel and tone marks,
    Devanagari virama: categories Mn, Me) and format characters none, others one. A sentence
    in the wide scripts says as much in fewer characters ("장관은 혹한기 대비 장병 생활 여건과
    경계 태세를 직접 확인하였다." is 38 characters, 67 columns), so prose is measured in columns."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def unpunctuated(text: str) -> bool:
    """True when most of the text's letters are of a script written without sentence
    punctuation (:data:`UNPUNCTUATED_SCRIPTS`)."""
    letters = len(_LETTER.findall(text))
    return letters > 0 and 2 * len(_UNPUNCTUATED_LETTER.findall(text)) > letters


def _phrasal(text: str) -> bool:
    """Runs between spaces averaging :data:`MIN_PHRASE_COLUMNS` columns: phrases, not words."""
    runs = text.split()
    return bool(runs) and text_width("".join(runs)) >= MIN_PHRASE_COLUMNS * len(runs)


def ends_sentence(line: str) -> bool:
    """True when the line reads as a sentence's end: :data:`SENTENCE_END`, or for a line in a
    script without sentence punctuation, a line of phrases (see the module). The caller asks
    for the length it needs (a Thai line of a few words is no prose either)."""
    text = line.strip()
    if SENTENCE_END.search(text):
        return True
    return unpunctuated(text) and _phrasal(text)


def has_sentence(text: str) -> bool:
    """True when running text holds a sentence's end (:data:`SENTENCE_IN_TEXT`), or, in a script
    without sentence punctuation, a phrase of :data:`PHRASE_IN_TEXT_COLUMNS` columns."""
    if SENTENCE_IN_TEXT.search(text):
        return True
    return any(text_width(run) >= PHRASE_IN_TEXT_COLUMNS and unpunctuated(run) for run in text.split())
