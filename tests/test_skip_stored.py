"""crawler.skip_stored: which stored articles are re-checked, and how (unit level)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler.crawl_state import CrawlState
from crawler.skip_stored import AlreadyStored, NotModified, StoredArticlesMiddleware

URL = "https://x.gov/news/1.html"


class UnitSpider(Spider):
    name = "unit"


def middleware(tmp_path: Path, *, etag: str | None, checked: datetime, **settings: Any) -> StoredArticlesMiddleware:
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "unit.jsonl").write_text(json.dumps({"url": URL, "articleBody": "b"}) + "\n")
    state = CrawlState.in_dir(tmp_path)
    state.save_page("unit", {URL}, etag=etag, last_modified=None, content_hash="sha256:1", version=1, changed=True)
    state.db.execute("UPDATE pages SET last_checked = ?", (checked.isoformat(timespec="seconds"),))
    state.close()
    crawler = get_crawler(UnitSpider, {"DEFNEWS_DATA_DIR": str(tmp_path), "DEFNEWS_RUN_ID": "R", **settings})
    crawler.spider = UnitSpider.from_crawler(crawler)
    mw = StoredArticlesMiddleware.from_crawler(crawler)
    mw.spider_opened(crawler.spider)
    return mw


def article(**feed: str) -> Request:
    return Request(URL, meta={"article": True, "feed": feed} if feed else {"article": True})


NOW = datetime.now(UTC)


def test_with_an_etag_the_request_is_conditional_and_a_304_is_not_modified(tmp_path: Path) -> None:
    mw = middleware(tmp_path, etag='"abc"', checked=NOW)
    request = article()
    assert mw.process_request(request) is None
    assert request.headers[b"If-None-Match"] == b'"abc"'
    with pytest.raises(NotModified):
        mw.process_response(request, HtmlResponse(URL, status=304, request=request))
    assert mw.crawler.stats.get_value("defnews/not_modified") == 1


def test_without_validators_a_recent_check_skips_the_article(tmp_path: Path) -> None:
    mw = middleware(tmp_path, etag=None, checked=NOW)
    with pytest.raises(AlreadyStored):
        mw.process_request(article(pubDate="Mon, 01 Jan 2024 00:00:00 +0000"))


@pytest.mark.parametrize("feed", [{"pubDate": "{later:%a, %d %b %Y %H:%M:%S} +0000"}, {"lastmod": "{later:%Y-%m-%dT%H:%M:%S}Z"}])
def test_without_validators_a_newer_feed_or_sitemap_date_is_a_hint_to_recheck(tmp_path: Path, feed: dict[str, str]) -> None:
    mw = middleware(tmp_path, etag=None, checked=NOW - timedelta(hours=2))
    later = NOW - timedelta(hours=1)
    request = article(**{k: v.format(later=later) for k, v in feed.items()})
    assert mw.process_request(request) is None  # fetched again, unconditionally
    assert b"If-None-Match" not in request.headers
    assert mw.crawler.stats.get_value("defnews/rechecked") == 1


def test_without_validators_a_stale_check_is_redone(tmp_path: Path) -> None:
    mw = middleware(tmp_path, etag=None, checked=NOW - timedelta(days=8))
    assert mw.process_request(article()) is None


def test_new_articles_and_listing_pages_pass(tmp_path: Path) -> None:
    mw = middleware(tmp_path, etag='"abc"', checked=NOW)
    new = Request("https://x.gov/news/2.html", meta={"article": True})
    listing = Request(URL)  # not marked as an article: a feed, index or sitemap
    assert mw.process_request(new) is None and mw.process_request(listing) is None
    assert b"If-None-Match" not in new.headers and b"If-None-Match" not in listing.headers


def _atom(published: datetime, updated: datetime | None) -> bytes:
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    upd = f"<updated>{updated.strftime(stamp)}</updated>" if updated else ""
    return (f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
            f"<entry><title>A</title><link href='{URL}'/><id>{URL}</id>"
            f"<published>{published.strftime(stamp)}</published>{upd}</entry></feed>").encode()


@pytest.mark.parametrize("bumped", [True, False])
def test_atom_updated_beside_published_is_the_recheck_hint(tmp_path: Path, bumped: bool) -> None:
    """issue 8 follow-up: an Atom entry bumps <updated> and keeps its old <published>; the
    newest of the two is the hint, through the real feed reader and request builder."""
    from crawler.spiders.base import parse_feed

    mw = middleware(tmp_path, etag=None, checked=NOW - timedelta(hours=2))
    published = NOW - timedelta(days=3)
    [entry] = parse_feed(_atom(published, NOW - timedelta(hours=1) if bumped else None), URL)
    assert entry.published and (entry.lastmod is not None) == bumped
    request = article(**{k: v for k, v in entry.as_meta().items() if v})  # as article_request builds it
    if bumped:
        assert mw.process_request(request) is None
        assert mw.crawler.stats.get_value("defnews/rechecked") == 1
    else:
        with pytest.raises(AlreadyStored):
            mw.process_request(request)


def test_atom_updated_is_a_date_modified_candidate() -> None:
    from crawler.page_record import discovery_candidates
    from crawler.spiders.base import parse_feed

    published, updated = NOW - timedelta(days=3), NOW - timedelta(hours=1)
    [entry] = parse_feed(_atom(published, updated), URL)
    cands = [c for c in discovery_candidates(entry.as_meta(), "UTC") if c]
    assert [(c["source"], c["field"]) for c in cands] == [("feed", "datePublished"), ("feed", "dateModified")]
    assert cands[1]["value"][:16] == updated.isoformat()[:16]
