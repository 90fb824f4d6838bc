"""Any ministry with a sitemap or a feed and OpenGraph/JSON-LD article pages.

    scrapy crawl generic -a sitemap=https://example.gov/sitemap.xml [-a allow=/news/]
    scrapy crawl generic -a feed=https://example.gov/feed.xml [-a language=en]

Sitemap indexes are followed; gzipped sitemaps are accepted. The spider stays on the host
of ``base_url``, which defaults to the origin of the sitemap or feed.

A sitemap lists every page, not just news, so two generic rules keep non-articles out:
- section pages (a sitemap URL that is a directory of other sitemap URLs, e.g. ``/`` or
  ``/news/``) are not fetched: they are lists, not articles;
- a page without a publication date is not stored (``-a require_date=0`` turns this off):
  news articles carry dates, "About us" and "Contact" pages do not.
Both are counted under ``defnews/skipped/<reason>``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.extractors import generic
from crawler.spiders.base import SKIPPED_PREFIX, DefnewsSpider, FeedEntry, Record, parse_feed

GZIP_MAGIC = b"\x1f\x8b"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def section_pages(urls: list[str]) -> set[str]:
    """URLs that are a directory of other URLs in the list (``/news/`` above ``/news/a/``)."""
    parents: set[str] = set()
    for url in urls:
        stem = url.rstrip("/")
        while "/" in stem.split("://", 1)[-1]:
            stem = stem.rsplit("/", 1)[0]
            parents.add(stem + "/")
    return {url for url in urls if url in parents}


def sitemap_body(response: Response, max_size: int) -> bytes:
    body = response.body
    return gunzip(body, max_size=max_size) if body[:2] == GZIP_MAGIC else body


class GenericSpider(DefnewsSpider):
    name = "generic"

    def __init__(
        self,
        sitemap: str | None = None,
        feed: str | None = None,
        allow: str | None = None,
        base_url: str | None = None,
        language: str = "und",
        timezone: str = "UTC",
        require_date: str = "1",
        **kwargs: Any,
    ) -> None:
        if bool(sitemap) == bool(feed):
            raise ValueError("generic needs exactly one of -a sitemap=URL or -a feed=URL")
        self.index_url = str(sitemap or feed)
        # No live site of its own: the "live" origin is the index's, so the host limit holds.
        self.live_base_url = origin(self.index_url)
        self.live_domains = (urlsplit(self.index_url).hostname or "",)
        super().__init__(base_url=base_url, **kwargs)
        self.allow = re.compile(allow) if allow else None
        self.language = language
        self.timezone = timezone  # for dates without a zone, in feeds and pages
        self.require_date = require_date.lower() not in ("0", "false", "no")

    def first_requests(self) -> Iterable[Request]:
        yield self.request(self.index_url, self.parse_index)

    def parse_index(self, response: Response) -> Iterator[Request]:
        """Sitemap index, sitemap or feed: told apart by the document, not the argument."""
        body = sitemap_body(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
        root = re.search(rb"<(?:\w+:)?(urlset|sitemapindex|rss|feed|RDF)\b", body[:4096])
        kind = root.group(1) if root else b""
        if kind == b"sitemapindex":
            for entry in Sitemap(body):
                yield self.request(self.url(entry["loc"]), self.parse_index)
        elif kind == b"urlset":
            yield from self.follow_sitemap([self.url(entry["loc"]) for entry in Sitemap(body)])
        else:
            yield from self.follow_all(parse_feed(body))

    def follow_sitemap(self, urls: list[str]) -> Iterator[Request]:
        sections = section_pages(urls)
        for url in urls:
            if url in sections:
                self.count(SKIPPED_PREFIX + "section_page")
            else:
                yield from self.follow_all([FeedEntry(url)])

    def follow_all(self, entries: Iterable[FeedEntry]) -> Iterator[Request]:
        for entry in entries:
            url = self.url(entry.link)
            if self.allow is None or self.allow.search(url):
                yield self.article_request(url, entry if entry.title or entry.published else None)

    def skip_reason(self, record: Record) -> str | None:
        return "undated" if self.require_date and not record.get("datePublished") else None

    def extract(self, html: str, url: str) -> Record:
        return generic.extract(html, url, tz=self.timezone)
