"""Per-URL and per-run crawl state in SQLite (``<data>/state.sqlite3``).

What it holds and why:

- ``pages``: for each stored article URL (canonicalised, per source), the HTTP validators
  (``ETag``, ``Last-Modified``) of the response it was stored from, the content hash of its
  cleaned body and its version. The next run sends ``If-None-Match`` / ``If-Modified-Since``
  so an unchanged page costs a ``304`` and no body (RFC 9110 §13.1).
- ``runs``: one row per spider run, written when the run starts (``finished_at`` NULL) and
  completed by its summary. A row still unfinished when the next run starts is a run that
  was killed; that run's files are repaired (see ``crawler.pipelines.prepare_store``). The
  rows also give each source's health (``defnews status``).

The articles file stays the truth for what is stored and its versions; this database only
saves requests. ``defnews state reset`` deletes it, or one source's rows, and the next run
simply downloads every stored article once more.

Standard-library ``sqlite3``; one writer at a time is guaranteed by the run lock
(``crawler.run_lock``).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

STATE_FILE = "state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    version INTEGER,
    first_stored TEXT,
    last_checked TEXT,
    last_changed TEXT,
    PRIMARY KEY (source, url)
);
CREATE TABLE IF NOT EXISTS runs (
    source TEXT NOT NULL,
    run_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    exit_status INTEGER,
    discovered INTEGER, fetched INTEGER, not_modified INTEGER, new INTEGER, updated INTEGER,
    blocked INTEGER, errors INTEGER,
    raw_path TEXT,
    articles_path TEXT,
    articles_offset INTEGER,
    PRIMARY KEY (source, run_id)
);
"""
#: Columns added after the first release, for state files made before them.
_ADDED_COLUMNS = (("runs", "articles_offset", "INTEGER"),)

#: Health counters, in ``runs`` column order (and ``defnews status`` column order).
HEALTH_COUNTERS = ("discovered", "fetched", "not_modified", "new", "updated", "blocked", "errors")


def _version(line: bytes) -> int:
    """A stored line's ``version`` (1 when absent or unreadable)."""
    try:
        record = orjson.loads(line)
        return int(record.get("version") or 1) if isinstance(record, dict) else 1
    except (orjson.JSONDecodeError, TypeError, ValueError):
        return 1


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PageState:
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    version: int | None
    last_checked: str | None

    @property
    def has_validators(self) -> bool:
        return bool(self.etag or self.last_modified)


class CrawlState:
    """The state database of one data directory. Open it, use it, :meth:`close` it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.executescript(_SCHEMA)
        for table, column, kind in _ADDED_COLUMNS:
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    @classmethod
    def in_dir(cls, data_dir: Path) -> CrawlState:
        return cls(data_dir / STATE_FILE)

    def close(self) -> None:
        self.db.close()

    # --- pages
    def page(self, source: str, url: str) -> PageState | None:
        row = self.db.execute(
            "SELECT etag, last_modified, content_hash, version, last_checked FROM pages "
            "WHERE source = ? AND url = ?", (source, url)).fetchone()
        return PageState(*row) if row else None

    def pages(self, source: str) -> dict[str, PageState]:
        rows = self.db.execute(
            "SELECT url, etag, last_modified, content_hash, version, last_checked FROM pages "
            "WHERE source = ?", (source,))
        return {url: PageState(*rest) for url, *rest in rows}

    def save_page(self, source: str, urls: set[str] | list[str], *, etag: str | None,
                  last_modified: str | None, content_hash: str | None, version: int | None,
                  changed: bool) -> None:
        """Record a page as checked now (stored, or found unchanged) under each of its URLs."""
        now = utc_now()
        with self.db:
            for url in urls:
                self.db.execute(
                    "INSERT INTO pages (source, url, etag, last_modified, content_hash, version,"
                    " first_stored, last_checked, last_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (source, url) DO UPDATE SET etag = excluded.etag,"
                    " last_modified = excluded.last_modified,"
                    " content_hash = COALESCE(excluded.content_hash, content_hash),"
                    " version = COALESCE(excluded.version, version),"
                    " last_checked = excluded.last_checked,"
                    " last_changed = CASE WHEN ? THEN excluded.last_changed ELSE last_changed END",
                    (source, url, etag, last_modified, content_hash, version, now, now,
                     now if changed else None, changed))

    def touch(self, source: str, url: str) -> None:
        """A 304: the page was checked now and is unchanged."""
        with self.db:
            self.db.execute("UPDATE pages SET last_checked = ? WHERE source = ? AND url = ?",
                            (utc_now(), source, url))

    # --- runs
    def start_run(self, source: str, run_id: str, raw_path: str, articles_path: str,
                  articles_offset: int | None = None) -> None:
        """A run starts; `articles_offset`: the size of the articles file it appends to (None
        in overwrite mode), so what it stored can be counted even if it is killed."""
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO runs (source, run_id, started_at, raw_path, articles_path, articles_offset)"
                " VALUES (?, ?, ?, ?, ?, ?)", (source, run_id, utc_now(), raw_path, articles_path, articles_offset))

    def unfinished_runs(self, source: str, except_run: str) -> list[dict[str, Any]]:
        """Runs of `source` that started and never finished: killed, or still running elsewhere
        (the run lock rules the latter out)."""
        rows = self.db.execute(
            "SELECT run_id, started_at, raw_path, articles_path FROM runs "
            "WHERE source = ? AND finished_at IS NULL AND run_id != ?", (source, except_run))
        return [dict(zip(("run_id", "started_at", "raw_path", "articles_path"), r, strict=True))
                for r in rows]

    def mark_crashed(self, source: str, run_id: str) -> None:
        """Close the row of a run that never finished, with what it stored (:meth:`progress`)."""
        cur = self.db.execute("SELECT * FROM runs WHERE source = ? AND run_id = ?", (source, run_id))
        row = cur.fetchone()
        run = dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None
        done = self.progress(run) if run else {"new": 0, "updated": 0}
        with self.db:
            self.db.execute("UPDATE runs SET finished_at = ?, finish_reason = 'killed', new = ?, updated = ? "
                            "WHERE source = ? AND run_id = ?", (utc_now(), done["new"], done["updated"],
                                                               source, run_id))

    def progress(self, run: Mapping[str, Any]) -> dict[str, int]:
        """What a run (a ``runs`` row) stored, for a run that never wrote its counters (killed):
        ``{"new": articles, "updated": new versions}``. In append mode, the whole lines added to
        its articles file since its start (``articles_offset``); else, the pages the state saved
        since its start (one behind when the kill fell between storing a line and saving it)."""
        path, offset = run.get("articles_path"), run.get("articles_offset")
        if path and offset is not None:
            try:
                with open(path, "rb") as fh:
                    fh.seek(offset)
                    lines = fh.read().split(b"\n")[:-1]  # the last piece is "" or a torn line
            except OSError:
                lines = []
            updated = sum(1 for line in lines if _version(line) > 1)
            return {"new": len(lines) - updated, "updated": updated}
        since = run["started_at"]
        new, updated = self.db.execute(
            "SELECT COUNT(DISTINCT CASE WHEN first_stored >= ? AND last_changed >= ? THEN content_hash END),"
            " COUNT(DISTINCT CASE WHEN first_stored < ? AND last_changed >= ? THEN content_hash END)"
            " FROM pages WHERE source = ?", (since, since, since, since, run["source"])).fetchone()
        return {"new": int(new or 0), "updated": int(updated or 0)}

    def finish_run(self, source: str, run_id: str, finish_reason: str, exit_status: int,
                   health: Mapping[str, int]) -> None:
        with self.db:
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, exit_status = ?, "
                + ", ".join(f"{k} = ?" for k in HEALTH_COUNTERS)
                + " WHERE source = ? AND run_id = ?",
                (utc_now(), finish_reason, exit_status, *(int(health.get(k, 0)) for k in HEALTH_COUNTERS),
                 source, run_id))

    # --- reading, for `defnews state` and `defnews status`
    def sources(self) -> list[str]:
        rows = self.db.execute("SELECT source FROM runs UNION SELECT source FROM pages ORDER BY 1")
        return [r[0] for r in rows]

    def last_run(self, source: str) -> dict[str, Any] | None:
        cur = self.db.execute(
            "SELECT * FROM runs WHERE source = ? AND finished_at IS NOT NULL "
            "ORDER BY started_at DESC, run_id DESC LIMIT 1", (source,))
        row = cur.fetchone()
        return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None

    def latest_run(self, source: str) -> dict[str, Any] | None:
        """The run of `source` that started last, finished or not (``finished_at`` None: it is
        running, or was killed and no run has looked since); an unfinished run's ``new`` and
        ``updated`` come from :meth:`progress`."""
        cur = self.db.execute(
            "SELECT * FROM runs WHERE source = ? ORDER BY started_at DESC, run_id DESC LIMIT 1", (source,))
        row = cur.fetchone()
        if row is None:
            return None
        run = dict(zip([c[0] for c in cur.description], row, strict=True))
        if run["finished_at"] is None:
            run.update(self.progress(run))
        return run

    def last_new_article(self, source: str) -> str | None:
        """When this source last gave a new article or a new version (ISO time), or None."""
        row = self.db.execute(
            "SELECT MAX(finished_at) FROM runs WHERE source = ? AND (new > 0 OR updated > 0)",
            (source,)).fetchone()
        stored = self.db.execute("SELECT MAX(last_changed) FROM pages WHERE source = ?", (source,)).fetchone()
        # A killed run wrote no counters, but its pages are there.
        times = [t for t in (row[0] if row else None, stored[0] if stored else None) if t]
        return max(times) if times else None

    def reset(self, source: str | None) -> tuple[int, int]:
        """Forget the pages (and runs) of `source`, or of every source; (pages, runs) deleted."""
        where, params = ("WHERE source = ?", (source,)) if source else ("", ())
        with self.db:
            pages = self.db.execute(f"DELETE FROM pages {where}", params).rowcount
            runs = self.db.execute(f"DELETE FROM runs {where}", params).rowcount
        return pages, runs
