"""Application factory: settings, lifespan (store and spaCy pipeline opened once), routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems
from api.routes import health, sparql
from kg import __version__
from kg.settings import Settings
from kg.store import open_store


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI app for `settings` (read from the environment when None)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.store)
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="Space-media knowledge graph",
        version=__version__,
        lifespan=lifespan,
        description="SPARQL and graph API over entities and facts extracted from space-media news.",
    )
    app.state.settings = settings
    problems.install(app)
    app.include_router(health.router)
    app.include_router(sparql.router)
    return app
