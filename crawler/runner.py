"""Run spiders and report what happened.

- :class:`RunSummary` (a Scrapy extension) writes ``<data>/summary-<spider>-<run-id>.json`` when
  a spider closes (never over an existing one), with the run's exit status (below), tells the
  store whether to commit, records the run's health in the state, and prints one human line.
- :func:`run_many` runs spiders one after another, each in its own ``scrapy crawl``
  subprocess (the Twisted reactor cannot restart in-process, and a crash in one spider
  must not take the others down), then aggregates their summaries. The first SIGINT or
  SIGTERM reaches the running child, once (later ones are not forwarded: Scrapy would take a
  second one as "stop uncleanly"), and it shuts down gracefully; the wait is bounded
  (``stop_timeout``), after which the child is killed (the next run repairs its files).
  Console output is written defensively (:func:`console`): a closed stdout never changes
  the status, which is always the summary's.
- :func:`demo` does that against the offline mirror with fast settings.

Exit status (see the README's "Exit status" and ``defnews --help``):

====== ==========================================================================
0      the run worked, including "nothing new"
1      some pages or records failed (``errors`` > 0), or a spider crashed
2      usage error
3      a source failed: unreachable, zero yield, all blocked, or no article stored
75     another run holds the data directory's lock (``crawler.run_lock``)
130    interrupted (SIGINT/SIGTERM): the summary says ``finish_reason: shutdown``
====== ==========================================================================
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import orjson
from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from w3lib.url import canonicalize_url

from crawler.crawl_state import HEALTH_COUNTERS
from crawler.middlewares import BLOCKED_STAT
from crawler.mirror_server import DEFAULT_MIRROR, serve_mirror
from crawler.pipelines import (
    DROPPED_PREFIX,
    LIMITS_PREFIX,
    KILLED_RUNS_STAT,
    REPAIRS_STAT,
    STORE_COMMIT,
    STORED_STAT,
    UNCHANGED_STAT,
    UPDATED_STAT,
    append_mode,
    data_dirs,
    new_run_id,
    raw_path,
    run_id,
    state_for,
)
from crawler.spiders.generic import DUPLICATE_REQUESTS_STAT, NOT_ALLOWED_STAT
from crawler.skip_stored import ALREADY_STORED_STAT, DISCOVERED_STAT, NOT_MODIFIED_STAT

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

#: The live run (`defnews crawl --all`). generic needs a sitemap or feed, so it is not here.
LIVE_SPIDERS = ("mod_ja", "mod_en", "jdefense", "wargov")

#: Only the demo and the tests may drop the polite delays: they crawl 127.0.0.1.
DEMO_SETTINGS: dict[str, str] = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "DOWNLOAD_TIMEOUT": "10",
    "LOG_LEVEL": "WARNING",
    "DEFNEWS_SUMMARY_PRINT": "False",
}

OK, FAILURES, USAGE, SOURCE_FAILED, INTERRUPTED = 0, 1, 2, 3, 130
#: Severity order when several spiders' statuses are combined: the worst wins.
_SEVERITY = (OK, FAILURES, SOURCE_FAILED, INTERRUPTED)

#: Routine skips, counted apart from errors: they happen on every healthy scheduled run.
ROUTINE_ERRORS = ("robots_forbidden",)
PIPELINE_ERROR_PREFIX = "defnews/errors/pipeline:"
SELF_REDIRECT_STAT = "defnews/errors/redirect_loop"

#: Counters of a summary, in display order: (key, column title).
COUNTERS = (
    ("discovered", "found"),
    ("pages_fetched", "pages"),
    ("not_modified", "304"),
    ("articles_stored", "stored"),
    ("updated", "updated"),
    ("blocked", "blocked"),
    ("empty", "empty"),
    ("duplicates", "dups"),
    ("invalid", "invalid"),
    ("offsite_filtered", "offsite"),
    ("not_articles", "skipped"),
    ("already_stored", "known"),
    ("unchanged", "same"),
)


# --- one spider's summary ----------------------------------------------------------------


def _prefixed(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)}


def zero_yield(stats: Mapping[str, Any]) -> list[str]:
    """Discovery sources (feed, sitemap, site) read that gave no article URL
    (``defnews/discovered/<source>`` = 0, or ``defnews/zero_yield/<source>``)."""
    found = {k for k, v in _prefixed(stats, "defnews/discovered/").items() if not v}
    return sorted(found | set(_prefixed(stats, "defnews/zero_yield/")))


def errors_by_kind(stats: Mapping[str, Any]) -> dict[str, int]:
    """Failures only: ``defnews/errors/<kind>`` counters (pipeline exceptions as
    ``pipeline:<Type>``), callback crashes Scrapy counted itself, and zero-yield sources (a
    source that gave nothing is never "errors: none"). Routine skips
    (:data:`ROUTINE_ERRORS`) are left out: see :func:`routine_skips`."""
    errors = {k: v for k, v in _prefixed(stats, "defnews/errors/").items() if k not in ROUTINE_ERRORS}
    for name, n in _prefixed(stats, "spider_exceptions/").items():
        errors[f"spider_exception:{name}"] = n
    for source in zero_yield(stats):
        errors[f"zero_yield:{source}"] = 1
    return dict(sorted(errors.items()))


def routine_skips(stats: Mapping[str, Any]) -> dict[str, int]:
    """What a healthy scheduled run skips on purpose, by reason; never counted as errors."""
    skips = {
        "already_stored": int(stats.get(ALREADY_STORED_STAT, 0)),
        "not_modified": int(stats.get(NOT_MODIFIED_STAT, 0)),
        "unchanged": int(stats.get(UNCHANGED_STAT, 0)),
        "duplicate_requests": int(stats.get(DUPLICATE_REQUESTS_STAT, 0)),
        "not_allowed": int(stats.get(NOT_ALLOWED_STAT, 0)),
    }
    for kind in ROUTINE_ERRORS:
        skips[kind] = int(stats.get("defnews/errors/" + kind, 0))
    return skips


def counters(stats: Mapping[str, Any]) -> dict[str, int]:
    dropped = _prefixed(stats, DROPPED_PREFIX)
    stored = int(stats.get(STORED_STAT, 0))
    updated = int(stats.get(UPDATED_STAT, 0))
    return {
        "discovered": int(stats.get(DISCOVERED_STAT, 0)),
        "pages_fetched": int(stats.get("response_received_count", 0)),
        "not_modified": int(stats.get(NOT_MODIFIED_STAT, 0)),
        "articles_stored": stored,
        "new": stored - updated,
        "updated": updated,
        "unchanged": int(stats.get(UNCHANGED_STAT, 0)),
        "blocked": int(stats.get(BLOCKED_STAT, 0)),
        "empty": int(stats.get("defnews/empty", 0)) + dropped.get("empty", 0),
        "duplicates": dropped.get("duplicate", 0),
        "invalid": dropped.get("invalid", 0),
        "offsite_filtered": int(stats.get("offsite/filtered", 0)),
        "not_articles": sum(_prefixed(stats, "defnews/skipped/").values()),
        "already_stored": int(stats.get(ALREADY_STORED_STAT, 0)),
        "retries": int(stats.get("retry/count", 0)),
        "undated": int(stats.get("defnews/undated", 0)),
        "decode_errors": int(stats.get("defnews/decode_errors", 0)),
        "announced_skipped": int(stats.get("defnews/announced_skipped", 0)),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else None


#: Drop reasons that are our failure on a record the source did give (status 1, not 3).
FAILED_RECORD_DROPS = ("invalid", "clean_failed", "time_limit", "memory_limit", "clean_crashed")


def failed_records(summary: Mapping[str, Any]) -> int:
    dropped = summary.get("dropped", {})
    return sum(int(dropped.get(reason, 0)) for reason in FAILED_RECORD_DROPS)


def articles_seen(summary: Mapping[str, Any]) -> int:
    """Articles the source yielded in any form: stored, known, unchanged, 304, duplicate,
    or a record that failed in our hands."""
    keys = ("articles_stored", "already_stored", "unchanged", "not_modified", "duplicates")
    return sum(int(summary.get(k, 0)) for k in keys) + failed_records(summary)


def exit_status(summary: Mapping[str, Any]) -> int:
    """The run's exit status from its summary (see the module docstring).

    >>> exit_status({"finish_reason": "finished", "articles_stored": 0, "already_stored": 4, "errors": {}})
    0
    >>> exit_status({"finish_reason": "finished", "errors": {"http_404": 1}})
    3
    >>> exit_status({"finish_reason": "finished", "articles_stored": 2, "errors": {"http_404": 1}})
    1
    >>> exit_status({"finish_reason": "shutdown", "articles_stored": 2, "errors": {}})
    130
    """
    reason = summary.get("finish_reason")
    if reason == "shutdown":
        return INTERRUPTED
    if reason != "finished":
        return FAILURES
    if articles_seen(summary) == 0:
        return SOURCE_FAILED  # unreachable, an empty or failing index, or everything blocked
    return FAILURES if sum(summary.get("errors", {}).values()) or failed_records(summary) else OK


def status_reasons(summary: Mapping[str, Any], status: int) -> dict[str, int]:
    """Why a run's status is not 0, as ``errors`` entries, when its failure counters name no
    reason themselves (so no non-zero status ever reads "errors: none"):

    - 3 with article URLs discovered (or with no error at all): ``all_blocked`` (pages were
      challenges) or ``no_article_stored`` (no article among the pages read: all skipped as
      not articles, empty, failed, or nothing linked). An article page's ``http_404`` is a
      status 1 reason and does not say why the status is 3. With nothing discovered and an
      error, the error is the index's own (``http_404`` on the feed, a refused connection,
      ``not_a_feed``, ``zero_yield:<source>``) and says it;
    - 1 from records that failed in our hands: ``dropped:<reason>`` per reason;
    - 1 from a spider that closed for another reason than finishing: ``finish_reason:<reason>``.

    >>> status_reasons({"errors": {}, "blocked": 0}, 3)
    {'no_article_stored': 1}
    >>> status_reasons({"errors": {}, "dropped": {"time_limit": 2}, "finish_reason": "finished"}, 1)
    {'dropped:time_limit': 2}
    >>> status_reasons({"errors": {"http_404": 1}, "discovered": 5}, 3)
    {'no_article_stored': 1}
    >>> status_reasons({"errors": {"http_404": 1}, "discovered": 0}, 3)
    {}
    """
    errors = summary.get("errors") or {}
    if status == SOURCE_FAILED:
        if (errors and not summary.get("discovered")) or {"all_blocked", "no_article_stored"} & set(errors):
            return {}
        return {"all_blocked" if summary.get("blocked") else "no_article_stored": 1}
    if status in (OK, INTERRUPTED) or errors:
        return {}
    reasons = {f"dropped:{r}": int(n) for r, n in summary.get("dropped", {}).items()
               if r in FAILED_RECORD_DROPS and n}
    reason = summary.get("finish_reason")
    if reason not in ("finished", "shutdown"):
        reasons[f"finish_reason:{reason}"] = 1
    return reasons


def build_summary(crawler: Crawler, spider: Spider, reason: str) -> dict[str, Any]:
    stats = crawler.stats.get_stats()
    summary: dict[str, Any] = {
        "spider": spider.name,
        "run_id": run_id(crawler),
        "base_url": getattr(spider, "base_url", None),
        "finish_reason": reason,
        "exit_status": None,
        "started_at": _iso(stats.get("start_time")),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "store_mode": crawler.settings.get("DEFNEWS_STORE_MODE", "append"),
        **counters(stats),
        "errors": errors_by_kind(stats),
        "routine": routine_skips(stats),
        "dropped": _prefixed(stats, DROPPED_PREFIX),
        "skipped": _prefixed(stats, "defnews/skipped/"),
        "dates_by_source": _prefixed(stats, "defnews/dates/"),
        "zero_yield": zero_yield(stats),
        "retry_after": _prefixed(stats, "defnews/retry_after/"),
        "limits": _prefixed(stats, LIMITS_PREFIX),
        "repairs": list(stats.get(REPAIRS_STAT) or []),
        "killed_runs": list(stats.get(KILLED_RUNS_STAT) or []),
        "files": {
            "articles": str(data_dirs(crawler.settings).articles / f"{spider.name}.jsonl"),
            "raw": str(raw_path(crawler, spider.name)),
        },
    }
    summary["exit_status"] = exit_status(summary)
    summary["errors"] = dict(sorted({**summary["errors"], **status_reasons(summary, summary["exit_status"])}.items()))
    return summary


def summary_path(data_dir: Path, spider_name: str, rid: str) -> Path:
    return data_dir / f"summary-{spider_name}-{rid}.json"


def write_json_new(path: Path, data: Any) -> Path:
    """Write `data` to `path`, or to ``<stem>.<n>.json`` if `path` exists: never over a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    candidate, n = path, 0
    while True:
        try:
            with candidate.open("xb") as fh:
                fh.write(payload)
            return candidate
        except FileExistsError:
            n += 1
            candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")


def format_line(summary: Mapping[str, Any]) -> str:
    """``mod_ja: 8 pages, 5 stored, 1 blocked, … errors: http_404=1``"""
    parts = ", ".join(f"{summary.get(key, 0)} {title}" for key, title in COUNTERS)
    errors = " ".join(f"{k}={v}" for k, v in summary.get("errors", {}).items()) or "none"
    if summary.get("finish_reason") == "shutdown":
        errors += " (interrupted)"
    dates = " ".join(f"{k}={v}" for k, v in summary.get("dates_by_source", {}).items())
    extra = (f"; dates: {dates}" if dates else "") + (
        f"; {summary['undated']} undated" if summary.get("undated") else "") + (
        f"; {summary['decode_errors']} undecodable bytes" if summary.get("decode_errors") else "") + (
        f"; {summary['announced_skipped']} skipped though the feed or sitemap announced them (by their"
        " own headline, or with too little prose to judge): see the log's warnings"
        if summary.get("announced_skipped") else "")
    return f"{summary.get('spider', 'total')}: {parts}; errors: {errors}{extra}"


class RunSummary:
    """Extension: when the spider closes, judge the run, let the store commit or discard,
    record the run's health in the state and write the summary JSON next to the data.

    Also counts what Scrapy would leave uncounted: an exception raised in a pipeline
    (``errors["pipeline:<Type>"]``; the crawl goes on with the next item) and a request the
    dupefilter dropped because a page redirects to itself (``errors["redirect_loop"]``: the
    page is never fetched); other dropped repeats are routine (``routine.duplicate_requests``).

    ``DEFNEWS_SUMMARY_ENABLED = False`` switches it off; ``DEFNEWS_SUMMARY_PRINT = False``
    keeps it quiet (the demo prints one table for all spiders instead).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_SUMMARY_ENABLED", True):
            raise NotConfigured
        append_mode(crawler)  # a bad DEFNEWS_STORE_MODE fails here, before anything is fetched
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        run_id(self.crawler)  # fix the run id at the start of the crawl, not at its end

    def item_error(self, item: Any, response: Any, spider: Spider, failure: Any) -> None:
        kind = type(getattr(failure, "value", failure)).__name__
        self.crawler.stats.inc_value(PIPELINE_ERROR_PREFIX + kind)

    def request_dropped(self, request: Any, spider: Spider) -> None:
        chain = {canonicalize_url(u) for u in request.meta.get("redirect_urls", [])}
        if canonicalize_url(request.url) in chain:  # a page redirecting to itself: never fetched
            self.crawler.stats.inc_value(SELF_REDIRECT_STAT)
        else:  # a URL already requested in this run, directly or through a redirect
            self.crawler.stats.inc_value(DUPLICATE_REQUESTS_STAT)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        summary = build_summary(self.crawler, spider, reason)
        ok = summary["exit_status"] in (OK, FAILURES)
        results = self.crawler.signals.send_catch_log(STORE_COMMIT, ok=ok)
        summary["store_replaced"] = any(result is True for _, result in results)
        state = state_for(self.crawler)
        if state is not None:
            state.finish_run(spider.name, summary["run_id"], reason, summary["exit_status"],
                             {k: summary.get(k, 0) for k in HEALTH_COUNTERS}
                             | {"new": summary["new"], "fetched": summary["pages_fetched"],
                                "errors": sum(summary["errors"].values())})
        data_dir = data_dirs(self.crawler.settings).data
        write_json_new(summary_path(data_dir, spider.name, summary["run_id"]), summary)
        if self.crawler.settings.getbool("DEFNEWS_SUMMARY_PRINT", True):
            console(format_line(summary))


# --- running several spiders ---------------------------------------------------------------


@dataclass
class SpiderRun:
    name: str
    args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The name the run stores under: ``-a name=`` (a generic site from sites.toml), else
        the spider's."""
        return self.args.get("name") or self.name


def crawl_command(run: SpiderRun) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", run.name]
    for key, value in run.args.items():
        cmd += ["-a", f"{key}={value}"]
    for key, value in run.settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def crawl_env() -> dict[str, str]:
    # The settings module by name: works from any cwd, with or without scrapy.cfg nearby.
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}


#: Default seconds a signalled child gets to shut down before it is killed. Keep it below a
#: scheduler's own stop timeout (systemd TimeoutStopSec; docs/scheduling.md).
DEFAULT_STOP_TIMEOUT = 45.0


class _SignalForwarder:
    """While installed, SIGINT/SIGTERM received by this process are sent on to `proc`
    (the child runs in its own process group, so a terminal's Ctrl-C reaches it only this
    way), and only the **first** one, once: Scrapy takes a second signal as "stop now,
    uncleanly" (no summary, a torn archive). A later signal (a second Ctrl-C, systemd's
    SIGTERM after a Ctrl-C, `timeout` which signals its child and then its whole process
    group) is noted and not forwarded; the escalation is the parent's own bounded wait
    (``stop_timeout``) and then SIGKILL."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.received: list[int] = []
        self.first_at: float | None = None
        self.forwarded = False
        self._old: dict[int, Any] = {}

    def __enter__(self) -> _SignalForwarder:
        for sig in self.SIGNALS:
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, frame: Any) -> None:
        self.received.append(signum)
        if self.first_at is None:
            self.first_at = time.monotonic()
        self.forward()

    def forward(self) -> None:
        """Send the first signal received to the running child, if not sent yet (called from
        the handler, and by :func:`run_spider` for a signal that came before the child)."""
        if self.forwarded or not self.received or self.proc is None or self.proc.poll() is not None:
            return
        self.forwarded = True
        self.proc.send_signal(self.received[0])

    def adopt(self, proc: subprocess.Popen[bytes] | None) -> None:
        """Make `proc` the child signals go to (None: no child); signals are held meanwhile,
        so a signal never reaches a child twice nor falls between two children."""
        old = signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        try:
            self.proc = proc
            self.forward()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def run_spider(run: SpiderRun, forwarder: _SignalForwarder | None = None,
               stop_timeout: float = DEFAULT_STOP_TIMEOUT) -> int:
    """Run one spider in a subprocess; its exit status (``-9`` if it had to be killed).

    With a `forwarder`, the first signal goes on to the child (once), and from then on the
    child gets `stop_timeout` seconds to finish its graceful shutdown before it is killed.
    """
    proc = subprocess.Popen(crawl_command(run), env=crawl_env(), process_group=0)
    if forwarder is None:
        return proc.wait()
    forwarder.adopt(proc)
    noted = 1
    try:
        while True:
            try:
                return proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                if len(forwarder.received) > noted:
                    noted = len(forwarder.received)
                    left = stop_timeout - (time.monotonic() - (forwarder.first_at or 0.0))
                    console(f"defnews: already stopping {run.source}; waiting up to {max(left, 0):.0f} s "
                            "more before killing it", sys.stderr)
                if forwarder.first_at is not None and time.monotonic() - forwarder.first_at > stop_timeout:
                    console(f"defnews: {run.source} did not stop within {stop_timeout:g} s; killing it "
                            "(the next run repairs its files)", sys.stderr)
                    # Its process group: the crawl and the worker processes it started.
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    return proc.wait()
    finally:
        forwarder.adopt(None)


def console(text: str, stream: Any = None) -> None:
    """Print a line for the operator. A reader that has gone (``defnews crawl | head -1``, a
    closed terminal) must not change the run's outcome: the run's status is its summary's,
    so a broken pipe silences the stream (pointed at /dev/null) instead of raising."""
    stream = stream or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except (BrokenPipeError, ValueError, OSError):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)


def read_summary(path: Path) -> dict[str, Any] | None:
    return orjson.loads(path.read_bytes()) if path.is_file() else None


def totals(summaries: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in COUNTERS] + ["retries", "new", "announced_skipped"]
    total: dict[str, Any] = {key: sum(s.get(key, 0) for s in summaries.values()) for key in keys}
    for group in ("errors", "routine"):
        merged: dict[str, int] = {}
        for summary in summaries.values():
            for kind, n in summary.get(group, {}).items():
                merged[kind] = merged.get(kind, 0) + n
        total[group] = dict(sorted(merged.items()))
    return total


def combine_status(statuses: list[int]) -> int:
    """The worst of several runs' statuses: 130 > 3 > 1 > 0."""
    return max(statuses, key=_SEVERITY.index, default=OK)


def run_many(runs: list[SpiderRun], data_dir: Path, rid: str,
             stop_timeout: float = DEFAULT_STOP_TIMEOUT) -> dict[str, Any]:
    """Run spiders sequentially; aggregate their summaries and exit statuses. A spider that
    exits non-zero or leaves no summary is listed under ``crashed``; after SIGINT/SIGTERM
    the running spider shuts down and the remaining ones are not started."""
    summaries: dict[str, dict[str, Any]] = {}
    crashed: list[str] = []
    statuses: list[int] = []
    not_started: list[str] = []
    with _SignalForwarder() as forwarder:
        for run in runs:
            if forwarder.received:
                not_started.append(run.source)
                continue
            code = run_spider(run, forwarder, stop_timeout)
            summary = read_summary(summary_path(data_dir, run.source, rid))
            if code != 0 or summary is None:
                crashed.append(run.source)
            if summary is not None:
                summaries[run.source] = summary
                statuses.append(int(summary.get("exit_status", FAILURES)))
            else:
                statuses.append(INTERRUPTED if forwarder.received else FAILURES)
        interrupted = bool(forwarder.received)
    if interrupted:
        statuses.append(INTERRUPTED)
    return {"run_id": rid, "spiders": summaries, "totals": totals(summaries), "crashed": crashed,
            "not_started": not_started, "interrupted": interrupted,
            "exit_status": combine_status(statuses)}


def format_table(aggregate: Mapping[str, Any]) -> str:
    titles = [title for _, title in COUNTERS]
    rows = [["spider", *titles, "errors"]]
    named = [*aggregate["spiders"].items(), ("total", aggregate["totals"])]
    for name, s in named:
        errors = " ".join(f"{k}={v}" for k, v in s.get("errors", {}).items()) or "-"
        rows.append([name, *(str(s.get(key, 0)) for key, _ in COUNTERS), errors])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1] for row in rows]
    for name, s in aggregate["spiders"].items():
        for repair in s.get("repairs", []):
            lines.append(f"repaired ({name}): {repair['file']}: {repair['kind']}, "
                         f"{repair['cut_bytes']} bytes moved to {repair['quarantined']}")
        if s.get("killed_runs"):
            lines.append(f"earlier runs of {name} never finished: {', '.join(s['killed_runs'])}")
    if aggregate.get("crashed"):
        lines.append("crashed: " + ", ".join(aggregate["crashed"]))
    if aggregate.get("interrupted"):
        lines.append("interrupted" + (f"; not started: {', '.join(aggregate['not_started'])}"
                                      if aggregate.get("not_started") else ""))
    lines.append(f"exit status: {aggregate['exit_status']}")
    return "\n".join(lines)


def storage_settings(data: Path, articles: Path, raw: Path, rid: str) -> dict[str, str]:
    return {
        "DEFNEWS_DATA_DIR": str(data),
        "DEFNEWS_ARTICLES_DIR": str(articles),
        "DEFNEWS_RAW_DIR": str(raw),
        "DEFNEWS_RUN_ID": rid,
    }


def with_log_file(run: SpiderRun, data_dir: Path, rid: str) -> SpiderRun:
    """Each spider's Scrapy log goes to ``<data>/logs/<source>-<run-id>.log``."""
    if "LOG_FILE" in run.settings:
        return run
    log = data_dir / "logs" / f"{run.source}-{rid}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    return SpiderRun(run.name, run.args, {**run.settings, "LOG_FILE": str(log)})


def run_and_report(runs: list[SpiderRun], data_dir: Path, rid: str, out_file: Path,
                   stop_timeout: float = DEFAULT_STOP_TIMEOUT) -> int:
    runs = [with_log_file(run, data_dir, rid) for run in runs]
    aggregate = run_many(runs, data_dir, rid, stop_timeout)
    written = write_json_new(out_file, aggregate)
    console(format_table(aggregate))
    console(f"summary: {written}")
    console(f"logs: {data_dir / 'logs'}")
    return int(aggregate["exit_status"])


def locked(data_dir: Path, lock_timeout: float, body: Any) -> int:
    """Run `body()` holding the data directory's lock; :data:`LOCKED_EXIT` if busy."""
    from crawler.run_lock import LOCKED_EXIT, DataDirBusy, data_dir_lock

    try:
        with data_dir_lock(data_dir, lock_timeout):
            return int(body())
    except DataDirBusy as exc:
        print(f"defnews: {exc}", file=sys.stderr)
        return LOCKED_EXIT


# --- the demo ------------------------------------------------------------------------------------


#: Mirror site directory → the real origin it stands in for.  The demo crawls the real URLs and
#: crawler.mirror_origins serves them from the mirror, so stored records never carry the mirror's
#: random port (two demo runs store the same URLs).
DEMO_SITES = {
    "mod": "https://www.mod.go.jp",
    "jdefense": "https://j-defense.ikaros.jp",
    "wargov": "https://www.war.gov",
    "generic": "https://www.defence.examplia.example",
}
MIRROR_HANDLER = "crawler.mirror_origins.MirrorDownloadHandler"


def mirror_settings(sites: Mapping[str, str]) -> dict[str, str]:
    """Settings that serve each real origin of DEMO_SITES from its mirror server (``{site: base_url}``)."""
    origins = {DEMO_SITES[site]: base for site, base in sites.items() if site in DEMO_SITES}
    return {
        "DOWNLOAD_HANDLERS": orjson.dumps({"http": MIRROR_HANDLER, "https": MIRROR_HANDLER}).decode(),
        "DEFNEWS_MIRROR_ORIGINS": orjson.dumps(origins).decode(),
    }


def demo_runs(sites: Mapping[str, str], settings: dict[str, str]) -> list[SpiderRun]:
    """Every spider against its real origin, served by the mirror (``sites``: ``{site: base_url}``
    of :func:`serve_mirror`); generic through the sitemap."""
    settings = {**settings, **mirror_settings(sites)}
    sitemap = DEMO_SITES["generic"] + "/sitemap.xml"
    names = ("mod_ja", "mod_en", "jdefense", "wargov")
    return [*(SpiderRun(name, {}, settings) for name in names), SpiderRun("generic", {"sitemap": sitemap}, settings)]


def sort_articles(path: Path) -> None:
    """Rewrite a demo article file in a stable order: by URL, then version (a stable sort, so
    lines that tie keep their order).  Spiders store records as responses arrive, which
    varies from run to run."""
    from cleaning.records import AtomicWriter

    if not path.is_file():
        return
    lines = [line + b"\n" for line in path.read_bytes().splitlines()]

    def key(line: bytes) -> tuple[str, int]:
        record = orjson.loads(line)
        return str(record.get("url")), int(record.get("version") or 1)

    with AtomicWriter(str(path)) as out:
        for line in sorted(lines, key=key):
            out.write(line)


def demo(out: Path, mirror: Path = DEFAULT_MIRROR, lock_timeout: float = 60.0) -> int:
    """Serve the mirror, crawl it with every spider, write ``<out>/summary.json``.

    Append mode, like a scheduled run: a second demo into the same directory re-checks the
    stored articles with conditional requests (the mirror answers 304) and stores nothing."""
    missing = [site for site in DEMO_SITES if not (mirror / site).is_dir()]
    if missing:
        print(f"defnews demo: {mirror} lacks the mirror sites {', '.join(missing)}", file=sys.stderr)
        return USAGE
    out = out.resolve()
    rid = new_run_id()
    settings = {**DEMO_SETTINGS, **storage_settings(out, out, out / "raw", rid)}

    def body() -> int:
        with serve_mirror(mirror) as sites:
            summary = out / "summary.json"
            if summary.exists():  # keep the previous demo's summary under its own run id
                previous = read_summary(summary) or {}
                summary.rename(out / f"summary-{previous.get('run_id', 'previous')}.json")
            runs = demo_runs(sites, settings)
            status = run_and_report(runs, out, rid, summary)
        for run in runs:
            sort_articles(out / f"{run.name}.jsonl")
        return status

    return locked(out, lock_timeout, body)


def crawl_runs(runs: list[SpiderRun], out: Path, settings: Mapping[str, str], lock_timeout: float,
               stop_timeout: float, label: str) -> int:
    """Run `runs` into the data directory `out` (``<out>/articles``, ``<out>/raw``) under
    its lock, with `settings` (``-s``) applied to each; the aggregate summary goes to
    ``<out>/summary-all-<run-id>.json`` for ``--all``, else ``<out>/summary-run-<label>-<run-id>.json``
    (a source name has no ``-``, so this never meets a spider's own summary)."""
    out = out.resolve()
    rid = new_run_id()
    # --out decides where things go; -s may tune everything else.
    common = {**settings, **storage_settings(out, out / "articles", out / "raw", rid)}
    runs = [SpiderRun(r.name, r.args, {**common, **r.settings}) for r in runs]
    return locked(out, lock_timeout, lambda: run_and_report(
        runs, out, rid, out / (f"summary-{label}-{rid}.json" if label == "all" else f"summary-run-{label}-{rid}.json"),
        stop_timeout))
