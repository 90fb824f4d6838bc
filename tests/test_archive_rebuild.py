"""Issue 10 end to end: `defnews demo` archives every response in WARC, `defnews rebuild` on those
archives gives the demo's records byte for byte, and the demo's records carry their links."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.warc_archive import check_warc

SPIDERS = ("mod_ja", "mod_en", "jdefense", "wargov", "generic")
pytestmark = pytest.mark.slow


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "defnews.cli", *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    proc = run("demo", "--out", str(out), cwd=out.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def warcs(demo: Path) -> list[Path]:
    return sorted((demo / "warc").glob("*/*.warc.gz"))


@pytest.fixture(scope="module")
def records(demo: Path) -> dict[str, dict[str, Any]]:
    """Every demo record by URL path."""
    out = {}
    for spider in SPIDERS:
        for line in (demo / f"{spider}.jsonl").read_text("utf-8").splitlines():
            record = json.loads(line)
            out[record["url"].split("/", 3)[3]] = record
    return out


def warc_records(path: Path) -> list[tuple[str, str | None, Any, bytes]]:
    """``(type, target URI, http headers, raw body)`` of every record."""
    found = []
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            found.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), rec.http_headers,
                          rec.raw_stream.read()))
    return found


# --- the archive --------------------------------------------------------------------------------


def test_one_valid_warc_per_spider(warcs: list[Path]) -> None:
    assert sorted(p.parent.name for p in warcs) == sorted(SPIDERS)
    for path in warcs:
        count, problem = check_warc(path)
        assert problem is None and count > 2
        with path.open("rb") as fh:
            first = next(iter(ArchiveIterator(fh)))
        assert first.rec_type == "warcinfo"
        assert first.rec_headers.protocol == "WARC/1.1"


def test_every_kind_of_response_is_archived_with_its_request(warcs: list[Path]) -> None:
    mod = next(p for p in warcs if p.parent.name == "mod_ja")
    recs = warc_records(mod)
    responses = {uri.split("/", 3)[3]: (http, body) for kind, uri, http, body in recs if kind == "response"}
    requests = [uri for kind, uri, _, _ in recs if kind == "request"]
    assert sorted(requests) == sorted(uri for kind, uri, _, _ in recs if kind == "response")
    assert responses["robots.txt"][0].get_statuscode() == "200"
    assert responses["j/rss/news.xml"][1].startswith(b"<?xml")
    challenge = responses["j/press/news/2026/08/24c.html"]
    assert challenge[0].get_statuscode() == "403" and b"Just a moment" in challenge[1]
    assert responses["j/press/news/2026/08/25a.pdf"][1].startswith(b"%PDF-")
    mirror = Path(__file__).resolve().parents[1] / "mirror" / "mod"
    sjis = "j/press/news/2019/05/07a.html"
    assert responses[sjis][1] == (mirror / sjis).read_bytes()  # bytes exactly as served
    wargov = next(p for p in warcs if p.parent.name == "wargov")
    statuses = {http.get_statuscode() for kind, _, http, _ in warc_records(wargov) if kind == "response"}
    assert "301" in statuses
    jdefense = next(p for p in warcs if p.parent.name == "jdefense")
    robots = [http for kind, uri, http, _ in warc_records(jdefense) if kind == "response" and uri.endswith("/robots.txt")]
    assert [http.get_statuscode() for http in robots] == ["404"]


def test_records_point_at_their_warc_record(demo: Path, records: dict[str, dict[str, Any]]) -> None:
    for record in records.values():
        warc = record["metadata"]["warc"]
        path = demo / "warc" / warc["filename"]  # <spider>/<run-id>.warc.gz
        with path.open("rb") as fh:
            fh.seek(warc["offset"])
            rec = next(iter(ArchiveIterator(fh)))
        assert rec.rec_headers.get_header("WARC-Record-ID") == warc["recordId"]
        assert rec.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert record["metadata"]["dateDownloaded"] == rec.rec_headers.get_header("WARC-Date")


# --- rebuild ------------------------------------------------------------------------------------


def test_rebuild_gives_the_demo_records_byte_for_byte(demo: Path, warcs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "rebuilt"
    proc = run("rebuild", *map(str, warcs), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for spider in SPIDERS:
        rebuilt = (out / "articles" / f"{spider}.jsonl").read_bytes().splitlines()
        crawled = (demo / f"{spider}.jsonl").read_bytes().splitlines()
        # Every record byte for byte; the file order may differ (the demo sorts its files by URL).
        assert sorted(rebuilt) == sorted(crawled)
        assert len(rebuilt) == len(crawled) > 0
    assert (out / "links" / "params.json").is_file()


def test_rebuild_of_an_article_archived_twice_is_routine(warcs: list[Path], tmp_path: Path) -> None:
    # Two runs that fetched the same releases (a scheduled crawl picking up corrections): the
    # second copy is a duplicate, counted, and no failure (exit 0, as the crawl's own status).
    jdefense = next(p for p in warcs if p.parent.name == "jdefense")
    again = tmp_path / "again" / jdefense.name
    again.parent.mkdir()
    again.write_bytes(jdefense.read_bytes())
    out = tmp_path / "rebuilt"
    proc = run("rebuild", str(jdefense), str(again), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    stored = (out / "articles" / "jdefense.jsonl").read_text("utf-8").splitlines()
    assert f"defnews/dropped/duplicate={len(stored)}" in proc.stderr


def test_rebuild_salvages_a_truncated_archive(warcs: list[Path], tmp_path: Path) -> None:
    jdefense = next(p for p in warcs if p.parent.name == "jdefense")
    data = jdefense.read_bytes()
    cut = tmp_path / jdefense.name
    cut.write_bytes(data[: len(data) * 2 // 3])
    out = tmp_path / "rebuilt"
    proc = run("rebuild", str(cut), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 1
    assert "stopped reading" in proc.stderr
    kept = (out / "articles" / "jdefense.jsonl").read_text("utf-8").splitlines()
    assert 0 < len(kept) < 24


# --- links in the demo's records ---------------------------------------------------------------


def rels(record: dict[str, Any], rel: str) -> list[str]:
    return [link["url"].split("/", 3)[3] for link in record["links"] if link["rel"] == rel]


def test_seed_republication_is_based_on_the_mod_original(records: dict[str, dict[str, Any]]) -> None:
    seed = records["docs/mod/000485.html"]
    original = records["j/approach/anpo/2024/0502a_usa-j.html"]
    assert rels(seed, "isBasedOn") == ["j/approach/anpo/2024/0502a_usa-j.html"]
    assert seed["clusterId"] == original["clusterId"] == original["canonicalUrl"]


def test_wargov_and_defensegov_copies_are_one_article(records: dict[str, dict[str, Any]]) -> None:
    (release,) = [r for path, r in records.items() if "/Article/3762300/" in path]
    same = [link["url"] for link in release["links"] if link["rel"] == "sameAs"]
    assert any("/News/News-Releases/News-Release-View/Article/3762300/" in url for url in same)
    assert any(url.startswith("https://www.defense.gov/News/Releases/Release/Article/3762300/") for url in same)
    assert release["clusterId"].startswith("https://www.war.gov/")


def test_mod_ja_and_en_are_linked_as_translations(records: dict[str, dict[str, Any]]) -> None:
    ja = records["j/approach/anpo/2024/0502a_usa-j.html"]
    en = records["en/article/2024/05/affffae4f26756b793e92d9138d8e98009504baa.html"]
    assert rels(ja, "workTranslation") == ["en/article/2024/05/affffae4f26756b793e92d9138d8e98009504baa.html"]
    assert rels(en, "translationOfWork") == ["j/approach/anpo/2024/0502a_usa-j.html"]
    assert en["clusterId"] == ja["clusterId"]


def test_no_link_between_different_mod_releases_of_one_day(records: dict[str, dict[str, Any]]) -> None:
    same_day = [path for path in records if path.startswith("j/press/news/2026/08/26")]
    same_day.append("j/approach/exchange/area/2026/20260826_aus_idn-j.html")
    assert len(same_day) == 3
    for path in same_day:
        linked = {link["url"].split("/", 3)[3] for link in records[path]["links"]}
        assert not linked & (set(same_day) - {path})
    assert len({records[p]["clusterId"] for p in same_day}) == 3


def test_dedup_completes_links_both_ways(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "linked.jsonl"
    proc = run("dedup", *(str(demo / f"{s}.jsonl") for s in SPIDERS), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    linked = {json.loads(line)["url"].split("/", 3)[3]: json.loads(line) for line in out.read_text("utf-8").splitlines()}
    assert len(linked) == sum(1 for s in SPIDERS for _ in (demo / f"{s}.jsonl").open())
    original = linked["j/approach/anpo/2024/0502a_usa-j.html"]
    assert "docs/mod/000485.html" in rels(original, "isBasisFor")


def test_raw_archive_is_still_written(demo: Path) -> None:
    raw = sorted((demo / "raw").glob("*/*.jsonl.gz"))
    assert raw and all(gzip.decompress(p.read_bytes()) for p in raw)


def test_rebuild_skips_a_damaged_record_and_keeps_the_rest(warcs: list[Path], tmp_path: Path) -> None:
    # One flipped byte inside a record in the middle: that record is lost, the ones after it are not.
    jdefense = next(p for p in warcs if p.parent.name == "jdefense")
    data = bytearray(jdefense.read_bytes())
    with jdefense.open("rb") as fh:
        records = ArchiveIterator(fh)
        articles = [records.get_record_offset() for rec in records
                    if rec.rec_type == "response"
                    and re.search(r"/docs/\w+/\d{6}\.html$", rec.rec_headers.get_header("WARC-Target-URI"))]
    middle = articles[len(articles) // 2]
    data[middle + 200] ^= 0xFF
    flipped = tmp_path / jdefense.name
    flipped.write_bytes(bytes(data))
    out = tmp_path / "rebuilt"
    proc = run("rebuild", str(flipped), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 1
    damaged = [line for line in proc.stderr.splitlines() if "damaged" in line]
    assert len(damaged) == 1 and f"offset {middle}" in damaged[0], proc.stderr
    kept = (out / "articles" / "jdefense.jsonl").read_text("utf-8").splitlines()
    assert len(kept) == 24 - 1  # only the damaged article is lost


def test_rebuild_refuses_an_output_that_holds_this_archive_already(warcs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "rebuilt"
    jdefense = next(p for p in warcs if p.parent.name == "jdefense")
    first = run("rebuild", str(jdefense), str(jdefense), "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "given more than once; read once" in first.stderr
    raw = next((out / "raw" / "jdefense").glob("*.jsonl.gz"))
    assert len(gzip.decompress(raw.read_bytes()).splitlines()) == 24  # not 48
    before = raw.read_bytes()
    again = run("rebuild", str(jdefense), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 2
    assert len(again.stderr.strip().splitlines()) == 1 and "already holds" in again.stderr
    assert raw.read_bytes() == before
