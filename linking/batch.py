"""Link a whole archive at once (``defnews dedup``): every pair, both directions, one cluster
per connected group, its id the original's key. Every record comes out, in input order."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linking import shingles as sh
from linking import similarity
from linking.authority import original_key, record_key
from linking.relations import INVERSE, merged, pair_rel
from linking.url_links import url_links


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


def content_pairs(records: Sequence[dict[str, Any]], num_perm: int = 128, seed: int = 1,
                  threshold: float = 0.3) -> list[tuple[int, int, similarity.Match]]:
    """``(i, j, match)`` for every pair ``i < j`` that MinHash-LSH proposes and the exact check keeps."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sets = [sh.shingles(r.get("articleBody") or "", r.get("inLanguage")) for r in records]
    signatures = []
    for i, shingle_set in enumerate(sets):
        signature = sh.minhash(shingle_set, num_perm, seed)
        signatures.append(signature)
        if shingle_set:
            lsh.insert(i, signature)
    pairs = []
    for i, shingle_set in enumerate(sets):
        if not shingle_set:
            continue
        for j in sorted(lsh.query(signatures[i])):
            if j <= i or records[i].get("url") == records[j].get("url"):
                continue
            match = similarity.compare(records[i]["articleBody"], shingle_set, records[j]["articleBody"], sets[j],
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
