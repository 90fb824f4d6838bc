"""Dates on ministry sites never seen before (issue 8; the breaker11 black-box run, faults F2,
F3, F5, F6, F7, F14; F4 is in ``test_extract_generic_locale.py``): zone names a date states,
change dates kept apart from publication dates, datelines, clock times in CMS date lines.

Each page is a small HTML input built here, as the breaker's sites write it; the parsers
added for these forms have round-trip properties (hypothesis) at the end."""
from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from crawler.dates import NAMED_OFFSETS, parse_date_precise
from crawler.extractors import date_candidates as dc
from crawler.extractors import generic
from crawler.extractors.furniture_words import MODIFIED_LABELS, PUBLISHED_LABELS
from crawler.page_record import Page, SiteRules, date_count, discovery_candidates, page_record
from release_pages import DOWNLOADED, extract, page

def fields(record: dict[str, Any], source: str) -> dict[str, str]:
    return {c["field"]: c["value"] for c in record["metadata"]["dateCandidates"] if c["source"] == source}


# --- F2: zone names a date states ---------------------------------------------------------------


@pytest.mark.parametrize(("line", "lang", "want"), [
    ("2026-03-05 09:00 KST", "en", "2026-03-05T09:00:00+09:00"),
    ("5. März 2026, 10:00 Uhr MEZ", "de", "2026-03-05T10:00:00+01:00"),
    ("10:30 a.m. EDT, March 5, 2026", "en", "2026-03-05T10:30:00-04:00"),
    ("March 5, 2026 10:30 a.m. EDT", "en", "2026-03-05T10:30:00-04:00"),
    ("15 August 2026, 10:00 BST", "en", "2026-08-15T10:00:00+01:00"),
])
def test_a_stated_zone_name_is_read(line: str, lang: str, want: str) -> None:
    record = extract(page(f"<p class='date'>{line}</p>", lang))
    assert record["datePublished"] == want and record["datePublishedPrecision"] == "time"
    assert not any("zone" in m for m in record["metadata"]["validationMessages"])


def test_an_unknown_capital_word_after_a_time_is_no_zone() -> None:
    found = parse_date_precise("2026-03-05 09:00 FOO", "Asia/Seoul")
    assert found is not None and found.value == "2026-03-05T09:00:00+09:00"


# --- F3 / F7: change dates are dateModified, in many languages ----------------------------------


def test_last_updated_line_is_no_publication_date() -> None:
    html = page("<p class='meta'>Last updated 20 August 2026</p>", "en-GB",
                first="<p>Text of the release, long enough to be the body of it.</p>"
                      "<p class='pub'>Published 15 August 2026</p>")
    record = extract(html)
    assert record["datePublished"][:10] == "2026-08-15"
    assert record["dateModified"][:10] == "2026-08-20"
    assert not any("disagree" in m for m in record["metadata"]["validationMessages"])


@pytest.mark.parametrize(("line", "lang", "published", "modified"), [
    ("Publicado em 05/03/2026 14h30 Atualizado em 06/03/2026 09h12", "pt-br",
     "2026-03-05T14:30:00-03:00", "2026-03-06T09:12:00-03:00"),
    ("Data publikacji: 14.07.2026 10:00 Data aktualizacji: 20.07.2026 12:30", "pl",
     "2026-07-14T10:00:00+02:00", "2026-07-20T12:30:00+02:00"),
    ("Data di pubblicazione: 14/07/2026 - Ultimo aggiornamento: 20/07/2026", "it",
     "2026-07-14T00:00:00+02:00", "2026-07-20T00:00:00+02:00"),
    ("작성일 2026-07-14 10:00 수정일 2026-07-20 12:30", "ko",
     "2026-07-14T10:00:00+09:00", "2026-07-20T12:30:00+09:00"),
    ("Published 15 August 2026 Last updated 20 August 2026 — see all updates", "en-GB",
     "2026-08-15T00:00:00+01:00", "2026-08-20T00:00:00+01:00"),
    ("Actualizado el 20 de julio de 2026 / Publicado el 14 de julio de 2026", "es-ES",
     "2026-07-14T00:00:00+02:00", "2026-07-20T00:00:00+02:00"),
    ("Ultimo aggiornamento: 20/07/2026 / Data di pubblicazione: 14/07/2026", "it",
     "2026-07-14T00:00:00+02:00", "2026-07-20T00:00:00+02:00"),
])
def test_a_two_part_date_line_gives_both_dates_and_leaves_the_body(line: str, lang: str, published: str,
                                                                   modified: str) -> None:
    record = extract(page("", lang, first=f"<p>{line}</p>"))
    assert (record["datePublished"], record["dateModified"]) == (published, modified)
    assert line not in record["articleBody"] and not record["articleBody"].startswith(line[:12])


@pytest.mark.parametrize(("line", "lang"), [
    ("Updated: 20 August 2026", "en-GB"), ("Actualizado el 20 de julio de 2026", "es-ES"),
    ("Ultimo aggiornamento: 20/07/2026", "it"), ("Atualizado em 20/07/2026 12h30", "pt-BR"),
])
def test_a_lone_change_date_stands_in_with_a_message(line: str, lang: str) -> None:
    record = extract(page(f"<p class='date'>{line}</p>", lang))
    assert record["datePublished"] is not None and record["datePublished"] == record["dateModified"]
    assert {c["field"] for c in record["metadata"]["dateCandidates"] if c["source"] == "visible"} == {
        dc.MODIFIED}
    assert any("stands in" in m for m in record["metadata"]["validationMessages"])
    assert date_count(record) == "defnews/dates/visible"


# --- F5: datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(("lead", "lang", "day"), [
    ("BRASÍLIA (DF), 20 de junho de 2026 — O ministro visitou a base aérea.", "pt-BR", "2026-06-20"),
    ("MADRID, 3 de marzo de 2026 — La ministra se reunió con sus homólogos.", "es-ES", "2026-03-03"),
    ("WARSZAWA, 12 maja 2026 r. — Żołnierze ćwiczą na poligonie w Drawsku.", "pl", "2026-05-12"),
    ("ROMA, 14 aprile 2026 – Il ministro ha incontrato i vertici.", "it", "2026-04-14"),
    ("TALLINN, 3 March 2026 — The Defence Secretary visited troops.", "en-GB", "2026-03-03"),
    ("29.11.2022 – Mehrfach und vehement hatte die Branche gewarnt.", "de", "2022-11-29"),  # no place
])
def test_a_dateline_is_a_body_candidate_and_stays_in_the_body(lead: str, lang: str, day: str) -> None:
    record = extract(page("", lang, first=f"<p>{lead}</p>"))
    assert record["datePublished"][:10] == day and record["datePublishedPrecision"] == "day"
    assert fields(record, "body")[dc.PUBLISHED][:10] == day
    assert lead in record["articleBody"]


def test_a_sentence_with_a_comma_and_a_date_is_no_dateline() -> None:
    assert generic.dateline("The minister said, 3 March 2026 - a date", "UTC", "en") is None


@pytest.mark.parametrize("line", ["2022 – ein Jahr der Wende für die Branche.",
                                  "3 ministers met in Brussels – and agreed.",
                                  "Seit 2022 – so die Branche – steigen die Preise."])
def test_a_line_opening_with_a_number_or_a_year_is_no_dateline(line: str) -> None:
    assert generic.dateline(line, "Europe/Berlin", "de") is None


def test_the_dateline_beats_a_sitemap_lastmod_a_day_late() -> None:
    html = page("", "pl", first="<p>WARSZAWA, 12 maja 2026 r. — Żołnierze ćwiczą na poligonie.</p>")
    record = dc.resolve(generic.extract(html, "http://127.0.0.1:8712/a", use_trafilatura=False),
                        discovery_candidates({"source": "sitemap", "lastmod": "2026-05-13"}, "UTC"),
                        DOWNLOADED)
    assert record["datePublished"] == "2026-05-12T00:00:00+02:00"
    assert record["dateModified"][:10] == "2026-05-13"


def test_a_sitemap_lastmod_alone_stands_in_with_a_message() -> None:
    record = dc.resolve(generic.extract(page("", "pl"), "http://127.0.0.1:8712/b", use_trafilatura=False),
                        discovery_candidates({"source": "sitemap", "lastmod": "2026-11-02"}, "UTC"),
                        DOWNLOADED)
    assert record["datePublished"][:10] == "2026-11-02"
    assert any("sitemap '2026-11-02') stands in" in m for m in record["metadata"]["validationMessages"])
    assert date_count(record) == "defnews/dates/sitemap"


# --- F6: clock times in CMS date lines ----------------------------------------------------------


@pytest.mark.parametrize(("line", "lang", "want"), [
    ("Submitted by admin on Tue, 07/14/2026 - 09:05", "en-US", "2026-07-14T09:05:00-04:00"),
    ("Opublikowane przez admin, wt., 14.07.2026 - 09:05", "pl", "2026-07-14T09:05:00+02:00"),
    ("15 sierpnia 2026, godz. 11:00", "pl", "2026-08-15T11:00:00+02:00"),
    ("Pubblicato il 14 aprile 2026 alle ore 16:30", "it", "2026-04-14T16:30:00+02:00"),
    ("2 de abril de 2026 a las 3:45 p. m.", "es-ES", "2026-04-02T15:45:00+02:00"),
    ("2026년 4월 7일 오후 3시 20분", "ko", "2026-04-07T15:20:00+09:00"),
    ("22/10/2026 às 7:05 PM", "pt-BR", "2026-10-22T19:05:00-03:00"),
])
def test_the_clock_time_of_a_cms_date_line_is_kept(line: str, lang: str, want: str) -> None:
    record = extract(page(f"<p class='date'>{line}</p>", lang))
    assert record["datePublished"] == want and record["datePublishedPrecision"] == "time"
    assert line not in record["articleBody"]


# --- F14: WordPress's <time class="updated">, a sitemap's lastmod -------------------------------


def test_wordpress_updated_time_is_a_change_date() -> None:
    lines = ("<time class='entry-date published' datetime='2026-03-05T10:30:00+01:00'>5 marzo</time>"
             "<time class='updated' datetime='2026-03-09T08:00:00+01:00'>9 marzo</time>")
    record = extract(page(lines, "es-ES"))
    assert fields(record, "time") == {dc.PUBLISHED: "2026-03-05T10:30:00+01:00",
                                      dc.MODIFIED: "2026-03-09T08:00:00+01:00"}
    assert record["datePublished"] == "2026-03-05T10:30:00+01:00"
    assert not any("disagree" in m for m in record["metadata"]["validationMessages"])


def test_a_never_changed_wordpress_post_time_is_its_publication() -> None:
    lines = "<time class='entry-date published updated' datetime='2026-03-05T10:30:00+01:00'>5 marzo</time>"
    assert fields(extract(page(lines, "es-ES")), "time") == {dc.PUBLISHED: "2026-03-05T10:30:00+01:00"}


def stored(url: str, lang: str, feed: dict[str, str], **site: Any) -> dict[str, Any]:
    """The record the generic spider stores for ``page("", lang)`` at ``url``, reached through
    ``feed`` (a feed item or sitemap entry); ``site``: :class:`SiteRules` fields (the zone)."""
    rules = SiteRules("generic", functools.partial(generic.extract, use_trafilatura=False), **site)
    page_ = Page(url, {"Content-Type": "text/html; charset=utf-8"}, page("", lang).encode(),
                 feed=feed, date_downloaded=DOWNLOADED)
    record = page_record(page_, rules).record
    assert record is not None
    return record


@pytest.mark.parametrize(("lang", "url", "want"), [
    ("pl", "http://127.0.0.1:8712/c", "2026-11-02T00:00:00+01:00"),  # Warsaw, by its language
    ("en", "https://www.mil.ee/news/c", "2026-11-02T00:00:00+02:00"),  # Tallinn, by its domain
    ("en", "http://127.0.0.1:8715/c", "2026-11-02T00:00:00+00:00"),  # nobody says: UTC, assumed
])
def test_a_zone_less_lastmod_is_read_in_the_pages_zone(lang: str, url: str, want: str) -> None:
    # breaker11 pl: a page with no date of its own, stored at midnight UTC, an hour off the
    # Warsaw day its sitemap meant; the page's own zone-less dates are read in Warsaw's zone.
    record = stored(url, lang, {"source": "sitemap", "lastmod": "2026-11-02"}, timezone_known=False)
    assert record["datePublished"] == want and record["datePublishedPrecision"] == "day"


@pytest.mark.parametrize(("lang", "url", "want"), [
    ("id-ID", "http://127.0.0.1:8726/p", "2026-03-17T06:30:00+07:00"),  # Jakarta: the readers' day
    ("pl", "http://127.0.0.1:8712/p", "2026-03-17T00:30:00+01:00"),
    ("en", "http://127.0.0.1:8715/p", "2026-03-16T23:30:00+00:00"),  # no zone known: as given
])
def test_a_feed_time_in_utc_is_written_in_the_pages_zone(lang: str, url: str, want: str) -> None:
    # breaker12 id: every timed release stored in +00:00, the day before the one the page shows.
    record = stored(url, lang, {"source": "feed", "pubDate": "Mon, 16 Mar 2026 23:30:00 +0000"},
                    timezone_known=False)
    assert record["datePublished"] == want
    assert datetime.fromisoformat(want) == datetime(2026, 3, 16, 23, 30, tzinfo=timezone.utc)


def test_an_operators_zone_reads_a_lastmod_whatever_the_page_says() -> None:
    record = stored("http://127.0.0.1:8712/c", "pl", {"source": "sitemap", "lastmod": "2026-11-02"},
                    timezone="Asia/Tokyo")
    assert record["datePublished"] == "2026-11-02T00:00:00+09:00"


def test_a_sitemap_lastmod_is_a_change_date_candidate() -> None:
    cands = [c for c in discovery_candidates({"source": "sitemap", "lastmod": "2026-05-13"}, "UTC") if c]
    assert [(c["source"], c["field"]) for c in cands] == [("sitemap", dc.MODIFIED)]


# --- properties of the new parsers -------------------------------------------------------------

whens = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))
ES_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre")
PL_MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
             "września", "października", "listopada", "grudnia")
IT_MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre")


@given(whens, st.sampled_from(sorted(set(NAMED_OFFSETS) - {"Z"})))
def test_a_named_zone_after_an_iso_time_round_trips(when: datetime, name: str) -> None:
    found = parse_date_precise(f"{when:%Y-%m-%d %H:%M} {name}", "Asia/Tokyo")
    want = when.replace(tzinfo=timezone(timedelta(minutes=NAMED_OFFSETS[name])))
    assert found is not None and datetime.fromisoformat(found.value) == want


@given(whens, st.sampled_from(["EST", "EDT", "CST", "PDT", "GMT", "BST", "CET", "KST"]))
def test_an_ap_style_time_before_the_date_round_trips(when: datetime, name: str) -> None:
    hour = when.hour % 12 or 12
    text = f"{hour}:{when:%M} {'p.m.' if when.hour >= 12 else 'a.m.'} {name}, {when:%B} {when.day}, {when.year}"
    found = parse_date_precise(text, "UTC", "en")
    want = when.replace(tzinfo=timezone(timedelta(minutes=NAMED_OFFSETS[name])))
    assert found is not None and found.precision == "time" and datetime.fromisoformat(found.value) == want


@given(whens)
def test_korean_dates_with_a_twelve_hour_clock_round_trip(when: datetime) -> None:
    half = "오후" if when.hour >= 12 else "오전"  # 오전 0시 is midnight, 오후 12시 noon
    hour = when.hour if when.hour < 12 else when.hour - 12 or 12
    text = f"{when.year}년 {when.month}월 {when.day}일 {half} {hour}시 {when.minute}분"
    found = parse_date_precise(text, "Asia/Seoul", "ko")
    assert found is not None and found.value[:16] == f"{when:%Y-%m-%dT%H:%M}"


@given(whens, st.sampled_from(["es", "pl", "it"]))
def test_local_month_names_with_their_clock_words_round_trip(when: datetime, lang: str) -> None:
    month = {"es": ES_MONTHS, "pl": PL_MONTHS, "it": IT_MONTHS}[lang][when.month - 1]
    hour = when.hour % 12 or 12
    text = {"es": f"{when.day} de {month} de {when.year} a las {hour}:{when:%M} "
                  f"{'p. m.' if when.hour >= 12 else 'a. m.'}",
            "pl": f"{when.day} {month} {when.year}, godz. {when:%H:%M}",
            "it": f"Pubblicato il {when.day} {month} {when.year} alle ore {when:%H:%M}"}[lang]
    found = parse_date_precise(text, "UTC", lang)
    assert found is not None and found.precision == "time" and found.value[:16] == f"{when:%Y-%m-%dT%H:%M}"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
       st.sampled_from(PUBLISHED_LABELS), st.sampled_from(MODIFIED_LABELS), st.booleans())
def test_every_label_pair_dates_the_right_field(day: date, published: str, modified: str,
                                                 changed_first: bool) -> None:
    """Whatever the labels and their order, the change label's part is the dateModified one."""
    later = day + timedelta(days=3)
    pub, mod = f"{published}: {day:%Y-%m-%d}", f"{modified}: {later:%Y-%m-%d}"
    line = f"{mod} | {pub}" if changed_first else f"{pub} | {mod}"
    parts = dict(generic.date_parts(line, "UTC"))
    assert parts == {dc.PUBLISHED: pub, dc.MODIFIED: mod}
