"""`defnews clean --workers 2` stopped by SIGTERM/SIGINT: workers stopped, temporary files gone."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(p) for p in task.read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _descendants(pid: int) -> list[int]:
    found = _children(pid)
    for child in list(found):
        found += _descendants(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("time_limit", ["0", "60"])  # a process pool; cleaning workers (and a resource tracker)
def test_signal_stops_workers_and_removes_temporary_files(tmp_path: Path, signum: int, time_limit: str) -> None:
    body = "防衛省は本日、日米防衛相会談を行った。両閣僚は緊密に連携することを確認した。" * 20
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for n in range(20000):
            f.write(json.dumps({"url": f"https://www.mod.go.jp/j/{n}.html", "articleBody": f"{n} {body}"}) + "\n")
    out = tmp_path / "out" / "out.jsonl"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "defnews.cli", "clean", str(src), "-o", str(out), "--workers", "2",
                             "--time-limit", time_limit], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _descendants(proc.pid)
    assert len(workers) >= 2, "the pool never started"
    time.sleep(0.5)
    workers = _descendants(proc.pid)
    proc.send_signal(signum)
    code = proc.wait(timeout=30)
    assert code == 130
    assert proc.stderr is not None and proc.stderr.read().decode().splitlines() == ["defnews: interrupted"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    assert list(out.parent.iterdir()) == []  # no output, no temporary file


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_every_command_stops_on_sigterm_like_ctrl_c(tmp_path: Path, signum: int) -> None:
    # dedup holds its output in a temporary file while it links: a scheduler's stop must
    # remove it and exit 130, as Ctrl-C does (it used to die by the signal, 143, file left).
    body = "The ministers agreed to deepen cooperation on maritime security in the region. " * 30
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for n in range(20000):
            f.write(json.dumps({"url": f"https://www.example.gov/{n}.html", "articleBody": f"{n} {body}"}) + "\n")
    out = tmp_path / "out" / "out.jsonl"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "defnews.cli", "dedup", str(src), "-o", str(out)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(out.parent.iterdir()):
        time.sleep(0.1)
    assert any(out.parent.iterdir()), "dedup never opened its output"
    proc.send_signal(signum)
    assert proc.wait(timeout=60) == 130
    assert proc.stderr is not None and b"interrupted" in proc.stderr.read()
    assert list(out.parent.iterdir()) == []
