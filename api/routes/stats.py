"""Summary counts of the graph."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from api.deps import StoreDep
from kg.stats import stats

router = APIRouter(tags=["service"])


@router.get("/stats")
def get_stats(store: StoreDep) -> dict[str, object]:
    """Count quads, articles, entities by class and distinct facts by property."""
    return asdict(stats(store))
