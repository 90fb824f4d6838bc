"""One writer per data directory: lock files held for the whole run.

Two overlapping runs (a slow cron run and the next one, or an operator's manual run) would
both append the same new articles and both rewrite the state. So:

- ``defnews crawl`` / ``demo`` / ``state reset`` hold ``<data>/.defnews.lock`` for the whole
  run (:func:`data_dir_lock`). A second run waits for it up to ``timeout`` seconds, then gives
  up with :data:`LOCKED_EXIT` (75, ``EX_TEMPFAIL`` of sysexits.h: "try again later"), a status
  of its own so a scheduler can tell "another run is busy" from a failed crawl;
- every Scrapy process that writes holds ``<data>/.defnews.writer.lock`` while it crawls
  (:class:`WriterLock`, an extension), and :func:`data_dir_lock` also waits for that one.
  So a crawl child whose ``defnews`` parent was killed alone (it keeps running, orphaned)
  still keeps the next run out until it has finished, and a plain ``scrapy crawl`` on the
  same directory is kept out too.

filelock's :class:`~filelock.FileLock` uses ``flock(2)`` on POSIX: the kernel releases a lock
when its holder dies, even by SIGKILL, so a crashed run never leaves a stale lock.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from filelock import FileLock, Timeout
from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

LOCK_FILE = ".defnews.lock"
WRITER_LOCK_FILE = ".defnews.writer.lock"
#: Exit status of a run that could not get the data directory's lock in time.
LOCKED_EXIT = 75
#: Default seconds to wait for another run to finish (``--lock-timeout``).
DEFAULT_LOCK_TIMEOUT = 60.0


class DataDirBusy(Exception):
    """Another run holds the lock of this data directory."""


def _acquire(path: Path, timeout: float, what: str) -> FileLock:
    lock = FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise DataDirBusy(f"another defnews run holds {path} ({what}; waited {timeout:g} s)") from exc
    return lock


@contextmanager
def data_dir_lock(data_dir: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold ``<data_dir>/.defnews.lock`` for the block, once no crawl process writes there;
    :class:`DataDirBusy` after `timeout` seconds."""
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    lock = _acquire(data_dir / LOCK_FILE, timeout, "a defnews command")
    try:
        # Wait for a crawl process still writing (an orphan, or a plain `scrapy crawl`).
        left = max(0.0, timeout - (time.monotonic() - started))
        _acquire(data_dir / WRITER_LOCK_FILE, left, "a crawl process still writing").release()
        yield data_dir / LOCK_FILE
    finally:
        lock.release()


def writer_busy(data_dir: Path) -> bool:
    """Whether a crawl process holds ``<data_dir>/.defnews.writer.lock`` right now (so an
    unfinished run in the state is still running, not killed). Never waits."""
    path = data_dir / WRITER_LOCK_FILE
    if not path.exists():
        return False
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False  # a read-only directory: nobody writes there
    lock.release()
    return False


class WriterLock:
    """Extension: hold ``<DEFNEWS_DATA_DIR>/.defnews.writer.lock`` from the crawler's creation
    (before any pipeline opens a file) until the engine stops. Waits up to
    ``DEFNEWS_LOCK_TIMEOUT`` seconds (default 60), then stops the process with a one-line
    error. ``DEFNEWS_WRITER_LOCK = False`` switches it off."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_WRITER_LOCK", True):
            raise NotConfigured
        data_dir = Path(crawler.settings.get("DEFNEWS_DATA_DIR") or "data")
        data_dir.mkdir(parents=True, exist_ok=True)
        timeout = crawler.settings.getfloat("DEFNEWS_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)
        try:
            lock = _acquire(data_dir / WRITER_LOCK_FILE, timeout, "a crawl process writing")
        except DataDirBusy as exc:
            logger.error("%s", exc)
            raise SystemExit(LOCKED_EXIT) from exc
        ext = cls(lock)
        crawler.signals.connect(ext.release, signal=signals.engine_stopped)
        return ext

    def release(self) -> None:
        self.lock.release()
