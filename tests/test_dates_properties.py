"""Property tests for date parsing and the date rule (hypothesis, derandomized profile)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, strategies as st

from crawler.dates import ERAS, JST, parse_date_precise, parse_japanese_date, parse_rss_date, to_iso
from crawler.extractors import date_candidates as dc

KANJI = "〇一二三四五六七八九"


def kanji(n: int) -> str:
    """Write 1..99 with 十: 11 = 十一, 20 = 二十, 31 = 三十一."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else KANJI[tens] + "十")) + ("" if ones == 0 else KANJI[ones])


def era_of(day: date) -> tuple[str, str, int]:
    for era in ERAS:
        if day >= era.start.date():
            return era.name, era.latin, day.year - era.start.year + 1
    raise AssertionError(day)


days = st.dates(min_value=date(1888, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.sampled_from(["ascii", "kanji", "fullwidth", "gannen", "latin", "slash"]))
def test_era_dates_round_trip(day: date, form: str) -> None:
    name, latin, year = era_of(day)
    y = "元" if form == "gannen" and year == 1 else str(year)
    if form == "kanji":
        text = f"{name}{'元' if year == 1 else kanji(year)}年{kanji(day.month)}月{kanji(day.day)}日"
    elif form == "fullwidth":
        text = f"{name}{y}年{day.month}月{day.day}日".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    elif form == "latin":
        text = f"{latin}{year}.{day.month}.{day.day}"
    elif form == "slash":
        text = f"{name[0]}{year}/{day.month}/{day.day}"
    else:
        text = f"{name}{y}年{day.month}月{day.day}日"
    # Midnight in Tokyo: +09:00, but +10:00 in the summers of 1948-1951 (tzdb: Japan's DST).
    midnight = to_iso(datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(JST)))
    assert parse_japanese_date(text) == midnight, text


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 1, 1)),
       st.integers(-12 * 4, 14 * 4).map(lambda q: q * 15),
       st.sampled_from(["+HHMM", "+HH:MM", "GMT+HH:MM"]))
def test_rfc822_offsets_round_trip(when: datetime, minutes: int, form: str) -> None:
    aware = when.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    sign, rest = ("-" if minutes < 0 else "+"), abs(minutes)
    hh, mm = divmod(rest, 60)
    zone = {"+HHMM": f"{sign}{hh:02d}{mm:02d}", "+HH:MM": f"{sign}{hh:02d}:{mm:02d}",
            "GMT+HH:MM": f"GMT{sign}{hh:02d}:{mm:02d}"}[form]
    text = aware.strftime("%a, %d %b %Y %H:%M:%S ") + zone
    assert datetime.fromisoformat(parse_rss_date(text, "UTC")) == aware


@given(days, st.sampled_from(["%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]))
def test_day_forms_have_day_precision(day: date, fmt: str) -> None:
    found = parse_date_precise(day.strftime(fmt), JST)
    assert found is not None and found.precision == "day" and found.value[:10] == day.isoformat()


@given(st.lists(st.sampled_from(dc.PRIORITY), min_size=1, max_size=6), days)
def test_rule_never_accepts_a_date_after_the_download(sources: list[str], day: date) -> None:
    downloaded = datetime(2026, 6, 1, tzinfo=timezone.utc)
    cands = [dc.candidate(s, day.isoformat(), "UTC") for s in sources]
    best, _ = dc.choose([c for c in cands if c], dc.PUBLISHED, downloaded)
    if best is not None:
        assert datetime.fromisoformat(best["value"]).date() <= downloaded.date()
    else:
        assert day > downloaded.date() or day.year < dc.MIN_YEAR or set(sources) <= dc.RECORDED_ONLY


def test_http_last_modified_is_recorded_but_never_picked() -> None:
    # A static mirror's Last-Modified is its checkout time: as dateModified it made every
    # demo record "modified" at install time, and two clones disagree.
    last_modified = dc.candidate("http-last-modified", "Mon, 30 Nov 2026 14:49:22 GMT", "UTC", dc.MODIFIED)
    record = dc.resolve({"metadata": {"dateCandidates": [
        dc.candidate("visible", "2025-11-28 17:00", "Asia/Tokyo"), last_modified]}},
        downloaded="2026-12-01T00:00:00+00:00")
    assert (record["datePublished"], record["dateModified"]) == ("2025-11-28T17:00:00+09:00", None)
    assert last_modified in record["metadata"]["dateCandidates"]


def test_rule_prefers_page_and_flags_disagreement() -> None:
    record = dc.resolve({"metadata": {"dateCandidates": [
        dc.candidate("json-ld", "2024-05-03", "Asia/Tokyo"),
        dc.candidate("feed", "Fri, 10 May 2024 10:00:00 +0900", "Asia/Tokyo")]}},
        downloaded="2024-06-01T00:00:00+00:00")
    assert record["datePublished"] == "2024-05-03T00:00:00+09:00"
    assert record["datePublishedPrecision"] == "day"
    assert any("disagree" in m for m in record["metadata"]["validationMessages"])


def test_rule_takes_the_time_of_the_same_day() -> None:
    record = dc.resolve({"metadata": {"dateCandidates": [
        dc.candidate("visible", "令和6年5月3日", "Asia/Tokyo"),
        dc.candidate("feed", "Fri, 03 May 2024 17:03:00 +09:00", "Asia/Tokyo")]}},
        downloaded="2024-06-01T00:00:00+00:00")
    assert (record["datePublished"], record["datePublishedPrecision"]) == ("2024-05-03T17:03:00+09:00", "time")


def test_no_date_is_null_with_a_message() -> None:
    record = dc.resolve({"metadata": {}}, downloaded="2024-06-01T00:00:00+00:00")
    assert record["datePublished"] is None
    assert any("no date found" in m for m in record["metadata"]["validationMessages"])


import pytest  # noqa: E402


@pytest.mark.parametrize(("text", "want", "precision"), [
    ("Tue, 07 Jul 2026 21:37:00 +09:00", "2026-07-07T21:37:00+09:00", "time"),
    ("Mon, 06 Aug 2018 18:11:54 -0000", "2018-08-06T18:11:54+00:00", "time"),
    ("Mon, 06 Aug 2018 18:11:54 EST", "2018-08-06T18:11:54-05:00", "time"),
    ("Mon, 06 Aug 2018 18:11:54 JST", "2018-08-06T18:11:54+09:00", "time"),
    ("Mon, 06 Aug 2018 18:11:54 GMT", "2018-08-06T18:11:54+00:00", "time"),
    ("Mon, 06 Aug 2018 18:11 +09", "2018-08-06T18:11:00+09:00", "time"),
    ("2024年5月3日 10時30分", "2024-05-03T10:30:00+09:00", "time"),
    ("2024年5月3日 17:03", "2024-05-03T17:03:00+09:00", "time"),
    ("令和元年十一月五日", "2019-11-05T00:00:00+09:00", "day"),
    ("平成三十一年四月三十日", "2019-04-30T00:00:00+09:00", "day"),
    ("H31.4.30", "2019-04-30T00:00:00+09:00", "day"),
    ("R元.5.1", "2019-05-01T00:00:00+09:00", "day"),
    ("昭和64年1月7日", "1989-01-07T00:00:00+09:00", "day"),
    ("大正15年12月24日", "1926-12-24T00:00:00+09:00", "day"),
    ("明治45年7月29日", "1912-07-29T00:00:00+09:00", "day"),
    ("㍻31年4月30日", "2019-04-30T00:00:00+09:00", "day"),
    ("２０２４年５月３日", "2024-05-03T00:00:00+09:00", "day"),
    ("15 August 2026", "2026-08-15T00:00:00+09:00", "day"),
    ("August 15, 2026", "2026-08-15T00:00:00+09:00", "day"),
    ("2025-03-14T09:00:00Z", "2025-03-14T09:00:00+00:00", "time"),
    ("2025-03-14", "2025-03-14T00:00:00+09:00", "day"),
    ("20250314T0900+0900", "2025-03-14T09:00:00+09:00", "time"),
])
def test_every_format(text: str, want: str, precision: str) -> None:
    found = parse_date_precise(text, JST)
    assert found is not None and (found.value, found.precision) == (want, precision)
