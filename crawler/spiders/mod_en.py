"""www.mod.go.jp/en: discovery from the English index page's article links."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scrapy.http import Request, TextResponse

from crawler.extractors import mod
from crawler.spiders.base import DefnewsSpider, links_matching

ARTICLE_PATH = re.compile(r"^/en/article/\d{4}/\d{2}/[0-9a-f]{40}\.html$")


class ModEnSpider(DefnewsSpider):
    name = "mod_en"
    live_base_url = "https://www.mod.go.jp"
    live_domains = ("mod.go.jp",)
    timezone = "Asia/Tokyo"
    language = "en"
    index_path = "/en/"

    def first_requests(self) -> Iterable[Request]:
        yield self.request(self.url(self.index_path), self.parse_index)

    def parse_index(self, response: TextResponse) -> Iterator[Request]:
        urls = links_matching(response, ARTICLE_PATH)
        self.discovered("index", len(urls))
        yield from self.each_entry(urls, lambda url: [self.article_request(self.rebase(url))])

    extract = staticmethod(mod.extract)
