"""`defnews dedup` as a command: every record out in input order, bad input salvaged and reported."""
from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import defnews.cli as cli

BODY = ("両閣僚は、力による一方的な現状変更やその試みは、インド太平洋を含めたどの地域でも許容してはならず、"
        "そのためにも日米同盟の抑止力・対処力を強化していく必要があることを改めて確認した。\n") * 3


def _record(n: int, body: str, source: str) -> dict:
    return {"url": f"https://www.mod.go.jp/j/{n}.html", "articleBody": body, "source": source, "inLanguage": "ja"}


def test_truncated_input_is_salvaged_and_nothing_is_deleted(tmp_path: Path) -> None:
    lines = b"".join(json.dumps(_record(n, f"{n}番目の記事。" * (n % 7 + 3), "mod_ja")).encode() + b"\n"
                     for n in range(200))
    whole = gzip.compress(lines)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    copies = tmp_path / "copies.jsonl"
    copies.write_text("\n".join(json.dumps(_record(1000 + i, BODY, "mod_ja" if i == 0 else "jdefense"),
                                           ensure_ascii=False) for i in range(2)) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["dedup", str(cut), str(copies), "-o", str(out)]) == 1
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert 0 < len(records) - 2 < 200
    assert [r["url"] for r in records[-2:]] == [_record(1000, "", "")["url"], _record(1001, "", "")["url"]]
    assert records[-1]["links"] == [{"rel": "isBasedOn", "url": records[-2]["url"]}]
    (reject,) = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text("utf-8").splitlines()]
    assert reject["source"] == str(cut) and "truncated" in reject["reason"]
    readable = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(cut.read_bytes())
    assert reject["raw"].encode() == readable[readable.rindex(b"\n") + 1:] != b""


def test_directory_or_rejects_as_output_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(_record(1, BODY, "mod_ja")) + "\n", "utf-8")
    assert cli.main(["dedup", str(src), "-o", str(tmp_path)]) == 2
    out = tmp_path / "out.jsonl"
    assert cli.main(["dedup", str(src), "-o", str(out), "--rejects", str(out)]) == 2
    assert not out.exists()


def test_records_are_conformed_and_invalid_ones_rejected(tmp_path: Path) -> None:
    from cleaning.article import validate_record
    from cleaning.record_contract import SCHEMA_VERSION

    old = {**_record(1, BODY, "mod_ja"), "schemaVersion": 2,
           "metadata": {"dateDownloaded": "2024-01-02T03:04:05+00:00"}}
    bad = {**_record(2, BODY, "mod_ja"), "url": "ftp://x/a"}
    src = tmp_path / "v2.jsonl"
    src.write_text(json.dumps(old) + "\n" + json.dumps(bad) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["dedup", str(src), "-o", str(out)]) == 1
    (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["schemaVersion"] == SCHEMA_VERSION
    assert record["metadata"]["dateDownloaded"] == "2024-01-02T03:04:05Z"
    assert validate_record(record, extracted=True) == []  # never cleaned: cleaning stays null
    (reject,) = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text("utf-8").splitlines()]
    assert reject["line"] == 2 and "invalid" in reject["reason"] and "ftp://" in reject["reason"]
