"""The last copy cut short (issue 7): the crumb it leaves after the leading copy's last run.

Two copies merged run by run, the lagging one truncated: ``A1 B1 … Ak p A(k+1) …`` with
``p`` a prefix of the run ``Ak`` right after the chain of doubled runs.  The square step
repairs the chain and ``repeats._truncated_tail`` the crumb ``p``.  The kinds fixed here:

* a crumb ending the text after the last sentence's stop (``発表した。した``, ``…した。お``);
* the crumb is the longest copy of the run's start, not a shorter one inside the run
  (``to continue to c|losely`` before the crumb ``to contin``);
* a crumb whose match ran a letter past the copy's end by chance is trimmed back to a word
  of the text (``respondt end`` -> ``respond`` + ``that end``);
* a crumb glued to the word after it leaves the space before it (``cooperation. The``).

And what must stay: a copy cut exactly at a run boundary leaves no crumb, so a character or
two of the text after the chain that happen to repeat its first ones are the writer's.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a crumb of two kana after the stop, its run three characters long
            "防衛省は12月1防衛省は12月11日、同日の閣議で承認1日、同日の閣議で承認を受けた陸海空自衛隊の将および将補人事を"
            "発表を受けた陸海空自衛隊の将および将補人事を発表した。した",
            "防衛省は12月11日、同日の閣議で承認を受けた陸海空自衛隊の将および将補人事を発表した。",
        ),
        (  # a crumb of one kana after the stop
            "防衛省は12月11日、同日の防衛省は12月11日、同日の閣議で承認を受けた陸海空自衛隊の将閣議で承認を受けた陸海空自衛隊の将"
            "および将補人事を発表した。お",
            "防衛省は12月11日、同日の閣議で承認を受けた陸海空自衛隊の将および将補人事を発表した。",
        ),
        (  # the longest copy of the run's start is the crumb, not ``to c`` of ``to closely``
            "Both Secretary Mattis aBoth Secretary Mattis and Minister Song strongnd Minister Song strongly condemnedly "
            "condemned North North Korea’ Korea’s second inters second interconticontinental ballisnental ballistic "
            "missitic missile test on July le test on July 28 and resolved 28 and resolved to continue to closelyto "
            "contin coordinate responses to the North Korean threat.",
            "Both Secretary Mattis and Minister Song strongly condemned North Korea’s second intercontinental ballistic "
            "missile test on July 28 and resolved to continue to closely coordinate responses to the North Korean threat.",
        ),
        (  # ``and respondt`` matched a letter too far: ``tha`` + ``t`` is the text's ``that``
            "The MinisThe Ministers reaffirmed tters reaffirmed that they should not that they should not tolerate "
            "unilateral cholerate unilateral changes to the anges to the statusstatus quo by force and such att quo by "
            "force and such attempts in anyempts in any regi region including the Indon including the Indo-Pacific, and "
            "to-Pacific, and they need to strengthey need to strengthen the Allihen the Alliance capabilities to deter "
            "ance capabilities to deter and respond to thaand respondt end.",
            "The Ministers reaffirmed that they should not tolerate unilateral changes to the status quo by force and such "
            "attempts in any region including the Indo-Pacific, and they need to strengthen the Alliance capabilities to "
            "deter and respond to that end.",
        ),
    ],
)
def test_the_crumb_of_a_copy_cut_short_goes(text: str, expected: str) -> None:
    assert _key(collapse_repeats(text)) == _key(expected)


def test_a_crumb_glued_to_the_next_word_leaves_the_space_before_it() -> None:
    text = ("The Minister met the The Minister met the Secretary in Tokyo on Secretary in Tokyo on "
            "Monday and agreed to deepen cooperation. Monday andThe talks lasted an hour.")
    assert collapse_repeats(text) == (
        "The Minister met the Secretary in Tokyo on Monday and agreed to deepen cooperation. The talks lasted an hour."
    )


@pytest.mark.parametrize(
    "clean",
    [  # the copy cut at a run boundary: ``防衛`` of ``防衛省``, ``強化``, ``ri`` of ``trilateral`` repeat by chance
        "令和7年10月17日(金)11時~11時38分、中谷 元(なかたに・げん)防衛大臣は防衛省A棟10階会見室で閣議後の記者会見を行った。",
        "両閣僚は、日米の指揮・統制枠組の向上、南西地域における日米の共同プレゼンスの拡大、防衛装備・技術協力をはじめとする"
        "同盟強化の取組について、これまでの進展を歓迎し、引き続きあらゆる分野で日米防衛協力を強化していくことを確認した。",
        "“We’re meeting these challenges with confidence and resolve and we remain committed to advancing our historic "
        "trilateral cooperation with the Republic of Korea,” he said.",
    ],
)
@pytest.mark.parametrize("share", [0.5, 0.6, 0.7])
def test_a_copy_cut_at_a_run_boundary_leaves_the_text_after_it_whole(clean: str, share: float) -> None:
    runs = [clean[a : a + 11] for a in range(0, len(clean), 11)]
    cut = max(2, round(share * len(runs)))
    text = "".join(r + r for r in runs[:cut]) + "".join(runs[cut:])
    assert _key(collapse_repeats(text)) == _key(clean)


_JA_PHRASES = ["防衛大臣は", "米国の国防長官と", "電話会談を行い", "同盟の抑止力を", "強化することで", "一致した",
               "地域の平和と", "安定のため", "緊密に連携していく", "ことを確認した"]


@st.composite
def truncated_merges(draw: st.DrawFn) -> tuple[str, str]:
    """Two copies of a Japanese paragraph merged run by run in step, the lagging copy cut one or two
    characters into the paragraph's last run (which ends with the stop): ``(merged, paragraph)``."""
    phrases = draw(st.lists(st.sampled_from(_JA_PHRASES), min_size=4, max_size=7, unique=True))
    paragraph = "、".join(phrases) + "。"
    cuts = [0]
    while cuts[-1] < len(paragraph):
        cuts.append(min(len(paragraph), cuts[-1] + draw(st.integers(5, 12))))
    runs = [paragraph[a:b] for a, b in zip(cuts, cuts[1:])]
    assume(len(runs) >= 3 and len(runs[-1]) >= 4)
    crumb = runs[-1][: draw(st.integers(1, 2))]
    assume(not re.search(r"[、。\d]", crumb))
    merged = "".join(r + r for r in runs[:-1]) + runs[-1] + crumb
    return merged, paragraph


@SETTINGS
@given(truncated_merges())
def test_a_last_copy_cut_a_glyph_or_two_into_the_last_run_leaves_no_crumb(case: tuple[str, str]) -> None:
    merged, paragraph = case
    assert collapse_repeats(merged) == paragraph


# ---- a copy of a run of lines started a line late (line_repeats.find_line_drift) ----------------

_EN_LINES = [
    "The Ministers reaffirmed that they should not tolerate unilateral changes to the status quo.",
    "Both Secretary Mattis and Minister Song strongly condemned the missile test.",
    "The two sides agreed to deepen cooperation on extended deterrence.",
    "This type of cooperation is essential as our nations work together.",
    "The Minister met the Secretary in Tokyo on Monday.",
    "They resolved to continue to closely coordinate their responses.",
]
_JA_LINES = [
    "両閣僚は、抑止力を維持し、地元への影響を軽減することで一致した。",
    "防衛大臣は本日、米国の国防長官と電話会談を行った。",
    "両閣僚は、地域の平和と安定のため緊密に連携していくことを確認した。",
    "防衛省は同日の閣議で承認を受けた人事を発表した。",
    "引き続き日米間で緊密に協力していくことで一致した。",
]


def _merge_lines(lines: list[str], lead_first: bool) -> str:
    """Two copies of ``lines`` merged line by line, the lagging copy one line late: ``A1 A2 B1 A3 B2 …``.
    The last line has no line break, so the line emitted after it is glued to it."""
    runs = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    out = []
    for r in range(len(runs) + 1):
        for copy in ((0, 1) if lead_first else (1, 0)):
            j = r - copy  # copy 1 starts a line late
            if 0 <= j < len(runs):
                out.append(runs[j])
    return "".join(out)


@SETTINGS
@given(st.sampled_from([_EN_LINES, _JA_LINES]).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=4, max_size=5, unique=True)), st.booleans())
def test_a_copy_of_the_lines_one_line_late_goes(lines: list[str], lead_first: bool) -> None:
    assert _key(collapse_repeats(_merge_lines(lines, lead_first))) == _key("\n".join(lines))


@pytest.mark.parametrize(
    "text",
    [
        # a refrain: one line said again further down is a writer's
        "Thank you very much for the question, it is an important one.\nQ: What about the budget?\n"
        "The budget will be announced next week.\nThank you very much for the question, it is an important one.",
        # a table column repeats its values two rows apart
        "区分\n陸上自衛隊\n海上自衛隊\n陸上自衛隊\n航空自衛隊\n海上自衛隊",
    ],
)
def test_lines_said_again_further_down_stay(text: str) -> None:
    assert collapse_repeats(text) == text


@pytest.mark.parametrize("text", [
    # breaker13's ATLA page: breadcrumb end and <h1> flattened into one line (one doubled run), then
    # the date line and a sentence that opens with the year again; 令和8年 + 度 reads on as the heading does
    "ホーム > 報道発表 > 令和8年度装備品等の調達に関する説明会の開催について 令和8年度装備品等の調達に関する"
    "説明会の開催について 令和8年4月1日 防衛装備庁は、令和8年度の調達に関する企業向け説明会を開催します。",
    "防衛省からのお知らせについて 防衛省からのお知らせについて 防衛省報道官は、防衛省からの発表を伝えた。",
])
def test_a_tail_that_reads_on_as_the_text_does_elsewhere_stays(text: str) -> None:
    out = collapse_repeats(text)
    tail = text.rsplit(" ", 1)[1]
    assert out.endswith(tail), out
