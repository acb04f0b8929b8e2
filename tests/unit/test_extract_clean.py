"""Blanking of scraping noise at fixed offsets."""

from __future__ import annotations

import pytest

from kg.extract.clean import clean

NOISY = [
    "Photo: NASA/Bill Ingalls\nThe crew landed safely.",
    "© JANE DOE/AFP via Getty Images\nThe rocket lifted off.",
    "Leader Ann Smith\u200b spoke • today.",
    "Founder Mark LoweMark Andrew LoweLowe Rockets files for IPO Moon race heats up MORE visited.",
]


@pytest.mark.parametrize("text", NOISY)
def test_clean_keeps_length(text: str) -> None:
    assert len(clean(text)) == len(text)


@pytest.mark.parametrize(
    "line",
    [
        "Photo: NASA/Bill Ingalls",
        "Image credit: ESA",
        "© JANE DOE/AFP via Getty Images",
        "Credit: Roscosmos",
        "Related: Rocket maker hires new chief",
        "ADVERTISEMENT",
    ],
)
def test_clean_blanks_credit_and_furniture_lines(line: str) -> None:
    text = f"{line}\nThe capsule docked on time."
    assert clean(text) == " " * len(line) + "\nThe capsule docked on time."


def test_clean_blanks_inline_photo_credit() -> None:
    text = "The crew waves (AP Photo/Dmitri Lovetsky) before launch."
    assert clean(text).split() == ["The", "crew", "waves", "before", "launch."]


def test_clean_keeps_first_name_of_glued_links_through_more() -> None:
    text = (
        "Investor Mark LoweMark Andrew LoweLowe Rockets files for IPO: report "
        "Moon race heats up MORE and others built rockets."
    )
    assert clean(text).split() == ["Investor", "Mark", "Lowe", "and", "others", "built", "rockets."]


def test_clean_keeps_first_name_of_glued_triple_without_more() -> None:
    text = "Tycoon Sara BellSara Jane Maria BellSara Bell flew to space."
    assert clean(text).split() == ["Tycoon", "Sara", "Bell", "flew", "to", "space."]


def test_clean_blanks_stray_symbols() -> None:
    assert clean("Launch ▶ today • ok").split() == ["Launch", "today", "ok"]


@pytest.mark.parametrize(
    "text",
    [
        "Ronald McDonald watched SpaceX launch. MORE coverage later.",
        "The rover, built by NASA, drove 30 meters on Mars.",
        "Actress Jane Roe said: \u201cWe are ready.\u201d",
    ],
)
def test_clean_leaves_prose_alone(text: str) -> None:
    assert clean(text) == text


def test_clean_blanks_inline_related_link_through_more() -> None:
    text = "The capsule landed. Related: Rocket maker hires chief MORE Crews cheered."
    assert clean(text).split() == ["The", "capsule", "landed.", "Crews", "cheered."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tags: space tourism | rockets\nBody.", "Body."),
        ("Share this article: Facebook\nBody.", "Body."),
        ("Space&amp;nbsp;flight \u00b6 \u00c2", "Space flight"),
        ("Black &amp; White", "Black & White"),
    ],
)
def test_clean_blanks_footer_lines_and_html_entities(text: str, expected: str) -> None:
    assert " ".join(clean(text).split()) == expected
