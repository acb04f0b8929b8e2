"""A pool of query worker processes over read-only snapshots of the writable store, with a time limit.

Only one process may open an Oxigraph store for writing, pyoxigraph queries cannot be cancelled, and
opening a store read-only while another process writes it is undefined behaviour. So the process that
writes publishes a RocksDB checkpoint (`Store.backup`: hard links, cheap) after every write, and each
worker opens the newest checkpoint read-only on its next request. A query that outlives its deadline
gets its worker killed and replaced; the caller gets `QueryTimeout`.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from kg.errors import (
    BadInputError,
    ForbiddenOperationError,
    QuerySyntaxError,
    QueryTimeout,
    StoreUnavailableError,
    UnknownFormatError,
)
from kg.formats import RDF_FORMATS, RESULT_FORMATS
from kg.store import worker as worker_module
from kg.store.base import Store
from kg.store.guard import check_operations
from kg.store.worker import QueryRequest

if TYPE_CHECKING:
    from kg.store.sparql import SparqlStore

log = logging.getLogger(__name__)

# Pipe messages are tuples whose first item names the kind (see kg.store.worker).
Message = tuple[Any, ...]

# Forked from a small server process that has imported only the worker module: fast respawns, and no
# fork of a multi-threaded web server.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["kg.store.worker"])


@dataclass
class Answer:
    """A query's answer: its format and either the whole body or an iterator of chunks."""

    fmt: str
    body: bytes | None
    chunks: Iterator[bytes] | None
    is_truncated: bool = False


class Queries(Protocol):
    """What the API sends its queries to: a `QueryPool`, or `DirectQueries` for a remote store."""

    def stream(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """Run a query; return its answer in `result_fmt` (SELECT/ASK) or `rdf_fmt` (graphs)."""
        ...

    async def answer(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """`stream` for a caller on an event loop, which it never blocks on the query."""
        ...

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; rows map variable names to lexical values."""
        ...

    def refresh(self) -> float:
        """Make the last write visible to the next queries; return the seconds it took."""
        ...

    def close(self) -> None:
        """Release what the queries hold."""
        ...


class DirectQueries:
    """Queries sent straight to a remote store's server: no workers and no snapshots to refresh.

    The time limit is each request's HTTP timeout (the server may still finish the query); the row
    limit is the server's own (Virtuoso's ResultSetMaxRows, for one).
    """

    def __init__(self, store: SparqlStore, *, timeout: float = 10.0) -> None:
        """Send the queries to `store`, each stopped after `timeout` seconds."""
        self.timeout = timeout
        self._store = store

    def stream(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """Run a query; raise BadInputError, ForbiddenOperationError, QuerySyntaxError,
        UnknownFormatError, QueryTimeout or StoreUnavailableError as `QueryPool.stream` does."""
        check_operations(sparql)
        for graph in (*(default_graph or ()), *(named_graphs or ())):
            _check_iri(graph)
        if result_fmt is None and rdf_fmt is None:
            raise UnknownFormatError("(from Accept)", list(RESULT_FORMATS.values()))
        body, fmt = self._store.answer(
            sparql,
            result_fmt=result_fmt,
            rdf_fmt=rdf_fmt,
            default_graph=default_graph,
            named_graphs=named_graphs,
            base_iri=base_iri,
            timeout=self.timeout,
        )
        return Answer(fmt, body, None)

    async def answer(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """`stream` in a thread: the request to the server blocks."""
        return await asyncio.to_thread(
            self.stream,
            sparql,
            result_fmt=result_fmt,
            rdf_fmt=rdf_fmt,
            default_graph=default_graph,
            named_graphs=named_graphs,
            base_iri=base_iri,
        )

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; raise QueryTimeout past the time limit."""
        return self._store.select(sparql, timeout=self.timeout)

    def refresh(self) -> float:
        """Nothing to do: the server shows every write to the next query."""
        return 0.0

    def close(self) -> None:
        """Nothing to release: the store owns the connections."""


class _Worker:
    def __init__(self) -> None:
        parent, child = _CONTEXT.Pipe()
        self.process: BaseProcess = _CONTEXT.Process(
            target=worker_module.serve, args=(child,), daemon=True, name="kg-query-worker"
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.snapshot: str | None = None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes answering queries over the newest snapshot of `store`.

    `snapshots` is a directory on the same file system as the store (for hard links); the pool owns it
    and removes it on `close`. Thread-safe: every method may be called from any thread.
    """

    def __init__(
        self,
        store: Store,
        snapshots: Path,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_rows: int = 100_000,
    ) -> None:
        """Start `workers` processes over a first snapshot of `store`.

        Raises StoreUnavailableError if the snapshot cannot be written.
        """
        self.timeout = timeout
        self.max_rows = max_rows
        self._store = store
        self._root = snapshots
        self._lock = threading.Lock()
        self._generation = 0
        self._snapshots: list[str] = []
        self._current = ""
        self._workers: set[_Worker] = set()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._closed = False
        shutil.rmtree(self._root, ignore_errors=True)
        self._root.mkdir(parents=True)
        self.refresh()
        for _ in range(max(1, workers)):
            self._add_worker()

    def refresh(self) -> float:
        """Publish a new snapshot of the store for the next queries; return the seconds it took.

        Call it after each write. Raises StoreUnavailableError if the snapshot cannot be written.
        """
        start = time.perf_counter()
        with self._lock:
            self._generation += 1
            target = self._root / f"g{self._generation:06d}"
            self._store.backup(target)
            self._snapshots.append(str(target))
            self._current = str(target)
            self._collect()
        return time.perf_counter() - start

    def stream(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """Run a query; return its answer once the worker has decided the format.

        Raises BadInputError for a graph that is not an IRI, ForbiddenOperationError (LOAD, SERVICE),
        QuerySyntaxError, UnknownFormatError (no acceptable format for the query's kind),
        QueryTimeout, StoreUnavailableError. The time limit covers the wait for a worker and for the
        first output; then each chunk must follow within the limit, else the chunk iterator raises
        QueryTimeout.
        """
        request = self._request(sparql, result_fmt, rdf_fmt, default_graph, named_graphs, base_iri)
        deadline = time.monotonic() + self.timeout
        worker = self._acquire(deadline)
        message = self._ask(worker, ("query", self._current, request), deadline)
        return self._to_answer(worker, message, deadline)

    async def answer(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """`stream` for a caller on an event loop: with a worker free, it waits for the answer on the
        loop, not in a thread (a thread hop cost 0.2-0.4 ms a query).

        Raises as `stream` does. A caller cancelled while the worker runs its query has the worker
        replaced.
        """
        request = self._request(sparql, result_fmt, rdf_fmt, default_graph, named_graphs, base_iri)
        deadline = time.monotonic() + self.timeout
        worker = self._idle_worker()
        if worker is None:
            # All busy: `stream` waits in a thread, and puts its worker back even if we are cancelled.
            return await asyncio.to_thread(
                self.stream,
                sparql,
                result_fmt=result_fmt,
                rdf_fmt=rdf_fmt,
                default_graph=default_graph,
                named_graphs=named_graphs,
                base_iri=base_iri,
            )
        self._send(worker, ("query", self._current, request))
        await self._readable(worker, deadline)
        return self._to_answer(worker, self._recv(worker, deadline), deadline)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; rows map variable names to lexical values.

        Raises QuerySyntaxError, QueryTimeout, StoreUnavailableError.
        """
        deadline = time.monotonic() + self.timeout
        worker = self._acquire(deadline)
        message = self._ask(worker, ("select", self._current, sparql), deadline)
        self._release(worker)
        if message[0] == "error":
            raise _error(message)
        rows: list[dict[str, str]] = message[1]
        return rows

    def close(self) -> None:
        """Stop the workers and remove the snapshots."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        shutil.rmtree(self._root, ignore_errors=True)

    def _request(
        self,
        sparql: str,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None,
        named_graphs: tuple[str, ...] | None,
        base_iri: str | None,
    ) -> QueryRequest:
        for graph in (*(default_graph or ()), *(named_graphs or ())):
            _check_iri(graph)
        return QueryRequest(
            sparql, result_fmt, rdf_fmt, self.max_rows, default_graph, named_graphs, base_iri
        )

    def _to_answer(self, worker: _Worker, message: Message, deadline: float) -> Answer:
        if message[0] == "whole":
            self._release(worker)
            return Answer(str(message[1]), bytes(message[2]), None, bool(message[3]))
        if message[0] == "error":
            self._release(worker)
            raise _error(message)
        return Answer(str(message[1]), None, self._chunks(worker, deadline))

    def _chunks(self, worker: _Worker, deadline: float) -> Iterator[bytes]:
        is_done = False
        try:
            while True:
                # Once output flows, the limit is on stalls: each chunk within `timeout` of the
                # last (a slow reader must not be cut off); the row limit bounds the total.
                message = self._recv(worker, max(deadline, time.monotonic() + self.timeout))
                if message[0] == "chunk":
                    yield bytes(message[1])
                elif message[0] == "end":
                    is_done = True
                    return
                else:
                    is_done = True
                    raise _error(message)
        finally:
            # A consumer that stopped early leaves the worker mid-answer: replace it.
            if is_done:
                self._release(worker)
            elif worker in self._workers:
                self._replace(worker)

    def _acquire(self, deadline: float) -> _Worker:
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryTimeout(self.timeout) from None
            if self._is_alive(worker):
                return worker

    def _idle_worker(self) -> _Worker | None:
        # A worker that is free now, without waiting; None if there is none.
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return None
            if self._is_alive(worker):
                return worker

    def _is_alive(self, worker: _Worker) -> bool:
        if worker.process.is_alive():
            return True
        self._replace(worker)
        return False

    def _ask(self, worker: _Worker, request: Message, deadline: float) -> Message:
        self._send(worker, request)
        return self._recv(worker, deadline)

    def _send(self, worker: _Worker, request: Message) -> None:
        try:
            worker.conn.send(request)
        except OSError as exc:
            self._replace(worker)
            raise StoreUnavailableError("query worker", str(exc)) from exc
        worker.snapshot = str(request[1])

    async def _readable(self, worker: _Worker, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, _settle, ready)
        is_ready = False
        try:
            await asyncio.wait_for(ready, max(0.0, deadline - time.monotonic()))
            is_ready = True
        except TimeoutError:
            raise QueryTimeout(self.timeout) from None
        finally:
            loop.remove_reader(fd)
            # uvloop's add_reader leaves the descriptor non-blocking; `recv` expects it blocking.
            os.set_blocking(fd, True)
            if not is_ready:
                # Timed out or cancelled: the worker is still on the query.
                self._replace(worker)

    def _recv(self, worker: _Worker, deadline: float) -> Message:
        try:
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise QueryTimeout(self.timeout)
            message: Message = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreUnavailableError("query worker", "the worker process died") from exc
        return message

    def _release(self, worker: _Worker) -> None:
        self._idle.put(worker)
        if worker.snapshot != self._current:
            with self._lock:
                self._collect()

    def _add_worker(self) -> None:
        worker = _Worker()
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        if not self._closed:
            # Start the replacement off the request's thread: the caller answers 503 at once.
            threading.Thread(target=self._add_worker, daemon=True).start()

    def _collect(self) -> None:
        # Called with the lock held: remove snapshots no worker has open and that are not current.
        pinned = {w.snapshot for w in self._workers} | {self._current}
        for path in [p for p in self._snapshots if p not in pinned]:
            shutil.rmtree(path, ignore_errors=True)
            self._snapshots.remove(path)


def _settle(ready: asyncio.Future[None]) -> None:
    # The reader fires on every loop turn until removed; the first one settles the future.
    if not ready.done():
        ready.set_result(None)


def _check_iri(value: str) -> None:
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise BadInputError(f"not a valid graph IRI: {value!r} ({exc})") from exc


def _error(message: Message) -> Exception:
    _, kind, detail = message
    if kind == "forbidden":
        return ForbiddenOperationError(str(detail))
    if kind == "syntax":
        return QuerySyntaxError(str(detail))
    if kind == "format":
        table = RDF_FORMATS if detail == "graph" else RESULT_FORMATS
        return UnknownFormatError("(from Accept)", list(table.values()))
    return StoreUnavailableError("query worker", str(detail))
