"""Checks of spider arguments, shared by ``-a key=value`` and ``crawler/sites.toml``.

A spider argument reaches the crawl as a string (``-a``) or a TOML value (sites.toml); either
way it is checked here, before anything is fetched, so a typo is one line and status 2 in the
parent (``defnews crawl``; see ``defnews.crawl.check_spider_args``) instead of a traceback or
a crawl that counts the same exception on every page. The spiders call the same functions
in their ``__init__``, so a plain ``scrapy crawl`` refuses the same values.

Every checker raises :class:`SpiderArgError` (a ``ValueError``) whose message names the key.
"""
from __future__ import annotations

import re
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

#: A source name: ``articles/<name>.jsonl``, summaries, state rows.
SOURCE_NAME = re.compile(r"^[a-z0-9_]{1,64}$")
#: Spellings of a yes/no argument (``-a require_date=1``; TOML gives a real boolean).
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
#: BCP 47 language tag, loosely: ``en``, ``ja``, ``und``, ``pt-BR``, ``zh-Hant-TW``.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")


class SpiderArgError(ValueError):
    """A spider argument that cannot be used; the message names the key and the value."""


def http_url(key: str, value: Any) -> str:
    """`value` when it is an absolute ``http(s)://host...`` URL (a port, if any, a number)."""
    text = str(value).strip()
    try:
        parts = urlsplit(text)
        scheme, host = parts.scheme, parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise SpiderArgError(f"{key}={text!r} is not an http(s) URL with a host")
    return text


def regex(key: str, value: Any) -> re.Pattern[str]:
    """`value` compiled as a Python regular expression."""
    try:
        return re.compile(str(value))
    except re.error as exc:
        raise SpiderArgError(f"{key}={value!r} is not a regular expression: {exc}") from exc


def timezone(key: str, value: Any) -> str:
    """`value` when it names an IANA time zone known to this system (``Asia/Tokyo``)."""
    name = str(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise SpiderArgError(f"{key}={name!r}: unknown timezone (IANA names, e.g. Europe/London)") from exc
    return name


def flag(key: str, value: Any) -> bool:
    """A yes/no argument: a boolean, or one of :data:`TRUE_WORDS` / :data:`FALSE_WORDS`."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SpiderArgError(f"{key}={value!r} is not a yes/no value ({'/'.join(TRUE_WORDS)} or {'/'.join(FALSE_WORDS)})")


def positive_int(key: str, value: Any) -> int:
    """A whole number >= 1."""
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else 0
    except ValueError:
        number = 0
    if number < 1:
        raise SpiderArgError(f"{key}={value!r} is not a whole number >= 1")
    return number


def language(key: str, value: Any) -> str:
    """A BCP 47 language tag (``und`` when unknown)."""
    tag = str(value).strip()
    if not LANGUAGE_TAG.match(tag):
        raise SpiderArgError(f"{key}={value!r} is not a language tag (BCP 47, e.g. en, ja, und)")
    return tag


def source_name(key: str, value: Any) -> str:
    """A source name: lowercase letters, digits or ``_`` (it names files)."""
    name = str(value)
    if not SOURCE_NAME.match(name):
        raise SpiderArgError(f"{key}={value!r} must be 1-64 lowercase letters, digits or _")
    return name
