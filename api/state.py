"""What the app opens once in its lifespan: the writable store, the query pool, the spaCy pipeline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from kg.errors import ModelNotInstalledError
from kg.graph import LabelIndex
from kg.store import Store
from kg.store.pool import Queries

if TYPE_CHECKING:
    from spacy.language import Language

T = TypeVar("T")


@dataclass
class Backend:
    """The store (one writer), what answers queries (the pool over its snapshots, or the remote
    server), and the extraction pipeline.

    Writes go through `write`, one at a time; each publishes a fresh snapshot for the query pool.
    """

    store: Store
    pool: Queries
    nlp: Language | None
    model_error: ModelNotInstalledError | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _index: LabelIndex | None = None
    _index_version: int = -1
    _version: int = 0

    def write(self, change: Callable[[Store], T]) -> T:
        """Run `change` on the store with no other write in flight, then refresh the query snapshot.

        `change` returns a value; if it raises, nothing is refreshed and the exception propagates.
        """
        with self._lock:
            result = change(self.store)
            self.pool.refresh()
            self._version += 1
            return result

    def pipeline(self) -> Language:
        """Return the spaCy pipeline; raise ModelNotInstalledError if none could be loaded."""
        if self.nlp is None:
            raise self.model_error or ModelNotInstalledError(())
        return self.nlp

    def labels(self) -> LabelIndex:
        """Return the label index of the current graph, rebuilt after a write."""
        version = self._version
        index = self._index
        if index is None or self._index_version != version:
            index = LabelIndex.build(self.pool)
            self._index, self._index_version = index, version
        return index
