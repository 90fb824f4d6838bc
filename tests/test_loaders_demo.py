"""The demo output as analysts load it: reproducible (same records, same order, real URLs) and
a ``cleaning`` block of the same order of size as the text (issue 11)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from crawler import runner
from crawler.mirror_origins import MirrorDownloadHandler, NotInMirror, origin, to_mirror
from defnews import loaders
from demo_output import article_files, demo_output, run_demo

TEXT_FIELDS = ("headline", "description", "articleBody")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_output(tmp_path_factory)


def without_download_time(line: bytes) -> dict[str, Any]:
    """The record without what belongs to one download: its time and where this run's WARC
    file holds the response (record ids are unique per record; offsets move with the dates)."""
    record = orjson.loads(line)
    record["metadata"]["dateDownloaded"] = None
    record["metadata"]["warc"] = None
    return record


@pytest.mark.slow
def test_two_demo_runs_store_the_same_records_in_the_same_order(demo_dir: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    proc = run_demo(second)
    assert proc.returncode == 0, proc.stderr[-3000:]
    first_files = [p.name for p in article_files(demo_dir)]
    assert first_files == [p.name for p in article_files(second)]
    for name in first_files:
        a = (demo_dir / name).read_bytes().splitlines()
        b = (second / name).read_bytes().splitlines()
        assert [without_download_time(x) for x in a] == [without_download_time(y) for y in b], name
        # Apart from the download time the lines are byte for byte the same.
        assert [x.split(b'"dateDownloaded"')[0] for x in a] == [y.split(b'"dateDownloaded"')[0] for y in b]


def test_demo_records_carry_the_real_sites_urls_in_url_order(demo_dir: Path) -> None:
    real = tuple(runner.DEMO_SITES.values())
    for path in article_files(demo_dir):
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        assert records
        assert all(r["url"].startswith(real) for r in records), path.name
        assert "127.0.0.1" not in path.read_text("utf-8")
        assert [r["url"] for r in records] == sorted(r["url"] for r in records)


def test_cleaning_block_is_the_same_order_of_size_as_the_text(demo_dir: Path) -> None:
    """The edit log analysts load is no bigger than the text it explains (it was many times
    bigger when a fake-bold paragraph logged an edit per character)."""
    cleaning_bytes = text_bytes = 0
    for path in article_files(demo_dir):
        for line in path.read_bytes().splitlines():
            record = orjson.loads(line)
            cleaning_bytes += len(orjson.dumps(record["cleaning"]))
            text_bytes += sum(len((record[f] or "").encode()) for f in TEXT_FIELDS)
    assert text_bytes > 0 and cleaning_bytes / text_bytes <= 1.0, (cleaning_bytes, text_bytes)
    table = loaders.read_table(str(demo_dir / "*.jsonl"))
    loaded_cleaning = table.column("cleaning").nbytes
    loaded_text = sum(table.column(f).nbytes for f in TEXT_FIELDS)
    assert loaded_cleaning / loaded_text <= 1.0, (loaded_cleaning, loaded_text)


# --- the download handler that serves the real origins from the mirror --------------------------------


def test_origin_and_mirror_url() -> None:
    origins = {"https://www.mod.go.jp": "http://127.0.0.1:8123"}
    assert origin("https://WWW.MOD.GO.JP:443/j/") == "https://www.mod.go.jp"
    assert origin("http://www.mod.go.jp:8080/") == "http://www.mod.go.jp:8080"
    assert to_mirror("https://www.mod.go.jp/j/rss/news.xml?x=1", origins) == "http://127.0.0.1:8123/j/rss/news.xml?x=1"
    assert to_mirror("https://www.mod.go.jp", origins) == "http://127.0.0.1:8123/"
    assert to_mirror("http://www.mod.go.jp/j/", origins) is None  # another origin: another scheme
    assert to_mirror("https://mod.go.jp.evil.example/", origins) is None


def test_handler_refuses_a_url_no_mirror_site_serves() -> None:
    """Nothing reaches the network: the refusal comes before any connection is made."""
    crawler = get_crawler(settings_dict={"DEFNEWS_MIRROR_ORIGINS": '{"https://www.mod.go.jp": "http://127.0.0.1:9"}'})
    handler = MirrorDownloadHandler.from_crawler(crawler)
    assert handler.origins == {"https://www.mod.go.jp": "http://127.0.0.1:9"}
    for url in ("https://evil.example/x", "http://www.mod.go.jp/j/", "https://media.defense.gov/a.pdf"):
        coroutine = handler.download_request(Request(url))
        with pytest.raises(NotInMirror, match="not in the mirror"):
            coroutine.send(None)


def test_handler_needs_its_setting() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        MirrorDownloadHandler.from_crawler(get_crawler())


def test_demo_settings_map_every_mirror_site_to_its_real_origin() -> None:
    settings = runner.mirror_settings({"mod": "http://127.0.0.1:1", "generic": "http://127.0.0.1:2", "x": "y"})
    assert json.loads(settings["DEFNEWS_MIRROR_ORIGINS"]) == {
        "https://www.mod.go.jp": "http://127.0.0.1:1", "https://www.defence.examplia.example": "http://127.0.0.1:2"}
    assert set(json.loads(settings["DOWNLOAD_HANDLERS"])) == {"http", "https"}
    runs = runner.demo_runs({"mod": "http://127.0.0.1:1"}, {"LOG_LEVEL": "INFO"})
    assert all(r.settings["DOWNLOAD_HANDLERS"] == settings["DOWNLOAD_HANDLERS"] for r in runs)
    assert [r.name for r in runs] == ["mod_ja", "mod_en", "jdefense", "wargov", "generic"]
    assert all("base_url" not in r.args for r in runs)  # the spiders crawl the real origins


def test_sort_articles_orders_by_url_then_version(tmp_path: Path) -> None:
    lines = [{"url": "https://b.gov/1", "version": 2, "n": 0}, {"url": "https://a.gov/9", "version": 1, "n": 1},
             {"url": "https://b.gov/1", "version": 1, "n": 2}, {"url": "https://a.gov/10", "version": 1, "n": 3}]
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in lines))
    runner.sort_articles(path)
    assert [orjson.loads(x)["n"] for x in path.read_bytes().splitlines()] == [3, 1, 2, 0]
    runner.sort_articles(tmp_path / "missing.jsonl")  # a spider that stored nothing: no file, no error
