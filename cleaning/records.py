"""JSONL input and output for article archives.

Inputs are ``.jsonl``, ``.jsonl.gz`` or ``-`` (stdin), read as raw lines so
that a line which cannot be parsed can still be kept verbatim.  A bad line is
never dropped: :func:`reject_entry` turns it into a rejects record, in the
manner of datatrove's exclusion writers.  Outputs are written atomically, so an
interrupted run leaves the previous file intact rather than half of a new one.
"""
from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

import orjson

STDIO = "-"
_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"
#: The validation message of a record whose strings held lone surrogates (see :func:`parse_record`).
SURROGATES_REPLACED = "lone surrogates replaced with U+FFFD"


class BadLine(ValueError):
    """A line that is not a usable article record; the message is the reason."""


@contextlib.contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """Open ``path`` for binary reading: ``-`` is stdin, ``*.gz`` is decompressed."""
    if path == STDIO:
        yield sys.stdin.buffer
    elif path.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            yield f
    else:
        with open(path, "rb") as f:
            yield f


class TruncatedInput(EOFError):
    """A compressed input ended before its end-of-stream marker (an interrupted writer).

    ``partial`` holds the decompressed bytes of the line the cut went through (no newline
    reached), so the caller can keep them byte for byte in the reject (data/README)."""

    partial: bytes = b""


def _gunzip_chunks(f: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """Decompress a (multi-member) gzip stream chunk by chunk, so every byte that was written
    before a truncation is yielded before :class:`TruncatedInput` is raised (``gzip.GzipFile``
    loses the last buffered block when it meets the cut)."""
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    started = False
    while chunk := f.read(size):
        while chunk:
            started = True
            yield decomp.decompress(chunk)
            if not decomp.eof:
                break
            chunk = decomp.unused_data  # next gzip member
            decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
            started = bool(chunk)
    if started and not decomp.eof:
        yield decomp.flush()
        raise TruncatedInput("compressed file ended before the end-of-stream marker was reached")


def _split_lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    tail = b""
    try:
        for chunk in chunks:
            tail += chunk
            *lines, tail = tail.split(b"\n")
            for line in lines:
                yield line + b"\n"
    except TruncatedInput as e:
        e.partial = tail  # the cut line, whatever of it was decompressed
        raise
    if tail:
        yield tail


def iter_lines(path: str) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, raw_line)`` for each line of ``path``, numbered from 1.

    The line terminator (``\\n`` or ``\\r\\n``) is removed; a UTF-8 byte-order
    mark at the start of the file is dropped because JSON forbids it and
    Windows tools add it. A truncated ``.gz`` yields every complete line before the cut, then
    raises :class:`TruncatedInput` (the incomplete last line is not yielded: its decompressed
    bytes are the exception's ``partial``).
    """
    with contextlib.ExitStack() as stack:
        if path.endswith(".gz") and path != STDIO:
            f = stack.enter_context(open(path, "rb"))
            lines: Iterator[bytes] = _split_lines(_gunzip_chunks(f))
        elif path == STDIO and _peek(sys.stdin.buffer).startswith(_GZIP_MAGIC):
            # `gzip -c raw.jsonl | defnews clean`: a pipe has no name to tell us, its bytes do.
            lines = _split_lines(_gunzip_chunks(sys.stdin.buffer))
        else:
            lines = iter(stack.enter_context(open_input(path)))
        pending: bytes | None = None
        number = 0
        try:
            for line in lines:
                if pending is not None:
                    yield number, pending
                number += 1
                if number == 1:
                    line = line.removeprefix(_BOM)
                pending = line.removesuffix(b"\n").removesuffix(b"\r")
        except TruncatedInput as e:
            # Only whole (newline-ended) lines reach here; the line the cut went through
            # travels with the exception as ``partial``.
            if pending is not None:
                yield number, pending
            else:
                e.partial = e.partial.removeprefix(_BOM)
            raise
        if pending is not None:
            yield number, pending


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(2)[:2] if peek is not None else b""


def line_complete(raw: bytes) -> bool:
    """True if ``raw`` parses as JSON: the one test of a line read just before a cut."""
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return True


def iter_lines_salvaged(path: str) -> Iterator[tuple[int, bytes, str | None]]:
    """Like :func:`iter_lines`, as ``(number, raw, None)``, but an input that breaks off (a
    truncated ``.gz`` from an interrupted crawl, a read error) ends with one
    ``(number, partial, reason)`` instead of an exception: the lines before it are kept, the
    break is reported where it happened, and ``partial`` is what was read of the line the cut
    went through (``b""`` if none), so it survives byte for byte in the reject.
    """
    number = 0
    try:
        for number, raw in iter_lines(path):
            yield number, raw, None
    except (OSError, EOFError, zlib.error) as e:
        yield number + 1, getattr(e, "partial", b""), break_reason(number, e)


def break_reason(number: int, error: BaseException) -> str:
    """The reject reason of an input that broke off after line ``number``."""
    reason = f"input truncated or unreadable after line {number}: {type(error).__name__}: {error}"
    if partial := getattr(error, "partial", b""):
        reason += f"; the cut line's {len(partial)} decompressed bytes are kept in raw (rawBase64 if not UTF-8)"
    return reason


def _type_name(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _decode_error_reason(raw: bytes, error: orjson.JSONDecodeError) -> str:
    # orjson validates UTF-8 up front, so only a failed parse needs this
    # second look to tell bad encoding from bad JSON.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"invalid UTF-8 at byte {e.start}"
    return f"malformed JSON: {error}"


def parse_record(raw: bytes) -> dict[str, Any]:
    """Parse one JSONL line into an article dict, or raise :class:`BadLine` saying why.

    >>> parse_record(b'{"url": "https://x", "articleBody": "b"}')["articleBody"]
    'b'
    >>> parse_record(b'[1]')
    Traceback (most recent call last):
    ...
    cleaning.records.BadLine: not a JSON object (got array)
    """
    if not raw.strip():
        raise BadLine("empty line")
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        record = _with_surrogates_replaced(raw, e)
    if not isinstance(record, dict):
        raise BadLine(f"not a JSON object (got {_type_name(record)})")
    for key in ("url", "articleBody"):
        if key not in record:
            raise BadLine(f"missing '{key}'")
        if not isinstance(record[key], str):
            raise BadLine(f"'{key}' is not a string (got {_type_name(record[key])})")
    return record


def _replace_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        lone = sum(1 for c in value if "\ud800" <= c <= "\udfff")
        if not lone:
            return value, 0
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value), lone
    if isinstance(value, list):
        pairs = [_replace_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        out_dict, total = {}, 0
        for key, item in value.items():
            (new_key, n1), (new_item, n2) = _replace_surrogates(key), _replace_surrogates(item)
            out_dict[new_key] = new_item
            total += n1 + n2
        return out_dict, total
    return value, 0


def _with_surrogates_replaced(raw: bytes, error: orjson.JSONDecodeError) -> Any:
    """A line that is valid JSON but for lone surrogate escapes (``"\\ud83d"``, a string cut
    inside an emoji), parsed with them replaced by U+FFFD and flagged in the record's
    ``metadata.validationMessages``; any other parse failure raises :class:`BadLine`.

    orjson refuses such strings; the standard library's parser accepts them, and every
    later step (cleaning, UTF-8 output) would fail on them, so they are repaired here,
    where text enters.
    """
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadLine(_decode_error_reason(raw, error)) from None
    value, replaced = _replace_surrogates(value)
    if not replaced:  # orjson refused it for another reason (NaN, a number out of range, ...)
        raise BadLine(_decode_error_reason(raw, error))
    metadata = value.get("metadata") if isinstance(value, dict) else False
    if metadata is None or isinstance(metadata, dict):
        metadata = dict(metadata or {})
        messages = metadata.get("validationMessages")
        metadata["validationMessages"] = [*(messages if isinstance(messages, list) else []),
                                          f"{SURROGATES_REPLACED} ({replaced})"]
        value["metadata"] = metadata
    return value


def reject_entry(source: str, line: int, reason: str, raw: bytes) -> dict[str, Any]:
    """The rejects-file record for a bad line, ``{"source", "line", "reason", "raw", "rawBase64"}``.

    The line survives byte for byte: as text in ``raw`` when it is UTF-8, otherwise in
    ``rawBase64`` (and ``raw`` is null), so a line that held the text ``\\xff`` and one
    that held the byte 0xFF can always be told apart.
    """
    try:
        text, encoded = raw.decode("utf-8"), None
    except UnicodeDecodeError:
        text, encoded = None, base64.b64encode(raw).decode("ascii")
    return {"source": source, "line": line, "reason": reason, "raw": text, "rawBase64": encoded}


def same_file(path: str, others: list[str]) -> str | None:
    """The first of ``others`` that names the same file as ``path`` (``-`` never does).

    Used to refuse a rejects file that would overwrite the output or an input.
    """
    if path == STDIO:
        return None
    target = os.path.realpath(path)
    return next((o for o in others if o != STDIO and os.path.realpath(o) == target), None)


def dumps_line(record: dict[str, Any]) -> bytes:
    """Serialise one record as a JSONL line: UTF-8, keys in insertion order, ``\\n``-terminated."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def _new_file_mode(target: str) -> int:
    # mkstemp creates 0600; give the result the mode a plain open() would.
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: str) -> None:
    # Makes the rename itself durable; not every platform can open a directory.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class AtomicWriter:
    """Binary output that appears at ``path`` only on :meth:`commit`.

    Data goes to a temporary file in the same directory (so ``os.replace`` is
    an atomic rename), which is fsynced before it replaces ``path``.  With
    ``lazy=True`` nothing is created until the first write, and a writer that
    was never written to commits nothing.  ``-`` means stdout, written through.
    Used as a context manager it commits on success and discards on error.
    """

    def __init__(self, path: str, *, lazy: bool = False) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        self._tmp: str | None = None
        self.written = False
        if not lazy:
            self._open()

    def _open(self) -> IO[bytes]:
        if self._file is None:
            if self.path == STDIO:
                self._file = sys.stdout.buffer
            else:
                directory = os.path.dirname(os.path.abspath(self.path))
                prefix = f".{os.path.basename(self.path)}."
                fd, self._tmp = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
                self._file = os.fdopen(fd, "wb")
        return self._file

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        self._open().write(data)
        self.written = True

    def commit(self) -> None:
        """Flush, fsync and move the temporary file onto ``path``."""
        if self._file is None:
            return
        self._file.flush()
        if self._tmp is None:
            return
        os.fsync(self._file.fileno())
        self._file.close()
        os.chmod(self._tmp, _new_file_mode(self.path))
        os.replace(self._tmp, self.path)
        self._tmp = None
        _fsync_dir(os.path.dirname(os.path.abspath(self.path)))

    def abort(self) -> None:
        """Discard everything written; ``path`` keeps its old content."""
        if self._tmp is not None and self._file is not None:
            self._file.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
