"""crawler.dates: every shape the sources print, normalised to YYYY-MM-DDTHH:MM:SS±HH:MM."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from crawler.dates import (
    JST, US_EASTERN, parse_date, parse_english_date, parse_iso_date, parse_japanese_date,
    parse_jdefense_date, parse_rss_date, to_iso,
)

ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


@pytest.mark.parametrize(("text", "expected"), [
    ("令和6年5月3日", "2024-05-03T00:00:00+09:00"),
    ("令和元年5月7日", "2019-05-07T00:00:00+09:00"),
    ("令和1年5月7日", "2019-05-07T00:00:00+09:00"),
    ("平成元年1月8日", "1989-01-08T00:00:00+09:00"),
    ("平成1年1月8日", "1989-01-08T00:00:00+09:00"),
    ("平成31年4月30日", "2019-04-30T00:00:00+09:00"),
    ("令和６年５月３日", "2024-05-03T00:00:00+09:00"),
    ("令和８年８月２６日", "2026-08-26T00:00:00+09:00"),
    ("令和6(2024)年5月3日", "2024-05-03T00:00:00+09:00"),
    ("令和 6年 5月 3日", "2024-05-03T00:00:00+09:00"),
    ("令和6年5月10日（金）10時32分～10時49分", "2024-05-10T10:32:00+09:00"),
    ("2024年5月3日", "2024-05-03T00:00:00+09:00"),
    ("防衛省は令和6年5月3日、発表した。", "2024-05-03T00:00:00+09:00"),
])
def test_japanese_dates(text: str, expected: str) -> None:
    assert parse_japanese_date(text) == expected


@pytest.mark.parametrize("text", ["令和6年2月30日", "令和6年13月1日", "令和", "5月3日", "", "防衛省"])
def test_japanese_dates_unparseable(text: str) -> None:
    assert parse_japanese_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-5-3 17:03", "2024-05-03T17:03:00+09:00"),
    ("2026-8-27 09:05", "2026-08-27T09:05:00+09:00"),
    ("2024-12-31 23:59", "2024-12-31T23:59:00+09:00"),
    ("2024-5-3", "2024-05-03T00:00:00+09:00"),
])
def test_jdefense_dates(text: str, expected: str) -> None:
    assert parse_jdefense_date(text) == expected


@pytest.mark.parametrize("text", ["2024-5-32 17:03", "2024-13-3 17:03", "2024-5-3 25:00", "17:03"])
def test_jdefense_dates_unparseable(text: str) -> None:
    assert parse_jdefense_date(text) is None


@pytest.mark.parametrize(("text", "tz", "expected"), [
    ("Wed, 26 Aug 2026 18:06:48 +0900", JST, "2026-08-26T18:06:48+09:00"),
    ("Wed, 26 Aug 2026 18:06 +0900", JST, "2026-08-26T18:06:00+09:00"),
    ("Wed, 26 Aug 2026 18:06:48", JST, "2026-08-26T18:06:48+09:00"),
    ("Fri, 10 May 2024 12:15:00", JST, "2024-05-10T12:15:00+09:00"),
    ("Wed, 26 Aug 2026 15:42:00 GMT", JST, "2026-08-26T15:42:00+00:00"),
    ("Wed, 26 Aug 2026 11:42:00 EDT", JST, "2026-08-26T11:42:00-04:00"),
    ("26 Aug 26 18:06 +0900", JST, "2026-08-26T18:06:00+09:00"),
    ("Wed, 26 Aug 2026 18:06:48", US_EASTERN, "2026-08-26T18:06:48-04:00"),
])
def test_rss_dates(text: str, tz: str, expected: str) -> None:
    assert parse_rss_date(text, tz) == expected


@pytest.mark.parametrize("text", ["Wed, 31 Feb 2026 18:06:48 +0900", "Wed, 26 Foo 2026 18:06 +0900",
                                  "Wed, 26 Aug 2026 18:06:48 XYZ", "yesterday"])
def test_rss_dates_unparseable(text: str) -> None:
    assert parse_rss_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("May 3, 2024", "2024-05-03T00:00:00-04:00"),
    ("Nov. 5, 2024", "2024-11-05T00:00:00-05:00"),
    ("Sept. 12, 2025", "2025-09-12T00:00:00-04:00"),
    ("Sep 12, 2025", "2025-09-12T00:00:00-04:00"),
    ("August 26, 2026", "2026-08-26T00:00:00-04:00"),
    ("Nov. 5, 2024 | 10:30 a.m.", "2024-11-05T10:30:00-05:00"),
    ("Aug. 25, 2026 | 2:00 p.m.", "2026-08-25T14:00:00-04:00"),
    ("Dec. 1, 2025 | 12:05 a.m.", "2025-12-01T00:05:00-05:00"),
    ("Dec. 1, 2025 | 12:05 p.m.", "2025-12-01T12:05:00-05:00"),
    ("March 3, 2026, 14:30", "2026-03-03T14:30:00-05:00"),
    ("3 May 2024", "2024-05-03T00:00:00-04:00"),
    ("Posted on May 3, 2024 1 min read", "2024-05-03T00:00:00-04:00"),
])
def test_english_dates(text: str, expected: str) -> None:
    assert parse_english_date(text) == expected


def test_english_date_in_site_zone() -> None:
    assert parse_english_date("May 3, 2024", JST) == "2024-05-03T00:00:00+09:00"


@pytest.mark.parametrize("text", ["Feb. 30, 2024", "Smarch 3, 2024", "Article 12, 2024",
                                  "Nov. 5, 2024 | 13:30 p.m.", "no date"])
def test_english_dates_unparseable(text: str) -> None:
    assert parse_english_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-14T09:00:00Z", "2025-03-14T09:00:00+00:00"),
    ("2025-03-14T09:00:00.123+09:00", "2025-03-14T09:00:00+09:00"),
    ("2025-03-14T09:00:00+0530", "2025-03-14T09:00:00+05:30"),
    ("2025-03-14T09:00+09", "2025-03-14T09:00:00+09:00"),
    ("2025-03-14 09:00:00", "2025-03-14T09:00:00+00:00"),
    ("2025-03-14", "2025-03-14T00:00:00+00:00"),
    (" 2026-08-25T10:00:00+01:00 ", "2026-08-25T10:00:00+01:00"),
])
def test_iso_dates(text: str, expected: str) -> None:
    assert parse_iso_date(text) == expected


def test_iso_date_without_zone_uses_site_zone() -> None:
    assert parse_iso_date("2024-05-03T17:03", JST) == "2024-05-03T17:03:00+09:00"


@pytest.mark.parametrize("text", ["2025-13-14", "2025-02-30T00:00:00Z", "14/03/2025", "tomorrow"])
def test_iso_dates_unparseable(text: str) -> None:
    assert parse_iso_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-14T09:00:00Z", "2025-03-14T09:00:00+00:00"),
    ("令和6年5月3日", "2024-05-03T00:00:00+09:00"),
    ("2024-5-3 17:03", "2024-05-03T17:03:00+09:00"),
    ("Wed, 26 Aug 2026 18:06:48 +0900", "2026-08-26T18:06:48+09:00"),
    ("May 3, 2024", "2024-05-03T00:00:00+09:00"),
])
def test_parse_date_tries_every_shape(text: str, expected: str) -> None:
    assert parse_date(text, JST) == expected


@pytest.mark.parametrize("value", [None, "", "   ", 12, b"2024-05-03", ["2024-05-03"]])
def test_bad_input_gives_none(value: object) -> None:
    assert parse_date(value) is None  # type: ignore[arg-type]


@given(st.text(max_size=80))
def test_never_raises_and_output_has_the_schema_shape(text: str) -> None:
    result = parse_date(text, JST)
    assert result is None or ISO_SHAPE.fullmatch(result)


def test_to_iso_drops_microseconds() -> None:
    from datetime import UTC, datetime
    assert to_iso(datetime(2024, 5, 3, 1, 2, 3, 456, tzinfo=UTC)) == "2024-05-03T01:02:03+00:00"
