"""``defnews status``: each source's health, from the crawl state.

    defnews status [--out DIR] [--sites FILE]

One row per source: its last run (counters: discovered, fetched, not modified, new,
updated, blocked, errors), the days since its last new article, its expected cadence
(``[cadence]`` and ``cadence_days`` in sites.toml) and a verdict:

- ``ok``;
- ``running``: a crawl of it is running now (it holds the data directory's writer lock);
- ``degraded``: the last run's status was 1 (some pages or records failed, the source worked);
- ``blocked``: the last run was blocked and stored nothing;
- ``failing``: the last run's status was 3 (the source failed: unreachable, zero yield);
- ``silent``: no new article for longer than the cadence allows;
- ``interrupted``: the last run was stopped by SIGINT/SIGTERM (status 130);
- ``killed``: the last run never finished (SIGKILL, power loss, a child killed after
  ``--stop-timeout``): what it stored before is counted from the per-URL state;
- ``never``: no run recorded.

The ``last run`` column is the run id, which starts with its UTC start time.

Exit status, as the crawl's own contract: 0 when every source is ``ok`` or ``running``, 1 when
the worst is ``degraded``, 3 when any source is blocked, failing, silent, interrupted, killed
or never ran (so a monitor can alert on it), 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FAILURES = 1
USAGE_ERROR = 2
SOURCE_FAILED = 3
#: Verdicts that are no alert, and the one that is a partial failure (status 1).
HEALTHY = ("ok", "running")
DEGRADED = "degraded"
COLUMNS = ("discovered", "fetched", "not_modified", "new", "updated", "blocked", "errors")


def register(sub: Any) -> None:
    """Add ``defnews status`` to the ``defnews`` subparsers."""
    status = sub.add_parser("status", help="health of each source, from the crawl state",
                            description="Health of each source: last run, days since its last new "
                                        "article against its expected cadence.")
    status.add_argument("--out", type=Path, default=Path("data"), help="data directory (default: ./data)")
    status.add_argument("--sites", type=Path, help="sites file with [cadence] (default: the bundled one)")
    status.set_defaults(func=cmd_status)


def _days_since(iso: str | None, now: datetime) -> float | None:
    if not iso:
        return None
    return (now - datetime.fromisoformat(iso)).total_seconds() / 86400


def verdict(last: dict[str, Any] | None, days: float | None, cadence: float) -> str:
    """One source's health from its last run and the days since its last new article.

    >>> verdict({"finish_reason": "finished", "exit_status": 1, "new": 1}, 0.1, 3)
    'degraded'
    >>> verdict({"finish_reason": "finished", "exit_status": 3}, None, 3)
    'failing'
    >>> verdict({"finish_reason": None, "finished_at": None, "running": False}, None, 3)
    'killed'
    """
    if last is None:
        return "never"
    if last.get("finished_at", True) is None:  # started, never finished
        return "running" if last.get("running") else "killed"
    if last["finish_reason"] == "killed":
        return "killed"
    if last["finish_reason"] == "shutdown":
        return "interrupted"
    if (last.get("blocked") or 0) > 0 and not (last.get("new") or last.get("not_modified")):
        return "blocked"
    if last.get("exit_status") == SOURCE_FAILED:
        return "failing"
    if days is None or days > cadence:
        return "silent"
    if last.get("exit_status") == FAILURES:
        return DEGRADED
    return "ok"


def health_rows(state: Any, cadence: dict[str, float], default: float,
                now: datetime | None = None, running: bool = False) -> list[dict[str, Any]]:
    """One row per source; `running`: a crawl process holds the data directory's writer lock
    now, so an unfinished run is running rather than killed."""
    now = now or datetime.now(UTC)
    rows = []
    for source in state.sources():
        last = state.latest_run(source)
        if last is not None and last["finished_at"] is None:
            last["running"] = running
        days = _days_since(state.last_new_article(source), now)
        expected = cadence.get(source, default)
        rows.append({"source": source, "last_run": last["run_id"] if last else None,
                     **{k: (last or {}).get(k) or 0 for k in COLUMNS},
                     "days_since_new": None if days is None else round(days, 1),
                     "cadence_days": expected, "health": verdict(last, days, expected)})
    return rows


def format_rows(rows: list[dict[str, Any]]) -> str:
    head = ["source", "last run", *COLUMNS, "days since new", "cadence", "health"]
    table = [head] + [[r["source"], r["last_run"] or "-", *(str(r[k]) for k in COLUMNS),
                       "-" if r["days_since_new"] is None else f"{r['days_since_new']:g}",
                       f"{r['cadence_days']:g}", r["health"]] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table)


def cmd_status(args: argparse.Namespace) -> int:
    from crawler.crawl_state import STATE_FILE, CrawlState
    from crawler.sites import SitesError, cadences

    path = args.out / STATE_FILE
    if not path.is_file():
        print(f"defnews status: error: no crawl state in {args.out} (no {STATE_FILE})", file=sys.stderr)
        return USAGE_ERROR
    try:
        per_source, default = cadences(args.sites)
    except SitesError as exc:
        print(f"defnews status: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    from crawler.run_lock import writer_busy

    state = CrawlState(path)
    try:
        rows = health_rows(state, per_source, default, running=writer_busy(args.out))
    finally:
        state.close()
    print(format_rows(rows))
    return status_of(rows)


def status_of(rows: list[dict[str, Any]]) -> int:
    """0 all healthy, 1 the worst is degraded (a partial failure), 3 any source needs a look."""
    if all(r["health"] in HEALTHY for r in rows):
        return 0
    if all(r["health"] in (*HEALTHY, DEGRADED) for r in rows):
        return FAILURES
    return SOURCE_FAILED
