"""RFC 9457 problem+json responses: one table from exception class to status, one handler."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kg.errors import (
    ArticleNotFound,
    BadInputError,
    EntityNotFound,
    ForbiddenOperationError,
    KGError,
    ModelNotInstalledError,
    PayloadTooLarge,
    QuerySyntaxError,
    QueryTimeout,
    RenderError,
    StoreUnavailableError,
    UnknownFormatError,
    UnsupportedMediaType,
    UpdateForbidden,
)

PROBLEM_JSON = "application/problem+json"
_TYPE_BASE = "https://w3id.org/space-media-kg/problems/"

# Exception class -> (HTTP status, problem type slug); the handler walks the MRO.
STATUS: dict[type[KGError], tuple[int, str]] = {
    QuerySyntaxError: (400, "query-syntax"),
    BadInputError: (400, "bad-input"),
    UnknownFormatError: (406, "not-acceptable"),
    EntityNotFound: (404, "entity-not-found"),
    ArticleNotFound: (404, "article-not-found"),
    ForbiddenOperationError: (403, "operation-refused"),
    UpdateForbidden: (403, "update-forbidden"),
    PayloadTooLarge: (413, "payload-too-large"),
    UnsupportedMediaType: (415, "unsupported-media-type"),
    QueryTimeout: (503, "query-timeout"),
    StoreUnavailableError: (503, "store-unavailable"),
    ModelNotInstalledError: (503, "model-not-installed"),
    RenderError: (503, "render-unavailable"),
    KGError: (500, "internal"),
}

log = logging.getLogger(__name__)


def problem(status: int, slug: str, title: str, detail: str | None = None) -> JSONResponse:
    """Return a problem+json response."""
    body: dict[str, object] = {"type": _TYPE_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


async def _kg_error(request: Request, exc: Exception) -> JSONResponse:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            status, slug = STATUS[cls]
            return problem(status, slug, slug.replace("-", " ").capitalize(), str(exc))
    raise exc


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, f"http-{exc.status_code}", str(exc.detail))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
    )
    return problem(422, "invalid-request", "Invalid request", detail)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal", "Internal server error")


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on `app`."""
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
