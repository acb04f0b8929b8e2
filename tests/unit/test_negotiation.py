"""Accept header negotiation for SPARQL results."""

from __future__ import annotations

import pytest

from api.negotiation import choose_format


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
