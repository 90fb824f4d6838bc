"""Where the per-record work of ``clean``, ``rebuild`` and ``dedup`` runs: here, or on Ray.

Both engines return results in input order, so every writer writes the same bytes whichever
engine ran (the canonical order is the input order). Ray runs plain remote tasks over chunks of
items rather than Ray Data: Ray Data's ``read_json`` turns ``+09:00`` dates into naive UTC and
its ``write_json`` appends and writes ``null`` for absent keys, so the driver reads and writes
the files itself and only the pure work is sent out.

    ordered_map(fn, items, Engine("local", workers=2))
    ordered_map(fn, items, Engine("ray", workers=4))                  # local cluster, 4 CPUs
    ordered_map(fn, items, Engine("ray", address="ray://head:10001"))  # an existing cluster
"""
from __future__ import annotations

import argparse
import contextlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")


@dataclass(frozen=True)
class Engine:
    """``name`` is ``local`` or ``ray``; ``workers`` processes (local) or CPUs (a local Ray
    cluster); ``address`` an existing Ray cluster (then ``workers`` is not used)."""

    name: str = "local"
    workers: int = 1
    address: str | None = None


def add_engine_arguments(parser: argparse.ArgumentParser, workers_flag: bool = True) -> None:
    """``--engine``, ``--ray-address`` and (unless the command has its own) ``--workers``."""
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="run the per-record work here (local) or on Ray (default: local)")
    parser.add_argument("--ray-address", metavar="ADDR", default=None,
                        help="an existing Ray cluster (default: start a local one with --workers CPUs)")
    if workers_flag:
        parser.add_argument("--workers", type=int, default=1, metavar="N",
                            help="worker processes, or CPUs of the local Ray cluster (default: 1)")


def engine_from_args(args: argparse.Namespace) -> Engine:
    return Engine(args.engine, max(1, int(getattr(args, "workers", 1) or 1)), args.ray_address)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    except Exception:
        if chunk:  # the items read before the input failed (a torn archive) still go out
            yield chunk
        raise
    if chunk:
        yield chunk


def _apply(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def _bounded(submit: Callable[[list[T]], Any], result: Callable[[Any], list[R]], chunks: Iterable[list[T]],
             in_flight: int) -> Iterator[R]:
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= in_flight:
                yield from result(pending.popleft())
    except Exception:
        # The input failed part-way (a torn archive): the chunks already sent out are results
        # of items that were read, and nothing read is lost.
        while pending:
            yield from result(pending.popleft())
        raise
    while pending:
        yield from result(pending.popleft())


def _local(fn: Callable[[T], R], items: Iterable[T], workers: int, chunk: int, start_method: str | None,
           pool: ProcessPoolExecutor | None = None) -> Iterator[R]:
    if workers == 1:
        yield from map(fn, items)
        return
    if pool is not None:
        yield from _on_pool(pool, fn, items, workers, chunk)
        return
    with local_pool(Engine("local", workers), start_method) as own:
        assert own is not None
        yield from _on_pool(own, fn, items, workers, chunk)


def _on_pool(pool: ProcessPoolExecutor, fn: Callable[[T], R], items: Iterable[T], workers: int,
             chunk: int) -> Iterator[R]:
    submitted: list[Future[list[R]]] = []

    def submit(c: list[T]) -> Future[list[R]]:
        submitted.append(pool.submit(_apply, fn, c))
        return submitted[-1]

    try:
        yield from _bounded(submit, Future.result, _chunks(items, chunk), 2 * workers)
    finally:
        for future in submitted:  # left unread (an interrupt, a consumer that stopped): not run
            future.cancel()


@contextlib.contextmanager
def local_pool(engine: Engine, start_method: str | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """The local engine's worker processes, for several :func:`ordered_map` calls (``pool=``):
    a worker's start-up (a spawned interpreter, its imports, the processes it starts) is then
    paid once, not once per call. None when there is none to keep (Ray, one worker)."""
    if engine.name != "local" or engine.workers == 1:
        yield None
        return
    context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=engine.workers, mp_context=context) as pool:
        try:
            yield pool
        finally:
            pool.shutdown(cancel_futures=True)


def ray_init(engine: Engine) -> None:
    """Connect to ``engine.address`` or start a local cluster, unless Ray is already up."""
    import ray

    if ray.is_initialized():
        return
    if engine.address:
        ray.init(address=engine.address, log_to_driver=False)
    else:
        ray.init(num_cpus=engine.workers, include_dashboard=False, log_to_driver=False)


def _ray(fn: Callable[[T], R], items: Iterable[T], engine: Engine, chunk: int) -> Iterator[R]:
    import ray

    ray_init(engine)
    task = ray.remote(_apply)
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    yield from _bounded(lambda c: task.remote(fn, c), ray.get, _chunks(items, chunk), 2 * cpus)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], engine: Engine = Engine(), chunk: int = 64,
                start_method: str | None = None, pool: ProcessPoolExecutor | None = None) -> Iterator[R]:
    """``map(fn, items)`` on ``engine``, results in input order, at most a few chunks in flight.

    ``fn`` must be a module-level function (it is pickled to the workers). `start_method`: how
    the local engine's worker processes start (None: the platform's default, ``fork`` on
    Linux, the cheapest). Give ``"spawn"`` when ``fn`` starts processes of its own, as
    ``defnews rebuild``'s extraction does: a fork copies the locks of the command's threads as
    they were, and a process started from it could wait forever on one copied held. (Ray's
    workers are fresh interpreters already.) `pool`: the local engine's workers, kept by the
    caller across calls (:func:`local_pool`); without it, each call starts its own.
    """
    if engine.name == "ray":
        return _ray(fn, items, engine, chunk)
    if engine.name == "local":
        return _local(fn, items, engine.workers, chunk, start_method, pool)
    raise ValueError(f"unknown engine {engine.name!r}; one of {', '.join(ENGINES)}")
