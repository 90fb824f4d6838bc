"""Analysts' loaders lose nothing: pandas, polars (glob and per-file concat), duckdb and Parquet
read the demo output, and generated records that fill every field of the contract, with every
value equal to the JSON and dates typed (issue 11)."""
from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaning import conform_record, validate_record
from defnews import loaders
from defnews.loaders import Date, ListOf, StructOf
from demo_output import (
    article_files,
    assert_same_records,
    contract_record,
    demo_output,
    read_records,
)

DATE_COLUMNS = ("datePublished", "dateModified")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_output(tmp_path_factory)


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The polars traps: the first file's records have empty lists and nulls everywhere,
    the second file's fill every field (edits, fixes, links, date candidates, warc, ...)."""
    rng = random.Random(11)
    directory = tmp_path_factory.mktemp("generated")
    for name, full in (("a_sparse.jsonl", False), ("b_full.jsonl", True), ("c_sparse.jsonl", False)):
        records = [contract_record(rng, full) for _ in range(12)]
        with (directory / name).open("w", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return directory


@pytest.fixture(params=["demo", "generated"])
def data_dir(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_dir")


def test_generated_records_are_valid_and_fill_every_field(generated_dir: Path) -> None:
    records = read_records(article_files(generated_dir))
    for record in records:
        assert validate_record(record) == []
        assert conform_record(record) == record  # already in the contract's shape and order
    full = read_records([generated_dir / "b_full.jsonl"])
    assert all(r["cleaning"]["edits"] and r["links"] and r["metadata"]["dateCandidates"] for r in full)
    assert all(r["metadata"]["warc"] and r["dateModified"] for r in full)


# --- the schema is the contract's ------------------------------------------------------------------


def _paths(node: loaders.Node, prefix: str = "") -> set[str]:
    if isinstance(node, StructOf):
        return {p for name, child in node.fields for p in {prefix + name} | _paths(child, prefix + name + ".")}
    if isinstance(node, ListOf):
        return _paths(node.item, prefix)
    return set()


def _schema_paths(schema: dict[str, Any], root: dict[str, Any], prefix: str = "") -> set[str]:
    ref = schema.get("$ref", "")
    if ref and ref != "#/$defs/isoDateTime":
        return _schema_paths(root["$defs"][ref.rsplit("/", 1)[1]], root, prefix)
    for option in schema.get("oneOf", []):
        if option.get("type") == "object":
            return _schema_paths(option, root, prefix)
    if "items" in schema:
        return _schema_paths(schema["items"], root, prefix)
    out: set[str] = set()
    for name, sub in (schema.get("properties") or {}).items():
        out |= {prefix + name} | _schema_paths(sub, root, prefix + name + ".")
    return out


def test_layout_has_every_key_of_the_json_schema() -> None:
    root = loaders.contract_schema()
    assert _paths(loaders.layout()) == _schema_paths(root, root)


def test_export_schema_types_dates_and_nested_lists() -> None:
    schema = loaders.arrow_schema()
    assert schema.field("datePublished").type == pa.timestamp("us", tz="UTC")
    assert schema.field("datePublishedOffsetMinutes").type == pa.int16()
    edit = schema.field("cleaning").type.field("edits").type.value_type
    assert {edit.field(i).name: str(edit.field(i).type) for i in range(edit.num_fields)} == {
        "field": "string", "kind": "string", "start": "int64", "end": "int64", "step": "int64",
        "removed": "string", "score": "double", "spans": "list<item: int64>", "lags": "list<item: int64>"}
    links = schema.field("links").type.value_type
    assert [links.field(i).name for i in range(links.num_fields)] == ["rel", "url"]
    candidates = schema.field("metadata").type.field("dateCandidates").type.value_type
    assert candidates.field("value").type == pa.timestamp("us", tz="UTC")
    assert "valueOffsetMinutes" in [candidates.field(i).name for i in range(candidates.num_fields)]
    assert isinstance(dict(loaders.layout().fields)["datePublished"], Date)


def test_dates_split_into_utc_and_offset_and_back() -> None:
    for text in ("2024-05-03T17:03:00+09:00", "2024-05-02T23:30:00-04:00", "2024-01-01T00:00:00.250000+05:30"):
        instant, minutes = loaders.split_datetime(text)
        assert instant is not None and instant.tzinfo == UTC
        assert instant == datetime.fromisoformat(text)
        assert loaders.join_datetime(instant, minutes) == text
    assert loaders.split_datetime("2024-05-03T08:03:00Z") == (datetime(2024, 5, 3, 8, 3, tzinfo=UTC), 0)
    for bad in ("2024-05-03T17:03:00", "2024-05-03", "3 May 2024", "2024-05-03T17:03:00+09:00:30"):
        with pytest.raises(loaders.RecordError):
            loaders.split_datetime(bad)


# --- each library, on the demo output and on the generated files ----------------------------------------


def test_pandas_read_json_per_file(data_dir: Path) -> None:
    files = article_files(data_dir)
    expected = read_records(files)
    # The recipe of data/README.md: no type guessing, then dates in UTC (the offsets are mixed).
    frame = pd.concat([pd.read_json(f, lines=True, dtype=False) for f in files], ignore_index=True)
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        assert str(frame[column].dtype) == "datetime64[us, UTC]" or str(frame[column].dtype).endswith(", UTC]")
    assert list(frame.columns) == list(expected[0])
    assert_same_records(frame.to_dict("records"), expected)


def test_polars_read_ndjson_on_a_glob(data_dir: Path) -> None:
    expected = read_records(article_files(data_dir))
    frame = pl.read_ndjson(str(data_dir / "*.jsonl"), schema=loaders.polars_schema())
    assert frame.schema["datePublished"] == pl.Datetime("us", "UTC")
    assert_same_records(frame.to_dicts(), expected)


def test_polars_concat_of_per_file_reads_in_any_order(data_dir: Path) -> None:
    files = article_files(data_dir)
    for order in (files, files[::-1]):
        frame = pl.concat([pl.read_ndjson(f, schema=loaders.polars_schema()) for f in order])
        assert_same_records(frame.to_dicts(), read_records(order))


def test_duckdb_read_json_auto(demo_dir: Path) -> None:
    expected = read_records(article_files(demo_dir))
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    relation = con.sql(f"SELECT * FROM read_json_auto('{demo_dir / '*.jsonl'}')")
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert list(types) == list(expected[0])
    assert types["datePublished"] == "TIMESTAMP WITH TIME ZONE"
    rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    assert_same_records(rows, expected)


def test_duckdb_read_json_with_the_contract_columns(data_dir: Path) -> None:
    expected = read_records(article_files(data_dir))
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    relation = con.sql(f"SELECT * FROM read_json('{data_dir / '*.jsonl'}', columns = $columns)",
                       params={"columns": loaders.duckdb_columns()})
    rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    assert_same_records(rows, expected)


def test_read_table_and_parquet_round_trip(data_dir: Path, tmp_path: Path) -> None:
    expected = read_records(article_files(data_dir))
    table = loaders.read_table(str(data_dir / "*.jsonl"))
    assert table.schema == loaders.arrow_schema()
    pq.write_table(table, tmp_path / "a.parquet")
    back = pq.read_table(tmp_path / "a.parquet")
    assert back.schema == loaders.arrow_schema()
    records = [loaders.from_export_row(row) for row in back.to_pylist()]
    assert_same_records(records, expected)
    # The offsets survive: the record comes back with the offset it was written with.
    for record, original in zip(records, expected, strict=True):
        for column in DATE_COLUMNS:
            if original[column]:
                assert datetime.fromisoformat(record[column]).utcoffset() == \
                    datetime.fromisoformat(original[column]).utcoffset()
    frame = back.to_pandas()
    assert str(frame["datePublished"].dtype).endswith(", UTC]")


def test_read_table_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"url": "https://a.gov/1", "articleBody": "b", "datePublished": "yesterday"}\n')
    with pytest.raises(loaders.RecordError, match=r"x\.jsonl:1: .*datePublished"):
        loaders.read_table(str(path))
    with pytest.raises(FileNotFoundError):
        loaders.expand([str(tmp_path / "none-*.jsonl")])
