"""www.mod.go.jp (Japanese): discovery through the news RSS feed.

Feed links are site-relative; some items are PDFs, which get the feed's title and pubDate
because a PDF carries neither reliably.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from scrapy.http import Request, Response

from crawler.extractors import mod
from crawler.spiders.base import DefnewsSpider, parse_feed


class ModJaSpider(DefnewsSpider):
    name = "mod_ja"
    live_base_url = "https://www.mod.go.jp"
    live_domains = ("mod.go.jp",)
    timezone = "Asia/Tokyo"
    language = "ja"
    feed_path = "/j/rss/news.xml"

    def first_requests(self) -> Iterable[Request]:
        yield self.request(self.url(self.feed_path), self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        found = 0
        for entry in parse_feed(response.body, response.url):
            if url := self.good_url(entry.link):
                found += 1
                yield self.article_request(url, entry)
        self.discovered("feed", found)

    extract = staticmethod(mod.extract)
