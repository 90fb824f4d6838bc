"""Zones written after a clock time, and a clock time written before the day (crawler.dates).

A page that says ``5:22 p.m. ET`` or ``17:22 Uhr MESZ`` states its zone: the instant must be
that zone's, not the site's assumed one; ``21:22, 6 OCT 2020`` states a time (before the day).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from crawler.dates import REGION_ZONE_NAMES, parse_date_precise, zone_after

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("May 3, 2024 5:22 p.m. ET", "en", "2024-05-03T17:22:00-04:00"),  # EDT in May
    ("Jan 3, 2024 5:22 PM ET", "en", "2024-01-03T17:22:00-05:00"),    # EST in January
    ("May 3, 2024 5:22 PM PT", "en", "2024-05-03T17:22:00-07:00"),
    ("May 3, 2024 17:22 GMT+2", "en", "2024-05-03T17:22:00+02:00"),
    ("2024-05-03 17:22 BST", "en", "2024-05-03T17:22:00+01:00"),
    ("24.01.2022 um 10:12 Uhr MEZ", "de", "2022-01-24T10:12:00+01:00"),
    ("3. Mai 2024, 17:22 Uhr MESZ", "de", "2024-05-03T17:22:00+02:00"),
])
def test_zone_after_the_time_is_read(text: str, lang: str, value: str) -> None:
    found = parse_date_precise(text, "UTC", lang)
    assert found is not None and (found.value, found.precision) == (value, "time")


@pytest.mark.parametrize(("text", "value"), [
    ("21:22, 6 OCT 2020", "2020-10-06T21:22:00+00:00"),
    ("Updated 5:22 PM PT, May 3, 2024", "2024-05-03T17:22:00-07:00"),
    ("Published 10:31, Tuesday, 3 May 2024", "2024-05-03T10:31:00+00:00"),
])
def test_time_before_the_day_is_read(text: str, value: str) -> None:
    found = parse_date_precise(text, "UTC", "en")
    assert found is not None and (found.value, found.precision) == (value, "time")


@pytest.mark.parametrize("text", ["May 3, 2024 10:00 Uhr", "2024-05-03 17:22", "2024-05-03 17:22 de"])
def test_unknown_words_after_a_time_keep_the_site_zone(text: str) -> None:
    found = parse_date_precise(text, "Asia/Tokyo", "en")
    assert found is not None and found.value.endswith("+09:00")


def test_zone_after_knows_only_zones() -> None:
    assert zone_after(" Uhr", 0) is None and zone_after(" Ministry", 0) is None
    assert zone_after(" (CET)", 0) is not None and zone_after(" +05:30", 0) is not None


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)),
       st.sampled_from(sorted(REGION_ZONE_NAMES)), st.booleans(), st.booleans())
def test_region_zone_names_round_trip(when: datetime, name: str, twelve: bool, before: bool) -> None:
    """A clock time written with a US region's zone name, in 12- or 24-hour form, after or
    before the day, reads back as that wall-clock time in the region's zone on that day."""
    zone = ZoneInfo(REGION_ZONE_NAMES[name])
    local = when.replace(second=0, microsecond=0, tzinfo=zone)
    if local.utcoffset() != local.replace(fold=1).utcoffset():
        return  # the hour a DST change repeats: the name alone cannot say which
    if datetime.fromtimestamp(local.timestamp(), zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return  # the hour a DST change skips does not exist
    day = f"{MONTH_NAMES[local.month - 1]} {local.day}, {local.year}"
    clock = (f"{(local.hour % 12) or 12}:{local.minute:02d} {'PM' if local.hour >= 12 else 'AM'}"
             if twelve else f"{local.hour:02d}:{local.minute:02d}")
    text = f"{clock} {name}, {day}" if before else f"{day} {clock} {name}"
    found = parse_date_precise(text, "UTC", "en")
    assert found is not None and found.precision == "time"
    got = datetime.fromisoformat(found.value)
    assert got == local and got.utcoffset() == local.utcoffset()
    assert abs(got.utcoffset() or timedelta()) >= timedelta(hours=4)  # never read as UTC


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("3 mai 2024 à 10h00 et 12h00", "fr", "2024-05-03T10:00:00+02:00"),  # "et" is "and", not ET
    ("3 mai 2024 à 10:00 et", "fr", "2024-05-03T10:00:00+02:00"),
    ("May 3, 2024 5:22 pm et seq.", "en", "2024-05-03T17:22:00+02:00"),
    ("2024-05-03 17:22 pt", "pt", "2024-05-03T17:22:00+02:00"),
    ("3 maggio 2024 alle ore 10:00 ct", "it", "2024-05-03T10:00:00+02:00"),
])
def test_a_lower_case_word_after_the_time_is_no_zone(text: str, lang: str, value: str) -> None:
    """Zone names are written with a capital; read case-blind, the French "et" ("and") after
    a time moved the instant to US Eastern time, 6 hours off."""
    found = parse_date_precise(text, "Europe/Paris", lang)
    assert found is not None and (found.value, found.precision) == (value, "time")
