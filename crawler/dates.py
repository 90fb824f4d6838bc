"""Date parsing for defence-ministry pages: pure functions, text in, ISO 8601 out.

Every parser returns ``YYYY-MM-DDTHH:MM:SS±HH:MM`` or ``None``. Bad input never
raises: a page with a mangled date is still an article, only without a date.
Zones are IANA names (``Asia/Tokyo``); a value that carries no zone is read in
the zone the caller passes, which is the zone of the site that printed it.

>>> parse_japanese_date("令和6年5月3日")
'2024-05-03T00:00:00+09:00'
>>> parse_jdefense_date("2024-5-3 17:03")
'2024-05-03T17:03:00+09:00'
>>> parse_rss_date("Wed, 26 Aug 2026 18:06:48 +0900")
'2026-08-26T18:06:48+09:00'
>>> parse_english_date("Sept. 12, 2025")
'2025-09-12T00:00:00-04:00'
>>> parse_iso_date("2025-03-14T09:00:00Z")
'2025-03-14T09:00:00+00:00'
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

JST = "Asia/Tokyo"
US_EASTERN = "America/New_York"
UTC = "UTC"

# First Gregorian year of each era: era year N is ERA_START[era] + N - 1.
ERA_START = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912}

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}

# RFC 822 zone names that still turn up in feeds.
NAMED_OFFSETS = {
    "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "JST": 9 * 60,
    "EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
    "MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60,
}

_ERA_RE = re.compile(
    r"(?P<era>令和|平成|昭和|大正)\s*(?P<year>元|\d{1,2})\s*"
    r"(?:\(\s*\d{4}\s*\)\s*)?年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"(?:\s*\([月火水木金土日]\))?"
    r"(?:\s*(?P<hour>\d{1,2})\s*時(?:\s*(?P<minute>\d{1,2})\s*分)?)?"
)
_WESTERN_JA_RE = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
)
_JDEFENSE_RE = re.compile(
    r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)
_RSS_RE = re.compile(
    r"(?:[A-Za-z]{3,9},?\s*)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+"
    r"(?P<year>\d{2,4})\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<zone>[+-]\d{4}|[A-Za-z]{1,3}T?))?"
)
_ENGLISH_RE = re.compile(
    r"(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[A-Za-z]{3,9})\.?,?)"
    r"\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
# A time only counts with minutes or an a.m./p.m. marker, so "2024 1 min read" is no time.
_TIME_RE = re.compile(
    r"\s*(?:[|,@]|at)?\s*(?P<hour>\d{1,2})(?::(?P<minute>\d{2})|(?=\s*[ap]\.?\s?m\b))"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_ISO_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


@lru_cache(maxsize=16)
def _zone(name: str) -> tzinfo:
    """Resolve an IANA zone name once; a wrong name is a programming error and raises."""
    return ZoneInfo(name)


def to_iso(dt: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDTHH:MM:SS±HH:MM`` (no fractions)."""
    return dt.replace(microsecond=0).isoformat(timespec="seconds")


def _build(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
           second: int = 0, tz: tzinfo | None = None) -> str | None:
    """Assemble a datetime, returning None for impossible dates like 2月30日."""
    try:
        return to_iso(datetime(year, month, day, hour, minute, second, tzinfo=tz))
    except (ValueError, OverflowError):
        return None


def _int(value: str | None, default: int = 0) -> int:
    """Read an optional regex group as an int."""
    return int(value) if value else default


def _fold(text: str) -> str:
    """Fold fullwidth digits and brackets (令和６年（２０２４年）) to ASCII for matching."""
    return unicodedata.normalize("NFKC", text)


def parse_japanese_date(text: str | None, tz: str = JST) -> str | None:
    """Parse ``令和6年5月3日`` (元年, fullwidth digits, optional ``10時30分``) or ``2024年5月3日``."""
    if not isinstance(text, str):
        return None
    folded = _fold(text)
    match = _ERA_RE.search(folded)
    if match:
        offset = 1 if match["year"] == "元" else int(match["year"])
        year = ERA_START[match["era"]] + offset - 1
        return _build(year, int(match["month"]), int(match["day"]),
                      _int(match["hour"]), _int(match["minute"]), tz=_zone(tz))
    match = _WESTERN_JA_RE.search(folded)
    if match:
        return _build(int(match["year"]), int(match["month"]), int(match["day"]), tz=_zone(tz))
    return None


def parse_jdefense_date(text: str | None, tz: str = JST) -> str | None:
    """Parse j-defense's ``2024-5-3 17:03`` (month and day not zero-padded, JST)."""
    if not isinstance(text, str):
        return None
    match = _JDEFENSE_RE.search(_fold(text))
    if not match:
        return None
    return _build(int(match["year"]), int(match["month"]), int(match["day"]),
                  _int(match["hour"]), _int(match["minute"]), tz=_zone(tz))


def _offset_zone(zone: str | None, default: str) -> tzinfo | None:
    """Turn ``+0900``/``GMT``/missing into a tzinfo; unknown names give None."""
    if not zone:
        return _zone(default)
    if zone[0] in "+-":
        minutes = int(zone[1:3]) * 60 + int(zone[3:5])
        return timezone(timedelta(minutes=-minutes if zone[0] == "-" else minutes))
    named = NAMED_OFFSETS.get(zone.upper())
    return None if named is None else timezone(timedelta(minutes=named))


def _rss_year(year: str) -> int:
    """RFC 822 allowed two-digit years; read them the way feed readers do."""
    value = int(year)
    if len(year) == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def parse_rss_date(text: str | None, tz: str = JST) -> str | None:
    """Parse an RSS ``pubDate``; a missing zone means the site's own zone ``tz``."""
    if not isinstance(text, str):
        return None
    match = _RSS_RE.search(text.strip())
    month = MONTHS.get(match["month"].lower()) if match else None
    if not match or not month:
        return None
    zone = _offset_zone(match["zone"], tz)
    if zone is None:
        return None
    return _build(_rss_year(match["year"]), month, int(match["day"]), int(match["hour"]),
                  int(match["minute"]), _int(match["second"]), tz=zone)


def _twelve_hour(hour: int, ampm: str | None) -> int | None:
    """Convert ``10:30 p.m.`` hours to 24h; None for nonsense like ``13 p.m.``."""
    if not ampm:
        return hour
    if not 1 <= hour <= 12:
        return None
    pm = ampm.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def _english_day(text: str) -> tuple[int, int, int, re.Match[str]] | None:
    """Find the first ``Month D, YYYY`` or ``D Month YYYY`` whose month word is a month."""
    for match in _ENGLISH_RE.finditer(text):
        month = MONTHS.get((match["month"] or match["month2"]).lower())
        if month:
            return int(match["year"]), month, int(match["day"] or match["day2"]), match
    return None


def parse_english_date(text: str | None, tz: str = US_EASTERN) -> str | None:
    """Parse ``May 3, 2024``, ``Nov. 5, 2024 | 10:30 a.m.``, ``Sept. 12, 2025``, ``3 May 2024``."""
    if not isinstance(text, str):
        return None
    found = _english_day(text)
    if not found:
        return None
    year, month, day, match = found
    time = _TIME_RE.match(text, match.end())
    hour = _twelve_hour(int(time["hour"]), time["ampm"]) if time else 0
    if hour is None:
        return None
    minute = _int(time["minute"]) if time else 0
    return _build(year, month, day, hour, minute, tz=_zone(tz))


def parse_iso_date(text: str | None, tz: str = UTC) -> str | None:
    """Normalise an ISO 8601 string (JSON-LD, ``<time datetime>``, OpenGraph).

    A value without a zone is read in ``tz``; a bare date means midnight there.
    """
    if not isinstance(text, str):
        return None
    match = _ISO_RE.match(text.strip())
    if not match:
        return None
    zone_text = match["zone"]
    if zone_text and zone_text.upper() != "Z":
        zone_text = zone_text.replace(":", "").ljust(5, "0")
    zone = _offset_zone(zone_text, tz)
    return _build(int(match["year"]), int(match["month"]), int(match["day"]),
                  _int(match["hour"]), _int(match["minute"]), _int(match["second"]), tz=zone)


def parse_date(text: str | None, tz: str = UTC) -> str | None:
    """Try every known shape in turn: ISO, Japanese, j-defense, RSS, English."""
    for parser in (parse_iso_date, parse_japanese_date, parse_jdefense_date,
                   parse_rss_date, parse_english_date):
        result = parser(text, tz)
        if result:
            return result
    return None
