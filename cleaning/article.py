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
from typing import TYPE_CHECKING, Any, NamedTuple

from cleaning import __version__
from cleaning.fixes import DEFAULT, NormalizeConfig, normalize_and_explain
from cleaning.record_contract import conform_record, edit_entry
from cleaning.edit_log import Edit, apply_edits, compact_edits
from cleaning.repeats import explain_repeats, repair_surrogates

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

TEXT_FIELDS = ("headline", "description", "articleBody")


MAX_REPAIR_CHARS = 4_000_000  # characters per field given to repeat repair; longer fields are left unrepaired
#: How the validation message of a field left unrepaired begins (the crawl counts these).
REPAIR_SKIPPED = "repeat repair skipped"
_JOINS = ("join_english_lines", "join_japanese_lines")
REPAIR_STEP = "collapse_repeats"  # the name that marks, in a field's fixes, where the edits apply


class CleanedText(NamedTuple):
    """What :func:`explain_text` did to one text field.

    ``fixes`` are the names of the steps that changed it, in order;
    ``"collapse_repeats"`` among them marks where the repair ran: the
    ``edits`` (compact, see ``edit_log.compact_edits``) index the text as the
    fixes before it left it, and the fixes after it ran on the repaired text.
    ``messages`` are validation messages (a field too long to repair).
    """

    text: str
    fixes: list[str]
    edits: list[Edit]
    messages: list[str]


def explain_text(text: str, config: NormalizeConfig = DEFAULT, max_repair_chars: int = MAX_REPAIR_CHARS) -> CleanedText:
    """Clean one text field: repair lone surrogates, normalize, collapse repeats, then take line decisions.

    Line joins (English hard wraps, Japanese wrapped sentences) run after the
    repair, so they see the repaired lines: a heading that arrived doubled is
    short again, and never joined to its body.  Whitespace is normalized once
    more after the deletions, so cleaning the output again changes nothing.
    A field longer than ``max_repair_chars`` is normalized but not repaired,
    and a message says so; no text is dropped.

    >>> explain_text("防衛大臣臨時記者会見防衛大臣臨時記者会見\\n大臣から、冒頭発言がありましたのでお伝えいたします。").text
    '防衛大臣臨時記者会見\\n大臣から、冒頭発言がありましたのでお伝えいたします。'
    """
    text, surrogates = repair_surrogates(text)
    fixes = ["replace_lone_surrogates"] if surrogates else []
    pre = config._replace(**{name: False for name in _JOINS})
    normalized, applied = normalize_and_explain(text, pre)
    fixes += applied
    messages: list[str] = []
    if len(normalized) > max_repair_chars:
        messages.append(f"{REPAIR_SKIPPED}: {len(normalized)} characters, more than the limit of {max_repair_chars}")
        collapsed, edits = normalized, []
    else:
        collapsed, edits = explain_repeats(normalized)
    if edits:
        fixes.append(REPAIR_STEP)
    final, after = normalize_and_explain(collapsed, config)
    return CleanedText(final, fixes + after, compact_edits(edits, normalized), messages)


def clean_text(text: str, config: NormalizeConfig = DEFAULT) -> tuple[str, list[str], list[Edit]]:
    """Normalize ``text``, collapse repeats, then join lines: :func:`explain_text` without its messages.

    Returns the cleaned text, the names of the steps that changed it, and the
    repeat edits (offsets index the text as the steps before
    ``collapse_repeats`` left it).

    >>> clean_text("Ｔｈｅ  ministers\\r\\nagreed.")
    ('The ministers agreed.', ['fix_line_breaks', 'fix_character_width', 'normalize_whitespace', 'join_english_lines'], [])
    """
    out = explain_text(text, config)
    return out.text, out.fixes, out.edits


def replay_text(original: str, edits: list[Edit] | list[dict[str, Any]], config: NormalizeConfig = DEFAULT) -> str:
    """The cleaned field again, from the original field and its stored edits: the audit replay.

    The fixes before the repair, then the edits (``apply_edits``), then the fixes after.
    ``edits`` may be :class:`Edit` objects or the record's ``cleaning.edits`` entries as loaded from JSON.

    >>> cleaned = explain_text("SSttaatteemmeenntt\\nof the day")
    >>> replay_text("SSttaatteemmeenntt\\nof the day", cleaned.edits) == cleaned.text
    True
    """
    pre = config._replace(**{name: False for name in _JOINS})
    normalized = normalize_and_explain(repair_surrogates(original)[0], pre)[0]
    return normalize_and_explain(apply_edits(normalized, edits), config)[0]


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


def clean_article(record: dict[str, Any], max_repair_chars: int = MAX_REPAIR_CHARS) -> dict[str, Any]:
    """Return a cleaned copy of ``record`` with a ``cleaning`` block, in the shape of the
    record contract (:func:`cleaning.record_contract.conform_record`); ``record`` is not modified.

    Only string values of ``headline``, ``description`` and ``articleBody``
    are cleaned; every other field passes through untouched.  Every record is
    cleaned, whatever ``cleaning`` block it carries; when cleaning changes no
    text field and the record's block is this version's for this body, that
    block is kept, so ``clean_article(clean_article(r)) == clean_article(r)``.
    Lone surrogates are replaced with U+FFFD (fix ``replace_lone_surrogates``);
    a field longer than ``max_repair_chars`` characters (default
    ``MAX_REPAIR_CHARS``) is normalized but left unrepaired, and a message in
    ``metadata.validationMessages`` says so (it starts with :data:`REPAIR_SKIPPED`).

    Raises ``ValueError`` if ``articleBody`` is missing or not a string,
    because the content hash (required by the schema) would be meaningless.
    """
    if not isinstance(record.get("articleBody"), str):
        raise ValueError("record has no string 'articleBody'")
    out = dict(record)
    fixes: list[dict[str, str]] = []
    edits: list[dict[str, Any]] = []
    messages: list[str] = []
    for field in TEXT_FIELDS:
        value = record.get(field)
        if not isinstance(value, str):
            continue
        cleaned = explain_text(value, max_repair_chars=max_repair_chars)
        out[field] = cleaned.text
        fixes += [{"field": field, "name": name} for name in cleaned.fixes]
        edits += [edit_entry(field, edit.to_dict()) for edit in cleaned.edits]
        messages += [f"{field}: {m}" for m in cleaned.messages]
    if all(out.get(f) == record.get(f) for f in TEXT_FIELDS) and is_cleaned(record):
        # Cleaned again, nothing changed: the record's own audit trail stays (a re-run is a no-op).
        return conform_record(record)
    out["cleaning"] = {
        "version": __version__,
        "contentHash": content_hash(out["articleBody"]),
        "fixes": fixes,
        "edits": edits,
    }
    conformed = conform_record(out)
    if messages:
        known = conformed["metadata"]["validationMessages"]
        known += [m for m in messages if m not in known]
    return conformed


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
