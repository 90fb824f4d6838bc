"""`--engine ray` gives the same bytes as the local engine for clean, dedup and rebuild.

One small local Ray cluster (2 CPUs) for the whole module: starting Ray costs seconds.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

import defnews.cli as cli  # noqa: E402
from crawler.mirror_server import DEFAULT_MIRROR, guess_type, load_meta  # noqa: E402
from crawler.warc_archive import WarcWriterFile  # noqa: E402

MOD_PAGES = (
    "j/approach/anpo/2024/0502a_usa-j.html",
    "j/press/news/2026/08/26a.html",
    "j/press/news/2026/08/26b.html",
    "j/press/news/2019/05/07a.html",  # Shift_JIS
    "j/press/news/2026/08/25a.pdf",
    "j/press/news/2026/08/24c.html",  # challenge page: skipped
    "j/rss/news.xml",  # discovery: skipped
)
BASE = "http://mirror.invalid"


@pytest.fixture(scope="module", autouse=True)
def ray_cluster() -> Iterator[None]:
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


def test_dedup_on_ray_equals_local(tmp_path: Path, sample_archive: Path) -> None:
    local, on_ray, code_local, code_ray = both(tmp_path, "dedup", str(sample_archive), str(sample_archive))
    assert local == on_ray and code_local == code_ray == 0
    records = [json.loads(line) for line in on_ray.splitlines()]
    assert len(records) == 2 * len(sample_archive.read_bytes().splitlines())  # nothing deleted
    assert all("clusterId" in r for r in records)


def write_mod_warc(path: Path) -> None:
    """A WARC as the mod_ja spider would write it, with the real writer, from mirror files."""
    started = datetime(2026, 8, 27, tzinfo=UTC)
    info = {"defnews-spider": "mod_ja", "defnews-run-id": "20260827T000000Z",
            "defnews-started": started.isoformat(), "defnews-spider-args": json.dumps({"base_url": BASE})}
    from scrapy.http import Request, Response

    writer = WarcWriterFile(path, info)
    for n, rel in enumerate(MOD_PAGES):
        file = DEFAULT_MIRROR / "mod" / rel
        meta = load_meta(file)
        body = file.read_bytes()
        headers = {"Content-Type": guess_type(file, body), **meta.get("headers", {})}
        request = Request(f"{BASE}/{rel}", meta={"article": not rel.endswith(".xml")})
        response = Response(request.url, status=int(meta.get("status", 200)), headers=headers, body=body, request=request)
        writer.write_exchange(request, response, started + timedelta(seconds=n))
    writer.close()


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
    assert len(records) == 5  # the challenge page and the feed are not articles
    assert all(r["metadata"]["warc"]["filename"] == f"mod_ja/{warc.name}" for r in records)
