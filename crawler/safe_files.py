"""Files that survive a SIGKILL or a power loss: whole-line appends, gzip member per record,
repair of a torn tail, and replace-on-success.

Why: a crawl killed mid-write leaves half a JSON line at the end of ``articles/<spider>.jsonl``
or half a gzip member at the end of a raw archive. Readers then either crash or silently stop
at the tear. The next run calls :func:`repair_jsonl` / :func:`repair_gzip`, which cut the file
back to its last whole record and keep the cut bytes in ``<data>/quarantine/`` so nothing is
destroyed, and the run summary reports each repair (see ``crawler.pipelines.prepare_store``).

No Scrapy here: plain files, tested directly.
"""
from __future__ import annotations

import os
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

#: Bytes read per step when looking backwards for the last newline.
_TAIL_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Repair:
    """One torn file cut back to its last whole record.

    ``kept_bytes``: the file's new size; ``cut_bytes``: bytes moved to ``quarantined``.
    """

    file: str
    kind: str  # "partial-line" | "invalid-line" | "partial-gzip-member"
    kept_bytes: int
    cut_bytes: int
    quarantined: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def write_all(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is written (a single write may be short)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (POSIX needs the directory synced)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quarantine(path: Path, start: int, quarantine_dir: Path, tag: str) -> Path:
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    target = quarantine_dir / f"{path.name}.{tag}.{start}.part"
    n = 0
    while target.exists():  # never overwrite an earlier quarantine
        n += 1
        target = quarantine_dir / f"{path.name}.{tag}.{start}.{n}.part"
    with path.open("rb") as src, target.open("wb") as dst:
        src.seek(start)
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return target


def _cut(path: Path, keep: int, quarantine_dir: Path, kind: str, tag: str) -> Repair:
    size = path.stat().st_size
    target = _quarantine(path, keep, quarantine_dir, tag)
    with path.open("r+b") as fh:
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
    return Repair(str(path), kind, keep, size - keep, str(target))


def _last_newline_end(path: Path, size: int) -> int:
    """Offset just after the last ``\\n`` in the file (0 if none)."""
    with path.open("rb") as fh:
        end = size
        while end > 0:
            start = max(0, end - _TAIL_CHUNK)
            fh.seek(start)
            chunk = fh.read(end - start)
            i = chunk.rfind(b"\n")
            if i >= 0:
                return start + i + 1
            end = start
    return 0


def _line_start(path: Path, end: int) -> int:
    """Start offset of the line that ends (with its newline) at `end`."""
    return _last_newline_end(path, end - 1) if end > 0 else 0


def repair_jsonl(path: Path, quarantine_dir: Path, tag: str = "repair") -> list[Repair]:
    """Cut a JSON Lines file back to its last whole, parseable line.

    Two tears are repaired, both only at the end of the file (where a killed writer leaves
    them): bytes after the last newline (``partial-line``), and a last line that is not a
    JSON object (``invalid-line``, e.g. zeros after a power loss). Reads only the tail.
    Returns the repairs made ([] for a sound or missing file).
    """
    if not path.is_file():
        return []
    repairs: list[Repair] = []
    size = path.stat().st_size
    keep = _last_newline_end(path, size)
    if keep < size:
        repairs.append(_cut(path, keep, quarantine_dir, "partial-line", tag))
        size = keep
    if size > 0:
        start = _line_start(path, size)
        with path.open("rb") as fh:
            fh.seek(start)
            last = fh.read(size - start)
        try:
            ok = isinstance(orjson.loads(last), dict)
        except orjson.JSONDecodeError:
            ok = False
        if not ok:
            repairs.append(_cut(path, start, quarantine_dir, "invalid-line", tag))
    return repairs


def gzip_whole_members_end(data: bytes) -> int:
    """Offset just after the last complete gzip member of `data` (0 if none is complete).

    Linear in ``len(data)``; output is decompressed in 1 MB pieces and thrown away, so a
    hostile member cannot balloon memory.

    >>> import gzip
    >>> two = gzip.compress(b"a\\n") + gzip.compress(b"b\\n")
    >>> gzip_whole_members_end(two) == len(two)
    True
    >>> gzip_whole_members_end(two[:-3]) == len(gzip.compress(b"a\\n"))
    True
    """
    view = memoryview(data)
    n = len(data)
    offset = good = 0
    while offset < n:
        d = zlib.decompressobj(wbits=31)
        pos = offset
        try:
            while not d.eof:
                if pos >= n:
                    return good  # the member is cut short
                piece = view[pos:pos + _TAIL_CHUNK]
                pos += len(piece)
                d.decompress(piece, 1 << 20)
                while d.unconsumed_tail and not d.eof:
                    d.decompress(d.unconsumed_tail, 1 << 20)
        except zlib.error:
            return good
        offset = pos - len(d.unused_data)
        good = offset
    return good


def repair_gzip(path: Path, quarantine_dir: Path, tag: str = "repair") -> list[Repair]:
    """Cut a multi-member gzip file back to its last complete member (``partial-gzip-member``).

    The raw archive writes one member per record, so the cut loses at most the record being
    written when the process died; its bytes are kept in `quarantine_dir`.
    """
    if not path.is_file():
        return []
    data = path.read_bytes()
    end = gzip_whole_members_end(data)
    if end == len(data):
        return []
    return [_cut(path, end, quarantine_dir, "partial-gzip-member", tag)]
