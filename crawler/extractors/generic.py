"""Generic article extraction for any ministry site, and the fallback of the site extractors.

Metadata comes from JSON-LD (``NewsArticle``/``Article``, also inside ``@graph``),
then OpenGraph, then plain HTML (``<h1>``, ``<time datetime>``, ``<html lang>``).
The body comes from the main content container, found by a heuristic. The
record's ``metadata.extractionMethod`` says which metadata source was used:
``generic:json-ld``, ``generic:opengraph`` or ``generic:heuristic``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.dates import UTC, parse_date, parse_iso_date
from crawler.extractors._html import (
    BOILERPLATE_CSS, block_lines, canonical_url, absolute, collapse, first, first_text,
    html_lang, is_challenge_page, language_tag, make_record, meta_content, parse, remove,
)

# schema.org types that describe one article.
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "BackgroundNewsArticle", "OpinionNewsArticle",
    "BlogPosting", "Report", "TechArticle", "ScholarlyArticle", "LiveBlogPosting",
})
# Main-content containers, most specific first.
CONTENT_CSS = ("article", "main", "[role=main]", "#content", ".content", "#main", ".main")
HEADLINE_CSS = ("h1",)
TIME_CSS = ("time[datetime]", "time")
PUBLISHED_META = ("article:published_time", "datePublished", "date", "pubdate",
                  "DC.date.issued", "dcterms.created", "publish-date")
MODIFIED_META = ("article:modified_time", "dateModified", "og:updated_time", "dcterms.modified")
DESCRIPTION_META = ("og:description", "description", "twitter:description")
# Breadcrumb trail items that are the site root, not a category.
HOME_LABELS = frozenset({"home", "top", "ホーム", "トップ", "トップページ"})
# A container with less text than this is layout, not the article.
MIN_CONTAINER_CHARS = 200
# A form with less text than this is a search or contact form; ASP.NET wraps whole pages in one.
MAX_FORM_CHARS = 400


def _ld_blocks(tree: LexborHTMLParser) -> Iterator[Any]:
    """Parsed JSON of every ``application/ld+json`` script; broken JSON is skipped."""
    for node in tree.css('script[type="application/ld+json"]'):
        raw = (node.text(deep=True) or "").strip()
        raw = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", raw)
        try:
            yield json.loads(raw, strict=False)
        except ValueError:
            continue


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, descending into lists and ``@graph``."""
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _flatten(value["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    """The object's ``@type`` values as a set (it may be a string or a list)."""
    value = obj.get("@type", [])
    return {str(t).rsplit("/", 1)[-1] for t in (value if isinstance(value, list) else [value])}


def _ld_text(value: Any) -> str | None:
    """A JSON-LD scalar as text: strings, ``{"@value": …}``, ``{"name": …}``, first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, (str, int, float)):
        return collapse(str(value)) or None
    return None


def json_ld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """All JSON-LD objects on the page, flattened."""
    return [obj for block in _ld_blocks(tree) for obj in _flatten(block)]


def json_ld_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first JSON-LD object typed as an article."""
    return next((obj for obj in objects if _types(obj) & ARTICLE_TYPES), None)


def json_ld_breadcrumbs(objects: list[dict[str, Any]]) -> list[str]:
    """Names from the first ``BreadcrumbList``, in position order."""
    for obj in objects:
        if "BreadcrumbList" in _types(obj):
            items = [i for i in obj.get("itemListElement") or [] if isinstance(i, dict)]
            items.sort(key=lambda i: i.get("position", 0) if isinstance(i.get("position"), int) else 0)
            names = [_ld_text(i.get("name")) or _ld_text(i.get("item")) for i in items]
            return [name for name in names if name]
    return []


def category_labels(trail: list[str], headline: str | None) -> list[str]:
    """Keep a breadcrumb trail's category labels: drop the home link and the page itself."""
    labels = [label for label in trail if label]
    if labels and labels[0].strip().lower() in HOME_LABELS:
        labels = labels[1:]
    if labels and headline and labels[-1] == headline:
        labels = labels[:-1]
    return labels


def opengraph(tree: LexborHTMLParser) -> dict[str, str]:
    """All ``og:*`` and ``article:*`` meta properties (first value wins)."""
    found: dict[str, str] = {}
    for node in tree.css("meta[property]"):
        key = (node.attributes.get("property") or "").strip()
        value = collapse(node.attributes.get("content"))
        if key.startswith(("og:", "article:")) and value:
            found.setdefault(key, value)
    return found


def _strip_boilerplate(root: LexborNode) -> None:
    """Remove navigation, headers, footers, scripts and small forms."""
    remove(root, [css for css in BOILERPLATE_CSS if css != "form"])
    for form in root.css("form"):
        if len("".join(block_lines(form))) < MAX_FORM_CHARS:
            form.decompose()


def _text_size(node: LexborNode) -> int:
    """Characters of text under a node (what the heuristic compares)."""
    return sum(len(line) for line in block_lines(node))


def _densest_paragraph_parent(root: LexborNode) -> LexborNode | None:
    """The element whose direct ``<p>`` children hold the most text."""
    scores: dict[int, tuple[int, LexborNode]] = {}
    for paragraph in root.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        size, _ = scores.get(parent.mem_id, (0, parent))
        scores[parent.mem_id] = (size + _text_size(paragraph), parent)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: item[0])[1]


def main_content(tree: LexborHTMLParser) -> LexborNode | None:
    """Find the main content: the first container selector with enough text, else the densest block."""
    body = tree.body
    if body is None:
        return None
    _strip_boilerplate(body)
    for selector in CONTENT_CSS:
        candidates = [(node, _text_size(node)) for node in body.css(selector)]
        best = max(candidates, key=lambda item: item[1], default=None)
        if best and best[1] >= MIN_CONTAINER_CHARS:
            return best[0]
    return _densest_paragraph_parent(body) or body


def body_lines(tree: LexborHTMLParser, headline: str | None) -> list[str]:
    """Text lines of the main content, without a leading copy of the headline."""
    lines = block_lines(main_content(tree))
    if lines and headline and collapse(lines[0]) == headline:
        lines = lines[1:]
    return lines


def _published_raw(ld: dict[str, Any], og: dict[str, str], tree: LexborHTMLParser) -> str | None:
    """The publication date exactly as the page states it, best source first."""
    time_node = first(tree, TIME_CSS)
    time_value = None
    if time_node is not None:
        time_value = collapse(time_node.attributes.get("datetime")) or collapse(time_node.text())
    return (_ld_text(ld.get("datePublished")) or og.get("article:published_time")
            or meta_content(tree, *PUBLISHED_META) or time_value or None)


def _normalise_date(raw: str | None, tz: str) -> str | None:
    """ISO first (most sources are ISO), then any known shape."""
    return parse_iso_date(raw, tz) or parse_date(raw, tz)


def _breadcrumbs(objects: list[dict[str, Any]], ld: dict[str, Any], og: dict[str, str],
                 headline: str | None) -> list[str]:
    """Category labels from BreadcrumbList, else articleSection, else article:section."""
    trail = category_labels(json_ld_breadcrumbs(objects), headline)
    if trail:
        return trail
    section = ld.get("articleSection")
    sections = section if isinstance(section, list) else [section]
    labels = [text for text in (_ld_text(s) for s in sections) if text]
    return labels or ([og["article:section"]] if "article:section" in og else [])


def _ld_body(value: Any) -> str:
    """JSON-LD ``articleBody`` with its own line breaks kept (used only when the DOM has no body)."""
    if not isinstance(value, str):
        return ""
    lines = (collapse(line) for line in value.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _method(ld: dict[str, Any], og: dict[str, str]) -> str:
    """Name the metadata source the record relied on."""
    if ld:
        return "generic:json-ld"
    return "generic:opengraph" if "og:title" in og else "generic:heuristic"


def extract(html: str, url: str, *, tz: str = UTC) -> dict[str, Any]:
    """Extract an article record from any HTML page; ``tz`` is the zone for zone-less dates."""
    if is_challenge_page(html or ""):
        return make_record(url, "challenge")
    tree = parse(html)
    objects = json_ld_objects(tree)
    ld = json_ld_article(objects) or {}
    og = opengraph(tree)
    headline = (_ld_text(ld.get("headline")) or _ld_text(ld.get("name")) or og.get("og:title")
                or first_text(tree, HEADLINE_CSS) or first_text(tree, ("title",)))
    published_raw = _published_raw(ld, og, tree)
    modified_raw = _ld_text(ld.get("dateModified")) or meta_content(tree, *MODIFIED_META)
    fields = {
        "canonicalUrl": canonical_url(tree, url) or absolute(url, og.get("og:url")),
        "headline": headline,
        "datePublished": _normalise_date(published_raw, tz),
        "datePublishedRaw": published_raw,
        "dateModified": _normalise_date(modified_raw, tz),
        "inLanguage": (language_tag(_ld_text(ld.get("inLanguage"))) or html_lang(tree)
                       or language_tag(og.get("og:locale"))),
        "breadcrumbs": _breadcrumbs(objects, ld, og, headline),
        "description": _ld_text(ld.get("description")) or meta_content(tree, *DESCRIPTION_META),
    }
    body = "\n".join(body_lines(tree, headline)) or _ld_body(ld.get("articleBody"))
    return make_record(url, _method(ld, og), articleBody=body, **fields)
