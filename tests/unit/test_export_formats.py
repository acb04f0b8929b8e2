"""kg.export on a tiny in-memory graph: the entity graph, its filters and every writer's round trip."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pyoxigraph as ox
import pytest
import xmlschema
from rdflib import Literal, URIRef

from kg.errors import BadInputError, EntityNotFound, UnknownFormatError
from kg.export import GraphFilter, entity_graph, graph_filter_of, serialize_graph
from kg.model import Article, Entity, Extraction, Fact
from kg.rdf import to_quads
from kg.terms import ENTITY


class MemoryStore:
    """An in-memory pyoxigraph store that answers `select` like OxigraphStore."""

    def __init__(self) -> None:
        self.store = ox.Store()

    def add(self, extraction: Extraction) -> None:
        for s, p, o, g in to_quads(extraction):
            self.store.add(ox.Quad(_term(s), _term(p), _term(o), ox.NamedNode(str(g))))

    def select(self, sparql: str) -> list[dict[str, str]]:
        result = self.store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def _term(node: object) -> ox.NamedNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    assert isinstance(node, Literal)
    datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
    return ox.Literal(str(node), datatype=datatype, language=node.language)


def _fact(s: str, p: str, o: str, confidence: float = 0.9) -> Fact:
    return Fact(s, p, o, f"{s} {p} {o}.", 0, 10, confidence)


PEOPLE = [
    Entity("yp", "Yulia Peresild", "Person", aliases=["Peresild", "Julia Peresild"]),
    Entity("ks", "Klim Shipenko", "Person", aliases=["Shipenko"]),
    Entity("ms18", "Soyuz MS-18", "Spacecraft"),
    Entity("ch", "The Challenge", "Film"),
    Entity("dr", "Dmitry Rogozin", "Person"),
    Entity("rc", "Roscosmos", "SpaceAgency"),
]
FIRST = Article("Back on Earth", "text one")
SECOND = Article("Rogozin", "text two")


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    memory = MemoryStore()
    memory.add(
        Extraction(
            FIRST,
            "text one",
            PEOPLE[:4],
            [
                _fact("yp", "flewOn", "ms18"),
                _fact("ks", "flewOn", "ms18", 0.5),
                _fact("yp", "starsIn", "ch"),
                _fact("ks", "directs", "ch"),
            ],
            "test",
        )
    )
    memory.add(
        Extraction(
            SECOND,
            "text two",
            [PEOPLE[0], PEOPLE[3], PEOPLE[4], PEOPLE[5]],
            [
                _fact("dr", "heads", "rc"),
                _fact("rc", "produces", "ch", 0.6),
                _fact("yp", "starsIn", "ch", 0.7),
            ],
            "test",
        )
    )
    return memory


def _iri(short: str) -> str:
    return str(ENTITY[short])


YP, CH, MS18, RC = (
    _iri("person/yulia-peresild"),
    _iri("work/the-challenge"),
    _iri("craft/soyuz-ms-18"),
    _iri("org/roscosmos"),
)


def test_export_graph_nodes_carry_label_class_aliases_degree_mentions(store: MemoryStore) -> None:
    graph = entity_graph(store)
    assert len(graph) == 6
    assert graph.nodes[YP] == {
        "label": "Yulia Peresild",
        "class": "Person",
        "aliases": "Julia Peresild|Peresild",
        "degree": 2,
        "mentions": 2,
    }
    assert graph.nodes[RC]["class"] == "SpaceAgency"


def test_export_graph_edges_carry_property_label_confidence_articles(store: MemoryStore) -> None:
    graph = entity_graph(store)
    assert graph.number_of_edges() == 6
    assert graph.edges[YP, CH, "starsIn"] == {
        "property": "starsIn",
        "label": "stars in",
        "confidence": 0.9,
        "articles": 2,
    }


@pytest.mark.parametrize(
    ("graph_filter", "nodes", "edges"),
    [
        (GraphFilter(entity=YP, hops=1), {YP, CH, MS18}, 2),
        (GraphFilter(entity=YP, hops=2), {YP, CH, MS18, RC, _iri("person/klim-shipenko")}, 5),
        (GraphFilter(types=("Person", "Film")), None, 2),
        (GraphFilter(predicates=("flewOn",)), None, 2),
        (GraphFilter(min_confidence=0.8), None, 4),
        (GraphFilter(entity=YP, hops=2, predicates=("starsIn", "produces")), {YP, CH, RC}, 2),
    ],
)
def test_export_graph_filters(
    store: MemoryStore, graph_filter: GraphFilter, nodes: set[str] | None, edges: int
) -> None:
    graph = entity_graph(store, graph_filter)
    if nodes is not None:
        assert set(graph) == nodes
    assert graph.number_of_edges() == edges


def test_export_graph_article_filter_keeps_its_facts(store: MemoryStore) -> None:
    graph = entity_graph(store, GraphFilter(article=SECOND.id))
    assert len(graph) == 4
    assert {key for _, _, key in graph.edges(keys=True)} == {"heads", "produces", "starsIn"}
    # `articles` counts every article asserting the fact, not only the selected one.
    assert graph.edges[YP, CH, "starsIn"]["articles"] == 2


def test_export_graph_limit_marks_truncated(store: MemoryStore) -> None:
    graph = entity_graph(store, GraphFilter(entity=YP, hops=2, limit=2))
    assert set(graph) == {YP, CH}
    assert graph.graph == {"truncated": True, "reachable": 5}


def test_export_graph_unknown_entity_raises(store: MemoryStore) -> None:
    with pytest.raises(EntityNotFound):
        entity_graph(store, GraphFilter(entity=_iri("person/nobody")))


def test_export_graph_bad_class_name_raises(store: MemoryStore) -> None:
    with pytest.raises(BadInputError):
        entity_graph(store, GraphFilter(types=("Person>",)))


def test_export_filter_resolves_typos(store: MemoryStore) -> None:
    assert graph_filter_of(store, entity="Yulia Peresyld").entity == YP


@pytest.mark.parametrize("reader", [nx.read_graphml, nx.read_gexf])
def test_export_xml_round_trips(store: MemoryStore, reader: object) -> None:
    graph = entity_graph(store)
    fmt = "graphml" if reader is nx.read_graphml else "gexf"
    back = reader(io.BytesIO(serialize_graph(graph, fmt)))  # type: ignore[operator]
    if fmt == "graphml":  # GraphML ids are NMTOKENs; the IRI travels as node data
        back = nx.relabel_nodes(back, {node: data["iri"] for node, data in back.nodes(data=True)})
    assert (len(back), back.number_of_edges()) == (len(graph), graph.number_of_edges())
    assert back.nodes[YP]["label"] == "Yulia Peresild"
    assert back.nodes[YP]["class"] == "Person"
    assert back.nodes[YP]["aliases"] == "Julia Peresild|Peresild"
    assert int(back.nodes[YP]["degree"]) == 2
    assert int(back.nodes[YP]["mentions"]) == 2
    (data,) = [d for u, v, d in back.edges(data=True) if (u, v) == (YP, CH)]
    assert data["property"] == "starsIn"
    assert data["label"] == "stars in"
    assert float(data["confidence"]) == 0.9
    assert int(data["articles"]) == 2


def test_export_graphml_is_valid_against_the_graphml_schema(
    store: MemoryStore, graphml_schema: xmlschema.XMLSchema
) -> None:
    document = serialize_graph(entity_graph(store), "graphml")
    graphml_schema.validate(io.BytesIO(document))
    # The schema really checks: an attribute GraphML does not define on <edge> is refused.
    assert not graphml_schema.is_valid(io.BytesIO(document.replace(b"<edge ", b'<edge size="1" ')))


def test_export_cytoscape_uses_short_ids(store: MemoryStore) -> None:
    data = json.loads(serialize_graph(entity_graph(store), "cytoscape"))
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert nodes["person/yulia-peresild"]["iri"] == YP
    edge_ids = {e["data"]["id"] for e in data["elements"]["edges"]}
    assert "person/yulia-peresild|starsIn|work/the-challenge" in edge_ids
    assert all(e["data"]["source"] in nodes for e in data["elements"]["edges"])


def test_export_nodelink_round_trips(store: MemoryStore) -> None:
    graph = entity_graph(store)
    back = nx.node_link_graph(json.loads(serialize_graph(graph, "nodelink")), edges="links")
    assert nx.utils.graphs_equal(graph, back)


def test_export_csv_zip_holds_nodes_and_edges(store: MemoryStore) -> None:
    archive = zipfile.ZipFile(io.BytesIO(serialize_graph(entity_graph(store), "csv")))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert len(nodes) == 6
    assert len(edges) == 6
    assert {"id", "iri", "label", "class", "aliases", "degree", "mentions"} == set(nodes[0])
    assert {"source", "target", "property", "label", "confidence", "articles"} == set(edges[0])


def test_export_dot_quotes_every_name(store: MemoryStore) -> None:
    source = serialize_graph(entity_graph(store), "dot").decode()
    assert source.startswith('digraph "kg" {')
    assert f'"{YP}" -> "{CH}"' in source
    assert 'label="stars in"' in source


def test_export_unknown_format_raises(store: MemoryStore) -> None:
    with pytest.raises(UnknownFormatError):
        serialize_graph(entity_graph(store), "pajek")
