"""Our extractors against trafilatura, in one run: body precision / recall / F1, headline and
date accuracy, and speed, on two page sets.

1. ``../shared/extract-corpus/`` (201 real pages of many sites and languages, a sample of
   trafilatura's own evaluation corpus, so it favours trafilatura). Scored the way trafilatura
   scores it: a ``with`` snippet found in the body is a true positive, one missing a false
   negative; a ``without`` snippet found is a false positive. Precision, recall and F1 are
   summed over the whole set. The pages are split by a hash of the file name into a *dev* part
   (about 2/3, used while tuning) and a *held-out* part (about 1/3, never tuned on); both are
   reported separately. Headline: equal after folding (:func:`fold`). Date, on
   pages whose reference has a date (a day): *minute*, right to the minute where the page
   states the time of that day (:func:`stated_time`), else the same day; *day*, the same
   calendar day; *±1d*, within a day (the reference is the site's local day, ours an instant
   whose offset may move the day). ``timed`` counts the pages whose time is stated;
   ``shown:min`` is *minute* on the pages that write the reference day somewhere
   (:func:`day_on_page`): the others' reference cannot be read from the page.
2. Our own real pages: the mirror's article pages (``mirror/``, Japanese and English
   ministry pages) with hand-checked reference bodies in ``benchmarks/reference_bodies.json``.
   Body token precision / recall / F1: tokens are words of Latin script and single CJK
   characters, compared as multisets.

3. Hostile shapes (issue 12): CPU milliseconds per MB of HTML for ``generic.extract`` on an
   ordinary page, 8,000 nested ``<article>`` (once quadratic: 40 s), 8,000 nested ``<div>``,
   and a page of one character repeated; the ratio to the ordinary page is the figure to watch.

Rows: ``ours`` is what the crawler stores (``crawler.extractors.generic.extract`` on set 1, the
site extractor on set 2), ``trafilatura`` is ``trafilatura.extract`` with its defaults and
``include_tables``; metadata for trafilatura from ``trafilatura.bare_extraction``. Speed:
pages per CPU second (``time.process_time``) over the first pass, ratio = ours / trafilatura.
Every page is decoded once with ``crawler.extractors.decoding.decode_page``.

    .venv/bin/python benchmarks/bench_extract.py [--quick] [--split dev|held-out|all] [--worst N]
        [--corpus-only]

``--split`` runs only that part of set 1 (tune with ``--split dev --worst N``, which lists the
pages where our body loses most to trafilatura's and every headline and date we got wrong;
measure ``held-out`` once, at the end); ``--corpus-only`` skips sets 2 and 3.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.extractors import EXTRACTORS, generic  # noqa: E402
from crawler.extractors.decoding import decode_page  # noqa: E402
from crawler.mirror_server import DEFAULT_MIRROR, load_meta, resolve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "extract-corpus"
REFERENCE = Path(__file__).with_name("reference_bodies.json")
HOST = "http://127.0.0.1:8000"
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


@dataclass
class Page:
    name: str
    url: str
    html: str
    split: str
    ref: dict[str, Any]
    #: The time the page states for its reference day (:func:`stated_time`), if any.
    timed: datetime | None = None
    #: Whether the reference day is written in the page at all (:func:`day_on_page`).
    shown: bool = True


def split_of(name: str) -> str:
    """held-out for a third of the pages, chosen by a hash of the file name (fixed)."""
    return "held-out" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def corpus_pages(root: Path = CORPUS) -> list[Page]:
    data = json.loads((root / "evaldata.json").read_text("utf-8"))
    pages = []
    for url, ref in data.items():
        raw = (root / "pages" / ref["file"]).read_bytes()
        page_url = url if url.startswith("http") else "https://example.org/" + ref["file"]
        html = decode_page(raw).text
        timed = stated_time(html, ref["date"]) if ref.get("date") else None
        shown = day_on_page(html, ref["date"]) if ref.get("date") else True
        pages.append(Page(ref["file"], page_url, html, split_of(ref["file"]), ref, timed, shown))
    return pages


def mirror_pages(mirror: Path = DEFAULT_MIRROR) -> list[Page]:
    bodies: dict[str, str] = json.loads(REFERENCE.read_text("utf-8"))["bodies"]
    pages = []
    for key, reference in bodies.items():
        site, slash, path = key.partition("/")
        file = resolve((mirror / site).resolve(), slash + path)
        if file is None or not file.is_file():
            raise SystemExit(f"{key}: not in the mirror")
        content_type = load_meta(file).get("headers", {}).get("Content-Type")
        html = decode_page(file.read_bytes(), content_type).text
        pages.append(Page(key, HOST + slash + path, html, site, {"body": reference}))
    return pages


# --- extractors: each returns (body, headline, date) ----------------------------------------

Result = tuple[str, str | None, str | None]


def ours_generic(page: Page) -> Result:
    rec = generic.extract(page.html, page.url)
    return rec["articleBody"], rec.get("headline"), rec.get("datePublished")


def ours_site(page: Page) -> Result:
    rec = EXTRACTORS[page.split](page.html, page.url)
    return rec["articleBody"], rec.get("headline"), rec.get("datePublished")


def trafilatura_run(page: Page) -> Result:
    doc = trafilatura.bare_extraction(page.html, url=page.url, include_comments=False,
                                      include_tables=True, with_metadata=True)
    if doc is None:
        return "", None, None
    doc = doc if isinstance(doc, dict) else doc.as_dict()
    return doc.get("text") or "", doc.get("title"), doc.get("date")


# --- scoring ------------------------------------------------------------------------------


def fold(text: str | None) -> str:
    """Text compared without case (Unicode case folding: ``ß`` is ``ss``), quotes, the kind
    of dash, runs of whitespace, punctuation around it (a reference ``: Title``), and the
    characters a browser does not draw (soft hyphen, zero-width space, word joiner, BOM: a
    reference ``Genesenen\xad\xadnachweise`` reads ``Genesenennachweise`` on the page)."""
    text = re.sub("[\u00ad\u200b\u2060\ufeff]", "", text or "")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'“”‘’«»„]", "", text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return _WS.sub(" ", text).strip(" :;,.|-")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    titles: int = 0
    titles_ok: int = 0
    dates: int = 0
    dates_ok: int = 0
    dates_near: int = 0
    dates_minute: int = 0
    dates_timed: int = 0
    dates_shown: int = 0
    dates_shown_ok: int = 0
    seconds: float = 0.0
    pages: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def snippet_score(tally: Tally, body: str, ref: dict[str, Any]) -> None:
    text = fold(body)
    for snippet in ref.get("with", []):
        if fold(snippet) in text:
            tally.tp += 1
        else:
            tally.fn += 1
    tally.fp += sum(fold(s) in text for s in ref.get("without", []))


def token_score(tally: Tally, body: str, reference: str) -> None:
    got = Counter(_TOKEN.findall(fold(body)))
    want = Counter(_TOKEN.findall(fold(reference)))
    common = sum((got & want).values())
    tally.tp += common
    tally.fp += sum(got.values()) - common
    tally.fn += sum(want.values()) - common


# Timestamps a page states in its markup: JSON-LD/microdata datePublished, the OpenGraph
# published time, <time datetime>; ISO 8601 with a time of day.
_STATED = re.compile(
    r"""(?:"datePublished"\s*:\s*"|property=["']article:published_time["'][^>]*?content=["']"""
    r"""|itemprop=["']datePublished["'][^>]*?(?:content|datetime)=["']|<time[^>]*?datetime=["'])"""
    r"""(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^"'<]*)""", re.IGNORECASE)


def stated_time(html: str, day: str) -> datetime | None:
    """The publication time the page's markup states for the reference ``day``, to the minute:
    every ISO timestamp of :data:`_STATED` that falls on ``day`` (in its own offset), when they
    all agree to the minute; naive when none gives an offset. None when the markup states no
    time that day, or times that disagree (the reference then judges the day only).

    The reference corpus gives days only; this is read from the page by a rule of its own
    (not the extractor's), so that a time we shift, invent or drop is counted as wrong."""
    found = set()
    for match in _STATED.finditer(html):
        raw = match.group(1).strip().replace(" ", "T", 1).replace("Z", "+00:00")
        raw = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", raw)
        try:
            when = datetime.fromisoformat(raw)
        except ValueError:
            continue
        if when.date().isoformat() == day[:10]:
            found.add(when.replace(second=0, microsecond=0))
    if len(found) != 1 or (next(iter(found)).hour, next(iter(found)).minute) == (0, 0):
        return None  # several times, or midnight: a day written as a timestamp
    return next(iter(found))


# Month names (en, de, fr, es, it, pt, nl; a prefix each) for :func:`day_on_page`.
_MONTHS = ("jan|gen|ene", "feb|fév|fev", "mar|mär|maa", "apr|avr|abr", "may|mai|mag|mei", "jun|juin|giu",
           "jul|juil|lug", "aug|août|ago", "sep|set", "oct|okt|ott|out", "nov", "dec|dez|déc|dic")


def day_on_page(html: str, day: str) -> bool:
    """Whether the reference ``day`` is written anywhere in the page (ISO, numeric day-first or
    month-first, month names): a reference day the page never shows cannot be found by reading
    it (the corpus's reference was taken from another copy, or from the download day)."""
    y, m, d = day[:4], int(day[5:7]), int(day[8:10])
    forms = [rf"{y}-{m:02d}-{d:02d}", rf"{y}/{m:02d}/{d:02d}", rf"{y}{m:02d}{d:02d}",
             rf"(?<!\d)0?{d}\.\s*0?{m}\.\s*{y}", rf"(?<!\d)0?{d}/0?{m}/{y}", rf"(?<!\d)0?{m}/0?{d}/{y}",
             rf"(?<!\d)0?{d}\.?\s*(?:de\s+)?(?:{_MONTHS[m - 1]})[^\W\d]*\.?,?\s*(?:de\s+)?{y}",
             rf"(?:{_MONTHS[m - 1]})[^\W\d]*\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}"]
    return any(re.search(form, html, re.IGNORECASE) for form in forms)


def same_minute(got: str | None, want: datetime) -> bool:
    """``got`` (ISO 8601) is ``want`` to the minute: the same instant when ``want`` has an
    offset, else the same wall-clock time in ``got``'s own offset."""
    try:
        ours = datetime.fromisoformat(str(got))
    except ValueError:
        return False
    ours = ours.replace(second=0, microsecond=0)
    if want.tzinfo is None or ours.tzinfo is None:
        return ours.replace(tzinfo=None) == want.replace(tzinfo=None)
    return ours == want


def near_day(got: str, want: str) -> bool:
    """Within a day: the reference gives the day in the site's zone, ours an instant with its
    offset, which can fall on the next or previous day in UTC terms."""
    from datetime import date as day
    try:
        return abs((day.fromisoformat(got[:10]) - day.fromisoformat(want[:10])).days) <= 1
    except ValueError:
        return False


def date_right(date: str | None, page: Page) -> bool:
    """Right to the minute where the page states its time (:func:`stated_time`), else the day."""
    if page.timed is not None:
        return bool(date) and same_minute(date, page.timed)
    return bool(date) and str(date)[:10] == page.ref["date"][:10]


def meta_score(tally: Tally, headline: str | None, date: str | None, page: Page) -> None:
    ref = page.ref
    if ref.get("title"):
        tally.titles += 1
        tally.titles_ok += fold(headline) == fold(ref["title"])
    if ref.get("date"):
        tally.dates += 1
        tally.dates_ok += bool(date) and str(date)[:10] == ref["date"][:10]
        tally.dates_near += bool(date) and near_day(str(date), ref["date"])
        tally.dates_minute += date_right(date, page)
        tally.dates_timed += page.timed is not None
        tally.dates_shown += page.shown
        tally.dates_shown_ok += page.shown and date_right(date, page)


def run(pages: list[Page], fn: Callable[[Page], Result], tokens: bool,
        keep: dict[str, Result] | None = None) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for page in pages:
        start = time.process_time()
        body, headline, date = fn(page)
        elapsed = time.process_time() - start
        if keep is not None:
            keep[page.name] = (body, headline, date)
        for key in (page.split, "all"):
            tally = tallies.setdefault(key, Tally())
            tally.seconds += elapsed
            tally.pages += 1
            if tokens:
                token_score(tally, body, page.ref["body"])
            else:
                snippet_score(tally, body, page.ref)
                meta_score(tally, headline, date, page)
    return tallies


def report(title: str, rows: dict[str, dict[str, Tally]], splits: list[str], meta: bool) -> None:
    print(f"\n{title}")
    head = f"{'split':9} {'extractor':12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6}"
    if meta:
        head += f" {'headline':>9} {'minute':>9} {'day':>9} {'±1d':>9} {'timed':>5} {'shown:min':>9}"
    print(head + f" {'pages/s':>8}")
    for split in splits:
        for name, tallies in rows.items():
            t = tallies.get(split)
            if t is None:
                continue
            p, r, f = t.prf()
            line = f"{split:9} {name:12} {t.pages:5d} {p:6.3f} {r:6.3f} {f:6.3f}"
            if meta:
                line += (f" {t.titles_ok:4d}/{t.titles:<4d} {t.dates_minute:4d}/{t.dates:<4d}"
                         f" {t.dates_ok:4d}/{t.dates:<4d} {t.dates_near:4d}/{t.dates:<4d}"
                         f" {t.dates_timed:5d} {t.dates_shown_ok:4d}/{t.dates_shown:<4d}")
            print(line + f" {t.pages / t.seconds if t.seconds else 0:8.1f}")


def hostile_shapes(ordinary: str) -> None:
    """Time per MB of generic.extract on adversarial page shapes, next to an ordinary page."""
    prose = "<p>" + "The ministry announced a new exercise with partner nations. " * 8 + "</p>"
    shapes = {
        "ordinary page": ordinary,
        "8000 nested <article>": "<html><body>" + "<article>" * 8000 + prose + "</article>" * 8000,
        "8000 nested <div>": "<html><body>" + "<div>" * 8000 + prose + "</div>" * 8000,
        "1 MB of one character": "<html><body><article><p>" + "-" * 1_000_000 + "</p></article>",
    }
    print("\nhostile shapes: generic.extract CPU ms per MB of HTML (ratio to the ordinary page)")
    base = None
    for name, html in shapes.items():
        start = time.process_time()
        generic.extract(html, "https://example.org/a")
        per_mb = (time.process_time() - start) * 1000 / (len(html.encode()) / 1e6)
        base = base or per_mb
        print(f"  {name:24} {len(html) / 1e3:8.0f} KB {per_mb:9.0f} ms/MB {per_mb / base:6.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="every 4th corpus page only")
    ap.add_argument("--worst", type=int, default=0,
                    help="list N corpus pages where ours loses most, and our headline/date misses")
    ap.add_argument("--split", choices=("dev", "held-out", "all"), default="all",
                    help="corpus pages to run (dev while tuning; held-out to measure, once)")
    ap.add_argument("--corpus-only", action="store_true", help="skip the mirror and hostile shapes")
    args = ap.parse_args()

    corpus = corpus_pages() if CORPUS.is_dir() else []
    if args.split != "all":
        corpus = [page for page in corpus if page.split == args.split]
    if args.quick:
        corpus = corpus[::4]
    ours_out: dict[str, Result] = {}
    traf_out: dict[str, Result] = {}
    rows = {"ours": run(corpus, ours_generic, False, ours_out),
            "trafilatura": run(corpus, trafilatura_run, False, traf_out)}
    report(f"extract-corpus ({len(corpus)} pages; snippet P/R/F1, headline, date)",
           rows, ["dev", "held-out", "all"], True)

    if not args.corpus_only:
        own_pages_and_shapes(corpus)
    both = [rows["ours"].get("all"), rows["trafilatura"].get("all")]
    if all(both):
        speed = (both[0].pages / both[0].seconds) / (both[1].pages / both[1].seconds)
        f_ours, f_traf = both[0].prf()[2], both[1].prf()[2]
        print(f"\nours/trafilatura: {speed:.2f}x pages/s on the corpus; "
              f"F1 ours {f_ours:.3f} vs trafilatura {f_traf:.3f}")
    if args.worst:
        worst(corpus, ours_out, traf_out, args.worst)
    return 0


def own_pages_and_shapes(corpus: list[Page]) -> None:
    """Set 2 (the mirror's pages, token scores) and set 3 (hostile shapes)."""
    mirror = mirror_pages()
    mirror_rows = {"ours": run(mirror, ours_site, True),
                   "ours generic": run(mirror, ours_generic, True),
                   "trafilatura": run(mirror, trafilatura_run, True)}
    sites = sorted({p.split for p in mirror})
    report(f"own pages: mirror/ ({len(mirror)} ministry pages, ja+en; token P/R/F1)",
           mirror_rows, [*sites, "all"], False)

    hostile_shapes(corpus[0].html if corpus else "<p>x</p>")


def worst(corpus: list[Page], ours_out: dict[str, Result], traf_out: dict[str, Result],
          count: int) -> None:
    """The ``count`` pages where our body loses most to trafilatura's, then every headline
    and date we got wrong (with trafilatura's answer), for tuning on the dev split."""
    by_page = {p.name: p for p in corpus}
    losses = []
    for name, page in by_page.items():
        a, b = Tally(), Tally()
        snippet_score(a, ours_out[name][0], page.ref)
        snippet_score(b, traf_out[name][0], page.ref)
        losses.append(((b.tp - b.fp) - (a.tp - a.fp), name, a, b))
    print("\nbody: pages where ours loses most")
    for loss, name, a, b in sorted(losses, reverse=True)[:count]:
        print(f"  {loss:+d} {name} [{by_page[name].split}] ours tp{a.tp} fp{a.fp} fn{a.fn}"
              f" / traf tp{b.tp} fp{b.fp} fn{b.fn}")
    print("\nheadline misses: page | reference | ours | trafilatura")
    for name, page in by_page.items():
        want = page.ref.get("title")
        if want and fold(ours_out[name][1]) != fold(want):
            print(f"  {name} | {want!r} | {ours_out[name][1]!r} | {traf_out[name][1]!r}")
    print("\ndate misses (not the stated minute, else not the same day): page | reference | ours | trafilatura")
    for name, page in by_page.items():
        want, got = page.ref.get("date"), ours_out[name][2]
        if want and not date_right(got, page):
            stated = f" (stated {page.timed.isoformat()})" if page.timed else ""
            print(f"  {name} | {want}{stated} | {got} | {traf_out[name][2]}")


if __name__ == "__main__":
    sys.exit(main())
