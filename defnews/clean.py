"""``defnews clean``: a thin layer over :mod:`cleaning`.

``defnews clean`` is a Unix filter: inputs default to stdin and ``-o`` to
stdout.  Every input line ends up either in the output or in the rejects file,
in input order, whatever ``--workers`` is.  Exit status: 0 clean run, 1 some
lines were rejected, 2 usage error or an unreadable input / unwritable output.

Bounded as a crawl's cleaning (:class:`crawler.pipelines.CleanPipeline`): with
``--time-limit`` > 0 (default 60 s, as ``DEFNEWS_CLEAN_TIME_LIMIT``) each line is parsed,
cleaned and validated in a worker process (:mod:`crawler.bounded_work`) whose address space
is capped at ``--memory-limit`` MB (default 2048, as ``DEFNEWS_CLEAN_MEMORY_MB``): locally,
``--workers`` such workers, children of this process, kept for the whole run; on Ray, one per
Ray worker. Lines go to a worker in small batches (:func:`cleaned_batch`); past a bound,
each line of the batch is cleaned alone. A line past the time limit on its own goes to the
rejects file, intact, with the reason ``clean_time_limit`` (past the memory cap:
``clean_memory_limit``; a worker that dies: ``clean_crashed``), and the summary counts it; it
costs at most about twice the limit. ``--time-limit 0`` cleans in-process, unbounded.
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import os
import signal
import sys
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cleaning.article import TEXT_FIELDS, clean_article, validate_record
from cleaning.records import (
    STDIO,
    AtomicWriter,
    BadLine,
    break_reason,
    dumps_line,
    iter_lines,
    parse_record,
    reject_entry,
    same_file,
)
from crawler.bounded_work import BoundedWorker, TimeLimitExceeded, WorkerDied, import_modules, own_worker
from defnews.cli import usage_error
from defnews.crawl import seconds
from defnews.paths import output_problem, unwritable_file
from defnews.engines import Engine, add_engine_arguments, ordered_map

PROG = "defnews"
DEFAULT_STDOUT_REJECTS = "defnews-rejects.jsonl"
# Large enough that pickling overhead is noise, small enough to keep both
# workers busy on a modest archive.
CHUNK_LINES = 500
CHUNK_BYTES = 4 << 20
#: Defaults of ``--time-limit`` (seconds) and ``--memory-limit`` (MB): a crawl's
#: ``DEFNEWS_CLEAN_TIME_LIMIT`` and ``DEFNEWS_CLEAN_MEMORY_MB`` (README, "Limits").
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_MEMORY_MB = 2048
#: Reasons of the rejects past a bound; each is also counted in the summary.
TIME_LIMIT = "clean_time_limit"
MEMORY_LIMIT = "clean_memory_limit"
CRASHED = "clean_crashed"
#: This process's cleaning worker, by that name (crawler.bounded_work.own_worker).
_WORKER_NAME = "defnews.clean"


class Outcome(NamedTuple):
    """What became of one input line: the bytes to write, and where; ``limit`` names the
    bound (:data:`TIME_LIMIT`, …) that made it a reject, if one did."""

    data: bytes
    rejected: bool
    edited: bool
    limit: str | None = None


@dataclass(frozen=True)
class CleanStep:
    """How each line is cleaned: ``clean`` (record → record) in a worker process, at most
    ``time_limit`` seconds per line (0: in-process, unbounded) and ``memory_mb`` MB of
    address space (0: no cap). Picklable: it travels to pool and Ray workers."""

    time_limit: float = DEFAULT_TIME_LIMIT
    memory_mb: int = DEFAULT_MEMORY_MB
    clean: Callable[[dict[str, Any]], dict[str, Any]] = clean_article

    def worker(self) -> BoundedWorker | None:
        """This process's cleaning worker for these bounds (None: clean in-process)."""
        return own_worker(_WORKER_NAME, (self.time_limit, self.memory_mb), self.new_worker)

    def new_worker(self) -> BoundedWorker | None:
        """A new cleaning worker for these bounds (None: clean in-process)."""
        if self.time_limit <= 0:
            return None
        # The warm-up imports what a call unpickles, outside the first line's time.
        warmup = functools.partial(import_modules, "cleaning", __name__)
        return BoundedWorker(self.time_limit, max(0, self.memory_mb) * 2**20, warmup=warmup)


#: Cleaning as it was before the bounds: in-process, unbounded.
IN_PROCESS = CleanStep(time_limit=0)


class Chunk(NamedTuple):
    source: str
    lines: list[tuple[int, bytes]]


@dataclass
class Stats:
    read: int = 0
    written: int = 0
    edited: int = 0
    rejected: int = 0
    bytes_in: int = 0
    limits: Counter[str] = field(default_factory=Counter)  # rejects past a bound, by bound


def _text_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(before.get(field) != after.get(field) for field in TEXT_FIELDS)


def check_like_the_crawler(record: dict[str, Any]) -> None:
    """Raise :class:`BadLine` for what the crawl's pipelines drop: a body empty after cleaning,
    or a record the shipped schema rejects (an ``ftp://`` URL, …)."""
    if not record["articleBody"].strip():
        raise BadLine("empty articleBody after cleaning")
    if errors := validate_record(record):
        raise BadLine("invalid: " + "; ".join(errors))


def cleaned_line(raw: bytes, clean: Callable[[dict[str, Any]], dict[str, Any]] = clean_article) -> Outcome:
    """Parse, clean, validate and serialise one input line (what the cleaning worker runs);
    raises :class:`BadLine`, or whatever `clean` raises."""
    record = parse_record(raw)
    cleaned = clean(record)
    check_like_the_crawler(cleaned)
    return Outcome(dumps_line(cleaned), False, _text_changed(record, cleaned))


def clean_line(source: str, number: int, raw: bytes, step: CleanStep = IN_PROCESS) -> Outcome:
    """Parse, clean, validate and serialise one input line, or turn it into a reject: in this
    process's cleaning worker, under `step`'s bounds, or here when it has none."""
    worker = step.worker()
    try:
        if worker is None:
            return cleaned_line(raw, step.clean)
        return worker.call_sync(cleaned_line, raw, step.clean)
    except Exception as e:  # noqa: BLE001 - a cleaner bug must cost one record, not the run
        return _rejected(source, number, raw, e, step if worker is not None else None)


async def _clean_line_in(worker: BoundedWorker, source: str, number: int, raw: bytes, step: CleanStep) -> Outcome:
    """:func:`clean_line` in `worker`, awaited (the local engine's many workers)."""
    try:
        return await worker.call(cleaned_line, raw, step.clean)
    except Exception as e:  # noqa: BLE001 - a cleaner bug must cost one record, not the run
        return _rejected(source, number, raw, e, step)


def _rejected(source: str, number: int, raw: bytes, exc: Exception, bounded: CleanStep | None) -> Outcome:
    """The reject of a line whose cleaning raised `exc`; `bounded`: the bounds it ran under
    (None: in-process), naming the bound it passed, if any."""
    limit = None
    if isinstance(exc, BadLine):
        reason = str(exc)
    elif isinstance(exc, TimeLimitExceeded):
        limit, reason = TIME_LIMIT, f"{TIME_LIMIT}: cleaning took {exc}"
    elif isinstance(exc, WorkerDied):
        limit, reason = CRASHED, f"{CRASHED}: {exc}"
    elif isinstance(exc, MemoryError) and bounded is not None and bounded.memory_mb > 0:
        limit, reason = MEMORY_LIMIT, f"{MEMORY_LIMIT}: cleaning needed more than {bounded.memory_mb} MB"
    else:  # a cleaner's bug; in-process, a MemoryError is the machine's, a failure like any other
        reason = f"cleaning failed: {type(exc).__name__}: {exc}"
    return Outcome(dumps_line(reject_entry(source, number, reason, raw)), True, False, limit)


def clean_chunk(chunk: Chunk, step: CleanStep = IN_PROCESS) -> list[Outcome]:
    """Clean a chunk of lines (the unit of work sent to pool and Ray workers), in batches in
    this process's cleaning worker (see :func:`cleaned_batch`) when `step` has bounds."""
    worker = step.worker()
    if worker is None:
        return [clean_line(chunk.source, number, raw, step) for number, raw in chunk.lines]
    outcomes: list[Outcome] = []
    for batch in _batches(chunk.lines):
        try:
            outcomes += worker.call_sync(cleaned_batch, chunk.source, batch, step.clean)
        except PAST_A_BOUND:
            outcomes += [clean_line(chunk.source, number, raw, step) for number, raw in batch]
    return outcomes


#: A batch of lines sent to a cleaning worker in one call: at most this many lines and bytes.
#: One call per line cost more than cleaning an already clean record (2x the time of a
#: re-clean); a batch this size takes well under a second, far inside the time limit.
BATCH_LINES = 64
BATCH_BYTES = 256 << 10
#: What a call to a cleaning worker raises past a bound (MemoryError: the worker's).
PAST_A_BOUND = (TimeLimitExceeded, WorkerDied, MemoryError)


def _batches(lines: list[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    size = 0
    for number, raw in lines:
        if batch and (len(batch) >= BATCH_LINES or size + len(raw) > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append((number, raw))
        size += len(raw)
    if batch:
        yield batch


def cleaned_batch(source: str, lines: list[tuple[int, bytes]],
                  clean: Callable[[dict[str, Any]], dict[str, Any]] = clean_article) -> list[Outcome]:
    """What a cleaning worker runs: each of `lines` cleaned (or rejected) as in-process.

    The time limit then bounds the whole batch, and a ``MemoryError`` is raised, not turned
    into a reject: past either bound the caller cleans each line of the batch alone, under
    the limit, and only a line past a bound on its own is a reject. So the output never
    depends on how lines were batched, and a hostile line costs at most about twice the limit.
    """
    outcomes = []
    for number, raw in lines:
        try:
            outcomes.append(cleaned_line(raw, clean))
        except MemoryError:
            raise
        except Exception as e:  # noqa: BLE001 - a cleaner bug must cost one record, not the run
            outcomes.append(_rejected(source, number, raw, e, None))
    return outcomes


class Break(NamedTuple):
    """An input that broke off after some lines (truncated .gz, read error)."""

    source: str
    line: int
    reason: str
    raw: bytes = b""  # what was read of the line the cut went through


def _salvaged(path: str) -> Iterator[tuple[int, bytes] | Break]:
    # iter_lines is looked up at call time so tests can make reading fail.
    lines = iter_lines(path)
    number = 0
    try:
        for number, raw in lines:
            yield number, raw
    except (OSError, EOFError, zlib.error) as e:
        yield Break(path, number + 1, break_reason(number, e), getattr(e, "partial", b""))


def _read_chunks(paths: Iterable[str], stats: Stats) -> Iterator[Chunk | Break]:
    """Chunks of lines, and a :class:`Break` where an input broke off: the lines before it
    are kept, and the next input goes on."""
    for path in paths:
        lines: list[tuple[int, bytes]] = []
        size = 0
        for item in _salvaged(path):
            if isinstance(item, Break):
                if lines:
                    stats.bytes_in += size
                    yield Chunk(path, lines)
                    lines, size = [], 0
                yield item
                break
            lines.append(item)
            size += len(item[1]) + 1
            if len(lines) >= CHUNK_LINES or size >= CHUNK_BYTES:
                stats.bytes_in += size
                yield Chunk(path, lines)
                lines, size = [], 0
        stats.bytes_in += size
        if lines:
            yield Chunk(path, lines)


def clean_unit(unit: Chunk | Break, step: CleanStep = IN_PROCESS) -> list[Outcome]:
    """Clean a chunk, or turn a break into its reject (the unit of work sent to workers)."""
    if isinstance(unit, Break):
        return [Outcome(dumps_line(reject_entry(unit.source, unit.line, unit.reason, unit.raw)), True, False)]
    return clean_chunk(unit, step)


async def _clean_unit_in(free: asyncio.Queue[BoundedWorker], unit: Chunk | Break, step: CleanStep) -> list[Outcome]:
    """:func:`clean_unit` with the first free cleaning worker, kept for the whole chunk."""
    if isinstance(unit, Break):
        return clean_unit(unit)
    worker = await free.get()
    outcomes: list[Outcome] = []
    try:
        for batch in _batches(unit.lines):
            try:
                outcomes += await worker.call(cleaned_batch, unit.source, batch, step.clean)
            except PAST_A_BOUND:
                outcomes += [await _clean_line_in(worker, unit.source, number, raw, step) for number, raw in batch]
        return outcomes
    finally:
        free.put_nowait(worker)


def _default_signals() -> None:
    """Pool worker initializer: SIGTERM kills quietly. A forked worker inherits the command's
    handler (SIGTERM → KeyboardInterrupt), which printed a traceback per worker when the
    pool was terminated (an interrupt, a reader that left the pipe)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _ordered_map(chunks: Iterable[Chunk | Break], workers: int, engine: Engine | None = None,
                 step: CleanStep = IN_PROCESS) -> Iterator[list[Outcome]]:
    """``map(clean_unit, chunks)`` in input order: with `step`'s bounds, in ``workers``
    cleaning workers (:func:`_bounded_map`); without, here or in a process pool when
    ``workers > 1``; or on Ray (``engine``), each Ray worker keeping a cleaning worker of its own.

    Unlike ``Executor.map`` this keeps at most ``2 * workers`` chunks in flight, so memory
    stays flat on archives of any size. On an interrupt the pool's workers are terminated, not
    left to finish (or to outlive the command holding its pipe).
    """
    if engine is not None and engine.name == "ray":
        yield from ordered_map(functools.partial(clean_unit, step=step), chunks, engine, chunk=1)
        return
    if step.time_limit > 0:
        yield from _bounded_map(chunks, workers, step)
        return
    if workers == 1:
        yield from (clean_unit(chunk, step) for chunk in chunks)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_default_signals) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(clean_unit, chunk, step))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            # The executor has no public way to stop running workers; its process table does.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            raise
        finally:
            pool.shutdown(cancel_futures=True)


def _bounded_map(chunks: Iterable[Chunk | Break], workers: int, step: CleanStep) -> Iterator[list[Outcome]]:
    """``map(clean_unit, chunks)`` in input order, each line cleaned in one of `workers`
    cleaning workers under `step`'s bounds.

    The workers are children of this process, driven from this thread by one event loop
    (:meth:`BoundedWorker.call`), at most ``2 * workers`` chunks in flight. Not a pool of
    processes that each start a worker: a pool process stopped by a signal cannot remove the
    semaphores its worker's queues hold (the resource tracker then complains on stderr), and
    its worker would outlive it until the kernel kills it. Here an interrupt (or a reader that
    left the pipe) cancels the chunks in flight and kills the workers at once, in the middle
    of a hostile line if need be; a finished run lets them exit.
    """
    loop = asyncio.new_event_loop()
    cleaners = [step.new_worker() for _ in range(workers)]
    free: asyncio.Queue[BoundedWorker] = asyncio.Queue()
    for cleaner in cleaners:
        assert cleaner is not None
        cleaner.start()
        free.put_nowait(cleaner)
    pending: deque[asyncio.Task[list[Outcome]]] = deque()
    finished = False

    def first() -> list[Outcome]:
        # Left in `pending` until done: an interrupt meanwhile must still cancel it.
        outcomes = loop.run_until_complete(pending[0])
        pending.popleft()
        return outcomes

    try:
        for chunk in chunks:
            pending.append(loop.create_task(_clean_unit_in(free, chunk, step)))
            if len(pending) >= 2 * workers:
                yield first()
        while pending:
            yield first()
        finished = True
    finally:
        _stop(loop, pending, cleaners, finished)


def _stop(loop: asyncio.AbstractEventLoop, pending: Iterable[asyncio.Task[Any]], cleaners: list[Any],
          finished: bool) -> None:
    """Cancel the chunks still in flight (so none starts a worker again), then stop the
    workers: let them exit after a finished run, kill them otherwise."""
    tasks = [task for task in pending if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    for cleaner in cleaners:
        cleaner.close() if finished else cleaner.kill()
    loop.close()


def _progress() -> Any:
    from tqdm import tqdm

    # Only for a human watching: a bar in a log file or a pipe is noise.
    return tqdm(unit=" rec", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


def run_clean(inputs: list[str], out: AtomicWriter, rejects: AtomicWriter, workers: int,
              engine: Engine | None = None, step: CleanStep = IN_PROCESS) -> Stats:
    """Clean every line of ``inputs`` into ``out`` / ``rejects``; neither is committed here."""
    stats = Stats()
    with _progress() as bar:
        for outcomes in _ordered_map(_read_chunks(inputs, stats), workers, engine, step):
            for outcome in outcomes:
                (rejects if outcome.rejected else out).write(outcome.data)
                stats.rejected += outcome.rejected
                stats.edited += outcome.edited
                if outcome.limit:
                    stats.limits[outcome.limit] += 1
            stats.read += len(outcomes)
            bar.update(len(outcomes))
    stats.written = stats.read - stats.rejected
    return stats


def default_rejects_path(output: str) -> str:
    """``out.jsonl`` → ``out.rejects.jsonl``; stdout → ``defnews-rejects.jsonl`` in the cwd.

    >>> default_rejects_path("data/recleaned.jsonl")
    'data/recleaned.rejects.jsonl'
    >>> default_rejects_path("-")
    'defnews-rejects.jsonl'
    """
    if output == STDIO:
        return DEFAULT_STDOUT_REJECTS
    return output.removesuffix(".jsonl") + ".rejects.jsonl"


def _summary(stats: Stats, seconds: float, rejects_path: str | None) -> str:
    mb = stats.bytes_in / 1e6
    line = (
        f"{PROG} clean: read {stats.read} records, wrote {stats.written}, "
        f"edited {stats.edited}, rejected {stats.rejected}{_limits(stats.limits)} "
        f"({mb:.2f} MB in {seconds:.2f} s, {mb / max(seconds, 1e-6):.2f} MB/s)"
    )
    if rejects_path:
        line += f"\n{PROG} clean: rejected lines written to {rejects_path}"
    return line


def _limits(counts: Counter[str]) -> str:
    """``" (clean_time_limit 2)"``: the rejects past a bound, by bound; empty when none.

    >>> _limits(Counter({"clean_time_limit": 2, "clean_crashed": 1}))
    ' (clean_crashed 1, clean_time_limit 2)'
    """
    return " (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ")" if counts else ""


def _check_readable(paths: list[str]) -> str | None:
    for path in paths:
        if path == STDIO:
            continue
        try:
            with open(path, "rb"):
                pass
        except OSError as e:
            return f"cannot read {path!r}: {e.strerror or e}"
    return None


def _output_problem(output: str, rejects_path: str, inputs: list[str]) -> str | None:
    """Why the output/rejects pair cannot be used, checked before anything is written."""
    if output != STDIO and os.path.isdir(output):
        return f"output {output!r} is a directory"
    if problem := output_problem(output, inputs, in_place=True):
        return problem
    if clash := same_file(rejects_path, [output, *inputs]):
        return f"--rejects {rejects_path!r} is the same file as {clash!r}: rejects would be lost"
    if os.path.isdir(rejects_path):
        return f"rejects file {rejects_path!r} is a directory"
    return unwritable_file(rejects_path, "--rejects")


def cmd_clean(args: argparse.Namespace) -> int:
    """Run ``defnews clean``; returns the exit status."""
    if problem := _check_readable(args.inputs):
        return usage_error("clean", problem)
    rejects_path = args.rejects or default_rejects_path(args.output)
    if problem := _output_problem(args.output, rejects_path, args.inputs):
        return usage_error("clean", problem)
    engine = Engine(args.engine, args.workers, args.ray_address) if args.engine == "ray" else None
    start = time.perf_counter()
    try:
        with AtomicWriter(args.output) as out, AtomicWriter(rejects_path, lazy=True) as rejects:
            # `clean_article` looked up here, at run time: tests put a slow cleaner in its place.
            step = CleanStep(args.time_limit, args.memory_limit, clean_article)
            stats = run_clean(args.inputs, out, rejects, args.workers, engine, step)
    except BrokenPipeError:
        raise
    except OSError as e:
        # Name the user's path, not the temporary file next to it.
        return usage_error("clean", f"cannot write output {args.output}: {e.strerror or e}")
    elapsed = time.perf_counter() - start
    print(_summary(stats, elapsed, rejects_path if rejects.written else None), file=sys.stderr)
    return 1 if stats.rejected else 0


def _whole_number(least: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least `least` (workers, megabytes)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {least}, got {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, got {value}")
        return value
    return parse


def register(sub: Any) -> None:
    """Add ``defnews clean`` to the ``defnews`` subparsers."""
    clean = sub.add_parser(
        "clean",
        help="normalize, repair and validate article JSONL (does not de-duplicate: see dedup)",
        description="Clean article records (JSONL, JSONL.gz or - for stdin) and validate them as the crawler "
        "does. Bad lines and invalid records go to a rejects file; a truncated input keeps its readable "
        "lines. It does not de-duplicate: `defnews dedup` links copies.",
    )
    clean.add_argument("inputs", nargs="*", default=[STDIO], metavar="INPUT", help="input files (default: stdin)")
    clean.add_argument("-o", "--output", default=STDIO, help="output file, written atomically (default: stdout)")
    clean.add_argument(
        "--rejects",
        metavar="FILE",
        help="where bad lines go (default: OUTPUT.rejects.jsonl, or ./defnews-rejects.jsonl for stdout); "
        "created only if a line is rejected",
    )
    clean.add_argument("--workers", type=_whole_number(1), default=1, metavar="N",
                       help="worker processes, or CPUs of a local Ray cluster (default: 1)")
    clean.add_argument("--time-limit", type=seconds, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                       help="clean each line in a worker process stopped after this long; the line then goes "
                            f"to the rejects file as {TIME_LIMIT} (0: in-process, unbounded; default "
                            f"{DEFAULT_TIME_LIMIT:g}, as a crawl's DEFNEWS_CLEAN_TIME_LIMIT)")
    clean.add_argument("--memory-limit", type=_whole_number(0), default=DEFAULT_MEMORY_MB, metavar="MB",
                       help=f"address space of that worker; a line needing more is rejected as {MEMORY_LIMIT} "
                            f"(0: no cap; default {DEFAULT_MEMORY_MB}, as a crawl's DEFNEWS_CLEAN_MEMORY_MB)")
    add_engine_arguments(clean, workers_flag=False)
    clean.set_defaults(func=cmd_clean)
