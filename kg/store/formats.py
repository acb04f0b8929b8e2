"""pyoxigraph's serializer enums for the format names of `kg.formats`, and writing quads in them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from kg.formats import DATASET_FORMATS, RDF_FORMATS, check_format
from kg.terms import NIF, PROV, SCHEMA, SM, WD

RDF = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

PREFIXES = {
    "sm": str(SM),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "nif": str(NIF),
    "wd": str(WD),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def write_quads(quads: Iterable[ox.Quad], output: IO[bytes], fmt: str) -> None:
    """Write `quads` in the RDF format `fmt`: dataset formats keep the graphs, triple formats get
    their union (each triple once). Raises UnknownFormatError."""
    check_format(fmt, RDF_FORMATS)
    if fmt in DATASET_FORMATS:
        ox.serialize(quads, output, RDF[fmt], prefixes=PREFIXES)
        return
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    ox.serialize(sorted(triples, key=str), output, RDF[fmt], prefixes=PREFIXES)
