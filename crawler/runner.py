"""Run spiders and report what happened.

- :class:`RunSummary` (a Scrapy extension) writes ``<data>/summary-<spider>-<run-id>.json`` when
  a spider closes and prints one human line.
- :func:`run_many` runs spiders one after another, each in its own ``scrapy crawl``
  subprocess (the Twisted reactor cannot restart in-process, and a crash in one spider
  must not take the others down), then aggregates their summaries.
- :func:`demo` does that against the offline mirror with fast settings.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import orjson
from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured

from crawler.mirror_server import DEFAULT_MIRROR, serve_mirror
from crawler.pipelines import DROPPED_PREFIX, STORED_STAT, data_dirs, new_run_id, raw_path, run_id
from crawler.skip_stored import ALREADY_STORED_STAT

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
    "DEFNEWS_STORE_MODE": "overwrite",
    "DEFNEWS_SUMMARY_PRINT": "False",
}

#: Counters of a summary, in display order: (key, column title).
COUNTERS = (
    ("pages_fetched", "pages"),
    ("articles_stored", "stored"),
    ("blocked", "blocked"),
    ("empty", "empty"),
    ("duplicates", "dups"),
    ("invalid", "invalid"),
    ("offsite_filtered", "offsite"),
    ("not_articles", "skipped"),
    ("already_stored", "known"),
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
    """``defnews/errors/<kind>`` counters, callback crashes Scrapy counted itself, and
    zero-yield sources (an error: a source that gave nothing is never "errors: none")."""
    errors = _prefixed(stats, "defnews/errors/")
    for name, n in _prefixed(stats, "spider_exceptions/").items():
        errors[f"spider_exception:{name}"] = n
    for source in zero_yield(stats):
        errors[f"zero_yield:{source}"] = 1
    return dict(sorted(errors.items()))


def counters(stats: Mapping[str, Any]) -> dict[str, int]:
    dropped = _prefixed(stats, DROPPED_PREFIX)
    return {
        "pages_fetched": int(stats.get("response_received_count", 0)),
        "articles_stored": int(stats.get(STORED_STAT, 0)),
        "blocked": int(stats.get("defnews/blocked", 0)),
        "empty": int(stats.get("defnews/empty", 0)) + dropped.get("empty", 0),
        "duplicates": dropped.get("duplicate", 0),
        "invalid": dropped.get("invalid", 0),
        "offsite_filtered": int(stats.get("offsite/filtered", 0)),
        "not_articles": sum(_prefixed(stats, "defnews/skipped/").values()),
        "already_stored": int(stats.get(ALREADY_STORED_STAT, 0)),
        "retries": int(stats.get("retry/count", 0)),
        "undated": int(stats.get("defnews/undated", 0)),
        "decode_errors": int(stats.get("defnews/decode_errors", 0)),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else None


def build_summary(crawler: Crawler, spider: Spider, reason: str) -> dict[str, Any]:
    stats = crawler.stats.get_stats()
    return {
        "spider": spider.name,
        "run_id": run_id(crawler),
        "base_url": getattr(spider, "base_url", None),
        "finish_reason": reason,
        "started_at": _iso(stats.get("start_time")),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **counters(stats),
        "errors": errors_by_kind(stats),
        "dropped": _prefixed(stats, DROPPED_PREFIX),
        "skipped": _prefixed(stats, "defnews/skipped/"),
        "dates_by_source": _prefixed(stats, "defnews/dates/"),
        "zero_yield": zero_yield(stats),
        "files": {
            "articles": str(data_dirs(crawler.settings).articles / f"{spider.name}.jsonl"),
            "raw": str(raw_path(crawler, spider.name)),
        },
    }


def summary_path(data_dir: Path, spider_name: str, rid: str) -> Path:
    return data_dir / f"summary-{spider_name}-{rid}.json"


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))


def format_line(summary: Mapping[str, Any]) -> str:
    """``mod_ja: 8 pages, 5 stored, 1 blocked, … errors: http_404=1``"""
    parts = ", ".join(f"{summary.get(key, 0)} {title}" for key, title in COUNTERS)
    errors = " ".join(f"{k}={v}" for k, v in summary.get("errors", {}).items()) or "none"
    dates = " ".join(f"{k}={v}" for k, v in summary.get("dates_by_source", {}).items())
    extra = (f"; dates: {dates}" if dates else "") + (
        f"; {summary['undated']} undated" if summary.get("undated") else "") + (
        f"; {summary['decode_errors']} undecodable bytes" if summary.get("decode_errors") else "")
    return f"{summary.get('spider', 'total')}: {parts}; errors: {errors}{extra}"


class RunSummary:
    """Extension: write the run summary JSON next to the data when the spider closes.

    ``DEFNEWS_SUMMARY_ENABLED = False`` switches it off; ``DEFNEWS_SUMMARY_PRINT = False``
    keeps it quiet (the demo prints one table for all spiders instead).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DEFNEWS_SUMMARY_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        run_id(self.crawler)  # fix the run id at the start of the crawl, not at its end

    def spider_closed(self, spider: Spider, reason: str) -> None:
        summary = build_summary(self.crawler, spider, reason)
        data_dir = data_dirs(self.crawler.settings).data
        write_json(summary_path(data_dir, spider.name, summary["run_id"]), summary)
        if self.crawler.settings.getbool("DEFNEWS_SUMMARY_PRINT", True):
            print(format_line(summary), flush=True)


# --- running several spiders ---------------------------------------------------------------


@dataclass
class SpiderRun:
    name: str
    args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)


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


def run_spider(run: SpiderRun) -> int:
    """Run one spider in a subprocess; its exit status."""
    return subprocess.run(crawl_command(run), env=crawl_env(), check=False).returncode


def read_summary(path: Path) -> dict[str, Any] | None:
    return orjson.loads(path.read_bytes()) if path.is_file() else None


def totals(summaries: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in COUNTERS] + ["retries"]
    total: dict[str, Any] = {key: sum(s.get(key, 0) for s in summaries.values()) for key in keys}
    errors: dict[str, int] = {}
    for summary in summaries.values():
        for kind, n in summary.get("errors", {}).items():
            errors[kind] = errors.get(kind, 0) + n
    total["errors"] = dict(sorted(errors.items()))
    return total


def run_many(runs: list[SpiderRun], data_dir: Path, rid: str) -> dict[str, Any]:
    """Run spiders sequentially; aggregate their summaries. A spider that exits non-zero
    or leaves no summary is listed under ``crashed``."""
    summaries: dict[str, dict[str, Any]] = {}
    crashed: list[str] = []
    for run in runs:
        code = run_spider(run)
        summary = read_summary(summary_path(data_dir, run.name, rid))
        if code != 0 or summary is None:
            crashed.append(run.name)
        if summary is not None:
            summaries[run.name] = summary
    return {"run_id": rid, "spiders": summaries, "totals": totals(summaries), "crashed": crashed}


def format_table(aggregate: Mapping[str, Any]) -> str:
    titles = [title for _, title in COUNTERS]
    rows = [["spider", *titles, "errors"]]
    named = [*aggregate["spiders"].items(), ("total", aggregate["totals"])]
    for name, s in named:
        errors = " ".join(f"{k}={v}" for k, v in s.get("errors", {}).items()) or "-"
        rows.append([name, *(str(s.get(key, 0)) for key, _ in COUNTERS), errors])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1] for row in rows]
    if aggregate.get("crashed"):
        lines.append("crashed: " + ", ".join(aggregate["crashed"]))
    return "\n".join(lines)


def storage_settings(data: Path, articles: Path, raw: Path, rid: str) -> dict[str, str]:
    return {
        "DEFNEWS_DATA_DIR": str(data),
        "DEFNEWS_ARTICLES_DIR": str(articles),
        "DEFNEWS_RAW_DIR": str(raw),
        "DEFNEWS_RUN_ID": rid,
    }


def run_and_report(runs: list[SpiderRun], data_dir: Path, rid: str, out_file: Path) -> int:
    aggregate = run_many(runs, data_dir, rid)
    write_json(out_file, aggregate)
    print(format_table(aggregate))
    print(f"summary: {out_file}")
    return 1 if aggregate["crashed"] else 0


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


def demo(out: Path, mirror: Path = DEFAULT_MIRROR) -> int:
    """Serve the mirror, crawl it with every spider, write ``<out>/summary.json``."""
    missing = [site for site in DEMO_SITES if not (mirror / site).is_dir()]
    if missing:
        print(f"defnews demo: {mirror} lacks the mirror sites {', '.join(missing)}", file=sys.stderr)
        return 2
    out = out.resolve()
    rid = new_run_id()
    settings = {**DEMO_SETTINGS, **storage_settings(out, out, out / "raw", rid)}
    with serve_mirror(mirror) as sites:
        runs = demo_runs(sites, settings)
        status = run_and_report(runs, out, rid, out / "summary.json")
    for run in runs:
        sort_articles(out / f"{run.name}.jsonl")
    return status


def crawl_all(out: Path, settings: Mapping[str, str]) -> int:
    """The live run: every site spider with the polite defaults, one after another."""
    out = out.resolve()
    rid = new_run_id()
    # --out decides where things go; -s may tune everything else.
    common = {**settings, **storage_settings(out, out / "articles", out / "raw", rid)}
    runs = [SpiderRun(name, {}, common) for name in LIVE_SPIDERS]
    return run_and_report(runs, out, rid, out / f"summary-all-{rid}.json")
