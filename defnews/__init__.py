"""The ``defnews`` command line: one thin layer above :mod:`crawler` and :mod:`cleaning`.

Each subcommand lives in a module of its own, named for what it does
(:mod:`defnews.clean`, :mod:`defnews.crawl`, ...).  A command module imports the
heavy packages (Scrapy above all) only when it runs, so ``defnews clean`` never
loads the crawler.
"""
from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("defnews")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
