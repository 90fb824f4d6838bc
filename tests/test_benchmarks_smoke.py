"""The benchmarks run (``--quick``) and print their ratio line. No timing is asserted."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
RATIO_LINE = re.compile(r"^ours/.*\d+\.\d+x", re.M)


@pytest.mark.slow
@pytest.mark.parametrize("script", ["bench_extract.py", "bench_crawl.py"])
def test_benchmark_quick_run_prints_a_ratio(script: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(BENCH / script), "--quick"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert RATIO_LINE.search(proc.stdout), proc.stdout
