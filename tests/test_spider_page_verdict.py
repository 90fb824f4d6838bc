"""The generic spider's article / not-article verdict depends on the page, never on the path
that found it (issue 8 follow-up, a tester's ministry site on 127.0.0.1).

One site is crawled three ways, through an Atom feed, a news sitemap and ``-a site=``:

- a listing (``/news/``: dated links and "Page 1 of 3") reached by a feed item, and another
  (``/list.html``) by a sitemap entry: never stored, ``listing_page``;
- one short page (an ``<h1>`` and two paragraphs, no date, no article markup) behind four
  entries: with Atom ``<updated>``, without, as ``?utm_source=rss``, and with a news
  sitemap's ``publication_date``: one verdict for all (an article: two paragraphs of sentences);
- the same page wrapped in ``<article>``: stored whatever found it;
- the same text at ``/about/``, which the site's menu links to: a section, ``not_article``,
  whether a feed entry with a date or a news sitemap led to it;
- a Shift_JIS page served as ``charset=UTF-8`` with a correct ``<meta charset>``: decoded as
  cp932, stored, and the record says why.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from mockserver import mock_server

from test_spiders import start_crawl

NAV = "<div class='menu'><a href='/'>Home</a> <a href='/news/'>News</a> <a href='/about/'>About the Ministry</a></div>"
SHORT = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
         "<body>" + NAV + "<main>{open}<h1>{title}</h1>"
         "<p>The Minister visited the northern air base today and met the crews of the transport "
         "squadron, who returned last week from a humanitarian mission overseas ({n}).</p>"
         "<p>She thanked the families of the crews and announced new funding for the base's "
         "housing, to be spent over the next two years, starting in the spring of next year.</p>"
         "{close}</main></body></html>")


def short(n: str, wrapped: bool = False) -> bytes:
    return SHORT.format(title=f"Minister visits base {n if wrapped else ''}".strip(), n=n if wrapped else "",
                        open="<article>" if wrapped else "", close="</article>" if wrapped else "").encode()


def listing(prefix: str) -> bytes:
    items = "".join(f"<li><a href='/{prefix}{k}.html'>Press release {k}</a> 2026-01-0{k}</li>" for k in range(1, 5))
    return (f"<html><body>{NAV}<h1>News</h1><ul>{items}</ul><p>Page 1 of 3</p></body></html>").encode()


SJIS_TEXT = "防衛大臣は、本日、陸上自衛隊の駐屯地を視察し、隊員を激励しました。①㎞"
SJIS = ("<html lang='ja'><head><meta charset='Shift_JIS'><title>大臣視察</title></head><body><main>"
        "<h1>大臣視察</h1><p>令和8年2月3日</p>" + f"<p>{SJIS_TEXT}</p>" * 6 + "</main></body></html>").encode("cp932")
SHORT_PATHS = {"/b1.html", "/b2.html", "/b3.html"}


def feed(base: str) -> bytes:
    def entry(path: str, updated: bool) -> str:
        upd = "<updated>2026-02-03T10:00:00Z</updated>" if updated else ""
        return f"<entry><title>t</title><link href='{base}{path}'/><id>{base}{path}</id>{upd}</entry>"

    entries = [entry("/news/", True), entry("/about/", True), entry("/b1.html", True), entry("/b2.html", False),
               entry("/b1.html?utm_source=rss", False), entry("/a1.html", False), entry("/sjis.html", False)]
    return ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>f</title>"
            + "".join(entries) + "</feed>").encode()


def news_sitemap(base: str) -> bytes:
    def url(path: str) -> str:
        return (f"<url><loc>{base}{path}</loc><news:news><news:publication_date>2026-02-03"
                "</news:publication_date><news:title>t</news:title></news:news></url>")

    return ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
            + "".join(url(p) for p in ("/b3.html", "/a2.html", "/list.html", "/about/")) + "</urlset>").encode()


@pytest.mark.slow
def test_one_verdict_per_page_through_feed_sitemap_and_site(tmp_path: Path) -> None:
    with mock_server() as routes:
        html = {"Content-Type": "text/html; charset=utf-8"}
        table = {"/news/": listing("news/"), "/list.html": listing("l"), "/b1.html": short("b"),
                 "/b2.html": short("b"), "/b3.html": short("b"), "/a1.html": short("a1", True),
                 "/a2.html": short("a2", True), "/about/": short("b"), "/": f"<html><body>{NAV}</body></html>".encode()}
        replies = {path: (200, html, body) for path, body in table.items()}
        replies["/sjis.html"] = (200, {"Content-Type": "text/html; charset=UTF-8"}, SJIS)
        replies["/feed.xml"] = (200, {"Content-Type": "application/atom+xml"}, feed(routes.base))
        replies["/news-sitemap.xml"] = (200, {"Content-Type": "application/xml"}, news_sitemap(routes.base))
        replies["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                                  f"User-agent: *\nSitemap: {routes.base}/news-sitemap.xml\n".encode())
        routes.table.update({k: (lambda v=v: v) for k, v in replies.items()})
        runs = {name: start_crawl("generic", tmp_path / name, args) for name, args in {
            "feed": {"feed": routes.base + "/feed.xml"},
            "sitemap": {"sitemap": routes.base + "/news-sitemap.xml"},
            "site": {"site": routes.base + "/"}}.items()}
        crawls = {name: finish() for name, finish in runs.items()}
    for name, crawl in crawls.items():
        stored = crawl.by_path()
        skipped = crawl.summary["skipped"]
        assert not set(stored) & {"/news/", "/list.html"}, name
        assert skipped.get("listing_page", 0) == {"feed": 1, "sitemap": 1, "site": 2}[name], (name, skipped)
        # The short page: four entries, one verdict (stored; copies of one body may be
        # counted as duplicates by the dedup step, never skipped as not articles).
        assert skipped.get("not_article", 0) == 1, (name, skipped)  # /about/ only
        assert "/about/" not in stored
        short_found = {"feed": SHORT_PATHS - {"/b3.html"}, "sitemap": {"/b3.html"}, "site": SHORT_PATHS}[name]
        copies = len(short_found) + (name != "sitemap")  # the feed's ?utm_source=rss copy
        assert set(stored) & short_found, (name, sorted(stored))
        short_stored = [p for p in stored if p.split("?")[0] in SHORT_PATHS]
        assert len(short_stored) + crawl.summary["duplicates"] == copies, (name, crawl.summary)
        assert {"feed": {"/a1.html"}, "sitemap": {"/a2.html"}, "site": {"/a1.html", "/a2.html"}}[name] <= set(stored)
        if name != "sitemap":
            record = stored["/sjis.html"]
            assert record["headline"] == "大臣視察" and SJIS_TEXT in record["articleBody"]
            assert record["metadata"]["encoding"] == "cp932" and record["metadata"]["decodeErrors"] == 0
            assert any("cp932 (meta)" in m for m in record["metadata"]["validationMessages"])
            assert record["inLanguage"] == "ja"
