"""Tests of kg.validate: the graphs kg.rdf writes conform, and broken ones are reported."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef

from kg.model import PROPERTIES, Article, Entity, Extraction, Fact
from kg.rdf import to_quads
from kg.terms import NIF, SHAPES_PATH, SM, entity_iri, property_iri
from kg.validate import validate

TEXT = "Sandra Bullock stars in Gravity, the AP reports. SpaceX built Crew Dragon."
CRUISE = entity_iri("Sandra Bullock", "Person")
GRAVITY = entity_iri("Gravity", "Film")
SPACEX = entity_iri("SpaceX", "Company")
DRAGON = entity_iri("Crew Dragon", "Spacecraft")


def extraction(title: str = "Gravity") -> Extraction:
    return Extraction(
        article=Article(title=title, text=TEXT),
        clean_text=TEXT,
        entities=[
            Entity("p", "Sandra Bullock", "Person", aliases=["Bullock"]),
            Entity("f", "Gravity", "Film"),
            Entity("c", "SpaceX", "Company"),
            Entity("s", "Crew Dragon", "Spacecraft"),
            Entity("n", "Associated Press", "NewsOrganization", aliases=["AP"]),
        ],
        facts=[
            Fact("p", "starsIn", "f", TEXT[:48], 0, 48, 0.9, reported_by="n"),
            Fact("c", "builds", "s", TEXT[49:], 49, len(TEXT), 0.7),
        ],
        extractor="kg-test 0.1",
    )


def graph() -> Graph:
    g = Graph()
    for s, p, o, _ in to_quads(extraction()):
        g.add((s, p, o))
    return g


def fact_node(g: Graph, predicate: URIRef) -> URIRef:
    node = g.value(predicate=RDF.predicate, object=predicate)
    assert isinstance(node, URIRef)
    return node


def test_validate_extraction_graph_conforms() -> None:
    report = validate(graph())
    assert (report.conforms, report.violations) == (True, 0), report.text


def test_validate_dataset_checks_union_of_article_graphs() -> None:
    ds = Dataset()
    for title in ("Gravity", "Gravity, again"):
        for s, p, o, g in to_quads(extraction(title)):
            ds.graph(g).add((s, p, o))
    report = validate(ds)
    assert report.conforms, report.text


def test_validate_dataset_finds_violation_in_named_graph() -> None:
    ds = Dataset()
    for s, p, o, g in to_quads(extraction()):
        ds.graph(g).add((s, p, o))
    ds.graph(URIRef("urn:x:g")).add((CRUISE, SM.starsIn, DRAGON))
    assert validate(ds).violations == 1


def _stars_in_spacecraft(g: Graph) -> None:
    g.add((CRUISE, SM.starsIn, DRAGON))


def _person_builds(g: Graph) -> None:
    g.add((CRUISE, SM.builds, DRAGON))


def _two_labels(g: Graph) -> None:
    g.add((GRAVITY, RDFS.label, Literal("Gravity (film)")))


def _tagged_label(g: Graph) -> None:
    g.set((GRAVITY, RDFS.label, Literal("Gravity", lang="en")))


def _no_label(g: Graph) -> None:
    g.remove((DRAGON, RDFS.label, None))


def _untyped_object(g: Graph) -> None:
    g.add((CRUISE, SM.starsIn, URIRef("https://example.org/untyped")))


def _fact_without_evidence(g: Graph) -> None:
    g.remove((fact_node(g, SM.builds), SM.evidence, None))


def _confidence_above_one(g: Graph) -> None:
    g.set((fact_node(g, SM.builds), SM.confidence, Literal(1.5)))


def _end_before_begin(g: Graph) -> None:
    g.set((fact_node(g, SM.builds), NIF.endIndex, Literal(10, datatype=XSD.integer)))


def _reported_by_company(g: Graph) -> None:
    g.set((fact_node(g, SM.starsIn), SM.reportedBy, SPACEX))


def _fact_not_asserted(g: Graph) -> None:
    g.remove((SPACEX, SM.builds, DRAGON))


def _article_without_hash(g: Graph) -> None:
    g.remove((None, SM.contentHash, None))


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        pytest.param(_stars_in_spacecraft, "object of sm:starsIn", id="stars_in_spacecraft"),
        pytest.param(_person_builds, "subject of sm:builds", id="person_builds"),
        pytest.param(_two_labels, "exactly one plain", id="two_labels"),
        pytest.param(_tagged_label, "exactly one plain", id="tagged_label"),
        pytest.param(_no_label, "exactly one plain", id="no_label"),
        pytest.param(_untyped_object, "object of sm:starsIn", id="untyped_object"),
        pytest.param(_fact_without_evidence, "evidence sentence", id="fact_without_evidence"),
        pytest.param(_confidence_above_one, "confidence", id="confidence_above_one"),
        pytest.param(_end_before_begin, "before its end offset", id="end_before_begin"),
        pytest.param(_reported_by_company, "news organization", id="reported_by_company"),
        pytest.param(_fact_not_asserted, "not asserted", id="fact_not_asserted"),
        pytest.param(_article_without_hash, "content hash", id="article_without_hash"),
    ],
)
def test_validate_catches_broken_graph(breakage: Callable[[Graph], None], message: str) -> None:
    g = graph()
    breakage(g)
    report = validate(g)
    assert (report.conforms, report.violations) == (False, 1), report.text
    assert message in report.text


@pytest.mark.parametrize("name", PROPERTIES)
def test_validate_shapes_cover_property(name: str) -> None:
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    target = URIRef("http://www.w3.org/ns/shacl#targetSubjectsOf")
    assert (None, target, property_iri(name)) in shapes
