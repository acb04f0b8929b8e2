"""Paths: the shortest connections between two entities, with the evidence of each fact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import BackendDep
from kg import graph

router = APIRouter(tags=["graph"])


@router.get("/paths")
def find_paths(
    backend: BackendDep,
    source: Annotated[
        str, Query(alias="from", min_length=1, max_length=500, description="entity id, IRI or name")
    ],
    target: Annotated[
        str, Query(alias="to", min_length=1, max_length=500, description="entity id, IRI or name")
    ],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 3,
    limit: Annotated[int, Query(ge=1, le=100, description="most paths returned")] = 10,
) -> dict[str, object]:
    """Return the shortest paths (ignoring edge direction) between two entities."""
    labels = backend.labels()
    start, end = labels.resolve(source), labels.resolve(target)
    found = graph.paths(backend.pool, start, end, max_hops=max_hops, limit=limit)
    return {"from": graph.entity_id(start), "to": graph.entity_id(end), "paths": found}
