"""``defnews export``: Parquet and CSV with the contract's schema, rejects, exit status."""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from defnews import cli, loaders
from demo_output import article_files, assert_same_records, contract_record, demo_output, read_records


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_output(tmp_path_factory)


def export(*argv: str) -> int:
    return cli.main(["export", *argv])


def test_parquet_of_the_demo_output_keeps_every_field(demo_dir: Path, tmp_path: Path) -> None:
    files = [str(p) for p in article_files(demo_dir)]
    out = tmp_path / "articles.parquet"
    assert export("--format", "parquet", *files, "-o", str(out)) == 0
    table = pq.read_table(out)
    assert table.schema == loaders.arrow_schema()
    assert_same_records([loaders.from_export_row(r) for r in table.to_pylist()], read_records(article_files(demo_dir)))
    assert not (tmp_path / "articles.rejects.jsonl").exists()
    # The offset column holds what the source wrote: +09:00 for Japanese sites.
    rows = table.select(["source", "datePublishedOffsetMinutes"]).to_pylist()
    assert {r["datePublishedOffsetMinutes"] for r in rows if r["source"] == "jdefense"} == {540}


def test_csv_flattens_objects_and_keeps_lists_as_json(tmp_path: Path) -> None:
    rng = random.Random(7)
    records = [contract_record(rng, full) for full in (True, False, True)]
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()))
    out = tmp_path / "out.csv"
    assert export("--format", "csv", str(src), "-o", str(out)) == 0
    table = pcsv.read_csv(out, convert_options=pcsv.ConvertOptions(
        column_types=loaders.csv_schema(), strings_can_be_null=True, quoted_strings_can_be_null=False))
    assert table.column_names == loaders.csv_schema().names
    assert "metadata.dateDownloaded" in table.column_names and "metadata.warc.offset" in table.column_names
    rows = table.to_pylist()
    for row, record in zip(rows, records, strict=True):
        assert json.loads(row["cleaning.edits"]) == record["cleaning"]["edits"]
        assert json.loads(row["links"]) == record["links"]
        assert row["headline"] == record["headline"]
        assert row["articleBody"] == record["articleBody"]
        want = loaders.split_datetime(record["datePublished"])
        assert (row["datePublished"], row["datePublishedOffsetMinutes"]) == want
        warc = record["metadata"]["warc"]
        assert row["metadata.warc.offset"] == (warc["offset"] if warc else None)
    # pandas reads it too, dates parsed as UTC.
    frame = pd.read_csv(out, parse_dates=["datePublished"])
    assert len(frame) == 3 and str(frame["datePublished"].dtype).endswith("UTC]")


def test_bad_lines_go_to_the_rejects_file_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(3)
    good = contract_record(rng, True)
    lines = [json.dumps(good), "not json", json.dumps({**good, "datePublished": "2024-05-03T17:03:00"}),
             json.dumps({**good, "metadata": ["not an object"]}), json.dumps({"url": "https://x.gov/a", "articleBody": "v1 record",
                                                                "cleaning": {"version": "0", "contentHash": "sha256:" + "0" * 64,
                                                                             "fixes": {}, "edits": {}}})]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.parquet"
    assert export("--format", "parquet", str(src), "-o", str(out)) == 1
    rejects = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [2, 3, 4]
    assert "malformed JSON" in rejects[0]["reason"]
    assert "datePublished" in rejects[1]["reason"]
    assert rejects[1]["raw"] == lines[2]
    table = pq.read_table(out)
    assert table.num_rows == 2  # the good record, and the version-1 record upgraded
    assert table.column("schemaVersion").to_pylist() == [3, 3]
    assert "rejected 3" in capsys.readouterr().err


def test_empty_input_gives_an_empty_typed_file(tmp_path: Path) -> None:
    src = tmp_path / "empty.jsonl"
    src.write_text("")
    out = tmp_path / "empty.parquet"
    assert export("--format", "parquet", str(src), "-o", str(out)) == 0
    table = pq.read_table(out)
    assert (table.num_rows, table.schema) == (0, loaders.arrow_schema())


@pytest.mark.parametrize("argv", [["--format", "xml", "a.jsonl", "-o", "x"], ["--format", "csv", "a.jsonl"],
                                  ["--format", "csv", "-o", "x.csv"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        export(*argv)
    assert exc.value.code == 2


def test_unreadable_input_or_output_exit_2_and_leave_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert export("--format", "csv", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "x.csv")) == 2
    assert "cannot read" in capsys.readouterr().err
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(contract_record(random.Random(1), False)) + "\n")
    assert export("--format", "csv", str(src), "-o", str(tmp_path / "no-dir" / "x.csv")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_stdin_input(run_cli: Any, tmp_path: Path) -> None:
    record = contract_record(random.Random(5), True)
    out = tmp_path / "o.parquet"
    result = run_cli("export", "--format", "parquet", "-", "-o", out, stdin=(json.dumps(record) + "\n").encode())
    assert result.code == 0, result.stderr
    assert_same_records([loaders.from_export_row(r) for r in pq.read_table(out).to_pylist()], [record])


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_values_arrow_cannot_hold_are_rejected_one_by_one(fmt: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # Valid JSON and valid against the contract, but past int64 or before UTC's year 1:
    # those lines are rejects with a reason; the records around them are exported.
    rng = random.Random(11)
    good = [contract_record(rng, True) for _ in range(3)]
    huge = {**good[0], "version": 2**70}
    ancient = {**good[1], "datePublished": "0001-01-01T00:00:00+09:00"}
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [good[0], huge, good[1], ancient, good[2]]))
    out = tmp_path / f"out.{fmt}"
    assert export("--format", fmt, str(src), "-o", str(out)) == 1
    rejects = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    assert sorted(r["line"] for r in rejects) == [2, 4]  # found when typed or when written
    assert all(r["reason"].startswith("cannot be typed") or "version" in r["reason"] for r in rejects)
    rows = pq.read_table(out).num_rows if fmt == "parquet" else pcsv.read_csv(out).num_rows
    assert rows == 3
    assert "Traceback" not in capsys.readouterr().err


def test_rejects_that_would_overwrite_the_output_or_an_input_are_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(contract_record(random.Random(2), True)) + "\nnot json\n")
    before = src.read_bytes()
    out = tmp_path / "out.csv"
    assert export("--format", "csv", str(src), "-o", str(out), "--rejects", str(out)) == 2
    assert export("--format", "csv", str(src), "-o", str(out), "--rejects", str(src)) == 2
    assert src.read_bytes() == before and not out.exists()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("rejects would be lost" in line for line in err)


def test_stdout_and_directory_outputs_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(contract_record(random.Random(4), True)) + "\n")
    assert export("--format", "parquet", str(src), "-o", "-") == 2
    assert export("--format", "parquet", str(src), "-o", str(tmp_path)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    assert "-o needs a file" in capsys.readouterr().err
