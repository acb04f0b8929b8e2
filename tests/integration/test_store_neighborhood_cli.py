"""`kg neighborhood` on a store built by `kg ingest`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.conftest import RunKg

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, repo_root: Path, kg: RunKg) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    article = repo_root / "corpus/dev/challenge-crew-returns-from-iss.md"
    assert kg("ingest", article, "--store", path).returncode == 0
    return path


def test_store_cli_neighborhood_by_name(store: Path, kg: RunKg) -> None:
    result = kg("neighborhood", "Yulia Peresild", "--hops", "1", "--store", store)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["nodes"][0]["id"] == "person/yulia-peresild"
    assert data["edges"]


def test_store_cli_neighborhood_unknown_is_one_line_exit_2(store: Path, kg: RunKg) -> None:
    result = kg("neighborhood", "Nobody At All Here", "--store", store)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no entity" in result.stderr
