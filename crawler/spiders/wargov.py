"""war.gov (formerly defense.gov; the same paths serve on both): discovery through the
news-release RSS feed, following release and transcript articles only."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from crawler.extractors import wargov
from crawler.spiders.base import DefnewsSpider, FeedEntry, parse_feed

ARTICLE_PATH = re.compile(
    r"^/News/(?:Releases/Release|News-Releases/News-Release-View|Transcripts/Transcript)"
    r"/Article/\d+(?:/|$)",
    re.I,
)


class WarGovSpider(DefnewsSpider):
    name = "wargov"
    live_base_url = "https://www.war.gov"
    live_domains = ("war.gov", "defense.gov")
    timezone = "America/New_York"
    language = "en"
    feed_path = "/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=945&max=10"

    def first_requests(self) -> Iterable[Request]:
        yield self.request(self.url(self.feed_path), self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        requests = list(self.each_entry(parse_feed(response.body, response.url), self.feed_entry))
        self.discovered("feed", len(requests))
        yield from requests

    def feed_entry(self, entry: FeedEntry) -> Iterator[Request]:
        url = self.good_url(entry.link)
        if url and is_article(url):
            yield self.article_request(url, entry)

    extract = staticmethod(wargov.extract)


def is_article(url: str) -> bool:
    return bool(ARTICLE_PATH.search(urlsplit(url).path))
