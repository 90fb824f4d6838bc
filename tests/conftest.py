"""Shared fixtures: the sample archive, JSONL file writers, and an in-process ``defnews`` runner."""
from __future__ import annotations

import os

import gzip
import io
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "cleaning" / "samples"


@pytest.fixture(scope="session")
def sample_archive() -> Path:
    """The bundled sample archive (valid records only)."""
    return SAMPLES / "archive-sample.jsonl"


@pytest.fixture(scope="session")
def sample_records(sample_archive: Path) -> list[dict[str, Any]]:
    """The sample archive's records, parsed."""
    with sample_archive.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def to_line(item: bytes | str | dict[str, Any]) -> bytes:
    """A JSONL line (no terminator) from raw bytes, text, or a record."""
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode("utf-8")
    return json.dumps(item, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write lines (bytes, str or dicts) to ``tmp_path/name``; a ``.gz`` name is gzipped."""

    def write(name: str, items: Iterable[bytes | str | dict[str, Any]]) -> Path:
        data = b"".join(to_line(item) + b"\n" for item in items)
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        return path

    return write


@dataclass
class CliResult:
    code: int
    stdout: bytes
    stderr: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``defnews`` in-process with the given argv and stdin bytes; capture binary stdout."""
    from defnews.cli import main

    def run(*argv: str | Path, stdin: bytes = b"") -> CliResult:
        out = io.BytesIO()
        stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        err = io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(sys, "stderr", err)
        code = main([str(arg) for arg in argv])
        stdout.flush()
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def read_jsonl(path: Path | bytes) -> list[dict[str, Any]]:
    """Parse a JSONL file (or JSONL bytes) into records."""
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    return [json.loads(line) for line in data.splitlines()]


# Property tests draw the same examples on every run, so CI is reproducible and never
# flaky; explore new examples locally with HYPOTHESIS_PROFILE=explore.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
_hypothesis_settings.register_profile("explore", derandomize=False, deadline=None)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
