"""Which copy is the original: the ministry over a republisher, the source language over a
translation, then the earlier publication, then the URL (so the choice never depends on order).

A peer monitor that kept a newspaper reprint instead of the ministry's copy for 38 days is why
authority comes before date.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

#: Lower is more authoritative. Sources (spider names) and canonical hosts.
SOURCE_RANK = {"mod_ja": 0, "mod_en": 0, "wargov": 0, "generic": 0, "jdefense": 1}
HOST_RANK = {"mod.go.jp": 0, "war.gov": 0, "defense.gov": 0, "j-defense.ikaros.jp": 1}
UNKNOWN_RANK = 2


def rank(record: dict[str, Any]) -> int:
    """0 for a ministry, 1 for a known republisher, 2 unknown."""
    source = record.get("source")
    if source in SOURCE_RANK:
        return SOURCE_RANK[source]
    host = (urlsplit(record.get("canonicalUrl") or record.get("url") or "").hostname or "").lower()
    for known, value in HOST_RANK.items():
        if host == known or host.endswith("." + known):
            return value
    return UNKNOWN_RANK


def is_translation(record: dict[str, Any]) -> bool:
    return any(link.get("rel") == "translationOfWork" for link in record.get("links") or [])


def original_key(record: dict[str, Any]) -> tuple[int, bool, str, str]:
    """Sort key: the smallest is the cluster's original."""
    return (rank(record), is_translation(record), record.get("datePublished") or "9999", record.get("url") or "")


def record_key(record: dict[str, Any]) -> str:
    """A record's identity for clusters: its canonical URL unless that is a site root, else its URL."""
    canonical = record.get("canonicalUrl")
    if canonical and urlsplit(canonical).path not in ("", "/"):
        return str(canonical)
    return str(record.get("url"))
