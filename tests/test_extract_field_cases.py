"""Field cases from public bug reports (copied from ../shared/field-cases into tests/fixtures/field):
dates, discovery, encodings, ruby, PDF furniture. Extractor cases run in-process; spider cases
crawl the case's site, served from 127.0.0.1, with ``scrapy crawl generic``."""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from mockserver import mock_server

from cleaning import clean_article
from crawler.extractors import extract_pdf, generic, mod

FIELD = Path(__file__).parent / "fixtures" / "field"
CASES = json.loads((FIELD / "cases.json").read_text("utf-8"))
READING = re.compile(r"[《（(][\u3040-\u30ffー・]+[》）)]")
TYPES = {".html": "text/html", ".xml": "application/xml", ".txt": "text/plain"}


def steps(run: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{c['id']}-{n}", s) for c in CASES for n, s in enumerate(c["steps"])
            if s["run"] == run and not s.get("info")]


def check(record: dict[str, Any], expect: dict[str, Any]) -> None:
    body = record.get("articleBody")
    if "body" in expect:
        assert body == expect["body"]
    if "body_startswith" in expect:
        assert body.startswith(expect["body_startswith"])
    if "headline" in expect:
        assert record["headline"] == expect["headline"]
    if "datePublished" in expect:
        got = datetime.fromisoformat(record["datePublished"])
        assert got.tzinfo is not None and got == datetime.fromisoformat(expect["datePublished"])
    if "body_ruby" in expect:
        assert READING.sub("", body.strip()) == expect["body_ruby"]["base"]
    if "url_path" in expect:
        assert re.sub(r"^https?://[^/]+", "", record["url"]) == expect["url_path"]


@pytest.mark.parametrize(("case", "step"), steps("pdf"), ids=[i for i, _ in steps("pdf")])
def test_pdf_case(case: str, step: dict[str, Any]) -> None:
    record = extract_pdf((FIELD / step["pdf"]).read_bytes(), step["page_url"], language=step["language"])
    check(clean_article(record), step["expect"])


@pytest.mark.parametrize(("case", "step"), steps("extract"), ids=[i for i, _ in steps("extract")])
def test_extract_case(case: str, step: dict[str, Any]) -> None:
    extract = {"generic": generic.extract, "mod": mod.extract}[step["extractor"]]
    record = extract((FIELD / step["html_file"]).read_text("utf-8"), step["page_url"])
    check(clean_article(record) if step.get("clean") else record, step["expect"])


def test_ruby_readings_never_enter_the_body() -> None:
    """Both ruby forms (bare <rt>, and <rp> brackets): the base text only, whole."""
    for name in ("t2-12.html", "t2-12-rp.html"):
        body = generic.extract((FIELD / "pages" / name).read_text("utf-8"), "https://x.go.jp/1.html")["articleBody"]
        assert not re.search(r"[（(][\u3040-\u309f]+[)）]", body), body
    html = "<article><p>" + "<ruby>防衛<rt>ぼうえい</rt></ruby>省は演習を行った。" * 20 + "</p></article>"
    assert "ぼうえい" not in generic.extract(html, "https://x.go.jp/2.html")["articleBody"]


def site_routes(base: str) -> dict[str, Any]:
    routes = {}
    for path in sorted((FIELD / "site").rglob("*")):
        if not path.is_file() or path.name.endswith(".meta.json"):
            continue
        headers = {"Content-Type": TYPES.get(path.suffix, "text/html")}
        sidecar = path.with_name(path.name + ".meta.json")
        if sidecar.is_file():
            headers.update(json.loads(sidecar.read_text("utf-8")).get("headers", {}))
        body = path.read_bytes().replace(b"{{BASE}}", base.encode())
        routes["/" + path.relative_to(FIELD / "site").as_posix()] = (200, headers, body)
    return routes


@pytest.mark.slow
def test_spider_cases(tmp_path: Path) -> None:
    from test_spiders import start_crawl

    with mock_server() as routes:
        base = routes.base
        routes.table.update({path: (lambda reply=reply: reply) for path, reply in site_routes(base).items()})
        runs = []
        for case, step in steps("spider"):
            kind = "sitemap" if "sitemap" in step else "feed"
            args = {kind: base + step[kind], **step.get("args", {})}
            runs.append((case, step, start_crawl("generic", tmp_path / case, args)))
        for case, step, finish in runs:
            crawl = finish()
            assert len(crawl.records) == step["expect"]["stored"], case
            for record in crawl.records:
                check(record, step["expect"].get("each", {}))
                assert record["metadata"]["dateCandidates"] or record["datePublished"] is None
