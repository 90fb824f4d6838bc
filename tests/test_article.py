"""clean_text / clean_article: what is cleaned, what passes through, the audit block, idempotence."""
from __future__ import annotations

import copy
import doctest
import hashlib
import json
import importlib
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaning
import cleaning.article as article
from cleaning import Edit, apply_edits, clean_article, clean_text, normalize, validate_record
from cleaning.article import replay_text
from cleaning.record_contract import TOP_LEVEL
from conftest import REPO

TEXT_FIELDS = ("headline", "description", "articleBody")


def _record(**fields: Any) -> dict[str, Any]:
    base = {
        "url": "https://www.mod.go.jp/j/press/news/2024/01/01a.html",
        "headline": "ＭＯＤ  news",
        "datePublished": "2024-01-01T00:00:00+09:00",
        "inLanguage": "ja",
        "breadcrumbs": ["防衛省", "  報道資料  "],
        "articleBody": "本文\u200bです。\r\n\r\n次の段落。",
        "source": "mod_ja",
        "metadata": {"dateDownloaded": "2024-01-02T00:00:00Z", "validationMessages": ["  kept  "]},
        "extraField": {"nested": [1, 2.5, None]},
    }
    base.update(fields)
    return base


def _fake_repeats(drop: str):
    """A stand-in for explain_repeats that deletes the first ``drop`` it finds."""

    def explain(text: str) -> tuple[str, list[Edit]]:
        start = text.find(drop)
        if start < 0:
            return text, []
        edit = Edit(start, start + len(drop), drop, "run_doubling", 1.0, "test")
        return text[:start] + text[start + len(drop):], [edit]

    return explain


def test_version_matches_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert cleaning.__version__ == project["version"]


def test_doctests_pass() -> None:
    result = doctest.testmod(importlib.import_module("cleaning.article"))
    assert result.attempted > 0 and result.failed == 0


def test_clean_text_normalizes_then_collapses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article, "explain_repeats", _fake_repeats("連携"))
    text, fixes, edits = clean_text("日米は\u3000緊密に連携連携する。")
    assert text == "日米は 緊密に連携する。"
    assert fixes == ["fix_character_width", "collapse_repeats"]
    # Offsets index the normalized text, not the raw input.
    assert edits == [Edit(7, 9, "連携", "run_doubling", 1.0, "test")]
    assert apply_edits("日米は 緊密に連携連携する。", edits) == text


def test_clean_article_cleans_text_fields_only() -> None:
    record = _record()
    out = clean_article(record)
    assert out["headline"] == "MOD news"
    assert out["articleBody"] == "本文です。\n次の段落。"
    for key, value in record.items():
        if key not in (*TEXT_FIELDS, "metadata", "extraField"):
            assert out[key] == value, key
    assert out["metadata"] | record["metadata"] == out["metadata"]
    # A key outside the contract is kept, never dropped: in metadata.extra, as JSON text.
    assert json.loads(out["metadata"]["extra"]) == {"extraField": {"nested": [1, 2.5, None]}}
    # Whitespace in non-text fields is data, not ours to fix.
    assert out["breadcrumbs"] == ["防衛省", "  報道資料  "]
    assert list(out) == [key for key, _ in TOP_LEVEL]


def test_clean_article_does_not_mutate_its_input() -> None:
    record = _record()
    before = copy.deepcopy(record)
    clean_article(record)
    assert record == before


def test_non_string_and_missing_text_fields_pass_through() -> None:
    record = _record(headline=None)
    out = clean_article(record)
    assert out["headline"] is None
    assert out["description"] is None  # the contract: every key present, null when unknown
    assert "headline" not in {fix["field"] for fix in out["cleaning"]["fixes"]}


def test_cleaning_block_is_complete_and_valid() -> None:
    out = clean_article(_record())
    block = out["cleaning"]
    assert block["version"] == cleaning.__version__
    assert block["fixes"] == [
        {"field": "headline", "name": "fix_character_width"},
        {"field": "headline", "name": "normalize_whitespace"},
        {"field": "articleBody", "name": "fix_line_breaks"},
        {"field": "articleBody", "name": "remove_invisible_chars"},
        {"field": "articleBody", "name": "normalize_whitespace"},
    ]
    expected_hash = hashlib.sha256(out["articleBody"].encode("utf-8")).hexdigest()
    assert block["contentHash"] == f"sha256:{expected_hash}"
    assert validate_record(out) == []


def test_unchanged_fields_are_absent_from_fixes_and_edits() -> None:
    out = clean_article(_record(headline="Clean", articleBody="Clean body."))
    assert out["cleaning"]["fixes"] == []
    assert out["cleaning"]["edits"] == []


def test_edits_are_recorded_per_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article, "explain_repeats", _fake_repeats("です"))
    out = clean_article(_record(headline="見出しです"))
    edits = out["cleaning"]["edits"]
    assert {edit["field"] for edit in edits} == {"headline", "articleBody"}
    assert edits[0] == {
        "field": "headline", "kind": "run_doubling", "start": 3, "end": 5, "step": 1, "removed": "です", "score": 1.0,
        "spans": [], "lags": [],
    }
    assert out["headline"] == "見出し"
    assert validate_record(out) == []


def test_sample_edits_replay_onto_normalized_text(sample_records: list[dict[str, Any]]) -> None:
    # The schema's promise: replaying the edits on the normalized field gives the stored field.
    for record in sample_records:
        out = clean_article(record)
        for field in TEXT_FIELDS:
            edits = [e for e in out["cleaning"]["edits"] if e["field"] == field]
            if not edits:
                continue
            replayed = replay_text(record[field], [Edit.from_dict(e) for e in edits])
            assert replayed == out[field]


def test_clean_article_is_idempotent_on_samples(sample_records: list[dict[str, Any]]) -> None:
    for record in sample_records:
        once = clean_article(record)
        assert clean_article(once) == once


def test_idempotent_even_when_collapse_output_is_not_normalized(monkeypatch: pytest.MonkeyPatch) -> None:
    # Deleting "X" leaves a double space; whitespace is normalized again after the
    # repair, so the stored text is what a fresh clean gives, and a re-run is a no-op.
    monkeypatch.setattr(article, "explain_repeats", _fake_repeats("X"))
    once = clean_article(_record(articleBody="a X b"))
    assert once["articleBody"] == "a b"
    assert clean_article(once) == once


def test_stale_version_is_recleaned(monkeypatch: pytest.MonkeyPatch) -> None:
    once = clean_article(_record())
    stale = {**once, "headline": "  spaced  ", "cleaning": {**once["cleaning"], "version": "0.0.1"}}
    again = clean_article(stale)
    assert again["cleaning"]["version"] == cleaning.__version__
    assert again["headline"] == "spaced"
    assert again["cleaning"]["fixes"] == [{"field": "headline", "name": "normalize_whitespace"}]


def test_edited_body_is_recleaned() -> None:
    once = clean_article(_record())
    tampered = {**once, "articleBody": once["articleBody"] + "\n\n追記　。"}
    again = clean_article(tampered)
    assert again["articleBody"] == once["articleBody"] + "\n追記 。"
    assert again["cleaning"]["contentHash"] != once["cleaning"]["contentHash"]


def test_garbage_cleaning_block_is_replaced() -> None:
    out = clean_article(_record(cleaning="not a block"))
    assert validate_record(out) == []


def test_missing_body_is_an_error() -> None:
    record = _record()
    del record["articleBody"]
    with pytest.raises(ValueError, match="articleBody"):
        clean_article(record)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=40)))
def test_clean_article_idempotent_and_valid_on_random_text(body: str, headline: str | None) -> None:
    once = clean_article(_record(articleBody=body, headline=headline))
    assert clean_article(once) == once
    # An empty body is stored nowhere: the crawl and `defnews clean` reject it, counted.
    assert validate_record(once) == [] or not once["articleBody"].strip()
