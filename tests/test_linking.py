"""The linking package: what is linked, what is never linked, authority, persistence.

Inputs are generated from the mechanisms the issue describes, over real paragraphs (the seed
release in tests/cases/clean_paragraphs.txt and the mirror's article bodies):
- a *template* release: the same text with dates, names or figures changed (must never link);
- a *republication*: a republisher's intro, readings in parentheses, dropped list numbers, a
  dropped paragraph (must link, the ministry's copy being the original).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linking import LinkIndex, link_all
from linking import shingles as sh
from linking.page_links import language_links, stated_links
from linking.similarity import compare, template_difference

REPO = Path(__file__).resolve().parents[1]
PARAGRAPHS = [p for p in (REPO / "tests/cases/clean_paragraphs.txt").read_text("utf-8").splitlines() if p.strip()]
JA = [p for p in PARAGRAPHS if sh.is_cjk(p)]
EN = [p for p in PARAGRAPHS if not sh.is_cjk(p)]
NAMES_JA = ["木原", "小泉", "浜田", "岸", "中谷", "石破"]
NAMES_EN = ["Austin", "Hegseth", "Marles", "Kihara", "Koizumi", "Teo"]


def record(url: str, body: str, source: str, lang: str, **extra: Any) -> dict[str, Any]:
    return {"url": url, "canonicalUrl": None, "articleBody": body, "source": source, "inLanguage": lang,
            "datePublished": extra.pop("date", "2024-05-03T00:00:00+09:00"), "links": [], "clusterId": None,
            "metadata": {"contentType": extra.pop("contentType", "text/html")}, **extra}


def pair(a: str, b: str, lang: str) -> Any:
    return compare(a, sh.shingles(a, lang), b, sh.shingles(b, lang), lang)


# --- generators --------------------------------------------------------------------------------


@st.composite
def release(draw: st.DrawFn, pool: list[str]) -> str:
    start = draw(st.integers(0, len(pool) - 2))
    count = draw(st.integers(2, len(pool) - start))
    return "\n".join(pool[start:start + count])


@st.composite
def templated_pair(draw: st.DrawFn) -> tuple[str, str, str]:
    """The same release with 1-3 dates, names or figures changed."""
    lang = draw(st.sampled_from(["ja", "en"]))
    text = draw(release(JA if lang == "ja" else EN))
    names = NAMES_JA if lang == "ja" else NAMES_EN
    slots = [m for m in re.finditer(r"\d+|" + "|".join(names), text)]
    if not slots:
        text = f"{names[0]}は5月3日に会談した。\n" + text if lang == "ja" else f"{names[0]} met on May 3.\n" + text
        slots = list(re.finditer(r"\d+|" + "|".join(names), text))
    chosen = draw(st.lists(st.sampled_from(slots), min_size=1, max_size=3, unique_by=lambda m: m.start()))
    out = text
    for m in sorted(chosen, key=lambda m: -m.start()):
        old = m.group()
        if old.isdigit():
            new = str(int(old) + draw(st.integers(1, 27)))
        else:
            new = draw(st.sampled_from([n for n in names if n != old]))
        out = out[:m.start()] + new + out[m.end():]
    return lang, text, out


@st.composite
def republication(draw: st.DrawFn) -> tuple[str, str, str]:
    """``(lang, original, copy)``: a republisher's intro, readings, dropped numbering."""
    lang = draw(st.sampled_from(["ja", "en"]))
    text = draw(release(JA if lang == "ja" else EN))
    lines = text.split("\n")
    numbered = [f"({i}){line}" if draw(st.booleans()) else line for i, line in enumerate(lines, 1)]
    original = "\n".join(numbered)
    copied = []
    for line in lines:
        if lang == "ja" and draw(st.booleans()):
            line = re.sub(r"(木原|小泉)", lambda m: m.group() + "(よみ・がな)", line, count=1)
        copied.append(line)
    if len(copied) > 3 and draw(st.booleans()):
        del copied[draw(st.integers(1, len(copied) - 2))]  # a dropped middle paragraph
    intro = ("防衛省は令和6(2024)年5月3日、会談の概要を発表した。内容は以下の通り。" if lang == "ja"
             else "The Department released the following statement on Friday.")
    return lang, original, intro + "\n" + "\n".join(copied) + ("\n(以上)" if lang == "ja" else "")


# --- never link templates; always link republications ----------------------------------------


@settings(max_examples=60, deadline=None)
@given(templated_pair())
def test_templated_releases_are_never_linked(case: tuple[str, str, str]) -> None:
    lang, a, b = case
    assert pair(a, b, lang) is None
    assert template_difference(a, b, lang) is not None or len(sh.shingles(a, lang) & sh.shingles(b, lang)) < 40


@settings(max_examples=40, deadline=None)
@given(republication())
def test_republications_are_linked_to_the_ministry(case: tuple[str, str, str]) -> None:
    lang, original, copy = case
    assert pair(copy, original, lang) is not None
    copy_first = [record("https://j-defense.ikaros.jp/docs/mod/1.html", copy, "jdefense", lang),
                  record("https://www.mod.go.jp/j/a.html", original, "mod_ja", lang)]
    linked = link_all(copy_first)
    assert [l["rel"] for l in linked[0]["links"]] == ["isBasedOn"]
    assert [l["rel"] for l in linked[1]["links"]] == ["isBasisFor"]
    assert linked[0]["clusterId"] == linked[1]["clusterId"] == "https://www.mod.go.jp/j/a.html"


def test_identical_text_at_two_urls_of_one_source_is_same_as() -> None:
    body = "\n".join(EN)
    recs = [record("https://www.war.gov/News/Releases/Release/Article/1/x/", body, "wargov", "en"),
            record("https://www.war.gov/News/News-Releases/News-Release-View/Article/1/x/", body, "wargov", "en")]
    linked = link_all(recs)
    assert [l["rel"] for l in linked[0]["links"] if "war.gov" in l["url"]] == ["sameAs"]
    assert linked[0]["clusterId"] == linked[1]["clusterId"]


def test_html_and_pdf_of_one_release_are_encodings() -> None:
    body = "\n".join(JA)
    recs = [record("https://www.mod.go.jp/j/a.html", body, "mod_ja", "ja"),
            record("https://www.mod.go.jp/j/a.pdf", body, "mod_ja", "ja", contentType="application/pdf")]
    linked = link_all(recs)
    assert linked[0]["links"] == [{"rel": "encoding", "url": "https://www.mod.go.jp/j/a.pdf"}]


def test_every_record_stays_in_input_order() -> None:
    body = "\n".join(JA)
    recs = [record(f"https://j-defense.ikaros.jp/docs/mod/{n}.html", body, "jdefense", "ja") for n in range(5)]
    recs.append(record("https://www.mod.go.jp/j/a.html", body, "mod_ja", "ja"))
    linked = link_all(recs)
    assert [r["url"] for r in linked] == [r["url"] for r in recs]
    assert {r["clusterId"] for r in linked} == {"https://www.mod.go.jp/j/a.html"}


# --- links a page states ---------------------------------------------------------------------


def test_language_links_give_translation_direction() -> None:
    ja_page = '<html lang="ja"><body><a href="/en/a.html" lang="en">English</a></body></html>'
    en_page = '<html lang="en"><body><a href="/j/a.html" lang="ja">In Japanese</a></body></html>'
    assert language_links("https://www.mod.go.jp/j/a.html", ja_page, "ja") == [
        {"rel": "workTranslation", "url": "https://www.mod.go.jp/en/a.html"}]
    assert language_links("https://www.mod.go.jp/en/a.html", en_page, None) == [
        {"rel": "translationOfWork", "url": "https://www.mod.go.jp/j/a.html"}]


def test_redirects_are_same_as() -> None:
    links = stated_links("https://h/new", None, None, ("https://h/old", "https://h/new"))
    assert links == [{"rel": "sameAs", "url": "https://h/old"}]


# --- the persistent index --------------------------------------------------------------------


def test_index_links_a_later_run_against_the_archive(tmp_path: Path) -> None:
    body = "\n".join(JA)
    first = LinkIndex.open(tmp_path)
    original = first.link(record("https://www.mod.go.jp/j/a.html", body, "mod_ja", "ja"))
    first.close()
    header = orjson.loads((tmp_path / "params.json").read_bytes())
    assert header["params"]["num_perm"] == 128 and "datasketch" in header["versions"]
    later = LinkIndex.open(tmp_path)  # a scheduled run, another process
    copy = later.link(record("https://j-defense.ikaros.jp/docs/mod/1.html", "防衛省は発表した。\n" + body, "jdefense", "ja"))
    later.close()
    assert copy["links"] == [{"rel": "isBasedOn", "url": "https://www.mod.go.jp/j/a.html"}]
    assert copy["clusterId"] == original["clusterId"] == "https://www.mod.go.jp/j/a.html"


def test_index_with_other_versions_recomputes_signatures(tmp_path: Path) -> None:
    body = "\n".join(EN)
    index = LinkIndex.open(tmp_path)
    index.link(record("https://www.war.gov/a", body, "wargov", "en"))
    index.close()
    header = orjson.loads((tmp_path / "params.json").read_bytes())
    header["versions"]["datasketch"] = "0.0.1"
    (tmp_path / "params.json").write_bytes(orjson.dumps(header))
    lines = (tmp_path / "entries.jsonl").read_bytes().splitlines()
    broken = [orjson.dumps({**orjson.loads(line), "minhash": "AAAA"}) for line in lines]
    (tmp_path / "entries.jsonl").write_bytes(b"\n".join(broken) + b"\n")
    reopened = LinkIndex.open(tmp_path)  # must not trust the stored (now wrong) signatures
    linked = reopened.link(record("https://www.war.gov/b", body, "wargov", "en"))
    reopened.close()
    assert {"rel": "sameAs", "url": "https://www.war.gov/a"} in linked["links"]


def test_overwrite_mode_forgets_only_that_source(tmp_path: Path) -> None:
    index = LinkIndex.open(tmp_path)
    index.link(record("https://www.mod.go.jp/j/a.html", "\n".join(JA), "mod_ja", "ja"))
    index.link(record("https://www.war.gov/a", "\n".join(EN), "wargov", "en"))
    index.close()
    again = LinkIndex.open(tmp_path, drop="wargov")
    again.close()
    assert list(again.entries) == ["https://www.mod.go.jp/j/a.html"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_numbers_are_not_normalised(lang: str) -> None:
    a = "\n".join(JA if lang == "ja" else EN)
    b = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), a, count=1)
    assert a != b and pair(a, b, lang) is None


def test_two_runs_sharing_the_index_keep_both_entries(tmp_path: Path) -> None:
    first, second = LinkIndex.open(tmp_path), LinkIndex.open(tmp_path)  # the second rewrote the file
    first.link(record("https://www.mod.go.jp/j/a.html", "\n".join(JA), "mod_ja", "ja"))
    second.link(record("https://www.war.gov/a", "\n".join(EN), "wargov", "en"))
    first.close()
    second.close()
    assert sorted(LinkIndex.open(tmp_path).entries) == ["https://www.mod.go.jp/j/a.html", "https://www.war.gov/a"]


# --- both directions at crawl time -----------------------------------------------------------


def test_a_record_gets_the_inverse_of_earlier_records_links_to_it(tmp_path: Path) -> None:
    """The second of two records carries both directions, as `defnews dedup` gives them; the
    first gains the inverse when it is stored again (a new version), once, from a new run."""
    ja_url, en_url = "https://www.mod.go.jp/j/a.html", "https://www.mod.go.jp/en/a.html"
    ja = record(ja_url, "\n".join(JA), "mod_ja", "ja", links=[{"rel": "workTranslation", "url": en_url}])
    en = record(en_url, "\n".join(EN), "mod_en", "en")
    index = LinkIndex.open(tmp_path)
    index.link(ja)
    linked_en = index.link(en)
    index.close()
    assert linked_en["links"] == [{"rel": "translationOfWork", "url": ja_url}]
    # The copy stored after its original links to it; the original, stored again, links back.
    body = "\n".join(JA)
    later = LinkIndex.open(tmp_path)
    copy = later.link(record("https://j-defense.ikaros.jp/docs/mod/1.html", "防衛省は発表した。\n" + body,
                             "jdefense", "ja"))
    again = later.link({**ja, "version": 2})
    later.close()
    assert copy["links"] == [{"rel": "isBasedOn", "url": ja_url}]
    assert again["links"] == [{"rel": "isBasisFor", "url": "https://j-defense.ikaros.jp/docs/mod/1.html"},
                              {"rel": "workTranslation", "url": en_url}]
    assert link_all([ja, en, copy])[0]["links"] == again["links"]  # what dedup says


def test_inverse_links_are_never_doubled_and_follow_replaced_entries() -> None:
    a_url, b_url = "https://news.example/a", "https://news.example/b"
    index = LinkIndex()
    index.link(record(a_url, "First text.", "site", "en", links=[{"rel": "sameAs", "url": b_url}]))
    b = index.link(record(b_url, "Second text.", "site", "en", links=[{"rel": "sameAs", "url": a_url}]))
    assert b["links"] == [{"rel": "sameAs", "url": a_url}]
    # A new version of a states nothing itself, and still gets b's link back, once.
    again = index.link(record(a_url, "First text, corrected.", "site", "en"))
    assert again["links"] == [{"rel": "sameAs", "url": b_url}]
    fresh = LinkIndex()
    fresh.link(record(a_url, "First text.", "site", "en", links=[{"rel": "sameAs", "url": b_url}]))
    fresh.link(record(a_url, "First text, corrected.", "site", "en"))  # replaced: its old links forgotten
    assert fresh.inverse_links(record(b_url, "Second text.", "site", "en")) == []
    index.drop_source("site")
    assert index.inbound == {}
