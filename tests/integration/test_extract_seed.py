"""Extraction from the user's seed article (read from ../shared/seeds; skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.pipeline import extract, load_pipeline
from kg.model import Article, Entity, Extraction

pytestmark = pytest.mark.integration

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_6d4cfc717e823378.txt"


@pytest.fixture(scope="module")
def seed() -> Extraction:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    return extract(load_pipeline(), Article(title=title, text=body))


def _facts(result: Extraction) -> set[tuple[str, str, str]]:
    label = {e.key: e.label for e in result.entities}
    return {(label[f.subject], f.predicate, label[f.object]) for f in result.facts}


def _by_label(result: Extraction, label: str) -> Entity:
    (entity,) = [e for e in result.entities if e.label == label]
    return entity


@pytest.mark.parametrize(
    "triple",
    [
        ("Yulia Peresild", "starsIn", "Challenge"),
        ("Klim Shipenko", "directs", "Challenge"),
        ("Dmitry Rogozin", "heads", "Roscosmos"),
        ("Yulia Peresild", "flewOn", "Soyuz"),
        ("Klim Shipenko", "flewOn", "Soyuz"),
        ("Anton Shkaplerov", "flewOn", "Soyuz"),
        ("Elon Musk", "founded", "Tesla"),
        ("Jeff Bezos", "founded", "Amazon"),
    ],
)
def test_extract_seed_fact(seed: Extraction, triple: tuple[str, str, str]) -> None:
    assert triple in _facts(seed)


def test_extract_seed_misspelled_surname_is_one_node(seed: Extraction) -> None:
    person = _by_label(seed, "Yulia Peresild")
    assert {"Peresild", "Pereslid"} <= set(person.aliases)
    assert not [e for e in seed.entities if e.label in {"Peresild", "Pereslid"}]


def test_extract_seed_company_typo_resolves(seed: Extraction) -> None:
    assert "Telsa" in _by_label(seed, "Tesla").aliases


def test_extract_seed_no_garbage_nodes(seed: Extraction) -> None:
    labels = {e.label for e in seed.entities}
    assert not labels & {"Nadella", "Microsoft", "Getty Images", "Twitter", "Mars"}
    assert not [lb for lb in labels if "BezosJ" in lb or "BezosD" in lb or "MuskE" in lb]


def test_extract_seed_spacecraft_node_is_soyuz(seed: Extraction) -> None:
    assert _by_label(seed, "Soyuz").cls == "Spacecraft"


@pytest.mark.parametrize("reporter", ["The Associated Press", "Reuters"])
def test_extract_seed_attribution(seed: Extraction, reporter: str) -> None:
    key = _by_label(seed, reporter).key
    assert any(f.reported_by == key for f in seed.facts)
