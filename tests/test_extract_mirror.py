"""The offline mirror: its files are consistent, and each page extracts to its documented outcome.

The outcome table below is the one in mirror/README.md. Pages are extracted
with the site module, at a 127.0.0.1 URL, exactly as the spiders will do.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest
from saved_pages import IN_MIRROR, page_path

from crawler.extractors import EXTRACTORS, decode_html, extract_pdf

MIRROR = Path(__file__).resolve().parent.parent / "mirror"
SHARED = Path("/work/shared/sources/mod_go_jp")  # the real files the mirror copies, when present
HOST = "http://127.0.0.1:8000"

STORED = {
    "mod": [
        "/j/press/news/2026/08/26b.html", "/j/press/news/2026/08/26a.html",
        "/j/approach/exchange/area/2026/20260826_aus_idn-j.html", "/j/press/news/2026/08/24a.html",
        "/j/approach/anpo/2024/0502a_usa-j.html", "/j/press/kisha/2024/0510a.html",
        "/j/press/news/2019/05/07a.html",
        "/en/article/2024/05/affffae4f26756b793e92d9138d8e98009504baa.html",
        "/en/article/2024/05/898ed00c93d41e9a3c306f1d64d6c07c723ac887.html",
        "/en/article/2026/08/32f6aaa93378b6fce2e3b376264f2af18dc43558.html",
        "/en/article/2026/08/3708a3eb499203598e2ed749678b28e5f4bccb16.html",
        "/en/article/2026/08/5df984a60f52fca3d556c71d5ac4494e9cb6528b.html",
    ],
    "jdefense": [f"/docs/mod/{n}.html" for n in ("000485", "000512", "000903", "001537", "001540", "001541")],
    "wargov": [
        "/News/Releases/Release/Article/4521334/readout-of-secretary-of-war-pete-hegseths-call-with-japanese-minister-of-defense-shinjiro-koizumi/",
        "/News/Releases/Release/Article/4520876/readout-of-deputy-secretary-of-war-steve-feinbergs-meeting-with-philippine-undersecretary-for-defense-policy/",
        "/News/Releases/Release/Article/4519902/secretary-of-war-pete-hegseth-announces-travel-to-the-indo-pacific/",
        "/News/Releases/Release/Article/4518240/readout-of-secretary-of-war-pete-hegseths-meeting-with-australian-deputy-prime-minister-richard-marles/",
        "/News/Releases/Release/Article/3762300/readout-of-secretary-of-defense-lloyd-j-austin-iiis-meeting-with-japanese-minister-of-defense-kihara-minoru/",
        "/News/Transcripts/Transcript/Article/4520011/pentagon-press-secretary-kingsley-wilson-holds-a-press-briefing/",
    ],
    "generic": [
        "/news/2026/08/minister-meets-japanese-counterpart/", "/news/2026/08/offshore-patrol-vessel-commissioned/",
        "/news/2026/08/defence-budget-2027-published/", "/news/2026/07/joint-exercise-concludes/",
        "/news/2026/06/cyber-command-established/", "/news/2026/07/statement-on-maritime-incident/",
    ],
}
# The pages behind the j-defense Ranking links.
STORED["jdefense"] += sorted(f"/{p.relative_to(MIRROR / 'jdefense').as_posix()}"
                             for section in ("jinji", "jsdf", "report")
                             for p in (MIRROR / "jdefense" / "docs" / section).glob("[0-9]*.html"))
MOD_PDF = "/j/press/news/2026/08/25a.pdf"
CHALLENGE = "/j/press/news/2026/08/24c.html"
ROBOTS_BLOCKED = "/a/press/2026/08/26b_sanko.html"
GLOSSARY = "/docs/words/000112.html"
WARGOV_LIST = "/News/Releases/"
OLD_FORM = ("/News/News-Releases/News-Release-View/Article/3762300/"
            "readout-of-secretary-of-defense-lloyd-j-austin-iiis-meeting-with-japanese-minister-of-defense-kihara-minoru/")
OFFSITE = "/News/Releases/Release/Article/4521400/war-department-partners-with-industry-on-critical-minerals-stockpile/"


def mirror_file(site: str, path: str) -> Path:
    """The file the mirror server answers a path with (a directory serves its index.html)."""
    target = MIRROR / site / path.split("?")[0].lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def sidecar(site: str, path: str) -> dict:
    meta = mirror_file(site, path).with_name(mirror_file(site, path).name + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


def extract(site: str, path: str) -> dict:
    content_type = sidecar(site, path).get("headers", {}).get("Content-Type")
    html = decode_html(mirror_file(site, path).read_bytes(), content_type)
    return EXTRACTORS[site](html, HOST + path)


STORED_PAGES = [(site, path) for site, paths in STORED.items() for path in paths]


@pytest.mark.parametrize(("site", "path"), STORED_PAGES)
def test_stored_pages_have_headline_date_and_body(site: str, path: str) -> None:
    record = extract(site, path)
    assert (bool(record["headline"]), bool(record["datePublished"]), bool(record["articleBody"])) == (True, True, True)


def test_challenge_page_answers_403_and_is_empty() -> None:
    meta = sidecar("mod", CHALLENGE)
    assert (meta["status"], meta["headers"]["cf-mitigated"], extract("mod", CHALLENGE)["articleBody"]) == (
        403, "challenge", "")


def test_wargov_list_page_is_empty() -> None:
    assert extract("wargov", WARGOV_LIST)["articleBody"] == ""


def test_old_form_url_redirects_to_new_form() -> None:
    meta = sidecar("wargov", OLD_FORM)
    assert (meta["status"], meta["headers"]["Location"]) == (301, STORED["wargov"][4])


def test_offsite_redirect() -> None:
    meta = sidecar("wargov", OFFSITE)
    assert (meta["status"], meta["headers"]["Location"]) == (301, "https://evil.example/critical-minerals/")


def test_robots_blocks_the_a_page() -> None:
    robots = RobotFileParser()
    robots.parse((MIRROR / "mod" / "robots.txt").read_text(encoding="utf-8").splitlines())
    allowed = [robots.can_fetch("defnews", HOST + path) for path in (ROBOTS_BLOCKED, STORED["mod"][0])]
    assert allowed == [False, True]


def test_robots_blocked_page_is_linked() -> None:
    assert ROBOTS_BLOCKED in mirror_file("mod", "/j/press/news/2026/08/26b.html").read_text(encoding="utf-8")


def test_glossary_is_linked_from_the_top_page() -> None:
    assert GLOSSARY in mirror_file("jdefense", "/").read_text(encoding="utf-8")


def test_mod_pdf_extracts_doubled_text() -> None:
    record = extract_pdf(mirror_file("mod", MOD_PDF).read_bytes(), HOST + MOD_PDF)
    assert "３　その他３　その他" in record["articleBody"]


# --- the MOD feed keeps the real feed's shape ---

def feed_items(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("./channel/item")


def test_mod_feed_links_exist() -> None:
    links = [item.findtext("link") for item in feed_items(mirror_file("mod", "/j/rss/news.xml"))]
    assert [link for link in links if not mirror_file("mod", link).exists()] == []


def test_mod_feed_covers_the_special_pages() -> None:
    links = {item.findtext("link") for item in feed_items(mirror_file("mod", "/j/rss/news.xml"))}
    assert {MOD_PDF, CHALLENGE, ROBOTS_BLOCKED, "/j/press/news/2019/05/07a.html"} <= links


@pytest.mark.skipif(not SHARED.exists(), reason="the real feed copy is not available here")
def test_mod_feed_starts_with_the_real_items() -> None:
    real = (SHARED / "news.xml").read_text(encoding="utf-8")
    mirror = mirror_file("mod", "/j/rss/news.xml").read_text(encoding="utf-8")
    assert mirror.startswith(real.split("</channel>")[0])


@pytest.mark.skipif(not SHARED.exists(), reason="the real robots.txt copy is not available here")
def test_mod_robots_is_the_real_one() -> None:
    assert (MIRROR / "mod" / "robots.txt").read_bytes() == (SHARED / "robots.txt").read_bytes()


def test_mod_en_index_links_five_articles() -> None:
    html = mirror_file("mod", "/en/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(/en/article/\d{4}/\d{2}/[0-9a-f]{40}\.html)"', html)
    assert len({link for link in links if mirror_file("mod", link).exists()}) >= 5


def test_shift_jis_page_is_not_utf8() -> None:
    data = mirror_file("mod", "/j/press/news/2019/05/07a.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


# --- the other sites' discovery files ---

def test_wargov_feed_links_exist() -> None:
    links = [item.findtext("link") for item in feed_items(mirror_file("wargov", "/DesktopModules/ArticleCS/RSS.ashx"))]
    assert [link for link in links if not mirror_file("wargov", link).exists()] == []


def test_generic_sitemap_entries_exist_with_lastmod() -> None:
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(mirror_file("generic", "/sitemap.xml")).getroot().findall("sm:url", ns)
    missing = [u.findtext("sm:loc", namespaces=ns) for u in urls
               if not u.findtext("sm:lastmod", namespaces=ns)
               or not mirror_file("generic", u.findtext("sm:loc", namespaces=ns) or "").exists()]
    assert (len(urls), missing) == (10, [])


def test_generic_atom_links_exist() -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.parse(mirror_file("generic", "/feed.xml")).getroot().findall("a:entry", ns)
    hrefs = [e.find("a:link", ns).get("href") for e in entries]  # type: ignore[union-attr]
    assert [h for h in hrefs if not mirror_file("generic", h).exists()] == [] and len(hrefs) == 6


def test_jdefense_list_pages_link_existing_articles() -> None:
    html = "".join(mirror_file("jdefense", p).read_text(encoding="utf-8")
                   for p in ("/", "/docs/mod/", "/docs/mod/index_2.html"))
    links = set(re.findall(r'href="(/docs/mod/\d{6}\.html)"', html))
    assert links == {f"/docs/mod/{n}.html" for n in ("000485", "000512", "000903", "001537", "001540", "001541")}


def test_jdefense_has_no_dead_article_or_list_links() -> None:
    """Ranking and navigation links resolve too, so a crawl of the mirror meets no 404."""
    root = MIRROR / "jdefense"
    hrefs = {h for page in root.rglob("*.html") for h in re.findall(r'href="(/docs/[^"]*)"', page.read_text("utf-8"))}
    assert sorted(h for h in hrefs if not mirror_file("jdefense", h).exists()) == []


# The mirror pages the extractor tests read (tests/saved_pages.py), by the URL path that serves them.
SERVED = {
    "mod/anpo_0502a_usa-j.html": ("mod", "/j/approach/anpo/2024/0502a_usa-j.html"),
    "mod/kisha_0510a.html": ("mod", "/j/press/kisha/2024/0510a.html"),
    "mod/news_2019_0507a_sjis.html": ("mod", "/j/press/news/2019/05/07a.html"),
    "mod/news_2026_0824a_broken.html": ("mod", "/j/press/news/2026/08/24a.html"),
    "mod/news_2026_0826a_fullwidth.html": ("mod", "/j/press/news/2026/08/26a.html"),
    "mod/challenge_0824c.html": ("mod", CHALLENGE),
    "mod/en_usa.html": ("mod", STORED["mod"][7]),
    "mod/en_kisha.html": ("mod", STORED["mod"][8]),
    "mod/news_2026_0825a.pdf": ("mod", MOD_PDF),
    "jdefense/000485_seed.html": ("jdefense", "/docs/mod/000485.html"),
    "jdefense/001540.html": ("jdefense", "/docs/mod/001540.html"),
    "jdefense/000903.html": ("jdefense", "/docs/mod/000903.html"),
    "jdefense/words_000112.html": ("jdefense", GLOSSARY),
    "wargov/release_4521334.html": ("wargov", STORED["wargov"][0]),
    "wargov/transcript_4520011.html": ("wargov", STORED["wargov"][5]),
    "wargov/releases_list.html": ("wargov", WARGOV_LIST),
    "generic/jsonld_graph.html": ("generic", STORED["generic"][0]),
    "generic/jsonld_newsarticle.html": ("generic", STORED["generic"][1]),
    "generic/jsonld_list.html": ("generic", STORED["generic"][2]),
    "generic/opengraph_only.html": ("generic", STORED["generic"][3]),
    "generic/opengraph_broken_jsonld.html": ("generic", STORED["generic"][4]),
    "generic/heuristic.html": ("generic", STORED["generic"][5]),
    "generic/contact.html": ("generic", "/contact/"),
}
@pytest.mark.parametrize(("name", "source"), SERVED.items())
def test_saved_pages_are_the_pages_the_mirror_serves(name: str, source: tuple[str, str]) -> None:
    assert page_path(name) == mirror_file(*source)
    assert page_path(name).is_file()


def test_every_saved_mirror_page_is_checked() -> None:
    assert set(SERVED) == set(IN_MIRROR)


def test_sidecars_are_well_formed() -> None:
    bad = []
    for meta in MIRROR.rglob("*.meta.json"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        ok = isinstance(data.get("status"), int) and isinstance(data.get("headers", {}), dict)
        ok = ok and meta.with_name(meta.name.removesuffix(".meta.json")).exists()
        if not ok:
            bad.append(str(meta.relative_to(MIRROR)))
    assert bad == []
