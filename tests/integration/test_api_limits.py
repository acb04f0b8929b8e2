"""Query limits over HTTP: a runaway query ends with 503 while the server keeps answering, results
stop at the row limit, large results stream."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.integration

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 2.0
MAX_ROWS = 50


@pytest.fixture(scope="module")
def server(loaded_store: Path) -> Iterator[Server]:
    """A `kg serve` with a 2 s query time limit and a 50-row limit."""
    running = start_server(
        loaded_store, env={"KG_QUERY_TIMEOUT": str(TIMEOUT), "KG_MAX_ROWS": str(MAX_ROWS)}
    )
    yield running
    stop_server(running)


def test_api_limits_runaway_query_is_503_and_server_keeps_answering(server: Server) -> None:
    outcome: dict[str, object] = {}

    def run() -> None:
        start = time.monotonic()
        response = httpx.get(server.url + "/sparql", params={"query": RUNAWAY}, timeout=30)
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - start
        outcome["type"] = response.json()["type"]

    runaway = threading.Thread(target=run)
    runaway.start()
    time.sleep(0.3)
    # Meanwhile: health and an ordinary query answer quickly (the other worker takes it).
    start = time.monotonic()
    assert httpx.get(server.url + "/health", timeout=5).status_code == 200
    quick = httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
    assert quick.status_code == 200 and time.monotonic() - start < 1.5
    runaway.join(30)
    assert outcome["status"] == 503
    assert str(outcome["type"]).endswith("query-timeout")
    assert TIMEOUT <= float(outcome["seconds"]) < TIMEOUT + 3  # type: ignore[arg-type]


def test_api_limits_worker_is_replaced_after_timeout(server: Server) -> None:
    assert (
        httpx.get(server.url + "/sparql", params={"query": RUNAWAY}, timeout=30).status_code == 503
    )
    time.sleep(1)
    for _ in range(4):
        response = httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert response.status_code == 200


def test_api_limits_rows_are_cut_at_max_rows(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["kg-results-truncated"] == "true"


def test_api_limits_graph_api_times_out_too(server: Server) -> None:
    # The graph routes read through the same pool; a fast one still answers within the limit.
    response = httpx.get(
        server.url + "/entities/person/yulia-peresild/neighborhood", params={"hops": 3}
    )
    assert response.status_code == 200


def test_api_limits_stats_run_under_the_time_limit(loaded_store: Path, tmp_path: Path) -> None:
    # Counting every fact of the corpus takes far longer than 5 ms: /stats answers 503, not a hang.
    # (A copy: the module's server holds the loaded store.)
    shutil.copytree(loaded_store, tmp_path / "store")
    impatient = start_server(tmp_path / "store", env={"KG_QUERY_TIMEOUT": "0.005"})
    try:
        response = httpx.get(impatient.url + "/stats", timeout=30)
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("query-timeout")
        assert httpx.get(impatient.url + "/health", timeout=5).status_code == 200
    finally:
        stop_server(impatient)
