"""Shared fixtures: paths of the repository, its corpus and the corpus ingested once."""

from __future__ import annotations

import shutil
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


@pytest.fixture(scope="session")
def corpus_articles(repo_root: Path) -> list[Path]:
    """Every article file of the corpus."""
    return sorted(p for p in (repo_root / "corpus").rglob("*.md") if p.name != "README.md")


@pytest.fixture(scope="session")
def ingested_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_articles: list[Path]) -> Path:
    """A store on disk holding the whole corpus, ingested once per session by the CLI; tests use
    copies of it (`copied_store`), never the store itself."""
    from tests.integration.conftest import run_kg

    store = tmp_path_factory.mktemp("corpus") / "store"
    result = run_kg("ingest", *corpus_articles, "--store", store)
    assert result.returncode == 0, result.stderr
    return store


def copied_store(store: Path, folder: Path) -> Path:
    """Copy a closed store into `folder`; return the copy's path."""
    target = folder / "store"
    shutil.copytree(store, target)
    return target
