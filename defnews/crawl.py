"""``defnews crawl`` and ``defnews demo``: a thin layer over :mod:`crawler.runner`.

    defnews crawl NAME [-a key=value ...] [-s KEY=VALUE ...] [--out DIR]
    defnews crawl --all [-s KEY=VALUE ...] [--out DIR]
    defnews demo [--out data/demo] [--mirror DIR]

The crawler (and so Scrapy) is imported only when one of these commands runs.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def key_value(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` → ``(KEY, VALUE)``; argparse turns the error into a usage error."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def register(sub: Any) -> None:
    """Add ``defnews crawl`` and ``defnews demo`` to the ``defnews`` subparsers."""
    crawl = sub.add_parser("crawl", help="crawl one site, or every site with --all",
                           description="Crawl one site, or every configured site with --all.")
    target = crawl.add_mutually_exclusive_group(required=True)
    target.add_argument("name", nargs="?", help="spider: mod_ja, mod_en, jdefense, wargov, generic")
    target.add_argument("--all", action="store_true", help="every site spider (the live run)")
    crawl.add_argument("-a", dest="args", action="append", type=key_value, default=[],
                       metavar="KEY=VALUE", help="spider argument, e.g. base_url=URL")
    crawl.add_argument("-s", dest="settings", action="append", type=key_value, default=[],
                       metavar="KEY=VALUE", help="Scrapy/defnews setting")
    crawl.add_argument("--out", type=Path, help="data directory (default: ./data)")
    crawl.set_defaults(func=cmd_crawl)
    demo = sub.add_parser("demo", help="crawl the bundled offline mirror end to end")
    demo.add_argument("--out", type=Path, default=Path("data/demo"), help="output directory")
    demo.add_argument("--mirror", type=Path, default=None, help="mirror directory (default: the bundled mirror)")
    demo.set_defaults(func=cmd_demo)


def cmd_crawl(args: argparse.Namespace) -> int:
    """Run ``defnews crawl``; returns the exit status."""
    from crawler import runner

    settings = dict(args.settings)
    if args.all:
        if args.args:
            raise SystemExit("defnews crawl: error: --all takes no -a arguments")
        return runner.crawl_all(args.out or Path("data"), settings)
    if args.out:
        settings["DEFNEWS_DATA_DIR"] = str(args.out.resolve())
    return runner.run_spider(runner.SpiderRun(args.name, dict(args.args), settings))


def cmd_demo(args: argparse.Namespace) -> int:
    """Run ``defnews demo``; returns the exit status."""
    from crawler import runner
    from crawler.mirror_server import DEFAULT_MIRROR

    return runner.demo(args.out, args.mirror or DEFAULT_MIRROR)
