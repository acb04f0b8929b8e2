"""Serialization formats the library writes, by short name, with their media types."""

from __future__ import annotations

from kg.errors import UnknownFormatError

# SELECT / ASK result formats.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

# RDF graph and dataset formats; datasets keep one named graph per article.
RDF_FORMATS: dict[str, str] = {
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

DATASET_FORMATS = frozenset({"nquads", "trig", "jsonld"})


def check_format(fmt: str, known: dict[str, str] | frozenset[str] | tuple[str, ...]) -> str:
    """Return `fmt` if it is one of `known`; raise UnknownFormatError otherwise."""
    if fmt not in known:
        raise UnknownFormatError(fmt, sorted(known))
    return fmt


# Property-graph formats (kg.export): entities as nodes, facts as edges; `csv` is a zip archive.
GRAPH_FORMATS: dict[str, str] = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cytoscape": "application/json",
    "nodelink": "application/json",
    "dot": "text/vnd.graphviz",
    "csv": "application/zip",
}
