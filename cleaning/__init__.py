"""defnews cleaning: normalization and repeat collapse, with no crawler dependency."""
# Set before the imports below: cleaning.article stamps records with it.
__version__ = "0.3.0"

from cleaning.repeats import Edit, apply_edits, collapse_repeats, explain_repeats  # noqa: E402
from cleaning.fixes import normalize, normalize_and_explain  # noqa: E402
from cleaning.record_contract import SCHEMA_VERSION, conform_record  # noqa: E402
from cleaning.article import clean_article, clean_text, validate_record  # noqa: E402

__all__ = [
    "SCHEMA_VERSION",
    "Edit",
    "__version__",
    "apply_edits",
    "clean_article",
    "clean_text",
    "collapse_repeats",
    "conform_record",
    "explain_repeats",
    "normalize",
    "normalize_and_explain",
    "validate_record",
]
