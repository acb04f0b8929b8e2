"""The query worker process: answers SPARQL queries over a read-only store snapshot, in chunks.

It runs in a child process so that a runaway query (pyoxigraph has no timeout or cancel) can be ended
by killing the process. Messages on the pipe are tuples:

- request: ``("query", snapshot, QueryRequest)`` or ``("select", snapshot, sparql)``
- answer: ``("whole", fmt, body, is_truncated)`` for a result that fits one chunk, else
  ``("head", fmt)``, then ``("chunk", bytes)``..., then ``("end", is_truncated)``;
  ``("rows", rows)`` for a select; ``("error", kind, detail)`` where kind is
  forbidden | syntax | format | store.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, cast

import pyoxigraph as ox

from kg.store.formats import RDF, RESULTS
from kg.store.guard import forbidden_operation
from kg.store.results import write_solutions

CHUNK_BYTES = 64 * 1024

_QUAD_FORMATS = frozenset({"nquads", "trig"})


@dataclass(frozen=True)
class QueryRequest:
    """One query and how to answer it.

    `result_fmt` is the format for SELECT/ASK results and `rdf_fmt` for CONSTRUCT/DESCRIBE; None means
    the client accepts none of that kind. `default_graph` None means the union of all graphs.
    `base_iri` resolves relative IRIs in the query.
    """

    sparql: str
    result_fmt: str | None
    rdf_fmt: str | None
    max_rows: int
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


Send = Callable[[tuple[object, ...]], None]


class _Chunks:
    """A binary writer that holds output until a chunk is full, then sends it down the pipe."""

    def __init__(self, send: Send, fmt: str) -> None:
        self._send = send
        self._fmt = fmt
        self._parts: list[bytes] = []
        self._size = 0
        self.is_streaming = False

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._size += len(data)
        if self._size >= CHUNK_BYTES:
            if not self.is_streaming:
                self._send(("head", self._fmt))
                self.is_streaming = True
            self._send(("chunk", b"".join(self._parts)))
            self._parts, self._size = [], 0
        return len(data)

    def flush(self) -> None:
        """Keep buffering: a chunk leaves when full or at `finish`."""

    def finish(self, is_truncated: bool) -> None:
        body = b"".join(self._parts)
        if not self.is_streaming:
            self._send(("whole", self._fmt, body, is_truncated))
            return
        if body:
            self._send(("chunk", body))
        self._send(("end", is_truncated))


def answer(store: ox.Store, request: QueryRequest, send: Send) -> None:
    """Run `request` on `store` and send its answer (see the module docstring).

    LOAD and SERVICE are refused here, not in the server: the check reads the whole text, which
    for a large query would hold up the server's event loop.
    """
    operation = forbidden_operation(request.sparql)
    if operation is not None:
        send(("error", "forbidden", operation))
        return
    kwargs: dict[str, object] = {"base_iri": request.base_iri}
    try:
        if request.default_graph is None:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graph]
        if request.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
        result = store.query(request.sparql, **kwargs)  # type: ignore[arg-type]
    except SyntaxError as exc:
        send(("error", "syntax", str(exc)))
        return
    except (OSError, ValueError) as exc:
        send(("error", "store", str(exc)))
        return
    is_graph = isinstance(result, ox.QueryTriples)
    fmt = request.rdf_fmt if is_graph else request.result_fmt
    if fmt is None:
        send(("error", "format", "graph" if is_graph else "results"))
        return
    chunks = _Chunks(send, fmt)
    output = cast(IO[bytes], chunks)  # a write-only binary sink is all the serializers use
    try:
        if isinstance(result, ox.QueryTriples):
            is_truncated = _write_triples(output, fmt, result, request.max_rows)
        elif isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = (tuple(solution) for solution in result)
            _, is_truncated = write_solutions(output, fmt, variables, rows, request.max_rows)
        else:
            result.serialize(output, RESULTS[fmt])
            is_truncated = False
    except (OSError, ValueError) as exc:
        # Mid-stream the parent aborts the response it started; before, it answers with a problem.
        send(("error", "store", str(exc)))
        return
    chunks.finish(is_truncated)


def _write_triples(output: IO[bytes], fmt: str, triples: ox.QueryTriples, max_rows: int) -> bool:
    counted = _Counted(triples, max_rows)
    items: Iterator[ox.Triple] | Iterator[ox.Quad] = iter(counted)
    if fmt in _QUAD_FORMATS:
        items = (ox.Quad(t.subject, t.predicate, t.object) for t in counted)
    ox.serialize(items, output, RDF[fmt])
    return counted.is_truncated


class _Counted:
    """An iterator that stops after `limit` items and remembers whether more were left."""

    def __init__(self, items: ox.QueryTriples, limit: int) -> None:
        self._items = items
        self._limit = limit
        self.is_truncated = False

    def __iter__(self) -> Iterator[ox.Triple]:
        yield from itertools.islice(self._items, self._limit)
        self.is_truncated = next(self._items, None) is not None


def rows(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    """Run a SELECT over the union of graphs; rows map variable names to lexical values."""
    result = store.query(sparql, use_default_graph_as_union=True)
    if not isinstance(result, ox.QuerySolutions):
        raise SyntaxError("expected a SELECT query")
    names = [v.value for v in result.variables]
    return [
        {name: _lexical(solution[name]) for name in names if solution[name] is not None}
        for solution in result
    ]


def _lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


def serve(conn: Connection) -> None:
    """Answer requests from `conn` until the parent closes it."""
    store: ox.Store | None = None
    opened: str | None = None
    while True:
        try:
            kind, snapshot, payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if snapshot != opened:
                store = ox.Store.read_only(snapshot)
                opened = snapshot
        except OSError as exc:
            conn.send(("error", "store", str(exc)))
            continue
        assert store is not None
        if kind == "query":
            answer(store, payload, conn.send)
            continue
        try:
            conn.send(("rows", rows(store, payload)))
        except SyntaxError as exc:
            conn.send(("error", "syntax", str(exc)))
        except (OSError, ValueError) as exc:
            conn.send(("error", "store", str(exc)))
