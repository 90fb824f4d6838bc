"""Saved pages for the extractor tests, each kept once.

Pages the offline mirror serves are read from ``mirror/``, so the extractors are
tested on exactly what ``make demo`` crawls; edge cases the mirror has no reason
to serve live in ``tests/fixtures/html``.  A page is named ``<site>/<name>``.
"""
from __future__ import annotations

from pathlib import Path

MIRROR = Path(__file__).resolve().parent.parent / "mirror"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"

IN_MIRROR = {
    "mod/anpo_0502a_usa-j.html": "mod/j/approach/anpo/2024/0502a_usa-j.html",
    "mod/kisha_0510a.html": "mod/j/press/kisha/2024/0510a.html",
    "mod/news_2019_0507a_sjis.html": "mod/j/press/news/2019/05/07a.html",
    "mod/news_2026_0824a_broken.html": "mod/j/press/news/2026/08/24a.html",
    "mod/news_2026_0826a_fullwidth.html": "mod/j/press/news/2026/08/26a.html",
    "mod/challenge_0824c.html": "mod/j/press/news/2026/08/24c.html",
    "mod/en_usa.html": "mod/en/article/2024/05/affffae4f26756b793e92d9138d8e98009504baa.html",
    "mod/en_kisha.html": "mod/en/article/2024/05/898ed00c93d41e9a3c306f1d64d6c07c723ac887.html",
    "mod/news_2026_0825a.pdf": "mod/j/press/news/2026/08/25a.pdf",
    "jdefense/000485_seed.html": "jdefense/docs/mod/000485.html",
    "jdefense/001540.html": "jdefense/docs/mod/001540.html",
    "jdefense/000903.html": "jdefense/docs/mod/000903.html",
    "jdefense/words_000112.html": "jdefense/docs/words/000112.html",
    "wargov/release_4521334.html": "wargov/News/Releases/Release/Article/4521334/"
    "readout-of-secretary-of-war-pete-hegseths-call-with-japanese-minister-of-defense-shinjiro-koizumi/index.html",
    "wargov/transcript_4520011.html": "wargov/News/Transcripts/Transcript/Article/4520011/"
    "pentagon-press-secretary-kingsley-wilson-holds-a-press-briefing/index.html",
    "wargov/releases_list.html": "wargov/News/Releases/index.html",
    "generic/jsonld_graph.html": "generic/news/2026/08/minister-meets-japanese-counterpart/index.html",
    "generic/jsonld_newsarticle.html": "generic/news/2026/08/offshore-patrol-vessel-commissioned/index.html",
    "generic/jsonld_list.html": "generic/news/2026/08/defence-budget-2027-published/index.html",
    "generic/opengraph_only.html": "generic/news/2026/07/joint-exercise-concludes/index.html",
    "generic/opengraph_broken_jsonld.html": "generic/news/2026/06/cyber-command-established/index.html",
    "generic/heuristic.html": "generic/news/2026/07/statement-on-maritime-incident/index.html",
    "generic/contact.html": "generic/contact/index.html",
}

#: Edge cases made from a mirror page by one substitution: (page, old, new).
VARIANTS = {
    # The seed page with a body container the jdefense extractor does not know.
    "jdefense/000485_unknown_body_class.html": (
        "jdefense/000485_seed.html", b'<div class="article-body">', b'<div class="post-content">'
    ),
}


def page_path(name: str) -> Path:
    return MIRROR / IN_MIRROR[name] if name in IN_MIRROR else FIXTURES / name


def page_bytes(name: str) -> bytes:
    if name in VARIANTS:
        source, old, new = VARIANTS[name]
        data = page_bytes(source)
        assert old in data, f"{source} no longer holds {old!r}"
        return data.replace(old, new, 1)
    return page_path(name).read_bytes()


def page_text(name: str) -> str:
    return page_bytes(name).decode("utf-8")
