"""crawler.extractors.page_kind: the article / not-article verdict is a function of the page.

Listing pages and articles are generated from their mechanism (a list of links to the site's
pages with a date beside each, or pagination; an article whose own prose outweighs a dated
"related news" box), in several markups and in English and Japanese, with a seeded RNG.
"""
from __future__ import annotations

import json
import random

import pytest

from crawler.extractors import generic, page_kind

URL = "https://mod.example.gov/news/"
SENTENCES = [
    "The Minister met senior commanders to review the readiness of the armed forces.",
    "A new agreement on logistics support was signed with a partner nation.",
    "The navy will deploy two frigates to a multinational maritime exercise.",
    "Funding for reserve training will increase over the next three years.",
    "防衛大臣は、本日、陸上自衛隊の駐屯地を視察し、隊員を激励しました。",
    "日米の防衛当局は、共同訓練の実施について緊密に調整しています。",
]
DATES = ["2026-01-{d:02d}", "{d} January 2026", "January {d}, 2026", "2026年1月{d}日", "令和8年1月{d}日",
         "2026/01/{d:02d}", "{d:02d}.01.2026"]


def nav() -> str:
    return ("<div class='menu'><a href='/'>Home</a> <a href='/news/'>News</a> "
            "<a href='/about/'>About the Ministry</a></div>")


def listing(rng: random.Random, shape: str, dated: bool, paginated: bool) -> str:
    n = rng.randint(4, 12)
    fmt = rng.choice(DATES)
    items = []
    for k in range(n):
        date = fmt.format(d=k + 1) if dated else ""
        link = f"<a href='/news/{k}.html'>Press release {k}</a>"
        teaser = rng.choice(SENTENCES) if rng.random() < 0.5 else ""
        items.append({"ul": f"<li>{link} {date}</li>", "table": f"<tr><td>{date}</td><td>{link}</td></tr>",
                      "article": f"<article><h2>{link}</h2><p>{date}</p><p>{teaser}</p></article>",
                      "dl": f"<dt>{date}</dt><dd>{link}</dd>"}[shape])
    wrap = {"ul": "<ul>{}</ul>", "table": "<table>{}</table>", "article": "<div>{}</div>",
            "dl": "<dl>{}</dl>"}[shape]
    pages = rng.choice(["<p>Page 1 of 3</p>", "<a rel='next' href='?p=2'>Next</a>",
                        "<p>1 / 3ページ <a href='?p=2'>次へ</a></p>"]) if paginated else ""
    return (f"<html><body>{nav()}<div id='main'><h1>News</h1>{wrap.format(''.join(items))}"
            f"{pages}</div></body></html>")


def judge(html: str, url: str = URL) -> str | None:
    return page_kind.judge(html, url, generic.extract(html, url))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("shape", ["ul", "table", "article", "dl"])
def test_listings_are_listings_whatever_their_markup(seed: int, shape: str) -> None:
    rng = random.Random(seed)
    dated, paginated = [(True, False), (False, True), (True, True)][seed % 3]
    assert judge(listing(rng, shape, dated, paginated)) == "listing_page"


def test_the_reported_listing() -> None:
    """A feed item linking /news/: 4 links plus "Page 1 of 3" (stored as "News" on main)."""
    items = "".join(f"<li><a href='/news/{k}.html'>Press release {k}</a> 2026-01-0{k}</li>" for k in range(1, 5))
    html = f"<html><body>{nav()}<h1>News</h1><ul>{items}</ul><p>Page 1 of 3</p></body></html>"
    assert judge(html) == "listing_page"


@pytest.mark.parametrize("seed", range(8))
def test_articles_with_dated_related_links_are_articles(seed: int) -> None:
    rng = random.Random(seed)
    prose = "".join(f"<p>{' '.join(rng.sample(SENTENCES, 3))}</p>" for _ in range(rng.randint(3, 6)))
    related = "".join(f"<li><a href='/news/{k}.html'>Related {k}</a> 2026-01-0{k}</li>"
                      for k in range(1, rng.randint(4, 7)))
    pager = "<p>Page 1 of 3</p>" if seed % 2 else ""
    html = (f"<html><body>{nav()}<div id='main'><h1>Exercise ends</h1>{prose}{pager}"
            f"<div class='related'><h2>Related</h2><ul>{related}</ul></div></div></body></html>")
    assert page_kind.is_listing(page_kind.listing_evidence(html, URL + "exercise.html")) is False
    assert judge(html, URL + "exercise.html") is None


SHORT = ("<html><body><main><h1>Minister visits base</h1>"
         "<p>The Minister visited the northern air base today and met the crews of the transport "
         "squadron, who returned last week from a humanitarian mission overseas, she said.</p>"
         "<p>She thanked the families of the crews and announced new funding for the base's "
         "housing, to be spent over the next two years, starting in the spring of next year.</p>"
         "</main></body></html>")


TINY = "<html><body><main><h1>About us</h1><p>We defend Norland.</p></main></body></html>"


def test_undated_unmarked_pages_judged_by_their_text_and_the_site_navigation() -> None:
    assert judge(SHORT) is None  # two paragraphs of sentences: a short release
    assert judge(TINY, URL + "about.html") == "no_prose"  # a title and a line
    # The same short text, but the site's own menu links to the page: a section (About).
    for menu in ("<nav><a href='/about/'>About</a></nav>", "<div id='header'><a href='/about/index.html'>About</a></div>",
                 "<footer><a href='https://mod.example.gov/about'>About</a></footer>"):
        about = SHORT.replace("<body>", f"<body>{menu}")
        assert judge(about, "https://mod.example.gov/about/") == "not_article"
        assert judge(about, "https://mod.example.gov/news/b1.html") is None


def test_the_verdict_does_not_depend_on_the_url_query_or_discovery() -> None:
    """The same bytes, a ?utm_source= URL, a record that a feed dated: one verdict."""
    from crawler.extractors import date_candidates as dc

    for html in (SHORT, TINY):
        record = generic.extract(html, URL + "b1.html")
        fed = dc.resolve(record, [dc.candidate("feed", "2026-02-03T10:00:00Z", "UTC"),
                                  dc.candidate("sitemap", "2026-02-03", "UTC")])
        assert fed["datePublished"]  # the feed dates it, which changes nothing below
        verdicts = {page_kind.judge(html, URL + "b1.html", record),
                    page_kind.judge(html, URL + "b1.html?utm_source=rss", record),
                    page_kind.judge(html, URL + "b1.html", fed)}
        assert verdicts == {None if html is SHORT else "no_prose"}


# --- breaker8 #9: the tester's template wraps every page, About and Contact too, in <article>

def template(lang: str, menu: list[tuple[str, str]], main: str) -> str:
    links = "".join(f"<li><a href='{href}'>{label}</a></li>" for href, label in menu)
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>T</title></head><body>"
            f"<div id='header'><a href='/'>Ministry</a><ul class='menu'>{links}</ul></div>"
            f"<main><article>{main}<div class='share'><a href='#'>Teilen</a> <a href='javascript:print()'>"
            "Drucken</a></div><p class='pagetop'><a href='#top'>Nach oben</a></p></article></main>"
            "<div id='footer'><p class='copyright'>Copyright Ministry 2024</p></div></body></html>")


MENU = [("/about/", "About"), ("/kontakt.html", "Kontakt"), ("/contact/", "お問い合わせ")]


@pytest.mark.parametrize(("url", "main"), [
    ("https://mod.example.gov/about/", "<h1>防衛省について</h1><p>防衛省の組織をご紹介します。</p>"),
    ("https://mod.example.gov/kontakt.html", "<h1>Kontakt</h1><p>Schreiben Sie uns an poststelle@bmvg.example.</p>"),
    ("https://mod.example.gov/contact/index.html", "<h1>Contact</h1><p>Write to us at the address below.</p>"),
])
def test_menu_pages_in_an_article_element_are_not_articles(url: str, main: str) -> None:
    assert judge(template("de", MENU, main), url) == "not_article"


@pytest.mark.parametrize("main", [
    "<h1>Neue Hubschrauber für die Luftwaffe</h1><p>Die Luftwaffe erhält zwölf neue Hubschrauber.</p>",
    "<h1>統合幕僚長の視察について</h1><p>統合幕僚長は、本日、部隊を視察しました。</p>",
])
def test_short_undated_release_in_an_article_element_is_stored(main: str) -> None:
    """The same template and length, but no menu links the page: a short release."""
    assert judge(template("de", MENU, main), "https://mod.example.gov/presse/2024/04/22/nur-url.html") is None


LISTING_DATES = {"fr": ["{d} mars 2024", "Paris, le {d} avril 2024", "{d}er juin 2024"],
                 "de": ["Berlin, {d}. März 2024", "{d}. Juni 2024"], "es": ["Madrid, {d} de mayo de 2024"],
                 "it": ["{d} maggio 2024"], "pt": ["{d} de março de 2024"]}


@pytest.mark.parametrize("seed", range(10))
def test_listings_in_other_languages_by_dates_or_pager_links(seed: int) -> None:
    """A list of links dated in French/German/Spanish/Italian/Portuguese, or undated with a
    pager of ``?page=N`` links whose words are in no list (``Seite 2``)."""
    rng = random.Random(seed)
    lang = rng.choice(sorted(LISTING_DATES))
    dated = seed % 2 == 0
    items = "".join(
        f"<p><a href='/presse/{k}.html'>Pressemitteilung {k}</a> – "
        f"{rng.choice(LISTING_DATES[lang]).format(d=k + 1) if dated else ''}</p>" for k in range(rng.randint(4, 8)))
    pager = "" if dated else "".join(f"<p><a href='/presse/?page={n}'>Seite {n}</a></p>" for n in (2, 3))
    html = template(lang, MENU, f"<h1>Pressemitteilungen</h1>{items}{pager}")
    assert judge(html, "https://mod.example.gov/presse/index.html") == "listing_page"


def test_listing_dated_by_elements_beside_its_links() -> None:
    """ja /press/: ``<p><a>title</a>（<p class=date>令和6年4月1日</p>）</p>`` (the parser closes
    the first <p>): the date beside each link belongs to the item, not to the rest."""
    items = "".join(f"<p><a href='/press/2024/{k}.html'>防衛大臣臨時記者会見の概要</a>（<p class='date'>令和6年4月{k}日</p>）</p>"
                    for k in range(1, 9))
    assert judge(template("ja", MENU, f"<h1>報道資料</h1>{items}"), "https://mod.example.gov/press/") == "listing_page"


def test_an_article_with_a_two_page_pager_is_an_article() -> None:
    prose = "".join(f"<p>{s}</p>" for s in SENTENCES)
    pager = "<p><a href='?page=2'>2</a> <a href='?page=3'>3</a></p>"
    html = template("en", MENU, f"<h1>Exercise ends</h1>{prose}{pager}")
    assert judge(html, "https://mod.example.gov/news/exercise.html") is None


def _release(rng: random.Random, n_related: int, marks: set[str]) -> tuple[str, str]:
    """A short release (three paragraphs) with a long dated "related news" list outside it,
    marked by some of: JSON-LD naming it, og:type article, an ``<article>`` element."""
    url = URL + "ship-commissioned.html"
    head = "<title>Navy commissions new patrol ship - Ministry of Defence</title>"
    if "json-ld" in marks:
        head += ("<script type='application/ld+json'>" + json.dumps(
            {"@context": "https://schema.org", "@type": rng.choice(["NewsArticle", "Article", "BlogPosting"]),
             **rng.choice([{"url": url}, {"mainEntityOfPage": {"@id": url}},
                           {"headline": "Navy commissions new patrol ship"}]),
             "datePublished": "2026-05-12T08:00:00-03:00"}) + "</script>")
    if "og" in marks:
        head += "<meta property='og:type' content='article'>"
    prose = "".join(f"<p>{s}</p>" for s in rng.sample(SENTENCES[:4], 3))
    tag = "article" if "article" in marks else "div"
    related = "".join(f"<li><a href='/news/{k}.html'>Another important news item number {k} on defence</a> "
                      f"<span class='date'>{k + 1:02d}/01/2026</span></li>" for k in range(n_related))
    html = (f"<html><head>{head}</head><body>{nav()}<main><{tag}><h1>Navy commissions new patrol ship</h1>"
            f"<p class='date'>12/05/2026</p>{prose}</{tag}><section class='related'><h2>Related news</h2>"
            f"<ul>{related}</ul></section></main></body></html>")
    return html, url


@pytest.mark.parametrize("seed", range(12))
def test_a_release_that_declares_itself_outweighs_a_long_related_list(seed: int) -> None:
    """breaker11 F11: an article by two of its own signals (JSON-LD naming it, og:type, its
    one <h1> is its headline, in the one <article>) is no listing, however long its dated
    related list."""
    rng = random.Random(seed)
    marks = set(rng.sample(["json-ld", "og", "article"], rng.randint(1, 3)))
    html, url = _release(rng, rng.randint(10, 25), marks)
    assert page_kind.is_listing(page_kind.listing_evidence(html, url))  # the list outweighs the prose
    assert judge(html, url) is None


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("shape", ["ul", "table", "article", "dl"])
def test_listings_typed_as_articles_by_their_template_stay_listings(seed: int, shape: str) -> None:
    """A template that sets og:type article on every page, listings too: the listing's <h1>
    is its headline, but its only prose is its items' teasers."""
    rng = random.Random(seed)
    html = listing(rng, shape, True, seed % 2 == 1).replace(
        "<html>", "<html><head><meta property='og:type' content='article'>"
        "<script type='application/ld+json'>{\"@type\": \"CollectionPage\"}</script></head>")
    assert judge(html) == "listing_page"


# --- breaker12 #1/#2: short undated releases dropped as not_article

SHORT_DE = ("<p>Der Minister hat am Dienstag die Soldatinnen und Soldaten der Brigade besucht.</p>"
            "<p>Die Brigade soll bis Ende 2027 ihre volle Einsatzbereitschaft erreichen.</p>"
            "<p>Der Minister informierte sich über den Stand der Bauprojekte auf dem Übungsplatz.</p>")


@pytest.mark.parametrize("anchor", ["#top", "#", "#main-content", " #seitenanfang "])
@pytest.mark.parametrize("where", ["footer", "nav", "div id='footer'", "div class='menu'"])
def test_an_anchor_within_the_page_is_not_the_menu_linking_it(anchor: str, where: str) -> None:
    """A footer's "back to top" links every page to itself: the release is still one."""
    tag = where.split()[0]
    html = (f"<html><body><main><h1>Minister besucht Brigade</h1>{SHORT_DE}</main>"
            f"<{where}><a href='{anchor}'>Nach oben</a> <a href='/impressum'>Impressum</a></{tag}></body></html>")
    url = "https://bmvg.example.de/de/aktuelles/minister-besucht-brigade"
    assert not page_kind.in_own_navigation(html, url)
    assert judge(html, url) is None
    # the menu linking the page itself still makes it a section
    section = html.replace("/impressum", "/de/aktuelles/minister-besucht-brigade")
    assert judge(section, url) == "not_article"


ZH_SENTENCES = ["陸軍花東防衛指揮部今日持續派遣兵力協助花蓮地區清理災後環境。",
                "官兵投入清除土石與搬運物資，累計出動兵力逾一千二百人次。",
                "指揮部表示將持續支援地方政府，直到災區恢復正常生活。",
                "其餘五艘同級艦將於未來三年內陸續完成升級。",
                "演練驗證飛行員在低能見度條件下的應變能力。"]


@pytest.mark.parametrize("seed", range(8))
def test_three_short_paragraphs_of_sentences_are_a_short_release(seed: int) -> None:
    """Three sentences of 20 to 30 Chinese characters are under 200 columns of 50-column
    lines, but a release; a title and one or two such lines are not."""
    rng = random.Random(seed)
    chosen = rng.sample(ZH_SENTENCES, 3)
    page = "<html><body><div class='main'><h1>國軍協助花蓮地區災後復原</h1>{}</div></body></html>"
    url = "https://www.mnd.example.tw/news/detail/1150305-02"
    assert judge(page.format("".join(f"<p>{s}</p>" for s in chosen)), url) is None
    assert judge(page.format("".join(f"<p>{s}</p>" for s in chosen[:2])), url) == "no_prose"
    # three lines that are no sentences (a menu, labels) are no release
    assert judge(page.format("".join(f"<p>{s.rstrip('。')}：</p>" for s in chosen)), url) == "no_prose"
