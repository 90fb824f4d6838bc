"""U.S. Department of War (www.war.gov, formerly www.defense.gov) releases and transcripts.

Both hosts serve the same paths. Article pages live under
``/News/<Section>/<Type>/Article/<id>/<slug>/``; anything else (``/News/Releases/``
and other lists) is a list page whose cards repeat each title after its summary,
so list pages never yield article text: they return ``articleBody`` "".
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.dates import US_EASTERN, parse_english_date, parse_iso_date
from crawler.extractors import generic
from crawler.extractors._html import (
    block_lines, canonical_url, first, first_text, html_lang, is_challenge_page,
    make_record, meta_content, node_text, parse, remove,
)

METHOD = "wargov"
LIST_METHOD = "wargov:list"
# Detail pages; both the current and the pre-2020 release paths.
ARTICLE_PATH_RE = re.compile(
    r"/News/(?:Releases/Release|News-Releases/News-Release-View|Transcripts/Transcript"
    r"|Speeches/Speech|Contracts/Contract|News-Stories/Article|Feature-Stories/Story"
    r"|Advisories/Advisory)/Article/\d+",
    re.IGNORECASE,
)
TITLE_CSS = ("h1.maintitle", ".adetail h1", "article h1", "h1")
DATE_CSS = (".adetail-info .date", "time.date", ".adetail .date")
BODY_CSS = (".adetail .body", "div.body[itemprop=articleBody]", "[itemprop=articleBody]", "div.body")
BREADCRUMB_CSS = (".breadcrumbs a", ".breadcrumb li")
NOISE_CSS = (".share", ".social", ".ad", ".media-caption-download", "script", "style", "noscript")
HOME_LABELS = frozenset({"Home", "HOME"})


def is_article_url(url: str) -> bool:
    """True for release/transcript detail URLs; list pages and everything else are False."""
    return bool(ARTICLE_PATH_RE.search(urlsplit(url).path))


def breadcrumbs(tree: LexborHTMLParser) -> list[str]:
    """Breadcrumb labels without the home link."""
    nodes = next((found for found in map(tree.css, BREADCRUMB_CSS) if found), [])
    return [label for label in map(node_text, nodes) if label and label not in HOME_LABELS]


def _date(tree: LexborHTMLParser) -> tuple[str | None, str | None]:
    """(raw, ISO) publication date: the printed date, else the ``<time datetime>`` value."""
    raw = first_text(tree, DATE_CSS)
    parsed = parse_english_date(raw, US_EASTERN)
    if parsed:
        return raw, parsed
    node = first(tree, ("time[datetime]",))
    machine = node.attributes.get("datetime") if node is not None else None
    return (machine or raw), parse_iso_date(machine, US_EASTERN)


def _common(tree: LexborHTMLParser, url: str) -> dict[str, Any]:
    """Fields shared by article and list pages."""
    return {
        "canonicalUrl": canonical_url(tree, url),
        "headline": first_text(tree, TITLE_CSS) or meta_content(tree, "og:title"),
        "inLanguage": html_lang(tree) or "en",
        "breadcrumbs": breadcrumbs(tree),
        "description": meta_content(tree, "og:description", "description"),
    }


def _site_record(tree: LexborHTMLParser, url: str) -> dict[str, Any] | None:
    """Extract with war.gov's article layout; None when the layout is not there."""
    body_node = first(tree, BODY_CSS)
    fields = _common(tree, url)
    if body_node is None or not fields["headline"]:
        return None
    remove(body_node, NOISE_CSS)
    body = block_lines(body_node)
    if not body:
        return None
    date_raw, date_iso = _date(tree)
    modified = parse_iso_date(meta_content(tree, "article:modified_time"), US_EASTERN)
    return make_record(url, METHOD, datePublished=date_iso, datePublishedRaw=date_raw,
                       dateModified=modified, articleBody="\n".join(body), **fields)


def extract(html: str, url: str) -> dict[str, Any]:
    """Extract a war.gov article; list pages give an empty body, odd layouts go generic."""
    if is_challenge_page(html or ""):
        return generic.extract(html, url, tz=US_EASTERN)
    tree = parse(html)
    if not is_article_url(url):
        return make_record(url, LIST_METHOD, **_common(tree, url))
    return _site_record(tree, url) or generic.extract(html, url, tz=US_EASTERN)
