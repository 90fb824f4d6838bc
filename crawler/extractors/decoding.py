"""The one function that turns page bytes into text, for every spider and extractor.

Order (WHATWG "encoding sniffing", simplified): byte-order mark, then the HTTP
``Content-Type`` charset, then ``<meta charset>`` / ``<meta http-equiv>`` / the XML
declaration in the first 4 KB, then detection (strict UTF-8, then charset-normalizer).
Japanese legacy labels map to their supersets, as browsers do: Shift_JIS to ``cp932``
(windows-31j: NEC row 13 ①㎞, NEC and IBM extension kanji) and EUC-JP to
:func:`decode_eucjp_ms` (EUC-JP plus the same NEC/IBM rows, as eucJP-ms / CP51932 carry them).
Undecodable bytes become U+FFFD and are counted, never raised.

An HTTP charset that servers send by default (``ISO-8859-1``, ``US-ASCII``: Apache's
``AddDefaultCharset``) yields to a different charset the page's own ``<meta>`` declares,
when that decodes with no more undecodable bytes: a single-byte default never fails, so the
fallback below could not catch a UTF-8 or ``windows-1250`` page read as Latin-1.

A declared charset that fails badly (more undecodable bytes than :func:`too_many_errors`
allows: a server that labels every page UTF-8 in front of a Shift_JIS file) gives way to the
next source, the ``<meta>`` charset, then detection (a multi-byte codec only: a single-byte
one decodes any bytes, which proves nothing), when that decodes with fewer errors and
within the threshold; ``Decoded.note`` says which codec was used and why.

>>> decode_page("①㎞".encode("cp932"), "text/html; charset=Shift_JIS")
Decoded(text='①㎞', encoding='cp932', errors=0, note='')
>>> decode_page(b"caf\\xe9 ok", "text/html; charset=utf-8")
Decoded(text='caf\\ufffd ok', encoding='utf-8', errors=1, note='')
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

from charset_normalizer import from_bytes

#: A page with more undecodable bytes than this share of its size is flagged as mis-decoded.
DECODE_ERROR_SHARE = 0.001

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
EUCJP_MS = "euc-jp-ms"
# WHATWG labels -> the superset codec browsers use.
_CHARSET_ALIASES = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "windows-31j": "cp932", "ms_kanji": "cp932", "csshiftjis": "cp932", "cp932": "cp932",
    "euc-jp": EUCJP_MS, "euc_jp": EUCJP_MS, "eucjp": EUCJP_MS, "x-euc-jp": EUCJP_MS,
    "cseucpkdfmtjapanese": EUCJP_MS, "cp51932": EUCJP_MS, "eucjp-ms": EUCJP_MS,
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "big5": "big5hkscs", "iso-8859-9": "cp1254",
    "tis-620": "cp874", "iso-8859-11": "cp874", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}


#: HTTP charsets that servers send by default, whatever the file holds (see :func:`_server_default`).
_SERVER_DEFAULT_LABELS = frozenset({"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"})


class Decoded(NamedTuple):
    """Decoded text, the codec used (a Python codec name or ``euc-jp-ms``), undecodable bytes,
    and, when the declared charset was overruled, why (else ``""``)."""

    text: str
    encoding: str
    errors: int
    note: str = ""


def codec_for(label: str | None) -> str | None:
    """Map a charset label to the codec used for it, or None when unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(key, key)
    if name == EUCJP_MS:
        return EUCJP_MS
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    # Python's own euc_jp and shift_jis lack the NEC/IBM rows; use the supersets.
    return {"euc_jp": EUCJP_MS, "shift_jis": "cp932", "latin-1": "cp1252",
            "iso8859-1": "cp1252", "ascii": "cp1252"}.get(found, found)


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The codec from the Content-Type header, else from ``<meta>``/XML declaration (first 4 KB)."""
    header = _HEADER_CHARSET.search(content_type or "")
    codec = codec_for(header.group(1)) if header else None
    if codec:
        return codec
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        codec = codec_for(found.group(1).decode("ascii", "replace")) if found else None
        if codec:
            # A page declaring UTF-16 in ASCII bytes cannot be UTF-16 (WHATWG says: UTF-8).
            return "utf-8" if codec.startswith("utf-16") else codec
    return None


def _cp932_pair(lead: int, trail: int) -> bytes:
    """The Shift_JIS bytes of EUC-JP pair (lead, trail): both map the same JIS row/cell."""
    row, cell = lead - 0xA0, trail - 0xA0
    first = (row + 1) // 2 + (0x80 if row <= 62 else 0xC0)
    if row % 2:
        second = cell + (0x3F if cell <= 63 else 0x40)
    else:
        second = cell + 0x9E
    return bytes((first, second))


def decode_eucjp_ms(data: bytes) -> tuple[str, int]:
    """Decode EUC-JP with the NEC row 13 and IBM extension rows (eucJP-ms); (text, bad bytes).

    Python's ``euc_jp`` rejects ``①`` (0xADA1) and ``㎞``; browsers decode them. Two-byte
    JIS X 0208 pairs are read through their cp932 twin, which has those rows; JIS X 0212
    (0x8F) triples through ``euc_jp``; half-width kana (0x8E) through cp932.
    """
    try:
        return data.decode("euc_jp"), 0
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    errors = 0
    i, n = 0, len(data)
    while i < n:
        byte = data[i]
        if byte < 0x80:
            j = i
            while j < n and data[j] < 0x80:
                j += 1
            out.append(data[i:j].decode("ascii"))
            i = j
            continue
        if byte == 0x8E and i + 1 < n and 0xA1 <= data[i + 1] <= 0xDF:
            out.append(bytes((data[i + 1],)).decode("cp932"))
            i += 2
            continue
        if byte == 0x8F and i + 2 < n:
            try:
                out.append(data[i:i + 3].decode("euc_jp"))
                i += 3
                continue
            except UnicodeDecodeError:
                pass
        if 0xA1 <= byte <= 0xFE and i + 1 < n and 0xA1 <= data[i + 1] <= 0xFE:
            try:
                out.append(_cp932_pair(byte, data[i + 1]).decode("cp932"))
            except UnicodeDecodeError:
                try:
                    out.append(data[i:i + 2].decode("euc_jis_2004"))
                except UnicodeDecodeError:
                    out.append("\ufffd")
                    errors += 2
            i += 2
            continue
        out.append("\ufffd")
        errors += 1
        i += 1
    return "".join(out), errors


def decode_counting(data: bytes, codec: str) -> tuple[str, int]:
    """Decode, replacing undecodable bytes with U+FFFD; (text, number of bytes replaced)."""
    if codec == EUCJP_MS:
        return decode_eucjp_ms(data)
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    errors, start = 0, 0
    decoder = codecs.getincrementaldecoder(codec)("strict")
    view = memoryview(data)
    while start < len(data):
        try:
            parts.append(decoder.decode(view[start:], final=True))
            break
        except UnicodeDecodeError as exc:
            parts.append(decoder.decode(view[start:start + exc.start], final=True))
            decoder.reset()
            bad = max(exc.end - exc.start, 1)
            parts.append("\ufffd")
            errors += bad
            start += exc.start + bad
    return "".join(parts), errors


def _detect(data: bytes) -> str:
    """The codec for undeclared bytes: UTF-8 when valid, else charset-normalizer's guess."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if sum(byte >= 0x80 for byte in data[:65536]) < 8:
        return "utf-8"  # a few stray bytes: too little to detect anything, keep UTF-8

    best = from_bytes(data[:200_000]).best()
    return (codec_for(best.encoding) if best is not None else None) or "cp1252"


def _header_label(content_type: str | None) -> str | None:
    header = _HEADER_CHARSET.search(content_type or "")
    return header.group(1).lower() if header else None


def _header_codec(content_type: str | None) -> str | None:
    label = _header_label(content_type)
    return codec_for(label) if label else None


def _server_default(content_type: str | None) -> bool:
    """True when the HTTP charset is one a server adds to every page by default (Apache's
    ``AddDefaultCharset``, ``ISO-8859-1`` in HTTP/1.1's RFC 2616 §3.7.1): it says nothing
    about the file, so a different charset the page declares itself is believed instead."""
    return _header_label(content_type) in _SERVER_DEFAULT_LABELS


def _meta_codec(data: bytes) -> str | None:
    """The codec of the page's own ``<meta>``/XML declaration (first 4 KB), if any."""
    return declared_charset(data, None)


@lru_cache(maxsize=64)
def single_byte(codec: str) -> bool:
    """True for a codec that reads one byte at a time (cp1252, koi8-r…): its clean decoding of
    a page proves nothing. A multi-byte codec (UTF-8, cp932, EUC, GB18030) waits for the rest
    of a sequence after a lead byte."""
    if codec == EUCJP_MS:
        return False
    for byte in range(0x80, 0x100):
        decoder = codecs.getincrementaldecoder(codec)("replace")
        if decoder.decode(bytes((byte,)), final=False) == "":
            return False
    return True


def _too_many(errors: int, size: int) -> bool:
    return errors > max(2, size * DECODE_ERROR_SHARE)


def decode_page(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes: BOM, HTTP charset, meta/XML declaration, detection (see module doc)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text, errors = decode_counting(data[len(bom):], codec)
            return Decoded(text, codec, errors)
    header, meta = _header_codec(content_type), _meta_codec(data)
    if header and meta and meta != header and _server_default(content_type):
        meta_text, meta_errors = decode_counting(data, meta)
        if meta_errors <= decode_counting(data, header)[1]:
            return Decoded(meta_text, meta, meta_errors,
                           f"decoding: the HTTP header's {_header_label(content_type)} looks like a server "
                           f"default; the page's own meta charset {meta} used instead")
    codec = header or meta or _detect(data)
    text, errors = decode_counting(data, codec)
    if not (header or meta) or not _too_many(errors, len(data)):
        return Decoded(text, codec, errors)
    source = "HTTP header" if header else "meta"
    fallbacks = ((("meta", meta),) if header else ()) + (("detection", None),)
    for alt_source, alt in fallbacks:
        alt = alt or (_detect(data) if alt_source == "detection" else None)
        if not alt or alt == codec or (alt_source == "detection" and single_byte(alt)):
            continue
        alt_text, alt_errors = decode_counting(data, alt)
        if alt_errors < errors and not _too_many(alt_errors, len(data)):
            return Decoded(alt_text, alt, alt_errors,
                           f"decoding: {codec} ({source} charset) gave {errors} undecodable bytes; "
                           f"{alt} ({alt_source}) gave {alt_errors}, used instead")
    return Decoded(text, codec, errors)


def too_many_errors(decoded: Decoded, size: int) -> bool:
    """True when more than :data:`DECODE_ERROR_SHARE` of the bytes were undecodable."""
    return _too_many(decoded.errors, size)


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, int]:
    """Replace lone surrogates (``"\\ud83d"`` from cut JSON) with U+FFFD; (text, count).

    Such code points cannot be encoded as UTF-8, so every later text function would raise.
    """
    if not _SURROGATE.search(text):
        return text, 0
    fixed, count = _SURROGATE.subn("\ufffd", text)
    return fixed, count
