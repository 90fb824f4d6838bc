"""Date parsing for defence-ministry pages: pure functions, text in, ISO 8601 out.

Every ``parse_*`` function returns ``YYYY-MM-DDTHH:MM:SS±HH:MM`` or ``None``; the
``*_precise`` forms return a :class:`Parsed` that also says whether the source gave a
clock time (``precision="time"``) or only a calendar day (``"day"``: the stored 00:00
means nothing). Bad input never raises: a page with a mangled date is still an
article, only without a date. Zones are IANA names (``Asia/Tokyo``); a value that
carries no zone is read in the zone the caller passes, which is the zone of the site
that printed it.

Shapes read (the era table :data:`ERAS` is the one hand-written piece; RFC 822 uses
:func:`email.utils.parsedate_tz`'s tokeniser rules and ISO 8601 ``dateutil.parser.isoparse``):

- Japanese era dates, 明治 to 令和: ``令和6年5月3日``, ``令和元年十一月五日`` (kanji numerals),
  full-width digits, ``R6.5.2`` / ``H31/4/30`` / ``令6.5.2`` (abbreviated eras, dotted or
  slashed), ``㍻31年`` (era ligatures), with an optional ``10時30分`` or ``10:30``;
- Western ``2024年5月3日 10時30分``, ``2024-5-3 17:03``, ``2024/05/03``, ``2024.5.3``; Korean
  ``2026년 4월 7일 오후 3시 20분``; Chinese ``2026年3月8日 下午3點45分``;
- Taiwan's Minguo calendar (:data:`ROC_ERA`): ``中華民國115年3月5日`` anywhere, ``115-03-03``,
  ``115/03/06 10:20``, ``115年3月8日 下午 3:45`` on a Taiwanese page only (:func:`parse_roc_precise`);
- the Thai solar calendar (:data:`BUDDHIST_ERA_OFFSET`): ``5 มีนาคม 2569 เวลา 14.30 น.``, ``5 มี.ค. 69``,
  ``พ.ศ. 2569`` (:func:`parse_thai_precise`), and ``05/03/2569`` on a Thai page;
- any of these in the digits of another script (``๒๕๖๙``, ``२०२६``), between directional
  marks, or with an ordinal first of the month (``1° aprile``): :func:`plain_date_text`;
- RFC 822 ``Tue, 07 Jul 2026 21:37:00 +09:00`` with ``+0900``, ``+09:00``, ``+09``,
  ``-0000``, ``GMT+9``, ``Z`` and zone names (:data:`NAMED_OFFSETS`);
- ISO 8601 (``2025-03-14T09:00:00Z``, ``20250314T090000+0900``, bare dates), and a zone name
  after its time (``2026-03-05 09:00 KST``);
- English ``May 3, 2024``, ``3 May 2024``, ``15 August 2026``, ``Sept. 12, 2025 | 10:30 a.m.``,
  and the time first, AP style: ``10:30 a.m. EDT, March 5, 2026``;
- the local ways, read by the page's locale: ``10/05/2022`` day or month first
  (:func:`day_first`; an ambiguous one says so in ``Parsed.note``), ``24.01.2022 um 10.12 Uhr``,
  the clock words of a date line (``godz. 11:00``, ``alle ore 16:30``, ``a las 3:45 p. m.``,
  ``às 7:05 PM``, ``14h30``, ``18 h 45``, ``10:00 Uhr MEZ``, ``pukul 14.30 WIB``, ``٠٤:١٥ م``),
  and month names of other languages (``3 de mayo de 2022``, ``15 августа 2026 г.``) through
  dateparser (:func:`parse_localized_precise`).

>>> parse_japanese_date("令和6年5月3日")
'2024-05-03T00:00:00+09:00'
>>> parse_japanese_date("令和元年十一月五日")
'2019-11-05T00:00:00+09:00'
>>> parse_jdefense_date("2024-5-3 17:03")
'2024-05-03T17:03:00+09:00'
>>> parse_rss_date("Wed, 26 Aug 2026 18:06:48 +09:00")
'2026-08-26T18:06:48+09:00'
>>> parse_english_date("Sept. 12, 2025")
'2025-09-12T00:00:00-04:00'
>>> parse_iso_date("2025-03-14T09:00:00Z")
'2025-03-14T09:00:00+00:00'
>>> parse_date_precise("R6.5.2", JST)
Parsed(value='2024-05-02T00:00:00+09:00', precision='day', note=None)
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dateutil.parser import isoparse

JST = "Asia/Tokyo"
US_EASTERN = "America/New_York"
UTC = "UTC"


class Era(NamedTuple):
    name: str
    start: datetime  # first day of the era (naive, Japan calendar)
    latin: str  # the one-letter abbreviation (R6.5.2)


#: Japanese eras since the Gregorian calendar (1873; 明治 1-5 used the lunar calendar, read
#: here as Gregorian). Source: the Cabinet Office's era proclamations; 令和 began 2019-05-01.
ERAS: tuple[Era, ...] = (
    Era("令和", datetime(2019, 5, 1), "R"),
    Era("平成", datetime(1989, 1, 8), "H"),
    Era("昭和", datetime(1926, 12, 25), "S"),
    Era("大正", datetime(1912, 7, 30), "T"),
    Era("明治", datetime(1868, 1, 25), "M"),
)
ERA_BY_NAME = {era.name: era for era in ERAS}
ERA_BY_KEY = {**ERA_BY_NAME, **{era.name[0]: era for era in ERAS},
              **{era.latin: era for era in ERAS}}
#: Back-compatible view: first Gregorian year of each era (era year N = start + N - 1).

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}

#: Zone names that turn up in feeds and date lines (RFC 822 section 5, the common English
#: abbreviations and the German/French ones ministries print: ``10:00 Uhr MEZ``), in minutes
#: east of UTC. Ambiguous names are read one way, documented here: ``IST`` India (not Irish
#: or Israel time), ``CST``/``CDT`` US Central (as RFC 822 defines them, not China),
#: ``BST`` British Summer Time (not Bangladesh), ``GST`` Gulf (not South Georgia); ``AST``
#: (Atlantic or Arabia) and ``SST`` are left out: a time with them keeps no zone. Indonesia's
#: ``WIB``/``WITA``/``WIT`` are its western, central and eastern zones (UTC+7, +8, +9).
NAMED_OFFSETS = {
    "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "MEZ": 60, "MESZ": 120, "WEZ": 0, "WESZ": 60, "OEZ": 120, "OESZ": 180,  # German
    "HNEC": 60, "HAEC": 120,  # French: heure normale / avancée d'Europe centrale
    "WAT": 60, "CAT": 120, "SAST": 120, "EAT": 180, "TRT": 180, "IDT": 180, "GST": 240,
    "PKT": 300, "ICT": 420, "WIB": 420, "WITA": 480, "WIT": 540,
    "PHT": 480, "HKT": 480, "SGT": 480, "AWST": 480,
    "KST": 540, "JST": 540, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "ART": -180, "BRT": -180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}
#: Zone names that say a region, not an offset: US sites write "5:22 p.m. ET" all year, so
#: the offset is the region's on that day (EST in winter, EDT in summer).
REGION_ZONE_NAMES = {
    "ET": "America/New_York", "EASTERN": "America/New_York", "CT": "America/Chicago",
    "CENTRAL": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
}
# A zone as written after a clock time: GMT+2 / UTC-05:00, +02:00, or a name. A name starts
# with a capital (ET, CEST, Eastern): a lower-case word is prose ("à 10h00 et 12h00" is
# not US Eastern time).
_ZONE_WORD = (r"(?:GMT|UTC|UT)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}"
              r"|(?-i:[A-Z][A-Za-z]{1,6})")
_ZONE_AFTER_RE = re.compile(rf"\s*\(?(?P<zone>{_ZONE_WORD})\b\)?")


def zone_after(text: str, pos: int) -> tzinfo | None:
    """The zone written at ``text[pos:]`` (after a clock time), when it is one the tables know
    (:data:`NAMED_OFFSETS`, :data:`REGION_ZONE_NAMES`) or an offset; else None."""
    match = _ZONE_AFTER_RE.match(text, pos)
    if match is None:
        return None
    name = match["zone"].strip().upper()
    if name in REGION_ZONE_NAMES:
        return _zone(REGION_ZONE_NAMES[name])
    if name[:1] in "+-" or name.startswith(("GMT", "UTC", "UT")) or name in NAMED_OFFSETS:
        return offset_zone(name, UTC)
    return None

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"[0-9〇零一二三四五六七八九十百千]{1,6}"

_ERA_NAMES = "|".join(era.name for era in ERAS)
_ERA_RE = re.compile(
    rf"(?P<era>{_ERA_NAMES})\s*(?P<year>元|{_NUM})\s*"
    rf"(?:\(\s*\d{{4}}\s*年?\s*\)\s*)?年\s*(?:\(\s*\d{{4}}\s*年?\s*\)\s*)?"
    rf"(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*日"
)
# Abbreviated eras: R6.5.2, H31/4/30, 令6.5.2, R元.5.1 (a letter or one kanji, dots or slashes).
_ERA_SHORT_RE = re.compile(
    r"(?<![A-Za-z0-9\u3040-\u30ff\u4e00-\u9fff])(?P<era>[RHSTM]|[令平昭大明])\s?(?P<year>元|\d{1,2})\s*(?P<sep>[./])"
    r"\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<day>\d{1,2})(?!\d)"
)
_WESTERN_JA_RE = re.compile(
    rf"(?P<year>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*日"
)
# Time after a Japanese, Chinese or numeric date: （金）10時32分, 10:32, 午後3時, (星期三) 下午 3:45,
# 下午3點45分 (Chinese writes the hour 點/点).
_JA_TIME_RE = re.compile(
    r"\s*(?:[(（](?:星期|週)?[月火水木金土日祝・화수목금토一二三四五六天]+[)）])?\s*(?P<ampm>午前|午後|上午|下午|오전|오후)?\s*"
    rf"(?:(?P<hour>{_NUM})\s*[時点點](?:\s*(?P<minute>{_NUM})\s*分|半)?"
    r"|(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?)"
)
_NUMERIC_RE = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
)
_JDEFENSE_RE = re.compile(
    r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)
_RSS_RE = re.compile(
    r"(?:[A-Za-z]{3,9}\.?,?\s*)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+"
    r"(?P<year>\d{2,4})\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<zone>(?:GMT|UTC|UT)?\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}))?(?![A-Za-z])"
)
_ENGLISH_RE = re.compile(
    r"(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>[A-Za-z]{3,9})\.?,?)"
    r"\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
# A time only counts with minutes or an a.m./p.m. marker, so "2024 1 min read" is no time.
_TIME_RE = re.compile(
    r"\s*(?:[|,@-]|at)?\s*(?P<hour>\d{1,2})(?::(?P<minute>\d{2})|(?=\s*[ap]\.?\s?m\b))"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    rf"(?:\s*\(?(?P<zone>{_ZONE_WORD})\b\)?)?",
    re.IGNORECASE,
)
# A clock time written before the day (Reach plc's "21:22, 6 OCT 2020", "Updated 5:22 PM PT,
# May 3, 2024"): it ends where the day begins, save a comma, "on" and a weekday.
_TIME_BEFORE_RE = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    rf"(?:\s*(?P<zone>{_ZONE_WORD}))?"
    r"\s*[,|·–-]?\s*(?:on\s+)?(?:[A-Za-z]{3,9}\.?,?\s+)?$",
    re.IGNORECASE,
)
_ISO_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


class Parsed(NamedTuple):
    """A parsed date: ISO 8601 with offset, ``"time"`` or ``"day"`` precision, and how an
    ambiguous string was read (``note``, None when the string allows one reading only)."""

    value: str
    precision: str
    note: str | None = None


@lru_cache(maxsize=32)
def _zone(name: str) -> tzinfo:
    """Resolve an IANA zone name once; a wrong name is a programming error and raises."""
    return ZoneInfo(name)


def to_iso(dt: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDTHH:MM:SS±HH:MM`` (no fractions).

    Local mean time offsets of old dates (Tokyo before 1888 is +09:18:59 in tzdb) are
    rounded to the minute, so the offset always has the ``±HH:MM`` shape.
    """
    offset = dt.utcoffset()
    if offset is not None and offset.seconds % 60:
        minutes = round(offset.total_seconds() / 60)
        dt = dt.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    return dt.replace(microsecond=0).isoformat(timespec="seconds")


def _build(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
           second: int = 0, tz: tzinfo | None = None) -> str | None:
    """Assemble a datetime, returning None for impossible dates like 2月30日."""
    try:
        return to_iso(datetime(year, month, day, hour, minute, second, tzinfo=tz))
    except (ValueError, OverflowError, TypeError):
        return None


def _int(value: str | None, default: int = 0) -> int:
    """Read an optional regex group as an int (ASCII or kanji numerals)."""
    return kanji_number(value) if value else default


def kanji_number(text: str) -> int:
    """Read ``11``, ``十一``, ``二十``, ``三十一``, ``二〇二四`` or ``千九百八十九`` as an int.

    Raises ValueError on text that is no number.

    >>> [kanji_number(t) for t in ("十一", "二十", "三十一", "二〇二四", "千九百八十九", "12")]
    [11, 20, 31, 2024, 1989, 12]
    """
    if text.isascii():
        return int(text)
    if not any(ch in _KANJI_UNITS for ch in text):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))  # positional: 二〇二四
    total, digit = 0, None
    for ch in text:
        if ch in _KANJI_UNITS:
            total += (1 if digit is None else digit) * _KANJI_UNITS[ch]
            digit = None
        elif ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        else:
            digit = int(ch)
    return total + (digit or 0)


def _fold(text: str) -> str:
    """Fold fullwidth digits, brackets and era ligatures (㍻, ㋿) to plain text for matching."""
    return unicodedata.normalize("NFKC", text)


def era_year(era: str, year: str) -> int | None:
    """Gregorian year of ``era`` year ``year`` (``元`` = 1); None when the era is unknown."""
    found = ERA_BY_KEY.get(era) or ERA_BY_KEY.get(era.upper())
    if found is None:
        return None
    try:
        offset = 1 if year == "元" else kanji_number(year)
    except (ValueError, KeyError):
        return None
    return found.start.year + offset - 1 if offset >= 1 else None


#: Afternoon markers before a CJK clock time: Japanese 午後, Chinese 下午, Korean 오후 (上午, 午前,
#: 오전: morning); Korean boards write ``2026.03.06 오후 3:20``.
_CJK_PM = frozenset({"午後", "下午", "오후"})


def _ja_time(text: str, pos: int) -> tuple[int, int, int] | None:
    """Hour, minute, second of a time right after a date (``10時30分``, ``午後3時``, ``17:03``)."""
    match = _JA_TIME_RE.match(text, pos)
    if not match:
        return None
    try:
        if match["hh"]:
            hour, minute, second = int(match["hh"]), int(match["mm"]), _int(match["ss"])
        else:
            hour = kanji_number(match["hour"])
            minute = 30 if match.group(0).endswith("半") else _int(match["minute"])
            second = 0
    except (ValueError, KeyError):
        return None
    if match["ampm"] in _CJK_PM and hour < 12:
        hour += 12
    return hour, minute, second


def _dated(year: int | None, month: str, day: str, text: str, end: int,
           zone: tzinfo) -> Parsed | None:
    """Build a Parsed from matched year/month/day, adding the time that follows, if any."""
    if year is None:
        return None
    try:
        month_n, day_n = kanji_number(month), kanji_number(day)
    except (ValueError, KeyError):
        return None
    clock = _ja_time(text, end)
    value = _build(year, month_n, day_n, *(clock or (0, 0, 0)), tz=zone)
    if value is None and clock is not None:  # a bad time ("25時") does not lose the day
        value, clock = _build(year, month_n, day_n, tz=zone), None
    return Parsed(value, "time" if clock else "day") if value else None


# Korean writes the same units in Hangul: 2026년 4월 7일 (화) 오후 3시 20분.
_KOREAN_UNITS = str.maketrans({"년": "年", "월": "月", "일": "日", "시": "時", "분": "分"})
_KOREAN_DATE = re.compile(r"\d\s*년\s*\d{1,2}\s*월")


def _fold_korean(text: str) -> str:
    """A Korean date (``2026년 4월 7일 오후 3시 20분``) in the CJK units the Japanese reader knows
    (``2026年4月7日 午後3時20分``); text with no such date is unchanged."""
    if not _KOREAN_DATE.search(text):
        return text
    return text.replace("오전", "午前").replace("오후", "午後").translate(_KOREAN_UNITS)


def parse_japanese_precise(text: str | None, tz: str = JST) -> Parsed | None:
    """Era (full, abbreviated, Latin) or Western ``年月日`` dates, with an optional time; Korean
    ``년월일`` dates too (``2026년 4월 7일 오후 3시 20분``, :func:`_fold_korean`)."""
    if not isinstance(text, str):
        return None
    folded = _fold_korean(_fold(text))
    zone = _zone(tz)
    for match in _ERA_RE.finditer(folded):
        found = _dated(era_year(match["era"], match["year"]), match["month"], match["day"],
                       folded, match.end(), zone)
        if found:
            return found
    for match in _WESTERN_JA_RE.finditer(folded):
        try:
            year = kanji_number(match["year"])
        except (ValueError, KeyError):
            continue
        found = _dated(year, match["month"], match["day"], folded, match.end(), zone)
        if found:
            return found
    for match in _ERA_SHORT_RE.finditer(folded):
        found = _dated(era_year(match["era"], match["year"]), match["month"], match["day"],
                       folded, match.end(), zone)
        if found:
            return found
    return None


def parse_japanese_date(text: str | None, tz: str = JST) -> str | None:
    """Parse ``令和6年5月3日`` (元年, kanji or fullwidth numerals, ``10時30分``), ``2024年5月3日``, ``R6.5.3``."""
    found = parse_japanese_precise(text, tz)
    return found.value if found else None


# --- the Republic of China (Minguo) calendar of Taiwan --------------------------------------

#: The Minguo era: year 1 is 1912 (民國元年; year N is N + 1911), months and days Gregorian.
#: Source: the ROC calendar as Taiwan's government writes dates (中華民國115年3月5日 is
#: 2026-03-05). Read only where a page says it is Taiwanese (region ``TW``: a ``.tw`` domain,
#: ``zh-TW``, ``zh-Hant-TW``) or names the era (民國, 中華民國): elsewhere ``115-03-03`` is no date.
ROC_ERA = Era("民國", datetime(1912, 1, 1), "")
#: The region whose bare numeric dates (``115-03-03``, ``115/03/06``, ``115年3月8日``) are ROC.
ROC_REGION = "TW"
_ROC_NAMED_RE = re.compile(
    rf"(?:中華)?民國\s*(?P<year>元|{_NUM})\s*年\s*(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*日")
# 115年3月8日 (a Western year has four digits), 115-03-03, 115/03/06 10:20, 115.03.06: the
# year has two or three digits and stands alone (not the tail of 2026-03-03 or 10/05/2022).
_ROC_BARE_RE = re.compile(
    r"(?<![\d/.-])(?P<year>\d{2,3})\s*(?:年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"|(?P<sep>[-/.])(?P<month2>\d{1,2})(?P=sep)(?P<day2>\d{1,2})(?![\d/.-]?\d))")


def roc_year(year: str) -> int | None:
    """The Gregorian year of Minguo year ``year`` (``元`` = 1, ``115`` = 2026); None for no year."""
    try:
        number = 1 if year == "元" else kanji_number(year)
    except (ValueError, KeyError):
        return None
    return ROC_ERA.start.year + number - 1 if number >= 1 else None


def parse_roc_precise(text: str | None, tz: str = "Asia/Taipei",
                      region: str | None = None) -> Parsed | None:
    """A Minguo date: ``中華民國115年3月5日`` and ``民國115年`` anywhere; the bare forms
    ``115-03-03``, ``115/03/06 10:20``, ``115年3月8日 下午 3:45`` only for ``region`` ``TW``
    (:data:`ROC_REGION`). A clock time after it is read as after a CJK date (``下午 3:45``).

    >>> parse_roc_precise("中華民國115年3月5日")
    Parsed(value='2026-03-05T00:00:00+08:00', precision='day', note=None)
    >>> parse_roc_precise("115/03/06 10:20", region="TW").value
    '2026-03-06T10:20:00+08:00'
    >>> parse_roc_precise("115-03-03") is None
    True
    """
    if not isinstance(text, str) or not any(ch.isdigit() or ch == "元" for ch in text):
        return None
    folded, zone = _fold(text), _zone(tz)
    for match in _ROC_NAMED_RE.finditer(folded):
        found = _dated(roc_year(match["year"]), match["month"], match["day"], folded, match.end(), zone)
        if found:
            return found
    if (region or "").upper() != ROC_REGION:
        return None
    for match in _ROC_BARE_RE.finditer(folded):
        found = _dated(roc_year(match["year"]), match["month"] or match["month2"],
                       match["day"] or match["day2"], folded, match.end(), zone)
        if found:
            return found
    return None


def parse_numeric_precise(text: str | None, tz: str = JST) -> Parsed | None:
    """``2024-5-3 17:03``, ``2024/05/03``, ``2024.5.3`` (year first), read in ``tz``."""
    if not isinstance(text, str):
        return None
    folded = _fold(text)
    for match in _NUMERIC_RE.finditer(folded):
        found = _dated(int(match["year"]), match["month"], match["day"], folded, match.end(),
                       _zone(tz))
        if found:
            return found
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


def offset_zone(zone: str | None, default: str) -> tzinfo | None:
    """Turn ``+0900``/``+09:00``/``+9``/``GMT+9``/``JST``/missing into a tzinfo; unknown gives None."""
    if not zone:
        return _zone(default)
    zone = zone.strip().upper()
    if zone in REGION_ZONE_NAMES:
        return _zone(REGION_ZONE_NAMES[zone])
    offset = re.fullmatch(r"(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", zone)
    if offset:
        minutes = int(offset[2]) * 60 + int(offset[3] or 0)
        if minutes > 18 * 60:
            return None
        return timezone(timedelta(minutes=-minutes if offset[1] == "-" else minutes))
    named = NAMED_OFFSETS.get(zone)
    return None if named is None else timezone(timedelta(minutes=named))


def _rss_year(year: str) -> int:
    """RFC 822 allowed two-digit years; read them the way feed readers do."""
    value = int(year)
    if len(year) == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def parse_rss_precise(text: str | None, tz: str = JST) -> Parsed | None:
    """An RFC 822 date; a missing zone means the site's own zone ``tz``, an unknown one None."""
    if not isinstance(text, str):
        return None
    match = _RSS_RE.search(text.strip())
    month = MONTHS.get(match["month"].lower()) if match else None
    if not match or not month:
        return None
    zone = offset_zone(match["zone"], tz)
    if zone is None:
        return None
    value = _build(_rss_year(match["year"]), month, int(match["day"]), int(match["hour"]),
                   int(match["minute"]), _int(match["second"]), tz=zone)
    return Parsed(value, "time") if value else None


def parse_rss_date(text: str | None, tz: str = JST) -> str | None:
    """Parse an RSS ``pubDate``; a missing zone means the site's own zone ``tz``."""
    found = parse_rss_precise(text, tz)
    return found.value if found else None


def _twelve_hour(hour: int, ampm: str | None) -> int | None:
    """Convert ``10:30 p.m.`` (or ``04:15 م``, ``下午 3:45``: :data:`_OTHER_AMPM`) hours to 24h;
    None for nonsense like ``13 p.m.``. A marker of another script after a 24-hour time
    (``16:15 م``) only repeats it; a morning one after an afternoon hour is nonsense too."""
    if not ampm:
        return hour
    if ampm in _OTHER_AMPM:
        pm = _OTHER_AMPM[ampm]
        if hour > 12:
            return hour if pm and hour < 24 else None
        return (hour % 12) + (12 if pm else 0)
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


def parse_english_precise(text: str | None, tz: str = US_EASTERN) -> Parsed | None:
    """``May 3, 2024``, ``Nov. 5, 2024 | 10:30 a.m. EST``, ``Sept. 12, 2025``, ``3 May 2024``."""
    if not isinstance(text, str):
        return None
    found = _english_day(text)
    if not found:
        return None
    year, month, day, match = found
    time = _TIME_RE.match(text, match.end())
    if time is None:  # "21:22, 6 OCT 2020": the time before the day
        before = _TIME_BEFORE_RE.search(text[:match.start()])
        time = before if before and (before["zone"] is None or before["zone"].upper()
                                     not in MONTHS) else None
    zone = _zone(tz)
    if time and time["zone"]:
        zone = offset_zone(time["zone"], tz) or zone
    hour = _twelve_hour(int(time["hour"]), time["ampm"]) if time else 0
    if hour is None:  # "13:30 p.m." is a garbled line, not a date to trust
        return None
    minute = _int(time["minute"]) if time else 0
    value = _build(year, month, day, hour, minute, tz=zone)
    if value is None and time is not None:
        value, time = _build(year, month, day, tz=_zone(tz)), None
    return Parsed(value, "time" if time else "day") if value else None


def parse_english_date(text: str | None, tz: str = US_EASTERN) -> str | None:
    """Parse ``May 3, 2024``, ``Nov. 5, 2024 | 10:30 a.m.``, ``Sept. 12, 2025``, ``3 May 2024``."""
    found = parse_english_precise(text, tz)
    return found.value if found else None


def parse_iso_precise(text: str | None, tz: str = UTC) -> Parsed | None:
    """Normalise an ISO 8601 string (JSON-LD, ``<time datetime>``, OpenGraph, sitemap lastmod).

    A value without a zone is read in ``tz``; a bare date is ``day`` precision.
    """
    if not isinstance(text, str):
        return None
    raw = text.strip()
    match = _ISO_RE.match(raw)
    if match is None:
        if not re.fullmatch(r"\d{8}(T\d{4,6}(Z|[+-]\d{2,4})?)?", raw):
            return None
        try:  # basic format (20250314T0900+0900), which the regex does not read
            parsed = isoparse(raw)
        except (ValueError, OverflowError):
            return None
        precision = "time" if "T" in raw else "day"
        aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=_zone(tz))
        return Parsed(to_iso(aware), precision)
    zone_text = match["zone"]
    zone = offset_zone(None if not zone_text else zone_text, tz)
    if not zone_text and match["hour"]:  # "2024-05-03 17:22 BST", "2026-03-05 09:00 KST"
        zone = zone_after(raw, match.end()) or zone
    value = _build(int(match["year"]), int(match["month"]), int(match["day"]),
                   _int(match["hour"]), _int(match["minute"]), _int(match["second"]), tz=zone)
    if value is None:
        return None
    if not match["hour"] and raw[match.end():].strip():
        # a clock time written the local way after the day: "2026-03-06 오후 03:20",
        # "2026-03-04, ora 15:10", "2026-03-05 - 09:05" (a page's line, never an ISO value)
        local = _local_time_parsed(int(match["year"]), int(match["month"]), int(match["day"]),
                                   raw, match.end(), tz)
        if local is not None and local.precision == "time":
            return local
    return Parsed(value, "time" if match["hour"] else "day")


def parse_iso_date(text: str | None, tz: str = UTC) -> str | None:
    """Normalise an ISO 8601 string; a value without a zone is read in ``tz``."""
    found = parse_iso_precise(text, tz)
    return found.value if found else None


# --- dates written the local way: numeric day/month orders, month names of other languages ---

#: Regions (ISO 3166) that write a numeric date month first (10/05/2022 = October 5).
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM"})
# 10/05/2022, 10.05.2022, 10-05-2022 (day or month first), with an optional time.
# Czech, Slovak, Slovenian and Croatian write the dotted date spaced: "3. 3. 2026", "03. 03. 2026"
# (CLDR's cs/sk/sl/hr medium date patterns "d. M. y"); a space after a dot only ("3 / 3 / 2026"
# is no date anyone writes), the same after both dots.
_DAY_MONTH_RE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<sp>(?:(?<=\.) )?)(?P<b>\d{1,2})(?P=sep)(?P=sp)(?P<year>\d{4})"
    r"(?![\d/.-]?\d)")
# A time after a local date: 10:30, 05:22 pm, 10h30, 18 h 45, um 10.12 Uhr, a las 10:00, в 10:00,
# ", ora 15:10" (ro), "v 14:20" (cs, sk), "ob 14:20" (sl), "u 14:20" (hr), "στις 11:20" (el),
# "klockan 14.20" (sv), "kell 14.20" (et), "plkst. 14.20" (lv), "오후 3:20" (ko): the word for
# "at" before a clock time in the EU's and the G20's languages; and the full stop of a Croatian
# year ("3. 3. 2026. u 14:20", CLDR hr "d. M. y.").
# Up to three joining words and marks: ", godz. 11:00", "alle ore 16:30", "a las 3:45 p. m.",
# "às 7:05 PM", "- 09:05", "um 10.12 Uhr MEZ", "pukul 14.30 WIB", "saat 09:45", "الساعة ٤:١٥ م";
# a zone name after it is
# read (NAMED_OFFSETS). A dotted time (10.12) counts before "Uhr"/"h", or after a word that
# says a clock time follows (:data:`_DOTTED_TIME_WORDS`): "2026 10.12" alone may be anything.
# Markers of the half day in other scripts (:data:`_OTHER_AMPM`) stand after the time, or
# before it in Chinese (下午 3:45).
_LOCAL_TIME_RE = re.compile(
    r"(?P<join>(?:\s*(?:[,|@–.-]|at|um|à|a las|a la|alle ore|alle|ore|ora|às|as|в|о|kl\.?|klockan|klo|kello"
    r"|kell|plkst\.?|om|o|ob|u|v|στις|godz\.?|godzina|dnia|pukul|jam|saat|lúc|الساعة|ساعت|เวลา)(?=[\s\d])){0,3})"
    r"\s*(?P<before>上午|下午|오전|오후)?\s*"
    r"(?P<hour>\d{1,2})(?::|\s?h\s?(?=\d{2}(?!\d))|(?<=\d)\.(?=\d{2}\s*(?:uhr|h|น)\b)|(?P<dot>\.(?=\d{2}(?!\d))))"
    r"(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?|(?:صباحًا|صباحا|مساءً|مساء|ص|م|ق\.ظ|ب\.ظ)(?!\w))?"
    r"(?:\s*(?:uhr|h|hrs|horas|hs|น)\b\.?)?",
    re.IGNORECASE,
)
#: Words after which a dotted clock time is one (Indonesian "pukul 14.30", Finnish "klo
#: 14.30", Scandinavian "kl. 14.30", Polish "godz. 14.30", Malay/Indonesian "jam 14.30", Thai
#: "เวลา 14.30 น."; Thai writes น. (นาฬิกา, o'clock) after the time, as German writes Uhr).
_DOTTED_TIME_WORDS = re.compile(r"pukul|klo|kello|kl\b|klockan|kell\b|plkst|ora\b|godz|jam|saat|เวลา",
                                re.IGNORECASE)
#: Half-day markers of other scripts, True for the afternoon: Arabic ص (صباحًا, morning) and
#: م (مساءً, evening), Persian ق.ظ / ب.ظ (before / after noon), Chinese 上午 / 下午, Korean 오전 / 오후.
#: Indonesian pagi/siang/sore/malam are not read: siang spans 11 to 15 o'clock and malam
#: midnight, and Indonesian sites write 24-hour times with their zone (WIB).
_OTHER_AMPM = {"ص": False, "صباحا": False, "صباحًا": False, "م": True, "مساء": True, "مساءً": True,
               "ق.ظ": False, "ب.ظ": True, "上午": False, "下午": True, "오전": False, "오후": True}


# A day, a month word and a year (3 de mayo de 2022, 24. Januar 2022, 15 августа 2026 г.,
# 20 червня 2026 року, 23 грудня 2025 р.,
# 3 maggio 2022), or a month word first (mayo 3, 2022), with an optional time: the span
# handed to dateparser, which knows the month names of some two hundred locales.
# A month word's letters: Python's \w leaves out the vowel signs of the Brahmic scripts
# (Devanagari मार्च, Bengali, Tamil, …, Myanmar, Khmer: category M), so their blocks count whole.
_MONTH_LETTER = r"(?:[^\W\d_]|[\u0900-\u0dff\u1000-\u109f\u1780-\u17ff])"
# A month word is at most _MONTH_MAX letters, and one written first starts a word of them: unbounded
# and after a vowel sign (no \w), every position of a line of Khmer or Thai text without spaces
# started a run the whole line long (quadratic; a release page took minutes).
_MONTH_MAX = 24
WORD_DATE_RE = re.compile(
    rf"(?:(?<!\d)\d{{1,2}}(?:\.|º|er)?\s*(?:de\s+|of\s+)?{_MONTH_LETTER}{{3,{_MONTH_MAX}}}\.?,?\s*(?:de\s+|del\s+)?\d{{4}}"
    rf"|(?<!{_MONTH_LETTER}){_MONTH_LETTER}{{3,{_MONTH_MAX}}}\.?\s+\d{{1,2}}\.?,?\s+\d{{4}})(?!\d)(?:\s*(?:г\.|года|року|р\.|r\.))?",
)
#: Languages tried for month names when the page does not say its own (dateparser codes).
DEFAULT_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl")


def day_first(lang: str | None, region: str | None = None) -> bool:
    """Whether ``10/05/2022`` is read day first where the page comes from.

    Month first in the regions of :data:`MONTH_FIRST_REGIONS`, and for English with no
    region (most English pages without one are American); day first everywhere else
    (nearly all the world's locales, CLDR's short date patterns).
    """
    subtags = re.split(r"[-_]", lang or "")
    region = region or next((tag for tag in subtags[1:] if len(tag) == 2 and tag.isalpha()), None)
    if region:
        return region.upper() not in MONTH_FIRST_REGIONS
    return subtags[0].lower() != "en"


def parse_day_month_precise(text: str | None, tz: str = UTC, lang: str | None = None,
                            region: str | None = None) -> Parsed | None:
    """``10/05/2022``, ``24.01.2022 10:15``, ``10-05-2022 05:22 pm``: day and month in the order
    of the page's locale (:func:`day_first`); a number above 12 settles the order by itself.
    Dotted dates are always day first (no locale writes 05.10.2022 for May 10). When both
    readings are real dates the string is ambiguous and ``note`` says which reading was
    taken and what the other would be.
    """
    if not isinstance(text, str):
        return None
    folded = _fold(text)
    for match in _DAY_MONTH_RE.finditer(folded):
        a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
        if year >= BE_YEAR_FROM and thai_page(lang, region):  # 05/03/2569 on a Thai page
            year -= BUDDHIST_ERA_OFFSET
        by_locale = match["sep"] == "." or day_first(lang, region)
        day, month = (a, b) if (by_locale and a <= 31 and b <= 12) or a > 12 else (b, a)
        if not (1 <= month <= 12):
            continue
        found = _local_time_parsed(year, month, day, folded, match.end(), tz)
        if found is None:
            continue
        if a != b and a <= 12 and b <= 12:
            other = _build(year, day, month)
            reading = "day-first" if (day, month) == (a, b) else "month-first"
            why = f"locale {_locale_name(lang, region)}"
            found = found._replace(note=f"ambiguous {match.group(0)!r}: read {reading} ({why}); "
                                        f"the other reading is {other[:10] if other else 'no date'}")
        return found
    return None


def _locale_name(lang: str | None, region: str | None) -> str:
    """``es-ES`` from ``lang="es-ES"``, region ``"ES"`` (the region once, not ``es-ES-ES``);
    ``es (ES)`` when the region is not the tag's own (a country domain); ``unknown``."""
    if not lang:
        return region or "unknown"
    tags = [t.upper() for t in re.split(r"[-_]", lang)[1:]]
    return lang if not region or region.upper() in tags else f"{lang} ({region})"


def _local_time_parsed(year: int, month: int, day: int, text: str, end: int,
                       tz: str) -> Parsed | None:
    """The day, with the time that follows it when there is one (``10:30``, ``5:22 pm``)."""
    zone = _zone(tz)
    time = _LOCAL_TIME_RE.match(text, end)
    if time and time["dot"] and not _DOTTED_TIME_WORDS.search(time["join"]):
        time = None  # "3 March 2026 10.12": no word says a clock time follows
    hour = _twelve_hour(int(time["hour"]), time["ampm"] or time["before"]) if time else None
    if time and hour is not None:
        zone = zone_after(text, time.end()) or zone  # "24.01.2022 um 10:12 Uhr MEZ", "09:00 KST"
        value = _build(year, month, day, hour, int(time["minute"]), _int(time["second"]), tz=zone)
        if value:
            return Parsed(value, "time")
    value = _build(year, month, day, tz=zone)
    return Parsed(value, "day") if value else None


@lru_cache(maxsize=64)
def _date_parser(languages: tuple[str, ...]) -> object | None:
    """A dateparser ``DateDataParser`` for these languages, built once (None: none is known)."""
    from dateparser.date import DateDataParser  # imported late: loads its locale data
    from dateparser.languages.loader import default_loader

    known = tuple(lang for lang in languages if lang in _dateparser_languages(default_loader))
    if not known:
        return None
    return DateDataParser(languages=list(known), settings={
        "PARSERS": ["absolute-time"], "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY", "PREFER_LOCALE_DATE_ORDER": False,
    })


@lru_cache(maxsize=1)
def _dateparser_languages(loader: object) -> frozenset[str]:
    return frozenset(loader.get_locale_map().keys())  # type: ignore[attr-defined]


def parse_localized_precise(text: str | None, tz: str = UTC, lang: str | None = None) -> Parsed | None:
    """A date with the month written out in the page's language (``3 de mayo de 2022``,
    ``24. Januar 2022 um 10:12 Uhr``, ``15 августа 2026 г.``, ``mardi 15 août 2026 à 10h30``).

    The span (day, month word, year, time) is found by :data:`WORD_DATE_RE` and read by
    dateparser in ``lang`` (its primary subtag), else in :data:`DEFAULT_LANGUAGES`. Only
    absolute dates with day, month and year count: never "2 hours ago" nor "May 2022".
    """
    if not isinstance(text, str) or not any(ch.isalpha() for ch in text):
        return None
    folded = _fold(text)
    primary = (lang or "").split("-")[0].lower()
    parser = _date_parser((primary,) if primary else DEFAULT_LANGUAGES) or _date_parser(DEFAULT_LANGUAGES)
    if parser is None:
        return None
    for match in WORD_DATE_RE.finditer(folded):
        try:  # dateparser reads the day; the time after it is ours (a.m./p.m., "godz.", zones)
            data = parser.get_date_data(match.group(0))  # type: ignore[attr-defined]
        except (ValueError, OverflowError, TypeError, KeyError):  # dateparser's own slips
            continue
        when = data.date_obj if data else None
        if when is None:
            continue
        found = _local_time_parsed(when.year, when.month, when.day, folded, match.end(), tz)
        if found:
            return found
    return None


def is_zone_name(word: str) -> bool:
    """True for a zone name as a date line writes it, in capitals (``WIB``, ``CEST``, ``ET``)."""
    return word.isupper() and (word in NAMED_OFFSETS or word in REGION_ZONE_NAMES)


_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=64)
def date_words(lang: str | None) -> frozenset[str]:
    """The words that may stand around a date in language ``lang`` (its primary subtag), lower
    case: weekday names and half-day markers from dateparser's locale data (``selasa``,
    ``الثلاثاء``, ``ص``, ``вівторок``); none for an unknown language or none. (Zone names are
    words of a date line in capitals only, :func:`is_zone_name`: "art", "met" are prose.)"""
    primary = re.split(r"[-_]", (lang or "").strip())[0].lower()
    if not primary:
        return frozenset()
    from dateparser.languages.loader import default_loader  # imported late: locale data

    if primary not in _dateparser_languages(default_loader):
        return frozenset()
    info = default_loader.get_locale(primary).info
    words = {str(word).lower() for key in (*_WEEKDAY_KEYS, "am", "pm") for word in info.get(key, [])}
    return frozenset(words)


# --- text a date is read from: marks, digits of other scripts, ordinals -------------------

# Directional formatting characters (LRM, RLM, ALM, the embeddings and isolates): RTL CMSs put
# them around a date ("\u200f12 במרץ 2026\u200f | 09:00"); they are no part of it.
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# The ordinal indicator of the first of a month: Italian "1° aprile", Portuguese "1º de
# abril", Spanish "1.º de abril" (French "1er" is dateparser's own).
_ORDINAL_MARK = re.compile(r"(?<=\d)\.?[º°ª](?!\w)")


def plain_date_text(text: str) -> str:
    """``text`` as the date readers match it: directional marks removed, decimal digits of any
    script written in ASCII (Thai ``๒๕๖๙``, Devanagari ``२०२६``, Bengali, Arabic-Indic,
    fullwidth: :func:`unicodedata.decimal`, the Unicode ``Nd`` digits; kanji numerals are no
    such digits and stay), and the ordinal mark of a day dropped (``1°``, ``1º``, ``1.º``).

    >>> plain_date_text("\u200f๕ มีนาคม ๒๕๖๙\u200f"), plain_date_text("1° aprile 2026")
    ('5 มีนาคม 2569', '1 aprile 2026')
    """
    if text.isascii():
        return text
    text = _BIDI_MARKS.sub("", text)
    text = "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch
                   for ch in text)
    return _ORDINAL_MARK.sub("", text)


# --- the Hijri calendar -----------------------------------------------------------------------

#: A date marked هـ (هجرية) is of the Islamic (Hijri) calendar, one marked م (ميلادية) Gregorian;
#: Saudi, Gulf and Yemeni government sites print both, in either order, joined by a dash or
#: الموافق ("corresponding to"): "١٤٤٧/٠٩/٢٠هـ - ٢٠٢٦/٠٣/٠٩م", "الثلاثاء ١٤ رمضان ١٤٤٧هـ
#: الموافق ٣ مارس ٢٠٢٦م". The Hijri one is numeric (year first or last), a day, a month name of
#: one or two words (ربيع الأول) and a year, or a year alone; its digits already ASCII
#: (:func:`plain_date_text`).
HIJRI_DATE_RE = re.compile(
    r"(?:(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{3,4}|(?<!\d)\d{3,4}[/.-]\d{1,2}[/.-]\d{1,2}"
    r"|(?<!\d)\d{1,2}\s*(?:[\u0621-\u064a\u0640]+\s+){1,2}\d{3,4}|(?<!\d)\d{3,4})"
    r"\s*\u0647\u0640?\.?(?![\u0621-\u064a])")
# "الموافق" / "موافق" / "الموافق لـ": the word that joins a Hijri date to its Gregorian one.
_CORRESPONDING_RE = re.compile(
    r"(?<![\u0621-\u064a])(?:\u0627\u0644)?\u0645\u0648\u0627\u0641\u0642(?:\s*\u0644\u0640?)?(?![\u0621-\u064a])")
#: The note of a date line that gives a Hijri date only.
HIJRI_NOTE = ("a Hijri date (marked \u0647\u0640) with no Gregorian date (marked \u0645) beside it: "
              "not converted (no Umm al-Qura calendar library in the project), kept unparsed")


def without_hijri(text: str) -> tuple[str, bool]:
    """``text`` with its Hijri dates (:data:`HIJRI_DATE_RE`) and the word الموافق blanked, and
    whether it had a Hijri date; the Gregorian date beside one is what the readers then read
    (a Hijri ``1447/09/20`` read as Gregorian is a date 579 years old).

    >>> without_hijri("1447/09/20هـ - 2026/03/09م")
    ('  - 2026/03/09م', True)
    """
    if "\u0647" not in text:
        return text, False
    blanked, count = HIJRI_DATE_RE.subn(" ", text)
    if not count:
        return text, False
    return _CORRESPONDING_RE.sub(" ", blanked), True


def hijri_only(text: str) -> bool:
    """True for a date string whose only date is a Hijri one (see :data:`HIJRI_NOTE`)."""
    rest, hijri = without_hijri(plain_date_text(text))
    return hijri and not re.search(r"\d{4}", rest)


# --- the Thai solar calendar ------------------------------------------------------------------

#: The Buddhist era of the Thai solar calendar: year B.E. N is N - 543 (พ.ศ. 2569 = 2026);
#: months and days are Gregorian (since B.E. 2484 = 1941). Source: the Thai government's date
#: format (the Royal Institute), as pages of Thai ministries write it.
BUDDHIST_ERA_OFFSET = 543
#: A four-digit year from this on, with no era written, is a Buddhist-era year on a Thai page
#: (B.E. 2400 is 1857; no Gregorian date a ministry prints comes near it).
BE_YEAR_FROM = 2400
# Era words before the year: พ.ศ. (Buddhist era), ค.ศ. (Christian era), spaced or not.
_THAI_ERA = r"(?P<era>พ\s*\.\s*ศ\s*\.?|ค\s*\.\s*ศ\s*\.?)"
# A day, a Thai month word (full มีนาคม, abbreviated มี.ค., with the word เดือน or not), an
# optional era and a year of four digits or the short two (มี.ค. 69 = B.E. 2569).
THAI_DATE_RE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\s*(?:เดือน)?(?P<month>[\u0e01-\u0e4e][\u0e01-\u0e4e.]{1,12}?)\.?\s*"
    rf"{_THAI_ERA}?\s*(?P<year>\d{{4}}|\d{{2}})(?!\d|[:.]\d)")  # "5 มีนาคม 10:30": 10 is no year


@lru_cache(maxsize=1)
def thai_months() -> dict[str, int]:
    """Thai month names, full and abbreviated, without their dots (มีค for มี.ค.) -> month
    number, from dateparser's Thai locale data (CLDR)."""
    from dateparser.languages.loader import default_loader  # imported late: locale data

    info = default_loader.get_locale("th").info
    keys = ("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december")
    return {name.replace(".", "").replace(" ", "").removeprefix("เดือน"): number
            for number, key in enumerate(keys, 1) for name in info.get(key, [])
            if not name.isascii()}


def buddhist_year(year: str, era: str | None, thai: bool = True) -> int:
    """The Gregorian year of a year written on a Thai page: ``พ.ศ.`` says Buddhist era, ``ค.ศ.``
    Christian; with no era a four-digit year from :data:`BE_YEAR_FROM` on is Buddhist (a page
    may write ``2026`` too), and a two-digit one is the short Buddhist form (``69`` = 2569)."""
    number = int(year)
    era = re.sub(r"[\s.]", "", era or "")
    if era == "คศ":
        return number
    if len(year) == 2:
        number += 2500
    if era == "พศ" or number >= BE_YEAR_FROM or len(year) == 2:
        return number - BUDDHIST_ERA_OFFSET
    return number


def parse_thai_precise(text: str | None, tz: str = "Asia/Bangkok") -> Parsed | None:
    """A Thai date: ``5 มีนาคม 2569 เวลา 14:30 น.``, ``5 มี.ค. 69``, ``๒๐ มีนาคม พ.ศ. ๒๕๖๙ เวลา
    ๑๖.๐๐ น.``, ``5 มีนาคม 2026 14:30`` (years by :func:`buddhist_year`; the time by
    :func:`_local_time_parsed`, ``เวลา`` and ``น.`` included). Read wherever it is written:
    the month word is Thai.

    >>> parse_thai_precise("5 มีนาคม 2569 เวลา 14:30 น.").value
    '2026-03-05T14:30:00+07:00'
    """
    if not isinstance(text, str) or not re.search("[\u0e01-\u0e4e]", text):
        return None
    folded = _fold(plain_date_text(text))
    months = thai_months()
    for match in THAI_DATE_RE.finditer(folded):
        month = months.get(match["month"].replace(".", ""))
        if month is None:
            continue
        found = _local_time_parsed(buddhist_year(match["year"], match["era"]), month,
                                   int(match["day"]), folded, match.end(), tz)
        if found:
            return found
    return None


def thai_page(lang: str | None, region: str | None) -> bool:
    """True for a page in Thai or from Thailand, whose bare years are Buddhist (2569)."""
    return (region or "").upper() == "TH" or re.split(r"[-_]", (lang or "").lower())[0] == "th"


PRECISE_PARSERS: tuple[Callable[[str | None, str], Parsed | None], ...] = (
    parse_iso_precise, parse_japanese_precise, parse_rss_precise, parse_numeric_precise,
    parse_english_precise,
)


def parse_date_precise(text: str | None, tz: str = UTC, lang: str | None = None,
                       region: str | None = None) -> Parsed | None:
    """Try every known shape in turn: the Minguo calendar (:func:`parse_roc_precise`: named, or
    in a Taiwanese ``region``), ISO, Japanese, RFC 822, numeric year first, English;
    then the local ways: numeric day/month in the order of the locale (``lang``, ``region``:
    :func:`parse_day_month_precise`) and month names of other languages
    (:func:`parse_localized_precise`)."""
    if not isinstance(text, str) or len(text) > 2000:
        return None
    text, _ = without_hijri(plain_date_text(text))  # "1447/09/20هـ - 2026/03/09م": the Gregorian
    roc = parse_roc_precise(text, tz, region)
    if roc:  # before the Japanese reader: "民國115年" is no Western 115 AD
        return roc
    thai = parse_thai_precise(text, tz)
    if thai:  # before the others: "5 มีนาคม 2569" is no year 2569
        return thai
    for parser in PRECISE_PARSERS:
        found = parser(text, tz)
        if found:
            if parser is parse_english_precise and found.precision == "day" and lang \
                    and not lang.lower().startswith("en"):
                # "1 april 2000 om 14:00" is Dutch: the month is English, the time is not
                local = parse_localized_precise(text, tz, lang)
                if local and local.precision == "time" and local.value[:10] == found.value[:10]:
                    return local
            return found
    return parse_day_month_precise(text, tz, lang, region) or parse_localized_precise(text, tz, lang)


def parse_date(text: str | None, tz: str = UTC, lang: str | None = None) -> str | None:
    """Try every known shape in turn (see :func:`parse_date_precise`)."""
    found = parse_date_precise(text, tz, lang)
    return found.value if found else None


# --- the zone of a region --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _region_zones() -> dict[str, tuple[str, ...]]:
    """ISO 3166 country code -> its IANA zones, from the tz database's ``zone.tab`` (the
    ``tzdata`` package's copy, else the system's); empty when neither is there."""
    text = ""
    try:
        from importlib.resources import files
        text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ImportError, OSError, ModuleNotFoundError):
        try:
            with open("/usr/share/zoneinfo/zone.tab", encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            return {}
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            zones.setdefault(fields[0], []).append(fields[2])
    return {code: tuple(names) for code, names in zones.items()}


#: The zone of the capital of each country whose zones keep different offsets (tzdb
#: ``zone.tab``, 2026): a ministry of defence dates its news where it sits, in the capital
#: (Brasília keeps São Paulo's time, Canberra Sydney's, Ottawa Toronto's, Astana Almaty's).
#: Antarctica and the US Minor Outlying Islands have no capital: no zone.
CAPITAL_ZONES = {
    "AU": "Australia/Sydney", "BR": "America/Sao_Paulo", "CA": "America/Toronto",
    "CD": "Africa/Kinshasa", "CL": "America/Santiago", "CN": "Asia/Shanghai",
    "EC": "America/Guayaquil", "ES": "Europe/Madrid", "FM": "Pacific/Pohnpei",
    "GL": "America/Nuuk", "ID": "Asia/Jakarta", "KI": "Pacific/Tarawa", "KZ": "Asia/Almaty",
    "MN": "Asia/Ulaanbaatar", "MX": "America/Mexico_City", "NZ": "Pacific/Auckland",
    "PF": "Pacific/Tahiti", "PG": "Pacific/Port_Moresby", "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow", "UA": "Europe/Kyiv", "US": "America/New_York",
}

#: The country of a language tag with no region (``lang="pl"``), from CLDR's likely subtags
#: (``pl`` -> ``pl_Latn_PL``, ``ko`` -> ``ko_Kore_KR``). English, Spanish, Portuguese, French
#: and Arabic are left out on purpose: official on several continents, in zones hours apart,
#: a bare ``es`` says nothing about where the page is from (Latin American sites on ``.com``
#: write ``lang="es"``: read in Madrid, a UTC time of 22:12 in Asunción moved a day).
LANGUAGE_REGIONS = {
    "bg": "BG", "cs": "CZ", "da": "DK", "de": "DE", "el": "GR", "et": "EE",
    "fa": "IR", "fi": "FI", "he": "IL", "hr": "HR", "hu": "HU", "hy": "AM",
    "id": "ID", "it": "IT", "ja": "JP", "ka": "GE", "ko": "KR", "lt": "LT", "lv": "LV",
    "mk": "MK", "ms": "MY", "nb": "NO", "nl": "NL", "nn": "NO", "no": "NO", "pl": "PL",
    "ro": "RO", "ru": "RU", "sk": "SK", "sl": "SI", "sq": "AL", "sr": "RS",
    "sv": "SE", "th": "TH", "tr": "TR", "uk": "UA", "vi": "VN", "zh": "CN",
}


def language_region(lang: str | None) -> str | None:
    """The likely country of a bare language tag (:data:`LANGUAGE_REGIONS`; ``"ko"`` ->
    ``"KR"``), None for English, Spanish, Portuguese, French, Arabic, an unknown language or none."""
    primary = re.split(r"[-_]", (lang or "").strip())[0].lower()
    return LANGUAGE_REGIONS.get(primary)


# Country-code top-level domains sold as vanity names (.io, .tv, .co, .me): no country.
_VANITY_TLDS = frozenset({"io", "tv", "co", "me", "ai", "fm", "ly", "to", "ws", "cc", "gg", "la",
                          "nu", "sh", "ac", "tk", "am", "im", "is", "it", "so", "st", "vc", "gl"})
# The locale's region: en-GB, en_GB, es-419 (no country) in lang, og:locale, inLanguage.
_REGION = re.compile(r"^[A-Za-z]{2,3}[-_](?:[A-Za-z]{4}[-_])?([A-Za-z]{2})\b")


def locale_region(tags: list[str], url: str) -> str | None:
    """The country a page's dates are written for (ISO 3166 code, or None): the URL's country
    domain (``.ar``, ``.de``, ``.uk`` → ``GB``; vanity domains aside), else the region subtag of
    a language tag (``es-ES``, ``en_GB``), else the likely country of a bare language
    (:func:`language_region`). ``tags``: the page's language tags, best first."""
    top = (urlsplit(url).hostname or "").rsplit(".", 1)[-1].lower()
    region = ("GB" if top == "uk" else top.upper()) if (
        len(top) == 2 and top.isalpha() and top not in _VANITY_TLDS) else None
    # The domain's country first: CMS templates default to es-ES or en-US whatever the site.
    region = region or next((m[1].upper() for m in (_REGION.match(tag) for tag in tags) if m), None)
    # A bare language (lang="pl", "ko"): its likely country; none for en, es, pt, fr, ar.
    return region or next((r for r in map(language_region, tags) if r), None)


@lru_cache(maxsize=256)
def region_zone(region: str | None, year: int = 2024) -> str | None:
    """The IANA zone of a country (``AR`` -> ``America/Argentina/Buenos_Aires``): its one zone
    when all its zones keep the same offsets all year (January and July of ``year``), else its
    capital's (:data:`CAPITAL_ZONES`: ``ES`` -> ``Europe/Madrid``, not the Canaries'; ``US``
    -> ``America/New_York``); None for a code with no capital (``AQ``), an unknown code, or none.
    """
    names = _region_zones().get((region or "").upper())
    if not names:
        return None
    offsets = set()
    for name in names:
        zone = _zone(name)
        offsets.add(tuple(datetime(year, month, 15, 12, tzinfo=zone).utcoffset() for month in (1, 7)))
    return names[0] if len(offsets) == 1 else CAPITAL_ZONES.get((region or "").upper())


def in_zone(value: str, tz: str) -> str:
    """The same instant written in zone ``tz`` (``2022-05-04T00:25:56+00:00`` in Buenos Aires
    is ``2022-05-03T21:25:56-03:00``)."""
    return to_iso(datetime.fromisoformat(value).astimezone(_zone(tz)))
