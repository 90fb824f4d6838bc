"""Recognise bot-challenge pages (Cloudflare and similar) from status, headers and body.

Pure functions, no Scrapy: the downloader middleware calls them, tests call them directly.
A challenge page is never an article; the crawler reports it and moves on. It never tries
to solve or evade the challenge.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

#: Bytes of body to scan. Challenge markers sit in <head>; scanning all of a 20 MB page is waste.
SCAN_BYTES = 64 * 1024

# Markers of the interstitial itself. Deliberately NOT "/cdn-cgi/challenge-platform/":
# Cloudflare injects that script path into ordinary pages too (JavaScript detections).
_BODY_MARKERS: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("just-a-moment-title", re.compile(rb"<title>\s*Just a moment\.{3}\s*</title>", re.I)),
    ("attention-required-title", re.compile(rb"<title>[^<]*Attention Required![^<]*Cloudflare", re.I)),
    ("cf-chl-opt", re.compile(rb"_cf_chl_opt")),
    ("cf-chl-token", re.compile(rb"__cf_chl_(?:f|rt|jschl)_tk")),
    ("cf-browser-verification", re.compile(rb"cf-browser-verification")),
)


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _may_be_html(content_type: str) -> bool:
    # A PDF or image cannot be a challenge page; don't grep binary data for markers.
    return not content_type or "html" in content_type.lower()


def body_marker(body: bytes) -> str | None:
    """Name of the first challenge marker found in the start of `body`, or None.

    >>> body_marker(b"<html><head><title>Just a moment...</title>")
    'just-a-moment-title'
    >>> body_marker(b"<html><title>Press release</title>") is None
    True
    """
    head = body[:SCAN_BYTES]
    for name, pattern in _BODY_MARKERS:
        if pattern.search(head):
            return name
    return None


def challenge_reason(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """Why this response is a challenge page, or None if it is not one.

    The `cf-mitigated: challenge` header is decisive whatever the status; otherwise an
    HTML body carrying an interstitial marker is a challenge even when served with 200.

    >>> challenge_reason(403, {"cf-mitigated": "challenge"}, b"")
    'cf-mitigated: challenge (HTTP 403)'
    >>> challenge_reason(200, {"Content-Type": "text/html"}, b"<p>news</p>") is None
    True
    """
    h = _lower_keys(headers)
    if h.get("cf-mitigated", "").strip().lower() == "challenge":
        return f"cf-mitigated: challenge (HTTP {status})"
    if not _may_be_html(h.get("content-type", "")):
        return None
    marker = body_marker(body)
    return f"challenge body: {marker} (HTTP {status})" if marker else None
