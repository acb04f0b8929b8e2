"""Tests of kg.rdf: an Extraction becomes deterministic quads in its article's named graph."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Literal

from kg.model import Article, Entity, Extraction, Fact
from kg.rdf import to_quads
from kg.terms import NIF, PROV, SCHEMA, SM, WD, article_iri, entity_iri, fact_iri

TEXT = "Tom Cruise will star in a film shot on the ISS, NASA said, according to the AP."


def extraction(title: str = "Cruise to film in orbit", url: str | None = None) -> Extraction:
    return Extraction(
        article=Article(title=title, text=TEXT, url=url, published=date(2020, 5, 5)),
        clean_text=TEXT,
        entities=[
            Entity("e1", "Tom Cruise", "Person", aliases=["Cruise", "Tom Cruise"]),
            Entity("e2", "International Space Station", "SpaceStation", aliases=["ISS"]),
            Entity("e3", "NASA", "SpaceAgency", wikidata="Q23548"),
            Entity("e4", "Associated Press", "NewsOrganization", aliases=["AP"]),
        ],
        facts=[
            Fact("e1", "destination", "e2", TEXT, 0, len(TEXT), 0.8, reported_by="e4"),
            Fact("e3", "operates", "e2", TEXT, 0, len(TEXT), 0.65),
        ],
        extractor="kg-test 0.1",
    )


def test_rdf_quads_all_in_article_graph() -> None:
    ext = extraction()
    assert {g for *_, g in to_quads(ext)} == {article_iri(ext.article.id)}


def test_rdf_quads_have_no_blank_nodes() -> None:
    assert not any(isinstance(t, BNode) for quad in to_quads(extraction()) for t in quad)


def test_rdf_quads_are_deterministic() -> None:
    assert to_quads(extraction()) == to_quads(extraction())


def test_rdf_quads_have_no_duplicates() -> None:
    quads = to_quads(extraction())
    assert len(quads) == len(set(quads))


def test_rdf_entity_iri_is_stable_across_articles() -> None:
    first = {s for s, p, _, _ in to_quads(extraction("One")) if p == RDFS.label}
    second = {s for s, p, _, _ in to_quads(extraction("Two")) if p == RDFS.label}
    assert (
        first
        == second
        == {
            entity_iri("Tom Cruise", "Person"),
            entity_iri("International Space Station", "SpaceStation"),
            entity_iri("NASA", "SpaceAgency"),
            entity_iri("Associated Press", "NewsOrganization"),
        }
    )


def test_rdf_article_description() -> None:
    ext = extraction(url="https://example.org/cruise")
    triples = {(s, p, o) for s, p, o, _ in to_quads(ext)}
    art = article_iri(ext.article.id)
    assert {
        (art, RDF.type, SM.Article),
        (art, SCHEMA.headline, Literal("Cruise to film in orbit")),
        (art, SCHEMA.url, Literal("https://example.org/cruise", datatype=XSD.anyURI)),
        (art, SCHEMA.datePublished, Literal(date(2020, 5, 5))),
        (art, SM.contentHash, Literal(ext.text_hash)),
        (art, SM.mentions, entity_iri("NASA", "SpaceAgency")),
        (art, SCHEMA.mentions, entity_iri("NASA", "SpaceAgency")),
    } <= triples


def test_rdf_entity_description() -> None:
    triples = {(s, p, o) for s, p, o, _ in to_quads(extraction())}
    cruise, nasa = entity_iri("Tom Cruise", "Person"), entity_iri("NASA", "SpaceAgency")
    assert {
        (cruise, RDF.type, SM.Person),
        (cruise, RDFS.label, Literal("Tom Cruise")),
        (cruise, SKOS.altLabel, Literal("Cruise")),
        (nasa, RDF.type, SM.SpaceAgency),
        (nasa, OWL.sameAs, WD.Q23548),
    } <= triples
    assert (cruise, SKOS.altLabel, Literal("Tom Cruise")) not in triples


def test_rdf_fact_triple_is_asserted() -> None:
    triples = {(s, p, o) for s, p, o, _ in to_quads(extraction())}
    station = entity_iri("International Space Station", "SpaceStation")
    assert (entity_iri("Tom Cruise", "Person"), SM.destination, station) in triples
    assert (entity_iri("NASA", "SpaceAgency"), SM.operates, station) in triples


def test_rdf_fact_provenance_node() -> None:
    ext = extraction()
    cruise = entity_iri("Tom Cruise", "Person")
    station = entity_iri("International Space Station", "SpaceStation")
    node = fact_iri(ext.article.id, cruise, "destination", station, 0)
    ap = entity_iri("Associated Press", "NewsOrganization")
    triples = {(s, p, o) for s, p, o, _ in to_quads(ext)}
    assert {
        (node, RDF.type, SM.Fact),
        (node, RDF.type, RDF.Statement),
        (node, RDF.type, PROV.Entity),
        (node, RDF.subject, cruise),
        (node, RDF.predicate, SM.destination),
        (node, RDF.object, station),
        (node, PROV.wasDerivedFrom, article_iri(ext.article.id)),
        (node, SM.evidence, Literal(TEXT)),
        (node, NIF.beginIndex, Literal(0, datatype=XSD.integer)),
        (node, NIF.endIndex, Literal(len(TEXT), datatype=XSD.integer)),
        (node, SM.confidence, Literal(0.8)),
        (node, SM.reportedBy, ap),
        (node, PROV.wasAttributedTo, ap),
        (node, SM.extractor, Literal("kg-test 0.1")),
    } <= triples


def test_rdf_fact_without_source_has_no_attribution() -> None:
    nasa = entity_iri("NASA", "SpaceAgency")
    nodes = {s for s, p, o, _ in to_quads(extraction()) if p == RDF.subject and o == nasa}
    triples = {(s, p) for s, p, _, _ in to_quads(extraction())}
    assert len(nodes) == 1
    assert (nodes.pop(), SM.reportedBy) not in triples


def test_rdf_quads_reject_unknown_entity_class() -> None:
    ext = extraction()
    ext.entities[0].cls = "Planet"
    with pytest.raises(ValueError, match="Planet"):
        to_quads(ext)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("predicate", "orbits", ValueError),
        ("object", "e9", KeyError),
        ("reported_by", "e9", KeyError),
    ],
)
def test_rdf_quads_reject_unknown_fact_terms(
    field: str, value: str, error: type[Exception]
) -> None:
    ext = extraction()
    setattr(ext.facts[0], field, value)
    with pytest.raises(error):
        to_quads(ext)
