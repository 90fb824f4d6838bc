"""Demo-mirror crawl throughput: our spiders against a trivial spider fetching the same URLs.

Serves ``mirror/`` on 127.0.0.1 (``crawler.mirror_server.serve_mirror``) and runs, each spider
in its own ``scrapy crawl`` subprocess exactly as ``defnews demo`` does
(``crawler.runner.demo_runs`` + ``crawl_command`` + ``DEMO_SETTINGS``):

(a) our five spiders: discovery, robots.txt, challenge detection, extraction, the pipelines
    (raw archive, cleaning, validation, dedup, JSONL store) and the run summary;
(b) a trivial spider (defined here, run with ``scrapy runspider``, no project settings) that
    requests exactly the URLs the same spider of (a) downloaded, one subprocess per spider
    list as well, and does nothing with the responses. It uses the demo's concurrency and
    timeout, no delay, no robots.txt (robots.txt is in its list when ours fetched it), no
    AutoThrottle, and no redirect following (both ends of a redirect are in the list).

The URL lists come from an untimed first pass of (a), which also warms the OS caches and the
byte-code cache (kept in the temporary directory, see ``bench_env``); they are recorded by
``BenchStats``, a stats collector loaded in every crawl (timed ones too) that only writes the
final stats to a file. Pages = HTTP responses downloaded (``downloader/response_count``), the
same count for both sides. Timed: wall clock around each subprocess (``time.perf_counter``;
includes interpreter and Scrapy start-up, which dominates on a mirror this small) and, from
Scrapy's own stats, the crawl alone (``elapsed_time_seconds``: spider opened to closed).
Median of ``--rounds`` rounds; the order ours/trivial alternates between rounds. ``--quick``
(a smoke run) times one round, reuses the URL-recording pass as ours and caches no byte-code.

    .venv/bin/python benchmarks/bench_crawl.py [--quick] [--rounds N]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.statscollectors import MemoryStatsCollector

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

# Settings of the trivial spider beyond the demo's own (see trivial_settings()).
TRIVIAL_EXTRA = {
    "ROBOTSTXT_OBEY": "False",
    "REDIRECT_ENABLED": "False",
    "HTTPERROR_ALLOW_ALL": "True",
    "TELNETCONSOLE_ENABLED": "False",  # as in crawler.settings: no listening port to open
}


# --- loaded inside the crawl subprocesses (keep this module's imports light) ------------------


class BenchStats(MemoryStatsCollector):
    """Scrapy's default stats collector, plus: at close, write the final stats (and, with
    ``BENCH_URLS=True``, every downloaded request URL in order) to ``BENCH_STATS_FILE``."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._out = crawler.settings.get("BENCH_STATS_FILE")
        self._urls: list[str] | None = None
        if crawler.settings.getbool("BENCH_URLS"):
            self._urls = []
            crawler.signals.connect(self._downloaded, signal=signals.response_downloaded)

    def _downloaded(self, response: Any, request: Any, spider: Any) -> None:
        assert self._urls is not None
        self._urls.append(request.url)

    def _persist_stats(self, stats: dict[str, Any]) -> None:
        super()._persist_stats(stats)
        if self._out:
            data = {"stats": {k: v for k, v in stats.items() if isinstance(v, int | float | str)},
                    "urls": self._urls}
            Path(self._out).write_text(json.dumps(data), encoding="utf-8")


class TrivialSpider(scrapy.Spider):
    """Request every URL of ``-a urls_file=…`` (one a line) and ignore the responses."""

    name = "trivial"
    allowed_domains = ["127.0.0.1"]

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = Path(urls_file).read_text("utf-8").split()

    async def start(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Any) -> None:
        return None


# --- the benchmark ------------------------------------------------------------------------------


@dataclass
class Result:
    wall: float  # seconds around the subprocess
    crawl: float  # Scrapy's elapsed_time_seconds
    pages: int  # downloader/response_count
    urls: list[str] | None


def bench_env(pycache: Path | None) -> dict[str, str]:
    """The demo's environment, with this directory importable (for ``bench_crawl.BenchStats``)
    and byte-code cached under `pycache`, as an installed crawler has its .pyc files (a
    sandbox with PYTHONDONTWRITEBYTECODE would otherwise recompile the project per process)."""
    from crawler import runner

    env = runner.crawl_env()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), str(ROOT), env.get("PYTHONPATH")) if p)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_timed(cmd: list[str], env: dict[str, str], cwd: Path, stats_file: Path) -> Result:
    stats_file.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)
    wall = time.perf_counter() - start
    if proc.returncode != 0 or not stats_file.is_file():
        raise SystemExit(f"crawl failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    data = json.loads(stats_file.read_text("utf-8"))
    stats = data["stats"]
    return Result(wall, float(stats["elapsed_time_seconds"]), int(stats.get("downloader/response_count", 0)),
                  data["urls"])


def our_runs(sites: dict[str, str], work: Path) -> list[Any]:
    """``defnews demo``'s spider runs, storing under `work`."""
    from crawler import runner

    rid = runner.new_run_id()
    settings = {**runner.DEMO_SETTINGS, **runner.storage_settings(work, work, work / "raw", rid),
                "STATS_CLASS": "bench_crawl.BenchStats"}
    return runner.demo_runs(sites, settings)


def run_ours(run: Any, work: Path, env: dict[str, str], record_urls: bool = False) -> Result:
    from crawler import runner

    stats_file = work / f"stats-ours-{run.name}.json"
    extra = {"BENCH_STATS_FILE": str(stats_file), "BENCH_URLS": str(record_urls)}
    cmd = runner.crawl_command(runner.SpiderRun(run.name, run.args, {**run.settings, **extra}))
    return run_timed(cmd, env, work, stats_file)


def trivial_settings() -> dict[str, str]:
    from crawler import runner

    same = {k: v for k, v in runner.DEMO_SETTINGS.items() if not k.startswith("DEFNEWS_")}
    return {**same, **TRIVIAL_EXTRA, "STATS_CLASS": "bench_crawl.BenchStats"}


def run_trivial(name: str, urls: list[str], work: Path, env: dict[str, str], mirror: dict[str, str]) -> Result:
    """`mirror`: ``runner.mirror_settings`` (the recorded URLs are the real sites', served by the mirror)."""
    urls_file = work / f"urls-{name}.txt"
    urls_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
    stats_file = work / f"stats-trivial-{name}.json"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(Path(__file__).resolve()), "-a", f"urls_file={urls_file}"]
    for key, value in {**trivial_settings(), **mirror, "BENCH_STATS_FILE": str(stats_file)}.items():
        cmd += ["-s", f"{key}={value}"]
    # No project: run outside the repository and without SCRAPY_SETTINGS_MODULE.
    env = {k: v for k, v in env.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return run_timed(cmd, env, work / "trivial-cwd", stats_file)


def alternate(rounds: int) -> Iterator[tuple[str, str]]:
    for i in range(rounds):
        yield ("ours", "trivial") if i % 2 == 0 else ("trivial", "ours")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one round, no warm-up pass (default: 5 rounds)")
    ap.add_argument("--rounds", type=int, help="timed rounds")
    args = ap.parse_args()
    rounds = 1 if args.quick else (args.rounds or 5)

    from crawler import runner
    from crawler.mirror_server import DEFAULT_MIRROR, serve_mirror

    with tempfile.TemporaryDirectory(prefix="bench_crawl-") as tmp, serve_mirror(DEFAULT_MIRROR) as sites:
        work = Path(tmp)
        env = bench_env(None if args.quick else work / "pycache")  # a cold cache only slows --quick
        (work / "trivial-cwd").mkdir()
        runs = our_runs(sites, work)
        results: dict[str, dict[str, list[Result]]] = {"ours": {}, "trivial": {}}
        # First pass: the URL list of each spider; it warms the caches and is not timed,
        # except with --quick, where it is the one timed round of ours.
        urls = {}
        for run in runs:
            first = run_ours(run, work, env, record_urls=True)
            urls[run.name] = first.urls or []
            if len(urls[run.name]) != first.pages:
                print(f"warning: {run.name}: {len(urls[run.name])} URLs recorded, {first.pages} responses")
            if args.quick:
                results["ours"][run.name] = [first]
        for order in alternate(rounds):
            for side in order:
                if args.quick and side == "ours":
                    continue
                for run in runs:
                    result = (run_ours(run, work, env) if side == "ours"
                              else run_trivial(run.name, urls[run.name], work, env, runner.mirror_settings(sites)))
                    results[side].setdefault(run.name, []).append(result)

    def med(side: str, name: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in results[side][name])

    def round_total(side: str, attr: str) -> float:
        return statistics.median(sum(getattr(results[side][n][i], attr) for n in urls) for i in range(rounds))

    print(f"demo mirror, {rounds} timed round(s), median; pages = HTTP responses; "
          f"wall = whole subprocess, crawl = spider open..close")
    print(f"{'spider':9} {'pages':>5} {'ours wall':>9} {'triv wall':>9} {'ours p/s':>8} {'triv p/s':>8} "
          f"{'ratio':>6}   {'ours crawl':>10} {'triv crawl':>10} {'ratio':>6}")
    for name in urls:
        ours_pages = results["ours"][name][-1].pages
        triv_pages = results["trivial"][name][-1].pages
        pages = ours_pages if ours_pages == triv_pages else f"{ours_pages}/{triv_pages}"
        ow, tw = med("ours", name, "wall"), med("trivial", name, "wall")
        oc, tc = med("ours", name, "crawl"), med("trivial", name, "crawl")
        print(f"{name:9} {pages!s:>5} {ow:8.2f}s {tw:8.2f}s {ours_pages / ow:8.1f} {triv_pages / tw:8.1f} "
              f"{tw / ow:5.2f}x   {oc:9.3f}s {tc:9.3f}s {tc / oc:5.2f}x")
    total_pages = sum(results["ours"][n][-1].pages for n in urls)
    triv_total_pages = sum(results["trivial"][n][-1].pages for n in urls)
    ow, tw = round_total("ours", "wall"), round_total("trivial", "wall")
    oc, tc = round_total("ours", "crawl"), round_total("trivial", "crawl")
    print(f"{'total':9} {total_pages:5d} {ow:8.2f}s {tw:8.2f}s {total_pages / ow:8.1f} {triv_total_pages / tw:8.1f} "
          f"{tw / ow:5.2f}x   {oc:9.3f}s {tc:9.3f}s {tc / oc:5.2f}x")
    if total_pages != triv_total_pages:
        print(f"warning: ours downloaded {total_pages} responses, trivial {triv_total_pages}")
    print(f"\nours/trivial pages/s, wall clock: {tw / ow:.2f}x (goal >= 0.7x); crawl only: {tc / oc:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
