"""Corrected articles become new versions; nothing stored is ever overwritten.

A ministry corrects a figure or a date in a release it published last week. The page is
fetched again (its ETag changed, or it had none), extracted and cleaned. Then:

- the cleaned body hashes as before (``cleaning.contentHash``): only boilerplate changed
  (a ranking widget, a footer, a session token). No version is made;
- the hash differs: the record is stored as version ``n + 1`` next to version ``n``, with
  ``dateModified`` (the page's own, else the time it was downloaded), a ``previousVersion``
  link and ``metadata.change`` = ``{"previousContentHash", "summary"}`` (record contract v3).

Pure functions; the dedup/version pipeline (``crawler.pipelines.DedupPipeline``) calls them.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from cleaning.article import content_hash

#: Paragraphs compared by the change summary; past this the summary only counts characters.
SUMMARY_MAX_PARAGRAPHS = 2000


@dataclass(frozen=True)
class StoredVersion:
    """What the store knows of the latest stored version of an article."""

    url: str
    version: int
    content_hash: str | None
    body: str


def change_summary(old: str, new: str) -> str:
    """A short human summary of how a cleaned body changed, paragraph by paragraph.

    >>> change_summary("a\\nb\\nc", "a\\nB\\nc\\nd")
    '1 paragraph changed, 1 added, 0 removed; 3 → 4 paragraphs, 5 → 7 characters'
    """
    a, b = old.split("\n"), new.split("\n")
    changed = added = removed = 0
    if len(a) + len(b) <= SUMMARY_MAX_PARAGRAPHS:
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "replace":
                common = min(i2 - i1, j2 - j1)
                changed += common
                removed += (i2 - i1) - common
                added += (j2 - j1) - common
            elif tag == "delete":
                removed += i2 - i1
            elif tag == "insert":
                added += j2 - j1
    noun = "paragraph" if changed == 1 else "paragraphs"
    return (f"{changed} {noun} changed, {added} added, {removed} removed; "
            f"{len(a)} → {len(b)} paragraphs, {len(old)} → {len(new)} characters")


def as_new_version(record: dict[str, Any], previous: StoredVersion, downloaded: str | None) -> dict[str, Any]:
    """`record` as the version after `previous`: ``version``, ``dateModified``, a
    ``previousVersion`` link (to the URL the previous version was stored under; its
    ``version`` and content hash identify it there) and ``metadata.change``."""
    out = dict(record)
    out["version"] = previous.version + 1
    if not out.get("dateModified") and downloaded:
        out["dateModified"] = downloaded
        out["dateModifiedPrecision"] = "time"
    links = [link for link in (out.get("links") or []) if link.get("rel") != "previousVersion"]
    out["links"] = [*links, {"rel": "previousVersion", "url": previous.url}]
    metadata = dict(out.get("metadata") or {})
    metadata["change"] = {
        "previousContentHash": previous.content_hash or content_hash(previous.body),
        "summary": change_summary(previous.body, str(out.get("articleBody") or "")),
    }
    out["metadata"] = metadata
    return out
