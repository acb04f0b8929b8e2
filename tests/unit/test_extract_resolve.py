"""Resolution of mentions into one entity per real-world thing, on blank pipelines."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

import kg.extract.entities  # noqa: F401  (registers kg_entities)
from kg.extract.gazetteer import default_gazetteer
from kg.extract.resolve import resolve
from kg.model import Entity


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_entities")
    return pipeline


def _entities(nlp: Language, text: str) -> list[Entity]:
    return resolve(nlp(text), default_gazetteer())[0]


@pytest.mark.parametrize("second", ["Peresvet", "Peresvte"])
def test_resolve_surname_and_typo_join_full_name(nlp: Language, second: str) -> None:
    (person,) = _entities(nlp, f"Actress Jane Peresvet smiled. {second} waved.")
    assert (person.label, person.aliases, len(person.mentions)) == ("Jane Peresvet", [second], 2)


def test_resolve_acronym_joins_gazetteer_name(nlp: Language) -> None:
    (agency,) = _entities(nlp, "The European Space Agency said ESA would fly.")
    assert (agency.label, agency.aliases, agency.wikidata) == (
        "European Space Agency",
        ["ESA"],
        "Q42262",
    )


def test_resolve_typo_company_takes_gazetteer_label(nlp: Language) -> None:
    company = _entities(nlp, "Amazn founder Jane Roe spoke.")[0]
    assert (company.label, company.cls, company.aliases) == ("Amazon", "Company", ["Amazn"])


def test_resolve_unknown_acronym_joins_its_name() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Orbital Launch Works said OLW grew.")
    doc.ents = [Span(doc, 0, 3, label="Company"), Span(doc, 4, 5, label="Organization")]
    (org,) = resolve(doc, default_gazetteer())[0]
    assert (org.label, org.cls, org.aliases) == ("Orbital Launch Works", "Company", ["OLW"])


def test_resolve_keeps_different_kinds_apart() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Vega met Vega.")
    doc.ents = [Span(doc, 0, 1, label="Person"), Span(doc, 2, 3, label="LaunchVehicle")]
    assert len(resolve(doc, default_gazetteer())[0]) == 2


def test_resolve_mentions_index_text(nlp: Language) -> None:
    text = "Later, NASA and Roscosmos agreed."
    for entity in _entities(nlp, text):
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_resolve_untyped_single_word_joins_named_entity() -> None:
    doc = spacy.blank("en")("Richard Branson flew. Later Branson smiled.")
    doc.ents = [Span(doc, 0, 2, label="Person"), Span(doc, 5, 6, label="Organization")]
    (person,) = resolve(doc, default_gazetteer())[0]
    assert (person.label, person.cls, person.aliases) == ("Richard Branson", "Person", ["Branson"])


def test_resolve_dateline_capitals_become_a_name() -> None:
    doc = spacy.blank("en")("WASHINGTON - Crews met.")
    doc.ents = [Span(doc, 0, 1, label="Place")]
    (place,) = resolve(doc, default_gazetteer())[0]
    assert (place.label, place.aliases) == ("Washington", ["WASHINGTON"])


def _typed(text: str, spans: list[tuple[int, int, str]]) -> list[Entity]:
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in spans]
    return resolve(doc, default_gazetteer())[0]


def test_resolve_misspelled_surname_typed_otherwise_joins_person() -> None:
    (person,) = _typed(
        "Actor Tobias Wrenfield flew. Wrenfeild waved.",
        [(1, 3, "Person"), (5, 6, "Organization")],
    )
    assert (person.label, person.cls, person.aliases) == (
        "Tobias Wrenfield",
        "Person",
        ["Wrenfeild"],
    )


def test_resolve_accentless_variant_joins_person() -> None:
    (person,) = _typed(
        "Lucía Montaño spoke. Lucia Montano left.", [(0, 2, "Person"), (4, 6, "Person")]
    )
    assert (person.label, person.aliases) == ("Lucía Montaño", ["Lucia Montano"])


def test_resolve_surname_with_particle_joins_person() -> None:
    (person,) = _typed(
        "Pieter de Vliet spoke. de Vliet left.", [(0, 3, "Person"), (5, 7, "Person")]
    )
    assert (person.label, person.aliases) == ("Pieter de Vliet", ["de Vliet"])


def test_resolve_single_word_joins_the_name_it_ends() -> None:
    entities = _typed(
        "VSS Orion flew on Orion 7. Orion landed.",
        [(0, 2, "Spacecraft"), (4, 6, "Spaceflight"), (7, 8, "Place")],
    )
    assert [(e.label, e.aliases) for e in entities] == [("VSS Orion", ["Orion"]), ("Orion 7", [])]


def test_resolve_shouted_multiword_gazetteer_name(nlp: Language) -> None:
    entities = _entities(nlp, "CAPE CANAVERAL, Fla. - A rocket flew.")
    assert ("Cape Canaveral", "Place") in {(e.label, e.cls) for e in entities}


def test_resolve_hyphenated_surname_joins_person() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Ewa Kowal-Nowak spoke. Kowal-Nowak waved.")
    doc.ents = [Span(doc, 0, 4, label="Person"), Span(doc, 6, 9, label="Person")]
    (person,) = resolve(doc, default_gazetteer())[0]
    assert (person.label, person.aliases) == ("Ewa Kowal-Nowak", ["Kowal-Nowak"])


def test_resolve_same_name_typed_otherwise_joins_the_known_entity(nlp: Language) -> None:
    # The dateline's capitals, typed as an organization, come before the gazetteer's place.
    doc = nlp("BENGALURU - The agency is based in Bengaluru.")
    (known,) = [e for e in doc.ents if e.text == "Bengaluru"]
    doc.ents = [Span(doc, 0, 1, label="Organization"), known]
    (place,) = resolve(doc, default_gazetteer())[0]
    assert (place.label, place.cls, place.aliases) == ("Bengaluru", "Place", ["BENGALURU"])


def test_resolve_same_name_does_not_join_a_film_or_a_person() -> None:
    for cls in ("Film", "Person"):
        entities = _typed(
            "Blue Harbor opened. Blue Harbor returned.", [(0, 2, cls), (4, 6, "Place")]
        )
        assert len(entities) == 2, cls


def test_resolve_acronym_typed_otherwise_joins_its_flight() -> None:
    (flight,) = _typed(
        "The Crew Flight Test (CFT) began.", [(1, 4, "Spaceflight"), (5, 6, "Organization")]
    )
    assert (flight.label, flight.cls, flight.aliases) == (
        "Crew Flight Test",
        "Spaceflight",
        ["CFT"],
    )


def _resolved(text: str, spans: list[tuple[int, int, str]]) -> list[Entity]:
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in spans]
    return resolve(doc, default_gazetteer())[0]


def test_resolve_misspelled_title_and_craft_join_their_names() -> None:
    entities = _resolved(
        "Hidden Figures won . Hidden Figues led . Zhurong landed . Zhurung moved .",
        [(0, 2, "Film"), (4, 6, "Film"), (8, 9, "Spacecraft"), (11, 12, "Person")],
    )
    assert [(e.label, e.cls, e.aliases) for e in entities] == [
        ("Hidden Figures", "Film", ["Hidden Figues"]),
        ("Zhurong", "Spacecraft", ["Zhurung"]),
    ]


def test_resolve_numbered_names_stay_apart() -> None:
    entities = _resolved(
        "Soyuz MS-18 left . Soyuz MS-19 came .", [(0, 2, "Spacecraft"), (4, 6, "Spacecraft")]
    )
    assert len(entities) == 2


def test_resolve_misspelled_first_name_joins_the_person() -> None:
    entities = _resolved(
        "Pharrell Williams wrote . Pharell sang .", [(0, 2, "Person"), (4, 5, "Person")]
    )
    assert [(e.label, e.aliases) for e in entities] == [("Pharrell Williams", ["Pharell"])]


def test_resolve_short_company_name_joins_the_full_one() -> None:
    entities = _typed(
        "Lumen Arc Studios made it. Lumen Arc paid.", [(0, 3, "Company"), (6, 8, "Company")]
    )
    assert [(e.label, e.cls, e.aliases) for e in entities] == [
        ("Lumen Arc Studios", "Company", ["Lumen Arc"])
    ]


def test_resolve_short_name_of_two_companies_stays_apart() -> None:
    entities = _typed(
        "Lumen Studios and Lumen Pictures met. Lumen paid.",
        [(0, 2, "Company"), (3, 5, "Company"), (7, 8, "Organization")],
    )
    assert [e.label for e in entities] == ["Lumen Studios", "Lumen Pictures", "Lumen"]


def test_resolve_person_keeps_the_company_named_after_them() -> None:
    entities = _typed(
        "Walt Dorner founded Walt Dorner Productions.", [(0, 2, "Person"), (3, 6, "Company")]
    )
    assert [e.label for e in entities] == ["Walt Dorner", "Walt Dorner Productions"]


@pytest.mark.parametrize(("second", "joins"), [("Christine Hale", False), ("Jon Marsh", True)])
def test_resolve_short_first_name_joins_the_one_person_it_shortens(
    second: str, joins: bool
) -> None:
    entities = _typed(
        f"Christopher Vance met {second}. Chris left.",
        [(0, 2, "Person"), (3, 5, "Person"), (6, 7, "Person")],
    )
    assert (entities[0].aliases == ["Chris"]) is joins


def test_resolve_known_company_is_not_the_short_name_of_its_studio(nlp: Language) -> None:
    entities = _entities(nlp, "Amazon Studios made the series. Amazon paid for it.")
    assert [e.label for e in entities] == ["Amazon Studios", "Amazon"]


def test_resolve_capitalized_particle_surname_joins_the_full_name() -> None:
    entities = _typed(
        "Brian De Palma directed it. De Palma smiled. De Palma left.",
        [(0, 3, "Person"), (6, 8, "Person"), (10, 12, "Person")],
    )
    assert [(e.label, e.aliases) for e in entities] == [("Brian De Palma", ["De Palma"])]


def test_resolve_name_without_its_first_part_joins_the_person() -> None:
    entities = _typed(
        "A.S. Kiran Rao led it. Kiran Rao left.", [(0, 3, "Person"), (6, 8, "Person")]
    )
    assert [(e.label, e.aliases) for e in entities] == [("A.S. Kiran Rao", ["Kiran Rao"])]


def test_resolve_organization_named_without_its_first_words() -> None:
    entities = _typed(
        "U.S. Air Force trained her. The Air Force promoted her.",
        [(0, 3, "Organization"), (7, 9, "Organization")],
    )
    assert [(e.label, e.aliases) for e in entities] == [("U.S. Air Force", ["Air Force"])]
