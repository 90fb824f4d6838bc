"""breaker13: bodies on held-out ministry sites, on small saved-page-shaped pages (page
kinds: tests/test_extract_breaker13_kind.py).

- a short release whose page trafilatura glues into one line with a cookie notice and a
  ``#topicpath`` breadcrumb keeps our paragraphs (ATLA, F5);
- a release's sign-off at its foot (writers' initials, ``(Release ID: …)``) is no body (PIB, F6);
- a date line the date reader reads leaves the body (F3: ``Pubblicato il 1° aprile 2026 ore
  17:45`` stays while the reader does not read it; the forms it reads, the ASCII ordinal
  ``1st`` among them, leave).
"""
from __future__ import annotations

import pytest

from crawler.extractors import generic

# --- F5: a cookie notice and a topicpath trail around a short release

ATLA = ("<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>{title}｜防衛装備庁</title></head><body>"
        "{cookie}<div id='topicpath'><a href='/'>ホーム</a> ＞ <a href='/press/'>報道発表</a> ＞ {title}</div>"
        "<div id='main'><h1>{title}</h1><p class='date'>令和８年４月１日</p><div class='txt'>{body}</div></div>"
        "</body></html>")
ATLA_TITLE = "令和８年度装備品等の調達に関する説明会の開催について"
ATLA_BODY = ["防衛装備庁は、令和８年度の調達に関する企業向け説明会を開催します。", "説明会はオンラインでも視聴可能です。",
             "参加を希望する企業は、４月１５日までにお申し込みください。"]
COOKIES = ["<div id='cookie'>当サイトではクッキーを使用しています。<button>同意する</button></div>",
           "<div class='cookie-banner'>当サイトではクッキーを使用しています。<button>同意する</button></div>",
           "<div id='onetrust-banner-sdk'>当サイトではクッキーを使用しています。</div>", ""]


@pytest.mark.parametrize("cookie", COOKIES)
def test_a_short_release_with_a_cookie_notice_and_a_topicpath_keeps_its_paragraphs(cookie: str) -> None:
    html = ATLA.format(title=ATLA_TITLE, cookie=cookie, body="".join(f"<p>{p}</p>" for p in ATLA_BODY))
    record = generic.extract(html, "http://127.0.0.1:8739/press/2026/0401a.html")
    assert record["articleBody"].split("\n") == ATLA_BODY
    assert record["headline"] == ATLA_TITLE


def test_known_chrome_is_discounted_in_the_glued_line_but_unknown_prose_is_not() -> None:
    ours = ATLA_BODY
    crumb = f"ホーム ＞ 報道発表 ＞ {ATLA_TITLE}"
    glued = f"当サイトではクッキーを使用しています。 同意する {crumb} {ATLA_TITLE} 令和８年４月１日 {' '.join(ours)}"
    # the cookie notice and the trail are chrome we removed: ours
    known = ["当サイトではクッキーを使用しています。", "同意する", crumb]
    assert generic.choose_body(ours, [glued], ATLA_TITLE, known) == (ours, "heuristic")
    # before the discount, the trail (ending in the headline) and the headline outweighed ours
    assert generic.choose_body(ours, [glued], None, [])[1] == "trafilatura"
    # paragraphs of the article outside our lines are never discounted
    missed = ("説明会では、令和８年度に予定する主要な装備品の調達計画と、契約手続の変更点を説明します。"
              "質疑応答の時間も設けますので、事前に質問をお寄せください。会場の定員は百名です。")
    more = glued.replace("令和８年４月１日 ", f"令和８年４月１日 {missed} ")
    assert generic.choose_body(ours, [more], ATLA_TITLE, known)[1] == "trafilatura"


# --- F6: a release's sign-off at its foot

PIB = ("<!DOCTYPE html><html lang='en-IN'><head><meta charset='utf-8'><title>Press Information Bureau</title></head>"
       "<body><div class='menu'><a href='/'>Home</a> <a href='/allRel.aspx'>Releases</a></div>"
       "<div id='content'><h2>Indian Navy commissions stealth frigate INS Taragiri</h2>"
       "<div class='ReleaseDateSubHeaddateTime'>Posted On: 10 MAR 2026 12:15PM by PIB Mumbai</div>"
       "<div class='pt20'>{body}<p>{initials}</p></div><div class='ReleaseId'>(Release ID: 2101234)</div>"
       "<div class='share'>Share this on <a href='#'>Facebook</a> <a href='#'>X</a></div></div></body></html>")
PIB_BODY = ["The Indian Navy commissioned the stealth frigate INS Taragiri at the Naval Dockyard in Mumbai today.",
            "The ship is the fourth of the Project 17A frigates built by Mazagon Dock Shipbuilders Limited.",
            "Its commissioning marks another milestone in the Navy's pursuit of self-reliance."]


@pytest.mark.parametrize("initials", ["VM/JS", "VK/SR/Savvy", "ABB/Nampi/Rajib/Ananya", "SAVVY/AKS"])
@pytest.mark.parametrize("traf", [True, False])
def test_the_sign_off_lines_at_a_releases_foot_are_no_body(initials: str, traf: bool) -> None:
    html = PIB.format(body="".join(f"<p>{p}</p>" for p in PIB_BODY), initials=initials)
    record = generic.extract(html, "http://127.0.0.1:8737/PressReleasePage-PRID-2101234.html", use_trafilatura=traf)
    assert record["articleBody"].split("\n") == PIB_BODY


def test_sign_off_shapes_inside_the_text_stay() -> None:
    lines = ["The ministry said the TCP/IP network was upgraded.", "VM/JS", "(ID 5521)",
             "The ceremony ended at noon.", "(AFP)"]
    kept, _ = generic.strip_furniture(lines, "UTC", "en")
    assert kept == lines  # not at the foot, or no sign-off ("(AFP)" has no code)
    assert generic.strip_furniture([*lines[:1], "EN/FR", "(Ref. 12/2026)"], "UTC", "en")[0] == lines[:1]
    assert generic.strip_furniture(["VM/JS"], "UTC", "en")[0] == ["VM/JS"]  # a body is never all sign-off


# --- F3: a date line the reader reads leaves the body; one it does not read stays

DATE_LINES = [
    ("it", "Pubblicato il 1 aprile 2026 ore 17:45"),
    ("it", "Pubblicato il 1° aprile 2026 ore 17:45"),  # read once the date reader knows "1°"
    ("it", "Pubblicato il 1º aprile 2026 ore 17:45"),
    ("en", "Published on 1st April 2026 at 17:45"),
    ("en", "Published: April 1st, 2026 5:45 PM"),
    ("hi-IN", "प्रविष्टि तिथि: 12 MAR 2026 5:05PM by PIB Delhi"),
    ("en-IN", "Posted On: 12 MAR 2026 5:05PM by PIB Delhi"),
    ("th", "5 มีนาคม 2569 เวลา 14:30 น."),
]
READ_NOW = {"Pubblicato il 1 aprile 2026 ore 17:45", "Published on 1st April 2026 at 17:45",
            "Published: April 1st, 2026 5:45 PM", "Posted On: 12 MAR 2026 5:05PM by PIB Delhi"}


@pytest.mark.parametrize(("lang", "line"), DATE_LINES)
@pytest.mark.parametrize("wrapper", ["article", "div"])
def test_a_date_line_the_reader_reads_leaves_the_body(lang: str, line: str, wrapper: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PIB_BODY)
    html = (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>Rientro</title></head><body>"
            f"<{wrapper}><h1>Rientrato il contingente</h1><div class='date'>{line}</div>{paragraphs}</{wrapper}>"
            "</body></html>")
    record = generic.extract(html, "http://127.0.0.1:8731/comunicati/2026/04/rientro.html")
    read = [c for c in record["metadata"]["dateCandidates"] if c["source"] in ("visible", "body") and c["raw"] in line]
    assert not read or line not in record["articleBody"], (read, record["articleBody"][:80])
    assert bool(read) == bool(generic.date_line(line, "UTC", lang.split("-")[0]))
    if line in READ_NOW:
        assert read and record["articleBody"].split("\n") == PIB_BODY
