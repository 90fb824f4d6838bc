"""The generic extractor's components import on a fresh install (declared in pyproject.toml):
trafilatura needs ``lxml.html.clean``, which lxml >= 5.2 moved to the ``lxml_html_clean`` package."""
from __future__ import annotations

import importlib.metadata


def test_lxml_html_clean_and_trafilatura_import() -> None:
    import lxml_html_clean  # noqa: F401
    from lxml.html.clean import Cleaner  # the import trafilatura does

    import trafilatura

    assert Cleaner is not None and callable(trafilatura.bare_extraction)
    requires = " ".join(importlib.metadata.requires("defnews") or [])
    for name in ("lxml_html_clean", "trafilatura", "feedparser", "python-dateutil", "htmldate", "dateparser"):
        assert name in requires, name


def test_dateparser_imports_and_reads_a_month_name() -> None:
    from dateparser.date import DateDataParser

    from crawler.dates import parse_localized_precise

    assert DateDataParser is not None
    found = parse_localized_precise("3 de mayo de 2022", "UTC", "es")
    assert found is not None and found.value == "2022-05-03T00:00:00+00:00"
