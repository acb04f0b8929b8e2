"""The data-driven relation vocabulary (role nouns, verbs, cues) read from `kg/data/relations.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Vocabulary:
    """Words that signal relations: role nouns and verbs mapped to properties, and cue words."""

    person_roles: dict[str, tuple[str, ...]]
    film_roles: frozenset[str]
    verbs: dict[str, tuple[tuple[str, str], ...]]
    co_agent_preps: frozenset[str]
    film_cues: frozenset[str]
    title_verbs: frozenset[str]
    report_verbs: frozenset[str]
    news_verbs: frozenset[str]
    hedges: frozenset[str]
    definite_references: dict[str, frozenset[str]]
    report_preps: tuple[str, ...]
    possessive: dict[tuple[str, str], str]


def read_vocabulary(text: str) -> Vocabulary:
    """Build the vocabulary from its JSON text."""
    data = json.loads(text)
    return Vocabulary(
        person_roles={k: tuple(v) for k, v in data["person_roles"].items()},
        film_roles=frozenset(data["film_roles"]),
        verbs={k: tuple((p, prop) for p, prop in v) for k, v in data["verbs"].items()},
        co_agent_preps=frozenset(data["co_agent_preps"]),
        film_cues=frozenset(data["film_cues"]),
        title_verbs=frozenset(data["title_verbs"]),
        report_verbs=frozenset(data["report_verbs"]),
        news_verbs=frozenset(data["news_verbs"]),
        hedges=frozenset(data["hedges"]),
        definite_references={k: frozenset(v) for k, v in data["definite_references"].items()},
        report_preps=tuple(data["report_preps"]),
        possessive={(owner, thing): prop for owner, thing, prop in data["possessive"]},
    )


@cache
def default_vocabulary() -> Vocabulary:
    """Return the vocabulary shipped in `kg/data/relations.json` (read once)."""
    text = resources.files("kg").joinpath("data/relations.json").read_text(encoding="utf-8")
    return read_vocabulary(text)
