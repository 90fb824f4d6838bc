"""Scheduled runs as an operator breaks them (a fresh-eyes review of issue 9's scenarios):
repeated signals, Ctrl-C during a ``Retry-After`` wait, signals while waiting for the lock, a
closed stdout, non-zero statuses that must name their reason, and ``defnews status`` after a
killed or partly failed run.

Like tests/test_scheduled_runs.py (whose helpers these reuse), every crawl is a real
``python -m defnews.cli crawl`` subprocess against a small news site on 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mockserver import NewsSite
from test_scheduled_runs import (
    TIMEOUT, Run, crawl, crawl_argv, kill_mid_crawl, site, slow_site, start, stored, wait_for_hits,
)

from crawler.run_lock import data_dir_lock

__all__ = ["site"]  # the fixture, imported for these tests

CLI = [sys.executable, "-m", "defnews.cli"]


def finished(proc: subprocess.Popen[str], out: Path, timeout: float = 40) -> Run:
    stdout, stderr = proc.communicate(timeout=timeout)
    return Run(out, subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))


# --- 1. a second signal is not forwarded -----------------------------------------------------


@pytest.mark.parametrize("signals", [(signal.SIGTERM, signal.SIGTERM), (signal.SIGINT, signal.SIGTERM)],
                         ids=["TERM-TERM", "INT-TERM"])
def test_a_second_signal_does_not_turn_the_stop_into_a_crash(tmp_path: Path, site: NewsSite,
                                                             signals: tuple[int, int]) -> None:
    slow_site(site)
    proc = start(tmp_path, site, "--stop-timeout", "30", CONCURRENT_REQUESTS="1",
                 CONCURRENT_REQUESTS_PER_DOMAIN="1")
    wait_for_hits(site, 2)
    proc.send_signal(signals[0])
    time.sleep(0.3)
    proc.send_signal(signals[1])
    run = finished(proc, tmp_path)
    assert run.code == 130, run.stderr[-2000:]
    assert run.summary["finish_reason"] == "shutdown" and run.summary["exit_status"] == 130
    assert run.aggregate["crashed"] == [] and "crashed" not in run.stdout
    assert "already stopping" in run.stderr
    log = (tmp_path / "logs" / f"generic-{run.aggregate['run_id']}.log").read_text()
    assert "twice" not in log and "unclean" not in log


def test_a_signal_through_a_timeout_wrapper_is_one_signal(tmp_path: Path, site: NewsSite) -> None:
    """A signal to the process group of `timeout 120 defnews ...` reaches defnews directly,
    and again from coreutils `timeout`, which passes a signal it gets on to its child (and to
    its whole process group): defnews gets it two or three times, and must forward it once."""
    slow_site(site)
    argv = ["timeout", "120", *crawl_argv(tmp_path, f"{site.base}/feed.xml", "--stop-timeout", "30",
                                          CONCURRENT_REQUESTS="1", CONCURRENT_REQUESTS_PER_DOMAIN="1")]
    proc = subprocess.Popen(argv, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    wait_for_hits(site, 2)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, or `kill -INT -PGID`: timeout and defnews both get it
    run = finished(proc, tmp_path)
    assert run.code == 130, run.stderr[-2000:]
    assert run.summary["finish_reason"] == "shutdown"
    assert run.aggregate["crashed"] == []


# --- 2. Ctrl-C during a Retry-After wait ----------------------------------------------------------


def test_ctrl_c_during_a_retry_after_wait_stops_at_once(tmp_path: Path, site: NewsSite) -> None:
    site.replies["/news/0.html"] = [(429, {"Retry-After": "100"}, b"slow down")]  # below the 120 s cap
    proc = start(tmp_path, site, "--stop-timeout", "30", RETRY_TIMES="2")
    wait_for_hits(site, 3)  # the 429 and the two other articles
    time.sleep(1.0)  # the 429 is being waited for
    stopped = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    run = finished(proc, tmp_path)
    assert run.code == 130, run.stderr[-2000:]
    assert time.monotonic() - stopped < 15  # not the 100 s wait, nor the 30 s stop timeout
    assert "did not stop" not in run.stderr
    assert run.summary["finish_reason"] == "shutdown"
    assert run.summary["retry_after"] == {"waited": 1, "abandoned": 1}
    assert site.hits["/news/0.html"] == 1
    assert len(stored(tmp_path)) == 2


# --- 8. signals while waiting for another run's lock ---------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_while_waiting_for_the_lock_exits_130(tmp_path: Path, sig: int, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """In-process (the code path of the real command): the test holds the data directory's
    lock, and signals its own process once ``defnews crawl`` has started waiting for it."""
    import threading

    from crawler import run_lock
    from defnews import cli

    waiting = threading.Event()
    acquire = run_lock._acquire

    def noting(*args: object) -> object:
        waiting.set()
        return acquire(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(run_lock, "_acquire", noting)
    # As in a fresh `defnews` process (another test's library, e.g. ray, may have set its own).
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)

    def signal_when_waiting() -> None:
        if waiting.wait(timeout=30):
            time.sleep(0.3)
            os.kill(os.getpid(), sig)

    out = tmp_path / "data"
    try:
        with data_dir_lock(out, timeout=5):
            thread = threading.Thread(target=signal_when_waiting, daemon=True)
            thread.start()
            code = cli.main(["crawl", "generic", "-a", "feed=http://127.0.0.1:9/feed.xml", "--out", str(out),
                             "--lock-timeout", "20", "-s", "DEFNEWS_CONTACT=mailto:t@example.org"])
            thread.join(timeout=5)
        after = signal.getsignal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    err = capsys.readouterr().err
    assert code == 130, err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert after == signal.SIG_DFL  # the command put back what it found


# --- 9. a closed stdout does not change the status ------------------------------------------------


def test_a_closed_stdout_does_not_change_the_exit_status(tmp_path: Path, site: NewsSite) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written (`| head -0`, a dead terminal)
    argv = crawl_argv(tmp_path, f"{site.base}/feed.xml", DEFNEWS_SUMMARY_PRINT="True")
    proc = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    os.close(write_end)
    [summary] = tmp_path.glob("summary-run-generic-*.json")
    aggregate = json.loads(summary.read_text())
    assert aggregate["exit_status"] == 0 and aggregate["crashed"] == []
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(stored(tmp_path)) == 3


# --- 5 and 10. every non-zero status names its reason; allow-filtered URLs are counted --------------


def test_a_feed_url_that_is_an_article_page_is_not_a_feed(tmp_path: Path, site: NewsSite) -> None:
    run = crawl(tmp_path, f"{site.base}/news/0.html")
    assert run.code == 3, run.stderr
    assert run.summary["errors"] == {"not_a_feed": 1, "zero_yield:feed": 1}
    assert run.summary["zero_yield"] == ["feed"]
    assert "not_a_feed=1" in run.stdout


def test_a_source_whose_pages_are_all_skipped_says_why(tmp_path: Path, site: NewsSite) -> None:
    site.pages.clear()
    site.pages["/news/menu.html"] = "<html><body><main><p>Menu</p></main></body></html>"  # not an article
    site.pages["/news/blank.html"] = "<html><body></body></html>"  # empty
    run = crawl(tmp_path, site)
    assert run.code == 3, run.stderr
    assert run.summary["discovered"] == 2
    assert run.summary["errors"] == {"no_article_stored": 1}
    assert "no_article_stored=1" in run.stdout


def test_urls_left_out_by_allow_are_counted_as_routine(tmp_path: Path, site: NewsSite) -> None:
    site.pages["/other/x.html"] = site.article(9)
    run = crawl(tmp_path, site, "-a", "allow=/news/")
    assert run.code == 0, run.stderr
    assert run.summary["routine"]["not_allowed"] == 1
    assert run.summary["articles_stored"] == 3


# --- 6 and 7. `defnews status` after a killed run, and after a partial failure ---------------------


def status(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "status", "--out", str(out)], capture_output=True, text=True, timeout=60)


def row(stdout: str, source: str) -> dict[str, str]:
    lines = stdout.splitlines()
    head = lines[0].replace("last run", "last_run").replace("days since new", "days_since_new").split()
    for line in lines[1:]:
        if line.split()[0] == source:
            return dict(zip(head, line.split(), strict=True))
    raise AssertionError(f"no row for {source}: {stdout}")


def test_status_shows_a_killed_run_and_what_it_stored(tmp_path: Path, site: NewsSite) -> None:
    kill_mid_crawl(tmp_path, site)
    n = len(stored(tmp_path))
    result = status(tmp_path)
    assert result.returncode == 3, result.stderr
    r = row(result.stdout, "generic")
    assert r["health"] == "killed" and r["last_run"] != "-"
    assert int(r["new"]) == n >= 2
    show = subprocess.run([*CLI, "state", "show", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    first = show.stdout.splitlines()[0]
    assert "killed" in first and "started 20" in first and f"{n} new" in first, first


def test_status_calls_a_partial_failure_degraded_not_failing(tmp_path: Path, site: NewsSite) -> None:
    site.replies["/news/3.html"] = [(429, {"Retry-After": "3600"}, b"slow down")]
    run = crawl(tmp_path, site)
    assert run.code == 1 and run.summary["articles_stored"] == 3, run.stderr
    result = status(tmp_path)
    assert row(result.stdout, "generic")["health"] == "degraded"
    assert result.returncode == 1
