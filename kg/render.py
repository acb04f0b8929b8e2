"""Pictures of the entity graph: DOT source laid out and drawn by Graphviz (`dot`, `sfdp`) in a subprocess."""

from __future__ import annotations

import shutil
import subprocess

import networkx as nx

from kg.errors import RenderError
from kg.export import dot_source
from kg.formats import check_format

# Picture formats, with their media types.
PICTURE_FORMATS: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png"}
LAYOUTS = ("dot", "sfdp", "neato", "circo")
# `dot` draws small graphs as readable layers; past this many nodes the force-directed `sfdp` copes.
LAYERED_MAX_NODES = 150


def render(
    graph: nx.MultiDiGraph, fmt: str = "svg", *, layout: str | None = None, timeout: float = 60.0
) -> bytes:
    """Return a picture of `graph` in `fmt` (svg or png), nodes coloured by class.

    `layout` is a Graphviz engine (dot, sfdp, neato, circo); None picks `dot` for small graphs and
    `sfdp` for large ones. Raises UnknownFormatError for another format, RenderError if Graphviz is
    missing, fails or runs longer than `timeout` seconds.
    """
    check_format(fmt, PICTURE_FORMATS)
    engine = layout or ("dot" if len(graph) <= LAYERED_MAX_NODES else "sfdp")
    check_format(engine, LAYOUTS)
    program = shutil.which(engine)
    if program is None:
        raise RenderError(f"Graphviz `{engine}` is not installed (apt-get install graphviz)")
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot_source(graph).encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"`{engine}` ran longer than {timeout:g} s") from exc
    except OSError as exc:
        raise RenderError(str(exc)) from exc
    if done.returncode != 0:
        message = " ".join(done.stderr.decode(errors="replace").split())[:300]
        raise RenderError(f"`{engine}` failed: {message}")
    return done.stdout
