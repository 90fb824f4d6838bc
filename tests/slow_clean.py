"""A test-only cleaner that misbehaves by URL, as tests/slow_extract.py does for extraction:
it runs in the cleaning worker process, where a monkeypatch of the test process cannot reach.

Loaded into a crawl or a rebuild with ``DEFNEWS_CLEAN_FUNCTION=slow_clean.clean_article``
(PYTHONPATH=tests), into ``defnews clean`` by a monkeypatch of
``defnews.clean.clean_article`` (the command pickles the function by name, so its workers
import this module). Every fault is certain, whatever the limit and the machine's load: a
line that never finishes, one that spins, one that asks for 8 GiB.
"""
from __future__ import annotations

import time
from typing import Any

from cleaning import article as real


def _spin() -> None:
    while True:  # a repair's worst case: pure CPU, no sleep, never returns
        pass


FAULTS = {  # the pages of tests/mockserver.news_site(3) are /news/0.html to /news/2.html
    "/news/0.html": lambda: bytearray(8 * 2**30),  # MemoryError under the worker's memory cap
    "/news/1.html": lambda: time.sleep(3600),
    "/news/2.html": _spin,
    "/news/raises.html": lambda: int("a cleaner's bug"),  # ValueError
}


def clean_article(record: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    url = record.get("url") or ""
    for suffix, fault in FAULTS.items():
        if url.endswith(suffix):
            fault()
    return real.clean_article(record, **kwargs)
