"""Articles: add (JSON, text, HTML, JSON Lines, feeds or a file upload), list, read, delete; and the extraction preview."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import PurePath
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
from kg.sources import FORMAT_OF_SUFFIX, Format, Record, Skipped, detect_format, parse_source
from kg.terms import article_iri

router = APIRouter(tags=["articles"])

JSON_MEDIA = "application/json"
TEXT_MEDIA = "text/plain"
MULTIPART_MEDIA = "multipart/form-data"
# Bodies read as a source (see kg.sources); JSON Lines and feeds may hold several articles.
SOURCE_MEDIA: dict[str, Format] = {
    TEXT_MEDIA: "text",
    "text/markdown": "text",
    "text/html": "html",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
}
_MANY: frozenset[Format] = frozenset({"jsonl", "feed"})


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
            "text/html": {"schema": {"type": "string", "description": "a page; main text kept"}},
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "one JSON article a line"}
            },
            "application/rss+xml": {"schema": {"type": "string", "description": "RSS/Atom feed"}},
            MULTIPART_MEDIA: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": ".txt, .md, .html, .jsonl, .rss/.atom/.xml",
                        },
                        "url": {"type": "string"},
                        "published": {"type": "string", "format": "date"},
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


@dataclass
class _Body:
    """The records of a request body, and whether its format holds a list of articles."""

    records: list[Record]
    is_many: bool

    @property
    def articles(self) -> list[Article]:
        """The usable articles, in order; raise BadInputError when there are none."""
        found = [r for r in self.records if isinstance(r, Article)]
        if not found:
            reasons = "; ".join(str(r) for r in self.records) or "no article in the body"
            raise BadInputError(reasons)
        return found


async def _read_body(request: Request) -> _Body:
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
        article = Article(body.title.strip(), body.text, body.url or None, body.published, "api")
        return _Body([article], is_many=False)
    if media in SOURCE_MEDIA:
        fmt = SOURCE_MEDIA[media]
        raw = await request.body()
        if fmt in ("text", "jsonl"):
            decode_text(raw, content_type)  # refuses another charset, or bytes that are not UTF-8
        return _Body(list(parse_source(raw, "body", fmt)), fmt in _MANY)
    if media == MULTIPART_MEDIA:
        return await _read_upload(request)
    raise UnsupportedMediaType(media or "(none)", (JSON_MEDIA, *SOURCE_MEDIA, MULTIPART_MEDIA))


async def _read_upload(request: Request) -> _Body:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise BadInputError("multipart body needs a `file` part")
    name = upload.filename or "upload"
    media = (upload.content_type or "").split(";")[0].strip().lower()
    raw = await upload.read()
    suffix = PurePath(name).suffix.lower()
    fmt = FORMAT_OF_SUFFIX.get(suffix) or SOURCE_MEDIA.get(media) or detect_format(raw)
    body = _Body(list(parse_source(raw, name, fmt)), fmt in _MANY)
    url, published = form.get("url"), form.get("published")
    if body.is_many or not isinstance(body.records[0], Article):
        return body
    article = body.records[0]
    if isinstance(url, str) and url:
        article = replace(article, url=url)
    if isinstance(published, str) and published:
        try:
            article = replace(article, published=date.fromisoformat(published))
        except ValueError as exc:
            raise BadInputError(f"published {published!r} is not YYYY-MM-DD") from exc
    return _Body([article], is_many=False)


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
    """Extract articles and store each in its own graph. One article: its id and extracted facts;
    a JSON Lines or feed body: the id and status of each article, and the records skipped."""
    body = await _read_body(request)
    articles = body.articles
    nlp = backend.pipeline()
    results = await run_in_threadpool(
        backend.write, lambda store: list(ingest(store, nlp, articles))
    )
    is_added = any(r.status == "added" for r in results)
    if body.is_many:
        skipped = [
            {"location": r.location, "reason": r.reason}
            for r in body.records
            if isinstance(r, Skipped)
        ]
        skipped += [
            {"location": str(r.source), "reason": "an earlier article has the same id"}
            for r in results
            if r.status == "duplicate"
        ]
        ingested = [
            {"id": r.article_id, "title": r.title, "status": r.status}
            for r in results
            if r.status != "duplicate"
        ]
        return JSONResponse(
            {"articles": ingested, "skipped": skipped}, status_code=201 if is_added else 200
        )
    result = results[0]
    data = await run_in_threadpool(stored.article, backend.pool, result.article_id)
    data["status"] = result.status
    return JSONResponse(
        data,
        status_code=201 if is_added else 200,
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
    articles = (await _read_body(request)).articles
    if len(articles) > 1:
        raise BadInputError(f"a preview takes one article; the body holds {len(articles)}")
    article = articles[0]
    nlp = backend.pipeline()
    extraction = await run_in_threadpool(extract, nlp, article)
    data = asdict(extraction)
    del data["clean_text"]
    data["article"]["id"] = article.id
    return data
