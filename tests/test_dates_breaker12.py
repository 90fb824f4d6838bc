"""Dates on ministry sites never seen before (issue 8; the breaker12 black-box run, findings 2,
3, 4, 5's page part, 6 and 9): the Minguo calendar of Taiwan, half-day markers of other
scripts, Indonesian zones and ``pukul``, Cyrillic datelines, clock times in date lines and in
the next inline item of a meta row, change-date labels of more languages, and a structured
date outvoted by the page and the news sitemap.

Each page is a small HTML input built here; the parsers added for these forms have round-trip
properties (hypothesis) at the end."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from crawler.dates import parse_date_precise, parse_roc_precise
from crawler.extractors import date_candidates as dc
from crawler.extractors import generic
from release_pages import DOWNLOADED, extract, page

def messages(record: dict[str, Any]) -> list[str]:
    return record["metadata"]["validationMessages"]


# --- finding 2: the Minguo (ROC) calendar -------------------------------------------------------


@pytest.mark.parametrize(("line", "want"), [
    ("發布日期：115-03-03", "2026-03-03T00:00:00+08:00"),
    ("中華民國115年3月5日", "2026-03-05T00:00:00+08:00"),
    ("發布時間：115/03/06 10:20", "2026-03-06T10:20:00+08:00"),
    ("115年3月8日 下午 3:45", "2026-03-08T15:45:00+08:00"),
    ("115年3月8日 上午 9:05", "2026-03-08T09:05:00+08:00"),
    ("115.03.06", "2026-03-06T00:00:00+08:00"),
])
def test_a_taiwanese_page_reads_minguo_dates(line: str, want: str) -> None:
    record = extract(page(f"<p class='date'>{line}</p>", "zh-Hant-TW"))
    assert record["datePublished"] == want


def test_a_tw_domain_says_taiwan_too() -> None:
    record = extract(page("<p class='date'>115-03-03</p>", "zh"), "http://mnd.example.tw/news/1")
    assert record["datePublished"] == "2026-03-03T00:00:00+08:00"


@pytest.mark.parametrize("lang", ["zh-CN", "en", "ja"])
def test_a_bare_minguo_date_elsewhere_is_no_date(lang: str) -> None:
    assert parse_date_precise("115-03-03", "UTC", lang, None) is None
    assert parse_date_precise("115年3月8日", "UTC", lang, None) is None


def test_the_named_era_is_read_anywhere() -> None:
    found = parse_date_precise("中華民國115年3月5日", "Asia/Taipei", "zh-CN", "CN")
    assert found is not None and found.value.startswith("2026-03-05")
    assert parse_roc_precise("民國元年1月1日") is not None
    assert parse_roc_precise("民國元年1月1日").value.startswith("1912-01-01")  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["2026-03-03", "10/05/2022", "03.03.2026", "12-05-2026 10:00"])
def test_western_dates_stay_western_in_taiwan(text: str) -> None:
    found = parse_date_precise(text, "Asia/Taipei", "zh-TW", "TW")
    assert found is not None and found.value[:4] in ("2022", "2026")


# --- finding 3: a structured date outvoted by the page and the news sitemap ----------------------


def test_json_ld_alone_on_its_day_loses_to_the_visible_line_and_the_news_sitemap() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Review",'
            ' "datePublished": "2020-01-01T00:00:00+08:00"}</script>')
    html = page("<div class='info'><span>2026-03-07</span><span>單位：政治作戰局</span></div>",
                "zh-Hant-TW", head)
    record = generic.extract(html, "http://127.0.0.1:8715/news/review", use_trafilatura=False)
    sitemap = dc.candidate("sitemap", "2026-03-07T09:00:00+08:00", "Asia/Taipei")
    record = dc.resolve(record, [sitemap], downloaded=DOWNLOADED)
    assert record["datePublished"][:10] == "2026-03-07"
    assert any("only source for its day" in m for m in messages(record))


def test_a_lone_structured_date_against_one_line_is_kept_with_a_note() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Review",'
            ' "datePublished": "2020-01-01T00:00:00+08:00"}</script>')
    record = extract(page("<p class='date'>2026-03-07</p>", "zh-Hant-TW", head))
    assert record["datePublished"].startswith("2020-01-01")
    assert any("disagree by more than a day" in m for m in messages(record))


# --- finding 4: half-day markers of other scripts -------------------------------------------------


@pytest.mark.parametrize(("line", "lang", "want"), [
    ("١٥ مايو ٢٠٢٦ - ٠٤:١٥ م", "ar-EG", "2026-05-15T16:15:00+03:00"),
    ("الثلاثاء، ١٠ مارس ٢٠٢٦ - ١١:٣٠ ص", "ar-EG", "2026-03-10T11:30:00+02:00"),
    ("١٠ مارس ٢٠٢٦ - ١٢:١٠ ص", "ar-EG", "2026-03-10T00:10:00+02:00"),
    ("١٥ مايو ٢٠٢٦ - ١٦:١٥ م", "ar-EG", "2026-05-15T16:15:00+03:00"),
])
def test_arabic_half_day_markers(line: str, lang: str, want: str) -> None:
    record = extract(page(f"<div class='news-date'>{line}</div>", lang), "http://mod.example.eg/news/1")
    assert record["datePublished"] == want and record["datePublishedPrecision"] == "time"


def test_a_morning_marker_after_an_afternoon_hour_drops_the_time_not_the_day() -> None:
    found = parse_date_precise("١٥ مايو ٢٠٢٦ - ١٦:١٥ ص", "Africa/Cairo", "ar-EG", "EG")
    assert found is not None and found.precision == "day" and found.value.startswith("2026-05-15")


def test_an_arabic_word_starting_with_meem_is_no_marker() -> None:
    found = parse_date_precise("١٥ مايو ٢٠٢٦ - ٠٤:١٥ مساء الخير", "Africa/Cairo", "ar", "EG")
    assert found is not None and found.value == "2026-05-15T16:15:00+03:00"  # مساء is evening
    found = parse_date_precise("١٥ مايو ٢٠٢٦ - ٠٤:١٥ من", "Africa/Cairo", "ar", "EG")
    assert found is not None and found.value == "2026-05-15T04:15:00+03:00"


# --- finding 5 (page part): Indonesian date lines -------------------------------------------------


@pytest.mark.parametrize(("line", "want"), [
    ("Selasa, 17 Maret 2026 06:30 WIB", "2026-03-17T06:30:00+07:00"),
    ("Diposting pada 12 Maret 2026 pukul 14.30 WIB", "2026-03-12T14:30:00+07:00"),
    ("Senin, 16 Maret 2026 | 19:00 WITA", "2026-03-16T19:00:00+08:00"),
    ("Senin, 16 Maret 2026 19:00 WIT", "2026-03-16T19:00:00+09:00"),
    ("Kamis, 5 Maret 2026", "2026-03-05T00:00:00+07:00"),
])
def test_indonesian_date_lines_are_candidates(line: str, want: str) -> None:
    html = page(f"<div class='entry-meta'><span class='posted-on'>{line}</span> "
                "<span class='byline'>oleh Biro Humas</span></div>", "id-ID")
    record = extract(html)
    assert record["datePublished"] == want
    assert any(c["source"] == "visible" for c in record["metadata"]["dateCandidates"])


@pytest.mark.parametrize(("line", "lang", "want"), [
    ("١٥ مايو ٢٠٢٦ الساعة ٠٤:١٥ م", "ar-EG", "2026-05-15T16:15:00+03:00"),
    ("12 Nisan 2026 saat 09.45", "tr", "2026-04-12T09:45:00+03:00"),
    ("2026年3月8日 下午3點45分", "zh-CN", "2026-03-08T15:45:00+08:00"),
    ("15.3.2026 klo 14.30", "fi", "2026-03-15T14:30:00+02:00"),
])
def test_words_that_say_a_clock_time_follows(line: str, lang: str, want: str) -> None:
    record = extract(page(f"<p class='date'>{line}</p>", lang), "http://127.0.0.1:8715/news/review")
    assert record["datePublished"] == want and record["datePublishedPrecision"] == "time"


def test_a_dotted_time_needs_a_word_that_says_so() -> None:
    found = parse_date_precise("3 March 2026 10.12", "Europe/London", "en-GB", "GB")
    assert found is not None and found.precision == "day"


# --- finding 6: Cyrillic datelines ---------------------------------------------------------------


@pytest.mark.parametrize(("first", "want"), [
    ("Київ, 20 червня 2026 року. Міністр оборони привітав військовослужбовців.", "2026-06-20"),
    ("Москва, 15 августа 2026 г. Министр обороны провёл совещание.", "2026-08-15"),
    ("Warszawa, 12 maja 2026 r. Minister obrony spotkał się z żołnierzami.", "2026-05-12"),
])
def test_a_dateline_ending_in_a_full_stop_is_read(first: str, want: str) -> None:
    lang = {"К": "uk", "М": "ru", "W": "pl"}[first[0]]
    record = extract(page("", lang, first=f"<p>{first}</p>"))
    assert record["datePublished"][:10] == want
    assert first.split(".")[0] in record["articleBody"]  # the dateline stays in the body


# --- finding 9: clock times and change labels ----------------------------------------------------


@pytest.mark.parametrize(("line", "lang", "want"), [
    ("Publié le 20 février 2026 à 18 h 45", "fr-FR", "2026-02-20T18:45:00+01:00"),
    ("23 грудня 2025 р., 16:00", "uk", "2025-12-23T16:00:00+02:00"),
    ("Yayın Tarihi: 12 Nisan 2026 09:45 | Güncelleme: 13 Nisan 2026", "tr", "2026-04-12T09:45:00+03:00"),
])
def test_clock_times_of_date_lines_are_kept(line: str, lang: str, want: str) -> None:
    record = extract(page(f"<p class='date'>{line}</p>", lang))
    assert record["datePublished"] == want and record["datePublishedPrecision"] == "time"


def test_turkish_update_label_dates_the_change() -> None:
    record = extract(page("<p class='date'>Yayın Tarihi: 12 Nisan 2026 09:45 | Güncelleme: 13 Nisan 2026</p>", "tr"))
    assert record["dateModified"] == "2026-04-13T00:00:00+03:00"


def test_ukrainian_updated_label_is_a_change_date() -> None:
    record = extract(page("<p class='date'>Дата публікації: 12 травня 2026 10:05 | "
                          "Оновлено: 13 травня 2026 08:00</p>", "uk"))
    assert record["datePublished"] == "2026-05-12T10:05:00+03:00"
    assert record["dateModified"] == "2026-05-13T08:00:00+03:00"


@pytest.mark.parametrize(("items", "want"), [
    (["Datum: 03.03.2026", "10:00 Uhr", "Lesedauer: 2 Min"], "2026-03-03T10:00:00+01:00"),
    (["Datum: 24. Januar 2026", "17:22 Uhr", "Lesedauer: 2 Min"], "2026-01-24T17:22:00+01:00"),
    (["Datum: 05.02.2026", "Lesedauer: 2 Min"], "2026-02-05T00:00:00+01:00"),
])
def test_a_meta_row_of_inline_items_is_read_item_by_item(items: list[str], want: str) -> None:
    row = "".join(f"<span class='c-meta__item'>{item}</span>" for item in items)
    record = extract(page(f"<div class='c-meta'>{row}</div>", "de"))
    assert record["datePublished"] == want


def test_a_change_item_of_a_meta_row_dates_the_change() -> None:
    row = "<span>Datum: 05.02.2026</span><span>Stand: 06.02.2026</span><span>Lesedauer: 2 Min</span>"
    record = extract(page(f"<div class='c-meta'>{row}</div>", "de"))
    assert record["datePublished"][:10] == "2026-02-05" and record["dateModified"][:10] == "2026-02-06"


def test_bold_dates_in_a_paragraph_are_no_meta_row() -> None:
    lead = "<p>On <b>3 March 2026</b> the <i>review</i> began; it ends on <b>5 May 2026</b>.</p>"
    record = extract(page("", "de", first=lead))
    assert not any(c["source"] == "visible" for c in record["metadata"]["dateCandidates"])


def test_a_row_of_inline_items_without_a_date_gives_nothing() -> None:
    row = "<span>Lesedauer: 2 Min</span><span>10:00 Uhr</span>"
    record = extract(page(f"<div class='c-meta'>{row}</div>", "de"))
    assert not any(c["source"] == "visible" for c in record["metadata"]["dateCandidates"])


# --- round-trip properties -----------------------------------------------------------------------

# Minguo years 69 on (1980-2100): Taipei keeps +08:00 without summer time since 1980.
days = st.dates(min_value=date(1980, 1, 1), max_value=date(2100, 12, 31))
minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@given(days, minutes, st.sampled_from(["dash", "slash", "dot", "cjk", "named", "cjk-ampm"]))
def test_minguo_round_trip(day: date, minute: int, form: str) -> None:
    year, hour, mins = day.year - 1911, minute // 60, minute % 60
    text = {
        "dash": f"{year}-{day.month:02d}-{day.day:02d} {hour:02d}:{mins:02d}",
        "slash": f"{year}/{day.month:02d}/{day.day:02d} {hour:02d}:{mins:02d}",
        "dot": f"{year}.{day.month}.{day.day} {hour}:{mins:02d}",
        "cjk": f"{year}年{day.month}月{day.day}日 {hour}:{mins:02d}",
        "named": f"中華民國{year}年{day.month}月{day.day}日 {hour:02d}:{mins:02d}",
        "cjk-ampm": (f"{year}年{day.month}月{day.day}日 {'下午' if hour >= 12 else '上午'} "
                     f"{(hour % 12) or 12}:{mins:02d}"),
    }[form]
    if form == "cjk-ampm" and hour == 0:
        return  # 上午 12:xx is read as written, 12 (as 午前 is): midnight is not round-tripped
    found = parse_date_precise(text, "Asia/Taipei", "zh-TW", "TW")
    want = datetime(day.year, day.month, day.day, hour, mins, tzinfo=timezone(timedelta(hours=8)))
    assert found is not None and found.precision == "time"
    assert datetime.fromisoformat(found.value) == want


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)),
       st.sampled_from(["ar", "fa", "zh"]))
def test_half_day_markers_round_trip(when: datetime, script: str) -> None:
    twelve = (when.hour % 12) or 12
    pm = when.hour >= 12
    if script == "ar":
        text = f"{when.day:02d}.{when.month:02d}.{when.year} {twelve:02d}:{when.minute:02d} {'م' if pm else 'ص'}"
    elif script == "fa":
        text = f"{when.day:02d}.{when.month:02d}.{when.year} {twelve:02d}:{when.minute:02d} {'ب.ظ' if pm else 'ق.ظ'}"
    else:
        text = f"{when.year}年{when.month}月{when.day}日 {'下午' if pm else '上午'} {twelve}:{when.minute:02d}"
        if when.hour == 0:
            return  # 上午 12:xx is read as written, 12 (as 午前 is)
    found = parse_date_precise(text, "UTC", script, None)
    assert found is not None and found.precision == "time"
    assert datetime.fromisoformat(found.value).replace(tzinfo=None) == when.replace(second=0, microsecond=0)


def test_zone_names_are_date_words_in_capitals_only() -> None:
    from crawler.dates import is_zone_name

    assert is_zone_name("WIB") and is_zone_name("WITA") and is_zone_name("ET")
    assert not is_zone_name("art") and not is_zone_name("Met")
