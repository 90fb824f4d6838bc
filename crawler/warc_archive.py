"""Scrapy extension: archive every HTTP response, as received, in a WARC 1.1 file per spider and run.

Every response the downloader hands back (HTML, PDF, feeds, sitemaps, robots.txt, 3xx/4xx/5xx,
challenge pages) becomes a ``response`` record followed by its ``request`` record
(``WARC-Concurrent-To`` the response), after one ``warcinfo`` record, in
``<DEFNEWS_WARC_DIR or <data>/warc>/<spider>/<run-id>.warc.gz``, written with warcio.

Why ``response_downloaded``: Scrapy sends that signal when the download handler returns, before
any downloader middleware's ``process_response``, so the body still has its content encoding
(gzip, br) and the challenge middleware has not yet turned the page into an exception. The
only change is Transfer-Encoding: Twisted has already removed the chunking, so that header is
stored as ``X-Defnews-Transfer-Encoding`` (a reader must not de-chunk a body that is not chunked).

What the spider knew about the request (article or discovery page, the feed entry that linked
it, the redirects before it) is kept in the extension header ``WARC-Defnews-Request-Meta``
(JSON), so ``defnews rebuild`` can redo extraction with no network. The record's
``WARC-Date`` (seconds) is also the stored record's ``metadata.dateDownloaded``: the crawl and a
rebuild then agree to the byte.

Each record is its own gzip member, flushed as soon as it is written, so a killed crawl leaves a
readable file up to the last whole record; the file is closed in ``spider_closed`` (which Scrapy
also runs on Ctrl-C / SIGTERM) and read back once to check it (``defnews/warc/*`` stats).

Settings: ``DEFNEWS_WARC_ENABLED`` (default True), ``DEFNEWS_WARC_DIR`` (default ``<data>/warc``).
"""
from __future__ import annotations

import io
import json
import logging
import platform
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from crawler.pipelines import data_dirs, run_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: ``request.meta`` key under which the extension leaves ``{"filename", "offset", "recordId",
#: "date"}`` of the response's record (read by the spiders' ``stamp``).
WARC_META_KEY = "defnews_warc"
META_HEADER = "WARC-Defnews-Request-Meta"
#: request.meta keys worth keeping for a rebuild (JSON-serialisable ones only).
KEPT_META = ("article", "feed", "redirect_urls")
RECORDS_STAT = "defnews/warc/records"
CHECK_FAILED_STAT = "defnews/warc/check_failed"


def warc_date(moment: datetime) -> str:
    """WARC-Date with second precision, e.g. ``2026-11-30T15:10:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_downloaded(warc_date_value: str) -> str:
    """The record's ``metadata.dateDownloaded`` from a WARC-Date: the same moment in the same
    format, UTC to the second with ``Z`` (:func:`cleaning.record_contract.utc_z`).

    >>> date_downloaded("2026-11-30T15:10:00Z")
    '2026-11-30T15:10:00Z'
    >>> date_downloaded("2026-11-30T15:10:00.123456Z")
    '2026-11-30T15:10:00Z'
    """
    return warc_date(datetime.fromisoformat(warc_date_value.replace("Z", "+00:00")))


def warc_path(crawler: Crawler, spider_name: str) -> Path:
    root = crawler.settings.get("DEFNEWS_WARC_DIR") or data_dirs(crawler.settings).data / "warc"
    return Path(root) / spider_name / f"{run_id(crawler)}.warc.gz"


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1")
        if key.lower() == "transfer-encoding":
            key = "X-Defnews-Transfer-Encoding"
        pairs.extend((key, v.decode("latin-1")) for v in values)
    return pairs


def status_line(response: Response) -> str:
    """``200 OK`` (the protocol goes in StatusAndHeaders' own field)."""
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = ""
    return f"{response.status} {phrase}".rstrip()


def request_meta(request: Request) -> dict[str, Any]:
    """The JSON-safe part of ``request.meta`` that extraction needs again in a rebuild."""
    return {k: request.meta[k] for k in KEPT_META if k in request.meta}


class WarcWriterFile:
    """One open WARC file: warcinfo first, then response/request pairs; offsets tracked."""

    def __init__(self, path: Path, info: dict[str, str]) -> None:
        from warcio.warcwriter import WARCWriter

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fh: IO[bytes] = path.open("wb")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self.records = 0
        self._write(self._writer.create_warcinfo_record(path.name, info))

    def _write(self, record: Any) -> tuple[int, str]:
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        self.records += 1
        return offset, record.rec_headers.get_header("WARC-Record-ID")

    def write_exchange(self, request: Request, response: Response, moment: datetime) -> dict[str, Any]:
        """Write the response and its request; return the response record's location."""
        from warcio.statusandheaders import StatusAndHeaders

        date = warc_date(moment)
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        http = StatusAndHeaders(status_line(response), _header_pairs(response.headers), protocol=protocol)
        meta = json.dumps(request_meta(request), ensure_ascii=False, sort_keys=True)
        headers = {"WARC-Date": date, META_HEADER: meta}
        if response.ip_address is not None:
            headers["WARC-IP-Address"] = str(response.ip_address)
        record = self._writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body), length=len(response.body),
            http_headers=http, warc_headers_dict=headers,
        )
        offset, record_id = self._write(record)
        self._write(self._request_record(request, response.url, date, record_id))
        # The spider's folder too: every spider's file of one run has the same name.
        return {"filename": f"{self.path.parent.name}/{self.path.name}", "offset": offset,
                "recordId": record_id, "date": date}

    def _request_record(self, request: Request, url: str, date: str, concurrent_to: str) -> Any:
        from warcio.statusandheaders import StatusAndHeaders

        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        pairs = [("Host", parts.netloc), *_header_pairs(request.headers)]
        http = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", pairs, is_http_request=True)
        body = request.body or b""
        return self._writer.create_warc_record(
            request.url, "request", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": concurrent_to},
        )

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


def check_warc(path: Path) -> tuple[int, str | None]:
    """Read ``path`` back: ``(records read, None)`` or ``(records read, what is wrong)``.

    Every record is parsed and its block/payload digests are checked (warcio's
    ``check_digests``), so a torn last record or a corrupted body is found.
    """
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                record.content_stream().read()
                count += 1
    except Exception as exc:  # noqa: BLE001 - any failure to read back is the finding
        return count, f"{type(exc).__name__}: {exc}"
    return count, None


class WarcArchive:
    """Extension writing the WARC file (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.file: WarcWriterFile | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_WARC_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        from importlib.metadata import version

        warcio_version = version("warcio")
        info = {
            "software": f"defnews (warcio {warcio_version}; python {platform.python_version()})",
            "format": "WARC File Format 1.1",
            "defnews-spider": spider.name,
            "defnews-run-id": run_id(self.crawler),
            # Microseconds: spiders of one demo start within the same second; a rebuild
            # replays the files in this order.
            "defnews-started": datetime.now(UTC).isoformat(timespec="microseconds"),
            "defnews-spider-args": json.dumps(spider_args(spider), ensure_ascii=False, sort_keys=True),
        }
        self.file = WarcWriterFile(warc_path(self.crawler, spider.name), info)

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.file is None:
            return
        location = self.file.write_exchange(request, response, datetime.now(UTC))
        request.meta[WARC_META_KEY] = location
        self.crawler.stats.inc_value(RECORDS_STAT)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.file is None:
            return
        self.file.close()
        count, problem = check_warc(self.file.path)
        if problem or count != self.file.records:
            self.crawler.stats.inc_value(CHECK_FAILED_STAT)
            logger.error("WARC check failed for %s: read %d of %d records (%s)",
                         self.file.path, count, self.file.records, problem)


def spider_args(spider: Spider) -> dict[str, Any]:
    """What a rebuild needs to construct the same extraction: the spider's own settings."""
    # A zone nobody gave (the generic spider without -a timezone=) is recorded as None, so the
    # rebuild reads each page in its region's zone too; archives written before recorded UTC.
    zone = getattr(spider, "timezone", None) if getattr(spider, "timezone_given", True) else None
    args = {"base_url": getattr(spider, "base_url", None),
            "language": getattr(spider, "language", None),
            "timezone": zone}
    if hasattr(spider, "require_date"):
        args["require_date"] = "1" if spider.require_date else "0"
    if hasattr(spider, "index_url"):  # generic: tells sitemap from feed by the document itself
        args["sitemap"] = spider.index_url
    return args
