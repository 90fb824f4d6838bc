"""One writer per data directory: a lock file held for the whole run.

Two overlapping runs (a slow cron run and the next one, or an operator's manual run) would
both append the same new articles and both rewrite the state. The second run therefore waits
for the lock up to ``timeout`` seconds, then gives up with :data:`LOCKED_EXIT` (75,
``EX_TEMPFAIL`` of sysexits.h: "try again later"), a status of its own so a scheduler can tell
"another run is busy" from a failed crawl.

filelock's :class:`~filelock.FileLock` uses ``fcntl.flock`` on POSIX: the kernel releases the
lock when the holder dies, even by SIGKILL, so a crashed run never leaves a stale lock.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = ".defnews.lock"
#: Exit status of a run that could not get the data directory's lock in time.
LOCKED_EXIT = 75
#: Default seconds to wait for another run to finish (``--lock-timeout``).
DEFAULT_LOCK_TIMEOUT = 60.0


class DataDirBusy(Exception):
    """Another run holds the lock of this data directory."""


@contextmanager
def data_dir_lock(data_dir: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold ``<data_dir>/.defnews.lock`` for the block; :class:`DataDirBusy` after `timeout` s."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    lock = FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise DataDirBusy(f"another defnews run holds {path} (waited {timeout:g} s)") from exc
    try:
        yield path
    finally:
        lock.release()
