"""Discovery by the generic spider, crawled from 127.0.0.1: ``-a site=`` autodiscovery (robots.txt
``Sitemap:``, ``<link rel=alternate>``), gzipped and news sitemaps, Atom with ``xml:base``,
PDF enclosures, zero-yield sources and decode errors in the run summary; and the parsers."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from mockserver import mock_server
from test_spiders import start_crawl

from crawler.spiders.generic import (
    alternate_feeds, document_kind, robots_sitemaps, sitemap_entries, text_sitemap_entries,
)
from crawler.spiders.base import parse_feed

PROSE = "".join(f"<p>{s}</p>" for s in (
    "The ministry announced that the annual exercise will take place next month with partners.",
    "Around 3,000 personnel, 20 ships and 40 aircraft will take part in the drills this year.",
))
NEWS_SITEMAP = (
    b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
    b"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'><url><loc>https://x.example/n/1.html</loc>"
    b"<news:news><news:publication_date>2026-08-26T09:00:00+09:00</news:publication_date>"
    b"<news:title>Drill</news:title></news:news></url></urlset>")


def page(title: str, extra: str = "") -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, (
        f"<html><head><title>{title}</title>{extra}</head><body><article><h1>{title}</h1>"
        f"{PROSE}</article></body></html>").encode()


def test_parsers() -> None:
    [entry] = sitemap_entries(NEWS_SITEMAP)
    assert (entry.link, entry.title, entry.published) == ("https://x.example/n/1.html", "Drill",
                                                          "2026-08-26T09:00:00+09:00")
    assert document_kind(b"https://x.example/a\nhttps://x.example/b\n") == "text"
    assert document_kind(b"\xef\xbb\xbf\n\n<?xml version='1.0'?><urlset>") == "urlset"
    assert [e.link for e in text_sitemap_entries(b"# c\nhttps://x.example/a\n\n/b\n")] == ["https://x.example/a", "/b"]
    assert robots_sitemaps(b"User-agent: *\nSitemap: https://x.example/s.xml\nsitemap:/t.xml\n") == [
        "https://x.example/s.xml", "/t.xml"]
    assert alternate_feeds(b"<link rel='alternate' type='application/atom+xml' href='/atom.xml'>",
                           "https://x.example/") == ["https://x.example/atom.xml"]
    atom = (b"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://x.example/blog/'><entry>"
            b"<title>A</title><link href='post/1'/><updated>2026-08-26T09:00:00Z</updated></entry>"
            b"<entry><title>P</title><link rel='enclosure' type='application/pdf' href='https://x.example/a.pdf'/>"
            b"</entry></feed>")
    assert [e.link for e in parse_feed(atom, "https://x.example/feeds/atom.xml")] == [
        "https://x.example/blog/post/1", "https://x.example/a.pdf"]


@pytest.mark.slow
def test_site_autodiscovery_gz_news_sitemaps_and_summary(tmp_path: Path) -> None:
    with mock_server() as routes:
        b = routes.base
        news = NEWS_SITEMAP.replace(b"https://x.example/n/1.html", f"{b}/n/1.html".encode())
        table = {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, f"User-agent: *\nSitemap: {b}/s/index.xml.gz\n".encode()),
            "/": page("Home", f"<link rel='alternate' type='application/rss+xml' href='{b}/rss/empty.xml'>"),
            "/s/index.xml.gz": (200, {"Content-Type": "application/x-gzip"}, gzip.compress((
                "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<sitemap><loc>{b}/s/news.xml</loc></sitemap><sitemap><loc>{b}/s/plain.txt</loc></sitemap>"
                f"<sitemap><loc>{b}/s/index.xml.gz</loc></sitemap></sitemapindex>").encode())),
            "/s/news.xml": (200, {"Content-Type": "application/xml"}, news),
            "/s/plain.txt": (200, {"Content-Type": "text/plain"}, f"{b}/n/2.html\n{b}/n/3.html\n".encode()),
            "/rss/empty.xml": (200, {"Content-Type": "application/rss+xml"},
                               b"<rss version='2.0'><channel><title>empty</title></channel></rss>"),
            "/n/1.html": page("Drill"),
            "/n/2.html": page("Budget"),
            "/n/3.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                          b"<html><body><article><h1>Broken</h1><p>" + b"Valid text \xff\xfe. " * 40 + b"</p></article></body></html>"),
        }
        routes.table.clear()  # only this site: the usual paths (/feed.xml, /sitemap.xml) are 404
        routes.table.update({k: (lambda v=v: v) for k, v in table.items()})
        crawl = start_crawl("generic", tmp_path, {"site": b + "/"})()
    stored = crawl.by_path()
    assert set(stored) == {"/n/1.html", "/n/2.html", "/n/3.html"}
    drill = stored["/n/1.html"]
    assert drill["datePublished"] == "2026-08-26T09:00:00+09:00"  # the news sitemap's date, marked
    assert [c["source"] for c in drill["metadata"]["dateCandidates"]] == ["sitemap"]
    assert stored["/n/2.html"]["datePublished"] is None  # undated article: stored, null, explained
    assert any("no date found" in m for m in stored["/n/2.html"]["metadata"]["validationMessages"])
    assert stored["/n/3.html"]["metadata"]["decodeErrors"] == 80
    summary = crawl.summary
    assert summary["decode_errors"] == 80 and summary["undated"] == 2
    assert summary["dates_by_source"] == {"sitemap": 1}
    assert "feed" in summary["zero_yield"] and summary["errors"]["zero_yield:feed"] == 1


def test_summary_names_zero_yield_sources_dates_and_decode_errors() -> None:
    from crawler.runner import errors_by_kind, format_line, zero_yield

    stats = {"defnews/discovered/sitemap": 0, "defnews/discovered/feed": 3,
             "defnews/dates/body": 2, "defnews/undated": 1, "defnews/decode_errors": 5}
    assert zero_yield(stats) == ["sitemap"]
    assert errors_by_kind(stats) == {"zero_yield:sitemap": 1}  # never "errors: none"
    line = format_line({"spider": "generic", "errors": errors_by_kind(stats),
                        "dates_by_source": {"body": 2}, "undated": 1, "decode_errors": 5})
    assert "errors: zero_yield:sitemap=1" in line and "dates: body=2" in line
    assert "1 undated" in line and "5 undecodable bytes" in line


def test_rss1_rdf_and_cdata_feeds() -> None:
    rdf = (b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
           b"xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
           b"<item rdf:about='https://x.example/1'><title><![CDATA[Drill & <b>exercise</b>]]></title>"
           b"<link>https://x.example/1</link><dc:date>2026-08-26T09:00:00+09:00</dc:date></item></rdf:RDF>")
    [entry] = parse_feed(rdf, "https://x.example/rss.rdf")
    assert entry.link == "https://x.example/1"
    assert entry.published == "2026-08-26T09:00:00+09:00"
    assert entry.title is not None and "Drill &" in entry.title


def test_atom_entry_link_is_alternate_then_pdf_enclosure_never_the_id() -> None:
    """breaker8 #4: feedparser copies an Atom <id> into ``link`` when no alternate link
    exists; a PDF-only release (its one link an enclosure, relative to xml:base) must give
    the PDF, whether the id is a ``tag:`` URI or an http URL that is no page."""
    atom = (b"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://x.example/releases/2024/'>"
            b"<entry><title>Tag id</title><id>tag:x.example,2024:41</id>"
            b"<link rel='enclosure' type='application/pdf' href='../docs/r41.pdf'/></entry>"
            b"<entry><title>Http id</title><id>https://x.example/pdf042</id>"
            b"<link rel='enclosure' type='application/pdf' href='../docs/r42.pdf'/></entry>"
            b"<entry><title>Both</title><id>https://x.example/id43</id>"
            b"<link rel='enclosure' type='application/pdf' href='../docs/r43.pdf'/>"
            b"<link rel='alternate' type='text/html' href='r43.html'/></entry>"
            b"<entry><title>Id only</title><id>https://x.example/releases/r44.html</id></entry>"
            b"<entry><title>Image</title><id>https://x.example/releases/r45.html</id>"
            b"<link rel='enclosure' type='image/jpeg' href='r45.jpg'/></entry>"
            b"</feed>")
    assert [e.link for e in parse_feed(atom, "https://x.example/feeds/pdf.atom")] == [
        "https://x.example/releases/docs/r41.pdf", "https://x.example/releases/docs/r42.pdf",
        "https://x.example/releases/2024/r43.html", "https://x.example/releases/r44.html",
        "https://x.example/releases/r45.html"]
    rss = (b"<rss version='2.0'><channel><title>t</title><item><title>G</title>"
           b"<guid isPermaLink='false'>https://x.example/g1</guid>"
           b"<enclosure url='https://x.example/g1.pdf' type='application/pdf' length='9'/></item>"
           b"<item><title>P</title><guid>https://x.example/p2.html</guid></item></channel></rss>")
    assert [e.link for e in parse_feed(rss, "https://x.example/rss.xml")] == [
        "https://x.example/g1.pdf", "https://x.example/p2.html"]


@pytest.mark.slow
def test_atom_pdf_only_entry_fetches_the_enclosure(tmp_path: Path) -> None:
    """breaker8 #4, end to end: the enclosure is fetched and stored as a PDF record; the
    entry's http id (a 404 here) is never requested, so the run has no error."""
    from mockserver import minimal_pdf

    with mock_server() as routes:
        b = routes.base
        atom = (f"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='{b}/releases/2024/'>"
                "<title>PDFs</title><entry><title>Air Defence Upgrade Announced</title>"
                f"<id>{b}/pdf041</id><published>2024-04-02T10:30:00+01:00</published>"
                "<link rel='enclosure' type='application/pdf' href='../docs/release-041.pdf'/></entry>"
                "</feed>").encode()
        table = {
            "/feeds/pdf.atom": (200, {"Content-Type": "application/atom+xml"}, atom),
            "/releases/docs/release-041.pdf": (200, {"Content-Type": "application/pdf"},
                                               minimal_pdf("The air defence upgrade was announced today.")),
        }
        routes.table.clear()
        routes.table.update({k: (lambda v=v: v) for k, v in table.items()})
        crawl = start_crawl("generic", tmp_path, {"feed": b + "/feeds/pdf.atom"})()
    pdf = crawl.by_path()["/releases/docs/release-041.pdf"]
    assert pdf["metadata"]["contentType"] == "application/pdf"
    assert pdf["datePublished"] == "2024-04-02T10:30:00+01:00"
    assert crawl.summary["errors"] == {}


def site_page(title: str, main: str) -> tuple[int, dict[str, str], bytes]:
    """The tester's template: a menu in #header, every page's text inside <article>."""
    return 200, {"Content-Type": "text/html; charset=utf-8"}, (
        f"<html><head><title>{title}</title></head><body><div id='header'><ul class='menu'>"
        "<li><a href='/about/'>About</a></li></ul></div><main><article><h1>"
        f"{title}</h1>{main}</article></main></body></html>").encode()


def directory_site(b: str, with_article: bool) -> dict[str, tuple[int, dict[str, str], bytes]]:
    listing = "".join(f"<p><a href='/news/{k}.html'>Release {k}</a> – {k} March 2024: the navy ends drill {k}.</p>"
                      for k in range(1, 6))
    locs = ["/news/", "/news/archive/", "/about/"] + (["/news/1.html"] if with_article else [])
    sitemap = ("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               + "".join(f"<url><loc>{b}{loc}</loc></url>" for loc in locs) + "</urlset>")
    return {
        "/sitemap.xml": (200, {"Content-Type": "application/xml"}, sitemap.encode()),
        "/news/": site_page("News", listing),
        "/about/": site_page("About", "<p>We defend Norland.</p>"),
        "/news/1.html": site_page("Release 1", f"<p>Published 1 March 2024</p>{PROSE}"),
    }


@pytest.mark.slow
def test_sitemap_directory_urls_are_judged_by_content_and_status_3_names_its_reason(tmp_path: Path) -> None:
    """breaker8 #8/#10: /news/ and /news/archive/ are fetched, not guessed at from the URL:
    the listing is skipped as listing_page, the missing archive is an http_404 named in
    errors; with no article stored the status is 3 and errors also name no_article_stored."""
    runs = {}
    with mock_server() as routes:
        for with_article in (False, True):
            routes.table.clear()  # /news/archive/ is not there: 404
            routes.table.update({k: (lambda v=v: v) for k, v in directory_site(routes.base, with_article).items()})
            runs[with_article] = start_crawl("generic", tmp_path / str(with_article),
                                             {"sitemap": routes.base + "/sitemap.xml"})()
    empty, one = runs[False].summary, runs[True].summary
    assert empty["skipped"] == one["skipped"] == {"listing_page": 1, "not_article": 1}
    assert (empty["exit_status"], empty["errors"]) == (3, {"http_404": 1, "no_article_stored": 1})
    assert (one["exit_status"], one["errors"]) == (1, {"http_404": 1})
    assert set(runs[True].by_path()) == {"/news/1.html"}


@pytest.mark.slow
def test_a_url_listed_twice_is_fetched_once_and_counted_and_a_missing_sitemap_is_a_zero_yield(
        tmp_path: Path) -> None:
    """breaker11 F13: a duplicate ``<loc>`` was merged uncounted, and a sitemap answering 404
    gave ``http_404`` without naming the source that yielded nothing."""
    with mock_server() as routes:
        b = routes.base
        urlset = (f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>{b}/n/1.html</loc></url>"
                  f"<url><loc>{b}/n/1.html</loc></url><url><loc> {b}/n/1.html </loc></url></urlset>").encode()
        routes.table.clear()
        routes.table.update({"/s.xml": lambda: (200, {"Content-Type": "application/xml"}, urlset),
                             "/n/1.html": lambda: page("Drill")})
        twice = start_crawl("generic", tmp_path / "twice", {"sitemap": b + "/s.xml"})()
        missing = start_crawl("generic", tmp_path / "missing", {"sitemap": b + "/gone.xml"})()
    assert list(twice.by_path()) == ["/n/1.html"]
    assert twice.summary["routine"]["duplicate_requests"] == 2
    assert "zero_yield:sitemap" not in twice.summary["errors"]
    assert missing.summary["errors"] == {"http_404": 1, "zero_yield:sitemap": 1}
    assert missing.summary["zero_yield"] == ["sitemap"]
