"""j-defense.ikaros.jp (Jディフェンスニュース): no feed, so discovery walks the top page and
the section list pages (``/docs/<section>/``, then ``index_2.html``, …) for article links.

Articles are ``/docs/<section>/<6 digits>.html``; section ``words`` is a glossary, not news.
List pages are followed up to page ``max_pages`` (``-a max_pages=N``, default 3) per section,
so a scheduled run reads the recent pages and not the whole archive.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, TextResponse

from crawler import spider_args
from crawler.extractors import jdefense
from crawler.spiders.base import DefnewsSpider, links_matching

ARTICLE_PATH = re.compile(r"^/docs/(?!words/)[\w-]+/\d{6}\.html$")
LIST_PATH = re.compile(r"^/docs/(?!words/)[\w-]+/(?:index(?:_(\d+))?\.html)?$")


def list_page_number(url: str) -> int:
    """1 for ``/docs/mod/`` or ``index.html``, N for ``index_N.html``."""
    match = LIST_PATH.search(urlsplit(url).path)
    return int(match.group(1)) if match and match.group(1) else 1


class JDefenseSpider(DefnewsSpider):
    name = "jdefense"
    live_base_url = "https://j-defense.ikaros.jp"
    live_domains = ("j-defense.ikaros.jp",)
    timezone = "Asia/Tokyo"
    language = "ja"

    def __init__(self, max_pages: str | int = 3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_pages = spider_args.positive_int("max_pages", max_pages)

    def first_requests(self) -> Iterable[Request]:
        yield self.request(self.url("/"), self.parse_list)

    def parse_list(self, response: TextResponse) -> Iterator[Request]:
        """Top page or section list: articles, and further list pages within the limit."""
        urls = links_matching(response, ARTICLE_PATH)
        self.discovered("index", len(urls))
        yield from self.each_entry(urls, lambda url: [self.article_request(self.rebase(url))])
        yield from self.each_entry(links_matching(response, LIST_PATH), self.list_entry)

    def list_entry(self, url: str) -> Iterator[Request]:
        """A further list page of a section, within ``max_pages``."""
        if list_page_number(url) <= self.max_pages:
            yield self.request(self.rebase(url), self.parse_list)

    extract = staticmethod(jdefense.extract)
