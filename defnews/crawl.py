"""``defnews crawl`` and ``defnews demo``: a thin layer over :mod:`crawler.runner`.

    defnews crawl NAME [-a key=value ...] [-s KEY=VALUE ...] [--out DIR]
    defnews crawl --all [--sites FILE] [-s KEY=VALUE ...] [--out DIR]
    defnews crawl --list [--sites FILE]
    defnews demo [--out data/demo] [--mirror DIR]

NAME is a spider (``defnews crawl --list``) or a ``[[site]]`` of sites.toml. Arguments are
checked before anything runs: an unknown spider or argument, or a generic crawl with neither
feed nor sitemap, is one line on stderr and status 2. The crawler (and so Scrapy) is imported
only when one of these commands runs.
"""
from __future__ import annotations

import argparse
import inspect
import math
import os
import sys
from pathlib import Path
from typing import Any

from defnews.cli import USAGE_ERROR, usage_error


EXIT_STATUS_HELP = """\
exit status:
  0    the run worked, including "nothing new"
  1    some pages or records failed (errors > 0)
  2    usage error
  3    a source failed: unreachable, zero yield, all blocked, or no article stored
  75   another run holds the data directory's lock (waited --lock-timeout seconds)
  130  interrupted (SIGINT/SIGTERM): the spider shut down gracefully, summary written
  141  the reader of stdout left (`defnews clean ... | head`): 128 + SIGPIPE, quietly
"""


def key_value(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` → ``(KEY, VALUE)``; argparse turns the error into a usage error."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < math.inf:  # also refuses nan and inf, which no timer takes
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, got {text!r}")
    return value


def register(sub: Any) -> None:
    """Add ``defnews crawl`` and ``defnews demo`` to the ``defnews`` subparsers."""
    crawl = sub.add_parser("crawl", help="crawl one site, or every site with --all",
                           description="Crawl one site, or every configured site with --all.",
                           epilog=EXIT_STATUS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = crawl.add_mutually_exclusive_group(required=True)
    target.add_argument("name", nargs="?", help="spider or sites.toml site (see --list)")
    target.add_argument("--all", action="store_true", help="every site spider and sites.toml site (the live run)")
    target.add_argument("--list", action="store_true", help="list the spiders, their arguments and the sites")
    crawl.add_argument("-a", dest="args", action="append", type=key_value, default=[],
                       metavar="KEY=VALUE", help="spider argument, e.g. base_url=URL")
    crawl.add_argument("-s", dest="settings", action="append", type=key_value, default=[],
                       metavar="KEY=VALUE", help="Scrapy/defnews setting")
    crawl.add_argument("--out", type=Path, help="data directory (default: ./data)")
    crawl.add_argument("--sites", type=Path, help="sites file (default: the bundled crawler/sites.toml)")
    crawl.add_argument("--lock-timeout", type=seconds, default=60.0, metavar="SECONDS",
                       help="wait this long for another run on the same --out (default 60)")
    crawl.add_argument("--stop-timeout", type=seconds, default=45.0, metavar="SECONDS",
                       help="after SIGINT/SIGTERM, wait this long for a graceful stop (default 45)")
    crawl.set_defaults(func=cmd_crawl)
    demo = sub.add_parser("demo", help="crawl the bundled offline mirror end to end", epilog=EXIT_STATUS_HELP,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    demo.add_argument("--out", type=Path, default=Path("data/demo"), help="output directory")
    demo.add_argument("--mirror", type=Path, default=None, help="mirror directory (default: the bundled mirror)")
    demo.add_argument("--lock-timeout", type=seconds, default=60.0, metavar="SECONDS",
                      help="wait this long for another run on the same --out (default 60)")
    demo.set_defaults(func=cmd_demo)


# --- spiders and their arguments --------------------------------------------------------------


def spider_classes() -> dict[str, type]:
    """Every spider of the project, by name (imports the spider modules, not the network)."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    loader = SpiderLoader.from_settings(settings)
    return {name: loader.load(name) for name in sorted(loader.list())}


def spider_arguments(cls: type) -> dict[str, Any]:
    """``-a`` arguments a spider takes, with defaults (inspect.Parameter.empty: none)."""
    args: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        init = klass.__dict__.get("__init__")
        if init is None or klass.__module__.startswith("scrapy"):
            continue
        for param in inspect.signature(init).parameters.values():
            if param.name != "self" and param.kind not in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
                args[param.name] = param.default
    return args


def describe(name: str, cls: type) -> str:
    """``NAME  key=default ...`` and, indented below, the first paragraph of the spider's
    docstring (its module's when the class has none), whole sentences wrapped at 100 columns."""
    import textwrap

    parts = [f"{k}=URL" if v in (None, inspect.Parameter.empty) and k in ("base_url", "sitemap", "feed", "site")
             else f"{k}={v}" if v not in (None, inspect.Parameter.empty) else f"{k}=..."
             for k, v in spider_arguments(cls).items()]
    own = cls.__dict__.get("__doc__")
    doc = inspect.cleandoc(own) if own else inspect.getdoc(sys.modules[cls.__module__]) or ""
    paragraph = " ".join(doc.strip().split("\n\n", 1)[0].split())
    lines = textwrap.wrap(paragraph, 100, initial_indent=" " * 11, subsequent_indent=" " * 11,
                          break_on_hyphens=False)
    return "\n".join([f"{name:<10} {' '.join(parts)}", *lines]).rstrip()


def check_spider_args(name: str, cls: type, args: dict[str, str]) -> str | None:
    """Why these ``-a`` arguments cannot run, or None. The spider's own ``__init__`` checks the values
    with :mod:`crawler.spider_args`, the checks sites.toml goes through, so both agree."""
    from crawler.sites import RESERVED_NAMES

    known = set(spider_arguments(cls)) | {"name"}
    unknown = sorted(set(args) - known)
    if unknown:
        return f"{name} takes no argument {', '.join(unknown)} (it takes: {', '.join(sorted(known))})"
    if args.get("name") not in (None, cls.name) and args["name"] in RESERVED_NAMES:
        return f"{name}: name={args['name']!r} is taken by a built-in spider (it names the articles file)"
    try:
        cls(**args)  # the spider's own checks, e.g. generic's "exactly one of sitemap or feed"
    except (ValueError, TypeError) as exc:
        return f"{name}: {exc}"
    return None


def check_settings(settings: dict[str, str]) -> str | None:
    mode = settings.get("DEFNEWS_STORE_MODE")
    if mode is not None and mode not in ("append", "overwrite"):
        return f"DEFNEWS_STORE_MODE must be append or overwrite, not {mode!r}"
    return None


#: Top-level domains reserved never to reach anyone (RFC 2606, RFC 6761).
RESERVED_TLDS = frozenset({"invalid", "example", "test", "localhost"})


def contact_problem(contact: str) -> str | None:
    """Why a ``DEFNEWS_CONTACT`` value reaches nobody, or None when it may reach someone.

    >>> contact_problem("mailto:ops@example.invalid")
    'DEFNEWS_CONTACT=mailto:ops@example.invalid is under the reserved domain .invalid, which reaches nobody'
    >>> contact_problem("https://ops.example.org/crawler") is None
    True
    """
    from urllib.parse import urlsplit

    from crawler.settings import PLACEHOLDER_CONTACT

    value = contact.strip()
    if not value or value == PLACEHOLDER_CONTACT:
        return "DEFNEWS_CONTACT is not set"
    parts = urlsplit(value)
    if parts.scheme == "mailto":
        host = parts.path.rpartition("@")[2]
    elif parts.scheme in ("http", "https"):
        host = parts.hostname or ""
    else:
        return f"DEFNEWS_CONTACT={value} is neither an http(s) URL nor a mailto: address"
    tld = host.rstrip(".").rpartition(".")[2].lower()
    if not host or tld in RESERVED_TLDS:
        return (f"DEFNEWS_CONTACT={value} is under the reserved domain .{tld}, which reaches nobody"
                if host else f"DEFNEWS_CONTACT={value} names no host or mail domain")
    return None


def contact_warning(settings: dict[str, str]) -> str | None:
    """A loud warning when a live run would send a contact that reaches nobody (unset, the
    placeholder, a reserved domain such as ``.invalid``) in its User-Agent."""
    contact = settings.get("DEFNEWS_CONTACT") or os.environ.get("DEFNEWS_CONTACT") or ""
    problem = contact_problem(contact)
    if problem is None:
        return None
    from crawler.settings import PLACEHOLDER_CONTACT

    sent = contact.strip() or PLACEHOLDER_CONTACT
    bar = "!" * 78
    return (f"{bar}\n"
            f"defnews: WARNING: {problem}.\n"
            f"defnews: WARNING: This live crawl tells site operators to write to {sent},\n"
            "defnews: WARNING: which reaches nobody. Set an address that reaches you, e.g.\n"
            "defnews: WARNING:   export DEFNEWS_CONTACT=mailto:<you>@<your organisation's domain>\n"
            "defnews: WARNING: (README, \"Politeness\"). Sites may block crawlers they cannot reach.\n"
            f"{bar}")


# --- commands -------------------------------------------------------------------------------------


def cmd_crawl(args: argparse.Namespace) -> int:
    """Run ``defnews crawl``; returns the exit status."""
    from crawler import runner
    from crawler.sites import SitesError, load_sites
    from defnews.paths import unusable_dir

    settings = dict(args.settings)
    spider_args = dict(args.args)
    try:
        sites = {site.name: site for site in load_sites(args.sites)}
    except SitesError as exc:
        return usage_error("crawl", str(exc))
    classes = spider_classes()
    if args.list:
        for name, cls in classes.items():
            print(describe(name, cls))
        for site in sites.values():
            print(f"{site.name:<10} (sites.toml) generic " + " ".join(f"{k}={v}" for k, v in site.spider_args().items()))
        return 0
    if problem := check_settings(settings):
        return usage_error("crawl", problem)
    out = args.out or Path("data")
    if args.all:
        if spider_args:
            return usage_error("crawl", "--all takes no -a arguments")
        runs = [runner.SpiderRun(name, {}, {}) for name in runner.LIVE_SPIDERS]
        runs += [site.spider_run() for site in sites.values()]
        label = "all"
    elif args.name in sites:
        run = sites[args.name].spider_run()
        merged = {**run.args, **spider_args}
        if problem := check_spider_args(args.name, classes[run.name], merged):
            return usage_error("crawl", problem)
        runs = [runner.SpiderRun(run.name, merged, {})]
        label = args.name
    elif args.name in classes:
        if problem := check_spider_args(args.name, classes[args.name], spider_args):
            return usage_error("crawl", problem)
        runs = [runner.SpiderRun(args.name, spider_args, {})]
        label = runs[0].source
    else:
        return usage_error("crawl", f"unknown spider or site {args.name!r} (see `defnews crawl --list`)")
    if problem := unusable_dir(out):
        return usage_error("crawl", problem)
    if any(not run.args.get("base_url") for run in runs) and (warning := contact_warning(settings)):
        print(warning, file=sys.stderr)
    return runner.crawl_runs(runs, out, settings, args.lock_timeout, args.stop_timeout, label)


def cmd_demo(args: argparse.Namespace) -> int:
    """Run ``defnews demo``; returns the exit status."""
    from crawler import runner
    from crawler.mirror_server import DEFAULT_MIRROR

    from defnews.paths import unusable_dir

    if problem := unusable_dir(args.out):
        print(f"defnews demo: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    return runner.demo(args.out, args.mirror or DEFAULT_MIRROR, args.lock_timeout)
