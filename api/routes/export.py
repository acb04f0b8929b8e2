"""Exports: the whole graph in an RDF format, or the graph (or part of it) in a property-graph format."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import BackendDep
from kg import export
from kg.formats import GRAPH_FORMATS, RDF_FORMATS, check_format

router = APIRouter(tags=["export"])

# The most nodes one response carries; the response says when it cut the graph.
MAX_NODES = 5000


def _names(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class GraphQuery:
    """The filter parameters shared by /export and /render."""

    def __init__(
        self,
        entity: Annotated[
            str | None,
            Query(max_length=500, description="center entity: id, IRI or name (typos allowed)"),
        ] = None,
        hops: Annotated[int, Query(ge=1, le=3, description="distance from `entity`")] = 1,
        types: Annotated[
            list[str] | None, Query(description="classes to keep (repeat or comma-separate)")
        ] = None,
        predicates: Annotated[
            list[str] | None, Query(description="properties to keep (repeat or comma-separate)")
        ] = None,
        min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
        article: Annotated[
            str | None, Query(max_length=200, description="keep this article's facts")
        ] = None,
        limit: Annotated[
            int | None, Query(ge=1, le=MAX_NODES, description=f"most nodes (≤ {MAX_NODES})")
        ] = None,
    ) -> None:
        self.entity = entity
        self.hops = hops
        self.types = _names(types)
        self.predicates = _names(predicates)
        self.min_confidence = min_confidence
        self.article = article
        self.limit = limit

    def is_filtered(self) -> bool:
        """Return whether any parameter narrows the graph."""
        return bool(
            self.entity or self.types or self.predicates or self.min_confidence or self.article
        )

    def graph_filter(self, backend: BackendDep, *, cap: int) -> export.GraphFilter:
        """Return the filter these parameters make, at most `min(limit, cap)` nodes."""
        return export.graph_filter_of(
            backend.pool,
            entity=self.entity,
            hops=self.hops,
            types=self.types,
            predicates=self.predicates,
            min_confidence=self.min_confidence,
            article=self.article,
            limit=min(self.limit or cap, cap),
            labels=backend.labels() if self.entity else None,
        )

    def graph(self, backend: BackendDep, *, cap: int) -> object:
        """Return the selected entity graph, at most `min(limit, cap)` nodes."""
        return export.entity_graph(backend.pool, self.graph_filter(backend, cap=cap))


def graph_headers(graph: object) -> dict[str, str]:
    """Return response headers telling the node count and whether the graph was cut."""
    data = getattr(graph, "graph", {})
    return {
        "X-KG-Nodes": str(len(graph)),  # type: ignore[arg-type]
        "X-KG-Reachable": str(data.get("reachable", len(graph))),  # type: ignore[arg-type]
        "X-KG-Truncated": "true" if data.get("truncated") else "false",
    }


@router.get(
    "/export",
    responses={
        200: {
            "description": "the graph in the asked format",
            "content": {media: {} for media in {**RDF_FORMATS, **GRAPH_FORMATS}.values()},
        }
    },
)
async def export_graph(
    backend: BackendDep,
    query: Annotated[GraphQuery, Depends()],
    format: Annotated[
        str,
        Query(description=f"one of {', '.join([*RDF_FORMATS, *GRAPH_FORMATS])}"),
    ] = "graphml",
) -> Response:
    """Export the graph, or the part the parameters select, in a graph or an RDF format.

    Without parameters RDF formats hold every quad; with them, the selected entities, facts with
    their provenance, and the articles behind them. `csv` is a zip of `nodes.csv` and `edges.csv`.
    Selections carry `X-KG-Nodes`, `X-KG-Reachable` and `X-KG-Truncated` (true when `limit` or
    the server cap cut them).
    """
    check_format(format, (*RDF_FORMATS, *GRAPH_FORMATS))
    filename = f"space-media-kg.{export.EXTENSIONS.get(format, format)}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    media = {**RDF_FORMATS, **GRAPH_FORMATS}[format]
    if format in RDF_FORMATS and not (query.is_filtered() or query.limit):
        buffer = io.BytesIO()
        await run_in_threadpool(backend.store.dump, buffer, format)
        return Response(buffer.getvalue(), media_type=media, headers=disposition)
    graph_filter = await run_in_threadpool(query.graph_filter, backend, cap=MAX_NODES)
    graph, body = await run_in_threadpool(
        export.export_selection, backend.pool, graph_filter, format
    )
    return Response(body, media_type=media, headers={**disposition, **graph_headers(graph)})
