"""``defnews clean``: a thin layer over :mod:`cleaning`.

``defnews clean`` is a Unix filter: inputs default to stdin and ``-o`` to
stdout.  Every input line ends up either in the output or in the rejects file,
in input order, whatever ``--workers`` is.  Exit status: 0 clean run, 1 some
lines were rejected, 2 usage error or an unreadable input / unwritable output.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
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
from defnews.cli import usage_error
from defnews.paths import output_problem, unwritable_file
from defnews.engines import Engine, add_engine_arguments, ordered_map

PROG = "defnews"
DEFAULT_STDOUT_REJECTS = "defnews-rejects.jsonl"
# Large enough that pickling overhead is noise, small enough to keep both
# workers busy on a modest archive.
CHUNK_LINES = 500
CHUNK_BYTES = 4 << 20


class Outcome(NamedTuple):
    """What became of one input line: the bytes to write, and where."""

    data: bytes
    rejected: bool
    edited: bool


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


def _text_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(before.get(field) != after.get(field) for field in TEXT_FIELDS)


def check_like_the_crawler(record: dict[str, Any]) -> None:
    """Raise :class:`BadLine` for what the crawl's pipelines drop: a body empty after cleaning,
    or a record the shipped schema rejects (an ``ftp://`` URL, …)."""
    if not record["articleBody"].strip():
        raise BadLine("empty articleBody after cleaning")
    if errors := validate_record(record):
        raise BadLine("invalid: " + "; ".join(errors))


def clean_line(source: str, number: int, raw: bytes) -> Outcome:
    """Parse, clean, validate and serialise one input line, or turn it into a reject."""
    try:
        record = parse_record(raw)
        cleaned = clean_article(record)
        check_like_the_crawler(cleaned)
        return Outcome(dumps_line(cleaned), False, _text_changed(record, cleaned))
    except BadLine as e:
        reason = str(e)
    except Exception as e:  # noqa: BLE001 - a cleaner bug must cost one record, not the run
        reason = f"cleaning failed: {type(e).__name__}: {e}"
    return Outcome(dumps_line(reject_entry(source, number, reason, raw)), True, False)


def clean_chunk(chunk: Chunk) -> list[Outcome]:
    """Clean a chunk of lines (the unit of work sent to pool workers)."""
    return [clean_line(chunk.source, number, raw) for number, raw in chunk.lines]


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


def clean_unit(unit: Chunk | Break) -> list[Outcome]:
    """Clean a chunk, or turn a break into its reject (the unit of work sent to workers)."""
    if isinstance(unit, Break):
        return [Outcome(dumps_line(reject_entry(unit.source, unit.line, unit.reason, unit.raw)), True, False)]
    return clean_chunk(unit)


def _default_signals() -> None:
    """Pool worker initializer: SIGTERM kills quietly. A forked worker inherits the command's
    handler (SIGTERM → KeyboardInterrupt), which printed a traceback per worker when the
    pool was terminated (an interrupt, a reader that left the pipe)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _ordered_map(chunks: Iterable[Chunk | Break], workers: int, engine: Engine | None = None) -> Iterator[list[Outcome]]:
    """``map(clean_unit, chunks)`` in input order: here, in a process pool when
    ``workers > 1``, or on Ray (``engine``).

    Unlike ``Executor.map`` this keeps at most ``2 * workers`` chunks in flight, so memory
    stays flat on archives of any size. On an interrupt the pool's workers are terminated, not
    left to finish (or to outlive the command holding its pipe).
    """
    if engine is not None and engine.name == "ray":
        yield from ordered_map(clean_unit, chunks, engine, chunk=1)
        return
    if workers == 1:
        yield from map(clean_unit, chunks)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_default_signals) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(clean_unit, chunk))
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


def _progress() -> Any:
    from tqdm import tqdm

    # Only for a human watching: a bar in a log file or a pipe is noise.
    return tqdm(unit=" rec", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


def run_clean(inputs: list[str], out: AtomicWriter, rejects: AtomicWriter, workers: int,
              engine: Engine | None = None) -> Stats:
    """Clean every line of ``inputs`` into ``out`` / ``rejects``; neither is committed here."""
    stats = Stats()
    with _progress() as bar:
        for outcomes in _ordered_map(_read_chunks(inputs, stats), workers, engine):
            for outcome in outcomes:
                (rejects if outcome.rejected else out).write(outcome.data)
                stats.rejected += outcome.rejected
                stats.edited += outcome.edited
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
        f"edited {stats.edited}, rejected {stats.rejected} "
        f"({mb:.2f} MB in {seconds:.2f} s, {mb / max(seconds, 1e-6):.2f} MB/s)"
    )
    if rejects_path:
        line += f"\n{PROG} clean: rejected lines written to {rejects_path}"
    return line


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
            stats = run_clean(args.inputs, out, rejects, args.workers, engine)
    except BrokenPipeError:
        raise
    except OSError as e:
        # Name the user's path, not the temporary file next to it.
        return usage_error("clean", f"cannot write output {args.output}: {e.strerror or e}")
    elapsed = time.perf_counter() - start
    print(_summary(stats, elapsed, rejects_path if rejects.written else None), file=sys.stderr)
    return 1 if stats.rejected else 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


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
    clean.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                       help="worker processes, or CPUs of a local Ray cluster (default: 1)")
    add_engine_arguments(clean, workers_flag=False)
    clean.set_defaults(func=cmd_clean)
