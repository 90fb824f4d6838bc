"""Issue 12, "nothing uncounted": each feed, sitemap or index entry is processed on its own, so
one bad entry is skipped and counted by kind and the response's other entries still go.

Crawls of a small news site on 127.0.0.1 (tests/mockserver.news_site): a spider whose step
raises on one entry (tests/faulty_spider.py), and feeds and sitemaps holding character
references to lone surrogates, which used to lose the whole feed or sitemap.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mockserver import NewsSite, news_site
from test_scheduled_runs import FAST, TIMEOUT, Run, crawl, stored

from crawler.spiders.base import parse_feed, surrogate_refs_replaced
from crawler.spiders.generic import sitemap_entries

TESTS = str(Path(__file__).parent)
SURROGATE_FEED_ITEM = "<item><title>Release &#xD83D;</title><link>{base}/news/-cut.html</link></item>"


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site(articles=3) as s:
        yield s


def with_first_item(site: NewsSite, item: str) -> None:
    """Serve the site's feed with `item` first."""
    feed = site.feed().replace(b"<channel>", b"<channel>" + item.format(base=site.base).encode())
    site.replies["/feed.xml"] = [(200, {"Content-Type": "application/rss+xml"}, feed)]


def test_a_crash_in_one_entry_skips_that_entry_only(tmp_path: Path, site: NewsSite) -> None:
    site.pages["/news/-boom.html"] = site.article(9)  # first in the feed
    argv = [sys.executable, "-m", "scrapy", "crawl", "faulty_generic", "-a", f"feed={site.base}/feed.xml"]
    settings = {**FAST, "SPIDER_MODULES": "crawler.spiders,faulty_spider", "DEFNEWS_DATA_DIR": str(tmp_path),
                "DEFNEWS_RUN_ID": "test", "DEFNEWS_SUMMARY_PRINT": "False"}
    for key, value in settings.items():
        argv += ["-s", f"{key}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
           "PYTHONPATH": os.pathsep.join(filter(None, [TESTS, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads((tmp_path / "summary-faulty_generic-test.json").read_text())
    assert summary["errors"] == {"entry:RuntimeError": 1}
    assert summary["articles_stored"] == 3
    assert "spider_exception" not in json.dumps(summary)


def test_a_surrogate_reference_in_a_feed_keeps_the_feed(tmp_path: Path, site: NewsSite) -> None:
    site.pages["/news/-cut.html"] = site.article(7)
    with_first_item(site, SURROGATE_FEED_ITEM)
    run = crawl(tmp_path, site)
    assert run.code == 0, run.stderr
    assert sorted(r["url"] for r in stored(tmp_path)) == sorted(
        f"{site.base}/news/{p}.html" for p in ("-cut", "0", "1", "2"))


def test_a_surrogate_reference_in_a_sitemap_is_a_bad_url_and_the_others_go(tmp_path: Path, site: NewsSite) -> None:
    locs = [f"{site.base}/news/&#xDCFF;.html"] + [f"{site.base}/news/{i}.html" for i in range(3)]
    body = ("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(f"<url><loc>{loc}</loc></url>" for loc in locs) + "</urlset>").encode()
    site.replies["/sitemap.xml"] = [(200, {"Content-Type": "application/xml"}, body)]
    argv = [sys.executable, "-m", "defnews.cli", "crawl", "generic", "-a", f"sitemap={site.base}/sitemap.xml",
            "--out", str(tmp_path)]
    for key, value in FAST.items():
        argv += ["-s", f"{key}={value}"]
    run = Run(tmp_path, subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT))
    assert run.summary["errors"] == {"bad_url": 1}, run.stderr
    assert len(stored(tmp_path)) == 3


def test_surrogate_references_are_replaced_before_feedparser() -> None:
    feed = (b"<rss version='2.0'><channel><item><title>cut &#xd83d;</title><link>/a&#56575;</link></item>"
            b"<item><title>ok &#x1D800;</title><link>/b</link></item></channel></rss>")
    entries = parse_feed(feed, "https://x.example/feed.xml")
    assert [e.title for e in entries] == ["cut \ufffd", "ok \U0001d800"]
    assert surrogate_refs_replaced(b"&#xD7FF; &#xE000; &#55295;") == b"&#xD7FF; &#xE000; &#55295;"


def test_a_sitemap_entry_lxml_cannot_decode_is_kept_as_a_bad_link() -> None:
    body = b"<urlset><url><loc>http://h.example/a&#xDCFF;</loc></url><url><loc>http://h.example/b</loc></url></urlset>"
    assert [e.link for e in sitemap_entries(body)] == ["", "http://h.example/b"]
