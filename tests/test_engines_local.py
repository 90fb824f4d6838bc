"""defnews.engines on the local engine: results in input order, and nothing read is lost when
the input fails part-way (a torn archive), whatever the number of workers or the chunk size."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from defnews.engines import Engine, ordered_map


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
