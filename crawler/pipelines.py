"""Item pipelines, in order: raw archive -> clean -> dedup/version -> validate -> store.

Every drop is counted under ``defnews/dropped/<reason>`` so the run summary can say why
records went missing; nothing disappears silently.

Durability (issue 9):
- the raw archive writes one gzip member per record and fsyncs it before the record goes on,
  so no record is ever in the article store without also being in the raw archive;
- append mode writes each line with one ``write`` on an ``O_APPEND`` descriptor and fsyncs
  at close; overwrite mode writes a temporary file that replaces the old one only when the
  run ended well (:data:`STORE_COMMIT`, sent by ``crawler.runner.RunSummary``);
- :func:`prepare_store` repairs what a killed run left (a torn last line, a torn gzip member,
  a temporary file) before anything is read or written, and reports it in the summary.
"""
from __future__ import annotations

import functools
import gzip
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import orjson
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import load_object
from w3lib.url import canonicalize_url

import cleaning
from cleaning.article import REPAIR_SKIPPED, content_hash
from crawler.article_versions import StoredVersion, as_new_version
from crawler.bounded_work import BoundedWorker, TimeLimitExceeded, WorkerDied, import_modules
from crawler.crawl_state import CrawlState
from crawler.safe_files import Repair, fsync_dir, repair_gzip, repair_jsonl, write_all

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

STORED_STAT = "defnews/stored"
DROPPED_PREFIX = "defnews/dropped/"
#: Records stored past a bound (e.g. left unrepaired), counted by bound.
LIMITS_PREFIX = "defnews/limits/"
RUN_ID_STAT = "defnews/run_id"
UPDATED_STAT = "defnews/updated"
UNCHANGED_STAT = "defnews/unchanged"
REPAIRS_STAT = "defnews/repairs"
KILLED_RUNS_STAT = "defnews/killed_runs"

#: Signal sent once by the run summary when the spider closes, with ``ok`` (bool): whether the
#: run ended well. The store then commits (overwrite mode: replaces the file) or discards.
STORE_COMMIT = object()


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
    """The current UTC time plus 24 random bits, e.g. ``20261125T193000Z-3fa9c1``.

    Sortable by start time; two runs started in the same second still get different ids
    (a collision needs the same second and the same 24 random bits), so no run's summary or
    raw archive is ever written over by another's.
    """
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


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


def state_for(crawler: Crawler) -> CrawlState | None:
    """The crawl's state database (one per crawler), or None if ``DEFNEWS_STATE_ENABLED`` is off."""
    if not crawler.settings.getbool("DEFNEWS_STATE_ENABLED", True):
        return None
    state = getattr(crawler, "_defnews_state", None)
    if state is None:
        state = CrawlState.in_dir(data_dirs(crawler.settings).data)
        crawler._defnews_state = state  # type: ignore[attr-defined]
    return state


def temp_store_glob(spider: str) -> str:
    return f".{spider}.jsonl.*.tmp"


def prepare_store(crawler: Crawler) -> None:
    """Before the first read or write of a run (idempotent): repair what a killed run left.

    - the articles file: a torn last line is cut off and quarantined (append mode);
    - the raw archive of every run of this spider that started and never finished (from the
      state's ``runs``): a torn last gzip member is cut off and quarantined;
    - a temporary overwrite-mode file of a killed run is removed (its records are in that
      run's raw archive).
    Each repair is logged as a warning and listed in the summary's ``repairs``.
    """
    if getattr(crawler, "_defnews_prepared", False):
        return
    crawler._defnews_prepared = True  # type: ignore[attr-defined]
    name, rid = spider_name(crawler), run_id(crawler)
    dirs = data_dirs(crawler.settings)
    quarantine = dirs.data / "quarantine"
    articles = articles_path(crawler, name)
    repairs: list[Repair] = repair_jsonl(articles, quarantine, tag=rid)
    killed: list[str] = []
    state = state_for(crawler)
    if state is not None:
        for run in state.unfinished_runs(name, rid):
            if run["raw_path"]:
                repairs += repair_gzip(Path(run["raw_path"]), quarantine, tag=rid)
            state.mark_crashed(name, run["run_id"])
            killed.append(run["run_id"])
        offset = articles.stat().st_size if append_mode(crawler) and articles.is_file() else 0
        state.start_run(name, rid, str(raw_path(crawler, name)), str(articles),
                        offset if append_mode(crawler) else None)
    for stale in articles.parent.glob(temp_store_glob(name)) if articles.parent.is_dir() else []:
        stale.unlink()
        logger.warning("Removed the temporary store file of a run that did not finish: %s", stale)
    for repair in repairs:
        logger.warning("Repaired %s (%s): kept %d bytes, moved %d bytes to %s", repair.file,
                       repair.kind, repair.kept_bytes, repair.cut_bytes, repair.quarantined)
    if killed:
        logger.warning("Earlier runs of %s never finished (killed?): %s", name, ", ".join(killed))
    crawler.stats.set_value(REPAIRS_STAT, [r.as_dict() for r in repairs])
    crawler.stats.set_value(KILLED_RUNS_STAT, killed)


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

    One gzip member per record (a multi-member gzip file, which ``gzip``, ``zcat`` and
    ``defnews clean`` read as one stream), written with one ``write`` and fsynced before the
    record moves on: a kill loses at most the member being written, which the next run cuts
    off (:func:`prepare_store`). ``DEFNEWS_RAW_FSYNC = False`` skips the fsync (tests on slow
    disks); ``DEFNEWS_RAW_ENABLED = False`` switches the archive off.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_RAW_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def open_spider(self) -> None:
        run_id(self.crawler)  # fix the run id at the start of the crawl
        prepare_store(self.crawler)
        self._fd: int | None = None  # opened on the first item: no empty archives
        self._sync = self.crawler.settings.getbool("DEFNEWS_RAW_FSYNC", True)

    def _file(self) -> int:
        if self._fd is None:
            path = raw_path(self.crawler, spider_name(self.crawler))
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return self._fd

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        line = orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE)
        fd = self._file()
        write_all(fd, gzip.compress(line, compresslevel=6, mtime=0))
        if self._sync:
            os.fsync(fd)
        return item

    def close_spider(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


class CleanPipeline(_Component):
    """Normalise text and collapse repeats (``cleaning.clean_article``).

    Bounded in time and memory: with ``DEFNEWS_CLEAN_TIME_LIMIT`` > 0 (default 60 s) each
    record is cleaned in a worker process (:mod:`crawler.bounded_work`) whose address space
    is capped at ``DEFNEWS_CLEAN_MEMORY_MB`` (default 2048; 0 = no cap). Past the time limit
    the worker is replaced and the record is dropped as ``time_limit``; past the memory cap
    it is dropped as ``memory_limit``; a worker that dies is ``clean_crashed``. A dropped
    record stays in the raw archive, so a later ``defnews clean`` can retry it. A time limit
    of 0 cleans in-process, unbounded.

    The cleaning step is ``DEFNEWS_CLEAN_FUNCTION`` (default :func:`cleaning.clean_article`).
    ``process_item`` returns a coroutine when the step is bounded: Scrapy awaits it, and
    ``defnews rebuild``, which calls the pipelines outside a reactor, runs it to completion.
    """

    def open_spider(self) -> None:
        max_chars = self.crawler.settings.getint("DEFNEWS_MAX_REPAIR_CHARS", cleaning.article.MAX_REPAIR_CHARS)
        step = load_object(self.crawler.settings.get("DEFNEWS_CLEAN_FUNCTION", "cleaning.clean_article"))
        # A partial of a module-level function pickles, so the worker process can run it.
        self.clean = functools.partial(step, max_repair_chars=max_chars)
        limit = self.crawler.settings.getfloat("DEFNEWS_CLEAN_TIME_LIMIT", 60.0)
        memory = self.crawler.settings.getint("DEFNEWS_CLEAN_MEMORY_MB", 2048) * 2**20
        # The warm-up imports the cleaners (about 0.4 s), as the spiders' extraction worker
        # imports the extractors: the first record's call then pays only for its own work.
        warmup = functools.partial(import_modules, "cleaning")
        self.worker = BoundedWorker(limit, memory, warmup=warmup) if limit > 0 else None
        if self.worker is not None:
            self.worker.start()

    def close_spider(self) -> None:
        if getattr(self, "worker", None) is not None:
            self.worker.close()

    def process_item(self, item: dict[str, Any]) -> Any:
        if getattr(self, "worker", None) is None:
            return self._checked(item, self._clean_here(item))
        return self._clean_bounded(item)

    def _clean_here(self, item: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.clean(item)
        except ValueError as exc:  # e.g. no string articleBody: one bad record, not the run
            raise drop(self.crawler, "clean_failed", f"{item.get('url')}: {exc}") from exc

    async def _clean_bounded(self, item: dict[str, Any]) -> dict[str, Any]:
        assert self.worker is not None
        try:
            cleaned = await self.worker.call(self.clean, item)
        except ValueError as exc:
            raise drop(self.crawler, "clean_failed", f"{item.get('url')}: {exc}") from exc
        except TimeLimitExceeded as exc:
            raise drop(self.crawler, "time_limit", f"cleaning {item.get('url')} took {exc}") from exc
        except MemoryError as exc:
            raise drop(self.crawler, "memory_limit", f"cleaning {item.get('url')} needed more memory") from exc
        except WorkerDied as exc:
            raise drop(self.crawler, "clean_crashed", f"{item.get('url')}: {exc}") from exc
        return self._checked(item, cleaned)

    def _checked(self, item: dict[str, Any], cleaned: dict[str, Any]) -> dict[str, Any]:
        if not (cleaned.get("articleBody") or "").strip():
            raise drop(self.crawler, "empty", f"body empty after cleaning: {item.get('url')}")
        if any(REPAIR_SKIPPED in m for m in cleaned["metadata"]["validationMessages"]):
            self.crawler.stats.inc_value(LIMITS_PREFIX + "repair_chars")  # stored, unrepaired
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


@dataclass(frozen=True)
class StoredEntry:
    """Where the latest stored version of an article sits in the articles file."""

    url: str
    version: int
    content_hash: str | None
    offset: int  # byte offset of its line


def _record_version(record: dict[str, Any]) -> int:
    version = record.get("version")
    return version if isinstance(version, int) and version >= 1 else 1


def load_stored_index(path: Path) -> dict[str, StoredEntry]:
    """Each identity key of the stored records → the latest stored version under that key.
    Unreadable lines are skipped (with a warning); bodies are not kept in memory."""
    index: dict[str, StoredEntry] = {}
    if not path.is_file():
        return index
    with path.open("rb") as fh:
        offset = 0
        for line in fh:
            try:
                rec = orjson.loads(line)
                keys = record_keys(rec)
                cleaning_block = rec.get("cleaning") or {}
                entry = StoredEntry(str(rec.get("url")), _record_version(rec),
                                    cleaning_block.get("contentHash"), offset)
            except (orjson.JSONDecodeError, AttributeError, TypeError):
                logger.warning("Skipping unreadable line in %s", path)
            else:
                for key in keys:
                    if key not in index or index[key].version <= entry.version:
                        index[key] = entry
            offset += len(line)
    return index


def stored_index(crawler: Crawler) -> dict[str, StoredEntry]:
    """The index of the articles file as this run found it (read once per crawl, shared by
    the dedup pipeline and the re-check middleware); empty in overwrite mode."""
    index = getattr(crawler, "_defnews_stored_index", None)
    if index is None:
        prepare_store(crawler)  # a torn last line is cut before the file is read
        path = articles_path(crawler, spider_name(crawler))
        index = load_stored_index(path) if append_mode(crawler) else {}
        crawler._defnews_stored_index = index  # type: ignore[attr-defined]
    return index


def read_stored(path: Path, entry: StoredEntry) -> StoredVersion:
    with path.open("rb") as fh:
        fh.seek(entry.offset)
        rec = orjson.loads(fh.readline())
    return StoredVersion(entry.url, entry.version, entry.content_hash, str(rec.get("articleBody") or ""))


def append_mode(crawler: Crawler) -> bool:
    mode = crawler.settings.get("DEFNEWS_STORE_MODE", "append")
    if mode not in ("append", "overwrite"):
        raise ValueError(f"DEFNEWS_STORE_MODE must be 'append' or 'overwrite', not {mode!r}")
    return mode == "append"


def content_hash_of(item: dict[str, Any]) -> str | None:
    block = item.get("cleaning") or {}
    return block.get("contentHash") if isinstance(block, dict) else None


class DedupPipeline(_Component):
    """Drop records already seen in this run; compare the others with what earlier runs
    stored (append mode), by the content hash of the cleaned body:

    - not stored before: version 1, stored;
    - stored, same hash: unchanged (a routine skip, counted ``defnews/unchanged``), dropped;
    - stored, other hash: a correction, stored as the next version
      (``crawler.article_versions``), counted ``defnews/updated``.
    """

    def open_spider(self) -> None:
        prepare_store(self.crawler)
        self.path = articles_path(self.crawler, spider_name(self.crawler))
        self.stored = stored_index(self.crawler)
        self.seen: set[str] = set()

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        keys = record_keys(item)
        url = str(item.get("canonicalUrl") or item.get("url"))
        if keys & self.seen:
            # Two URLs of one article in this run (e.g. a canonical link): keep the first.
            raise drop(self.crawler, "duplicate", url, log_level="INFO")
        self.seen |= keys
        entries = [self.stored[k] for k in keys if k in self.stored]
        if not entries:
            return item
        latest = max(entries, key=lambda e: e.version)
        new_hash = content_hash_of(item) or content_hash(str(item.get("articleBody") or ""))
        previous = read_stored(self.path, latest)
        if new_hash == (latest.content_hash or content_hash(previous.body)):
            self.crawler.stats.inc_value(UNCHANGED_STAT)
            commit_page_state(self.crawler, item, keys, changed=False, version=latest.version)
            raise DropItem(f"unchanged: {url}", log_level="DEBUG")
        downloaded = (item.get("metadata") or {}).get("dateDownloaded")
        return as_new_version(item, previous, downloaded)  # counted as updated when stored


def commit_page_state(crawler: Crawler, item: dict[str, Any], keys: set[str], *, changed: bool,
                      version: int) -> None:
    """Save the page's validators and hash in the state, now that it is stored or known
    unchanged (never earlier: a page that failed to store must not be answered by a 304)."""
    state = state_for(crawler)
    if state is None:
        return
    from crawler.skip_stored import pop_validators  # the middleware stashed them at download

    etag, last_modified, fetched_urls = pop_validators(crawler, item, keys)
    state.save_page(spider_name(crawler), keys | fetched_urls, etag=etag, last_modified=last_modified,
                    content_hash=content_hash_of(item), version=version, changed=changed)


class StorePipeline(_Component):
    """Write one orjson line per record to ``<articles>/<spider>.jsonl``.

    Append mode: each line goes out in one ``write`` on an ``O_APPEND`` descriptor (whole
    lines, flushed per item, so a killed crawl keeps what it reported as stored; a torn line
    can only come from a kill inside that write, and the next run repairs it); fsync at close.

    Overwrite mode: lines go to ``.<spider>.jsonl.<run-id>.tmp`` next to the file; when the
    run ended well (:data:`STORE_COMMIT` with ``ok``) it is fsynced and renamed over the file,
    otherwise removed, and the previous file stays as it was.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.commit, signal=STORE_COMMIT)
        return pipeline

    def open_spider(self) -> None:
        prepare_store(self.crawler)
        self.path = articles_path(self.crawler, spider_name(self.crawler))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.append = append_mode(self.crawler)
        if self.append:
            self.target = self.path
        else:
            name = temp_store_glob(spider_name(self.crawler)).replace("*", run_id(self.crawler))
            self.target = self.path.with_name(name)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if self.append else os.O_TRUNC)
        self._fd: int | None = os.open(self.target, flags, 0o644)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        assert self._fd is not None, "store already closed"
        write_all(self._fd, orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE))
        self.crawler.stats.inc_value(STORED_STAT)
        if (item.get("metadata") or {}).get("change"):  # set by DedupPipeline for version >= 2
            self.crawler.stats.inc_value(UPDATED_STAT)
        commit_page_state(self.crawler, item, record_keys(item), changed=True,
                          version=_record_version(item))
        return item

    def close_spider(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None
        if self.append:
            return
        if not self.crawler.settings.getbool("DEFNEWS_SUMMARY_ENABLED", True):
            self.commit(ok=True)  # no summary to judge the run: the old behaviour

    def commit(self, ok: bool) -> bool:
        """Overwrite mode: put the new file in place if `ok`, else drop it. Returns whether
        the articles file was replaced."""
        if self.append or not self.target.exists():
            return False
        if self._fd is not None:  # the summary judged before the pipeline closed
            self.close_spider()
        if ok:
            os.replace(self.target, self.path)
            fsync_dir(self.path.parent)
            return True
        self.target.unlink()
        logger.warning("Run did not end well: %s left as it was", self.path)
        return False
