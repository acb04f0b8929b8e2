"""Our streaming SELECT writers agree with pyoxigraph's serializers and stop at the row limit."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest

from kg.store.results import write_solutions

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    memory = ox.Store()
    s = ox.NamedNode(EX + "s")
    objects = [
        ox.Literal('plain, with "quotes"\nand\ttab'),
        ox.Literal("bonjour", language="fr"),
        ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.NamedNode(EX + "o"),
        ox.BlankNode("b0"),
    ]
    for i, obj in enumerate(objects):
        memory.add(ox.Quad(s, ox.NamedNode(f"{EX}p{i}"), obj))
    return memory


QUERY = "SELECT ?p ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?p"
FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def _ours(store: ox.Store, fmt: str, max_rows: int = 100) -> tuple[bytes, bool]:
    result = store.query(QUERY)
    assert isinstance(result, ox.QuerySolutions)
    output = io.BytesIO()
    _, is_truncated = write_solutions(
        output, fmt, [v.value for v in result.variables], (tuple(r) for r in result), max_rows
    )
    return output.getvalue(), is_truncated


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_store_results_parse_back_like_pyoxigraph(store: ox.Store, fmt: str) -> None:
    ours, _ = _ours(store, fmt)
    reference = store.query(QUERY)
    assert isinstance(reference, ox.QuerySolutions)
    theirs = reference.serialize(format=FORMATS[fmt])
    assert theirs is not None
    if fmt == "csv":  # lossy by design: pyoxigraph does not parse it back
        assert ours.decode() == theirs.decode()
        return

    def rows(data: bytes) -> list[list[object]]:
        parsed = ox.parse_query_results(data, FORMATS[fmt])
        assert isinstance(parsed, ox.QuerySolutions)
        return [[str(t) if t is not None else None for t in row] for row in parsed]

    assert rows(ours) == rows(theirs)


def test_store_results_stop_at_row_limit(store: ox.Store) -> None:
    body, is_truncated = _ours(store, "json", max_rows=2)
    assert is_truncated
    assert len(json.loads(body)["results"]["bindings"]) == 2


def test_store_results_json_triple_terms_match_pyoxigraph() -> None:
    memory = ox.Store()
    quoted = ox.Triple(
        ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.Literal('c "é"\n', language="fr")
    )
    memory.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), quoted))
    ours, _ = _ours(memory, "json")
    reference = memory.query(QUERY)
    assert isinstance(reference, ox.QuerySolutions)
    theirs = reference.serialize(format=ox.QueryResultsFormat.JSON)
    assert theirs is not None
    assert json.loads(ours) == json.loads(theirs)


@pytest.mark.parametrize("memo_size", [20_000, 2])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_store_results_repeated_rows_written_like_pyoxigraph(
    fmt: str, memo_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Over the union of graphs a statement in three graphs is three equal rows; the writers remember
    # row and term texts, also past their memo's size.
    monkeypatch.setattr("kg.store.results._MEMO_SIZE", memo_size)
    memory = ox.Store()
    for g in range(3):
        for i in range(4):
            memory.add(
                ox.Quad(
                    ox.NamedNode(f"{EX}e{i % 2}"),
                    ox.NamedNode(EX + "label"),
                    ox.Literal(f"name {i}", language="en"),
                    ox.NamedNode(f"{EX}g{g}"),
                )
            )
    query = "SELECT ?e ?l WHERE { ?e ?p ?l } ORDER BY ?l"
    result = memory.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    output = io.BytesIO()
    written, _ = write_solutions(
        output, fmt, [v.value for v in result.variables], (tuple(r) for r in result), 100
    )
    reference = memory.query(query, use_default_graph_as_union=True)
    assert isinstance(reference, ox.QuerySolutions)
    assert written == 12
    assert output.getvalue() == reference.serialize(format=FORMATS[fmt])
