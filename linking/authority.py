"""Which copy is the original: the ministry over a republisher, the source language over a
translation, then the earlier publication, then the URL (so the choice never depends on order).

A peer monitor that kept a newspaper reprint instead of the ministry's copy for 38 days is why
authority comes before date.
"""
from __future__ import annotations

from datetime import UTC, datetime
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


def _instant(value: Any) -> str:
    # Compared as instants: "…T00:00+09:00" is earlier than "…T20:00-04:00" of the day before.
    try:
        return datetime.fromisoformat(value).astimezone(UTC).isoformat()
    except (TypeError, ValueError):
        return "9999"  # unknown dates sort last


def original_key(record: dict[str, Any]) -> tuple[int, bool, str, str]:
    """Sort key: the smallest is the cluster's original.

    >>> a = {"url": "https://www.war.gov/a", "source": "wargov", "datePublished": "2024-05-03T00:00:00+09:00"}
    >>> b = {"url": "https://www.war.gov/b", "source": "wargov", "datePublished": "2024-05-02T20:00:00-04:00"}
    >>> min([b, a], key=original_key)["url"]  # 2024-05-02T15:00Z is before 2024-05-03T00:00Z
    'https://www.war.gov/a'
    """
    return (rank(record), is_translation(record), _instant(record.get("datePublished")), record.get("url") or "")


def record_key(record: dict[str, Any]) -> str:
    """A record's identity for clusters: its canonical URL unless that is a site root, else its URL."""
    canonical = record.get("canonicalUrl")
    if canonical and urlsplit(canonical).path not in ("", "/"):
        return str(canonical)
    return str(record.get("url"))
