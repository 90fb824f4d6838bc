"""Any ministry with a sitemap or a feed and article pages.

    scrapy crawl generic -a sitemap=https://example.gov/sitemap.xml [-a allow=/news/]
    scrapy crawl generic -a feed=https://example.gov/feed.xml [-a language=en]
    scrapy crawl generic -a site=https://example.gov/

Discovery reads, told apart by the document and not the argument:
- RSS 0.9x/1.0/2.0 and Atom feeds (feedparser; links resolved against ``xml:base`` and the
  feed's URL; PDF enclosures);
- XML sitemaps (``urlset``, news sitemaps with ``news:publication_date``), sitemap indexes
  followed recursively with a cycle guard, a depth limit (``DEFNEWS_SITEMAP_MAX_DEPTH``,
  default 4) and a count limit (``DEFNEWS_SITEMAP_MAX_COUNT``, default 200), gzipped
  sitemaps (bounded by ``DOWNLOAD_MAXSIZE`` once inflated), plain-text sitemaps (one URL a
  line);
- ``-a site=URL``: ``Sitemap:`` lines of robots.txt, ``<link rel=alternate>`` feeds of the
  home page, and the usual paths (``/sitemap.xml``, ``/feed.xml``, …).

The spider stays on the host of ``base_url``, which defaults to the origin of the index.
Non-articles are judged by content alone (:func:`crawler.extractors.page_kind.judge`), so a
page gets the same verdict through a feed, a sitemap or ``-a site=``, never by the shape of
its URL (a sitemap's directory URLs are fetched and judged like any other): a listing (dated or
paginated links to the site's pages) is skipped as ``listing_page``; a page with no date of
its own, no article markup and a short body is skipped as ``not_article`` when the site's menu
links to it, or as ``no_prose`` when it holds little more than a title; a ``no_prose`` page a
feed or sitemap listed is counted ``defnews/announced_skipped`` and logged as a warning (a verdict
for want of evidence). Feeds and sitemaps only add date candidates. An article page without a date is stored
with its feed or sitemap date, or with a null date and a validation message
(``-a require_date=1`` restores skipping undated pages). Counted: ``defnews/skipped/<reason>``,
``defnews/discovered/<source>`` (article URLs found per source; 0 is a zero-yield error in
the summary), ``defnews/discovery/<event>`` (sitemap cycles and cuts), ``defnews/errors/bad_url``,
``defnews/errors/not_a_feed`` / ``not_a_sitemap`` (the index URL answered with something else),
``defnews/not_allowed`` (URLs that ``allow`` left out; routine).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip

from crawler import spider_args
from crawler.extractors import generic, page_kind
from crawler.extractors.decoding import decode_page
from crawler.page_record import SiteRules, never_skip, skip_undated
from crawler.spiders.base import (
    ERROR_PREFIX, SKIPPED_PREFIX, DefnewsSpider, FeedEntry, error_kind, parse_feed,
)

GZIP_MAGIC = b"\x1f\x8b"
DISCOVERY_PREFIX = "defnews/discovery/"
#: Discovered URLs left out because they do not match ``-a allow=REGEX`` (routine, not errors).
NOT_ALLOWED_STAT = "defnews/not_allowed"
#: A URL requested again in one run (a sitemap listing it twice, a redirect to a page already
#: fetched): fetched once, counted as routine.
DUPLICATE_REQUESTS_STAT = "defnews/duplicate_requests"
#: Paths tried by ``-a site=URL`` besides robots.txt and the home page's alternate links.
USUAL_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/sitemap.txt", "/feed.xml", "/rss.xml",
               "/atom.xml", "/feed", "/rss", "/index.xml")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                            remove_comments=True, load_dtd=False, huge_tree=False)
_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex|rss|feed|RDF|html)\b", re.I)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def sitemap_body(response: Response, max_size: int) -> bytes:
    """The sitemap bytes, gunzipped when gzipped (raises ValueError past ``max_size``)."""
    body = response.body
    if body[:2] != GZIP_MAGIC:
        return body
    try:
        return gunzip(body, max_size=max_size)
    except Exception as exc:  # scrapy raises its own _DecompressionMaxSizeExceeded or OSError
        raise ValueError(f"cannot inflate sitemap: {exc}") from exc


def document_kind(body: bytes) -> str:
    """``urlset``, ``sitemapindex``, ``rss``/``feed``/``rdf``, ``html``, ``text`` or ``""``."""
    head = body[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    found = _ROOT.search(head)
    if found:
        return found.group(1).decode().lower()
    lines = [line.strip() for line in head.decode("utf-8", "replace").splitlines() if line.strip()]
    if lines and all(re.match(r"^\S+://\S+$|^/\S*$", line) for line in lines[:20]):
        return "text"
    return ""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def sitemap_entries(body: bytes) -> list[FeedEntry]:
    """``<url>``/``<sitemap>`` entries: loc, lastmod, and a news sitemap's date and title.
    An entry lxml cannot give as text (a character reference to a surrogate) is kept with an
    empty link, for the caller to count as a bad URL."""
    try:
        root = etree.fromstring(body.lstrip(b"\xef\xbb\xbf \t\r\n"), parser=_SAFE_XML)
    except etree.XMLSyntaxError:
        return []
    entries = []
    for item in (root if root is not None else []):
        fields: dict[str, str] = {}
        try:
            for element in item.iter():
                name = _local(element.tag)
                if name in ("loc", "lastmod", "publication_date", "title") and element.text:
                    fields.setdefault(name, element.text.strip())
        except UnicodeDecodeError:  # lxml kept a surrogate (&#xDCFF;) that it cannot decode
            entries.append(FeedEntry("", source="sitemap"))  # a bad URL: counted, the others go on
            continue
        if fields.get("loc"):
            entries.append(FeedEntry(fields["loc"], fields.get("title"),
                                     fields.get("publication_date"), fields.get("lastmod"),
                                     source="sitemap"))
    return entries


def text_sitemap_entries(body: bytes) -> list[FeedEntry]:
    """A plain-text sitemap: one URL a line (sitemaps.org), blank lines and ``#`` ignored."""
    text = decode_page(body, "text/plain").text
    return [FeedEntry(line.strip(), source="sitemap") for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def robots_sitemaps(body: bytes) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt."""
    text = decode_page(body, "text/plain").text
    return [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)]


def alternate_feeds(html: bytes, url: str) -> list[str]:
    """``<link rel=alternate type=application/rss+xml|atom+xml>`` hrefs of a page."""
    text = decode_page(html).text
    found = []
    for tag in re.findall(r"<link\b[^>]*>", text, re.I):
        if re.search(r"rel\s*=\s*[\"']?alternate", tag, re.I) and re.search(r"(rss|atom)\+xml", tag, re.I):
            href = re.search(r"href\s*=\s*[\"']?([^\"'\s>]+)", tag, re.I)
            if href:
                try:
                    found.append(urljoin(url, href.group(1)))
                except ValueError:
                    continue
    return found


class GenericSpider(DefnewsSpider):
    name = "generic"

    def __init__(
        self,
        sitemap: str | None = None,
        feed: str | None = None,
        site: str | None = None,
        allow: str | None = None,
        base_url: str | None = None,
        language: str = "und",
        timezone: str | None = None,
        require_date: str = "0",
        **kwargs: Any,
    ) -> None:
        if sum(bool(x) for x in (sitemap, feed, site)) != 1:
            raise ValueError("generic needs exactly one of -a sitemap=URL, -a feed=URL or -a site=URL")
        #: What the argument says the index is: the source name of its zero yield.
        self.index_kind = "sitemap" if sitemap else "feed" if feed else "site"
        # The same checks as sites.toml (crawler.spider_args): a bad value stops here.
        self.index_url = spider_args.http_url(self.index_kind, sitemap or feed or site)
        self.autodiscover = bool(site)
        # No live site of its own: the "live" origin is the index's, so the host limit holds.
        self.live_base_url = origin(self.index_url)
        self.live_domains = (urlsplit(self.index_url).hostname or "",)
        super().__init__(base_url=base_url, **kwargs)
        self.allow = spider_args.regex("allow", allow) if allow else None
        self.language = spider_args.language("language", language)
        # For dates without a zone. Not given: each page's region's zone, else UTC by
        # assumption, and a clock time read so says its zone is unknown (date_candidates).
        self.timezone_given = timezone is not None
        self.timezone = spider_args.timezone("timezone", timezone) if timezone is not None else "UTC"
        self.require_date = spider_args.flag("require_date", require_date)
        self.sitemaps_seen: set[str] = set()
        self.pages_seen: set[str] = set()

    def first_requests(self) -> Iterable[Request]:
        if not self.autodiscover:
            self.sitemaps_seen.add(self.index_url)
            yield self.request(self.index_url, self.parse_index, sitemap_depth=0, index_kind=self.index_kind)
            return
        base = self.index_url.rstrip("/")
        self.discovered("site", 0)  # stays 0 when no guess finds anything: zero_yield:site
        yield Request(origin(self.index_url) + "/robots.txt", callback=self.parse_robots,
                      errback=self.discovery_miss, dont_filter=True)
        yield Request(self.index_url, callback=self.parse_home, errback=self.discovery_miss)
        for path in USUAL_PATHS:
            yield Request(base + path, callback=self.parse_index, errback=self.discovery_miss,
                          meta={"sitemap_depth": 0, "guessed": True})

    # -- discovery
    def discovery_miss(self, failure: Any) -> None:
        """A guessed discovery URL that is not there: counted, not an error."""
        self.count(DISCOVERY_PREFIX + "miss")

    def parse_robots(self, response: Response) -> Iterator[Request]:
        yield from self.each_entry(robots_sitemaps(response.body), lambda url: self.follow_sitemap_url(url, 0))

    def parse_home(self, response: Response) -> Iterator[Request]:
        yield from self.each_entry(alternate_feeds(response.body, response.url),
                                   lambda url: self.follow_sitemap_url(url, 0, "feed"))

    def follow_sitemap_url(self, url: str, depth: int, kind: str = "sitemap") -> Iterator[Request]:
        """A sitemap or feed to read, once, within the depth and count limits."""
        good = self.good_url(url)
        if good is None:
            return
        if good in self.sitemaps_seen:
            self.count(DISCOVERY_PREFIX + "sitemap_cycle")
            return
        if depth > self.settings.getint("DEFNEWS_SITEMAP_MAX_DEPTH", 4):
            self.count(DISCOVERY_PREFIX + "sitemap_cut_depth")
            return
        if len(self.sitemaps_seen) >= self.settings.getint("DEFNEWS_SITEMAP_MAX_COUNT", 200):
            self.count(DISCOVERY_PREFIX + "sitemap_cut_count")
            return
        self.sitemaps_seen.add(good)
        yield self.request(good, self.parse_index, sitemap_depth=depth, index_kind=kind)

    def parse_index(self, response: Response) -> Iterator[Request]:
        """Sitemap index, sitemap (XML, news, text, gz) or feed: told apart by the document."""
        depth = int(response.meta.get("sitemap_depth", 0))
        self.sitemaps_seen.add(response.url)
        try:
            body = sitemap_body(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
        except ValueError:
            self.count(ERROR_PREFIX + "oversize")
            return
        kind = document_kind(body)
        guessed = bool(response.meta.get("guessed"))
        if kind == "sitemapindex":
            yield from self.each_entry(sitemap_entries(body),
                                       lambda entry: self.follow_sitemap_url(entry.link, depth + 1))
        elif kind == "urlset":
            yield from self.follow_sitemap(sitemap_entries(body), "sitemap")
        elif kind == "text":
            yield from self.follow_sitemap(text_sitemap_entries(body), "sitemap")
        elif kind in ("rss", "feed", "rdf"):
            yield from self.follow_all(parse_feed(body, response.url), "feed")
        elif kind == "html" and not guessed and (feeds := alternate_feeds(body, response.url)):
            # the page of a site, pointing at its feed
            yield from self.each_entry(feeds, lambda url: self.follow_sitemap_url(url, depth + 1, "feed"))
        elif not guessed:
            self.not_an_index(response, kind)

    def on_error(self, failure: Any) -> None:
        """Count the failure; a sitemap or feed that could not be read (404, timeout, blocked)
        gave no article URL, so its source is a zero yield too, as when it reads empty."""
        super().on_error(failure)
        request = getattr(failure, "request", None)
        if request is not None and "index_kind" in request.meta and error_kind(failure.value):
            self.discovered(self.source_name(request.meta["index_kind"]), 0)

    def source_name(self, index_kind: str | None) -> str:
        """The discovery source a feed or sitemap URL was given as (``-a site=`` finds sitemaps)."""
        expected = index_kind or self.index_kind
        return "sitemap" if expected == "site" else expected

    def not_an_index(self, response: Response, kind: str) -> None:
        """A feed or sitemap URL that answered with something else (an article page, a
        text file): ``errors.not_a_feed`` / ``not_a_sitemap``, and a zero yield of that
        source, named after what the URL was given as."""
        expected = self.source_name(response.meta.get("index_kind"))
        self.count(f"{ERROR_PREFIX}not_a_{expected}")
        self.logger.warning("Not a %s (%s): %s", expected, kind or "unknown document", response.url)
        self.discovered(expected, 0)

    def follow_sitemap(self, entries: list[FeedEntry], source: str) -> Iterator[Request]:
        """Every URL of a sitemap is fetched, directories (``/news/``) too: what a page is
        (an article, a listing, a section) is judged by its content (:mod:`page_kind`), the
        same whether a sitemap, a feed or ``-a site=`` found it; a directory URL gets
        ``listing_page``, ``not_article`` or ``no_prose``, or is an article (a CMS's ``/news/title/``)."""
        yield from self.follow_all(entries, source)

    def follow_all(self, entries: Iterable[FeedEntry], source: str = "feed") -> Iterator[Request]:
        requests = list(self.each_entry(entries, self.article_entry))
        self.discovered(source, len(requests))
        if self.autodiscover:
            self.discovered("site", len(requests))  # 0 in total: the whole site gave nothing
        yield from requests

    def article_entry(self, entry: FeedEntry) -> Iterator[Request]:
        """The article request of one feed or sitemap entry, unless its URL is bad, left out
        by ``allow``, or already requested."""
        url = self.good_url(entry.link)
        if url is None:
            return
        if self.allow is not None and not self.allow.search(url):
            self.count(NOT_ALLOWED_STAT)  # routine: the site's own pages we do not want
            return
        if url in self.pages_seen:
            self.count(DUPLICATE_REQUESTS_STAT)  # routine: listed twice, fetched once
            return
        self.pages_seen.add(url)
        # Always the entry, with or without a title or date: that a feed or sitemap listed the
        # page is what makes a doubtful verdict on it suspect (page_record.announced_skip).
        yield self.article_request(url, entry)

    # -- articles
    def preload_extraction(self) -> None:
        generic.preload()  # trafilatura: about a second, before the first page, not during it

    def site_rules(self) -> SiteRules:
        """Non-articles are judged by the page's content alone (:func:`page_kind.judge`); the
        feed or sitemap that led here never changes the verdict. Undated articles are stored
        unless ``-a require_date=1``."""
        max_depth = self.settings.getint("DEFNEWS_MAX_NESTING_DEPTH", generic.MAX_DEPTH)
        extract = functools.partial(generic.extract_for_site, max_depth=max_depth,
                                    tz=self.timezone if self.timezone_given else None,
                                    language=self.language)
        return SiteRules(self.name, extract, self.language, self.timezone,
                         skip_reason=skip_undated if self.require_date else never_skip,
                         judge=page_kind.judge, pdf_max_chars=self.pdf_max_chars(),
                         timezone_known=self.timezone_given)
