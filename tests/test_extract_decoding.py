"""The one decode function: BOM, header, meta, detection; Japanese supersets; error counts."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from crawler.extractors.decoding import (
    codec_for, decode_eucjp_ms, decode_page, repair_surrogates, too_many_errors,
)

# NEC row 13 (①, ㎞, ㍻), NEC-selected IBM extensions (髙, 﨑), and ordinary JIS X 0208.
SUPERSET_TEXT = "①射程が約50㎞、②全長が約77㎝。㍻元年、髙橋氏と﨑田氏。防衛省"


@pytest.mark.parametrize("label", ["Shift_JIS", "shift-jis", "x-sjis", "windows-31j", "SJIS"])
def test_shift_jis_labels_decode_as_cp932(label: str) -> None:
    decoded = decode_page(SUPERSET_TEXT.encode("cp932"), f"text/html; charset={label}")
    assert (decoded.text, decoded.encoding, decoded.errors) == (SUPERSET_TEXT, "cp932", 0)


@pytest.mark.parametrize("label", ["EUC-JP", "euc_jp", "x-euc-jp", "cp51932"])
def test_euc_jp_labels_decode_the_nec_and_ibm_rows(label: str) -> None:
    # eucJP-ms bytes: each JIS row/cell pair of the cp932 text, with the high bit set.
    data = SUPERSET_TEXT.encode("cp932")
    euc = bytearray()
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            euc.append(b)
            i += 1
            continue
        s1, s2 = b, data[i + 1]
        row = (s1 - (0x80 if s1 <= 0x9F else 0xC0)) * 2 - (1 if s2 < 0x9F else 0)
        cell = s2 - (0x3F if s2 <= 0x7E else 0x40) if s2 < 0x9F else s2 - 0x9E
        euc += bytes((row + 0xA0, cell + 0xA0))
        i += 2
    decoded = decode_page(bytes(euc), f"text/html; charset={label}")
    assert (decoded.text, decoded.errors) == (SUPERSET_TEXT, 0)


def test_meta_and_bom_and_header_order() -> None:
    body = "<meta charset='shift_jis'>防衛".encode("cp932")
    assert decode_page(body).text.endswith("防衛")
    assert decode_page(b"\xef\xbb\xbf<p>x</p>", "text/html; charset=Shift_JIS")[:3] == ("<p>x</p>", "utf-8", 0)


def test_undeclared_shift_jis_is_detected() -> None:
    text = "防衛大臣は、5月3日、海上自衛隊横須賀基地を視察し、隊員を激励しました。" * 3
    decoded = decode_page(text.encode("cp932"), "text/html")
    assert decoded.text == text and decoded.errors == 0


def test_undecodable_bytes_are_counted_and_flagged() -> None:
    data = b"ok " + b"\xff" * 50 + b" end"
    decoded = decode_page(data, "text/html; charset=utf-8")
    assert decoded.errors == 50 and decoded.text.count("\ufffd") == 50
    assert too_many_errors(decoded, len(data))
    assert decode_eucjp_ms(b"a\xa1b")[1] == 1


@given(st.text(max_size=60))
def test_utf8_round_trip_has_no_errors(text: str) -> None:
    clean, _ = repair_surrogates(text)
    decoded = decode_page(clean.encode("utf-8"), "text/html; charset=utf-8")
    assert decoded[:3] == (clean, "utf-8", 0)


def test_unknown_labels_fall_back_to_detection() -> None:
    assert codec_for("x-unknown") is None
    assert decode_page("防衛".encode(), "text/html; charset=x-unknown").text == "防衛"
