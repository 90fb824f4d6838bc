"""Clean one article record: normalize its text fields, collapse repeats, record what changed.

The ``cleaning`` block added to a record is the audit trail: the fixes that
changed each field and the repeat-collapse edits, each naming its field (offsets
into the normalized text, so ``apply_edits(normalize(original), edits)`` gives
the stored text).  The record comes back in the shape of the record contract
(:mod:`cleaning.record_contract`).  Its ``contentHash`` lets a second pass recognise a record it has
already cleaned, which makes :func:`clean_article` idempotent even if repeat
collapse leaves text that normalization would touch again.
"""
from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from cleaning import __version__
from cleaning.fixes import DEFAULT, NormalizeConfig, normalize_and_explain
from cleaning.record_contract import conform_record, edit_entry
from cleaning.repeats import Edit, explain_repeats

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

TEXT_FIELDS = ("headline", "description", "articleBody")


def clean_text(text: str, config: NormalizeConfig = DEFAULT) -> tuple[str, list[str], list[Edit]]:
    """Normalize ``text``, then collapse repeats.

    Returns the cleaned text, the names of the fixes that changed it, and the
    repeat edits (offsets index the normalized text).

    >>> clean_text("Ｔｈｅ  ministers\\r\\nagreed.")
    ('The ministers agreed.', ['fix_line_breaks', 'fix_character_width', 'normalize_whitespace', 'join_english_lines'], [])
    """
    normalized, fixes = normalize_and_explain(text, config)
    collapsed, edits = explain_repeats(normalized)
    return collapsed, fixes, edits


def content_hash(body: str) -> str:
    """The ``contentHash`` of a cleaned ``articleBody``.

    >>> content_hash("")
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def is_cleaned(record: dict[str, Any]) -> bool:
    """True if ``record`` was cleaned by this version and its body is unchanged since."""
    block = record.get("cleaning")
    body = record.get("articleBody")
    return (
        isinstance(block, dict)
        and block.get("version") == __version__
        and isinstance(body, str)
        and block.get("contentHash") == content_hash(body)
    )


def clean_article(record: dict[str, Any]) -> dict[str, Any]:
    """Return a cleaned copy of ``record`` with a ``cleaning`` block, in the shape of the
    record contract (:func:`cleaning.record_contract.conform_record`); ``record`` is not modified.

    Only string values of ``headline``, ``description`` and ``articleBody``
    are cleaned; every other field passes through untouched.  A record already
    cleaned by this version (see :func:`is_cleaned`) is returned as an equal
    copy, so ``clean_article(clean_article(r)) == clean_article(r)``.

    Raises ``ValueError`` if ``articleBody`` is missing or not a string,
    because the content hash (required by the schema) would be meaningless.
    """
    if not isinstance(record.get("articleBody"), str):
        raise ValueError("record has no string 'articleBody'")
    if is_cleaned(record):
        return conform_record(record)
    out = dict(record)
    fixes: list[dict[str, str]] = []
    edits: list[dict[str, Any]] = []
    for field in TEXT_FIELDS:
        value = record.get(field)
        if not isinstance(value, str):
            continue
        out[field], field_fixes, field_edits = clean_text(value)
        fixes += [{"field": field, "name": name} for name in field_fixes]
        edits += [edit_entry(field, edit.to_dict()) for edit in field_edits]
    out["cleaning"] = {
        "version": __version__,
        "contentHash": content_hash(out["articleBody"]),
        "fixes": fixes,
        "edits": edits,
    }
    return conform_record(out)


@functools.cache
def _validator(extracted: bool) -> Draft202012Validator:
    # Imported here: jsonschema costs ~0.1 s and `defnews clean` never validates.
    from jsonschema import Draft202012Validator

    text = resources.files("cleaning").joinpath("article.schema.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    if extracted:
        # What an extractor returns: the stored shape before cleaning and before the
        # pipeline drops empty bodies (counted as "empty", never silently).
        schema["properties"]["cleaning"] = {"type": "null"}
        schema["properties"]["articleBody"] = {"type": "string"}
    return Draft202012Validator(schema)


def validate_record(record: Any, *, extracted: bool = False) -> list[str]:
    """Check ``record`` against the packaged record contract (``article.schema.json``).

    With ``extracted=True`` the record is checked as an extractor returns it:
    ``cleaning`` must be null and ``articleBody`` may be empty.  Returns one
    message per violation, prefixed with its JSON path; an empty list means the
    record is valid.

    >>> validate_record(clean_article({"url": "https://example.org/a", "articleBody": "x"}))
    []
    >>> validate_record({**clean_article({"url": "https://example.org/a", "articleBody": "x"}), "url": "ftp://x"})
    ["$.url: 'ftp://x' does not match '^(https?|file)://'"]
    """
    errors = _validator(extracted).iter_errors(record)
    return sorted(f"{error.json_path}: {error.message}" for error in errors)
