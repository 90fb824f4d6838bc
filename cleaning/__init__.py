"""defnews cleaning: normalization and repeat collapse, with no crawler dependency."""
from cleaning.repeats import Edit, apply_edits, collapse_repeats, explain_repeats

__all__ = ["Edit", "apply_edits", "collapse_repeats", "explain_repeats"]
