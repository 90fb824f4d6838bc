"""Which date candidate becomes ``datePublished`` (issue 8, defects 1 and 3 of the breaker8 run):
a year alone (a copyright footer, htmldate's 1 January) never passes for a day, and a page's
clock time without a zone never shifts a zoned feed date by being read as UTC.

Minimal pairs as saved pages through :func:`crawler.extractors.generic.extract` plus the
discovery candidates the spider adds, the same pairs crawled from 127.0.0.1, and properties
of the rule over any candidate set (hypothesis)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st
from mockserver import mock_server
from test_spiders import start_crawl

from crawler.extractors import date_candidates as dc
from crawler.extractors import generic
from crawler.page_record import discovery_candidates

DOWNLOADED = "2024-07-02T08:00:00+00:00"
LASTMOD = "2024-06-20T09:45:00+01:00"
#: A lastmod standing in for the publication dates its day only (breaker16: its clock is a save's).
LASTMOD_DAY = "2024-06-20T00:00:00+01:00"
PROSE = ("<p>The ministry confirmed that the annual logistics review has been completed on schedule.</p>"
         "<p>Findings will be shared with parliament's defence committee in the coming weeks.</p>")
FOOTER = "<div id='footer'><p class='copyright'>Copyright Defence Ministry 2024</p></div>"


def release(title: str, date_line: str = "", footer: str = "") -> str:
    line = f"<p class='date'>{date_line}</p>" if date_line else ""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><div id='header'><a href='/'>Defence Ministry</a></div><main><article>"
            f"<h1>{title}</h1>{line}{PROSE}</article></main>{footer}</body></html>")


def crawled(html: str, url: str, feed: dict[str, str] | None = None, tz: str | None = None) -> dict[str, Any]:
    """What the spider stores: the page's candidates, then the feed's or sitemap's (``tz``:
    ``-a timezone=``, None when the operator gives none)."""
    record = generic.extract(html, url, tz=tz)
    return dc.resolve(record, discovery_candidates(feed, tz or "UTC", zone_known=tz is not None), DOWNLOADED)


def sources(record: dict[str, Any]) -> dict[str, str]:
    return {c["source"]: c["precision"] for c in record["metadata"]["dateCandidates"]
            if c["field"] == dc.PUBLISHED}


# --- defect 1: a year is not a day ---------------------------------------------------------------


def test_footer_year_does_not_beat_the_sitemap_lastmod() -> None:
    sitemap = {"source": "sitemap", "lastmod": LASTMOD}
    plain = crawled(release("Logistics review completed"), "https://x.example/news/a.html", sitemap)
    footed = crawled(release("Logistics review completed", footer=FOOTER), "https://x.example/news/b.html", sitemap)
    assert plain["datePublished"] == footed["datePublished"] == LASTMOD_DAY
    assert footed["datePublishedPrecision"] == "day"
    assert footed["datePublishedRaw"] == LASTMOD  # provenance: the sitemap's own string


def test_footer_year_alone_gives_null_a_message_and_no_day() -> None:
    record = crawled(release("Logistics review completed", footer=FOOTER), "https://x.example/news/c.html")
    assert record["datePublished"] is None and record["datePublishedPrecision"] is None
    assert sources(record).get("htmldate") in (None, "year")  # kept as evidence, as a year
    assert any("no date found" in m for m in record["metadata"]["validationMessages"])


def test_footer_year_does_not_beat_a_news_sitemap_time() -> None:
    news = {"source": "sitemap", "pubDate": "2024-05-07T16:45:00+02:00"}
    record = crawled(release("Exercise in the north", footer=FOOTER), "https://x.example/presse/n.html",
                     news, tz="Europe/Berlin")
    assert (record["datePublished"], record["datePublishedPrecision"]) == ("2024-05-07T16:45:00+02:00", "time")


def test_a_real_day_on_the_page_still_wins_over_the_footer_year() -> None:
    record = crawled(release("Exercise in the north", "15 March 2024", FOOTER), "https://x.example/n/d.html",
                     {"source": "sitemap", "lastmod": LASTMOD})
    assert (record["datePublished"], record["datePublishedPrecision"]) == ("2024-03-15T00:00:00+00:00", "day")


@pytest.mark.parametrize(("value", "precision"), [
    ("2024-01-01", "year"), ("2024-05-01", "month"), ("2024-05-02", "day"), ("2024-01-15", "day")])
def test_htmldate_on_the_first_of_a_month_is_a_year_or_a_month(value: str, precision: str) -> None:
    cand = dc.candidate("htmldate", value, "UTC")
    assert cand is not None and dc.coarse_precision(cand)["precision"] == precision
    for source in ("json-ld", "sitemap", "url"):  # only htmldate writes a year as 1 January
        other = dc.candidate(source, value, "UTC")
        assert other is not None and dc.coarse_precision(other)["precision"] == "day"


def test_a_year_then_the_news_date_counts_the_page_as_dated_by_the_sitemap() -> None:
    year = {**dc.candidate("htmldate", "2024-01-01", "Europe/Berlin"), "precision": "year"}  # type: ignore[dict-item]
    record = dc.resolve({"url": "u", "metadata": {"dateCandidates": [year]}}, [], DOWNLOADED)
    assert record["datePublished"] is None
    assert any("only a year is known (htmldate 2024)" in m for m in record["metadata"]["validationMessages"])


# --- defect 3: a clock time without a zone -------------------------------------------------------

FEED = {"source": "feed", "pubDate": "Mon, 01 Jul 2024 18:00:00 +0900"}


def test_a_zone_less_page_time_takes_the_zone_of_the_feed_showing_the_same_clock() -> None:
    record = crawled(release("Joint exercise begins", "1 July 2024, 18:00"), "https://x.example/tz/a.html", FEED)
    assert record["datePublished"] == "2024-07-01T18:00:00+09:00"
    assert record["datePublishedPrecision"] == "time"
    assert record["datePublishedRaw"] == FEED["pubDate"]
    assert any("has no zone" in m for m in record["metadata"]["validationMessages"])


def test_a_zone_less_page_time_without_a_zone_anywhere_is_noted_not_silent() -> None:
    record = crawled(release("Joint exercise begins", "1 July 2024, 18:00"), "https://x.example/tz/b.html")
    assert record["datePublished"] == "2024-07-01T18:00:00+00:00"
    assert any("read as UTC" in m for m in record["metadata"]["validationMessages"])


def test_the_site_zone_given_by_the_operator_is_kept() -> None:
    record = crawled(release("Joint exercise begins", "1 July 2024, 18:00"), "https://x.example/tz/c.html",
                     FEED, tz="Asia/Tokyo")
    assert record["datePublished"] == "2024-07-01T18:00:00+09:00"
    assert record["datePublishedRaw"] == "1 July 2024, 18:00"  # the page's own line, read in Tokyo
    paris = crawled(release("Joint exercise begins", "1 July 2024, 18:00"), "https://x.example/tz/c.html",
                    FEED, tz="Europe/Paris")
    assert paris["datePublished"] == "2024-07-01T18:00:00+02:00"  # never overridden by the feed


def test_a_zone_less_time_on_another_clock_is_not_given_the_feed_zone() -> None:
    record = crawled(release("Joint exercise begins", "1 July 2024, 09:00"), "https://x.example/tz/d.html", FEED)
    assert record["datePublished"] == "2024-07-01T09:00:00+00:00"
    assert any("read as UTC" in m for m in record["metadata"]["validationMessages"])


def test_strong_sources_more_than_a_day_apart_are_flagged() -> None:
    record = crawled(release("Joint exercise begins", "4 July 2023, 18:00"), "https://x.example/tz/e.html", FEED)
    assert any("disagree by more than a day" in m for m in record["metadata"]["validationMessages"])


# --- the same pairs crawled from 127.0.0.1 -------------------------------------------------------


@pytest.mark.slow
def test_crawled_minimal_pairs(tmp_path: Path) -> None:
    html = {"Content-Type": "text/html; charset=utf-8"}
    with mock_server() as routes:
        b = routes.base
        sitemap = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                   f"<url><loc>{b}/news/a.html</loc><lastmod>{LASTMOD}</lastmod></url>"
                   f"<url><loc>{b}/news/b.html</loc><lastmod>{LASTMOD}</lastmod></url>"
                   f"<url><loc>{b}/news/c.html</loc></url></urlset>")
        feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>"
                f"<item><title>Joint exercise begins</title><link>{b}/tz/a.html</link>"
                f"<pubDate>{FEED['pubDate']}</pubDate></item></channel></rss>")
        table = {
            "/sitemap.xml": (200, {"Content-Type": "application/xml"}, sitemap.encode()),
            "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, feed.encode()),
            "/news/a.html": (200, html, release("Logistics review completed (A)").encode()),
            "/news/b.html": (200, html, release("Logistics review completed (B)", footer=FOOTER).encode()),
            "/news/c.html": (200, html, release("Logistics review completed (C)", footer=FOOTER).encode()),
            "/tz/a.html": (200, html, release("Joint exercise begins", "1 July 2024, 18:00").encode()),
        }
        routes.table.update({k: (lambda v=v: v) for k, v in table.items()})
        by_sitemap = start_crawl("generic", tmp_path / "s", {"sitemap": f"{b}/sitemap.xml"})
        by_feed = start_crawl("generic", tmp_path / "f", {"feed": f"{b}/feed.xml"})
        pairs, zoned = by_sitemap(), by_feed()
    stored = pairs.by_path()
    assert stored["/news/a.html"]["datePublished"] == stored["/news/b.html"]["datePublished"] == LASTMOD_DAY
    assert stored["/news/c.html"]["datePublished"] is None
    assert pairs.summary["undated"] == 1 and pairs.summary["dates_by_source"] == {"sitemap": 2}
    assert zoned.by_path()["/tz/a.html"]["datePublished"] == "2024-07-01T18:00:00+09:00"


# --- properties of the rule ----------------------------------------------------------------------

SOURCES = [s for s in dc.PRIORITY if s not in dc.RECORDED_ONLY]
BASE = datetime(2024, 1, 1, tzinfo=timezone.utc)


@st.composite
def candidate_sets(draw: st.DrawFn) -> list[dc.Candidate]:
    """Candidates of any source and precision, some after the download."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        when = BASE + timedelta(minutes=draw(st.integers(0, 60 * 24 * 400)))
        precision = draw(st.sampled_from(["time", "day", "month", "year"]))
        if precision != "time":
            when = when.replace(hour=0, minute=0)
        if precision in ("month", "year"):
            when = when.replace(day=1, month=1 if precision == "year" else when.month)
        value = when.isoformat()
        out.append({"source": draw(st.sampled_from(SOURCES)), "raw": value, "value": value,
                    "precision": precision, "field": dc.PUBLISHED})
    return out


@given(candidate_sets(), st.integers(0, 400))
def test_a_year_or_month_never_decides_and_no_date_is_after_the_download(
        cands: list[dc.Candidate], days: int) -> None:
    downloaded = BASE + timedelta(days=days)
    best, _ = dc.choose(cands, dc.PUBLISHED, downloaded)
    days_known = [c for c in cands if (c["precision"] == "day" and datetime.fromisoformat(c["value"]).date()
                                       <= downloaded.date()) or (c["precision"] == "time"
                                       and datetime.fromisoformat(c["value"]) <= downloaded)]
    if best is None:
        assert not days_known
        return
    assert best["precision"] in ("day", "time")
    assert datetime.fromisoformat(best["value"]).date() <= downloaded.date()
    if best["precision"] == "time":
        assert datetime.fromisoformat(best["value"]) <= downloaded


@given(candidate_sets())
def test_resolve_never_stores_a_year_as_a_day(cands: list[dc.Candidate]) -> None:
    htmldate = [{**c, "source": "htmldate", "precision": "day"} for c in cands if c["precision"] == "year"]
    record = dc.resolve({"url": "u", "metadata": {"dateCandidates": htmldate}}, [], "2026-01-01T00:00:00+00:00")
    assert record["datePublished"] is None
    assert all(c["precision"] == "year" for c in record["metadata"]["dateCandidates"])


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)),
       st.integers(-11, 14).filter(lambda h: h != 0))
def test_a_zone_less_page_time_keeps_the_feed_instant(when: datetime, hours: int) -> None:
    """Any clock time, any non-UTC feed offset: the page's zone-less time, read as UTC because
    nobody gave a zone, never shifts the feed's; read in a zone somebody gave (the operator's
    ``Europe/London``, +00:00 in winter), it stays as read."""
    page = f"{when.day} {MONTH_NAMES[when.month - 1]} {when.year}, {when:%H:%M}"
    feed = f"{when:%a, %d %b %Y %H:%M}:00 {'+' if hours > 0 else '-'}{abs(hours):02d}00"
    cands = [dc.candidate("visible", page, "UTC", zone_known=False), dc.candidate("feed", feed, "UTC")]
    record = dc.resolve({"url": "u", "metadata": {"dateCandidates": cands}}, [], "2031-01-01T00:00:00+00:00")
    assert datetime.fromisoformat(record["datePublished"]) == datetime.fromisoformat(cands[1]["value"])
    given = [dc.candidate("visible", page, "Europe/London"), dc.candidate("feed", feed, "Europe/London")]
    record = dc.resolve({"url": "u", "metadata": {"dateCandidates": given}}, [], "2031-01-01T00:00:00+00:00")
    assert record["datePublished"] == given[0]["value"]
    assert not any("zone" in m for m in record["metadata"]["validationMessages"])


# --- a zone nobody gave (h-meta) ---------------------------------------------------------------


def test_generic_spider_without_a_timezone_says_the_zone_is_unknown() -> None:
    html = release("Joint exercise begins", "1 July 2024, 18:00")
    record = generic.extract_for_site(html, "https://x.example/tz/e.html")  # the spider's default
    record = dc.resolve(record, discovery_candidates(None, "UTC", zone_known=False), DOWNLOADED)
    assert record["datePublished"] == "2024-07-01T18:00:00+00:00"  # the instant is not shifted
    cand = next(c for c in record["metadata"]["dateCandidates"] if c["raw"] == "1 July 2024, 18:00")
    assert cand["zone"] == "unknown"
    assert any("zone unknown" in m and "not the source's" in m for m in record["metadata"]["validationMessages"])


def test_given_or_regional_zones_are_not_unknown() -> None:
    html = release("Joint exercise begins", "1 July 2024, 18:00")
    given = generic.extract_for_site(html, "https://x.example/tz/f.html", tz="UTC")  # -a timezone=UTC
    regional = generic.extract_for_site(html, "https://www.example.de/tz/g.html")
    assert regional["datePublished"] == "2024-07-01T18:00:00+02:00"  # Germany's zone, not UTC
    for record in (given, regional):
        assert not any(c.get("zone") for c in record["metadata"]["dateCandidates"])
        assert not any("zone unknown" in m for m in record["metadata"]["validationMessages"])


def test_a_stated_zone_is_never_unknown() -> None:
    cand = dc.candidate("feed", "Mon, 01 Jul 2024 18:00:00 +0900", "UTC", zone_known=False)
    assert cand is not None and "zone" not in cand
    day = dc.candidate("sitemap", "2024-07-01", "UTC", zone_known=False)
    assert day is not None and "zone" not in day  # a day: no clock time to misplace


def test_a_feed_time_without_a_zone_in_the_generic_spider_is_unknown() -> None:
    feed = {"source": "feed", "pubDate": "2024-07-01 18:00"}
    cands = discovery_candidates(feed, "UTC", zone_known=False)
    assert cands[0] is not None and cands[0]["zone"] == "unknown"
    assert discovery_candidates(feed, "UTC")[0].get("zone") is None  # type: ignore[union-attr]


def test_the_archive_records_a_zone_nobody_gave_as_none_so_a_rebuild_reads_the_same() -> None:
    from crawler.spiders.generic import GenericSpider
    from crawler.warc_archive import spider_args

    plain = GenericSpider(sitemap="http://127.0.0.1:1/sitemap.xml")
    tokyo = GenericSpider(sitemap="http://127.0.0.1:1/sitemap.xml", timezone="Asia/Tokyo")
    assert spider_args(plain)["timezone"] is None and not plain.timezone_given
    assert spider_args(tokyo)["timezone"] == "Asia/Tokyo"


def test_a_day_on_the_page_takes_the_time_of_a_news_sitemap_on_that_day() -> None:
    """breaker11 ko 1004: the page gives the day, the news sitemap its time that day."""
    news = {"source": "sitemap", "pubDate": "2024-05-07T14:00:00+09:00"}
    same = crawled(release("Exercise in the north", "7 May 2024"), "https://x.example/n/e.html", news,
                   tz="Asia/Seoul")
    assert (same["datePublished"], same["datePublishedPrecision"]) == ("2024-05-07T14:00:00+09:00", "time")
    other = crawled(release("Exercise in the north", "6 May 2024"), "https://x.example/n/f.html", news,
                    tz="Asia/Seoul")
    assert (other["datePublished"], other["datePublishedPrecision"]) == ("2024-05-06T00:00:00+09:00", "day")
    lastmod = crawled(release("Exercise in the north", "7 May 2024"), "https://x.example/n/g.html",
                      {"source": "sitemap", "lastmod": "2024-05-07T14:00:00+09:00"}, tz="Asia/Seoul")
    assert lastmod["datePublishedPrecision"] == "day"  # a change time never dates the publication


# --- a change date before the publication -------------------------------------------------------


def test_a_day_only_lastmod_on_the_publication_day_is_no_earlier_change() -> None:
    html = release("Logistics review completed", "Published 1 July 2024, 14:30 UTC")
    record = crawled(html, "https://x.example/news/a.html", {"source": "sitemap", "lastmod": "2024-07-01"}, tz="UTC")
    assert record["datePublished"] == "2024-07-01T14:30:00+00:00"
    assert record["dateModified"] is None and record["dateModifiedPrecision"] is None
    assert any(m.startswith("dateModified: null") for m in record["metadata"]["validationMessages"])
    assert any(c["raw"] == "2024-07-01" for c in record["metadata"]["dateCandidates"])  # the evidence stays


def test_a_change_date_days_before_the_publication_is_kept_and_noted() -> None:
    html = release("Logistics review completed", "Published 1 July 2024, 14:30 UTC")
    record = crawled(html, "https://x.example/news/a.html", {"source": "sitemap", "lastmod": "2024-06-20"}, tz="UTC")
    assert record["dateModified"][:10] == "2024-06-20"
    assert any("is before datePublished" in m for m in record["metadata"]["validationMessages"])


def test_a_later_change_date_is_not_noted() -> None:
    html = release("Logistics review completed", "Published 1 July 2024, 14:30 UTC")
    record = crawled(html, "https://x.example/news/a.html", {"source": "sitemap", "lastmod": "2024-07-01T16:00:00+00:00"}, tz="UTC")
    assert record["dateModified"] == "2024-07-01T16:00:00+00:00"
    assert not any(m.startswith("dateModified") for m in record["metadata"]["validationMessages"])


# --- a markup change date is the only date (held-out corpus: a recipe page with only
# ``<meta itemprop="dateModified" content="06/13/2019">``) -------------------------------------


def modified_only(tag: str) -> str:
    return release("Logistics review completed").replace("</head>", tag + "</head>")


@pytest.mark.parametrize("tag", [
    "<meta property='article:modified_time' content='2024-06-12T10:15:00+02:00'>",
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Logistics review "
    "completed\", \"dateModified\": \"2024-06-12T10:15:00+02:00\"}</script>",
])
def test_a_markup_change_date_alone_stands_in_with_a_message(tag: str) -> None:
    record = crawled(modified_only(tag), "https://x.example/news/a.html")
    assert record["datePublished"] == record["dateModified"] == "2024-06-12T10:15:00+02:00"
    assert any("stands in" in m for m in record["metadata"]["validationMessages"])


def test_a_change_date_does_not_stand_in_beside_a_day_in_the_url() -> None:
    # the URL path dates the publication; a change date only bounds it from above
    tag = "<meta property='article:modified_time' content='2024-06-12T10:15:00+02:00'>"
    record = crawled(modified_only(tag), "https://x.example/news/2024/06/03/a.html")
    assert record["datePublished"].startswith("2024-06-03")
    assert not any("stands in" in m for m in record["metadata"]["validationMessages"])
