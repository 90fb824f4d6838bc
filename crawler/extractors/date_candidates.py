"""Dates with provenance: every candidate a page, feed, sitemap or server gives, and the rule
that picks ``datePublished`` / ``dateModified`` from them.

A candidate is a plain dict (contract v3, ``metadata.dateCandidates``)::

    {"source": "json-ld", "raw": "2024-05-03T09:00:00+09:00",
     "value": "2024-05-03T09:00:00+09:00", "precision": "time", "field": "datePublished"}

``source`` is one of :data:`PRIORITY`. The rule (:func:`choose`), documented in the README:

1. candidates with no value, or later than ``dateDownloaded``, are not eligible (a date in the
   future of the download is a typo or a scheduled event, never the publication); nor are the
   :data:`RECORDED_ONLY` sources: HTTP ``Last-Modified`` dates the file on the server (a mirror's
   checkout, a CMS re-render), not the article, so it is kept as evidence but never picked;
   nor is a candidate that knows only the year or the month (``precision`` ``"year"`` or
   ``"month"``, see :func:`coarse_precision`): it is kept as evidence, never stored as a day,
   and an article with nothing better gets the feed's or sitemap's date, else null;
2. the eligible candidate whose source comes first in :data:`PRIORITY` wins (the page's own
   structured data, then what the reader sees, then the feed, then weak hints); a clock time
   whose raw string gives no zone is read in the site's zone (the operator's, else the
   page's region's); when no zone was given at all (not by the operator, the page or its
   region), it is read as UTC and says ``"zone": "unknown"``: it gives way to a strong
   candidate that states its zone and shows the same clock time on the same day
   (:func:`adopt_zones`), and is otherwise kept, never shifted, with a validation message
   that its offset is an assumption, not a fact;
   unless it is outvoted (:func:`outvoted`): when no other source gives the winner's
   calendar day and at least two independent sources (:data:`WITNESSES`, a news sitemap's
   publication date among them; the same raw string
   read twice, as a visible line and a body line, is one) agree on another day, the
   best-ranked candidate of that day wins instead, with a validation message (a ``<time>``
   of a listing, a stale meta tag, against the byline under the headline and the URL);
3. when the winner knows only the day and another strong candidate, or a news sitemap's
   publication date (:data:`TIME_GIVERS`), gives a clock time on the same calendar day, that
   one is taken (``precision`` says which is known);
4. strong sources (:data:`STRONG`) that disagree with the winner by more than a day are
   reported in ``metadata.validationMessages``; so is a date that is null because none was
   found, and a winner whose raw string allows two readings (``10/05/2022``: its ``note``);
5. when no strong source and no URL path gives a publication date, a change date stands in for
   it, ranked by its source, with a message: one the page shows with its label (``Last updated
   …``, ``Atualizado em …``), one its markup gives (JSON-LD or meta ``dateModified``), or the
   sitemap's ``lastmod`` (a change date by the sitemap protocol); a change
   date standing in never gives a sitemap's clock time as the publication's (``precision``
   ``"day"``: see :func:`_stand_ins`), never gives its clock time to another candidate's day (rule 3) nor
   witnesses a day (rule 2);
6. implausible candidates are not eligible either (:func:`implausible`, with a message): a year
   before :data:`MIN_YEAR` or an offset that is no whole quarter hour (the tz database's local
   mean time of an old year: a Hijri ``1447/09/20`` read as Gregorian in Riyadh is +03:07); and a
   feed's or sitemap's clock time of exactly 00:00:00 is a day written as a time (CMSs that store
   only the day): it counts as ``precision`` ``"day"``, which a page's own clock time on that day
   refines (rule 3);
7. when a fallback wins (no strong source: htmldate's guess, the URL, PDF metadata, a change
   date standing in) and the feed or the sitemap gives a day more than a day away from it, a
   validation message says so (:func:`_fallback_disputed`).

Reading a raw string depends on the page's locale (``lang``, ``region``): the order of day
and month in ``10/05/2022`` and month names (``3 de mayo de 2022``); and a clock time the
source wrote in UTC is written in the site's zone when the region has one (:func:`localize`).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from crawler.dates import HIJRI_NOTE, Parsed, hijri_only, in_zone, parse_date_precise

Candidate = dict[str, Any]

#: Sources in the order the rule trusts them for datePublished.
PRIORITY = ("json-ld", "meta", "time", "visible", "body", "pdf-text", "feed", "pdf-metadata",
            "htmldate", "url", "sitemap", "http-last-modified")
#: Sources kept in ``dateCandidates`` as evidence but never picked (see rule 1).
RECORDED_ONLY = frozenset({"http-last-modified"})
#: Sources whose disagreement by more than a day is worth a validation message.
STRONG = frozenset({"json-ld", "meta", "time", "visible", "body", "feed", "pdf-text"})
#: Sources whose agreement can outvote the winner (rule 2): the strong ones, the URL path, and
#: a news sitemap's ``publication_date`` (a publication date the publisher gives apart from the
#: page, as a feed's is; a sitemap's ``lastmod`` dates a change and is no datePublished witness).
WITNESSES = STRONG | {"url", "sitemap"}
#: Independent sources that must agree on another day to outvote a lone winner (rule 2).
MIN_WITNESSES = 2
#: dateModified sources that stand in for a datePublished nobody gives (see rule 5).
STAND_IN = frozenset({"json-ld", "meta", "time", "visible", "body", "sitemap"})
#: Publication-date sources whose presence keeps change dates from standing in (rule 5): a
#: day in the URL path dates the publication, a change date only bounds it.
NO_STAND_IN = STRONG | {"url"}
#: Sources whose clock time on the winner's day refines a winner that knows the day only
#: (rule 3): the strong ones, and a news sitemap's ``publication_date`` (a sitemap's
#: ``lastmod`` is a change date: it never dates the publication unless it stands in, rule 5).
TIME_GIVERS = STRONG | {"sitemap"}
#: Precisions of a candidate that does not know the day: never picked (see rule 1).
COARSE = frozenset({"year", "month"})
PUBLISHED = "datePublished"
MODIFIED = "dateModified"
# /2024/05/03/, /2024-05-03-, /20240503 in a URL path: a full date only, never year/month.
_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


#: ``zone`` of a candidate whose clock time states no zone, read in a zone nobody gave.
ZONE_UNKNOWN = "unknown"


def candidate(source: str, raw: str | None, tz: str, field: str = PUBLISHED,
              parsed: Parsed | None = None, lang: str | None = None,
              region: str | None = None, zone_known: bool = True) -> Candidate | None:
    """One candidate from a raw string (None when the raw string is empty).

    ``lang``/``region``: the page's locale, for day/month order and month names
    (:func:`crawler.dates.parse_date_precise`); an ambiguous string gets a ``note``.
    ``zone_known``: False when ``tz`` is an assumption (UTC because neither the operator,
    the page nor its region gave a zone): a clock time whose raw string states no zone
    then gets ``"zone": "unknown"``, its instant unchanged (see :func:`zone_unknown`).
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    found = parsed if parsed is not None else parse_date_precise(raw[:300], tz, lang, region)
    cand = {"source": source, "raw": raw[:300], "value": found.value if found else None,
            "precision": found.precision if found else None, "field": field}
    if found is not None and found.note:
        cand["note"] = found.note
    if found is None and hijri_only(cand["raw"]):
        cand["note"] = HIJRI_NOTE
    if source in DISCOVERY and cand["precision"] == "time" and _midnight(cand["value"]):
        cand["precision"] = "day"
        cand["note"] = MIDNIGHT_NOTE
    if not zone_known and cand["precision"] == "time" and _zone_stated(cand["raw"]) is False:
        cand["zone"] = ZONE_UNKNOWN
    return cand


#: Note of a feed's or sitemap's clock time of exactly midnight, counted as the day it writes.
MIDNIGHT_NOTE = ("00:00:00 from a feed or sitemap: a CMS that stores only the day writes it so; "
                 "counted as a day (a page's own clock time on that day refines it, rule 3)")


def _midnight(value: str | None) -> bool:
    """True for an ISO value whose clock time, as its source wrote it, is 00:00:00."""
    return bool(value) and value[11:19] == "00:00:00"  # type: ignore[index]


def zone_unknown(cand: Candidate | None) -> bool:
    """True for a clock time read in an assumed zone: neither it nor its source gave one."""
    return bool(cand) and cand.get("zone") == ZONE_UNKNOWN  # type: ignore[union-attr]


# The raw string names UTC itself: 2022-05-04T00:25:56Z, +00:00, "GMT", "UTC".
_EXPLICIT_UTC = re.compile(r"\dZ\b|[+-]00:?00\b|\b(?:GMT|UTC|UT)\b(?!\s*[+-]\d)", re.IGNORECASE)


def localize(cand: Candidate | None, zone: str | None) -> Candidate | None:
    """A clock time the source wrote in UTC, written in the site's own ``zone`` instead (the
    same instant: ``2022-05-04T00:25:56Z`` of an Argentine site is ``2022-05-03T21:25:56-03:00``),
    so that the calendar day is the one the site's readers saw. Anything else is unchanged."""
    if (cand is None or zone is None or cand["precision"] != "time" or not cand["value"]
            or not cand["value"].endswith("+00:00") or not _EXPLICIT_UTC.search(cand["raw"])):
        return cand
    return {**cand, "value": in_zone(cand["value"], zone)}


class Locale(NamedTuple):
    """How a page writes its dates: ``tz`` reads zone-less strings; ``lang`` and ``region``
    (BCP 47 language, ISO 3166 country) read day/month order and month names; ``local``, the
    site's own zone, writes clock times given in UTC (:func:`localize`); ``zone_known``
    False: ``tz`` is UTC by assumption, nobody gave it (see :func:`candidate`)."""

    tz: str
    lang: str | None = None
    region: str | None = None
    local: str | None = None
    zone_known: bool = True


def read(source: str, raw: str | None, loc: Locale, field: str = PUBLISHED) -> Candidate | None:
    """One candidate read the page's way (:class:`Locale`)."""
    return localize(candidate(source, raw, loc.tz, field, lang=loc.lang, region=loc.region,
                              zone_known=loc.zone_known), loc.local)


def url_candidate(url: str, tz: str) -> Candidate | None:
    """A full date in the URL's path (``/2024/05/03/``, ``/20240503-``), day precision."""
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    year, _, month, day = match.groups()
    return candidate("url", match.group(0), tz,
                     parsed=parse_date_precise(f"{year}-{month}-{day}", tz))


def coarse_precision(cand: Candidate) -> Candidate:
    """htmldate's guess with the precision it really has (a new dict; others unchanged).

    htmldate writes a copyright year (``© 2024``), a ``copyrightYear`` meta tag or a bare year
    as 1 January, and a year-month (``2024/05``, ``Mai 2024``) as the 1st of the month, in the
    same ``YYYY-MM-DD`` as a real day (``htmldate.core.search_page``, ``examine_header``), so a
    guess on the 1st of a month is counted as a year (January) or a month: a real 1st is still
    found by the page's own candidates, which then win.
    """
    value = cand.get("value") or ""
    if cand.get("source") != "htmldate" or cand.get("precision") != "day" or value[8:10] != "01":
        return cand
    return {**cand, "precision": "year" if value[5:7] == "01" else "month"}


def _zone_stated(raw: str) -> bool | None:
    """Whether a raw date states its zone: it reads the same whatever zone is assumed for it
    (None when it does not parse)."""
    east, west = parse_date_precise(raw, "Etc/GMT-7"), parse_date_precise(raw, "Etc/GMT+5")
    if east is None or west is None:
        return None
    return east.value == west.value


def _clock(cand: Candidate) -> datetime:
    """The wall-clock time the source wrote, to the minute (its own offset dropped)."""
    return _when(cand["value"]).replace(second=0, tzinfo=None)


def adopt_zones(ranked: list[Candidate], field: str) -> tuple[list[Candidate], list[str]]:
    """The candidates, each clock time read in a zone nobody gave (:func:`zone_unknown`)
    replaced by the strong candidate that states its zone and shows the same wall-clock time,
    and notes (see rule 2): a feed's ``18:00 +0900`` tells the zone a page's ``1 July 2024,
    18:00`` meant. A zone the operator (``-a timezone=``) or the page's region gave is never
    overridden this way (a London page's winter ``10:00`` is +00:00 by its zone, not by
    assumption).
    """
    out: list[Candidate] = []
    notes: list[str] = []
    for cand in ranked:
        zoned = next((c for c in ranked if zone_unknown(cand) and c["source"] in STRONG
                      and c["precision"] == "time" and c is not cand and _clock(c) == _clock(cand)
                      and _zone_stated(c["raw"])), None)
        out.append(zoned or cand)
        if zoned is not None:
            notes.append(f"{field}: {cand['source']} time {cand['raw']!r} has no zone; "
                         f"{zoned['source']} gives the same clock time with its offset: {zoned['value']}")
    return out, notes


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _day(cand: Candidate) -> date:
    return _when(cand["value"]).date()


def _after(cand: Candidate, downloaded: datetime | None) -> bool:
    """True when the candidate lies after the download (a day: the day after the download's)."""
    if downloaded is None:
        return False
    when = _when(cand["value"])
    if cand["precision"] == "day":
        return when.date() > downloaded.astimezone(when.tzinfo).date()
    return when > downloaded


#: No date a web news page gives is before this year: an earlier one is a misreading (a Hijri
#: year 1447 read as Gregorian, a two-digit year, a template's placeholder).
MIN_YEAR = 1990
#: Every zone in use writes its offset in whole quarter hours (+05:45 Nepal, +12:45 Chatham);
#: anything else is the tz database's local mean time of a year before the zone existed
#: (Asia/Riyadh +03:07 before 1947), that is, a year misread.
OFFSET_STEP = timedelta(minutes=15)


def implausible(cand: Candidate) -> str | None:
    """Why a candidate's value can be no web page's date (None when it can): its year is before
    :data:`MIN_YEAR`, or its offset is no whole quarter hour (:data:`OFFSET_STEP`)."""
    when = _when(cand["value"])
    if when.year < MIN_YEAR:
        return f"its year {when.year} is before {MIN_YEAR}"
    offset = when.utcoffset()
    if offset is not None and offset % OFFSET_STEP:
        return f"its offset {when.isoformat()[19:]} is no zone's in use (a local mean time)"
    return None


def _corroborated_midnights(eligible: list[Candidate]) -> list[Candidate]:
    """The candidates, a feed's or sitemap's midnight counted as a day (:data:`MIDNIGHT_NOTE`)
    a time again when another candidate shows 00:00 on the same day: the page's own ``00:00``
    says the midnight was meant (and the feed then tells its zone, :func:`adopt_zones`)."""
    shown = {_when(c["value"]).replace(tzinfo=None) for c in eligible
             if c["precision"] == "time" and c.get("note") != MIDNIGHT_NOTE}
    out = []
    for cand in eligible:
        if cand.get("note") == MIDNIGHT_NOTE and _when(cand["value"]).replace(tzinfo=None) in shown:
            cand = {key: value for key, value in cand.items() if key != "note"} | {"precision": "time"}
        out.append(cand)
    return out


def _rank(cand: Candidate) -> int:
    source = cand["source"]
    return PRIORITY.index(source) if source in PRIORITY else len(PRIORITY)


def _apart(a: Candidate, b: Candidate) -> bool:
    """More than a day apart (calendar days when either knows only the day)."""
    if "day" in (a["precision"], b["precision"]):
        return abs((_day(a) - _day(b)).days) > 1
    return abs(_when(a["value"]) - _when(b["value"])) > timedelta(days=1)


#: Sources that read the same text: a line near the headline is often the body's first line.
_SAME_TEXT = {"body": "visible"}


def _witnesses(ranked: list[Candidate], day: date) -> set[str]:
    """The independent sources that give ``day``, each once; ``visible`` and ``body`` are one
    (the same date line is seen by both)."""
    return {_SAME_TEXT.get(c["source"], c["source"]) for c in ranked
            if c["source"] in WITNESSES and not c.get(_STANDS_IN) and _day(c) == day}


def outvoted(ranked: list[Candidate], best: Candidate) -> Candidate | None:
    """The best-ranked candidate of another day that at least :data:`MIN_WITNESSES`
    independent sources agree on, when no source but the winner's own gives the winner's day
    (rule 2); else None. Only strong winners are judged (weak ones lose to any strong one)."""
    if best["source"] not in STRONG:
        return None
    own = _witnesses(ranked, _day(best))
    if own - {best["source"]}:
        return None
    for cand in ranked:
        day = _day(cand)
        if day != _day(best) and cand["source"] in STRONG and len(_witnesses(ranked, day)) >= MIN_WITNESSES:
            return cand
    return None


def choose(candidates: list[Candidate], field: str, downloaded: datetime | None,
           ) -> tuple[Candidate | None, list[str]]:
    """The winning candidate for ``field`` and the validation messages (see the module rule)."""
    messages: list[str] = []
    eligible: list[Candidate] = []
    for cand in candidates:
        if (cand["field"] != field or not cand["value"] or cand["source"] in RECORDED_ONLY
                or cand["precision"] in COARSE):
            continue
        why = implausible(cand)
        if why:
            messages.append(f"{field}: {cand['source']} date {cand['raw']!r} read as {cand['value']}: "
                            f"{why}; rejected")
            continue
        if _after(cand, downloaded):
            messages.append(f"{field}: {cand['source']} date {cand['raw']!r} is after the download; rejected")
            continue
        eligible.append(cand)
    eligible = _corroborated_midnights(eligible)
    if field == PUBLISHED and not any(c["source"] in NO_STAND_IN for c in eligible):
        eligible += _stand_ins(candidates, downloaded)
    if not eligible:
        return None, messages
    ranked, zone_notes = adopt_zones(sorted(eligible, key=_rank), field)  # stable sort: first seen wins
    messages += zone_notes
    best = ranked[0]
    voted = outvoted(ranked, best)
    if voted is not None:
        messages.append(f"{field}: {best['source']} {best['value']} is the only source for its day; "
                        f"{', '.join(sorted(_witnesses(ranked, _day(voted))))} agree on "
                        f"{_day(voted)}: {voted['source']} {voted['value']} taken")
        best = voted
    if best["precision"] == "day":
        # a change date standing in gives no time of the publication (its own clock is the change's)
        timed = next((c for c in ranked if c["precision"] == "time" and c["source"] in TIME_GIVERS
                      and not c.get(_STANDS_IN)
                      and _when(c["value"]).astimezone(_when(best["value"]).tzinfo).date()
                      == _day(best)), None)
        best = timed or best
    if best.get(_STANDS_IN):
        messages.append(f"{PUBLISHED}: no publication date given; the change date "
                        f"({best['source']} {best['raw']!r}) stands in")
    if best["source"] not in STRONG:
        messages += _fallback_disputed(best, candidates, field)
    if best.get("note"):
        messages.append(f"{field}: {best['source']} date {best['note']}")
    if zone_unknown(best):
        messages.append(f"{field}: zone unknown: {best['source']} time {best['raw']!r} has no zone, "
                        "and neither the page, the feed nor the site gives one (-a timezone=): "
                        "read as UTC by assumption, the offset +00:00 is not the source's")
    for cand in ranked:
        if cand["source"] in STRONG and best["source"] in STRONG and _apart(cand, best):
            messages.append(f"{field}: sources disagree by more than a day: {best['source']} "
                            f"{best['value']} vs {cand['source']} {cand['value']}")
            break
    return best, messages


#: Key of the working copy of a change date standing in for a publication date (rule 5): never
#: stored (the stored candidates are the originals), it keeps a stand-in from giving the time
#: of another candidate's day (rule 3) or witnessing a day (rule 2).
_STANDS_IN = "_standsIn"
#: Sources a publisher gives apart from the page, against which a fallback is checked.
DISCOVERY = frozenset({"feed", "sitemap"})


def _fallback_disputed(best: Candidate, candidates: list[Candidate], field: str) -> list[str]:
    """A message when a fallback picked the date (htmldate's guess, the URL, a change date
    standing in: no strong source gave one) and the feed or sitemap says a day more than a
    day away (its publication date or its ``lastmod``): one of the two is wrong (htmldate
    reads dates of the page's related-news list; a lastmod dates a later change)."""
    for cand in candidates:
        if (cand["source"] in DISCOVERY and cand["value"] and cand["precision"] not in COARSE
                and cand["raw"] != best["raw"] and _apart(cand, best)):
            kind = "lastmod" if cand["field"] == MODIFIED else "date"
            return [f"{field}: {best['source']} {best['value']} is a fallback (no strong source dates "
                    f"the page) and the {cand['source']} {kind} says {_day(cand)}; check it"]
    return []


def _stand_ins(candidates: list[Candidate], downloaded: datetime | None) -> list[Candidate]:
    """The dateModified candidates that may stand in for a publication date nobody gives
    (rule 5): a labelled change date the reader sees (``Last updated …``, a lone ``Stand:``
    line), a markup ``dateModified`` (JSON-LD, meta) and a sitemap's ``lastmod`` (a change
    date by the sitemap protocol). An article is never later than its last change, so that
    day is an upper bound, the best one known. A sitemap's ``lastmod`` stands in for the day
    only (``precision`` ``"day"``): its clock is the server's record of any save (a next-morning
    edit, a re-render), never a time a reader was shown; a change date the page shows or its
    markup gives keeps the time the publisher wrote."""
    return [{**c, "field": PUBLISHED, _STANDS_IN: True, **(_as_day(c) if c["source"] in DISCOVERY else {})}
            for c in candidates
            if c["field"] == MODIFIED and c["source"] in STAND_IN and c["value"]
            and c["precision"] not in COARSE and not _after(c, downloaded) and not implausible(c)]


def _as_day(cand: Candidate) -> dict[str, str]:
    """A candidate's value and precision as its day only: 00:00 in its own offset (the shape
    of a day-precision value)."""
    value = cand["value"]
    return {"value": f"{value[:11]}00:00:00{value[19:]}" if len(value) > 10 else value, "precision": "day"}


def _modified_before_published(record: dict[str, Any]) -> list[str]:
    """Mend and note a ``dateModified`` before ``datePublished`` (in place; the notes).

    A change date known to the day only (a sitemap ``lastmod`` of ``2026-03-05``) on the day of a
    publication known to the minute reads as midnight, before it: it says no more than that the
    page was published that day, so ``dateModified`` is null (the candidate stays in
    ``metadata.dateCandidates``).  A change date on an earlier day contradicts the publication
    date: it is kept, and noted."""
    published, modified = record.get(PUBLISHED), record.get(MODIFIED)
    if not (published and modified) or _when(modified) >= _when(published):
        return []
    if record.get(MODIFIED + "Precision") == "day" and modified[:10] == published[:10]:
        record[MODIFIED] = record[MODIFIED + "Precision"] = None
        return [f"{MODIFIED}: null, the change date {modified[:10]} is only the day of publication"]
    return [f"{MODIFIED}: {modified} is before {PUBLISHED} {published}"]


def resolve(record: dict[str, Any], extra: list[Candidate | None] = (),  # type: ignore[assignment]
            downloaded: str | None = None) -> dict[str, Any]:
    """Add ``extra`` candidates to the record's, pick both dates by the rule, note why (a new dict).

    ``downloaded``: ISO 8601 download time (``metadata.dateDownloaded``); None means now.
    """
    record = dict(record)
    metadata = dict(record.get("metadata") or {})
    seen = {(c["source"], c["raw"], c["field"]) for c in metadata.get("dateCandidates") or []}
    cands = list(metadata.get("dateCandidates") or [])
    for cand in extra:
        if cand and (cand["source"], cand["raw"], cand["field"]) not in seen:
            seen.add((cand["source"], cand["raw"], cand["field"]))
            cands.append(cand)
    cands = [coarse_precision(c) for c in cands]
    for field in (PUBLISHED, MODIFIED):  # a site extractor's own date, read from the page
        value = record.get(field)
        if value and not any(c["value"] == value and (c["field"] == field or (  # or it stood in
                field == PUBLISHED and c["source"] in STAND_IN)) for c in cands):
            raw = record.get("datePublishedRaw") if field == PUBLISHED else None
            cands.append({"source": "visible", "raw": raw or value, "value": value,
                          "precision": record.get(field + "Precision") or
                          ("day" if str(value)[11:19] == "00:00:00" else "time"), "field": field})
    when = _when(downloaded) if downloaded else datetime.now().astimezone()
    messages = [m for m in metadata.get("validationMessages") or []
                if not m.startswith((PUBLISHED + ":", MODIFIED + ":"))]
    for field in (PUBLISHED, MODIFIED):
        best, notes = choose(cands, field, when)
        messages += notes
        record[field] = best["value"] if best else None
        record[field + "Precision"] = best["precision"] if best else None
        if field == PUBLISHED:
            record["datePublishedRaw"] = best["raw"] if best else None
    messages += _modified_before_published(record)
    if record[PUBLISHED] is None:
        messages.append(f"{PUBLISHED}: null, no date found "
                        f"({len([c for c in cands if c['field'] == PUBLISHED])} candidates)")
        coarse = [c for c in cands if c["field"] == PUBLISHED and c["precision"] in COARSE]
        if coarse:
            known = coarse[0]["value"][:4 if coarse[0]["precision"] == "year" else 7]
            messages.append(f"{PUBLISHED}: only a {coarse[0]['precision']} is known "
                            f"({coarse[0]['source']} {known}), not a day")
    metadata["dateCandidates"] = cands
    metadata["validationMessages"] = messages
    record["metadata"] = metadata
    return record
