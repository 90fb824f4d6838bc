"""Hostile and malformed input for extraction and discovery (issue 12, the parts of issue 8's
owner): bad URLs, nested containers, lone surrogates, PDF text bounds, sitemap chains."""
from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from mockserver import mock_server
from test_spiders import start_crawl

from crawler.extractors import generic
from crawler.extractors.generic import text_sizes
from crawler.extractors._html import parse
from crawler.extractors.pdf import extract_pdf
from crawler.spiders.base import parse_feed, valid_url

PROSE = "<p>" + "The ministry announced a new exercise with partner nations. " * 8 + "</p>"


@pytest.mark.parametrize("url", ["mailto:a@b.example", "javascript:void(0)", "http://[bad", "", "ftp://x/y",
                                 "http://host:99999/"])
def test_bad_urls_are_rejected(url: str) -> None:
    assert valid_url(url) is None


def test_a_bad_link_in_a_feed_keeps_the_other_items() -> None:
    feed = (b"<rss><channel><item><link>mailto:a@b</link></item><item><link>http://[bad</link></item>"
            b"<item><title>ok</title><link>/news/1.html</link></item></channel></rss>")
    links = [e.link for e in parse_feed(feed, "https://x.example/feed.xml")]
    assert "https://x.example/news/1.html" in links
    assert [valid_url(link) for link in links].count(None) == len(links) - 1


def test_nested_articles_are_searched_in_one_pass() -> None:
    depth = 8000
    html = "<html><body>" + "<article>" * depth + PROSE + "</article>" * depth + "</body></html>"
    tree = parse(html)
    sizes, deepest = text_sizes(tree.body, 0)
    assert deepest >= depth and len(sizes) >= depth  # every level measured, once
    record = generic.extract(html, "https://x.example/a", max_depth=400)
    assert "nested" in " ".join(record["metadata"]["validationMessages"])


def test_depth_limit_is_configurable() -> None:
    html = "<div>" * 50 + PROSE + "</div>" * 50
    shallow = generic.extract(html, "https://x.example/a", max_depth=10, use_trafilatura=False)
    assert any("nested" in m for m in shallow["metadata"]["validationMessages"])
    unbounded = generic.extract(html, "https://x.example/a", max_depth=0, use_trafilatura=False)
    assert not any("nested" in m for m in unbounded["metadata"]["validationMessages"])
    assert unbounded["articleBody"].startswith("The ministry announced")


def test_lone_surrogate_headline_is_repaired_and_flagged() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Talks \\ud83d", "datePublished": "2024-05-03"}'
    html = f"<html><head><script type='application/ld+json'>{ld}</script></head><body>{PROSE}</body></html>"
    record = generic.extract(html, "https://x.example/a")
    assert record["headline"] == "Talks \ufffd"
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # encodable: no lone surrogate left
    assert any("surrogate" in m for m in record["metadata"]["validationMessages"])


def flate_pdf(text_ops: bytes, title: str | None = None) -> bytes:
    """A one-page PDF whose content stream is FlateDecode-compressed ``text_ops``; with a
    document ``/Title`` (ASCII, no parentheses) when ``title`` is given."""
    stream = zlib.compress(text_ops, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title is not None:
        objects.append(b"<< /Title (" + title.encode("ascii") + b") >>")
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    info = f" /Info {len(objects)} 0 R" if title is not None else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_text_bomb_is_stored_truncated_with_a_message() -> None:
    ops = b"BT /F1 1 Tf 0 700 Td (" + b"A" * 200_000 + b") Tj ET"
    data = flate_pdf(ops)
    assert len(data) < 5_000
    record = extract_pdf(data, "https://x.example/a.pdf", language="en", max_chars=20_000)
    assert 0 < len(record["articleBody"]) <= 20_000
    assert any("truncated" in m for m in record["metadata"]["validationMessages"])


@pytest.mark.slow
def test_sitemap_index_chain_and_bad_links_are_bounded_and_counted(tmp_path: Path) -> None:
    with mock_server() as routes:
        base = routes.base
        table = {}
        for n in range(30):  # a chain of indexes, longer than the depth limit, with a cycle at the end
            nxt = f"{base}/idx{n + 1}.xml" if n < 29 else f"{base}/idx0.xml"
            table[f"/idx{n}.xml"] = (200, {"Content-Type": "application/xml"}, (
                "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<sitemap><loc>{nxt}</loc></sitemap><sitemap><loc>{base}/urls{n}.xml</loc></sitemap>"
                "</sitemapindex>").encode())
            table[f"/urls{n}.xml"] = (200, {"Content-Type": "application/xml"}, (
                "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                "<url><loc>mailto:press@x.example</loc></url><url><loc>http://[bad</loc></url>"
                f"<url><loc>{base}/news/{n}.html</loc></url></urlset>").encode())
            table[f"/news/{n}.html"] = (200, {"Content-Type": "text/html"}, (
                f"<html><body><h1>Release {n}</h1><p>3 May 2024</p>{PROSE}</body></html>").encode())
        routes.table.update({k: (lambda v=v: v) for k, v in table.items()})
        crawl = start_crawl("generic", tmp_path, {"sitemap": base + "/idx0.xml"},
                            DEFNEWS_SITEMAP_MAX_DEPTH="3")()
    stored = crawl.by_path()
    # idx0 (depth 0) lists urls0 at depth 1, …; urls3 would be at depth 4 > 3: cut, counted
    assert set(stored) == {f"/news/{n}.html" for n in range(3)}
    assert crawl.summary["errors"]["bad_url"] == 6  # two per urlset read, none lost the rest
    assert all(r["datePublished"].startswith("2024-05-03") for r in stored.values())


def test_pdf_whose_streams_inflate_past_the_limit_is_refused_before_pdfium() -> None:
    from crawler.extractors import pdf

    data = flate_pdf(b"BT /F1 12 Tf 72 700 Td (bomb) Tj ET " + b" " * 3_000_000)
    assert len(data) < 20_000
    assert pdf.inflated_size(data, limit=1_000_000) >= 1_000_000
    assert pdf.inflated_size(data) < pdf.MAX_INFLATED
    with pytest.raises(pdf.PdfTooLargeError):
        original, pdf.MAX_INFLATED = pdf.MAX_INFLATED, 1_000_000
        try:
            pdf.extract_pdf(data, "https://x.example/a.pdf")
        finally:
            pdf.MAX_INFLATED = original


def test_a_bad_href_on_an_index_page_keeps_the_other_links() -> None:
    import re

    from scrapy.http import HtmlResponse

    from crawler.spiders.base import links_matching

    body = ('<a href="/en/article/2024/05/' + "a" * 40 + '.html">1</a><a href="http://[bad">x</a>'
            '<a href="mailto:press@mod.go.jp">m</a><a href="javascript:void(0)">j</a>'
            '<a href="/en/article/2024/05/' + "b" * 40 + '.html">2</a>')
    response = HtmlResponse("https://www.mod.go.jp/en/", body=body.encode(), encoding="utf-8")
    links = links_matching(response, re.compile(r"^/en/article/"))
    assert [link[-9:] for link in links] == ["aaaa.html", "bbbb.html"]
