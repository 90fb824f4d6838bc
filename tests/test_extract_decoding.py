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


JA_BODY = "防衛大臣は、本日、陸上自衛隊の駐屯地を視察し、隊員を激励しました。①㎞" * 8
ZH_BODY = "国防部今天宣布了联合演习的计划，部队将在北部地区进行训练。" * 8
KO_BODY = "국방부는 오늘 북부 지역에서 연합 훈련을 실시한다고 발표했다." * 8


@pytest.mark.parametrize(("label", "codec", "body"), [
    ("Shift_JIS", "cp932", JA_BODY), ("EUC-JP", "euc_jp", JA_BODY.replace("①㎞", "")),
    ("GBK", "gb18030", ZH_BODY), ("EUC-KR", "cp949", KO_BODY)])
def test_a_header_charset_that_fails_badly_gives_way_to_meta(label: str, codec: str, body: str) -> None:
    """issue 8 follow-up: ``charset=UTF-8`` in the header, a right ``<meta charset>`` in the page."""
    page = f"<html><head><meta charset='{label}'></head><body><p>{body}</p></body></html>"
    decoded = decode_page(page.encode(codec), "text/html; charset=UTF-8")
    assert decoded.text == page and decoded.errors == 0
    assert decoded.note.startswith("decoding: utf-8 (HTTP header charset) gave ")
    assert "(meta) gave 0, used instead" in decoded.note


def test_without_meta_a_detected_multibyte_codec_is_used_and_a_single_byte_guess_is_not() -> None:
    page = f"<html><body><p>{JA_BODY}</p></body></html>"
    decoded = decode_page(page.encode("cp932"), "text/html; charset=utf-8")
    assert (decoded.text, decoded.encoding) == (page, "cp932") and "(detection)" in decoded.note
    latin = "<html><body><p>" + "Caf\xe9 cr\xe8me, d\xe9j\xe0 vu. " * 40 + "</p></body></html>"
    decoded = decode_page(latin.encode("cp1252"), "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8" and decoded.errors > 0 and decoded.note == ""  # proves nothing


def test_a_few_stray_bytes_keep_the_declared_charset() -> None:
    page = ("<html><head><meta charset='Shift_JIS'></head><body><p>"
            + "The ministry announced a joint exercise. " * 100 + "\xff</p></body></html>")
    data = page.encode("utf-8", "surrogateescape").replace("\xff".encode(), b"\xff")
    decoded = decode_page(data, "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8" and decoded.errors == 1 and decoded.note == ""


@pytest.mark.parametrize(("label", "meta", "codec", "body"), [
    ("ISO-8859-1", "windows-1250", "cp1250", "Żołnierze ćwiczą na poligonie w Drawsku. " * 20),
    ("iso-8859-1", "utf-8", "utf-8", "Ministério da Defesa anuncia exercício conjunto. " * 20),
    ("US-ASCII", "Shift_JIS", "cp932", JA_BODY)])
def test_a_server_default_header_charset_gives_way_to_the_pages_own_meta(
        label: str, meta: str, codec: str, body: str) -> None:
    """breaker11 F12: Apache's default ``charset=iso-8859-1`` in front of a windows-1250 page
    gave ``¯o³nierze æwicz¹`` with 0 errors: a single-byte default never fails to decode."""
    page = f"<html><head><meta charset='{meta}'></head><body><p>{body}</p></body></html>"
    decoded = decode_page(page.encode(codec), f"text/html; charset={label}")
    assert (decoded.text, decoded.errors) == (page, 0)
    assert "looks like a server default" in decoded.note


def test_a_server_default_header_stays_when_the_meta_decodes_worse_or_is_absent() -> None:
    latin = "<html><head><meta charset='utf-8'></head><body><p>" + "Caf\xe9 cr\xe8me. " * 40 + "</p></body></html>"
    decoded = decode_page(latin.encode("cp1252"), "text/html; charset=iso-8859-1")
    assert (decoded.text, decoded.encoding, decoded.note) == (latin, "cp1252", "")
    plain = "<p>" + "Caf\xe9 cr\xe8me. " * 40 + "</p>"
    assert decode_page(plain.encode("cp1252"), "text/html; charset=iso-8859-1").text == plain
