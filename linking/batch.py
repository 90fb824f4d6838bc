"""Link a whole archive at once (``defnews dedup``): every pair, both directions, one cluster
per connected group, its id the original's key. Every record comes out, in input order."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from linking import shingles as sh
from linking import similarity
from linking.authority import original_key, record_key
from linking.relations import INVERSE, merged, pair_rel
from linking.url_links import url_links


Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]


class _Clusters:
    """Union-find over record positions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def signature_of(job: tuple[str, str | None, int, int]) -> Any:
    """``(text, language, num_perm, seed)`` → MinHash hash values (an array), or None for a
    text with no shingles. Module-level so an engine can ship it to workers."""
    text, lang, num_perm, seed = job
    shingle_set = sh.shingles(text, lang)
    return sh.minhash(shingle_set, num_perm, seed).hashvalues if shingle_set else None


def content_pairs(records: Sequence[dict[str, Any]], num_perm: int = 128, seed: int = 1,
                  threshold: float = 0.3, mapper: Mapper = map) -> list[tuple[int, int, similarity.Match]]:
    """``(i, j, match)`` for every pair ``i < j`` that MinHash-LSH proposes and the exact check
    keeps. ``mapper`` computes the signatures (``map``, or an engine's ordered map)."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    jobs = ((r.get("articleBody") or "", r.get("inLanguage"), num_perm, seed) for r in records)
    signatures: list[Any] = []
    for i, hashvalues in enumerate(mapper(signature_of, jobs)):
        signature = None if hashvalues is None else LeanMinHash(seed=seed, hashvalues=hashvalues, scheme=sh.SCHEME)
        signatures.append(signature)
        if signature is not None:
            lsh.insert(i, signature)
    # Only the current record's shingle set is kept: caching the candidates' sets too held up
    # to ~100 KB per record (3.5 GB at 100,000 records); recomputing one costs less than that.
    pairs = []
    for i, signature in enumerate(signatures):
        if signature is None:
            continue
        candidates = [j for j in sorted(lsh.query(signature)) if j > i and records[i].get("url") != records[j].get("url")]
        if not candidates:
            continue
        mine = sh.shingles(records[i].get("articleBody") or "", records[i].get("inLanguage"))
        for j in candidates:
            theirs = sh.shingles(records[j].get("articleBody") or "", records[j].get("inLanguage"))
            match = similarity.compare(records[i]["articleBody"], mine, records[j]["articleBody"], theirs,
                                       records[i].get("inLanguage"))
            if match is not None:
                pairs.append((i, j, match))
    return pairs


def link_all(records: Sequence[dict[str, Any]], **lsh_params: Any) -> list[dict[str, Any]]:
    """Every record, with its links completed in both directions and its ``clusterId``."""
    n = len(records)
    extra: list[list[dict[str, str]]] = [url_links(r) for r in records]
    clusters = _Clusters(n)
    for i, j, match in content_pairs(records, **lsh_params):
        rel = pair_rel(records[i], records[j], match)
        extra[i].append({"rel": rel, "url": str(records[j]["url"])})
        extra[j].append({"rel": INVERSE[rel], "url": str(records[i]["url"])})
        clusters.union(i, j)
    by_url: dict[str, int] = {}
    for i, record in enumerate(records):
        by_url.setdefault(str(record.get("url")), i)
    for i, record in enumerate(records):
        for link in list(record.get("links") or []) + extra[i]:
            j = by_url.get(link["url"])
            if j is not None and j != i and link["rel"] in INVERSE:
                extra[j].append({"rel": INVERSE[link["rel"]], "url": str(record["url"])})
                clusters.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(clusters.find(i), []).append(i)
    out = []
    linked = [{**r, "links": merged(list(r.get("links") or []), extra[i])} for i, r in enumerate(records)]
    cluster_id = {}
    for group in members.values():
        best = min(group, key=lambda i: original_key(linked[i]))
        for i in group:
            cluster_id[i] = record_key(linked[best])
    for i, record in enumerate(linked):
        out.append({**record, "clusterId": cluster_id[i]})
    return out
