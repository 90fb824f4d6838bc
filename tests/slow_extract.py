"""A test-only page → record step that misbehaves by URL (loaded into a crawl with
``-s DEFNEWS_PAGE_RECORD_FUNCTION=slow_extract.page_record`` and PYTHONPATH=tests, or into a
rebuild through the project settings): it runs in the extraction worker process, where a
monkeypatch of the test process cannot reach."""
from __future__ import annotations

import time

from crawler import page_record as real
from crawler.page_record import Outcome, Page, SiteRules


def _spin() -> None:
    while True:  # a parser's worst case: pure CPU, no sleep, never returns
        pass


FAULTS = {
    "/news/1.html": lambda: time.sleep(3600),
    "/news/2.html": _spin,
    "/news/3.html": lambda: bytearray(8 * 2**30),  # MemoryError under the worker's memory cap
    "/news/raises.html": lambda: int("an extractor's bug"),  # ValueError
}


def page_record(page: Page, site: SiteRules) -> Outcome:
    for suffix, fault in FAULTS.items():
        if page.url.endswith(suffix):
            fault()
    return real.page_record(page, site)
