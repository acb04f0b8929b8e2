"""Articles: add (JSON, plain text or file upload), list, read, delete; and the extraction preview."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.bodies import decode_text
from api.deps import Authorized, BackendDep, PoolDep
from kg import articles as stored
from kg.errors import ArticleNotFound, BadInputError, UnsupportedMediaType
from kg.extract.pipeline import extract
from kg.ingest import ingest
from kg.model import Article
from kg.sources import parse_article
from kg.terms import article_iri

router = APIRouter(tags=["articles"])

JSON_MEDIA = "application/json"
TEXT_MEDIA = "text/plain"
MULTIPART_MEDIA = "multipart/form-data"


class ArticleIn(BaseModel):
    """An article to add or preview."""

    title: str = Field(min_length=1, max_length=1000)
    text: str = Field(min_length=1)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            JSON_MEDIA: {"schema": ArticleIn.model_json_schema()},
            TEXT_MEDIA: {
                "schema": {"type": "string", "description": "first line: the title; then the text"}
            },
            MULTIPART_MEDIA: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "url": {"type": "string"},
                        "published": {"type": "string", "format": "date"},
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


async def _read_article(request: Request) -> Article:
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    if media == JSON_MEDIA:
        try:
            body = ArticleIn.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError(
                exc.errors(include_url=False, include_context=False)
            ) from exc
        if not body.title.strip() or not body.text.strip():
            raise BadInputError("title and text must not be blank")
        return Article(body.title.strip(), body.text, body.url or None, body.published, "api")
    if media == TEXT_MEDIA:
        return parse_article(decode_text(await request.body(), content_type), source="api")
    if media == MULTIPART_MEDIA:
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise BadInputError("multipart body needs a `file` part")
        raw = await upload.read()
        if b"\x00" in raw:
            raise BadInputError("binary file, expected UTF-8 text")
        text = decode_text(raw, upload.content_type or TEXT_MEDIA).removeprefix("\ufeff")
        article = parse_article(text, source=upload.filename or "upload")
        url, published = form.get("url"), form.get("published")
        if isinstance(url, str) and url:
            article = Article(article.title, article.text, url, article.published, article.source)
        if isinstance(published, str) and published:
            try:
                day = date.fromisoformat(published)
            except ValueError as exc:
                raise BadInputError(f"published {published!r} is not YYYY-MM-DD") from exc
            article = Article(article.title, article.text, article.url, day, article.source)
        return article
    raise UnsupportedMediaType(media or "(none)", (JSON_MEDIA, TEXT_MEDIA, MULTIPART_MEDIA))


@router.post(
    "/articles",
    status_code=201,
    openapi_extra=_BODY,
    responses={
        200: {"description": "the same text was stored already (or replaced an older version)"},
        413: {"description": "body too large"},
        415: {"description": "unsupported media type or charset"},
    },
)
async def add_article(request: Request, backend: BackendDep) -> JSONResponse:
    """Extract an article and store it in its own graph; return its id and the extracted facts."""
    article = await _read_article(request)
    nlp = backend.pipeline()
    result = await run_in_threadpool(
        backend.write, lambda store: next(iter(ingest(store, nlp, [article])))
    )
    body = await run_in_threadpool(stored.article, backend.pool, result.article_id)
    body["status"] = result.status
    return JSONResponse(
        body,
        status_code=201 if result.status == "added" else 200,
        headers={"Location": f"/articles/{result.article_id}"},
    )


@router.get("/articles")
def list_articles(
    pool: PoolDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, object]]:
    """List stored articles (id, headline, url, published) by id."""
    return stored.list_articles(pool, limit=limit, offset=offset)


@router.get("/articles/{article_id}")
def get_article(pool: PoolDep, article_id: str) -> dict[str, object]:
    """Return one article with its entities and facts (evidence, offsets, confidence)."""
    return stored.article(pool, article_id)


@router.delete("/articles/{article_id}", status_code=204, dependencies=[Authorized])
def delete_article(backend: BackendDep, article_id: str) -> Response:
    """Remove an article's graph, and with it every entity no other article mentions (needs the token)."""
    iri = str(article_iri(stored.check_article_id(article_id)))
    if not backend.write(lambda store: store.remove_graph(iri)):
        raise ArticleNotFound(article_id)
    return Response(status_code=204)


@router.post("/extract", openapi_extra=_BODY, responses={413: {}, 415: {}})
async def extract_article(request: Request, backend: BackendDep) -> dict[str, object]:
    """Preview what an article would add: entities and facts, nothing stored."""
    article = await _read_article(request)
    nlp = backend.pipeline()
    extraction = await run_in_threadpool(extract, nlp, article)
    data = asdict(extraction)
    del data["clean_text"]
    data["article"]["id"] = article.id
    return data
