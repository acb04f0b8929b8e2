"""Accept header negotiation for SPARQL results."""

from __future__ import annotations

import pytest

from api.negotiation import RDF_MEDIA, RESULT_MEDIA, choose_format, negotiate


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, None),
        ("*/*", None),
        ("application/sparql-results+json", "json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "xml"),
        ("text/csv;q=0.9, text/tab-separated-values;q=0.95", "tsv"),
        ("text/turtle", "turtle"),
        ("image/png, text/csv;q=0.1", "csv"),
    ],
)
def test_negotiation_picks_highest_quality_known_format(
    accept: str | None, expected: str | None
) -> None:
    assert choose_format(accept) == expected


@pytest.mark.parametrize(
    ("accept", "kind", "expected"),
    [
        (None, "results", "json"),
        (None, "rdf", "turtle"),
        ("application/sparql-results+json, text/turtle", "results", "json"),
        ("application/sparql-results+json, text/turtle", "rdf", "turtle"),
        ("*/*", "rdf", "turtle"),
        ("text/*", "results", "csv"),
        ("application/json", "rdf", "jsonld"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.8", "results", "xml"),
        ("text/turtle", "results", None),
        ("text/csv", "rdf", None),
        ("image/png", "results", None),
        ("application/sparql-results+json;q=0", "results", None),
    ],
)
def test_negotiation_per_query_kind(accept: str | None, kind: str, expected: str | None) -> None:
    media, default = (RESULT_MEDIA, "json") if kind == "results" else (RDF_MEDIA, "turtle")
    assert negotiate(accept, media, default) == expected
