"""SPARQL 1.1 query endpoint over the union of all article graphs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from api.deps import StoreDep
from api.negotiation import choose_format
from kg.formats import RDF_FORMATS, RESULT_FORMATS

router = APIRouter(tags=["sparql"])


@router.get("/sparql")
def query_sparql(
    store: StoreDep,
    query: Annotated[str, Query(min_length=1, description="SPARQL 1.1 query")],
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Run a SPARQL query; SELECT/ASK answer in SPARQL JSON unless Accept asks for XML, CSV or TSV."""
    body, fmt = store.query(query, choose_format(accept))
    media = RESULT_FORMATS.get(fmt) or RDF_FORMATS[fmt]
    return Response(body, media_type=media)
