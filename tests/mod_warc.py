"""A WARC as the mod_ja spider writes it, made with the real writer from the mirror's files
(tests of ``defnews rebuild``), optionally with one hostile page for tests/slow_extract.py
or tests/slow_clean.py."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.mirror_server import DEFAULT_MIRROR, guess_type, load_meta
from crawler.warc_archive import WarcWriterFile

MOD_PAGES = (
    "j/approach/anpo/2024/0502a_usa-j.html",
    "j/press/news/2026/08/26a.html",
    "j/press/news/2026/08/26b.html",
    "j/press/news/2019/05/07a.html",  # Shift_JIS
    "j/press/news/2026/08/25a.pdf",
    "j/press/news/2026/08/24c.html",  # challenge page: skipped
    "j/rss/news.xml",  # discovery: skipped
)
#: The articles of MOD_PAGES a rebuild stores (the challenge page and the feed are not articles).
STORED = 5
BASE = "http://mirror.invalid"
#: A URL that tests/slow_extract.py and tests/slow_clean.py sleep on forever (their
#: "/news/1.html"), with an ordinary article's body: only the time limit can end its
#: extraction (or its cleaning).
SLOW_PAGE = ("j/press/news/1.html", "j/press/news/2026/08/26a.html")
#: A URL whose extraction tests/slow_extract.py makes raise ValueError (its "/news/raises.html").
RAISING_PAGE = ("j/press/news/raises.html", "j/press/news/2026/08/26b.html")


def write_mod_warc(path: Path, slow_page: bool = False, raising_page: bool = False) -> None:
    """Write the WARC of MOD_PAGES (and, with `slow_page`, SLOW_PAGE third; with
    `raising_page`, RAISING_PAGE second) to `path`."""
    from scrapy.http import Request, Response

    started = datetime(2026, 8, 27, tzinfo=UTC)
    info = {"defnews-spider": "mod_ja", "defnews-run-id": "20260827T000000Z",
            "defnews-started": started.isoformat(), "defnews-spider-args": json.dumps({"base_url": BASE})}
    pages = [(rel, rel) for rel in MOD_PAGES]
    if slow_page:
        pages.insert(2, SLOW_PAGE)
    if raising_page:
        pages.insert(1, RAISING_PAGE)
    writer = WarcWriterFile(path, info)
    for n, (rel, source) in enumerate(pages):
        file = DEFAULT_MIRROR / "mod" / source
        meta = load_meta(file)
        body = file.read_bytes()
        headers = {"Content-Type": guess_type(file, body), **meta.get("headers", {})}
        request = Request(f"{BASE}/{rel}", meta={"article": not rel.endswith(".xml")})
        response = Response(request.url, status=int(meta.get("status", 200)), headers=headers, body=body, request=request)
        writer.write_exchange(request, response, started + timedelta(seconds=n))
    writer.close()


def rebuild_with_faulty_extraction(run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: Any, failure: str,
                                   runs: dict[str, list[str]], **pages: bool) -> list[bytes]:
    """Rebuild the WARC of MOD_PAGES plus `pages` (``slow_page``/``raising_page``) once per
    entry of `runs` (output name → extra ``defnews rebuild`` arguments), extraction by
    tests/slow_extract.py; each run must exit 1 counting one `failure` and storing the
    other STORED articles. Returns each run's article file, in `runs` order."""
    return _rebuild_with(run_cli, tmp_path, monkeypatch, ("DEFNEWS_PAGE_RECORD_FUNCTION", "slow_extract.page_record"),
                         failure, runs, **pages)


def rebuild_with_faulty_cleaning(run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: Any, failure: str,
                                 runs: dict[str, list[str]], **pages: bool) -> list[bytes]:
    """:func:`rebuild_with_faulty_extraction`, but cleaning by tests/slow_clean.py (which
    sleeps forever on SLOW_PAGE's record; its extraction is the real one)."""
    return _rebuild_with(run_cli, tmp_path, monkeypatch, ("DEFNEWS_CLEAN_FUNCTION", "slow_clean.clean_article"),
                         failure, runs, **pages)


def _rebuild_with(run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: Any, setting: tuple[str, str],
                  failure: str, runs: dict[str, list[str]], **pages: bool) -> list[bytes]:
    from crawler import settings as project

    monkeypatch.setattr(project, *setting)
    warc = tmp_path / "mod_ja.warc.gz"
    write_mod_warc(warc, **pages)
    outputs = []
    for name, args in runs.items():
        out = tmp_path / name
        result = run_cli("rebuild", warc, "--out", out, *args)
        assert result.code == 1, result.stderr
        assert f"{failure}=1, skip:discovery=1, skip:status_403=1, stored={STORED}" in result.stderr
        outputs.append((out / "articles" / "mod_ja.jsonl").read_bytes())
    return outputs
