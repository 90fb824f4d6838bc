"""Issue 12: page extraction is bounded in time and memory (crawler.extract_worker).

A crawl of a small news site on 127.0.0.1 whose extraction step (tests/slow_extract.py, named
by ``DEFNEWS_PAGE_RECORD_FUNCTION``) sleeps on one page, spins on another and asks for 8 GB on
a third: those pages are counted by kind, their responses stay in the WARC archive, and the
other pages are stored. ``defnews rebuild`` of that archive bounds the same way.
"""
from __future__ import annotations

import gzip
import os
import pickle
import subprocess
from pathlib import Path

import pytest
from mockserver import NewsSite, news_site
from mod_warc import rebuild_with_faulty_cleaning, rebuild_with_faulty_extraction
from test_scheduled_runs import TIMEOUT, Run, crawl_argv, stored

from crawler.page_record import Page, page_record

TESTS = str(Path(__file__).parent)
#: Generous for a normal page on a loaded machine; the faulty pages never finish at all.
LIMIT = "5"
BOUNDED = {"DEFNEWS_EXTRACT_TIME_LIMIT": LIMIT, "DEFNEWS_EXTRACT_MEMORY_MB": "1024",
           "DEFNEWS_PAGE_RECORD_FUNCTION": "slow_extract.page_record"}


def env_with_tests() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [TESTS, os.environ.get("PYTHONPATH")]))}


@pytest.fixture(scope="module")
def site() -> NewsSite:
    with news_site(articles=5) as s:
        yield s


@pytest.fixture(scope="module")
def bounded_crawl(site: NewsSite, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("bounded")
    proc = subprocess.run(crawl_argv(out, f"{site.base}/feed.xml", **BOUNDED), capture_output=True,
                          text=True, timeout=TIMEOUT, env=env_with_tests())
    return Run(out, proc)


def test_site_rules_pickle_for_the_worker_process() -> None:
    from scrapy.settings import Settings

    from crawler.spiders.generic import GenericSpider
    from crawler.spiders.mod_ja import ModJaSpider

    settings = Settings()
    settings.setmodule("crawler.settings")
    for spider in (GenericSpider(feed="https://x.example/feed.xml", require_date="1"), ModJaSpider()):
        spider.settings = settings
        rules = pickle.loads(pickle.dumps(spider.site_rules()))
        page = Page("https://x.example/a.html", {"Content-Type": "text/html"},
                    b"<html><body><h1>T</h1><p>" + b"Body text. " * 30 + b"</p></body></html>")
        assert page_record(page, rules) == page_record(page, spider.site_rules())


def test_pages_past_the_extraction_limits_are_counted_and_the_others_stored(bounded_crawl: Run,
                                                                             site: NewsSite) -> None:
    run = bounded_crawl
    assert run.code == 1, run.stderr  # pages failed in our hands: not a source failure
    assert run.summary["errors"] == {"extract_time_limit": 2, "extract_memory_limit": 1}
    assert sorted(r["url"] for r in stored(run.out)) == [f"{site.base}/news/{i}.html" for i in (0, 4)]
    # dateDownloaded in WARC-Date's own format (UTC, Z): one format for both
    assert all(r["metadata"]["dateDownloaded"].endswith("Z") for r in stored(run.out))


def test_pages_past_the_limits_stay_in_the_warc_archive(bounded_crawl: Run, site: NewsSite) -> None:
    (warc,) = (bounded_crawl.out / "warc" / "generic").glob("*.warc.gz")
    archived = gzip.decompress(warc.read_bytes())
    for i in (1, 2, 3):
        assert f"WARC-Target-URI: {site.base}/news/{i}.html".encode() in archived


def test_rebuild_bounds_extraction_the_same_way(bounded_crawl: Run, run_cli, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler import settings as project

    monkeypatch.setattr(project, "DEFNEWS_PAGE_RECORD_FUNCTION", "slow_extract.page_record")
    warcs = sorted((bounded_crawl.out / "warc" / "generic").glob("*.warc.gz"))
    result = run_cli("rebuild", *warcs, "--out", tmp_path / "rebuilt", "--extract-time-limit", LIMIT)
    assert result.code == 1, result.stderr
    assert "defnews/errors/extract_memory_limit=1, defnews/errors/extract_time_limit=2" in result.stderr
    assert "stored=2" in result.stderr


def test_rebuild_with_workers_bounds_extraction_as_one_worker(run_cli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`--workers 2`: each engine worker (spawned) starts its own extraction worker. A page
    that never finishes is one counted record; the others are those of `--workers 1`, byte
    for byte (tests/test_engines_ray.py checks the same on Ray)."""
    runs = {workers: ["--workers", workers, "--extract-time-limit", LIMIT] for workers in ("1", "2")}
    outputs = rebuild_with_faulty_extraction(run_cli, tmp_path, monkeypatch, "defnews/errors/extract_time_limit",
                                             runs, slow_page=True)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("time_limit", ["0", LIMIT])
def test_rebuild_counts_a_page_whose_extraction_raises_and_reads_on(run_cli, tmp_path: Path, time_limit: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An extractor's exception on the archive's second page costs that page only, counted by
    type, in-process and in the extraction worker alike: the pages after it are all stored."""
    rebuild_with_faulty_extraction(run_cli, tmp_path, monkeypatch, "defnews/errors/extract_exception:ValueError",
                                   {"out": ["--extract-time-limit", time_limit]}, raising_page=True)


def test_rebuild_bounds_cleaning_as_a_crawl_whatever_the_workers(run_cli, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A record whose cleaning never finishes (tests/slow_clean.py) is dropped and counted by
    the crawl's reason, `time_limit`; the others are stored, the same bytes with 1 or 2 workers."""
    runs = {workers: ["--workers", workers, "--clean-time-limit", "2"] for workers in ("1", "2")}
    outputs = rebuild_with_faulty_cleaning(run_cli, tmp_path, monkeypatch, "defnews/dropped/time_limit", runs,
                                           slow_page=True)
    assert outputs[0] == outputs[1]


def test_rebuild_defaults_are_the_crawls() -> None:
    from crawler import settings as project
    from crawler.extract_worker import DEFAULT_TIME_LIMIT
    from crawler.run_lock import DEFAULT_LOCK_TIMEOUT
    from defnews import rebuild

    assert (rebuild.DEFAULT_TIME_LIMIT, rebuild.DEFAULT_LOCK_TIMEOUT) == (DEFAULT_TIME_LIMIT, DEFAULT_LOCK_TIMEOUT)
    assert rebuild.DEFAULT_CLEAN_TIME_LIMIT == project.DEFNEWS_CLEAN_TIME_LIMIT


def test_rebuild_waits_for_another_runs_lock_only_lock_timeout_seconds(bounded_crawl: Run, run_cli,
                                                                      tmp_path: Path) -> None:
    import sys

    out = tmp_path / "rebuilt"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from crawler.run_lock import data_dir_lock\n"
         "with data_dir_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)", str(out)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        warcs = sorted((bounded_crawl.out / "warc" / "generic").glob("*.warc.gz"))
        result = run_cli("rebuild", *warcs, "--out", out, "--lock-timeout", "0.2")
    finally:
        holder.kill()
        holder.wait()
    assert result.code == 75, result.stderr
    assert "another defnews run holds" in result.stderr
    assert not (out / "articles").exists()
