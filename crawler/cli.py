"""``defnews crawl`` and ``defnews demo``: a thin layer over :mod:`crawler.runner`.

    defnews crawl NAME [-a key=value ...] [-s KEY=VALUE ...] [--out DIR]
    defnews crawl --all [-s KEY=VALUE ...] [--out DIR]
    defnews demo [--out data/demo] [--mirror DIR]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from crawler import runner
from crawler.mirror_server import DEFAULT_MIRROR


def key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="defnews", description="Crawl defence-ministry news.")
    sub = parser.add_subparsers(dest="command", required=True)
    crawl = sub.add_parser("crawl", help="crawl one site, or every site with --all")
    target = crawl.add_mutually_exclusive_group(required=True)
    target.add_argument("name", nargs="?", help="spider: mod_ja, mod_en, jdefense, wargov, generic")
    target.add_argument("--all", action="store_true", help="every site spider (the live run)")
    crawl.add_argument("-a", dest="args", action="append", type=key_value, default=[],
                       metavar="KEY=VALUE", help="spider argument, e.g. base_url=URL")
    crawl.add_argument("-s", dest="settings", action="append", type=key_value, default=[],
                       metavar="KEY=VALUE", help="Scrapy/defnews setting")
    crawl.add_argument("--out", type=Path, help="data directory (default: ./data)")
    demo = sub.add_parser("demo", help="crawl the bundled offline mirror end to end")
    demo.add_argument("--out", type=Path, default=Path("data/demo"), help="output directory")
    demo.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="mirror directory")
    return parser


def crawl(args: argparse.Namespace) -> int:
    settings = dict(args.settings)
    if args.all:
        if args.args:
            raise SystemExit("defnews crawl --all takes no -a arguments")
        return runner.crawl_all(args.out or Path("data"), settings)
    if args.out:
        settings["DEFNEWS_DATA_DIR"] = str(args.out.resolve())
    return runner.run_spider(runner.SpiderRun(args.name, dict(args.args), settings))


def main(argv: list[str]) -> int:
    """Entry for ``defnews crawl|demo``; ``argv[0]`` is the subcommand. Returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        return runner.demo(args.out, args.mirror)
    return crawl(args)
