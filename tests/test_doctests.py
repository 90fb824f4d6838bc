"""The examples in the cleaning modules' docstrings are tests too (ftfy style)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["cleaning.fixes", "cleaning.article", "cleaning.records", "cleaning.repeats", "cleaning.textkey",
           "cleaning.char_doubling", "cleaning.legit_repeats", "crawler.dates"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
