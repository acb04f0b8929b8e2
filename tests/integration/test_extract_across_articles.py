"""Resolution across articles through the store: one node and one label per entity."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract.pipeline import load_pipeline
from kg.ingest import ingest
from kg.model import Article
from kg.store import Store, open_store
from kg.validate import validate

pytestmark = pytest.mark.integration

FIRST = Article(
    title="Roscosmos chief Dmitry Rogozin visits Baikonur",
    text="Roscosmos head Dmitry Rogozin watched the launch of Soyuz MS-19 from Baikonur.",
    url="https://example.org/one",
)
SECOND = Article(
    title="Film crew returns",
    text="Rogozin greeted the crew of Soyuz MS-19 after landing. The U.S. space agency, NASA, sent congratulations.",
    url="https://example.org/two",
)
THIRD = Article(
    title="A film called Challenge",
    text='The Russian film "Challenge" was shot in orbit. The challenge for the crew was the schedule.',
    url="https://example.org/three",
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "store")


def _labels(store: Store, text: str) -> dict[str, set[str]]:
    rows = store.select(
        "SELECT ?e ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l . "
        f'FILTER(CONTAINS(LCASE(STR(?l)), "{text}")) }}'
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["e"], set()).add(row["l"])
    return found


def test_extract_surname_in_later_article_joins_known_person(nlp: Language, store: Store) -> None:
    list(ingest(store, nlp, [FIRST]))
    list(ingest(store, nlp, [SECOND]))
    assert list(_labels(store, "rogozin").values()) == [{"Dmitry Rogozin"}]


def test_extract_same_craft_in_two_articles_is_one_node(nlp: Language, store: Store) -> None:
    list(ingest(store, nlp, [FIRST, SECOND]))
    assert len(_labels(store, "soyuz ms-19")) == 1


def test_extract_graph_of_two_articles_has_one_label_per_node(nlp: Language, store: Store) -> None:
    import io

    from rdflib import Dataset

    list(ingest(store, nlp, [FIRST, SECOND, THIRD]))
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    report = validate(dataset)
    assert report.conforms, report.text


def test_extract_film_title_is_not_a_common_noun(nlp: Language, store: Store) -> None:
    list(ingest(store, nlp, [THIRD]))
    rows = store.select(
        "SELECT ?e ?t WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l ; a ?t . "
        'FILTER(LCASE(STR(?l)) = "challenge") }'
    )
    assert {row["t"].rsplit("#", 1)[-1] for row in rows} == {"Film"}


def test_extract_names_with_one_iri_get_one_label_across_articles(
    nlp: Language, store: Store
) -> None:
    # "Luna 25" and "Luna-25" make the same IRI: the later article takes the known label, so the
    # node keeps one rdfs:label.
    first = Article(title="Probe lost", text="Russia lost the Luna 25 probe on Saturday.")
    second = Article(title="Race to the pole", text="Russia's Luna-25 crashed days earlier.")
    list(ingest(store, nlp, [first]))
    list(ingest(store, nlp, [second]))
    assert list(_labels(store, "luna").values()) == [{"Luna 25"}]


def test_extract_scraped_white_space_stays_out_of_names(nlp: Language, store: Store) -> None:
    text = "Passengers included Mara Quinn" + " " * 40 + ", a co-founder of the group, on Friday."
    list(ingest(store, nlp, [Article(title="Flight", text=text)]))
    assert {label for labels in _labels(store, "quinn").values() for label in labels} == {
        "Mara Quinn"
    }


def test_extract_first_name_in_later_article_is_not_the_known_person(
    nlp: Language, store: Store
) -> None:
    first = Article(
        title="Director speaks",
        text='Laura Chen directed the film. "Laura never gave up," a producer said.',
        url="https://example.org/four",
    )
    second = Article(
        title="Station visit",
        text="Laura Lund flew to the station on Monday. Later, Laura waved to the crowd.",
        url="https://example.org/five",
    )
    list(ingest(store, nlp, [first, second]))
    assert sorted(_labels(store, "laura").values(), key=sorted) == [
        {"Laura Chen"},
        {"Laura Lund"},
    ]
