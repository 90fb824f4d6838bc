"""www.mod.go.jp (Japanese): discovery through the news RSS feed.

Feed links are site-relative; some items are PDFs, which get the feed's title and pubDate
because a PDF carries neither reliably.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from scrapy.http import Request, Response

from crawler.extractors import mod
from crawler.spiders.base import DefnewsSpider, FeedEntry, parse_feed


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
        requests = list(self.each_entry(parse_feed(response.body, response.url), self.feed_entry))
        self.discovered("feed", len(requests))
        yield from requests

    def feed_entry(self, entry: FeedEntry) -> Iterator[Request]:
        if url := self.good_url(entry.link):
            yield self.article_request(url, entry)

    extract = staticmethod(mod.extract)
