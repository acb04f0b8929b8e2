"""The `kg eval` command on a small gold directory, and `kg export --min-confidence`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.conftest import RunKg

pytestmark = pytest.mark.integration

ARTICLE = """---
title: Weller flies
url: https://example.org/weller
published: 2022-07-15
---
NASA astronaut Tom Weller flew aboard Soyuz MS-30. Maria Lenz plans to fly aboard Soyuz MS-31.
"""
GOLD = {
    "entities": [
        {"label": "NASA", "class": "SpaceAgency", "aliases": []},
        {"label": "Tom Weller", "class": "Person", "aliases": []},
        {"label": "Soyuz MS-30", "class": "Spacecraft", "aliases": []},
        {"label": "Maria Lenz", "class": "Person", "aliases": []},
        {"label": "Soyuz MS-31", "class": "Spacecraft", "aliases": []},
    ],
    "relations": [
        {"subject": "Tom Weller", "property": "worksFor", "object": "NASA"},
        {"subject": "Tom Weller", "property": "flewOn", "object": "Soyuz MS-30"},
    ],
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "weller.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "weller.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return folder


def test_eval_cli_json_scores_article(kg: RunKg, gold_dir: Path) -> None:
    result = kg("eval", gold_dir, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    overall = report["overall"]
    assert overall["entity_recall"] == 1.0
    assert overall["relations"]["recall"] == 1.0
    assert overall["relations"]["precision"] == 1.0
    assert report["articles"][0]["planned"] == ["Maria Lenz flewOn Soyuz MS-31"]


def test_eval_cli_text_lists_overall(kg: RunKg, gold_dir: Path) -> None:
    result = kg("eval", gold_dir)
    assert result.returncode == 0, result.stderr
    assert "entity recall" in result.stdout and "== weller" in result.stdout


def test_eval_cli_missing_gold_is_one_line_error(kg: RunKg, tmp_path: Path) -> None:
    result = kg("eval", tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


def test_eval_cli_export_min_confidence_filters_facts(
    kg: RunKg, gold_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    assert kg("ingest", gold_dir / "weller.md", "--store", store).returncode == 0
    everything = kg("export", "--format", "nquads", "--store", store)
    strong = kg("export", "--format", "nquads", "--store", store, "--min-confidence", "0.7")
    assert strong.returncode == 0, strong.stderr
    assert '"planned"' in everything.stdout
    assert '"planned"' not in strong.stdout
    assert "worksFor" in strong.stdout
    low = "SELECT ?f WHERE { ?f <https://w3id.org/space-media-kg/ontology#confidence> ?c . FILTER(?c < 0.7) }"
    rows = kg("query", low, "--format", "csv", "--store", store)
    assert rows.stdout.strip().splitlines()[1:]  # SPARQL sees the weak (planned) fact too
