"""`--engine ray` gives the same bytes as the local engine for clean, dedup and rebuild, and
bounds a rebuild's extraction as the local engine does (each Ray worker starts its own
extraction worker process).

One small local Ray cluster (2 CPUs) for the whole module: starting Ray costs seconds.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from mod_warc import STORED, rebuild_with_faulty_cleaning, rebuild_with_faulty_extraction, write_mod_warc  # noqa: E402

import defnews.cli as cli  # noqa: E402

TESTS = str(Path(__file__).parent)


@pytest.fixture(scope="module", autouse=True)
def ray_cluster() -> Iterator[None]:
    # Ray's workers import tests/slow_extract.py by name, as a local engine's spawned workers
    # do (those get this process's sys.path; Ray's workers get the environment it starts with).
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", os.pathsep.join(filter(None, [TESTS, os.environ.get("PYTHONPATH")])))
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        yield
        ray.shutdown()


def both(tmp_path: Path, *argv: str) -> tuple[bytes, bytes, int, int]:
    """Run ``defnews ARGV -o OUT`` on each engine; both outputs and exit codes."""
    outs, codes = [], []
    for engine in ("local", "ray"):
        out = tmp_path / f"{engine}.jsonl"
        codes.append(cli.main([*argv, "-o", str(out), "--engine", engine, "--workers", "2"]))
        outs.append(out.read_bytes())
    return outs[0], outs[1], codes[0], codes[1]


def test_clean_on_ray_equals_local(tmp_path: Path, sample_archive: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = sample_archive.read_bytes().splitlines()
    extra = [json.dumps({"url": "https://www.mod.go.jp/j/x.html", "articleBody": "本文", "datePublished":
                         "2024-05-03T17:03:00+09:00"}, ensure_ascii=False).encode(), b"{broken", b'{"url": "ftp://x", "articleBody": "b"}']
    src.write_bytes(b"\n".join(lines + extra) + b"\n")
    local, on_ray, code_local, code_ray = both(tmp_path, "clean", str(src))
    assert local == on_ray and code_local == code_ray == 1
    assert b"+09:00" in on_ray  # dates keep their offset (Ray Data's read_json would not)
    assert (tmp_path / "local.rejects.jsonl").read_bytes() == (tmp_path / "ray.rejects.jsonl").read_bytes()


def test_clean_on_ray_bounds_cleaning_as_local(tmp_path: Path, sample_archive: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Ray worker cleans in a cleaning worker of its own: a line that never finishes is
    one reject with its reason, and the rest are a local run's, byte for byte."""
    import slow_clean

    import defnews.clean as clean_command

    monkeypatch.setattr(clean_command, "clean_article", slow_clean.clean_article)
    src = tmp_path / "in.jsonl"
    slow = json.dumps({"url": "https://www.mod.go.jp/j/news/1.html", "articleBody": "本文"}).encode()
    src.write_bytes(b"\n".join([*sample_archive.read_bytes().splitlines(), slow]) + b"\n")
    local, on_ray, code_local, code_ray = both(tmp_path, "clean", str(src), "--time-limit", "2")
    assert local == on_ray and code_local == code_ray == 1
    rejects = (tmp_path / "ray.rejects.jsonl").read_bytes()
    assert rejects == (tmp_path / "local.rejects.jsonl").read_bytes()
    assert [json.loads(line)["reason"] for line in rejects.splitlines()] == ["clean_time_limit: cleaning took over 2 s"]


def test_dedup_on_ray_equals_local(tmp_path: Path, sample_archive: Path) -> None:
    local, on_ray, code_local, code_ray = both(tmp_path, "dedup", str(sample_archive), str(sample_archive))
    assert local == on_ray and code_local == code_ray == 0
    records = [json.loads(line) for line in on_ray.splitlines()]
    assert len(records) == 2 * len(sample_archive.read_bytes().splitlines())  # nothing deleted
    assert all("clusterId" in r for r in records)


def test_rebuild_on_ray_equals_local(tmp_path: Path) -> None:
    warc = tmp_path / "mod_ja.warc.gz"
    write_mod_warc(warc)
    outputs = []
    for engine in ("local", "ray"):
        out = tmp_path / engine
        assert cli.main(["rebuild", str(warc), "--out", str(out), "--engine", engine, "--workers", "2"]) == 0
        outputs.append((out / "articles" / "mod_ja.jsonl").read_bytes())
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(records) == STORED
    assert all(r["metadata"]["warc"]["filename"] == f"mod_ja/{warc.name}" for r in records)


def test_rebuild_on_ray_bounds_extraction_as_local(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ray workers start extraction workers of their own: a page that never finishes costs
    one counted record, and the others are those of a local rebuild, byte for byte."""
    runs = {"local": ["--workers", "1", "--extract-time-limit", "5"],
            "ray": ["--engine", "ray", "--workers", "2", "--extract-time-limit", "5"]}
    outputs = rebuild_with_faulty_extraction(run_cli, tmp_path, monkeypatch, "defnews/errors/extract_time_limit",
                                             runs, slow_page=True)
    assert outputs[0] == outputs[1]


def test_rebuild_on_ray_bounds_cleaning_as_local(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cleaning stays in the command's own cleaning worker on Ray too: a record whose cleaning
    never finishes is dropped as `time_limit`, and the others are a local rebuild's, byte for byte."""
    runs = {"local": ["--workers", "1", "--clean-time-limit", "2"],
            "ray": ["--engine", "ray", "--workers", "2", "--clean-time-limit", "2"]}
    outputs = rebuild_with_faulty_cleaning(run_cli, tmp_path, monkeypatch, "defnews/dropped/time_limit", runs,
                                           slow_page=True)
    assert outputs[0] == outputs[1]
