"""Dependency aliases the routes declare: the backend, its query pool, the settings, the write token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request

from api.state import Backend
from kg.errors import UpdateForbidden
from kg.settings import Settings
from kg.store import Store
from kg.store.pool import Queries


# The dependencies are coroutines because they do no I/O: FastAPI runs a plain function in its thread
# pool, one thread hop per dependency and request.
async def _backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


async def _store(request: Request) -> Store:
    return (await _backend(request)).store


async def _pool(request: Request) -> Queries:
    return (await _backend(request)).pool


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _authorized(
    request: Request,
    authorization: Annotated[
        str | None, Header(description="`Bearer <token>`: the configured update token")
    ] = None,
) -> None:
    check_token(await _settings(request), authorization)


def check_token(settings: Settings, authorization: str | None) -> None:
    """Raise UpdateForbidden unless `authorization` carries the token (or anonymous is allowed)."""
    if settings.allow_anonymous_update:
        return
    if settings.update_token is None:
        raise UpdateForbidden("no update token is configured (KG_UPDATE_TOKEN)")
    scheme, _, token = (authorization or "").partition(" ")
    expected = settings.update_token.get_secret_value()
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        token.strip().encode(), expected.encode()
    ):
        raise UpdateForbidden("a valid bearer token is required")


BackendDep = Annotated[Backend, Depends(_backend)]
StoreDep = Annotated[Store, Depends(_store)]
PoolDep = Annotated[Queries, Depends(_pool)]
SettingsDep = Annotated[Settings, Depends(_settings)]
Authorized = Depends(_authorized)
