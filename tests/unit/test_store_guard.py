"""The LOAD/SERVICE guard (keywords count only outside strings, IRIs, comments and names) and the
protocol dataset of updates written in as USING clauses."""

from __future__ import annotations

import pytest

from kg.errors import BadInputError, ForbiddenOperationError
from kg.store.guard import check_operations, forbidden_operation, with_dataset


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT * { SERVICE <http://x> { ?s ?p ?o } }", "SERVICE"),
        ("select * { service silent <http://x> { ?s ?p ?o } }", "SERVICE"),
        ("LOAD <http://x/y.ttl>", "LOAD"),
        ("load silent <http://x> into graph <http://g>", "LOAD"),
        ("SELECT * { SERVIC\\u0045 <http://x> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { ?s ?p ?o FILTER(?o < 3) } # x\nSERVICE <http://x> {}", "SERVICE"),
        ("SELECT * { ?s <http://x#a> ?o . SERVICE<http://y>{?a ?b ?c} }", "SERVICE"),
        ('SELECT * { ?s ?p "SERVICE <x>" }', None),
        ("SELECT ?service ?load { ?service ex:load ?load }", None),
        ("PREFIX service: <http://x#> SELECT * { service:a ?p ?o }", None),
        ("SELECT * { <http://x/SERVICE#LOAD> ?p ?o } # SERVICE in a comment", None),
        ("SELECT * { ?s ?p '''multi\nLOAD''' }", None),
        ('SELECT * { ?s ?p "a\\"SERVICE" }', None),
        ("SELECT * { ?s ?p ?o } LIMIT 3", None),
        ("SELECT * { \u017fervice <http://x> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_store_guard_finds_keywords_only(sparql: str, expected: str | None) -> None:
    assert forbidden_operation(sparql) == expected


def test_store_guard_check_raises() -> None:
    with pytest.raises(ForbiddenOperationError, match="LOAD"):
        check_operations("LOAD <http://example.org/data.ttl>")


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (
            "INSERT { ?s a <http://x/C> } WHERE { ?s a <http://x/D> }",
            "INSERT { ?s a <http://x/C> } USING <http://g/1> USING NAMED <http://g/2> "
            "WHERE { ?s a <http://x/D> }",
        ),
        (
            "INSERT DATA { <http://x/a> <http://x/p> 1 } ; "
            'DELETE { ?s ?p "WHERE }" } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } # WHERE',
            "INSERT DATA { <http://x/a> <http://x/p> 1 } ; "
            'DELETE { ?s ?p "WHERE }" } USING <http://g/1> USING NAMED <http://g/2> '
            "WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } # WHERE",
        ),
        ("CLEAR ALL", "CLEAR ALL"),
    ],
)
def test_store_guard_with_dataset_adds_using_before_each_where(update: str, expected: str) -> None:
    assert with_dataset(update, ["http://g/1"], ["http://g/2"]) == expected


def test_store_guard_with_dataset_without_graphs_keeps_update() -> None:
    assert with_dataset("WITH <http://g> DELETE { ?s ?p ?o } WHERE {}", [], []).startswith("WITH")


@pytest.mark.parametrize(
    ("update", "graph"),
    [
        ("WITH <http://g/0> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "http://g/1"),
        ("delete { ?s ?p ?o } using <http://g/0> where { ?s ?p ?o }", "http://g/1"),
        ("DELETE WHERE { ?s ?p ?o }", "http://g/1"),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "http://g/1> } ; DROP ALL ; <http://x"),
    ],
)
def test_store_guard_with_dataset_refuses(update: str, graph: str) -> None:
    with pytest.raises(BadInputError):
        with_dataset(update, [graph], [])
