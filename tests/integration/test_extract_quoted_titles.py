"""Quoted film titles in film stories, one sense per story, with the real model, on text written
for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract.pipeline import extract, load_pipeline
from kg.model import Article, Extraction

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _run(nlp: Language, text: str, title: str = "") -> Extraction:
    return extract(nlp, Article(title=title, text=text))


def _mentions(result: Extraction) -> dict[str, set[str]]:
    """Each mention's text -> the classes of the entities it belongs to."""
    found: dict[str, set[str]] = {}
    for entity in result.entities:
        for mention in entity.mentions:
            found.setdefault(mention.text, set()).add(entity.cls)
    return found


def test_extract_quoted_title_in_a_film_story_is_a_film(nlp: Language) -> None:
    result = _run(
        nlp,
        'When "Harbor Lights" opened in theaters, critics praised the film. Later that year '
        'Mara Velt collected a prize for "Cold River" and "The Long Night." Harbor Lights '
        "still plays on television.",
    )
    mentions = _mentions(result)
    for title in ("Harbor Lights", "Cold River", "The Long Night"):
        assert mentions.get(title) == {"Film"}, title
    films = [e for e in result.entities if e.label == "Harbor Lights"]
    assert len(films) == 1 and len(films[0].mentions) == 2


def test_extract_quoted_title_with_digits_and_possessive_is_a_film(nlp: Language) -> None:
    result = _run(
        nlp,
        '"Apollo 10½: A Space Age Childhood," Tom Hale\'s animated look back, opens on Friday. '
        'The film follows his "The Pilot\'s Guide to the Far Galaxy."',
    )
    mentions = _mentions(result)
    for title in ("Apollo 10½: A Space Age Childhood", "The Pilot's Guide to the Far Galaxy"):
        assert mentions.get(title) == {"Film"}, title


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('The film drew crowds. "Remarkable," she said after the premiere.', "Remarkable"),
        ('The film drew on "Lost Harbor," the book the pilot wrote in 1994.', "Lost Harbor"),
        ('Ana Ruiz spent a year on the station. "Liftoff" was her first word back.', "Liftoff"),
    ],
    ids=["speech", "described-as-a-book", "no-film-story"],
)
def test_extract_quoted_words_that_are_no_film(nlp: Language, text: str, quoted: str) -> None:
    assert "Film" not in _mentions(_run(nlp, text)).get(quoted, set())


def test_extract_quoted_translation_is_no_second_film(nlp: Language) -> None:
    result = _run(nlp, 'The movie, called "The Climb" ("Voskhozhdenie" in Russian), opens soon.')
    assert [e.label for e in result.entities if e.cls == "Film"] == ["The Climb"]


def test_extract_film_cue_beats_the_flight_of_the_same_name_in_the_whole_story(
    nlp: Language,
) -> None:
    # The gazetteer knows Apollo 13 as a flight; this story names the film, in its headline too.
    result = _run(
        nlp,
        'Universal released "Apollo 13," the film Ron Howard directed, in 1995. Tom Hanks '
        "played the commander.",
        title='Ron Howard\'s "Apollo 13" at thirty',
    )
    assert _mentions(result).get("Apollo 13") == {"Film"}


def test_extract_title_mention_inside_a_longer_name_stays_the_name(nlp: Language) -> None:
    result = _run(
        nlp,
        'The series "Dickinson" stars Hailee Steinfeld as the poet Emily Dickinson.',
    )
    assert _mentions(result).get("Emily Dickinson") == {"Person"}
