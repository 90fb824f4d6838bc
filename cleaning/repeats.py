"""Repeat collapse: PROVISIONAL interface, being implemented by the lead. Do not edit."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    removed: str
    kind: str
    score: float
    reason: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def explain_repeats(text: str) -> tuple[str, list[Edit]]:
    return text, []


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos:e.start])
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def collapse_repeats(text: str) -> str:
    return explain_repeats(text)[0]
