"""Liveness and store size."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep

router = APIRouter(tags=["service"])


@router.get("/health")
def health(store: StoreDep) -> dict[str, object]:
    """Report that the service is up and how many quads the store holds."""
    return {"status": "ok", "quads": store.quad_count()}
