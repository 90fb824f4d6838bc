"""defnews.engines on the local engine: results in input order, and nothing read is lost when
the input fails part-way (a torn archive), whatever the number of workers or the chunk size."""
from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from defnews.engines import Engine, local_pool, ordered_map


class TornInput(Exception):
    pass


def torn(n: int) -> Iterator[int]:
    """``n`` items, then the input fails, as a truncated archive's reader does."""
    yield from range(n)
    raise TornInput(f"torn after {n} items")


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(("n", "chunk"), [(0, 4), (3, 4), (4, 4), (37, 4), (37, 64)])
def test_every_item_read_before_the_input_fails_gives_its_result(workers: int, n: int, chunk: int) -> None:
    results: list[int] = []
    with pytest.raises(TornInput):
        for value in ordered_map(abs, torn(n), Engine("local", workers), chunk=chunk):
            results.append(value)
    assert results == list(range(n))


def test_results_come_in_input_order() -> None:
    items = [-x for x in range(200)]
    assert list(ordered_map(abs, items, Engine("local", 2), chunk=7)) == list(range(200))


def _pid(_: int) -> int:
    return os.getpid()


def test_a_kept_pool_serves_every_call_with_the_same_workers() -> None:
    """`local_pool`: several calls (a rebuild's archive files) share the workers, each
    started once, and a torn input in one call leaves the pool usable for the next."""
    engine = Engine("local", 2)
    with local_pool(engine, "spawn") as pool:
        first = set(ordered_map(_pid, range(16), engine, chunk=1, pool=pool))
        with pytest.raises(TornInput):
            list(ordered_map(abs, torn(9), engine, chunk=2, pool=pool))
        second = set(ordered_map(_pid, range(16), engine, chunk=1, pool=pool))
    assert len(first | second) <= 2  # without the kept pool: up to 2 new workers per call
    assert os.getpid() not in first | second


def test_a_rebuild_starts_its_local_workers_once_for_all_its_archive_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mod_warc import write_mod_warc

    import defnews.cli as cli
    import defnews.engines as engines

    pools: list[int] = []

    class SpyPool(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            pools.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(engines, "ProcessPoolExecutor", SpyPool)
    warcs = [tmp_path / f"{n}.warc.gz" for n in range(2)]
    for warc in warcs:
        write_mod_warc(warc)
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        # the second archive's records are the first's again: unchanged in append mode, routine (exit 0)
        assert cli.main(["rebuild", *map(str, warcs), "--out", str(out), "--workers", workers, "--mode", "append"]) == 0
        outputs.append((out / "articles" / "mod_ja.jsonl").read_bytes())
    assert pools == [2]
    assert outputs[0] == outputs[1]
