"""The remote store: the corpus ingested through `--store-url` into a real Oxigraph server and a real
Virtuoso answers every command and the API as the embedded store does; a dropped connection mid-ingest
is retried and leaves only complete articles.

Virtuoso always holds system graphs of its own, so every comparison is over the project's graphs.
"""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.store import Store, open_store
from kg.terms import BASE
from tests.integration.conftest import (
    Server,
    free_port,
    oxigraph_server,
    run_kg,
    running,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.integration

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
PREFIXES = (
    f"PREFIX sm: <{BASE}ontology#>\n"
    "PREFIX schema: <https://schema.org/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
)
OURS = f'FILTER(STRSTARTS(STR(?g), "{BASE}"))'
QUERIES = {
    "articles": "SELECT ?a ?h ?d WHERE { ?a a sm:Article ; schema:headline ?h . "
    "OPTIONAL { ?a schema:datePublished ?d } }",
    "entities": "SELECT DISTINCT ?e ?t ?l WHERE { ?e a ?t ; rdfs:label ?l }",
    "facts": "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o . ?s rdfs:label ?x . "
    "?o rdfs:label ?y } FILTER(STRSTARTS(STR(?p), STR(sm:))) }",
    "counts": "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } " + OURS + " } GROUP BY ?p",
    "evidence": "SELECT ?f ?c ?b ?e ?ended WHERE { ?f sm:confidence ?c ; nif:beginIndex ?b ; "
    "nif:endIndex ?e . OPTIONAL { ?f sm:ended ?ended } }",
    "ask": "ASK { ?a a sm:Article }",
}


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
BOOLEANS = {"1": "true", "0": "false"}
# The label of the entity most articles mention.
HUB = (
    PREFIXES + "SELECT ?l (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a sm:mentions ?e . "
    "?e rdfs:label ?l } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"
)


@dataclass
class Target:
    """How the `kg` command reaches one store: its options and environment."""

    name: str
    args: list[str]
    env: dict[str, str] = field(default_factory=dict)

    def kg(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a `kg` command on this store; fail the test if it fails."""
        result = run_kg(*args, *self.args, env=self.env)
        assert result.returncode == 0, result.stderr
        return result

    @contextmanager
    def store(self) -> Iterator[Store]:
        """Open the store in this process, as the `kg` command does."""
        options = dict(zip(self.args[::2], self.args[1::2], strict=True))
        store = open_store(
            Path(options.get("--store", "")),
            url=options.get("--store-url"),
            update_url=self.env.get("KG_STORE_UPDATE_URL"),
            create=False,
        )
        try:
            yield store
        finally:
            store.close()

    def answers(self) -> dict[str, object]:
        """The answers compared between stores: QUERIES' rows, then stats, export, neighborhood
        (JSON and RDF)."""
        with self.store() as store:
            found: dict[str, object] = {
                name: rows(store.query(PREFIXES + query, "json")[0].decode())
                for name, query in QUERIES.items()
            }
            hub = store.select(HUB)[0]["l"]
        found["stats"] = json.loads(self.kg("stats").stdout)
        found["nquads"] = quads(self.kg("export", "--format", "nquads").stdout)
        found["neighborhood"] = json.loads(self.kg("neighborhood", hub).stdout)
        found["neighborhood-rdf"] = quads(
            self.kg("neighborhood", hub, "--hops", "1", "--format", "nquads").stdout
        )
        found["hub"] = hub
        return found


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """Start Virtuoso on its own ports with SPARQL Update granted to /sparql; yield its base URL."""
    assert VIRTUOSO is not None and ISQL is not None
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        f"[Database]\nDatabaseFile = {folder}/virtuoso.db\nErrorLogFile = {folder}/virtuoso.log\n"
        f"LockFile = {folder}/virtuoso.lck\nTransactionFile = {folder}/virtuoso.trx\n"
        f"xa_persistent_file = {folder}/virtuoso.pxa\n"
        f"[TempDatabase]\nDatabaseFile = {folder}/temp.db\nTransactionFile = {folder}/temp.trx\n"
        f"[Parameters]\nServerPort = {sql_port}\nDisableUnixSocket = 1\nDirsAllowed = .\n"
        "NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\n"
        f"[HTTPServer]\nServerPort = {http_port}\nServerRoot = {folder}\nServerThreads = 4\n"
        # Debian's default caps results at 10 000 rows; the comparisons read whole answers.
        "[SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 120\n"
    )
    url = f"http://127.0.0.1:{http_port}"
    command = [VIRTUOSO, "+foreground", "+configfile", str(ini)]
    with running(command, url + "/sparql?query=ASK%7B%7D", folder / "stdout.log"):
        grant = subprocess.run(
            [ISQL, str(sql_port), "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert grant.returncode == 0, grant.stdout + grant.stderr
        yield url


@pytest.fixture(scope="module")
def articles(corpus_articles: list[Path]) -> list[Path]:
    """A quarter of the corpus, from both folders: enough variety, a fraction of the spaCy time."""
    return corpus_articles[::4]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, articles: list[Path]) -> Target:
    """The articles ingested into an embedded store."""
    target = Target("embedded", ["--store", str(tmp_path_factory.mktemp("embedded") / "store")])
    target.kg("ingest", *map(str, articles))
    return target


@pytest.fixture(
    scope="module",
    params=[
        "oxigraph",
        pytest.param(
            "virtuoso",
            marks=[
                pytest.mark.virtuoso,
                pytest.mark.skipif(VIRTUOSO is None, reason="virtuoso-t is not installed"),
            ],
        ),
    ],
)
def remote(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, articles: list[Path]
) -> Iterator[Target]:
    """The articles ingested through `--store-url` into a real server of each kind."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "oxigraph":
        with oxigraph_server(folder) as url:
            target = Target("oxigraph", ["--store-url", url + "/query?union-default-graph"])
            target.env["KG_STORE_UPDATE_URL"] = url + "/update"
            target.kg("ingest", *map(str, articles))
            yield target
        return
    with virtuoso_server(folder) as url:
        target = Target("virtuoso", ["--store-url", url + "/sparql"])
        target.kg("ingest", *map(str, articles))
        yield target


def rows(body: str) -> list[tuple[tuple[str, str], ...]]:
    """The rows of SPARQL JSON results (or an ASK's boolean) as sorted, comparable tuples."""
    data = json.loads(body)
    if "boolean" in data:
        return [(("boolean", str(data["boolean"])),)]
    # Virtuoso stores booleans as integers and passes 1 and 0 through in query results: the same
    # values, another lexical form of them.
    return sorted(
        tuple(
            sorted(
                (
                    name,
                    BOOLEANS.get(term["value"], term["value"])
                    if term.get("datatype") == XSD_BOOLEAN
                    else term["value"],
                )
                for name, term in row.items()
            )
        )
        for row in data["results"]["bindings"]
    )


def quads(nquads: str) -> set[ox.Quad]:
    """The quads of an N-Quads text (parsed, so equal terms compare equal however written)."""
    return set(ox.parse(nquads.encode(), ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def expected(embedded: Target) -> dict[str, object]:
    """What the embedded store answers."""
    return embedded.answers()


@pytest.fixture(scope="module")
def answers(remote: Target) -> dict[str, object]:
    """What the remote store answers."""
    return remote.answers()


@pytest.fixture(scope="module")
def hub(expected: dict[str, object]) -> str:
    """The label of the entity most articles mention."""
    return str(expected["hub"])


@pytest.mark.parametrize("name", [*QUERIES, "stats", "nquads", "neighborhood", "neighborhood-rdf"])
def test_store_remote_answers_as_embedded(
    name: str, expected: dict[str, object], answers: dict[str, object]
) -> None:
    assert expected[name]
    assert answers[name] == expected[name]


@contextmanager
def api(target: Target) -> Iterator[Server]:
    """`kg serve` over `target`'s store."""
    options = dict(zip(target.args[::2], target.args[1::2], strict=True))
    env = dict(target.env)
    if "--store-url" in options:
        env["KG_STORE_URL"] = options["--store-url"]
    server = start_server(Path(options["--store"]) if "--store" in options else None, env)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def embedded_api(embedded: Target) -> Iterator[Server]:
    """The API over the embedded store."""
    with api(embedded) as server:
        yield server


@pytest.fixture(scope="module")
def remote_api(remote: Target) -> Iterator[Server]:
    """The API over the remote store: no query workers, queries sent to the server."""
    with api(remote) as server:
        yield server


def api_answer(server: Server, path: str, hub: str) -> object:
    """GET one of the compared API paths; return the comparable part of its answer."""
    if path == "sparql":
        query = PREFIXES + QUERIES["facts"]
        response = httpx.get(server.url + "/sparql", params={"query": query}, timeout=30)
        assert response.status_code == 200, response.text
        return rows(response.text)
    hits = httpx.get(server.url + "/entities", params={"q": hub}, timeout=30).json()
    if path == "search":
        return hits
    entity = hits[0]["id"]
    response = httpx.get(f"{server.url}/entities/{entity}/neighborhood", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("path", ["sparql", "search", "neighborhood"])
def test_store_remote_api_answers_as_embedded(
    path: str, hub: str, embedded_api: Server, remote_api: Server
) -> None:
    expected = api_answer(embedded_api, path, hub)
    assert expected
    assert api_answer(remote_api, path, hub) == expected


class DroppingProxy:
    """A TCP proxy that cuts the connection carrying the `nth` update request to the server.

    `mode` "request" forwards half of that request then cuts (the server never sees it whole);
    "response" forwards it all and cuts before the answer (the server applied it; the client cannot
    know).
    """

    def __init__(self, upstream: int, nth: int, mode: str) -> None:
        self.upstream, self.nth, self.mode = upstream, nth, mode
        self.updates = 0
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        """Stop accepting connections."""
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            cut = threading.Event()
            threading.Thread(target=self._upward, args=(client, server, cut), daemon=True).start()
            threading.Thread(target=self._downward, args=(server, client, cut), daemon=True).start()

    def _upward(self, client: socket.socket, server: socket.socket, cut: threading.Event) -> None:
        with client, server:
            while data := _receive(client):
                if data.startswith(b"POST /update"):
                    self.updates += 1
                    if self.updates == self.nth and self.mode == "request":
                        server.sendall(data[: len(data) // 2])
                        self.cuts += 1
                        _cut(client, server)
                        return
                    if self.updates == self.nth:
                        cut.set()
                server.sendall(data)

    def _downward(self, server: socket.socket, client: socket.socket, cut: threading.Event) -> None:
        with client, server:
            while data := _receive(server):
                if cut.is_set():
                    self.cuts += 1
                    _cut(client, server)
                    return
                client.sendall(data)


def _cut(*socks: socket.socket) -> None:
    # Shut down, not only close: the other thread's recv must end and the peer must see it now.
    for sock in socks:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _receive(sock: socket.socket) -> bytes:
    try:
        return sock.recv(1 << 20)
    except OSError:
        return b""


@pytest.mark.parametrize("mode", ["request", "response"])
def test_store_remote_ingest_retries_a_dropped_connection(
    mode: str, tmp_path: Path, articles: list[Path], expected: dict[str, object]
) -> None:
    some = articles[:3]
    with oxigraph_server(tmp_path, is_persistent=False) as url:
        port = int(url.rsplit(":", 1)[1])
        proxy = DroppingProxy(port, nth=2, mode=mode)
        via = f"http://127.0.0.1:{proxy.port}"
        result = run_kg(
            "ingest", *map(str, some), "--store-url", via + "/query",
            env={"KG_STORE_UPDATE_URL": via + "/update"},
        )  # fmt: skip
        proxy.close()
        assert result.returncode == 0, result.stderr
        assert proxy.cuts == 1
        assert "retrying" in result.stderr
        with Target("direct", ["--store-url", url + "/query"]).store() as store:
            nquads = io.BytesIO()
            store.dump(nquads, "nquads")
    stored = quads(nquads.getvalue().decode())
    whole = expected["nquads"]
    assert isinstance(whole, set)
    graphs = {q.graph_name for q in stored}
    assert len(graphs) == len(some)
    assert stored == {q for q in whole if q.graph_name in graphs}


@pytest.mark.parametrize("is_authenticated", [True, False])
def test_store_remote_credentials_answer_the_servers_challenge(
    is_authenticated: bool, remote: Target, expected: dict[str, object]
) -> None:
    if remote.name != "virtuoso":
        pytest.skip("oxigraph serve has no authentication")
    # Virtuoso's /sparql-auth asks for HTTP Digest; the store answers with its credentials.
    url = remote.args[1].removesuffix("/sparql") + "/sparql-auth"
    env = {"KG_STORE_USER": "dba", "KG_STORE_PASSWORD": "dba"} if is_authenticated else {}
    result = run_kg("stats", "--store-url", url, env=env)
    if is_authenticated:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == expected["stats"]
    else:
        assert result.returncode == 2
        assert "HTTP 401" in result.stderr


def test_store_remote_explicit_store_wins_over_the_environment(tmp_path: Path) -> None:
    # KG_STORE_URL names a server nobody runs; `--store` picks the embedded store all the same.
    env = {"KG_STORE_URL": f"http://127.0.0.1:{free_port()}/query"}
    open_store(tmp_path / "store").close()
    result = run_kg("stats", "--store", str(tmp_path / "store"), env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["quads"] == 0
    result = run_kg("stats", env=env)
    assert result.returncode == 2
    assert f"kg: error: cannot open store at {env['KG_STORE_URL']}" in result.stderr
