"""Crawl the offline mirror under the real sites' URLs.

The mirror server answers on ``http://127.0.0.1:<random port>``, one port per site.
Records that carried those URLs would change from run to run and would not be the
URLs an analyst finds on the web.  This download handler lets the spiders crawl the
real origins (``https://www.mod.go.jp/…``) while the bytes come from the mirror:
a request to a mapped origin is sent to the mirror, and the response comes back
under the request's real URL, so everything above the downloader (robots.txt,
offsite and redirect handling, extractors, stored records) sees the real site.

It never lets a request through to the network: a URL whose origin is not mapped
fails with :class:`NotInMirror` (counted by the spiders as an ``ignored`` error).

Settings (given by ``crawler.runner.demo``)::

    DOWNLOAD_HANDLERS = {"http": "crawler.mirror_origins.MirrorDownloadHandler",
                         "https": "crawler.mirror_origins.MirrorDownloadHandler"}
    DEFNEWS_MIRROR_ORIGINS = {"https://www.mod.go.jp": "http://127.0.0.1:40123", ...}

``DEFNEWS_MIRROR_ORIGINS`` may be a dict or its JSON text (as ``-s`` passes it).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

SETTING = "DEFNEWS_MIRROR_ORIGINS"


class NotInMirror(IgnoreRequest):
    """A mirror crawl asked for a URL that no mirror site serves."""


def origin(url: str) -> str:
    """``https://www.mod.go.jp/j/a.html`` → ``https://www.mod.go.jp`` (host lower-cased, default port dropped).

    >>> origin("HTTPS://WWW.mod.go.jp:443/j/a.html?x=1")
    'https://www.mod.go.jp'
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    port = "" if parts.port in (None, default) else f":{parts.port}"
    return f"{scheme}://{host}{port}"


def to_mirror(url: str, origins: Mapping[str, str]) -> str | None:
    """The mirror URL that serves ``url``, or None when no mirror site has its origin.

    >>> to_mirror("https://www.mod.go.jp/j/a.html?x=1#top", {"https://www.mod.go.jp": "http://127.0.0.1:8000"})
    'http://127.0.0.1:8000/j/a.html?x=1'
    >>> to_mirror("https://evil.example/", {"https://www.mod.go.jp": "http://127.0.0.1:8000"}) is None
    True
    """
    local = origins.get(origin(url))
    if local is None:
        return None
    parts, base = urlsplit(url), urlsplit(local)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


class MirrorDownloadHandler:
    """Download handler for http and https: real origin → mirror server → response under the real URL.

    The mirror is fetched with Scrapy's own handler for ``http`` (``DOWNLOAD_HANDLERS_BASE``),
    built on the first mapped request.
    """

    lazy = False

    def __init__(self, crawler: Crawler, origins: Mapping[str, str]) -> None:
        self.crawler = crawler
        self.origins = {origin(real): local.rstrip("/") for real, local in origins.items()}
        self._http: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        origins = crawler.settings.getdict(SETTING)
        if not origins:
            raise NotConfigured(f"{SETTING} maps no origin to a mirror")
        return cls(crawler, origins)

    def _mirror_handler(self) -> Any:
        if self._http is None:
            path = self.crawler.settings.getdict("DOWNLOAD_HANDLERS_BASE")["http"]
            self._http = build_from_crawler(load_object(path), self.crawler)
        return self._http

    async def download_request(self, request: Request) -> Response:
        local = to_mirror(request.url, self.origins)
        if local is None:
            raise NotInMirror(f"not in the mirror: {request.url}")
        response = await self._mirror_handler().download_request(request.replace(url=local))
        return response.replace(url=request.url)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
