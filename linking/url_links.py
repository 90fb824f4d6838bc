"""Links known from URLs alone: a record is the same article as its canonical URL, and war.gov
serves every path that defense.gov served (the department's site moved in September 2025 and
kept its paths; see shared/sources/README.md), so each is ``sameAs`` the other host's URL."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: Hosts that serve the same paths: ``host → alias``.
HOST_ALIASES = {
    "www.war.gov": "www.defense.gov",
    "www.defense.gov": "www.war.gov",
    "war.gov": "defense.gov",
    "defense.gov": "war.gov",
}


def _is_site_root(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


def alias_url(url: str) -> str | None:
    """``https://www.war.gov/x`` → ``https://www.defense.gov/x``; None for other hosts.

    >>> alias_url("https://www.war.gov/News/Releases/Release/Article/1/")
    'https://www.defense.gov/News/Releases/Release/Article/1/'
    """
    parts = urlsplit(url)
    alias = HOST_ALIASES.get((parts.hostname or "").lower())
    return urlunsplit(parts._replace(netloc=alias)) if alias else None


def url_links(record: dict[str, Any]) -> list[dict[str, str]]:
    """``sameAs`` the canonical URL (not a site root: some CMSs put that on every page) and the
    canonical URL's host alias."""
    url, canonical = record.get("url"), record.get("canonicalUrl")
    links: list[dict[str, str]] = []
    if canonical and canonical != url and not _is_site_root(canonical):
        links.append({"rel": "sameAs", "url": canonical})
    alias = alias_url(canonical or url or "")
    if alias and alias != url:
        links.append({"rel": "sameAs", "url": alias})
    return links
