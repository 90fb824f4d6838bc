"""Helpers for the analysts' tests: the demo's output (one run per test session), records
generated from the record contract, and a comparison that says which field differs.

Used by tests/test_loaders*.py, tests/test_export*.py and tests/test_report*.py.
"""
from __future__ import annotations

import json
import math
import random
import string
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from defnews.loaders import Date, ListOf, Node, StructOf, contract_schema, layout

REPO = Path(__file__).resolve().parent.parent
_RUNS: dict[str, Path] = {}


def run_demo(out: Path) -> subprocess.CompletedProcess[str]:
    """``defnews demo --out OUT`` in a subprocess, from an unrelated cwd."""
    return subprocess.run([sys.executable, "-m", "defnews.cli", "demo", "--out", str(out)],
                          cwd=out.parent, capture_output=True, text=True, timeout=300)


def demo_output(factory: pytest.TempPathFactory) -> Path:
    """The directory of one ``defnews demo`` run, shared by the whole session (do not write in it)."""
    if "out" not in _RUNS:
        out = factory.mktemp("demo-output") / "demo"
        proc = run_demo(out)
        assert proc.returncode == 0, proc.stderr[-3000:]
        _RUNS["out"] = out
    return _RUNS["out"]


def article_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def read_records(paths: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines()]


# --- comparing what a library loaded with what the JSON holds ----------------------------------


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return value is None or (not isinstance(value, (list, dict, str)) and bool(pd.isna(value)))
    except (TypeError, ValueError):
        return False


def _instant(value: Any, where: str) -> datetime | None:
    if _missing(value):
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    assert isinstance(value, datetime) and value.tzinfo is not None, f"{where}: {value!r} is not a zoned datetime"
    return value.astimezone(UTC)


def canon(value: Any, node: Node | None = None, where: str = "$") -> Any:
    """``value`` as plain Python in the contract's shape: dates as UTC datetimes, lists as lists,
    missing values (None, NaN, NaT) as None; keys outside the contract are kept (and so differ)."""
    node = node or layout()
    if isinstance(node, Date):
        return _instant(value, where)
    if _missing(value):
        return None
    if isinstance(node, ListOf):
        return [canon(v, node.item, f"{where}[{i}]") for i, v in enumerate(list(value))]
    if isinstance(node, StructOf):
        assert isinstance(value, dict), f"{where}: {type(value).__name__} is not an object"
        out = {name: canon(value.get(name), child, f"{where}.{name}") for name, child in node.fields}
        extra = set(value) - set(out)
        assert not extra, f"{where}: keys outside the contract: {sorted(extra)}"
        return out
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return value


def first_difference(a: Any, b: Any, where: str = "$") -> str | None:
    """Where two canonical values differ first, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b:
                return f"{where}.{key}: present on one side only"
            if diff := first_difference(a[key], b[key], f"{where}.{key}"):
                return diff
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if diff := first_difference(x, y, f"{where}[{i}]"):
                return diff
        return None
    if isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, rel_tol=1e-12):
        return None
    return None if a == b and type(a) is type(b) else f"{where}: {a!r} != {b!r}"


def assert_same_records(loaded: list[Any], expected: list[dict[str, Any]]) -> None:
    assert len(loaded) == len(expected)
    for i, (got, want) in enumerate(zip(loaded, expected, strict=True)):
        diff = first_difference(canon(got), canon(want))
        assert diff is None, f"record {i} ({want.get('url')}): {diff}"


# --- records generated from the contract ------------------------------------------------------------

_TEXT = string.ascii_letters + "  ,;\"'\\\n\t日本語の防衛省（）①é€"
_OFFSETS = ("Z", "+00:00", "+09:00", "-05:00", "-04:00", "+05:30", "-09:30")


def _text(rng: random.Random, least: int = 0) -> str:
    return "".join(rng.choice(_TEXT) for _ in range(rng.randint(least, 30)))


def _iso(rng: random.Random) -> str:
    when = datetime(2000, 1, 1) + timedelta(seconds=rng.randrange(40 * 365 * 86400))
    micro = f".{rng.randrange(10**6):06d}" if rng.random() < 0.2 else ""
    return when.strftime("%Y-%m-%dT%H:%M:%S") + micro + rng.choice(_OFFSETS)


def _string(key: str, schema: dict[str, Any], rng: random.Random) -> str:
    pattern = schema.get("pattern", "")
    if pattern.startswith("^(https?|file)"):
        return f"https://www.example.gov/{key}/{rng.randrange(10**6)}?q={rng.randrange(99)}"
    if pattern.startswith("^sha256"):
        return "sha256:" + "".join(rng.choice("0123456789abcdef") for _ in range(64))
    if key == "extra":  # keys outside the contract, as one JSON object
        return orjson.dumps({_text(rng, 1): _text(rng)}, option=orjson.OPT_SORT_KEYS).decode()
    if key == "inLanguage":
        return rng.choice(["ja", "en", "en-US"])
    return _text(rng, least=1 if schema.get("minLength") else 0) + ("x" if schema.get("pattern") == "\\S" else "")


def generate(schema: dict[str, Any], rng: random.Random, full: bool, key: str = "$") -> Any:
    """A value valid against ``schema``: ``full`` fills every optional part (nullable
    values, lists of 1-3 items); otherwise nullables are null and lists empty."""
    root = contract_schema()
    ref = schema.get("$ref")
    if ref == "#/$defs/isoDateTime":
        return _iso(rng) if full else None
    if ref:
        return generate(root["$defs"][ref.rsplit("/", 1)[1]], rng, full, key)
    if "oneOf" in schema:
        options = [o for o in schema["oneOf"] if o.get("type") != "null"]
        return generate(options[0], rng, full, key) if full else None
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        values = [v for v in schema["enum"] if v is not None]
        return rng.choice(values) if full or None not in schema["enum"] else None
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if "null" in types and not full:
        return None
    kind = next(t for t in types if t != "null")
    if kind == "object":
        return {name: generate(sub, rng, full, name) for name, sub in schema["properties"].items()}
    if kind == "array":
        return [generate(schema["items"], rng, full, key) for _ in range(rng.randint(1, 3) if full else 0)]
    if kind == "integer":
        return max(schema.get("minimum", 0), rng.randrange(-5, 10**6))
    if kind == "number":
        return rng.uniform(-1, 1)
    if kind == "boolean":
        return rng.random() < 0.5
    return _string(key, schema, rng)


def contract_record(rng: random.Random, full: bool) -> dict[str, Any]:
    """One valid contract-v2 record (``cleaning.validate_record`` finds nothing), in the
    contract's one form: ``dateDownloaded`` in UTC is written with ``Z`` (``utc_z``)."""
    from cleaning.record_contract import utc_z

    record = generate(contract_schema(), rng, full)
    record["metadata"]["dateDownloaded"] = utc_z(record["metadata"]["dateDownloaded"])
    return record

