"""Graph exports and pictures of the corpus graph: `kg export`, `kg neighborhood --format`, `kg render`,
`/export`, `/render` and the explorer's assets, on a real store and a real server."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest
import xmlschema

from tests.integration.conftest import RunKg, Server, start_server, stop_server

pytestmark = pytest.mark.integration

CENTER = "person/yulia-peresild"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def server(loaded_store: Path) -> Iterator[Server]:
    # The CLI tests run first (file order); the server then holds the store's lock.
    running = start_server(loaded_store)
    yield running
    stop_server(running)


def _nodelink(kg: RunKg, store: Path, *args: str) -> nx.MultiDiGraph:
    result = kg("export", "--format", "nodelink", "--store", store, *args)
    assert result.returncode == 0, result.stderr
    return nx.node_link_graph(json.loads(result.stdout), edges="links")


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_cli_xml_formats_round_trip(
    kg: RunKg,
    loaded_store: Path,
    tmp_path: Path,
    fmt: str,
    reader: object,
    graphml_schema: xmlschema.XMLSchema,
) -> None:
    expected = _nodelink(kg, loaded_store)
    target = tmp_path / f"graph.{fmt}"
    result = kg("export", "--format", fmt, "-o", target, "--store", loaded_store)
    assert result.returncode == 0, result.stderr
    back = reader(target)  # type: ignore[operator]
    if fmt == "graphml":  # valid GraphML; its ids are NMTOKENs, the IRI travels as node data
        graphml_schema.validate(str(target))
        back = nx.relabel_nodes(back, {node: data["iri"] for node, data in back.nodes(data=True)})
    assert len(back) == len(expected) > 50
    assert back.number_of_edges() == expected.number_of_edges() > 20
    for node in list(expected)[:20]:
        assert back.nodes[node]["label"] == expected.nodes[node]["label"]
        assert back.nodes[node]["class"] == expected.nodes[node]["class"]
        assert int(back.nodes[node]["mentions"]) == expected.nodes[node]["mentions"]


def test_export_cli_filters_narrow_the_graph(kg: RunKg, loaded_store: Path) -> None:
    whole = _nodelink(kg, loaded_store)
    people = _nodelink(kg, loaded_store, "--types", "Person")
    confident = _nodelink(kg, loaded_store, "--min-confidence", "0.85")
    assert 0 < len(people) < len(whole)
    assert {d["class"] for _, d in people.nodes(data=True)} == {"Person"}
    assert 0 < confident.number_of_edges() < whole.number_of_edges()
    assert all(d["confidence"] >= 0.85 for _, _, d in confident.edges(data=True))


def test_export_cli_csv_writes_a_zip(kg: RunKg, loaded_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.zip"
    result = kg("export", "--format", "csv", "-o", target, "--store", loaded_store)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        assert archive.read("nodes.csv").startswith(b"id,iri,label,class,aliases,degree,mentions")


@needs_graphviz
def test_export_cli_neighborhood_dot_renders_with_graphviz(kg: RunKg, loaded_store: Path) -> None:
    result = kg(
        "neighborhood", "Yulia Peresyld", "--hops", "2", "--format", "dot", "--store", loaded_store
    )
    assert result.returncode == 0, result.stderr
    assert "Yulia Peresild" in result.stdout
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=result.stdout, capture_output=True, text=True, check=False
    )
    assert drawn.returncode == 0, drawn.stderr
    assert "<svg" in drawn.stdout


@needs_graphviz
def test_export_cli_whole_graph_dot_renders_with_graphviz(
    kg: RunKg, loaded_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "graph.gv"
    assert kg("export", "--format", "dot", "-o", target, "--store", loaded_store).returncode == 0
    drawn = subprocess.run(
        ["dot", "-Tsvg", "-o", str(tmp_path / "graph.svg"), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert drawn.returncode == 0, drawn.stderr


@needs_graphviz
def test_render_cli_writes_png(kg: RunKg, loaded_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "around.png"
    result = kg(
        "render",
        "--entity",
        CENTER,
        "--hops",
        "2",
        "--format",
        "png",
        "-o",
        target,
        "--store",
        loaded_store,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"\x89PNG")


def test_export_cli_unknown_entity_is_one_line(kg: RunKg, loaded_store: Path) -> None:
    result = kg("export", "--format", "dot", "--entity", "Zzyzx Qwerty", "--store", loaded_store)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


def test_export_http_graphml_of_a_neighborhood(
    server: Server, graphml_schema: xmlschema.XMLSchema
) -> None:
    response = httpx.get(
        server.url + "/export",
        params={"format": "graphml", "entity": "Yulia Peresild", "hops": 2},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/graphml+xml"
    graphml_schema.validate(io.BytesIO(response.content))
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert len(graph) == int(response.headers["x-kg-nodes"]) >= 2
    assert response.headers["x-kg-truncated"] == "false"


def test_export_http_limit_says_truncated(server: Server) -> None:
    response = httpx.get(
        server.url + "/export", params={"format": "cytoscape", "limit": 5}, timeout=60
    )
    assert response.status_code == 200
    assert response.headers["x-kg-truncated"] == "true"
    assert len(response.json()["elements"]["nodes"]) == 5


def test_export_http_rdf_format_holds_every_quad(server: Server) -> None:
    response = httpx.get(server.url + "/export", params={"format": "nquads"}, timeout=60)
    assert response.status_code == 200
    quads = httpx.get(server.url + "/health", timeout=10).json()["quads"]
    assert response.text.count("\n") == quads


def test_export_http_rdf_format_refuses_filters(server: Server) -> None:
    response = httpx.get(
        server.url + "/export", params={"format": "turtle", "types": "Person"}, timeout=60
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_export_http_unknown_format_is_406(server: Server) -> None:
    response = httpx.get(server.url + "/export", params={"format": "pajek"}, timeout=60)
    assert response.status_code == 406


@needs_graphviz
def test_render_http_svg(server: Server) -> None:
    response = httpx.get(
        server.url + "/render", params={"entity": CENTER, "hops": 2, "format": "svg"}, timeout=60
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    assert b"Yulia Peresild" in response.content


def test_export_http_explorer_assets_are_local(server: Server) -> None:
    page = httpx.get(server.url + "/", timeout=10)
    assert page.status_code == 200
    assert "/vendor/cytoscape.min.js" in page.text
    assert "http" not in page.text.split("<body>")[1].replace('href="/docs"', "")
    for path in ("/vendor/cytoscape.min.js", "/static/app.js", "/static/app.css"):
        assert httpx.get(server.url + path, timeout=10).status_code == 200, path
