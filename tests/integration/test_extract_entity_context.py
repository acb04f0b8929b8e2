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
        (
            "The animators at Lumenhaus, the Amsterdam-based animation and production company, "
            "drew the film.",
            "Lumenhaus",
            "Company",
        ),
    ],
    ids=["kin-noun", "company-noun", "place-as-first-name", "group-noun", "long-description"],
)
def test_extract_name_typed_by_its_context(nlp: Language, text: str, name: str, cls: str) -> None:
    assert _classes(nlp, text).get(name) == cls


def test_extract_country_alone_stays_a_country(nlp: Language) -> None:
    assert _classes(nlp, "The company opened an office in Jordan last year.").get("Jordan") == (
        "Country"
    )


def test_extract_craft_noun_beside_a_name_types_it(nlp: Language) -> None:
    text = "Among its payloads was Karim, the country's first moon rover, built by Orbit Works."
    assert _classes(nlp, text).get("Karim") == "Spacecraft"


def test_extract_last_word_of_a_craft_name_is_the_craft(nlp: Language) -> None:
    text = (
        "The crew is riding in Crew Dragon Valiant. SpaceX, which built Valiant, refurbished "
        "it for the trip."
    )
    result = extract(nlp, Article(title="", text=text))
    (craft,) = [e for e in result.entities if e.cls == "Spacecraft"]
    assert (craft.label, craft.aliases) == ("Crew Dragon Valiant", ["Valiant"])
    label = {e.key: e.label for e in result.entities}
    facts = {(label[f.subject], f.predicate, label[f.object]) for f in result.facts}
    assert ("SpaceX", "builds", "Crew Dragon Valiant") in facts


def test_extract_town_named_again_after_a_preposition_stays_a_place(nlp: Language) -> None:
    text = (
        "Tom Hale grew up in Bramwell, West Virginia, and later worked at NASA. The production "
        "shot in East Tennessee rather than in Bramwell itself."
    )
    result = extract(nlp, Article(title="", text=text))
    assert [(e.cls, len(e.mentions)) for e in result.entities if e.label == "Bramwell"] == [
        ("Place", 2)
    ]


def test_extract_dateline_in_capitals_is_the_known_place(nlp: Language) -> None:
    text = "BENGALURU — The Indian Space Research Organisation named a new chairman on Friday."
    assert _classes(nlp, text).get("Bengaluru") == "Place"
