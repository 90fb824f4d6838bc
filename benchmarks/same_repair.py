"""Does this tree repair text exactly as another commit does?  Output bytes and edit logs, compared.

A speed change to the repeat repair must change no output.  This cleans one set of
inputs with this tree's ``cleaning`` and with a base commit's (checked out in a temporary
worktree, its compiled kernel built there), and compares, for every input, the output of
``explain_repeats`` and of ``clean_text`` (text, fixes and edits, every field of every edit).

Inputs: the dev set (``shared/bench/repeats-dev.jsonl``), every string of ``tests/cases``,
the generator's families (``repeat_defects.py --split tune``), the 201 extracted bodies of
``shared/extract-corpus`` (``repeat_legit_web.py``'s inputs), and ``bench_collapse``'s
corrupted articles and adversarial shapes (at 20k characters).

    .venv/bin/python benchmarks/same_repair.py [--against main] [--per-family 40]

Exit status 0 when every input gives identical results, 1 otherwise (the first differences are
printed).  ``--save FILE --inputs FILE`` is the inner mode run in each tree.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "bench" / "repeats-dev.jsonl"
CASES = ROOT / "tests" / "cases"
SHAPE_CHARS = 20_000


def _strings(node: Any) -> list[str]:
    """Every string value of a JSON document (inputs, originals and expected texts alike)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def gather(per_family: int) -> list[tuple[str, str]]:
    """``(source, text)`` pairs, each text once."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_collapse
    import bench_extract
    import repeat_defects

    out: list[tuple[str, str]] = []
    if DEV_SET.exists():
        out += [("dev", json.loads(line)["input"]) for line in DEV_SET.read_text("utf-8").splitlines() if line.strip()]
    for path in sorted(CASES.iterdir()):
        if path.suffix == ".json":
            out += [(f"cases/{path.name}", s) for s in _strings(json.loads(path.read_text("utf-8")))]
        elif path.suffix == ".txt":
            out += [(f"cases/{path.name}", s) for s in path.read_text("utf-8").splitlines() if s.strip()]
    out += [(f"tune/{r['family']}", r["input"]) for r in repeat_defects.build("tune", per_family, 7)]
    out += [("corpus", bench_extract.ours_generic(page)[0] or "") for page in bench_extract.corpus_pages()]
    rows = [json.loads(line) for line in DEV_SET.read_text("utf-8").splitlines()] if DEV_SET.exists() else []
    corrupt = sorted((r for r in rows if not r["control"]), key=lambda r: r["family"])
    out += [("bench/articles", d) for d in bench_collapse.articles([r["input"] for r in corrupt])]
    out += [(f"bench/{name}", make(SHAPE_CHARS)) for name, make in bench_collapse.adversarial_shapes().items()]
    seen: set[str] = set()
    return [(src, t) for src, t in out if len(t) > 1 and not (t in seen or seen.add(t))]  # type: ignore[func-returns-value]


def results(texts: list[str]) -> tuple[list[str], float]:
    """For each text, a digest of ``explain_repeats`` and ``clean_text`` with every edit field; and CPU seconds."""
    from cleaning import clean_text, explain_repeats

    def edits(es: list[Any]) -> list[tuple[Any, ...]]:
        return [(e.start, e.end, e.removed, e.kind, e.score, e.reason) for e in es]

    out, start = [], time.process_time()
    for t in texts:
        text, log = explain_repeats(t)
        cleaned, fixes, cleaned_log = clean_text(t)
        blob = json.dumps([text, edits(log), cleaned, fixes, edits(cleaned_log)], ensure_ascii=False)
        out.append(hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest())
    return out, time.process_time() - start


def base_tree(ref: str, where: Path) -> Path:
    """A detached worktree of ``ref`` with its compiled kernel built in place."""
    tree = where / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref], check=True, capture_output=True)
    # Cython is a build requirement only (pyproject's build-system): pip builds a wheel in isolation
    wheels = where / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(tree)],
                   check=True, capture_output=True)
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as whl:
        for name in whl.namelist():
            if name.startswith("cleaning/repeat_kernels") and name.endswith(".so"):
                (tree / name).write_bytes(whl.read(name))
    return tree


def run_in(tree: Path, inputs: Path, save: Path) -> None:
    """This script's inner mode with ``tree``'s ``cleaning`` first on the path."""
    code = (f"import sys; sys.path.insert(0, {str(tree)!r}); import cleaning; "
            f"assert cleaning.__file__.startswith({str(tree)!r}), cleaning.__file__; "
            f"sys.argv = ['same_repair', '--inputs', {str(inputs)!r}, '--save', {str(save)!r}]; "
            f"path = {str(Path(__file__).resolve())!r}; "
            f"exec(compile(open(path).read(), path, 'exec'), {{'__name__': '__main__', '__file__': path}})")
    subprocess.run([sys.executable, "-c", code], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", default="main", help="the base commit (default: main)")
    ap.add_argument("--per-family", type=int, default=40, help="generator rows per family (tune split)")
    ap.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--save", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.save:  # inner mode: digest the inputs with whatever ``cleaning`` is first on the path
        texts = [t for _, t in json.loads(args.inputs.read_text("utf-8"))]
        digests, took = results(texts)
        args.save.write_text(json.dumps({"digests": digests, "seconds": took}))
        return 0
    pairs = gather(args.per_family)
    with tempfile.TemporaryDirectory(prefix="same_repair_") as tmp:
        where = Path(tmp)
        inputs = where / "inputs.json"
        inputs.write_text(json.dumps(pairs, ensure_ascii=False), "utf-8")
        try:
            tree = base_tree(args.against, where)
            run_in(tree, inputs, where / "base.json")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where / "base")], capture_output=True)
        run_in(ROOT, inputs, where / "ours.json")
        base, ours = (json.loads((where / f"{n}.json").read_text()) for n in ("base", "ours"))
    diff = [i for i, (a, b) in enumerate(zip(base["digests"], ours["digests"])) if a != b]
    by_source: dict[str, int] = {}
    for src, _ in pairs:
        by_source[src.split("/")[0]] = by_source.get(src.split("/")[0], 0) + 1
    print(f"{len(pairs)} inputs ({', '.join(f'{k} {v}' for k, v in by_source.items())})")
    print(f"CPU seconds: {args.against} {base['seconds']:.2f}, this tree {ours['seconds']:.2f}")
    for i in diff[:10]:
        print(f"  differs: {pairs[i][0]}: {pairs[i][1][:120]!r}")
    print(f"{len(diff)} of {len(pairs)} differ")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
