"""Shared fixtures: paths of the repository and its corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def graphml_schema() -> xmlschema.XMLSchema:
    """The official GraphML 1.1 XML schema, read offline from the npm package graphml-moddle."""
    folder = REPO / "node_modules" / "graphml-moddle" / "resources" / "graphml" / "xsd"
    if not folder.is_dir():
        pytest.fail("GraphML schemas missing: run `make install` (npm ci)")
    remote = "http://graphml.graphdrawing.org/xmlns/1.1/"
    # The schema files point at each other by URL; serve those URLs from disk (xlink from xmlschema).
    local = {
        remote + "graphml-structure.xsd": folder / "graphml-structure.xsd",
        remote + "xlink.xsd": Path(xmlschema.__file__).parent / "schemas" / "XLINK" / "xlink.xsd",
    }
    return xmlschema.XMLSchema(
        str(folder / "graphml.xsd"), uri_mapper=lambda uri: str(local.get(uri, uri))
    )
