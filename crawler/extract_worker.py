"""Page extraction in a worker process, with a time and a memory limit per page (issue 12).

Why: extraction (:func:`crawler.page_record.page_record`) used to run in a thread of the crawl,
and a thread cannot be stopped, so one hostile page (a parser's worst case, a PDF bomb) could
hold the crawl for minutes or take gigabytes. In a process it can be stopped: past the limit
the worker is killed and replaced (:mod:`crawler.bounded_work`), the page gets an
:class:`~crawler.page_record.Outcome` without a record, counted by kind, and the crawl goes
on. The response itself stays in the WARC archive, so ``defnews rebuild`` with a larger
limit can extract it later.

Counted (``defnews/errors/<kind>``, the summary's ``errors``):

- ``extract_time_limit``: extraction took longer than the limit;
- ``extract_memory_limit``: it raised ``MemoryError`` (the worker's address space is capped);
- ``extract_crashed``: the worker died (a crash in a C extension, the kernel's OOM killer).

Used by the spiders (``DEFNEWS_EXTRACT_TIME_LIMIT``, ``DEFNEWS_EXTRACT_MEMORY_MB``) and by
``defnews rebuild`` (``--extract-time-limit``). No Scrapy here.
"""
from __future__ import annotations

from collections.abc import Callable

from crawler.bounded_work import BoundedWorker, TimeLimitExceeded, WorkerDied
from crawler.page_record import ERROR_PREFIX, Outcome, Page, SiteRules, preload

#: Defaults of the settings (README, "Limits").
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_MEMORY_MB = 2048

TIME_LIMIT_STAT = ERROR_PREFIX + "extract_time_limit"
MEMORY_LIMIT_STAT = ERROR_PREFIX + "extract_memory_limit"
CRASHED_STAT = ERROR_PREFIX + "extract_crashed"

PageRecord = Callable[[Page, SiteRules], Outcome]


def extraction_worker(time_limit: float, memory_mb: int = DEFAULT_MEMORY_MB) -> BoundedWorker | None:
    """A worker for :func:`bounded_page_record`: `time_limit` seconds per page (0: None, no
    worker: the caller extracts unbounded), address space capped at `memory_mb` (0: no cap).
    The worker's warm-up imports the extractors, outside any page's time."""
    if time_limit <= 0:
        return None
    return BoundedWorker(time_limit, max(0, memory_mb) * 2**20, warmup=preload)


def failure_outcome(exc: BaseException, page: Page) -> Outcome:
    """The record-less outcome of a page whose extraction was stopped or failed in the worker."""
    if isinstance(exc, TimeLimitExceeded):
        return Outcome(None, TIME_LIMIT_STAT, f"extraction of {page.url} took {exc}")
    if isinstance(exc, MemoryError):
        return Outcome(None, MEMORY_LIMIT_STAT, f"extraction of {page.url} needed more memory")
    return Outcome(None, CRASHED_STAT, f"extraction of {page.url}: {exc}")


async def bounded_page_record(worker: BoundedWorker, fn: PageRecord, page: Page, site: SiteRules) -> Outcome:
    """``fn(page, site)`` in `worker`; past its limits, :func:`failure_outcome`. Other
    exceptions raised by `fn` are raised here, as they would be in-process."""
    try:
        return await worker.call(fn, page, site)
    except (TimeLimitExceeded, MemoryError, WorkerDied) as exc:
        return failure_outcome(exc, page)


def bounded_page_record_sync(worker: BoundedWorker, fn: PageRecord, page: Page, site: SiteRules) -> Outcome:
    """:func:`bounded_page_record` outside an event loop (``defnews rebuild``)."""
    try:
        return worker.call_sync(fn, page, site)
    except (TimeLimitExceeded, MemoryError, WorkerDied) as exc:
        return failure_outcome(exc, page)
