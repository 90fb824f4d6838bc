"""Scheduled-run scenarios (issue 9): ``defnews crawl`` run the way an operator's scheduler runs
it, against a small news site on 127.0.0.1 that each test starts (tests/mockserver.news_site).

Every crawl is a real ``python -m defnews.cli crawl`` subprocess (which runs Scrapy in its own
child): signals, locks, exit statuses and files are observed from outside, as cron or systemd
would. Sites are 2-6 articles and timeouts short, so each scenario takes a few seconds.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mockserver import NewsSite, free_port, news_site

from crawler.runner import DEMO_SETTINGS

FAST = {
    **DEMO_SETTINGS,
    "DOWNLOAD_TIMEOUT": "3",
    "RETRY_TIMES": "0",
    "DEFNEWS_CONTACT": "mailto:tests@example.org",
}
TIMEOUT = 90  # seconds any one crawl may take before the test fails


def crawl_argv(out: Path, feed: str, *extra: str, **settings: str) -> list[str]:
    argv = [sys.executable, "-m", "defnews.cli", "crawl", "generic", "-a", f"feed={feed}",
            "--out", str(out), *extra]
    for key, value in {**FAST, **settings}.items():
        argv += ["-s", f"{key}={value}"]
    return argv


class Run:
    """A finished ``defnews crawl``: status, output and the spider's own summary."""

    def __init__(self, out: Path, proc: subprocess.CompletedProcess[str]) -> None:
        self.out, self.code, self.stdout, self.stderr = out, proc.returncode, proc.stdout, proc.stderr
        lines = [ln for ln in self.stdout.splitlines() if ln.startswith("summary: ")]
        self.aggregate: dict[str, Any] = json.loads(Path(lines[-1][9:]).read_text()) if lines else {}
        self.summary: dict[str, Any] = self.aggregate.get("spiders", {}).get("generic", {})


def crawl(out: Path, site: NewsSite | str, *extra: str, **settings: str) -> Run:
    feed = site if isinstance(site, str) else f"{site.base}/feed.xml"
    proc = subprocess.run(crawl_argv(out, feed, *extra, **settings), capture_output=True, text=True,
                          timeout=TIMEOUT)
    return Run(out, proc)


def stored(out: Path) -> list[dict[str, Any]]:
    path = out / "articles" / "generic.jsonl"
    return [json.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def raw_records(out: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted((out / "raw" / "generic").glob("*.jsonl.gz")):
        records += [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
    return records


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site(articles=3) as s:
        yield s


# --- failure looks like failure -------------------------------------------------------------------


def test_site_down_exits_3(tmp_path: Path) -> None:
    run = crawl(tmp_path, f"http://127.0.0.1:{free_port()}/feed.xml")
    assert run.code == 3, run.stderr
    assert run.summary["exit_status"] == 3
    # the feed that could not be read yielded nothing: named as such (breaker11 F13)
    assert run.summary["errors"] == {"DownloadConnectionRefusedError": 1, "zero_yield:feed": 1}


def test_feed_404_exits_3(tmp_path: Path, site: NewsSite) -> None:
    site.feed_status = 404
    run = crawl(tmp_path, site)
    assert (run.code, run.summary["errors"]) == (3, {"http_404": 1, "zero_yield:feed": 1}), run.stderr
    assert stored(tmp_path) == []


def test_overwrite_mode_with_the_site_down_keeps_the_data(tmp_path: Path, site: NewsSite) -> None:
    first = crawl(tmp_path, site, DEFNEWS_STORE_MODE="overwrite")
    assert first.code == 0 and first.summary["store_replaced"] is True, first.stderr
    before = (tmp_path / "articles" / "generic.jsonl").read_bytes()
    assert len(before.splitlines()) == 3
    site.feed_status = 503
    second = crawl(tmp_path, site, DEFNEWS_STORE_MODE="overwrite")
    assert second.code == 3
    assert second.summary["store_replaced"] is False
    assert (tmp_path / "articles" / "generic.jsonl").read_bytes() == before
    assert not list((tmp_path / "articles").glob(".*.tmp"))


# --- re-runs: 304s, versions, no version for boilerplate -------------------------------------------


def test_unchanged_second_run_costs_304s_and_stores_nothing(tmp_path: Path, site: NewsSite) -> None:
    first = crawl(tmp_path, site)
    assert first.code == 0 and first.summary["articles_stored"] == 3, first.stderr
    site.reset_counts()
    second = crawl(tmp_path, site, LOG_LEVEL="INFO")
    assert second.code == 0, second.stderr
    s = second.summary
    assert (s["articles_stored"], s["not_modified"], s["errors"]) == (0, 3, {})
    assert s["routine"]["not_modified"] == 3
    log = (tmp_path / "logs" / f"generic-{second.aggregate['run_id']}.log").read_text()
    assert "Spider closed (finished)" in log
    assert site.bodies == {}  # no article body went over the wire
    assert all(site.hits[f"/news/{i}.html"] == 1 for i in range(3))
    assert len(stored(tmp_path)) == 3
    # Each run has its own summary; none was written over.
    assert len(list(tmp_path.glob("summary-generic-*.json"))) == 2


def test_changed_article_becomes_one_new_version_and_boilerplate_makes_none(tmp_path: Path, site: NewsSite) -> None:
    assert crawl(tmp_path, site).code == 0
    original = {r["url"]: r for r in stored(tmp_path)}
    site.pages["/news/1.html"] = site.article(1, extra=" The figure was corrected to 4,000 personnel.")
    site.pages["/news/2.html"] = site.article(2, footer="Copyright 2026 - new footer - Ranking: 1. 2. 3.")
    run = crawl(tmp_path, site)
    assert run.code == 0, run.stderr
    s = run.summary
    # Two pages changed on the server (new ETags); only the one with a changed body is a version.
    assert (s["articles_stored"], s["updated"], s["new"], s["unchanged"], s["not_modified"]) == (1, 1, 0, 1, 1)
    records = stored(tmp_path)
    assert len(records) == 4
    url = f"{site.base}/news/1.html"
    versions = [r for r in records if r["url"] == url]
    assert [r.get("version", 1) for r in versions] == [1, 2]
    assert versions[0] == original[url]  # nothing overwritten
    new = versions[1]
    assert new["links"][-1] == {"rel": "previousVersion", "url": url}
    assert new["metadata"]["change"]["previousContentHash"] == original[url]["cleaning"]["contentHash"]
    assert "1 paragraph changed" in new["metadata"]["change"]["summary"]
    assert new["dateModified"]
    assert [r for r in records if r["url"].endswith("/news/2.html")] == [original[f"{site.base}/news/2.html"]]
    # The run after that sees nothing new at all.
    again = crawl(tmp_path, site)
    assert (again.code, again.summary["articles_stored"], again.summary["not_modified"]) == (0, 0, 3)


def test_every_stored_record_is_in_the_raw_archive(tmp_path: Path, site: NewsSite) -> None:
    crawl(tmp_path, site)
    site.pages["/news/0.html"] = site.article(0, extra=" Corrected.")
    crawl(tmp_path, site)
    raw_urls = [(r["url"], r["articleBody"]) for r in raw_records(tmp_path)]
    for record in stored(tmp_path):
        assert any(url == record["url"] for url, _ in raw_urls)
    assert len(raw_records(tmp_path)) == 4  # 3 + the corrected page (304s are not archived)


# --- signals --------------------------------------------------------------------------------------


def start(out: Path, site: NewsSite, *extra: str, **settings: str) -> subprocess.Popen[str]:
    # Its own session, like a shell job: a signal to its process group reaches the parent
    # only, never the Scrapy child (which runs in a process group of its own).
    return subprocess.Popen(crawl_argv(out, f"{site.base}/feed.xml", *extra, **settings), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_for_hits(site: NewsSite, n: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while sum(v for k, v in site.hits.items() if k.startswith("/news/")) < n:
        assert time.monotonic() < deadline, f"the crawl never reached {n} article requests"
        time.sleep(0.05)


def children_of(pid: int) -> list[int]:
    """Ids of the direct children of `pid` (Linux /proc)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def slow_site(site: NewsSite) -> None:
    site.add_articles(6)
    site.delay = 0.6


@pytest.mark.parametrize("how", ["SIGINT to the process group (Ctrl-C)", "SIGTERM to the parent only"])
def test_a_signal_stops_the_crawl_gracefully(tmp_path: Path, site: NewsSite, how: str) -> None:
    slow_site(site)
    proc = start(tmp_path, site, "--stop-timeout", "20", CONCURRENT_REQUESTS="1", CONCURRENT_REQUESTS_PER_DOMAIN="1")
    wait_for_hits(site, 2)
    if how.startswith("SIGINT"):
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr[-2000:]
    run = Run(tmp_path, subprocess.CompletedProcess(proc.args, 130, stdout, stderr))
    assert run.summary["finish_reason"] == "shutdown"
    assert run.summary["exit_status"] == 130
    assert run.aggregate["interrupted"] is True
    # The raw archive was closed valid, and holds every stored record.
    raw = raw_records(tmp_path)
    records = stored(tmp_path)
    assert 0 < len(records) < 6
    assert {r["url"] for r in records} <= {r["url"] for r in raw}
    # The child is gone with the parent: nothing keeps crawling.
    hits = dict(site.hits)
    time.sleep(1.5)
    assert site.hits == hits


def test_two_concurrent_runs_do_not_store_twice(tmp_path: Path, site: NewsSite) -> None:
    slow_site(site)
    site.delay = 1.0  # the first run takes ~6 s: long enough for the others to meet its lock
    first = start(tmp_path, site, CONCURRENT_REQUESTS="1", CONCURRENT_REQUESTS_PER_DOMAIN="1")
    wait_for_hits(site, 1)
    busy = crawl(tmp_path, site, "--lock-timeout", "0.2")
    assert busy.code == 75
    assert busy.stderr.strip().count("\n") == 0 and "another defnews run holds" in busy.stderr
    waiting = subprocess.Popen(crawl_argv(tmp_path, f"{site.base}/feed.xml", "--lock-timeout", "60"),
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.wait(timeout=TIMEOUT) == 0
    out, err = waiting.communicate(timeout=TIMEOUT)
    assert waiting.returncode == 0, err
    second = Run(tmp_path, subprocess.CompletedProcess(waiting.args, 0, out, err))
    assert second.summary["articles_stored"] == 0
    assert len(stored(tmp_path)) == 6
    assert first.stdout is not None
    first_run = Run(tmp_path, subprocess.CompletedProcess(first.args, 0, first.stdout.read(), ""))
    assert first_run.aggregate["run_id"] != second.aggregate["run_id"]


KILLED_SITE_ARTICLES = 30


def kill_mid_crawl(out: Path, site: NewsSite) -> None:
    """Start a crawl of a slow site and SIGKILL it, parent and child at once by their ids (a
    power loss, or systemd's final SIGKILL), once it has stored two articles and long before
    it could finish (30 articles at 0.6 s each, one at a time: a loaded machine is no race)."""
    site.add_articles(KILLED_SITE_ARTICLES)
    site.delay = 0.6
    proc = start(out, site, CONCURRENT_REQUESTS_PER_DOMAIN="1")
    articles = out / "articles" / "generic.jsonl"
    deadline = time.monotonic() + 30
    while not (articles.exists() and articles.read_bytes().count(b"\n") >= 2):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    for pid in [*children_of(proc.pid), proc.pid]:
        os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_killed_run_is_repaired_and_reported_by_the_next(tmp_path: Path, site: NewsSite) -> None:
    kill_mid_crawl(tmp_path, site)
    articles = tmp_path / "articles" / "generic.jsonl"
    time.sleep(0.3)
    # What a kill inside a write leaves: half a line, and half a gzip member.
    good_lines = articles.read_bytes()
    torn = good_lines.splitlines(keepends=True)[0][:57]
    with articles.open("ab") as fh:
        fh.write(torn)
    [raw_file] = list((tmp_path / "raw" / "generic").glob("*.jsonl.gz"))
    raw_good = raw_file.read_bytes()
    raw_file.write_bytes(raw_good + gzip.compress(b'{"url": "torn"}\n')[:15])
    site.delay = 0
    run = crawl(tmp_path, site)
    assert run.code == 0, run.stderr
    kinds = {r["kind"]: r for r in run.summary["repairs"]}
    assert set(kinds) == {"partial-line", "partial-gzip-member"}
    assert Path(kinds["partial-line"]["quarantined"]).read_bytes() == torn
    assert raw_file.read_bytes() == raw_good
    assert len(run.summary["killed_runs"]) == 1
    assert "repaired" in run.stdout  # the operator sees it, not only the JSON
    records = stored(tmp_path)
    assert len(records) == KILLED_SITE_ARTICLES == len({r["url"] for r in records})
    gzip.decompress(raw_file.read_bytes())  # readable again


# --- limits -------------------------------------------------------------------------------------


def test_cleaning_past_its_time_limit_rejects_the_record_counted_and_archived(tmp_path: Path, site: NewsSite) -> None:
    # tests/slow_clean.py never finishes cleaning /news/1.html (asleep) nor /news/2.html
    # (spinning), and asks 8 GiB for /news/3.html: each record is past a bound whatever the
    # limit and the machine's load (a tiny limit alone let a record that cleaned fast pass).
    tests_dir = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [tests_dir, os.environ.get("PYTHONPATH")]))}
    argv = crawl_argv(tmp_path, f"{site.base}/feed.xml", DEFNEWS_CLEAN_TIME_LIMIT="1",
                      DEFNEWS_CLEAN_FUNCTION="slow_clean.clean_article")
    run = Run(tmp_path, subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env))
    assert run.code == 1, run.stderr  # records failed in our hands: not a source failure
    assert run.summary["dropped"] == {"time_limit": 2, "memory_limit": 1}
    assert stored(tmp_path) == []
    assert len(raw_records(tmp_path)) == 3  # kept as extracted, for a later `defnews clean`


# --- nothing uncounted ------------------------------------------------------------------------------


def test_pipeline_exceptions_are_counted_by_kind_and_the_crawl_goes_on(tmp_path: Path, site: NewsSite) -> None:
    from crawler import settings as project

    site.add_articles(4)
    pipelines = {**project.ITEM_PIPELINES, "faulty_pipeline.FaultyPipeline": 450}
    tests_dir = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [tests_dir, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(crawl_argv(tmp_path, f"{site.base}/feed.xml", ITEM_PIPELINES=json.dumps(pipelines)),
                          capture_output=True, text=True, timeout=TIMEOUT, env=env)
    run = Run(tmp_path, proc)
    assert run.code == 1, run.stderr
    assert run.summary["errors"] == {"pipeline:MemoryError": 1, "pipeline:OSError": 1, "pipeline:TypeError": 1}
    assert [r["url"] for r in stored(tmp_path)] == [f"{site.base}/news/3.html"]


def test_retry_after_is_honoured_up_to_a_cap_and_a_self_redirect_is_counted(tmp_path: Path, site: NewsSite) -> None:
    site.replies["/news/0.html"] = [(429, {"Retry-After": "1"}, b"slow down"),
                                    (200, {"Content-Type": "text/html"}, site.pages["/news/0.html"].encode())]
    site.replies["/news/1.html"] = [(503, {"Retry-After": "3600"}, b"maintenance")]
    site.replies["/news/loop.html"] = [(301, {"Location": f"{site.base}/news/loop.html"}, b"")]
    run = crawl(tmp_path, site, RETRY_TIMES="2", DEFNEWS_RETRY_AFTER_MAX="5")
    assert run.code == 1, run.stderr
    first, second = site.hit_times["/news/0.html"]
    assert second - first >= 0.9  # waited what the server asked (Scrapy alone: at once)
    assert site.hits["/news/1.html"] == 1  # an hour is past the cap: given up, not retried
    s = run.summary
    assert s["retry_after"] == {"waited": 1, "gave_up": 1}
    assert s["errors"] == {"http_5xx": 1, "redirect_loop": 1}
    assert {r["url"] for r in stored(tmp_path)} == {f"{site.base}/news/{i}.html" for i in (0, 2)}


def test_a_live_run_without_a_real_contact_warns_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from crawler import runner
    from defnews import cli

    runs: list[Any] = []
    monkeypatch.setattr(runner, "run_spider", lambda run, *a: runs.append(run) or 0)
    monkeypatch.delenv("DEFNEWS_CONTACT", raising=False)
    cli.main(["crawl", "mod_ja", "--out", str(tmp_path)])
    assert "DEFNEWS_CONTACT is not set" in capsys.readouterr().err
    cli.main(["crawl", "mod_ja", "--out", str(tmp_path), "-s", "DEFNEWS_CONTACT=mailto:ops@example.org"])
    cli.main(["crawl", "mod_ja", "-a", "base_url=http://127.0.0.1:9", "--out", str(tmp_path)])  # a mirror
    assert "DEFNEWS_CONTACT" not in capsys.readouterr().err
    assert len(runs) == 3


@pytest.mark.parametrize(("contact", "says"), [
    ("", "DEFNEWS_CONTACT is not set"),
    ("mailto:test@example.invalid", "DEFNEWS_CONTACT=mailto:test@example.invalid is under the reserved domain .invalid"),
    ("https://ops.your-org.example/", "under the reserved domain .example"),
    ("mailto:ops@localhost", "under the reserved domain .localhost"),
    ("ops at ministry", "is neither an http(s) URL nor a mailto: address"),
])
def test_the_contact_warning_says_what_is_wrong(contact: str, says: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """breaker8 #11: a set but unusable contact was reported as "not set"."""
    from defnews.crawl import contact_warning

    monkeypatch.delenv("DEFNEWS_CONTACT", raising=False)
    warning = contact_warning({"DEFNEWS_CONTACT": contact}) if contact else contact_warning({})
    assert warning is not None and says in warning
    assert ("is not set" in warning) == (not contact)


@pytest.mark.parametrize("contact", ["mailto:ops@example.org", "https://mod.example.gov/contact", "mailto:a@b.invalidate.org"])
def test_a_reachable_contact_gets_no_warning(contact: str) -> None:
    from defnews.crawl import contact_warning

    assert contact_warning({"DEFNEWS_CONTACT": contact}) is None


def test_an_orphaned_crawl_still_keeps_the_next_run_out(tmp_path: Path, site: NewsSite) -> None:
    slow_site(site)
    site.delay = 0.5
    proc = start(tmp_path, site, CONCURRENT_REQUESTS="1", CONCURRENT_REQUESTS_PER_DOMAIN="1")
    wait_for_hits(site, 1)
    [child] = children_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone: its Scrapy child goes on, orphaned
    proc.wait(timeout=10)
    try:
        busy = crawl(tmp_path, site, "--lock-timeout", "0.5")
        assert busy.code == 75 and "still writing" in busy.stderr
        after = crawl(tmp_path, site, "--lock-timeout", "60")  # waits for the orphan to finish
        assert after.code == 0, after.stderr
        assert after.summary["articles_stored"] == 0
        records = stored(tmp_path)
        assert len(records) == len({r["url"] for r in records}) == 6
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)


def test_a_redirect_to_a_stored_article_is_rechecked_with_a_304(tmp_path: Path, site: NewsSite) -> None:
    site.replies["/old/0.html"] = [(301, {"Location": f"{site.base}/news/0.html"}, b"")]
    site.unlisted.add("/news/0.html")  # the feed still links the old URL
    first = crawl(tmp_path, site)
    assert first.code == 0 and first.summary["articles_stored"] == 3, first.stderr
    site.reset_counts()
    second = crawl(tmp_path, site)
    assert (second.code, second.summary["articles_stored"], second.summary["unchanged"]) == (0, 0, 0)
    assert second.summary["not_modified"] == 3
    assert site.bodies == {}  # the old URL's redirect was followed conditionally: a 304 again


def test_a_child_that_does_not_stop_in_time_is_killed_and_the_next_run_recovers(tmp_path: Path, site: NewsSite) -> None:
    site.delay = 20.0  # every article download hangs: a graceful stop would wait for it
    proc = start(tmp_path, site, "--stop-timeout", "1", DOWNLOAD_TIMEOUT="60")
    wait_for_hits(site, 1)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert time.monotonic() - started < 15  # bounded by --stop-timeout, not by the 20 s download
    assert "did not stop within 1 s; killing it" in stderr
    site.delay = 0
    run = crawl(tmp_path, site)
    assert run.code == 0, run.stderr
    assert len(run.summary["killed_runs"]) == 1
    assert len(stored(tmp_path)) == 3
