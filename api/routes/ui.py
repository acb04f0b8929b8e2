"""The web explorer: its page at `/`, its own scripts and styles, and the npm packages it uses."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from kg.errors import BadInputError

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
# `npm ci` at the repository root installs these (package-lock.json); nothing comes from a CDN.
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDOR = {"cytoscape.min.js": "cytoscape/dist/cytoscape.min.js"}


@router.get("/", response_class=HTMLResponse)
def explorer() -> FileResponse:
    """Serve the explorer's single page."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


@router.get("/vendor/{name}")
def vendor_asset(name: str) -> FileResponse:
    """Serve one whitelisted file of an npm package the explorer uses."""
    if name not in VENDOR:
        raise BadInputError(f"no such asset: {name!r}")
    path = NODE_MODULES / VENDOR[name]
    if not path.is_file():
        raise BadInputError(f"{name} is missing; run `npm ci` (make install)")
    return FileResponse(
        path, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"}
    )


def static_files() -> StaticFiles:
    """Return the app that serves the explorer's own scripts and styles under /static."""
    return StaticFiles(directory=STATIC_DIR)
