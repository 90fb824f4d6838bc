"""Headlines the page's markup names, against chrome that holds the title: a logo alt or
application-name filled with the page title, a kicker or subtitle set inside the ``<h1>``,
the breadcrumb trail's ``<h1>``, and a CMS that heads its article with an ``<h2>``."""
from crawler.extractors import generic

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
