"""Downloader middleware: turn bot-challenge pages into counted, dropped requests."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response

from crawler.challenge import SCAN_BYTES, challenge_reason

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

BLOCKED_STAT = "defnews/blocked"


class ChallengeBlocked(IgnoreRequest):
    """The site answered with a challenge page instead of the content."""


def header_dict(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }


class ChallengeMiddleware:
    """Recognise challenge pages (403 + ``cf-mitigated: challenge``, or an interstitial body
    even with 200), count them as ``defnews/blocked`` and raise :class:`ChallengeBlocked`
    so no callback ever sees them. Set ``DEFNEWS_CHALLENGE_DETECTION = False`` to disable.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_CHALLENGE_DETECTION", True):
            raise NotConfigured
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        reason = challenge_reason(response.status, header_dict(response), response.body[:SCAN_BYTES])
        if reason is None:
            return response
        self.stats.inc_value(BLOCKED_STAT)
        logger.warning("Blocked by a challenge page (%s): %s", reason, response.url)
        raise ChallengeBlocked(f"{reason}: {response.url}")
