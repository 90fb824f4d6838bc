"""breaker12: page kinds and headlines on sites never seen before, on small built pages.

- a ``<title>``/JSON-LD that only names the site's section (``Actualités``, a menu link)
  does not beat the article's only ``<h1>``;
- a listing whose teasers the extractor leaves out (an empty body) is counted as the
  listing it is, not ``empty``.
"""
from __future__ import annotations

import functools
import json

import pytest

from crawler.extractors import generic, page_kind
from crawler.page_record import EMPTY_STAT, SKIPPED_PREFIX, Page, SiteRules, page_record

SECTIONS = [("fr", "Actualités", "Ministère des Armées", "Exercice Orion 2026 : la phase interarmées débute"),
            ("de", "Aktuelles", "Bundesministerium der Verteidigung", "Pistorius besucht die Brigade in Litauen"),
            ("en", "News", "Ministry of Defence", "Minister opens the new training centre in Wales"),
            ("es", "Noticias", "Ministerio de Defensa", "La ministra visita la base de Rota esta semana")]


def section_titled(lang: str, section: str, site: str, h1: str, ld: bool, crumb: str) -> str:
    script = (f"<script type='application/ld+json'>{json.dumps({'@type': 'WebPage', 'headline': section})}"
              "</script>") if ld else ""
    menu = f"<nav><a href='/'>{site}</a> <a href='/{section.lower()}/'>{section}</a> <a href='/contact/'>Contact</a></nav>"
    trail = {"nav": f"<nav class='crumbs'><a href='/'>Accueil</a> <a href='/{section.lower()}/'>{section}</a></nav>",
             "div": f"<div class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/{section.lower()}/'>{section}</a></div>",
             "none": ""}[crumb]
    return (f"<html lang='{lang}'><head><title>{section} | {site}</title>"
            f"<meta property='og:site_name' content='{site}'>{script}</head><body>"
            f"<header>{menu}</header><main>{trail}<h1>{h1}</h1>"
            "<p>The forces began the second phase of the exercise in the north-east of the country today.</p>"
            "<p>Units from nine allied countries take part until the end of the month, the staff said.</p>"
            "</main></body></html>")


@pytest.mark.parametrize(("lang", "section", "site", "h1"), SECTIONS)
@pytest.mark.parametrize("ld", [True, False])
@pytest.mark.parametrize("crumb", ["nav", "div", "none"])
def test_a_title_naming_the_sites_section_does_not_beat_the_h1(
        lang: str, section: str, site: str, h1: str, ld: bool, crumb: str) -> None:
    html = section_titled(lang, section, site, h1, ld, crumb)
    assert generic.extract(html, "https://mod.example.org/a/b/release-1")["headline"] == h1


def test_a_breadcrumb_link_to_the_page_itself_is_not_a_section() -> None:
    """A trail ending in a link to the page holds the headline: that title still counts."""
    html = ("<html><head><title>Minister opens the new training centre | Ministry</title></head><body>"
            "<nav class='breadcrumb'><a href='/'>Home</a> <a href='/news/c1'>Minister opens the new training"
            " centre</a></nav><h1>News</h1><h1>Minister opens the new training centre</h1>"
            "<p>The Minister opened the new training centre in Wales on Monday, the ministry said.</p></body></html>")
    assert "/news/c1" in html
    sections = generic.section_names(generic.parse(html), "https://mod.example.org/news/c1")
    assert sections == {generic._compact("Home")}


LISTING = ("<html lang='fr'><head><title>Actualités</title></head><body><h1>Actualités</h1><ul>{}</ul>"
           "</body></html>").format("".join(
               f"<li><a href='/actualites/c{k}'>Communiqué {k}</a> <span>{k} mars 2026</span></li>"
               for k in range(1, 9)))


def test_a_listing_with_no_body_is_counted_as_a_listing() -> None:
    def empty_body(html: str, url: str) -> dict[str, object]:
        return {**generic.extract(html, url, use_trafilatura=False), "articleBody": ""}

    rules = SiteRules("generic", empty_body, timezone_known=False, judge=page_kind.judge)
    page = Page("http://127.0.0.1:8741/actualites/", {"Content-Type": "text/html"}, LISTING.encode())
    assert page_record(page, rules).counter == SKIPPED_PREFIX + "listing_page"
    # a page with no body that nobody judged (a site spider) is still empty
    plain = SiteRules("site", empty_body)
    assert page_record(page, plain).counter == EMPTY_STAT


def test_the_judge_sees_the_listing() -> None:
    url = "http://127.0.0.1:8741/actualites/"
    assert page_kind.judge(LISTING, url, generic.extract(LISTING, url)) == "listing_page"




# --- breaker12 #8: a document-kind label heading a PDF is no title

KIND_LABELS = ["COMMUNIQUE DE PRESSE", "Communiqué de presse n° 12", "Pressemitteilung Nr. 12/2026",
               "Presseinformation", "Comunicado de prensa", "Nota de prensa", "Comunicato stampa",
               "Persbericht", "Komunikat prasowy", "Прес-реліз", "Basın Bülteni", "Siaran Pers", "보도자료",
               "新聞稿"]
ISSUERS = ["MINISTERE DES ARMEES", "Ministère des Armées", "Bundesministerium der Verteidigung",
           "Ministerio de Defensa", "Ministry of Defence"]


@pytest.mark.parametrize("label", KIND_LABELS)
@pytest.mark.parametrize("issuer", ISSUERS)
@pytest.mark.parametrize("dated", [True, False])
def test_a_document_kind_label_is_no_title(label: str, issuer: str, dated: bool) -> None:
    from crawler.extractors.pdf import _header_title, strip_header

    title = "Signature du contrat de modernisation des hélicoptères"
    text = ["La Direction générale de l'armement a notifié ce jour le contrat de modernisation des appareils.",
            "Les premiers appareils seront livrés en 2028."]
    lines = [issuer, *(["Paris, le 6 mars 2026"] if dated else []), label, title, *text]
    assert _header_title(lines) == title
    assert strip_header(lines, title) == text


@pytest.mark.parametrize("line", ["Communiqué du ministre sur la situation au Sahel",
                                  "Comunicado sobre el contrato de fragatas", "Pressemitteilungen des Ministers heute"])
def test_a_title_starting_with_a_kind_word_is_a_title(line: str) -> None:
    from crawler.extractors.pdf import LETTERHEAD_RE

    assert not LETTERHEAD_RE.match(line)


@pytest.mark.parametrize("link", ["<a href='a/b/topic_node.html' aria-current='page'>Energy research</a>",
                                  "<a href='a/b/topic_node.html'>Energy research</a>"])
def test_a_menu_link_to_the_page_itself_is_no_section(link: str) -> None:
    """A menu's current item (``aria-current``, or a link resolved against ``<base href>``)
    names this page: a title equal to it still counts."""
    html = ("<html><head><base href='https://www.mod.example.de/'><title>Energy research - Ministry</title>"
            f"</head><body><nav><a href='/'>Home</a> {link}</nav><h1>Energy research</h1></body></html>")
    tree = generic.parse(html)
    assert "energyresearch" not in generic.section_names(tree, "https://www.mod.example.de/a/b/topic_node.html")


# --- breaker12 #1: a date sharing its meta row with a reading-time badge

ROWS = [
    (["Datum: 03.03.2026", "10:00 Uhr", "Lesedauer: 2 Min"], "de", "2026-03-03T10:00:00+01:00"),
    (["Lesedauer: 3 Min", "Datum: 24. Januar 2026", "17:22 Uhr"], "de", "2026-01-24T17:22:00+01:00"),
    (["Published 5 March 2026", "Reading time: 4 min"], "en-GB", "2026-03-05T00:00:00+00:00"),
    (["Publié le 6 mars 2026", "Temps de lecture : 2 min", "Vues : 1 234"], "fr-FR", "2026-03-06T00:00:00+01:00"),
    (["2026-03-07", "單位：政治作戰局"], "zh-Hant-TW", "2026-03-07T00:00:00+08:00"),
]


@pytest.mark.parametrize(("fields", "lang", "want"), ROWS)
@pytest.mark.parametrize("tag", ["span", "li"])
def test_a_date_in_a_meta_row_with_labelled_badges_is_read(fields: list[str], lang: str, want: str, tag: str) -> None:
    row = "".join(f"<{tag} class='meta__item'>{f}</{tag}>" for f in fields)
    wrap = "ul" if tag == "li" else "div"
    html = (f"<html lang='{lang}'><head><title>Minister visits the brigade</title></head><body><main>"
            f"<div class='c-article'><p class='kicker'>Press release</p><h1>Minister visits the brigade</h1>"
            f"<{wrap} class='c-meta'>{row}</{wrap}>"
            "<p>The Minister visited the soldiers of the brigade on Tuesday, the ministry said.</p>"
            "<p>The brigade is to be fully ready by the end of 2027, with about 4,800 soldiers.</p>"
            "<p>He was briefed on the building projects at the training area near the town.</p>"
            "</div></main></body></html>")
    record = generic.extract(html, "http://127.0.0.1:8742/aktuelles/minister", use_trafilatura=False)
    visible = [c for c in record["metadata"]["dateCandidates"] if c["source"] == "visible"]
    if tag == "li":  # each item is a line of its own: the day is read, its time is another line's
        assert visible and visible[0]["value"][:10] == want[:10]
        return
    assert visible and visible[0]["value"] == want
    assert record["datePublished"] == want


def test_a_row_of_labelled_fields_without_a_date_gives_none() -> None:
    html = ("<html lang='de'><body><div class='c-article'><h1>Minister besucht Brigade</h1><div class='c-meta'>"
            "<span>Lesedauer: 2 Min</span><span>Autor: Presse- und Informationsstab</span></div>"
            "<p>Der Minister besuchte die Brigade am Dienstag, teilte das Ministerium mit.</p></div></body></html>")
    record = generic.extract(html, "http://127.0.0.1:8742/aktuelles/minister", use_trafilatura=False)
    assert not [c for c in record["metadata"]["dateCandidates"] if c["source"] == "visible"]


# --- a run whose announced releases were skipped says so

# A page the site's menu links (a section: a firm ``not_article``); a doubtful ``no_prose``
# verdict is loud whenever a feed or sitemap listed the page (tests/test_extract_breaker13_kind.py).
TINY = ("<html lang='en'><body><nav><a href='/news/minister'>Minister</a></nav><main>"
        "<h1>Minister visits the northern base</h1><p>More soon.</p></main></body></html>")


@pytest.mark.parametrize(("title", "loud"), [
    ("Minister visits the northern base", True), ("MINISTER VISITS THE NORTHERN BASE.", True),
    ("Another headline", False), (None, False)])
def test_a_skip_of_a_page_announced_by_its_headline_is_counted(title: str | None, loud: bool) -> None:
    from crawler.page_record import ANNOUNCED_SKIPPED_STAT

    rules = SiteRules("generic", functools.partial(generic.extract, use_trafilatura=False),
                      timezone_known=False, judge=page_kind.judge)
    feed = {"source": "feed", "title": title, "pubDate": "2026-03-03T09:00:00Z"}
    page = Page("http://127.0.0.1:8742/news/minister", {"Content-Type": "text/html"}, TINY.encode(), feed=feed)
    outcome = page_record(page, rules)
    assert outcome.record is None and outcome.counter == SKIPPED_PREFIX + "not_article"
    assert ((ANNOUNCED_SKIPPED_STAT, 1) in outcome.counts) is loud


def test_the_summary_line_names_announced_skips() -> None:
    from crawler.runner import format_line, totals

    summary = {"spider": "generic", "errors": {}, "not_articles": 5, "announced_skipped": 5}
    assert "5 skipped though the feed or sitemap announced them (by their own headline" in format_line(summary)
    assert "announced" not in format_line({**summary, "announced_skipped": 0})
    assert totals({"a": summary, "b": summary})["announced_skipped"] == 10


# --- breaker12 #3: trafilatura glued a short release's whole page into one line

RELEASES = {
    "zh": ["陸軍花東防衛指揮部今日持續派遣兵力協助花蓮地區清理災後環境。",
           "官兵投入清除土石與搬運物資，累計出動兵力逾一千二百人次。",
           "指揮部表示將持續支援地方政府，直到災區恢復正常生活。"],
    "en": ["The army sent troops to help clear the flood damage today.",
           "Soldiers moved debris and supplies.", "Support will continue."],
}
CHROME = {
    "zh": ("新聞稿 關於本部 聯絡我們 現在位置： 首頁 > 新聞稿 > 即時新聞 國軍協助花蓮地區災後復原 2026-03-07 "
           "單位：政治作戰局 分享： Facebook LINE 列印 回上一頁", "相關新聞 國防部長視導澎湖防衛指揮部 國軍漢光42號演習兵棋推演開始"),
    "en": ("News About us Contact You are here: Home > News > Latest Army helps after the floods 2026-03-07 "
           "Unit: Political Warfare Bureau Share: Facebook LINE Print Back to the list of all news releases",
           "Related news Minister inspects the island garrison Annual exercise begins with a tabletop phase"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_release_glued_into_a_page_of_chrome_keeps_our_body(lang: str) -> None:
    ours, (before, after) = RELEASES[lang], CHROME[lang]
    theirs = [f"{before} {' '.join(ours)} {after}"]
    assert generic.choose_body(ours, theirs, "Army helps") == (ours, "heuristic")
    # prose around our lines in the glued line: trafilatura saw more article than we did
    more = f"{before} The exercise ended yesterday. {' '.join(ours)} {after}"
    assert generic.choose_body(ours, [more], "Army helps")[1] == "trafilatura"
    # our lines apart in the glued line: not one run, not ours
    apart = f"{before} {ours[0]} {after} {' '.join(ours[1:])}"
    assert generic.choose_body(ours, [apart], "Army helps")[1] == "trafilatura"


def test_a_page_with_no_body_that_is_no_listing_is_still_empty() -> None:
    rules = SiteRules("generic", functools.partial(generic.extract, use_trafilatura=False),
                      timezone_known=False, judge=page_kind.judge)
    page = Page("http://127.0.0.1:8741/a/empty.html", {"Content-Type": "text/html"},
                b"<html><head><title>Nothing</title></head><body></body></html>")
    assert page_record(page, rules).counter == EMPTY_STAT
