"""The data-driven relation vocabulary (properties, role nouns, verbs, cues) read from `ontologies/relations.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.terms import ONTOLOGY_DIR

RELATIONS_PATH = ONTOLOGY_DIR / "relations.json"

# property -> (domain classes, range classes); subclasses of a listed class fit too.
Signatures = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True)
class Vocabulary:
    """Relation types with their domains and ranges, the role nouns and verbs that signal them, and
    cue words."""

    signatures: Signatures
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
    # Nouns that type a name beside them but refer to nothing alone: "the command module X".
    naming_nouns: dict[str, frozenset[str]]
    report_preps: tuple[str, ...]
    possessive: dict[tuple[str, str], str]
    negations: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]
    # Pronouns and nouns that give a person's gender ("she", "actress", "Mr."): "f" or "m".
    genders: dict[str, str]
    ending_verbs: dict[str, str]
    appointing_verbs: frozenset[str]
    cast_verbs: frozenset[str] = frozenset()
    cast_nouns: frozenset[str] = frozenset()
    # Verbs that list a cast only after a cast noun: "The cast includes A and B".
    cast_list_verbs: frozenset[str] = frozenset()
    crew_nouns: frozenset[str] = frozenset()
    # Verbs that put people beside a crew member: "Flying with him are A and B", "joined by C".
    companion_verbs: frozenset[str] = frozenset()
    past_role_verbs: frozenset[str] = frozenset()
    # The last words of the role nouns ("executive" of "chief executive"): no role ends elsewhere.
    role_ends: frozenset[str] = field(init=False)
    # One-word roles aboard a flight ("pilot", "commander") and the crew nouns, with their properties.
    crew_roles: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        ends = frozenset(role.rsplit(" ", 1)[-1] for role in self.person_roles)
        object.__setattr__(self, "role_ends", ends)
        aboard = {"flewOn", "commands"}
        crew = {
            role: props
            for role, props in self.person_roles.items()
            if " " not in role and aboard.intersection(props)
        }
        crew.update({noun: ("flewOn",) for noun in self.crew_nouns})
        object.__setattr__(self, "crew_roles", crew)


def read_vocabulary(text: str) -> Vocabulary:
    """Build the vocabulary from its JSON text."""
    data = json.loads(text)
    return Vocabulary(
        signatures={
            name: (tuple(spec["domain"]), tuple(spec["range"]))
            for name, spec in data["properties"].items()
        },
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
        naming_nouns={k: frozenset(v) for k, v in data.get("naming_nouns", {}).items()},
        report_preps=tuple(data["report_preps"]),
        possessive={(owner, thing): prop for owner, thing, prop in data["possessive"]},
        negations=frozenset(data.get("negations", ())),
        pronouns={k: tuple(v) for k, v in data.get("pronouns", {}).items()},
        genders={word: gender for gender, ws in data.get("genders", {}).items() for word in ws},
        ending_verbs=dict(data.get("ending_verbs", {})),
        appointing_verbs=frozenset(data.get("appointing_verbs", ())),
        cast_verbs=frozenset(data.get("cast_verbs", ())),
        cast_nouns=frozenset(data.get("cast_nouns", ())),
        cast_list_verbs=frozenset(data.get("cast_list_verbs", ())),
        crew_nouns=frozenset(data.get("crew_nouns", ())),
        companion_verbs=frozenset(data.get("companion_verbs", ())),
        past_role_verbs=frozenset(data.get("past_role_verbs", ())),
    )


def read_vocabulary_file(path: Path) -> Vocabulary:
    """Read a vocabulary file; raise OSError if unreadable, ValueError or KeyError if malformed."""
    return read_vocabulary(path.read_text(encoding="utf-8"))


@cache
def default_vocabulary() -> Vocabulary:
    """Return the vocabulary shipped in `ontologies/relations.json` (read once)."""
    return read_vocabulary_file(RELATIONS_PATH)
