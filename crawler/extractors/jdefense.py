"""Jディフェンスニュース (j-defense.ikaros.jp) article pages ``/docs/<section>/NNNNNN.html``.

Page order: site header, title, ``• <category>``, date ``YYYY-M-D HH:MM`` (JST),
body, an end marker ``(以上)``/``(了)``, the ``Ranking読まれている記事`` widget,
then credits (``写真:防衛省``), ``bnrname`` and ``pagetop``. The body is kept up
to and including the end marker; everything after it is site furniture.
"""
from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from crawler.dates import JST, parse_jdefense_date
from crawler.extractors import generic
from crawler.extractors._html import (
    block_lines, canonical_url, first, first_text, html_lang, is_challenge_page,
    make_record, meta_content, node_text, parse, remove,
)

METHOD = "jdefense"
TITLE_CSS = (".article-title", "article h1", "h1")
CATEGORY_CSS = (".article-category li", ".article-category a", ".category li")
DATE_CSS = (".article-date", "time")
BODY_CSS = (".article-body", ".entry-body", "#article-body")
# Widgets that sit inside or right after the body and are never article text.
NOISE_CSS = (".ranking", "#ranking", ".credit", ".bnrname", ".pagetop", "#pagetop",
             ".share", ".sns", ".related", ".ad", "script", "style", "noscript")
END_MARKERS = ("(以上)", "（以上）", "(了)", "（了）")
# Text-level stops for when the widget markup was not recognised (generic fallback).
TAIL_START_RE = re.compile(r"Ranking\s*(読まれている記事)?|読まれている記事|写真\s*[:：].*|bnrname|pagetop")
CATEGORY_BULLETS = "•・-*· \u3000"
DATE_LINE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?")


def cut_tail(lines: list[str]) -> list[str]:
    """Keep lines up to the end marker (inclusive) and before any ranking/credit line."""
    kept: list[str] = []
    for line in lines:
        if TAIL_START_RE.fullmatch(line):
            break
        kept.append(line)
        if line.endswith(END_MARKERS):
            break
    return kept


def categories(tree: LexborHTMLParser) -> list[str]:
    """Category labels shown as ``• 防衛省関連`` under the title."""
    nodes = next((found for found in map(tree.css, CATEGORY_CSS) if found), [])
    labels = (text.lstrip(CATEGORY_BULLETS) for text in map(node_text, nodes) if text)
    return list(dict.fromkeys(label for label in labels if label))


def _site_record(tree: LexborHTMLParser, url: str) -> dict[str, Any] | None:
    """Extract with j-defense's layout; None when the layout is not there."""
    body_node = first(tree, BODY_CSS)
    headline = first_text(tree, TITLE_CSS)
    if body_node is None or not headline:
        return None
    remove(body_node, NOISE_CSS)
    body = cut_tail(block_lines(body_node))
    if not body:
        return None
    date_raw = first_text(tree, DATE_CSS)
    return make_record(
        url, METHOD, canonicalUrl=canonical_url(tree, url), headline=headline,
        datePublished=parse_jdefense_date(date_raw, JST), datePublishedRaw=date_raw,
        inLanguage=html_lang(tree) or "ja", breadcrumbs=categories(tree),
        description=meta_content(tree, "description", "og:description"),
        articleBody="\n".join(body),
    )


def strip_head(lines: list[str], labels: list[str]) -> list[str]:
    """Drop leading category and date lines that a generic container still holds."""
    index = 0
    while index < len(lines) and (lines[index].lstrip(CATEGORY_BULLETS) in labels
                                  or DATE_LINE_RE.fullmatch(lines[index])):
        index += 1
    return lines[index:]


def _fallback(html: str, url: str) -> dict[str, Any]:
    """Generic extraction, then the same text-level cuts of the page head and tail."""
    record = generic.extract(html, url, tz=JST)
    tree = parse(html)
    labels = categories(tree)
    lines = strip_head(record["articleBody"].split("\n"), labels)
    record["articleBody"] = "\n".join(cut_tail(lines))
    record["breadcrumbs"] = record["breadcrumbs"] or labels
    if not record["datePublished"]:
        # The date line usually survives a redesign that renamed the body container.
        record["datePublishedRaw"] = first_text(tree, DATE_CSS)
        record["datePublished"] = parse_jdefense_date(record["datePublishedRaw"], JST)
    return record


def extract(html: str, url: str) -> dict[str, Any]:
    """Extract a j-defense article; falls back to the generic extractor."""
    if is_challenge_page(html or ""):
        return _fallback(html, url)
    return _site_record(parse(html), url) or _fallback(html, url)
