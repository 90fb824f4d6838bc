"""(Re)generate the offline mirror's PDF-only MOD release with overprinted (doubled) text.

    python tools/make_mirror_pdf.py            # writes mirror/mod/j/press/news/2026/08/25a.pdf
    python tools/make_mirror_pdf.py --out x.pdf

The PDF is written by hand, byte by byte, so the result is deterministic and
needs no PDF library. Text uses a Type0 font with Identity-H encoding and a
ToUnicode CMap (codes are subset-style glyph numbers, as in real subset fonts),
so PDFium extracts correct Japanese although no font is embedded.

Every body text run is drawn twice, the second time 0.08 em to the right: the
fake-bold/overprint trick of some PDF producers. PDFium drops a repeated glyph
only when it lands within 0.07 em of the first one, so both copies survive and
text extraction yields each run twice in a row (``地元への地元への``), the same
corruption as the j-defense seed article. After writing, the script extracts
the text with pypdfium2 and fails if the doubling is missing.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "mirror/mod/j/press/news/2026/08/25a.pdf"

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 72
BODY_SIZE = 10.5
TITLE_SIZE = 14
LEADING = 18
HALF_WIDTH = 500  # glyph width (1/1000 em) of ASCII characters; everything else is 1000
OVERPRINT_SHIFT = 80  # 1/1000 em; PDFium merges duplicates closer than 70
RUN_LENGTHS = (1, 27)  # text runs in the seed article are 1 to 27 characters long
SEED = 25  # fixed so every build produces the same bytes

TITLE = "日米合同委員会合意について"
DATE = "令和8年8月25日"
ISSUER = "防衛省"
BODY = [
    "本日、日米合同委員会において、下記の事項について合意されましたので、お知らせします。",
    "１　自衛隊による在日米軍施設・区域の共同使用について",
    "沖縄県に所在する在日米軍施設・区域の一部について、陸上自衛隊が訓練のため共同使用することについて合意された。共同使用の開始時期は、地元との調整を経て決定される。",
    "２　在日米軍施設・区域の土地の一部返還について",
    "在日米軍施設・区域の土地の一部（約０．５ヘクタール）を、令和8年9月30日に日本側に返還することについて合意された。",
    "３　その他",
    "防衛省は、引き続き、地元の負担軽減に向けて、日米間で緊密に協力していく。",
]
CLOSING = "（以上）"


@dataclass(frozen=True)
class Line:
    """One line of text at a position; ``doubled`` lines are overprinted run by run."""

    text: str
    x: float
    y: float
    size: float
    doubled: bool


def glyph_width(char: str) -> int:
    """Advance width in 1/1000 em: half width for ASCII, full width otherwise."""
    return HALF_WIDTH if ord(char) < 128 else 1000


def text_width(text: str, size: float) -> float:
    """Width of a string in points."""
    return sum(glyph_width(c) for c in text) * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break a paragraph into lines that fit the width (Japanese breaks anywhere)."""
    lines, current = [], ""
    for char in text:
        if current and text_width(current + char, size) > width:
            lines.append(current)
            current = ""
        current += char
    return lines + ([current] if current else [])


def layout() -> list[Line]:
    """Place the title, the right-aligned date and issuer, then the wrapped body."""
    right = PAGE_WIDTH - MARGIN
    y = PAGE_HEIGHT - MARGIN
    lines = [Line(DATE, right - text_width(DATE, BODY_SIZE), y, BODY_SIZE, False),
             Line(ISSUER, right - text_width(ISSUER, BODY_SIZE), y - LEADING, BODY_SIZE, False)]
    y -= 3 * LEADING
    lines.append(Line(TITLE, (PAGE_WIDTH - text_width(TITLE, TITLE_SIZE)) / 2, y, TITLE_SIZE, False))
    y -= 2 * LEADING
    for paragraph in BODY:
        for part in wrap(paragraph, right - MARGIN, BODY_SIZE):
            lines.append(Line(part, MARGIN, y, BODY_SIZE, True))
            y -= LEADING
    lines.append(Line(CLOSING, right - text_width(CLOSING, BODY_SIZE), y - LEADING, BODY_SIZE, False))
    return lines


def split_runs(text: str, rng: random.Random) -> list[str]:
    """Cut a line into text runs of 1 to 27 characters, as a PDF producer's chunks."""
    runs, start = [], 0
    while start < len(text):
        size = rng.randint(*RUN_LENGTHS)
        runs.append(text[start:start + size])
        start += size
    return runs


class Font:
    """Subset-style glyph numbering: each distinct character gets the next code."""

    def __init__(self, text: str) -> None:
        self.codes = {char: index + 1 for index, char in enumerate(dict.fromkeys(text))}

    def encode(self, text: str) -> str:
        """Hex string operand for Tj/TJ (two bytes per character, Identity-H)."""
        return "<" + "".join(f"{self.codes[c]:04X}" for c in text) + ">"

    def widths(self) -> str:
        """The CIDFont /W array listing the half-width glyphs."""
        return " ".join(f"{code} [{HALF_WIDTH}]" for char, code in self.codes.items()
                        if glyph_width(char) == HALF_WIDTH)

    def to_unicode(self) -> str:
        """ToUnicode CMap mapping every code back to its character."""
        entries = [f"<{code:04X}> <{ord(char):04X}>" for char, code in self.codes.items()]
        chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]  # at most 100 per block
        blocks = "\n".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
                           for chunk in chunks)
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{blocks}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")


def overprinted(font: Font, runs: list[str]) -> str:
    """TJ operand drawing each run, stepping back by its width minus the shift, and drawing it again."""
    parts = []
    for run in runs:
        back = sum(glyph_width(c) for c in run) - OVERPRINT_SHIFT
        parts.append(f"{font.encode(run)} {back} {font.encode(run)} {OVERPRINT_SHIFT}")
    return "[" + " ".join(parts) + "] TJ"


def content_stream(lines: list[Line], font: Font) -> str:
    """Page content: one text object per line."""
    rng = random.Random(SEED)
    ops = []
    for line in lines:
        show = overprinted(font, split_runs(line.text, rng)) if line.doubled else f"{font.encode(line.text)} Tj"
        ops.append(f"BT /F1 {line.size} Tf 1 0 0 1 {line.x:.2f} {line.y:.2f} Tm {show} ET")
    return "\n".join(ops)


def stream(body: str, extra: str = "") -> str:
    """A PDF stream object body (uncompressed, so the file stays inspectable)."""
    data = body.encode("utf-8")
    return f"<< /Length {len(data)}{extra} >>\nstream\n{body}\nendstream"


def utf16_text(text: str) -> str:
    """A PDF text string in UTF-16BE with BOM, for the document information dictionary."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def objects(lines: list[Line]) -> list[str]:
    """The numbered objects of the file, in order (object n is at index n-1)."""
    font = Font("".join(line.text for line in lines))
    return [
        "<< /Type /Catalog /Pages 2 0 R /Lang (ja-JP) >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content_stream(lines, font)),
        "<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAB+MS-Mincho /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAB+MS-Mincho "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor 7 0 R /DW 1000 /W [{font.widths()}] /CIDToGIDMap /Identity >>",
        "<< /Type /FontDescriptor /FontName /AAAAAB+MS-Mincho /Flags 6 "
        "/FontBBox [-8 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 "
        "/CapHeight 709 /StemV 80 >>",
        stream(font.to_unicode()),
        f"<< /Title {utf16_text(TITLE)} /Author {utf16_text(ISSUER)} "
        "/Producer (defnews tools/make_mirror_pdf.py) "
        "/CreationDate (D:20260825180342+09'00') /ModDate (D:20260825180342+09'00') >>",
    ]


def serialize(bodies: list[str]) -> bytes:
    """Assemble header, objects, cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R /Info {len(bodies)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def build() -> bytes:
    """The whole PDF file."""
    return serialize(objects(layout()))


def doubled_runs() -> list[str]:
    """The runs the overprint draws twice, in drawing order (what extraction must show doubled)."""
    rng = random.Random(SEED)
    return [run for line in layout() for run in (split_runs(line.text, rng) if line.doubled else [])]


def verify(data: bytes) -> str:
    """Extract the text with pypdfium2 and check the overprint shows as doubled runs."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # only needed for the check

    document = pdfium.PdfDocument(data)
    try:
        text = str(document[0].get_textpage().get_text_range())
    finally:
        document.close()
    for run in doubled_runs():
        if run * 2 not in text:
            raise SystemExit(f"overprint not visible in extracted text for run {run!r}")
    if TITLE * 2 in text or TITLE not in text:
        raise SystemExit("the title is drawn once and must be extracted once")
    return text


def main(argv: list[str] | None = None) -> int:
    """Write the PDF, then verify its extracted text."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output path")
    args = parser.parse_args(argv)
    data = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    text = verify(data)
    print(f"wrote {args.out} ({len(data)} bytes); extracted text:\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
