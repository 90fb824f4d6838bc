"""PDF-only releases (for example mod.go.jp ``/j/press/news/2026/08/25a.pdf``), read with pypdfium2.

The text is kept exactly as PDFium extracts it, line by line. PDFs that draw
their text twice (overprint, fake bold) therefore yield doubled runs here; the
cleaning step repairs them, so that it can log what it changed.
"""
from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from crawler.dates import JST, parse_date, parse_japanese_date
from crawler.extractors._html import make_record

METHOD = "pdf"
# The header of a MOD PDF (date, 防衛省, title) sits in its first lines.
HEADER_LINES = 6
# Issuer lines of that header; never the title.
ISSUER_LINES = frozenset({"防衛省", "防衛省・自衛隊", "防衛装備庁", "統合幕僚監部", "Ministry of Defense"})


class PdfExtractionError(ValueError):
    """The bytes are not a readable PDF (truncated, corrupt, encrypted or not a PDF)."""


def _page_lines(page: pdfium.PdfPage) -> list[str]:
    """One page's text lines, with trailing blanks and empty lines dropped."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.rstrip() for line in lines if line.strip()]


def pdf_lines(data: bytes) -> list[str]:
    """All text lines of a PDF, page after page; raises PdfExtractionError on a bad file."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfExtractionError(f"cannot open PDF ({len(data)} bytes): {error}") from error
    try:
        lines: list[str] = []
        for index in range(len(document)):
            page = document[index]
            try:
                lines.extend(_page_lines(page))
            finally:
                page.close()
        return lines
    except pdfium.PdfiumError as error:
        raise PdfExtractionError(f"cannot read PDF text: {error}") from error
    finally:
        document.close()


def _header_date(lines: list[str]) -> str | None:
    """A date line such as ``令和8年8月25日`` among the first lines, when the caller gave none."""
    return next((line for line in lines[:HEADER_LINES] if parse_japanese_date(line)), None)


def _header_title(lines: list[str]) -> str | None:
    """The first header line that is neither a date nor the issuer, when the caller gave no title."""
    for line in lines[:HEADER_LINES]:
        text = line.strip()
        if text and text not in ISSUER_LINES and not parse_japanese_date(text):
            return text
    return lines[0].strip() if lines else None


def extract_pdf(data: bytes, url: str, *, headline: str | None = None,
                date_raw: str | None = None, date_published: str | None = None,
                language: str = "ja") -> dict[str, Any]:
    """Extract a PDF release; the feed usually knows the title and date better than the PDF."""
    lines = pdf_lines(data)
    date_raw = date_raw or _header_date(lines)
    return make_record(
        url, METHOD,
        headline=headline or _header_title(lines),
        datePublished=date_published or parse_date(date_raw, JST),
        datePublishedRaw=date_raw,
        inLanguage=language,
        articleBody="\n".join(lines),
    )
