"""Generic extraction of short pages of sites never seen before, built from the mechanism of the
issue-8 follow-up (a tester's own ministry site): site chrome marked only by id or class
(``<div id="header">``, a breadcrumb ``<div>``, ``<div id="footer">``, a copyright line), a
short body that trafilatura gives back as the whole page glued into one line, no ``lang``.

Pages are generated from every combination of wrapper, header, breadcrumb and footer shape, in
Japanese and English; the body must be the paragraphs, one a line, with no chrome, headline or
date line; the breadcrumbs the trail's category.
"""
from __future__ import annotations

import itertools

import pytest

from crawler.extractors import generic
from crawler.extractors._html import text_language

JA = {"h1": "防衛大臣記者会見", "date": "令和8年2月3日", "site": "防衛省・自衛隊", "home": "ホーム",
      "section": "報道発表",
      "paragraphs": ["本日の閣議において、防衛装備の移転に関する方針が決定されました。",
                     "自衛隊の災害派遣活動は、引き続き継続しております。", "以上です。"]}
EN = {"h1": "Press conference by the Minister", "date": "3 February 2026", "site": "Ministry of Defense",
      "home": "Home", "section": "Press",
      "paragraphs": ["Today the cabinet decided the policy on the transfer of defence equipment.",
                     "Disaster relief by the Self-Defense Forces continues in two prefectures.",
                     "That is all."]}
FOOTER_TEXT = ("Copyright (C) Ministry of Defence", "〒162-8801 東京都新宿区市谷本村町5-1")
WRAPPERS = ("#main", ".contents", "article", "none")
HEADERS = ("div#header", "div.header", "header")
CRUMBS = ("div.breadcrumb", "div#topicpath", "ol.breadcrumb")
FOOTERS = ("div#footer", "div.footer", "p.copyright", "footer")


def page(text: dict[str, object], wrap: str, header: str, crumb: str, footer: str,
         lang: str | None = "ja") -> str:
    h1, home, sec = text["h1"], text["home"], text["section"]
    main = (f"<h1>{h1}</h1><p class='date'>{text['date']}</p>"
            + "".join(f"<p>{p}</p>" for p in text["paragraphs"]))  # type: ignore[attr-defined]
    main = {"#main": f"<div id='main'>{main}</div>", ".contents": f"<div class='contents'>{main}</div>",
            "article": f"<div id='main'><article>{main}</article></div>", "none": main}[wrap]
    head = {"div#header": f"<div id='header'>{text['site']}</div>",
            "div.header": f"<div class='header'><a href='/'>{text['site']}</a></div>",
            "header": f"<header>{text['site']}</header>"}[header]
    trail = {"div.breadcrumb": f"<div class='breadcrumb'><a href='/'>{home}</a> &gt; "
                               f"<a href='/press/'>{sec}</a> &gt; {h1}</div>",
             "div#topicpath": f"<div id='topicpath'><ul><li><a href='/'>{home}</a></li>"
                              f"<li><a href='/press/'>{sec}</a></li><li>{h1}</li></ul></div>",
             "ol.breadcrumb": f"<ol class='breadcrumb'><li><a href='/'>{home}</a></li>"
                              f"<li><a href='/press/'>{sec}</a></li><li>{h1}</li></ol>"}[crumb]
    copyright_, address = FOOTER_TEXT
    foot = {"div#footer": f"<div id='footer'><p>{copyright_}</p><p>{address}</p></div>",
            "div.footer": f"<div class='footer'><p>{copyright_}</p><p>{address}</p></div>",
            "p.copyright": f"<p class='copyright'>{copyright_}</p><address>{address}</address>",
            "footer": f"<footer>{copyright_} {address}</footer>"}[footer]
    lang_attr = f" lang='{lang}'" if lang else ""
    return (f"<!DOCTYPE html><html{lang_attr}><head><meta charset='utf-8'>"
            f"<title>{h1}｜{text['site']}</title></head><body>{head}{trail}{main}{foot}</body></html>")


URL = "https://www.mod.example.jp/press/2026/0203a.html"
SHAPES = list(itertools.product(WRAPPERS, HEADERS, CRUMBS, FOOTERS))


@pytest.mark.parametrize("text", [JA, EN], ids=["ja", "en"])
def test_short_pages_keep_paragraphs_and_drop_chrome(text: dict[str, object]) -> None:
    wrong = []
    for shape in SHAPES:
        record = generic.extract(page(text, *shape), URL, tz="Asia/Tokyo")
        body = record["articleBody"]
        if (body != "\n".join(text["paragraphs"])  # type: ignore[arg-type]
                or record["breadcrumbs"] != [text["section"]]):
            wrong.append((shape, body[:80], record["breadcrumbs"]))
    assert not wrong, wrong


def test_the_reported_page_exactly() -> None:
    """The tester's page: <div id=header>, a breadcrumb div, <div id=main><h1><p class=date>."""
    for wrap in ("#main", "article"):
        record = generic.extract(page(JA, wrap, "div#header", "div.breadcrumb", "div#footer"), URL,
                                 tz="Asia/Tokyo")
        assert record["articleBody"].split("\n") == JA["paragraphs"]
        for chrome in ("防衛省・自衛隊", "ホーム", "防衛大臣記者会見", "令和8年", *FOOTER_TEXT):
            assert chrome not in record["articleBody"]
        assert record["datePublished"] == "2026-02-03T00:00:00+09:00"
        assert record["metadata"]["extractionMethod"] == "generic:heuristic"


def test_language_from_the_script_when_undeclared() -> None:
    ja = generic.extract(page(JA, "#main", "div#header", "div.breadcrumb", "div#footer", lang=None), URL)
    en = generic.extract(page(EN, "#main", "div#header", "div.breadcrumb", "div#footer", lang=None), URL)
    declared = generic.extract(page(EN, "#main", "div#header", "div.breadcrumb", "div#footer", lang="en-GB"), URL)
    assert (ja["inLanguage"], en["inLanguage"], declared["inLanguage"]) == ("ja", "und", "en")


@pytest.mark.parametrize(("text", "lang"), [
    ("防衛省は本日、日米共同訓練の実施について発表しました。", "ja"),
    ("国防部今天宣布了联合演习的计划。", None),  # kanji without kana: not necessarily Japanese
    ("국방부는 오늘 연합 훈련 계획을 발표했다.", "ko"),
    ("The ministry announced a joint exercise.", None),
    ("", None),
    ("2026-02-03 12:00", None),
])
def test_text_language(text: str, lang: str | None) -> None:
    assert text_language(text) == lang


def test_one_meta_tag_is_one_candidate() -> None:
    html = ("<html lang='en'><head><meta property='article:published_time' content='2026-02-03T10:00:00+09:00'>"
            "<title>T</title></head><body><main><h1>T</h1>"
            + "<p>" + "A sentence of the article body. " * 10 + "</p></main></body></html>")
    record = generic.extract(html, URL)
    metas = [c for c in record["metadata"]["dateCandidates"] if c["source"] == "meta"]
    assert len(metas) == 1 and metas[0]["raw"] == "2026-02-03T10:00:00+09:00"


@pytest.mark.parametrize(("markup", "trail"), [
    ("<div class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/news/'>News</a> &gt; "
     "<a href='/news/navy/'>Navy</a> &gt; T</div>", ["News", "Navy"]),
    ("<nav aria-label='breadcrumb'><ol><li><a href='/'>Home</a></li><li>News</li><li>T</li></ol></nav>",
     ["News"]),
    ("<p class='pankuzu'><a href='/'>トップ</a> › <a href='/p/'>報道資料</a> › T</p>", ["報道資料"]),
    ("<div class='has-breadcrumb-layout'><h1>T</h1></div>", []),  # a wrapper, not a trail
])
def test_breadcrumb_elements(markup: str, trail: list[str]) -> None:
    html = (f"<html lang='en'><head><title>T</title></head><body>{markup}<main><h1>T</h1>"
            + "<p>" + "A sentence of the article body. " * 10 + "</p></main></body></html>")
    assert generic.extract(html, URL)["breadcrumbs"] == trail


def test_language_of_an_undeclared_latin_script_page_from_the_text() -> None:
    """No lang, no og:locale, no JSON-LD: a French release is ``fr`` by py3langid's model, a
    German one ``de``; a page with too little text to tell stays ``und``."""
    french = ("Le ministre des Armées a rencontré aujourd'hui son homologue pour discuter de la "
              "coopération en matière de défense. Les deux ministres ont salué les progrès réalisés "
              "dans le cadre du partenariat stratégique et sont convenus de renforcer les échanges.")
    german = ("Der Bundesminister der Verteidigung hat heute seinen Amtskollegen getroffen, um die "
              "Zusammenarbeit im Bereich der Verteidigung zu besprechen. Beide Minister begrüßten "
              "die Fortschritte der strategischen Partnerschaft und vereinbarten weitere Übungen.")
    html = "<html><body><article><h1>{}</h1><p>{}</p></article></body></html>"
    assert generic.extract(html.format("Communiqué", french), URL)["inLanguage"] == "fr"
    assert generic.extract(html.format("Mitteilung", german), URL)["inLanguage"] == "de"
    assert generic.extract(html.format("Note", "Le ministre a rencontré son homologue."), URL)["inLanguage"] == "und"
