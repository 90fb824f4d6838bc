"""crawler.extractors.generic: headline and date rules that weigh one source against another.

Each page is the smallest shape of a kind seen on real news sites: a blog whose ``<h1>`` is
its own name, a ``<title>`` whose site part nothing else names, a soft hyphen in a German
headline, a ``<time>`` in a sidebar or the site's header, a ``<time itemprop=dateModified>``;
a logo alt or application-name filled with the page title, a kicker or subtitle set inside
the ``<h1>`` beside the part marked as the headline, the breadcrumb trail's ``<h1>``, a CMS
that heads its article with an ``<h2>``, a ``WebPage`` JSON-LD that alone dates the page.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from crawler.extractors import generic

URL = "https://news.example.org/2024/05/troops"
PROSE = "<p>" + "The ministry announced a new exercise with partner nations in the capital. " * 5 + "</p>"


def extract(head: str, body: str, url: str = URL) -> dict[str, Any]:
    return generic.extract(f"<html><head>{head}</head><body>{body}</body></html>", url,
                           use_trafilatura=False)


def published(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["source"], c["raw"]) for c in record["metadata"]["dateCandidates"]
            if c["field"] == "datePublished"]


# --- headlines ---------------------------------------------------------------------------


def test_og_title_that_is_the_title_less_a_part_is_the_headline() -> None:
    """og:title and <title> agree but for a part after a separator: that part is the site's,
    even when nothing names the site (no og:site_name, not the host's name)."""
    record = extract("<title>Troops return home | Daily Planet</title>"
                     "<meta property='og:title' content='Troops return home'>", f"<div>{PROSE}</div>")
    assert record["headline"] == "Troops return home"


def test_cut_off_metadata_title_still_gives_way_to_the_page_title() -> None:
    record = extract("<title>Troops return home after six months abroad</title>"
                     "<meta property='og:title' content='Troops return home'>", f"<div>{PROSE}</div>")
    assert record["headline"] == "Troops return home after six months abroad"


def test_feed_link_title_names_the_site() -> None:
    """WordPress writes the site's name in its feed links: ``Site » Feed``."""
    head = ("<title>Troops return home - Peter's Notebook</title><link rel='alternate' "
            "type='application/rss+xml' title=\"Peter's Notebook &raquo; Feed\" href='/feed'>")
    record = extract(head, f"<div class=post>{PROSE}</div>")
    assert record["headline"] == "Troops return home"
    assert "Peter's Notebook" in generic.feed_names(generic.parse(f"<html><head>{head}</head></html>"))


def test_feed_link_title_without_feed_words_names_nothing() -> None:
    """A comments feed may carry the article's own title: a bare title names no site."""
    head = "<link rel='alternate' type='application/rss+xml' title='Troops return home' href='/c'>"
    assert generic.feed_names(generic.parse(f"<html><head>{head}</head></html>")) == set()
    record = extract(f"<title>Troops return home</title>{head}", f"<h1>Troops return home</h1>{PROSE}")
    assert record["headline"] == "Troops return home"


def test_feed_words_and_separators_leave_the_name() -> None:
    for title, name in (("Planet News &raquo; Feed", "Planet News"), ("Daily Planet - RSS", "Daily Planet"),
                        ("Das Blog » Kommentar-Feed", "Das Blog"), ("RSS 2.0", None)):
        head = f"<link rel='alternate' type='application/rss+xml' title=\"{title}\" href='/f'>"
        found = generic.feed_names(generic.parse(f"<html><head>{head}</head></html>"))
        assert found == ({name} if name else set()), title


def test_blog_h1_that_is_the_site_name_gives_way_to_the_post_heading() -> None:
    head = ("<title>Troops return home &laquo; Peter's Notebook</title><link rel='alternate' "
            "type='application/atom+xml' title=\"Peter's Notebook Atom\" href='/atom'>")
    record = extract(head, f"<h1>Peter's Notebook</h1><div class=post><h2>Troops return home</h2>{PROSE}</div>")
    assert record["headline"] == "Troops return home"


def test_older_title_separators_split_off_the_site() -> None:
    for sep in ("«", "›", "~", "//"):
        record = extract(f"<title>Troops return home {sep} Planet</title>"
                         "<meta property='og:site_name' content='Planet'>", f"<div>{PROSE}</div>")
        assert record["headline"] == "Troops return home", sep


def test_invisible_characters_leave_the_headline() -> None:
    record = extract("<title>Bundeswehr</title>", f"<h1>Bundes&shy;wehr\u200b übt mit Partnern</h1>{PROSE}",
                     "https://example.de/a")
    assert record["headline"] == "Bundeswehr übt mit Partnern"


def test_zero_width_joiner_stays() -> None:
    """ZWNJ/ZWJ change how Persian, Indic and emoji text is drawn: they are not invisible."""
    assert generic.unescape("می\u200cخواهم") == "می\u200cخواهم"


def test_metadata_title_that_is_the_site_name_is_no_headline() -> None:
    """A CMS with no title for the page fills og:title with the site's name."""
    record = extract("<title>Troops return home - Daily Planet</title><meta property='og:title' "
                     "content='Daily Planet'><meta property='og:site_name' content='Daily Planet'>",
                     f"<div>{PROSE}</div>")
    assert record["headline"] == "Troops return home"


def test_twitter_title_is_a_metadata_title() -> None:
    record = extract("<title>Planet</title><meta name='twitter:title' content='Troops return home'>",
                     f"<div>{PROSE}</div>")
    assert record["headline"] == "Troops return home"


LONG = ("Defence ministers of the three partner nations agree on a joint exercise calendar "
        "for the coming years in the Pacific region")


def test_metadata_title_cut_with_an_ellipsis_gives_way_to_the_page_title() -> None:
    """JSON-LD headlines cut to a length end in an ellipsis; the <title> has the whole one,
    up to its own site part (which nothing else names)."""
    ld = '{"@type": "NewsArticle", "headline": "%s…"}' % LONG[:100]
    record = extract(f"<title>{LONG} | Planet</title><script type='application/ld+json'>{ld}</script>",
                     f"<div>{PROSE}</div>")
    assert record["headline"] == LONG


def test_known_site_name_before_a_colon_is_taken_off() -> None:
    record = extract("<title>Planet: Troops return home</title><meta property='og:site_name' content='Planet'>",
                     f"<div>{PROSE}</div>")
    assert record["headline"] == "Troops return home"


def test_colon_after_a_word_that_is_no_site_name_stays() -> None:
    record = extract("<title>Minister: Troops return home</title><meta property='og:site_name' content='Planet'>",
                     f"<div>{PROSE}</div>")
    assert record["headline"] == "Minister: Troops return home"


def test_screen_reader_text_leaves_the_headline() -> None:
    """German federal sites (GSB) put ``<span class="aural">: </span>`` in their <h1>."""
    h1 = ("<h1><span>Troops return home</span><span class='aural'>: , Thema:</span>"
          "<span class='sr-only'>Article</span><span style='display:none'>x</span></h1>")
    record = extract("<title>Troops return home - Planet</title>", h1 + PROSE)
    assert record["headline"] == "Troops return home"


def test_topline_in_small_that_no_title_repeats_leaves_the_headline() -> None:
    """The <small> holds the topic (``Forschung``): the titles share words with the rest of
    the <h1>, none with the <small>."""
    h1 = "<h1><span>Energiewende, Mobilität und Wirtschaften</span> <small>Forschung</small></h1>"
    record = extract("<title>Energiewende und Wirtschaften - BMBF</title>", h1 + PROSE,
                     "https://www.bmbf.de/energie.html")
    assert record["headline"] == "Energiewende, Mobilität und Wirtschaften"


def test_small_that_the_title_repeats_stays_in_the_headline() -> None:
    h1 = "<h1>Troops return home <small>after six months</small></h1>"
    record = extract("<title>Troops return home after six months | Planet</title>", h1 + PROSE)
    assert record["headline"] == "Troops return home after six months"


def test_h1_that_is_a_section_label_gives_way_to_the_metadata_title() -> None:
    """og:title and <title> agree on the headline; the <h1> is the section (``Politik``)."""
    record = extract("<title>Politik: Troops return home | Planet</title>"
                     "<meta property='og:title' content='Troops return home'>",
                     f"<h1>Politik</h1><div class=headline>Troops return home</div>{PROSE}")
    assert record["headline"] == "Troops return home"


def test_short_h1_that_the_metadata_title_holds_stays() -> None:
    record = extract("<title>Troops return home after six months | Planet</title>"
                     "<meta property='og:title' content='Troops return home after six months'>",
                     f"<h1>Troops return</h1>{PROSE}")
    assert record["headline"] == "Troops return"


def test_japanese_heading_that_is_a_title_part_beats_the_site_h1() -> None:
    """``<h1>`` is the ministry's name, the other part of the <title> is the <h2>: a Japanese
    headline has no spaces, so its length is counted in characters."""
    record = extract("<title>防衛大臣が豪州を訪問：防衛省・自衛隊</title>",
                     f"<h1>防衛省・自衛隊</h1><h2>防衛大臣が豪州を訪問</h2>{PROSE}",
                     "https://www.mod.go.jp/j/press/a.html")
    assert record["headline"] == "防衛大臣が豪州を訪問"


# --- dates -------------------------------------------------------------------------------


def test_time_in_a_sidebar_does_not_date_the_article() -> None:
    body = ("<aside><ul><li><a href=/x>Other story</a> <time datetime='2024-05-09'>9 May</time></li>"
            f"</ul></aside><article><h1>Troops return home</h1><p>3 May 2024</p>{PROSE}</article>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"][:10] == "2024-05-03"
    assert ("time", "2024-05-09") not in published(record)


def test_time_in_the_site_header_does_not_date_the_article() -> None:
    """A site header (no <h1> in it) shows today's date; the article's header is kept."""
    body = ("<header><time>Monday, 25 November 2024</time></header><article><header><h1>Troops"
            f" return home</h1><time datetime='2024-05-03T10:00:00Z'>3 May</time></header>{PROSE}</article>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"] == "2024-05-03T10:00:00+00:00"


def test_visible_date_nearest_the_headline_wins() -> None:
    """Of the date lines around the headline, the one right under it is the article's, not
    the date of the day printed in the site's header above."""
    body = ("<div class=top>Monday, 25 November 2024</div><article><h1>Troops return home</h1>"
            f"<p>Posted on 3 May 2024</p>{PROSE}</article>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"][:10] == "2024-05-03"
    assert published(record)[0] == ("visible", "Posted on 3 May 2024")


def test_nearest_first_orders_lines_by_distance_below_first() -> None:
    lines = ["a 1 May 2024", "b", "Headline", "c 3 May 2024", "d"]
    assert generic.nearest_first(lines, "Headline") == ["Headline", "c 3 May 2024", "b", "d", "a 1 May 2024"]
    assert generic.nearest_first(lines, "Absent") == lines


def test_time_marked_date_modified_dates_the_change() -> None:
    body = ("<article><h1>Troops return home</h1><time itemprop='dateModified' datetime='2024-05-09T10:00:00Z'>"
            "Updated 9 May</time> <time itemprop='datePublished' datetime='2024-05-03T10:00:00Z'>3 May</time>"
            f"{PROSE}</article>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"] == "2024-05-03T10:00:00+00:00"
    assert record["dateModified"] == "2024-05-09T10:00:00+00:00"


def test_hatom_updated_class_is_not_a_change_date() -> None:
    """WordPress themes mark the publication <time> ``entry-date updated`` (hAtom)."""
    body = (f"<article><h1>Troops return home</h1><time class='entry-date updated' "
            f"datetime='2024-05-03T10:00:00Z'>3 May</time>{PROSE}</article>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"] == "2024-05-03T10:00:00+00:00"


def test_visible_time_with_a_us_zone_name_is_that_zone() -> None:
    body = f"<article><h1>Troops return home</h1><p>May 3, 2024 5:22 p.m. ET</p>{PROSE}</article>"
    record = extract("<title>Troops return home</title>", body, "https://news.example.com/troops")
    assert record["datePublished"] == "2024-05-03T17:22:00-04:00"
    assert record["datePublishedPrecision"] == "time"


# --- the date rule: a lone winner outvoted by sources that agree ---------------------------

DOWNLOADED = "2024-07-02T08:00:00+00:00"


def cand(source: str, raw: str, value: str, precision: str = "day") -> dict[str, Any]:
    return {"source": source, "raw": raw, "value": value, "precision": precision, "field": "datePublished"}


def test_lone_winner_is_outvoted_by_two_agreeing_sources() -> None:
    """A <time> of a listing says 9 May; the byline under the headline and the URL say 3 May."""
    from crawler.extractors import date_candidates as dc
    cands = [cand("time", "2024-05-09", "2024-05-09T00:00:00+00:00"),
             cand("visible", "3 May 2024", "2024-05-03T00:00:00+00:00"),
             cand("url", "/2024/05/03/", "2024-05-03T00:00:00+00:00")]
    best, messages = dc.choose(cands, "datePublished", datetime.fromisoformat(DOWNLOADED))
    assert best is not None and best["source"] == "visible"
    assert any("only source for its day" in m for m in messages)


def test_one_line_read_twice_is_one_witness() -> None:
    """A date line seen near the headline and as the body's first line is one source, not two."""
    from crawler.extractors import date_candidates as dc
    cands = [cand("time", "2024-05-09", "2024-05-09T00:00:00+00:00"),
             cand("visible", "3 May 2024", "2024-05-03T00:00:00+00:00"),
             cand("body", "3 May 2024", "2024-05-03T00:00:00+00:00")]
    best, _ = dc.choose(cands, "datePublished", datetime.fromisoformat(DOWNLOADED))
    assert best is not None and best["source"] == "time"


def test_supported_winner_is_kept() -> None:
    """JSON-LD and meta agree on the winner's day: two <time> of other days change nothing."""
    from crawler.extractors import date_candidates as dc
    cands = [cand("json-ld", "2024-05-03T10:00:00Z", "2024-05-03T10:00:00+00:00", "time"),
             cand("meta", "2024-05-03T10:00:00Z", "2024-05-03T10:00:00+00:00", "time"),
             cand("time", "2024-05-09", "2024-05-09T00:00:00+00:00"),
             cand("visible", "9 May 2024", "2024-05-09T00:00:00+00:00")]
    best, _ = dc.choose(cands, "datePublished", datetime.fromisoformat(DOWNLOADED))
    assert best is not None and best["source"] == "json-ld"


# --- structured dates that were left to htmldate's guess at a day ---------------------------


def dated(head: str, body: str) -> dict[str, Any]:
    return extract(f"<title>Troops return home</title>{head}", f"<div>{body}{PROSE}</div>")


def test_microdata_date_published_on_a_span_keeps_its_time() -> None:
    record = dated("", "<span itemprop='datePublished' content='2024-05-03T10:00:00+02:00'>3. Mai</span>")
    assert record["datePublished"] == "2024-05-03T10:00:00+02:00"
    assert published(record)[0] == ("meta", "2024-05-03T10:00:00+02:00")


def test_microdata_in_a_related_list_does_not_date_the_article() -> None:
    record = dated("", "<aside class='related'><span itemprop='datePublished' content='2024-05-09'></span></aside>"
                       "<span itemprop='dateModified' content='2024-05-04T08:00:00Z'></span>")
    assert ("meta", "2024-05-09") not in published(record)
    assert record["dateModified"] == "2024-05-04T08:00:00+00:00"


def test_hatom_published_abbr_is_read() -> None:
    record = dated("", "<abbr class='published' title='2024-05-03T10:00:00+02:00'>3 May</abbr>")
    assert record["datePublished"] == "2024-05-03T10:00:00+02:00"


def test_json_ld_article_as_a_web_page_main_entity() -> None:
    ld = ('{"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", "headline": "Troops return home",'
          ' "datePublished": "2024-05-03T10:00:00+02:00"}}')
    record = dated(f"<script type='application/ld+json'>{ld}</script>", "")
    assert record["datePublished"] == "2024-05-03T10:00:00+02:00"
    assert published(record)[0][0] == "json-ld"


def test_publishers_meta_names_are_read() -> None:
    for name in ("sailthru.date", "parsely-pub-date", "article.published", "dcterms.date",
                 "citation_publication_date"):
        record = dated(f"<meta name='{name}' content='2024-05-03T10:00:00+02:00'>", "")
        assert record["datePublished"] == "2024-05-03T10:00:00+02:00", name


def test_utc_named_after_an_iso_time_is_utc() -> None:
    """``2022-05-04T03:00:00 UTC`` (ambito.com's JSON-LD) is 00:00 in Buenos Aires, as the
    page's own ``04 mayo 2022 - 00:00`` shows; it was read as 03:00 there."""
    ld = '{"@type": "NewsArticle", "datePublished": "2022-05-04T03:00:00 UTC"}'
    record = extract(f"<title>Paro</title><script type='application/ld+json'>{ld}</script>",
                     f"<div>{PROSE}</div>", "https://www.ejemplo.com.ar/paro")
    assert record["datePublished"] == "2022-05-04T00:00:00-03:00"


def test_time_in_a_post_header_with_an_h2_title_is_read() -> None:
    """Blogs title a post with <h2> in the article's own <header>: not the site's header."""
    body = ("<header class=site><a href='/'>Planet</a></header><article><header><h2>Troops return home</h2>"
            f"<time datetime='2024-05-03T10:00:00Z'>3 May</time></header>{PROSE}</article>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"] == "2024-05-03T10:00:00+00:00"


def test_wrapper_named_like_a_sidebar_that_holds_the_headline_is_the_articles() -> None:
    body = (f"<div id='content-with-sidebar'><h1>Troops return home</h1>"
            f"<time datetime='2024-05-03T10:00:00Z'>3 May</time>{PROSE}</div>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"] == "2024-05-03T10:00:00+00:00"


def test_teaser_articles_in_a_related_block_do_not_date_the_page() -> None:
    body = (f"<article><h1>Troops return home</h1><p>3 May 2024</p>{PROSE}</article><div class='related'>"
            "<article class='teaser'><time datetime='2024-05-09'>9 May</time></article></div>")
    record = extract("<title>Troops return home</title>", body)
    assert record["datePublished"][:10] == "2024-05-03"


# --- markup that names the headline, and chrome that holds the page title ---------------------

HEADLINE = "Minister opens the new coastal radar station in the north"


def page(head: str = "", body: str = "") -> str:
    prose = "<p>" + "The station watches the sea lanes day and night. " * 8 + "</p>"
    return f"<html><head>{head}</head><body>{body}<article>{prose}</article></body></html>"


def headline(html: str) -> str | None:
    return generic.extract(html, "https://www.example-news.test/a/1", use_trafilatura=False)["headline"]


def test_logo_alt_holding_the_page_title_is_not_the_site_name() -> None:
    html = page(f"<title>{HEADLINE} | Radar | Coast | NEWS</title>",
                f'<a href="/" class="logo"><img alt=": {HEADLINE} | Radar | NEWS"></a>'
                f"<h1>{HEADLINE}</h1>")
    assert headline(html) == HEADLINE


def test_application_name_holding_the_page_title_is_not_the_site_name() -> None:
    html = page(f'<title>{HEADLINE}</title><meta name="application-name" content="{HEADLINE}">',
                f"<h1>{HEADLINE}</h1><section><h2>More from The Planet</h2></section>")
    assert headline(html) == HEADLINE


def test_og_site_name_holding_the_page_title_names_only_its_other_part() -> None:
    # a state ministry's template writes og:site_name as "<page title> | MLUK"; its <h1> is the
    # headline, and the part after the title is still the site's name, off the <title>
    html = page(f'<title>{HEADLINE} | COAST</title><meta property="og:site_name" content="{HEADLINE}  | COAST">'
                f'<meta property="og:title" content="{HEADLINE} ">',
                f"<h1>{HEADLINE} </h1><article><h2>Kontakt</h2></article>")
    assert headline(html) == HEADLINE
    tree = generic.parse(html)
    names = generic.site_names(tree, generic.opengraph(tree), [])
    assert "COAST" in names and not any("radar" in name.lower() for name in names)


def test_short_logo_alt_is_still_the_site_name() -> None:
    html = page(f"<title>{HEADLINE} - Coastal Planet</title>",
                '<a href="/" class="logo"><img alt="Coastal Planet"></a>')
    assert headline(html) == HEADLINE


def test_kicker_beside_the_marked_headline_is_dropped() -> None:
    html = page(f"<title>Radar: {HEADLINE}</title>",
                f'<h1><span class="fake-h5">Radar - Coast</span><span class="invisible">: </span>'
                f'<span class="headline">{HEADLINE}</span></h1>')
    assert headline(html) == HEADLINE


def test_subtitle_beside_the_primary_title_is_dropped() -> None:
    html = page(f"<title>{HEADLINE} - Planet</title>",
                f'<h1><span class="entry-title-primary">{HEADLINE}</span> '
                f'<span class="entry-subtitle">A second line that explains it</span></h1>')
    assert headline(html) == HEADLINE


def test_subheadline_class_is_not_the_headline() -> None:
    html = page(f"<title>{HEADLINE}</title>",
                f'<h1>{HEADLINE} <span class="subheadline">today</span></h1>')
    assert headline(html) == f"{HEADLINE} today"


def test_breadcrumb_h1_gives_way_to_the_metadata_title() -> None:
    crumb = "Radar station opens in the north: 'finally'"
    html = page(f'<title>{crumb}</title><meta property="og:title" content="{HEADLINE}">',
                f'<div class="breadcrumbs"><a href="/">Home</a> <span class="current-item"><h1>{crumb}</h1></span></div>'
                f'<div class="post--title"><h2>{HEADLINE}</h2></div>')
    assert headline(html) == HEADLINE


def test_article_opened_by_an_h2_gives_the_headline_over_a_kind_title() -> None:
    html = page("<title>Weekly report 14 - 20 January 2022 - Institute</title>",
                '<h2 class="sr-only">Main navigation</h2>'
                f'<article><header><h2>{HEADLINE}</h2></header><p>Text.</p></article>')
    assert headline(html) == HEADLINE


def test_article_opened_by_a_short_h2_keeps_the_title() -> None:
    html = page("<title>Radar station opens in the north - Institute</title>",
                "<article><h2>Summary</h2><p>Text.</p></article>")
    assert headline(html) == "Radar station opens in the north - Institute"  # no site name known


def test_a_webpage_json_ld_dates_a_page_that_is_not_a_post() -> None:
    graph = ('<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
             '{"@type":"WebPage","@id":"https://www.example-news.test/a/1","name":"About Us",'
             '"datePublished":"2018-06-07T10:13:17+00:00"}]}</script>')
    record = generic.extract(page(graph + "<title>About Us</title>", "<h1>About Us</h1>"),
                             "https://www.example-news.test/a/1", use_trafilatura=False)
    assert record["datePublished"] == "2018-06-07T10:13:17+00:00"
    assert any(c["source"] == "json-ld" for c in record["metadata"]["dateCandidates"])


def test_parts_all_marked_headline_give_the_longest() -> None:
    # industriemagazin.at: BEM classes mark the topline, the colon and the headline alike
    html = page(f"<title>{HEADLINE} | NEWS</title>",
                '<h1> <span class="headline headline--topline">Radar for the north</span> '
                '<span class="headline headline--colon">: </span> '
                f'<span class="headline headline--1">{HEADLINE} </span> </h1>')
    assert headline(html) == HEADLINE


@pytest.mark.parametrize("mark", ["h1small", "article-heading__kicker", "c-title__overline", "dachzeile"])
def test_kicker_marked_by_its_class_is_dropped(mark: str) -> None:
    html = page(f"<title>Radar - {HEADLINE} | Planet</title>",
                f'<h1><span class="{mark}">Radar</span> {HEADLINE}</h1>')
    assert headline(html) == HEADLINE


def test_kicker_mark_leaving_no_headline_keeps_the_whole_heading() -> None:
    html = page("<title>Radar news | Planet</title>",
                '<h1><span class="kicker">Coastal radar news</span> Radar</h1>')
    assert headline(html) == "Coastal radar news Radar"


def test_one_h1_drawn_twice_is_one_heading() -> None:
    # a responsive template draws the <h1> for desktop and for mobile; the titles share words with it
    html = page("<title>Coastal radar in the north - Radar station opens | Planet</title>",
                f"<div class='desktop'><h1>{HEADLINE}</h1></div><div class='mobile'><h1>{HEADLINE}</h1></div>")
    assert headline(html) == HEADLINE
