"""The record contract: the schema is sound, what `defnews clean` writes obeys it, bad records do not."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cleaning import clean_article, conform_record, validate_record
from cleaning.record_contract import CLEANING, EDIT_KEYS, METADATA, TOP_LEVEL, edit_entry
from conftest import CliResult, read_jsonl


def _schema() -> dict[str, Any]:
    return json.loads(resources.files("cleaning").joinpath("article.schema.json").read_text("utf-8"))


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(_schema())


def test_contract_keys_match_the_schema() -> None:
    schema = _schema()
    assert list(schema["properties"]) == schema["required"] == [key for key, _ in TOP_LEVEL]
    assert list(schema["$defs"]["metadata"]["properties"]) == [key for key, _ in METADATA]
    assert list(schema["$defs"]["cleaning"]["properties"]) == [key for key, _ in CLEANING]
    assert list(schema["$defs"]["edit"]["properties"]) == list(EDIT_KEYS)


def test_everything_defnews_clean_writes_is_valid(
    run_cli: Callable[..., CliResult], sample_archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", sample_archive, "-o", out).code == 0
    records = read_jsonl(out)
    assert records
    for record in records:
        assert validate_record(record) == [], record["url"]


def test_sample_inputs_are_valid_extracted_records_once_conformed(sample_records: list[dict[str, Any]]) -> None:
    for record in sample_records:
        assert validate_record(conform_record(record), extracted=True) == [], record["url"]


def test_version_1_records_are_upgraded() -> None:
    v1 = {
        "url": "https://www.mod.go.jp/j/a.html", "headline": "見出し", "articleBody": "本文",
        "datePublished": "2024-07-28T00:00:00+09:00", "dateModified": "2024-07-29T10:30:00+09:00",
        "metadata": {"dateDownloaded": "2024-07-29T01:02:03Z", "pdfPages": 2},
        "cleaning": {
            "version": "0.1.0", "contentHash": "sha256:" + "0" * 64,
            "fixes": {"headline": ["fix_character_width"], "articleBody": ["a", "b"]},
            "edits": {"articleBody": [{"start": 2, "end": 4, "removed": "本文", "kind": "run_doubling",
                                       "score": 1.0, "reason": "doubled"}]},
        },
        "feed": "https://www.mod.go.jp/j/rss/news.xml",
    }
    v2 = conform_record(v1)
    assert validate_record(v2) == []
    assert (v2["schemaVersion"], v2["version"], v2["links"], v2["clusterId"]) == (3, 1, [], None)
    assert (v2["datePublishedPrecision"], v2["dateModifiedPrecision"]) == ("day", "time")
    assert v2["cleaning"]["fixes"] == [{"field": "headline", "name": "fix_character_width"},
                                       {"field": "articleBody", "name": "a"}, {"field": "articleBody", "name": "b"}]
    assert v2["cleaning"]["edits"] == [{"field": "articleBody", "kind": "run_doubling", "start": 2, "end": 4,
                                        "step": 1, "removed": "本文", "score": 1.0, "spans": [], "lags": []}]
    assert json.loads(v2["metadata"]["extra"]) == {"feed": "https://www.mod.go.jp/j/rss/news.xml", "metadata.pdfPages": 2}
    assert conform_record(v2) == v2


@pytest.mark.parametrize("metadata", [[], "", 0])
def test_metadata_that_is_not_an_object_is_refused(metadata: Any) -> None:
    with pytest.raises(TypeError, match="'metadata' must be an object"):
        conform_record({"url": "https://x.gov/a", "articleBody": "b", "metadata": metadata})


@pytest.mark.parametrize("extra", ["not json", "[1]", 5])
def test_a_foreign_extra_is_kept_not_lost(extra: Any) -> None:
    out = conform_record({"url": "https://x.gov/a", "articleBody": "b", "metadata": {"extra": extra}, "k": 1})
    assert json.loads(out["metadata"]["extra"]) == {"extra": extra, "k": 1}


def test_keys_outside_the_contract_are_never_lost_even_when_names_collide() -> None:
    record = {"url": "https://x.gov/m4", "articleBody": "body", "foo": 1,
              "metadata": {"foo": 2, "extra": '{"foo": 3}'}, "cleaning": {"version": "0.1.0", "mystery": 1}}
    out = conform_record(record)
    assert json.loads(out["metadata"]["extra"]) == {"foo": 3, "foo~": 1, "metadata.foo": 2, "cleaning.mystery": 1}
    assert conform_record(out) == out


def _valid() -> dict[str, Any]:
    return clean_article({
        "url": "https://www.mod.go.jp/en/a.html",
        "headline": "Meeting",
        "datePublished": "2024-07-28T10:00:00+09:00",
        "inLanguage": "en",
        "articleBody": "Body.",
    })


def test_valid_record_has_no_errors() -> None:
    assert validate_record(_valid()) == []


def _edit(**overrides: Any) -> dict[str, Any]:
    return {**edit_entry("articleBody", {"start": 0, "end": 1, "removed": "a", "kind": "run_doubling", "score": 1.0}),
            **overrides}


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda r: r.pop("articleBody"), "$: 'articleBody' is a required property"),
        (lambda r: r.update(url="ftp://x/y"), "$.url"),
        (lambda r: r.update(articleBody=None), "$.articleBody"),
        (lambda r: r.update(datePublished="28 July 2024"), "$.datePublished"),
        (lambda r: r.update(datePublished="2024-07-28T10:00:00"), "$.datePublished"),
        (lambda r: r.update(inLanguage="English"), "$.inLanguage"),
        (lambda r: r.update(breadcrumbs=["a", 1]), "$.breadcrumbs[1]"),
        (lambda r: r["cleaning"].pop("contentHash"), "$.cleaning: 'contentHash' is a required property"),
        (lambda r: r["cleaning"].update(contentHash="md5:abc"), "$.cleaning.contentHash"),
        (lambda r: r["cleaning"].update(extra=1), "$.cleaning"),
        (lambda r: r["cleaning"]["fixes"].append("fix_line_breaks"), "$.cleaning.fixes[0]"),
        (lambda r: r["cleaning"]["edits"].append(_edit(kind="guess")), "$.cleaning.edits[0].kind"),
        (lambda r: r["cleaning"]["edits"].append(_edit(start=-1)), "$.cleaning.edits[0].start"),
        (lambda r: r["cleaning"]["edits"].append(_edit(field="url")), "$.cleaning.edits[0].field"),
        (lambda r: r["cleaning"]["edits"].append(_edit(note="x")), "$.cleaning.edits[0]"),
        (lambda r: r.pop("links"), "$: 'links' is a required property"),
        (lambda r: r.update(extra=1), "$: Additional properties"),
        (lambda r: r.update(articleBody=" \n"), "$.articleBody"),
        (lambda r: r.update(datePublishedPrecision="hour"), "$.datePublishedPrecision"),
        (lambda r: r["links"].append({"rel": "likes", "url": "https://x.gov/"}), "$.links[0].rel"),
        (lambda r: r["metadata"].update(warc={"filename": "a.warc.gz"}), "$.metadata.warc"),
        (lambda r: r["metadata"].pop("dateCandidates"), "$.metadata: 'dateCandidates' is a required property"),
    ],
)
def test_bad_records_fail_with_their_path(change: Callable[[dict[str, Any]], Any], path: str) -> None:
    record = _valid()
    change(record)
    errors = validate_record(record)
    assert errors, "expected a validation error"
    assert any(error.startswith(path) for error in errors), errors


def test_non_object_fails() -> None:
    assert validate_record(["not", "a", "record"]) == ["$: ['not', 'a', 'record'] is not of type 'object'"]


def test_date_downloaded_has_one_format_and_old_records_still_load() -> None:
    """UTC with Z, as WARC-Date writes it; records stored with +00:00 are read as Z."""
    from crawler.warc_archive import date_downloaded, warc_date

    old = {"url": "https://x.gov/a", "articleBody": "Body.", "metadata": {"dateDownloaded": "2026-11-30T15:10:00+00:00"}}
    conformed = conform_record(old)
    assert conformed["metadata"]["dateDownloaded"] == "2026-11-30T15:10:00Z"
    assert conform_record(conformed) == conformed
    cleaned = clean_article(old)
    assert validate_record(cleaned) == [] and clean_article(cleaned) == cleaned
    moment = datetime(2026, 11, 30, 15, 10, 0, 123456, tzinfo=UTC)
    assert date_downloaded(warc_date(moment)) == warc_date(moment) == "2026-11-30T15:10:00Z"
