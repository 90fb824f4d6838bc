"""`defnews clean` end to end: bad lines, accounting, stdio, gzip, workers, atomic output, re-runs."""
from __future__ import annotations

import base64
import gzip
import json
import os
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import defnews.clean as clean_command
from cleaning.record_contract import TOP_LEVEL
import defnews.cli as cli
import slow_clean
from conftest import REPO, CliResult, read_jsonl

RunCli = Callable[..., CliResult]


def _good(n: int, body: str = "本文です。") -> dict[str, Any]:
    return {"url": f"https://www.mod.go.jp/j/a/{n}.html", "headline": f"見出し{n}", "articleBody": body}


BAD_LINES: list[tuple[bytes | dict[str, Any], str]] = [
    (b'{"url": "https://x", "articleBody": ', "malformed JSON"),
    (b'{"url": "https://x", "articleBody": "caf\xe9"}', "invalid UTF-8"),
    (b'[{"url": "https://x", "articleBody": "b"}]', "not a JSON object (got array)"),
    ({"articleBody": "no url"}, "missing 'url'"),
    ({"url": "https://x", "articleBody": ["list"]}, "'articleBody' is not a string (got array)"),
    (b"", "empty line"),
    (b"   ", "empty line"),
]


@pytest.fixture
def mixed_input(write_jsonl: Callable[..., Path]) -> Path:
    """Good records on lines 1 and 9, the BAD_LINES on lines 2-8."""
    return write_jsonl("mixed.jsonl", [_good(1), *(line for line, _ in BAD_LINES), _good(9)])


def _line_count(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def test_sample_cleans_with_exit_0(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", sample_archive, "-o", out)
    assert result.code == 0
    assert result.stdout == b""
    assert len(read_jsonl(out)) == _line_count(sample_archive)
    assert "read 6 records, wrote 6, edited 5, rejected 0" in result.stderr
    assert "MB/s" in result.stderr
    assert not (tmp_path / "out.rejects.jsonl").exists()


def test_output_is_utf8_orjson_in_key_order(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_cli("clean", sample_archive, "-o", out)
    data = out.read_bytes()
    assert "防衛省".encode() in data and b"\\u" not in data
    assert all(list(record) == [key for key, _ in TOP_LEVEL] for record in read_jsonl(out))
    assert data.endswith(b"\n") and b"\n\n" not in data


def test_bad_lines_are_rejected_with_reasons(run_cli: RunCli, mixed_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", mixed_input, "-o", out)
    assert result.code == 1
    assert [r["url"] for r in read_jsonl(out)] == [_good(1)["url"], _good(9)["url"]]
    rejects = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert [r["line"] for r in rejects] == list(range(2, 2 + len(BAD_LINES)))
    for reject, (_, reason) in zip(rejects, BAD_LINES):
        assert reason in reject["reason"]
        assert reject["source"] == str(mixed_input)
        assert list(reject) == ["source", "line", "reason", "raw", "rawBase64"]
    # Not UTF-8: kept byte for byte in base64, so it is never confused with the text "\xe9".
    assert rejects[1]["raw"] is None
    assert base64.b64decode(rejects[1]["rawBase64"]) == b'{"url": "https://x", "articleBody": "caf\xe9"}'
    assert rejects[0]["raw"] == '{"url": "https://x", "articleBody": '
    assert "rejected 7" in result.stderr and "out.rejects.jsonl" in result.stderr


def test_every_input_line_is_accounted_for(run_cli: RunCli, mixed_input: Path, tmp_path: Path) -> None:
    out, rejects = tmp_path / "o.jsonl", tmp_path / "bad.jsonl"
    run_cli("clean", mixed_input, "-o", out, "--rejects", rejects)
    assert _line_count(out) + _line_count(rejects) == _line_count(mixed_input)


def test_rejects_default_to_cwd_for_stdout(
    run_cli: RunCli, mixed_input: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("clean", mixed_input)
    assert result.code == 1
    assert len(read_jsonl(result.stdout)) == 2
    assert len(read_jsonl(tmp_path / "defnews-rejects.jsonl")) == len(BAD_LINES)
    assert "defnews-rejects.jsonl" in result.stderr


@pytest.mark.parametrize("time_limit", ["0", "30"])  # in-process, and in the cleaning worker
def test_cleaner_crash_costs_one_record(
    run_cli: RunCli, write_jsonl: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    time_limit: str,
) -> None:
    monkeypatch.setattr(clean_command, "clean_article", slow_clean.clean_article)
    src = write_jsonl("in.jsonl", [_good(1), _at("/news/raises.html"), _good(3)])
    result = run_cli("clean", src, "-o", tmp_path / "out.jsonl", "--time-limit", time_limit)
    assert result.code == 1
    (reject,) = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert reject["line"] == 2
    assert reject["reason"] == "cleaning failed: ValueError: invalid literal for int() with base 10: \"a cleaner's bug\""
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 2


def _at(path: str) -> dict[str, Any]:
    """A good record whose URL ends in `path` (tests/slow_clean.py's faults go by URL)."""
    return {**_good(0), "url": f"https://www.mod.go.jp/j{path}"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_lines_past_the_time_or_memory_limit_are_rejected_intact_and_counted(
    run_cli: RunCli, write_jsonl: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    workers: str,
) -> None:
    """A line that never finishes (asleep or spinning) or asks for 8 GiB costs that line: a
    reject with its reason and the line as read, counted by bound; the worker is replaced and
    the lines after it are cleaned."""
    monkeypatch.setattr(clean_command, "clean_article", slow_clean.clean_article)
    monkeypatch.setattr(clean_command, "CHUNK_LINES", 2)  # with 2 workers, each meets a fault
    src = write_jsonl("in.jsonl", [_at("/news/1.html"), _good(2), _at("/news/2.html"), _at("/news/0.html"),
                                   _good(5)])
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", src, "-o", out, "--time-limit", "1", "--workers", workers)
    assert result.code == 1  # rejects: the command's convention
    assert [r["url"] for r in read_jsonl(out)] == [_good(2)["url"], _good(5)["url"]]
    rejects = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (1, "clean_time_limit: cleaning took over 1 s"),
        (3, "clean_time_limit: cleaning took over 1 s"),
        (4, "clean_memory_limit: cleaning needed more than 2048 MB"),
    ]
    lines = src.read_text(encoding="utf-8").splitlines()
    assert [r["raw"] for r in rejects] == [lines[0], lines[2], lines[3]]  # intact, for a later retry
    assert "rejected 3 (clean_memory_limit 1, clean_time_limit 2)" in result.stderr


def test_the_output_past_a_limit_is_the_same_bytes_with_1_or_2_workers(
    run_cli: RunCli, write_jsonl: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clean_command, "clean_article", slow_clean.clean_article)
    monkeypatch.setattr(clean_command, "CHUNK_LINES", 3)
    src = write_jsonl("in.jsonl", [*_many_lines(8), _at("/news/1.html"), *_many_lines(8)])
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        assert run_cli("clean", src, "-o", out, "--time-limit", "1", "--workers", workers).code == 1
        outputs.append((out.read_bytes(), (tmp_path / f"w{workers}.rejects.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"clean_time_limit" in outputs[0][1]


def test_gzip_input_gives_same_output(run_cli: RunCli, sample_records: list, write_jsonl: Callable, tmp_path: Path) -> None:
    plain, packed = write_jsonl("a.jsonl", sample_records), write_jsonl("a.jsonl.gz", sample_records)
    run_cli("clean", plain, "-o", tmp_path / "plain.out")
    run_cli("clean", packed, "-o", tmp_path / "packed.out")
    assert (tmp_path / "plain.out").read_bytes() == (tmp_path / "packed.out").read_bytes()


def test_stdin_to_stdout(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    result = run_cli("clean", stdin=sample_archive.read_bytes())
    assert result.code == 0
    run_cli("clean", sample_archive, "-o", tmp_path / "file.out")
    assert result.stdout == (tmp_path / "file.out").read_bytes()


def test_several_inputs_keep_order_and_sources(run_cli: RunCli, write_jsonl: Callable, tmp_path: Path) -> None:
    first = write_jsonl("first.jsonl", [_good(1), b"oops"])
    second = write_jsonl("second.jsonl.gz", [b"[]", _good(2)])
    result = run_cli("clean", first, second, "-o", tmp_path / "out.jsonl")
    assert result.code == 1
    assert [r["url"] for r in read_jsonl(tmp_path / "out.jsonl")] == [_good(1)["url"], _good(2)["url"]]
    rejects = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert [(r["source"], r["line"]) for r in rejects] == [(str(first), 2), (str(second), 1)]


def test_crlf_and_bom_input(run_cli: RunCli, tmp_path: Path) -> None:
    src = tmp_path / "win.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps(_good(1)).encode() + b"\r\n" + json.dumps(_good(2)).encode() + b"\r\n")
    result = run_cli("clean", src, "-o", tmp_path / "out.jsonl")
    assert result.code == 0
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 2


def _many_lines(n: int) -> list[bytes | dict[str, Any]]:
    lines: list[bytes | dict[str, Any]] = []
    for i in range(n):
        body = f"第{i}段落\u3000です。\n\nThe Minister said\nthat it was {i}."
        lines.append(b"{broken" if i % 11 == 5 else _good(i, body))
    return lines


@pytest.mark.parametrize("time_limit", ["0", "30"])  # a process pool; cleaning workers of this process
def test_workers_give_identical_bytes(
    run_cli: RunCli, write_jsonl: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, time_limit: str
) -> None:
    pools: list[int] = []

    class SpyPool(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            pools.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(clean_command, "ProcessPoolExecutor", SpyPool)
    monkeypatch.setattr(clean_command, "CHUNK_LINES", 4)  # many chunks, so ordering is really exercised
    src = write_jsonl("in.jsonl", _many_lines(60))
    outputs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        result = run_cli("clean", src, "-o", out, "--workers", workers, "--time-limit", time_limit)
        assert result.code == 1
        outputs[workers] = (out.read_bytes(), (tmp_path / f"w{workers}.rejects.jsonl").read_bytes())
    assert pools == ([2] if time_limit == "0" else [])
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"][0].splitlines()) == 55


def test_rerun_on_own_output_is_byte_identical(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    run_cli("clean", sample_archive, "-o", once)
    result = run_cli("clean", once, "-o", twice)
    assert result.code == 0
    assert twice.read_bytes() == once.read_bytes()
    assert "edited 0" in result.stderr


def test_output_may_overwrite_its_input(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "archive.jsonl"
    target.write_bytes(sample_archive.read_bytes())
    run_cli("clean", sample_archive, "-o", tmp_path / "expected.jsonl")
    assert run_cli("clean", target, "-o", target).code == 0
    assert target.read_bytes() == (tmp_path / "expected.jsonl").read_bytes()


def _failing_after(lines: int, error: BaseException) -> Callable[[str], Iterator[tuple[int, bytes]]]:
    def iter_lines(path: str) -> Iterator[tuple[int, bytes]]:
        for n in range(1, lines + 1):
            yield n, json.dumps(_good(n)).encode()
        raise error

    return iter_lines


@pytest.mark.parametrize("error", [OSError(5, "Input/output error"), EOFError("truncated")])
def test_read_failure_keeps_lines_read_and_reports_the_break(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    monkeypatch.setattr(clean_command, "CHUNK_LINES", 1)  # records were already written when the error hits
    monkeypatch.setattr(clean_command, "iter_lines", _failing_after(3, error))
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"")
    out.write_bytes(b"old content\n")
    result = run_cli("clean", src, "-o", out)
    assert result.code == 1
    assert len(read_jsonl(out)) == 3
    (reject,) = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert (reject["source"], reject["line"]) == (str(src), 4)
    assert "truncated or unreadable after line 3" in reject["reason"] and type(error).__name__ in reject["reason"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl", "out.rejects.jsonl"]


def test_interrupt_leaves_old_output_intact(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean_command, "CHUNK_LINES", 1)
    monkeypatch.setattr(clean_command, "iter_lines", _failing_after(3, KeyboardInterrupt()))
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"")
    out.write_bytes(b"old content\n")
    result = run_cli("clean", src, "-o", out)
    assert result.code == 130
    assert result.stderr.strip() == "defnews: interrupted"
    assert out.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_new_output_gets_normal_permissions(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_cli("clean", sample_archive, "-o", out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("make_bad", [lambda p: p / "missing.jsonl", lambda p: p])
def test_unreadable_input_exits_2(run_cli: RunCli, tmp_path: Path, make_bad: Callable[[Path], Path]) -> None:
    bad = make_bad(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", bad, "-o", out)
    assert result.code == 2
    assert f"cannot read {str(bad)!r}" in result.stderr
    assert not out.exists()


def test_truncated_gzip_is_salvaged_and_the_other_inputs_go_on(run_cli: RunCli, tmp_path: Path) -> None:
    lines = b"".join(json.dumps(_good(n, body=f"本文{n * 7919 % 10007}です。")).encode() + b"\n" for n in range(50))
    whole = gzip.compress(lines)
    src = tmp_path / "broken.jsonl.gz"
    src.write_bytes(whole[: len(whole) // 2])  # an interrupted crawl's file
    after = tmp_path / "after.jsonl"
    after.write_bytes(json.dumps(_good(2)).encode() + b"\n")
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", src, after, "-o", out)
    assert result.code == 1
    records = read_jsonl(out)
    kept = len(records) - 1
    assert 0 < kept < 50  # the readable part survives
    assert records[-1]["url"] == _good(2)["url"]  # and the next input was cleaned
    (reject,) = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert reject["source"] == str(src) and reject["line"] == kept + 1
    assert "TruncatedInput" in reject["reason"] and "end-of-stream" in reject["reason"]
    # data/README: every line survives byte for byte, the cut one too (what was decompressed of it).
    readable = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(src.read_bytes())
    partial = readable[readable.rindex(b"\n") + 1:]
    assert partial and not lines.startswith(partial + b"\n")
    stored = reject["raw"].encode() if reject["raw"] is not None else base64.b64decode(reject["rawBase64"])
    assert stored == partial
    assert f"{len(partial)} decompressed bytes" in reject["reason"]


def test_records_the_crawler_would_drop_are_rejects(run_cli: RunCli, write_jsonl: Callable, tmp_path: Path) -> None:
    src = write_jsonl("in.jsonl", [_good(1), {"url": "ftp://x/a", "articleBody": "本文"}, _good(3, body="  \n ")])
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", src, "-o", out)
    assert result.code == 1
    assert [r["url"] for r in read_jsonl(out)] == [_good(1)["url"]]
    rejects = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert [r["line"] for r in rejects] == [2, 3]
    assert "invalid" in rejects[0]["reason"] and "ftp://" in rejects[0]["reason"]
    assert "empty articleBody" in rejects[1]["reason"]


def test_rejects_equal_to_output_is_a_usage_error(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("clean", sample_archive, "-o", out, "--rejects", tmp_path / "." / "out.jsonl")
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "rejects" in result.stderr
    assert not out.exists()


def test_directory_output_is_refused_before_writing(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "outdir"
    target.mkdir()
    result = run_cli("clean", sample_archive, "-o", target)
    assert result.code == 2
    assert "is a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir"]
    assert list(target.iterdir()) == []


def test_help_does_not_claim_dedup_it_does_not_do() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    text = " ".join(sub.choices["clean"].format_help().lower().split())
    assert "does not de-duplicate" in text
    assert "removes duplicates" not in text and "deduplicates" not in text


def test_unwritable_output_exits_2(run_cli: RunCli, sample_archive: Path, tmp_path: Path) -> None:
    result = run_cli("clean", sample_archive, "-o", tmp_path / "no" / "such" / "dir.jsonl")
    assert result.code == 2
    assert "cannot write output" in result.stderr
    # The user's path, not the temporary file next to it.
    assert f"{tmp_path / 'no' / 'such' / 'dir.jsonl'}: directory {tmp_path / 'no' / 'such'} does not exist" in result.stderr
    assert ".tmp" not in result.stderr


@pytest.mark.parametrize("argv", [["clean", "--workers", "0"], ["clean", "--bogus"], ["frobnicate"], [],
                                  ["clean", "--time-limit", "-1"], ["clean", "--time-limit", "soon"],
                                  ["clean", "--memory-limit", "-5"], ["clean", "--memory-limit", "1.5"]])
def test_usage_errors_exit_2(run_cli: RunCli, argv: list[str]) -> None:
    try:
        code = run_cli(*argv).code
    except SystemExit as e:
        code = e.code
    assert code == 2


def test_help_lists_all_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    help_text = capsys.readouterr().out
    for command in ("clean", "crawl", "demo"):
        assert f"    {command} " in help_text


def test_usage_error_is_one_line(run_cli: RunCli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["clean", "--workers", "zero"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("defnews clean: error: argument --workers")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("defnews ")


def test_real_process_filter_without_scrapy(sample_archive: Path, tmp_path: Path) -> None:
    # A real interpreter: real stdio, and proof that cleaning never imports scrapy.
    code = (
        "import sys; from defnews.cli import main; rc = main(['clean']); "
        "assert 'scrapy' not in sys.modules, 'scrapy imported'; sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input=sample_archive.read_bytes(),
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.splitlines()) == _line_count(sample_archive)
    assert b"read 6 records" in proc.stderr


def test_a_lone_surrogate_is_repaired_and_flagged_not_rejected(run_cli: RunCli, tmp_path: Path) -> None:
    # Valid JSON (a headline cut inside an emoji) that orjson refuses: the record is kept.
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"url": "https://x.gov/a", "headline": "Talks \\ud83d", "articleBody": "Body \\udc00 text."}\n')
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", src, "-o", out).code == 0
    [record] = read_jsonl(out)
    assert record["headline"] == "Talks \ufffd" and record["articleBody"] == "Body \ufffd text."
    assert "lone surrogates replaced with U+FFFD (2)" in record["metadata"]["validationMessages"]


def test_rejects_naming_an_input_is_a_usage_error_and_the_input_survives(run_cli: RunCli, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"url": "https://x.gov/a", "articleBody": "ok"}\nnot json\n')
    before = src.read_bytes()
    result = run_cli("clean", src, "-o", tmp_path / "out.jsonl", "--rejects", src)
    assert result.code == 2
    assert "rejects would be lost" in result.stderr and len(result.stderr.splitlines()) == 1
    assert src.read_bytes() == before and not (tmp_path / "out.jsonl").exists()


def test_gzip_on_stdin_is_decompressed(tmp_path: Path, sample_archive: Path) -> None:
    data = gzip.compress(sample_archive.read_bytes())
    proc = subprocess.run([sys.executable, "-m", "defnews.cli", "clean"], input=data, capture_output=True,
                          cwd=REPO, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.splitlines()) == _line_count(sample_archive)


def test_workers_that_is_not_a_number_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["clean", "--workers", "abc"])
    assert exc.value.code == 2
    assert "expected a whole number of at least 1, got 'abc'" in capsys.readouterr().err


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--memory-limit", "-1", "must be at least 0, got -1"),
    ("--memory-limit", "1.5", "expected a whole number of at least 0, got '1.5'"),
    ("--time-limit", "nan", "expected a number of seconds >= 0, got 'nan'"),
    ("--time-limit", "inf", "expected a number of seconds >= 0, got 'inf'")])
def test_a_bad_limit_is_one_clear_line(capsys: pytest.CaptureFixture[str], flag: str, value: str,
                                       message: str) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["clean", flag, value])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_reader_that_leaves_the_pipe_ends_clean_quietly_with_141(tmp_path: Path, workers: str) -> None:
    """`defnews clean big.jsonl | head -1`: 128 + SIGPIPE, as a shell reports it, and nothing
    on stderr (no traceback from the command or its workers)."""
    sample = (REPO / "cleaning" / "samples" / "archive-sample.jsonl").read_bytes()
    big = tmp_path / "big.jsonl"
    big.write_bytes(sample * 100)  # far more than a pipe holds: the writer meets the closed end
    proc = subprocess.Popen([sys.executable, "-m", "defnews.cli", "clean", "--workers", workers, str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""
    assert list(tmp_path.iterdir()) == [big]  # no temporary output, no rejects file
