"""The persistent link index: link each new record against everything stored before it.

A scheduled run must link today's records against the whole archive, not only today's, so the
index lives on disk next to the data (``<data>/links/``):

- ``params.json``: the parameters (MinHash permutations and seed, LSH threshold, shingle sizes,
  thresholds) and the library versions (datasketch, rapidfuzz, Python) the signatures were made
  with; an index opened with other parameters or versions recomputes every signature from the
  stored texts rather than mixing incompatible ones;
- ``entries.jsonl``: one line per indexed record (URL, canonical URL, source, language, date,
  content type, stated links, cluster, cleaned body, signature), appended as records arrive.

Records only gain links and a ``clusterId``; nothing is ever dropped. A record links to the
records indexed before it, and gets the inverse of every indexed record's link to it (a
translation stated by a page crawled earlier, a copy that ``isBasedOn`` it): whichever of two
records is stored second carries both directions' evidence, as ``defnews dedup`` gives them.
The line of the record stored *first* is not rewritten (the store is append-only); it gains
the inverse link when it is stored again (a new version, a rebuild) or from ``defnews dedup``,
which links the whole archive at once (:mod:`linking.batch`).
"""
from __future__ import annotations

import base64
import contextlib
import fcntl
import os
import platform
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from linking import shingles as sh
from linking import similarity
from linking.authority import original_key, record_key
from linking.relations import INVERSE, Link, merged, pair_rel
from linking.url_links import url_links

@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on ``directory/.lock`` (flock: released if the process dies)."""
    with (directory / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


ENTRY_FIELDS = ("url", "canonicalUrl", "source", "inLanguage", "datePublished", "links", "clusterId")


@dataclass(frozen=True)
class LinkParams:
    """Every number that decides a link (see :mod:`linking.similarity` for the thresholds)."""

    num_perm: int = 128
    seed: int = 1
    lsh_threshold: float = 0.3
    char_k: int = sh.CHAR_K
    word_k: int = sh.WORD_K
    same_jaccard: float = similarity.SAME_JACCARD
    containment: float = similarity.CONTAINMENT
    anchor: int = similarity.ANCHOR
    word_anchor: int = similarity.WORD_ANCHOR
    line_similarity: int = similarity.LINE_SIMILARITY
    min_shared: int = similarity.MIN_SHARED
    scheme: str = sh.SCHEME
    hash: str = sh.HASH


def library_versions() -> dict[str, str]:
    import datasketch
    import rapidfuzz

    return {"datasketch": datasketch.__version__, "rapidfuzz": rapidfuzz.__version__,
            "numpy": np.__version__, "python": platform.python_version()}


@dataclass
class Entry:
    record: dict[str, Any]
    text: str
    signature: Any = None

    @property
    def shingles(self) -> frozenset[str]:
        # Not cached: a set of strings costs ~100 bytes per shingle, far more than the text.
        return sh.shingles(self.text, self.record.get("inLanguage"))


def _summary(record: dict[str, Any]) -> dict[str, Any]:
    out = {key: record.get(key) for key in ENTRY_FIELDS}
    out["contentType"] = (record.get("metadata") or {}).get("contentType")
    out["metadata"] = {"contentType": out["contentType"]}
    return out


class LinkIndex:
    """MinHash-LSH over every indexed record's body, keyed by URL."""

    def __init__(self, params: LinkParams | None = None) -> None:
        from datasketch import MinHashLSH

        self.params = params or LinkParams()
        self.entries: dict[str, Entry] = {}
        #: URL → ``(rel, from_url)`` of every indexed record's link to that URL.
        self.inbound: dict[str, set[tuple[str, str]]] = {}
        self.lsh = MinHashLSH(threshold=self.params.lsh_threshold, num_perm=self.params.num_perm)
        self._path: Path | None = None

    # -- linking
    def signature(self, shingle_set: frozenset[str]) -> Any:
        return sh.minhash(shingle_set, self.params.num_perm, self.params.seed)

    def matches(self, record: dict[str, Any], shingle_set: frozenset[str], signature: Any) -> list[tuple[Entry, str]]:
        """Indexed records the exact check relates to ``record``, with the rel from ``record``."""
        found = []
        for key in sorted(self.lsh.query(signature)):
            entry = self.entries[key]
            if entry.record.get("url") == record.get("url"):
                continue
            match = similarity.compare(record["articleBody"], shingle_set, entry.text, entry.shingles,
                                       record.get("inLanguage"))
            if match is not None:
                found.append((entry, pair_rel(record, entry.record, match)))
        return found

    def inverse_links(self, record: dict[str, Any]) -> list[Link]:
        """The inverse of every indexed record's link to ``record`` (by its URL or canonical
        URL): ``workTranslation`` for a stated ``translationOfWork``, ``isBasisFor`` for an
        ``isBasedOn``… Links of the record's own URL and rels without an inverse are left out."""
        url = str(record.get("url"))
        targets = {url, str(record.get("canonicalUrl") or url)}
        found = set()
        for target in targets:
            for rel, source in self.inbound.get(target, ()):
                if source != url and rel in INVERSE:
                    found.add((INVERSE[rel], source))
        return [{"rel": rel, "url": source} for rel, source in sorted(found)]

    def link(self, record: dict[str, Any]) -> dict[str, Any]:
        """``record`` with its links (stated, URL, content ones, and the inverse of indexed
        records' links to it) and ``clusterId``; indexed."""
        body = record.get("articleBody") or ""
        shingle_set = sh.shingles(body, record.get("inLanguage"))
        signature = self.signature(shingle_set)
        found = self.matches(record, shingle_set, signature) if shingle_set else []
        links = merged(list(record.get("links") or []) + url_links(record) + self.inverse_links(record),
                       [{"rel": rel, "url": str(entry.record["url"])} for entry, rel in found])
        related = [entry for entry, _ in found]
        related += [self.entries[link["url"]] for link in links if link["url"] in self.entries]
        out = {**record, "links": links}
        best = min([out, *(e.record for e in related)], key=original_key)
        out["clusterId"] = record_key(out) if best is out else best.get("clusterId") or record_key(best)
        self.add(out, body, signature)
        return out

    # -- contents
    def add(self, record: dict[str, Any], text: str, signature: Any = None) -> None:
        url = str(record["url"])
        if url in self.entries:
            self.lsh.remove(url)
            self._forget_links(self.entries[url])
        if signature is None:
            signature = self.signature(sh.shingles(text, record.get("inLanguage")))
        entry = Entry(_summary(record), text, signature)
        self.entries[url] = entry
        self.lsh.insert(url, signature)
        for link in entry.record.get("links") or []:
            self.inbound.setdefault(str(link["url"]), set()).add((str(link["rel"]), url))
        if self._path is not None:
            line = self._entry_line(entry)
            with _locked(self._path.parent), self._path.open("ab") as fh:
                # Opened per entry: another run's open() may have replaced the file meanwhile.
                fh.write(line)

    def _entry_line(self, entry: Entry) -> bytes:
        hashes = np.asarray(entry.signature.hashvalues, dtype=np.uint64).tobytes()
        data = {**entry.record, "text": entry.text, "minhash": base64.b64encode(hashes).decode("ascii")}
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)

    def _forget_links(self, entry: Entry) -> None:
        url = str(entry.record["url"])
        for link in entry.record.get("links") or []:
            sources = self.inbound.get(str(link["url"]))
            if sources is not None:
                sources.discard((str(link["rel"]), url))
                if not sources:
                    del self.inbound[str(link["url"])]

    def drop_source(self, source: str) -> int:
        """Forget every entry of ``source`` (its stored file is being started afresh)."""
        gone = [url for url, e in self.entries.items() if e.record.get("source") == source]
        for url in gone:
            self.lsh.remove(url)
            self._forget_links(self.entries.pop(url))
        return len(gone)

    # -- persistence
    def header(self) -> dict[str, Any]:
        return {"params": asdict(self.params), "versions": library_versions()}

    @classmethod
    def open(cls, directory: Path, params: LinkParams | None = None, drop: str | None = None) -> LinkIndex:
        """Load ``directory`` (or start it), forget ``drop``'s entries, and keep appending to it."""
        index = cls(params)
        directory.mkdir(parents=True, exist_ok=True)
        entries_path, header_path = directory / "entries.jsonl", directory / "params.json"
        with _locked(directory):  # two spiders' runs may open the index at once
            compatible = header_path.is_file() and orjson.loads(header_path.read_bytes()) == index.header()
            if entries_path.is_file():
                index._load(entries_path, reuse_signatures=compatible)
            if drop:
                index.drop_source(drop)
            header_path.write_bytes(orjson.dumps(index.header(), option=orjson.OPT_INDENT_2))
            index._rewrite(entries_path)
        index._path = entries_path
        return index

    def _load(self, path: Path, reuse_signatures: bool) -> None:
        from datasketch import LeanMinHash

        with path.open("rb") as fh:
            for line in fh:
                try:
                    data = orjson.loads(line)
                except orjson.JSONDecodeError:
                    # A line torn by a killed run: that record is missing from the index (no
                    # later record links to it) until `defnews dedup` or a rebuild.
                    continue
                signature = None
                if reuse_signatures:
                    hashes = np.frombuffer(base64.b64decode(data["minhash"]), dtype=np.uint64)
                    signature = LeanMinHash(seed=self.params.seed, hashvalues=hashes, scheme=sh.SCHEME)
                text = data.pop("text")
                data.pop("minhash", None)
                self.add(data, text, signature)

    def _rewrite(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as fh:
            for entry in self.entries.values():
                fh.write(self._entry_line(entry))
        os.replace(tmp, path)

    def close(self) -> None:
        self._path = None


def link_stream(records: Iterable[dict[str, Any]], index: LinkIndex | None = None) -> Iterable[dict[str, Any]]:
    """Link records one after another, as a crawl does."""
    index = index or LinkIndex()
    for record in records:
        yield index.link(record)
