"""The record contract, version 3: every key present, in one order, with fixed nested keys.

Analysts load the JSONL with pandas, polars and duckdb, which infer a schema from
the first rows they see.  A key that is sometimes absent, or an object whose keys
are field names, makes them drop or refuse data.  So every record defnews writes
has exactly the keys of :data:`TOP_LEVEL` (``null``, ``[]`` or ``0`` when unknown),
``metadata`` exactly :data:`METADATA`, and ``cleaning`` exactly :data:`CLEANING`.
``cleaning/article.schema.json`` states the same contract for validators, and
``data/README.md`` documents each key.

:func:`conform_record` brings any record to that shape: it fills absent keys,
orders them, keeps keys outside the contract in ``metadata.extra`` (a JSON
object serialised to a string, so its type never varies between files; keys
from ``metadata`` and ``cleaning`` are prefixed with that name), and
upgrades older records: version 1 (no ``schemaVersion``; ``cleaning.fixes`` and
``cleaning.edits`` as objects keyed by field name) and version 2 (edits without
``lags``: every piece's text in ``removed``, which version 3 reads as ``lags`` empty).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson

SCHEMA_VERSION = 3

_Default = Callable[[], Any]


def _none() -> None:
    return None


#: Top-level keys in stored order, each with the factory of its "unknown" value.
TOP_LEVEL: tuple[tuple[str, _Default], ...] = (
    ("schemaVersion", lambda: SCHEMA_VERSION),
    ("url", _none),
    ("canonicalUrl", _none),
    ("headline", _none),
    ("datePublished", _none),
    ("datePublishedRaw", _none),
    ("datePublishedPrecision", _none),
    ("dateModified", _none),
    ("dateModifiedPrecision", _none),
    ("inLanguage", _none),
    ("breadcrumbs", list),
    ("description", _none),
    ("articleBody", _none),
    ("source", _none),
    ("version", lambda: 1),
    ("links", list),
    ("clusterId", _none),
    ("metadata", dict),
    ("cleaning", _none),
)

#: ``metadata`` keys in stored order.
METADATA: tuple[tuple[str, _Default], ...] = (
    ("dateDownloaded", _none),
    ("extractionMethod", _none),
    ("contentType", _none),
    ("encoding", _none),
    ("decodeErrors", lambda: 0),
    ("validationMessages", list),
    ("dateCandidates", list),
    ("warc", _none),
    ("change", _none),
    ("extra", _none),
)

#: ``cleaning`` keys in stored order.
CLEANING: tuple[tuple[str, _Default], ...] = (
    ("version", _none),
    ("contentHash", _none),
    ("fixes", list),
    ("edits", list),
)

#: Keys of one serialised repeat-repair edit, in stored order.
EDIT_KEYS = ("field", "kind", "start", "end", "step", "removed", "score", "spans", "lags")

_MIDNIGHT = re.compile(r"T00:00(:00(\.0+)?)?(Z|[+-]\d{2}:\d{2})$")


def _fill(values: Mapping[str, Any], keys: Iterable[tuple[str, _Default]]) -> dict[str, Any]:
    return {key: values[key] if key in values else default() for key, default in keys}


def _keep(extra: dict[str, Any], key: str, value: Any) -> None:
    # Two different values under one name are both kept: the later one gets a "~".
    while key in extra and extra[key] != value:
        key += "~"
    extra[key] = value


def _extra(record: Mapping[str, Any], metadata: Mapping[str, Any], block: Mapping[str, Any] | None) -> str | None:
    """Keys outside the contract, kept rather than dropped, as one JSON object string.

    A top-level key keeps its name; one found in ``metadata`` or ``cleaning`` is
    prefixed with that object's name (``metadata.pdfPages``).
    """
    extra: dict[str, Any] = {}
    if metadata.get("extra") is not None:
        for key, value in _earlier_extra(metadata["extra"]).items():
            _keep(extra, key, value)
    for prefix, values, known in (("", record, TOP_LEVEL), ("metadata.", metadata, METADATA),
                                  ("cleaning.", block or {}, CLEANING)):
        names = {key for key, _ in known}
        for key, value in values.items():
            if key not in names:
                _keep(extra, prefix + key, value)
    return orjson.dumps(extra, option=orjson.OPT_SORT_KEYS).decode() if extra else None


def _earlier_extra(value: Any) -> dict[str, Any]:
    # An ``extra`` this function wrote is a JSON object string; anything else found
    # there is kept as it is, under its own name, rather than lost.
    if isinstance(value, str):
        try:
            parsed = orjson.loads(value)
        except orjson.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict):
            return parsed
    return {"extra": value}


def date_precision(value: Any) -> str | None:
    """The precision of a version-1 date, which did not record it.

    Version 1 stored a date known only to the day as midnight in the source's
    zone, so midnight is read as ``"day"``: claiming a real time would be worse
    than losing the rare article really published at 00:00.

    >>> date_precision("2024-07-28T00:00:00+09:00"), date_precision("2024-07-28T10:15:00Z"), date_precision(None)
    ('day', 'time', None)
    """
    if not isinstance(value, str):
        return None
    return "day" if _MIDNIGHT.search(value) else "time"


def edit_entry(field: str, edit: Mapping[str, Any]) -> dict[str, Any]:
    """One serialised edit, ``{"field", "kind", "start", "end", "step", "removed", "score", "spans", "lags"}``.

    ``step`` defaults to 1 (a contiguous deletion), ``spans`` and ``lags`` to
    empty (version 1 and 2 edits: one piece, its text in ``removed``); a
    version-1 ``reason`` is dropped, because the kind names the reason (see
    ``data/README.md``).
    """
    entry = {"field": field, **edit}
    entry.setdefault("step", 1)
    entry.setdefault("spans", [])
    entry.setdefault("lags", [])
    return {key: entry[key] for key in EDIT_KEYS}


def _upgrade_cleaning(block: Mapping[str, Any]) -> dict[str, Any]:
    fixes = block.get("fixes")
    if isinstance(fixes, Mapping):  # version 1: {field: [names]}
        fixes = [{"field": field, "name": name} for field, names in fixes.items() for name in names]
    edits = block.get("edits")
    if isinstance(edits, Mapping):  # version 1: {field: [edit]}
        edits = [edit_entry(field, edit) for field, field_edits in edits.items() for edit in field_edits]
    elif edits and any(isinstance(e, Mapping) and "lags" not in e for e in edits):  # version 2: no lags
        edits = [e if "lags" in e else edit_entry(e.get("field"), e) for e in edits]
    return _fill({**block, "fixes": fixes or [], "edits": edits or []}, CLEANING)


def utc_z(value: Any) -> Any:
    """``metadata.dateDownloaded`` in its one format, UTC with ``Z`` as WARC-Date writes it:
    records stored before it (``+00:00``) are read the same way. Other values pass unchanged.

    >>> utc_z("2026-11-30T15:10:00+00:00"), utc_z("2026-11-30T15:10:00Z"), utc_z("2026-11-30T15:10:00+09:00")
    ('2026-11-30T15:10:00Z', '2026-11-30T15:10:00Z', '2026-11-30T15:10:00+09:00')
    """
    if isinstance(value, str) and value.endswith(("+00:00", "-00:00")):
        return value[:-6] + "Z"
    return value


def conform_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``record`` in the shape of contract version 3; ``record`` is not modified.

    Raises ``TypeError`` if ``metadata`` or ``cleaning`` is present but not an
    object, since there is no faithful way to keep it.

    >>> r = conform_record({"url": "https://x.gov/a", "articleBody": "b", "datePublished": "2024-01-02T00:00:00+09:00"})
    >>> list(r)[:4], r["datePublishedPrecision"], r["metadata"]["validationMessages"], r["cleaning"]
    (['schemaVersion', 'url', 'canonicalUrl', 'headline'], 'day', [], None)
    """
    metadata = record.get("metadata")
    metadata = {} if metadata is None else metadata
    block = record.get("cleaning")
    if not isinstance(metadata, Mapping):
        raise TypeError(f"'metadata' must be an object, not {type(metadata).__name__}")
    if block is not None and not isinstance(block, Mapping):
        raise TypeError(f"'cleaning' must be an object, not {type(block).__name__}")
    out = _fill(record, TOP_LEVEL)
    out["schemaVersion"] = SCHEMA_VERSION
    for field in ("datePublished", "dateModified"):
        if f"{field}Precision" not in record:
            out[f"{field}Precision"] = date_precision(record.get(field))
    out["breadcrumbs"] = list(out["breadcrumbs"] or [])
    out["links"] = list(out["links"] or [])
    out["metadata"] = {**_fill(metadata, METADATA), "extra": _extra(record, metadata, block)}
    out["metadata"]["validationMessages"] = list(out["metadata"]["validationMessages"] or [])
    out["metadata"]["dateCandidates"] = list(out["metadata"]["dateCandidates"] or [])
    out["metadata"]["dateDownloaded"] = utc_z(out["metadata"]["dateDownloaded"])
    out["cleaning"] = _upgrade_cleaning(block) if block is not None else None
    return out
