"""The SPARQL 1.1 service description of the endpoint (sd: vocabulary), answered without a query."""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, URIRef

from kg.formats import RDF_FORMATS, RESULT_FORMATS
from kg.terms import SD

# rdflib's serializer names for our RDF format names.
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
# W3C format IRIs (https://www.w3.org/ns/formats/).
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def service_description(endpoint: str, *, has_update: bool) -> Graph:
    """Return the description of the SPARQL service at `endpoint`."""
    graph = Graph()
    graph.bind("sd", SD)
    service = URIRef(endpoint + "#service")
    dataset = BNode()
    default_graph = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if has_update:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in (*RESULT_FORMATS, *RDF_FORMATS):
        graph.add(
            (service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/" + _FORMAT_IRIS[fmt]))
        )
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    return graph
