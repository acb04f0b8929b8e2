"""Embedded, persistent store: pyoxigraph (RocksDB) on a local directory."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.term import Literal, Node, URIRef

from kg.errors import QuerySyntaxError, StoreUnavailableError
from kg.formats import DATASET_FORMATS, RDF_FORMATS, RESULT_FORMATS, check_format
from kg.store.base import Quad
from kg.store.formats import RDF, RESULTS

# RocksDB keeps written data in memory until a flush: flushing after this many quads holds a writer's
# growth at ~150 MB where it grew ~650 MB per million quads written (bench/store_memory.py).
FLUSH_QUADS = 100_000
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


class OxigraphStore:
    """A pyoxigraph store on disk; only one process may hold it open."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open (or, with `create`, create) the store; raise StoreUnavailableError on failure."""
        self.location = str(path)
        if not create and not (path / "CURRENT").is_file():
            raise StoreUnavailableError(self.location, "no store there; run `kg ingest` first")
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreUnavailableError(self.location, _reason(exc)) from exc
        self._unflushed = 0
        # Counting scans the whole store (38 ms at 100k quads); this process is its only writer, so
        # the count holds until it writes.
        self._quads: int | None = None

    def quad_count(self) -> int:
        """Return the number of quads in the whole dataset."""
        if self._quads is None:
            self._quads = len(self._store)
        return self._quads

    def graph_value(self, graph: str, predicate: str) -> str | None:
        """Return one object value of `predicate` on the graph's own IRI inside `graph`, or None."""
        node = ox.NamedNode(graph)
        for quad in self._store.quads_for_pattern(node, ox.NamedNode(predicate), None, node):
            return _lexical(quad.object)
        return None

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> None:
        """Replace the named graph `graph` by `quads` in one transaction (all or nothing)."""
        node = ox.NamedNode(graph)
        self._quads = None
        try:
            if self._store.contains_named_graph(node):
                body = "\n".join(
                    f"{_ox_term(s)} {_ox_term(p)} {_ox_term(o)} ." for s, p, o, _ in quads
                )
                self._store.update(
                    f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"
                )
            else:  # a new graph: no update text to write and parse (twice as fast as above)
                self._store.extend(
                    [ox.Quad(_iri(s), _iri(p), _ox_term(o), node) for s, p, o, _ in quads]
                )
            self._unflushed += len(quads)
            if self._unflushed >= FLUSH_QUADS:
                self._store.flush()
                self._unflushed = 0
        except OSError as exc:
            raise StoreUnavailableError(self.location, _reason(exc)) from exc

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; rows map variable names to lexical values."""
        solutions = self._run(sparql)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        return [
            {name: _lexical(row[name]) for name in names if row[name] is not None}
            for row in solutions
        ]

    def query(self, sparql: str, fmt: str | None = None) -> tuple[bytes, str]:
        """Run any query over the union of graphs; return (serialized result, format name used)."""
        result = self._run(sparql)
        if isinstance(result, ox.QueryTriples):
            fmt = check_format(fmt or "turtle", RDF_FORMATS)
            return result.serialize(format=RDF[fmt]) or b"", fmt
        fmt = check_format(fmt or "json", RESULT_FORMATS)
        return result.serialize(format=RESULTS[fmt]) or b"", fmt

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update in one transaction, relative IRIs resolved against `base_iri`.

        Raises QuerySyntaxError if it does not parse, StoreUnavailableError if the store fails.
        """
        self._quads = None
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreUnavailableError(self.location, _reason(exc)) from exc

    def remove_graph(self, graph: str) -> bool:
        """Remove the named graph `graph` and its quads; return whether it existed."""
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._quads = None
        try:
            self._store.remove_graph(node)
        except OSError as exc:
            raise StoreUnavailableError(self.location, _reason(exc)) from exc
        return True

    def backup(self, target: Path) -> None:
        """Write a consistent snapshot of the store into the new directory `target`.

        On the same file system it hard-links the immutable files, so it is cheap. Raises
        StoreUnavailableError if `target` exists or cannot be written.
        """
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreUnavailableError(str(target), str(exc)) from exc

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Write the whole dataset (or, for triple formats, the union graph) in format `fmt`."""
        check_format(fmt, RDF_FORMATS)
        if fmt in DATASET_FORMATS:
            self._store.dump(output, RDF[fmt])
            return
        triples = self._store.query(_UNION)
        assert isinstance(triples, ox.QueryTriples)
        triples.serialize(output, RDF[fmt])

    def close(self) -> None:
        """Flush and release the store and its lock."""
        self._store.flush()
        del self._store

    def _run(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc


@lru_cache(maxsize=65_536)  # an article repeats its entities' and the ontology's IRIs
def _iri(node: Node) -> ox.NamedNode:
    if not isinstance(node, URIRef):
        raise TypeError(f"a subject or predicate must be an IRI: {node!r}")
    return ox.NamedNode(str(node))


def _ox_term(node: Node) -> ox.NamedNode | ox.Literal:
    # Built from the parts (str() gives canonical N-Triples): rdflib's n3() abbreviates typed literals ("378" instead of
    # "378"^^xsd:nonNegativeInteger), which would change their datatype.
    if isinstance(node, URIRef):
        return _iri(node)
    if isinstance(node, Literal):
        datatype = (
            None if node.language or node.datatype is None else ox.NamedNode(str(node.datatype))
        )
        return ox.Literal(str(node), language=node.language, datatype=datatype)
    raise TypeError(f"blank nodes and variables cannot be stored: {node!r}")


def _lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    # Quoted triples (RDF 1.2) have no lexical value; their N-Triples form stands in.
    return str(term) if isinstance(term, ox.Triple) else term.value


def _reason(exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return "it is in use by another process (is `kg serve` running?)"
    return text
