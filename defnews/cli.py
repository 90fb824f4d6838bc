"""``defnews COMMAND ...``: parse the command line and hand it to the command's module.

Exit status (every command; see the README's "Exit status"):

====== =====================================================
0      the run worked, including "nothing new"
1      some records or pages failed (rejected, errors)
2      usage error, or an input/output that cannot be used
3      a source failed: unreachable, zero yield, all blocked, no article
75     another run holds the data directory's lock
130    interrupted (SIGINT/SIGTERM)
141    the reader of stdout left (``defnews clean ... | head``): 128 + SIGPIPE, as
       a shell reports a command killed by it; nothing on stderr
====== =====================================================

A usage error is one line on stderr (``defnews crawl: error: ...``), never a
traceback.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from defnews import __version__

PROG = "defnews"
USAGE_ERROR = 2
#: 128 + SIGPIPE: the status a shell reports for a filter whose reader left, as 130 (128 +
#: SIGINT) is for an interrupt. `set -o pipefail` scripts can tell it from a failure (1).
BROKEN_PIPE = 128 + signal.SIGPIPE

#: ``(module, description)`` for each command module; each module has
#: ``register(subparsers) -> None`` which adds its parsers with ``func`` defaults.
COMMAND_MODULES = ("defnews.clean", "defnews.crawl", "defnews.export", "defnews.report", "defnews.state",
                   "defnews.status", "defnews.rebuild", "defnews.dedup")


def usage_error(command: str, message: str) -> int:
    """Print the one line of a usage error, ``defnews COMMAND: error: MESSAGE``; return 2."""
    print(f"{PROG} {command}: error: {message}", file=sys.stderr)
    return USAGE_ERROR


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2 (not usage + error)."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole ``defnews`` parser, every command registered."""
    import importlib

    from defnews.crawl import EXIT_STATUS_HELP

    parser = OneLineParser(prog=PROG, description="Crawl, repair and store defence-ministry news.",
                           epilog=EXIT_STATUS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``defnews`` console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    previous = _interrupt_on_sigterm()
    try:
        return func(args)
    except BrokenPipeError:
        # `defnews clean big.jsonl | head`: the reader left; that is not an error to report.
        # Later writes (the interpreter's last flush) go nowhere instead of raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt_on_sigterm() -> Any:
    """SIGTERM unwinds like Ctrl-C in every command: temporary files removed, workers
    stopped, exit 130 (a scheduler's stop must not leave half-written files behind).
    A command that handles signals itself (``crawl`` forwards them) installs its own."""
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. called from a test harness thread)
        return None


if __name__ == "__main__":
    sys.exit(main())
