"""Conversion of an Extraction into RDF quads: one named graph per article, facts with PROV-O provenance."""

from __future__ import annotations

import re
from functools import cache

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal
from rdflib.term import Node, URIRef

from kg.model import CLASSES, MODALITIES, PROPERTIES, Entity, Extraction
from kg.terms import (
    NIF,
    ONTOLOGY_PATH,
    PROV,
    SCHEMA,
    SM,
    WD,
    article_iri,
    class_iri,
    entity_iri,
    fact_iri,
    property_iri,
)

Quad = tuple[Node, Node, Node, URIRef]
Triple = tuple[Node, Node, Node]


def to_quads(extraction: Extraction) -> list[Quad]:
    """Return the quads of one article, all in the graph named by the article's IRI.

    The result is deterministic and free of blank nodes, so re-ingesting an article is idempotent.
    Raises ValueError for an entity class or fact predicate the ontology lacks, KeyError for a fact
    naming an entity key (subject, object or reported_by) the extraction does not hold.
    """
    article = extraction.article
    graph = article_iri(article.id)
    iris = {ent.key: _entity_iri(ent) for ent in extraction.entities}
    triples: list[Triple] = [
        (graph, RDF.type, SM.Article),
        (graph, RDF.type, SCHEMA.NewsArticle),
        (graph, SCHEMA.headline, Literal(article.title)),
        (graph, SM.contentHash, Literal(extraction.text_hash)),
        (graph, SM.extractor, Literal(extraction.extractor)),
    ]
    if article.url:
        triples.append((graph, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        triples.append((graph, SCHEMA.datePublished, Literal(article.published)))
    for ent in extraction.entities:
        iri = iris[ent.key]
        triples += [(graph, SM.mentions, iri), (graph, SCHEMA.mentions, iri)]
        triples += _entity_triples(iri, ent)
    for fact in extraction.facts:
        if fact.predicate not in PROPERTIES and fact.predicate not in ontology_properties():
            raise ValueError(f"unknown fact predicate {fact.predicate!r}")
        subject, predicate, obj = (
            iris[fact.subject],
            property_iri(fact.predicate),
            iris[fact.object],
        )
        node = fact_iri(article.id, subject, fact.predicate, obj, fact.start)
        if fact.modality not in MODALITIES:
            raise ValueError(f"unknown fact modality {fact.modality!r}")
        if not fact.is_planned:
            # A plan ("is to fly") is no fact yet: only its provenance node records it.
            triples.append((subject, predicate, obj))
        # Offsets are xsd:integer: Oxigraph stores derived integer types as xsd:integer anyway.
        triples += [
            (node, RDF.type, SM.Fact),
            (node, RDF.type, RDF.Statement),
            (node, RDF.type, PROV.Entity),
            (node, RDF.subject, subject),
            (node, RDF.predicate, predicate),
            (node, RDF.object, obj),
            (node, PROV.wasDerivedFrom, graph),
            (node, SM.evidence, Literal(fact.sentence)),
            (node, NIF.beginIndex, Literal(fact.start, datatype=XSD.integer)),
            (node, NIF.endIndex, Literal(fact.end, datatype=XSD.integer)),
            (node, SM.confidence, Literal(float(fact.confidence))),
            (node, SM.extractor, Literal(extraction.extractor)),
            (node, SM.modality, Literal(fact.modality)),
        ]
        if fact.is_ended:
            triples.append((node, SM.ended, Literal(True)))
        if fact.began:
            triples.append((node, SM.startDate, date_literal(fact.began)))
        if fact.ended_on:
            triples.append((node, SM.endDate, date_literal(fact.ended_on)))
        if fact.reported_by is not None:
            source = iris[fact.reported_by]
            triples += [(node, SM.reportedBy, source), (node, PROV.wasAttributedTo, source)]
    # dict.fromkeys drops repeats (an entity named twice, a fact stated twice) but keeps the order.
    return [(s, p, o, graph) for s, p, o in dict.fromkeys(triples)]


@cache
def ontology_properties() -> frozenset[str]:
    """Local names of the object properties ontologies/space-media.ttl declares (read once), so a
    relation type added there and in ontologies/relations.json needs no code change."""
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    return frozenset(
        str(p).removeprefix(str(SM))
        for p in graph.subjects(RDF.type, OWL.ObjectProperty)
        if str(p).startswith(str(SM))
    )


def date_literal(value: str) -> Literal:
    """Return an ISO date string as a typed literal: xsd:date, xsd:gYearMonth or xsd:gYear.

    Raises ValueError for anything else.
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    raise ValueError(f"not an ISO date, year-month or year: {value!r}")


def _entity_iri(ent: Entity) -> URIRef:
    if ent.cls not in CLASSES:
        raise ValueError(f"unknown entity class {ent.cls!r} for {ent.label!r}")
    return entity_iri(ent.label, ent.cls)


def _entity_triples(iri: URIRef, ent: Entity) -> list[Triple]:
    triples: list[Triple] = [
        (iri, RDF.type, class_iri(ent.cls)),
        (iri, RDFS.label, Literal(ent.label)),
    ]
    triples += [(iri, SKOS.altLabel, Literal(a)) for a in ent.aliases if a != ent.label]
    if ent.wikidata:
        qid = ent.wikidata.rsplit("/", 1)[-1]
        triples.append((iri, OWL.sameAs, WD[qid]))
    return triples
