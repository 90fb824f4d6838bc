"""Typed links a page states itself: its language versions and the URLs it was redirected from.

Language versions come from ``<a href lang=xx>`` (MOD's ``英語版/English`` and ``In Japanese``)
and ``<link rel=alternate hreflang=xx>``. Direction: a ministry writes in its own language and
publishes English translations (MOD marks them "Provisional translation"), so between an English
and a non-English version the non-English one is the work and the English one its translation
(schema.org ``workTranslation`` / ``translationOfWork``). Between two non-English versions the
direction is unknown and no link is made.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

Link = dict[str, str]


def primary_language(tag: str | None) -> str | None:
    """``ja-JP`` → ``ja``; None for missing or undetermined (``und``)."""
    if not tag:
        return None
    primary = tag.strip().split("-", 1)[0].split("_", 1)[0].lower()
    return None if primary in ("", "und", "x") else primary


def translation_rel(page_lang: str | None, other_lang: str | None) -> str | None:
    """The rel from a page in ``page_lang`` to its version in ``other_lang``.

    >>> translation_rel("ja", "en"), translation_rel("en", "ja"), translation_rel("ja", "ko")
    ('workTranslation', 'translationOfWork', None)
    """
    page, other = primary_language(page_lang), primary_language(other_lang)
    if not page or not other or page == other:
        return None
    if other == "en":
        return "workTranslation"
    if page == "en":
        return "translationOfWork"
    return None


def _http_url(base: str, href: str) -> str | None:
    url = urljoin(base, href.strip()).split("#", 1)[0]
    return url if urlsplit(url).scheme in ("http", "https") and url != base else None


def language_links(url: str, html: str, page_lang: str | None) -> list[Link]:
    """Translation links from the page's own language links."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    page_lang = page_lang or (tree.css_first("html").attributes.get("lang") if tree.css_first("html") else None)
    found: list[Link] = []
    nodes = [(n, "lang") for n in tree.css("a[lang][href]")]
    nodes += [(n, "hreflang") for n in tree.css("link[rel=alternate][hreflang][href]")]
    for node, attr in nodes:
        rel = translation_rel(page_lang, node.attributes.get(attr))
        target = _http_url(url, node.attributes.get("href") or "")
        if rel and target and {"rel": rel, "url": target} not in found:
            found.append({"rel": rel, "url": target})
    return found


def stated_links(url: str, html: str | None, page_lang: str | None, redirect_urls: tuple[str, ...] = ()) -> list[Link]:
    """Every link the fetch itself states: redirects (``sameAs``) and language versions."""
    links = [{"rel": "sameAs", "url": u} for u in dict.fromkeys(redirect_urls) if u != url]
    if html:
        links += language_links(url, html, page_lang)
    return links
