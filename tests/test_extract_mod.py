"""crawler.extractors.mod on saved mod.go.jp pages (copies of the offline mirror plus edge cases)."""
from __future__ import annotations

from typing import Any

import pytest
from saved_pages import page_bytes

from crawler.extractors import decode_html, mod

SITE = "https://www.mod.go.jp"

USA_BODY = [
    "会談の概要",
    "両閣僚は、力による一方的な現状変更やその試みは、インド太平洋を含めたどの地域でも許容してはならず、そのためにも日米同盟の抑止力・対処力を強化していく必要があることを改めて確認した。",
    "両閣僚は、本年4月の日米首脳会談で確認された、日米同盟の抑止力・対処力を強化するための戦略的イニシアティブについて確認し、その実現に向けて、緊密に連携していくことを確認した。また、両閣僚は、自由で開かれたインド太平洋を実現するため、志を同じくする地域のパートナーとも引き続き協力を強化していくことを確認した。",
    "両閣僚は、米軍と自衛隊の相互運用性強化のため、それぞれの指揮・統制枠組の向上等について、進捗状況を確認しつつ、引き続き議論をしていくことで一致した。",
    "両閣僚は、日米防衛産業協力・取得・維持整備定期協議(DICAS)の早期開催に向けて準備を進めていくことを確認するとともに、同協議の枠組を通じて日米の共同開発、共同生産及び共同維持整備にかかる議論を加速し、日米間の装備協力を一段と深化させることで一致した。",
    "両閣僚は、拡大抑止について、次回の日米安全保障協議委員会(「2+2」)の機会に閣僚級で議論を深めることで一致した。",
    "両閣僚は、南西地域における日米の共同プレゼンスを着実に拡大していく重要性について改めて一致した。",
    "両閣僚は、抑止力を維持し、地元への影響を軽減する観点から、普天間飛行場の辺野古移設及び返還を含む米軍再編計画の着実な進展のため、引き続き日米間で緊密に協力していくことで一致した。",
    "また、両閣僚は、在日米軍の安定的な駐留と日々の活動には、地域社会の協力が重要であることで一致し、地元との強固な関係を後押しすることを含め引き続き連携していくことを確認した。",
]


def load(name: str, content_type: str | None = None) -> str:
    """A saved page decoded as the crawler would (declared charset, else UTF-8)."""
    return decode_html(page_bytes(f"mod/{name}"), content_type)


def run(name: str, path: str, content_type: str | None = None) -> dict[str, Any]:
    return mod.extract(load(name, content_type), SITE + path)


# --- /j/approach/anpo/2024/0502a_usa-j.html: the MOD original of the seed article ---

@pytest.fixture(scope="module")
def usa() -> dict[str, Any]:
    return run("anpo_0502a_usa-j.html", "/j/approach/anpo/2024/0502a_usa-j.html")


def test_usa_url(usa: dict[str, Any]) -> None:
    assert usa["url"] == SITE + "/j/approach/anpo/2024/0502a_usa-j.html"


def test_usa_headline(usa: dict[str, Any]) -> None:
    assert usa["headline"] == "日米防衛相会談の概要"


def test_usa_date_raw(usa: dict[str, Any]) -> None:
    assert usa["datePublishedRaw"] == "令和6年5月3日"


def test_usa_date(usa: dict[str, Any]) -> None:
    assert usa["datePublished"] == "2024-05-03T00:00:00+09:00"


def test_usa_language(usa: dict[str, Any]) -> None:
    assert usa["inLanguage"] == "ja"


def test_usa_breadcrumbs(usa: dict[str, Any]) -> None:
    assert usa["breadcrumbs"] == ["防衛省の取組", "日米同盟"]


def test_usa_canonical_from_og_url(usa: dict[str, Any]) -> None:
    assert usa["canonicalUrl"] == SITE + "/j/approach/anpo/2024/0502a_usa-j.html"


def test_usa_body_is_the_clean_text(usa: dict[str, Any]) -> None:
    assert usa["articleBody"].split("\n") == USA_BODY


def test_usa_body_has_no_header_lines(usa: dict[str, Any]) -> None:
    lines = usa["articleBody"].split("\n")
    assert not {"防衛省", "英語版/English", "印刷用", "日米防衛相会談の概要"} & set(lines)


def test_usa_method(usa: dict[str, Any]) -> None:
    assert usa["metadata"]["extractionMethod"] == "mod"


def test_usa_has_no_source_or_download_date(usa: dict[str, Any]) -> None:
    # Only the crawler knows these; the pure extractor leaves them unknown (null).
    assert usa["source"] is None and usa["metadata"]["dateDownloaded"] is None


# --- /j/press/kisha/2024/0510a.html: press conference with the 日時/場所/備考 table ---

@pytest.fixture(scope="module")
def kisha() -> dict[str, Any]:
    return run("kisha_0510a.html", "/j/press/kisha/2024/0510a.html")


def test_kisha_headline(kisha: dict[str, Any]) -> None:
    assert kisha["headline"] == "防衛大臣記者会見"


def test_kisha_date(kisha: dict[str, Any]) -> None:
    assert kisha["datePublished"] == "2024-05-10T00:00:00+09:00"


def test_kisha_table_rows_are_lines(kisha: dict[str, Any]) -> None:
    assert kisha["articleBody"].split("\n")[:3] == [
        "日時 令和6年5月10日（金）10時32分～10時49分", "場所 防衛省記者会見室", "備考 木原防衛大臣閣議後会見"]


def test_kisha_sections_and_qa(kisha: dict[str, Any]) -> None:
    lines = kisha["articleBody"].split("\n")
    assert lines[3:6] == ["1　発表事項", "なし。", "2　質疑応答"]


def test_kisha_qa_lines(kisha: dict[str, Any]) -> None:
    lines = kisha["articleBody"].split("\n")[6:]
    assert [line[:2] for line in lines] == ["Q:", "A:", "Q:", "A:", "Q:", "A:"]


def test_kisha_breadcrumbs(kisha: dict[str, Any]) -> None:
    assert kisha["breadcrumbs"] == ["報道・会見", "記者会見"]


# --- /j/press/news/2019/05/07a.html: Shift_JIS, 令和元年, old template ---

SJIS_TYPE = "text/html; charset=Shift_JIS"


@pytest.fixture(scope="module")
def sjis() -> dict[str, Any]:
    return run("news_2019_0507a_sjis.html", "/j/press/news/2019/05/07a.html", SJIS_TYPE)


def test_sjis_headline_decoded(sjis: dict[str, Any]) -> None:
    assert sjis["headline"] == "改元に伴う防衛省・自衛隊の対応について"


def test_sjis_gannen_date(sjis: dict[str, Any]) -> None:
    assert sjis["datePublished"] == "2019-05-07T00:00:00+09:00"


def test_sjis_date_raw(sjis: dict[str, Any]) -> None:
    assert sjis["datePublishedRaw"] == "令和元年5月7日"


def test_sjis_windows31j_characters(sjis: dict[str, Any]) -> None:
    # ① is outside strict Shift_JIS; browsers (and decode_html) read the label as windows-31j.
    assert "① 退位礼正殿の儀" in sjis["articleBody"]


def test_sjis_br_splits_lines_and_date_issuer_dropped(sjis: dict[str, Any]) -> None:
    assert sjis["articleBody"].split("\n")[0].startswith("平成31年4月30日の天皇陛下の御退位")


def test_sjis_ends_with_marker(sjis: dict[str, Any]) -> None:
    assert sjis["articleBody"].split("\n")[-1] == "（以上）"


def test_sjis_topicpath_breadcrumbs(sjis: dict[str, Any]) -> None:
    assert sjis["breadcrumbs"] == ["報道・会見", "報道資料"]


def test_sjis_decodes_from_meta_without_header() -> None:
    html = decode_html(page_bytes("mod/news_2019_0507a_sjis.html"))
    assert "<title>防衛省・自衛隊：改元に伴う防衛省・自衛隊の対応について</title>" in html


# --- /j/press/news/2026/08/24a.html: truncated mid-tag, unclosed elements ---

@pytest.fixture(scope="module")
def broken() -> dict[str, Any]:
    return run("news_2026_0824a_broken.html", "/j/press/news/2026/08/24a.html")


def test_broken_headline(broken: dict[str, Any]) -> None:
    assert broken["headline"] == "宮﨑防衛副大臣の海外出張予定について"


def test_broken_date(broken: dict[str, Any]) -> None:
    assert broken["datePublished"] == "2026-08-24T00:00:00+09:00"


def test_broken_first_line(broken: dict[str, Any]) -> None:
    assert broken["articleBody"].split("\n")[0] == "宮﨑防衛副大臣は、下記のとおりフィリピン共和国を訪問する予定です。"


def test_broken_unclosed_list_items(broken: dict[str, Any]) -> None:
    assert "マニラ（フィリピン共和国）\nスービック（フィリピン共和国）" in broken["articleBody"]


def test_broken_text_up_to_the_cut(broken: dict[str, Any]) -> None:
    assert broken["articleBody"].split("\n")[-1] == "なお、出張期間中の詳細については"


def test_broken_method(broken: dict[str, Any]) -> None:
    assert broken["metadata"]["extractionMethod"] == "mod"


# --- /j/press/news/2026/08/26a.html: fullwidth digits in the date ---

def test_fullwidth_date() -> None:
    record = run("news_2026_0826a_fullwidth.html", "/j/press/news/2026/08/26a.html")
    assert (record["datePublishedRaw"], record["datePublished"]) == ("令和８年８月２６日", "2026-08-26T00:00:00+09:00")


# --- the Cloudflare challenge that answers instead of 24c.html ---

@pytest.fixture(scope="module")
def challenge() -> dict[str, Any]:
    return run("challenge_0824c.html", "/j/press/news/2026/08/24c.html")


def test_challenge_has_empty_body(challenge: dict[str, Any]) -> None:
    assert challenge["articleBody"] == ""


def test_challenge_has_no_headline(challenge: dict[str, Any]) -> None:
    assert challenge["headline"] is None


def test_challenge_method(challenge: dict[str, Any]) -> None:
    assert challenge["metadata"]["extractionMethod"] == "challenge"


# --- English pages ---

EN_USA = "/en/article/2024/05/affffae4f26756b793e92d9138d8e98009504baa.html"
EN_KISHA = "/en/article/2024/05/898ed00c93d41e9a3c306f1d64d6c07c723ac887.html"


@pytest.fixture(scope="module")
def en_usa() -> dict[str, Any]:
    return run("en_usa.html", EN_USA)


def test_en_headline(en_usa: dict[str, Any]) -> None:
    assert en_usa["headline"] == "Japan-U.S. Defense Ministerial Meeting"


def test_en_date_raw(en_usa: dict[str, Any]) -> None:
    assert en_usa["datePublishedRaw"] == "May 3, 2024"


def test_en_date_is_japan_time(en_usa: dict[str, Any]) -> None:
    assert en_usa["datePublished"] == "2024-05-03T00:00:00+09:00"


def test_en_language(en_usa: dict[str, Any]) -> None:
    assert en_usa["inLanguage"] == "en"


def test_en_breadcrumbs(en_usa: dict[str, Any]) -> None:
    assert en_usa["breadcrumbs"] == ["Press Releases"]


def test_en_header_lines_dropped(en_usa: dict[str, Any]) -> None:
    assert en_usa["articleBody"].startswith("On May 2, 2024 (local time), Minister of Defense KIHARA Minoru")


def test_en_no_in_japanese_link(en_usa: dict[str, Any]) -> None:
    lines = en_usa["articleBody"].split("\n")
    assert "In Japanese" not in lines and "Ministry of Defense" not in lines


def test_en_provisional_translation_line_kept() -> None:
    record = run("en_kisha.html", EN_KISHA)
    assert record["articleBody"].split("\n")[0] == (
        "(Provisional translation by an external company for reference purpose only)")


# --- generic fallback when MOD's selectors find nothing ---

@pytest.fixture(scope="module")
def renewal() -> dict[str, Any]:
    return run("unknown_layout.html", "/j/press/news/2026/09/01a.html")


def test_fallback_method(renewal: dict[str, Any]) -> None:
    assert renewal["metadata"]["extractionMethod"] == "generic:opengraph"


def test_fallback_headline(renewal: dict[str, Any]) -> None:
    assert renewal["headline"] == "自衛隊記念日観閲式の中止について"


def test_fallback_date(renewal: dict[str, Any]) -> None:
    assert renewal["datePublished"] == "2026-09-01T17:00:00+09:00"


def test_fallback_language_from_url(renewal: dict[str, Any]) -> None:
    assert renewal["inLanguage"] == "ja"


def test_fallback_body(renewal: dict[str, Any]) -> None:
    first_line = renewal["articleBody"].split("\n")[0]
    assert first_line == "令和8年度自衛隊記念日観閲式は、昨今の情勢等を総合的に勘案し、中止することとしました。"


# --- helpers ---

@pytest.mark.parametrize(("path", "expected"), [
    ("/j/press/news/2026/08/26b.html", "ja"), ("/en/article/2024/05/x.html", "en"), ("/a/x.html", None)])
def test_language_from_url(path: str, expected: str | None) -> None:
    assert mod.language_from_url(SITE + path) == expected


def test_split_header() -> None:
    lines = ["題", "令和6年5月3日", "防衛省", "英語版/English", "印刷用（PDF:120KB）", "本文。", "防衛省"]
    assert mod.split_header(lines, "題") == ("令和6年5月3日", ["本文。", "防衛省"])


def test_empty_page_gives_empty_body() -> None:
    assert mod.extract("", SITE + "/j/press/news/2026/08/99z.html")["articleBody"] == ""
