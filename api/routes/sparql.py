"""SPARQL 1.1 Protocol endpoint: queries by GET and POST, updates with a token, service description."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.bodies import decode_text
from api.deps import PoolDep, SettingsDep, check_token
from api.negotiation import RDF_MEDIA, RESULT_MEDIA, negotiate
from api.service_description import RDFLIB_FORMATS, service_description
from api.state import Backend
from kg.errors import BadInputError, UnknownFormatError, UnsupportedMediaType
from kg.formats import RDF_FORMATS, RESULT_FORMATS
from kg.settings import Settings
from kg.store.guard import check_operations, with_dataset
from kg.store.pool import Queries

router = APIRouter(tags=["sparql"])

QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
FORM_MEDIA = "application/x-www-form-urlencoded"
MULTIPART_MEDIA = "multipart/form-data"
TRUNCATED_HEADER = "KG-Results-Truncated"
# Parameters naming the dataset of a query (the first two) or of an update (the last two).
_DATASET_PARAMETERS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)

_RESULTS = {
    200: {
        "description": "SELECT/ASK results (SPARQL JSON, XML, CSV, TSV) or CONSTRUCT/DESCRIBE RDF "
        "(Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML), chosen by query type and Accept; "
        "without a query, the service description",
        "content": {
            **{media: {"schema": {"type": "string"}} for media in RESULT_FORMATS.values()},
            **{media: {"schema": {"type": "string"}} for media in RDF_FORMATS.values()},
        },
    },
    400: {
        "description": "the query or update does not parse, `query` or `update` is repeated, an "
        "update came by GET, or using-graph-uri/using-named-graph-uri meet WITH/USING"
    },
    403: {"description": "LOAD or SERVICE, or an update without the token"},
    406: {"description": "no acceptable format for this kind of result"},
    415: {"description": "a body that is not a form, a query or an update in UTF-8"},
    503: {"description": "the query ran past the time limit"},
}
_POST_HEADERS = [
    {"name": "accept", "in": "header", "required": False, "schema": {"type": "string"}},
    {
        "name": "authorization",
        "in": "header",
        "required": False,
        "description": "`Bearer <token>`: the configured update token",
        "schema": {"type": "string"},
    },
]
_POST_OPENAPI = {
    "parameters": _POST_HEADERS,
    "requestBody": {
        "required": True,
        "content": {
            FORM_MEDIA: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "update": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            QUERY_MEDIA: {"schema": {"type": "string"}},
            UPDATE_MEDIA: {"schema": {"type": "string"}},
        },
    },
}


def _graphs(values: list[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values else None


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise BadInputError(f"send `{name}` once, not {len(values)} times")
    return values[0] if values else None


def _form_fields(body: bytes) -> list[tuple[str, str]]:
    # A urlencoded body is ASCII; its percent-escapes must decode as UTF-8.
    try:
        return parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"form is not URL-encoded UTF-8 ({exc.reason})") from exc


def _endpoint(request: Request) -> str:
    # The service's own IRI: named by the service description, the base of relative IRIs.
    return str(request.url.replace(query="", fragment=""))


async def _run_query(
    pool: Queries,
    query: str,
    accept: str | None,
    default_graph: tuple[str, ...] | None,
    named_graphs: tuple[str, ...] | None,
    base_iri: str,
) -> Response:
    answer = await pool.answer(
        query,
        result_fmt=negotiate(accept, RESULT_MEDIA, "json"),
        rdf_fmt=negotiate(accept, RDF_MEDIA, "turtle"),
        default_graph=default_graph,
        named_graphs=named_graphs,
        base_iri=base_iri,
    )
    media = RESULT_FORMATS.get(answer.fmt) or RDF_FORMATS[answer.fmt]
    headers = {"Vary": "Accept"}
    if answer.body is None:
        assert answer.chunks is not None
        return StreamingResponse(answer.chunks, media_type=media, headers=headers)
    if answer.is_truncated:
        headers[TRUNCATED_HEADER] = "true"
    return Response(answer.body, media_type=media, headers=headers)


def _describe_service(request: Request, settings: Settings, accept: str | None) -> Response:
    fmt = negotiate(accept, RDF_MEDIA, "turtle")
    if fmt is None:
        raise UnknownFormatError(accept or "", list(RDF_FORMATS.values()))
    has_update = settings.update_token is not None or settings.allow_anonymous_update
    graph = service_description(_endpoint(request), has_update=has_update)
    body = graph.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=RDF_FORMATS[fmt], headers={"Vary": "Accept"})


@router.get("/sparql", responses=_RESULTS)  # type: ignore[arg-type]
async def query_sparql(
    request: Request,
    pool: PoolDep,
    settings: SettingsDep,
    query: Annotated[
        str | None, Query(description="SPARQL 1.1 query; absent: service description")
    ] = None,
    default_graph_uri: Annotated[
        list[str] | None,
        Query(alias="default-graph-uri", description="graphs merged as the default graph"),
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None, Query(alias="named-graph-uri", description="graphs GRAPH may match")
    ] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Run a SPARQL query over the union of all article graphs (or the given dataset)."""
    if "update" in request.query_params:
        raise BadInputError("send updates by POST, never by GET")
    # `query` holds the last of repeated parameters; the protocol wants those refused.
    query = _one(request.query_params.getlist("query"), "query")
    if query is None:
        return await run_in_threadpool(_describe_service, request, settings, accept)
    return await _run_query(
        pool,
        query,
        accept,
        _graphs(default_graph_uri),
        _graphs(named_graph_uri),
        _endpoint(request),
    )


@router.post("/sparql", responses=_RESULTS, openapi_extra=_POST_OPENAPI)  # type: ignore[arg-type]
async def post_sparql(request: Request) -> Response:
    """Run a query (form field `query` or an `application/sparql-query` body) or, with the bearer
    token, an update (form field `update` or an `application/sparql-update` body)."""
    # Read here, not declared as parameters (see _POST_HEADERS): FastAPI's solving of four
    # parameters cost 0.3 ms a query, 6% of a small lookup.
    backend: Backend = request.app.state.backend
    settings: Settings = request.app.state.settings
    accept = request.headers.get("accept")
    authorization = request.headers.get("authorization")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fields = request.query_params.multi_items()
    query: str | None = None
    update: str | None = None
    if media in (FORM_MEDIA, MULTIPART_MEDIA):
        if media == FORM_MEDIA:
            # Parsed here: Starlette's form parser cost about 5% of a small query's server time.
            body = _form_fields(await request.body())
        else:
            form = await request.form()
            body = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        query = _one([v for k, v in body if k == "query"], "query")
        update = _one([v for k, v in body if k == "update"], "update")
        if (query is None) == (update is None):
            raise BadInputError("send exactly one of the form fields `query` and `update`")
        # A form carries its dataset in the body; a parameter missing there may come in the URL.
        in_body = {k for k, _ in body}
        fields = body + [(k, v) for k, v in fields if k not in in_body]
    elif media in (QUERY_MEDIA, UPDATE_MEDIA):
        text = decode_text(await request.body(), request.headers.get("content-type", ""))
        query, update = (text, None) if media == QUERY_MEDIA else (None, text)
    else:
        raise UnsupportedMediaType(media or "(none)", (FORM_MEDIA, QUERY_MEDIA, UPDATE_MEDIA))
    graphs = {name: [v for k, v in fields if k == name] for name in _DATASET_PARAMETERS}
    if query is not None:
        return await _run_query(
            backend.pool,
            query,
            accept,
            _graphs(graphs["default-graph-uri"]),
            _graphs(graphs["named-graph-uri"]),
            _endpoint(request),
        )
    assert update is not None
    check_token(settings, authorization)
    check_operations(update)
    sparql = with_dataset(update, graphs["using-graph-uri"], graphs["using-named-graph-uri"])
    base_iri = _endpoint(request)
    await run_in_threadpool(backend.write, lambda store: store.update(sparql, base_iri=base_iri))
    return Response(status_code=204)
