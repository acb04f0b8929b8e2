"""Robustness against a live server: schemathesis finds no 5xx in our OpenAPI schema, and a bounded
load of concurrent queries and ingests loses no article and returns no 5xx."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import RunKg, Server, start_server, stop_server

pytestmark = pytest.mark.integration

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, repo_root: Path, kg: RunKg
) -> Iterator[Server]:
    """A `kg serve` over a store holding two corpus articles, with a 3 s query limit."""
    store = tmp_path_factory.mktemp("robust") / "store"
    articles = sorted((repo_root / "corpus/dev").glob("*.md"))[:2]
    assert kg("ingest", *articles, "--store", store).returncode == 0
    running = start_server(store, env={"KG_QUERY_TIMEOUT": "3", "KG_UPDATE_TOKEN": "robust"})
    yield running
    stop_server(running)


def test_api_schemathesis_finds_no_server_error(server: Server, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            server.url + "/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "8",
            "--phases",
            "examples,fuzzing",
            "--generation-deterministic",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=tmp_path,
    )
    assert "Server error" not in result.stdout, result.stdout[-4000:] + server.stderr()[-4000:]
    assert result.returncode == 0, result.stdout[-4000:]


QUERIES = [
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 20",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s a ?t } LIMIT 20",
    "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s a ?t } GROUP BY ?t",
]


def test_api_load_concurrent_queries_and_ingests_lose_nothing(server: Server) -> None:
    statuses: list[int] = []
    added: list[str] = []
    lock = threading.Lock()

    def query_loop(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=server.url, timeout=60) as http:
            for _ in range(40):
                path = rng.choice(["/sparql", "/entities", "/stats", "/health"])
                if path == "/sparql":
                    response = http.get(path, params={"query": rng.choice(QUERIES)})
                elif path == "/entities":
                    response = http.get(
                        path, params={"q": rng.choice(["NASA", "Peresild", "Soyuz"])}
                    )
                else:
                    response = http.get(path)
                with lock:
                    statuses.append(response.status_code)

    def ingest_loop(worker: int) -> None:
        with httpx.Client(base_url=server.url, timeout=120) as http:
            for i in range(4):
                body = {
                    "title": f"Load test article {worker}-{i}",
                    "text": f"Astronaut Test Person{worker}x{i} flew on Soyuz MS-{20 + i} for NASA.",
                }
                response = http.post("/articles", json=body)
                with lock:
                    statuses.append(response.status_code)
                    if response.status_code == 201:
                        added.append(response.json()["id"])

    threads = [threading.Thread(target=query_loop, args=(n,)) for n in range(4)]
    threads += [threading.Thread(target=ingest_loop, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    assert len(added) == 8
    stored = {a["id"] for a in httpx.get(server.url + "/articles", params={"limit": 1000}).json()}
    assert set(added) <= stored
