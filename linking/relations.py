"""The typed link between two records that the exact check matched, and link lists' order."""
from __future__ import annotations

from typing import Any

from linking.authority import original_key
from linking.similarity import Match

Link = dict[str, str]

INVERSE = {
    "isBasedOn": "isBasisFor",
    "isBasisFor": "isBasedOn",
    "sameAs": "sameAs",
    "encoding": "encoding",
    "translationOfWork": "workTranslation",
    "workTranslation": "translationOfWork",
}


def _is_pdf(record: dict[str, Any]) -> bool:
    meta = record.get("metadata") or {}
    return meta.get("contentType") == "application/pdf" or str(record.get("url", "")).lower().endswith(".pdf")


def pair_rel(a: dict[str, Any], b: dict[str, Any], match: Match) -> str:
    """The rel of the link from ``a`` to ``b``.

    - an HTML page and a PDF with the same text: ``encoding`` (renditions of one release);
    - the same text from one source at two URLs: ``sameAs``;
    - otherwise one is a republication: the less authoritative (or later) copy ``isBasedOn``
      the other (:func:`linking.authority.original_key`), which ``isBasisFor`` it.
    """
    if match.kind == "same" and _is_pdf(a) != _is_pdf(b):
        return "encoding"
    if match.kind == "same" and a.get("source") == b.get("source"):
        return "sameAs"
    return "isBasisFor" if original_key(a) <= original_key(b) else "isBasedOn"


def merged(links: list[Link], extra: list[Link]) -> list[Link]:
    """Both lists, without repeats, in canonical order (rel, url): the same set of links is
    always written the same way, whatever order it was found in."""
    seen = {(link["rel"], link["url"]) for link in links} | {(link["rel"], link["url"]) for link in extra}
    return [{"rel": rel, "url": url} for rel, url in sorted(seen)]
