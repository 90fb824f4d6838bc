"""crawler.bounded_work: a call past its time limit is stopped, the worker replaced."""
from __future__ import annotations

import asyncio
import os
import time

import pytest

from crawler.bounded_work import BoundedWorker, TimeLimitExceeded, WorkerDied


def test_a_call_past_the_limit_is_stopped_and_the_next_call_works() -> None:
    async def scenario() -> tuple[float, int]:
        worker = BoundedWorker(timeout=1.0)
        worker.start()
        try:
            assert await worker.call(pow, 2, 10) == 1024  # warm: the worker is up
            started = time.monotonic()
            with pytest.raises(TimeLimitExceeded):
                await worker.call(time.sleep, 30)
            elapsed = time.monotonic() - started
            return elapsed, await worker.call(pow, 3, 3)
        finally:
            worker.close()

    elapsed, after = asyncio.run(scenario())
    assert elapsed < 10  # stopped near the 1 s limit, not after the 30 s of work
    assert after == 27


def test_exceptions_of_the_function_come_back_and_a_dead_worker_is_reported() -> None:
    async def scenario() -> None:
        worker = BoundedWorker(timeout=30)
        try:
            with pytest.raises(ValueError):
                await worker.call(int, "not a number")
            with pytest.raises(WorkerDied):
                await worker.call(os._exit, 3)
            assert await worker.call(abs, -5) == 5
        finally:
            worker.close()

    asyncio.run(scenario())


def test_memory_past_the_cap_is_a_memory_error_not_a_dead_crawl() -> None:
    async def scenario() -> None:
        worker = BoundedWorker(timeout=30, max_bytes=1024 * 2**20)
        try:
            with pytest.raises(MemoryError):
                await worker.call(bytearray, 4 * 2**30)  # 4 GB under a 1 GB cap
            assert len(await worker.call(bytearray, 2**20)) == 2**20  # the same worker goes on
        finally:
            worker.close()

    asyncio.run(scenario())


def _slow_start() -> None:
    time.sleep(3)  # a slow import, on a loaded machine


def test_the_workers_start_up_is_not_counted_against_a_call() -> None:
    async def scenario() -> int:
        worker = BoundedWorker(timeout=1.0, warmup=_slow_start)
        try:
            return await worker.call(pow, 2, 5)  # waits for the 3 s warm-up, then has its 1 s
        finally:
            worker.close()

    assert asyncio.run(scenario()) == 32


def test_call_sync_stops_a_call_past_the_limit_outside_an_event_loop() -> None:
    worker = BoundedWorker(timeout=1.0, warmup=_slow_start)
    try:
        assert worker.call_sync(pow, 2, 3) == 8
        with pytest.raises(TimeLimitExceeded):
            worker.call_sync(time.sleep, 30)
        with pytest.raises(WorkerDied):
            worker.call_sync(os._exit, 3)
        assert worker.call_sync(abs, -4) == 4  # a fresh worker, warmed up again
    finally:
        worker.close()
