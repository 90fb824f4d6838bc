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
