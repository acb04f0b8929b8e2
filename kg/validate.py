"""SHACL validation of the knowledge graph against the project's shapes and ontology."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import RDF, Dataset, Graph
from rdflib.namespace import SH

from kg.terms import ONTOLOGY_PATH, SHAPES_PATH


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL validation: whether the data conforms, and the report in text."""

    conforms: bool
    text: str
    violations: int


def validate(data: Graph | Dataset) -> ValidationReport:
    """Validate the union of all graphs of `data` against shapes.ttl, with the ontology's axioms.

    Raises OSError if the ontology or shapes file cannot be read.
    """
    conforms, results, text = shacl_validate(
        _union(data) if isinstance(data, Dataset) else data,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        allow_warnings=True,
    )
    violations = sum(
        1
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if (result, SH.resultSeverity, SH.Violation) in results
    )
    return ValidationReport(conforms=bool(conforms), text=str(text), violations=violations)


def _union(data: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@cache
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")
