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
