"""The record contract: the schema is sound, what `defnews clean` writes obeys it, bad records do not."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cleaning import Edit, clean_article, validate_record
from conftest import CliResult, read_jsonl


def _schema() -> dict[str, Any]:
    return json.loads(resources.files("cleaning").joinpath("article.schema.json").read_text("utf-8"))


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(_schema())


def test_edit_fields_match_the_schema() -> None:
    edit_schema = _schema()["$defs"]["edit"]
    assert {f.name for f in dataclasses.fields(Edit)} == set(edit_schema["properties"])
    assert set(edit_schema["required"]) <= {f.name for f in dataclasses.fields(Edit)}


def test_everything_defnews_clean_writes_is_valid(
    run_cli: Callable[..., CliResult], sample_archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", sample_archive, "-o", out).code == 0
    records = read_jsonl(out)
    assert records
    for record in records:
        assert validate_record(record) == [], record["url"]


def test_sample_inputs_are_valid_too(sample_records: list[dict[str, Any]]) -> None:
    for record in sample_records:
        assert validate_record(record) == [], record["url"]


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
    return {**Edit(0, 1, "a", "run_doubling", 1.0).to_dict(), **overrides}


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
        (lambda r: r["cleaning"]["fixes"].update(articleBody="fix_line_breaks"), "$.cleaning.fixes.articleBody"),
        (lambda r: r["cleaning"]["edits"].update(articleBody=[_edit(kind="guess")]), "$.cleaning.edits.articleBody[0].kind"),
        (lambda r: r["cleaning"]["edits"].update(articleBody=[_edit(start=-1)]), "$.cleaning.edits.articleBody[0].start"),
        (lambda r: r["cleaning"]["edits"].update(articleBody=[_edit(note="x")]), "$.cleaning.edits.articleBody[0]"),
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
