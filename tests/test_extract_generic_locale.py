"""crawler.extractors.generic on pages of other languages and shapes (issue 8): the headline
the reader sees, dates written the local way, and every date candidate kept with its source.
Each page is a small HTML input built here; each test checks one kind of fix."""
from __future__ import annotations

from typing import Any

import pytest

from crawler.extractors import generic

PROSE = "<p>" + "The ministry announced a new exercise with partner nations in the region. " * 6 + "</p>"


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head>{head}</head><body><header><a href='/'>Home</a></header>"
            f"<article>{body}{PROSE}{PROSE}</article><footer>Footer</footer></body></html>")


def extract(html: str, url: str = "https://news.example.org/a/1", **kwargs: Any) -> dict[str, Any]:
    return generic.extract(html, url, use_trafilatura=False, **kwargs)


def published(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in record["metadata"]["dateCandidates"] if c["field"] == "datePublished"]


# --- headlines ------------------------------------------------------------------------------


def test_article_h1_beats_a_title_with_a_tagline() -> None:
    head = ("<title>Talks held in Tokyo - Daily Mag - Art, Design and Beauty !</title>"
            "<meta property='og:title' content='Talks held in Tokyo - Daily Mag - Art, Design and Beauty !'>"
            "<meta property='og:site_name' content='Daily Mag - Art, Design and Beauty !'>")
    assert extract(page(head, "<h1>Talks held in Tokyo</h1>"))["headline"] == "Talks held in Tokyo"


def test_article_h1_beats_a_rewritten_og_title() -> None:
    head = ("<title>Defence talks: what to know | Example</title>"
            "<meta property='og:title' content='Defence talks: what to know'>")
    html = page(head, "<h1>What the defence talks in Tokyo agreed</h1>")
    assert extract(html)["headline"] == "What the defence talks in Tokyo agreed"


def test_site_logo_h1_is_not_the_headline() -> None:
    head = ("<title>Minions painted with stencils - Papaganda</title>"
            "<meta property='og:site_name' content='Papaganda'>")
    html = page(head, "<h1>Papaganda</h1><h1>Minions painted with stencils &amp; rollers</h1>")
    assert extract(html)["headline"] == "Minions painted with stencils & rollers"


def test_h1_sharing_no_word_with_the_titles_is_chrome() -> None:
    head = ("<title>Energy transition and sustainable economy - Ministry</title>"
            "<meta property='og:site_name' content='Ministry'>")
    html = page(head, "<h1>Navigation and service</h1>")
    assert extract(html)["headline"] == "Energy transition and sustainable economy"


def test_kicker_before_the_title_in_the_h1_is_dropped() -> None:
    head = "<meta property='og:title' content='How firms protect their staff'><title>x</title>"
    html = page(head, "<h1><span>Distance rules</span> : How firms protect their staff</h1>")
    assert extract(html)["headline"] == "How firms protect their staff"


def test_site_name_suffix_in_the_h1_is_removed() -> None:
    head = ("<meta property='og:title' content='New online seminars'>"
            "<meta property='og:site_name' content='Natural Hunt - The portal of the foundation'>")
    html = page(head, "<h1>New online seminars – Natural Hunt</h1>")
    assert extract(html)["headline"] == "New online seminars"


def test_og_title_cut_by_broken_quotes_gives_way_to_the_title() -> None:
    head = ('<title>Senator calls Biden &quot;unfit&quot;</title>'
            '<meta property="og:title" content="Senator calls Biden "unfit"">')
    assert extract(page(head, "<h2>Senator</h2>"))["headline"] == 'Senator calls Biden "unfit"'


def test_no_h1_the_h2_making_up_the_title_is_the_headline() -> None:
    head = "<title>Digital data as a challenge for media education - How does the GMK see it? - Ypart</title>"
    html = page(head, "<h2>How does the GMK see it?</h2><h2>Digital data as a challenge for media education</h2>")
    assert extract(html)["headline"] == "Digital data as a challenge for media education"


def test_no_h1_and_a_title_that_is_only_the_site_name() -> None:
    html = page("<title>National Rail Enquiries -</title>", "<h2>Rail replacement services travel advice</h2>")
    assert extract(html, "https://www.nationalrail.example.uk/disruptions/1")["headline"] == \
        "Rail replacement services travel advice"


def test_a_headline_spelling_the_host_and_a_date_is_no_site_name() -> None:
    head = "<title>Gitarre &amp; Bass 02/2022 | GITARRE &amp; BASS</title>"
    html = page(head, "<h1>Gitarre &amp; Bass 02/2022</h1><h2>Die neue Ausgabe ist da!</h2>", lang="de")
    assert extract(html, "https://www.gitarrebass.example.de/ausgabe")["headline"] == "Gitarre & Bass 02/2022"


# --- dates written the local way ----------------------------------------------------------


def test_spanish_time_element_text() -> None:
    record = extract(page("", "<h1>Jugada</h1><time>3 de mayo de 2022</time>", lang="es"),
                     "https://www.example.com.ar/politica/jugada")
    assert record["datePublished"] == "2022-05-03T00:00:00-03:00"  # the day in Argentina
    assert record["datePublishedPrecision"] == "day"
    assert {"source": "time", "raw": "3 de mayo de 2022"}.items() <= published(record)[0].items()


def test_german_date_line_leaves_the_body_and_is_a_candidate() -> None:
    html = page("", "<h1>Neue Seminare</h1><p>Veröffentlicht am 24. Januar 2022</p>", lang="de-DE")
    record = extract(html, "https://www.example.de/seminare")
    assert "Januar" not in record["articleBody"]
    assert record["datePublished"] == "2022-01-24T00:00:00+01:00"
    assert record["datePublishedRaw"] == "Veröffentlicht am 24. Januar 2022"
    assert record["datePublishedPrecision"] == "day"


@pytest.mark.parametrize(("lang", "line", "day"), [
    ("fr", "Paris, le 1er avril 2024", "2024-04-01"),
    ("es", "Madrid, 7 de mayo de 2024", "2024-05-07"),
    ("it", "Roma, il 3 maggio 2024", "2024-05-03"),
    ("de", "Berlin, den 15. März 2024", "2024-03-15"),
])
def test_a_dateline_with_a_place_leaves_the_body_and_is_a_candidate(lang: str, line: str, day: str) -> None:
    """A press release's dateline (place, article, ordinal day) is a date line, not body text."""
    record = extract(page("", f"<h1>Communiqué</h1><p>{line}</p>", lang=lang))
    assert line not in record["articleBody"]
    assert record["datePublished"][:10] == day
    assert record["datePublishedRaw"] == line


def test_ambiguous_numeric_date_read_by_locale_and_recorded() -> None:
    head = "<meta name='pubdate' content='10/05/2022 05:22 pm'>"
    record = extract(page(head, "<h1>Senador</h1>", lang="es"), "https://www.example.com/senador")
    assert record["datePublished"] == "2022-05-10T17:22:00+00:00"  # bare es: no country, no zone
    cand = published(record)[0]
    assert cand["raw"] == "10/05/2022 05:22 pm" and "2022-10-05" in cand["note"]
    assert any("day-first" in m for m in record["metadata"]["validationMessages"])


def test_same_numeric_date_on_an_american_page_is_month_first() -> None:
    head = "<meta name='pubdate' content='10/05/2022'>"
    record = extract(page(head, "<h1>Talks</h1>", lang="en-US"), "https://www.example.com/talks")
    assert record["datePublished"] == "2022-10-05T00:00:00-04:00"  # US: Washington's zone
    assert record["datePublishedPrecision"] == "day"


def test_utc_clock_time_written_in_the_sites_zone() -> None:
    head = "<meta property='article:published_time' content='2022-05-04T00:25:56Z'>"
    record = extract(page(head, "<h1>Autos</h1>", lang="es-ES"), "https://eldeber.example.bo/autos")
    assert record["datePublished"] == "2022-05-03T20:25:56-04:00"  # .bo: La Paz, same instant
    assert published(record)[0]["raw"] == "2022-05-04T00:25:56Z"


def test_a_zone_given_by_the_caller_reads_zoneless_dates() -> None:
    head = "<meta name='pubdate' content='2022-05-04 09:30'>"
    record = extract(page(head, "<h1>Talks</h1>", lang="de"), "https://www.example.de/t",
                     tz="Asia/Tokyo")
    assert record["datePublished"] == "2022-05-04T09:30:00+09:00"


def test_localized_date_after_the_download_is_never_accepted() -> None:
    from crawler.extractors import date_candidates as dc

    html = page("", "<h1>Seminare</h1><p>15. August 2099</p>", lang="de")
    record = dc.resolve(extract(html, "https://www.example.de/s"), downloaded="2026-08-20T00:00:00+00:00")
    assert record["datePublished"] is None
    assert any("after the download" in m for m in record["metadata"]["validationMessages"])


# --- the zone of the page's region (breaker11 F4) --------------------------------------------


@pytest.mark.parametrize(("lang", "offset"), [
    ("es-ES", "+01:00"), ("pt-PT", "+00:00"), ("pt-BR", "-03:00"), ("pt-br", "-03:00"),
    ("pl", "+01:00"), ("ko", "+09:00"), ("de", "+01:00"), ("en-US", "-05:00"),
])
def test_a_zoneless_time_is_read_in_the_zone_of_the_language_region(lang: str, offset: str) -> None:
    """A country of several offsets gets its capital's zone; a bare language its likely country."""
    html = page("", "<h1>Visita</h1><p class='date'>2026-03-05 09:00</p>", lang=lang)
    record = extract(html, "http://127.0.0.1:8711/visita")
    assert record["datePublished"] == f"2026-03-05T09:00:00{offset}"
    assert not any("zone unknown" in m for m in record["metadata"]["validationMessages"])
    assert not any(c.get("zone") == "unknown" for c in published(record))


@pytest.mark.parametrize("lang", ["en", "es", "pt", "fr", "ar"])
def test_a_bare_language_of_several_continents_has_no_zone(lang: str) -> None:
    """English or Spanish is written on several continents: a bare tag gives no country, no zone."""
    html = page("", "<h1>Visit</h1><p class='date'>2026-03-05 09:00</p>", lang=lang)
    record = extract(html, "http://127.0.0.1:8715/visit")
    assert record["datePublished"] == "2026-03-05T09:00:00+00:00"
    assert any("zone unknown" in m for m in record["metadata"]["validationMessages"])


@pytest.mark.parametrize(("lang", "name"), [("es-ES", "locale es-ES)"), ("pt-br", "locale pt-br)"),
                                           ("pl", "locale pl (PL))")])
def test_the_ambiguous_date_message_names_the_locale_once(lang: str, name: str) -> None:
    head = "<meta name='pubdate' content='10/05/2026'>"
    record = extract(page(head, "<h1>Senador</h1>", lang=lang), "http://127.0.0.1:8711/senador")
    note = published(record)[0]["note"]
    assert name in note and "-ES-ES" not in note and "-br-BR" not in note


KO_PROSE = ("<p>국방부는 오늘 한미 연합연습 계획을 발표했다. 이번 연습은 북부 지역에서 실시되며, "
            "양국 장병들이 참가해 연합 방위태세를 점검할 예정이다.</p>") * 3
PL_PROSE = ("<p>Ministerstwo Obrony Narodowej poinformowało, że ćwiczenia wojsk lądowych zakończyły się "
            "zgodnie z planem, a żołnierze wrócili do swoich jednostek w całym kraju.</p>") * 3


@pytest.mark.parametrize(("prose", "offset"), [(KO_PROSE, "+09:00"), (PL_PROSE, "+01:00"),
                                               (PROSE, "+00:00")])
def test_an_undeclared_language_gives_the_zone_of_its_likely_country(prose: str, offset: str) -> None:
    """breaker11: a Korean board page declaring no language, served from 127.0.0.1 (no country
    domain), had every time stored 9 h off; the text's own language stands in for a bare
    ``lang``. English, of several continents, still gives no zone."""
    html = (f"<html><head><title>발표</title></head><body><article><h1>발표</h1>"
            f"<p class='date'>2026-03-05 09:00</p>{prose}</article></body></html>")
    record = extract(html, "http://127.0.0.1:8713/mnd/view/1001.html")
    assert record["datePublished"] == f"2026-03-05T09:00:00{offset}"
    unknown = any("zone unknown" in m for m in record["metadata"]["validationMessages"])
    assert unknown == (offset == "+00:00")
