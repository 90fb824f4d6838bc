"""crawler.extractors.pdf on the mirror's PDF-only release, whose text is drawn twice."""
from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from saved_pages import page_path

from crawler.extractors import PdfExtractionError, extract_pdf

FIXTURE = page_path("mod/news_2026_0825a.pdf")
TOOL = Path(__file__).resolve().parent.parent / "tools" / "make_mirror_pdf.py"
URL = "https://www.mod.go.jp/j/press/news/2026/08/25a.pdf"


@cache
def load_tool() -> ModuleType:
    """tools/ is not a package: load the generator by path to reuse its run list."""
    spec = importlib.util.spec_from_file_location("make_mirror_pdf", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return extract_pdf(FIXTURE.read_bytes(), URL, headline="日米合同委員会合意について",
                       date_raw="Tue, 25 Aug 2026 18:03:42 +0900")


def test_url(record: dict[str, Any]) -> None:
    assert record["url"] == URL


def test_headline_from_caller(record: dict[str, Any]) -> None:
    assert record["headline"] == "日米合同委員会合意について"


def test_date_raw_from_caller(record: dict[str, Any]) -> None:
    assert record["datePublishedRaw"] == "Tue, 25 Aug 2026 18:03:42 +0900"


def test_date_parsed_from_feed_date(record: dict[str, Any]) -> None:
    assert record["datePublished"] == "2026-08-25T18:03:42+09:00"


def test_language(record: dict[str, Any]) -> None:
    assert record["inLanguage"] == "ja"


def test_method(record: dict[str, Any]) -> None:
    assert record["metadata"]["extractionMethod"] == "pdf"


def test_header_lines_leave_the_body(record: dict[str, Any]) -> None:
    """breaker8 #7: the date line, issuer and title head the PDF, not the body (as in HTML)."""
    first = record["articleBody"].split("\n")[0]
    assert first.startswith("本日、日米合同委員会")
    assert not {"令和8年8月25日", "防衛省", "日米合同委員会合意について"} & set(record["articleBody"].split("\n"))


@pytest.mark.parametrize(("lines", "headline", "body"), [
    (["PRESS RELEASE", "Second Pdf Release", "4 March 2024", "Four aircraft were delivered."], None,
     ["Four aircraft were delivered."]),
    (["PRESS RELEASE 041", "Air Defence Upgrade Announced", "2 April 2024", "Six batteries were ordered."],
     "Air Defence Upgrade Announced", ["Six batteries were ordered."]),
    (["報道資料", "令和8年8月25日", "防衛省", "日米合同委員会合意について", "本日、合意された。"], None, ["本日、合意された。"]),
    (["Ministry of Defence", "NEWS RELEASE", "15 August 2026", "Minister visits base", "The minister visited."],
     None, ["The minister visited."]),
    (["Minister visits base", "The minister visited the base."], "Minister Visits  Base", ["The minister visited the base."]),
    # No letterhead, no date line, no headline given: the first line may be text, kept.
    (["Omschrijving", "Levering van diensten volgens offerte."], None, ["Omschrijving", "Levering van diensten volgens offerte."]),
    (["The ministry announced the talks today.", "They will resume in May."], "Talks", [
        "The ministry announced the talks today.", "They will resume in May."]),
])
def test_strip_header(lines: list[str], headline: str | None, body: list[str]) -> None:
    from crawler.extractors.pdf import strip_header

    assert strip_header(lines, headline) == body


def test_overprinted_run_is_doubled(record: dict[str, Any]) -> None:
    assert "３　その他３　その他" in record["articleBody"].split("\n")


def test_every_overprinted_run_is_doubled(record: dict[str, Any]) -> None:
    runs = load_tool().doubled_runs()
    assert [run for run in runs if run * 2 not in record["articleBody"]] == []


def test_closing_marker_is_single(record: dict[str, Any]) -> None:
    assert record["articleBody"].split("\n")[-1] == "（以上）"


def test_explicit_date_wins() -> None:
    record = extract_pdf(FIXTURE.read_bytes(), URL, date_published="2026-08-25T18:03:42+09:00")
    assert record["datePublished"] == "2026-08-25T18:03:42+09:00"


def test_defaults_come_from_the_pdf_header() -> None:
    record = extract_pdf(FIXTURE.read_bytes(), URL)
    assert (record["headline"], record["datePublishedRaw"], record["datePublished"]) == (
        "日米合同委員会合意について", "令和8年8月25日", "2026-08-25T00:00:00+09:00")


@pytest.mark.parametrize("data", [b"", b"<html>not a pdf</html>", FIXTURE.read_bytes()[:2000]])
def test_corrupt_pdf_raises_clear_error(data: bytes) -> None:
    with pytest.raises(PdfExtractionError, match="cannot open PDF"):
        extract_pdf(data, URL)


def test_error_is_a_value_error() -> None:
    assert issubclass(PdfExtractionError, ValueError)


def test_mirror_pdf_is_what_the_tool_builds() -> None:
    mirror = TOOL.parent.parent / "mirror" / "mod" / "j" / "press" / "news" / "2026" / "08" / "25a.pdf"
    assert load_tool().build() == mirror.read_bytes() == FIXTURE.read_bytes()


_THREADS_SCRIPT = """
import sys, threading
from pathlib import Path
from crawler.extractors import pdf
data = [p.read_bytes() for p in sorted(Path('mirror').rglob('*.pdf'))]
assert data, 'no PDF in the mirror'
want = [pdf.pdf_pages(d) for d in data]
bad = []
def work():
    for _ in range(40):
        for d, w in zip(data, want):
            if pdf.pdf_pages(d) != w:
                bad.append(d)
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(len(bad))
"""


def test_pdf_text_from_several_threads_at_once_is_the_same_and_does_not_crash() -> None:
    """PDFium is not thread-safe (two threads in it corrupt the heap; without the module's lock
    this script dies with SIGSEGV in about one run of three): run in a child so a crash fails
    the test instead of killing pytest."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", _THREADS_SCRIPT], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "0"


FRENCH = ("Le ministre des Armees a rencontre aujourd'hui son homologue pour discuter de la "
          "cooperation en matiere de defense. Les deux ministres ont salue les progres realises "
          "dans le cadre du partenariat strategique et sont convenus de renforcer les echanges "
          "entre leurs forces armees au cours de l'annee prochaine.")


def text_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A one-page Helvetica PDF with one ASCII line of text per ``lines`` item (and a
    document ``/Title``)."""
    from test_extract_hostile import flate_pdf

    ops = b"".join(f"BT /F1 11 Tf 50 {740 - 16 * n} Td ({line}) Tj ET\n".encode("ascii")
                   for n, line in enumerate(lines))
    return flate_pdf(ops, title)


TITLE = "ROK and Australia Hold Defence Ministers Meeting in Seoul"
BODY = ["The two ministers agreed to expand cooperation on defence industry and joint training.",
        "Both sides welcomed progress on the delivery of self-propelled howitzers."]
# Letterheads no pattern knows: an issuer, its country, a kind of document, in any case.
LETTERHEADS = [["MINISTRY OF NATIONAL DEFENSE", "Republic of Korea", "PRESS RELEASE"],
               ["Ministerio de Defensa Nacional", "Republica de Colombia", "Comunicado"],
               ["DEPARTMENT OF NATIONAL DEFENCE", "Office of the Spokesperson"],
               ["Norland Defence Forces", "Public Affairs Office", "NEWS"]]


@pytest.mark.parametrize("letterhead", LETTERHEADS)
@pytest.mark.parametrize("date", ["10 June 2026", "2026-06-10", None])
@pytest.mark.parametrize("with_title", [True, False])
def test_pdf_release_headline_is_its_title_not_its_letterhead(letterhead: list[str], date: str | None,
                                                             with_title: bool) -> None:
    """breaker11 F8: the headline of a PDF-only release is its title (the document's /Title
    when the text confirms it, else the line after the header's date), and the body starts
    after it."""
    lines = [*letterhead, *([date] if date else []), TITLE, *BODY]
    record = extract_pdf(text_pdf(lines, TITLE if with_title else None), "https://x.example/p.pdf", language="und")
    if with_title or date:
        assert record["headline"] == TITLE
        assert record["articleBody"].split("\n") == BODY
    else:  # nothing tells the letterhead from the title: nothing is cut
        assert record["articleBody"].split("\n")[-2:] == BODY


@pytest.mark.parametrize("title", ["Microsoft Word - 0610 press.docx", "Press release template", "untitled"])
def test_a_pdf_title_the_text_does_not_confirm_is_not_the_headline(title: str) -> None:
    lines = ["MINISTRY OF NATIONAL DEFENSE", "PRESS RELEASE", "10 June 2026", TITLE, *BODY]
    record = extract_pdf(text_pdf(lines, title), "https://x.example/p.pdf", language="und")
    assert record["headline"] == TITLE
    assert record["articleBody"].split("\n") == BODY


def test_undetermined_language_is_read_from_the_pdf_text() -> None:
    """The generic spider knows no site language ("und"): a French release is ``fr``; a site
    language given by the operator or a site profile wins; a text too short to tell stays ``und``."""
    words = FRENCH.split(" ")
    data = text_pdf([" ".join(words[i:i + 9]) for i in range(0, len(words), 9)])
    assert extract_pdf(data, "https://x.example/a.pdf", language="und")["inLanguage"] == "fr"
    assert extract_pdf(data, "https://x.example/a.pdf", language="ja")["inLanguage"] == "ja"
    short = text_pdf(["Communique de presse", "Le ministre a rencontre son homologue."])
    assert extract_pdf(short, "https://x.example/b.pdf", language="und")["inLanguage"] == "und"


def test_a_zone_less_time_in_a_zone_nobody_gave_says_so() -> None:
    """The generic spider without a site zone: a feed time with no zone is read in UTC by
    assumption, marked ``zone: unknown`` with a message, its instant unchanged; with a zone
    given (a site profile, ``-a timezone=``) nothing is marked. (The fixture's CreationDate
    states +09'00', the document's zone: :func:`test_the_documents_own_zone_reads_a_feed_time`;
    its offset is taken out here, so that nobody gives one.)"""
    unzoned = FIXTURE.read_bytes().replace(b"+09'00'", b"+00'00'")
    assumed = extract_pdf(unzoned, URL, date_raw="2026-08-25 18:03", tz="UTC", zone_known=False)
    feed = [c for c in assumed["metadata"]["dateCandidates"] if c["source"] == "feed"]
    assert [c.get("zone") for c in feed] == ["unknown"]
    assert assumed["datePublished"] == "2026-08-25T18:03:00+00:00"
    assert any("zone unknown" in m for m in assumed["metadata"]["validationMessages"])
    given = extract_pdf(FIXTURE.read_bytes(), URL, date_raw="2026-08-25 18:03", tz="Asia/Tokyo")
    assert "zone" not in [c for c in given["metadata"]["dateCandidates"] if c["source"] == "feed"][0]
    assert given["datePublished"] == "2026-08-25T18:03:00+09:00"


def test_the_documents_own_zone_reads_a_feed_time() -> None:
    """No site zone given, the PDF's CreationDate states +09'00': its zone-less dates, the
    text's and the feed's, are read in it (breaker13 au: the day stored at +00:00)."""
    record = extract_pdf(FIXTURE.read_bytes(), URL, date_raw="2026-08-25 18:03", tz="UTC", zone_known=False)
    assert record["datePublished"] == "2026-08-25T18:03:00+09:00"
    assert not any("zone unknown" in m for m in record["metadata"]["validationMessages"])
