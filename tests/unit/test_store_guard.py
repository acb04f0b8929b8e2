"""The LOAD/SERVICE guard: keywords count only outside strings, IRIs, comments and names."""

from __future__ import annotations

import pytest

from kg.errors import ForbiddenOperationError
from kg.store.guard import check_operations, forbidden_operation


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
    ],
)
def test_store_guard_finds_keywords_only(sparql: str, expected: str | None) -> None:
    assert forbidden_operation(sparql) == expected


def test_store_guard_check_raises() -> None:
    with pytest.raises(ForbiddenOperationError, match="LOAD"):
        check_operations("LOAD <http://example.org/data.ttl>")
