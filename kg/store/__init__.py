"""The store interface the rest of the library talks to, and the function that opens one."""

from __future__ import annotations

from pathlib import Path

from kg.store.base import Quad, Readable, Store
from kg.store.oxigraph import OxigraphStore
from kg.store.sparql import SparqlStore

__all__ = ["OxigraphStore", "Quad", "Readable", "SparqlStore", "Store", "open_store"]


def open_store(
    path: Path,
    *,
    url: str | None = None,
    update_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    create: bool = True,
) -> Store:
    """Open the remote store at `url` if given, else the embedded store at `path`.

    `update_url` (default: `url`), `user` and `password` apply to the remote store only. Raises
    StoreUnavailableError if the embedded store is locked or unusable (a remote store is first
    contacted by the first call on it).
    """
    if url:
        return SparqlStore(url, update_url, user=user, password=password)
    return OxigraphStore(path, create=create)
