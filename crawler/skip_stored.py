"""Downloader middleware: a scheduled crawl re-checks the articles it has stored cheaply.

In append mode (the default, what ``make run`` uses) an article already stored (as ``url``
or ``canonicalUrl``) is handled before download:

- the state (``crawler.crawl_state``) has its ``ETag`` / ``Last-Modified``: the request goes
  out conditional (``If-None-Match`` / ``If-Modified-Since``). A ``304`` costs no body and is
  counted ``defnews/not_modified``; a ``200`` is a changed page, which the dedup pipeline
  turns into a new version if its cleaned body changed;
- no validators (the site sends none): it is fetched again when a hint says it may have
  changed (the newest of the feed item's ``pubDate`` and Atom ``<updated>``, and the sitemap's
  ``lastmod``, is later than our last check: a hint to re-check, never proof that it is unchanged), or when it was last checked
  more than ``DEFNEWS_RECHECK_DAYS`` ago; otherwise it is not requested, counted
  ``defnews/already_stored``.

Listing pages, feeds and sitemaps are always fetched: that is where new articles appear.
``DEFNEWS_REFETCH_STORED = True`` downloads every stored article again unconditionally.
Every article URL seen is counted once under ``defnews/article_urls`` (the summary's ``discovered``).

The validators of a 200 are stashed here and saved to the state only when the record is
stored or found unchanged (``crawler.pipelines.commit_page_state``): a page that failed to
store must not be answered by a 304 next time.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from w3lib.url import canonicalize_url

from crawler.crawl_state import PageState
from crawler.dates import parse_iso_date, parse_rss_date
from crawler.middlewares import CountedElsewhere
from crawler.pipelines import append_mode, prepare_store, state_for, stored_index

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ALREADY_STORED_STAT = "defnews/already_stored"
NOT_MODIFIED_STAT = "defnews/not_modified"
DISCOVERED_STAT = "defnews/article_urls"
RECHECKED_STAT = "defnews/rechecked"


class AlreadyStored(CountedElsewhere):
    """The article was stored by an earlier run and nothing says it changed."""


class NotModified(CountedElsewhere):
    """The server answered 304 to a conditional request: the stored article is current."""


Validators = tuple[str | None, str | None, frozenset[str]]  # ETag, Last-Modified, every URL of the fetch


def _validators_of(crawler: Crawler) -> dict[str, Validators]:
    stash = getattr(crawler, "_defnews_validators", None)
    if stash is None:
        stash = crawler._defnews_validators = {}  # type: ignore[attr-defined]
    return stash


def pop_validators(crawler: Crawler, item: dict[str, Any], keys: set[str]) -> Validators:
    """The (ETag, Last-Modified) of the response a record came from, and every URL that
    fetch went through (the requested one and its redirects), taken out of the stash."""
    stash = _validators_of(crawler)
    found: Validators = (None, None, frozenset())
    for key in [canonicalize_url(str(item.get("url") or "")), *keys]:
        if key in stash:
            found = stash[key]
    for url in found[2]:
        stash.pop(url, None)
    return found


def _parse_hint(raw: str | None) -> datetime | None:
    if not raw:
        return None
    iso = parse_rss_date(raw, "UTC") or parse_iso_date(raw, "UTC")
    try:
        return datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def hint_of(request: Request) -> datetime | None:
    """The newest of the feed item's pubDate and ``<updated>`` (carried as ``lastmod``) and the
    sitemap entry's lastmod that led to this request."""
    feed = request.meta.get("feed") or {}
    hints = [_parse_hint(h) for h in (request.meta.get("lastmod"), feed.get("lastmod"), feed.get("pubDate"))]
    return max((h for h in hints if h is not None), default=None)


class StoredArticlesMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stored: set[str] = set()
        self.pages: dict[str, PageState] = {}
        self.discovered: set[str] = set()
        self.append = append_mode(crawler)
        self.refetch = crawler.settings.getbool("DEFNEWS_REFETCH_STORED", False)
        self.recheck_after = timedelta(days=crawler.settings.getfloat("DEFNEWS_RECHECK_DAYS", 7.0))
        self.has_state = crawler.settings.getbool("DEFNEWS_STATE_ENABLED", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_SKIP_STORED_ENABLED", True):
            raise NotConfigured
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        if not self.append:
            return
        prepare_store(self.crawler)  # a torn last line is cut before the keys are read
        self.stored = set(stored_index(self.crawler))
        state = state_for(self.crawler)
        self.pages = state.pages(spider.name) if state is not None else {}
        if self.stored:
            logger.info("%d articles stored by earlier runs are re-checked, not re-stored", len(self.stored))

    def process_request(self, request: Request) -> None:
        if not request.meta.get("article"):
            return
        key = canonicalize_url(request.url)
        if key not in self.discovered:
            self.discovered.add(key)
            self.crawler.stats.inc_value(DISCOVERED_STAT)
        page = self.pages.get(key)
        # Stored under this URL, or reached through it (a redirect to a stored article).
        known = key in self.stored or (page is not None and page.content_hash is not None)
        if not self.append or self.refetch or not known:
            return
        if page is not None and page.has_validators:
            if page.etag and b"If-None-Match" not in request.headers:
                request.headers[b"If-None-Match"] = page.etag
            if page.last_modified and b"If-Modified-Since" not in request.headers:
                request.headers[b"If-Modified-Since"] = page.last_modified
            request.meta["defnews_conditional"] = True
            return
        if self._worth_a_recheck(request, page):
            self.crawler.stats.inc_value(RECHECKED_STAT)
            return
        self.crawler.stats.inc_value(ALREADY_STORED_STAT)
        raise AlreadyStored(request.url)

    def _worth_a_recheck(self, request: Request, page: PageState | None) -> bool:
        last = _checked_at(page)
        if last is None:
            # Never checked under this state (e.g. after `defnews state reset`): learn its
            # validators once. Without a state at all, a stored article is simply skipped.
            return self.has_state
        hint = hint_of(request)
        if hint is not None and hint > last:
            return True
        return datetime.now(UTC) - last > self.recheck_after

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get("article"):
            return response
        if response.status == 304 and request.meta.get("defnews_conditional"):
            self.crawler.stats.inc_value(NOT_MODIFIED_STAT)
            state = state_for(self.crawler)
            if state is not None and self.crawler.spider is not None:
                state.touch(self.crawler.spider.name, canonicalize_url(request.url))
            raise NotModified(request.url)
        if 200 <= response.status < 300:
            urls = frozenset(canonicalize_url(u) for u in
                             {response.url, request.url, *request.meta.get("redirect_urls", [])})
            validators = (_header(response, b"ETag"), _header(response, b"Last-Modified"), urls)
            stash = _validators_of(self.crawler)
            for url in urls:
                stash[url] = validators
        return response


def _checked_at(page: PageState | None) -> datetime | None:
    try:
        return datetime.fromisoformat(page.last_checked) if page and page.last_checked else None
    except ValueError:
        return None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
