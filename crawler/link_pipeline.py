"""Item pipeline: link each record against the whole archive before it is stored.

Runs after validation and duplicate dropping, before the store. Each record gets its typed
``links`` and its ``clusterId`` from :class:`linking.LinkIndex`, which persists in
``DEFNEWS_LINKS_DIR`` (default ``<data>/links``) so a scheduled run links against every
earlier run. In overwrite mode the spider's earlier entries are forgotten, as its stored file is
started afresh. Nothing is dropped here. ``DEFNEWS_LINKS_ENABLED = False`` switches it off.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured

from crawler.pipelines import append_mode, data_dirs, spider_name

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from linking import LinkIndex

LINKED_STAT = "defnews/linked"
LINK_FAILED_STAT = "defnews/errors/link_failed"
logger = logging.getLogger(__name__)


def links_dir(crawler: Crawler) -> Path:
    return Path(crawler.settings.get("DEFNEWS_LINKS_DIR") or data_dirs(crawler.settings).data / "links")


class LinkPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.index: LinkIndex | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_LINKS_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def open_spider(self) -> None:
        from linking import LinkIndex

        name = spider_name(self.crawler)
        drop = None if append_mode(self.crawler) else name
        self.index = LinkIndex.open(links_dir(self.crawler), drop=drop)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        assert self.index is not None
        try:
            linked = self.index.link(item)
        except Exception:  # noqa: BLE001 - a linking bug must cost the links, never the record
            logger.exception("Linking failed, storing unlinked: %s", item.get("url"))
            self.crawler.stats.inc_value(LINK_FAILED_STAT)
            return item
        if len(linked["links"]) > len(item.get("links") or []):
            self.crawler.stats.inc_value(LINKED_STAT)
        return linked

    def close_spider(self) -> None:
        if self.index is not None:
            self.index.close()
