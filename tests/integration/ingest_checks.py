"""What the ingest tests check on a store: its sorted N-Quads dump and its number of article graphs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.conftest import run_kg

GRAPH_COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def dump(store: Path) -> list[str]:
    """The store's quads as sorted N-Quads lines, read by `kg export`."""
    result = run_kg("export", "--format", "nquads", "--store", store)
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


def graph_count(store: Path) -> int:
    """The number of named graphs (one per article) in the store, read by `kg query`."""
    result = run_kg("query", GRAPH_COUNT, "--store", store)
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])
