"""Generic article extraction for any ministry site, and the fallback of the site extractors.

Metadata comes from JSON-LD (``NewsArticle``/``Article``, also inside ``@graph``),
then OpenGraph, then plain HTML (``<h1>``, ``<time datetime>``, ``<html lang>``, a breadcrumb
element); ``inLanguage`` undeclared is read from the script of the text, else ``und``.
The body comes from two extractors compared on the page (:func:`choose_body`): our main
content container, found by a linear-time heuristic, and trafilatura's main text (which is
more accurate on the open web: ``benchmarks/bench_extract.py``). Ours is kept when it holds
all of trafilatura's text and little more (a lede or list trafilatura dropped), or when
trafilatura fell back to the whole page glued into one line (short pages); otherwise
trafilatura's. Site chrome marked by id or class (:data:`CHROME_CSS`) is removed from ours and
its lines from trafilatura's. Date lines, share/print/back-to-top furniture and ruby readings are removed
from either. The record's ``metadata.extractionMethod`` names the metadata source and the
body source: ``generic:json-ld``, ``generic:opengraph`` or ``generic:heuristic``, plus
``+trafilatura`` when its body was taken. Every date seen is a candidate
(:mod:`crawler.extractors.date_candidates`).

Bounds (issue 12): subtrees nested deeper than ``max_depth`` (default :data:`MAX_DEPTH`)
are not searched for containers, and trafilatura (recursive, lxml) is skipped on such pages.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.dates import (
    THAI_DATE_RE, UTC, WORD_DATE_RE, date_words, is_zone_name, language_region, locale_region,
    parse_date_precise, plain_date_text, region_zone, without_hijri,
)
from crawler.extractors import date_candidates as dc
from crawler.extractors.furniture_words import (
    BYLINE_WORDS,
    MODIFIED_LABELS,
    OTHER_LANGUAGE_FURNITURE,
    PUBLISHED_LABELS,
    is_labelled_line,
    label_alternation,
)
from crawler.extractors._html import (
    BOILERPLATE_CSS, SKIP_TAGS, block_lines, canonical_url, absolute, collapse,
    first_text, html_lang, is_challenge_page, language_tag, make_record, meta_content, node_text,
    parse, remove, text_language,
)
from crawler.extractors.sentences import ends_sentence, has_sentence

#: ``inLanguage`` of a page that declares no language and whose script says none (BCP 47).
UNDETERMINED = "und"
# schema.org types that describe one article.
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "BackgroundNewsArticle", "OpinionNewsArticle",
    "BlogPosting", "Report", "TechArticle", "ScholarlyArticle", "LiveBlogPosting",
})
# Site chrome that pages mark by id or class instead of <header>/<footer>/<nav> elements:
# page header and footer, copyright lines, breadcrumb trails (パンくず, topicpath).
BREADCRUMB_CSS = ("[class*=breadcrumb]", "[id*=breadcrumb]", "[class*=Breadcrumb]", "[id*=Breadcrumb]",
                  "#topicpath", ".topicpath", "#pankuzu", ".pankuzu", "[class*=pankuzu]",
                  "[aria-label=breadcrumb]", "[aria-label=Breadcrumb]")
#: Chrome matched by CHROME_CSS with more text than this (or an <h1>) is a wrapper, kept.
MAX_CHROME_CHARS = 1000
# Cookie and consent banners: a sentence of the site's, on every page ("当サイトではクッキーを
# 使用しています。", "This site uses cookies."). Marked by an id or class that is the word itself
# (``#cookie``, ``.cookies``) or one of the banner compounds and consent-manager vendors
# trafilatura prunes (settings._COOKIE_CONSENT_RE); never a bare substring, which would
# match a body class like ``cookies-not-set`` or an article about cookie laws.
_COOKIE_WORDS = ("cookie", "cookies", "cookie-banner", "cookie-bar", "cookie-consent", "cookie-notice",
                 "cookie-law", "cookiebanner", "cookieconsent", "cookie_notice", "cookie-policy-banner",
                 "consent-banner", "consent-manager", "gdpr-banner", "CybotCookiebotDialog",
                 "onetrust-consent-sdk", "onetrust-banner-sdk", "cmplz-cookiebanner", "BorlabsCookie",
                 "moove_gdpr_cookie_info_bar")
COOKIE_CSS = tuple(f"{mark}{word}" for word in _COOKIE_WORDS for mark in ("#", "."))
CHROME_CSS = ("#header", "#footer", ".footer", "#copyright", ".copyright", "body > address",
              *BREADCRUMB_CSS, *COOKIE_CSS)
# Main-content containers, most specific first.
CONTENT_CSS = ("article", "main", "[role=main]", "#content", ".content", "#main", ".main")
PUBLISHED_META = ("article:published_time", "datePublished", "date", "pubdate",
                  "DC.date.issued", "dcterms.created", "publish-date",
                  # publishers' own names, Dublin Core's plain date, scholarly citation tags
                  "og:published_time", "article.published", "sailthru.date", "parsely-pub-date",
                  "publication_date", "date_published", "DC.date", "dc.date", "dcterms.date",
                  "DCTERMS.date", "citation_publication_date", "citation_date")
MODIFIED_META = ("article:modified_time", "dateModified", "og:updated_time", "dcterms.modified")
DESCRIPTION_META = ("og:description", "description", "twitter:description")
# Breadcrumb trail items that are the site root, not a category.
HOME_LABELS = frozenset({"home", "top", "ホーム", "トップ", "トップページ"})
# A container with less text than this is layout, not the article.
MIN_CONTAINER_CHARS = 200
# A form with less text than this is a search or contact form; ASP.NET wraps whole pages in one.
MAX_FORM_CHARS = 400


def _ld_blocks(tree: LexborHTMLParser) -> Iterator[Any]:
    """Parsed JSON of every ``application/ld+json`` script; broken JSON is skipped."""
    for node in tree.css('script[type="application/ld+json"]'):
        raw = (node.text(deep=True) or "").strip()
        raw = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", raw)
        try:
            yield json.loads(raw, strict=False)
        except ValueError:
            continue


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, descending into lists and ``@graph``."""
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity"):  # a WebPage whose mainEntity is the article
            if key in value:
                yield from _flatten(value[key])


def _types(obj: dict[str, Any]) -> set[str]:
    """The object's ``@type`` values as a set (it may be a string or a list)."""
    value = obj.get("@type", [])
    return {str(t).rsplit("/", 1)[-1] for t in (value if isinstance(value, list) else [value])}


def _ld_text(value: Any) -> str | None:
    """A JSON-LD scalar as text: strings, ``{"@value": …}``, ``{"name": …}``, first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, (str, int, float)):
        return collapse(str(value)) or None
    return None


def json_ld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """All JSON-LD objects on the page, flattened."""
    return [obj for block in _ld_blocks(tree) for obj in _flatten(block)]


def json_ld_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first JSON-LD object typed as an article."""
    return next((obj for obj in objects if _types(obj) & ARTICLE_TYPES), None)


#: The schema.org types of a page that is one document (not a listing: CollectionPage).
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "ContactPage", "FAQPage", "QAPage"})


def json_ld_dated(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON-LD object that dates the page: the article (:func:`json_ld_article`), else the
    page's ``WebPage`` (:data:`PAGE_TYPES`), which Yoast SEO and other CMS plugins date
    alone on a page that is not a post (``"datePublished":"2018-06-07T10:13:17+00:00"``)."""
    return json_ld_article(objects) or next(
        (obj for obj in objects if _types(obj) & PAGE_TYPES), {})


def json_ld_breadcrumbs(objects: list[dict[str, Any]]) -> list[str]:
    """Names from the first ``BreadcrumbList``, in position order."""
    for obj in objects:
        if "BreadcrumbList" in _types(obj):
            items = [i for i in obj.get("itemListElement") or [] if isinstance(i, dict)]
            items.sort(key=lambda i: i.get("position", 0) if isinstance(i.get("position"), int) else 0)
            names = [_ld_text(i.get("name")) or _ld_text(i.get("item")) for i in items]
            return [name for name in names if name]
    return []


def category_labels(trail: list[str], headline: str | None) -> list[str]:
    """Keep a breadcrumb trail's category labels: drop the home link and the page itself."""
    labels = [label for label in trail if label]
    if labels and labels[0].strip().lower() in HOME_LABELS:
        labels = labels[1:]
    if labels and headline and labels[-1] == headline:
        labels = labels[:-1]
    return labels


def opengraph(tree: LexborHTMLParser) -> dict[str, str]:
    """All ``og:*`` and ``article:*`` meta properties (first value wins)."""
    found: dict[str, str] = {}
    for node in tree.css("meta[property]"):
        key = (node.attributes.get("property") or "").strip()
        value = collapse(node.attributes.get("content"))
        if key.startswith(("og:", "article:")) and value:
            found.setdefault(key, value)
    return found


def _strip_boilerplate(root: LexborNode) -> list[str]:
    """Remove navigation, headers, footers, scripts, ruby readings and small forms; and the
    site chrome marked by id or class (:data:`CHROME_CSS`), whose lines are returned."""
    chrome: list[str] = []
    for selector in CHROME_CSS:
        for node in root.css(selector):
            lines = block_lines(node)
            # A wrapper that happens to match (class="has-breadcrumb" on the page) is no chrome.
            if node.css_first("h1") is None and sum(map(len, lines)) <= MAX_CHROME_CHARS:
                chrome += lines
                node.decompose()
    remove(root, [css for css in BOILERPLATE_CSS if css != "form"] + ["rt", "rp"])
    chrome += _drop_captions(root)
    for form in root.css("form"):
        if len("".join(block_lines(form))) < MAX_FORM_CHARS:
            form.decompose()
    return chrome


#: A photo caption longer than this is prose set in a <figure>, kept.
MAX_CAPTION_CHARS = 300
CAPTION_CSS = ("figure figcaption", ".wp-caption .wp-caption-text")


def _drop_captions(root: LexborNode) -> list[str]:
    """Remove the captions of photos (``<figure><img><figcaption>``, WordPress
    ``wp-caption-text``), which are not article text (``Foto: LN``, ``Imagen: Télam``), and
    return their lines; a caption longer than :data:`MAX_CAPTION_CHARS` is kept as prose."""
    lines: list[str] = []
    for selector in CAPTION_CSS:
        for node in root.css(selector):
            figure = node.parent
            text = block_lines(node)
            if (figure is not None and figure.css_first("img, picture, video") is not None
                    and sum(map(len, text)) <= MAX_CAPTION_CHARS):
                lines += text
                node.decompose()
    return lines


def text_sizes(root: LexborNode, max_depth: int = 0) -> tuple[dict[int, int], int]:
    """Characters of text under every element, in one pass; and the deepest nesting seen.

    Linear in the page: each node is visited twice (an explicit stack, no recursion), so a
    page of 8,000 nested ``<article>`` costs what 8,000 siblings cost. Elements deeper
    than ``max_depth`` (when > 0) are left out of the map, so they are never candidates.
    """
    sizes: dict[int, int] = {}
    deepest = 0
    stack: list[tuple[LexborNode, int, bool]] = [(root, 0, False)]
    totals: list[int] = [0]
    while stack:
        node, depth, leaving = stack.pop()
        if leaving:
            size = totals.pop()
            totals[-1] += size
            if not max_depth or depth <= max_depth:
                sizes[node.mem_id] = size
            continue
        deepest = max(deepest, depth)
        tag = node.tag
        if tag == "-text":
            totals[-1] += len((node.text(deep=False) or "").strip())
            continue
        if tag in SKIP_TAGS:
            continue
        totals.append(0)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in node.iter(include_text=True))
    return sizes, deepest


def _densest_paragraph_parent(root: LexborNode, sizes: dict[int, int]) -> LexborNode | None:
    """The element whose direct ``<p>`` children hold the most text."""
    scores: dict[int, tuple[int, LexborNode]] = {}
    for paragraph in root.css("p"):
        parent = paragraph.parent
        if parent is None or paragraph.mem_id not in sizes:
            continue
        size, _ = scores.get(parent.mem_id, (0, parent))
        scores[parent.mem_id] = (size + sizes[paragraph.mem_id], parent)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: item[0])[1]


def main_content(tree: LexborHTMLParser, max_depth: int = 0,
                 chrome: list[str] | None = None) -> LexborNode | None:
    """Find the main content: the first container selector with enough text, else the densest block.

    Linear in the page (see :func:`text_sizes`); ``max_depth`` > 0 bounds the nesting searched.
    ``chrome``, when given, receives the lines of the site chrome removed (:data:`CHROME_CSS`).
    """
    body = tree.body
    if body is None:
        return None
    removed = _strip_boilerplate(body)
    if chrome is not None:
        chrome += removed
    sizes, _ = text_sizes(body, max_depth)
    for selector in CONTENT_CSS:
        candidates = [(node, sizes[node.mem_id]) for node in body.css(selector)
                      if node.mem_id in sizes]
        best = max(candidates, key=lambda item: item[1], default=None)
        if best and best[1] >= MIN_CONTAINER_CHARS:
            return best[0]
    return _densest_paragraph_parent(body, sizes) or body


# --- body furniture -------------------------------------------------------------------------

# Whole lines that are page furniture, not article text (share bars, print links, back-to-top).
FURNITURE_RE = re.compile(
    r"(?:share(?: this(?: page| article| story)?)?(?: on)?|share via|tweet|email|e-mail|print"
    r"(?: this page| this article)?|printer[- ]friendly(?: version)?|back to top|to the top"
    r"|top of page|return to top|skip to (?:main )?content|facebook|twitter|x|linkedin|whatsapp"
    f"|{OTHER_LANGUAGE_FURNITURE}"
    r"|copy link|link copied|印刷|印刷用|印刷する|ページの先頭へ(?:戻る)?|このページの先頭へ(?:戻る)?"
    r"|ページトップへ(?:戻る)?|先頭へ戻る|シェア(?:する)?|ツイート|ポスト|[|｜/・:：,、\s])+",
    re.IGNORECASE,
)
# A date line: a short line that is a date, perhaps with a "Published:"/"更新日" label
# (the label tables per language: crawler.extractors.furniture_words).
_LABELS = label_alternation(PUBLISHED_LABELS + MODIFIED_LABELS)
_NOT_A_WORD_GOES_ON = r"(?![^\W\d_])"  # "date" is a label, "dated" another, "Datenschutz" none
DATE_LABEL_RE = re.compile(rf"^(?:(?:{_LABELS}){_NOT_A_WORD_GOES_ON})?\s*[:：]?\s*", re.IGNORECASE)
# Labels of a change date ("Updated: …", "Mis à jour le …", "Atualizado em …"): that part
# dates dateModified.
MODIFIED_LABEL_RE = re.compile(rf"^(?:{label_alternation(MODIFIED_LABELS)}){_NOT_A_WORD_GOES_ON}",
                               re.IGNORECASE)
MAX_DATE_LINE = 60
#: A line of several dated parts ("Publié le … - Mis à jour le …") may be this long.
MAX_DATE_PARTS_LINE = 140
# Where a line of dated parts splits: spaced separators, or just before a label ("Publié le
# 12 juin 2024 Mis à jour le 13 juin 2024", "Publicado em 05/03/2026 14h30 Atualizado em …").
# A split inside a label ("Last | updated") is mended by :func:`_merge_labels`.
_DATE_PART_SEP = re.compile(
    rf"\s+[|/·•–—-]\s+|\s*[|｜]\s*|\s*,\s*(?=(?:{label_alternation(MODIFIED_LABELS)}){_NOT_A_WORD_GOES_ON})"
    rf"|\s+(?=(?:{_LABELS}){_NOT_A_WORD_GOES_ON})",
    re.IGNORECASE)
_BY = "|".join(BYLINE_WORDS)
# A byline after a date ("Publié le 12 juin 2024 par la rédaction"): at most four words, no
# digit ("… / Data di pubblicazione: 14/07/2026" is another date, not a byline by "di").
_BYLINE = re.compile(rf"\s+(?:{_BY})\s+[^\s\d]+(?:\s+[^\s\d]+){{0,3}}$", re.IGNORECASE)
# A byline before a date, as CMS date lines write it: Drupal's "Submitted by admin on Tue,
# 07/14/2026 - 09:05", "Opublikowane przez admin, wt., 14.07.2026 - 09:05", "Posted by Ana on".
_LEADING_BYLINE = re.compile(
    rf"^(?:(?:{_LABELS}|submitted){_NOT_A_WORD_GOES_ON}\s+)?(?:{_BY})\s+\S+(?:\s+\S+){{0,2}}?"
    r"(?:\s*,|\s+(?:on|am|le|el|em|il|op|dnia|w dniu))\s+", re.IGNORECASE)
#: A trailing link of a date line with no date in it ("— see all updates"): dropped.
MAX_TRAILING_LINK_WORDS = 4
# Date lines are looked for among the first and last lines of a body only.
DATE_LINE_WINDOW = 3


def is_furniture(line: str) -> bool:
    """True for a line made only of share/print/back-to-top words and separators, or a short
    line labelled as a photo credit, a pointer to another article or a follow prompt
    (:func:`crawler.extractors.furniture_words.is_labelled_line`)."""
    return bool(FURNITURE_RE.fullmatch(line.strip())) or is_labelled_line(line)


def _date_part(text: str, tz: str, lang: str | None, region: str | None) -> bool:
    """True when ``text`` is a date, perhaps labelled, and little else (see :func:`date_line`)."""
    if not text or len(text) > MAX_DATE_LINE:
        return False
    rest = DATE_LABEL_RE.sub("", _LEADING_BYLINE.sub("", plain_date_text(text), count=1), count=1)
    # "١٤ رمضان ١٤٤٧هـ الموافق ٣ مارس ٢٠٢٦م": the Gregorian date is read; a Hijri date alone is a
    # date line too, its candidate unparsed with a note (crawler.dates.HIJRI_NOTE)
    rest, hijri = without_hijri(rest)
    if parse_date_precise(rest, tz, lang, region) is None and not hijri:
        return False
    # The date must be most of the line: "Talks on 3 May 2024 ended" is a sentence.
    known = date_words(lang)  # "Selasa, 17 Maret 2026 06:30 WIB": a weekday and a zone
    spans = THAI_DATE_RE.sub(" ", WORD_DATE_RE.sub(" ", rest))
    phrases = _phrases(known)  # weekdays of several words: "Thứ ba, 03/03/2026 - 14:30"
    spans = phrases.sub(" ", spans) if phrases else spans
    leftovers = re.sub(r"[\d\W_]+", " ", spans).split()
    words = [w for w in leftovers
             if w.lower() not in dc_words and w.lower() not in known and not is_zone_name(w)]
    return len(words) <= 1


@lru_cache(maxsize=64)
def _phrases(words: frozenset[str]) -> re.Pattern[str] | None:
    """The date words of several words (``thứ ba``, ``יום שלישי``) as one case-insensitive
    regex, longest first; None when there are none."""
    phrases = sorted((w for w in words if " " in w), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)), re.IGNORECASE) if phrases else None


def date_parts(line: str, tz: str, lang: str | None = None,
               region: str | None = None) -> list[tuple[str, str]]:
    """The dated parts of a date line as ``(field, text)``, or [] when it is not one.

    A date line is a short date (``15 August 2026``, ``Published: …``, ``8. Juni 2024 um
    09:30 Uhr``), or parts that each are one, split at separators (``Written: … / Updated:
    …``, ``Publié le … - Mis à jour le …``), perhaps ending in a short byline (``par …``).
    Of several parts, one labelled as a change (:data:`MODIFIED_LABEL_RE`) dates
    ``dateModified``; the others, and a lone part, ``datePublished``. ``lang``/``region`` read the dates the page's way.
    """
    text = line.strip()
    if not text or len(text) > MAX_DATE_PARTS_LINE:
        return []
    parts = [p.strip() for p in _DATE_PART_SEP.split(_BYLINE.sub("", text)) if p and p.strip()]
    parts = _join_clock_parts(_merge_labels([p for p in parts if not is_furniture(p)]), text)
    if len(parts) < 2 or not all(_date_part(p, tz, lang, region) for p in parts):
        # one date ("8. Juni 2024 | 09:30 Uhr" splits into parts that are not dates alone)
        whole = text if _date_part(text, tz, lang, region) else _BYLINE.sub("", text)
        if not _date_part(whole, tz, lang, region):
            return []
        parts = [whole]
    # "Last updated 20 August 2026" alone is a change date too: when the page shows no
    # publication date, the rule lets it stand in (crawler.extractors.date_candidates.choose).
    return [(dc.MODIFIED if MODIFIED_LABEL_RE.match(_LEADING_BYLINE.sub("", p, count=1))
             else dc.PUBLISHED, p) for p in parts]


# A part of a date line that is a clock time only, perhaps with its zone: "10:05", "16:45
# (GMT+7)", "09:00 Uhr", "14.30 น.".
_CLOCK_PART = re.compile(r"(?:[^\W\d_]{1,6}\.?\s*)?\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[^\W\d_.]{1,4}\.?)?"
                         r"(?:\s*\(?(?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?\)?)?", re.IGNORECASE)


def _join_clock_parts(parts: list[str], line: str) -> list[str]:
    """Parts of a date line with a clock-time part joined to the dated part before it: the
    time of that day (Dutch "Nieuwsbericht | 08-04-2026 | 10:05 | Laatst gewijzigd: 15-04-2026
    | 11:40", Vietnamese "Thứ năm, 12/03/2026 | 16:45 (GMT+7)"), as the ``line`` writes them
    (the separator kept: the joined part is the raw text of its candidate)."""
    joined: list[str] = []
    for part in parts:
        if joined and _CLOCK_PART.fullmatch(part) and re.search(r"\d", joined[-1]):
            written = re.search(rf"{re.escape(joined[-1])}\s*[|｜/·•–—-]?\s*{re.escape(part)}", line)
            joined[-1] = written.group(0) if written else f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


def _merge_labels(parts: list[str]) -> list[str]:
    """Parts of a date line with each part holding no digit joined to the next one: a label
    split in two at a label word inside it ("Last" + "updated 20 August 2026", "Submitted by
    admin" + "on Tue, 07/14/2026"); a short last part with no digit after a dated one (gov.uk's
    "see all updates") is dropped."""
    merged: list[str] = []
    pending = ""
    for part in parts:
        if not re.search(r"\d", part):
            pending = f"{pending} {part}".strip()
            continue
        merged.append(f"{pending} {part}".strip())
        pending = ""
    if pending and (not merged or len(pending.split()) > MAX_TRAILING_LINK_WORDS):
        merged.append(pending)
    return merged


def date_line(line: str, tz: str, lang: str | None = None, region: str | None = None) -> str | None:
    """The line itself when it is a short date line (``15 August 2026``, ``Published: …``,
    ``Publié le 3 mai 2022 - Mis à jour le 4 mai 2022``; :func:`date_parts`)."""
    return line.strip() if date_parts(line, tz, lang, region) else None


# Words that may stand around a date on its own line (month and weekday names, era names,
# the words joining a day and its time: "um 09:30 Uhr", "à 10h30", "a las 10:30").
dc_words = frozenset({
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december", "mon", "monday", "tue", "tuesday", "wed", "wednesday", "thu",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "am", "pm", "a", "p", "m",
    "at", "gmt", "utc", "jst", "est", "edt", "bst", "cet", "cest", "st", "nd", "rd", "th", "of",
    "年", "月", "日", "時", "分", "令和", "平成", "昭和", "大正", "明治", "元年", "午前", "午後",
    "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日", "r", "h", "s",
    "um", "uhr", "à", "las", "alle", "ore", "om", "u", "hrs", "hs", "mez", "mesz",
    "et", "ct", "mt", "pt", "pst", "pdt", "cdt", "mst", "mdt", "eastern", "pacific",
    # a dateline's articles and ordinals: "Paris, le 1er avril 2024", "Madrid, 7 de mayo de
    # 2024", "Roma, il 3 maggio 2024", "den 3. Mai 2024"
    "le", "er", "de", "del", "el", "il", "den",
    # the words of a time and of Korean dates: "godz. 11:00", "alle ore 16:30", "às 7:05 PM",
    # "2026년 4월 7일 (화) 오후 3시 20분"
    "godz", "ore", "às", "as", "em", "la", "kl", "o", "dnia",
    "년", "월", "일", "시", "분", "오전", "오후", "화", "수", "목", "금", "토",
    # the words of a clock time and a year elsewhere: "pukul 14.30", "saat 09:45", "klo 14.30",
    # "الساعة ٤:١٥ م", "20 червня 2026 року", "о 16:00", "下午 3:45" (weekday names and zone
    # names come from crawler.dates.date_words)
    "pukul", "jam", "saat", "klo", "kello", "lúc", "الساعة", "ساعت", "ص", "م", "року", "р", "о",
    "上午", "下午",
    # Thai: เวลา (time) before a clock time and น. (นาฬิกา, o'clock) after it; Vietnamese "giờ"
    "เวลา", "น", "giờ",
    # "at" before a clock time in other EU languages (crawler.dates._LOCAL_TIME_RE): "04.03.2026,
    # ora 15:10", "3. 3. 2026 v 14:20", "ob 14:20", "στις 11:20", "klockan 14.20", "kell 14.20",
    # "plkst. 14.20"
    "ora", "v", "ob", "στις", "klockan", "kell", "plkst",
})


# A press release's dateline opening its first paragraph: a place in capitals or title case,
# a comma, the date, then a dash or colon and the text ("MADRID, 3 de marzo de 2026 — …",
# "BRASÍLIA (DF), 20 de junho de 2026 – …", "WARSZAWA, 12 maja 2026 r. — …"), or the full
# stop that ends a date with its year ("Київ, 20 червня 2026 року. …", "Warszawa, 12 maja 2026 r. …");
# or the date alone before the dash ("29.11.2022 – Mehrfach und vehement hatte …").
DATELINE_RE = re.compile(
    r"^(?:(?P<place>[^\W\d_][^\W\d_'’. ()-]*(?:[ .'’-]+[^\W\d_()]+){0,3}\.?(?:\s*\([^)\d]{1,12}\))?)"
    r"\s*,\s*)?(?P<date>[^—–:]{6,48}?)\s*(?:[—–]|--?|:|(?<=\d{4})\.|(?<=року|года)\.|(?<=\s[рrг]\.))\s")


def dateline(line: str, tz: str, lang: str | None = None, region: str | None = None) -> str | None:
    """The date of a dateline opening a body line (:data:`DATELINE_RE`), or None; the line
    itself stays in the body (it is the release's first sentence)."""
    match = DATELINE_RE.match(line.strip())
    if match is None:
        return None
    place, when = match["place"] or "", match["date"].strip()
    if place and (not (place.isupper() or place.istitle()) or len(place) > 40):
        return None
    return when if _date_part(when, tz, lang, region) else None


# A release's sign-off at its foot, no text of it (breaker13 F6, PIB: "VK/SR/Savvy" and
# "(Release ID: 2101350)"): the initials of its writers and editors, letters joined by
# slashes with no space or digit ("VM/JS", "ABB/Nampi/Rajib"); or an identifier in
# brackets, a label and a code with a digit and no sentence ("(Release ID: 2101234)",
# "[Ref. 12/2026]", "(ID 5521)").
_INITIALS_LINE = regex.compile(r"[\p{L}\p{M}]{1,12}(?:\s?/\s?[\p{L}\p{M}]{1,12}){1,7}")  # एमजी/आरपीएम too
_ID_LINE = re.compile(r"[(\[（［]\s*[^\W\d_][^\W\d_ .]{0,20}(?:\s[^\W\d_.]{1,20}){0,3}\.?\s*[:：#.]?\s*"
                      r"[\w/-]*\d[\w/-]*\s*[)\]）］]")
#: Sign-off lines (:func:`is_signoff`) dropped from a body's foot, at most this many.
MAX_SIGNOFF_LINES = 3


def is_signoff(line: str) -> bool:
    """True for a sign-off line of a release's foot: writers' initials joined by slashes, or an
    identifier in brackets (see :data:`_INITIALS_LINE`, :data:`_ID_LINE`). Only the body's last
    lines are tested (:func:`strip_furniture`), after its last sentence: the same shapes
    inside the text ("TCP/IP", "(ID 5521)" in a sentence) are never touched."""
    text = line.strip()
    return len(text) <= 60 and bool(_INITIALS_LINE.fullmatch(text) or _ID_LINE.fullmatch(text))


def strip_furniture(lines: list[str], tz: str, lang: str | None = None,
                    region: str | None = None) -> tuple[list[str], list[str]]:
    """Drop furniture lines anywhere, sign-off lines at the foot (:func:`is_signoff`, when a
    line of text stays above them) and date lines near either end; (kept, date lines)."""
    kept = [line for line in lines if not is_furniture(line)]
    for _ in range(MAX_SIGNOFF_LINES):
        if len(kept) > 1 and is_signoff(kept[-1]):
            kept.pop()
    dates: list[str] = []
    for _ in range(DATE_LINE_WINDOW):
        if kept and date_line(kept[0], tz, lang, region):
            dates.append(kept.pop(0))
        if kept and date_line(kept[-1], tz, lang, region):
            dates.append(kept.pop())
    return kept, dates


#: Lines above a date line at the body's top that may go with it as its meta block.
MAX_META_LINE = 60


def drop_meta_rows(lines: list[str], dates: list[str], tz: str, lang: str | None = None,
                   region: str | None = None) -> tuple[list[str], list[str]]:
    """The body without the meta block at its top; (kept, date lines removed).

    The block is a line among the first :data:`DATE_LINE_WINDOW` that is a date line
    (:func:`date_line`) or a short line holding a date read by the headline (``dates``: the
    raw text of the ``visible`` candidates), with every line above it short
    (:data:`MAX_META_LINE`) and no sentence. A board layout's row of fields renders as one
    line ("작성자 : 대변인실 Date : 2026-03-05 09:00 조회수 : 1523") that is no date line
    itself; gov.uk puts "From: Ministry of Defence" above the date paragraph."""
    dates = [date for date in dates if date]
    for index, line in enumerate(lines[:DATE_LINE_WINDOW]):
        if _prose(line) or len(line) > MAX_DATE_PARTS_LINE:
            break
        own = date_line(line, tz, lang, region)
        if own or any(date in line for date in dates):
            if all(len(above) <= MAX_META_LINE for above in lines[:index]):
                return lines[index + 1:], [own] if own else []
            break
    return lines, []


# --- trafilatura as a component -------------------------------------------------------------

# Elements of trafilatura's XML body that make one line each.
_TRAF_BLOCKS = frozenset({"p", "head", "item", "row", "quote", "code", "list", "table", "div"})


def _traf_lines(body: Any) -> list[str]:
    """Render trafilatura's XML body (p, head, list/item, table/row/cell, lb) as text lines."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = collapse("".join(buffer))
        if text:
            lines.append(text)
        buffer.clear()

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _TRAF_BLOCKS
        if block:
            flush()
        if tag == "lb":
            flush()
        elif tag == "cell":
            buffer.append(" ")
        if element.text and tag != "lb":
            buffer.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()

    if body is not None:
        walk(body)
    flush()
    return lines


def preload() -> None:
    """Import trafilatura now (about a second): done when a spider starts, so that the first
    page's extraction does not block the crawl's reactor while downloads are in flight."""
    import trafilatura  # noqa: F401


def trafilatura_doc(html: str, url: str) -> Any:
    """trafilatura's ``Document`` for the page (its body only), or None when it finds none.

    Without trafilatura's metadata (a third of its time): our own JSON-LD/OpenGraph/HTML
    metadata does better (``benchmarks/bench_extract.py``), and its date guess is htmldate's,
    asked for only when the page itself gives none (:func:`htmldate_candidate`).
    """
    import trafilatura  # imported late: a heavy import most site spiders never need

    try:
        return trafilatura.bare_extraction(html, url=url, include_comments=False,
                                           include_tables=True, with_metadata=False)
    except Exception:  # noqa: BLE001 - a third-party failure must not lose the article
        return None


#: Elements looked at for site chrome before htmldate reads a page.
MAX_CHROME_ELEMENTS = 5000


def without_chrome(html: str) -> str:
    """The page without its site chrome and lists of other articles (:func:`_chrome_block`:
    the blocks whose ``<time>`` :func:`article_times` does not read, a class-marked one only
    when it links elsewhere), a block holding the ``<h1>`` kept:
    the page htmldate guesses from, so that a related article's date ("Notizie correlate …
    25 febbraio 2026", "Tin liên quan (02/03/2026)") is never the publication date."""
    tree = parse(html)
    held = headline_blocks(tree)
    chosen: dict[int, LexborNode] = {}
    for node in tree.css("aside, nav, footer, [class], [id]")[:MAX_CHROME_ELEMENTS]:
        if node.mem_id in held or not _chrome_block(node):
            continue
        parent, steps, inside = node.parent, 0, False
        while parent is not None and steps < MAX_ANCESTORS and not inside:
            inside, parent, steps = parent.mem_id in chosen, parent.parent, steps + 1
        if not inside:  # document order: a block inside a chosen one goes with it
            chosen[node.mem_id] = node
    if not chosen:
        return html
    for node in chosen.values():  # removed after the walk: no node is read once freed
        node.decompose()
    return tree.html or html


def _chrome_block(node: LexborNode) -> bool:
    """An ``<aside>``, ``<nav>`` or ``<footer>``; or a block whose class or id says sidebar,
    related, widget, teaser (:data:`_ELSEWHERE_MARK`) and that links elsewhere, as lists of
    other articles do (a podcast page's "podcast-description__sidebar" of credits, with the
    date it went online and no link, is the page's own; ``<body class="no-sidebars">`` none)."""
    if node.tag in ELSEWHERE_TAGS:
        return True
    if node.tag in ("html", "body", "main", "article"):
        return False
    marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return bool(_ELSEWHERE_MARK.search(marks)) and node.css_first("a[href]") is not None


def htmldate_candidate(html: str, url: str, loc: dc.Locale) -> dc.Candidate | None:
    """htmldate's guess at the publication day, with the settings trafilatura gives it
    (original date, extensive search, nothing after today), on the page without its site
    chrome (:func:`without_chrome`); day precision."""
    from datetime import datetime

    from htmldate import find_date

    try:
        raw = find_date(without_chrome(html), url=url, original_date=True, extensive_search=True,
                        max_date=datetime.now().astimezone().strftime("%Y-%m-%d"))
    except Exception:  # noqa: BLE001 - a third-party failure must not lose the article
        return None
    return dc.read("htmldate", raw, loc) if raw else None


def _compact(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _prose(line: str) -> bool:
    """A full sentence line: long enough and ending like a sentence in its script (a lede, a
    paragraph; :func:`crawler.extractors.sentences.ends_sentence`)."""
    return len(line) >= PROSE_CHARS and ends_sentence(line)


def _residual(text: str, parts: list[str]) -> int:
    """Characters of ``text`` left after removing every copy of each part (longest first)."""
    for part in sorted({p for p in parts if p}, key=len, reverse=True):
        text = text.replace(part, "")
    return len(text)


def choose_body(ours: list[str], theirs: list[str], headline: str | None = None,
                links: list[str] | None = None) -> tuple[list[str], str]:
    """Ours when it holds all of trafilatura's text and adds only prose, else theirs.

    trafilatura's text counts as held when its lines are in ours, or when what is left of it
    after taking out our lines, the headline and the link lists we removed (``links``) is
    under 3% (it may glue a whole page into one line).

    Returns (lines, source) with source ``"heuristic"`` or ``"trafilatura"``. Ours may add
    at most :data:`OURS_MARGIN` of trafilatura's text, in whole sentence lines (a lede or
    a paragraph trafilatura dropped), never headings, captions, link lists or buttons.
    """
    ours_text = _compact("".join(ours))
    if not theirs or 0 < len(_compact("".join(theirs))) <= len(ours_text) < MIN_CONTAINER_CHARS:
        return ours, "heuristic"  # a page this small is what it shows; nothing to rank
    if not ours:  # ours found nothing: theirs only when it is prose, not a menu
        return (theirs, "trafilatura") if any(_prose(line) for line in theirs) else ([], "heuristic")
    their_text = _compact("".join(theirs))
    their_lines = [_compact(line) for line in theirs]
    title = _compact(headline or "")
    if title and their_lines[0].startswith(title):  # trafilatura glued the <h1> to the lede
        their_lines[0] = their_lines[0][len(title):]
    known = [headline or "", *(links or [])]  # not article text, wherever trafilatura put it
    if _glued(ours, their_lines, known) or _glued_around(ours, theirs, known):
        return ours, "heuristic"
    covered = sum(len(line) for line in their_lines if line in ours_text)
    their_size = sum(len(line) for line in their_lines) or 1
    extra = [line for line in ours if _compact(line) not in their_text]
    extra_size = sum(len(_compact(line)) for line in extra)
    held = covered / their_size >= 0.97 or _residual(
        "".join(their_lines), [_compact(x) for x in [*ours, *(links or [])]]) <= 0.03 * their_size
    if held and extra_size <= their_size * OURS_MARGIN and all(_prose(line) for line in extra):
        return ours, "heuristic"
    return theirs, "trafilatura"


PROSE_CHARS = 50
OURS_MARGIN = 0.35
#: trafilatura's fallback glues the page into a line holding this share of its text or more.
GLUED_SHARE = 0.9
#: ...and ours must hold at least this share of it (less: our container missed the article).
GLUED_SHARE_OURS = 0.5


def _without(text: str, parts: list[str]) -> str:
    """``text`` without every copy of each part (longest first), joined by spaces."""
    for part in sorted({p for p in parts if p}, key=len, reverse=True):
        text = text.replace(part, " ")
    return text


def _glued(ours: list[str], their_lines: list[str], known: list[str] | None = None) -> bool:
    """True when trafilatura fell back to the page's whole text as one line (short pages: the
    header, breadcrumb and headline run into the paragraphs) and that line holds every one
    of our lines, at least two of them, and most of its text: ours has the same text, in its
    paragraphs, without the chrome.

    "Most" is counted in the line's text that is not ``known`` to be chrome (the headline, the
    breadcrumb and link lists we removed): a breadcrumb ending in the headline, with the
    headline again below it, is a third of a short release's glued line by itself (breaker13
    F5: a cookie notice plus a ``#topicpath`` trail put the whole ATLA page in one line)."""
    longest = max(their_lines, key=len, default="")
    mine = [key for key in (_compact(line) for line in ours) if key]
    if len(mine) < 2 or len(longest) < GLUED_SHARE * sum(len(line) for line in their_lines):
        return False
    size = sum(map(len, mine))
    if not all(key in longest for key in mine) or size >= len(longest):
        return False
    unknown = len(_compact(_without(longest, [_compact(k) for k in known or [] if _compact(k) not in mine])))
    return GLUED_SHARE_OURS * min(len(longest), max(unknown, size)) <= size


def _glued_around(ours: list[str], theirs: list[str], known: list[str] | None = None) -> bool:
    """True when trafilatura glued the whole page into one line (:data:`GLUED_SHARE` of its
    text) that holds our lines as one run, and the text around that run, less what is
    ``known`` not to be article text (the headline, chrome and link lists we removed), holds
    no sentence (in any script: :func:`crawler.extractors.sentences.has_sentence`): a short
    release in a long template (menu, breadcrumb, share bar, related links), where ours is
    under :data:`GLUED_SHARE_OURS` of the line but is all the prose in it."""
    longest = max(theirs, key=len, default="")
    mine = [" ".join(line.split()) for line in ours if line.strip()]
    if len(mine) < 2 or len(longest) < GLUED_SHARE * sum(len(line) for line in theirs):
        return False
    glued = " ".join(longest.split())
    run = " ".join(mine)
    at = glued.find(run)
    if at < 0:
        return False
    rest = _without(f"{glued[:at]} {glued[at + len(run):]}",
                    [" ".join(k.split()) for k in known or [] if k.strip()])
    return not has_sentence(rest)


# Blocks judged by their link density: lists, sections, asides, tables, divs.
LINK_BLOCK_TAGS = frozenset({"ul", "ol", "section", "aside", "table", "div", "nav", "dl"})
#: A block whose text is at least this share link text, with at least LINK_BLOCK_MIN links,
#: is a link list (related articles, rankings, tag clouds), not article text.
LINK_DENSITY = 0.7
LINK_BLOCK_MIN = 3


def _link_stats(root: LexborNode) -> dict[int, tuple[int, int, int]]:
    """(text chars, link text chars, links) under every element, in one linear pass."""
    stats: dict[int, tuple[int, int, int]] = {}
    stack: list[tuple[LexborNode, bool, bool]] = [(root, False, False)]
    totals: list[list[int]] = [[0, 0, 0]]
    while stack:
        node, in_link, leaving = stack.pop()
        if leaving:
            text, linked, links = totals.pop()
            stats[node.mem_id] = (text, linked, links)
            parent = totals[-1]
            parent[0] += text
            parent[1] += linked
            parent[2] += links
            continue
        tag = node.tag
        if tag == "-text":
            size = len((node.text(deep=False) or "").strip())
            totals[-1][0] += size
            if in_link:
                totals[-1][1] += size
            continue
        if tag in SKIP_TAGS:
            continue
        totals.append([0, 0, 1 if tag == "a" else 0])
        stack.append((node, in_link, True))
        stack.extend((child, in_link or tag == "a", False) for child in node.iter(include_text=True))
    return stats


def drop_link_blocks(container: LexborNode) -> list[str]:
    """Remove link lists inside the content container (see :data:`LINK_DENSITY`); their lines."""
    stats = _link_stats(container)
    doomed: list[LexborNode] = []
    stack = [child for child in container.iter()]
    while stack:
        node = stack.pop()
        text, linked, links = stats.get(node.mem_id, (0, 0, 0))
        if (node.tag in LINK_BLOCK_TAGS and links >= LINK_BLOCK_MIN and text
                and linked / text >= LINK_DENSITY):
            doomed.append(node)
            continue
        stack.extend(node.iter())
    removed: list[str] = []
    for node in doomed:
        removed += block_lines(node)
        node.decompose()
    return removed


def body_and_link_lines(tree: LexborHTMLParser, headline: str | None, max_depth: int = 0,
                        ) -> tuple[list[str], list[str]]:
    """Text lines of the main content without link lists or a leading copy of the headline;
    and the lines of the link lists removed."""
    chrome: list[str] = []
    container = main_content(tree, max_depth, chrome)
    removed = drop_link_blocks(container) if container is not None and container is not tree.body else []
    removed += chrome  # not article text either: trafilatura's copies of these lines go too
    lines = block_lines(container)
    return _after_headline(lines, headline), removed


#: Lines above the headline that may be dropped as chrome (a logo, a kicker, a section name).
MAX_LINES_ABOVE_HEADLINE = 3


def _after_headline(lines: list[str], headline: str | None) -> list[str]:
    """The lines after the headline when it is among the first lines and only short non-prose
    lines (a site logo, a section label) stand above it; else the lines as they are."""
    if not headline:
        return lines
    for index, line in enumerate(lines[:MAX_LINES_ABOVE_HEADLINE + 1]):
        if collapse(line) == headline:
            return lines[index + 1:] if not any(_prose(x) for x in lines[:index]) else lines
    return lines


# --- metadata -------------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Separators between a title and the site's name: " - Site", " | Site", "：Site", "｜Site",
# and the older blog forms " « Site", " › Site", " ~ Site", " // Site".
_TITLE_SEP = re.compile(r"\s+(?:[-|–—:·•»«›‹<>~]|//)\s+|\s*[｜|：]\s*|\s+::\s+")
# Separators of a title written as a breadcrumb trail ("Headline < Press releases < Ministry",
# "Ministry › News › Headline"): its one end is the page, the other the site.
_TRAIL_SEP = re.compile(r"\s+[<>‹›»«]\s+")
# Characters a browser does not draw: soft hyphen (&shy;, a hyphenation hint in German
# headlines: "Bundes&shy;wehr"), zero-width space, word joiner, BOM. (ZWJ/ZWNJ change how
# emoji and Persian or Indic text are drawn, so they stay.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def unescape(text: str | None) -> str | None:
    """Decode entities left in metadata by double escaping (``&amp;quot;`` → ``"``) and drop
    the characters a browser does not draw (:data:`_INVISIBLE`): the text as the reader sees it."""
    if text and _ENTITY.search(text):
        text = collapse(html_lib.unescape(text)) or None
    if text and _INVISIBLE.search(text):
        return collapse(_INVISIBLE.sub("", text)) or None
    return text


def site_names(tree: LexborHTMLParser, og: dict[str, str], objects: list[dict[str, Any]]) -> set[str]:
    """Names the site calls itself: og:site_name, JSON-LD publisher/WebSite, application-name,
    the chrome's names (:func:`chrome_names`) and feed titles; and each part of a name joined
    with a tagline (``Site - Tagline``). A name that holds the page's own title
    (:func:`page_titles`) is a template's mistake: only its last part, after the title, is the
    site's (``og:site_name`` ``Land zahlte … 2020/2021 | MLUK`` names ``MLUK``)."""
    names = {og.get("og:site_name")}
    for obj in objects:
        if _types(obj) & {"WebSite", "Organization", "NewsMediaOrganization"}:
            names.add(_ld_text(obj.get("name")))
        publisher = obj.get("publisher")
        if isinstance(publisher, dict):
            names.add(_ld_text(publisher.get("name")))
    names |= chrome_names(tree) | {meta_content(tree, "application-name", "apple-mobile-web-app-title")}
    names |= feed_names(tree)
    whole = {collapse(unescape(n) or "") for n in names if n} - {""}
    titles = page_titles(tree, og, objects)
    found: set[str] = set()
    for name in whole:
        parts = [collapse(part) for part in _TITLE_SEP.split(name)]
        if any(_compact(title) in _compact(name) for title in titles):
            # the title with the site's name after it, as in a <title>: only that last part
            last = parts[-1]
            if len(last) >= 3 and not any(_words_in(last, title) for title in titles):
                found.add(last)
            continue
        # "Natürlich Jagd - Das Infoportal der Jägerstiftung": the name before its tagline, too.
        found |= {name} | {part for part in parts if len(part) >= 3}
    return found


def _words_in(part: str, text: str) -> bool:
    """True when ``part`` occurs in ``text`` as whole words, case and spacing aside (``COAST``
    is not in ``coastal``)."""
    words = r"\W+".join(re.escape(word) for word in part.lower().split())
    return re.search(rf"(?<!\w){words}(?!\w)", text.lower()) is not None


#: A heading or metadata title of at least this many words is a sentence, never a site's name.
MIN_SENTENCE_WORDS = 6


def page_titles(tree: LexborHTMLParser, og: dict[str, str], objects: list[dict[str, Any]]) -> list[str]:
    """The page's own titles long enough to be no site's name: each ``<h1>``, og:title,
    twitter:title or JSON-LD headline of :data:`MIN_SENTENCE_WORDS` words or more, collapsed.
    A name that holds one is a template's mistake (:func:`site_names`), which fills a name
    with the page title: the logo's alt (``: Día de la Madre: Trome celebró …
    | TROME``), application-name (msn), og:site_name (a Brandenburg ministry)."""
    titles = [heading_text(node) or "" for node in tree.css("h1")[:10]]
    titles += [og.get("og:title") or "", meta_content(tree, "twitter:title") or ""]
    titles += [_ld_text(obj.get("headline")) or "" for obj in objects]
    return [collapse(unescape(title) or "") for title in titles
            if len(title.split()) >= MIN_SENTENCE_WORDS and _compact(title)]


# A feed's own words in the title of a <link rel=alternate> to it ("RSS 2.0", "Comments Feed").
_FEED_WORDS = re.compile(
    r"(?i)\b(?:(?:rss|atom)(?:\s*\d(?:\.\d+)?)?|(?:comments?\s+)?feed|kommentar-feed|flux|"
    r"fil\s+des\s+commentaires)\b")


def feed_names(tree: LexborHTMLParser) -> set[str]:
    """Site names from the titles of the page's feed links (``<link rel="alternate"
    type="application/rss+xml" title="Peter's Notebook » Feed">``): a CMS writes the site's
    name first and the feed's kind after a separator (WordPress: ``Site » Feed``, ``Site »
    Comments Feed``, ``Site » Post title Comments Feed``, ``Site RSS``). The part before the
    first separator, without feed words (``RSS``, ``Feed``). A title with neither a separator
    nor a feed word is not read: it may be the article's own (a comments feed's)."""
    found: set[str] = set()
    for node in tree.css("link[rel=alternate][title]")[:5]:
        kind = (node.attributes.get("type") or "").lower()
        title = unescape(collapse(node.attributes.get("title"))) or ""
        parts = _TITLE_SEP.split(title)
        if not kind.endswith(("rss+xml", "atom+xml")) or (len(parts) < 2 and not _FEED_WORDS.search(title)):
            continue
        name = collapse(_FEED_WORDS.sub(" ", parts[0])).strip(" -|»:")
        if 3 <= len(name) <= MAX_SITE_NAME_CHARS:
            found.add(name)
    return found


# "© 2024 Ministry of National Defense. All rights reserved.": the holder's name.
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[,.:]?\s*"
    r"([^\W\d][^.|©\n]{2,78}?)\s*(?:[.|,]|all rights|alle rechte|tous droits|todos los derechos|$)",
    re.IGNORECASE)
# Where a page shows its own name: the logo (its image's alt text or its text), the footer.
# (Not any image of a <header>: an article's header holds its hero image, alt = the headline.)
_LOGO_CSS = ("[class*=logo] img[alt]", "img[class*=logo][alt]", "a[rel=home] img[alt]", "a[href='/'] img[alt]")
_FOOTER_CSS = ("footer", "#footer", ".footer", "[class*=copyright]")
#: A logo text or copyright holder longer than this is not a name.
MAX_SITE_NAME_CHARS = 80


def chrome_names(tree: LexborHTMLParser) -> set[str]:
    """Names the page shows as its own in its chrome: the logo's alt text, and the holder of
    the footer's copyright (``© 2024 Ministry of National Defense``). A ``<title>`` part
    equal to one of them is the site's name (``Talks held — Ministry of National Defense``)."""
    found: set[str] = set()
    for selector in _LOGO_CSS:
        for node in tree.css(selector)[:3]:
            alt = collapse(node.attributes.get("alt"))
            if alt and len(alt) <= MAX_SITE_NAME_CHARS:
                found.add(re.sub(r"(?i)^logo\s+(?:of\s+)?|\s+logo$", "", alt))
    for selector in _FOOTER_CSS:
        for node in tree.css(selector)[:2]:
            for match in _COPYRIGHT.finditer((node.text(separator="\n") or "")[:5000]):
                found.add(collapse(match.group(1)))
    return {name for name in found if name and len(name) <= MAX_SITE_NAME_CHARS}


def _initials(part: str) -> set[str]:
    """The acronyms a name may be written as: ``Ministry of National Defense`` → ``mnd``,
    ``mond`` (initials of its capitalised words, of all its words)."""
    words = re.findall(r"[^\W\d_]+", part)
    if len(words) < 2:
        return set()
    return {"".join(w[0] for w in words if w[0].isupper()).lower(), "".join(w[0] for w in words).lower()}


# Host labels that are never a site's name (www, TLDs and second-level public suffixes).
_HOST_NOISE = frozenset({"www", "m", "amp", "news", "com", "org", "net", "gov", "gv", "go", "gob",
                         "co", "ac", "or", "ne", "edu", "mil", "int", "info"})


def host_labels(url: str | None) -> list[str]:
    """The labels of a URL's host that may spell the site's name (``www.smava.de`` → ``smava``)."""
    host = (urlsplit(url or "").hostname or "").lower()
    labels = host.split(".")[:-1]  # the last label is the top-level domain
    return [re.sub(r"[^a-z0-9]", "", label) for label in labels
            if label not in _HOST_NOISE and len(label) >= 2 and not label.isdigit()]


def _is_site_part(part: str, folded: set[str], labels: list[str]) -> bool:
    """True when a title part names the site: a known name, the host's name, or a bare date."""
    key = _compact(part)
    if not key:
        return True  # "Title -" with nothing after the separator
    if key in folded or re.fullmatch(r"[\d.\-/]+", part.strip()):
        return True
    ascii_key = re.sub(r"[^a-z0-9]", "", key)
    short = len(part.split()) <= 6  # a site name, not a sentence that happens to start like one
    if short and any(len(label) >= 3 and label in _initials(part) for label in labels):
        return True  # "Ministry of National Defense" on mnd.gov.tw
    return any(ascii_key == label
               or (short and len(label) >= 4 and ascii_key.startswith(label))
               or (len(ascii_key) >= 4 and label.startswith(ascii_key)) for label in labels)


def strip_site_name(title: str | None, names: set[str], h1: str | None,
                    url: str | None = None) -> str | None:
    """Remove leading or trailing site names (``Talks held - 毎日新聞`` → ``Talks held``).

    A part is the site's name when it is one of ``names`` (og:site_name, JSON-LD publisher,
    the logo's alt text, the footer's copyright holder: :func:`site_names`), when it spells the
    URL's host (``| SMAVA`` on smava.de, ``- Vegolosi.it``) or its initials do (``—
    Ministry of National Defense`` on mnd.gov.tw), when it is a
    bare date (``| DW | 23.05.2011``), or, when the page has an ``<h1>``, when the rest of the
    title is that ``<h1>``. The title is never emptied. A title of three or more parts joined
    by breadcrumb separators (``<``, ``>``, ``‹``, ``›``, ``»``) is a trail: when one end
    is the site's name, the other end is the headline (``Headline < 보도자료 < 국방부``).
    """
    if not title:
        return title
    folded = {_compact(n) for n in names if _compact(n)}
    labels = host_labels(url)
    trail = [collapse(part) for part in _TRAIL_SEP.split(title)]
    if len(trail) >= 3 and all(trail):  # a trail: the end away from the site's name is the page
        if _is_site_part(trail[-1], folded, labels):
            return trail[0]
        if _is_site_part(trail[0], folded, labels):
            return trail[-1]
    h1_key = _compact(h1 or "")
    text = title
    for _ in range(3):  # "Title | DW | 23.05.2011": several trailing parts
        seps = list(_TITLE_SEP.finditer(text))
        if not seps:
            break
        last, first_sep = seps[-1], seps[0]
        tail, head = text[last.end():], text[:first_sep.start()]
        if (h1_key and _compact(text[:last.start()]) == h1_key) or _is_site_part(tail, folded, labels):
            text = text[:last.start()].strip()
        elif (h1_key and _compact(text[first_sep.end():]) == h1_key) or _is_site_part(head, folded, labels):
            text = text[first_sep.end():].strip()
        else:
            break
    prefix = _SITE_PREFIX.match(text)
    if prefix and _compact(prefix[1]) in folded and len(text) > prefix.end():
        text = text[prefix.end():]  # "Planet: Troops return home", the known name only
    return text or title


# "Site: Headline": a colon with no space before it is no title separator (_TITLE_SEP; "Biden:
# We will …" is a headline), so only a known site name is taken off this way.
_SITE_PREFIX = re.compile(r"^([^:]{2,60}):\s+")


def _date_candidates(ld: dict[str, Any], og: dict[str, str], tree: LexborHTMLParser,
                     loc: dc.Locale) -> list[dc.Candidate | None]:
    """Candidates from structured data: JSON-LD, meta tags, ``<time>`` elements."""
    found: list[dc.Candidate | None] = [
        dc.read("json-ld", _ld_text(ld.get("datePublished")), loc),
        dc.read("json-ld", _ld_text(ld.get("dateCreated")), loc),
        dc.read("json-ld", _ld_text(ld.get("dateModified")), loc, dc.MODIFIED),
        dc.read("meta", og.get("article:published_time"), loc),
        dc.read("meta", og.get("article:modified_time"), loc, dc.MODIFIED),
    ]
    found += [dc.read("meta", meta_content(tree, key), loc) for key in PUBLISHED_META]
    found += [dc.read("meta", meta_content(tree, key), loc, dc.MODIFIED) for key in MODIFIED_META]
    found += _microdata_dates(tree, loc)
    for node in article_times(tree):
        attr, text = collapse(node.attributes.get("datetime")), collapse(node.text())
        field = _time_field(node)
        found.append(dc.read("time", attr or text, loc, field))
        if attr and text and found[-1] and found[-1]["precision"] == "day":
            found.append(dc.read("time", text, loc, field))  # <time datetime="2024-06-08">… um 09:30 Uhr
    return _unique(found)


# schema.org microdata properties of an element that is not a <meta> or <time> (those are
# read by name and as <time>), and hAtom's <abbr class="published" title="…">.
MICRODATA_DATES = (("datePublished", dc.PUBLISHED), ("dateCreated", dc.PUBLISHED),
                   ("dateModified", dc.MODIFIED))


def _microdata_dates(tree: LexborHTMLParser, loc: dc.Locale) -> list[dc.Candidate | None]:
    """``<span itemprop="datePublished" content="…">``, ``<div itemprop="datePublished">3 May
    2024</div>`` (its ``content`` or ``datetime``, else its text) and hAtom's ``<abbr
    class="published" title="…">``: the first of each outside site chrome and teasers
    (:func:`_elsewhere`), source ``meta`` (microdata is the page's own markup, as a meta tag)."""
    found: list[dc.Candidate | None] = []
    held = headline_blocks(tree)
    for prop, field in MICRODATA_DATES:
        nodes = [n for n in tree.css(f'[itemprop~="{prop}"]')[:10]
                 if n.tag not in ("meta", "time") and not _elsewhere(n, held)]
        if nodes:
            attrs = nodes[0].attributes
            found.append(dc.read("meta", collapse(attrs.get("content") or attrs.get("datetime"))
                                 or node_text(nodes[0]), loc, field))
    for node in tree.css("abbr.published[title]")[:1]:
        found.append(dc.read("time", collapse(node.attributes.get("title")), loc))
    return found


#: ``<time>`` elements read per page (the article's own come first in document order).
MAX_TIMES = 3
# Where a <time> dates something else: site chrome and lists of other articles.
ELSEWHERE_TAGS = frozenset({"aside", "nav", "footer"})
_ELSEWHERE_MARK = re.compile(r"(?i)sidebar|related|widget|recommend|teaser|trending|most-?read")


#: Ancestors looked at when judging where a node sits (a hostile page nests thousands).
MAX_ANCESTORS = 40


def headline_blocks(tree: LexborHTMLParser) -> set[int]:
    """``mem_id`` of every element that holds an ``<h1>`` (the headline's own blocks)."""
    held: set[int] = set()
    for h1 in tree.css("h1")[:10]:
        parent, steps = h1.parent, 0
        while parent is not None and steps < MAX_ANCESTORS:
            held.add(parent.mem_id)
            parent, steps = parent.parent, steps + 1
    return held


def _elsewhere(node: LexborNode, held: set[int]) -> bool:
    """True when a node sits in site chrome or another article's teaser: inside an
    ``<aside>``/``<nav>``/``<footer>``, a block whose class or id says sidebar, related,
    widget, teaser, or a ``<header>`` outside any ``<article>`` (the site's: a date there is
    today's or a ticker's). A block that holds an ``<h1>`` (``held``:
    :func:`headline_blocks`) is the article's or the page's: the walk stops there."""
    parent, steps, header, article = node.parent, 0, False, False
    while parent is not None and parent.tag not in ("body", "html") and steps < MAX_ANCESTORS:
        if parent.mem_id in held:
            return False
        if parent.tag in ELSEWHERE_TAGS or _ELSEWHERE_MARK.search(
                f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}"):
            return True
        header = header or parent.tag == "header"
        article = article or parent.tag in ("article", "main")
        parent, steps = parent.parent, steps + 1
    return header and not article


def article_times(tree: LexborHTMLParser, held: set[int] | None = None) -> list[LexborNode]:
    """Up to :data:`MAX_TIMES` ``<time>`` elements that date the article: those in site chrome
    or in lists of other articles (:func:`_elsewhere`) are not read."""
    held = headline_blocks(tree) if held is None else held
    return [node for node in tree.css("time")[:30] if not _elsewhere(node, held)][:MAX_TIMES]


# <time class="updated">, itemprop="dateModified": WordPress themes mark the change date so
# (and "entry-date published updated" on a post never changed: that one is a publication).
_CHANGE_CLASS = re.compile(r"(?<![\w-])(?:updated|modified|date-?modified|last-?modified|"
                           r"entry-updated|post-updated)(?![\w-])", re.IGNORECASE)


def _time_field(node: LexborNode) -> str:
    """dateModified for a ``<time>`` its class or itemprop marks as a change date only."""
    marks = " ".join(node.attributes.get(k) or "" for k in ("class", "itemprop"))
    changed = _CHANGE_CLASS.search(marks) or "datemodified" in marks.lower()
    published = re.search(r"(?<![\w-])(?:published|datepublished|entry-date)(?![\w-])", marks, re.I)
    return dc.MODIFIED if changed and not published else dc.PUBLISHED


def _unique(found: list[dc.Candidate | None]) -> list[dc.Candidate | None]:
    """Each (source, raw, field) once: ``article:published_time`` is read both as an
    OpenGraph property and by name, and one meta tag is one candidate."""
    seen: set[tuple[str, str, str]] = set()
    kept: list[dc.Candidate | None] = []
    for cand in found:
        key = (cand["source"], cand["raw"], cand["field"]) if cand else None
        if key is not None and key not in seen:
            seen.add(key)
            kept.append(cand)
    return kept


#: Text nodes of the body searched for the headline when no heading holds it.
MAX_HEADLINE_SEARCH_NODES = 5000


def headline_element(tree: LexborHTMLParser, headline: str | None) -> LexborNode | None:
    """The element of the body whose own text is the headline, when no heading holds it:
    a board layout's ``<th class="title">``, a ``<div class="tit">``, a ``<strong>``. The
    first such text node outside ``<title>``/``<a>`` among the first
    :data:`MAX_HEADLINE_SEARCH_NODES`; None when there is none."""
    key = _compact(headline or "")
    if not key or tree.body is None:
        return None
    for seen, node in enumerate(tree.body.traverse(include_text=True)):
        if seen >= MAX_HEADLINE_SEARCH_NODES:
            break
        if node.tag == "-text" and _compact(node.text(deep=False) or "") == key:
            parent = node.parent
            if parent is not None and parent.tag not in ("a", "title", "option", *SKIP_TAGS):
                return parent
    return None


# A class or id that names a date element: post-date, news-date, date, time, published, pubdate.
_DATE_MARK = re.compile(r"(?i)(?<![a-z])(?:date|datetime|time|published|pubdate|posted(?:-on)?)(?![a-z])")
#: Elements with a date class looked at on a page without a headline heading.
MAX_DATE_MARKED = 20


def marked_dates(tree: LexborHTMLParser, loc: dc.Locale) -> list[dc.Candidate | None]:
    """The date line of the first element whose class or id names a date (``<span
    class="post-date">Thứ năm, 12/03/2026 | 16:45 (GMT+7)</span>``, ``<div class="date">``),
    outside site chrome and lists of other articles (:func:`_elsewhere`): the date by the
    headline of a page whose headline is in no heading (og:title only), source ``visible``."""
    held = headline_blocks(tree)
    marked = (node for node in tree.css("[class], [id]")[:MAX_CHROME_ELEMENTS]
              if _DATE_MARK.search(f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"))
    for seen, node in enumerate(marked):
        if seen >= MAX_DATE_MARKED:
            break
        found = [] if _elsewhere(node, held) else dated_parts("visible", node_text(node) or "", loc)
        if found:
            return found
    return []


def _visible_dates(tree: LexborHTMLParser, headline: str | None, loc: dc.Locale) -> list[dc.Candidate | None]:
    """Short date lines right around the headline's heading: the ``<h1>`` or ``<h2>`` that
    is the headline, else the first ``<h1>``, else the element holding the headline
    (:func:`headline_element`: ``Date : 2026-03-05 09:00`` in the ``<td>`` under a board
    layout's ``<th>`` title), before the body furniture is stripped."""
    key = _compact(headline or "")
    heads = [*tree.css("h1")[:10], *tree.css("h2")[:10]]
    h1 = next((n for n in heads if key and key in (_compact(heading_text(n) or ""),
                                                   _compact(heading_text(n, drop_small=True) or ""))),
              tree.css_first("h1"))
    h1 = h1 or headline_element(tree, headline)
    if h1 is None:  # the headline in no element (og:title only): a date element by its class
        return marked_dates(tree, loc)
    block = h1.parent
    held = headline_blocks(tree)
    for _ in range(2):  # the headline's header block, or one level up
        if block is not None and len(block_lines(block)) < 4 and block.parent is not None:
            block = block.parent
    # lists of other articles and site chrome in that block date other pages ("Notizie
    # correlate … 25 febbraio 2026" in the <aside> beside an <h1> of <body>)
    def chrome(node: LexborNode) -> bool:
        return node.mem_id not in held and _chrome_block(node)

    lines = block_lines(block, chrome)[:12] if block is not None else []
    # A table row renders as one line of its cells ("작성자 : 대변인실 등록일 : 2026-03-05 09:00
    # 조회수 : 1523"); each cell is a field of its own, read as a line when the row is not one.
    cells = [text for text in (node_text(cell) for cell in block.css("td, th")[:12]
                               if not _elsewhere(cell, held)) if text] if block is not None else []
    found = [cand for line in nearest_first(lines, node_text(h1) or "")
             for cand in dated_parts("visible", line, loc)]
    found = found or [cand for line in cells for cand in dated_parts("visible", line, loc)]
    # A meta row of inline items renders as one line of its items run together ("Datum:
    # 03.03.2026" "10:00 Uhr" "Lesedauer: 2 Min", "發布日期：115-03-03" "單位：政治作戰局"):
    # each item is a field of its own, read as a line when the row is not one.
    return found or [cand for part in (inline_parts(block) if block is not None else [])
                     for cand in dated_parts("visible", part, loc)]


#: Inline elements whose texts are the items of a meta row.
INLINE_ITEM_TAGS = frozenset({"span", "small", "time", "em", "strong", "b", "i", "font", "label"})
# An item that is a clock time only ("10:00 Uhr", "17:22"): the time of the day item before it.
_CLOCK_ITEM = re.compile(r"(?:[^\W\d_]{1,6}\.?\s*)?\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[^\W\d_.]{1,4}\.?)?",
                         re.IGNORECASE)
#: Elements of a block looked at for meta rows (a header block is small).
MAX_ROW_ELEMENTS = 200


def inline_parts(block: LexborNode) -> list[str]:
    """The texts of the inline items of each row of ``block`` made of two or more of them and
    separators only (``<div class="c-meta"><span>…</span><span>…</span></div>``), an item that is only a clock
    time joined to the one before it (``Datum: 03.03.2026`` + ``10:00 Uhr``)."""
    parts: list[str] = []
    for row in block.css("*")[:MAX_ROW_ELEMENTS]:
        items = [node_text(child) or "" for child in row.iter() if child.tag in INLINE_ITEM_TAGS]
        if len(items) < 2 or re.search(r"[^\W_]", row.text(deep=False) or ""):
            continue  # a paragraph with words of its own around bold or italic words is prose
        for text in filter(None, items):
            if parts and _CLOCK_ITEM.fullmatch(text) and re.search(r"\d", parts[-1]):
                parts[-1] = f"{parts[-1]} {text}"
            else:
                parts.append(text)
    return parts


def nearest_first(lines: list[str], heading: str) -> list[str]:
    """``lines`` ordered by their distance from the heading's line, a line below before the
    line as far above (a byline under the headline, not the date of the day in the site's
    header above it, is the article's); in document order when the heading is not among them."""
    key = _compact(heading)
    at = next((i for i, line in enumerate(lines) if key and _compact(line) == key), None)
    if at is None:
        return lines
    order = sorted(range(len(lines)), key=lambda i: (abs(i - at), i < at))
    return [lines[i] for i in order]


def dated_parts(source: str, line: str, loc: dc.Locale) -> list[dc.Candidate | None]:
    """One candidate per dated part of a date line (:func:`date_parts`), each for its field."""
    return [dc.read(source, part, loc, field)
            for field, part in date_parts(line, loc.tz, loc.lang, loc.region)]


def _has_stronger(candidates: list[dc.Candidate | None], than: str) -> bool:
    """True when a candidate of a source ranked before ``than`` has a datePublished value."""
    rank = dc.PRIORITY.index(than)
    return any(c and c["value"] and c["field"] == dc.PUBLISHED and c["source"] in dc.PRIORITY[:rank]
               for c in candidates)


def page_locale(tree: LexborHTMLParser, ld: dict[str, Any], og: dict[str, str], url: str,
                tz: str | None = None) -> dc.Locale:
    """How the page writes dates: its language (JSON-LD ``inLanguage``, ``<html lang>``,
    og:locale) and region (the country of the URL's top-level domain, ``.ar``, ``.de``,
    ``.uk``, vanity domains aside, else the region subtag of any of those, else the likely
    country of a bare language, :func:`crawler.dates.language_region`, and when no language is
    declared at all, of the language the page's text is written in,
    :func:`crawler.extractors._html.text_language`); zone-less dates are read
    in ``tz``, else in the region's zone (:func:`crawler.dates.region_zone`: the capital's
    for a country of several offsets), else UTC; clock
    times given in UTC are written in ``tz`` (when it is not UTC) or the region's zone."""
    tags = [_ld_text(ld.get("inLanguage")), (tree.css_first("html").attributes.get("lang")
            if tree.css_first("html") is not None else None), og.get("og:locale")]
    tags = [tag.strip() for tag in tags if tag and tag.strip()]
    lang = next((tag.replace("_", "-") for tag in tags), None)
    region = locale_region(tags, url)
    if region is None and not tags and tree.body is not None:
        # Declared nowhere: the language the text is written in says as much as a bare
        # lang="ko" would (a held-out site on 127.0.0.1 has no country domain either).
        region = language_region(text_language(tree.body.text(separator=" ")[:20000]))
    zone = region_zone(region)
    local = tz if tz and tz != UTC else zone
    return dc.Locale(tz or zone or UTC, lang, region, local, zone_known=bool(tz or zone))


def page_zone(html: str, url: str) -> str | None:
    """The zone the page's own zone-less dates are read in when no operator gave one
    (:func:`page_locale`: its country domain, language region or text's language), or None
    when the page gives none: the zone a feed's or sitemap's zone-less date for this page is
    read in too (an ``en-AU`` page's ``<lastmod>2026-03-19</lastmod>`` is the Sydney day)."""
    tree = parse(html)
    loc = page_locale(tree, json_ld_article(json_ld_objects(tree)) or {}, opengraph(tree), url)
    return loc.tz if loc.zone_known else None


# Separators written between the items of a breadcrumb trail.
_CRUMB_SEP = re.compile(r"\s*(?:[>＞›»→/|｜]|&gt;|::)\s*")
#: A breadcrumb trail with more text than this is something else that matched the selector.
MAX_BREADCRUMB_CHARS = 300


def dom_breadcrumbs(tree: LexborHTMLParser) -> list[str]:
    """The trail of the first breadcrumb element (``class="breadcrumb"``, ``#topicpath``, パンくず):
    its list items, else its links and the text after the last one, split at ``>``, ``›``,
    ``»``, ``/``, ``|``. Home and the page itself are left for :func:`category_labels`."""
    for selector in BREADCRUMB_CSS:
        for node in tree.css(selector):
            text = node_text(node) or ""
            if not text or len(text) > MAX_BREADCRUMB_CHARS or node.css_first("h1") is not None:
                continue
            items = [node_text(li) for li in node.css("li")]
            parts = items if any(items) else [text]
            trail = [part for item in parts if item for part in _CRUMB_SEP.split(item)]
            trail = [collapse(part) for part in trail if collapse(part)]
            if trail:
                return trail
    return []


def _breadcrumbs(objects: list[dict[str, Any]], ld: dict[str, Any], og: dict[str, str],
                 headline: str | None, tree: LexborHTMLParser) -> list[str]:
    """Category labels from BreadcrumbList, else articleSection, else article:section, else a
    breadcrumb element of the page (``<div class="breadcrumb">``, ``#topicpath``)."""
    trail = category_labels(json_ld_breadcrumbs(objects), headline)
    if trail:
        return trail
    section = ld.get("articleSection")
    sections = section if isinstance(section, list) else [section]
    labels = [text for text in (_ld_text(s) for s in sections) if text]
    return (labels or ([og["article:section"]] if "article:section" in og else [])
            or category_labels(dom_breadcrumbs(tree), headline))


def _ld_body(value: Any) -> str:
    """JSON-LD ``articleBody`` with its own line breaks kept (used only when the DOM has no body)."""
    if not isinstance(value, str):
        return ""
    lines = (collapse(line) for line in value.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _method(ld: dict[str, Any], og: dict[str, str]) -> str:
    """Name the metadata source the record relied on."""
    if ld:
        return "generic:json-ld"
    return "generic:opengraph" if "og:title" in og else "generic:heuristic"


#: Default nesting depth searched for the main content (and above which trafilatura is skipped).
MAX_DEPTH = 400


def _headline(ld: dict[str, Any], og: dict[str, str], tree: LexborHTMLParser,
              objects: list[dict[str, Any]], url: str | None = None) -> str | None:
    """The article's headline: entities decoded, site name removed.

    The rule (``benchmarks/bench_extract.py`` measures it): the visible heading the reader
    sees, the article's ``<h1>`` (:func:`article_h1`), wins over the metadata titles, which
    sites shorten, rewrite for search engines or suffix with a tagline; else JSON-LD
    ``headline``/``name``, else og:title, else twitter:title, else ``<title>``, a metadata
    title that is the site's name skipped (:func:`metadata_title`). A metadata title cut
    short by broken markup (``content="… de "quoted""``) or to a length (``…``) gives way to
    the ``<title>`` it begins; one that is the ``<title>`` less a part after a separator
    agrees with it, and that part is the site's. Headings are read as a sighted reader sees
    them (:func:`heading_text`), an ``<h1>``'s ``<small>`` topline dropped when the titles
    support the rest and not it (:func:`_h1_texts`).
    An ``<h1>`` that is the metadata title with something before it (a kicker, a date:
    ``Energiewende Oberland: Klimavorreiter Oberland?``) gives way to the metadata title.
    """
    page_title = unescape(first_text(tree, ("title",)))
    names = site_names(tree, og, objects)
    meta_title = metadata_title(ld, og, tree, names, url)
    title = meta_title or page_title
    cleaned = strip_site_name(title, names, None, url)
    # A title that only names a section of the site (the template's "Actualités | Ministère")
    # says nothing of the article: the headings are not judged against it.
    sections = section_names(tree, url)
    titles = [t for t in (page_title, meta_title)
              if t and _compact(strip_site_name(t, names, None, url) or "") not in sections]
    h1 = strip_site_name(article_h1(tree, titles, names, url), names, None, url)
    titled = _title_part_heading(tree, titles, names, url, h1, cleaned)
    if titled:
        return titled
    if h1 and not _kicker_before(h1, cleaned) and not (meta_title and _section_h1(h1, cleaned, page_title)):
        return _TRAILING_SEP.sub("", h1)
    if h1 is None:
        cleaned = _h2_headline(tree, cleaned, names, url) or cleaned
    if meta_title and page_title and cleaned:
        whole = strip_site_name(page_title, names, None, url) or ""
        stem = _ELLIPSIS.sub("", cleaned)
        if (stem != cleaned and len(stem) >= MIN_TITLE_PART_CHARS and len(whole) > len(stem)
                and whole.startswith(stem)):
            cut = _TITLE_SEP.search(whole, len(stem))  # up to the page title's own next part
            cleaned = whole[:cut.start()] if cut else whole  # "… the coming yea…": cut to a length
        elif len(whole) > len(cleaned) and whole.startswith(cleaned) \
                and not _TITLE_SEP.match(whole, len(cleaned)):
            # the metadata title is a cut-off copy of the page's; but when the rest of the
            # page's title is a part after a separator ("Title | Daily Planet"), the two
            # sources agree on the headline and that part is the site's
            cleaned = whole
    return _TRAILING_SEP.sub("", cleaned) if cleaned else cleaned


# Where the site names its sections: its menus and the breadcrumb trail.
_SECTION_CSS = ("nav", "[role=navigation]", "[class*=breadcrumb]", "[id*=breadcrumb]", "#topicpath", ".topicpath")


def section_names(tree: LexborHTMLParser, url: str | None) -> set[str]:
    """The compacted texts (:func:`_compact`) of the links in the site's menus and breadcrumb
    trail (:data:`_SECTION_CSS`) that lead to another page: its sections' names (``Actualités``).
    A link to the page itself (a breadcrumb's last item, resolved against ``<base href>``, or
    marked ``aria-current``) may be the headline, and is left out."""
    here = _page_path(url)
    base_node = tree.css_first("base[href]")
    base = urljoin(url or "", (base_node.attributes.get("href") or "").strip()) if base_node else url or ""
    found: set[str] = set()
    for selector in _SECTION_CSS:
        for block in tree.css(selector)[:10]:
            for link in block.css("a[href]")[:100]:
                href = (link.attributes.get("href") or "").strip()
                current = (link.attributes.get("aria-current") or "false").lower() != "false"
                if current or href.startswith("#") or _page_path(urljoin(base, href)) == here:
                    continue
                key = _compact(node_text(link) or "")
                if key:
                    found.add(key)
    return found


def _page_path(url: str | None) -> str:
    """A URL's host and path without ``index.html`` and trailing slash."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return ""
    return f"{parts.hostname}{re.sub(r'/(?:index[.][a-z]+)?$', '', parts.path) or '/'}"


# An ellipsis that marks a title cut to a length (JSON-LD headlines cut for search engines).
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)$")
#: Metadata titles, most trusted first: JSON-LD headline and name, og:title, twitter:title.
TITLE_META = ("og:title", "twitter:title")


def metadata_title(ld: dict[str, Any], og: dict[str, str], tree: LexborHTMLParser,
                   names: set[str], url: str | None) -> str | None:
    """The first metadata title (JSON-LD ``headline``/``name``, og:title, twitter:title) that
    is not the site's own name: a CMS that has no title for a page fills og:title with the
    site's name (``Daily Planet``), which the ``<title>`` then holds as its site part."""
    folded, labels = {_compact(n) for n in names if _compact(n)}, host_labels(url)
    found = [_ld_text(ld.get("headline")), _ld_text(ld.get("name")), og.get("og:title"),
             meta_content(tree, "twitter:title")]
    titles = [unescape(t) for t in found if t]
    return next((t for t in titles if t and not _names_site(t, folded, labels)), None)


# A separator left dangling at the end of a title ("National Rail Enquiries -").
_TRAILING_SEP = re.compile(r"\s+[-|–—:·•»｜]+\s*$")
#: An <h1> longer than this is a paragraph marked up as a heading, not a headline.
MAX_HEADLINE_CHARS = 300
# Words of at least this many letters count when an <h1> is compared with the titles.
_WORD = re.compile(r"[^\W\d_]{4,}|[\u3040-\u30ff\u3400-\u9fff]{2,}")


def _h2_headline(tree: LexborHTMLParser, title: str | None, names: set[str],
                 url: str | None) -> str | None:
    """On a page with no article ``<h1>``: the longest ``<h2>`` that makes up most of the
    title (``Headline - Subtitle``), or the first ``<h2>`` when the title is only the site's
    name (``National Rail Enquiries``); else the ``<h2>`` opening the article
    (:func:`_article_h2`), else None."""
    texts = [t for t in (heading_text(n) for n in tree.css("h2")[:10])
             if t and len(t) <= MAX_HEADLINE_CHARS]
    if not texts:
        return None
    key = _compact(title or "")
    if not key or _names_site(title or "", {_compact(n) for n in names}, host_labels(url)):
        return texts[0]
    inside = [t for t in texts if 2 * len(_compact(t)) >= len(key) and _compact(t) in key]
    return max(inside, key=len) if inside else _article_h2(tree)


def _article_h2(tree: LexborHTMLParser) -> str | None:
    """The ``<h2>`` that opens the page's first ``<article>`` with a heading, when it is the
    first heading a sighted reader sees there and headline-sized (:func:`_headline_sized`):
    a CMS without ``<h1>`` heads its article so (TYPO3's ``<header class=contentHeader>``),
    while its ``<title>`` names the page's kind (``Wochenbericht 14. - 20. Januar 2022``)."""
    for article in tree.css("article")[:5]:
        for node in article.css("h1, h2, h3, h4"):
            if _hidden(node) or not (text := heading_text(node)):
                continue
            return text if node.tag == "h2" and _headline_sized(text) else None
    return None


#: A heading taken for being a part of the <title> has at least this many characters.
MIN_TITLE_PART_CHARS = 12


def _title_part_heading(tree: LexborHTMLParser, titles: list[str], names: set[str], url: str | None,
                        h1: str | None, cleaned: str | None) -> str | None:
    """A heading (``<h1>``/``<h2>``) that is one part of a ``<title>`` of several parts, when
    the article ``<h1>`` is not the title: of the parts that are not the site's name, the
    earliest one that a heading repeats, unless the ``<h1>`` repeats an earlier one or a
    longer one (a section name is shorter than the headline it heads).

    ``Muffin Grundrezept : Muffin Rezepte`` with ``<h1>Muffin Rezepte`` (the site's section)
    and ``<h2>Muffin Grundrezept``; ``gipfelbuch.ch - Outdoornews - Hochauflösende Schneekarten``
    with ``<h1>OutdoorNews | Eintrag``: the page's title names the article, and the
    heading that repeats it exactly is the article's. None otherwise.
    """
    if h1 and cleaned and _compact(h1) == _compact(cleaned):
        return None
    folded, labels = {_compact(n) for n in names if _compact(n)}, host_labels(url)
    parts: list[str] = []
    for title in titles:
        pieces = [collapse(piece) for piece in _TITLE_SEP.split(title)]
        if len(pieces) > 1:
            parts += [p for p in pieces if p and not _is_site_part(p, folded, labels)]
    keys = [_compact(p) for p in parts]
    if not keys:
        return None
    h1_at = keys.index(_compact(h1)) if h1 and _compact(h1) in keys else len(keys)
    headings = [heading_text(n) or "" for n in [*tree.css("h1")[:10], *tree.css("h2")[:10]]]
    for at, key in enumerate(keys[:h1_at]):
        for heading in headings:
            if (_compact(heading) == key and _headline_sized(heading)
                    and (h1_at == len(keys) or len(key) >= len(keys[h1_at]))):
                return heading  # ("Aktuelle Meldungen | Minister besucht Truppe": never the shorter)
    return None


#: A heading in Chinese or Japanese (no spaces between words) is a headline from this many
#: characters (a site name is shorter: 防衛省・自衛隊).
MIN_CJK_TITLE_PART_CHARS = 8
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _headline_sized(heading: str) -> bool:
    """Long enough to be a headline rather than a section's or site's name: two words and
    :data:`MIN_TITLE_PART_CHARS`, or in CJK script :data:`MIN_CJK_TITLE_PART_CHARS`."""
    if len(_CJK.findall(heading)) >= MIN_CJK_TITLE_PART_CHARS:
        return True
    return len(heading) >= MIN_TITLE_PART_CHARS and len(heading.split()) >= 2


def _section_h1(h1: str | None, cleaned: str | None, page_title: str | None) -> bool:
    """True when the ``<h1>`` is a section's label and the metadata title the headline: both
    are in the ``<title>`` (``Politik: Troops return home | Planet``), the metadata title does
    not hold the ``<h1>``, and the ``<h1>`` is less than half its length."""
    h1_key, meta_key, title_key = _compact(h1 or ""), _compact(cleaned or ""), _compact(page_title or "")
    return bool(h1_key and meta_key and h1_key in title_key and meta_key in title_key
                and h1_key not in meta_key and 2 * len(h1_key) < len(meta_key))


def _names_site(text: str, folded: set[str], labels: list[str]) -> bool:
    """True when the whole text is the site's name: a known name, or the URL's host spelled
    out (``National Rail Enquiries`` on nationalrail.co.uk); stricter than a title part."""
    key = _compact(text)
    ascii_key = re.sub(r"[^a-z0-9]", "", key)
    # the host's name and one more word: "National Rail" + "Enquiries", never "… 02/2022"
    return key in folded or any(ascii_key == label or (
        len(label) >= 6 and ascii_key.startswith(label) and ascii_key[len(label):].isalpha()
        and len(ascii_key) - len(label) <= 12 and len(text.split()) <= 4) for label in labels)


def _kicker_before(h1: str, title: str | None) -> bool:
    """True when ``h1`` ends with ``title`` and has more text before it."""
    key, tail = _compact(h1), _compact(title or "")
    return len(tail) >= 4 and len(key) > len(tail) and key.endswith(tail)


def _words(text: str) -> set[str]:
    """Words of 4+ letters, cut to their first 6 (a crude stem: Joghurt, Joghurts)."""
    return {word[:6] for word in _WORD.findall(text.lower())}


# Classes of text drawn for screen readers only, or hidden (the GSB CMS's "aural" ": , Thema:"
# inside a German ministry's <h1>; Bootstrap's sr-only, WordPress's screen-reader-text).
_HIDDEN_CLASS = re.compile(
    r"(?i)^(?:aural|hidden|invisible|hide|offscreen|element-invisible|show-for-sr|a11y-hidden"
    r"|(?:[\w-]*[-_])?(?:sr-only|visually-?hidden|screen-?reader(?:-text|-only)?|is-hidden|u-hidden))$")
_HIDDEN_STYLE = re.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")


def _hidden(node: LexborNode) -> bool:
    """True for an element a sighted reader does not see (see :data:`_HIDDEN_CLASS`)."""
    attrs = node.attributes
    return ("hidden" in attrs or bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))
            or any(_HIDDEN_CLASS.match(word) for word in (attrs.get("class") or "").split()))


def heading_text(node: LexborNode | None, drop_small: bool = False, drop_kicker: bool = False) -> str | None:
    """A heading's text as a sighted reader sees it: without screen-reader-only or hidden
    elements (:func:`_hidden`); ``drop_small``: without its ``<small>`` too (a topline or
    subline set inside the ``<h1>``); ``drop_kicker``: without the elements marked as its
    kicker (:func:`_kicker`). Entities decoded (:func:`unescape`)."""
    if node is None:
        return None
    if not drop_small and not drop_kicker and not any(_hidden(n) for n in node.css("*")):
        return unescape(node_text(node))
    copy = LexborHTMLParser(f"<div>{node.html or ''}</div>").css_first("div")
    if copy is None:
        return None
    for inner in copy.css("*"):
        if _hidden(inner) or (drop_small and inner.tag == "small") or (drop_kicker and _kicker(inner)):
            inner.decompose()
    return unescape(node_text(copy))


def _h1_texts(tree: LexborHTMLParser, titles: list[str]) -> list[str]:
    """The text of each ``<h1>`` (:func:`heading_text`; the part the markup names its
    headline, :func:`_marked_headline`), or its text without its ``<small>``
    when the titles support that part and not the ``<small>``: the part is a title or in one
    and the whole is not, or the part shares words with the titles and the ``<small>`` none
    (a topline ``Forschung`` set after the headline)."""
    keys = [_compact(title) for title in titles]
    title_words = set().union(*(_words(title) for title in titles)) if titles else set()
    texts = []
    for node in tree.css("h1")[:10]:
        if _in_trail(node):
            continue
        text = _marked_headline(node) or heading_text(node) or ""
        if node.css_first("small") is not None and titles and not _in_titles(text, keys):
            main = heading_text(node, drop_small=True) or ""
            small = " ".join(heading_text(n) or "" for n in node.css("small"))
            if main and (_in_titles(main, keys) or (
                    _words(main) & title_words and not _words(small) & title_words)):
                text = main
        if text:
            texts.append(text)
    return texts


# An element that holds the site's menus or breadcrumb trail (its tag, role, class or id).
_TRAIL = re.compile(r"(?i)breadcrumb|topicpath|pankuzu")


def _in_trail(node: LexborNode) -> bool:
    """True for a heading set inside a menu or the breadcrumb trail (WordPress's Breadcrumb
    NavXT puts the current page's title there in an ``<h1>``): it names the page in the
    trail, the article's own heading is elsewhere."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        attrs = parent.attributes
        if parent.tag == "nav" or attrs.get("role") == "navigation" or _TRAIL.search(
                f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            return True
        parent = parent.parent
    return False


# A class word that names an element the headline proper (``headline``, ``entry-title-primary``),
# never its sub- or super-line (``subheadline``, ``fake-h5``).
_HEADLINE_CLASS = re.compile(r"(?i)^(?:[\w-]*[-_])?(?:headline|title[-_]primary)$")


def _marked_headline(h1: LexborNode) -> str | None:
    """The text of the element inside an ``<h1>`` that the markup names its headline
    (``itemprop=headline``, or a class of :data:`_HEADLINE_CLASS`) when the ``<h1>`` shows more
    than it: a kicker or a subtitle set beside it in spans (``<span class="fake-h5">Strompreis-
    bremse</span><span class="headline">Bundesregierung drosselt …</span>``); else None."""
    whole = _compact(heading_text(h1) or "")
    parts = []
    for inner in h1.css("*"):
        marked = "headline" in (inner.attributes.get("itemprop") or "").split() or any(
            _HEADLINE_CLASS.match(word) for word in (inner.attributes.get("class") or "").split())
        text = heading_text(inner) if marked else None
        if text and _compact(text) != whole:
            parts.append(text)
    # every part marked alike (BEM: ``headline headline--topline``, ``headline headline--1``): the
    # headline is the longest, a topline or kicker is a few words
    if parts:
        return max(parts, key=len)
    return _without_kicker(h1)


# A class that marks an <h1>'s kicker, topline or overline by its name in the trade (German
# Dachzeile, French surtitre, Spanish antetítulo, Italian occhiello), or a small first line.
_KICKER_CLASS = re.compile(r"(?i)(?:^|[-_])(?:kicker|topline|overline|dachzeile|roofline|eyebrow|"
                           r"pre-?title|super-?title|surtitre|antetitulo|occhiello|h1-?small)$")


def _kicker(node: LexborNode) -> bool:
    return any(_KICKER_CLASS.search(word) for word in (node.attributes.get("class") or "").split())


def _without_kicker(h1: LexborNode) -> str | None:
    """The ``<h1>``'s text without the elements its markup marks as a kicker
    (:data:`_KICKER_CLASS`: ``<span class="h1small">Initiative EnergieEffizienz</span>
    Kostenloser Stromcheck …``), when what is left is headline-sized; else None."""
    if not any(_kicker(inner) for inner in h1.css("*")):
        return None
    rest = heading_text(h1, drop_kicker=True)
    return rest if rest and _headline_sized(rest) else None


def _in_titles(text: str, keys: list[str]) -> bool:
    """True when the text is one of the titles (compacted ``keys``) or a part of one."""
    key = _compact(text)
    return any(key == k or (len(key) >= 4 and key in k) for k in keys)


def article_h1(tree: LexborHTMLParser, titles: list[str], names: set[str],
               url: str | None = None) -> str | None:
    """The ``<h1>`` that heads the article, or None.

    Of the page's ``<h1>`` (a logo, "Menu", the article's), those that name the site
    (:func:`_names_site`) or are too long to be a headline are skipped. With no title to
    compare, the first one left wins; else the longest one the ``<title>`` contains, else the
    one sharing words (of 4+ letters) with the titles, when it is the only one that does: a
    heading that has nothing in common with the page's titles is the site's, not the
    article's, and several that share words are the sections of a listing.
    """
    folded = {_compact(n) for n in names if _compact(n)}
    labels = host_labels(url)
    keys = [_compact(title) for title in titles]
    # one heading drawn twice (a responsive template's desktop and mobile copies) is one heading
    texts = [t for t in dict.fromkeys(_h1_texts(tree, titles))
             if len(t) <= MAX_HEADLINE_CHARS and not _names_site(t, folded, labels)]
    if not texts or not titles:
        return texts[0] if texts else None
    inside = [t for t in texts if _in_titles(t, keys)]
    if inside:
        return max(inside, key=len)
    site_words = set().union(*(_words(name) for name in names), labels)
    title_words = set().union(*(_words(title) for title in titles)) - site_words
    shared = [(len(_words(t) & title_words), t) for t in texts]
    if sum(1 for count, _ in shared if count) > 1:
        return None  # several headings like the title, none in it: a listing's sections
    best = max(shared, key=lambda item: item[0])
    return best[1] if best[0] else None


def extract(html: str, url: str, *, tz: str | None = None, use_trafilatura: bool = True,
            max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """Extract an article record from any HTML page; ``tz`` is the zone for zone-less dates
    (None: the zone of the page's region when it has one, else UTC by assumption, and a
    clock time read so has ``"zone": "unknown"``; see :func:`page_locale`).

    ``use_trafilatura``: compare bodies with trafilatura's (see :func:`choose_body`);
    ``max_depth``: nesting searched for the main content (0 = unbounded).
    """
    if is_challenge_page(html or ""):
        return make_record(url, "challenge")
    tree = parse(html)
    objects = json_ld_objects(tree)
    ld = json_ld_article(objects) or {}
    og = opengraph(tree)
    headline = _headline(ld, og, tree, objects, url)
    loc = page_locale(tree, ld, og, url, tz)
    candidates = _date_candidates(json_ld_dated(objects), og, tree, loc) + _visible_dates(tree, headline, loc)
    fields: dict[str, Any] = {
        "canonicalUrl": canonical_url(tree, url) or absolute(url, og.get("og:url")),
        "headline": headline,
        "inLanguage": (language_tag(_ld_text(ld.get("inLanguage"))) or html_lang(tree)
                       or language_tag(og.get("og:locale"))),
        "breadcrumbs": _breadcrumbs(objects, ld, og, headline, tree),
        "description": unescape(_ld_text(ld.get("description")) or meta_content(tree, *DESCRIPTION_META)),
    }
    body_html = html
    ours, link_lines = body_and_link_lines(tree, headline, max_depth)  # strips the tree: after the metadata
    _, depth = text_sizes(tree.root, 0) if tree.root is not None else ({}, 0)
    method = _method(ld, og)
    doc = None
    if use_trafilatura and (not max_depth or depth <= max_depth):
        if re.search(r"<r[tp]\b", body_html, re.I):
            body_html = tree.html or ""  # readings removed by main_content's stripping
        doc = trafilatura_doc(body_html, url)
    theirs = _traf_lines(getattr(doc, "body", None)) if doc is not None else []
    if theirs and headline and _compact(theirs[0]) == _compact(headline):
        theirs = theirs[1:]
    # ...or below a context label ("Press release" above a gov.uk <h1>), as ours goes
    theirs = _after_headline(theirs, headline)
    links = {_compact(line) for line in link_lines} - {""}
    theirs = [line for line in theirs if _compact(line) not in links]  # link lists we judged
    lines, source = choose_body(ours, theirs, headline, link_lines)
    if source == "trafilatura":
        method += "+trafilatura"
    lines, date_lines = strip_furniture([line for line in lines if line.strip()], loc.tz,
                                        loc.lang, loc.region)  # no NBSP-only lines
    lines, meta_dates = drop_meta_rows(lines, [c["raw"] for c in candidates if c and c["source"] == "visible"],
                                       loc.tz, loc.lang, loc.region)
    candidates += [cand for line in date_lines + meta_dates for cand in dated_parts("body", line, loc)]
    candidates += [dc.read("body", when, loc) for when in
                   (dateline(line, loc.tz, loc.lang, loc.region) for line in lines[:DATE_LINE_WINDOW])
                   if when][:1]
    if use_trafilatura and not _has_stronger(candidates, "htmldate"):
        candidates.append(htmldate_candidate(html, url, loc))  # costly: only when it can win
    candidates.append(dc.url_candidate(url, loc.tz))  # a day: its zone does not matter
    messages = [] if not max_depth or depth <= max_depth else [
        f"page nested {depth} deep; content below depth {max_depth} not searched"]
    body = "\n".join(lines) or _ld_body(ld.get("articleBody"))
    # Undeclared: the script of the text (kana: ja), else "und" (BCP 47 undetermined).
    fields["inLanguage"] = (fields["inLanguage"] or text_language(f"{headline or ''}\n{body}")
                            or UNDETERMINED)
    record = make_record(url, method, articleBody=body, validationMessages=messages,
                         dateCandidates=[c for c in candidates if c], **fields)
    return dc.resolve(record)


def extract_for_site(html: str, url: str, *, tz: str | None = None, max_depth: int = MAX_DEPTH,
                     language: str = UNDETERMINED) -> dict[str, Any]:
    """:func:`extract` as the generic spider runs it for one site: ``language`` (the operator's
    ``-a language=``) stands in for an undetermined ``inLanguage``. Module-level, so that a
    :func:`functools.partial` of it pickles to the extraction worker."""
    record = extract(html, url, tz=tz, max_depth=max_depth)
    if record.get("inLanguage") == UNDETERMINED and language != UNDETERMINED:
        record["inLanguage"] = language
    return record
