"""Names typed by the words around them, with the real model, on text written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract.pipeline import extract, load_pipeline
from kg.model import Article

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _classes(nlp: Language, text: str) -> dict[str, str]:
    return {e.label: e.cls for e in extract(nlp, Article(title="", text=text)).entities}


@pytest.mark.parametrize(
    ("text", "name", "cls"),
    [
        (
            "He wrote the script with his son, Tadeo Marrow, over two years.",
            "Tadeo Marrow",
            "Person",
        ),
        (
            "She later chaired its parent company, Quillon, until 2019.",
            "Quillon",
            "Company",
        ),
        (
            "Ellis founded the firm in 2015 with Jordan Noone, a former SpaceX engineer.",
            "Jordan Noone",
            "Person",
        ),
        (
            "The flight carried Kira Holm, a co-founder of the comedy group Stunt Crew.",
            "Stunt Crew",
            "Organization",
        ),
    ],
    ids=["kin-noun", "company-noun", "place-as-first-name", "group-noun"],
)
def test_extract_name_typed_by_its_context(nlp: Language, text: str, name: str, cls: str) -> None:
    assert _classes(nlp, text).get(name) == cls


def test_extract_country_alone_stays_a_country(nlp: Language) -> None:
    assert _classes(nlp, "The company opened an office in Jordan last year.").get("Jordan") == (
        "Country"
    )
