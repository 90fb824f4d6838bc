"""``defnews dedup JSONL... -o OUT``: link near-duplicates, republications, translations and
renditions across a whole archive; never delete.

    defnews dedup data/articles/*.jsonl -o data/linked.jsonl [--engine ray --workers 4]

Every input record is written, in input order (inputs in the order given, lines in file order),
with its ``links`` completed in both directions and its ``clusterId`` (the key of the cluster's
original, chosen by source authority: :mod:`linking.authority`). Records are written in the
current record contract (:func:`cleaning.record_contract.conform_record`, as ``clean`` does);
lines that are not records, or records that do not validate, go to the rejects file with
their reason; a truncated ``.gz`` input keeps its readable lines and
its break is a reject. Exit status: 0, or 1 when something was rejected, 2 usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from typing import Any

from cleaning.article import validate_record
from cleaning.record_contract import conform_record
from cleaning.records import (
    STDIO,
    AtomicWriter,
    BadLine,
    dumps_line,
    iter_lines_salvaged,
    parse_record,
    reject_entry,
    same_file,
)
from defnews.engines import add_engine_arguments, engine_from_args, ordered_map

PROG = "defnews dedup"


def conformed(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` in the current record contract, as ``clean`` writes it (schemaVersion,
    ``metadata.dateDownloaded`` in UTC with Z, ...); :class:`BadLine` if it does not validate
    (README: every record defnews writes validates)."""
    try:
        record = conform_record(record)
    except TypeError as exc:
        raise BadLine(f"invalid: {exc}") from exc
    # A record that was never cleaned (``cleaning`` null) is checked as an extractor's record:
    # dedup links, it does not clean (run ``defnews clean`` for that).
    if errors := validate_record(record, extracted=record["cleaning"] is None):
        raise BadLine("invalid: " + "; ".join(errors))
    return record


def read_records(paths: list[str], rejects: AtomicWriter) -> tuple[list[dict[str, Any]], int]:
    """Every record of ``paths`` in order; bad lines and input breaks written to ``rejects``."""
    records: list[dict[str, Any]] = []
    rejected = 0
    for path in paths:
        for number, raw, problem in iter_lines_salvaged(path):
            try:
                if problem:
                    raise BadLine(problem)
                records.append(conformed(parse_record(raw)))
            except BadLine as exc:
                rejects.write(dumps_line(reject_entry(path, number, str(exc), raw)))
                rejected += 1
    return records, rejected


def cmd_dedup(args: argparse.Namespace) -> int:
    """Run ``defnews dedup``; returns the exit status."""
    from linking import link_all

    rejects_path = args.rejects or args.output.removesuffix(".jsonl") + ".rejects.jsonl"
    from defnews.paths import output_problem, unwritable_file

    if args.output != STDIO and os.path.isdir(args.output):
        print(f"{PROG}: error: output {args.output!r} is a directory", file=sys.stderr)
        return 2
    if problem := output_problem(args.output, args.inputs, in_place=True) or unwritable_file(rejects_path, "--rejects"):
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    if clash := same_file(rejects_path, [args.output, *args.inputs]):
        print(f"{PROG}: error: --rejects {rejects_path!r} is the same file as {clash!r}: rejects would be lost",
              file=sys.stderr)
        return 2
    for path in args.inputs:
        if path != STDIO and not os.path.isfile(path):
            print(f"{PROG}: error: cannot read {path!r}", file=sys.stderr)
            return 2
    engine = engine_from_args(args)
    with AtomicWriter(args.output) as out, AtomicWriter(rejects_path, lazy=True) as rejects:
        records, rejected = read_records(args.inputs, rejects)
        linked = link_all(records, mapper=partial(_engine_map, engine=engine))
        for record in linked:
            out.write(dumps_line(record))
    clusters = len({r["clusterId"] for r in linked})
    print(f"{PROG}: {len(linked)} records in {clusters} clusters, rejected {rejected}", file=sys.stderr)
    return 1 if rejected else 0


def _engine_map(fn: Any, items: Any, engine: Any) -> Any:
    return ordered_map(fn, items, engine)


def register(sub: Any) -> None:
    """Add ``defnews dedup`` to the ``defnews`` subparsers."""
    parser = sub.add_parser(
        "dedup", help="link near-duplicates, republications and translations (never deletes)",
        description="Give every record its typed links and clusterId across the whole archive. "
                    "Nothing is deleted: every input record is written, in input order.")
    parser.add_argument("inputs", nargs="+", metavar="JSONL", help="article files (.jsonl, .jsonl.gz, - for stdin)")
    parser.add_argument("-o", "--output", default=STDIO, help="output file, written atomically (default: stdout)")
    parser.add_argument("--rejects", metavar="FILE", help="where bad lines go (default: OUTPUT.rejects.jsonl)")
    add_engine_arguments(parser)
    parser.set_defaults(func=cmd_dedup)
