"""crawler.crawl_state and the health verdicts of ``defnews status``."""
from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.crawl_state import CrawlState
from defnews.status import health_rows, verdict


def test_pages_keep_validators_hash_and_version(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    state.save_page("s", {"https://x.gov/a"}, etag='"e1"', last_modified=None, content_hash="sha256:1",
                    version=1, changed=True)
    state.save_page("s", {"https://x.gov/a"}, etag='"e2"', last_modified="Mon, 30 Nov 2026 10:00:00 GMT",
                    content_hash=None, version=None, changed=False)
    page = state.page("s", "https://x.gov/a")
    assert page is not None
    assert (page.etag, page.last_modified, page.content_hash, page.version) == (
        '"e2"', "Mon, 30 Nov 2026 10:00:00 GMT", "sha256:1", 1)
    assert state.page("other", "https://x.gov/a") is None
    assert state.reset("s") == (1, 0)
    assert state.pages("s") == {}


def test_unfinished_runs_are_found_and_marked_killed(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    state.start_run("s", "R1", "/raw/R1.jsonl.gz", "/a.jsonl")
    state.start_run("s", "R2", "/raw/R2.jsonl.gz", "/a.jsonl")
    assert [r["run_id"] for r in state.unfinished_runs("s", except_run="R2")] == ["R1"]
    state.mark_crashed("s", "R1")
    state.finish_run("s", "R2", "finished", 0, {"new": 2, "fetched": 3})
    assert state.unfinished_runs("s", except_run="R3") == []
    last = state.last_run("s")
    assert last is not None and (last["run_id"], last["new"]) == ("R2", 2)
    assert state.last_new_article("s") is not None


def run(**fields: object) -> dict[str, object]:
    return {"finish_reason": "finished", "exit_status": 0, "blocked": 0, "new": 1, "not_modified": 0, **fields}


def test_verdicts() -> None:
    assert verdict(None, None, 7) == "never"
    assert verdict(run(), 1.0, 7) == "ok"
    assert verdict(run(), 9.0, 7) == "silent"
    assert verdict(run(), None, 7) == "silent"
    assert verdict(run(blocked=3, new=0), 1.0, 7) == "blocked"
    assert verdict(run(exit_status=3), 1.0, 7) == "failing"
    assert verdict(run(finish_reason="killed"), 1.0, 7) == "killed"
    assert verdict(run(finish_reason="shutdown"), 1.0, 7) == "interrupted"


def test_status_rows_measure_silence_against_the_cadence(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    for source in ("fast", "slow"):
        state.start_run(source, "R1", "", "")
        state.finish_run(source, "R1", "finished", 0, {"new": 1, "fetched": 1})
    later = datetime.now(UTC) + timedelta(days=4)
    rows = {r["source"]: r for r in health_rows(state, {"fast": 2.0}, 7.0, now=later)}
    assert (rows["fast"]["health"], rows["slow"]["health"]) == ("silent", "ok")
    assert rows["fast"]["days_since_new"] >= 3.9


def test_status_and_state_commands_print_the_state(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    state.start_run("mod_ja", "R1", "", "")
    state.finish_run("mod_ja", "R1", "finished", 0, {"new": 1, "fetched": 1})
    state.save_page("mod_ja", {"https://x.gov/a"}, etag='"e"', last_modified=None, content_hash="sha256:1",
                    version=1, changed=True)
    state.close()
    cli = [sys.executable, "-m", "defnews.cli"]
    status = subprocess.run([*cli, "status", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stderr
    assert "mod_ja" in status.stdout and "ok" in status.stdout
    show = subprocess.run([*cli, "state", "show", "mod_ja", "--out", str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert show.returncode == 0 and 'etag="e"' in show.stdout
    reset = subprocess.run([*cli, "state", "reset", "mod_ja", "--out", str(tmp_path)], capture_output=True,
                           text=True, timeout=60)
    assert reset.returncode == 0 and "forgot 1 URLs" in reset.stdout
