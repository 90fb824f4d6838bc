"""Archive jobs (issue 10): dedup throughput and memory, rebuild against the floor of reading the
WARC, and the Ray engine's overhead against the local one. All figures from one run.

1. **dedup** (``linking.link_all``, one core): N synthetic records made from real paragraphs
   (the ``<p>`` texts of the 201 real pages in ``../shared/extract-corpus`` and its reference
   snippets, the seed release's paragraphs), cut into sentences. Each record is 3-8 paragraphs
   of 2-5 sentences drawn at random;
   a tenth are republications of an earlier record (an intro line added, a paragraph dropped)
   and a tenth templated variants (a number changed). Records/s, and the peak resident memory
   the step added (``ru_maxrss`` of a fresh child process, minus its size before the step).
2. **rebuild** (``defnews.rebuild.rebuild``, local engine, one core) over a WARC of M mod_ja
   responses written with the crawl's own writer from the mirror's pages, against the floor:
   warcio reading every record and its body and nothing else. Pages/s of both and their ratio.
3. **Ray overhead**: ``defnews dedup``'s signature step on the same K records through
   ``--engine ray`` (a local 2-CPU cluster, started before timing; its start-up is shown
   apart) against ``--engine local`` with one worker. Their ratio (>1 means Ray is slower).

    .venv/bin/python benchmarks/bench_archive.py [--quick] [--records N] [--pages M]

One run on the shared 2-core development machine (2026-11-30, the test suite running alongside,
so absolute times are pessimistic; the ratios are from one run):

    dedup: 100000 records in 404.2 s = 247 records/s on one core; peak RSS +1204 MB (1709 MB total);
           87777 clusters, 21235 records linked (the republications, both ends; no templated variant)
    rebuild: 2000 pages = 41 pages/s; floor (warcio read only): 2436 pages/s -> 59.9x the floor
             (extraction and repeat collapse dominate, as in the crawl)
    ray: 5000 signatures, local 1 worker 1.72 s, Ray 2 CPUs 4.45 s (+8.8 s cluster start-up)
         -> 2.59x the local time: on 2 shared cores the task overhead outweighs the parallelism
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


def paragraphs() -> list[str]:
    """Real paragraphs, at least 40 characters each, de-duplicated, in a fixed order."""
    found: list[str] = []
    pages = SHARED / "extract-corpus" / "pages"
    if pages.is_dir():
        from selectolax.lexbor import LexborHTMLParser

        for page in sorted(pages.iterdir()):
            tree = LexborHTMLParser(page.read_bytes().decode("utf-8", "replace"))
            found += [node.text(separator=" ", strip=True) for node in tree.css("p")]
    evaldata = SHARED / "extract-corpus" / "evaldata.json"
    if evaldata.is_file():
        for entry in json.loads(evaldata.read_text("utf-8")).values():
            found += [s for s in entry.get("with") or [] if isinstance(s, str)]
    found += (ROOT / "tests/cases/clean_paragraphs.txt").read_text("utf-8").splitlines()
    reference = HERE / "reference_bodies.json"
    if reference.is_file():
        data = json.loads(reference.read_text("utf-8"))
        bodies = data.values() if isinstance(data, dict) else data
        for body in bodies:
            if isinstance(body, str):
                found += body.split("\n")
    return sorted({p.strip() for p in found if len(p.strip()) >= 40})


def sentences() -> list[str]:
    """The real paragraphs cut into sentences (at least 20 characters each)."""
    cut = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
    return sorted({s.strip() for p in paragraphs() for s in cut.split(p) if len(s.strip()) >= 20})


def synthetic_records(n: int, seed: int = 10) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pool = sentences()
    records: list[dict[str, Any]] = []
    for i in range(n):
        roll = rng.random()
        if records and roll < 0.1:
            base = rng.choice(records)
            lines = base["articleBody"].split("\n")
            if len(lines) > 3:
                del lines[rng.randrange(1, len(lines) - 1)]
            body = "The ministry published the following on its website.\n" + "\n".join(lines)
            source = "jdefense"
        elif records and roll < 0.2:
            body = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), rng.choice(records)["articleBody"], count=1)
            source = "generic"
        else:
            # 3-8 paragraphs of 2-5 sentences drawn from all the real sentences: records share
            # sentences now and then, as news does, but rarely whole paragraphs.
            body = "\n".join(" ".join(rng.sample(pool, rng.randint(2, 5))) for _ in range(rng.randint(3, 8)))
            source = "generic"
        records.append({"url": f"https://example.org/{i}", "canonicalUrl": None, "articleBody": body,
                        "source": source, "inLanguage": None, "datePublished": None, "links": [],
                        "clusterId": None, "metadata": {"contentType": "text/html"}})
    return records


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dedup_child(n: int, queue: Any) -> None:
    from linking import link_all

    records = synthetic_records(n)
    before = _max_rss_mb()
    start = time.perf_counter()
    linked = link_all(records)
    seconds = time.perf_counter() - start
    clusters = len({r["clusterId"] for r in linked})
    linked_count = sum(1 for r in linked if r["links"])
    queue.put((seconds, _max_rss_mb() - before, _max_rss_mb(), clusters, linked_count))


def bench_dedup(n: int) -> None:
    ctx = mp.get_context("spawn")  # a fresh process: its peak RSS is this step's
    queue = ctx.Queue()
    child = ctx.Process(target=_dedup_child, args=(n, queue))
    child.start()
    seconds, added_mb, peak_mb, clusters, linked = queue.get()
    child.join()
    print(f"dedup: {n} records in {seconds:.1f} s = {n / seconds:.0f} records/s on one core; "
          f"peak RSS +{added_mb:.0f} MB ({peak_mb:.0f} MB total); {clusters} clusters, {linked} records linked")


def write_warc(path: Path, pages: int) -> None:
    from scrapy.http import Request, Response

    from crawler.mirror_server import DEFAULT_MIRROR, guess_type, load_meta
    from crawler.warc_archive import WarcWriterFile

    started = datetime(2026, 8, 27, tzinfo=UTC)
    info = {"defnews-spider": "mod_ja", "defnews-run-id": "20260827T000000Z",
            "defnews-started": started.isoformat(), "defnews-spider-args": json.dumps({"base_url": "http://m.invalid"})}
    files = sorted(p for p in (DEFAULT_MIRROR / "mod" / "j").rglob("*.html") if "24c" not in p.name)
    writer = WarcWriterFile(path, info)
    for n in range(pages):
        file = files[n % len(files)]
        body = file.read_bytes()
        headers = {"Content-Type": guess_type(file, body), **load_meta(file).get("headers", {})}
        request = Request(f"http://m.invalid/copy{n}/{file.name}", meta={"article": True})
        response = Response(request.url, status=200, headers=headers, body=body, request=request)
        writer.write_exchange(request, response, started + timedelta(seconds=n))
    writer.close()


def bench_rebuild(pages: int) -> None:
    from warcio.archiveiterator import ArchiveIterator

    from defnews.engines import Engine
    from defnews.rebuild import rebuild

    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "mod_ja.warc.gz"
        write_warc(warc, pages)
        warm = Path(tmp) / "warm" / "mod_ja.warc.gz"
        write_warc(warm, 5)  # untimed: one-time imports (scipy via datasketch, pypdfium2, Scrapy)
        rebuild([warm], Path(tmp) / "warm-out", Engine(), {"DEFNEWS_STORE_MODE": "overwrite", "LOG_LEVEL": "ERROR"})
        start = time.perf_counter()
        with warc.open("rb") as fh:
            read = sum(len(r.raw_stream.read()) >= 0 for r in ArchiveIterator(fh) if r.rec_type == "response")
        floor = time.perf_counter() - start
        settings = {"DEFNEWS_STORE_MODE": "overwrite", "LOG_LEVEL": "ERROR"}
        start = time.perf_counter()
        counts, problems = rebuild([warc], Path(tmp) / "out", Engine(), settings)
        ours = time.perf_counter() - start
        assert read == pages and not problems, problems
    print(f"rebuild: {pages} pages in {ours:.2f} s after warm-up = {pages / ours:.0f} pages/s "
          f"(stored {counts['stored']}); floor (warcio read only): {pages / floor:.0f} pages/s")
    print(f"ours/floor rebuild: {ours / floor:.1f}x the time of reading the WARC")


def bench_ray(n: int) -> None:
    from defnews.engines import Engine, ordered_map, ray_init
    from linking.batch import signature_of

    records = synthetic_records(n)
    jobs = [(r["articleBody"], None, 128, 1) for r in records]
    start = time.perf_counter()
    local = list(ordered_map(signature_of, jobs, Engine("local", 1)))
    local_s = time.perf_counter() - start
    ray_engine = Engine("ray", 2)
    start = time.perf_counter()
    ray_init(ray_engine)
    startup = time.perf_counter() - start
    list(ordered_map(signature_of, jobs[:64], ray_engine))  # warm the workers
    start = time.perf_counter()
    on_ray = list(ordered_map(signature_of, jobs, ray_engine))
    ray_s = time.perf_counter() - start
    import ray

    ray.shutdown()
    same = all((a is None and b is None) or (a == b).all() for a, b in zip(local, on_ray, strict=True))
    print(f"ray: {n} signatures local 1 worker {local_s:.2f} s, ray 2 CPUs {ray_s:.2f} s "
          f"(cluster start-up {startup:.1f} s, not included); identical: {same}")
    print(f"ours/local ray overhead: {ray_s / local_s:.2f}x the local time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--ray-records", type=int, default=5_000)
    args = parser.parse_args()
    if args.quick:
        args.records, args.pages, args.ray_records = 1_000, 100, 500
    bench_dedup(args.records)
    bench_rebuild(args.pages)
    bench_ray(args.ray_records)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
