"""Japan Ministry of Defense (www.mod.go.jp) article pages, Japanese ``/j/`` and English ``/en/``.

A MOD page opens with a fixed header, read here as text lines: the title, the
date (``令和6年5月3日`` or ``May 3, 2024``), the issuer ``防衛省``/``Ministry of
Defense``, then the links ``英語版/English``, ``印刷用`` or ``In Japanese``. The
body is everything after that header, including the ``(Provisional translation
…)`` notice and press-conference tables flattened to lines.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.dates import JST, parse_english_date, parse_japanese_date
from crawler.extractors import generic
from crawler.extractors._html import (
    absolute, block_lines, canonical_url, first, first_text, html_lang, is_challenge_page,
    make_record, meta_content, node_text, parse, remove,
)

METHOD = "mod"
CONTENT_CSS = ("#contents", "#main", "main", ".contents", "[role=main]")
TITLE_CSS = ("h1",)
BREADCRUMB_CSS = ("#breadcrumb li", ".breadcrumb li", ".breadcrumbs li", "#topicpath a")
DATE_CSS = (".date", "time")
# Page furniture that sits inside the content container on some templates.
NOISE_CSS = ("#breadcrumb", ".breadcrumb", ".breadcrumbs", "#topicpath", ".pagetop", "#pagetop",
             ".share", ".sns", ".print", "script", "style", "noscript", "form", "nav")
# Header lines between the title and the body; never article text.
HEADER_LINE_RE = re.compile(
    r"防衛省|防衛省・自衛隊|Ministry of Defense|Japan Ministry of Defense"
    r"|英語版\s*/\s*English|英語版|English|印刷用.*|In Japanese|日本語版"
)
HOME_LABELS = frozenset({"ホーム", "Home", "トップページ", "TOP"})
# A header date line is short; a longer line mentioning a date is body text.
MAX_DATE_LINE = 40


def language_from_url(url: str) -> str | None:
    """``/j/`` pages are Japanese and ``/en/`` pages English, whatever the markup says."""
    path = urlsplit(url).path
    if path.startswith(("/j/", "/sp/j/")):
        return "ja"
    if path.startswith("/en/"):
        return "en"
    return None


def parse_mod_date(text: str | None) -> str | None:
    """Both header date styles; the English site prints Japan dates, so the zone stays JST."""
    return parse_japanese_date(text, JST) or parse_english_date(text, JST)


def _is_date_line(line: str) -> bool:
    """A short header line that is a date."""
    return len(line) <= MAX_DATE_LINE and parse_mod_date(line) is not None


def split_header(lines: list[str], headline: str | None) -> tuple[str | None, list[str]]:
    """Drop the title, issuer and link lines; return (raw date, body lines)."""
    date_raw: str | None = None
    seen_title = False
    for index, line in enumerate(lines):
        if not seen_title and line == headline:
            seen_title = True
        elif date_raw is None and _is_date_line(line):
            date_raw = line
        elif not HEADER_LINE_RE.fullmatch(line):
            return date_raw, lines[index:]
    return date_raw, []


def breadcrumbs(tree: LexborHTMLParser, headline: str | None) -> list[str]:
    """Breadcrumb labels between the home link and the page itself."""
    nodes = next((found for found in map(tree.css, BREADCRUMB_CSS) if found), [])
    trail = [label for label in map(node_text, nodes) if label]
    if trail and trail[0] in HOME_LABELS:
        trail = trail[1:]
    if trail and trail[-1] == headline:
        trail = trail[:-1]
    return trail


def _site_record(tree: LexborHTMLParser, url: str) -> dict[str, Any] | None:
    """Extract with MOD's layout; None when the layout is not there."""
    container = first(tree, CONTENT_CSS)
    headline = first_text(container, TITLE_CSS) if container is not None else None
    if container is None or not headline:
        return None
    crumbs = breadcrumbs(tree, headline)
    remove(container, NOISE_CSS)
    date_raw, body = split_header(block_lines(container), headline)
    if not body:
        return None
    date_raw = date_raw or first_text(container, DATE_CSS)
    return make_record(
        url, METHOD, headline=headline,
        canonicalUrl=canonical_url(tree, url) or absolute(url, meta_content(tree, "og:url")),
        datePublished=parse_mod_date(date_raw), datePublishedRaw=date_raw,
        inLanguage=language_from_url(url) or html_lang(tree), breadcrumbs=crumbs,
        articleBody="\n".join(body),
    )


def _fallback(html: str, url: str) -> dict[str, Any]:
    """Generic extraction, keeping what the URL says about the language."""
    record = generic.extract(html, url, tz=JST)
    record["inLanguage"] = language_from_url(url) or record["inLanguage"]
    return record


def extract(html: str, url: str) -> dict[str, Any]:
    """Extract a mod.go.jp article; falls back to the generic extractor."""
    if is_challenge_page(html or ""):
        return _fallback(html, url)
    return _site_record(parse(html), url) or _fallback(html, url)
