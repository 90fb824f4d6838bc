"""Small HTML helpers shared by the extractors: parsing, text lines, meta tags, records.

Everything here is pure and tolerant: lexbor repairs broken markup the way a
browser does, and helpers return None or empty values instead of raising.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaning.record_contract import conform_record
from crawler.extractors.decoding import declared_charset, decode_page, repair_surrogates  # noqa: F401

# Elements that start a new line of text when rendered.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
# Table cells stay on their row's line, separated by a space.
CELL_TAGS = frozenset({"td", "th"})
# Elements whose text is never article text.
SKIP_TAGS = frozenset({
    "-comment", "head", "script", "style", "noscript", "template", "svg", "iframe",
    "object", "select", "option", "textarea", "input", "button", "title", "meta", "link",
    # Ruby readings (振り仮名) are not part of the base text: 季節 with <rt>きせつ</rt> is 季節.
    "rt", "rp",
})
# Page chrome removed before looking for the main content.
BOILERPLATE_CSS = (
    "nav", "header", "footer", "aside", "script", "style", "noscript", "form",
    "template", "iframe", "svg", "[role=navigation]", "[role=banner]",
    "[role=contentinfo]", "[aria-hidden=true]",
)

_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # HTML whitespace only; keep U+3000 and NBSP as text
_RUN_OF_SPACES = re.compile(r" {2,}")
# Cloudflare's interstitial; it must never become an article.
_CHALLENGE_MARKERS = ("challenge-platform", "cf-chl", "cf_chl_opt", "cf-browser-verification")


def parse(html: str) -> LexborHTMLParser:
    """Parse HTML with lexbor, which never raises on broken markup."""
    return LexborHTMLParser(html or "")


def collapse(text: str | None) -> str:
    """Collapse HTML whitespace runs to one space and strip, as a browser renders inline text."""
    return _SPACES.sub(" ", text or "").strip()


def first(root: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> LexborNode | None:
    """Return the first node matched by the first selector that matches anything."""
    for selector in selectors:
        node = root.css_first(selector)
        if node is not None:
            return node
    return None


def node_text(node: LexborNode | None) -> str | None:
    """Return a node's whole text on one line, or None when it has none."""
    if node is None:
        return None
    # Rendering as lines keeps <br> as a gap but never splits Japanese inside <span>.
    return collapse(" ".join(block_lines(node))) or None


def first_text(root: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> str | None:
    """Text of the first selector that matches a node with text."""
    for selector in selectors:
        for node in root.css(selector):
            text = node_text(node)
            if text:
                return text
    return None


def remove(root: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> None:
    """Delete every node matched by the selectors (in place)."""
    for selector in selectors:
        for node in root.css(selector):
            node.decompose()


def _flush(buffer: list[str], lines: list[str]) -> None:
    """Move buffered inline text into lines; ``<br>`` became "\\n" in the buffer."""
    for part in "".join(buffer).split("\n"):
        part = _RUN_OF_SPACES.sub(" ", part).strip(" ")
        if part:
            lines.append(part)
    buffer.clear()


def block_lines(root: LexborNode | None,
                skip: Callable[[LexborNode], bool] | None = None) -> list[str]:
    """Render a subtree to text lines: one per paragraph-like block, ``<br>`` splits lines;
    an element for which ``skip`` is true is left out with its subtree.

    An explicit stack replaces recursion because broken pages can nest thousands deep.
    """
    lines: list[str] = []
    if root is None:
        return lines
    buffer: list[str] = []
    # Start from the children: the root itself is rendered even if it is a <title>.
    stack: list[tuple[LexborNode, bool]] = [
        (child, False) for child in reversed(list(root.iter(include_text=True)))]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            _flush(buffer, lines)
            continue
        tag = node.tag
        if tag == "-text":
            buffer.append(_SPACES.sub(" ", node.text(deep=False) or ""))
            continue
        if tag in SKIP_TAGS or (skip is not None and skip(node)):
            continue
        if tag == "br":
            buffer.append("\n")
            continue
        if tag in CELL_TAGS:
            buffer.append(" ")
        if tag in BLOCK_TAGS:
            _flush(buffer, lines)
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    _flush(buffer, lines)
    return lines


def meta_content(tree: LexborHTMLParser, *keys: str) -> str | None:
    """Content of the first ``<meta property|name|itemprop=key>`` that has one."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{key}"]')
            value = collapse(node.attributes.get("content")) if node is not None else ""
            if value:
                return value
    return None


def canonical_url(tree: LexborHTMLParser, url: str) -> str | None:
    """Absolute ``<link rel=canonical>`` href, or None when absent or not http(s)."""
    for node in tree.css("link[rel]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        href = collapse(node.attributes.get("href"))
        if "canonical" in rels and href:
            absolute = urljoin(url, href)
            return absolute if urlsplit(absolute).scheme in ("http", "https") else None
    return None


def language_tag(value: str | None) -> str | None:
    """Reduce ``ja-JP``/``en_US``/``EN`` to the primary subtag the schema expects (``ja``)."""
    primary = collapse(value).replace("_", "-").split("-")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")
#: Shares of the letters that identify a script's language (kana occur only in Japanese).
KANA_SHARE, CJK_SHARE, HANGUL_SHARE = 0.1, 0.5, 0.5


def text_language(text: str) -> str | None:
    """The language of an undeclared text (ISO 639-1), or None when it cannot be told.

    Japanese: kana are at least :data:`KANA_SHARE` of the letters and kana with kanji at least
    :data:`CJK_SHARE` (kana are written in no other language; kanji alone may be Chinese).
    Korean: hangul at least :data:`HANGUL_SHARE`. Other scripts are told by py3langid's model
    (the identifier trafilatura uses), trusted only on at least :data:`MODEL_MIN_LETTERS`
    letters and a normalized probability of at least :data:`MODEL_MIN_PROBABILITY`.
    Counted on the first 5,000 characters.

    >>> text_language("防衛大臣は、本日、駐屯地を視察しました。"), text_language("Talks held")
    ('ja', None)
    """
    sample = text[:5000]
    letters = sum(ch.isalpha() for ch in sample)
    if not letters:
        return None
    kana, han = len(_KANA.findall(sample)), len(_HAN.findall(sample))
    if kana >= KANA_SHARE * letters and kana + han >= CJK_SHARE * letters:
        return "ja"
    if len(_HANGUL.findall(sample)) >= HANGUL_SHARE * letters:
        return "ko"
    if letters < MODEL_MIN_LETTERS:
        return None
    language, probability = _language_model().classify(sample)
    return language if probability >= MODEL_MIN_PROBABILITY else None


#: Below this many letters a language model guesses (a headline, a menu); the page stays ``und``.
MODEL_MIN_LETTERS = 200
#: The model's normalized probability needed to name a language.
MODEL_MIN_PROBABILITY = 0.95


@functools.cache
def _language_model() -> Any:
    """py3langid's identifier with normalized probabilities, loaded on first use only
    (about 1 s: most pages declare their language, so the extraction warm-up does not pay it)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def html_lang(tree: LexborHTMLParser) -> str | None:
    """Language declared on ``<html lang>``."""
    node = tree.css_first("html")
    return language_tag(node.attributes.get("lang")) if node is not None else None


def absolute(url: str, href: str | None) -> str | None:
    """Resolve an href against the page URL."""
    href = collapse(href)
    return urljoin(url, href) if href else None


def is_challenge_page(html: str) -> bool:
    """True for a Cloudflare "Just a moment..." interstitial (never an article)."""
    head = html[:20000]
    return "Just a moment..." in head and any(marker in head for marker in _CHALLENGE_MARKERS)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes with :func:`crawler.extractors.decoding.decode_page` (text only)."""
    return decode_page(data, content_type).text


def make_record(url: str, method: str, **fields: Any) -> dict[str, Any]:
    """Build a record in contract-v2 field order (``CONTRACT-v2.md``); unknown fields are null.

    ``metadata`` gets ``extractionMethod`` and, when given, ``dateCandidates``,
    ``validationMessages``, ``encoding`` and ``decodeErrors``.
    """
    record: dict[str, Any] = {
        "url": url,
        "canonicalUrl": fields.get("canonicalUrl"),
        "headline": fields.get("headline"),
        "datePublished": fields.get("datePublished"),
        "datePublishedRaw": fields.get("datePublishedRaw"),
        "datePublishedPrecision": fields.get("datePublishedPrecision"),
        "dateModified": fields.get("dateModified"),
        "dateModifiedPrecision": fields.get("dateModifiedPrecision"),
        "inLanguage": fields.get("inLanguage"),
        "breadcrumbs": list(fields.get("breadcrumbs") or []),
        "description": fields.get("description"),
        "articleBody": fields.get("articleBody") or "",
        "metadata": {
            "extractionMethod": method,
            "encoding": fields.get("encoding"),
            "decodeErrors": int(fields.get("decodeErrors") or 0),
            "validationMessages": list(fields.get("validationMessages") or []),
            "dateCandidates": list(fields.get("dateCandidates") or []),
        },
    }
    repaired = 0
    for key in ("headline", "description", "articleBody", "datePublishedRaw"):
        if isinstance(record[key], str):
            record[key], count = repair_surrogates(record[key])
            repaired += count
    fixed = [repair_surrogates(label) for label in record["breadcrumbs"] if isinstance(label, str)]
    record["breadcrumbs"] = [label for label, _ in fixed]
    repaired += sum(count for _, count in fixed)
    if repaired:
        record["metadata"]["validationMessages"].append(
            f"text: {repaired} lone surrogate code points replaced with U+FFFD")
    for key in ("datePublished", "dateModified"):
        if record[key] and not record[key + "Precision"]:
            record[key + "Precision"] = "day" if str(record[key])[11:19] == "00:00:00" else "time"
    return conform_record(record)
