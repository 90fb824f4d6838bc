"""``defnews state show|reset [SOURCE]``: inspect or forget the crawl state.

    defnews state show [SOURCE] [--out DIR]     # per-URL validators, hash and version
    defnews state reset [SOURCE] [--out DIR]    # forget them: the next run re-downloads

The state (``<out>/state.sqlite3``, see ``crawler.crawl_state``) only saves requests; the
articles files stay the truth. Resetting takes the data directory's lock, so it never races a
running crawl.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from defnews.cli import usage_error


def register(sub: Any) -> None:
    """Add ``defnews state`` to the ``defnews`` subparsers."""
    state = sub.add_parser("state", help="show or reset the per-URL crawl state",
                           description="Show or reset the per-URL crawl state (ETag, Last-Modified, content hash).")
    state.add_argument("action", choices=("show", "reset"))
    state.add_argument("source", nargs="?", help="one source (spider or site); default: all")
    state.add_argument("--out", type=Path, default=Path("data"), help="data directory (default: ./data)")
    state.add_argument("--lock-timeout", type=float, default=10.0, metavar="SECONDS",
                       help="reset: wait this long for a running crawl (default 10)")
    state.set_defaults(func=cmd_state)


def cmd_state(args: argparse.Namespace) -> int:
    from crawler.crawl_state import STATE_FILE, CrawlState

    path = args.out / STATE_FILE
    if not path.is_file():
        return usage_error("state", f"no crawl state in {args.out} (no {STATE_FILE}; has a crawl run there?)")
    state = CrawlState(path)
    try:
        sources = state.sources()
        if args.source and args.source not in sources:
            return usage_error("state", f"no state for source {args.source!r} in {path} (known: {', '.join(sources) or 'none'})")
        if args.action == "show":
            from crawler.run_lock import writer_busy

            return _show(state, [args.source] if args.source else sources, writer_busy(args.out))
    finally:
        state.close()
    return _reset(args, path)


def describe_run(run: dict[str, Any] | None, running: bool = False) -> str:
    """``<run id> (<how it ended>, started <time>[, N new, M updated])`` or ``-``. A run that
    never finished is ``running`` while a crawl holds the writer lock, else ``killed``."""
    if run is None:
        return "-"
    how = run["finish_reason"] or ("running" if running else "killed: never finished")
    stored = f", {run.get('new') or 0} new, {run.get('updated') or 0} updated" if run["finished_at"] is None \
        or run["finish_reason"] in ("killed", "shutdown") else ""
    return f"{run['run_id']} ({how}, started {run['started_at']}{stored})"


def _show(state: Any, sources: list[str], running: bool = False) -> int:
    for source in sources:
        pages = state.pages(source)
        print(f"{source}: {len(pages)} URLs; last run {describe_run(state.latest_run(source), running)}")
        for url, page in sorted(pages.items()):
            print(f"  {url}  v{page.version or 1}  etag={page.etag or '-'}  "
                  f"last-modified={page.last_modified or '-'}  {page.content_hash or '-'}  "
                  f"checked {page.last_checked or '-'}")
    return 0


def _reset(args: argparse.Namespace, path: Path) -> int:
    from crawler.crawl_state import CrawlState
    from crawler.run_lock import LOCKED_EXIT, DataDirBusy, data_dir_lock

    try:
        with data_dir_lock(args.out, args.lock_timeout):
            state = CrawlState(path)
            try:
                pages, runs = state.reset(args.source)
            finally:
                state.close()
    except DataDirBusy as exc:
        print(f"defnews state: {exc}", file=sys.stderr)
        return LOCKED_EXIT
    print(f"reset {args.source or 'every source'}: forgot {pages} URLs and {runs} runs")
    return 0
