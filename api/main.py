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
from kg.store import SparqlStore, open_store
from kg.store.pool import DirectQueries, Queries, QueryPool

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI app for `settings` (read from the environment when None)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from kg.extract.pipeline import load_pipeline

        password = settings.store_password
        store = open_store(
            settings.store,
            url=settings.store_url,
            update_url=settings.store_update_url,
            user=settings.store_user,
            password=password.get_secret_value() if password else None,
        )
        pool: Queries
        if isinstance(store, SparqlStore):
            # The remote server runs the queries itself; there is nothing to snapshot.
            pool = DirectQueries(store, timeout=settings.query_timeout)
        else:
            pool = QueryPool(
                store,
                settings.store.parent / f".{settings.store.name}-snapshots",
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
