"""Application factory: settings, lifespan (store, query pool and spaCy pipeline opened once), routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems
from api.bodies import BodyLimit
from api.routes import articles, entities, export, health, paths, render, sparql, stats, ui
from api.state import Backend
from kg import __version__
from kg.errors import ModelNotInstalledError
from kg.settings import Settings
from kg.store import open_store
from kg.store.pool import QueryPool

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI app for `settings` (read from the environment when None)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from kg.extract.pipeline import load_pipeline

        store = open_store(settings.store)
        snapshots = settings.store.parent / f".{settings.store.name}-snapshots"
        pool = QueryPool(
            store,
            snapshots,
            workers=settings.query_workers,
            timeout=settings.query_timeout,
            max_rows=settings.max_rows,
        )
        try:
            nlp, model_error = load_pipeline(settings.model), None
        except ModelNotInstalledError as exc:
            log.warning("articles cannot be added: %s", exc)
            nlp, model_error = None, exc
        app.state.backend = Backend(store, pool, nlp, model_error)
        try:
            yield
        finally:
            pool.close()
            store.close()

    app = FastAPI(
        title="Space-media knowledge graph",
        version=__version__,
        lifespan=lifespan,
        description=(
            "SPARQL and graph API over entities and facts extracted from space-media news. "
            "An entity `{entity_id}` is its IRI after `https://w3id.org/space-media-kg/entity/`, "
            "e.g. `person/yulia-peresild`. Errors are RFC 9457 problem+json."
        ),
    )
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    for module in (health, stats, sparql, entities, paths, articles, export, render, ui):
        app.include_router(module.router)
    app.mount("/static", ui.static_files(), name="static")
    return app
