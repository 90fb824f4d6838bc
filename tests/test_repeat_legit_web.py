"""Legitimate repetition in real web pages' bodies (``shared/extract-corpus``): text a writer
wrote twice, lists, tables and calendars that the repeat repair once read as copies; and a
black-box tester's refrains (a song's refrain after each verse).

Each case is cut from a body our extractor gives for a corpus page; the whole of each line is
the page's.  The repair must leave every one unchanged (issue 7: a repeat a writer could have
written stays unless the text around it carries evidence of the mechanism; no number changes).
"""
from __future__ import annotations

import pytest

from cleaning import collapse_repeats

CASES = {
    # words of the line before said again, with new words between: no copy writes those
    "match report": "Tarjetas:\nSaprissa: Aubrey David 30' amarilla, David Guzmán 30' doble amarilla, "
                    "Ricardo Blanco 63' amarilla, Mariano Torres 70' amarilla.",
    "heading restated": "Wenn extreme Maßnahmen ergriffen werden\nWenn Sie anfangen, extreme Maßnahmen zu "
                        "ergreifen, um Wasser, Spinnen, Menschen usw. zu vermeiden, wird es ernst.",
    "product name": "Microsoft Word Error-file Laminate\nThis Microsoft Office Word “Error” file laminate "
                    "is fantastic for those quiet moments at work.",
    "question restated": "¿Qué canal transmite el Manchester United vs. Brighton?\nEl canal de transmisión "
                         "para poder gozar el Manchester United vs. Brighton será por ESPN.",
    # a list of versions: the shorter one is a version of its own, not a copy cut short
    "version list": "Guest Operating Systems\nWindows 10\nWindows 8.1\nWindows 8\nWindows Server 2019\n"
                    "Windows Server 2016",
    # a calendar: every month repeats the weekday row and the first days
    "calendar": "March 2020\nSu Mo Tu We Th Fr Sa\n1 2 3 4 5 6 7\n8 9 10 11 12 13 14\n15 16 17 18 19 20 21\n"
                "22 23 24 25 26 27 28\n29 30 31\nApril 2020\nSu Mo Tu We Th Fr Sa\n1 2 3 4\n5 6 7 8 9 10 11\n"
                "12 13 14 15 16 17 18\n19 20 21 22 23 24 25\n26 27 28 29 30\nMay 2020\nSu Mo Tu We Th Fr Sa\n"
                "1 2\n3 4 5 6 7 8 9\n10 11 12 13 14 15 16",
}


# A refrain after each verse (breaker14's songs): a block said again after lines it never copies
CASES["refrain closing the text"] = (
    "Allons enfants de la Patrie,\nLe jour de gloire est arrivé !\nAux armes, citoyens,\nFormez vos bataillons !\n"
    "Contre nous de la tyrannie,\nL'étendard sanglant est levé !\nAux armes, citoyens,\nFormez vos bataillons !")
CASES["refrain between verses"] = (
    "The ships sail out at dawn,\nThe crews stand on the deck.\nWe hold the line, we hold the sea,\n"
    "Together we are free.\nThe storm comes in at night,\nThe watch is doubled now.\n"
    "We hold the line, we hold the sea,\nTogether we are free.\nThe harbour lights appear.")


@pytest.mark.parametrize("name", sorted(CASES))
def test_legitimate_repetition_in_web_pages_stays(name: str) -> None:
    assert collapse_repeats(CASES[name]) == CASES[name]


def test_a_copy_of_a_line_cut_short_between_numbers_still_goes() -> None:
    # the mechanism's truncated line copy, cut at a number's end, is still repaired
    text = "第1回会合は3月5日に東京で開かれ、12か国が参加した。\n第1回会合は3月5日に東京で開かれ、"
    assert collapse_repeats(text) == "第1回会合は3月5日に東京で開かれ、12か国が参加した。"
