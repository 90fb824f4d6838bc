"""Parallel clauses and flattened tables stay; line joins never make a repeat for a second clean (breaker15, issue 7).

``A did X, B did X, B did Y`` holds one exact square, ``X, B | X, B``, of five words or more: the end of
one clause and the start of the next, said twice because two clauses share their words.  No phase of that
square is a whole clause (nor a copy that ends one), which is how the repair tells it from a clause,
sentence or line printed twice (``square_tiling._parallel_clauses``).  The generators below build such
constructions from random words and numbers in five languages and as flattened tables whose rows share
a cell.

A join that turns a line break into a space (or nothing) must not leave a square that the line break
hid from the repair: ``heading⏎heading（date）の概要…`` after a sentence on the heading's line.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaning import collapse_repeats
from cleaning.article import clean_text
from cleaning.fixes import join_english_lines, join_japanese_lines

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _clean(text: str) -> str:
    return clean_text(text)[0]


# --- minimal inputs (breaker15's items 1-5, and controls that must still be repaired) ---------------------

PARALLEL = [
    "The Army won in 2022, the Navy won in 2022, the Navy won in 2023.",
    "陸自は訓練を実施、海自は訓練を実施、海自は調査を実施。",
    "국방부는 훈련을 실시하고, 합참은 훈련을 실시하고, 합참은 점검을 실시했다.",
    "Alpha Co at Pier 2; Bravo Co at Pier 2; Bravo Co at Hall 1.",
    "第3中隊は体育館、第1中隊は体育館、第1中隊は1番桟橋。",
    "09:15 Briefing Pier 2; 09:15 Departure Pier 2; 09:15 Departure Hall 1",
    "France a envoyé une frégate, l'Italie a envoyé une frégate, l'Italie a envoyé un sous-marin.",
    "護衛艦「いずも」は横須賀に入港、護衛艦「かが」は横須賀に入港、護衛艦「かが」は呉に回航しました。",
    "Austin met Marles in Canberra, Kihara met Marles in Canberra, Kihara met Austin in Tokyo.",
    "1st Platoon at Pier 2, Charlie Co at Pier 2, Charlie Co at Hall 1, Bravo Co at Hall 2.",
    "A Co at Gate A, B Co at Gate A, B Co at Pier 7, C Co at Pier 7, C Co at Hall 3.",
]


@pytest.mark.parametrize("text", PARALLEL)
def test_parallel_clauses_stay(text: str) -> None:
    assert collapse_repeats(text) == text
    assert _clean(_clean(text)) == _clean(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a sentence said twice: one phase is the whole sentence
        ("Error 404 was logged by the server. Error 404 was logged by the server. It was fixed.",
         "Error 404 was logged by the server. It was fixed."),
        # a copy that starts late, cut short at its start, ends where the sentence ends
        ("日米両政府は、在日米軍再編に係る事業の着実な進展を確認しました。府は、在日米軍再編に係る事業の着実な進展を確認しました。",
         "日米両政府は、在日米軍再編に係る事業の着実な進展を確認しました。"),
        # a clause said twice (the copy's run is the whole clause)
        ("両閣僚は、日米同盟の抑止力と対処力を一層強化していくことで一致し、日米同盟の抑止力と対処力を一層強化していくことで一致し、会談を終えた。",
         "両閣僚は、日米同盟の抑止力と対処力を一層強化していくことで一致し、会談を終えた。"),
        # one run of a copy doubled, cut where phrases end: the text before it does not end as the run
        # does (``通じて`` / ``議論を``), so it is no pair of clauses with subjects marked alike
        ("同協議の枠組を通じて日米の共同開発、共同生産及び共同維持整備にかかる議論を日米の共同開発、共同生産及び共同維持整備にかかる議論を加速し、一致した。",
         "同協議の枠組を通じて日米の共同開発、共同生産及び共同維持整備にかかる議論を加速し、一致した。"),
    ],
)
def test_a_clause_said_twice_or_a_doubled_run_still_goes(text: str, want: str) -> None:
    assert collapse_repeats(text) == want


def test_a_square_across_a_clause_break_goes_when_the_mechanism_is_around() -> None:
    # The copy's run ``won in 2022, the Navy`` reads like a parallel construction's, but the runs doubled
    # close by (``and the Marines | trained all year``: a chain) are the mechanism's evidence.
    text = ("Officials said that the Army won in 2022, the Navy won in 2022, the Navy lost in 2023, "
            "and the Marines and the Marines trained all year trained all year.")
    assert collapse_repeats(text) == ("Officials said that the Army won in 2022, the Navy lost in 2023, "
                                      "and the Marines trained all year.")


# --- properties: parallel constructions from random words -------------------------------------------------

_EN_SUBJECTS = ["the Army", "the Navy", "the Air Force", "Japan", "Korea", "Australia", "the first team",
                "the second team", "Alpha Company", "Bravo Company", "the 1st Brigade", "the 3rd Brigade"]
_EN_VERBS = ["won", "sent", "reported", "searched", "deployed", "inspected", "trained at"]
_EN_OBJECTS = ["two ships", "one aircraft", "the north sector", "the east sector", "Fort Hood", "Camp Zama",
               "three drones", "the harbor", "Pier 7", "12 vehicles"]
_JA_SUBJECTS = ["陸自", "海自", "空自", "第1師団", "第6師団", "護衛艦「かが」", "護衛艦「いずも」", "施設小隊", "本部管理中隊"]
_JA_OBJECTS = ["訓練", "調査", "派遣", "点検", "撤収", "輸送", "警戒監視"]
_JA_VERBS = ["を実施し", "を継続し", "を開始し", "を完了し"]
_KO_SUBJECTS = ["국방부는", "합참은", "육군은", "해군은", "공군은", "1사단은"]
_KO_OBJECTS = ["훈련을", "점검을", "수송을", "정찰을", "교육을"]
_KO_VERBS = ["실시하고", "계속하고", "마치고"]
_FR_SUBJECTS = ["la France", "l'Italie", "l'Espagne", "la Belgique", "la Grèce"]
_FR_OBJECTS = ["une frégate", "un sous-marin", "deux avions", "trois hélicoptères", "un navire-hôpital"]
_DE_SUBJECTS = ["Deutschland", "Polen", "Norwegen", "Dänemark", "Finnland"]
_DE_OBJECTS = ["Panzer", "Munition", "zwei Fregatten", "drei Hubschrauber", "Sanitätsmaterial"]


def _distinct_edges(a: str, b: str) -> bool:
    """Neither phrase ends (nor starts) like the other: ``the Navy`` / ``Navy`` are one subject said twice."""
    return not (a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a))


@st.composite
def parallel_clauses(draw: st.DrawFn) -> str:
    """``A verb X, B verb X, B verb Y`` in one of five languages, with random subjects, objects and numbers."""
    lang = draw(st.sampled_from(["en", "ja", "ko", "fr", "de"]))
    pools = {"en": (_EN_SUBJECTS, _EN_OBJECTS), "ja": (_JA_SUBJECTS, _JA_OBJECTS), "ko": (_KO_SUBJECTS, _KO_OBJECTS),
             "fr": (_FR_SUBJECTS, _FR_OBJECTS), "de": (_DE_SUBJECTS, _DE_OBJECTS)}[lang]
    a, b = draw(st.lists(st.sampled_from(pools[0]), min_size=2, max_size=2, unique=True))
    x, y = draw(st.lists(st.sampled_from(pools[1]), min_size=2, max_size=2, unique=True))
    assume(_distinct_edges(a, b) and _distinct_edges(x, y))
    year = draw(st.integers(1990, 2030))
    if lang == "en":
        verb = draw(st.sampled_from(_EN_VERBS))
        tail = draw(st.sampled_from(["", f" in {year}", " at dawn"]))
        sep = draw(st.sampled_from([", ", "; "]))
        clauses = [f"{a} {verb} {x}{tail}", f"{b} {verb} {x}{tail}", f"{b} {verb} {y}{tail}"]
        text = sep.join(clauses) + "."
        return text[0].upper() + text[1:]
    if lang == "ja":
        verb = draw(st.sampled_from(_JA_VERBS))
        when = draw(st.sampled_from(["", f"{year}年に"]))
        return f"{a}は{when}{x}{verb}、{b}は{when}{x}{verb}、{b}は{when}{y}{verb}ました。"
    if lang == "ko":
        verb = draw(st.sampled_from(_KO_VERBS))
        return f"{a} {x} {verb}, {b} {x} {verb}, {b} {y} 실시했다."
    if lang == "fr":
        text = f"{a} a envoyé {x} en {year}, {b} a envoyé {x} en {year}, {b} a envoyé {y} en {year}."
        return text[0].upper() + text[1:]
    return f"{a} liefert {x}, {b} liefert {x}, {b} liefert {y}."


@st.composite
def rotated_tables(draw: st.DrawFn) -> str:
    """A flattened table whose neighbouring rows share a cell: ``u0 at p0; u1 at p0; u1 at p1``, then maybe a
    fresh row (``u2 at p2``) or rows that go on sharing in turn (``u2 at p1; u2 at p2``)."""
    ja = draw(st.booleans())
    units = (["第1中隊", "第2中隊", "第3中隊", "本部管理中隊", "施設小隊", "通信小隊"] if ja else
             ["Alpha Co", "Bravo Co", "Charlie Co", "HHC", "1st Platoon", "2nd Platoon", "Weapons Co"])
    places = (["A棟", "B棟", "第1会議室", "体育館", "1番桟橋", "グラウンド"] if ja else
              ["Hall 1", "Hall 2", "Gate A", "Pier 2", "Range 5", "Room 301", "Building 12"])
    u = draw(st.lists(st.sampled_from(units), min_size=3, max_size=3, unique=True))
    p = draw(st.lists(st.sampled_from(places), min_size=3, max_size=3, unique=True))
    assume(_distinct_edges(u[0], u[1]) and _distinct_edges(p[0], p[1]))
    if ja:
        mark = draw(st.sampled_from(["：", "は"]))
        rows = [f"{u[0]}{mark}{p[0]}", f"{u[1]}{mark}{p[0]}", f"{u[1]}{mark}{p[1]}"]
        sep, end = "、", "。"
    else:
        time = f"{draw(st.integers(6, 18)):02d}:{draw(st.sampled_from(['00', '15', '30', '45']))}"
        form = draw(st.sampled_from(["{u} at {p}", "{u}: {p}", time + " {u} {p}"]))
        rows = [form.format(u=u[0], p=p[0]), form.format(u=u[1], p=p[0]), form.format(u=u[1], p=p[1])]
        sep, end = draw(st.sampled_from(["; ", ", "])), draw(st.sampled_from([".", ""]))
    more = draw(st.sampled_from(["", "fresh", "chained"]))
    if more == "fresh":  # a row that shares nothing
        rows.append(rows[0].replace(u[0], u[2]).replace(p[0], p[2]))
    elif more == "chained":  # rows that go on sharing cells in turn: squares in a chain
        assume(_distinct_edges(u[1], u[2]) and _distinct_edges(p[1], p[2]))
        rows += [rows[0].replace(u[0], u[2]).replace(p[0], p[1]), rows[0].replace(u[0], u[2]).replace(p[0], p[2])]
    return sep.join(rows) + end


_CONTEXT = {"en": "The department released the following statement on Tuesday.", "ja": "防衛省は、以下のとおり発表しました。"}


def _in_context(draw: st.DrawFn, text: str) -> str:
    ctx = _CONTEXT["en" if text.isascii() else "ja"]
    where = draw(st.sampled_from(["alone", "before", "after"]))
    sp = " " if text.isascii() else ""
    return text if where == "alone" else ctx + sp + text if where == "before" else text + sp + ctx


@SETTINGS
@given(st.data(), parallel_clauses())
def test_parallel_clauses_come_back_unchanged(data: st.DataObject, text: str) -> None:
    text = _in_context(data.draw, text)
    assert collapse_repeats(text) == text


@SETTINGS
@given(st.data(), rotated_tables())
def test_flattened_tables_whose_rows_share_a_cell_come_back_unchanged(data: st.DataObject, text: str) -> None:
    text = _in_context(data.draw, text)
    assert collapse_repeats(text) == text


# --- line joins and idempotence -------------------------------------------------------------------------

HEADING_JOIN = "防衛省は、以下のとおり発表しました。防衛大臣記者会見\n防衛大臣記者会見（令和6年11月15日）の概要をお知らせします。"


def test_a_join_that_would_make_a_repeat_keeps_the_line_break() -> None:
    once = _clean(HEADING_JOIN)
    assert once == "防衛省は、以下のとおり発表しました。防衛大臣記者会見\n防衛大臣記者会見(令和6年11月15日)の概要をお知らせします。"
    assert _clean(once) == once


def test_joins_still_undo_hard_wraps() -> None:
    assert join_japanese_lines("両閣僚は、自由で開かれたインド太平洋の実現に向けて、緊密に\n連携していくことを確認した。") == (
        "両閣僚は、自由で開かれたインド太平洋の実現に向けて、緊密に連携していくことを確認した。")
    # a short word said again across the wrap is no square the repair takes: joined as before
    assert join_english_lines("He said that\nthat decision was final.") == "He said that that decision was final."
    # a long phrase said again across the wrap is: the break stays
    assert join_english_lines("the ministers agreed to deepen cooperation\ndeepen cooperation in space.") == (
        "the ministers agreed to deepen cooperation\ndeepen cooperation in space.")


_HEADINGS_JA = ["防衛大臣記者会見", "防衛大臣臨時記者会見", "日米防衛相会談", "統合幕僚長記者会見", "自衛隊の災害派遣"]
_HEADINGS_EN = ["secretary austin meets marles", "readout of the meeting", "statement on the exercise"]
_SENTENCES_JA = ["防衛省は、以下のとおり発表しました。", "両閣僚は、地域の安全保障環境について意見交換を行った。", ""]
_SENTENCES_EN = ["The department released the following statement on Tuesday, and", "Officials said", ""]


@st.composite
def heading_lines(draw: st.DrawFn) -> str:
    """A listing: each item a heading (maybe after a sentence on its line) repeated as the start of the
    line under it, the way press-conference titles and readouts print it, mixed with plain lines."""
    lines = []
    days = draw(st.lists(st.integers(1, 28), min_size=3, max_size=3, unique=True))
    for day in days[: draw(st.integers(1, 3))]:
        ja = draw(st.booleans())
        heading = draw(st.sampled_from(_HEADINGS_JA if ja else _HEADINGS_EN))
        before = draw(st.sampled_from(_SENTENCES_JA if ja else _SENTENCES_EN))
        title = (f"{heading}（令和6年{draw(st.integers(1, 12))}月{day}日）の概要をお知らせします。" if ja
                 else f"{heading} in canberra on june {day}, the department said.")
        lines += [before + (" " if before and not ja else "") + heading, title]
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(_SENTENCES_JA + _SENTENCES_EN)) or "以上")
    return "\n".join(lines)


@SETTINGS
@given(heading_lines())
def test_clean_text_is_idempotent_on_text_with_heading_lines(text: str) -> None:
    once = _clean(text)
    assert _clean(once) == once
