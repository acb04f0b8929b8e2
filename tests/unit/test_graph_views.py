"""kg.graph on a tiny in-memory graph built by kg.rdf from hand-made extractions."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.errors import BadInputError, EntityNotFound
from kg.graph import LabelIndex, entity, entity_iri_of, graph_json, neighborhood, paths
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


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    memory = MemoryStore()
    people = [
        Entity("yp", "Yulia Peresild", "Person", aliases=["Peresild"]),
        Entity("ks", "Klim Shipenko", "Person", aliases=["Shipenko"]),
        Entity("ms18", "Soyuz MS-18", "Spacecraft"),
        Entity("ch", "The Challenge", "Film"),
        Entity("dr", "Dmitry Rogozin", "Person"),
        Entity("rc", "Roscosmos", "SpaceAgency"),
    ]
    memory.add(
        Extraction(
            Article("Back on Earth", "text one"),
            "text one",
            people,
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
            Article("Rogozin", "text two"),
            "text two",
            [people[3], people[4], people[5]],
            [_fact("dr", "heads", "rc"), _fact("rc", "produces", "ch", 0.6)],
            "test",
        )
    )
    return memory


def _iri(short: str) -> str:
    return str(ENTITY[short])


def test_graph_search_tolerates_typos_and_aliases(store: MemoryStore) -> None:
    index = LabelIndex.build(store)
    assert index.search("Yulia Peresil")[0].id == "person/yulia-peresild"
    assert index.search("Shipenko")[0].label == "Klim Shipenko"


def test_graph_search_filters_by_type(store: MemoryStore) -> None:
    hits = LabelIndex.build(store).search("Roscosmos", type="Person")
    assert all("Person" in h.types for h in hits)


def test_graph_resolve_accepts_id_iri_and_name(store: MemoryStore) -> None:
    index = LabelIndex.build(store)
    iri = _iri("person/dmitry-rogozin")
    assert index.resolve("person/dmitry-rogozin") == iri
    assert index.resolve(iri) == iri
    assert index.resolve("Dmitri Rogozin") == iri
    with pytest.raises(EntityNotFound):
        index.resolve("person/nobody")


def test_graph_entity_lists_facts_with_evidence(store: MemoryStore) -> None:
    page = entity(store, _iri("person/yulia-peresild"))
    assert page["aliases"] == ["Peresild"]
    out = {f["predicate"] for f in page["facts_out"]}  # type: ignore[attr-defined]
    assert out == {"flewOn", "starsIn"}
    evidence = page["facts_out"][0]["evidence"][0]  # type: ignore[index]
    assert evidence["sentence"] and evidence["article"]


def test_graph_entity_unknown_raises(store: MemoryStore) -> None:
    with pytest.raises(EntityNotFound):
        entity(store, _iri("person/nobody"))


def test_graph_neighborhood_hops(store: MemoryStore) -> None:
    one = neighborhood(store, _iri("person/yulia-peresild"), hops=1)
    two = neighborhood(store, _iri("person/yulia-peresild"), hops=2)
    assert {d["id"] for _, d in one.nodes(data=True)} == {
        "person/yulia-peresild",
        "craft/soyuz-ms-18",
        "work/the-challenge",
    }
    assert {"person/klim-shipenko", "org/roscosmos"} <= {d["id"] for _, d in two.nodes(data=True)}


def test_graph_neighborhood_direction_in(store: MemoryStore) -> None:
    graph = neighborhood(store, _iri("work/the-challenge"), hops=1, direction="in")
    assert all(v == _iri("work/the-challenge") for _, v in graph.edges())
    assert graph.number_of_edges() == 3


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"predicates": ["starsIn"]}, {"person/yulia-peresild", "work/the-challenge"}),
        ({"types": ["Film"]}, {"person/yulia-peresild", "work/the-challenge"}),
        (
            {"min_confidence": 0.7, "hops": 2},
            {
                "person/yulia-peresild",
                "work/the-challenge",
                "craft/soyuz-ms-18",
                "person/klim-shipenko",
            },
        ),
        ({"limit": 2}, None),
    ],
)
def test_graph_neighborhood_filters(
    store: MemoryStore, kwargs: dict[str, object], expected: set[str] | None
) -> None:
    graph = neighborhood(store, _iri("person/yulia-peresild"), **kwargs)  # type: ignore[arg-type]
    ids = {d["id"] for _, d in graph.nodes(data=True)}
    if expected is None:
        assert len(ids) == 2
    else:
        assert ids == expected


def test_graph_neighborhood_min_confidence_drops_weak_edges(store: MemoryStore) -> None:
    graph = neighborhood(store, _iri("craft/soyuz-ms-18"), hops=1, min_confidence=0.7)
    assert {d["id"] for _, d in graph.nodes(data=True)} == {
        "craft/soyuz-ms-18",
        "person/yulia-peresild",
    }


def test_graph_neighborhood_json_shape(store: MemoryStore) -> None:
    data = graph_json(neighborhood(store, _iri("person/yulia-peresild"), hops=1))
    assert data["nodes"][0]["hops"] == 0
    edge = data["edges"][0]
    assert {"source", "target", "predicate", "confidence", "evidence"} <= set(edge)


@pytest.mark.parametrize("hops", [0, 4])
def test_graph_neighborhood_rejects_hops_out_of_range(store: MemoryStore, hops: int) -> None:
    with pytest.raises(BadInputError):
        neighborhood(store, _iri("person/yulia-peresild"), hops=hops)


def test_graph_paths_shortest_with_evidence(store: MemoryStore) -> None:
    found = paths(store, _iri("person/yulia-peresild"), _iri("person/dmitry-rogozin"), max_hops=4)
    assert found and all(p["length"] == 3 for p in found)
    route = [n["id"] for n in found[0]["nodes"]]  # type: ignore[attr-defined]
    assert route == [
        "person/yulia-peresild",
        "work/the-challenge",
        "org/roscosmos",
        "person/dmitry-rogozin",
    ]
    fact = found[0]["steps"][0]["facts"][0]  # type: ignore[index]
    assert fact["predicate"] == "starsIn" and fact["evidence"][0]["sentence"]


def test_graph_paths_beyond_max_hops_is_empty(store: MemoryStore) -> None:
    assert (
        paths(store, _iri("person/yulia-peresild"), _iri("person/dmitry-rogozin"), max_hops=2) == []
    )


def test_graph_entity_iri_of_rejects_bad_iri() -> None:
    with pytest.raises(BadInputError):
        entity_iri_of("person/with space")
