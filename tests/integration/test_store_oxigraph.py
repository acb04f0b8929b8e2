"""The embedded Oxigraph store on disk: atomic graph replacement, persistence, locking, queries."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from kg.errors import QuerySyntaxError, StoreUnavailableError, UnknownFormatError
from kg.store import OxigraphStore, Quad

pytestmark = pytest.mark.integration

EX = "http://example.org/"
G1, G2 = EX + "g1", EX + "g2"


def _quads(graph: str, n: int, tag: str = "") -> list[Quad]:
    g = URIRef(graph)
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"v{i}{tag}"), g) for i in range(n)]


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    opened = OxigraphStore(tmp_path / "store")
    yield opened
    opened.close()


def test_store_quad_count_follows_every_kind_of_write(store: OxigraphStore) -> None:
    counted = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    expected = [0, 3, 5, 3, 4, 1]
    seen = [store.quad_count()]
    store.replace_graph(G1, _quads(G1, 3))  # a new graph
    seen.append(store.quad_count())
    store.replace_graph(G2, _quads(G2, 2))
    seen.append(store.quad_count())
    store.replace_graph(G2, [])  # an existing graph, replaced
    seen.append(store.quad_count())
    store.update(f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}")
    seen.append(store.quad_count())
    store.remove_graph(G1)
    seen.append(store.quad_count())
    assert seen == expected
    assert store.select(counted) == [{"n": str(expected[-1])}]


def test_store_replace_graph_replaces_only_that_graph(store: OxigraphStore) -> None:
    store.replace_graph(G1, _quads(G1, 3))
    store.replace_graph(G2, _quads(G2, 2))
    store.replace_graph(G1, _quads(G1, 1, tag="new"))
    rows = store.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?o")
    assert [(r["g"], r["o"]) for r in rows] == [(G1, "v0new"), (G2, "v0"), (G2, "v1")]


def test_store_replace_graph_is_idempotent(store: OxigraphStore) -> None:
    store.replace_graph(G1, _quads(G1, 4))
    before = store.quad_count()
    store.replace_graph(G1, _quads(G1, 4))
    assert store.quad_count() == before == 4


def test_store_contents_survive_reopen(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "s")
    first.replace_graph(G1, _quads(G1, 5))
    first.close()
    second = OxigraphStore(tmp_path / "s", create=False)
    assert second.quad_count() == 5
    second.close()


def test_store_graph_value_reads_graph_metadata(store: OxigraphStore) -> None:
    g = URIRef(G1)
    store.replace_graph(G1, [(g, URIRef(EX + "hash"), Literal("abc"), g)])
    assert store.graph_value(G1, EX + "hash") == "abc"
    assert store.graph_value(G2, EX + "hash") is None


def test_store_held_by_another_process_is_unavailable(tmp_path: Path) -> None:
    OxigraphStore(tmp_path / "s").close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('ok', flush=True); sys.stdin.read()",
            str(tmp_path / "s"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreUnavailableError, match="in use by another process"):
            OxigraphStore(tmp_path / "s")
    finally:
        holder.communicate("")


def test_store_missing_store_is_unavailable_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="no store there"):
        OxigraphStore(tmp_path / "absent", create=False)
    assert not (tmp_path / "absent").exists()


def test_store_bad_query_raises_query_syntax_error(store: OxigraphStore) -> None:
    with pytest.raises(QuerySyntaxError):
        store.query("SELEKT * WHERE { ?s ?p ?o }")


def test_store_select_sees_union_of_graphs(store: OxigraphStore) -> None:
    store.replace_graph(G1, _quads(G1, 2))
    store.replace_graph(G2, _quads(G2, 2))
    body, fmt = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert fmt == "json"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "4"


def test_store_construct_refuses_result_formats(store: OxigraphStore) -> None:
    with pytest.raises(UnknownFormatError):
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "csv")


@pytest.mark.parametrize(
    ("fmt", "rdflib_format", "expected"),
    [
        ("nquads", "nquads", 3),
        ("trig", "trig", 3),
        ("jsonld", "json-ld", 3),
        ("turtle", "turtle", 2),
        ("ntriples", "nt", 2),
        ("rdfxml", "xml", 2),
    ],
)
def test_store_dump_round_trips(
    store: OxigraphStore, fmt: str, rdflib_format: str, expected: int
) -> None:
    # Two graphs share one triple: datasets keep 3 quads, triple formats keep 2 distinct triples.
    store.replace_graph(G1, _quads(G1, 2))
    store.replace_graph(G2, _quads(G2, 1))
    buffer = io.BytesIO()
    store.dump(buffer, fmt)
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format=rdflib_format)
    count = sum(1 for _ in dataset.quads((None, None, None, None)))
    assert count == expected


@pytest.mark.parametrize(
    "literal",
    [
        Literal("2021-10-17", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
        Literal(0.75),
        Literal("une fusée", lang="fr"),
        Literal('quote " backslash \\ newline \n tab \t'),
    ],
    ids=["date", "double", "language", "escapes"],
)
def test_store_keeps_literal_datatype_and_text(store: OxigraphStore, literal: Literal) -> None:
    g = URIRef(G1)
    store.replace_graph(G1, [(g, URIRef(EX + "p"), literal, g)])
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    (stored,) = [o for _, _, o, _ in dataset.quads((None, None, None, None))]
    assert (stored, stored.datatype, stored.language) == (
        literal,
        literal.datatype,
        literal.language,
    )
