"""Item pipelines, in order: raw archive -> clean -> validate -> dedup -> store.

Every drop is counted under ``defnews/dropped/<reason>`` so the run summary can say why
records went missing; nothing disappears silently.
"""
from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import orjson
from scrapy.exceptions import DropItem, NotConfigured
from w3lib.url import canonicalize_url

import cleaning

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

STORED_STAT = "defnews/stored"
DROPPED_PREFIX = "defnews/dropped/"
RUN_ID_STAT = "defnews/run_id"


# --- shared helpers ---------------------------------------------------------------------


@dataclass(frozen=True)
class DataDirs:
    data: Path
    articles: Path
    raw: Path


def data_dirs(settings: BaseSettings) -> DataDirs:
    """Storage locations from DEFNEWS_DATA_DIR / DEFNEWS_ARTICLES_DIR / DEFNEWS_RAW_DIR."""
    data = Path(settings.get("DEFNEWS_DATA_DIR") or "data")
    articles = settings.get("DEFNEWS_ARTICLES_DIR") or data / "articles"
    raw = settings.get("DEFNEWS_RAW_DIR") or data / "raw"
    return DataDirs(data, Path(articles), Path(raw))


def new_run_id() -> str:
    """The current UTC time as a run id, e.g. ``20261125T193000Z``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def run_id(crawler: Crawler) -> str:
    """One id per crawl, kept in stats so every component agrees; DEFNEWS_RUN_ID sets it
    (the runner does, so several spiders of one run share it), else the first call's time."""
    rid = crawler.stats.get_value(RUN_ID_STAT)
    if rid is None:
        rid = crawler.settings.get("DEFNEWS_RUN_ID") or new_run_id()
        crawler.stats.set_value(RUN_ID_STAT, rid)
    return str(rid)


def articles_path(crawler: Crawler, spider_name: str) -> Path:
    return data_dirs(crawler.settings).articles / f"{spider_name}.jsonl"


def raw_path(crawler: Crawler, spider_name: str) -> Path:
    return data_dirs(crawler.settings).raw / spider_name / f"{run_id(crawler)}.jsonl.gz"


def drop(crawler: Crawler, reason: str, message: str, log_level: str | None = None) -> DropItem:
    crawler.stats.inc_value(DROPPED_PREFIX + reason)
    return DropItem(f"{reason}: {message}", log_level=log_level)


def spider_name(crawler: Crawler) -> str:
    assert crawler.spider is not None
    return crawler.spider.name


class _Component:
    """Pipelines keep the crawler: Scrapy 2.19 no longer passes the spider to their methods."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)


# --- pipelines ------------------------------------------------------------------------------


class RawArchivePipeline(_Component):
    """Archive records exactly as extracted, before any cleaning, to
    ``<raw>/<spider>/<run-id>.jsonl.gz``, so cleaning can be re-run or audited later.
    ``DEFNEWS_RAW_ENABLED = False`` switches it off."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_RAW_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def open_spider(self) -> None:
        run_id(self.crawler)  # fix the run id at the start of the crawl
        self._fh: gzip.GzipFile | None = None  # opened on the first item: no empty archives

    def _file(self) -> gzip.GzipFile:
        if self._fh is None:
            path = raw_path(self.crawler, spider_name(self.crawler))
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = gzip.GzipFile(path, "ab")
        return self._fh

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self._file().write(orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE))
        return item

    def close_spider(self) -> None:
        if self._fh is not None:
            self._fh.close()


class CleanPipeline(_Component):
    """Normalise text and collapse repeats (``cleaning.clean_article``)."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        try:
            cleaned = cleaning.clean_article(item)
        except ValueError as exc:  # e.g. no string articleBody: one bad record, not the run
            raise drop(self.crawler, "clean_failed", f"{item.get('url')}: {exc}") from exc
        if not (cleaned.get("articleBody") or "").strip():
            raise drop(self.crawler, "empty", f"body empty after cleaning: {item.get('url')}")
        return cleaned


class ValidatePipeline(_Component):
    """Drop records that break the schema contract, with the validator's messages."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        errors = cleaning.validate_record(item)
        if errors:
            raise drop(self.crawler, "invalid", f"{item.get('url')}: {'; '.join(errors)}")
        return item


def _is_site_root(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


def record_keys(record: dict[str, Any]) -> set[str]:
    """Identity keys of a record: its canonical URL and its fetched URL, canonicalised.

    A canonical URL pointing at the site root is ignored: some CMSs emit that on every
    page, and trusting it would merge all articles into one. Titles are never keys:
    titles recur legitimately (e.g. 日米合同委員会合意について).
    """
    urls = [record.get("url")]
    canonical = record.get("canonicalUrl")
    if canonical and not _is_site_root(canonical):
        urls.append(canonical)
    return {canonicalize_url(u) for u in urls if u}


def load_stored_keys(path: Path) -> set[str]:
    """Keys of the records already stored by earlier runs; unreadable lines are skipped."""
    keys: set[str] = set()
    if not path.is_file():
        return keys
    with path.open("rb") as fh:
        for line in fh:
            try:
                keys |= record_keys(orjson.loads(line))
            except (orjson.JSONDecodeError, AttributeError):
                logger.warning("Skipping unreadable line in %s", path)
    return keys


def append_mode(crawler: Crawler) -> bool:
    mode = crawler.settings.get("DEFNEWS_STORE_MODE", "append")
    if mode not in ("append", "overwrite"):
        raise ValueError(f"DEFNEWS_STORE_MODE must be 'append' or 'overwrite', not {mode!r}")
    return mode == "append"


class DedupPipeline(_Component):
    """Drop records already seen in this run or stored by an earlier run (append mode)."""

    def open_spider(self) -> None:
        path = articles_path(self.crawler, spider_name(self.crawler))
        self.seen = load_stored_keys(path) if append_mode(self.crawler) else set()

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        keys = record_keys(item)
        if keys & self.seen:
            # Routine in scheduled runs (already stored last time): not worth a warning.
            url = str(item.get("canonicalUrl") or item.get("url"))
            raise drop(self.crawler, "duplicate", url, log_level="INFO")
        self.seen |= keys
        return item


class StorePipeline(_Component):
    """Append one orjson line per record to ``<articles>/<spider>.jsonl``, flushed per item
    so a killed crawl loses nothing already reported as stored."""

    def open_spider(self) -> None:
        path = articles_path(self.crawler, spider_name(self.crawler))
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("ab" if append_mode(self.crawler) else "wb")

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self._fh.write(orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE))
        self._fh.flush()
        self.crawler.stats.inc_value(STORED_STAT)
        return item

    def close_spider(self) -> None:
        self._fh.close()
