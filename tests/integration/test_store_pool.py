"""The query pool's event-loop entry (`QueryPool.answer`): the same answers as `stream`, LOAD and
SERVICE refused by the worker, and a caller cancelled while it waits leaves every worker usable."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from kg.errors import ForbiddenOperationError, QueryTimeout
from kg.store import OxigraphStore
from kg.store.pool import QueryPool

pytestmark = pytest.mark.integration

SELECT = "SELECT ?o WHERE { <http://example.org/s> ?p ?o } ORDER BY ?o"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
TIMEOUT = 2.0
T = TypeVar("T")


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` in a thread of its own: the browser tests' Playwright holds this thread's loop."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coro).result()


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[QueryPool]:
    """A one-worker pool with a 2 s time limit over 40 triples."""
    store = OxigraphStore(tmp_path / "store")
    triples = " ".join(f"<http://example.org/s> <http://example.org/p> {i} ." for i in range(40))
    store.update(f"INSERT DATA {{ {triples} }}")
    queries = QueryPool(store, tmp_path / "snapshots", workers=1, timeout=TIMEOUT)
    yield queries
    queries.close()
    store.close()


def test_store_pool_answer_matches_stream(pool: QueryPool) -> None:
    streamed = pool.stream(SELECT, result_fmt="json", rdf_fmt=None)
    answered = _run(pool.answer(SELECT, result_fmt="json", rdf_fmt=None))
    assert answered.body is not None and answered.body == streamed.body
    assert answered.fmt == "json" and not answered.is_truncated


def test_store_pool_worker_refuses_service(pool: QueryPool) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(ForbiddenOperationError, match="SERVICE"):
        _run(pool.answer(query, result_fmt="json", rdf_fmt=None))


def test_store_pool_answer_times_out_and_replaces_the_worker(pool: QueryPool) -> None:
    with pytest.raises(QueryTimeout):
        _run(pool.answer(RUNAWAY, result_fmt="json", rdf_fmt=None))
    assert pool.stream("ASK { ?s ?p ?o }", result_fmt="json", rdf_fmt=None).body is not None


def test_store_pool_cancelled_answer_replaces_the_busy_worker(pool: QueryPool) -> None:
    async def cancelled() -> None:
        await asyncio.wait_for(pool.answer(RUNAWAY, result_fmt="json", rdf_fmt=None), 0.3)

    with pytest.raises(TimeoutError):
        _run(cancelled())
    # The killed worker's replacement answers well before the runaway query would have ended.
    assert pool.stream("ASK { ?s ?p ?o }", result_fmt="json", rdf_fmt=None).body is not None


def test_store_pool_cancelled_wait_gives_the_worker_back(pool: QueryPool) -> None:
    # The only worker runs a runaway query; a second caller waits for it and is cancelled.
    def run_away() -> None:
        with pytest.raises(QueryTimeout):
            pool.stream(RUNAWAY, result_fmt="json", rdf_fmt=None)

    runaway = threading.Thread(target=run_away)
    runaway.start()

    async def cancelled() -> None:
        await asyncio.sleep(0.2)
        await asyncio.wait_for(pool.answer(SELECT, result_fmt="json", rdf_fmt=None), 0.3)

    with pytest.raises(TimeoutError):
        _run(cancelled())
    runaway.join(TIMEOUT + 5)
    # The waiting thread got the replacement worker after the cancel and put it back.
    assert pool.stream(SELECT, result_fmt="json", rdf_fmt=None).body is not None
