"""A test-only generic spider with a bug in one entry's step, chosen by URL (loaded into the
crawl with ``-s SPIDER_MODULES=crawler.spiders,faulty_spider`` and PYTHONPATH=tests)."""
from __future__ import annotations

from typing import Any

from scrapy.http import Request

from crawler.spiders.generic import GenericSpider


class FaultyGenericSpider(GenericSpider):
    name = "faulty_generic"

    def article_request(self, url: str, feed: Any = None) -> Request:
        if "boom" in url:
            raise RuntimeError(f"test: a bug in one entry: {url}")
        return super().article_request(url, feed)
