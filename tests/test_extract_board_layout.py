"""Short releases in layouts other than ``<h1>`` + ``<p>`` (breaker11 F1, F9, F10, F11).

Generated from their mechanism, with a seeded RNG:

- board layouts of Asian government sites: the title in a table cell (``<th class="title">``,
  ``<td class="subject">``) or a ``<div class="tit">``, the date in a cell of the next row,
  beside the writer and the hit count, three short paragraphs in a cell; in English and
  Korean. They date themselves, so they are short articles, stored (README: a page with its
  own date and a body);
- ``<title>`` written as a breadcrumb trail (``Headline < 보도자료 < 국방부``), the site's name
  at one end (the logo's alt text);
- a context label (``Press release``) above the ``<h1>`` and the date as the first body line;
- a short release marked as an article (JSON-LD NewsArticle naming it, og:type, one
  ``<h1>``) with a long dated "related news" list.
"""
from __future__ import annotations

import json
import random

import pytest

from crawler.extractors import generic, page_kind

URL = "http://127.0.0.1:8713/mnd/news/press/view/{n}.html"
EN = ["The ministry said the combined drill starts in the second week of March and runs for eleven days.",
      "About 200 officials attended the event.",
      "The ministry will keep working for peace and stability.",
      "Reserve training resumes after the holiday period."]
KO = ["장관은 혹한기 대비 장병 생활 여건과 경계 태세를 직접 확인하였다.",
      "이번 행사에는 군 주요 지휘관과 관계 기관 관계자 등 약 200여 명이 참석하였다.",
      "예비군 훈련은 추석 연휴를 고려하여 10월 둘째 주부터 재개된다.",
      "국방부는 앞으로도 평화와 안정을 위해 노력해 나갈 것이라고 밝혔다."]
HEADLINES = {"en": "ROK-US combined exercise plan announced", "ko": "국방부, 한미 연합연습 계획 발표"}
LABELS = ["Date : ", "등록일 : ", "작성일 ", "Posted ", ""]
DATES = ["2026-03-05 09:00", "2026.03.05", "2026-03-05"]


def board(rng: random.Random, lang: str) -> str:
    """A board-layout release page: chrome, a table (or div) with title, meta row and body."""
    headline = HEADLINES[lang]
    paragraphs = "".join(f"<p>{p}</p>" for p in rng.sample(EN if lang == "en" else KO, 3))
    date = rng.choice(LABELS) + rng.choice(DATES)
    if rng.random() < 0.5:
        title_cell = rng.choice([f"<th colspan='3' class='title'>{headline}</th>",
                                 f"<td colspan='3' class='subject'>{headline}</td>"])
        view = (f"<table class='board_view'><thead><tr>{title_cell}</tr><tr><td class='writer'>작성자 : 대변인실"
                f"</td><td class='date'>{date}</td><td class='hit'>조회수 : 1523</td></tr></thead>"
                f"<tbody><tr><td colspan='3' class='view_cont'>{paragraphs}</td></tr></tbody></table>")
    else:
        view = (f"<div class='view'><div class='tit'>{headline}</div><ul class='info'><li>작성자 : 대변인실</li>"
                f"<li>{date}</li><li>조회수 : 1523</li></ul><div class='view_cont'>{paragraphs}</div></div>")
    sep = rng.choice([" < ", " ‹ ", " › ", " > "])
    title = f"{headline}{sep}보도자료{sep}국방부" if sep in (" < ", " ‹ ") else f"국방부{sep}보도자료{sep}{headline}"
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            "<div id='header'><h2 class='logo'><a href='/'><img src='/logo.gif' alt='국방부'></a></h2>"
            "<ul id='gnb'><li><a href='/mnd/info'>정보공개</a></li><li><a href='/mnd/news'>국방소식</a></li></ul></div>"
            "<div id='lnb'><h2>국방소식</h2><ul><li><a href='/mnd/news/press'>보도자료</a></li></ul></div>"
            f"<div id='contents'><div class='location'>홈 &gt; 국방소식 &gt; 보도자료</div>{view}"
            "<div class='btn_area'><a href='/mnd/news/press'>목록</a></div></div>"
            "<div id='footer'><p class='copyright'>COPYRIGHT(C) MINISTRY OF NATIONAL DEFENSE.</p></div>"
            "</body></html>")


@pytest.mark.parametrize("seed", range(16))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_board_layout_releases_are_stored_with_headline_date_and_body(seed: int, lang: str) -> None:
    rng = random.Random(seed)
    html, url = board(rng, lang), URL.format(n=1000 + seed)
    record = generic.extract(html, url)
    assert page_kind.judge(html, url, record) is None
    assert record["headline"] == HEADLINES[lang]
    assert record["datePublished"][:10] == "2026-03-05"
    assert any(c["source"] == "visible" for c in record["metadata"]["dateCandidates"])
    body = record["articleBody"]
    assert len(body.split("\n")) == 3 and HEADLINES[lang] not in body and "2026" not in body


def test_the_reported_board_page() -> None:
    """breaker11 sites/ko/var3/t3-en-label.html, reduced to its markup."""
    html = ("<html><head><title>ROK-US combined exercise plan announced &lt; 보도자료 &lt; 국방부</title></head>"
            "<body><div id='header'><h2 class='logo'><a href='/'><img src='/img/logo.gif' alt='국방부'></a></h2></div>"
            "<table class='board_view'><thead><tr><th colspan='4' class='title'>ROK-US combined exercise plan "
            "announced</th></tr><tr><td class='writer'>작성자 : 대변인실</td><td class='date'>Date : 2026-03-05 09:00"
            "</td><td class='hit'>조회수 : 1523</td></tr></thead><tbody><tr><td colspan='4' class='view_cont'>"
            f"<p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p></td></tr></tbody></table></body></html>")
    url = URL.format(n=1)
    record = generic.extract(html, url)
    assert page_kind.judge(html, url, record) is None
    assert record["headline"] == "ROK-US combined exercise plan announced"
    assert record["datePublished"].startswith("2026-03-05T09:00")


def test_undated_short_korean_release_is_judged_by_its_prose_in_columns() -> None:
    """A date the extractor cannot read (``오후 3시 20분``) leaves the prose: four Korean
    sentences are 200 characters but say as much as 350 Latin ones."""
    body = "\n".join(KO)
    assert len(body) < page_kind.MIN_PROSE_CHARS + 30 < page_kind.prose_chars(body)
    assert page_kind.text_width("국방부 a") == 8
    html = (f"<html><body><div id='header'><a href='/'>Home</a></div><div id='contents'>"
            f"<div class='tit'>국방부 장관, 전방 부대 현장 점검</div>{''.join(f'<p>{p}</p>' for p in KO)}"
            "</div></body></html>")
    url = URL.format(n=2)
    assert page_kind.judge(html, url, generic.extract(html, url)) is None
    # Still no article: a page of a title and one short line, in any script.
    short = "<html><body><div class='tit'>국방부</div><p>문의 전화 02-748-1111.</p></body></html>"
    assert page_kind.judge(short, url, generic.extract(short, url)) == "no_prose"


@pytest.mark.parametrize(("title", "headline"), [
    ("Talks held &lt; 보도자료 &lt; 국방부", "Talks held"),
    ("Talks held ‹ Press releases ‹ 국방부", "Talks held"),
    ("국방부 › Press releases › Talks held", "Talks held"),
    ("국방부 » News » Press » Talks held", "Talks held"),
    # not a trail of the site: kept whole
    ("Inflation &gt; 5% &gt; target, says bank", "Inflation > 5% > target, says bank"),
])
def test_title_written_as_a_breadcrumb_trail(title: str, headline: str) -> None:
    html = (f"<html><head><title>{title}</title></head><body><div class='logo'><img src='/l.gif' alt='국방부'>"
            f"</div><div><p>{EN[0]}</p><p>{EN[2]}</p></div></body></html>")
    assert generic.extract(html, "https://mnd.example.kr/news/1")["headline"] == headline


@pytest.mark.parametrize("seed", range(8))
def test_context_label_headline_and_date_line_stay_out_of_the_body(seed: int) -> None:
    """gov.uk's shape: a context label above the ``<h1>``, a metadata ``<dl>`` that makes our
    container lose to trafilatura's, the date as the first paragraph (issue 8's own case)."""
    rng = random.Random(seed)
    label = rng.choice(["Press release", "News story", "Speech", "Communiqué de presse", "보도자료"])
    date = rng.choice(["15 August 2026", "Monday 2 November 2026", "Published 10 April 2026, 10:00am"])
    headline = "New frigate contract awarded to Scottish shipyard"
    sample = rng.sample(EN, 3)
    paragraphs = "".join(f"<p>{p}</p>" for p in sample)
    html = ("<html lang='en'><head><title>New frigate contract awarded to Scottish shipyard - GOV.UK</title>"
            "<meta property='og:site_name' content='GOV.UK'></head><body><header><a href='/'>GOV.UK</a></header>"
            "<main id='content'><div class='gem-c-title'><span class='gem-c-title__context'>"
            f"{label}</span><h1>{headline}</h1></div><div class='gem-c-metadata'><dl><dt>From:</dt><dd>"
            "<a href='/government/organisations/ministry-of-defence'>Ministry of Defence</a></dd></dl></div>"
            f"<div class='govuk-govspeak'><p>{date}</p>{paragraphs}</div></main></body></html>")
    record = generic.extract(html, "https://www.gov.example.uk/government/news/frigate")
    body = record["articleBody"].split("\n")
    assert record["headline"] == headline
    assert body == sample  # no label, headline, "From: …" or date line
    assert record["datePublished"] is not None
