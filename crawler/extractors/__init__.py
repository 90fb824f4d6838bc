"""Page extractors: pure ``extract(html, url) -> record dict`` functions, one per site.

Records use zyte-common-items ``Article`` field names (see
``cleaning/article.schema.json``). Extractors never import Scrapy, so they run
on stored archives as well as inside the crawler.

Spiders that crawl the offline mirror (served from 127.0.0.1) call a site
module explicitly through ``EXTRACTORS``; ``extract_for_url`` picks one by host
for real URLs and archives.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from crawler.extractors import generic, jdefense, mod, wargov
from crawler.extractors._html import decode_html, is_challenge_page
from crawler.extractors.pdf import PdfExtractionError, extract_pdf

Extractor = Callable[[str, str], dict[str, Any]]

EXTRACTORS: dict[str, Extractor] = {
    "mod": mod.extract,
    "jdefense": jdefense.extract,
    "wargov": wargov.extract,
    "generic": generic.extract,
}

# Host suffix -> extractor name; war.gov and defense.gov serve the same paths.
HOSTS: dict[str, str] = {
    "mod.go.jp": "mod",
    "j-defense.ikaros.jp": "jdefense",
    "war.gov": "wargov",
    "defense.gov": "wargov",
}


def site_for_url(url: str) -> str:
    """Name of the extractor for a URL's host (``generic`` for unknown hosts)."""
    host = (urlsplit(url).hostname or "").lower()
    for suffix, name in HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return "generic"


def extract_for_url(html: str, url: str) -> dict[str, Any]:
    """Extract a record with the extractor chosen by the URL's host."""
    return EXTRACTORS[site_for_url(url)](html, url)


__all__ = [
    "EXTRACTORS", "HOSTS", "Extractor", "PdfExtractionError", "decode_html",
    "extract_for_url", "extract_pdf", "is_challenge_page", "site_for_url",
]
