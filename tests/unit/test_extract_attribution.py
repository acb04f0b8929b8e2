"""Attribution of sentences to the news organizations they cite."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.extract.entities  # noqa: F401  (registers kg_entities)
from kg.extract.attribution import promote_reporters, reporter
from kg.extract.vocabulary import default_vocabulary


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_entities")
    return pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The crew is ready, according to Reuters.", "Reuters"),
        ("The crew is ready, according to the AP.", "AP"),
        ("The crew is ready, per TASS.", "TASS"),
        ("The crew spoke to CNN reporters on Monday.", None),
        ("Reuters photographers were ready.", None),
    ],
)
def test_attribution_reporter_from_cue(nlp: Language, text: str, expected: str | None) -> None:
    doc = nlp(text)
    found = reporter(doc[:], list(doc.ents), default_vocabulary())
    assert (found.text if found is not None else None) == expected


@pytest.mark.parametrize(
    ("verb", "expected"), [("reported", "NewsOrganization"), ("said", "Organization")]
)
def test_attribution_promotes_only_organizations_that_report(verb: str, expected: str) -> None:
    words = ["Skyline", "Weekly", verb, "it", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        lemmas=["Skyline", "Weekly", {"reported": "report", "said": "say"}[verb], "it", "."],
        ents=["B-Organization", "I-Organization", "O", "O", "O"],
        sent_starts=[True, False, False, False, False],
    )
    promote_reporters(doc, default_vocabulary())
    assert doc.ents[0].label_ == expected
