"""Bad input to every ``defnews`` command: one clear line on stderr and the documented status
(2 for a usage error; README "Exit status"). In-process through ``defnews.cli.main``."""
from __future__ import annotations

from pathlib import Path

import pytest

from crawler.crawl_state import CrawlState
from defnews import cli


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "empty"
    empty.mkdir()
    with_state = tmp_path / "data"
    CrawlState.in_dir(with_state).close()
    (tmp_path / "bad.toml").write_text('[[site]]\nname = "xmod"\nallow = "/news/"\n')
    (tmp_path / "broken.toml").write_text("[[site]\nname = ")
    (tmp_path / "tz.toml").write_text('[[site]]\nname = "xmod"\nfeed = "https://x.gov/f.xml"\ntimezone = "Mars/Base"\n')
    return {"empty": str(empty), "state": str(with_state), "bad": str(tmp_path / "bad.toml"),
            "broken": str(tmp_path / "broken.toml"), "tz": str(tmp_path / "tz.toml"),
            "missing": str(tmp_path / "missing.jsonl"), "out": str(tmp_path / "out.jsonl")}


CASES = {
    "unknown command": (["fetch"], "invalid choice"),
    "crawl: unknown spider": (["crawl", "nope"], "unknown spider or site 'nope'"),
    "crawl: generic with neither feed nor sitemap": (["crawl", "generic"], "exactly one of"),
    "crawl: generic with both": (["crawl", "generic", "-a", "feed=https://x/f", "-a", "sitemap=https://x/s"],
                                 "exactly one of"),
    "crawl: unknown spider argument": (["crawl", "mod_ja", "-a", "bogus=1"], "takes no argument bogus"),
    "crawl: --all with -a": (["crawl", "--all", "-a", "x=y"], "--all takes no -a"),
    "crawl: bad store mode": (["crawl", "mod_ja", "-s", "DEFNEWS_STORE_MODE=merge"], "DEFNEWS_STORE_MODE"),
    "crawl: setting without =": (["crawl", "mod_ja", "-s", "NOEQUALS"], "expected KEY=VALUE"),
    "crawl: lock timeout not a number": (["crawl", "mod_ja", "--lock-timeout", "soon"], "seconds"),
    "crawl: sites file missing": (["crawl", "--all", "--sites", "{missing}"], "cannot read"),
    "crawl: site without feed or sitemap": (["crawl", "--all", "--sites", "{bad}"], "exactly one of sitemap or feed"),
    "crawl: sites file not TOML": (["crawl", "--list", "--sites", "{broken}"], "not valid TOML"),
    "crawl: unknown timezone": (["crawl", "--all", "--sites", "{tz}"], "unknown timezone"),
    "demo: no mirror": (["demo", "--mirror", "{empty}", "--out", "{empty}"], "lacks the mirror sites"),
    "state: unknown action": (["state", "frob"], "invalid choice"),
    "state: no state": (["state", "show", "--out", "{empty}"], "no crawl state"),
    "state: unknown source": (["state", "reset", "nosuch", "--out", "{state}"], "no state for source 'nosuch'"),
    "status: no state": (["status", "--out", "{empty}"], "no crawl state"),
    "status: bad sites": (["status", "--out", "{state}", "--sites", "{broken}"], "not valid TOML"),
    "clean: missing input": (["clean", "{missing}", "-o", "{out}"], "missing.jsonl"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_and_status_2(case: str, dirs: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    argv, expected = CASES[case]
    argv = [a.format(**dirs) for a in argv]
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert expected in err
    assert "Traceback" not in err


def test_crawl_list_shows_each_spider_its_arguments_and_the_sites(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "xmod"\nsitemap = "https://x.gov/sitemap.xml"\n')
    assert cli.main(["crawl", "--list", "--sites", str(sites)]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = {line.split()[0]: line for line in lines if line and not line.startswith(" ")}
    assert {"mod_ja", "mod_en", "jdefense", "wargov", "generic", "xmod"} <= set(listed)
    assert "sitemap=URL" in listed["generic"] and "feed=URL" in listed["generic"]
    assert "max_pages=3" in listed["jdefense"]
    assert "sitemap=https://x.gov/sitemap.xml" in listed["xmod"]
