"""Tests of kg.eval: gold matching by label/alias and class, duplicates, planned facts not scored."""

from __future__ import annotations

from datetime import date

from rdflib import Dataset, URIRef

from kg.eval import GoldArticle, GoldEntity, GoldRelation, is_type_match, score
from kg.model import Article, Entity, Extraction, Fact
from kg.rdf import to_quads

TEXT = "Ana Ruiz flew aboard Soyuz MS-30. Ruiz plans to fly aboard Soyuz MS-31."
ARTICLE = Article(title="Ruiz flies", text=TEXT, published=date(2022, 1, 1))


class DatasetReader:
    """A Readable over an in-memory rdflib Dataset (the store's SELECT contract, no disk)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def select(self, sparql: str) -> list[dict[str, str]]:
        result = self.dataset.query(sparql)
        return [
            {str(k): str(v) for k, v in row.asdict().items() if v is not None}  # type: ignore[union-attr]
            for row in result
        ]


def _store(entities: list[Entity], facts: list[Fact]) -> DatasetReader:
    dataset = Dataset()
    for s, p, o, g in to_quads(Extraction(ARTICLE, TEXT, entities, facts, "kg-test")):
        dataset.graph(URIRef(str(g))).add((s, p, o))
    return DatasetReader(dataset)


def _gold(relations: tuple[GoldRelation, ...] = ()) -> list[GoldArticle]:
    entities = (
        GoldEntity("Ana Ruiz", "Person", ("Ruiz",)),
        GoldEntity("Soyuz MS-30", "Spacecraft"),
        GoldEntity("Soyuz MS-31", "Spacecraft"),
    )
    return [GoldArticle("ruiz", ARTICLE, entities, relations)]


PEOPLE = [
    Entity("e1", "Ana Ruiz", "Person", ["Ruiz"]),
    Entity("e2", "Soyuz MS-30", "Spacecraft"),
    Entity("e3", "Soyuz MS-31", "Spacecraft"),
]


def test_eval_matches_entities_by_alias_and_counts_recall() -> None:
    report = score(_store(PEOPLE[:2], []), _gold())
    assert report.entity_recall == 2 / 3
    assert report.articles[0].missed_entities == ["Soyuz MS-31 (Spacecraft)"]


def test_eval_two_nodes_for_one_gold_entity_are_duplicates() -> None:
    entities = [*PEOPLE, Entity("e4", "Ruiz", "Organization")]
    report = score(_store(entities, []), _gold())
    assert report.duplicates == 1


def test_eval_relation_precision_recall_and_lists() -> None:
    facts = [
        Fact("e1", "flewOn", "e2", TEXT, 0, 33, 0.8),
        Fact("e1", "commands", "e2", TEXT, 0, 33, 0.8),
    ]
    gold = _gold((GoldRelation("Ana Ruiz", "flewOn", "Soyuz MS-30"),))
    report = score(_store(PEOPLE, facts), gold)
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (1, 1, 0)
    assert report.articles[0].false_relations == ["Ana Ruiz commands Soyuz MS-30"]
    assert report.by_property["flewOn"].precision == 1.0


def test_eval_planned_facts_are_not_scored_as_plain_facts() -> None:
    facts = [Fact("e1", "flewOn", "e3", TEXT, 34, len(TEXT), 0.5, modality="planned")]
    report = score(_store(PEOPLE, facts), _gold())
    assert report.relations.fp == 0
    assert report.articles[0].planned == ["Ana Ruiz flewOn Soyuz MS-31"]


def test_eval_subclass_of_gold_organization_is_right_type() -> None:
    assert is_type_match("SpaceAgency", "Organization")
    assert not is_type_match("Organization", "SpaceAgency")
    assert not is_type_match("Spaceport", "Place")


def test_eval_report_json_has_overall_and_articles() -> None:
    data = score(_store(PEOPLE, []), _gold()).as_dict()
    assert set(data) == {"overall", "articles"}
    assert data["overall"]["entity_recall"] == 1.0  # type: ignore[index]
