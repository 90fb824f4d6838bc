"""Shared spider machinery: base_url and domain limits, feed and link discovery, turning a
response into a record, and counting every failure by kind.

Stats written here (read by crawler.runner.build_summary):
- ``defnews/empty``: page fetched, but the extractor found no body;
- ``defnews/errors/<kind>``: failed requests, by kind (see :func:`error_kind`);
- ``defnews/skipped/<reason>``: pages a spider decided are not articles (see ``skip_reason``).
"""
from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from parsel import Selector
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler.dates import parse_iso_date, parse_rss_date
from crawler.middlewares import ChallengeBlocked

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

EMPTY_STAT = "defnews/empty"
ERROR_PREFIX = "defnews/errors/"
SKIPPED_PREFIX = "defnews/skipped/"

Record = dict[str, Any]


# --- failures -----------------------------------------------------------------------------


def http_kind(status: int) -> str:
    """``http_404``, ``http_403``…; all server errors together as ``http_5xx``."""
    return "http_5xx" if 500 <= status < 600 else f"http_{status}"


def error_kind(exc: BaseException) -> str | None:
    """Name a request failure for the stats; None when it was counted elsewhere."""
    if isinstance(exc, ChallengeBlocked):
        return None  # ChallengeMiddleware counted it as defnews/blocked
    if isinstance(exc, HttpError):
        return http_kind(exc.response.status)
    if isinstance(exc, IgnoreRequest):
        return "robots_forbidden" if "robots.txt" in str(exc) else "ignored"
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download in flight only for DOWNLOAD_MAXSIZE (by Content-Length,
        # or by counting bytes when there is none); timeouts raise DownloadTimeoutError.
        return "oversize"
    return type(exc).__name__


# --- discovery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str | None = None
    published: str | None = None

    def as_meta(self) -> dict[str, str | None]:
        return {"title": self.title, "pubDate": self.published}


def _text(sel: Selector, xpath: str) -> str | None:
    value = sel.xpath(xpath).get()
    return value.strip() if value and value.strip() else None


def _rss_entry(item: Selector) -> FeedEntry | None:
    link = _text(item, "link/text()") or _text(item, "guid/text()")
    published = _text(item, "pubDate/text()") or _text(item, "date/text()")
    return FeedEntry(link, _text(item, "title/text()"), published) if link else None


def _atom_entry(entry: Selector) -> FeedEntry | None:
    link = _text(entry, "link[not(@rel) or @rel='alternate']/@href") or _text(entry, "link/@href")
    published = _text(entry, "published/text()") or _text(entry, "updated/text()")
    return FeedEntry(link, _text(entry, "title/text()"), published) if link else None


def parse_feed(body: bytes) -> list[FeedEntry]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    sel = Selector(body=body, type="xml")
    sel.remove_namespaces()
    entries = [_rss_entry(i) for i in sel.xpath("//item")]
    entries += [_atom_entry(e) for e in sel.xpath("//entry")]
    return [e for e in entries if e is not None]


def links_matching(response: TextResponse, pattern: re.Pattern[str]) -> list[str]:
    """Absolute URLs of the page's links whose path matches `pattern`, first-seen order."""
    found: dict[str, None] = {}
    for href in response.css("a::attr(href)").getall():
        url = response.urljoin(href.strip()).split("#", 1)[0]
        if pattern.search(urlsplit(url).path):
            found[url] = None
    return list(found)


# --- records ------------------------------------------------------------------------------


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_type(response: Response) -> str:
    raw = response.headers.get(b"Content-Type") or b""
    return raw.decode("latin-1").split(";", 1)[0].strip().lower()


def is_pdf(response: Response) -> bool:
    return content_type(response) == "application/pdf" or response.body[:5] == b"%PDF-"


def feed_date(raw: str | None, tz: str) -> str | None:
    """ISO date from a feed's RSS pubDate or Atom timestamp; None when unparseable.
    A date without a zone is read in `tz`, the zone of the site that wrote it."""
    return parse_rss_date(raw, tz) or parse_iso_date(raw, tz)


def with_feed_fallback(record: Record, feed: dict[str, str | None] | None, tz: str) -> Record:
    """Fill headline/dates the page lacked from the feed item that linked to it."""
    if not feed:
        return record
    record = dict(record)
    if not record.get("headline") and feed.get("title"):
        record["headline"] = feed["title"]
    if not record.get("datePublished") and feed.get("pubDate"):
        record["datePublished"] = feed_date(feed["pubDate"], tz)
        record["datePublishedRaw"] = record.get("datePublishedRaw") or feed["pubDate"]
    return record


# --- the base spider ----------------------------------------------------------------------


class DefnewsSpider(scrapy.Spider):
    """Base for every defnews spider.

    ``-a base_url=URL`` points the spider at a mirror; then it is limited to that host
    (OffsiteMiddleware also applies this to redirects). Without it, the live site and its
    ``live_domains`` are used.
    """

    live_base_url: str = ""
    live_domains: tuple[str, ...] = ()
    #: Language passed to the PDF extractor.
    language: str = "und"
    #: IANA zone for feed dates that carry none.
    timezone: str = "UTC"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = (base_url or self.live_base_url).rstrip("/")
        self.is_live = self.base_url == self.live_base_url.rstrip("/")
        host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = list(self.live_domains) if self.is_live else [host]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # DEFNEWS_CONTACT given with -s must reach the User-Agent computed in settings.py.
        contact_priority = settings.getpriority("DEFNEWS_CONTACT") or 0
        if contact_priority > (settings.getpriority("USER_AGENT") or 0):
            ua = project_settings.user_agent(settings["DEFNEWS_CONTACT"])
            settings.set("USER_AGENT", ua, priority=contact_priority)

    # -- urls
    def url(self, path: str) -> str:
        """Resolve a site-relative path (or absolute URL) against base_url."""
        return self.rebase(urljoin(self.base_url + "/", path))

    def rebase(self, url: str) -> str:
        """Point a live-site URL at the mirror: a mirror copies the live site at another
        origin, and a mirror crawl must never wander onto the real site."""
        parts = urlsplit(url)
        if self.is_live or not _on_domains(parts.hostname or "", self.live_domains):
            return url
        base = urlsplit(self.base_url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))

    # -- requests
    def request(self, url: str, callback: Callable[..., Any], **meta: Any) -> Request:
        """Every request gets the errback, so every failure is counted."""
        return Request(url, callback=callback, errback=self.on_error, meta=meta)

    def article_request(self, url: str, feed: FeedEntry | None = None) -> Request:
        meta: dict[str, Any] = {"article": True}  # see crawler.skip_stored
        if feed:
            meta["feed"] = feed.as_meta()
        return self.request(url, self.parse_article, **meta)

    async def start(self) -> AsyncIterator[Any]:
        for request in self.first_requests():
            yield request

    def first_requests(self) -> Iterable[Request]:
        """The discovery entry points (feed, index page, sitemap) of this spider."""
        raise NotImplementedError

    # -- failures
    def count(self, key: str) -> None:
        self.crawler.stats.inc_value(key)

    def on_error(self, failure: Failure) -> None:
        kind = error_kind(failure.value)
        if kind is None:
            return
        self.count(ERROR_PREFIX + kind)
        request = getattr(failure, "request", None)
        self.logger.warning("%s: %s", kind, request.url if request else failure.getErrorMessage())

    # -- articles
    def extract(self, html: str, url: str) -> Record:
        raise NotImplementedError

    def parse_article(self, response: Response) -> Iterator[Record]:
        record = self.extract_response(response)
        if record is None:
            return
        record = with_feed_fallback(record, response.meta.get("feed"), self.timezone)
        if not (record.get("articleBody") or "").strip():
            self.count(EMPTY_STAT)
            self.logger.info("No article body: %s", response.url)
            return
        if reason := self.skip_reason(record):
            self.count(SKIPPED_PREFIX + reason)
            self.logger.info("Not an article (%s): %s", reason, response.url)
            return
        yield self.stamp(record, response)

    def skip_reason(self, record: Record) -> str | None:
        """Why an extracted page is not an article, or None. Site spiders only reach
        article URLs, so by default every page with a body is one."""
        return None

    def extract_response(self, response: Response) -> Record | None:
        if is_pdf(response):
            return self.extract_pdf(response)
        if not isinstance(response, TextResponse):
            self.count(ERROR_PREFIX + "unsupported_content")
            return None
        return self.extract(response.text, response.url)

    def extract_pdf(self, response: Response) -> Record | None:
        # Imported here: pypdfium2 costs start-up time that most crawls never need.
        from crawler.extractors.pdf import PdfExtractionError, extract_pdf

        feed = response.meta.get("feed") or {}
        try:
            return extract_pdf(
                response.body,
                response.url,
                headline=feed.get("title"),
                date_raw=feed.get("pubDate"),
                date_published=feed_date(feed.get("pubDate"), self.timezone),
                language=self.language,
            )
        except PdfExtractionError as exc:
            self.count(ERROR_PREFIX + "corrupt_pdf")
            self.logger.warning("corrupt_pdf: %s (%s)", response.url, exc)
            return None

    def stamp(self, record: Record, response: Response) -> Record:
        """Add what only the crawler knows: source, download time, content type."""
        record = dict(record)
        record.setdefault("url", response.url)
        record["source"] = self.name
        record["metadata"] = {
            **(record.get("metadata") or {}),
            "dateDownloaded": utc_now_iso(),
            "contentType": content_type(response),
        }
        return record


def _on_domains(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)
