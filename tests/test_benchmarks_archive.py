"""benchmarks/bench_archive.py runs (``--quick``) and prints its figures. No timing is asserted."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_archive.py"


@pytest.mark.slow
def test_archive_benchmark_quick_run(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(BENCH), "--quick"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for line in ("records/s on one core", "ours/floor rebuild:", "ours/local ray overhead:", "identical: True"):
        assert line in proc.stdout, proc.stdout
