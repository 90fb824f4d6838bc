"""Size of the stored audit trail: the serialized ``cleaning`` block against the text it describes.

Cleans every corrupted record of the dev set as an article and prints, in UTF-8
bytes with compact separators (as the JSON Lines writer stores them): the
cleaning block / input text in total and per record (median, worst, how many
above 1), and the same for the ``edits`` list alone; replay is checked exact.

    .venv/bin/python benchmarks/bench_edit_log.py
"""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaning import clean_article  # noqa: E402
from cleaning.article import replay_text  # noqa: E402
from cleaning.edit_log import Edit  # noqa: E402

DEV_SET = ROOT.parent / "shared" / "bench" / "repeats-dev.jsonl"


def size(obj: object) -> int:
    return len(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode())


def main() -> int:
    rows = [json.loads(line) for line in DEV_SET.read_text("utf-8").splitlines()]
    block_ratios, edit_ratios, tb, te, tt = [], [], 0, 0, 0
    for r in rows:
        if r["control"]:
            continue
        out = clean_article({"url": "https://example.org/a", "articleBody": r["input"]})
        edits = out["cleaning"]["edits"]
        replayed = replay_text(r["input"], [Edit.from_dict(e) for e in edits])
        assert replayed == out["articleBody"], r["id"]
        text = len(r["input"].encode())
        block, edit = size(out["cleaning"]), size(edits)
        tb, te, tt = tb + block, te + edit, tt + text
        block_ratios.append(block / text)
        edit_ratios.append(edit / text)
    n = len(block_ratios)
    print(f"{n} corrupted records, {tt / 1e3:.1f} kB of text; replay exact for all")
    for name, total, ratios in (("cleaning block", tb, block_ratios), ("edits only", te, edit_ratios)):
        print(f"  {name:15} total {total / tt:.3f}x  median {statistics.median(ratios):.3f}x  worst {max(ratios):.2f}x"
              f"  above 1: {sum(x > 1 for x in ratios)}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
