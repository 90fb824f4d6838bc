"""A WARC as the mod_ja spider writes it, made with the real writer from the mirror's files
(tests of ``defnews rebuild``), optionally with one hostile page for tests/slow_extract.py."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
#: A URL that tests/slow_extract.py sleeps on forever (its "/news/1.html"), with an ordinary
#: article's body: only the time limit can end its extraction.
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
