"""Recognise bot-challenge and interstitial pages from status, headers and body.

Pure functions, no Scrapy: the downloader middleware calls them, tests call them directly.
A challenge page is never an article; the crawler reports it (``blocked``) and moves on. It
never tries to solve or evade the challenge.

Three kinds of evidence, from strongest to weakest:

1. a vendor's header: ``cf-mitigated: challenge`` (Cloudflare) whatever the status; a
   DDoS-Guard, Sucuri, Akamai or Imperva server header on a 403/429/503;
2. a vendor's own markup anywhere in the body (Cloudflare ``_cf_chl_opt``, Imperva
   ``_Incapsula_Resource``, Sucuri's firewall page, DDoS-Guard's "Checking your browser before
   accessing", Akamai's "Access Denied … Reference #"). The whole body is scanned (linear
   regexes, no backtracking): a challenge padded past any fixed window is still one;
3. a generic interstitial: little visible text (under :data:`SHORT_PAGE_CHARS` characters
   once scripts, styles, comments and tags are gone) that says "checking your browser",
   "enable JavaScript (and cookies) to continue", "verify you are human" and the like. An
   article that merely mentions the phrase has far more text, so it is not caught.

Marker sources: the vendors' public challenge pages as collected by open-source bot-detection
lists (e.g. the ``cloudscraper`` and ``FlareSolverr`` projects' detectors) and the fixtures in
``tests/test_challenge.py``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

#: Visible characters below which a page may be a generic interstitial (see 3. above).
SHORT_PAGE_CHARS = 2000

# (name, pattern). Deliberately NOT "/cdn-cgi/challenge-platform/": Cloudflare injects that
# script path into ordinary pages too (JavaScript detections).
_VENDOR_MARKERS: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("just-a-moment-title", re.compile(rb"<title>\s*Just a moment\.{3}\s*</title>", re.I)),
    ("attention-required-title", re.compile(rb"<title>[^<]{0,200}Attention Required![^<]{0,200}Cloudflare", re.I)),
    ("cf-chl-opt", re.compile(rb"_cf_chl_opt")),
    ("cf-chl-token", re.compile(rb"__cf_chl_(?:f|rt|jschl)_tk")),
    ("cf-browser-verification", re.compile(rb"cf-browser-verification")),
    ("ddos-guard", re.compile(rb"<title>\s*DDoS-Guard\s*</title>|Checking your browser before accessing", re.I)),
    ("imperva-incapsula", re.compile(rb"_Incapsula_Resource|Incapsula incident ID", re.I)),
    ("sucuri-firewall", re.compile(rb"Sucuri WebSite Firewall|cloudproxy@sucuri\.net", re.I)),
    ("akamai-access-denied", re.compile(
        rb"<title>\s*Access Denied\s*</title>[\s\S]{0,2000}?(?:Reference&#32;&#35;|Reference #|edgesuite\.net)",
        re.I)),
)

_GENERIC_PHRASES = re.compile(
    rb"checking (?:your browser|if the site connection is secure)|"
    rb"(?:please )?(?:enable|turn on) javascript(?: and cookies)? to (?:continue|proceed|view)|"
    rb"javascript (?:is )?(?:required|disabled)[^.]{0,60}(?:continue|enable)|"
    rb"verify(?:ing)? (?:that )?you are (?:a )?human|are you a robot|"
    rb"ddos protection by|browser verification|one more step|please wait while we verify",
    re.I,
)

#: (header, value substring) of vendors; evidence only on a refusal status (403/429/503).
_VENDOR_SERVERS = (("server", "ddos-guard"), ("server", "akamaighost"), ("x-sucuri-id", ""),
                   ("x-iinfo", ""), ("x-cdn", "incapsula"), ("server", "sucuri"))
_REFUSALS = (403, 429, 503)

_TAG = re.compile(rb"<[^>]*>")
_SPACE = re.compile(rb"\s+")


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _may_be_html(content_type: str) -> bool:
    # A PDF or image cannot be a challenge page; don't grep binary data for markers.
    return not content_type or "html" in content_type.lower()


def _drop_blocks(body: bytes, lower: bytes, start: bytes, end: bytes) -> tuple[bytes, bytes]:
    """Remove every ``start … end`` block (an unclosed one runs to the end). Linear: each
    byte is looked at a bounded number of times whatever the nesting or the padding."""
    out, out_lower, i = [], [], 0
    while True:
        j = lower.find(start, i)
        if j < 0:
            out.append(body[i:])
            out_lower.append(lower[i:])
            break
        out.append(body[i:j])
        out_lower.append(lower[i:j])
        k = lower.find(end, j + len(start))
        if k < 0:
            break
        i = k + len(end)
    return b" ".join(out), b" ".join(out_lower)


def visible_text(body: bytes) -> bytes:
    """The page's text without scripts, styles, comments and tags, whitespace collapsed.

    >>> visible_text(b"<html><script>var x='<p>';</script><p>Hello <b>world</b></p><!-- c --></html>")
    b'Hello world'
    """
    lower = body.lower()
    for start, end in ((b"<!--", b"-->"), (b"<script", b"</script>"), (b"<style", b"</style>"),
                       (b"<noscript", b"</noscript>")):
        body, lower = _drop_blocks(body, lower, start, end)
    return _SPACE.sub(b" ", _TAG.sub(b" ", body)).strip()


def _noscript_text(body: bytes) -> bytes:
    """Text inside ``<noscript>`` blocks: where interstitials put "enable JavaScript"."""
    lower = body.lower()
    parts, i = [], 0
    while (j := lower.find(b"<noscript", i)) >= 0:
        k = lower.find(b"</noscript>", j)
        parts.append(body[j:k if k >= 0 else len(body)])
        if k < 0:
            break
        i = k
    return _TAG.sub(b" ", b" ".join(parts))


def body_marker(body: bytes) -> str | None:
    """Name of the first challenge marker found in `body`, or None.

    >>> body_marker(b"<html><head><title>Just a moment...</title>")
    'just-a-moment-title'
    >>> body_marker(b"<html><title>Press release</title><p>Checking your browser before accessing x.gov</p>")
    'ddos-guard'
    >>> body_marker(b"<html><title>Press release</title>") is None
    True
    """
    for name, pattern in _VENDOR_MARKERS:
        if pattern.search(body):
            return name
    text = visible_text(body)
    if len(text) < SHORT_PAGE_CHARS and (_GENERIC_PHRASES.search(text) or (
            not text and _GENERIC_PHRASES.search(_noscript_text(body)))):
        return "generic-interstitial"
    return None


def _vendor_header(status: int, headers: Mapping[str, str]) -> str | None:
    if status not in _REFUSALS:
        return None
    for name, value in _VENDOR_SERVERS:
        if name in headers and value in headers[name].lower():
            return f"{name}: {headers[name]}"
    return None


def challenge_reason(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """Why this response is a challenge page, or None if it is not one.

    The `cf-mitigated: challenge` header is decisive whatever the status; a vendor's server
    header counts on a refusal status; otherwise an HTML body carrying an interstitial marker
    is a challenge even when served with 200.

    >>> challenge_reason(403, {"cf-mitigated": "challenge"}, b"")
    'cf-mitigated: challenge (HTTP 403)'
    >>> challenge_reason(503, {"Server": "ddos-guard"}, b"")
    'server: ddos-guard (HTTP 503)'
    >>> challenge_reason(200, {"Content-Type": "text/html"}, b"<p>news</p>") is None
    True
    """
    h = _lower_keys(headers)
    if h.get("cf-mitigated", "").strip().lower() == "challenge":
        return f"cf-mitigated: challenge (HTTP {status})"
    if vendor := _vendor_header(status, h):
        return f"{vendor} (HTTP {status})"
    if not _may_be_html(h.get("content-type", "")):
        return None
    marker = body_marker(body)
    return f"challenge body: {marker} (HTTP {status})" if marker else None
