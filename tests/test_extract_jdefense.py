"""crawler.extractors.jdefense on saved j-defense.ikaros.jp pages, above all the seed article."""
from __future__ import annotations

from typing import Any

import pytest
from saved_pages import FIXTURES, page_text

from crawler.extractors import jdefense
from crawler.extractors._html import block_lines, parse

# A copy of /work/shared/seed/jdefense-000485.txt, the page text as captured.
SEED_TEXT = FIXTURES / "jdefense" / "000485_seed.txt"
SITE = "https://j-defense.ikaros.jp"
SEED_URL = SITE + "/docs/mod/000485.html"

# The two corrupted paragraphs of the seed, verbatim: repairing them is the cleaning step's job.
CORRUPTED = [
    "両閣僚は、抑止力を維持し、地元への抑止力を維持し、地元への影響を影響を軽減する観点から、軽減する観点から、普天間飛行場の普天間飛行場の辺野古移設辺野古移設及び返還及び返還を含む米軍再編計画の着を含む米軍再編計画の着実な進展のため、引き続き日米間で緊実な進展のため、引き続き日米間で緊密に協力して密に協力していいくことで一致した。くことで一致した。",
    "また、両閣僚は、在日米軍の安定的な駐留と日々在日米軍の安定的な駐留と日々の活動には、地域社会の協力が重要であることで一致しの活動には、地域社会の協力が重要であることで一致し、地元との強固な関係を後、地元との強固な関係を後押しすることを含め引き続き連携していくことを確認した押しすることを含め引き続き連携していくことを確認した。",
]


def load(name: str) -> str:
    return page_text(f"jdefense/{name}")


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return jdefense.extract(load("000485_seed.html"), SEED_URL)


def test_seed_url(seed: dict[str, Any]) -> None:
    assert seed["url"] == SEED_URL


def test_seed_canonical(seed: dict[str, Any]) -> None:
    assert seed["canonicalUrl"] == SEED_URL


def test_seed_headline(seed: dict[str, Any]) -> None:
    assert seed["headline"] == "日米防衛相会談(5月2日、ハワイ)の概要を発表"


def test_seed_date_published(seed: dict[str, Any]) -> None:
    assert seed["datePublished"] == "2024-05-03T17:03:00+09:00"


def test_seed_date_raw(seed: dict[str, Any]) -> None:
    assert seed["datePublishedRaw"] == "2024-5-3 17:03"


def test_seed_language(seed: dict[str, Any]) -> None:
    assert seed["inLanguage"] == "ja"


def test_seed_breadcrumbs(seed: dict[str, Any]) -> None:
    assert seed["breadcrumbs"] == ["防衛省関連"]


def test_seed_description(seed: dict[str, Any]) -> None:
    assert seed["description"].startswith("防衛省は令和6(2024)年5月3日")


def test_seed_method(seed: dict[str, Any]) -> None:
    assert seed["metadata"]["extractionMethod"] == "jdefense"


def test_seed_body_is_the_seed_body(seed: dict[str, Any]) -> None:
    seed_lines = SEED_TEXT.read_text(encoding="utf-8").split("\n")
    assert seed["articleBody"] == "\n".join(seed_lines[3:14])


@pytest.mark.parametrize("paragraph", CORRUPTED)
def test_seed_corrupted_paragraphs_kept_verbatim(seed: dict[str, Any], paragraph: str) -> None:
    assert paragraph in seed["articleBody"].split("\n")


def test_seed_mid_sentence_newline_kept(seed: dict[str, Any]) -> None:
    assert "その実現に向けて、緊密に\n連携していくことを確認した。" in seed["articleBody"]


def test_seed_keeps_2purasu2(seed: dict[str, Any]) -> None:
    assert "(「2プラス2」)" in seed["articleBody"]


@pytest.mark.parametrize("widget_text", [
    "Ranking", "読まれている記事", "24時間", "1週間", "1ヶ月", "人事発令", "レールガン", "写真:防衛省",
    "bnrname", "pagetop", "site search", "menu", "日本の防衛と安全保障の今を伝える"])
def test_seed_no_site_furniture(seed: dict[str, Any], widget_text: str) -> None:
    assert widget_text not in seed["articleBody"]


def test_seed_page_renders_the_seed_text_in_order() -> None:
    """The mirror page shows the seed file's lines (list bullets aside) contiguously and in order."""
    expected = [line.removeprefix("- ") for line in SEED_TEXT.read_text(encoding="utf-8").split("\n") if line]
    rendered = block_lines(parse(load("000485_seed.html")).body)
    start = rendered.index(expected[0])
    assert rendered[start:start + len(expected)] == expected


# --- other articles: the later category label and the end markers ---

@pytest.fixture(scope="module")
def later() -> dict[str, Any]:
    return jdefense.extract(load("001540.html"), SITE + "/docs/mod/001540.html")


def test_later_category_label(later: dict[str, Any]) -> None:
    assert later["breadcrumbs"] == ["日本の防衛"]


def test_later_date(later: dict[str, Any]) -> None:
    assert later["datePublished"] == "2026-08-26T19:12:00+09:00"


def test_later_body_ends_with_marker(later: dict[str, Any]) -> None:
    assert later["articleBody"].split("\n")[-1] == "(以上)"


def test_later_reading_in_parentheses(later: dict[str, Any]) -> None:
    assert "小泉進次郎(こいずみ・しんじろう)防衛大臣" in later["articleBody"]


def test_ryo_end_marker_and_zero_padded_hour() -> None:
    record = jdefense.extract(load("000903.html"), SITE + "/docs/mod/000903.html")
    assert (record["articleBody"].split("\n")[-1], record["datePublished"]) == ("(了)", "2025-04-25T16:10:00+09:00")


def test_glossary_page_extracts_like_an_article() -> None:
    # Skipping /docs/words/ is the spider's job (by URL); the extractor stays layout-driven.
    record = jdefense.extract(load("words_000112.html"), SITE + "/docs/words/000112.html")
    assert record["breadcrumbs"] == ["用語集"]


# --- generic fallback when the body container is not found ---

@pytest.fixture(scope="module")
def fallback() -> dict[str, Any]:
    return jdefense.extract(load("000485_unknown_body_class.html"), SEED_URL)


def test_fallback_method(fallback: dict[str, Any]) -> None:
    assert fallback["metadata"]["extractionMethod"].startswith("generic:opengraph")


def test_fallback_headline(fallback: dict[str, Any]) -> None:
    assert fallback["headline"] == "日米防衛相会談(5月2日、ハワイ)の概要を発表"


def test_fallback_date(fallback: dict[str, Any]) -> None:
    assert fallback["datePublished"] == "2024-05-03T17:03:00+09:00"


def test_fallback_breadcrumbs(fallback: dict[str, Any]) -> None:
    assert fallback["breadcrumbs"] == ["防衛省関連"]


def test_fallback_body_equals_site_body(fallback: dict[str, Any], seed: dict[str, Any]) -> None:
    assert fallback["articleBody"] == seed["articleBody"]


# --- text-level helpers ---

def test_cut_tail_stops_at_ranking() -> None:
    assert jdefense.cut_tail(["本文。", "Ranking読まれている記事", "24時間"]) == ["本文。"]


def test_cut_tail_keeps_end_marker() -> None:
    assert jdefense.cut_tail(["本文。", "（以上）", "写真:防衛省"]) == ["本文。", "（以上）"]


def test_cut_tail_marker_at_paragraph_end() -> None:
    assert jdefense.cut_tail(["本文。(了)", "bnrname"]) == ["本文。(了)"]


def test_cut_tail_drops_credit_line() -> None:
    assert jdefense.cut_tail(["本文。", "写真:防衛省", "pagetop"]) == ["本文。"]


def test_empty_page_gives_empty_body() -> None:
    assert jdefense.extract("<html><body></body></html>", SEED_URL)["articleBody"] == ""
