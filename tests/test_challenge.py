"""Challenge-page recognition (crawler.challenge) and the middleware that acts on it."""
from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler.challenge import SCAN_BYTES, body_marker, challenge_reason
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


def test_markers_after_the_scan_window_are_ignored() -> None:
    assert body_marker(b" " * SCAN_BYTES + CHALLENGE_BODY) is None


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
