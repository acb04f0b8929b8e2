"""The kg_relations component on blank pipelines and hand-built parsed Docs."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.extract.entities  # noqa: F401  (registers kg_entities)
from kg.extract.relations import RelationReader
from kg.extract.vocabulary import default_vocabulary


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_entities")
    pipeline.add_pipe("kg_relations")
    return pipeline


def _triples(doc: Doc) -> set[tuple[str, str, str]]:
    ents = doc.ents
    return {(ents[s].text, p, ents[o].text) for s, p, o, *_ in doc._.kg_relations}


def _with_person(nlp: Language, text: str, name: str) -> Doc:
    """Run the pipeline on `text` with `name` marked as a Person, as the NER would."""
    doc = nlp.get_pipe("kg_entities")(nlp.make_doc(text))
    start = doc.text.index(name)
    person = doc.char_span(start, start + len(name), label="Person")
    doc.ents = [e for e in doc.ents if e.end <= person.start or e.start >= person.end] + [person]
    return nlp.get_pipe("kg_relations")(doc)


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Tesla founder Ivan Petrov spoke.", ("Ivan Petrov", "founded", "Tesla")),
        ("NASA astronaut Ivan Petrov spoke.", ("Ivan Petrov", "worksFor", "NASA")),
        ("SpaceX CEO Ivan Petrov spoke.", ("Ivan Petrov", "heads", "SpaceX")),
        (
            "The head of the state corporation Roscosmos Ivan Petrov spoke.",
            ("Ivan Petrov", "heads", "Roscosmos"),
        ),
        (
            "Ivan Petrov, the director general of Roscosmos, spoke.",
            ("Ivan Petrov", "heads", "Roscosmos"),
        ),
        ("Ivan Petrov, Boeing's chief executive, spoke.", ("Ivan Petrov", "heads", "Boeing")),
        (
            'Director Ivan Petrov shot the film called "Dark Orbit" there.',
            ("Ivan Petrov", "directs", "Dark Orbit"),
        ),
    ],
)
def test_relations_role_nouns(nlp: Language, text: str, triple: tuple[str, str, str]) -> None:
    assert triple in _triples(_with_person(nlp, text, "Ivan Petrov"))


def test_relations_role_noun_respects_range(nlp: Language) -> None:
    doc = _with_person(nlp, "Ivan Petrov, director of Baikonur, spoke.", "Ivan Petrov")
    assert _triples(doc) == set()


def _parsed(words: list[str], heads: list[int], deps: list[str], ents: list[str]) -> Doc:
    lemmas = {"commanded": "command", "launched": "launch", "was": "be", "reported": "report"}
    pos = {"was": "AUX", "commanded": "VERB", "launched": "VERB", "reported": "VERB"}
    nlp = spacy.blank("en")
    return Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        lemmas=[lemmas.get(w, w.lower()) for w in words],
        pos=[pos.get(w, "PROPN" if w[0].isupper() else "X") for w in words],
        tags=["VBN" if w in {"commanded", "launched"} else "NN" for w in words],
        ents=ents,
    )


def test_relations_passive_agent_is_subject() -> None:
    doc = _parsed(
        ["The", "Soyuz", "was", "commanded", "by", "Ivan", "Petrov", "."],
        [1, 3, 3, 3, 3, 6, 4, 3],
        ["det", "nsubjpass", "auxpass", "ROOT", "agent", "compound", "pobj", "punct"],
        ["O", "B-Spacecraft", "O", "O", "O", "B-Person", "I-Person", "O"],
    )
    RelationReader(default_vocabulary())(doc)
    assert _triples(doc) == {("Ivan Petrov", "commands", "Soyuz")}


def test_relations_preposition_frame_launched_from() -> None:
    doc = _parsed(
        ["The", "Soyuz", "launched", "from", "Baikonur", "."],
        [1, 2, 2, 2, 3, 2],
        ["det", "nsubj", "ROOT", "prep", "pobj", "punct"],
        ["O", "B-Spacecraft", "O", "O", "B-Spaceport", "O"],
    )
    RelationReader(default_vocabulary())(doc)
    assert _triples(doc) == {("Soyuz", "launchedFrom", "Baikonur")}


def test_relations_records_reporting_organization() -> None:
    doc = _parsed(
        ["Ivan", "Petrov", "commanded", "Soyuz", ",", "Reuters", "reported", "."],
        [1, 2, 6, 2, 6, 6, 6, 6],
        ["compound", "nsubj", "ccomp", "dobj", "punct", "nsubj", "ROOT", "punct"],
        ["B-Person", "I-Person", "O", "B-Spacecraft", "O", "B-NewsOrganization", "O", "O"],
    )
    RelationReader(default_vocabulary())(doc)
    (relation,) = doc._.kg_relations
    assert doc.ents[relation[6]].text == "Reuters"


def test_relations_based_prefix_is_located_in(nlp: Language) -> None:
    assert ("SpaceX", "locatedIn", "Texas") in _triples(nlp("The Texas-based SpaceX grew."))


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("They toured NASA's Kennedy Space Center.", ("NASA", "operates", "Kennedy Space Center")),
        ("Virgin Galactic's VSS Unity flew.", ("Virgin Galactic", "operates", "VSS Unity")),
        (
            'The Netflix documentary "Rocket Kids" aired.',
            ("Netflix", "produces", "Rocket Kids"),
        ),
    ],
)
def test_relations_possessives_and_producers(
    nlp: Language, text: str, triple: tuple[str, str, str]
) -> None:
    assert triple in _triples(nlp(text))


@pytest.mark.parametrize("text", ["The SpaceX Crew Dragon flew.", "SpaceX's Falcon 9 flew."])
def test_relations_possessive_gives_nothing_without_possession_of_craft(
    nlp: Language, text: str
) -> None:
    assert _triples(nlp(text)) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met in Houston, Texas, on Monday.", {("Houston", "locatedIn", "Texas")}),
        ("Crews from Houston, Texas and Florida met.", set()),
        ("Crews from Russia, Japan and Canada met.", set()),
        ("It left the Kennedy Space Center in Florida.", set()),
    ],
)
def test_relations_place_and_region(
    nlp: Language, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert _triples(nlp(text)) == expected
