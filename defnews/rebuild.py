"""``defnews rebuild WARC... --out DIR``: redo extraction → cleaning → validation → linking → store
over archived responses, with no network.

    defnews rebuild data/warc/*/*.warc.gz --out rebuilt/ [--engine ray --workers 2]

The WARC files written by a crawl (:mod:`crawler.warc_archive`) hold every response as received
and what the spider knew about each request. A rebuild replays each spider's files in the order
the crawl ran them (the ``defnews-started`` time in their ``warcinfo``), passes each article
response through the same pure step as the spiders (:func:`crawler.page_record.page_record`)
and then through the crawl's own item pipelines (``ITEM_PIPELINES``) with ``--out`` as the data
directory. So it writes the files a crawl with ``--out DIR`` writes (``articles/<spider>.jsonl``,
``raw/``, ``links/``), and for the same archive the same records, byte for byte: the download
time is the WARC record's date and the WARC location is the record's own.

Responses that the crawl never handed to an article callback are skipped the same way: discovery
pages (feeds, sitemaps, robots.txt), non-2xx answers (redirects, errors) and challenge pages.

What is bounded where:

- extraction (page → record): in a worker process stopped after ``--extract-time-limit``
  seconds (default 60, as a crawl's ``DEFNEWS_EXTRACT_TIME_LIMIT``; 0: in-process,
  unbounded), address space capped at the crawl's default ``DEFNEWS_EXTRACT_MEMORY_MB``
  (2048). Such a page is counted as ``defnews/errors/extract_time_limit`` (or
  ``extract_memory_limit``, ``extract_crashed``) and the others go on. With any engine:
  each process that extracts (this one with ``--workers 1``, each local worker, each Ray
  worker) starts its own extraction worker, with ``spawn``; local workers are then spawned
  too (fresh interpreters, as Ray's), once per rebuild (kept for every archive file);
- cleaning (the crawl's ``CleanPipeline``): in a worker process of this one, stopped after
  ``--clean-time-limit`` seconds per record (default 60, as a crawl's
  ``DEFNEWS_CLEAN_TIME_LIMIT``; 0: in-process, unbounded), address space capped at the crawl's
  ``DEFNEWS_CLEAN_MEMORY_MB`` (2048). Such a record is dropped as in a crawl, counted as
  ``defnews/dropped/time_limit`` (or ``memory_limit``, ``clean_crashed``). Records are cleaned
  here, in archive order, whatever the engine: the bytes written do not depend on it;
- the other pipelines: in this process.

Every record a pipeline drops is counted by the crawl's reason (``defnews/dropped/<reason>``;
a drop the crawl does not count by reason, e.g. an unchanged record in append mode: ``dropped``).

Exit status: 0 done, 1 some pages or records failed (counted in the summary: an error, or a
record dropped for a reason :data:`crawler.runner.FAILED_RECORD_DROPS` names; a duplicate or an
unchanged record is routine, as in a crawl), 2 usage error or an
unreadable archive (the other archives still go on; their records are written), 75 another
run holds ``--out``'s lock (:mod:`crawler.run_lock`) for ``--lock-timeout`` seconds (default 60).
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import hashlib
import inspect
import io
import json
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from defnews.engines import Engine, add_engine_arguments, engine_from_args, local_pool, ordered_map

if TYPE_CHECKING:
    from crawler.extract_worker import PageRecord

PROG = "defnews rebuild"
#: How every gzip member warcio writes begins: magic, deflate, no flags.
_GZIP_MEMBER = b"\x1f\x8b\x08\x00"


@dataclass
class WarcRun:
    """One WARC file and the crawl it came from (its ``warcinfo``)."""

    path: Path
    spider: str
    run_id: str
    started: str
    spider_args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ArchivedResponse:
    """What :func:`crawler.page_record.page_record` needs from one WARC response record."""

    spider: str
    spider_args: tuple[tuple[str, str], ...]
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    meta: str
    warc: tuple[str, int, str]
    date: str


def read_warcinfo(path: Path) -> WarcRun:
    """The ``warcinfo`` fields of a defnews WARC; ValueError if it has none."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "warcinfo":
                break
            fields = dict(
                line.split(": ", 1) for line in record.content_stream().read().decode("utf-8").splitlines() if ": " in line
            )
            return WarcRun(path, fields["defnews-spider"], fields["defnews-run-id"], fields["defnews-started"],
                           json.loads(fields.get("defnews-spider-args") or "{}"))
    raise ValueError(f"{path}: no defnews warcinfo record first")


class TornArchive(Exception):
    """The archive ends inside a record (an interrupted writer, a partial copy)."""


def payload_digest(body: bytes) -> str:
    """``sha1:<base32>``, as warcio writes ``WARC-Payload-Digest``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def next_member(path: Path, after: int) -> int | None:
    """The offset of the next gzip member header after ``after`` (None: there is none)."""
    with path.open("rb") as fh:
        fh.seek(after + 1)
        tail = b""
        base = after + 1
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            found = data.find(_GZIP_MEMBER)
            if found >= 0:
                return base - len(tail) + found
            tail = data[-(len(_GZIP_MEMBER) - 1):]
            base += len(chunk)
    return None


def gzip_members(path: Path) -> Iterator[tuple[int, int, str | None]]:
    """``(start, end, problem)`` for each gzip member of ``path``, in file order.

    ``problem`` is None for a whole member; ``"damaged: ..."`` for a stretch zlib cannot read
    (``end`` is then the next member's start, or the end of the file); ``"cut short"`` for a
    last member the file ends inside.  zlib is asked, not warcio: warcio prints a zlib error
    met after a member's first block and then silently reads nothing more of the file.
    """
    size = path.stat().st_size
    with path.open("rb") as fh:
        start = 0
        while start < size:
            fh.seek(start)
            decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
            fed = 0
            try:
                while not decomp.eof and (chunk := fh.read(1 << 16)):
                    fed += len(chunk)
                    decomp.decompress(chunk)  # only checked here; warcio decompresses it again
            except zlib.error as exc:
                end = next_member(path, start) or size
                yield start, end, f"damaged: {exc}"
                start = end
                continue
            if not decomp.eof:
                yield start, size, "cut short"
                return
            end = start + fed - len(decomp.unused_data)
            yield start, end, None
            start = end


def _responses(run: WarcRun, fh: IO[bytes], base: int) -> Iterator[ArchivedResponse]:
    """The response records readable from ``fh``; offsets are ``base`` plus warcio's."""
    from warcio.archiveiterator import ArchiveIterator

    args = tuple(sorted(run.spider_args.items()))
    records = ArchiveIterator(fh)
    for record in records:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        body = record.raw_stream.read()
        offset = base + records.get_record_offset()
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        if digest and digest != payload_digest(body):
            raise TornArchive(f"record at offset {offset} is cut short")
        yield ArchivedResponse(
            run.spider, args, record.rec_headers.get_header("WARC-Target-URI"),
            int(record.http_headers.get_statuscode()), tuple(record.http_headers.headers), body,
            record.rec_headers.get_header("WARC-Defnews-Request-Meta") or "{}",
            (f"{run.spider}/{run.path.name}", offset, record.rec_headers.get_header("WARC-Record-ID")),
            record.rec_headers.get_header("WARC-Date"),
        )


def iter_responses(run: WarcRun, problems: list[str] | None = None) -> Iterator[ArchivedResponse]:
    """Every ``response`` record of ``run``'s file, in file order, with its body as received.

    A file that ends inside a record (an interrupted writer) raises :class:`TornArchive`
    after every whole record before the cut.  In a ``.gz`` file, where warcio writes each
    record as a gzip member of its own, a damaged member (a flipped byte) costs that record
    only: one line goes to ``problems`` and reading goes on at the next member (without
    ``problems``, the damage raises :class:`TornArchive`).
    """
    with run.path.open("rb") as fh:
        if run.path.suffix != ".gz":
            yield from _responses(run, fh, 0)
            return
        for start, end, problem in gzip_members(run.path):
            if problem == "cut short":
                raise TornArchive(f"record at offset {start} is cut short")
            if problem is not None:
                if problems is None:
                    raise TornArchive(f"record at offset {start} is {problem}")
                problems.append(f"{run.path}: record at offset {start} is {problem}; "
                                f"skipped to the next record at offset {end}")
                continue
            fh.seek(start)
            yield from _responses(run, io.BytesIO(fh.read(end - start)), start)


def _spider(name: str, args: tuple[tuple[str, str], ...]) -> Any:
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    # The project's settings by module name: a rebuild runs from any directory.
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    cls = SpiderLoader.from_settings(settings).load(name)
    accepted = inspect.signature(cls.__init__).parameters
    kwargs = {k: v for k, v in args if v is not None and (k in accepted or k == "base_url")}
    spider = cls(**kwargs)
    spider.settings = settings  # the project's settings, as a crawl without -s has them
    return spider


_SPIDERS: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}
#: crawler.run_lock.DEFAULT_LOCK_TIMEOUT and crawler.extract_worker.DEFAULT_TIME_LIMIT, here so
#: that building the command line imports neither Scrapy nor the extractors (a test checks both).
DEFAULT_LOCK_TIMEOUT = 60.0
DEFAULT_TIME_LIMIT = 60.0
#: A crawl's DEFNEWS_CLEAN_TIME_LIMIT (crawler/settings.py), for --clean-time-limit.
DEFAULT_CLEAN_TIME_LIMIT = 60.0


def skip_reason(response: ArchivedResponse) -> str | None:
    """Why the crawl never gave this response to an article callback, or None."""
    from crawler.challenge import challenge_reason
    from crawler.page_record import Page, decoded_body

    if not json.loads(response.meta).get("article"):
        return "discovery"
    if not 200 <= response.status < 300:
        return f"status_{response.status}"
    page = Page(response.url, dict(response.headers), response.body)
    # As crawler.middlewares.ChallengeMiddleware calls it: on the decompressed body.
    if challenge_reason(response.status, dict(response.headers), decoded_body(page)):
        return "blocked"
    return None


#: This process's extraction worker and its time limit (one per engine worker process).
_WORKER: list[Any] = [None, None]


def _extraction_worker(time_limit: float) -> Any:
    from crawler.extract_worker import extraction_worker

    if _WORKER[1] != time_limit:
        if _WORKER[0] is not None:
            _WORKER[0].close()
        _WORKER[:] = [extraction_worker(time_limit), time_limit]
    return _WORKER[0]


def close_extraction_worker() -> None:
    if _WORKER[0] is not None:
        _WORKER[0].close()
    _WORKER[:] = [None, None]


def extract_response(response: ArchivedResponse, time_limit: float = 0.0,
                     page_record: PageRecord | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """``(record, None)`` or ``(None, why not)``: the pure part, run on the engine's workers.

    With `time_limit` > 0, the page → record step runs in an extraction worker process, as in
    a crawl (:mod:`crawler.extract_worker`): past the limit, ``(None, "defnews/errors/extract_time_limit")``.
    An exception the step raises costs that page only: ``(None, "defnews/errors/extract_exception:<type>")``
    (a crawl counts it as ``spider_exception:<type>``).
    `page_record` is that step (default: the spider's ``page_record_function()``, from the
    project settings of the process this runs in).
    """
    from crawler.extract_worker import bounded_page_record_sync
    from crawler.page_record import ERROR_PREFIX, Page
    from crawler.warc_archive import date_downloaded

    if reason := skip_reason(response):
        return None, "skip:" + reason
    key = (response.spider, response.spider_args)
    if key not in _SPIDERS:
        _SPIDERS[key] = _spider(*key)
    spider = _SPIDERS[key]
    meta = json.loads(response.meta)
    filename, offset, record_id = response.warc
    page = Page(response.url, dict(response.headers), response.body, feed=meta.get("feed"),
                redirect_urls=tuple(meta.get("redirect_urls") or ()),
                warc={"filename": filename, "offset": offset, "recordId": record_id},
                date_downloaded=date_downloaded(response.date))
    fn, worker = page_record or spider.page_record_function(), _extraction_worker(time_limit)
    try:
        if worker is None:
            outcome = fn(page, spider.site_rules())
        else:
            outcome = bounded_page_record_sync(worker, fn, page, spider.site_rules())
    except Exception as exc:  # noqa: BLE001 - one page's failure costs that page, never the archive
        return None, f"{ERROR_PREFIX}extract_exception:{type(exc).__name__}"
    return outcome.record, outcome.counter


# --- the crawl's pipelines, without a crawl --------------------------------------------------------


class ReplayCrawler:
    """What item pipelines read from a crawler: settings, stats, the spider, signals."""

    def __init__(self, settings: Any, spider: Any) -> None:
        from scrapy.signalmanager import SignalManager
        from scrapy.statscollectors import MemoryStatsCollector

        self.settings = settings
        self.spider = spider
        self.signals = SignalManager(self)
        self.stats = MemoryStatsCollector(self)  # type: ignore[arg-type]
        spider.crawler = self


#: What a replay needs whatever the caller asks: no crawl summary judges it (the store commits
#: when its pipeline closes).
REPLAY_SETTINGS = {"DEFNEWS_SUMMARY_ENABLED": "False", "DEFNEWS_SUMMARY_PRINT": "False"}


def replay_settings(out: Path, run_id: str, overrides: dict[str, str],
                    clean_time_limit: float = DEFAULT_CLEAN_TIME_LIMIT) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({**overrides, **REPLAY_SETTINGS, "DEFNEWS_DATA_DIR": str(out), "DEFNEWS_RUN_ID": run_id,
                      "DEFNEWS_CLEAN_TIME_LIMIT": str(clean_time_limit)}, priority="cmdline")
    return settings


def _call(method: Any, spider: Any, *args: Any) -> Any:
    params = inspect.signature(method).parameters
    return method(*args, spider) if "spider" in params else method(*args)


class Pipelines:
    """``ITEM_PIPELINES`` in order, built and called as Scrapy would for one spider."""

    def __init__(self, crawler: ReplayCrawler) -> None:
        from scrapy.exceptions import NotConfigured
        from scrapy.utils.conf import build_component_list
        from scrapy.utils.misc import build_from_crawler, load_object

        self.crawler = crawler
        self.items: list[Any] = []
        for path in build_component_list(crawler.settings.getwithbase("ITEM_PIPELINES")):
            try:
                self.items.append(build_from_crawler(load_object(path), crawler))  # type: ignore[arg-type]
            except NotConfigured:
                continue

    def open(self) -> None:
        for pipe in self.items:
            if hasattr(pipe, "open_spider"):
                _call(pipe.open_spider, self.crawler.spider)

    def process(self, item: dict[str, Any]) -> str | None:
        """None when stored; else what it is counted as: the crawl's ``defnews/dropped/<reason>``
        stat that the dropping pipeline increased, or ``dropped`` when it increased none."""
        from scrapy.exceptions import DropItem

        from crawler.pipelines import DROPPED_PREFIX

        before = dict(self.crawler.stats.get_stats())
        try:
            for pipe in self.items:
                result = _call(pipe.process_item, self.crawler.spider, item)
                if inspect.iscoroutine(result):  # e.g. bounded cleaning: its worker's call, awaited
                    result = asyncio.run(result)
                if not isinstance(result, dict):
                    raise TypeError(f"{type(pipe).__name__}.process_item returned {type(result).__name__}, "
                                    "which a replay outside the reactor cannot wait for")
                item = result
        except DropItem:
            after = self.crawler.stats.get_stats()
            counted = [k for k, v in after.items() if k.startswith(DROPPED_PREFIX) and v != before.get(k)]
            return counted[0] if counted else "dropped"
        return None

    def kill_workers(self) -> None:
        """Stop the pipelines' worker processes now, even in the middle of a call (an
        interrupted rebuild must not wait for a hostile record's cleaning)."""
        from crawler.bounded_work import BoundedWorker

        for pipe in self.items:
            if isinstance(worker := getattr(pipe, "worker", None), BoundedWorker):
                worker.kill()

    def close(self) -> None:
        for pipe in self.items:
            if hasattr(pipe, "close_spider"):
                _call(pipe.close_spider, self.crawler.spider)


# --- the command ----------------------------------------------------------------------------------


def rebuild(paths: list[Path], out: Path, engine: Engine, overrides: dict[str, str],
            extract_time_limit: float = 0.0, clean_time_limit: float = 0.0) -> tuple[Counter[str], list[str]]:
    """Rebuild every archive into ``out``; ``(counts, problems)``. `extract_time_limit`:
    seconds per page in an extraction worker process; `clean_time_limit`: seconds per record
    in this process's cleaning worker (each 0: in-process, unbounded)."""
    # Each process that extracts (this one, a local engine worker, a Ray worker) starts its own
    # extraction worker with `spawn` (fork + exec: safe in a process with threads, as Ray's
    # workers are). The local engine's workers are then spawned too (see ordered_map).
    start_method = "spawn" if extract_time_limit > 0 else None
    counts: Counter[str] = Counter()
    problems: list[str] = []
    runs: list[WarcRun] = []
    for path in paths:
        try:
            runs.append(read_warcinfo(path))
        except Exception as exc:  # noqa: BLE001 - one unreadable archive must not stop the others
            problems.append(f"cannot read {path}: {exc}")
    by_spider: dict[str, list[WarcRun]] = {}
    for run in sorted(runs, key=lambda r: (r.started, str(r.path))):
        by_spider.setdefault(run.spider, []).append(run)
    # One set of local workers for every archive file: each (spawned) worker imports the
    # extractors and starts its extraction worker once, not once per file.
    with local_pool(engine, start_method) as pool:
        replay = _Replay(out, engine, overrides, extract_time_limit, clean_time_limit, start_method, pool)
        for spider_name, spider_runs in by_spider.items():
            replay.spider(spider_name, spider_runs)
    return replay.counts, problems + replay.problems


@dataclass
class _Replay:
    """One rebuild's settings, its local workers (None: Ray, or one worker), and what it counted."""

    out: Path
    engine: Engine
    overrides: dict[str, str]
    extract_time_limit: float
    clean_time_limit: float
    start_method: str | None
    pool: Any
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def spider(self, name: str, runs: list[WarcRun]) -> None:
        """Replay one spider's archive files, in order, through its pipelines."""
        first = runs[0]
        spider = _spider(name, tuple(sorted(first.spider_args.items())))
        crawler = ReplayCrawler(replay_settings(self.out, first.run_id, self.overrides, self.clean_time_limit), spider)
        # The step as this process's settings name it: a worker (a fresh interpreter, or a Ray
        # worker on another machine) is sent the function, not left to read settings of its own.
        extract = functools.partial(extract_response, time_limit=self.extract_time_limit,
                                    page_record=spider.page_record_function())
        pipelines = Pipelines(crawler)
        pipelines.open()
        try:
            for run in runs:
                try:
                    for record, why in ordered_map(extract, iter_responses(run, self.problems), self.engine, chunk=16,
                                                   start_method=self.start_method, pool=self.pool):
                        if record is None:
                            self.counts[why or "none"] += 1
                            continue
                        self.counts[pipelines.process(record) or "stored"] += 1
                except Exception as exc:  # noqa: BLE001 - a torn archive keeps what was read
                    self.problems.append(f"{run.path}: stopped reading: {type(exc).__name__}: {exc}")
                    continue
        except BaseException:
            pipelines.kill_workers()
            raise
        finally:
            pipelines.close()
            close_extraction_worker()


def earlier_output(out: Path, runs: list[WarcRun], mode: str) -> str | None:
    """Why ``out`` cannot take this rebuild: it already holds a raw archive of one of these
    runs (a second rebuild would append every raw record again), or, in overwrite mode, a
    link index (new records would be linked against an earlier rebuild's)."""
    for run in runs:
        raw = out / "raw" / run.spider / f"{run.run_id}.jsonl.gz"
        if raw.exists():
            return f"{raw} exists: --out already holds a rebuild or the crawl of this archive"
    links = out / "links"
    if mode == "overwrite" and links.is_dir() and any(links.iterdir()):
        return f"{links} holds a link index; rebuild into a new directory (or --mode append)"
    return None


def unique_paths(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """``paths`` without repeats of one file (by real path), and the repeats."""
    seen: set[Path] = set()
    kept, repeated = [], []
    for path in paths:
        real = path.resolve()
        (repeated if real in seen else kept).append(path)
        seen.add(real)
    return kept, repeated


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Run ``defnews rebuild``; returns the exit status."""
    missing = [str(p) for p in args.warcs if not p.is_file()]
    if missing:
        print(f"{PROG}: error: cannot read {missing[0]!r}", file=sys.stderr)
        return 2
    from defnews.paths import unusable_dir

    if problem := unusable_dir(args.out):
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    warcs, repeated = unique_paths(list(args.warcs))
    for path in repeated:
        print(f"{PROG}: {path} is given more than once; read once", file=sys.stderr)
    runs = []
    for path in warcs:
        try:
            runs.append(read_warcinfo(path))
        except Exception:  # noqa: BLE001 - rebuild() reports it, and goes on with the others
            pass
    if problem := earlier_output(args.out.resolve(), runs, args.mode):
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    overrides = {"DEFNEWS_STORE_MODE": args.mode, "LOG_LEVEL": "WARNING"}
    from crawler.pipelines import DROPPED_PREFIX
    from crawler.run_lock import LOCKED_EXIT, DataDirBusy, data_dir_lock
    from crawler.runner import FAILED_RECORD_DROPS

    out = args.out.resolve()
    try:
        with data_dir_lock(out, args.lock_timeout):  # one writer per data directory, as for a crawl
            counts, problems = rebuild(warcs, out, engine_from_args(args), overrides, args.extract_time_limit,
                                       args.clean_time_limit)
    except DataDirBusy as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return LOCKED_EXIT
    for problem in problems:
        print(f"{PROG}: {problem}", file=sys.stderr)
    # As for a crawl (crawler.runner.exit_status): errors and records that failed in our hands
    # fail the run; a duplicate (an article archived by two runs) or an unchanged record is routine.
    failed = sum(n for k, n in counts.items() if k.startswith("defnews/errors/")
                 or k.removeprefix(DROPPED_PREFIX) in FAILED_RECORD_DROPS)
    parts = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"{PROG}: {parts or 'nothing archived'}", file=sys.stderr)
    if problems and not counts:
        return 2
    return 1 if failed or problems else 0


def register(sub: Any) -> None:
    """Add ``defnews rebuild`` to the ``defnews`` subparsers."""
    from defnews.crawl import seconds

    parser = sub.add_parser(
        "rebuild", help="re-extract, re-clean and re-link archived responses (WARC), no network",
        description="Redo extraction, cleaning, validation, linking and storing over WARC archives "
                    "written by a crawl; writes what a crawl with --out DIR writes.")
    parser.add_argument("warcs", nargs="+", type=Path, metavar="WARC", help="data/warc/<spider>/<run>.warc.gz files")
    parser.add_argument("--out", type=Path, required=True, help="data directory to write (as crawl --out)")
    parser.add_argument("--mode", choices=("overwrite", "append"), default="overwrite",
                        help="start each spider's files afresh (default) or append to them")
    parser.add_argument("--lock-timeout", type=seconds, default=DEFAULT_LOCK_TIMEOUT, metavar="SECONDS",
                        help=f"wait this long for another run on the same --out (default {DEFAULT_LOCK_TIMEOUT:g})")
    parser.add_argument("--extract-time-limit", type=seconds, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                        help="extract each page in a worker process stopped after this long; the page is "
                             f"then counted as defnews/errors/extract_time_limit (0: in-process, unbounded; "
                             f"default {DEFAULT_TIME_LIMIT:g}, as a crawl's DEFNEWS_EXTRACT_TIME_LIMIT; "
                             "with any --workers and --engine: each worker starts its own)")
    parser.add_argument("--clean-time-limit", type=seconds, default=DEFAULT_CLEAN_TIME_LIMIT, metavar="SECONDS",
                        help="clean each record in a worker process stopped after this long; the record is "
                             "then dropped, counted as defnews/dropped/time_limit (0: in-process, unbounded; "
                             f"default {DEFAULT_CLEAN_TIME_LIMIT:g}, as a crawl's DEFNEWS_CLEAN_TIME_LIMIT; "
                             "records are cleaned in this process's one worker, whatever --workers and --engine)")
    add_engine_arguments(parser)
    parser.set_defaults(func=cmd_rebuild)
