"""Summary counts of the graph."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from api.deps import PoolDep, StoreDep
from kg.stats import stats

router = APIRouter(tags=["service"])


@router.get("/stats")
def get_stats(store: StoreDep, pool: PoolDep) -> dict[str, object]:
    """Count quads, articles, entities by class and distinct facts by property.

    The counts run in the query pool, under the query time limit (503 past it).
    """
    return asdict(stats(store, pool))
