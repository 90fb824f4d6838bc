"""Quality gate: repeat collapse on the shared development set must not regress.

Floors are pinned here, trafilatura-style; lowering one is a visible change in
review.  The set lives beside the repo (``../shared/bench``), as in CI.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from cleaning import collapse_repeats

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "bench" / "repeats-dev.jsonl"
FLOORS = {"fuzzy": 0.97}
DEFAULT_FLOOR = 0.99
MAX_CONTROLS_CHANGED = 0


def _comparable(text: str) -> str:
    """The scorer's comparison: NFKC, no zero-width spaces, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("\u200b", ""))


@pytest.fixture(scope="module")
def results() -> dict[str, list[bool]]:
    if not DEV_SET.exists():
        pytest.skip(f"development set not found at {DEV_SET} (it ships in ../shared beside the repo)")
    by_family: dict[str, list[bool]] = defaultdict(list)
    for line in DEV_SET.read_text("utf-8").splitlines():
        case = json.loads(line)
        out = collapse_repeats(case["input"])
        if case["control"]:
            by_family["control"].append(out == case["input"])
        else:
            by_family[case["family"]].append(_comparable(out) == _comparable(case["expected"]))
    return by_family


def test_no_control_is_changed(results: dict[str, list[bool]]) -> None:
    changed = results["control"].count(False)
    assert changed <= MAX_CONTROLS_CHANGED, f"{changed} clean paragraphs were changed"


def test_every_family_meets_its_floor(results: dict[str, list[bool]]) -> None:
    shortfalls = {}
    for family, hits in results.items():
        if family == "control":
            continue
        rate = sum(hits) / len(hits)
        if rate < FLOORS.get(family, DEFAULT_FLOOR):
            shortfalls[family] = round(rate, 3)
    assert not shortfalls, f"families below their floor: {shortfalls}"
    assert {"lockstep", "drift", "chardouble", "fuzzy", "sentence", "english"} <= results.keys()
