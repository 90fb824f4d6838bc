"""Is a fetched page an article? Judged by the page alone, never by how it was found.

A feed item, a sitemap entry and ``-a site=`` discovery only supply date *candidates*; the
verdict is a function of the page's bytes, so the same page gets the same verdict through
every discovery path (issue 8 follow-up: a feed's ``<updated>`` used to turn a page into an
article, a ``?utm_source=`` copy of it did not).

:func:`judge` returns a skip reason or None (an article):

1. ``listing_page``: a list of links to other pages of the site, with dates beside them
   (``Press release 1 2026-01-01``) or pagination (``Page 1 of 3``, ``rel=next``, ``次へ``),
   whose link items hold more text than everything else on the page, however it was found
   (a sitemap's directory URL ``/news/``, a feed item, ``site=`` discovery).
   An article with a dated "related news" box is not one: its own prose outweighs the box,
   or, however long the box, the page declares itself one article by
   :data:`DECLARED_ARTICLE_SIGNALS` of :func:`article_signals` (JSON-LD naming it,
   og:type article, a single ``<h1>`` that is its headline) and its body has
   :data:`MIN_PROSE_CHARS` of sentences.
   Pagination is words (:data:`PAGINATION`), ``rel=next``, or links to ``?page=N`` /
   ``/page/N/`` (:data:`PAGER_HREF`, any language: ``Seite 2``).
2. otherwise an article when the page dates itself (:data:`OWN_DATE_SOURCES`: JSON-LD, meta,
   ``<time>``, the date line by the headline or in the body, PDF text/metadata; not a
   guess from the footer's copyright year), or marks itself as an article
   (:data:`ARTICLE_MARKUP`: og:type, schema.org), or has a body of at least
   :data:`MIN_UNDATED_BODY` characters;
3. ``not_article`` when the page is one of the site's sections: its own navigation (``<nav>``,
   header, footer, menu) links to it (About, Contact), even inside an ``<article>`` element;
4. an article when it has an ``<article>`` element, or its body has at least
   :data:`MIN_PROSE_CHARS` columns of sentences (lines of :data:`PROSE_LINE_CHARS` columns
   or more that end like a sentence; a Hangul or kanji character is two columns,
   :func:`text_width`), or :data:`MIN_SENTENCE_LINES` lines of sentences however short
   (:data:`SENTENCE_LINE_CHARS` columns or more: three short Chinese paragraphs): a short
   release. A sentence ends in any script's way (:func:`crawler.extractors.sentences.ends_sentence`:
   the danda ``।``, ``؟``, ``።``…), and in a script written without sentence punctuation (Thai,
   Lao) a line of phrases is one;
5. else ``not_article`` when a menu of the site's pages that no markup names as one links to
   it (:func:`in_link_menu`: a ``<div class="top-bar">`` of links), else ``no_prose`` (a page
   of a title and a line or two). That verdict is for want of
   evidence, not on evidence against: a feed or sitemap that announced the page makes it
   suspect (``crawler.page_record.DOUBTFUL_VERDICTS``), and the run's summary says so.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from crawler.extractors._html import BOILERPLATE_CSS, collapse, node_text, parse, remove
from crawler.extractors.sentences import ends_sentence, text_width

#: The verdicts of :func:`judge`: a list of the site's pages; one of the site's sections (its
#: menu links it); a page with too little prose to be an article (a title and a line).
LISTING_PAGE, NOT_ARTICLE, NO_PROSE = "listing_page", "not_article", "no_prose"
#: A page with less body than this, no date of its own and no article markup is no article.
MIN_UNDATED_BODY = 400
#: An undated, unmarked page with this many columns of sentences is a short article.
MIN_PROSE_CHARS = 200
PROSE_LINE_CHARS = 50
# Where a site's navigation lives.
_NAV_CSS = ("nav", "header", "footer", "[role=navigation]", "[role=banner]", "[role=contentinfo]",
            "#header", "#footer", "#nav", "#menu", "#gnav", ".menu", ".nav", ".gnav", ".global-nav")
#: Candidate sources that come from the page itself (not the feed, sitemap, server or URL).
OWN_DATE_SOURCES = frozenset({"json-ld", "meta", "time", "visible", "body", "pdf-text", "pdf-metadata"})
#: Markup by which a page says it is an article: og:type article, schema.org types.
ARTICLE_MARKUP = re.compile(
    r"og:type[\"']?\s+content=[\"']?article|itemprop=[\"']?articleBody"
    r"|[\"']@type[\"']\s*:\s*[\"'](?:News|Blog|Report|Tech|Scholarly)?(?:Article|Posting)", re.I)
#: An ``<article>`` element: weaker, since templates wrap every page of a site in one (the
#: About and Contact pages too), so it never outweighs the site's menu linking the page.
ARTICLE_ELEMENT = re.compile(r"<article\b", re.I)
#: A listing has at least this many links to other pages of the site...
LISTING_MIN_LINKS = 4
#: ...and at least this many of them with a date beside them (or pagination).
LISTING_DATED_ITEMS = 3
# Link items longer than this are paragraphs with a link inside, not list items.
MAX_ITEM_CHARS = 400
# Pagination furniture of a listing (English, French, German, Spanish, Italian, Portuguese
# and Japanese words).
PAGINATION = re.compile(
    r"\b(?:page|seite|página|pagina)\s+\d+\s+(?:of|/|sur|von|de|di)\s+\d+\b"
    r"|\b(?:next|older|previous|newer)\s+(?:page|posts|entries|news)\b"
    r"|\b(?:page suivante|page précédente|nächste seite|vorherige seite|página siguiente"
    r"|página anterior|pagina successiva|pagina precedente|próxima página)\b"
    r"|\d+\s*/\s*\d+\s*ページ|次のページ|前のページ|次へ|前へ|一覧へ", re.I)
#: Links to further pages of a list, whatever the language: ``?page=2``, ``/page/2/``.
#: A listing's pager has at least :data:`PAGER_MIN_LINKS` of them (one could be a long
#: article's "continued on page 2").
PAGER_HREF = re.compile(r"[?&](?:page|paged|pg|p|seite|pagina|pag)=\d+(?:&|$)|/page/\d+/?$", re.I)
PAGER_MIN_LINKS = 2
# A date beside a link: ISO/slashed/dotted numbers, day-month or month-day in English,
# French, German, Spanish, Italian or Portuguese (``15. März 2024``, ``7 de mayo de 2024``),
# 年月日.
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_MONTH_OTHER = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre"
    r"|décembre|decembre|januar|jänner|februar|märz|april|juni|juli|august|oktober|dezember"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre"
    r"|diciembre|gennaio|febbraio|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro"
    r"|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro)")
DATE_IN_TEXT = re.compile(
    r"(?<!\d)(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"
    rf"|\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b|\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:er|\.|º|°)?\s+(?:de\s+)?{_MONTH_OTHER}\s+(?:de\s+)?\d{{4}}\b"
    r"|(?:[\d０-９]{1,4}|元|[一二三四五六七八九十〇]+)\s*年\s*[\d０-９一二三四五六七八九十]{1,3}\s*月\s*[\d０-９一二三四五六七八九十]{1,3}\s*日",
    re.I)
# Levels climbed from a link to find the item it heads.
MAX_CLIMB = 6
# Where the site's own chrome lives even without <nav>/<header>/<footer> elements.
_CHROME_CSS = ("#header", "#footer", "#breadcrumb", ".breadcrumb", ".breadcrumbs", "#topicpath",
               ".topicpath", "#pankuzu", ".pankuzu")


def _item(link: LexborNode) -> LexborNode:
    """The item a link heads: its largest ancestor (up to :data:`MAX_CLIMB` levels) that holds
    no other link (``<li>``, ``<tr>``, ``<article>`` of a list); the link itself at worst."""
    item, node = link, link.parent
    for _ in range(MAX_CLIMB):
        if node is None or node.tag in ("body", "html") or len(node.css("a[href]")) > 1:
            break
        item, node = node, node.parent
    return item


def _dated(item: LexborNode, text: str) -> int | None:
    """A date in the item, or in the element just before or after it (``<dt>date<dd>link``):
    the characters that date adds to the item (0 when inside it), or None when undated."""
    if DATE_IN_TEXT.search(text):
        return 0
    for sibling in (item.prev, item.next):
        while sibling is not None and sibling.tag == "-text" and not (sibling.text() or "").strip():
            sibling = sibling.prev if sibling is item.prev else sibling.next
        if sibling is not None and len(sibling.text() or "") <= MAX_ITEM_CHARS and not sibling.css(
                "a[href]") and DATE_IN_TEXT.search(sibling.text() or ""):
            return len(collapse(sibling.text(separator=" ")))
    return None


def listing_evidence(html: str, url: str) -> dict[str, int]:
    """Counts behind the listing verdict: ``links`` (to other pages of the same host),
    ``dated`` (link items with a date), ``pagination`` (0/1), ``item_chars`` (text of the
    link items) and ``other_chars`` (the rest of the visible body text)."""
    return _listing(html, url)[0]


def _listing(html: str, url: str) -> tuple[dict[str, int], list[str]]:
    """:func:`listing_evidence`, and the texts of the link items."""
    tree = parse(html)
    body = tree.body
    found = {"links": 0, "dated": 0, "pagination": 0, "item_chars": 0, "other_chars": 0}
    texts: list[str] = []
    if body is None:
        return found, texts
    remove(body, [*BOILERPLATE_CSS, *_CHROME_CSS])
    here = urlsplit(url)
    items: dict[int, int] = {}
    pager = 0
    for link in body.css("a[href]"):
        try:
            target = urlsplit(urljoin(url, (link.attributes.get("href") or "").strip()))
        except ValueError:
            continue
        if target.hostname != here.hostname or (target.path, target.query) == (here.path, here.query):
            continue
        found["links"] += 1
        if PAGER_HREF.search(f"{target.path}?{target.query}" if target.query else target.path):
            pager += 1
            continue  # the pager is no item of the list
        item = _item(link)
        text = node_text(item) or ""
        if item.mem_id in items or len(text) > MAX_ITEM_CHARS:
            continue
        dated = _dated(item, text)
        items[item.mem_id] = len(text) + (dated or 0)  # a date beside the item is part of it
        texts.append(text)
        found["dated"] += dated is not None
    if pager >= PAGER_MIN_LINKS or body.css_first("a[rel~=next], link[rel~=next]") is not None or PAGINATION.search(
            collapse(body.text(separator=" "))):
        found["pagination"] = 1
    total = len(collapse(body.text(separator=" ")))
    found["item_chars"] = sum(items.values())
    found["other_chars"] = max(total - found["item_chars"], 0)
    return found, texts


def is_listing(evidence: dict[str, int]) -> bool:
    """A list of dated or paginated links to the site's pages that outweighs the rest."""
    listy = evidence["dated"] >= LISTING_DATED_ITEMS or evidence["pagination"]
    return (evidence["links"] >= LISTING_MIN_LINKS and bool(listy)
            and evidence["item_chars"] >= evidence["other_chars"])


#: A block of links is a menu when it holds this many links to the site's pages...
MENU_MIN_LINKS = 3
#: ...and at least this share of its text is link text.
MENU_LINK_SHARE = 0.6


def in_link_menu(html: str, url: str) -> bool:
    """True when a link to the page itself sits in a menu of the site's pages that is not
    marked as navigation (``<div class="top-bar">Home | About | News</div>``): its nearest
    enclosing block (up to :data:`MAX_CLIMB` levels) holding :data:`MENU_MIN_LINKS` links to
    the same host, of which links make :data:`MENU_LINK_SHARE` of the text. Asked only of a page
    judged no article for want of prose, to tell a section of the site from a doubtful case."""
    tree = parse(html)
    here, host = _page_key(url), urlsplit(url).hostname
    if tree.body is None:
        return False  # the site's root too: its logo and menu link it from every page
    for link in tree.body.css("a[href]"):
        href = (link.attributes.get("href") or "").strip()
        try:
            target = urljoin(url, href) if href and not href.startswith("#") else ""
        except ValueError:
            continue
        if not target or urlsplit(target).hostname != host or _page_key(target) != here:
            continue
        block = link.parent
        for _ in range(MAX_CLIMB):
            if block is None or block.tag in ("body", "html"):
                break
            links = [a for a in block.css("a[href]") if urlsplit(urljoin(url, a.attributes.get("href") or "")).hostname == host]
            if len(links) >= MENU_MIN_LINKS:
                text = len(collapse(block.text(separator=" ")))
                linked = sum(len(collapse(a.text(separator=" "))) for a in links)
                if text and linked / text >= MENU_LINK_SHARE:
                    return True
                break
            block = block.parent
    return False


def _page_key(url: str) -> str:
    """A URL's path without ``index.html`` and trailing slash, for comparing links to a page."""
    path = urlsplit(url).path
    return re.sub(r"/(?:index\.(?:html?|php|aspx?))?$", "", path) or "/"


def in_own_navigation(html: str, url: str) -> bool:
    """True when the site's navigation on the page (:data:`_NAV_CSS`) links to the page itself;
    an anchor within the page (``href="#top"``, a footer's "back to top", a "skip to content"
    link) links every page to itself and says nothing."""
    tree = parse(html)
    here, host = _page_key(url), urlsplit(url).hostname
    for selector in _NAV_CSS:
        for nav in tree.css(selector):
            for link in nav.css("a[href]"):
                href = (link.attributes.get("href") or "").strip()
                if not href or href.startswith("#"):
                    continue  # an anchor in the page ("Nach oben", "#top"), on every page alike
                try:
                    target = urljoin(url, href)
                except ValueError:
                    continue
                if urlsplit(target).hostname == host and _page_key(target) == here and here != "/":
                    return True
    return False


#: ...or this many lines of sentences, each of :data:`SENTENCE_LINE_CHARS` columns or more: a
#: release of three short paragraphs (three sentences of 20 to 40 Chinese characters, 40 to 80
#: columns each, are under :data:`MIN_PROSE_CHARS` of long lines), where a page of a title and
#: a line or two has fewer.
MIN_SENTENCE_LINES = 3
SENTENCE_LINE_CHARS = 30


def sentence_lines(body: str) -> int:
    """The body's lines of :data:`SENTENCE_LINE_CHARS` columns or more that end like a sentence."""
    return sum(1 for line in body.split("\n")
               if text_width(line.strip()) >= SENTENCE_LINE_CHARS and ends_sentence(line))


def is_short_article(body: str) -> bool:
    """True when an undated, unmarked body is a short release's: :data:`MIN_PROSE_CHARS` columns
    of long sentence lines, or :data:`MIN_SENTENCE_LINES` lines of sentences."""
    return prose_chars(body) >= MIN_PROSE_CHARS or sentence_lines(body) >= MIN_SENTENCE_LINES


def prose_chars(body: str) -> int:
    """Columns (:func:`text_width`) of the body's lines that read as sentences (see
    :data:`MIN_PROSE_CHARS`, :data:`PROSE_LINE_CHARS`)."""
    widths = ((text_width(line.strip()), line) for line in body.split("\n"))
    return sum(width for width, line in widths
               if width >= PROSE_LINE_CHARS and ends_sentence(line))


#: Of the signals by which a page declares itself one article (:func:`article_signals`),
#: this many outweigh a list of dated links on it (a long "related news" box).
DECLARED_ARTICLE_SIGNALS = 2
_OG_ARTICLE = re.compile(r"^article\b", re.I)


def _key(text: str | None) -> str:
    return re.sub(r"\W+", "", (text or "").casefold())


def _same_page(value: Any, url: str) -> bool:
    """True when a JSON-LD ``url``/``@id``/``mainEntityOfPage`` names the page (same host and
    path, ``index.html`` and trailing slash aside)."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        target = urljoin(url, value.strip())
    except ValueError:
        return False
    return (urlsplit(target).hostname == urlsplit(url).hostname
            and _page_key(target) == _page_key(url) and _page_key(url) != "/")


def article_signals(html: str, url: str, headline: str | None) -> list[str]:
    """The signals by which the page declares itself one article, of four:

    - ``json-ld``: a JSON-LD object of an article type (NewsArticle, BlogPosting…) naming
      this page (its ``url``, ``@id`` or ``mainEntityOfPage``) or its ``headline``;
    - ``og:type``: ``og:type`` ``article``;
    - ``h1``: the page has a single ``<h1>``, and it holds the headline or the headline it;
    - ``article``: and that ``<h1>`` is in the page's only ``<article>`` element, which holds
      fewer than :data:`LISTING_MIN_LINKS` links (the list is outside the article).

    A listing page is typed CollectionPage/ItemList/WebPage and headed by its section's name
    with no ``og:type`` article, its items in one ``<article>`` each or all inside one; a
    template that types every page as an article still lacks the JSON-LD naming the page."""
    # Imported here: generic imports this module's neighbours, never this module.
    from crawler.extractors.generic import ARTICLE_TYPES, _ld_text, _types, json_ld_objects, opengraph

    tree = parse(html)
    found: list[str] = []
    key = _key(headline)
    for obj in json_ld_objects(tree):
        if _types(obj) & ARTICLE_TYPES and (
                any(_same_page(obj.get(name), url) for name in ("url", "@id", "mainEntityOfPage"))
                or (key and _key(_ld_text(obj.get("headline"))) == key)):
            found.append("json-ld")
            break
    if _OG_ARTICLE.match(opengraph(tree).get("og:type", "")):
        found.append("og:type")
    h1s = tree.css("h1")
    h1 = _key(node_text(h1s[0])) if len(h1s) == 1 else ""
    if h1 and key and (key in h1 or h1 in key):
        found.append("h1")
        articles = tree.css("article")
        if (len(articles) == 1 and articles[0].css_first("h1") is not None
                and len(articles[0].css("a[href]")) < LISTING_MIN_LINKS):
            found.append("article")
    return found


def _outside(body: str, items: list[str]) -> str:
    """The body's lines that are not the text of a link item (a listing's teasers are)."""
    held = "\n".join(_key(text) for text in items)
    return "\n".join(line for line in body.split("\n") if not _key(line) or _key(line) not in held)


def judge(html: str, url: str, record: dict[str, Any]) -> str | None:
    """Why the page is not an article (``listing_page``, ``not_article``, ``no_prose``), or
    None; see the module."""
    evidence, items = _listing(html, url)
    if is_listing(evidence) and not (
            len(article_signals(html, url, record.get("headline"))) >= DECLARED_ARTICLE_SIGNALS
            and prose_chars(_outside(record.get("articleBody") or "", items)) >= MIN_PROSE_CHARS):
        return LISTING_PAGE
    own = [c for c in (record.get("metadata") or {}).get("dateCandidates") or []
           if c.get("value") and c.get("source") in OWN_DATE_SOURCES]
    body = record.get("articleBody") or ""
    if own or ARTICLE_MARKUP.search(html[:500_000]) or len(body) >= MIN_UNDATED_BODY:
        return None
    if in_own_navigation(html, url):
        return NOT_ARTICLE
    if ARTICLE_ELEMENT.search(html[:500_000]):
        return None
    if is_short_article(body):
        return None
    # Skipped either way; a menu that is no <nav> (a "top-bar" div of the site's sections)
    # linking the page makes the verdict firm, so a sitemap listing the page raises no warning.
    return NOT_ARTICLE if in_link_menu(html, url) else NO_PROSE
