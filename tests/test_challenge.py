"""Challenge-page recognition (crawler.challenge) and the middleware that acts on it."""
from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler.challenge import SHORT_PAGE_CHARS, body_marker, challenge_reason, visible_text
from crawler.middlewares import BLOCKED_STAT, ChallengeBlocked, ChallengeMiddleware
from mockserver import CHALLENGE_BODY, JSD_SCRIPT, PARAGRAPH, article_html

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.mark.parametrize("status", [403, 200, 503])
def test_cf_mitigated_header_is_decisive_whatever_the_status(status: int) -> None:
    assert challenge_reason(status, {"cf-mitigated": "challenge"}, b"") is not None


def test_header_name_and_value_are_case_insensitive() -> None:
    assert challenge_reason(403, {"CF-Mitigated": "Challenge"}, b"") is not None


def test_a_plain_403_is_not_a_challenge() -> None:
    # A 403 without challenge markers is an ordinary HTTP error, counted as http_403.
    assert challenge_reason(403, HTML, b"<html><title>Forbidden</title></html>") is None


def test_just_a_moment_body_with_200_is_a_challenge() -> None:
    assert challenge_reason(200, HTML, CHALLENGE_BODY) == "challenge body: just-a-moment-title (HTTP 200)"


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>Attention Required! | Cloudflare</title></head></html>",
        b"<html><script>window._cf_chl_opt = {cType: 'managed'}</script></html>",
        b'<form action="/?__cf_chl_f_tk=abc" method="POST"></form>',
        b'<div id="cf-browser-verification"></div>',
    ],
)
def test_other_interstitial_markers(body: bytes) -> None:
    assert body_marker(body) is not None


def test_ordinary_page_with_cloudflare_jsd_script_is_not_a_challenge() -> None:
    page = article_html("Budget request", [PARAGRAPH], head_extra=JSD_SCRIPT).encode()
    assert challenge_reason(200, HTML, page) is None


def test_article_mentioning_the_phrase_in_text_is_not_a_challenge() -> None:
    page = article_html("Minister: just a moment...", ["Just a moment... said the minister."]).encode()
    assert challenge_reason(200, HTML, page) is None


def test_pdf_bodies_are_not_scanned() -> None:
    pdf = b"%PDF-1.4 <title>Just a moment...</title>"
    assert challenge_reason(200, {"Content-Type": "application/pdf"}, pdf) is None


# --- other vendors, and challenges whatever the page size ----------------------------------

DDOS_GUARD = (b"<!DOCTYPE html><html><head><title>DDoS-Guard</title></head><body>"
              b"<div>Checking your browser before accessing www.example.gov ...</div></body></html>")
VENDOR_PAGES = {
    "ddos-guard": DDOS_GUARD,
    "ddos-guard-text-only": b"<html><body><h1>Checking your browser before accessing mod.example</h1></body></html>",
    "akamai": (b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>"
               b"You don't have permission to access this server.<P>Reference&#32;&#35;18&#46;2d1b"
               b"<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18</BODY></HTML>"),
    "imperva": (b"<html><head><META NAME=\"robots\" CONTENT=\"noindex,nofollow\"></head><body>"
                b"<iframe src=\"/_Incapsula_Resource?CWUDNSAI=9&xinfo=1\">Request unsuccessful. "
                b"Incapsula incident ID: 123</iframe></body></html>"),
    "sucuri": (b"<html><head><title>Sucuri WebSite Firewall - Access Denied</title></head>"
               b"<body>Blocked by the Sucuri WebSite Firewall</body></html>"),
    "generic-js": (b"<html><head><title>One moment</title></head><body><p>Please enable JavaScript and "
                   b"cookies to continue.</p><script>setTimeout(function(){location.reload()},5000)</script></body></html>"),
    "generic-human": b"<html><body><p>Verifying you are human. This may take a few seconds.</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(VENDOR_PAGES))
def test_vendor_challenges_are_recognised_even_with_status_200(name: str) -> None:
    assert challenge_reason(200, HTML, VENDOR_PAGES[name]) is not None


@pytest.mark.parametrize("pad", [70_000, 1_000_000])
@pytest.mark.parametrize("where", ["comment", "whitespace", "script"])
def test_challenges_padded_past_any_window_are_still_challenges(pad: int, where: str) -> None:
    filler = {"comment": b"<!--" + b"x" * pad + b"-->", "whitespace": b" " * pad,
              "script": b"<script>var a='" + b"a" * pad + b"';</script>"}[where]
    for page in (CHALLENGE_BODY, DDOS_GUARD, VENDOR_PAGES["generic-js"]):
        padded = page.replace(b"<html>", b"<html>" + filler, 1).replace(b"<HTML>", b"<HTML>" + filler, 1)
        assert body_marker(padded) is not None


@pytest.mark.parametrize("status", [403, 503, 429])
@pytest.mark.parametrize("header", [{"Server": "ddos-guard"}, {"Server": "AkamaiGHost"}, {"X-Sucuri-ID": "11005"},
                                    {"X-Iinfo": "9-123-0 NNNN CT(0 0 0) RT(1 0) q(0 0 0 -1) r(0 0)"}])
def test_vendor_headers_on_a_refusal_are_a_challenge(status: int, header: dict[str, str]) -> None:
    assert challenge_reason(status, {**HTML, **header}, b"<html>Forbidden</html>") is not None


def test_vendor_headers_on_an_ordinary_page_are_not() -> None:
    page = article_html("Budget", [PARAGRAPH]).encode()
    assert challenge_reason(200, {**HTML, "Server": "AkamaiGHost", "X-Iinfo": "x"}, page) is None


def test_an_article_quoting_the_generic_phrases_is_not_a_challenge() -> None:
    paragraphs = [PARAGRAPH * 3, "Officials urged citizens to enable JavaScript to continue using the portal, "
                  "and said the site was checking your browser only for compatibility."] * 4
    page = article_html("Portal update", paragraphs).encode()
    assert len(visible_text(page)) > SHORT_PAGE_CHARS
    assert challenge_reason(200, HTML, page) is None


def test_visible_text_is_linear_on_unclosed_scripts() -> None:
    # 20,000 unclosed "<script" starts: a backtracking regex would rescan the tail each time.
    body = b"<p>x</p>" + b"<script " * 20_000
    assert visible_text(body) == b"x"


# --- the middleware -----------------------------------------------------------------------


@pytest.fixture
def middleware() -> ChallengeMiddleware:
    crawler = get_crawler(Spider)
    return ChallengeMiddleware.from_crawler(crawler)


def respond(status: int, headers: dict[str, str], body: bytes) -> tuple[Request, Response]:
    request = Request("http://127.0.0.1/page.html")
    return request, HtmlResponse(request.url, status=status, headers=headers, body=body, request=request)


def test_middleware_drops_and_counts_a_403_challenge(middleware: ChallengeMiddleware) -> None:
    request, response = respond(403, {"cf-mitigated": "challenge", **HTML}, CHALLENGE_BODY)
    with pytest.raises(ChallengeBlocked):
        middleware.process_response(request, response)
    assert middleware.stats.get_value(BLOCKED_STAT) == 1


def test_middleware_drops_a_200_challenge_body(middleware: ChallengeMiddleware) -> None:
    request, response = respond(200, HTML, CHALLENGE_BODY)
    with pytest.raises(ChallengeBlocked):
        middleware.process_response(request, response)


def test_middleware_passes_articles_through(middleware: ChallengeMiddleware) -> None:
    request, response = respond(200, HTML, article_html("Budget", [PARAGRAPH], head_extra=JSD_SCRIPT).encode())
    assert middleware.process_response(request, response) is response
    assert middleware.stats.get_value(BLOCKED_STAT) is None


def test_middleware_can_be_switched_off() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        ChallengeMiddleware.from_crawler(get_crawler(Spider, {"DEFNEWS_CHALLENGE_DETECTION": False}))
