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
    (tmp_path / "ok.toml").write_text('[[site]]\nname = "xmod"\nfeed = "https://x.gov/f.xml"\n')
    (tmp_path / "flag.toml").write_text('[[site]]\nname = "xmod"\nfeed = "https://x.gov/f.xml"\nrequire_date = "maybe"\n')
    (tmp_path / "afile").write_text("")
    (tmp_path / "reportdata").mkdir()
    (tmp_path / "reportdata" / "x.jsonl").write_text("")
    return {"empty": str(empty), "state": str(with_state), "bad": str(tmp_path / "bad.toml"),
            "broken": str(tmp_path / "broken.toml"), "tz": str(tmp_path / "tz.toml"),
            "ok": str(tmp_path / "ok.toml"), "flag": str(tmp_path / "flag.toml"), "afile": str(tmp_path / "afile"),
            "reportdata": str(tmp_path / "reportdata"),
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
    "rebuild: lock timeout not a number": (["rebuild", "{missing}", "--out", "{empty}", "--lock-timeout", "soon"],
                                           "seconds"),
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
    # -a values get the checks sites.toml gets (crawler.spider_args), in the parent, before any crawl
    "crawl: -a allow not a regex": (["crawl", "generic", "-a", "feed=https://x.gov/f", "-a", "allow=("],
                                    "allow='(' is not a regular expression"),
    "crawl: -a unknown timezone": (["crawl", "generic", "-a", "feed=https://x.gov/f", "-a", "timezone=Mars/Olympus"],
                                   "unknown timezone"),
    "crawl: -a require_date not yes/no": (["crawl", "generic", "-a", "feed=https://x.gov/f", "-a", "require_date=maybe"],
                                          "require_date='maybe' is not a yes/no value"),
    "crawl: -a feed not http": (["crawl", "generic", "-a", "feed=file:///etc/passwd"], "not an http(s) URL"),
    "crawl: -a base_url not a URL": (["crawl", "mod_ja", "-a", "base_url=notaurl"], "base_url='notaurl'"),
    "crawl: -a max_pages not a number": (["crawl", "jdefense", "-a", "max_pages=many"], "max_pages='many'"),
    "crawl: -a name of a built-in spider": (["crawl", "generic", "-a", "feed=https://x.gov/f", "-a", "name=mod_ja"],
                                            "taken by a built-in spider"),
    "crawl: -a on a sites.toml site": (["crawl", "xmod", "--sites", "{ok}", "-a", "allow=("], "not a regular expression"),
    "crawl: sites.toml flag not yes/no": (["crawl", "--all", "--sites", "{flag}"], "not a yes/no value"),
    # --out that cannot be a data directory
    "crawl: --out is a file": (["crawl", "mod_ja", "--out", "{afile}"], "exists and is not a directory"),
    "crawl: --out under a file": (["crawl", "mod_ja", "--out", "{afile}/sub"], "cannot create the directory"),
    "crawl: --out in /proc": (["crawl", "mod_ja", "--out", "/proc/defnews-nope"], "cannot create the directory"),
    "demo: --out is a file": (["demo", "--out", "{afile}"], "exists and is not a directory"),
    "clean: -o under a file": (["clean", "{afile}", "-o", "{afile}/x.jsonl"], "cannot write"),
    "export: -o in /proc": (["export", "--format", "csv", "{afile}", "-o", "/proc/defnews-nope/x.csv"], "cannot write"),
    "report: DATA is a file": (["report", "{afile}"], "not a directory"),
    "report: -o in /proc": (["report", "{reportdata}", "-o", "/proc/defnews-nope/r.html"], "cannot write"),
    "rebuild: --out is a file": (["rebuild", "{afile}", "--out", "{afile}"], "exists and is not a directory"),
    "rebuild: --out in /proc": (["rebuild", "{afile}", "--out", "/proc/defnews-nope"], "cannot create the directory"),
    "dedup: -o under a file": (["dedup", "{afile}", "-o", "{afile}/x.jsonl"], "cannot write"),
    # An output that names an input would replace it: refused by the one shared check.
    "export: parquet -o the input": (["export", "--format", "parquet", "{afile}", "-o", "{afile}"],
                                     "is the same file as the input"),
    "export: csv -o the input": (["export", "--format", "csv", "{afile}", "-o", "{afile}"], "is the same file as the input"),
    "report: -o an article file": (["report", "{reportdata}", "-o", "{reportdata}/x.jsonl"], "is the same file as the input"),
    "report: -o a directory": (["report", "{reportdata}", "-o", "{empty}"], "is a directory"),
    "report: -o stdout": (["report", "{reportdata}", "-o", "-"], "-o needs a file"),
    "clean: -o in a missing directory": (["clean", "{afile}", "-o", "{empty}/nodir/x.jsonl"], "nodir does not exist"),
    "status: --out is a file": (["status", "--out", "{afile}"], "no crawl state"),
    "state: --out in /proc": (["state", "show", "--out", "/proc/defnews-nope"], "no crawl state"),
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


def test_crawl_list_gives_whole_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    """Each description is the first paragraph of the spider's docstring, never cut mid-sentence."""
    assert cli.main(["crawl", "--list"]) == 0
    blocks: dict[str, str] = {}
    for line in capsys.readouterr().out.splitlines():
        if line.startswith(" "):
            blocks[name] = (blocks.get(name, "") + " " + line.strip()).strip()
        else:
            name = line.split()[0]
    assert {"mod_ja", "mod_en", "jdefense", "wargov", "generic"} <= set(blocks)
    assert "walks the top page and the section list pages" in blocks["jdefense"]
    assert all(text.endswith(".") for text in blocks.values()), blocks


def test_sites_toml_require_date_default_is_the_spiders(tmp_path: Path) -> None:
    """sites.toml documents require_date as false by default, like the generic spider; an
    explicit value reaches the spider either way."""
    import inspect

    from crawler.sites import load_sites
    from crawler.spiders.generic import GenericSpider

    spider_default = inspect.signature(GenericSpider.__init__).parameters["require_date"].default
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "a"\nfeed = "https://x.gov/f"\n'
                     '[[site]]\nname = "b"\nfeed = "https://x.gov/f"\nrequire_date = true\n')
    a, b = load_sites(sites)
    assert (a.require_date, b.require_date) == (False, True)
    assert GenericSpider(**a.spider_args()).require_date is False
    assert GenericSpider(**{"feed": "https://x.gov/f", "require_date": spider_default}).require_date is False
    assert GenericSpider(**b.spider_args()).require_date is True
    bundled = (Path(__file__).parents[1] / "crawler" / "sites.toml").read_text()
    assert "require_date  true to skip pages without a date (default false" in bundled


def test_refused_output_leaves_the_input_and_writes_nothing(dirs: dict[str, str]) -> None:
    article = Path(dirs["reportdata"]) / "x.jsonl"
    article.write_text('{"a": 1}\n')
    for argv in (["export", "--format", "parquet", str(article), "-o", str(article)],
                 ["report", dirs["reportdata"], "-o", str(article)]):
        assert cli.main(argv) == 2
        assert article.read_text() == '{"a": 1}\n'
    assert not Path(dirs["empty"], "-").exists()
    assert cli.main(["report", dirs["reportdata"], "-o", "-"]) == 2
    assert not Path("-").exists()
