"""The offline mirror server, and `defnews demo` end to end in a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from crawler.mirror_server import DEFAULT_MIRROR, resolve, serve_mirror

SPIDERS = ("mod_ja", "mod_en", "jdefense", "wargov", "generic")


# --- the mirror server ---------------------------------------------------------------------


@pytest.fixture
def tiny_mirror(tmp_path: Path) -> Iterator[dict[str, str]]:
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "news" / "index.html").write_text("<html>list</html>")
    (site / "feed.ashx").write_text("<?xml version='1.0'?><rss></rss>")
    (site / "doc.pdf").write_bytes(b"%PDF-1.4")
    (site / "sjis.html").write_bytes("<p>防衛省</p>".encode("shift_jis"))
    (site / "sjis.html.meta.json").write_text(json.dumps({"headers": {"Content-Type": "text/html; charset=Shift_JIS"}}))
    (site / "blocked.html").write_text("<title>Just a moment...</title>")
    (site / "blocked.html.meta.json").write_text(json.dumps({"status": 403, "headers": {"cf-mitigated": "challenge"}}))
    (site / "old.html.meta.json").write_text(json.dumps({"status": 301, "headers": {"Location": "/news/"}}))
    (tmp_path / "secret.txt").write_text("outside the site")
    with serve_mirror(tmp_path) as sites:
        yield sites


def get(sites: dict[str, str], path: str) -> httpx.Response:
    return httpx.get(sites["site"] + path, follow_redirects=False, timeout=5)


def test_one_server_per_site_directory(tiny_mirror: dict[str, str]) -> None:
    assert list(tiny_mirror) == ["site"]
    assert tiny_mirror["site"].startswith("http://127.0.0.1:")


def test_directory_urls_serve_index_html_and_ignore_the_query(tiny_mirror: dict[str, str]) -> None:
    for path in ("/news/", "/news", "/news/?page=2", "/news/index.html?x=1"):
        response = get(tiny_mirror, path)
        assert (response.status_code, response.text) == (200, "<html>list</html>")
        assert response.headers["content-type"] == "text/html"


def test_content_type_from_extension_or_sniffed(tiny_mirror: dict[str, str]) -> None:
    assert get(tiny_mirror, "/doc.pdf").headers["content-type"] == "application/pdf"
    assert get(tiny_mirror, "/feed.ashx?ContentType=1").headers["content-type"] == "application/xml"


def test_sidecar_overrides_status_and_headers(tiny_mirror: dict[str, str]) -> None:
    blocked = get(tiny_mirror, "/blocked.html")
    assert (blocked.status_code, blocked.headers["cf-mitigated"]) == (403, "challenge")
    sjis = get(tiny_mirror, "/sjis.html")
    assert sjis.headers["content-type"] == "text/html; charset=Shift_JIS"
    assert sjis.content.decode("shift_jis") == "<p>防衛省</p>"


def test_sidecar_without_file_is_a_bare_redirect(tiny_mirror: dict[str, str]) -> None:
    response = get(tiny_mirror, "/old.html")
    assert (response.status_code, response.headers["location"]) == (301, "/news/")


def test_missing_files_are_404(tiny_mirror: dict[str, str]) -> None:
    assert get(tiny_mirror, "/nothing.html").status_code == 404


def test_paths_cannot_escape_the_site_directory(tmp_path: Path) -> None:
    # Tested on resolve() directly: HTTP clients normalise "/../" before sending it.
    root = tmp_path.resolve()
    assert resolve(root, "/../secret.txt") is None
    assert resolve(root, "/%2e%2e/secret.txt") is None
    assert resolve(root, "/a/b.html?x=/../../y") == root / "a" / "b.html"


# --- defnews demo, end to end -------------------------------------------------------------------

SEED_HEADLINE = "日米防衛相会談(5月2日、ハワイ)の概要を発表"
SEED_SENTENCES = (
    "両閣僚は、抑止力を維持し、地元への影響を軽減する観点から、普天間飛行場の辺野古移設及び返還を含む"
    "米軍再編計画の着実な進展のため、引き続き日米間で緊密に協力していくことで一致した。",
    "また、両閣僚は、在日米軍の安定的な駐留と日々の活動には、地域社会の協力が重要であることで一致し、"
    "地元との強固な関係を後押しすることを含め引き続き連携していくことを確認した。",
)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    if not all((DEFAULT_MIRROR / site).is_dir() for site in ("mod", "jdefense", "wargov", "generic")):
        pytest.fail(f"the offline mirror is incomplete: {DEFAULT_MIRROR}")
    out = tmp_path_factory.mktemp("demo") / "out"
    # From an unrelated cwd: the demo must not depend on being run from the repo root.
    proc = subprocess.run(
        [sys.executable, "-m", "defnews.cli", "demo", "--out", str(out)],
        cwd=tmp_path_factory.getbasetemp(), capture_output=True, text=True, timeout=300,
    )
    return proc, out


@pytest.fixture(scope="module")
def summary(demo: tuple[subprocess.CompletedProcess[str], Path]) -> dict[str, Any]:
    proc, out = demo
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((out / "summary.json").read_text())


@pytest.mark.slow
def test_demo_writes_every_spiders_output(demo: tuple[subprocess.CompletedProcess[str], Path],
                                          summary: dict[str, Any]) -> None:
    _, out = demo
    assert summary["crashed"] == []
    assert set(summary["spiders"]) == set(SPIDERS)
    for spider in SPIDERS:
        stored = summary["spiders"][spider]["articles_stored"]
        assert stored > 0, spider
        assert len(read_jsonl(out / f"{spider}.jsonl")) == stored
        assert (out / "raw" / spider / f"{summary['run_id']}.jsonl.gz").is_file()


@pytest.mark.slow
def test_demo_summary_counts_the_mirrors_traps(summary: dict[str, Any]) -> None:
    spiders, totals = summary["spiders"], summary["totals"]
    assert spiders["mod_ja"]["blocked"] >= 1  # the 403 challenge page
    assert spiders["mod_ja"]["routine"].get("robots_forbidden") == 1  # /a/ is disallowed
    assert spiders["wargov"]["offsite_filtered"] >= 1  # the redirect to https://evil.example/
    assert totals["articles_stored"] == sum(s["articles_stored"] for s in spiders.values())
    assert not any(kind.startswith("spider_exception") for kind in totals["errors"])


@pytest.mark.slow
def test_demo_prints_the_summary(demo: tuple[subprocess.CompletedProcess[str], Path],
                                 summary: dict[str, Any]) -> None:
    proc, out = demo
    assert "stored" in proc.stdout and "total" in proc.stdout
    assert str(out / "summary.json") in proc.stdout


@pytest.fixture(scope="module")
def seed(demo: tuple[subprocess.CompletedProcess[str], Path], summary: dict[str, Any]) -> dict[str, Any]:
    _, out = demo
    matches = [r for r in read_jsonl(out / "jdefense.jsonl") if r.get("headline") == SEED_HEADLINE]
    assert len(matches) == 1
    return matches[0]


@pytest.mark.slow
def test_seed_article_metadata(seed: dict[str, Any]) -> None:
    assert seed["datePublished"] == "2024-05-03T17:03:00+09:00"
    assert seed["inLanguage"] == "ja"
    assert seed["source"] == "jdefense"
    assert seed["url"].endswith("/docs/mod/000485.html")


@pytest.mark.slow
def test_seed_article_body_is_repaired(seed: dict[str, Any]) -> None:
    body = seed["articleBody"]
    for sentence in SEED_SENTENCES:
        assert sentence in body
    assert "Ranking" not in body
    assert any(edit["field"] == "articleBody" for edit in seed["cleaning"]["edits"])


@pytest.mark.slow
def test_demo_output_loads_in_duckdb(demo: tuple[subprocess.CompletedProcess[str], Path],
                                     summary: dict[str, Any]) -> None:
    _, out = demo
    con = duckdb.connect()
    rows = con.execute("SELECT count(*) FROM read_json_auto(?)", [str(out / "*.jsonl")]).fetchone()
    assert rows is not None and rows[0] == summary["totals"]["articles_stored"]
    per_source = dict(con.execute(
        "SELECT source, count(*) FROM read_json_auto(?) GROUP BY source", [str(out / "*.jsonl")]).fetchall())
    assert per_source == {name: s["articles_stored"] for name, s in summary["spiders"].items()}


@pytest.mark.slow
def test_demo_second_run_fetches_no_unchanged_article_body(demo: tuple[subprocess.CompletedProcess[str], Path],
                                                          summary: dict[str, Any]) -> None:
    _, out = demo
    first_lines = {spider: len(read_jsonl(out / f"{spider}.jsonl")) for spider in SPIDERS}
    proc = subprocess.run([sys.executable, "-m", "defnews.cli", "demo", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    second = json.loads((out / "summary.json").read_text())
    assert second["run_id"] != summary["run_id"]
    assert (out / f"summary-{summary['run_id']}.json").is_file()  # the first summary is kept
    for spider in SPIDERS:
        s = second["spiders"][spider]
        # Every stored article was re-checked with a conditional request and answered 304:
        # no article body was downloaded again, nothing was stored twice.
        assert s["not_modified"] == summary["spiders"][spider]["articles_stored"], spider
        assert (s["articles_stored"], s["unchanged"], s["already_stored"]) == (0, 0, 0), spider
        assert len(read_jsonl(out / f"{spider}.jsonl")) == first_lines[spider]


# --- the CLI and the live run's settings (no network: spider runs are recorded, not run) -------


def recorder(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Replace runner.run_spider by a stub that records each SpiderRun and reports success."""
    from crawler import runner

    runs: list[runner.SpiderRun] = []

    def record(run: runner.SpiderRun, *args: Any) -> int:
        runs.append(run)
        return 0

    monkeypatch.setattr(runner, "run_spider", record)
    return runs


def test_crawl_all_runs_the_site_spiders_politely(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from crawler import runner
    from defnews import cli

    runs = recorder(monkeypatch)
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "xmod"\nfeed = "https://x.gov/feed.xml"\nallow = "/news/"\n'
                     'language = "en"\ntimezone = "Europe/London"\ncadence_days = 2\n')
    argv = ["crawl", "--all", "--out", str(tmp_path), "--sites", str(sites), "-s", "DEFNEWS_CONTACT=mailto:a@b.c"]
    assert cli.main(argv) == 1
    # 1: no spider left a summary (none ran), so each is reported as crashed.
    assert [r.name for r in runs] == [*runner.LIVE_SPIDERS, "generic"]
    assert runs[-1].args == {"name": "xmod", "feed": "https://x.gov/feed.xml", "allow": "/news/",
                             "language": "en", "timezone": "Europe/London"}
    runs.pop()
    for run in runs:
        assert run.args == {}
        assert not set(run.settings) & set(runner.DEMO_SETTINGS)  # polite defaults untouched
        assert run.settings["DEFNEWS_ARTICLES_DIR"] == str(tmp_path.resolve() / "articles")
        assert run.settings["DEFNEWS_CONTACT"] == "mailto:a@b.c"
    aggregate = json.loads(next(tmp_path.glob("summary-all-*.json")).read_text())
    assert aggregate["crashed"] == [*runner.LIVE_SPIDERS, "xmod"]


def test_crawl_one_spider_passes_arguments_and_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from crawler import runner
    from defnews import cli

    runs = recorder(monkeypatch)
    argv = ["crawl", "generic", "-a", "sitemap=https://x.gov/sitemap.xml?a=b",
            "-s", "DOWNLOAD_DELAY=5", "--out", str(tmp_path)]
    assert cli.main(argv) == 1  # the stub ran nothing, so left no summary: reported as crashed
    assert runs[0].args == {"sitemap": "https://x.gov/sitemap.xml?a=b"}
    assert runs[0].settings["DOWNLOAD_DELAY"] == "5"
    assert runs[0].settings["DEFNEWS_DATA_DIR"] == str(tmp_path.resolve())
    assert runs[0].settings["LOG_FILE"].startswith(str(tmp_path.resolve() / "logs" / "generic-"))
    assert runner.crawl_command(runs[0])[1:5] == ["-m", "scrapy", "crawl", "generic"]


@pytest.mark.parametrize("argv", [["crawl"], ["crawl", "mod_ja", "--all"], ["crawl", "mod_ja", "-s", "NOEQUALS"]])
def test_crawl_usage_errors(argv: list[str]) -> None:
    from defnews import cli

    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2


def test_polite_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from crawler import settings

    monkeypatch.delenv("DEFNEWS_HTTPCACHE", raising=False)
    monkeypatch.setenv("DEFNEWS_CONTACT", "https://ops.example.org/bot")
    live = importlib.reload(settings)
    assert (live.ROBOTSTXT_OBEY, live.AUTOTHROTTLE_ENABLED, live.HTTPCACHE_ENABLED) == (True, True, False)
    assert (live.CONCURRENT_REQUESTS_PER_DOMAIN, live.DOWNLOAD_DELAY) == (2, 2.0)
    assert live.USER_AGENT == "defnews/0.1 (+https://ops.example.org/bot)"
    monkeypatch.setenv("DEFNEWS_HTTPCACHE", "1")
    assert importlib.reload(settings).HTTPCACHE_ENABLED is True
    monkeypatch.undo()
    importlib.reload(settings)
