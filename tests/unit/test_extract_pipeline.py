"""Model resolution and article extraction with our components on a blank pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from kg.errors import ModelNotInstalledError
from kg.extract.pipeline import VERSION, extract, extract_many, extractor_name, load_pipeline
from kg.model import Article

TEXT = "Photo: NASA/Jane Doe\nAmazn founder Ivan Petrov met NASA astronaut Ana Ruiz. Ruiz smiled."


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_entities")
    pipeline.add_pipe("kg_relations")
    return pipeline


def test_pipeline_missing_model_raises() -> None:
    with pytest.raises(ModelNotInstalledError) as info:
        load_pipeline("kg_no_such_model")
    assert info.value.tried == ("kg_no_such_model",)


def test_pipeline_extractor_name_has_version_and_model(nlp: Language) -> None:
    assert extractor_name(nlp) == f"kg-extract/{VERSION} (en_pipeline 0.0.0)"


def test_pipeline_clean_text_is_title_then_body_with_offsets(nlp: Language) -> None:
    result = extract(nlp, Article(title="t", text=TEXT))
    assert result.clean_text.startswith("t\n\n")
    assert len(result.clean_text) == len("t\n\n") + len(TEXT)
    body = len("t\n\n")
    for entity in result.entities:
        for mention in entity.mentions:
            assert TEXT[mention.start - body : mention.end - body] == mention.text


def test_pipeline_credit_line_yields_no_entity(nlp: Language) -> None:
    result = extract(nlp, Article(title="t", text=TEXT))
    assert all(m.start > 3 + TEXT.index("\n") for e in result.entities for m in e.mentions)


def test_pipeline_facts_use_entity_keys_and_evidence(nlp: Language) -> None:
    result = extract(nlp, Article(title="t", text=TEXT))
    labels = {e.key: e.label for e in result.entities}
    found = {(labels[f.subject], f.predicate, labels[f.object]) for f in result.facts}
    assert found == {("Ivan Petrov", "founded", "Amazon"), ("Ana Ruiz", "worksFor", "NASA")}
    assert all(result.clean_text[f.start : f.end] == f.sentence for f in result.facts)


def test_pipeline_extract_many_keeps_order(nlp: Language) -> None:
    articles = [Article(title=str(i), text=f"NASA astronaut Ana Ruiz{i} spoke.") for i in range(5)]
    results = list(extract_many(nlp, articles, batch_size=2))
    assert [r.article.title for r in results] == [a.title for a in articles]
