"""``defnews report``: replaying repairs backwards, the page's content, and the page in headless Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from markupsafe import escape
from hypothesis import strategies as st

from cleaning import clean_article
from defnews import cli, report
from defnews.report import ReplayError, Segment, repairs_of, unapply_edits
import benchmark_modules
from demo_output import demo_output

KINDS = ("char_doubling", "run_doubling", "line_repeat", "truncated_copy")


# --- replaying the edit log backwards ---------------------------------------------------------------


@st.composite
def repaired_texts(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]], str]:
    """A text, deletions on it (contiguous or every k-th character, never sharing a position),
    and the text they leave."""
    before = draw(st.text(alphabet="ab 日本\nx。", min_size=0, max_size=60))
    taken: set[int] = set()
    edits = []
    for _ in range(draw(st.integers(0, 5))):
        if not before:
            break
        start = draw(st.integers(0, len(before) - 1))
        step = draw(st.sampled_from([1, 1, 2, 3]))
        end = draw(st.integers(start + 1, min(len(before), start + 1 + 12 * step)))
        positions = range(start, end, step)
        if taken & set(positions):
            continue
        taken |= set(positions)
        edits.append({"field": "articleBody", "kind": draw(st.sampled_from(KINDS)), "start": start, "end": end,
                      "step": step, "removed": before[start:end:step], "score": 1.0})
    after = "".join(c for i, c in enumerate(before) if i not in taken)
    return before, edits, after


@given(repaired_texts())
def test_unapply_rebuilds_the_text_before_repair(case: tuple[str, list[dict[str, Any]], str]) -> None:
    before, edits, after = case
    segments = unapply_edits(after, edits)
    assert "".join(s.text for s in segments) == before
    assert "".join(s.text for s in segments if s.kind is None) == after
    assert sum(len(s.text) for s in segments if s.kind) == sum(len(e["removed"]) for e in edits)
    assert all(a.kind != b.kind for a, b in zip(segments, segments[1:], strict=False))  # maximal runs


def test_unapply_refuses_edits_that_do_not_replay() -> None:
    edit = {"start": 0, "end": 2, "step": 1, "removed": "ab", "kind": "run_doubling"}
    with pytest.raises(ReplayError, match="two edits"):
        unapply_edits("ab", [edit, {**edit, "start": 1, "end": 3, "removed": "bc"}])
    with pytest.raises(ReplayError, match="removes 3"):
        unapply_edits("ab", [{**edit, "removed": "abc"}])
    with pytest.raises(ReplayError, match="reaches"):
        unapply_edits("ab", [{**edit, "start": 5, "end": 7}])


def test_repairs_of_a_cleaned_record_show_each_changed_paragraph() -> None:
    doubled = "The ministers met in Tokyo. The ministers met in Tokyo."
    record = clean_article({"url": "https://x.gov/a", "headline": "Talks", "source": "s",
                            "articleBody": f"First paragraph is clean.\n{doubled}\nLast one too."})
    repairs = repairs_of(record)
    assert len(repairs) == 1 and repairs[0].field == "articleBody"
    (rep,) = repairs
    assert "".join(s.text for s in rep.before) == doubled
    assert rep.after == record["articleBody"].split("\n")[1]
    assert rep.removed_chars == len(doubled) - len(rep.after)
    assert rep.kinds and all(s.kind in rep.kinds for s in rep.before if s.kind)


def test_a_removed_paragraph_is_shown_with_an_empty_after() -> None:
    record = {"source": "s", "url": "https://x.gov/a", "headline": "h", "articleBody": "A\nC",
              "cleaning": {"edits": [{"field": "articleBody", "kind": "paragraph_repeat", "start": 2, "end": 4,
                                      "step": 1, "removed": "A\n", "score": 1.0}]}}
    (rep,) = repairs_of(record)
    assert (rep.before, rep.after, rep.kinds) == ([Segment("A", "paragraph_repeat")], "", ["paragraph_repeat"])


# --- the page ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_output(tmp_path_factory)


@pytest.fixture(scope="module")
def page(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert cli.main(["report", str(demo_dir), "-o", str(out)]) == 0
    return out


def test_the_page_fetches_nothing(page: Path) -> None:
    html = page.read_text("utf-8")
    assert not re.search(r"<(script|img|iframe|link)\b[^>]*\b(src|href)=", html)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "<svg" in html  # the plot is inline


def test_the_page_has_every_source_article_and_repair(page: Path, demo_dir: Path) -> None:
    html = page.read_text("utf-8")
    summary = json.loads((demo_dir / "summary.json").read_text())
    records = [json.loads(line) for p in sorted(demo_dir.glob("*.jsonl")) for line in p.read_text().splitlines()]
    for name, s in summary["spiders"].items():
        row = re.search(rf'{name}\s*<span class="run">{s["run_id"]} \(finished\)</span></td>\s*'
                        r'<td class="n">(\d+)</td>\s*<td class="n">(\d+)</td>\s*<td class="n">(\d+)</td>', html)
        assert row, name
        # records in the file, then the crawl's own counters in its table's order: found, pages, ...
        assert (int(row[1]), int(row[2]), int(row[3])) == (s["articles_stored"], s["discovered"], s["pages_fetched"])
    for record in records:
        assert f'href="{record["url"]}"' in html
    repaired = [r for r in records if r["cleaning"]["edits"]]
    assert repaired, "the demo output has repaired articles (the seed and the doubled PDF)"
    assert html.count('<div class="repair"') == sum(len(repairs_of(r)) for r in repaired)
    for record in repaired:
        for rep in repairs_of(record):
            assert str(escape(rep.after)) in html


def test_links_and_day_precision_dates_are_shown(tmp_path: Path) -> None:
    record = clean_article({"url": "https://j.example/a", "source": "jdefense", "headline": "Republished",
                            "articleBody": "Body.", "datePublished": "2024-05-03T00:00:00+09:00",
                            "datePublishedPrecision": "day",
                            "links": [{"rel": "isBasedOn", "url": "https://www.mod.go.jp/j/a.html"}]})
    (tmp_path / "jdefense.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\nnot json\n")
    assert cli.main(["report", str(tmp_path), "-o", str(tmp_path / "r.html")]) == 1  # one unreadable line
    html = (tmp_path / "r.html").read_text()
    assert "isBasedOn" in html and 'href="https://www.mod.go.jp/j/a.html"' in html
    assert ">2024-05-03</td>" in html  # the day only: the stored midnight means nothing
    assert report.shown_date({"datePublished": "2024-05-02T23:30:00-04:00", "datePublishedPrecision": "time"}) \
        == "2024-05-02 23:30 -04:00"
    assert "jdefense.jsonl:2: malformed JSON" in html


def test_no_article_file_is_a_usage_error(tmp_path: Path) -> None:
    assert cli.main(["report", str(tmp_path)]) == 2
    assert cli.main(["report", str(tmp_path / "missing")]) == 2


# --- in a browser ------------------------------------------------------------------------------------------


def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return binary


def browse(page: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium, offline and with a throwaway profile."""
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}", *args, page]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def _near(pixels: np.ndarray, colour: str, tolerance: int = 8) -> np.ndarray:
    """Mask of the pixels within ``tolerance`` of ``colour`` (``#rrggbb``) on every channel."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(pixels.astype(int) - rgb) <= tolerance).all(axis=-1)


def test_the_page_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "shot.png"
    browse(page.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1280,1800")
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    # Not blank: many colours, no colour covers nearly everything.
    _, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    assert len(counts) > 200 and counts.max() < 0.8 * counts.sum()
    # The plot: each source's colour drawn as a line, right of the table swatches (x > 200).
    plotted = {c: int(_near(pixels[:, 200:], c, 4).sum()) for c in report.PALETTE[:5]}
    assert sum(n >= 40 for n in plotted.values()) >= 4, plotted
    # A repaired paragraph: the removed text's highlight is on screen.  (The demo's two repairs are in
    # Japanese text whose lines were joined after the repair, so their "before" cannot be shown: a record
    # whose field no step changed after the repair.)
    record = clean_article({"url": "https://x.gov/a", "source": "s", "headline": "h",
                            "articleBody": "Ministers met. Ministers met.\nTThhee  ddaayy  eennddeedd..\nPlain."})
    assert not report.steps_after_repair(record, "articleBody")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "s.jsonl").write_text(json.dumps(record) + "\n")
    assert cli.main(["report", str(tmp_path / "data"), "-o", str(tmp_path / "r.html")]) == 0
    mine = tmp_path / "r.html"
    browse(mine.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1280,1800")
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    removed_bg = re.search(r"--removed-bg: (#[0-9a-f]{6})", mine.read_text()).group(1)  # type: ignore[union-attr]
    assert int(_near(pixels, removed_bg).sum()) > 1000
    dom = browse(mine.as_uri(), tmp_path, "--dump-dom").stdout
    assert re.search(r'<div class="repair"[^>]*>.*?<del class="removed"', dom, re.S)


def test_the_filter_shows_one_kind_of_repair(tmp_path: Path) -> None:
    body = "Ministers met. Ministers met.\nTThhee  ddaayy  eennddeedd..\nPlain."
    record = clean_article({"url": "https://x.gov/a", "source": "s", "headline": "h", "articleBody": body})
    kinds = {e["kind"] for e in record["cleaning"]["edits"]}
    assert len(kinds) == 2, record["cleaning"]["edits"]
    (tmp_path / "s.jsonl").write_text(json.dumps(record) + "\n")
    out = tmp_path / "r.html"
    assert cli.main(["report", str(tmp_path), "-o", str(out)]) == 0
    for kind in kinds:
        dom = browse(f"{out.as_uri()}#kind={kind}", tmp_path, "--dump-dom").stdout
        shown = re.findall(r'<div class="repair" data-kinds="([^"]*)"(?! hidden)', dom)
        hidden = re.findall(r'<div class="repair" data-kinds="([^"]*)" hidden', dom)
        assert shown and all(kind in k.split() for k in shown)
        assert hidden and not any(kind in k.split() for k in hidden)


def test_health_figures_come_from_each_spiders_last_run(tmp_path: Path) -> None:
    for rid, stored in (("20261101T000000Z", 3), ("20261125T193000Z", 7), ("20261110T120000Z", 5)):
        (tmp_path / f"summary-mod_ja-{rid}.json").write_text(json.dumps(
            {"spider": "mod_ja", "run_id": rid, "articles_stored": stored, "finish_reason": "finished"}))
    (tmp_path / "summary-all-20261125T193000Z.json").write_text(json.dumps({"run_id": "x", "spiders": {}}))
    (tmp_path / "summary-wargov-20261125T193000Z.json").write_text("{truncated")
    problems: list[str] = []
    summaries = report.last_summaries(tmp_path, problems)
    assert list(summaries) == ["mod_ja"] and summaries["mod_ja"]["articles_stored"] == 7
    assert len(problems) == 1 and "summary-wargov" in problems[0]


# --- "before" in the report is the text the repair saw, or nothing ---------------------------------------

_DEFECTS = benchmark_modules.load("repeat_defects")
_PARS = _DEFECTS.sources()
_FAMILIES = _DEFECTS.families(_PARS)


@st.composite
def defective_texts(draw: st.DrawFn) -> str:
    """Paragraphs (Japanese and English) damaged by the benchmark's defect families, joined by line breaks,
    some wrapped mid-sentence so the line joins after the repair have work to do."""
    import random
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.sampled_from(_PARS))
        parts.append(_FAMILIES[draw(st.sampled_from(sorted(_FAMILIES)))](text, rng))
    text = "\n".join(parts)
    if draw(st.booleans()) and len(text) > 4:
        at = draw(st.integers(1, len(text) - 1))
        text = text[:at] + "\n" + text[at:]
    return text


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(defective_texts())
def test_the_report_rebuilds_exactly_the_text_the_repair_saw_or_shows_none(text: str) -> None:
    from cleaning.article import _JOINS, explain_text
    from cleaning.fixes import DEFAULT, normalize_and_explain
    from cleaning.repeats import explain_repeats, repair_surrogates

    seen = normalize_and_explain(repair_surrogates(text)[0], DEFAULT._replace(**{n: False for n in _JOINS}))[0]
    out = explain_text(text)
    stored = [dict(e.to_dict(), field="articleBody") for e in out.edits]
    # the rebuild itself is exact on the text the edits leave
    repaired = explain_repeats(seen)[0]
    assert "".join(s.text for s in unapply_edits(repaired, stored)) == seen
    record = {"articleBody": out.text, "url": "u", "source": "s",
              "cleaning": {"fixes": [{"field": "articleBody", "name": n} for n in out.fixes], "edits": stored}}
    repairs = repairs_of(record)
    if not stored:
        assert repairs == []
    elif report.steps_after_repair(record, "articleBody"):
        (rep,) = repairs  # the stored field is not the repaired text: no highlights at wrong places
        assert rep.before == [] and rep.note and rep.after == out.text
    else:
        assert out.text == repaired
        before = "\n".join("".join(s.text for s in rep.before) for rep in repairs)
        assert all(line in seen.split("\n") for line in before.split("\n"))
        assert "".join(s.text for s in unapply_edits(out.text, stored)) == seen


def test_the_demo_records_joined_after_repair_show_no_misplaced_before(demo_dir: Path, page: Path) -> None:
    records = [json.loads(line) for p in sorted(demo_dir.glob("*.jsonl")) for line in p.read_text().splitlines()]
    joined = [r for r in records if (r.get("cleaning") or {}).get("edits")
              and report.steps_after_repair(r, "articleBody")]
    urls = {r["url"] for r in joined}
    assert any(u.endswith("/docs/mod/000485.html") for u in urls) and any(u.endswith("/2026/08/25a.pdf") for u in urls)
    html = page.read_text("utf-8")
    for r in joined:
        (rep,) = [rep for rep in repairs_of(r) if rep.field == "articleBody"]
        assert rep.before == [] and "join_japanese_lines" in rep.note and rep.after == r["articleBody"]
        assert str(escape(rep.note)) in html
    assert "地元への影[止力" not in html and "地元への影<del" not in html


def test_apply_edits_and_replay_text_take_edits_as_loaded_from_json() -> None:
    from cleaning import apply_edits
    from cleaning.article import explain_text, replay_text

    text = "SSttaatteemmeenntt\n防衛大臣臨時記者会見防衛大臣臨時記者会見\nof the day"
    out = explain_text(text)
    loaded = json.loads(json.dumps([dict(e.to_dict(), field="articleBody") for e in out.edits]))
    assert loaded and all(isinstance(e, dict) for e in loaded)
    assert replay_text(text, loaded) == out.text == replay_text(text, out.edits)
    assert apply_edits("SSttaatt", [{"kind": "char_doubling", "start": 1, "end": 8, "step": 2, "removed": "",
                                     "score": 1.0, "spans": [], "lags": [1]}]) == "Stat"
