"""The W3C SPARQL 1.1 Protocol test suite (34 tests, vendored in tests/data/sparql11-protocol/) run by
the npm runner rdf-test-suite against a real `kg serve` over a throw-away store: embedded, and remote
(a real `oxigraph serve` reached through `KG_STORE_URL`)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import Server, oxigraph_server, start_server, stop_server

pytestmark = pytest.mark.integration

MANIFEST = "https://w3c.github.io/rdf-tests/sparql/sparql11/protocol/"
# Protocol tests talk HTTP only, but the runner still loads an engine module.
ENGINE = (
    "module.exports = { parse: async () => { throw new Error('n/a'); }, "
    "query: async () => { throw new Error('n/a'); } };\n"
)
SUMMARY = re.compile(r"(\d+) / (\d+) tests succeeded")


@pytest.fixture(scope="module", params=["embedded", "remote"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A `kg serve` over an empty store that takes updates without a token (the suite sends none)."""
    folder = tmp_path_factory.mktemp(f"conformance-{request.param}")
    env = {"KG_ALLOW_ANONYMOUS_UPDATE": "true"}
    if request.param == "embedded":
        served = start_server(folder / "store", env=env)
        yield served
        stop_server(served)
        return
    with oxigraph_server(folder) as url:
        env.update(
            KG_STORE_URL=url + "/query?union-default-graph", KG_STORE_UPDATE_URL=url + "/update"
        )
        served = start_server(None, env=env)
        yield served
        stop_server(served)


def test_sparql_conformance_protocol_suite_passes(
    server: Server, repo_root: Path, tmp_path: Path
) -> None:
    runner = repo_root / "node_modules" / ".bin" / "rdf-test-suite"
    if not runner.is_file():
        pytest.fail("rdf-test-suite missing: run `make install` (npm ci)")
    (tmp_path / "engine.js").write_text(ENGINE)
    suite = repo_root / "tests" / "data" / "sparql11-protocol"
    result = subprocess.run(
        [
            str(runner),
            "engine.js",
            MANIFEST + "manifest.ttl",
            "-m",
            f"{MANIFEST}~{suite}/",
            "-i",
            f'{{"protocolEndpoint":"{server.url}/sparql"}}',
            "-d",
            "10000",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    summary = SUMMARY.search(result.stdout)
    assert summary is not None, result.stdout + result.stderr
    assert summary.groups() == ("34", "34"), result.stdout
