"""Tests of ontologies/space-media.ttl: it parses and documents every term the extractor emits."""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.model import CLASSES, PROPERTIES
from kg.terms import ONTOLOGY_PATH, SCHEMA, SM, WD, class_iri, entity_iri, property_iri, slug

PROVENANCE_PROPERTIES = (
    "mentions",
    "contentHash",
    "extractor",
    "evidence",
    "confidence",
    "reportedBy",
)


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_ontology_has_versioned_header() -> None:
    header = URIRef(str(SM).rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology()
    for prop in (OWL.versionInfo, RDFS.label, RDFS.comment):
        assert ontology().value(header, prop) is not None


@pytest.mark.parametrize("name", [*CLASSES, "Article", "Fact"])
def test_ontology_declares_class(name: str) -> None:
    iri = class_iri(name)
    assert (iri, RDF.type, OWL.Class) in ontology()
    assert ontology().value(iri, RDFS.label) is not None
    assert ontology().value(iri, RDFS.comment) is not None


@pytest.mark.parametrize("name", [*PROPERTIES, *PROVENANCE_PROPERTIES])
def test_ontology_declares_property(name: str) -> None:
    iri = property_iri(name)
    kinds = set(ontology().objects(iri, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    for prop in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
        assert ontology().value(iri, prop) is not None, prop


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (SM.SpaceAgency, SM.Organization),
        (SM.Company, SM.Organization),
        (SM.NewsOrganization, SM.Organization),
        (SM.Country, SM.Place),
        (SM.Spaceport, SM.Place),
        (SM.SpaceStation, SM.Spacecraft),
        (SM.Film, SCHEMA.CreativeWork),
        (SM.Country, SCHEMA.Country),
        (SM.NewsOrganization, SCHEMA.NewsMediaOrganization),
        (SM.Article, SCHEMA.NewsArticle),
    ],
)
def test_ontology_class_hierarchy(sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in ontology()


@pytest.mark.parametrize(
    ("cls", "schema_cls"),
    [(SM.Person, SCHEMA.Person), (SM.Organization, SCHEMA.Organization), (SM.Place, SCHEMA.Place)],
)
def test_ontology_equivalent_schema_class(cls: URIRef, schema_cls: URIRef) -> None:
    assert (cls, OWL.equivalentClass, schema_cls) in ontology()


def test_ontology_union_domain_lists_members() -> None:
    domain = ontology().value(SM.produces, RDFS.domain)
    members = ontology().value(domain, OWL.unionOf)
    assert set(ontology().items(members)) == {SM.Organization, SM.Person}


@pytest.mark.parametrize(
    ("prop", "inverse", "wikidata"),
    [
        ("starsIn", "castMember", "P161"),
        ("directs", "director", "P57"),
        ("founded", "foundedBy", "P112"),
        ("flewOn", "crewMember", "P1029"),
        ("builds", "manufacturer", "P176"),
        ("operates", "operator", "P137"),
    ],
)
def test_ontology_inverse_wikidata_mapping_sits_on_inverse(
    prop: str, inverse: str, wikidata: str
) -> None:
    assert (property_iri(inverse), OWL.inverseOf, property_iri(prop)) in ontology()
    assert (property_iri(inverse), SKOS.closeMatch, WD[wikidata]) in ontology()
    assert (property_iri(prop), SKOS.closeMatch, WD[wikidata]) not in ontology()


@pytest.mark.parametrize(
    ("prop", "wikidata"),
    [("worksFor", "P108"), ("launchedFrom", "P448"), ("destination", "P1444")],
)
def test_ontology_direct_wikidata_mapping(prop: str, wikidata: str) -> None:
    assert (property_iri(prop), SKOS.closeMatch, WD[wikidata]) in ontology()


def test_ontology_mentions_aligns_with_schema() -> None:
    assert (SM.mentions, RDFS.subPropertyOf, SCHEMA.mentions) in ontology()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Soyuz MS-19", "soyuz-ms-19"),
        ("Jan Wörner", "jan-worner"),
        ("Disney+", "disney-plus"),
        ("Apple TV+", "apple-tv-plus"),
    ],
)
def test_ontology_terms_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_ontology_terms_plus_names_keep_their_own_iri() -> None:
    assert entity_iri("Disney+", "Company") != entity_iri("Disney", "Company")
