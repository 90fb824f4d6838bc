"""Every code block of data/README.md's "Loading the articles (recipes)" runs, as written, from a
directory whose ``data/demo`` is a fresh demo output."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from demo_output import REPO, demo_output

SECTION = "## Loading the articles (recipes)"
FENCE = re.compile(r"^```(python|sh)\n(.*?)^```", re.S | re.M)


def recipes() -> list[tuple[str, str]]:
    text = (REPO / "data" / "README.md").read_text("utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1]
    section = re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]
    return [(m[1], m[2]) for m in FENCE.finditer(section)]


def test_the_section_has_a_recipe_for_each_loader() -> None:
    code = "\n".join(body for _, body in recipes())
    for needle in ("pd.read_json", "pl.read_ndjson", "pl.concat", "read_json_auto", "pq.read_table",
                   "defnews export --format parquet", "defnews export --format csv", "defnews report"):
        assert needle in code, needle


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("recipes")
    shutil.copytree(demo_output(tmp_path_factory), work / "data" / "demo")
    return work


def test_every_recipe_runs(workdir: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    for number, (language, body) in enumerate(recipes(), 1):
        cmd = [sys.executable, "-c", body] if language == "python" else ["bash", "-euo", "pipefail", "-c", body]
        proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"recipe {number} ({language}) failed:\n{body}\n{proc.stderr[-3000:]}"
        if language == "python":
            assert proc.stdout.strip(), f"recipe {number} printed nothing"
    assert (workdir / "data" / "demo" / "articles.parquet").is_file()
    assert (workdir / "data" / "demo" / "report.html").is_file()
