"""A generator of repeat defects from the mechanism of issue 7, and a per-family scorer.

The mechanism: a defective text is the merge of k >= 2 copies of one text
stream.  Each copy is cut into runs at its own boundaries (a glyph, a word, a
phrase, a line, a paragraph); the runs are emitted alternately; a copy may
lead or lag the other by less than a run or by more; a copy may differ
slightly (width, spacing, punctuation variants, zero-width characters) and
the last one may be truncated.  Families below are instances with random
cut points, chosen from that description, not from the dev set's cases.

Source paragraphs are split by a hash of their text into a ``tune`` half and
a ``held-out`` half; ``--split held-out`` uses only the held-out paragraphs
and seeds that tuning never used.  Scoring follows ``shared/bench/score.py``:
exact match after NFKC and whitespace removal, per family; ``legit`` texts
(clean paragraphs with legitimate repetition spliced in) must come back
unchanged, exactly.

    .venv/bin/python benchmarks/repeat_defects.py --split held-out --per-family 40
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV_SET = ROOT.parent / "shared" / "bench" / "repeats-dev.jsonl"
CLEAN = ROOT / "tests" / "cases" / "clean_paragraphs.txt"

Cuts = list[int]


def sources() -> list[str]:
    """Clean paragraphs: the dev set's controls and the test suite's clean paragraphs."""
    pars = [p for p in CLEAN.read_text("utf-8").splitlines() if p.strip()]
    if DEV_SET.exists():
        pars += [json.loads(line)["input"] for line in DEV_SET.read_text("utf-8").splitlines() if '"control": true' in line]
    return sorted(set(pars))


def split(pars: list[str], which: str) -> list[str]:
    """The ``tune`` or ``held-out`` half, by a hash of each paragraph's text."""
    def half(p: str) -> str:
        return "held-out" if hashlib.sha256(p.encode()).digest()[0] % 2 else "tune"
    return [p for p in pars if half(p) == which]


def is_ja(text: str) -> bool:
    return any(ord(c) > 0x3000 for c in text)


# ---- cutting a stream into runs -------------------------------------------------

def glyph_cuts(text: str, rng: random.Random) -> Cuts:
    return list(range(len(text) + 1))


def word_cuts(text: str, rng: random.Random) -> Cuts:
    if is_ja(text):
        return _random_cuts(text, rng, 2, 6)
    return [0] + [m.end() for m in re.finditer(r"\S+\s*", text)]


def phrase_cuts(text: str, rng: random.Random) -> Cuts:
    return _random_cuts(text, rng, 5, 27)


def _random_cuts(text: str, rng: random.Random, lo: int, hi: int) -> Cuts:
    cuts, pos = [0], 0
    while pos < len(text):
        pos = min(len(text), pos + rng.randint(lo, hi))
        cuts.append(pos)
    return cuts


def shifted(cuts: Cuts, n: int, rng: random.Random, most: int) -> Cuts:
    """Another copy's own cut points: each moved by up to ``most`` characters, order kept."""
    out = [0]
    for c in cuts[1:-1]:
        c = min(n - 1, max(out[-1] + 1, c + rng.randint(-most, most)))
        if c > out[-1]:
            out.append(c)
    return out + [n]


# ---- merging copies -----------------------------------------------------------

def merge(copies: list[str], cuts: list[Cuts], lead: int = 0) -> str:
    """Emit the copies' runs alternately; copy 0 first emits ``lead`` runs on its own."""
    runs = [[c[a:b] for a, b in zip(k, k[1:])] for c, k in zip(copies, cuts)]
    out = []
    pointers = [0] * len(runs)
    for _ in range(lead):
        if pointers[0] < len(runs[0]):
            out.append(runs[0][pointers[0]])
            pointers[0] += 1
    while any(p < len(r) for p, r in zip(pointers, runs)):
        for j, r in enumerate(runs):
            if pointers[j] < len(r):
                out.append(r[pointers[j]])
                pointers[j] += 1
    return "".join(out)


def truncate(text: str, cuts: Cuts, rng: random.Random) -> tuple[str, Cuts]:
    """A copy cut short somewhere past its first half (at least one run kept)."""
    end = rng.randint(len(text) // 2, max(len(text) // 2, len(text) - 1))
    kept = [c for c in cuts if c < end] + [end]
    return text[:end], kept


_FUZZ: list[Callable[[str, random.Random], str]] = []


def fuzz(text: str, rng: random.Random) -> str:
    """A copy with one or two small differences: width, spacing, a punctuation variant, a zero-width space."""
    for _ in range(rng.randint(1, 2)):
        text = rng.choice(_FUZZ)(text, rng)
    return text


def _width(text: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(text) if c.isascii() and c.isalnum()]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + chr(ord(text[i]) + 0xFEE0) + text[i + 1 :]


def _insert(what: str) -> Callable[[str, random.Random], str]:
    def f(text: str, rng: random.Random) -> str:
        i = rng.randint(1, max(1, len(text) - 1))
        return text[:i] + what + text[i:]
    return f


def _punct(text: str, rng: random.Random) -> str:
    swap = {"、": "，", "。": "．", ",": "、"} if is_ja(text) else {"-": "\u2013", "'": "\u2019"}
    spots = [i for i, c in enumerate(text) if c in swap]
    if not spots:
        return _insert("\u200b")(text, rng)
    i = rng.choice(spots)
    return text[:i] + swap[text[i]] + text[i + 1 :]


_FUZZ += [_width, _insert(" "), _insert("\u200b"), _punct]


# ---- families -----------------------------------------------------------------

def fam_glyph(k: int) -> Callable[[str, random.Random], str]:
    def make(text: str, rng: random.Random) -> str:
        a = rng.randint(0, len(text) // 3)
        b = rng.randint(a + 12, len(text)) if len(text) > a + 12 else len(text)
        return text[:a] + "".join(c * k if c != "\n" else c for c in text[a:b]) + text[b:]
    return make


def fam_glyph_spaced(text: str, rng: random.Random) -> str:
    if is_ja(text):
        return fam_glyph(2)(text, rng)
    words = text.split(" ")
    a = rng.randint(0, max(0, len(words) - 4))
    b = rng.randint(a + 3, len(words))
    spaced = ["".join(f"{c} {c}" for c in w) for w in words[a:b]]
    return " ".join(words[:a] + ["  ".join(spaced)] + words[b:]) if a or b < len(words) else "  ".join(spaced)


def fam_merge(cut: Callable[[str, random.Random], Cuts], k: int = 2, shift: int = 0, lead: int = 0,
              fuzzy: bool = False, trunc: bool = False, b_first: bool = False) -> Callable[[str, random.Random], str]:
    def make(text: str, rng: random.Random) -> str:
        base = cut(text, rng)
        copies, cuts = [text], [base]
        for j in range(1, k):
            c = text
            kk = shifted(base, len(text), rng, shift) if shift else list(base)
            if fuzzy:
                c = fuzz(c, rng)
                kk = [round(x * len(c) / len(text)) for x in kk]
                kk = sorted(set(kk))
            if trunc and j == k - 1:
                c, kk = truncate(c, kk, rng)
            copies.append(c)
            cuts.append(kk)
        if b_first:
            copies[0], copies[1] = copies[1], copies[0]
            cuts[0], cuts[1] = cuts[1], cuts[0]
        return merge(copies, cuts, lead)
    return make


# ---- the black-box tester's instances (issue 7): each copy cut at its own boundaries ------------

def word_group_cuts(text: str, rng: random.Random) -> Cuts:
    """Runs of one to three words, at this copy's own random word boundaries (Japanese: 2 to 6 characters)."""
    if is_ja(text):
        return _random_cuts(text, rng, 2, 6)
    ends = [m.end() for m in re.finditer(r"\S+\s*", text)]
    cuts, i = [0], 0
    while i < len(ends):
        i = min(len(ends), i + rng.randint(1, 3))
        cuts.append(ends[i - 1])
    return cuts


def fam_own_cuts(cut_a: Callable[[str, random.Random], Cuts], cut_b: Callable[[str, random.Random], Cuts] | None = None,
                 k: int | tuple[int, ...] = 2, lead: int = 0, trunc_mid: bool = False
                 ) -> Callable[[str, random.Random], str]:
    """Copies of one text, each cut at its own random boundaries (copy 0 by ``cut_a``, the others by
    ``cut_b`` or ``cut_a``), merged run by run; copy 0 first emits ``lead`` runs alone; ``trunc_mid``:
    the last copy stops strictly inside one of its runs (at least two characters from either cut)."""
    def make(text: str, rng: random.Random) -> str:
        kk = k if isinstance(k, int) else rng.choice(k)
        copies, cuts = [], []
        for j in range(kk):
            c = (cut_a if j == 0 or cut_b is None else cut_b)(text, rng)
            copies.append(text)
            cuts.append(c)
        if trunc_mid:
            c = cuts[-1]
            inner = [(a, b) for a, b in zip(c, c[1:]) if b - a >= 5 and a >= len(text) // 2]
            if inner:
                a, b = rng.choice(inner)
                end = rng.randint(a + 2, b - 2)
                copies[-1], cuts[-1] = text[:end], [x for x in c if x < end] + [end]
        return merge(copies, cuts, lead)
    return make


def with_numbers(make: Callable[[str, random.Random], str]) -> Callable[[str, random.Random], str]:
    """``make`` on a paragraph holding at least two numbers (another one drawn while the text has none)."""
    def wrapped(text: str, rng: random.Random) -> str:
        return make(text, rng)
    wrapped.needs_numbers = True  # type: ignore[attr-defined]
    return wrapped


def fam_lines(k: int, trunc: bool) -> Callable[[str, random.Random], str]:
    """Each sentence printed as its own line k times (the last copy maybe cut short)."""
    def make(text: str, rng: random.Random) -> str:
        sentences = [s for s in re.split(r"(?<=[。.!?])\s*", text) if s]
        out = []
        for s in sentences:
            out += [s] * (k - 1) + [s[: rng.randint(max(1, len(s) // 2), len(s))] if trunc else s]
        return "\n".join(out)
    return make


def fam_blocks(pars: list[str]) -> Callable[[str, random.Random], str]:
    """Interleaved paragraph blocks ``p1 p2 p1 p2`` separated by blank lines, the last copy cut short."""
    def make(text: str, rng: random.Random) -> str:
        other = rng.choice([p for p in pars if p != text and is_ja(p) == is_ja(text)] or [text])
        last = other[: rng.randint(len(other) // 2, len(other))]
        return "\n\n".join([text, other, text, last])
    return make


def expected_blocks(text: str, corrupted: str) -> str:
    first, second = corrupted.split("\n\n")[:2]
    return first + "\n\n" + second


LEGIT_EN = [
    "shoulder to shoulder", "again and again", "day by day", "Never, never", "we — we", "-- can you say -- can you say",
    "Thank you. Thank you.", "DDG 113", "F-15J/DJ", "1,111", "had had", "that that", "Walla Walla", "bye-bye",
    "10,000,000", "2020", "side by side", "I'll try to — I'll try to", "very, very",
]
LEGIT_JA = ["ますます", "一人一人", "いろいろ", "我々", "すもももももももものうち", "和歌山県和歌山市", "一歩一歩", "2020年", "1,111人",
            "時々", "少しずつ少しずつ"]


def legit(text: str, rng: random.Random) -> str:
    """A clean paragraph with a legitimate repeat spliced in at a word or sentence boundary."""
    phrase = rng.choice(LEGIT_JA if is_ja(text) else LEGIT_EN)
    spots = [m.end() for m in re.finditer(r"[、。 ]", text)] or [len(text)]
    i = rng.choice(spots)
    sep = "" if is_ja(text) else " "
    return (text[:i] + phrase + sep + text[i:]).strip()


def families(pars: list[str]) -> dict[str, Callable[[str, random.Random], str]]:
    return {
        "glyph2": fam_glyph(2),
        "glyph3": fam_glyph(3),
        "glyph4": fam_glyph(4),
        "glyph_spaced": fam_glyph_spaced,
        "word_lockstep": fam_merge(word_cuts),
        "phrase_lockstep": fam_merge(phrase_cuts),
        "phrase_lag_lt_run": fam_merge(phrase_cuts, shift=3),
        "phrase_lead_lt_run": fam_merge(phrase_cuts, shift=3, b_first=True),
        "phrase_lead_gt_run": fam_merge(phrase_cuts, lead=1, shift=2),
        "phrase_k3": fam_merge(phrase_cuts, k=3),
        "phrase_k4": fam_merge(phrase_cuts, k=4),
        "phrase_fuzzy": fam_merge(phrase_cuts, fuzzy=True),
        "phrase_truncated": fam_merge(phrase_cuts, trunc=True),
        "lines_k2": fam_lines(2, False),
        "lines_k3_truncated": fam_lines(3, True),
        "paragraph_blocks": fam_blocks(pars),
        "legit": legit,
        # appended last, so that the rows of the families above stay as they were
        "phrase_k3_drift": fam_merge(phrase_cuts, k=3, shift=3),
        "phrase_k4_drift": fam_merge(phrase_cuts, k=4, shift=3, b_first=True),
        # the black-box tester's weak instances, each copy cut at its own boundaries (appended: rows above unchanged)
        "word_own_cuts": fam_own_cuts(word_group_cuts),
        "mixed_word_phrase": fam_own_cuts(word_group_cuts, phrase_cuts),
        "phrase_truncated_mid": fam_own_cuts(phrase_cuts, trunc_mid=True),
        "phrase_drift_numbers": with_numbers(fam_merge(phrase_cuts, shift=3)),
        "phrase_first_leads": fam_own_cuts(phrase_cuts, lead=1),
        "phrase_k34_own_cuts": fam_own_cuts(phrase_cuts, k=(3, 4)),
    }


def key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("\u200b", ""))


def build(which: str, per_family: int, seed: int) -> list[dict]:
    pars = split(sources(), which)
    rng = random.Random(seed)
    rows = []
    for name, make in families(pars).items():
        numbered = [p for p in pars if len(re.findall(r"\d+", p)) >= 2]
        for i in range(per_family):
            text = rng.choice(numbered if getattr(make, "needs_numbers", False) else pars)
            corrupted = make(text, rng)
            expected = corrupted if name == "legit" else text
            if name == "paragraph_blocks":
                expected = expected_blocks(text, corrupted)
            if name.startswith("lines"):
                expected = "\n".join(s for s in re.split(r"(?<=[。.!?])\s*", text) if s)
            rows.append({"family": name, "input": corrupted, "expected": expected})
    return rows


def score(rows: list[dict], fn: Callable[[str], str]) -> tuple[dict[str, tuple[int, int]], float]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    start = time.process_time()
    nbytes = 0
    for r in rows:
        out = fn(r["input"])
        nbytes += len(r["input"].encode())
        ok = out == r["expected"] if r["family"] == "legit" else key(out) == key(r["expected"])
        per[r["family"]][0] += ok
        per[r["family"]][1] += 1
    took = time.process_time() - start
    return {f: (a, b) for f, (a, b) in per.items()}, nbytes / 1e6 / max(took, 1e-9)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("tune", "held-out"), default="tune")
    ap.add_argument("--per-family", type=int, default=30)
    ap.add_argument("--show", type=int, default=0, help="print this many failures per family")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--families", default="", help="comma-separated families to score (all by default; rows are built as for all)")
    args = ap.parse_args()
    from cleaning import collapse_repeats

    seed = 7 if args.split == "tune" else 1_000_003
    rows = build(args.split, args.per_family, seed)
    if args.families:
        rows = [r for r in rows if r["family"] in args.families.split(",")]
    per, mbs = score(rows, collapse_repeats)
    if args.json:
        print(json.dumps({"split": args.split, "families": {f: a / b for f, (a, b) in per.items()}, "MB/s": mbs}))
        return 0
    print(f"split {args.split}: {len(rows)} texts, {mbs:.2f} MB/s")
    for f, (a, b) in per.items():
        print(f"  {f:22} {a:4}/{b:<4} {a / b:.3f}")
    if args.show:
        shown: dict[str, int] = defaultdict(int)
        for r in rows:
            out = collapse_repeats(r["input"])
            ok = out == r["expected"] if r["family"] == "legit" else key(out) == key(r["expected"])
            if not ok and shown[r["family"]] < args.show:
                shown[r["family"]] += 1
                print(f"--- {r['family']}\n in: {r['input']!r}\nout: {out!r}\nexp: {r['expected']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
