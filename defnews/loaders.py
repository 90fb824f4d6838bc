"""Typed loaders for stored articles: one explicit schema, derived from the record contract.

Analysts load ``data/**/*.jsonl`` with pandas, polars, duckdb or pyarrow.  Left to
infer types, those libraries guess from the first rows they see, and a column that
is empty or null there (``cleaning.edits``, ``clusterId``) gets a null type that
then drops or refuses later values.  So the types are not guessed: they are
derived from the contract, ``cleaning/article.schema.json`` (record contract v3,
see ``data/README.md``), by :func:`layout`:

========================================  ==========================================
JSON Schema                               Arrow type
========================================  ==========================================
``$ref: #/$defs/isoDateTime``             ``timestamp[us, tz=UTC]`` (+ offset, below)
``string``, string ``enum``               ``string``
``integer``, integer ``const``            ``int64``
``number``                                ``double``
``boolean``                               ``bool``
``array`` of X                            ``list<X>``
``object`` with ``properties``            ``struct`` with the properties, in order
``oneOf``/``anyOf`` ``null`` or X         X (every Arrow column is nullable)
========================================  ==========================================

Two layouts:

- the **JSON layout** (:func:`polars_schema`, :func:`duckdb_columns`): exactly the
  keys of a stored line, dates typed as UTC timestamps.  Reading JSON this way
  keeps the instant but not the offset the source wrote (``+09:00``): that is in
  ``datePublishedRaw`` and in the export layout.
- the **export layout** (:func:`arrow_schema`, used by ``defnews export``): every
  date ``D`` becomes two columns, ``D`` (UTC timestamp) and ``DOffsetMinutes``
  (``int16``, minutes east of UTC as the record wrote it: ``540`` for ``+09:00``),
  so :func:`from_export_row` gives back the record it was made from.

Nothing here guesses: a record that does not fit the contract raises
:class:`RecordError` saying why.
"""
from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Union

import orjson

from cleaning.records import BadLine, iter_lines, parse_record

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

#: Suffix of the column that keeps a date's UTC offset in the export layout.
OFFSET_SUFFIX = "OffsetMinutes"
_DATE_REF = "#/$defs/isoDateTime"


class RecordError(ValueError):
    """A record that does not fit the contract's types; the message says where."""


# --- the layout: the contract's JSON Schema as a tree of typed nodes ------------------------


@dataclass(frozen=True)
class Scalar:
    """A string, integer, number or boolean; ``kind`` is the JSON Schema type name."""

    kind: str


@dataclass(frozen=True)
class Date:
    """An ISO 8601 datetime with a UTC offset (``isoDateTime``), or null."""


@dataclass(frozen=True)
class ListOf:
    item: Node


@dataclass(frozen=True)
class StructOf:
    fields: tuple[tuple[str, Node], ...]


Node = Union[Scalar, Date, ListOf, StructOf]


@cache
def contract_schema() -> dict[str, Any]:
    """The packaged record contract, ``cleaning/article.schema.json`` (JSON Schema 2020-12)."""
    text = resources.files("cleaning").joinpath("article.schema.json").read_text("utf-8")
    return json.loads(text)


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node and node["$ref"] != _DATE_REF:
        ref = node["$ref"]
        if not ref.startswith("#/$defs/"):
            raise NotImplementedError(f"schema reference {ref!r} is outside the contract")
        node = root["$defs"][ref.removeprefix("#/$defs/")]
    return node


def _kind_of_values(values: Iterable[Any], where: str) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {str}:
        return "string"
    if kinds == {int}:
        return "integer"
    raise NotImplementedError(f"{where}: cannot type an enum/const of {sorted(k.__name__ for k in kinds)}")


def _node(schema: Mapping[str, Any], root: Mapping[str, Any], where: str) -> Node:
    schema = _resolve(schema, root)
    if schema.get("$ref") == _DATE_REF:
        return Date()
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            options = [o for o in schema[combinator] if _resolve(o, root).get("type") != "null"]
            if len(options) != 1:
                raise NotImplementedError(f"{where}: a {combinator} of several non-null types")
            return _node(options[0], root, where)
    if "const" in schema:
        return Scalar(_kind_of_values([schema["const"]], where))
    if "enum" in schema:
        return Scalar(_kind_of_values(schema["enum"], where))
    types = schema.get("type")
    types = [types] if isinstance(types, str) else [t for t in types or [] if t != "null"]
    if len(types) != 1:
        raise NotImplementedError(f"{where}: cannot type {schema!r}")
    kind = types[0]
    if kind == "array":
        return ListOf(_node(schema["items"], root, where + "[]"))
    if kind == "object":
        props = schema.get("properties") or {}
        return StructOf(tuple((name, _node(sub, root, f"{where}.{name}")) for name, sub in props.items()))
    if kind in ("string", "integer", "number", "boolean"):
        return Scalar(kind)
    raise NotImplementedError(f"{where}: unknown type {kind!r}")


@cache
def layout() -> StructOf:
    """The contract as a tree of :class:`Scalar`, :class:`Date`, :class:`ListOf`, :class:`StructOf`.

    Raises ``NotImplementedError`` if the schema uses a construct with no single
    column type (so a contract change cannot silently mistype a column).
    """
    root = contract_schema()
    top = _node(root, root, "$")
    assert isinstance(top, StructOf)
    return top


# --- Arrow, polars and duckdb types --------------------------------------------------------------


def _arrow_scalar(kind: str) -> pa.DataType:
    import pyarrow as pa

    return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}[kind]


def _arrow_fields(struct: StructOf, offsets: bool) -> list[pa.Field]:
    import pyarrow as pa

    fields = []
    for name, node in struct.fields:
        fields.append(pa.field(name, _arrow_type(node, offsets)))
        if offsets and isinstance(node, Date):
            fields.append(pa.field(name + OFFSET_SUFFIX, pa.int16()))
    return fields


def _arrow_type(node: Node, offsets: bool) -> pa.DataType:
    import pyarrow as pa

    if isinstance(node, Scalar):
        return _arrow_scalar(node.kind)
    if isinstance(node, Date):
        return pa.timestamp("us", tz="UTC")
    if isinstance(node, ListOf):
        if offsets and isinstance(node.item, Date):
            raise NotImplementedError("a list of bare dates has no place for their offsets")
        return pa.list_(_arrow_type(node.item, offsets))
    return pa.struct(_arrow_fields(node, offsets))


def arrow_schema(*, offsets: bool = True) -> pa.Schema:
    """The Arrow schema of the export layout (``offsets=True``) or of the JSON layout.

    Export layout: every date ``D`` is ``D: timestamp[us, tz=UTC]`` followed by
    ``D + "OffsetMinutes": int16`` (minutes east of UTC, e.g. 540 for +09:00).
    """
    import pyarrow as pa

    return pa.schema(_arrow_fields(layout(), offsets))


def polars_schema() -> dict[str, pl.DataType]:
    """A schema for ``polars.read_ndjson`` (or ``scan_ndjson``) of stored articles.

    Dates are ``Datetime("us", "UTC")``; nested lists and structs are typed, so a file
    whose first records have no edits or links loses nothing.

    >>> polars_schema()["datePublished"]
    Datetime(time_unit='us', time_zone='UTC')
    """
    import polars as pl

    return dict(pl.from_arrow(arrow_schema(offsets=False).empty_table()).schema)


def _duckdb_type(dtype: pa.DataType) -> str:
    import pyarrow as pa

    if pa.types.is_struct(dtype):
        fields = ", ".join(f'"{f.name}" {_duckdb_type(f.type)}' for f in dtype)
        return f"STRUCT({fields})"
    if pa.types.is_list(dtype):
        return _duckdb_type(dtype.value_type) + "[]"
    if pa.types.is_timestamp(dtype):
        return "TIMESTAMPTZ"
    names = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN"}
    return names[dtype]


def duckdb_columns() -> dict[str, str]:
    """``columns=`` for duckdb's ``read_json`` of stored articles: ``{key: duckdb type}``.

    >>> duckdb_columns()["datePublished"], duckdb_columns()["breadcrumbs"]
    ('TIMESTAMPTZ', 'VARCHAR[]')
    """
    return {f.name: _duckdb_type(f.type) for f in arrow_schema(offsets=False)}


# --- record <-> export row -----------------------------------------------------------------------


def split_datetime(text: str | None, where: str = "date") -> tuple[datetime | None, int | None]:
    """``"2024-05-03T17:03:00+09:00"`` → (the UTC instant, minutes east of UTC).

    >>> split_datetime("2024-05-03T17:03:00+09:00")
    (datetime.datetime(2024, 5, 3, 8, 3, tzinfo=datetime.timezone.utc), 540)

    Raises :class:`RecordError` for a string that is not ISO 8601 with an offset.
    """
    if text is None:
        return None, None
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise RecordError(f"{where}: {text!r} is not an ISO 8601 datetime") from None
    offset = value.utcoffset()
    if offset is None:
        raise RecordError(f"{where}: {text!r} has no UTC offset")
    minutes, rest = divmod(offset, timedelta(minutes=1))
    if rest:
        raise RecordError(f"{where}: {text!r} has an offset of seconds")
    return value.astimezone(UTC), minutes


def join_datetime(instant: datetime | None, minutes: int | None) -> str | None:
    """Inverse of :func:`split_datetime`; ``Z`` comes back as ``+00:00``.

    >>> join_datetime(*split_datetime("2024-05-03T17:03:00+09:00"))
    '2024-05-03T17:03:00+09:00'
    """
    if instant is None:
        return None
    return instant.astimezone(timezone(timedelta(minutes=minutes or 0))).isoformat()


def _to_row(value: Any, node: Node, where: str) -> Any:
    if value is None:
        return None
    if isinstance(node, ListOf):
        if not isinstance(value, list):
            raise RecordError(f"{where}: expected a list, got {type(value).__name__}")
        return [_to_row(v, node.item, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(node, StructOf):
        if not isinstance(value, Mapping):
            raise RecordError(f"{where}: expected an object, got {type(value).__name__}")
        row: dict[str, Any] = {}
        for name, child in node.fields:
            if isinstance(child, Date):
                row[name], row[name + OFFSET_SUFFIX] = split_datetime(value.get(name), f"{where}.{name}")
            else:
                row[name] = _to_row(value.get(name), child, f"{where}.{name}")
        return row
    return value


def _from_row(value: Any, node: Node) -> Any:
    if value is None:
        return None
    if isinstance(node, ListOf):
        return [_from_row(v, node.item) for v in value]
    if isinstance(node, StructOf):
        out: dict[str, Any] = {}
        for name, child in node.fields:
            if isinstance(child, Date):
                out[name] = join_datetime(value.get(name), value.get(name + OFFSET_SUFFIX))
            else:
                out[name] = _from_row(value.get(name), child)
        return out
    return value


def to_export_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A conformed (contract v3) record as a row of :func:`arrow_schema`.

    Raises :class:`RecordError` when a date is not ISO 8601 with an offset.
    """
    return _to_row(record, layout(), "$")


def from_export_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The record an export row was made from (dates as ISO strings with their offset)."""
    return _from_row(row, layout())


def _flat(value: Any, node: Node, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(node, Date):
        out[prefix], out[prefix + OFFSET_SUFFIX] = split_datetime(value, prefix)
    elif isinstance(node, ListOf):
        out[prefix] = None if value is None else orjson.dumps(value).decode()
    else:
        out[prefix] = value


def _flat_struct(value: Any, node: StructOf, prefix: str, out: dict[str, Any]) -> None:
    for name, child in node.fields:
        sub = None if value is None else value.get(name)
        if isinstance(child, StructOf):
            _flat_struct(sub, child, f"{prefix}{name}.", out)
        else:
            _flat(sub, child, f"{prefix}{name}", out)


def to_csv_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A conformed record flattened for CSV (see :func:`csv_schema`)."""
    out: dict[str, Any] = {}
    _flat_struct(record, layout(), "", out)
    return out


def _csv_fields(node: StructOf, prefix: str) -> list[pa.Field]:
    import pyarrow as pa

    fields: list[pa.Field] = []
    for name, child in node.fields:
        if isinstance(child, StructOf):
            fields += _csv_fields(child, f"{prefix}{name}.")
        elif isinstance(child, ListOf):
            fields.append(pa.field(prefix + name, pa.string()))
        else:
            fields += [f.with_name(prefix + f.name) for f in _arrow_fields(StructOf(((name, child),)), True)]
    return fields


def csv_schema() -> pa.Schema:
    """The flat CSV layout: nested objects become dotted columns (``metadata.dateDownloaded``),
    lists become JSON text (``cleaning.edits``), dates become a UTC timestamp and its
    ``…OffsetMinutes`` column."""
    import pyarrow as pa

    return pa.schema(_csv_fields(layout(), ""))


# --- reading files --------------------------------------------------------------------------------


def expand(paths: str | Iterable[str]) -> list[str]:
    """File names from paths and glob patterns, each pattern's matches sorted.

    Raises ``FileNotFoundError`` for a pattern or path that matches nothing.
    """
    out: list[str] = []
    for pattern in [paths] if isinstance(paths, str) else paths:
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matches:
            raise FileNotFoundError(f"no file matches {pattern!r}")
        out += matches
    return out


def load_record(raw: bytes) -> dict[str, Any]:
    """One stored line → a valid contract-v2 record (version-1 records are upgraded).

    Raises :class:`cleaning.records.BadLine` (unparseable line) or :class:`RecordError`
    (the record breaks the contract; the message lists the violations).
    """
    from cleaning import conform_record, validate_record

    record = parse_record(raw)
    try:
        record = conform_record(record)
    except (TypeError, ValueError) as e:  # e.g. metadata that is not an object
        raise RecordError(f"cannot conform to the contract: {e}") from None
    if problems := validate_record(record):
        raise RecordError("; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""))
    return record


def iter_records(paths: str | Iterable[str]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """``(file, line number, record)`` for every line, in file order; raises on a bad line."""
    for path in expand(paths):
        for number, raw in iter_lines(path):
            try:
                yield path, number, load_record(raw)
            except (BadLine, RecordError) as e:
                raise RecordError(f"{path}:{number}: {e}") from None


def read_table(paths: str | Iterable[str]) -> pa.Table:
    """Stored articles (files or glob patterns) as one Arrow table of :func:`arrow_schema`.

    ``read_table("data/demo/*.jsonl").to_pandas()`` or ``polars.from_arrow(...)`` gives a
    typed frame.  Raises :class:`RecordError` naming the file and line of a bad record
    (``defnews export`` sends such lines to a rejects file instead).
    """
    import pyarrow as pa

    rows = [to_export_row(record) for _, _, record in iter_records(paths)]
    return pa.Table.from_pylist(rows, schema=arrow_schema())
