"""Item pipelines, unit level: raw archive, clean, validate, dedup, store, and run ids."""
from __future__ import annotations

import gzip
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import cleaning
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler.pipelines import (
    CleanPipeline,
    DedupPipeline,
    RawArchivePipeline,
    StorePipeline,
    ValidatePipeline,
    data_dirs,
    load_stored_index,
    STORE_COMMIT,
    new_run_id,
    record_keys,
    run_id,
)


class UnitSpider(Spider):
    name = "unit"


def make_crawler(tmp_path: Path, **settings: Any) -> Crawler:
    crawler = get_crawler(UnitSpider, {"DEFNEWS_DATA_DIR": str(tmp_path), "DEFNEWS_RUN_ID": "RUN1",
                                       "DEFNEWS_CLEAN_TIME_LIMIT": 0, **settings})
    crawler.spider = UnitSpider.from_crawler(crawler)
    return crawler


def record(url: str = "https://example.org/news/1.html", **fields: Any) -> dict[str, Any]:
    return {"url": url, "headline": "Title", "articleBody": "Body text.", "source": "unit", **fields}


def open_pipeline(cls: Any, crawler: Crawler) -> Any:
    pipeline = cls.from_crawler(crawler)
    if hasattr(pipeline, "open_spider"):
        pipeline.open_spider()
    return pipeline


def dropped(crawler: Crawler, reason: str) -> int:
    return crawler.stats.get_value(f"defnews/dropped/{reason}", 0)


# --- settings and run id ------------------------------------------------------------------


def test_data_dirs_default_below_the_data_dir(tmp_path: Path) -> None:
    dirs = data_dirs(make_crawler(tmp_path).settings)
    assert (dirs.articles, dirs.raw) == (tmp_path / "articles", tmp_path / "raw")


def test_data_dirs_can_be_set_separately(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path, DEFNEWS_ARTICLES_DIR=str(tmp_path / "out"), DEFNEWS_RAW_DIR="/r")
    assert data_dirs(crawler.settings).articles == tmp_path / "out"
    assert data_dirs(crawler.settings).raw == Path("/r")


def test_run_id_defaults_to_a_utc_timestamp_and_is_stable(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path, DEFNEWS_RUN_ID=None)
    first = run_id(crawler)
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{6}", first)
    assert run_id(crawler) == first


def test_run_ids_started_in_the_same_second_differ() -> None:
    ids = {new_run_id() for _ in range(200)}
    assert len(ids) == 200


# --- raw archive --------------------------------------------------------------------------


def test_raw_archive_keeps_records_as_extracted(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    pipeline = open_pipeline(RawArchivePipeline, crawler)
    items = [record(articleBody="a  b"), record("https://example.org/2")]
    for item in items:
        assert pipeline.process_item(item) is item
    pipeline.close_spider()
    lines = gzip.decompress((tmp_path / "raw" / "unit" / "RUN1.jsonl.gz").read_bytes()).splitlines()
    assert [json.loads(line) for line in lines] == items


def test_raw_archive_writes_no_file_without_items(tmp_path: Path) -> None:
    pipeline = open_pipeline(RawArchivePipeline, make_crawler(tmp_path))
    pipeline.close_spider()
    assert not (tmp_path / "raw").exists()


def test_raw_archive_can_be_switched_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        RawArchivePipeline.from_crawler(make_crawler(tmp_path, DEFNEWS_RAW_ENABLED=False))


# --- clean and validate -------------------------------------------------------------------


def test_clean_adds_the_cleaning_block(tmp_path: Path) -> None:
    cleaned = open_pipeline(CleanPipeline, make_crawler(tmp_path)).process_item(record())
    assert cleaned["cleaning"]["contentHash"].startswith("sha256:")


def test_a_body_past_the_repair_limit_is_stored_unrepaired_and_counted(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path, DEFNEWS_MAX_REPAIR_CHARS=20)
    pipeline = open_pipeline(CleanPipeline, crawler)
    body = "Allies met met in Tokyo to discuss the plan."
    cleaned = pipeline.process_item(record(articleBody=body))
    assert cleaned["articleBody"] == body
    assert any("repeat repair skipped" in m for m in cleaned["metadata"]["validationMessages"])
    assert crawler.stats.get_value("defnews/limits/repair_chars") == 1
    # The bounded worker process receives the cleaner by pickle, limit included.
    assert pickle.loads(pickle.dumps(pipeline.clean)).keywords == {"max_repair_chars": 20}


def test_clean_drops_a_body_that_cleans_to_nothing(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    with pytest.raises(DropItem):
        open_pipeline(CleanPipeline, crawler).process_item(record(articleBody=" \n "))
    assert dropped(crawler, "empty") == 1


def test_clean_drops_a_record_without_body(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    with pytest.raises(DropItem):
        open_pipeline(CleanPipeline, crawler).process_item({"url": "https://example.org/x"})
    assert dropped(crawler, "clean_failed") == 1


def test_validate_passes_a_valid_record(tmp_path: Path) -> None:
    item = cleaning.clean_article(record())
    assert open_pipeline(ValidatePipeline, make_crawler(tmp_path)).process_item(item) is item


def test_validate_drops_with_the_validator_messages(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    with pytest.raises(DropItem, match=r"datePublished"):
        open_pipeline(ValidatePipeline, crawler).process_item(
            cleaning.clean_article(record(datePublished="3 May 2024")))
    assert dropped(crawler, "invalid") == 1


# --- dedup ------------------------------------------------------------------------------------


def test_record_keys_use_url_and_canonical_url() -> None:
    keys = record_keys(record("https://example.org/a?utm=1", canonicalUrl="https://example.org/a"))
    assert keys == {"https://example.org/a?utm=1", "https://example.org/a"}


def test_record_keys_ignore_a_canonical_pointing_at_the_site_root() -> None:
    assert record_keys(record("https://example.org/a", canonicalUrl="https://example.org/")) == {
        "https://example.org/a"
    }


def test_dedup_within_a_run_by_canonical_url(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    pipeline = open_pipeline(DedupPipeline, crawler)
    pipeline.process_item(record("https://example.org/a", canonicalUrl="https://example.org/a"))
    with pytest.raises(DropItem):
        pipeline.process_item(record("https://example.org/a?from=top", canonicalUrl="https://example.org/a"))
    assert dropped(crawler, "duplicate") == 1


def test_dedup_never_by_title(tmp_path: Path) -> None:
    # 日米合同委員会合意について recurs legitimately: same title, different releases.
    pipeline = open_pipeline(DedupPipeline, make_crawler(tmp_path))
    for n in (1, 2):
        pipeline.process_item(record(f"https://www.mod.go.jp/j/press/news/2026/08/2{n}a.html",
                                     headline="日米合同委員会合意について"))


def test_dedup_across_runs_loads_what_is_stored(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    stored = record("https://example.org/old", canonicalUrl="https://example.org/old")
    (tmp_path / "articles" / "unit.jsonl").write_text(json.dumps(stored) + "\n{broken\n")
    crawler = make_crawler(tmp_path)
    pipeline = open_pipeline(DedupPipeline, crawler)
    with pytest.raises(DropItem):
        pipeline.process_item(record("https://example.org/old"))
    assert pipeline.process_item(record("https://example.org/new"))["url"] == "https://example.org/new"


def test_dedup_in_overwrite_mode_ignores_earlier_runs(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "unit.jsonl").write_text(json.dumps(record()) + "\n")
    pipeline = open_pipeline(DedupPipeline, make_crawler(tmp_path, DEFNEWS_STORE_MODE="overwrite"))
    assert pipeline.process_item(record())


def test_load_stored_index_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert load_stored_index(tmp_path / "nothing.jsonl") == {}


def test_a_bad_store_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="DEFNEWS_STORE_MODE"):
        open_pipeline(DedupPipeline, make_crawler(tmp_path, DEFNEWS_STORE_MODE="merge"))


# --- store ------------------------------------------------------------------------------------


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_store_appends_and_flushes_per_item(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    path = tmp_path / "articles" / "unit.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps(record("https://example.org/old")) + "\n")
    pipeline = open_pipeline(StorePipeline, crawler)
    pipeline.process_item(record(headline="日本語"))
    # Flushed before close: a killed crawl keeps what it reported as stored.
    assert [r["url"] for r in read_lines(path)] == ["https://example.org/old", "https://example.org/news/1.html"]
    pipeline.close_spider()
    assert read_lines(path)[1]["headline"] == "日本語"
    assert crawler.stats.get_value("defnews/stored") == 1


def overwrite_run(tmp_path: Path, ok: bool) -> Path:
    path = tmp_path / "articles" / "unit.jsonl"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(record("https://example.org/old")) + "\n")
    crawler = make_crawler(tmp_path, DEFNEWS_STORE_MODE="overwrite")
    pipeline = open_pipeline(StorePipeline, crawler)
    pipeline.process_item(record("https://example.org/new"))
    # The file is untouched while the run goes on: a kill now leaves the old data.
    assert [r["url"] for r in read_lines(path)] == ["https://example.org/old"]
    pipeline.close_spider()
    crawler.signals.send_catch_log(STORE_COMMIT, ok=ok)
    assert not list(path.parent.glob(".*.tmp"))
    return path


def test_store_in_overwrite_mode_replaces_the_file_when_the_run_ends_well(tmp_path: Path) -> None:
    assert [r["url"] for r in read_lines(overwrite_run(tmp_path, ok=True))] == ["https://example.org/new"]


def test_store_in_overwrite_mode_keeps_the_old_file_when_the_run_fails(tmp_path: Path) -> None:
    assert [r["url"] for r in read_lines(overwrite_run(tmp_path, ok=False))] == ["https://example.org/old"]


# --- versions ---------------------------------------------------------------------------------


def cleaned(url: str, body: str) -> dict[str, Any]:
    return open_pipeline(CleanPipeline, make_crawler(Path("/nonexistent"))).process_item(
        record(url, articleBody=body, metadata={"dateDownloaded": "2026-11-30T10:00:00Z"}))


def store_one(tmp_path: Path, item: dict[str, Any], rid: str) -> dict[str, Any] | None:
    crawler = make_crawler(tmp_path, DEFNEWS_RUN_ID=rid)
    dedup, store = open_pipeline(DedupPipeline, crawler), open_pipeline(StorePipeline, crawler)
    try:
        out = store.process_item(dedup.process_item(item))
    except DropItem:
        out = None
    store.close_spider()
    return out


def test_a_changed_body_becomes_the_next_version_and_nothing_is_overwritten(tmp_path: Path) -> None:
    url = "https://example.org/news/1.html"
    first = cleaned(url, "The budget is 5 billion yen.\nThe minister spoke.")
    assert store_one(tmp_path, first, "R1") is not None
    assert store_one(tmp_path, cleaned(url, "The budget is 5 billion yen.\nThe minister spoke."), "R2") is None
    second = store_one(tmp_path, cleaned(url, "The budget is 6 billion yen.\nThe minister spoke."), "R3")
    assert second is not None
    lines = read_lines(tmp_path / "articles" / "unit.jsonl")
    assert [r.get("version", 1) for r in lines] == [1, 2]
    assert lines[0]["articleBody"].startswith("The budget is 5")  # version 1 kept as it was
    assert lines[1]["links"] == [{"rel": "previousVersion", "url": url}]
    change = lines[1]["metadata"]["change"]
    assert change["previousContentHash"] == first["cleaning"]["contentHash"]
    assert change["summary"].startswith("1 paragraph changed, 0 added, 0 removed")
    assert lines[1]["dateModified"] == "2026-11-30T10:00:00Z"
    third = store_one(tmp_path, cleaned(url, "The budget is 7 billion yen.\nThe minister spoke."), "R4")
    assert third is not None and third["version"] == 3
    assert third["metadata"]["change"]["previousContentHash"] == lines[1]["cleaning"]["contentHash"]


def test_a_summary_is_never_written_over(tmp_path: Path) -> None:
    from crawler.runner import write_json_new

    target = tmp_path / "summary-unit-R1.json"
    assert write_json_new(target, {"n": 1}) == target
    assert write_json_new(target, {"n": 2}) == tmp_path / "summary-unit-R1.1.json"
    assert json.loads(target.read_text()) == {"n": 1}
