"""Dates written the local way (crawler.dates): month names of other languages through
dateparser, numeric day/month order by the page's locale, the zone of a region.
Property tests are hypothesis round trips of generated dates (derandomized profile)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import given, strategies as st

from crawler.dates import (
    day_first, in_zone, parse_date_precise, parse_day_month_precise, parse_localized_precise,
    region_zone,
)

# Month names as each language writes them in a date (genitive in Russian and Polish).
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
           "września", "października", "listopada", "grudnia"],
}
# How each language orders day, month name and year in running text.
FORMS = {
    "fr": "{d} {m} {y}", "de": "{d}. {m} {y}", "es": "{d} de {m} de {y}", "it": "{d} {m} {y}",
    "pt": "{d} de {m} de {y}", "ru": "{d} {m} {y} г.", "nl": "{d} {m} {y}", "pl": "{d} {m} {y}",
}
# A time after the date, as each language writes it.
TIMES = {"fr": " à {H}h{M}", "de": " um {H}:{M} Uhr", "es": " a las {H}:{M}", "it": ", {H}:{M}",
         "pt": " às {H}:{M}", "ru": " в {H}:{M}", "nl": " om {H}:{M}", "pl": ", {H}:{M}"}

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
languages = st.sampled_from(sorted(MONTHS))


def written(day: date, lang: str) -> str:
    return FORMS[lang].format(d=day.day, m=MONTHS[lang][day.month - 1], y=day.year)


@given(days, languages)
def test_month_names_round_trip(day: date, lang: str) -> None:
    found = parse_date_precise(written(day, lang), "UTC", lang)
    assert found is not None and found.precision == "day"
    assert found.value == f"{day.isoformat()}T00:00:00+00:00"


@given(days, languages, st.integers(0, 23), st.integers(0, 59))
def test_month_names_with_a_time_round_trip(day: date, lang: str, hour: int, minute: int) -> None:
    text = written(day, lang) + TIMES[lang].format(H=hour, M=f"{minute:02d}")
    found = parse_date_precise(text, "Europe/Paris", lang)
    want = datetime(day.year, day.month, day.day, hour, minute).isoformat()
    assert found is not None and found.precision == "time" and found.value.startswith(want)


@given(days, languages)
def test_month_names_read_without_the_page_language(day: date, lang: str) -> None:
    """A page that does not say its language: the common languages are tried."""
    found = parse_localized_precise(f"Publié: {written(day, lang)}", "UTC", None)
    assert found is not None and found.value[:10] == day.isoformat()


@given(days, st.sampled_from([("fr", None), ("en-GB", None), ("es", "MX"), ("en", "US"), ("en", None),
                              ("de", "US")]), st.sampled_from("/-"))
def test_numeric_day_month_round_trip(day: date, locale: tuple[str, str | None], sep: str) -> None:
    """Written in the locale's order, read back the same; ambiguous exactly when both
    numbers could be a month and differ."""
    lang, region = locale
    first, second = (day.day, day.month) if day_first(lang, region) else (day.month, day.day)
    text = f"{first:02d}{sep}{second:02d}{sep}{day.year}"
    found = parse_day_month_precise(text, "UTC", lang, region)
    assert found is not None and found.value[:10] == day.isoformat() and found.precision == "day"
    assert (found.note is not None) == (day.day <= 12 and day.day != day.month)


@given(days)
def test_dotted_dates_are_day_first_everywhere(day: date) -> None:
    found = parse_day_month_precise(f"{day.day}.{day.month}.{day.year}", "UTC", "en", "US")
    assert found is not None and found.value[:10] == day.isoformat()


@pytest.mark.parametrize(("text", "lang", "want", "precision"), [
    ("3 de mayo de 2022", "es", "2022-05-03T00:00:00+00:00", "day"),
    ("Veröffentlicht am 24. Januar 2022 um 10:12 Uhr", "de", "2022-01-24T10:12:00+00:00", "time"),
    ("mardi 15 août 2026 à 10h30", "fr", "2026-08-15T10:30:00+00:00", "time"),
    ("15 августа 2026 г.", "ru", "2026-08-15T00:00:00+00:00", "day"),
    ("1er mars 2022", "fr", "2022-03-01T00:00:00+00:00", "day"),
    ("24.01.2022 um 10.12 Uhr", "de", "2022-01-24T10:12:00+00:00", "time"),
    ("10/05/2022 05:22 pm", "es", "2022-05-10T17:22:00+00:00", "time"),
    ("10/05/2022", "en-US", "2022-10-05T00:00:00+00:00", "day"),
    ("10/05/2022", "en-GB", "2022-05-10T00:00:00+00:00", "day"),
    ("13/05/2022", "en-US", "2022-05-13T00:00:00+00:00", "day"),  # 13 is no month: settled
])
def test_local_forms(text: str, lang: str, want: str, precision: str) -> None:
    found = parse_date_precise(text, "UTC", lang)
    assert found is not None and (found.value, found.precision) == (want, precision)


@pytest.mark.parametrize("text", ["il y a 2 heures", "Mai 2022", "hace 3 días", "Hallo Welt 12 Tage 2022",
                                  "32/13/2022", "Seite 3 von 2022"])
def test_no_date_from_relative_partial_or_impossible_text(text: str) -> None:
    assert parse_date_precise(text, "UTC", "de") is None


def test_an_ambiguous_date_says_how_it_was_read() -> None:
    found = parse_day_month_precise("10/05/2022", "UTC", "es")
    assert found is not None and found.note is not None
    assert "day-first" in found.note and "2022-10-05" in found.note


def test_region_zone_one_offset_else_the_capitals() -> None:
    assert region_zone("AR") == "America/Argentina/Buenos_Aires"  # many zones, one offset
    assert region_zone("DE") == "Europe/Berlin"
    assert region_zone("US") == "America/New_York" and region_zone("RU") == "Europe/Moscow"
    assert region_zone("ES") == "Europe/Madrid" and region_zone("BR") == "America/Sao_Paulo"
    assert region_zone("AQ") is None and region_zone(None) is None and region_zone("XX") is None


def test_every_country_of_several_offsets_has_its_capitals_zone() -> None:
    """The hand table covers every such country of the tz database but the capital-less ones."""
    from crawler.dates import _region_zones

    for code, names in _region_zones().items():
        assert region_zone(code) in names or code in ("AQ", "UM"), code


def test_language_region_for_bare_languages() -> None:
    from crawler.dates import language_region

    assert language_region("pl") == "PL" and language_region("ko") == "KR"
    assert language_region("pl-x-old") == "PL" and language_region("de") == "DE"
    assert all(language_region(lang) is None for lang in ("en", "es", "pt", "fr", "ar", None))


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 1, 1)))
def test_in_zone_keeps_the_instant(when: datetime) -> None:
    value = when.replace(microsecond=0, tzinfo=timezone.utc).isoformat()
    moved = in_zone(value, "America/La_Paz")
    assert datetime.fromisoformat(moved) == datetime.fromisoformat(value)
    assert moved.endswith("-04:00")
