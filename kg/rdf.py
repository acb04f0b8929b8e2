"""Conversion of an Extraction into RDF quads: one named graph per article, facts with PROV-O provenance."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal
from rdflib.term import Node, URIRef

from kg.model import CLASSES, PROPERTIES, Entity, Extraction
from kg.terms import (
    NIF,
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
        if fact.predicate not in PROPERTIES:
            raise ValueError(f"unknown fact predicate {fact.predicate!r}")
        subject, predicate, obj = (
            iris[fact.subject],
            property_iri(fact.predicate),
            iris[fact.object],
        )
        node = fact_iri(article.id, subject, fact.predicate, obj, fact.start)
        # Offsets are xsd:integer: Oxigraph stores derived integer types as xsd:integer anyway.
        triples += [
            (subject, predicate, obj),
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
        ]
        if fact.reported_by is not None:
            source = iris[fact.reported_by]
            triples += [(node, SM.reportedBy, source), (node, PROV.wasAttributedTo, source)]
    # dict.fromkeys drops repeats (an entity named twice, a fact stated twice) but keeps the order.
    return [(s, p, o, graph) for s, p, o in dict.fromkeys(triples)]


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
