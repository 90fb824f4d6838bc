"""Size of the ``cleaning`` block (the edit log analysts load) against the text it explains.

For each data set, two ratios cleaning / text (text = headline + description + articleBody):
JSON bytes as stored, and Arrow bytes once loaded (``defnews.loaders.read_table``; what
``pl.from_arrow`` and the Parquet export hold).  pandas is not measured: its deep memory
count sees only the outer dict of an object column.  Data sets:

- the demo output (``defnews demo`` against the bundled mirror, run here in a temporary directory,
  or ``--data DIR`` for an existing one);
- repaired-only: the demo's records whose text repeat repair changed;
- fake bold: generated articles whose every paragraph is printed with each character doubled
  (``TThhee``), the case that once logged one edit per character.

    .venv/bin/python benchmarks/bench_cleaning_block.py [--data DIR]
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEXT = ("headline", "description", "articleBody")


def ratios(records: list[dict[str, Any]], work: Path) -> tuple[float, float]:
    from defnews.loaders import read_table

    path = work / "records.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    json_clean = sum(len(orjson.dumps(r["cleaning"])) for r in records)
    json_text = sum(len((r[f] or "").encode()) for r in records for f in TEXT)
    table = read_table(str(path))
    arrow = table.column("cleaning").nbytes / sum(table.column(f).nbytes for f in TEXT)
    return json_clean / json_text, arrow


def fake_bold_records(n: int, seed: int = 11) -> list[dict[str, Any]]:
    from cleaning import clean_article

    rng = random.Random(seed)
    words = "the minister said that both sides agreed to deepen defence cooperation in the region".split()
    records = []
    for i in range(n):
        paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 20))) + "." for _ in range(4)]
        body = "\n".join("".join(c * 2 for c in p) if j % 2 == 0 else p for j, p in enumerate(paragraphs))
        records.append(clean_article({"url": f"https://x.example/{i}", "headline": f"Article {i}",
                                      "articleBody": body, "source": "bench"}))
    return records


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="a demo output directory (default: run the demo)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_cleaning-") as tmp:
        work = Path(tmp)
        data = args.data
        if data is None:
            data = work / "demo"
            subprocess.run([sys.executable, "-m", "defnews.cli", "demo", "--out", str(data)],
                           check=True, capture_output=True)
        demo = [orjson.loads(line) for p in sorted(data.glob("*.jsonl")) for line in p.read_bytes().splitlines()]
        sets = {
            "demo output": demo,
            "demo, repaired only": [r for r in demo if r["cleaning"]["edits"]],
            "fake bold (generated)": fake_bold_records(20),
        }
        print(f"{'data set':24} {'records':>7} {'edits':>6} {'json':>7} {'arrow':>7}   (cleaning / text)")
        for name, records in sets.items():
            edits = sum(len(r["cleaning"]["edits"]) for r in records)
            j, a = ratios(records, work)
            print(f"{name:24} {len(records):7d} {edits:6d} {j:6.2f}x {a:6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
