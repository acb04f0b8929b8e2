"""The HTTP API served by a real uvicorn process on 127.0.0.1, queried with a real HTTP client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.integration

PERSONS = (
    "PREFIX sm: <https://w3id.org/space-media-kg/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT DISTINCT ?name WHERE { ?p a sm:Person ; rdfs:label ?name } ORDER BY ?name"
)


@pytest.fixture(scope="module")
def server(loaded_store: Path) -> Iterator[Server]:
    """A `kg serve` process over the loaded store."""
    running = start_server(loaded_store)
    yield running
    stop_server(running)


def test_api_health_reports_store_size(server: Server) -> None:
    response = httpx.get(server.url + "/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["quads"] > 100


def test_api_sparql_get_returns_json_results(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": PERSONS})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    names = [b["name"]["value"] for b in response.json()["results"]["bindings"]]
    assert len(names) >= 2
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_api_sparql_negotiates_result_format(server: Server, accept: str, media: str) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": PERSONS}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_api_sparql_construct_defaults_to_turtle(server: Server) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 5"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")


def test_api_sparql_syntax_error_is_problem_json_400(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT ?x WHERE {"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400 and "detail" in body


def test_api_sparql_post_without_body_type_is_problem_json_415(server: Server) -> None:
    response = httpx.post(server.url + "/sparql", content=b"SELECT * {}")
    assert response.status_code == 415
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_unknown_path_is_problem_json_404(server: Server) -> None:
    response = httpx.get(server.url + "/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_openapi_lists_routes(server: Server) -> None:
    paths = httpx.get(server.url + "/openapi.json").json()["paths"]
    assert {"/health", "/sparql"} <= set(paths)
