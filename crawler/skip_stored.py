"""Downloader middleware: a scheduled crawl does not download again the articles it has stored.

In append mode (the default, what ``make run`` uses) an earlier run's records are
kept; fetching those articles again only to drop them as duplicates costs the
site a request each.  An article request whose URL is already stored (as ``url``
or ``canonicalUrl``) is ignored before download and counted under
``defnews/already_stored`` (the summary's ``already_stored``).  Listing pages,
feeds and sitemaps are always fetched: that is where new articles appear.  Set
``DEFNEWS_REFETCH_STORED = True`` to download stored articles again (they are
still not stored twice).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from w3lib.url import canonicalize_url

from crawler.pipelines import append_mode, articles_path, load_stored_keys

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ALREADY_STORED_STAT = "defnews/already_stored"


class AlreadyStored(IgnoreRequest):
    """The article was stored by an earlier run."""


class StoredArticlesMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stored: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not append_mode(crawler) or crawler.settings.getbool("DEFNEWS_REFETCH_STORED", False):
            raise NotConfigured
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        self.stored = load_stored_keys(articles_path(self.crawler, spider.name))
        if self.stored:
            logger.info("%d articles stored by earlier runs will not be downloaded again", len(self.stored))

    def process_request(self, request: Request) -> None:
        if request.meta.get("article") and canonicalize_url(request.url) in self.stored:
            self.crawler.stats.inc_value(ALREADY_STORED_STAT)
            raise AlreadyStored(request.url)
