"""Entities: typo-tolerant search, one entity with its facts, and its neighborhood graph.

`{entity_id}` is the entity IRI after `https://w3id.org/space-media-kg/entity/`, e.g.
`person/yulia-peresild`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.deps import BackendDep, PoolDep
from kg import export, graph
from kg.formats import GRAPH_FORMATS, RDF_FORMATS, check_format

EXPORT_FORMATS = {**GRAPH_FORMATS, **RDF_FORMATS}

router = APIRouter(tags=["graph"])

EntityId = Annotated[
    str,
    Path(
        description="the entity IRI after `https://w3id.org/space-media-kg/entity/`",
        examples=["person/yulia-peresild"],
    ),
]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@router.get("/entities")
def search_entities(
    backend: BackendDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="name, alias or typo of one")
    ],
    type: Annotated[
        str | None, Query(max_length=100, description="ontology class, e.g. `Person`")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, object]]:
    """Find entities whose label or alias is close to `q`, best match first."""
    return [asdict(hit) for hit in backend.labels().search(q, type=type, limit=limit)]


@router.get(
    "/entities/{entity_id:path}/neighborhood",
    response_model=None,
    responses={200: {"content": {media: {} for media in EXPORT_FORMATS.values()}}},
)
def get_neighborhood(
    pool: PoolDep,
    entity_id: EntityId,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    direction: Annotated[graph.Direction, Query()] = "both",
    predicates: Annotated[
        list[str] | None, Query(description="property local names (repeat or comma-separate)")
    ] = None,
    types: Annotated[
        list[str] | None, Query(description="class local names the reached entities must have")
    ] = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=1000, description="most nodes returned")] = 100,
    format: Annotated[
        str,
        Query(description=f"json, or an export format: {', '.join(EXPORT_FORMATS)}"),
    ] = "json",
) -> dict[str, list[dict[str, object]]] | Response:
    """Return the entities within `hops` facts of this one, as nodes and edges with evidence (JSON)
    or the same nodes and edges in an export format (graph formats, RDF with provenance)."""
    if format != "json":
        check_format(format, EXPORT_FORMATS)
    found = graph.neighborhood(
        pool,
        graph.entity_iri_of(entity_id),
        hops=hops,
        direction=direction,
        predicates=_split(predicates),
        types=_split(types),
        min_confidence=min_confidence,
        limit=limit,
    )
    if format == "json":
        return graph.graph_json(found)
    body = export.export_neighborhood(pool, found, format, min_confidence=min_confidence)
    return Response(body, media_type=EXPORT_FORMATS[format])


@router.get("/entities/{entity_id:path}")
def get_entity(pool: PoolDep, entity_id: EntityId) -> dict[str, object]:
    """Return an entity: labels, types, articles, and facts in and out with their evidence."""
    return graph.entity(pool, graph.entity_iri_of(entity_id))
