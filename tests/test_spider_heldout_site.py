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

from cleaning import clean_article
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
    # the About page (a title and a line, no menu links it): skipped for want of prose, and
    # as the sitemap listed it, named as a doubtful skip rather than passed over in silence
    assert crawl.summary["skipped"].get("no_prose", 0) == 1
    assert crawl.summary["announced_skipped"] == 1
    by_source = crawl.summary["dates_by_source"]
    assert by_source.get("visible", 0) + by_source.get("body", 0) == len(releases)
    assert crawl.summary["undated"] == 0 and not crawl.summary["zero_yield"]


JA_SENTENCES = [
    "防衛大臣は、本日、陸上自衛隊の駐屯地を視察し、隊員を激励しました",
    "日米の防衛当局は、共同訓練の実施について緊密に調整しています",
    "海上自衛隊の護衛艦は、多国間共同訓練に参加する予定です",
    "防衛省は、災害派遣の態勢について引き続き万全を期してまいります",
    "航空自衛隊は、緊急発進の状況について定期的に公表しています",
    "装備品の調達について、透明性の確保に努めてまいります",
]
KANJI = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if not tens else ("十" if tens == 1 else KANJI[tens] + "十")) + (KANJI[ones] if ones else "")


def ja_release(rng: random.Random, n: int) -> dict[str, object]:
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 300))
    era_year = day.year - 2018
    line = [f"令和{era_year}年{day.month}月{day.day}日",
            f"令和{kanji_number(era_year)}年{kanji_number(day.month)}月{kanji_number(day.day)}日",
            f"R{era_year}.{day.month}.{day.day}"][n % 3]
    paragraphs = [f"{s}（第{n}報、{k}）。" for k, s in enumerate(rng.sample(JA_SENTENCES, 3))]
    return {"title": f"報道発表{n}：{rng.choice(JA_SENTENCES)[:12]}", "date": day, "line": line,
            "paragraphs": paragraphs}


def ja_page(rel: dict[str, object], charset: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in rel["paragraphs"])  # type: ignore[union-attr]
    body = body.replace("防衛", "<ruby>防衛<rt>ぼうえい</rt></ruby>", 1)
    html = (f"<html lang='ja'><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
            f"<title>{rel['title']}｜防衛省</title></head><body><div id='header'><a href='/'>防衛省</a></div>"
            f"<div id='main'><h1>{rel['title']}</h1><p>{rel['line']}</p>{body}"
            f"<p>ページの先頭へ戻る</p></div><div id='footer'>Copyright 防衛省</div></body></html>")
    return html.encode("cp932" if charset == "Shift_JIS" else "euc_jp")


@pytest.mark.slow
def test_heldout_japanese_ministry_site(tmp_path: Path) -> None:
    rng = random.Random(80)
    releases = {f"/j/press/{n:03d}.html": ja_release(rng, n) for n in range(9)}
    with mock_server() as routes:
        lines = "\n".join(routes.base + path for path in releases)
        table = {path: (200, {"Content-Type": "text/html"}, ja_page(rel, ["Shift_JIS", "EUC-JP"][i % 2]))
                 for i, (path, rel) in enumerate(releases.items())}
        table["/sitemap.txt"] = (200, {"Content-Type": "text/plain"}, lines.encode())
        routes.table.update({k: (lambda v=v: v) for k, v in table.items()})
        crawl = start_crawl("generic", tmp_path, {"sitemap": routes.base + "/sitemap.txt",
                                                  "timezone": "Asia/Tokyo"})()
    stored = crawl.by_path()
    assert set(stored) == set(releases)
    for path, rel in releases.items():
        record = stored[path]
        # Stored records are cleaned (full-width punctuation folded etc.): compare cleaned to cleaned.
        want = clean_article({"url": "https://x.go.jp/a", "headline": rel["title"],
                              "articleBody": "\n".join(rel["paragraphs"])})  # type: ignore[arg-type]
        assert record["headline"] == want["headline"]
        assert record["articleBody"] == want["articleBody"]
        assert "ぼうえい" not in record["articleBody"]
        assert record["datePublished"] == f"{rel['date'].isoformat()}T00:00:00+09:00"  # type: ignore[union-attr]
        assert record["metadata"]["decodeErrors"] == 0
