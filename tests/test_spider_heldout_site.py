"""A ministry site the extractors were never tuned on, served from 127.0.0.1 through its sitemap
alone: every release must be stored with the right headline, body and date.

The site is generated here from the mechanism of issue 8 (not from any tuned page): press
releases with no JSON-LD, no OpenGraph and no ``<time>``; the date is the first line of the
body, in a format drawn per release (``15 August 2026``, ``August 15, 2026``, ``15/08/2026``
is not used as it is ambiguous); a share bar and a back-to-top link around the body; a site
name suffix in ``<title>``; the sitemap gives ``lastmod`` (a later, modified date) and lists
an About page and the news section, which are not articles.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from mockserver import mock_server
from test_spiders import start_crawl

SITE_NAME = "Ministry of Defence of Norland"
SENTENCES = [
    "The Minister met senior commanders to review the readiness of the armed forces",
    "A new agreement on logistics support was signed with a partner nation",
    "The navy will deploy two frigates to a multinational maritime exercise",
    "Funding for reserve training will increase over the next three years",
    "The air force completed its annual search and rescue evaluation",
    "Officials confirmed that the procurement programme remains on schedule",
    "Soldiers assisted local authorities after heavy flooding in the north",
    "The ministry published the results of its public consultation",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def release(rng: random.Random, n: int) -> dict[str, object]:
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 300))
    style = n % 3
    if style == 0:
        line = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    elif style == 1:
        line = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    else:
        line = f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    paragraphs = [f"{s} (release {n}, paragraph {k})." for k, s in
                  enumerate(rng.sample(SENTENCES, 3))]
    return {"title": f"Release {n}: {rng.choice(SENTENCES)[:40]}", "date": day, "line": line,
            "paragraphs": paragraphs}


def page(rel: dict[str, object]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in rel["paragraphs"])  # type: ignore[union-attr]
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{rel['title']} | {SITE_NAME}</title></head><body>"
        f"<div id='top'><a href='/'>{SITE_NAME}</a> <a href='/news/'>News</a></div>"
        f"<div class='content'><h1>{rel['title']}</h1><div class='text'>"
        f"<p>{rel['line']}</p>{body}"
        f"<p>Share this page: Facebook | X | Email</p><p><a href='#top'>Back to top</a></p>"
        f"</div></div><div id='foot'>© {SITE_NAME}</div></body></html>"
    ).encode()


@pytest.mark.slow
def test_heldout_ministry_site_through_its_sitemap(tmp_path: Path) -> None:
    rng = random.Random(8)
    releases = {f"/press/{n:03d}.html": release(rng, n) for n in range(9)}
    with mock_server() as routes:
        locs = [f"{routes.base}{path}" for path in releases] + [routes.base + "/about.html", routes.base + "/press/"]
        sitemap = "".join(f"<url><loc>{u}</loc><lastmod>2026-11-20</lastmod></url>" for u in locs)
        table = {path: (200, {"Content-Type": "text/html"}, page(rel)) for path, rel in releases.items()}
        table["/about.html"] = (200, {"Content-Type": "text/html"},
                                b"<html><body><h1>About us</h1><p>We defend Norland.</p></body></html>")
        table["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, (
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + sitemap + "</urlset>").encode())
        routes.table.update({k: (lambda v=v: v) for k, v in table.items()})
        crawl = start_crawl("generic", tmp_path, {"sitemap": routes.base + "/sitemap.xml",
                                                  "timezone": "Europe/London"})()
    stored = crawl.by_path()
    assert set(stored) == set(releases)
    for path, rel in releases.items():
        record = stored[path]
        assert record["headline"] == rel["title"]
        assert record["articleBody"] == "\n".join(rel["paragraphs"])  # type: ignore[arg-type]
        assert record["datePublished"][:10] == rel["date"].isoformat()  # type: ignore[union-attr]
        assert record["datePublishedPrecision"] == "day"
        sources = {c["source"] for c in record["metadata"]["dateCandidates"]}
        assert "sitemap" in sources and sources & {"visible", "body"}
    assert crawl.summary["skipped"].get("not_article", 0) == 1
    by_source = crawl.summary["dates_by_source"]
    assert by_source.get("visible", 0) + by_source.get("body", 0) == len(releases)
    assert crawl.summary["undated"] == 0 and not crawl.summary["zero_yield"]
