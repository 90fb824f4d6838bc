"""crawler.extractors.page_kind: the article / not-article verdict is a function of the page.

Listing pages and articles are generated from their mechanism (a list of links to the site's
pages with a date beside each, or pagination; an article whose own prose outweighs a dated
"related news" box), in several markups and in English and Japanese, with a seeded RNG.
"""
from __future__ import annotations

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
    assert judge(TINY, URL + "about.html") == "not_article"  # a title and a line
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
        assert verdicts == {None if html is SHORT else "not_article"}
