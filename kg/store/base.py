"""The small interface every store backend implements (embedded Oxigraph, remote SPARQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Protocol

from rdflib.term import Node, URIRef

Quad = tuple[Node, Node, Node, URIRef]


class Store(Protocol):
    """An RDF dataset with one named graph per article, queried with SPARQL 1.1."""

    location: str

    def quad_count(self) -> int:
        """Return the number of quads in the whole dataset."""
        ...

    def graph_value(self, graph: str, predicate: str) -> str | None:
        """Return one object value of `predicate` on the graph's own IRI inside `graph`, or None."""
        ...

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> None:
        """Replace the named graph `graph` by `quads` in one transaction (all or nothing)."""
        ...

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; rows map variable names to lexical values."""
        ...

    def query(self, sparql: str, fmt: str | None = None) -> tuple[bytes, str]:
        """Run any query over the union of graphs; return (serialized result, format name used).

        Raises QuerySyntaxError on a bad query, UnknownFormatError for a format the query type
        cannot be written in.
        """
        ...

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Write the whole dataset (or, for triple formats, the union graph) in format `fmt`."""
        ...

    def close(self) -> None:
        """Release the store (and its lock on disk)."""
        ...
