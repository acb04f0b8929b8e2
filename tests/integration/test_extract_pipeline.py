"""Extraction with the trained English model on hand-written space-media articles."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language

from kg.extract.pipeline import extract, load_pipeline
from kg.model import Article, Entity, Extraction

pytestmark = pytest.mark.integration

SCRAPED = """Soyuz crew readies for a record flight
Photo: NASA/Joel Kowsky

Russian actress Marina Volkova and director Pavel Orlov will fly with cosmonaut Oleg Kuzmin aboard a Soyuz spacecraft next week, Reuters reported.

The pair plan to shoot a drama called \u201cHigh Orbit,\u201d according to the AP.

\u201cWe trained for months,\u201d Volkvoa said on Friday.

Investors like Amazn founder Mark LoweMark Andrew LoweLowe Rockets files for IPO: report Microsoft CEO sells shares Moon race heats up MORE have poured money into rockets.

The chief of the state space agency Roscosmos Pavel Ivanov praised the crew, TASS said.
"""

MISSION = """Cargo ship heads to station
The Soyuz MS-25 spacecraft was commanded by cosmonaut Oleg Novitsky.
The Soyuz MS-25 launched from the Baikonur Cosmodrome on Thursday.
SpaceZ chief executive Dana Whitfield said the Crew Dragon Endurance docked with the International Space Station.
Dana Whitfield, who founded the startup Stellar Dynamics, spoke later.
The Texas-based Blue Orgin builds the New Glenn rocket, CNN reported.
Last year Ana Ruiz was named chief executive of Boeing.
Omar Haddad is the administrator of NASA.
"""

CREW = """Private crew reaches orbit
Four people flew aboard Crew Dragon Freedom: pilot Maya Chen, engineer Luis Ortega and Priya Nair.
Hours later the capsule docked with the International Space Station.
The documentary "Silent Orbit" stars Kenji Watanabe.
Cosmonaut Ivan Belov will fly aboard Soyuz MS-30 next year.
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _article(text: str) -> Article:
    title, _, body = text.partition("\n")
    return Article(title=title, text=body)


@pytest.fixture(scope="module")
def scraped(nlp: Language) -> Extraction:
    return extract(nlp, _article(SCRAPED))


@pytest.fixture(scope="module")
def mission(nlp: Language) -> Extraction:
    return extract(nlp, _article(MISSION))


def _facts(result: Extraction) -> set[tuple[str, str, str]]:
    label = {e.key: e.label for e in result.entities}
    return {(label[f.subject], f.predicate, label[f.object]) for f in result.facts}


def _entity(result: Extraction, label: str) -> Entity:
    (entity,) = [e for e in result.entities if e.label == label]
    return entity


def test_extract_pipeline_no_scraping_garbage_labels(scraped: Extraction) -> None:
    labels = {e.label for e in scraped.entities}
    assert not labels & {"Microsoft", "Mark Andrew Lowe", "Lowe Rockets", "Getty Images", "NASA"}
    assert not [lb for lb in labels if re.search(r"[a-z]{2}[A-Z][a-z]", lb)]


def test_extract_pipeline_glued_name_resolves_to_clean_name(scraped: Extraction) -> None:
    assert ("Mark Lowe", "founded", "Amazon") in _facts(scraped)


def test_extract_pipeline_typo_company_joins_gazetteer(scraped: Extraction) -> None:
    amazon = _entity(scraped, "Amazon")
    assert (amazon.cls, amazon.aliases, amazon.wikidata) == ("Company", ["Amazn"], "Q3884")


def test_extract_pipeline_typo_surname_is_same_person(scraped: Extraction) -> None:
    assert "Volkvoa" in _entity(scraped, "Marina Volkova").aliases


@pytest.mark.parametrize(
    "triple",
    [
        ("Marina Volkova", "flewOn", "Soyuz"),
        ("Pavel Orlov", "flewOn", "Soyuz"),
        ("Oleg Kuzmin", "flewOn", "Soyuz"),
        ("Marina Volkova", "starsIn", "High Orbit"),
        ("Pavel Orlov", "directs", "High Orbit"),
        ("Pavel Ivanov", "heads", "Roscosmos"),
    ],
)
def test_extract_pipeline_scraped_article_facts(
    scraped: Extraction, triple: tuple[str, str, str]
) -> None:
    assert triple in _facts(scraped)


@pytest.mark.parametrize(
    ("triple", "reporter"),
    [
        (("Marina Volkova", "flewOn", "Soyuz"), "Reuters"),
        (("Pavel Ivanov", "heads", "Roscosmos"), "TASS"),
    ],
)
def test_extract_pipeline_attribution(
    scraped: Extraction, triple: tuple[str, str, str], reporter: str
) -> None:
    label = {e.key: e.label for e in scraped.entities}
    (fact,) = [
        f for f in scraped.facts if (label[f.subject], f.predicate, label[f.object]) == triple
    ]
    assert fact.reported_by is not None
    assert label[fact.reported_by] == reporter


@pytest.mark.parametrize(
    "triple",
    [
        ("Oleg Novitsky", "commands", "Soyuz MS-25"),
        ("Soyuz MS-25", "launchedFrom", "Baikonur Cosmodrome"),
        ("Dana Whitfield", "heads", "SpaceX"),
        ("Crew Dragon Endurance", "destination", "International Space Station"),
        ("Dana Whitfield", "founded", "Stellar Dynamics"),
        ("Blue Origin", "locatedIn", "Texas"),
        ("Blue Origin", "builds", "New Glenn"),
        ("Ana Ruiz", "heads", "Boeing"),
        ("Omar Haddad", "heads", "NASA"),
    ],
)
def test_extract_pipeline_mission_article_facts(
    mission: Extraction, triple: tuple[str, str, str]
) -> None:
    assert triple in _facts(mission)


def test_extract_pipeline_facts_carry_evidence(mission: Extraction) -> None:
    text = mission.clean_text
    for fact in mission.facts:
        assert text[fact.start : fact.end] == fact.sentence
        assert 0 < fact.confidence <= 1


def test_extract_pipeline_one_entity_per_thing(mission: Extraction) -> None:
    labels = [e.label for e in mission.entities]
    assert len(labels) == len(set(labels))


@pytest.fixture(scope="module")
def crew(nlp: Language) -> Extraction:
    return extract(nlp, _article(CREW))


@pytest.mark.parametrize(
    "triple",
    [
        ("Maya Chen", "flewOn", "Crew Dragon Freedom"),
        ("Luis Ortega", "flewOn", "Crew Dragon Freedom"),
        ("Priya Nair", "flewOn", "Crew Dragon Freedom"),
        ("Crew Dragon Freedom", "destination", "International Space Station"),
        ("Kenji Watanabe", "starsIn", "Silent Orbit"),
    ],
)
def test_extract_pipeline_crew_lists_references_and_inverse_verbs(
    crew: Extraction, triple: tuple[str, str, str]
) -> None:
    assert triple in _facts(crew)


def test_extract_pipeline_plans_get_lower_confidence(crew: Extraction) -> None:
    label = {e.key: e.label for e in crew.entities}
    (planned,) = [f for f in crew.facts if label[f.object] == "Soyuz MS-30"]
    (done,) = [f for f in crew.facts if label[f.subject] == "Maya Chen"]
    assert planned.confidence < done.confidence
