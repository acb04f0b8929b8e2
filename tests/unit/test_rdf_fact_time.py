"""Tests of kg.rdf for planned facts and ended roles with dates, and of RDF exports above a confidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef

from kg.export import GraphFilter, export_selection
from kg.model import Article, Entity, Extraction, Fact
from kg.rdf import date_literal, to_quads
from kg.store.oxigraph import OxigraphStore
from kg.terms import SCHEMA, SM, entity_iri
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


def _selection(tmp_path: Path, min_confidence: float) -> Dataset:
    """The RDF export of the whole graph above `min_confidence`, from a real store on disk."""
    article = Article(title="Ruiz heads Roscosmos", text=TEXT, published=date(2022, 7, 15))
    quads = to_quads(Extraction(article, TEXT, ENTITIES, FACTS, "kg-test"))
    store = OxigraphStore(tmp_path / "store")
    try:
        store.replace_graph(str(quads[0][3]), quads)
        selection = GraphFilter(min_confidence=min_confidence)
        _graph, nquads = export_selection(store, selection, "nquads")
    finally:
        store.close()
    return Dataset(default_union=True).parse(data=nquads, format="nquads")


def test_rdf_selection_above_confidence_drops_weak_facts_and_their_triples(
    tmp_path: Path,
) -> None:
    kept = _selection(tmp_path, 0.6)
    assert not list(kept.subjects(SM.modality, Literal("planned")))
    assert list(kept.quads((RUIZ, SM.heads, ROSCOSMOS, None)))
    assert len(list(kept.subjects(RDF.type, SM.Fact))) == 2
    assert kept.value(RUIZ, RDFS.label) == Literal("Ana Ruiz")
    assert list(kept.subjects(SCHEMA.headline, Literal("Ruiz heads Roscosmos")))


def test_rdf_selection_removes_unsupported_plain_triple(tmp_path: Path) -> None:
    kept = _selection(tmp_path, 0.9)
    assert not list(kept.quads((RUIZ, SM.heads, ROSCOSMOS, None)))
    assert not list(kept.subjects(RDF.type, SM.Fact))


def test_validate_planned_and_dated_facts_conform() -> None:
    report = validate(_dataset())
    assert report.conforms, report.text


def test_rdf_accepts_properties_the_ontology_declares() -> None:
    from kg.model import PROPERTIES
    from kg.rdf import ontology_properties

    assert set(PROPERTIES) <= ontology_properties()
