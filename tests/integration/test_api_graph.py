"""Graph API over HTTP on the loaded corpus: search, entity pages, neighborhoods, paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(loaded_store: Path) -> Iterator[Server]:
    """A `kg serve` over the loaded corpus."""
    running = start_server(loaded_store)
    yield running
    stop_server(running)


def test_api_entities_search_tolerates_typos(server: Server) -> None:
    hits = httpx.get(server.url + "/entities", params={"q": "Yulia Peresil"}).json()
    assert hits[0]["id"] == "person/yulia-peresild"
    assert hits[0]["score"] > 85


def test_api_entities_search_finds_alias(server: Server) -> None:
    hits = httpx.get(server.url + "/entities", params={"q": "Peresild", "type": "Person"}).json()
    assert hits[0]["label"] == "Yulia Peresild"
    assert all("Person" in h["types"] for h in hits)


def test_api_entity_page_has_facts_with_articles_and_evidence(server: Server) -> None:
    response = httpx.get(server.url + "/entities/person/yulia-peresild")
    assert response.status_code == 200
    page = response.json()
    assert page["label"] == "Yulia Peresild" and "Person" in page["types"]
    assert page["articles"]
    fact = page["facts_out"][0]
    assert fact["evidence"][0]["sentence"] and fact["evidence"][0]["article"]


def test_api_entity_unknown_is_404_problem(server: Server) -> None:
    response = httpx.get(server.url + "/entities/person/nobody-at-all")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_neighborhood_grows_with_hops(server: Server) -> None:
    url = server.url + "/entities/person/yulia-peresild/neighborhood"
    one = httpx.get(url, params={"hops": 1}).json()
    two = httpx.get(url, params={"hops": 2}).json()
    assert one["nodes"][0]["id"] == "person/yulia-peresild"
    assert len(two["nodes"]) > len(one["nodes"]) >= 2
    ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in two["edges"])


def test_api_neighborhood_filters_predicates_and_direction(server: Server) -> None:
    response = httpx.get(
        server.url + "/entities/person/yulia-peresild/neighborhood",
        params={"hops": 2, "predicates": "flewOn", "direction": "both"},
    )
    edges = response.json()["edges"]
    assert edges and {e["predicate"] for e in edges} == {"flewOn"}


@pytest.mark.parametrize(
    "params", [{"hops": 4}, {"direction": "sideways"}, {"min_confidence": 2}, {"limit": 0}]
)
def test_api_neighborhood_bad_parameters_are_422(server: Server, params: dict[str, object]) -> None:
    response = httpx.get(
        server.url + "/entities/person/yulia-peresild/neighborhood",
        params=params,  # type: ignore[arg-type]
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_paths_connect_two_entities_with_evidence(server: Server) -> None:
    response = httpx.get(
        server.url + "/paths",
        params={"from": "person/yulia-peresild", "to": "Klim Shipenko", "max_hops": 3},
    )
    assert response.status_code == 200
    found = response.json()["paths"]
    assert found and found[0]["nodes"][-1]["id"] == "person/klim-shipenko"
    assert all(step["facts"][0]["evidence"] for step in found[0]["steps"])


def test_api_paths_unknown_entity_is_404(server: Server) -> None:
    response = httpx.get(server.url + "/paths", params={"from": "zzzz qqqq", "to": "NASA"})
    assert response.status_code == 404
