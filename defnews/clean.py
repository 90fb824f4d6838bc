"""``defnews clean``: a thin layer over :mod:`cleaning`.

``defnews clean`` is a Unix filter: inputs default to stdin and ``-o`` to
stdout.  Every input line ends up either in the output or in the rejects file,
in input order, whatever ``--workers`` is.  Exit status: 0 clean run, 1 some
lines were rejected, 2 usage error or an unreadable input / unwritable output.
"""
from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, NamedTuple

from cleaning.article import TEXT_FIELDS, clean_article
from cleaning.records import (
    STDIO,
    AtomicWriter,
    BadLine,
    dumps_line,
    iter_lines,
    parse_record,
    reject_entry,
)

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


class InputError(Exception):
    """An input file could not be read; the message names it."""


def _text_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(before.get(field) != after.get(field) for field in TEXT_FIELDS)


def clean_line(source: str, number: int, raw: bytes) -> Outcome:
    """Parse, clean and serialise one input line, or turn it into a reject."""
    try:
        record = parse_record(raw)
        cleaned = clean_article(record)
        return Outcome(dumps_line(cleaned), False, _text_changed(record, cleaned))
    except BadLine as e:
        reason = str(e)
    except Exception as e:  # noqa: BLE001 - a cleaner bug must cost one record, not the run
        reason = f"cleaning failed: {type(e).__name__}: {e}"
    return Outcome(dumps_line(reject_entry(source, number, reason, raw)), True, False)


def clean_chunk(chunk: Chunk) -> list[Outcome]:
    """Clean a chunk of lines (the unit of work sent to pool workers)."""
    return [clean_line(chunk.source, number, raw) for number, raw in chunk.lines]


def _read_chunks(paths: Iterable[str], stats: Stats) -> Iterator[Chunk]:
    for path in paths:
        lines: list[tuple[int, bytes]] = []
        size = 0
        try:
            for number, raw in iter_lines(path):
                lines.append((number, raw))
                size += len(raw) + 1
                if len(lines) >= CHUNK_LINES or size >= CHUNK_BYTES:
                    stats.bytes_in += size
                    yield Chunk(path, lines)
                    lines, size = [], 0
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"cannot read {path!r}: {e}") from e
        stats.bytes_in += size
        if lines:
            yield Chunk(path, lines)


def _ordered_map(chunks: Iterable[Chunk], workers: int) -> Iterator[list[Outcome]]:
    """``map(clean_chunk, chunks)``, in a process pool when ``workers > 1``.

    Unlike ``Executor.map`` this keeps at most ``2 * workers`` chunks in
    flight, so memory stays flat on archives of any size.
    """
    if workers == 1:
        yield from map(clean_chunk, chunks)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(clean_chunk, chunk))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            pool.shutdown(cancel_futures=True)


def _progress() -> Any:
    from tqdm import tqdm

    # Only for a human watching: a bar in a log file or a pipe is noise.
    return tqdm(unit=" rec", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


def run_clean(inputs: list[str], out: AtomicWriter, rejects: AtomicWriter, workers: int) -> Stats:
    """Clean every line of ``inputs`` into ``out`` / ``rejects``; neither is committed here."""
    stats = Stats()
    with _progress() as bar:
        for outcomes in _ordered_map(_read_chunks(inputs, stats), workers):
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


def _fail(message: str) -> int:
    print(f"{PROG} clean: {message}", file=sys.stderr)
    return 2


def cmd_clean(args: argparse.Namespace) -> int:
    """Run ``defnews clean``; returns the exit status."""
    if problem := _check_readable(args.inputs):
        return _fail(problem)
    rejects_path = args.rejects or default_rejects_path(args.output)
    start = time.perf_counter()
    try:
        with AtomicWriter(args.output) as out, AtomicWriter(rejects_path, lazy=True) as rejects:
            stats = run_clean(args.inputs, out, rejects, args.workers)
    except InputError as e:
        return _fail(str(e))
    except BrokenPipeError:
        raise
    except OSError as e:
        return _fail(f"cannot write output: {e}")
    elapsed = time.perf_counter() - start
    print(_summary(stats, elapsed, rejects_path if rejects.written else None), file=sys.stderr)
    return 1 if stats.rejected else 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register(sub: Any) -> None:
    """Add ``defnews clean`` to the ``defnews`` subparsers."""
    clean = sub.add_parser(
        "clean",
        help="normalize and repair article JSONL",
        description="Clean article records (JSONL, JSONL.gz or - for stdin). Bad lines go to a rejects file.",
    )
    clean.add_argument("inputs", nargs="*", default=[STDIO], metavar="INPUT", help="input files (default: stdin)")
    clean.add_argument("-o", "--output", default=STDIO, help="output file, written atomically (default: stdout)")
    clean.add_argument(
        "--rejects",
        metavar="FILE",
        help="where bad lines go (default: OUTPUT.rejects.jsonl, or ./defnews-rejects.jsonl for stdout); "
        "created only if a line is rejected",
    )
    clean.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="worker processes (default: 1)")
    clean.set_defaults(func=cmd_clean)
