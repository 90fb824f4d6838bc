"""Generic extraction details: titles (entities, site names), date lines and share/print/back-to-top
furniture out of bodies, PDF running headers, page numbers and page-break joins."""
from __future__ import annotations

import pytest

from crawler.extractors import generic
from crawler.extractors.generic import date_line, is_furniture, strip_site_name
from crawler.extractors.pdf import join_pages, strip_page_furniture

PROSE = ["The minister inspected the new patrol vessel and thanked the crew for their service at sea.",
         "The ministers agreed to hold the first combined naval exercise in the coming year."]


@pytest.mark.parametrize(("title", "names", "url", "want"), [
    ("Talks held - 毎日新聞", {"毎日新聞"}, "https://mainichi.jp/a", "Talks held"),
    ("Privatkredit: So ermitteln Sie Kosten | SMAVA", set(), "https://www.smava.de/a", "Privatkredit: So ermitteln Sie Kosten"),
    ("Report | DW | 23.05.2011", set(), "https://www.dw.com/a", "Report"),
    ("BMAS - Neue Regeln", set(), "https://www.bmas.de/a", "Neue Regeln"),
    ("Strava-Update: POI bei Routen-Tool", set(), "https://bike-magazin.de/a", "Strava-Update: POI bei Routen-Tool"),
    ("Dwarf planets found - Science", set(), "https://www.dw.com/a", "Dwarf planets found - Science"),
])
def test_site_name_is_removed_only_when_it_is_the_site(title: str, names: set[str], url: str, want: str) -> None:
    assert strip_site_name(title, names, None, url) == want


def test_title_entities_are_decoded_and_suffix_removed() -> None:
    html = ('<html><head><meta property="og:title" content="Minister &amp;quot;confident&amp;quot; - Examplia MoD">'
            '<meta property="og:site_name" content="Examplia MoD"></head><body><article>'
            + "".join(f"<p>{p}</p>" for p in PROSE) + "</article></body></html>")
    assert generic.extract(html, "https://mod.examplia.example/a")["headline"] == 'Minister "confident"'


@pytest.mark.parametrize("line", ["15 August 2026", "Published: 3 May 2024", "令和6年5月3日", "2024年5月3日（金）",
                                  "May 3, 2024 | 10:30 a.m.", "更新日：2024/05/03"])
def test_date_lines(line: str) -> None:
    assert date_line(line, "UTC") == line


@pytest.mark.parametrize("line", ["Talks ended on 3 May 2024 with an agreement", PROSE[0], "Page 3"])
def test_sentences_are_not_date_lines(line: str) -> None:
    assert date_line(line, "UTC") is None


@pytest.mark.parametrize("line", ["Share this page", "Share: Facebook | X | Email", "Print", "Back to top",
                                  "ページの先頭へ戻る", "印刷", "シェアする ツイート"])
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


def test_body_loses_date_line_and_furniture_and_keeps_prose() -> None:
    html = ("<html><body><main><h1>Exercise</h1><div class='body'><p>15 August 2026</p>"
            + "".join(f"<p>{p}</p>" for p in PROSE)
            + "<p>Share this page</p><p><a href='#'>Back to top</a></p></div></main></body></html>")
    record = generic.extract(html, "https://x.example/a")
    assert record["articleBody"] == "\n".join(PROSE)
    assert record["datePublished"].startswith("2026-08-15") and record["datePublishedPrecision"] == "day"
    assert any(c["source"] in ("body", "visible") for c in record["metadata"]["dateCandidates"])


def test_pdf_running_lines_page_numbers_and_joins() -> None:
    pages = [["防衛省発表資料", "日米共同訓練について", "本訓練は日米の相互運用性を", "- 1 -"],
             ["防衛省発表資料", "向上させるものである。", "（以上）", "- 2 -"],
             ["防衛省発表資料", "別紙", "3/3"]]
    lines = join_pages(strip_page_furniture(pages))
    assert lines == ["日米共同訓練について", "本訓練は日米の相互運用性を向上させるものである。", "（以上）", "別紙"]


def test_pdf_page_break_after_a_sentence_is_kept() -> None:
    lines = join_pages([["First page ends here."], ["second page starts a paragraph."]])
    assert lines == ["First page ends here.", "second page starts a paragraph."]


@pytest.mark.parametrize(("lines", "title"), [
    (["MINISTRY OF DEFENSE - PRESS RELEASE", "Joint Statement of the Defense Ministers"], "Joint Statement of the Defense Ministers"),
    (["報道資料", "令和8年8月25日", "防衛省", "日米合同委員会合意について"], "日米合同委員会合意について"),
    (["Ministry of Defence", "NEWS RELEASE", "15 August 2026", "Minister visits base"], "Minister visits base"),
    (["The ministry of defence announced today that talks will resume."], "The ministry of defence announced today that talks will resume."),
])
def test_pdf_headline_is_the_title_not_the_letterhead(lines: list[str], title: str) -> None:
    from crawler.extractors.pdf import _header_title

    assert _header_title(lines) == title


@pytest.mark.parametrize("line", [
    "Haut de page", "Retour en haut de la page", "▲ Haut de page", "Partager sur Facebook | Partager sur X",
    "Imprimer", "Nach oben", "↑ Zum Seitenanfang", "Teilen", "Twittern", "Drucken", "Volver arriba",
    "Imprimir", "Compartir en Facebook", "Torna su", "Stampa questa pagina", "Voltar ao topo",
    "Naar boven", "Do góry", "Наверх", "Поделиться", "Версия для печати", "맨 위로", "返回顶部",
])
def test_other_language_furniture_lines(line: str) -> None:
    """breaker8 #5: back-to-top/print/share lines in other languages are furniture too."""
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Le ministre a souhaité partager ce retour d'expérience avec les alliés.",
    "Die Bundeswehr wird die Übung nach oben korrigierte Zahlen melden.",
    "Haute-Savoie", "Subirá el presupuesto un 3 %", "Stampa estera", "Topo Gigio",
])
def test_sentences_with_furniture_words_are_kept(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(("lang", "prose", "furniture"), [
    ("fr", ["L’exercice Polaris a réuni douze bâtiments de la Marine nationale en Méditerranée.",
            "Pendant dix jours, les équipages ont conduit des manœuvres de lutte anti-sous-marine."],
     ["Partager sur Facebook", "Partager sur X", "Imprimer", "Haut de page"]),
    ("de", ["Die Marine hat die Übung Baltic Shield mit zwölf Schiffen im Ostseeraum abgeschlossen.",
            "Rund 1.500 Soldatinnen und Soldaten nahmen an den Manövern der vergangenen Woche teil."],
     ["Teilen", "Twittern", "Drucken", "Nach oben"]),
])
def test_page_back_to_top_is_not_the_last_body_line(lang: str, prose: list[str], furniture: list[str]) -> None:
    """The tester's fr/de template: a share bar and a ``<p class=pagetop>`` after the text."""
    share = "".join(f"<li><a href='#'>{f}</a></li>" for f in furniture[:-1])
    html = (f"<html lang='{lang}'><body><article><h1>Titre</h1>" + "".join(f"<p>{p}</p>" for p in prose)
            + f"<ul class='share'>{share}</ul><p class='pagetop'><a href='#top'>{furniture[-1]}</a></p>"
            "</article></body></html>")
    assert generic.extract(html, "https://x.example/a")["articleBody"] == "\n".join(prose)


# --- date lines of several parts, and a time joined by a word (h-meta) ----------------------

FR_PROSE = ("<p>Le ministre a annoncé un nouvel exercice conjoint avec les pays partenaires de la région.</p>"
            "<p>Les manœuvres dureront deux semaines et réuniront plusieurs milliers de militaires.</p>")


@pytest.mark.parametrize(("line", "published", "modified"), [
    ("Publié le 12 juin 2024 - Mis à jour le 13 juin 2024", "2024-06-12T00:00:00+02:00", "2024-06-13T00:00:00+02:00"),
    ("Publié le 12.06.2024 | Mis à jour le 13.06.2024", "2024-06-12T00:00:00+02:00", "2024-06-13T00:00:00+02:00"),
    ("Publié le 12 juin 2024 à 10h30 par la rédaction", "2024-06-12T10:30:00+02:00", None),
])
def test_french_date_line_leaves_the_body_and_dates_each_field(line: str, published: str, modified: str | None) -> None:
    html = (f"<html lang='fr'><head><title>Exercice conjoint</title></head><body><article>"
            f"<h1>Exercice conjoint</h1><p>{line}</p>{FR_PROSE}</article></body></html>")
    record = generic.extract(html, "https://www.defense.gouv.fr/actualites/exercice-conjoint")
    assert record["articleBody"].startswith("Le ministre a annoncé")
    assert "Publié" not in record["articleBody"]
    assert record["datePublished"] == published
    if modified:
        assert record["dateModified"] == modified


@pytest.mark.parametrize("line", ["8. Juni 2024 um 09:30 Uhr", "Veröffentlicht am 8. Juni 2024 um 09:30 Uhr",
                                  "Berlin, 8. Juni 2024 um 09:30 Uhr"])
def test_german_time_joined_by_um_is_kept(line: str) -> None:
    prose = "<p>" + "Der Minister hat heute eine neue Übung mit den Partnerländern angekündigt. " * 3 + "</p>"
    html = (f"<html lang='de'><head><title>Übung</title></head><body><article><h1>Übung</h1>"
            f"<p>{line}</p>{prose}{prose}</article></body></html>")
    record = generic.extract(html, "https://www.bmvg.de/de/aktuelles/uebung")
    assert record["datePublished"] == "2024-06-08T09:30:00+02:00"
    assert record["datePublishedPrecision"] == "time"
    assert "Juni" not in record["articleBody"]


def test_time_element_with_a_day_attribute_and_a_timed_text() -> None:
    html = ("<html lang='de'><head><title>Übung</title></head><body><article><h1>Übung</h1>"
            "<time datetime='2024-06-08'>8. Juni 2024 um 09:30 Uhr</time>"
            + "".join(f"<p>{p}</p>" for p in PROSE) + "</article></body></html>")
    record = generic.extract(html, "https://www.bmvg.de/de/aktuelles/uebung")
    assert record["datePublished"] == "2024-06-08T09:30:00+02:00"


def test_written_and_updated_line_is_two_candidates() -> None:
    parts = generic.date_parts("Written: 2023-11-07 15:03:30 / Updated: 2023-11-07 15:30:46", "Asia/Seoul")
    assert parts == [("datePublished", "Written: 2023-11-07 15:03:30"),
                     ("dateModified", "Updated: 2023-11-07 15:30:46")]
    # alone, a change date is still one (it stands in for a publication date nobody gives:
    # tests/test_dates_breaker11.py::test_a_lone_change_date_stands_in_with_a_message)
    assert generic.date_parts("Updated: 3 May 2024", "UTC") == [("dateModified", "Updated: 3 May 2024")]


# --- a <title> site suffix on a page without <h1> (h-meta) -----------------------------------

MND_TITLE = "Minister meets counterpart — Ministry of National Defense"


@pytest.mark.parametrize(("url", "chrome"), [
    ("https://www.mnd.gov.tw/news/1", ""),  # the host's initials
    ("https://www.example.org/news/1", "<footer><p>© 2024 Ministry of National Defense. All rights reserved.</p></footer>"),
    ("https://www.example.org/news/1", "<header><a class='logo' href='/'><img alt='Ministry of National Defense' src='l.png'></a></header>"),
])
def test_title_suffix_that_names_the_site_is_removed_without_h1(url: str, chrome: str) -> None:
    html = (f"<html><head><title>{MND_TITLE}</title></head><body>{chrome}<div>"
            + "".join(f"<p>{p}</p>" for p in PROSE) + "</div></body></html>")
    assert generic.extract(html, url)["headline"] == "Minister meets counterpart"


def test_title_suffix_with_no_sign_of_being_the_site_is_kept() -> None:
    html = (f"<html><head><title>{MND_TITLE}</title></head><body><div>"
            + "".join(f"<p>{p}</p>" for p in PROSE) + "</div></body></html>")
    assert generic.extract(html, "https://www.example.org/news/1")["headline"] == MND_TITLE


# --- headings that repeat a part of the <title> (h-meta) -------------------------------------


def _page(title: str, headings: str) -> str:
    return (f"<html><head><title>{title}</title></head><body>{headings}<div>"
            + "".join(f"<p>{p}</p>" for p in PROSE) + "</div></body></html>")


def test_heading_repeating_the_titles_first_part_beats_an_h1_repeating_a_later_one() -> None:
    html = _page("Patrol vessel commissioned : Navy News", "<h1>Navy News</h1><h2>Patrol vessel commissioned</h2>")
    assert generic.extract(html, "https://www.example.org/a")["headline"] == "Patrol vessel commissioned"


def test_a_shorter_section_heading_never_beats_the_headline_h1() -> None:
    html = _page("Aktuelle Meldungen | Minister besucht die Truppe in Munster",
                 "<h1>Minister besucht die Truppe in Munster</h1><h2>Aktuelle Meldungen</h2>")
    assert generic.extract(html, "https://www.example.de/a")["headline"] == "Minister besucht die Truppe in Munster"


def test_several_h1_like_the_title_but_none_in_it_give_way_to_the_title() -> None:
    html = _page("Patrol vessels - Orders and deliveries",
                 "<h1>Patrol vessels – Europe</h1><h1>Patrol vessels – World</h1>")
    assert generic.extract(html, "https://www.example.org/a")["headline"] == "Patrol vessels - Orders and deliveries"


def test_visible_date_is_read_beside_the_headline_not_the_logo_h1() -> None:
    html = ("<html lang='en'><head><title>Cold wave alert issued</title></head><body>"
            "<div class='top'><h1>KBS WORLD</h1><ul><li>Search</li><li>Korean</li><li>English</li>"
            "<li>Deutsch</li><li>Français</li></ul></div><div class='news'><div class='title'>"
            "<h1>Cold wave alert issued</h1><p class='date'>Written: 2023-11-07 15:03:30 / "
            "Updated: 2023-11-07 15:30:46</p></div><div>" + "".join(f"<p>{p}</p>" for p in PROSE)
            + "</div></div></body></html>")
    record = generic.extract(html, "https://world.kbs.co.kr/service/news_view.htm?Seq_Code=1")
    assert record["datePublished"] == "2023-11-07T15:03:30+09:00"
    assert record["dateModified"] == "2023-11-07T15:30:46+09:00"


def test_photo_captions_leave_the_body_long_figure_prose_stays() -> None:
    long = "A long passage set in a figure by the site's editor, which is prose of the article. " * 5
    html = ("<html><head><title>Exercise</title></head><body><article><h1>Exercise</h1>"
            f"<p>{PROSE[0]}</p><figure><img src='a.jpg'><figcaption>The vessel at sea. Photo: MoD</figcaption>"
            f"</figure><p>{PROSE[1]}</p><figure><img src='b.jpg'><figcaption>{long}</figcaption></figure>"
            "</article></body></html>")
    body = generic.extract(html, "https://www.example.org/a", use_trafilatura=False)["articleBody"]
    assert "Photo: MoD" not in body
    assert PROSE[0] in body and PROSE[1] in body and "long passage" in body


@pytest.mark.parametrize("line", ["Foto: dpa", "Crédits photos : Bestimage", "Photo by Jane Doe / MoD",
                                  "MIRA: Madre se acerca a conocer los motivos de captura",
                                  "Lesen Sie auch: Neue Fregatten für die Marine",
                                  "Síguenos en Telegram, Instagram, Facebook y Twitter",
                                  "Never miss the latest news by signing up to our newsletter today!",
                                  "ESCUCHA ESTA NOTA AQUÍ"])
def test_labelled_lines_are_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["Photographs of the exercise were released by the ministry on Monday.",
                                  "Mira lo que pasó en la reunión del gabinete", "Related",
                                  "Foto: " + "a caption that runs on and on as a paragraph of the article " * 4])
def test_prose_beginning_like_a_label_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)
