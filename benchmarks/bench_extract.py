"""Site extractors against trafilatura on the mirror's article pages: speed and body quality.

Pages: every HTML page of ``mirror/`` whose README outcome is *stored* (48 pages; the PDF is
not HTML), listed in ``benchmarks/reference_bodies.json`` with a hand-checked reference body
(what a reader takes as the article: no headline, dates, navigation, Ranking widget, credits).
Each page is read as the mirror server serves it (``crawler.mirror_server.resolve`` and the
sidecar's Content-Type), decoded once with ``crawler.extractors.decode_html``, and given as
the same ``str`` to our site extractor (``EXTRACTORS[site]``, at a 127.0.0.1 URL, as the
spiders call it) and to ``trafilatura.extract(html, url=..., include_comments=False,
include_tables=True, favor_precision=...)`` with ``favor_precision`` off (its default) and on.

Speed: pages per CPU second (``time.process_time``, one core), all pages per round, repeated
for at least ``--seconds``, measured in the same run; ratio = ours / trafilatura.

Quality, per page, against the reference (and then averaged):
- ``fuzz``: rapidfuzz ``fuzz.ratio`` (0-100) of the whitespace-normalised texts;
- ``lineP``: share of the extractor's lines found in the reference (spaces ignored);
- ``lineR``: share of the reference's lines found in the extractor's text (spaces ignored).
trafilatura's plain-text markup is neutralised for every extractor alike before scoring
(table pipes and ``|---|`` rows, ``- `` list bullets), so layout syntax is not scored as text.

    .venv/bin/python benchmarks/bench_extract.py [--quick] [--seconds S]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from crawler.extractors import EXTRACTORS, decode_html  # noqa: E402
from crawler.mirror_server import DEFAULT_MIRROR, load_meta, resolve  # noqa: E402

REFERENCE = Path(__file__).with_name("reference_bodies.json")
HOST = "http://127.0.0.1:8000"  # the spiders extract mirror pages at 127.0.0.1 URLs

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_WS = re.compile(r"\s+")  # Unicode whitespace: also U+3000 and NBSP


@dataclass
class Page:
    key: str  # <site><url path>, the key in reference_bodies.json
    site: str
    url: str
    html: str
    reference: str


def load_pages(mirror: Path = DEFAULT_MIRROR) -> list[Page]:
    bodies: dict[str, str] = json.loads(REFERENCE.read_text("utf-8"))["bodies"]
    pages = []
    for key, reference in bodies.items():
        site, slash, path = key.partition("/")
        file = resolve((mirror / site).resolve(), slash + path)
        if file is None or not file.is_file():
            raise SystemExit(f"{key}: not in the mirror")
        content_type = load_meta(file).get("headers", {}).get("Content-Type")
        html = decode_html(file.read_bytes(), content_type)
        pages.append(Page(key, site, HOST + slash + path, html, reference))
    return pages


# --- extractors ---------------------------------------------------------------------------


def ours(page: Page) -> str:
    return EXTRACTORS[page.site](page.html, page.url).get("articleBody") or ""


def trafilatura_with(favor_precision: bool) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        return trafilatura.extract(page.html, url=page.url, include_comments=False,
                                   include_tables=True, favor_precision=favor_precision) or ""
    return run


EXTRACTOR_ROWS: dict[str, Callable[[Page], str]] = {
    "ours (site module)": ours,
    "trafilatura": trafilatura_with(False),
    "trafilatura precision": trafilatura_with(True),
}


def pages_per_s(fn: Callable[[Page], str], pages: list[Page], min_seconds: float) -> float:
    rounds, elapsed = 0, 0.0
    while elapsed < min_seconds or rounds == 0:
        start = time.process_time()
        for page in pages:
            fn(page)
        elapsed += time.process_time() - start
        rounds += 1
    return len(pages) * rounds / elapsed


# --- scoring ------------------------------------------------------------------------------


def text_lines(text: str) -> list[str]:
    """Lines of an extractor's output with plain-text table/list markup removed."""
    lines = []
    for line in text.splitlines():
        if _TABLE_RULE.match(line):
            continue
        line = _WS.sub(" ", _BULLET.sub("", line).replace("|", " ")).strip()
        if line:
            lines.append(line)
    return lines


def compact(text: str) -> str:
    return _WS.sub("", text)


@dataclass
class Score:
    fuzz: float
    precision: float
    recall: float


def score(candidate: str, reference: str) -> Score:
    cand, ref = text_lines(candidate), text_lines(reference)
    cand_all, ref_all = compact("".join(cand)), compact("".join(ref))
    ratio = fuzz.ratio(" ".join(cand), " ".join(ref))
    precision = sum(compact(line) in ref_all for line in cand) / len(cand) if cand else 0.0
    recall = sum(compact(line) in cand_all for line in ref) / len(ref) if ref else 1.0
    return Score(ratio, precision, recall)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one short timing round per extractor")
    ap.add_argument("--seconds", type=float, help="minimum CPU seconds per extractor (default 2, quick 0.2)")
    args = ap.parse_args()
    secs = args.seconds if args.seconds is not None else (0.2 if args.quick else 2.0)

    pages = load_pages()
    outputs = {name: [fn(p) for p in pages] for name, fn in EXTRACTOR_ROWS.items()}  # also warms up
    scores = {name: [score(out, p.reference) for out, p in zip(outs, pages, strict=True)]
              for name, outs in outputs.items()}
    speed = {name: pages_per_s(fn, pages, secs) for name, fn in EXTRACTOR_ROWS.items()}

    base = "ours (site module)"
    print(f"{len(pages)} article pages ({', '.join(f'{s} {sum(p.site == s for p in pages)}' for s in EXTRACTORS)}), "
          f"CPU time on one core, >= {secs:g} s per extractor")
    print(f"{'extractor':22} {'pages/s':>8} {'ours/x':>7} {'fuzz':>6} {'lineP':>6} {'lineR':>6} "
          f"{'exact':>6} {'ours>=':>7}")
    for name in EXTRACTOR_ROWS:
        s = scores[name]
        exact = sum(x.fuzz == 100 for x in s)
        wins = sum(o.fuzz >= x.fuzz for o, x in zip(scores[base], s, strict=True))
        print(f"{name:22} {speed[name]:8.0f} {speed[base] / speed[name]:6.1f}x "
              f"{statistics.mean(x.fuzz for x in s):6.1f} {statistics.mean(x.precision for x in s):6.3f} "
              f"{statistics.mean(x.recall for x in s):6.3f} {exact:3d}/{len(s):<2d} {wins:3d}/{len(s):<2d}")

    print("\nmean fuzz by site")
    print(f"{'site':10} {'pages':>5} " + " ".join(f"{name:>22}" for name in EXTRACTOR_ROWS))
    for site in EXTRACTORS:
        idx = [i for i, p in enumerate(pages) if p.site == site]
        print(f"{site:10} {len(idx):5d} " + " ".join(
            f"{statistics.mean(scores[name][i].fuzz for i in idx):22.1f}" for name in EXTRACTOR_ROWS))

    names = [n for n in EXTRACTOR_ROWS if n != base]
    print("\nours/" + ", ours/".join(f"{n}: {speed[base] / speed[n]:.1f}x pages/s" for n in names) + " (goal >= 5x)")
    print(f"mean fuzz: ours {statistics.mean(x.fuzz for x in scores[base]):.1f}, " + ", ".join(
        f"{n} {statistics.mean(x.fuzz for x in scores[n]):.1f}" for n in names) + "; ours >= " + ", ".join(
        f"{n} on {sum(o.fuzz >= x.fuzz for o, x in zip(scores[base], scores[n], strict=True))}/{len(pages)}"
        for n in names) + " pages")

    worse = [(p.key, scores[base][i], {n: scores[n][i] for n in EXTRACTOR_ROWS if n != base})
             for i, p in enumerate(pages)
             if any(scores[base][i].fuzz < scores[n][i].fuzz for n in EXTRACTOR_ROWS if n != base)]
    print(f"\npages where ours scores below a trafilatura mode: {len(worse)}")
    for key, o, others in worse:
        detail = "  ".join(f"{n} {s.fuzz:.1f} P{s.precision:.2f} R{s.recall:.2f}" for n, s in others.items())
        print(f"  {key}\n    ours {o.fuzz:.1f} P{o.precision:.2f} R{o.recall:.2f}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
