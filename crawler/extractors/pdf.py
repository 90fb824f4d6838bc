"""PDF-only releases (for example mod.go.jp ``/j/press/news/2026/08/25a.pdf``), read with pypdfium2.

The text is kept exactly as PDFium extracts it, line by line. PDFs that draw
their text twice (overprint, fake bold) therefore yield doubled runs here; the
cleaning step repairs them, so that it can log what it changed.
"""
from __future__ import annotations

import re
import threading
import zlib
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from crawler.dates import JST, parse_date_precise
from crawler.extractors import date_candidates as dc
from crawler.extractors._html import make_record, text_language

METHOD = "pdf"
# The header of a MOD PDF (date, 防衛省, title) sits in its first lines.
HEADER_LINES = 6
# Issuer lines of that header; never the title.
ISSUER_LINES = frozenset({"防衛省", "防衛省・自衛隊", "防衛装備庁", "統合幕僚監部", "Ministry of Defense"})
# The kind of document as a whole line, in the languages of the sites crawled, accents
# optional (PDF text often drops them): "COMMUNIQUE DE PRESSE", "Pressemitteilung Nr. 12".
DOCUMENT_KINDS = (
    r"communiqu[eé](?:\s+de\s+presse)?|dossier\s+de\s+presse|information\s+presse|note\s+aux\s+r[eé]dactions"
    r"|presse(?:mitteilung|information|erkl[aä]rung)|pressemeldung"
    r"|comunicado(?:\s+de\s+(?:prensa|imprensa))?|nota\s+(?:de\s+prensa|informativa|[aà]\s+imprensa)"
    r"|comunicato(?:\s+stampa)?|persbericht|komunikat(?:\s+prasowy)?|informacja\s+prasowa"
    r"|tiedote|pressemeddelelse|pressmeddelande|pressemelding"
    r"|пресс-релиз|прес-реліз|повідомлення\s+для\s+преси|basın\s+(?:bülteni|açıklaması|duyurusu)"
    r"|siaran\s+pers|بيان\s+صحفي|보도\s*자료|新聞稿|新闻稿|新聞公報")
# Letterhead lines: the issuer and the kind of document, never the title.
LETTERHEAD_RE = re.compile(
    r"(?i)^(?=.{0,80}$)(?:[^.。!?]*\b(?:press|news|media) release\b[^.。!?]*|for immediate release"
    rf"|(?:{DOCUMENT_KINDS})\s*(?:(?:n[°ºo]|nr|no)\.?\s*)?[\d/.-]*"
    r"|(?:(?:the|japan|u\.?s\.?)\s+)?(?:ministry|department|minister) of (?:defen[cs]e|war)[^.。!?]*"
    r"|minist[eè]re\s+des\s+arm[eé]es|minist[eè]re\s+de\s+la\s+d[eé]fense(?:\s+nationale)?"
    r"|(?:bundes)?ministerium\s+der\s+verteidigung|ministerio\s+de\s+defensa|ministero\s+della\s+difesa"
    r"|minist[eé]rio\s+da\s+defesa|ministerstwo\s+obrony\s+narodowej"
    r"|報道(?:発表)?資料|報道発表|プレスリリース|お知らせ|(?:防衛省|防衛装備庁|統合幕僚監部|[陸海空]上?幕僚監部)"
    r"(?:\s*[・/／]\s*\S{0,8})?(?:\s*(?:報道資料|発表|広報室|報道室))?)$")


#: Bounds (issue 12): characters of text kept per PDF, and pages read.
MAX_CHARS = 500_000
MAX_PAGES = 300
# A line that is only a page number: "3", "- 3 -", "Page 3 of 12", "3/12", "（3）", "－3－".
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:page\s*)?[-－‐(（]?\s*\d{1,4}\s*[-－‐)）]?\s*(?:(?:of|/|／)\s*\d{1,4})?\s*(?:ページ|頁)?\s*$",
    re.IGNORECASE)
# Lines at the top and bottom of each page looked at for running headers and footers.
EDGE_LINES = 2
# Sentence ends after which a page break is a paragraph break.
_SENTENCE_END = re.compile(r"[.!?。．！？」』）)：:]\s*$")


#: Bytes all FlateDecode streams may inflate to before PDFium is given the file (a 6 KB
#: "bomb" can hold a million characters of text, which PDFium lays out at GBs).
MAX_INFLATED = 64 * 1024 * 1024
_STREAM = re.compile(rb"<<(?P<dict>(?:(?!>>\s*stream).){0,2000}?)>>\s*stream\r?\n", re.S)


class PdfExtractionError(ValueError):
    """The bytes are not a readable PDF (truncated, corrupt, encrypted or not a PDF)."""


class PdfTooLargeError(PdfExtractionError):
    """The PDF's compressed streams inflate past the limit (:data:`MAX_INFLATED`)."""


def inflated_size(data: bytes, limit: int = MAX_INFLATED) -> int:
    """Bytes the FlateDecode streams inflate to, counting no further than ``limit``.

    Linear in the file, and never holds more than one chunk of inflated data.
    """
    total = 0
    for match in _STREAM.finditer(data):
        if b"FlateDecode" not in match.group("dict"):
            continue
        inflater = zlib.decompressobj()
        chunk = data[match.end():match.end() + 16 * 1024 * 1024]
        try:
            out = inflater.decompress(chunk, 1024 * 1024)
            while out:
                total += len(out)
                if total >= limit:
                    return total
                out = inflater.decompress(inflater.unconsumed_tail, 1024 * 1024)
        except zlib.error:
            continue
    return total


def _page_lines(page: pdfium.PdfPage, budget: int) -> tuple[list[str], bool]:
    """One page's text lines (at most ``budget`` characters); and whether it was cut."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, min(count, max(budget, 0)))
    finally:
        textpage.close()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.rstrip() for line in lines if line.strip()], count > budget


def pdf_pages(data: bytes, max_chars: int = MAX_CHARS, max_pages: int = MAX_PAGES,
              ) -> tuple[list[list[str]], list[str]]:
    """Text lines per page, bounded; (pages, validation messages). Raises PdfExtractionError."""
    pages, messages, _ = read_pdf(data, max_chars, max_pages)
    return pages, messages


def read_pdf(data: bytes, max_chars: int = MAX_CHARS, max_pages: int = MAX_PAGES,
             ) -> tuple[list[list[str]], list[str], str | None]:
    """:func:`pdf_pages`, and the document's ``/Title`` (None when empty)."""
    inflated = inflated_size(data, MAX_INFLATED)
    if inflated >= MAX_INFLATED:
        raise PdfTooLargeError(f"PDF streams inflate past {MAX_INFLATED} bytes ({len(data)} bytes on the wire)")
    with _PDFIUM:
        return _read_pages(data, max_chars, max_pages)


# PDFium is not thread-safe, not even across documents: two threads in it at once corrupt the
# heap (pypdfium2's docs, "Incompatibility with Threading"; seen here as ``munmap_chunk():
# invalid pointer`` when a crawl extracted in threads, DEFNEWS_EXTRACT_TIME_LIMIT=0).  Every
# PDFium call, closing included, is made under this lock.
_PDFIUM = threading.Lock()


def _read_pages(data: bytes, max_chars: int, max_pages: int,
                ) -> tuple[list[list[str]], list[str], str | None]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfExtractionError(f"cannot open PDF ({len(data)} bytes): {error}") from error
    messages: list[str] = []
    try:
        try:
            title = " ".join(str(document.get_metadata_dict().get("Title") or "").split()) or None
        except pdfium.PdfiumError:
            title = None
        pages: list[list[str]] = []
        budget = max_chars
        total = len(document)
        for index in range(min(total, max_pages)):
            page = document[index]
            try:
                lines, cut = _page_lines(page, budget)
            finally:
                page.close()
            pages.append(lines)
            budget -= sum(len(line) + 1 for line in lines)
            if cut or budget <= 0:
                messages.append(f"articleBody: PDF text truncated at {max_chars} characters (page {index + 1} of {total})")
                break
        if total > max_pages and not messages:
            messages.append(f"articleBody: PDF truncated at {max_pages} of {total} pages")
        return pages, messages, title
    except pdfium.PdfiumError as error:
        raise PdfExtractionError(f"cannot read PDF text: {error}") from error
    finally:
        document.close()


def _shape(line: str) -> str:
    """A line with its digits folded, so "Page 1 of 2" and "Page 2 of 2" compare equal."""
    return re.sub(r"\d+", "#", line.strip())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines repeated at the top or bottom of most pages (running headers, footers)."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        edges = {_shape(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        for shape in edges:
            counts[shape] = counts.get(shape, 0) + 1
    need = max(2, (len(pages) * 3 + 4) // 5)  # on at least 60% of the pages
    return {shape for shape, n in counts.items() if n >= need}


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers/footers and page-number lines from the edges of each page."""
    running = running_lines(pages)
    cleaned = []
    for lines in pages:
        lines = list(lines)
        for _ in range(EDGE_LINES):
            if lines and (_shape(lines[0]) in running or PAGE_NUMBER_RE.match(lines[0])):
                lines.pop(0)
            if lines and (_shape(lines[-1]) in running or PAGE_NUMBER_RE.match(lines[-1])):
                lines.pop()
        cleaned.append(lines)
    return cleaned


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def join_pages(pages: list[list[str]]) -> list[str]:
    """Concatenate pages, rejoining a sentence cut by a page break (no space between CJK)."""
    lines: list[str] = []
    for page in pages:
        if lines and page and not _SENTENCE_END.search(lines[-1]) and (
                page[0][:1].islower() or _cjk(page[0][:1]) and _cjk(lines[-1][-1:])):
            glue = "" if _cjk(lines[-1][-1:]) else " "
            lines[-1] = lines[-1].rstrip() + glue + page[0].lstrip()
            lines.extend(page[1:])
        else:
            lines.extend(page)
    return lines


#: A line above the title that may be letterhead: at most this long, and no sentence.
MAX_LETTERHEAD_CHARS = 80
_SENTENCE_STOP = re.compile(r"[.!?。．！？]\s*$")


def _header_date(lines: list[str]) -> str | None:
    """A date line such as ``令和8年8月25日`` among the first lines."""
    return next((line for line in lines[:HEADER_LINES]
                 if len(line) <= 40 and parse_date_precise(line, JST)), None)


def _is_header_line(text: str) -> bool:
    """A date line, the issuer, a letterhead or a page number: never the title."""
    return (not text or text in ISSUER_LINES or bool(LETTERHEAD_RE.match(text))
            or (len(text) <= 40 and parse_date_precise(text, JST) is not None)
            or bool(PAGE_NUMBER_RE.match(text)))


def _header_title(lines: list[str]) -> str | None:
    """The title among the header lines above the first sentence (a line ending like one,
    or longer than :data:`MAX_LETTERHEAD_CHARS`), of the first :data:`HEADER_LINES`: the
    first line after the last date, letterhead or page-number line that is none of those
    (``MINISTRY OF NATIONAL DEFENSE`` / ``Republic of Korea`` / ``PRESS RELEASE`` /
    ``10 June 2026`` / title: a letterhead of lines no pattern knows goes above the date),
    else the last such line before it (``PRESS RELEASE 041`` / title / date / text), else
    the first line."""
    top: list[str] = []
    for line in lines[:HEADER_LINES]:
        text = line.strip()
        if top and not _is_header_line(text) and (
                _SENTENCE_STOP.search(text) or len(text) > MAX_LETTERHEAD_CHARS):
            break  # the text begins
        top.append(text)
    header = [index for index, text in enumerate(top) if _is_header_line(text)]
    if header:
        after = [text for text in top[header[-1] + 1:] if text]
        before = [text for text in top[:header[-1]] if text and not _is_header_line(text)]
        if after or before:
            return after[0] if after else before[-1]
    return lines[0].strip() if lines else None


def _same_title(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()  # type: ignore[union-attr]


def title_line(lines: list[str], title: str | None) -> int | None:
    """Where ``title`` ends among the first :data:`HEADER_LINES` + 2 lines (the index after
    it; a title wrapped on two lines counts), when every line above it is short
    (:data:`MAX_LETTERHEAD_CHARS`) and no sentence: a letterhead, however it reads
    (``MINISTRY OF NATIONAL DEFENSE`` / ``Republic of Korea`` / ``PRESS RELEASE`` / a date).
    None otherwise."""
    if not title:
        return None
    window = [line.strip() for line in lines[:HEADER_LINES + 2]]
    for index, line in enumerate(window):
        joined = f"{line} {window[index + 1]}" if index + 1 < len(window) else None
        end = (index + 1 if _same_title(line, title) else
               index + 2 if joined and _same_title(joined, title) else None)
        if end is not None:
            above = window[:index]
            letterhead = all(len(x) <= MAX_LETTERHEAD_CHARS and not _SENTENCE_STOP.search(x) for x in above)
            return end if letterhead else None
    return None


def usable_title(title: str | None, lines: list[str]) -> str | None:
    """The document's ``/Title`` when the text confirms it: it heads the text below a
    letterhead (:func:`title_line`). A stale template title, a file name
    (``Microsoft Word - 0610.docx``) or a letterhead never does."""
    return title if title and title_line(lines, title) is not None and not _is_header_line(title) else None


def _evident_title(title: str | None, lines: list[str]) -> str | None:
    """The title read from the text when a letterhead or date line stands above it, so
    that everything above it is the release header (:func:`title_line`)."""
    end = title_line(lines, title)
    if end is None:
        return None
    above = [line.strip() for line in lines[:end - 1]]
    return title if any(_is_header_line(x) and not PAGE_NUMBER_RE.match(x) for x in above if x) else None


def strip_header(lines: list[str], headline: str | None) -> list[str]:
    """The body without the release header at its top: the letterhead, issuer and date
    lines, and the title line, as HTML bodies go without their ``<h1>`` and date line.

    The header is the leading run of header lines (:func:`_is_header_line`) and at most one
    other line, the title, among the first :data:`HEADER_LINES`. It is removed only when it
    is evidently a header: it holds a letterhead or date line, or its title line is the
    ``headline`` the caller gave (a feed's title). A PDF that starts with prose or a label
    ("Omschrijving", no letterhead, no headline given) keeps its first line.
    When the ``headline`` is a line below a letterhead (:func:`title_line`), the header is
    every line down to it and the header lines right after it.
    """
    end = title_line(lines, headline)
    if end is not None:
        while end < len(lines) and end < HEADER_LINES + 2 and _is_header_line(lines[end].strip()):
            end += 1
        return lines[end:]
    cut, title, evidence = 0, None, False
    for line in lines[:HEADER_LINES]:
        text = line.strip()
        if _is_header_line(text):
            evidence = evidence or not PAGE_NUMBER_RE.match(text)
        elif title is None:
            title = text
        else:
            break
        cut += 1
    if evidence or (title is not None and _same_title(title, headline)):
        return lines[cut:]
    return lines


def _metadata_date(data: bytes) -> str | None:
    """The PDF's CreationDate (``D:20240503100000+09'00'``) as ISO 8601, when readable."""
    match = re.search(rb"/CreationDate\s*\(D:(\d{14})([+-]\d{2})'?(\d{2})?", data[:200_000])
    if not match:
        return None
    stamp, hours, minutes = match.group(1).decode(), match.group(2).decode(), (match.group(3) or b"00").decode()
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:14]}{hours}:{minutes}"


def document_zone(data: bytes) -> str | None:
    """The zone the PDF's own CreationDate states (``+11'00'`` -> ``Etc/GMT-11``, the tz
    database's fixed-offset name, its sign inverted by POSIX convention), or None: no date, an
    offset of zero (most PDF writers put ``Z`` or ``+00'00'`` whatever the author's zone), or
    one of part hours (no such name). The document's zone for its zone-less dates when the
    operator gave none: the text's ``Monday, 9 March 2026`` is the day in Canberra, as written."""
    raw = _metadata_date(data)
    match = re.search(r"([+-])(\d{2}):(\d{2})$", raw or "")
    if not match or match[3] != "00" or int(match[2]) == 0 or int(match[2]) > 14:
        return None
    return f"Etc/GMT{'-' if match[1] == '+' else '+'}{int(match[2])}"


def extract_pdf(data: bytes, url: str, *, headline: str | None = None,
                date_raw: str | None = None, date_published: str | None = None,
                language: str = "ja", tz: str = JST, max_chars: int | None = None,
                zone_known: bool = True) -> dict[str, Any]:
    """Extract a PDF release: running headers, footers and page numbers removed, sentences
    rejoined across page breaks, the release header (letterhead, date line, title) taken off
    the body's top (:func:`strip_header`), text bounded by ``max_chars`` (default
    :data:`MAX_CHARS`).

    The caller's ``headline``/``date_raw`` (from the feed) win; otherwise the title is the
    document's ``/Title`` when its text confirms it (:func:`usable_title`), else the first
    header line that is not the letterhead, a date or the issuer. Date candidates:
    ``feed`` (``date_raw``), ``pdf-text`` (a header date line), ``pdf-metadata``.
    ``zone_known``: False when ``tz`` is an assumption (no site zone given): the zone the
    document's metadata states then reads its zone-less dates, the text's and the feed's
    (:func:`document_zone`: its publisher's zone); with none stated, a zone-less clock
    time then says ``"zone": "unknown"`` (:func:`crawler.extractors.date_candidates.candidate`).
    ``language`` ``und`` (BCP 47 undetermined) is replaced by the text's
    (:func:`~crawler.extractors._html.text_language`) when it can be told.
    """
    if not zone_known:  # no site zone given: the document's own, when its metadata states one
        own = document_zone(data)
        tz, zone_known = (own, True) if own else (tz, zone_known)
    pages, messages, meta_title = read_pdf(data, max_chars or MAX_CHARS)
    lines = join_pages(strip_page_furniture(pages))
    text_date = _header_date(lines)
    headline = headline or usable_title(meta_title, lines)
    title = headline or _header_title(lines)
    candidates = [dc.candidate(source, raw, tz, zone_known=zone_known) for source, raw in (
        ("feed", date_raw), ("pdf-text", text_date), ("pdf-metadata", _metadata_date(data)))]
    body = "\n".join(strip_header(lines, headline or _evident_title(title, lines)))
    if language == "und":  # the site gives none (the generic spider): the text's language
        language = text_language(f"{title or ''}\n{body}") or language
    record = make_record(
        url, METHOD,
        headline=title,
        inLanguage=language,
        articleBody=body,
        validationMessages=messages,
        dateCandidates=[c for c in candidates if c],
    )
    record = dc.resolve(record)
    if date_published:  # the caller's parsed date (a feed it trusts) wins
        record["datePublished"] = date_published
        record["datePublishedRaw"] = date_raw or date_published
        record["datePublishedPrecision"] = "day" if date_published[11:19] == "00:00:00" else "time"
    return record
