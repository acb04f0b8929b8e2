"""Tests of kg.rdf for planned facts, ended roles with dates, and filtering by confidence."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, XSD, Dataset, Literal, URIRef

from kg.model import Article, Entity, Extraction, Fact
from kg.rdf import above_confidence, date_literal, to_quads
from kg.terms import SM, entity_iri
from kg.validate import validate

TEXT = "Ana Ruiz replaced Ivan Orlov as head of Roscosmos in July 2022. Ruiz plans to fly aboard Soyuz MS-30."
ENTITIES = [
    Entity("e1", "Ana Ruiz", "Person", ["Ruiz"]),
    Entity("e2", "Ivan Orlov", "Person"),
    Entity("e3", "Roscosmos", "SpaceAgency"),
    Entity("e4", "Soyuz MS-30", "Spacecraft"),
]
FACTS = [
    Fact("e1", "heads", "e3", TEXT[:63], 0, 63, 0.8, began="2022-07"),
    Fact("e2", "heads", "e3", TEXT[:63], 0, 63, 0.8, is_ended=True, ended_on="2022-07"),
    Fact("e1", "flewOn", "e4", TEXT[64:], 64, len(TEXT), 0.5, modality="planned"),
]
RUIZ, ORLOV = entity_iri("Ana Ruiz", "Person"), entity_iri("Ivan Orlov", "Person")
ROSCOSMOS, SOYUZ = entity_iri("Roscosmos", "SpaceAgency"), entity_iri("Soyuz MS-30", "Spacecraft")

# Who heads Roscosmos now: a heads triple no provenance node marks as ended.
HEADS_NOW = f"""
PREFIX sm: <{SM}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?person WHERE {{
  ?person sm:heads <{ROSCOSMOS}> .
  FILTER NOT EXISTS {{
    ?fact rdf:subject ?person ; rdf:predicate sm:heads ; rdf:object <{ROSCOSMOS}> ; sm:ended true .
  }}
}}"""


def _dataset(facts: list[Fact] = FACTS) -> Dataset:
    article = Article(title="Ruiz heads Roscosmos", text=TEXT, published=date(2022, 7, 15))
    dataset = Dataset(default_union=True)
    for s, p, o, g in to_quads(Extraction(article, TEXT, ENTITIES, facts, "kg-test")):
        dataset.graph(URIRef(str(g))).add((s, p, o))
    return dataset


def test_rdf_planned_fact_has_provenance_but_no_plain_triple() -> None:
    dataset = _dataset()
    assert (RUIZ, SM.flewOn, SOYUZ) not in dataset
    assert list(dataset.subjects(SM.modality, Literal("planned")))


def test_rdf_ended_fact_has_end_date_on_provenance() -> None:
    dataset = _dataset()
    (node,) = dataset.subjects(SM.ended, Literal(True))
    assert dataset.value(node, RDF.subject) == ORLOV
    assert dataset.value(node, SM.endDate) == Literal("2022-07", datatype=XSD.gYearMonth)


def test_rdf_sparql_who_heads_now() -> None:
    rows = list(_dataset().query(HEADS_NOW))
    assert [row[0] for row in rows] == [RUIZ]  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "datatype"),
    [("2022-07-15", XSD.date), ("2022-07", XSD.gYearMonth), ("2022", XSD.gYear)],
)
def test_rdf_date_literal_types(value: str, datatype: URIRef) -> None:
    assert date_literal(value).datatype == datatype


def test_rdf_unknown_modality_is_refused() -> None:
    with pytest.raises(ValueError, match="modality"):
        _dataset([Fact("e1", "heads", "e3", "x", 0, 1, 0.8, modality="rumoured")])


def test_rdf_above_confidence_drops_weak_facts_and_their_triples() -> None:
    kept = above_confidence(_dataset(), 0.6)
    assert not list(kept.subjects(SM.modality, Literal("planned")))
    assert list(kept.quads((RUIZ, SM.heads, ROSCOSMOS, None)))
    assert len(list(kept.subjects(RDF.type, SM.Fact))) == 2


def test_rdf_above_confidence_removes_unsupported_plain_triple() -> None:
    kept = above_confidence(_dataset(), 0.9)
    assert not list(kept.quads((RUIZ, SM.heads, ROSCOSMOS, None)))


def test_validate_planned_and_dated_facts_conform() -> None:
    report = validate(_dataset())
    assert report.conforms, report.text


def test_rdf_accepts_properties_the_ontology_declares() -> None:
    from kg.model import PROPERTIES
    from kg.rdf import ontology_properties

    assert set(PROPERTIES) <= ontology_properties()
