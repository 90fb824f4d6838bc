"""Sources as configuration: ``sites.toml`` (read with :mod:`tomllib`).

The bundled ``crawler/sites.toml`` documents the format; ``defnews crawl --all --sites FILE``
reads another. Each ``[[site]]`` becomes one run of the generic spider under its own source
name (``-a name=<name>``: its own articles file, summary, state and health); ``[cadence]``
gives each source's expected days between new articles (``defnews status``).

A malformed file is a usage error (:class:`SitesError`), reported before anything runs.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler import spider_args
from crawler.spider_args import SpiderArgError

if TYPE_CHECKING:
    from crawler.runner import SpiderRun

DEFAULT_SITES = Path(__file__).with_name("sites.toml")
DEFAULT_CADENCE_DAYS = 7.0
_SITE_KEYS = {"name", "sitemap", "feed", "allow", "language", "timezone", "cadence_days", "require_date"}
#: Names taken by the built-in spiders (and the generic spider itself).
RESERVED_NAMES = {"mod_ja", "mod_en", "jdefense", "wargov", "generic", "all", "total"}


class SitesError(ValueError):
    """sites.toml cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Site:
    name: str
    sitemap: str | None = None
    feed: str | None = None
    allow: str | None = None
    language: str = "und"
    timezone: str = "UTC"
    cadence_days: float | None = None
    #: Skip pages without a date (default False, as the generic spider's: an undated article
    #: is stored with a null date and a validation message).
    require_date: bool = False

    def spider_args(self) -> dict[str, str]:
        args = {"name": self.name, "language": self.language, "timezone": self.timezone}
        args["sitemap" if self.sitemap else "feed"] = str(self.sitemap or self.feed)
        if self.allow:
            args["allow"] = self.allow
        if self.require_date:  # the spider's default is False, like this file's
            args["require_date"] = "1"
        return args

    def spider_run(self) -> SpiderRun:
        from crawler.runner import SpiderRun

        return SpiderRun("generic", self.spider_args(), {})


def _read(path: Path | None) -> tuple[Path, dict[str, Any]]:
    path = path or DEFAULT_SITES
    try:
        return path, tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SitesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SitesError(f"{path}: not valid TOML: {exc}") from exc


def _site(path: Path, n: int, entry: Any) -> Site:
    where = f"{path}: [[site]] #{n}"
    if not isinstance(entry, dict):
        raise SitesError(f"{where}: not a table")
    unknown = set(entry) - _SITE_KEYS
    if unknown:
        raise SitesError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not spider_args.SOURCE_NAME.match(name) or name in RESERVED_NAMES:
        raise SitesError(f"{where}: name must be lowercase letters, digits or _, and not a built-in spider")
    if bool(entry.get("sitemap")) == bool(entry.get("feed")):
        raise SitesError(f"{where} ({name}): needs exactly one of sitemap or feed")
    # The same checks as `defnews crawl -a key=value` (crawler.spider_args).
    try:
        key = "sitemap" if entry.get("sitemap") else "feed"
        spider_args.http_url(key, entry[key])
        if entry.get("allow") is not None:
            spider_args.regex("allow", entry["allow"])
        timezone = spider_args.timezone("timezone", entry.get("timezone", "UTC"))
        language = spider_args.language("language", entry.get("language", "und"))
        require_date = spider_args.flag("require_date", entry.get("require_date", False))
    except SpiderArgError as exc:
        raise SitesError(f"{where} ({name}): {exc}") from exc
    cadence = entry.get("cadence_days")
    if cadence is not None and (not isinstance(cadence, int | float) or cadence <= 0):
        raise SitesError(f"{where} ({name}): cadence_days must be a positive number")
    return Site(name, entry.get("sitemap"), entry.get("feed"), entry.get("allow"), language, timezone,
                float(cadence) if cadence is not None else None, require_date)


def load_sites(path: Path | None = None) -> list[Site]:
    """The ``[[site]]`` entries of `path` (default: the bundled file), validated."""
    path, data = _read(path)
    sites = [_site(path, n, entry) for n, entry in enumerate(data.get("site", []), start=1)]
    names = [s.name for s in sites]
    if len(set(names)) != len(names):
        raise SitesError(f"{path}: site names must be unique")
    return sites


def cadences(path: Path | None = None) -> tuple[dict[str, float], float]:
    """Expected days between new articles per source, and the default for the others."""
    path, data = _read(path)
    table = data.get("cadence", {})
    if not isinstance(table, dict):
        raise SitesError(f"{path}: [cadence] must be a table")
    try:
        per_source = {str(k): float(v) for k, v in table.items() if k != "default"}
        default = float(table.get("default", DEFAULT_CADENCE_DAYS))
    except (TypeError, ValueError) as exc:
        raise SitesError(f"{path}: [cadence] values must be numbers of days") from exc
    for site in load_sites(path):
        if site.cadence_days is not None:
            per_source[site.name] = site.cadence_days
    return per_source, default
