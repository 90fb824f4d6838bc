"""crawler.safe_files: a torn tail is cut back to the last whole record and quarantined.

The tears are generated from the mechanism (a writer killed after any byte of its last
record), not picked by hand: every cut point of a small file is tried.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.safe_files import gzip_whole_members_end, repair_gzip, repair_jsonl

RECORDS = [{"url": f"https://x.gov/{i}", "articleBody": "本文 " * (i + 1)} for i in range(3)]
LINES = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in RECORDS]


@pytest.mark.parametrize("cut", range(1, len(LINES[-1])))
def test_a_line_torn_anywhere_is_cut_and_quarantined(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "a.jsonl"
    whole = b"".join(LINES[:-1])
    torn = LINES[-1][:cut]
    path.write_bytes(whole + torn)
    repairs = repair_jsonl(path, tmp_path / "q")
    assert path.read_bytes() == whole
    # A torn line that happens to end at "}" without its newline is still cut: a writer
    # that finished its write wrote the newline too.
    assert [r.kind for r in repairs] == ["partial-line"]
    assert Path(repairs[0].quarantined).read_bytes() == torn
    assert repair_jsonl(path, tmp_path / "q") == []  # repaired files stay repaired


def test_a_garbage_last_line_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(LINES) + b"\x00\x00\x00\n")
    [repair] = repair_jsonl(path, tmp_path / "q")
    assert repair.kind == "invalid-line" and path.read_bytes() == b"".join(LINES)


def test_sound_and_missing_files_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(LINES))
    assert repair_jsonl(path, tmp_path / "q") == []
    assert repair_jsonl(tmp_path / "none.jsonl", tmp_path / "q") == []
    assert not (tmp_path / "q").exists()


@given(st.lists(st.binary(min_size=0, max_size=300), min_size=1, max_size=5), st.data())
def test_gzip_members_torn_anywhere_end_at_the_last_whole_member(payloads: list[bytes], data: st.DataObject) -> None:
    members = [gzip.compress(p) for p in payloads]
    whole = b"".join(members[:-1])
    cut = data.draw(st.integers(0, len(members[-1]) - 1))
    assert gzip_whole_members_end(whole + members[-1][:cut]) == len(whole)
    assert gzip_whole_members_end(whole + members[-1]) == len(whole) + len(members[-1])


def test_repair_gzip_makes_the_archive_readable(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl.gz"
    good = b"".join(gzip.compress(line) for line in LINES)
    path.write_bytes(good + gzip.compress(b'{"url": "x"}\n')[:20])
    with pytest.raises(EOFError):
        gzip.decompress(path.read_bytes())
    [repair] = repair_gzip(path, tmp_path / "q")
    assert repair.kind == "partial-gzip-member" and repair.kept_bytes == len(good)
    assert gzip.decompress(path.read_bytes()) == b"".join(LINES)
