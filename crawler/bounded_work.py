"""Heavy per-record work in a worker process, with a time limit per call.

Why: cleaning runs inside the crawl. One hostile page (issue 12: nested containers, adversarial
repeats, a huge body) used to stall the whole crawler for minutes, because Scrapy runs
pipelines on the reactor thread and a Python thread cannot be stopped. In a process it can:
past the limit the worker is killed and replaced, the record is rejected with its reason
(it is still in the raw archive), and the crawl goes on.

One worker, one call at a time (an asyncio lock), so the limit measures that record's own
work, never its wait in a queue. The worker is started when the crawl opens (``spawn``: a
fresh interpreter, no copy of the crawler's threads or sockets). Its address space can be
capped (``RLIMIT_AS``): a record whose cleaning would take gigabytes then raises
``MemoryError`` in the worker, which comes back here as the call's exception, instead of
the kernel's OOM killer taking the crawl (or the machine) down.
"""
from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import importlib
import multiprocessing
import multiprocessing.util
import os
import resource
import signal
import sys
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")


class TimeLimitExceeded(Exception):
    """The call ran longer than the limit; its worker was killed."""


class WorkerDied(Exception):
    """The worker process died during the call (e.g. killed by the kernel's OOM killer)."""


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Linux: have the kernel SIGKILL this worker when the crawl process that started it dies,
    even by SIGKILL (a worker would otherwise live on, orphaned, holding the crawl's pipes)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _init_worker(parent: int, max_bytes: int) -> None:
    """Worker initializer: die with the parent; cap the address space at `max_bytes` (0: no cap)."""
    _die_with(parent)
    if max_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


#: How long a killed pool's manager thread is waited for (it exits within milliseconds).
MANAGER_JOIN_SECONDS = 5.0


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """Kill `pool`'s processes (a running call cannot be cancelled) and let it go."""
    # `_processes` is the executor's own pid -> Process map: the only way to get the CPU back.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    # Let the pool's manager thread see the dead processes and close its wake-up pipe now:
    # Python 3.11's exit hook (concurrent.futures.process._python_exit) may otherwise write to
    # that pipe while the thread closes it, and print "OSError: Bad file descriptor".
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None and manager is not threading.current_thread():
        manager.join(timeout=MANAGER_JOIN_SECONDS)


def import_modules(*names: str) -> None:
    """A warm-up for :class:`BoundedWorker`: import `names` (the result, None, pickles back)."""
    for name in names:
        importlib.import_module(name)


#: Seconds a fresh worker may take to start and run its warm-up (imports) before a call is
#: sent to it; generous, as a loaded machine can be slow to start an interpreter.
STARTUP_TIMEOUT = 120.0


class BoundedWorker:
    """Run picklable functions in one worker process, at most `timeout` seconds per call
    and, with `max_bytes`, at most that much address space (``MemoryError`` past it).

    `warmup` (a picklable function without arguments, e.g. one that imports the modules the
    calls need) runs first in every fresh worker, under :data:`STARTUP_TIMEOUT` and not under
    `timeout`: the limit measures the call's own work, never the worker's start-up.
    """

    def __init__(self, timeout: float, max_bytes: int = 0, warmup: Callable[[], Any] = int) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.warmup = warmup
        self._pool: ProcessPoolExecutor | None = None
        self._warm: Future[Any] | None = None
        self._at_exit: multiprocessing.util.Finalize | None = None
        self._lock: asyncio.Lock | None = None

    def start(self) -> None:
        """Start the worker now, so the first record does not pay for its start-up."""
        self._executor()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(os.getpid(), self.max_bytes))
            self._warm = self._pool.submit(self.warmup)
            # A process that itself runs under multiprocessing (a worker of `defnews rebuild
            # --workers N`) joins its children when it exits, before the atexit hook that
            # would stop this pool: the idle worker would be waited for forever. Stop it first.
            self._at_exit = multiprocessing.util.Finalize(None, _kill_pool, (self._pool,), exitpriority=0)
        return self._pool

    def _started(self) -> Future[Any]:
        self._executor()
        assert self._warm is not None
        return self._warm

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in the worker; :class:`TimeLimitExceeded` or :class:`WorkerDied`
        instead of its result when the limit passes or the worker dies. Exceptions raised by
        `fn` itself are raised here."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            try:
                await asyncio.wait_for(asyncio.wrap_future(self._started()), STARTUP_TIMEOUT)
            except (TimeoutError, BrokenProcessPool) as exc:
                raise self._not_started(exc) from exc
            future = self._executor().submit(fn, *args)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
            except (TimeoutError, BrokenProcessPool) as exc:
                raise self._stopped(exc) from exc

    def call_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """:meth:`call` for callers outside an event loop (``defnews rebuild``): blocks."""
        try:
            self._started().result(STARTUP_TIMEOUT)
        except (TimeoutError, BrokenProcessPool) as exc:
            raise self._not_started(exc) from exc
        future = self._executor().submit(fn, *args)
        try:
            return future.result(self.timeout)
        except (TimeoutError, BrokenProcessPool) as exc:
            raise self._stopped(exc) from exc

    def _not_started(self, exc: BaseException) -> WorkerDied:
        self._kill()
        return WorkerDied(f"worker did not start: {exc or type(exc).__name__}")

    def _stopped(self, exc: BaseException) -> TimeLimitExceeded | WorkerDied:
        """The worker is killed (a running call cannot be cancelled); the error to raise."""
        self._kill()
        if isinstance(exc, TimeoutError):
            return TimeLimitExceeded(f"over {self.timeout:g} s")
        return WorkerDied(str(exc) or "worker process died")

    def _detach(self) -> ProcessPoolExecutor | None:
        pool, self._pool, self._warm = self._pool, None, None
        if self._at_exit is not None:
            self._at_exit.cancel()
            self._at_exit = None
        return pool

    def _kill(self) -> None:
        if (pool := self._detach()) is not None:
            _kill_pool(pool)

    def kill(self) -> None:
        """Stop the worker now, even in the middle of a call (an interrupted run)."""
        self._kill()

    def close(self) -> None:
        """Stop the worker once its call, if any, is done."""
        if (pool := self._detach()) is not None:
            pool.shutdown(wait=True, cancel_futures=True)


#: This process's own workers by name: ``name -> (pid, key, worker)``. The pid tells a worker
#: this process started from one inherited by ``fork`` (its pool belongs to the parent).
_OWN: dict[str, tuple[int, Hashable, BoundedWorker | None]] = {}


def own_worker(name: str, key: Hashable, make: Callable[[], BoundedWorker | None]) -> BoundedWorker | None:
    """This process's worker called `name`, made by ``make()`` on first use, and again (the
    old one closed) when `key` (e.g. the time limit) changes; None when ``make()`` says so
    (no limit: the caller works in-process).

    For the per-record steps that engines run (``defnews clean``, ``defnews rebuild``): each
    process that runs the step (the command itself, a local pool worker, a Ray worker) keeps
    one worker for all its records, so a worker's start-up is paid once per process.
    """
    pid, old_key, worker = _OWN.get(name, (0, None, None))
    if pid == os.getpid() and old_key == key:
        return worker
    if pid == os.getpid() and worker is not None:
        worker.close()
    worker = make()
    _OWN[name] = (os.getpid(), key, worker)
    return worker


def close_own_worker(name: str, kill: bool = False) -> None:
    """Stop this process's worker `name` (:func:`own_worker`), if it has one; `kill`: now,
    even in the middle of a call."""
    pid, _, worker = _OWN.pop(name, (0, None, None))
    if pid == os.getpid() and worker is not None:
        worker.kill() if kill else worker.close()
