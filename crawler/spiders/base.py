"""Shared spider machinery: base_url and domain limits, feed and link discovery, turning a
response into a record, and counting every failure by kind.

Stats written here (read by crawler.runner.build_summary):
- ``defnews/empty``: page fetched, but the extractor found no body;
- ``defnews/errors/<kind>``: failed requests, by kind (see :func:`error_kind`);
- ``defnews/skipped/<reason>``: pages a spider decided are not articles (its ``SiteRules``);
- ``defnews/errors/bad_url``: a link in a feed, sitemap or page that is no fetchable URL
  (``mailto:``, ``javascript:``, ``http://[bad``), skipped so the other items still go;
- ``defnews/errors/entry:<Type>``: an exception while turning one feed, sitemap or index
  entry into requests; that entry is skipped, the response's other entries go on
  (:meth:`DefnewsSpider.each_entry`);
- ``defnews/dates/<source>``: stored articles by the source of their ``datePublished``,
  ``defnews/undated``: articles stored with a null date;
- ``defnews/decode_errors``: undecodable bytes replaced while decoding pages, and
  ``defnews/decode_flagged``: pages past the threshold (``crawler.extractors.decoding``),
  ``defnews/decode_fallback``: pages whose declared charset failed and gave way to another.

Every page is decoded by ``crawler.extractors.decoding.decode_page`` (never ``response.text``).
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from parsel import Selector
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler import spider_args
from crawler.extractors.decoding import decode_page, repair_surrogates
from crawler.middlewares import CountedElsewhere
# The stat keys of the page → record step are defined with it (crawler.page_record).
from crawler.page_record import (  # noqa: F401 - re-exported: the spiders count under these names
    ANNOUNCED_SKIPPED_STAT,
    DATES_PREFIX,
    DECODE_ERRORS_STAT,
    DECODE_FLAGGED_STAT,
    EMPTY_STAT,
    ERROR_PREFIX,
    SKIPPED_PREFIX,
    UNDATED_STAT,
    Outcome,
    Page,
    SiteRules,
    page_record,
)
from crawler.extract_worker import DEFAULT_MEMORY_MB as DEFAULT_EXTRACT_MEMORY_MB
from crawler.extract_worker import DEFAULT_TIME_LIMIT as DEFAULT_EXTRACT_TIME_LIMIT
from crawler.extract_worker import PageRecord, bounded_page_record, extraction_worker
from crawler.warc_archive import WARC_META_KEY, date_downloaded

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from crawler.bounded_work import BoundedWorker

BAD_URL_STAT = ERROR_PREFIX + "bad_url"
ENTRY_ERROR_PREFIX = ERROR_PREFIX + "entry:"
DISCOVERED_PREFIX = "defnews/discovered/"

Record = dict[str, Any]
T = TypeVar("T")


# --- failures -----------------------------------------------------------------------------


def http_kind(status: int) -> str:
    """``http_404``, ``http_403``…; all server errors together as ``http_5xx``."""
    return "http_5xx" if 500 <= status < 600 else f"http_{status}"


def error_kind(exc: BaseException) -> str | None:
    """Name a request failure for the stats; None when it was counted elsewhere."""
    if isinstance(exc, CountedElsewhere):
        return None  # e.g. a challenge page (defnews/blocked), a 304 (defnews/not_modified)
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
    """One discovered article URL with what the feed or sitemap said about it."""

    link: str
    title: str | None = None
    published: str | None = None
    lastmod: str | None = None  # sitemap <lastmod>; a feed's Atom <updated> / RSS dc:modified
    source: str = "feed"  # "feed" or "sitemap": the provenance of ``published``/``lastmod``

    def as_meta(self) -> dict[str, str | None]:
        return {"title": self.title, "pubDate": self.published, "lastmod": self.lastmod,
                "source": self.source}


def valid_url(url: str | None) -> str | None:
    """The URL when it is a fetchable absolute http(s) URL with a host, else None.

    ``mailto:``, ``javascript:``, ``data:``, ``http://[bad`` (urlsplit raises) and URLs with a
    lone surrogate (Scrapy's ``Request`` raises) are None.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    try:
        url.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no request can be made of it
        return None
    return url.strip()


_SURROGATE_REF = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(?:5529[6-9]|55[3-9]\d\d|56\d\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3]));")


def surrogate_refs_replaced(body: bytes) -> bytes:
    """`body` with character references to surrogates (``&#xDCFF;``, ``&#56575;``) replaced by
    ``&#xFFFD;``, as the HTML standard has browsers do: feedparser's loose parser raises
    ``UnicodeEncodeError`` on them, which lost the whole feed."""
    return _SURROGATE_REF.sub(b"&#xFFFD;", body) if b"&#" in body else body


def _is_pdf(link: Any) -> bool:
    kind = (link.get("type") or "").lower()
    return "pdf" in kind or (not kind and urlsplit(link.get("href") or "").path.lower().endswith(".pdf"))


def entry_link(item: Any) -> str:
    """The URL a feed entry announces (a feedparser entry; "" when it has none).

    Its ``rel="alternate"`` link (RSS ``<link>`` too); else its PDF enclosure (a PDF-only
    release); else, when the entry links no page (no link element, or only an image
    enclosure), the link feedparser derives from an RSS permalink ``<guid>`` or an Atom
    ``<id>``, if it is an http(s) URL.
    feedparser also copies an Atom ``<id>`` into ``link`` when no alternate link exists,
    which must not win over an enclosure: ``tag:`` ids are no URL, and an http id
    is an identifier, not a promise of a page (Atom, RFC 4287 4.2.6).
    """
    links = [link for link in item.get("links") or [] if link.get("href")]
    for rel in ("alternate", "enclosure"):
        found = [link["href"] for link in links
                 if link.get("rel", "alternate") == rel and (rel == "alternate" or _is_pdf(link))]
        if found:
            return str(found[0])
    derived = str(item.get("link") or item.get("id") or "")
    return derived if derived.lower().startswith(("http://", "https://")) else ""


def parse_feed(body: bytes, base_url: str = "") -> list[FeedEntry]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order, read with feedparser.

    Links are resolved against ``xml:base`` and then ``base_url`` (the feed's own URL);
    an entry without a page link but with a PDF enclosure yields the PDF. Dates stay as
    the feed wrote them (``published``), for :mod:`crawler.dates` to read with their offset.
    Entries with no link are left out; bad links are kept for the caller to count.
    """
    import feedparser  # imported late: only feed-reading spiders need it

    headers = {"content-location": base_url} if base_url else {}
    body = surrogate_refs_replaced(body)
    parsed = feedparser.parse(body.lstrip(), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    entries: list[FeedEntry] = []
    for item in parsed.entries:
        link = entry_link(item)
        if not link:
            if item.get("links"):  # a link element that feedparser could not read (http://[bad)
                entries.append(FeedEntry("", item.get("title")))
            continue
        if base_url:
            try:
                link = urljoin(base_url, link)
            except ValueError:
                pass
        published = item.get("published") or item.get("updated") or item.get("dc_date")
        # Atom <updated> beside <published>: the re-check hint (crawler.skip_stored.hint_of)
        # and a dateModified candidate; alone, it stands in for the publication date.
        updated = dict.get(item, "updated")  # not item.get: feedparser maps it to published
        updated = updated if updated != published else None
        title = repair_surrogates((item.get("title") or "").strip())[0] or None
        entries.append(FeedEntry(link, title, published, updated))
    return entries


def links_matching(response: TextResponse, pattern: re.Pattern[str]) -> list[str]:
    """Absolute URLs of the page's links whose path matches `pattern`, first-seen order."""
    found: dict[str, None] = {}
    header = response.headers.get(b"Content-Type")
    page = Selector(text=decode_page(response.body, header.decode("latin-1") if header else None).text)
    try:
        base = urljoin(response.url, (page.css("base::attr(href)").get() or "").strip())
    except ValueError:
        base = response.url
    for href in page.css("a::attr(href)").getall():
        try:
            url = urljoin(base, href.strip()).split("#", 1)[0]
        except ValueError:  # http://[bad: one bad href must not lose the page's other links
            continue
        if valid_url(url) and pattern.search(urlsplit(url).path):
            found[url] = None
    return list(found)


# --- records ------------------------------------------------------------------------------


def utc_now_iso() -> str:
    """Now, as a ``dateDownloaded``: UTC to the second with ``Z``, as WARC-Date writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        # Checked like sites.toml (crawler.spider_args): a bad value is a usage error up front.
        if base_url:
            base_url = spider_args.http_url("base_url", base_url)
        if kwargs.get("name") is not None:
            spider_args.source_name("name", kwargs["name"])
        super().__init__(**kwargs)
        self.base_url = (base_url or self.live_base_url).rstrip("/")
        self.is_live = self.base_url == self.live_base_url.rstrip("/")
        host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = list(self.live_domains) if self.is_live else [host]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.warm_up_extraction()
        return spider

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

    def good_url(self, path: str | None) -> str | None:
        """:meth:`url` for a discovered link, or None (counted as ``bad_url``) when it is no
        fetchable URL: one bad link must never lose the other items of a feed or page."""
        try:
            url = valid_url(self.url(path or ""))
        except ValueError:
            url = None
        if url is None or not path:
            self.count(BAD_URL_STAT)
            self.logger.info("bad URL skipped: %r", path)
            return None
        return url

    def each_entry(self, entries: Iterable[T], step: Callable[[T], Iterable[Request]]) -> Iterator[Request]:
        """``step(entry)`` for each entry of a feed, sitemap or index page, each in its own
        ``try``: an exception costs that entry only (counted ``defnews/errors/entry:<Type>``,
        logged with the entry), and the response's other entries still go. A step's requests
        are all yielded or none, so a half-done entry sends nothing."""
        for entry in entries:
            try:
                requests = list(step(entry))
            except Exception as exc:  # noqa: BLE001 - one bad entry must not lose the others
                self.count(ENTRY_ERROR_PREFIX + type(exc).__name__)
                self.logger.warning("entry skipped (%s: %s): %r", type(exc).__name__, exc, entry)
                continue
            yield from requests

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
        self.warm_up_extraction()  # done already when built by from_crawler, as in a crawl
        for request in self.first_requests():
            yield request

    def warm_up_extraction(self) -> None:
        """Start the extraction worker now (once; without waiting for it), so that its
        start-up (an interpreter, the extractors' imports: about a second) overlaps the rest
        of Scrapy's start-up and the discovery requests instead of delaying the first article.
        Called as soon as the settings are known (:meth:`from_crawler`). In-process
        extraction imports what it needs here instead."""
        if getattr(self, "_warmed_up", False):
            return
        self._warmed_up = True
        worker = self.extraction_worker()
        if worker is not None:
            worker.start()
        else:
            self.preload_extraction()

    def preload_extraction(self) -> None:
        """Import slow extraction dependencies in this process (only when extracting here)."""

    def first_requests(self) -> Iterable[Request]:
        """The discovery entry points (feed, index page, sitemap) of this spider."""
        raise NotImplementedError

    # -- failures
    def count(self, key: str, n: int = 1) -> None:
        """Add to a stat; from an extraction thread, on the reactor thread (stats are not locked)."""
        if threading.current_thread() is threading.main_thread():
            self.crawler.stats.inc_value(key, n)
        else:
            from twisted.internet import reactor

            reactor.callFromThread(self.crawler.stats.inc_value, key, n)  # type: ignore[attr-defined]

    def discovered(self, source: str, n: int) -> None:
        """Count article URLs a discovery source gave (``defnews/discovered/<source>``); a
        source whose total stays 0 is a zero-yield error in the run summary."""
        self.crawler.stats.inc_value(DISCOVERED_PREFIX + source, n)

    def on_error(self, failure: Failure) -> None:
        kind = error_kind(failure.value)
        if kind is None:
            return
        self.count(ERROR_PREFIX + kind)
        request = getattr(failure, "request", None)
        self.logger.warning("%s: %s", kind, request.url if request else failure.getErrorMessage())

    # -- articles
    #: ``extract(html, url) -> record``: the site's extractor, a module-level function (set
    #: with ``staticmethod``), so that :meth:`site_rules` pickles to the extraction worker.
    extract: Callable[[str, str], Record]

    async def off_reactor(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run CPU-heavy extraction in a worker thread, so that the reactor keeps downloads,
        timeouts and other callbacks going meanwhile (``DEFNEWS_EXTRACT_IN_THREAD``, default
        on; the GIL is released in lexbor, lxml and PDFium, and switched every few ms). Used
        only with ``DEFNEWS_EXTRACT_TIME_LIMIT=0``: a thread cannot be stopped."""
        if not self.settings.getbool("DEFNEWS_EXTRACT_IN_THREAD", True):
            return fn(*args)
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        return await maybe_deferred_to_future(deferToThread(fn, *args))

    def page_record_function(self) -> PageRecord:
        """``DEFNEWS_PAGE_RECORD_FUNCTION``: the page → record step, by import path (default
        :func:`crawler.page_record.page_record`; tests name a slow one)."""
        from scrapy.utils.misc import load_object

        return load_object(self.settings.get("DEFNEWS_PAGE_RECORD_FUNCTION") or page_record)  # type: ignore[no-any-return]

    def extraction_worker(self) -> BoundedWorker | None:
        """The crawl's extraction worker process (:mod:`crawler.extract_worker`), started on
        the first article; None with ``DEFNEWS_EXTRACT_TIME_LIMIT=0`` (extract in a thread)."""
        if not hasattr(self, "_extraction_worker"):
            self._extraction_worker = extraction_worker(
                self.settings.getfloat("DEFNEWS_EXTRACT_TIME_LIMIT", DEFAULT_EXTRACT_TIME_LIMIT),
                self.settings.getint("DEFNEWS_EXTRACT_MEMORY_MB", DEFAULT_EXTRACT_MEMORY_MB))
        return self._extraction_worker

    def closed(self, reason: str) -> None:
        """Scrapy calls this when the spider closes: stop the extraction worker."""
        worker = getattr(self, "_extraction_worker", None)
        if worker is not None:
            worker.close()

    async def page_outcome(self, page: Page) -> Outcome:
        """The page → record step, bounded in time and memory in the extraction worker."""
        fn, worker = self.page_record_function(), self.extraction_worker()
        if worker is None:
            return await self.off_reactor(fn, page, self.site_rules())  # type: ignore[no-any-return]
        return await bounded_page_record(worker, fn, page, self.site_rules())

    async def parse_article(self, response: Response) -> AsyncIterator[Record]:
        # The page → record step is pure (crawler.page_record) so `defnews rebuild` can
        # replay it on archived responses and give the same records.
        outcome = await self.page_outcome(page_from_response(response))
        for key, n in outcome.counts:
            self.count(key, n)
        if outcome.counter:
            self.count(outcome.counter)
            loud = outcome.counter.startswith(ERROR_PREFIX) or any(
                key == ANNOUNCED_SKIPPED_STAT for key, _ in outcome.counts)
            level = logging.WARNING if loud else logging.INFO
            self.logger.log(level, "No record (%s): %s %s", outcome.counter, response.url, outcome.detail or "")
        if outcome.record is not None:
            yield outcome.record

    def site_rules(self) -> SiteRules:
        """This spider's extraction, for :func:`crawler.page_record.page_record`: plain data
        and module-level functions (it is pickled to the extraction worker)."""
        return SiteRules(self.name, type(self).extract, self.language, self.timezone,
                         pdf_max_chars=self.pdf_max_chars())

    def pdf_max_chars(self) -> int | None:
        """``DEFNEWS_PDF_MAX_CHARS`` (None: the PDF extractor's default)."""
        settings = getattr(self, "settings", None)  # None: a spider built outside a crawl
        return (settings.getint("DEFNEWS_PDF_MAX_CHARS", 0) if settings is not None else 0) or None


def page_from_response(response: Response) -> Page:
    """The response as :class:`crawler.page_record.Page`; WARC location and download time
    come from :mod:`crawler.warc_archive` when it archived the response."""
    warc = response.meta.get(WARC_META_KEY)
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    return Page(
        url=response.url, headers=headers, body=response.body, feed=response.meta.get("feed"),
        redirect_urls=tuple(response.meta.get("redirect_urls") or ()), warc=warc,
        date_downloaded=date_downloaded(warc["date"]) if warc else utc_now_iso(),
    )


def _on_domains(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)
