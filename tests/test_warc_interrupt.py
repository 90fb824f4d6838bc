"""A crawl interrupted by SIGINT/SIGTERM leaves a valid WARC file, read back at the end."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.mirror_server import DEFAULT_MIRROR, serve_mirror
from crawler.runner import DEMO_SETTINGS, SpiderRun, crawl_command, crawl_env
from crawler.warc_archive import check_warc

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_crawl_closes_a_valid_warc(tmp_path: Path, signum: int) -> None:
    settings = {**DEMO_SETTINGS, "DEFNEWS_DATA_DIR": str(tmp_path), "DOWNLOAD_DELAY": "0.4",
                "CONCURRENT_REQUESTS": "1", "LOG_LEVEL": "INFO"}
    with serve_mirror(DEFAULT_MIRROR) as sites:
        run = SpiderRun("jdefense", {"base_url": sites["jdefense"]}, settings)
        proc = subprocess.Popen(crawl_command(run), env=crawl_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        warcs: list[Path] = []
        while time.monotonic() < deadline:
            warcs = list((tmp_path / "warc" / "jdefense").glob("*.warc.gz"))
            if warcs and check_warc(warcs[0])[0] >= 7:  # warcinfo + some exchanges
                break
            time.sleep(0.2)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    (warc,) = warcs
    count, problem = check_warc(warc)
    assert problem is None and count >= 7
    assert count < 2 * 33  # it really was interrupted before the end
    assert "WARC check failed" not in stderr
    assert "shutdown" in stderr.lower() or "closing spider" in stderr.lower()
