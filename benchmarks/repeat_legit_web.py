"""Legitimate repetition in real web pages: how many extracted bodies of
``shared/extract-corpus`` (201 real news and blog pages, many languages) the repeat repair
changes, and each change with its reason.

These pages carry no repeat defect that we know of: a change is a deletion of text a writer
wrote (a refrain, a list of versions, a calendar) or of a line the page itself prints twice
(a caption under and over a photo).  Issue 7's rule is that legitimate repetition is never
changed; this run shows how far real text, unlike the generator's, keeps to it.

    .venv/bin/python benchmarks/repeat_legit_web.py [--bodies ours|trafilatura]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_extract  # noqa: E402
from cleaning.article import explain_text  # noqa: E402

#: Edits of normalization, not of the repeat repair.
REPEAT_KINDS = frozenset({"run_doubling", "char_doubling", "line_repeat", "truncated_copy",
                          "paragraph_repeat", "sentence_repeat"})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bodies", choices=("ours", "trafilatura"), default="ours",
                    help="whose extracted bodies to clean (default: ours)")
    args = ap.parse_args()
    extract = bench_extract.ours_generic if args.bodies == "ours" else bench_extract.trafilatura_run
    pages = bench_extract.corpus_pages()
    changed = 0
    for page in pages:
        body = extract(page)[0] or ""
        edits = [e for e in explain_text(body).edits if e.kind in REPEAT_KINDS]
        changed += bool(edits)
        for e in edits:
            print(f"  {page.name}: {e.kind}: {e.reason[:100]}")
    print(f"{args.bodies} bodies changed by the repeat repair: {changed}/{len(pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
