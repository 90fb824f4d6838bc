"""The extractor registry, decoding, the record contract, and robustness on arbitrary input."""
from __future__ import annotations


import pytest
from saved_pages import page_bytes, page_text
from hypothesis import given, settings, strategies as st

from cleaning import validate_record
from crawler.extractors import (
    EXTRACTORS, decode_html, extract_for_url, is_challenge_page, site_for_url,
)

SITE_URLS = {
    "mod": "https://www.mod.go.jp/j/press/news/2026/08/26a.html",
    "jdefense": "https://j-defense.ikaros.jp/docs/mod/000485.html",
    "wargov": "https://www.war.gov/News/Releases/Release/Article/4521334/x/",
    "generic": "https://www.defence.examplia.example/news/2026/08/x/",
}


@pytest.mark.parametrize(("url", "site"), [
    ("https://www.mod.go.jp/j/press/news/2026/08/26b.html", "mod"),
    ("https://mod.go.jp/en/article/2024/05/x.html", "mod"),
    ("https://j-defense.ikaros.jp/docs/mod/000485.html", "jdefense"),
    ("https://www.war.gov/News/Releases/", "wargov"),
    ("https://www.defense.gov/News/Releases/", "wargov"),
    ("https://www.notmod.go.jp.example/", "generic"),
    ("https://evilmod.go.jp/", "generic"),
    ("http://127.0.0.1:8001/j/press/news/2026/08/26b.html", "generic"),
    ("not a url", "generic"),
])
def test_site_for_url(url: str, site: str) -> None:
    assert site_for_url(url) == site


def test_registry_names() -> None:
    assert set(EXTRACTORS) == {"mod", "jdefense", "wargov", "generic"}


def test_extract_for_url_routes_by_host() -> None:
    html = page_text("jdefense/000485_seed.html")
    assert extract_for_url(html, SITE_URLS["jdefense"])["metadata"]["extractionMethod"] == "jdefense"


def test_extract_for_url_unknown_host_is_generic() -> None:
    html = page_text("jdefense/000485_seed.html")
    assert extract_for_url(html, "http://127.0.0.1:8002/docs/mod/000485.html")["metadata"][
        "extractionMethod"].startswith("generic:")


# --- decoding ---

def test_decode_header_charset_wins() -> None:
    assert decode_html("日本".encode("cp932"), "text/html; charset=Shift_JIS") == "日本"


def test_decode_meta_charset() -> None:
    data = '<meta charset="shift_jis"><p>①防衛</p>'.encode("cp932")
    assert decode_html(data).endswith("<p>①防衛</p>")


def test_decode_bom() -> None:
    assert decode_html(b"\xef\xbb\xbf<p>x</p>", "text/html; charset=Shift_JIS") == "<p>x</p>"


def test_decode_unknown_charset_falls_back_to_utf8() -> None:
    assert decode_html("防衛".encode(), "text/html; charset=x-unknown") == "防衛"


def test_decode_bad_bytes_replaced() -> None:
    assert decode_html(b"ok \xff\xfe end") == "ok \ufffd\ufffd end"


def test_challenge_detection() -> None:
    html = page_text("mod/challenge_0824c.html")
    assert is_challenge_page(html) and not is_challenge_page("<title>Just a moment...</title><p>news</p>")


# --- every fixture record satisfies the record contract ---

PAGES = [
    ("mod", "mod/anpo_0502a_usa-j.html"), ("mod", "mod/kisha_0510a.html"),
    ("mod", "mod/news_2019_0507a_sjis.html"), ("mod", "mod/news_2026_0824a_broken.html"),
    ("mod", "mod/news_2026_0826a_fullwidth.html"), ("mod", "mod/challenge_0824c.html"),
    ("mod", "mod/en_usa.html"), ("mod", "mod/en_kisha.html"), ("mod", "mod/unknown_layout.html"),
    ("jdefense", "jdefense/000485_seed.html"), ("jdefense", "jdefense/001540.html"),
    ("jdefense", "jdefense/000485_unknown_body_class.html"), ("wargov", "wargov/release_4521334.html"),
    ("wargov", "wargov/releases_list.html"), ("wargov", "wargov/release_new_layout.html"),
    ("wargov", "wargov/transcript_4520011.html"), ("generic", "generic/jsonld_graph.html"),
    ("generic", "generic/opengraph_only.html"), ("generic", "generic/heuristic.html"),
    ("generic", "generic/empty.html"),
]


@pytest.mark.parametrize(("site", "name"), PAGES)
def test_records_match_schema(site: str, name: str) -> None:
    html = decode_html(page_bytes(name))
    assert validate_record(EXTRACTORS[site](html, SITE_URLS[site]), extracted=True) == []


# --- broken input never raises ---

TAGS = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<table><tr><td>", "<h1>", "<main>", "<article>", "<script>",
    "<!--", "-->", "<a href='", "\">", "<meta property='og:title' content='",
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": ',
    "令和6年5月3日", "2024-5-3 17:03", "(以上)", "Ranking読まれている記事", "&amp;", "&#0;", "\x00",
])
FRAGMENTS = st.lists(st.one_of(TAGS, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(html=FRAGMENTS, site=st.sampled_from(sorted(EXTRACTORS)))
def test_any_input_gives_a_valid_record(html: str, site: str) -> None:
    assert validate_record(EXTRACTORS[site](html, SITE_URLS[site]), extracted=True) == []
