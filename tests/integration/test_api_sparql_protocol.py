"""SPARQL 1.1 Protocol against a real `kg serve`: GET, POST form and direct, datasets, negotiation,
service description, updates with a token, refused LOAD/SERVICE, and real clients (SPARQLWrapper,
rdflib's SPARQLStore) unmodified."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from tests.integration.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.integration

TOKEN = "test-token"
SM = "https://w3id.org/space-media-kg/ontology#"
PERSONS = (
    f"PREFIX sm: <{SM}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT DISTINCT ?p ?name WHERE { ?p a sm:Person ; rdfs:label ?name } ORDER BY ?name"
)
CONSTRUCT = f"CONSTRUCT {{ ?p a <{SM}Person> }} WHERE {{ ?p a <{SM}Person> }}"
ASK = f"ASK {{ ?p a <{SM}Person> }}"


@pytest.fixture(scope="module")
def server(loaded_store: Path) -> Iterator[Server]:
    """A `kg serve` with an update token over the loaded corpus."""
    running = start_server(loaded_store, env={"KG_UPDATE_TOKEN": TOKEN})
    yield running
    stop_server(running)


def _names(response: httpx.Response) -> list[str]:
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def test_api_sparql_post_form_equals_get(server: Server) -> None:
    by_get = httpx.get(server.url + "/sparql", params={"query": PERSONS})
    by_form = httpx.post(server.url + "/sparql", data={"query": PERSONS})
    assert by_form.status_code == 200
    assert _names(by_form) == _names(by_get) and len(_names(by_get)) > 5


def test_api_sparql_form_decodes_percent_escapes_as_utf8(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("Caf\u00e9 + \u2604 & =" AS ?x) }'
    response = httpx.post(server.url + "/sparql", content=urlencode({"query": query}).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "Caf\u00e9 + \u2604 & ="


@pytest.mark.parametrize(
    "body", [b"query=ASK%20%7B%7D%FF", "query=ASK {} #caf\u00e9".encode("latin-1")]
)
def test_api_sparql_form_not_utf8_is_400(server: Server, body: bytes) -> None:
    response = httpx.post(server.url + "/sparql", content=body,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "UTF-8" in response.json()["detail"]


def test_api_sparql_post_direct_query(server: Server) -> None:
    response = httpx.post(
        server.url + "/sparql",
        content=PERSONS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200
    assert len(_names(response)) > 5


def test_api_sparql_default_graph_uri_restricts_dataset(server: Server) -> None:
    graphs = httpx.get(
        server.url + "/sparql",
        params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{SM}Article> }} }} ORDER BY ?g"},
    ).json()["results"]["bindings"]
    first = graphs[0]["g"]["value"]
    one = httpx.get(
        server.url + "/sparql",
        params={"query": f"SELECT ?a WHERE {{ ?a a <{SM}Article> }}", "default-graph-uri": first},
    ).json()["results"]["bindings"]
    assert [b["a"]["value"] for b in one] == [first]
    assert len(graphs) > 1


def test_api_sparql_named_graph_uri_restricts_graph_clause(server: Server) -> None:
    graphs = httpx.get(
        server.url + "/sparql",
        params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{SM}Article> }} }} ORDER BY ?g"},
    ).json()["results"]["bindings"]
    chosen = [b["g"]["value"] for b in graphs[:2]]
    response = httpx.get(
        server.url + "/sparql",
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
            "named-graph-uri": chosen,
        },
    )
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == chosen


@pytest.mark.parametrize(
    ("query", "media"),
    [(PERSONS, "application/sparql-results+json"), (CONSTRUCT, "text/turtle")],
)
def test_api_sparql_format_follows_query_type_and_accept(
    server: Server, query: str, media: str
) -> None:
    response = httpx.get(
        server.url + "/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json, text/turtle"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/n-triples", "application/n-triples"),
        ("application/n-quads", "application/n-quads"),
        ("application/trig", "application/trig"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_api_sparql_construct_negotiates_rdf_format(
    server: Server, accept: str, media: str
) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert len(response.content) > 100


@pytest.mark.parametrize(
    ("query", "accept"),
    [(PERSONS, "text/turtle"), (CONSTRUCT, "text/csv"), (PERSONS, "image/png")],
)
def test_api_sparql_unproducible_format_is_406(server: Server, query: str, accept: str) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": query}, headers={"Accept": accept}
    )
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_sparql_syntax_error_carries_parser_message(server: Server) -> None:
    response = httpx.post(server.url + "/sparql", data={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "error at 1:" in response.json()["detail"]


def test_api_sparql_service_description_without_query(server: Server) -> None:
    response = httpx.get(server.url + "/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(server.url + "/sparql")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) in graph


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_api_sparql_service_is_refused(server: Server, query: str) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.json()["detail"]


def test_api_sparql_load_is_refused_even_with_token(server: Server) -> None:
    response = httpx.post(
        server.url + "/sparql",
        data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 403
    assert "LOAD" in response.json()["detail"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}"])
def test_api_sparql_update_without_token_is_403(server: Server, authorization: str | None) -> None:
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    response = httpx.post(
        server.url + "/sparql",
        content=b"INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
        headers=headers,
    )
    assert response.status_code == 403
    ask = httpx.get(
        server.url + "/sparql", params={"query": "ASK { <http://example.org/a> ?p ?o }"}
    )
    assert ask.json()["boolean"] is False


@pytest.mark.parametrize("via", ["direct", "form"])
def test_api_sparql_update_with_token_is_visible_to_next_query(server: Server, via: str) -> None:
    subject = f"http://example.org/updated-{via}"
    update = f'INSERT DATA {{ GRAPH <http://example.org/g> {{ <{subject}> <http://example.org/p> "v" }} }}'
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if via == "direct":
        response = httpx.post(
            server.url + "/sparql",
            content=update.encode(),
            headers={**auth, "Content-Type": "application/sparql-update"},
        )
    else:
        response = httpx.post(server.url + "/sparql", data={"update": update}, headers=auth)
    assert response.status_code == 204
    ask = httpx.get(server.url + "/sparql", params={"query": f"ASK {{ <{subject}> ?p ?o }}"})
    assert ask.json()["boolean"] is True


def test_api_sparql_update_resolves_relative_iris_against_endpoint(server: Server) -> None:
    update = "INSERT DATA { GRAPH <http://example.org/base> { <http://example.org/s> <p> <o> } }"
    response = httpx.post(
        server.url + "/sparql",
        data={"update": update},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204
    select = "SELECT ?p ?o { GRAPH <http://example.org/base> { <http://example.org/s> ?p ?o } }"
    row = httpx.get(server.url + "/sparql", params={"query": select}).json()["results"]["bindings"]
    assert [(r["p"]["value"], r["o"]["value"]) for r in row] == [
        (server.url + "/p", server.url + "/o")
    ]


def test_api_sparql_update_dataset_applies_to_where(server: Server) -> None:
    source, target = "http://example.org/using-source", "http://example.org/using-target"
    update = (
        f"INSERT DATA {{ GRAPH <{source}> {{ <http://example.org/u> a <http://example.org/C> }} }} ;"
        f"INSERT {{ GRAPH <{target}> {{ ?s a <http://example.org/D> }} }} "
        "WHERE { ?s a <http://example.org/C> }"
    )
    response = httpx.post(
        server.url + "/sparql",
        params={"using-graph-uri": source},
        content=update.encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 204
    ask = f"ASK {{ GRAPH <{target}> {{ <http://example.org/u> a <http://example.org/D> }} }}"
    assert httpx.get(server.url + "/sparql", params={"query": ask}).json()["boolean"] is True


@pytest.mark.parametrize(
    ("method", "params", "data"),
    [
        ("GET", [("query", "ASK {}"), ("query", "SELECT * {}")], None),
        ("GET", [("update", "CLEAR ALL")], None),
        ("POST", None, [("update", "CLEAR NAMED"), ("update", "CLEAR DEFAULT")]),
        ("POST", None, [("query", "ASK {}"), ("query", "ASK {}")]),
        (
            "POST",
            [("using-graph-uri", "http://example.org/g")],
            [("update", "WITH <http://example.org/h> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")],
        ),
    ],
)
def test_api_sparql_malformed_protocol_request_is_400(
    server: Server,
    method: str,
    params: list[tuple[str, str]] | None,
    data: list[tuple[str, str]] | None,
) -> None:
    response = httpx.request(
        method,
        server.url + "/sparql",
        params=params,
        content=None if data is None else urlencode(data).encode(),
        headers={
            "Authorization": f"Bearer {TOKEN}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_sparql_sparqlwrapper_select(server: Server) -> None:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(PERSONS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert len(bindings) > 5


def test_api_sparql_sparqlwrapper_select_xml_by_post(server: Server) -> None:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setMethod("POST")
    client.setQuery(PERSONS)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert len(document.getElementsByTagName("result")) > 5  # type: ignore[union-attr]


def test_api_sparql_sparqlwrapper_ask(server: Server) -> None:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(ASK)
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_api_sparql_sparqlwrapper_construct(server: Server) -> None:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    data = client.queryAndConvert()
    graph = Graph().parse(data=data, format="turtle")  # type: ignore[arg-type]
    assert len(graph) > 5


@pytest.fixture
def rdflib_store(server: Server) -> Iterator[Graph]:
    store = SPARQLStore(server.url + "/sparql")
    yield Graph(store)
    store.close()


def test_api_sparql_rdflib_sparqlstore_select(rdflib_store: Graph) -> None:
    rows = list(rdflib_store.query(PERSONS))
    assert len(rows) > 5


def test_api_sparql_rdflib_sparqlstore_ask(rdflib_store: Graph) -> None:
    assert rdflib_store.query(ASK).askAnswer is True


def test_api_sparql_rdflib_sparqlstore_construct(rdflib_store: Graph) -> None:
    result = rdflib_store.query(CONSTRUCT)
    assert result.graph is not None and len(result.graph) > 5


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_api_sparql_invalid_graph_iri_is_400(server: Server, param: str) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }", param: 'not an "iri"'}
    )
    assert response.status_code == 400
    assert (
        httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    )
