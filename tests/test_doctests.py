"""The examples in the modules' docstrings are tests too (ftfy style)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["cleaning.fixes", "cleaning.article", "cleaning.records", "cleaning.repeats", "cleaning.edit_log", "cleaning.textkey",
           "cleaning.char_doubling", "cleaning.legit_repeats", "cleaning.record_contract", "crawler.dates",
           "linking.authority", "defnews.clean", "defnews.crawl", "defnews.export"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
