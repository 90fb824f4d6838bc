"""Checks of output paths, before a command writes anything: a path that cannot be used is one
line on stderr and status 2 (a usage error), never a traceback (README "Exit status")."""
from __future__ import annotations

import os
from pathlib import Path

from cleaning.records import same_file


def unusable_dir(path: Path, flag: str = "--out") -> str | None:
    """Why `path` cannot be a data directory (it is created if missing), or None: it is an
    existing file, under a file, in a place that refuses new directories (``/proc``), or not
    writable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{flag} {path}: exists and is not a directory"
    except OSError as exc:
        return f"{flag} {path}: cannot create the directory: {exc.strerror or exc}"
    if not os.access(path, os.W_OK | os.X_OK):
        return f"{flag} {path}: directory is not writable"
    return None


def unwritable_file(path: str, flag: str = "-o") -> str | None:
    """Why the output file `path` cannot be written (atomically, next to itself), or None:
    it is a directory, or its directory does not exist or is not writable. ``-`` is stdout."""
    if path == "-":
        return None
    target = Path(path)
    if target.is_dir():
        return f"{flag} {path}: is a directory"
    parent = target.parent
    what = "output" if flag == "-o" else flag
    if not parent.exists():
        return f"cannot write {what} {path}: directory {parent} does not exist"
    if not parent.is_dir():
        return f"cannot write {what} {path}: {parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot write {what} {path}: {parent} is not writable"
    return None


def output_problem(output: str, inputs: list[str], flag: str = "-o", *, in_place: bool = False) -> str | None:
    """The one check every writing command (clean, export, report, dedup) makes before it
    writes: why ``output`` cannot be written (:func:`unwritable_file`), or the input it names
    (replacing it with Parquet, CSV or HTML would lose the input), or None.

    ``in_place=True`` (clean, dedup) allows ``-o`` to name an input: JSONL is rewritten as
    JSONL, read before the atomic rename, so nothing is lost."""
    if not in_place and (clash := same_file(output, [str(i) for i in inputs])):
        return f"{flag} {output!r} is the same file as the input {clash!r}: the input would be overwritten"
    return unwritable_file(output, flag)
