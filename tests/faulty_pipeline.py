"""A test-only item pipeline that fails the way disks and bugs do, chosen by URL (loaded into
the crawl with ``-s ITEM_PIPELINES=...`` and PYTHONPATH=tests)."""
from __future__ import annotations

import errno
from typing import Any

FAULTS: dict[str, BaseException] = {
    "/news/0.html": MemoryError("test: out of memory"),
    "/news/1.html": OSError(errno.ENOSPC, "No space left on device"),
    "/news/2.html": TypeError("test: unexpected type"),
}


class FaultyPipeline:
    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        for suffix, exc in FAULTS.items():
            if str(item.get("url", "")).endswith(suffix):
                raise exc
        return item
