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


def test_store_cli_neighborhood_leaves_plans_out(tmp_path: Path, kg: RunKg) -> None:
    article = tmp_path / "plan.md"
    article.write_text(
        "Crew swap agreed\n\nCosmonaut Anna Kikina flew aboard Soyuz MS-22 in 2022. Under a new "
        "deal, Anna Kikina is to ride Crew Dragon Endurance to the International Space Station "
        "next year.\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert kg("ingest", article, "--store", store).returncode == 0
    plans = kg("query", 'PREFIX sm: <https://w3id.org/space-media-kg/ontology#> '
               'ASK { ?f sm:modality "planned" }', "--store", store)  # fmt: skip
    assert "true" in plans.stdout.lower()
    result = kg("neighborhood", "Anna Kikina", "--hops", "1", "--store", store)
    assert result.returncode == 0, result.stderr
    edges = {(e["predicate"], e["target"]) for e in json.loads(result.stdout)["edges"]}
    assert ("flewOn", "craft/soyuz-ms-22") in edges
    assert not any(predicate == "destination" for predicate, _ in edges)
