"""``defnews export``: stored articles (JSONL) to Parquet or CSV with an explicit schema.

    defnews export --format parquet data/demo/*.jsonl -o articles.parquet
    defnews export --format csv data/articles/*.jsonl -o articles.csv

Types come from the record contract, never from the data (see
:mod:`defnews.loaders`): every date is a UTC timestamp followed by its
``…OffsetMinutes`` column.  Parquet keeps nested lists and objects typed; CSV
flattens them (dotted columns for objects, JSON text for lists; see
``data/README.md``).  Version-1 records are upgraded on the way.

Every input line ends up in the output or in the rejects file (the format of
``defnews clean``'s rejects), never silently dropped.  The output is written to a
temporary file and renamed into place.  Exit status: 0 every line exported,
1 some lines rejected, 2 usage error or unreadable input / unwritable output.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaning.records import STDIO, AtomicWriter, BadLine, dumps_line, iter_lines, reject_entry, same_file
from defnews.cli import usage_error
from defnews.paths import output_problem
from defnews.loaders import RecordError, arrow_schema, csv_schema, load_record, to_csv_row, to_export_row

if TYPE_CHECKING:
    import pyarrow as pa

PROG = "defnews export"
FORMATS = ("parquet", "csv")
#: Rows per Arrow batch (a Parquet row group holds one or more): memory stays flat on big archives.
BATCH_ROWS = 5000


@dataclass
class Stats:
    read: int = 0
    written: int = 0
    rejected: int = 0


class InputError(Exception):
    """An input file could not be read; the message names it."""


class _Writer:
    """Batches of rows → one Parquet or CSV file (``path`` is the temporary file)."""

    def __init__(self, fmt: str, path: str) -> None:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        self.fmt = fmt
        self.schema: pa.Schema = arrow_schema() if fmt == "parquet" else csv_schema()
        if fmt == "parquet":
            self._out: Any = pq.ParquetWriter(path, self.schema, compression="zstd")
        else:
            self._out = pcsv.CSVWriter(path, self.schema)

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        self._out.write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        self._out.close()


def convert_line(fmt: str, raw: bytes) -> dict[str, Any]:
    """One input line → a row of the output format; raises BadLine / RecordError."""
    record = load_record(raw)
    try:
        return to_export_row(record) if fmt == "parquet" else to_csv_row(record)
    except (OverflowError, ValueError) as e:  # e.g. year 1 at +09:00 is before UTC's year 1
        raise RecordError(f"cannot be typed: {e}") from e


class _Pending(list[tuple[str, int, bytes, dict[str, Any]]]):
    """Rows converted but not yet written, each with the line it came from."""


def _lines(inputs: list[str]) -> Iterator[tuple[str, int, bytes]]:
    for path in inputs:
        try:
            for number, raw in iter_lines(path):
                yield path, number, raw
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"cannot read {path!r}: {e}") from e


def _flush(writer: _Writer, batch: _Pending, rejects: AtomicWriter, stats: Stats) -> None:
    """Write ``batch``; if Arrow refuses it (a value out of its type's range, e.g. an
    integer past int64), write it row by row so only the rows at fault are rejected."""
    import pyarrow as pa

    try:
        writer.write([row for *_, row in batch])
        stats.written += len(batch)
        return
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        pass
    for path, number, raw, row in batch:
        try:
            writer.write([row])
            stats.written += 1
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as e:
            rejects.write(dumps_line(reject_entry(path, number, f"cannot be typed: {e}", raw)))
            stats.rejected += 1


def run_export(fmt: str, inputs: list[str], tmp_out: str, rejects: AtomicWriter) -> Stats:
    """Export every line of ``inputs`` to ``tmp_out``; bad lines go to ``rejects``."""
    stats = Stats()
    writer = _Writer(fmt, tmp_out)
    batch = _Pending()
    try:
        for path, number, raw in _lines(inputs):
            stats.read += 1
            try:
                batch.append((path, number, raw, convert_line(fmt, raw)))
            except (BadLine, RecordError) as e:
                rejects.write(dumps_line(reject_entry(path, number, str(e), raw)))
                stats.rejected += 1
                continue
            if len(batch) >= BATCH_ROWS:
                _flush(writer, batch, rejects, stats)
                batch = _Pending()
        _flush(writer, batch, rejects, stats)
        if stats.written == 0:
            writer.write([])  # an empty input still gives a file with the schema
    finally:
        writer.close()
    return stats


@contextlib.contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """A temporary file next to ``path``, renamed onto it on success, removed on error."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def default_rejects_path(output: str) -> str:
    """``out.parquet`` → ``out.rejects.jsonl``.

    >>> default_rejects_path("data/articles.parquet")
    'data/articles.rejects.jsonl'
    """
    return str(Path(output).with_suffix("")) + ".rejects.jsonl"


def cmd_export(args: argparse.Namespace) -> int:
    """Run ``defnews export``; returns the exit status."""
    if args.output == STDIO:
        return usage_error("export", "-o needs a file: Parquet and CSV are written to a temporary file, then renamed")
    if os.path.isdir(args.output):
        return usage_error("export", f"-o {args.output!r} is a directory")
    for path in args.inputs:
        if path == STDIO:
            continue
        if os.path.isdir(path):
            return usage_error("export", f"cannot read {path!r}: is a directory")
        try:
            open(path, "rb").close()
        except OSError as e:
            return usage_error("export", f"cannot read {path!r}: {e.strerror or e}")
    if problem := output_problem(args.output, args.inputs):
        return usage_error("export", problem)
    rejects_path = args.rejects or default_rejects_path(args.output)
    if clash := same_file(rejects_path, [args.output, *args.inputs]):
        return usage_error("export", f"--rejects {rejects_path!r} is the same file as {clash!r}: rejects would be lost")
    try:
        with atomic_path(args.output) as tmp, AtomicWriter(rejects_path, lazy=True) as rejects:
            stats = run_export(args.format, args.inputs, tmp, rejects)
    except InputError as e:
        return usage_error("export", str(e))
    except OSError as e:
        return usage_error("export", f"cannot write {args.output!r}: {e.strerror or e}")
    line = f"{PROG}: read {stats.read} records, wrote {stats.written} to {args.output}, rejected {stats.rejected}"
    if stats.rejected:
        line += f"\n{PROG}: rejected lines written to {rejects_path}"
    print(line, file=sys.stderr)
    return 1 if stats.rejected else 0


def register(sub: Any) -> None:
    """Add ``defnews export`` to the ``defnews`` subparsers."""
    export = sub.add_parser(
        "export",
        help="export stored articles to Parquet or CSV",
        description="Export article JSONL (.jsonl or .jsonl.gz) to Parquet or CSV with the contract's "
        "explicit schema: dates in UTC plus their offset in minutes. Bad lines go to a rejects file.",
    )
    export.add_argument("inputs", nargs="+", metavar="JSONL", help="stored article files (.jsonl, .jsonl.gz, - for stdin)")
    export.add_argument("--format", required=True, choices=FORMATS, help="output format")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="output file, written atomically")
    export.add_argument("--rejects", metavar="FILE",
                        help="where bad lines go (default: OUT minus its suffix + .rejects.jsonl); "
                        "created only if a line is rejected")
    export.set_defaults(func=cmd_export)
