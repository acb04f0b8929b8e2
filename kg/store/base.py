"""The small interface every store backend implements (embedded Oxigraph, remote SPARQL)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

from rdflib.term import Node, URIRef

Quad = tuple[Node, Node, Node, URIRef]


class Readable(Protocol):
    """Anything that answers SELECT queries over the union of graphs (a store, a query pool)."""

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; rows map variable names to lexical values."""
        ...


class Store(Readable, Protocol):
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

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update in one transaction, relative IRIs resolved against `base_iri`;
        raise QuerySyntaxError if it does not parse."""
        ...

    def remove_graph(self, graph: str) -> bool:
        """Remove the named graph `graph` and its quads; return whether it existed."""
        ...

    def query(self, sparql: str, fmt: str | None = None) -> tuple[bytes, str]:
        """Run any query over the union of graphs; return (serialized result, format name used).

        Raises QuerySyntaxError on a bad query, UnknownFormatError for a format the query type
        cannot be written in.
        """
        ...

    def backup(self, target: Path) -> None:
        """Write a consistent snapshot of the dataset into the new directory `target`.

        Raises StoreUnavailableError if `target` exists, cannot be written, or the backend cannot.
        """
        ...

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Write the whole dataset (or, for triple formats, the union graph) in format `fmt`."""
        ...

    def close(self) -> None:
        """Release the store (and its lock on disk)."""
        ...
