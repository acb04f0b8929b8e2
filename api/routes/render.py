"""Pictures: the graph (or part of it) drawn by Graphviz as SVG or PNG."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import BackendDep
from api.routes.export import GraphQuery, graph_headers
from kg.render import PICTURE_FORMATS, render

router = APIRouter(tags=["export"])

# Graphviz stays fast and the picture readable up to this many nodes.
MAX_NODES = 500


@router.get(
    "/render",
    responses={200: {"content": {media: {} for media in PICTURE_FORMATS.values()}}},
)
async def render_graph(
    backend: BackendDep,
    query: Annotated[GraphQuery, Depends()],
    format: Annotated[Literal["svg", "png"], Query()] = "svg",
    layout: Annotated[
        Literal["dot", "sfdp", "neato", "circo"] | None,
        Query(description="Graphviz engine; default: dot for small graphs, sfdp for large"),
    ] = None,
) -> Response:
    """Draw the selected graph (at most 500 nodes), entities coloured by class."""
    graph = await run_in_threadpool(query.graph, backend, cap=MAX_NODES)
    picture = await run_in_threadpool(render, graph, format, layout=layout)  # type: ignore[arg-type]
    return Response(picture, media_type=PICTURE_FORMATS[format], headers=graph_headers(graph))
