"""Downloader middlewares: bot-challenge pages become counted, dropped requests; ``429`` and
``503`` with ``Retry-After`` are retried after the delay the server asked for, up to a cap."""
from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response

from crawler.challenge import challenge_reason

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

BLOCKED_STAT = "defnews/blocked"


class CountedElsewhere(IgnoreRequest):
    """A request given up on purpose, already counted by whoever raised it (not an error)."""


class ChallengeBlocked(CountedElsewhere):
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
        reason = challenge_reason(response.status, header_dict(response), response.body)
        if reason is None:
            return response
        self.stats.inc_value(BLOCKED_STAT)
        logger.warning("Blocked by a challenge page (%s): %s", reason, response.url)
        raise ChallengeBlocked(f"{reason}: {response.url}")


# --- Retry-After --------------------------------------------------------------------------

RETRY_AFTER_STAT = "defnews/retry_after/waited"
RETRY_AFTER_GAVE_UP = "defnews/retry_after/gave_up"
RETRY_AFTER_ABANDONED = "defnews/retry_after/abandoned"
#: Seconds between checks, while waiting, of whether the crawl is shutting down.
STOP_POLL_SECONDS = 0.2


class RetryAbandoned(CountedElsewhere):
    """A ``Retry-After`` wait dropped because the crawl is shutting down (SIGINT/SIGTERM)."""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110 §10.2.3: delay-seconds or an
    HTTP-date), or None when absent or unreadable.

    >>> retry_after_seconds("120")
    120.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    30.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Honour ``Retry-After`` on ``429`` and ``503``.

    A delay up to ``DEFNEWS_RETRY_AFTER_MAX`` seconds (default 120) is waited for, then the
    request is sent again, at most ``RETRY_TIMES`` times; the wait holds this request only,
    not the reactor. A longer delay, or retries used up, gives the URL up: the response goes
    on marked ``dont_retry`` and is counted as its HTTP error (``http_429``/``http_5xx``) plus
    ``defnews/retry_after/gave_up``. Responses without ``Retry-After`` are left to Scrapy's
    RetryMiddleware. Sits above it (priority 560) so it sees the response first.

    A wait holds its request in the downloader, and a graceful shutdown waits for every
    request in the downloader, so a wait is abandoned as soon as the crawl stops
    (``Crawler.crawling`` / ``ExecutionEngine.running`` turn false on SIGINT/SIGTERM; checked
    every :data:`STOP_POLL_SECONDS`): the request is dropped and counted
    ``defnews/retry_after/abandoned``, and the engine closes at once instead of after the delay.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.cap = crawler.settings.getfloat("DEFNEWS_RETRY_AFTER_MAX", 120.0)
        self.max_times = crawler.settings.getint("RETRY_TIMES", 2)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("RETRY_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503) or request.meta.get("dont_retry"):
            return response
        delay = retry_after_seconds(_header_text(response, b"Retry-After"))
        if delay is None:
            return response
        times = int(request.meta.get("retry_after_times", 0))
        if delay > self.cap or times >= self.max_times:
            self.stats.inc_value(RETRY_AFTER_GAVE_UP)
            logger.warning("Giving up %s: HTTP %d, Retry-After %.0f s (cap %.0f s, %d retries)",
                           request.url, response.status, delay, self.cap, times)
            request.meta["dont_retry"] = True
            return response
        self.stats.inc_value(RETRY_AFTER_STAT)
        if not await self._wait(delay):
            self.stats.inc_value(RETRY_AFTER_ABANDONED)
            logger.info("Retry-After wait abandoned (the crawl is stopping): %s", request.url)
            raise RetryAbandoned(f"shutdown during Retry-After wait: {request.url}")
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = times + 1
        return retry


    def stopping(self) -> bool:
        engine = getattr(self.crawler, "engine", None)
        return not self.crawler.crawling or (engine is not None and not engine.running)

    async def _wait(self, delay: float) -> bool:
        """Sleep `delay` seconds; False as soon as the crawl is stopping (the wait abandoned)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + delay
        while (left := end - loop.time()) > 0:
            if self.stopping():
                return False
            await asyncio.sleep(min(left, STOP_POLL_SECONDS))
        return not self.stopping()


def _header_text(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
