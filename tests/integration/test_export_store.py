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
from rdflib import RDF, RDFS, Dataset, URIRef

from kg.formats import DATASET_FORMATS, GRAPH_FORMATS, RDF_FORMATS
from kg.terms import ENTITY, PROV, SCHEMA, SM
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


def _parse_rdf(data: bytes | str, fmt: str) -> Dataset:
    names = {"ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
    return Dataset(default_union=True).parse(data=data, format=names.get(fmt, fmt))


def _labelled_entities(data: Dataset) -> dict[URIRef, str]:
    return {
        s: str(o)
        for s, o in data.subject_objects(RDFS.label)
        if isinstance(s, URIRef) and s.startswith(str(ENTITY))
    }


def _fact_triples(data: Dataset) -> set[tuple[URIRef, URIRef, URIRef]]:
    """The plain fact triples in `data`: ontology properties between two entities."""
    return {
        (s, p, o)
        for s, p, o in data.triples((None, None, None))
        if isinstance(s, URIRef)
        and isinstance(o, URIRef)
        and isinstance(p, URIRef)
        and str(p).startswith(str(SM))
        and s.startswith(str(ENTITY))
        and o.startswith(str(ENTITY))
    }


def _check_rdf_selection(data: Dataset, expected: nx.MultiDiGraph, *, graphs: bool) -> None:
    """`data` holds exactly the entities and facts of `expected`, each fact with its provenance
    (evidence, confidence, source article with its headline); with `graphs`, in that article's graph."""
    labels = _labelled_entities(data)
    assert set(labels) == {URIRef(node) for node in expected}
    for node, attributes in expected.nodes(data=True):
        assert labels[URIRef(node)] == attributes["label"]
        assert (URIRef(node), RDF.type, SM[attributes["class"]]) in data
    facts = _fact_triples(data)
    assert facts == {(URIRef(s), SM[key], URIRef(o)) for s, o, key in expected.edges(keys=True)}
    for s, p, o in facts:
        nodes = set(data.subjects(RDF.subject, s)) & set(data.subjects(RDF.object, o))
        nodes &= set(data.subjects(RDF.predicate, p))
        assert nodes, (s, p, o)
        sources = {data.value(node, PROV.wasDerivedFrom) for node in nodes}
        assert all(data.value(node, SM.evidence) for node in nodes)
        assert all(data.value(source, SCHEMA.headline) for source in sources)
        if graphs:
            assert {g for *_, g in data.quads((s, p, o, None))} <= sources


def _check_rdf_neighborhood(data: Dataset, found: dict[str, list[dict[str, str]]]) -> None:
    """`data` holds the entities and facts of the JSON neighborhood `found`, with provenance."""
    assert set(_labelled_entities(data)) == {URIRef(node["iri"]) for node in found["nodes"]}
    facts = _fact_triples(data)
    assert facts == {
        (ENTITY[e["source"]], SM[e["predicate"]], ENTITY[e["target"]]) for e in found["edges"]
    }
    for s, p, o in facts:
        assert data.value(predicate=RDF.predicate, object=p), (s, p, o)


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_export_cli_rdf_of_a_neighborhood_round_trips(
    kg: RunKg, loaded_store: Path, fmt: str
) -> None:
    expected = _nodelink(kg, loaded_store, "--entity", CENTER, "--hops", "2")
    exported = kg(
        "export", "--format", fmt, "--entity", CENTER, "--hops", "2", "--store", loaded_store
    )
    assert exported.returncode == 0, exported.stderr
    _check_rdf_selection(_parse_rdf(exported.stdout, fmt), expected, graphs=fmt in DATASET_FORMATS)
    around = kg("neighborhood", CENTER, "--hops", "2", "--format", fmt, "--store", loaded_store)
    assert around.returncode == 0, around.stderr
    found = json.loads(kg("neighborhood", CENTER, "--hops", "2", "--store", loaded_store).stdout)
    _check_rdf_neighborhood(_parse_rdf(around.stdout, fmt), found)


def test_export_cli_rdf_of_one_article_and_confident_facts(kg: RunKg, loaded_store: Path) -> None:
    listing = "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> } ORDER BY ?a LIMIT 1"
    rows = kg("query", listing, "--format", "csv", "--store", loaded_store)
    article = rows.stdout.splitlines()[1].strip()
    options = ("--article", article.rsplit("/", 1)[-1], "--min-confidence", "0.8")
    exported = kg("export", "--format", "nquads", *options, "--store", loaded_store)
    assert exported.returncode == 0, exported.stderr
    data = _parse_rdf(exported.stdout, "nquads")
    assert {str(g) for *_, g in data.quads((None, None, None, None))} == {article}
    assert all(float(str(c)) >= 0.8 for c in data.objects(None, SM.confidence))
    _check_rdf_selection(data, _nodelink(kg, loaded_store, *options), graphs=True)


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


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_export_http_rdf_of_a_neighborhood(server: Server, fmt: str) -> None:
    params: dict[str, str | int] = {"entity": "Yulia Peresild", "hops": 2}
    response = httpx.get(server.url + "/export", params={**params, "format": fmt}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == RDF_FORMATS[fmt]
    graph = httpx.get(server.url + "/export", params={**params, "format": "nodelink"}, timeout=60)
    expected = nx.node_link_graph(graph.json(), edges="links")
    assert int(response.headers["x-kg-nodes"]) == len(expected) >= 2
    _check_rdf_selection(_parse_rdf(response.content, fmt), expected, graphs=True)


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "graphml"])
def test_neighborhood_http_export_formats_hold_the_json_neighborhood(
    server: Server, fmt: str
) -> None:
    url = f"{server.url}/entities/{CENTER}/neighborhood"
    params: dict[str, str | float] = {"hops": 2, "direction": "out", "min_confidence": 0.5}
    found = httpx.get(url, params=params, timeout=60).json()
    response = httpx.get(url, params={**params, "format": fmt}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == {**RDF_FORMATS, **GRAPH_FORMATS}[fmt]
    nodes = {node["iri"] for node in found["nodes"]}
    edges = {(e["source"], e["predicate"], e["target"]) for e in found["edges"]}
    assert len(nodes) > 2 and edges
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(response.content))
        assert {data["iri"] for _, data in graph.nodes(data=True)} == nodes
        assert graph.number_of_edges() == len(edges)
        return
    data = _parse_rdf(response.content, fmt)
    _check_rdf_neighborhood(data, found)
    assert all(float(str(c)) >= 0.5 for c in data.objects(None, SM.confidence))


def test_neighborhood_http_unknown_format_is_406(server: Server) -> None:
    url = f"{server.url}/entities/{CENTER}/neighborhood"
    response = httpx.get(url, params={"format": "pajek"}, timeout=60)
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"


def test_export_http_rdf_of_one_class(server: Server) -> None:
    response = httpx.get(
        server.url + "/export", params={"format": "turtle", "types": "Person"}, timeout=60
    )
    assert response.status_code == 200, response.text
    data = _parse_rdf(response.content, "turtle")
    people = set(_labelled_entities(data))
    assert len(people) == int(response.headers["x-kg-nodes"]) > 10
    assert all((person, RDF.type, SM.Person) in data for person in people)


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
