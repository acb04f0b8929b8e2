"""The kg_entities component on a blank English pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

import kg.extract.entities  # noqa: F401  (registers kg_entities)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_entities")
    return pipeline


def _ents(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Roscosmos said so.", ("Roscosmos", "SpaceAgency")),
        ("Reuters said so.", ("Reuters", "NewsOrganization")),
        ("It flew on a Soyuz MS-21 ship.", ("Soyuz MS-21", "Spacecraft")),
        ("The Crew Dragon Endeavour docked.", ("Crew Dragon Endeavour", "Spacecraft")),
        ("A Long March 5B rose.", ("Long March 5B", "LaunchVehicle")),
        ("It left Vostochny Cosmodrome.", ("Vostochny Cosmodrome", "Spaceport")),
        ("They reached the Tiangong station.", ("Tiangong", "SpaceStation")),
    ],
)
def test_entities_types_gazetteer_and_patterns(
    nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _ents(nlp, text)


def test_entities_sets_gazetteer_id_as_kb_id(nlp: Language) -> None:
    (ent,) = nlp("NASA agreed.").ents
    assert ent.kb_id_


@pytest.mark.parametrize(
    "text",
    [
        "They will shoot a documentary titled \u201cDark Orbit,\u201d in June.",
        'The series called "Dark Orbit" starts soon.',
        "The \u201cDark Orbit\u201d film opens soon.",
    ],
)
def test_entities_reads_quoted_title_after_cue_as_film(nlp: Language, text: str) -> None:
    assert ("Dark Orbit", "Film") in _ents(nlp, text)


def test_entities_ignores_quote_without_cue(nlp: Language) -> None:
    assert _ents(nlp, "She said \u201cDark Orbit\u201d twice.") == []


def test_entities_names_after_role_noun_are_people(nlp: Language) -> None:
    assert ("Jane Roe", "Person") in _ents(nlp, "Actress Jane Roe smiled.")


def test_entities_misspelled_surname_is_a_person_mention(nlp: Language) -> None:
    ents = _ents(nlp, "Actress Jane Peresvet smiled. Later Peresvte laughed.")
    assert ("Peresvte", "Person") in ents


def test_entities_misspelled_company_before_role_noun(nlp: Language) -> None:
    ents = nlp("Amazn founder Jane Roe spoke.").ents
    assert (ents[0].text, ents[0].label_) == ("Amazn", "Company")


@pytest.mark.parametrize("last", ["Kid Cudi", "Tara VanSant"])
def test_entities_list_members_next_to_people_become_people(nlp: Language, last: str) -> None:
    doc = nlp.make_doc(f"It stars Ana Roe, Ben Poe, Ida Lund and {last}.")
    labels = [(2, 4, "PERSON"), (5, 7, "PERSON"), (8, 10, "ORG"), (11, 13, "ORG")]
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in labels]  # what NER guessed
    typed = nlp.get_pipe("kg_entities")(doc)
    assert [e.label_ for e in typed.ents] == ["Person"] * 4
