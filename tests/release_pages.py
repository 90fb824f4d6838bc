"""Small release pages built for the date tests of the black-box runs (breaker11, breaker12):
an ``<h1>``, date lines, a lead paragraph and two paragraphs of prose, extracted by the generic
extractor (without trafilatura) and resolved against a fixed download time."""
from __future__ import annotations

from typing import Any

from crawler.extractors import date_candidates as dc
from crawler.extractors import generic

DOWNLOADED = "2026-11-30T12:00:00+00:00"
PROSE = ("<p>The ministry confirmed that the annual logistics review has been completed on schedule "
         "and that its findings will be shared with the defence committee of parliament.</p>"
         "<p>Units taking part in the review reported no shortfalls in fuel, spare parts or rations "
         "during the exercise period, the statement said on its last page.</p>")


def page(lines: str, lang: str = "en", head: str = "", first: str = "") -> str:
    """A release: ``<h1>``, then ``lines`` (date lines), ``first`` (a lead paragraph), prose."""
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>Review</title>{head}"
            f"</head><body><header><a href='/'>Ministry</a></header><main><article><h1>Review</h1>"
            f"{lines}{first}{PROSE}</article></main><footer>Footer</footer></body></html>")


def extract(html: str, url: str = "http://127.0.0.1:8715/news/review", **kwargs: Any) -> dict[str, Any]:
    return dc.resolve(generic.extract(html, url, use_trafilatura=False, **kwargs), downloaded=DOWNLOADED)
