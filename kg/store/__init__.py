"""The store interface the rest of the library talks to, and the function that opens one."""

from __future__ import annotations

from pathlib import Path

from kg.store.base import Quad, Readable, Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["OxigraphStore", "Quad", "Readable", "Store", "open_store"]


def open_store(path: Path, *, create: bool = True) -> Store:
    """Open the embedded store at `path`; raise StoreUnavailableError if locked or unusable."""
    return OxigraphStore(path, create=create)
