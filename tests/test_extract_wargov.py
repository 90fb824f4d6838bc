"""crawler.extractors.wargov on saved war.gov pages: releases, a transcript, a list page."""
from __future__ import annotations

from typing import Any

import pytest
from saved_pages import page_text

from crawler.extractors import wargov

SITE = "https://www.war.gov"
RELEASE = SITE + ("/News/Releases/Release/Article/4521334/"
                  "readout-of-secretary-of-war-pete-hegseths-call-with-japanese-minister-of-defense-shinjiro-koizumi/")
TRANSCRIPT = SITE + ("/News/Transcripts/Transcript/Article/4520011/"
                     "pentagon-press-secretary-kingsley-wilson-holds-a-press-briefing/")


def load(name: str) -> str:
    return page_text(f"wargov/{name}")


@pytest.fixture(scope="module")
def release() -> dict[str, Any]:
    return wargov.extract(load("release_4521334.html"), RELEASE)


def test_release_url(release: dict[str, Any]) -> None:
    assert release["url"] == RELEASE


def test_release_canonical(release: dict[str, Any]) -> None:
    assert release["canonicalUrl"] == RELEASE


def test_release_headline(release: dict[str, Any]) -> None:
    assert release["headline"] == ("Readout of Secretary of War Pete Hegseth's Call With "
                                   "Japanese Minister of Defense Shinjiro Koizumi")


def test_release_date_raw(release: dict[str, Any]) -> None:
    assert release["datePublishedRaw"] == "Aug. 26, 2026"


def test_release_date(release: dict[str, Any]) -> None:
    assert release["datePublished"] == "2026-08-26T00:00:00-04:00"


def test_release_language(release: dict[str, Any]) -> None:
    assert release["inLanguage"] == "en"


def test_release_breadcrumbs(release: dict[str, Any]) -> None:
    assert release["breadcrumbs"] == ["News", "Releases"]


def test_release_description(release: dict[str, Any]) -> None:
    assert release["description"].startswith("Pentagon Press Secretary Kingsley Wilson provided")


def test_release_body_starts_with_readout_line(release: dict[str, Any]) -> None:
    assert release["articleBody"].split("\n")[0] == (
        "Pentagon Press Secretary Kingsley Wilson provided the following readout:")


def test_release_body_paragraph_count(release: dict[str, Any]) -> None:
    assert len(release["articleBody"].split("\n")) == 4


@pytest.mark.parametrize("chrome", ["Share on X", "Related Stories", "Skip to main content",
                                    "Hosted by Defense Media Activity", "RELEASE"])
def test_release_no_page_chrome(release: dict[str, Any], chrome: str) -> None:
    assert chrome not in release["articleBody"]


def test_release_method(release: dict[str, Any]) -> None:
    assert release["metadata"]["extractionMethod"] == "wargov"


def test_defense_gov_host_same_paths() -> None:
    url = RELEASE.replace("www.war.gov", "www.defense.gov")
    assert wargov.extract(load("release_4521334.html"), url)["metadata"]["extractionMethod"] == "wargov"


# --- transcript with a time in the date line ---

@pytest.fixture(scope="module")
def transcript() -> dict[str, Any]:
    return wargov.extract(load("transcript_4520011.html"), TRANSCRIPT)


def test_transcript_date_raw(transcript: dict[str, Any]) -> None:
    assert transcript["datePublishedRaw"] == "Aug. 25, 2026 | 2:00 p.m."


def test_transcript_date(transcript: dict[str, Any]) -> None:
    assert transcript["datePublished"] == "2026-08-25T14:00:00-04:00"


def test_transcript_breadcrumbs(transcript: dict[str, Any]) -> None:
    assert transcript["breadcrumbs"] == ["News", "Transcripts"]


def test_transcript_speaker_lines(transcript: dict[str, Any]) -> None:
    assert sum(line.startswith("Q:") for line in transcript["articleBody"].split("\n")) == 2


# --- the list page: cards repeat titles, so no text is extracted ---

@pytest.fixture(scope="module")
def listing() -> dict[str, Any]:
    return wargov.extract(load("releases_list.html"), SITE + "/News/Releases/")


def test_list_body_empty(listing: dict[str, Any]) -> None:
    assert listing["articleBody"] == ""


def test_list_method(listing: dict[str, Any]) -> None:
    assert listing["metadata"]["extractionMethod"] == "wargov:list"


def test_list_headline(listing: dict[str, Any]) -> None:
    assert listing["headline"] == "Releases"


@pytest.mark.parametrize(("path", "expected"), [
    ("/News/Releases/Release/Article/4521334/slug/", True),
    ("/News/News-Releases/News-Release-View/Article/3762300/slug/", True),
    ("/News/Transcripts/Transcript/Article/4520011/slug/", True),
    ("/News/Contracts/Contract/Article/4300000/", True),
    ("/News/Releases/", False),
    ("/News/Releases/index.html", False),
    ("/News/", False),
])
def test_is_article_url(path: str, expected: bool) -> None:
    assert wargov.is_article_url(SITE + path) is expected


# --- generic fallback when the article layout changed ---

@pytest.fixture(scope="module")
def redesigned() -> dict[str, Any]:
    url = SITE + "/News/Releases/Release/Article/4530001/department-of-war-announces-fiscal-year-2027-budget-request/"
    return wargov.extract(load("release_new_layout.html"), url)


def test_fallback_method(redesigned: dict[str, Any]) -> None:
    assert redesigned["metadata"]["extractionMethod"] == "generic:json-ld"


def test_fallback_headline(redesigned: dict[str, Any]) -> None:
    assert redesigned["headline"] == "Department of War Announces Fiscal Year 2027 Budget Request"


def test_fallback_date(redesigned: dict[str, Any]) -> None:
    assert redesigned["datePublished"] == "2026-09-14T13:00:00-04:00"


def test_fallback_date_modified(redesigned: dict[str, Any]) -> None:
    assert redesigned["dateModified"] == "2026-09-14T15:20:00-04:00"


def test_fallback_body(redesigned: dict[str, Any]) -> None:
    assert redesigned["articleBody"].split("\n")[-1] == (
        "Budget documents are available on the website of the Under Secretary of War (Comptroller).")
