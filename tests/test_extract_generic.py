"""crawler.extractors.generic: JSON-LD, OpenGraph and the main-content heuristic."""
from __future__ import annotations

from typing import Any

import pytest
from saved_pages import page_text

from crawler.extractors import generic

SITE = "https://www.defence.examplia.example"


def load(name: str) -> str:
    return page_text(f"generic/{name}")


def run(name: str, path: str) -> dict[str, Any]:
    return generic.extract(load(name), SITE + path)


# --- JSON-LD inside @graph, with a BreadcrumbList ---

GRAPH_PATH = "/news/2026/08/minister-meets-japanese-counterpart/"


@pytest.fixture(scope="module")
def graph() -> dict[str, Any]:
    return run("jsonld_graph.html", GRAPH_PATH)


def test_graph_method(graph: dict[str, Any]) -> None:
    assert graph["metadata"]["extractionMethod"] == "generic:json-ld"


def test_graph_headline(graph: dict[str, Any]) -> None:
    assert graph["headline"] == "Defence Minister meets Japanese counterpart in Tokyo"


def test_graph_date_raw(graph: dict[str, Any]) -> None:
    assert graph["datePublishedRaw"] == "2026-08-25T10:00:00+01:00"


def test_graph_date(graph: dict[str, Any]) -> None:
    assert graph["datePublished"] == "2026-08-25T10:00:00+01:00"


def test_graph_language(graph: dict[str, Any]) -> None:
    assert graph["inLanguage"] == "en"


def test_graph_breadcrumbs_without_home_and_page(graph: dict[str, Any]) -> None:
    assert graph["breadcrumbs"] == ["News", "International"]


def test_graph_canonical(graph: dict[str, Any]) -> None:
    assert graph["canonicalUrl"] == SITE + GRAPH_PATH


def test_graph_description(graph: dict[str, Any]) -> None:
    assert graph["description"].startswith("The Defence Minister held talks")


def test_graph_body_first_line_is_lede(graph: dict[str, Any]) -> None:
    assert graph["articleBody"].split("\n")[0].startswith("The Defence Minister held talks")


def test_graph_body_excludes_chrome(graph: dict[str, Any]) -> None:
    body = graph["articleBody"]
    assert "Skip to main content" not in body and "Crown copyright" not in body and "Related news" not in body


def test_graph_body_excludes_headline(graph: dict[str, Any]) -> None:
    assert graph["headline"] not in graph["articleBody"]


def test_graph_has_no_date_modified(graph: dict[str, Any]) -> None:
    assert graph["dateModified"] is None and graph["dateModifiedPrecision"] is None


# --- a single NewsArticle object with dateModified; an Article inside a JSON list ---

def test_newsarticle_date_modified() -> None:
    record = run("jsonld_newsarticle.html", "/news/2026/08/offshore-patrol-vessel-commissioned/")
    assert record["dateModified"] == "2026-08-19T08:15:00+01:00"


def test_newsarticle_section_as_breadcrumb() -> None:
    record = run("jsonld_newsarticle.html", "/news/2026/08/offshore-patrol-vessel-commissioned/")
    assert record["breadcrumbs"] == ["Navy"]


def test_jsonld_list_of_objects() -> None:
    record = run("jsonld_list.html", "/news/2026/08/defence-budget-2027-published/")
    assert (record["metadata"]["extractionMethod"], record["headline"]) == (
        "generic:json-ld", "Defence budget for 2027 published")


# --- OpenGraph only ---

@pytest.fixture(scope="module")
def og() -> dict[str, Any]:
    return run("opengraph_only.html", "/news/2026/07/joint-exercise-concludes/")


def test_og_method(og: dict[str, Any]) -> None:
    assert og["metadata"]["extractionMethod"] == "generic:opengraph"


def test_og_headline(og: dict[str, Any]) -> None:
    assert og["headline"] == "Joint exercise NORTHERN SHIELD concludes"


def test_og_date(og: dict[str, Any]) -> None:
    assert og["datePublished"] == "2026-07-30T16:00:00+01:00"


def test_og_section(og: dict[str, Any]) -> None:
    assert og["breadcrumbs"] == ["Army"]


def test_og_body_last_line(og: dict[str, Any]) -> None:
    assert og["articleBody"].split("\n")[-1] == (
        "Lessons from the exercise will inform the review of the national defence plan.")


def test_broken_jsonld_falls_back_to_opengraph() -> None:
    record = run("opengraph_broken_jsonld.html", "/news/2026/06/cyber-command-established/")
    assert record["metadata"]["extractionMethod"] == "generic:opengraph"


# --- neither JSON-LD nor OpenGraph, no <main>/<article>: the densest block ---

@pytest.fixture(scope="module")
def heuristic() -> dict[str, Any]:
    return run("heuristic.html", "/news/2026/07/statement-on-maritime-incident/")


def test_heuristic_method(heuristic: dict[str, Any]) -> None:
    assert heuristic["metadata"]["extractionMethod"] == "generic:heuristic"


def test_heuristic_headline_from_h1(heuristic: dict[str, Any]) -> None:
    assert heuristic["headline"] == "Statement on maritime incident in the Northern Strait"


def test_heuristic_date_from_time_element(heuristic: dict[str, Any]) -> None:
    # A zone-less day of an en-GB page is the day in London (page_locale), day precision.
    assert (heuristic["datePublishedRaw"], heuristic["datePublished"]) == ("2026-07-14", "2026-07-14T00:00:00+01:00")
    assert heuristic["datePublishedPrecision"] == "day"


def test_heuristic_body(heuristic: dict[str, Any]) -> None:
    assert heuristic["articleBody"].split("\n") == [
        "The Ministry of Defence is aware of reports of an incident involving a civilian vessel"
        " in the Northern Strait on 13 July.",
        "An Examplian Navy patrol vessel responded to a distress call and escorted the vessel to port."
        " No injuries were reported.",
        "The Ministry is working with the Coast Guard and the vessel's operator to establish the facts"
        " of the incident.",
        "Further updates will be published on this website.",
    ]


def test_heuristic_no_canonical(heuristic: dict[str, Any]) -> None:
    assert heuristic["canonicalUrl"] is None


# --- pages with no article ---

def test_empty_page_body() -> None:
    assert run("empty.html", "/gone/")["articleBody"] == ""


def test_empty_page_title_fallback() -> None:
    assert run("empty.html", "/gone/")["headline"] == "Page not available"


def test_contact_form_removed() -> None:
    assert "Send" not in run("contact.html", "/contact/")["articleBody"]


def test_challenge_page_is_never_an_article() -> None:
    html = page_text("mod/challenge_0824c.html")
    assert generic.extract(html, SITE + "/")["articleBody"] == ""


# --- main_content and the ASP.NET page-wide <form> ---

def test_page_wide_form_is_not_stripped() -> None:
    html = ("<html><body><form id='Form'><nav>menu</nav><div class='txt'>"
            + "<p>" + "Real article text. " * 30 + "</p></div></form></body></html>")
    assert generic.extract(html, SITE + "/x")["articleBody"].startswith("Real article text.")


def test_deep_nesting_does_not_recurse() -> None:
    html = "<div>" * 5000 + "<p>deep text</p>"
    assert generic.extract(html, SITE + "/x")["articleBody"] == "deep text"


def test_br_and_blocks_become_lines() -> None:
    html = "<main><p>one<br>two</p><ul><li>three</li><li>four <b>five</b></li></ul></main>"
    assert generic.extract(html, SITE + "/x")["articleBody"] == "one\ntwo\nthree\nfour five"


def test_source_newlines_are_whitespace() -> None:
    html = "<article><p>first\n    line wrapped in the source</p></article>"
    assert generic.extract(html, SITE + "/x")["articleBody"] == "first line wrapped in the source"


def test_japanese_inline_markup_not_split() -> None:
    html = "<html lang='ja-JP'><body><h1>日米<span>防衛</span>相会談</h1><main><p>本文</p></main></body></html>"
    assert generic.extract(html, SITE + "/x")["headline"] == "日米防衛相会談"


def test_relative_canonical_is_made_absolute() -> None:
    html = "<html><head><link rel='canonical' href='/news/a/'></head><body><p>x</p></body></html>"
    assert generic.extract(html, SITE + "/news/a/?utm=1")["canonicalUrl"] == SITE + "/news/a/"
