"""Dates on ministries never seen before (issue 8; the breaker16 black-box run, findings 1-7):
Hijri dates beside Gregorian ones (Saudi MOD), implausible years and local-mean-time offsets,
local clock-time forms (Korean ``오후 3:20``, Romanian ``, ora 15:10``, Czech spaced
``3. 3. 2026 14:20``), a feed's or sitemap's midnight (a day written as a time), a sitemap
``lastmod`` standing in, and date labels of the EU's other languages and Arabic.

The date lines are the breaker's saved pages' own (``sites/*/files``); each page around them is
a small release built here. Generated formats have round-trip properties (hypothesis) at the end.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from crawler.dates import HIJRI_NOTE, parse_date_precise, without_hijri
from crawler.extractors import date_candidates as dc
from crawler.extractors import generic
from crawler.page_record import discovery_candidates
from release_pages import DOWNLOADED

AR_PROSE = ("<p>التقى صاحب السمو الملكي وزير الدفاع في الرياض اليوم وزير الدفاع البريطاني، وبحث معه "
            "العلاقات الثنائية بين البلدين الصديقين ومجالات التعاون العسكري والدفاعي.</p>"
            "<p>كما جرى خلال اللقاء استعراض المستجدات الإقليمية والدولية والجهود المبذولة تجاهها.</p>")
PROSE = ("<p>The ministry confirmed that the annual logistics review has been completed on schedule "
         "and that its findings will be shared with the defence committee of parliament.</p>"
         "<p>Units taking part in the review reported no shortfalls in fuel, spare parts or rations "
         "during the exercise period, the statement said on its last page.</p>")


def saved(lang: str, date_div: str, prose: str = PROSE) -> str:
    """A release shaped like the breaker's pages: an ``<h1>``, its ``<div class="news-date">``, prose."""
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>Release</title>"
            f"</head><body><main><h1 class='news-title'>Release of the ministry</h1>"
            f"<div class='news-date'>{date_div}</div>{prose}</main></body></html>")


def crawled(html: str, url: str, feed: dict[str, str] | None = None) -> dict[str, Any]:
    """What the generic spider stores: the page's candidates, then the feed's or sitemap's."""
    record = generic.extract(html, url, use_trafilatura=False)
    return dc.resolve(record, discovery_candidates(feed, "UTC", zone_known=False), DOWNLOADED)


def messages(record: dict[str, Any]) -> list[str]:
    return record["metadata"]["validationMessages"]


AR_URL = "http://127.0.0.1:8745/ar/MediaCenter/News/Pages/News-1544.aspx"


# --- findings 1 and 2: Hijri dates -------------------------------------------------------------


@pytest.mark.parametrize(("line", "day"), [
    ("١٤٤٧/٠٩/٢٠هـ - ٢٠٢٦/٠٣/٠٩م", "2026-03-09"),  # News-1544.aspx
    ("الثلاثاء ١٤ رمضان ١٤٤٧هـ الموافق ٣ مارس ٢٠٢٦م", "2026-03-03"),  # News-1523.aspx
    ("٣ مارس ٢٠٢٦م الموافق ١٤ رمضان ١٤٤٧هـ", "2026-03-03"),  # Gregorian first (probe ar4)
    ("١ ربيع الأول ١٤٤٧ هـ الموافق لـ ٢٤ أغسطس ٢٠٢٥م", "2025-08-24"),  # a two-word Hijri month
])
def test_the_gregorian_date_beside_a_hijri_one_dates_the_page(line: str, day: str) -> None:
    feed = {"source": "sitemap", "lastmod": "2026-03-10T08:12:00+03:00"}  # a later edit
    record = crawled(saved("ar-SA", line, AR_PROSE), AR_URL, feed)
    assert record["datePublished"] == f"{day}T00:00:00+03:00"
    assert record["datePublishedPrecision"] == "day"
    assert all(int(c["value"][:4]) >= 2000 for c in record["metadata"]["dateCandidates"] if c["value"])
    assert "٢٠٢٦" not in record["articleBody"] and "2026" not in record["articleBody"]  # the line leaves the body


def test_a_hijri_date_alone_is_kept_unparsed_with_a_note_and_the_lastmod_gives_the_day_only() -> None:
    feed = {"source": "sitemap", "lastmod": "2026-03-04T08:12:00+03:00"}
    record = crawled(saved("ar-SA", "الثلاثاء ١٤ رمضان ١٤٤٧هـ", AR_PROSE), AR_URL, feed)
    hijri = [c for c in record["metadata"]["dateCandidates"] if c.get("note") == HIJRI_NOTE]
    assert hijri and hijri[0]["value"] is None and hijri[0]["raw"] == "الثلاثاء ١٤ رمضان ١٤٤٧هـ"
    # the lastmod of an edit stands in: its day, never its 08:12 as a publication time
    assert record["datePublished"] == "2026-03-04T00:00:00+03:00"
    assert record["datePublishedPrecision"] == "day"
    assert record["dateModified"] == "2026-03-04T08:12:00+03:00"  # the change keeps its own time


def test_without_hijri_keeps_a_gregorian_line_whole() -> None:
    assert without_hijri("5 مارس 2026م") == ("5 مارس 2026م", False)
    assert without_hijri("2026/03/09") == ("2026/03/09", False)


# --- implausible years and offsets are rejected ------------------------------------------------


def test_a_year_before_1990_and_a_local_mean_time_offset_are_rejected_with_a_message() -> None:
    cands = [{"source": "visible", "raw": "1447/09/20", "value": "1447-09-20T00:00:00+03:07",
              "precision": "day", "field": dc.PUBLISHED},
             {"source": "htmldate", "raw": "2026-03-09", "value": "2026-03-09T00:00:00+03:00",
              "precision": "day", "field": dc.PUBLISHED}]
    best, notes = dc.choose(cands, dc.PUBLISHED, datetime.fromisoformat(DOWNLOADED))
    assert best is cands[1]
    assert any("1447" in n and "rejected" in n for n in notes)


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(2026, 11, 1)),
       st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_no_date_before_1990_or_off_the_quarter_hour_is_ever_chosen(when: datetime, minutes: int) -> None:
    value = when.replace(microsecond=0, second=0, tzinfo=timezone(timedelta(minutes=minutes))).isoformat()
    cand = {"source": "json-ld", "raw": value, "value": value, "precision": "time", "field": dc.PUBLISHED}
    best, notes = dc.choose([cand], dc.PUBLISHED, datetime.fromisoformat(DOWNLOADED))
    plausible = when.year >= dc.MIN_YEAR and minutes % 15 == 0
    assert (best is cand) == plausible
    assert plausible or any("rejected" in n for n in notes)


# --- findings 3-5: local clock-time forms ------------------------------------------------------


@pytest.mark.parametrize(("line", "lang", "want"), [
    ("작성일 : 2026.03.06 오후 3:20", "ko", "2026-03-06T15:20:00+09:00"),  # ko 5402
    ("2026-03-06 오후 03:20", "ko", "2026-03-06T15:20:00+09:00"),
    ("2026.03.06 오전 9:05", "ko", "2026-03-06T09:05:00+09:00"),
    ("04.03.2026, ora 15:10", "ro", "2026-03-04T15:10:00+02:00"),
    ("Publicat: 04.03.2026, ora 15:10", "ro", "2026-03-04T15:10:00+02:00"),
    ("3. 3. 2026 14:20", "cs", "2026-03-03T14:20:00+01:00"),
    ("03. 03. 2026 14:20", "cs", "2026-03-03T14:20:00+01:00"),
    ("Publikováno: 3. 3. 2026", "cs", "2026-03-03T00:00:00+01:00"),  # probe cs6: was null
    ("Objavljeno: 3. 3. 2026. u 14:20", "hr", "2026-03-03T14:20:00+01:00"),
    ("Publicerad 5 mars 2026 kl. 14.20", "sv", "2026-03-05T14:20:00+01:00"),
])
def test_local_clock_time_forms_are_read(line: str, lang: str, want: str) -> None:
    record = crawled(saved(lang, line), "http://127.0.0.1:8742/news/release")
    assert record["datePublished"] == want
    assert line not in record["articleBody"]


def test_a_feed_midnight_gives_way_to_the_pages_clock_time() -> None:
    feed = {"source": "feed", "pubDate": "Wed, 04 Mar 2026 00:00:00 +0200"}  # ro site's RSS
    record = crawled(saved("ro", "Publicat: 04.03.2026, ora 15:10"), "http://127.0.0.1:8743/stiri/1", feed)
    assert record["datePublished"] == "2026-03-04T15:10:00+02:00"
    assert record["datePublishedPrecision"] == "time"


# --- finding 6: a feed's or sitemap's midnight -------------------------------------------------


@pytest.mark.parametrize(("date_div", "lang", "pub", "want"), [
    ("4 martie 2026", "ro", "Wed, 04 Mar 2026 00:00:00 +0200", "2026-03-04T00:00:00+02:00"),  # mid3
    ("", "en-GB", "Wed, 04 Mar 2026 00:00:00 +0000", "2026-03-04T00:00:00+00:00"),  # mid4
    ("", "en-GB", "2026-03-04T00:00:00+01:00", "2026-03-04T00:00:00+01:00"),
])
def test_a_discovery_midnight_is_a_day_not_a_time(date_div: str, lang: str, pub: str, want: str) -> None:
    record = crawled(saved(lang, date_div), "http://127.0.0.1:8749/mid", {"source": "feed", "pubDate": pub})
    assert record["datePublished"] == want
    assert record["datePublishedPrecision"] == "day"


def test_a_discovery_time_that_is_not_midnight_stays_a_time() -> None:
    cand = dc.candidate("feed", "Wed, 04 Mar 2026 00:01:00 +0200", "UTC")
    assert cand is not None and cand["precision"] == "time"
    page_cand = dc.candidate("visible", "4 March 2026, 00:00", "Europe/London")  # a page's own midnight
    assert page_cand is not None and page_cand["precision"] == "time"


# --- finding 7: labels in the EU's other languages ---------------------------------------------


def test_a_greek_two_part_date_line_gives_publication_and_change() -> None:
    line = "Δημοσίευση: 07/03/2026 11:20 | Τελευταία ενημέρωση: 09/03/2026 08:00"
    record = crawled(saved("el", line), "http://127.0.0.1:8741/anakoinoseis/1")
    assert record["datePublished"] == "2026-03-07T11:20:00+02:00"
    assert record["dateModified"] == "2026-03-09T08:00:00+02:00"
    assert not any("disagree" in m for m in messages(record))


@pytest.mark.parametrize(("line", "lang"), [
    ("07/03/2026 11:20 | Ενημέρωση: 09/03/2026 08:00", "el"),
    ("Publicerad 07 mars 2026 | Uppdaterad 09 mars 2026", "sv"),
    ("Publikováno: 7. 3. 2026 | Aktualizováno: 9. 3. 2026", "cs"),
    ("Publicat: 07.03.2026 | Actualizat: 09.03.2026", "ro"),
])
def test_the_change_part_dates_date_modified_not_the_publication(line: str, lang: str) -> None:
    record = crawled(saved(lang, line), "http://127.0.0.1:8744/press/1")
    assert record["datePublished"][:10] == "2026-03-07"
    assert record["dateModified"][:10] == "2026-03-09"
    published = [c for c in record["metadata"]["dateCandidates"] if c["field"] == dc.PUBLISHED and c["value"]]
    assert all(c["value"][:10] != "2026-03-09" for c in published)


def test_a_press_release_kind_before_its_date_is_a_label() -> None:
    record = crawled(saved("el", "Ανακοίνωση Τύπου 5 Μαρτίου 2026"), "http://127.0.0.1:8741/p/5")  # probe el5
    assert record["datePublished"] == "2026-03-05T00:00:00+02:00"


@pytest.mark.parametrize(("label", "field"), [
    ("Δημοσίευση:", dc.PUBLISHED), ("Publikováno:", dc.PUBLISHED), ("Publicat:", dc.PUBLISHED),
    ("Publicerad", dc.PUBLISHED), ("Julkaistu", dc.PUBLISHED), ("Közzétéve:", dc.PUBLISHED),
    ("Публикувано:", dc.PUBLISHED), ("Avaldatud", dc.PUBLISHED), ("تاريخ النشر:", dc.PUBLISHED),
    ("Τελευταία ενημέρωση:", dc.MODIFIED), ("Aktualizováno:", dc.MODIFIED), ("Actualizat:", dc.MODIFIED),
    ("Uppdaterad", dc.MODIFIED), ("Päivitetty", dc.MODIFIED), ("Frissítve:", dc.MODIFIED),
    ("Ažurirano:", dc.MODIFIED), ("Opdateret", dc.MODIFIED), ("آخر تحديث:", dc.MODIFIED),
])
def test_labels_of_other_languages_say_which_date(label: str, field: str) -> None:
    assert generic.date_parts(f"{label} 05.03.2026 10:30", "Europe/Brussels") == [(field, f"{label} 05.03.2026 10:30")]


# --- round trips -------------------------------------------------------------------------------

_dates = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 1)).map(
    lambda d: d.replace(second=0, microsecond=0))
#: "at" before a clock time, per language: (lang, zone, joining text)
_JOINS = [("cs", "Europe/Prague", " v "), ("cs", "Europe/Prague", " "), ("ro", "Europe/Bucharest", ", ora "),
          ("sv", "Europe/Stockholm", " kl. "), ("hr", "Europe/Zagreb", " u "), ("sl", "Europe/Ljubljana", " ob "),
          ("el", "Europe/Athens", " στις "), ("de", "Europe/Berlin", " um "), ("fi", "Europe/Helsinki", " klo ")]


@given(_dates, st.sampled_from(_JOINS), st.booleans(), st.booleans())
def test_spaced_and_plain_dotted_dates_with_a_clock_time_round_trip(
        when: datetime, join: tuple[str, str, str], spaced: bool, padded: bool) -> None:
    lang, zone, word = join
    day, month = (f"{when.day:02d}", f"{when.month:02d}") if padded else (str(when.day), str(when.month))
    sep = ". " if spaced else "."
    found = parse_date_precise(f"{day}{sep}{month}{sep}{when.year}{word}{when:%H:%M}", zone, lang)
    assert found is not None and found.precision == "time"
    assert datetime.fromisoformat(found.value).replace(tzinfo=None) == when


@given(_dates, st.sampled_from([".", "-"]))
def test_korean_half_day_times_round_trip(when: datetime, sep: str) -> None:
    marker = "오후" if when.hour >= 12 else "오전"
    hour = when.hour % 12 or 12
    if marker == "오전" and hour == 12:  # 오전 12시 (midnight) is written 0시 as often: not generated
        hour = 0
    line = f"작성일 : {when:%Y}{sep}{when:%m}{sep}{when:%d} {marker} {hour}:{when:%M}"
    found = parse_date_precise(line, "Asia/Seoul", "ko")
    assert found is not None and found.value == f"{when:%Y-%m-%dT%H:%M}:00+09:00"


_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_AR_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
              "نوفمبر", "ديسمبر")


@given(_dates, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1420, max_value=1450), st.booleans(), st.booleans())
def test_hijri_and_gregorian_lines_read_the_gregorian_day(
        when: datetime, h_day: int, h_month: int, h_year: int, numeric: bool, hijri_first: bool) -> None:
    if numeric:
        hijri, greg = f"{h_year}/{h_month:02d}/{h_day:02d}هـ", f"{when:%Y/%m/%d}م"
        line = f"{hijri} - {greg}" if hijri_first else f"{greg} - {hijri}"
    else:
        hijri, greg = f"{h_day} رمضان {h_year}هـ", f"{when.day} {_AR_MONTHS[when.month - 1]} {when.year}م"
        line = f"{hijri} الموافق {greg}" if hijri_first else f"{greg} الموافق {hijri}"
    found = parse_date_precise(line.translate(_AR_DIGITS), "Asia/Riyadh", "ar-SA")
    assert found is not None and found.value == f"{when:%Y-%m-%d}T00:00:00+03:00"
