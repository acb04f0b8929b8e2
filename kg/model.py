"""Plain dataclasses that cross the pipeline stages (no spaCy or rdflib objects)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

# Ontology class local names the extractor may emit (see ontologies/space-media.ttl).
CLASSES = (
    "Person",
    "Organization",
    "SpaceAgency",
    "Company",
    "NewsOrganization",
    "Film",
    "Spacecraft",
    "LaunchVehicle",
    "Spaceflight",
    "SpaceStation",
    "Spaceport",
    "Place",
    "Country",
)

# Core fact properties (local names in the ontology namespace).
PROPERTIES = (
    "starsIn",
    "directs",
    "produces",
    "heads",
    "founded",
    "worksFor",
    "flewOn",
    "commands",
    "launchedFrom",
    "destination",
    "builds",
    "operates",
    "locatedIn",
)


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of a text (used for idempotent ingest)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(title: str, url: str | None = None) -> str:
    """Return the stable id of an article: from its URL when known, else from its title."""
    key = url.strip() if url else " ".join(title.split()).casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """A news article as read from a source, before cleaning."""

    title: str
    text: str
    url: str | None = None
    published: date | None = None
    source: str | None = None

    @property
    def id(self) -> str:
        """The article's stable id (see `article_id`)."""
        return article_id(self.title, self.url)


@dataclass(frozen=True)
class Mention:
    """One surface occurrence of an entity; offsets index the extraction's `clean_text`."""

    text: str
    start: int
    end: int


@dataclass
class Entity:
    """A resolved entity of one article: one per real-world thing."""

    key: str
    label: str
    cls: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None


# How a fact is stated: "asserted" (past or present, the plain triple holds) or "planned" (a plan,
# expectation or possibility: "plans to fly", "is expected to", "would travel"). Planned facts keep
# their provenance node but their plain triple is not asserted in the graph.
MODALITIES = ("asserted", "planned")


@dataclass
class Fact:
    """A typed relation between two entities of the article, with its evidence.

    `start`/`end` index the extraction's `clean_text`. `is_ended` marks a former role or relation the
    text says is over; `began`/`ended_on` are ISO dates (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) when the
    text gives them.
    """

    subject: str
    predicate: str
    object: str
    sentence: str
    start: int
    end: int
    confidence: float
    reported_by: str | None = None
    modality: str = "asserted"
    is_ended: bool = False
    began: str | None = None
    ended_on: str | None = None

    @property
    def is_planned(self) -> bool:
        """Whether the fact is only a plan or expectation (not asserted as a plain triple)."""
        return self.modality == "planned"


@dataclass(frozen=True)
class KnownEntity:
    """An entity the graph already holds (from earlier articles): its one label, class and aliases."""

    label: str
    cls: str
    aliases: tuple[str, ...] = ()


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    clean_text: str
    entities: list[Entity]
    facts: list[Fact]
    extractor: str

    @property
    def text_hash(self) -> str:
        """sha256 of the cleaned text: equal hashes mean an unchanged article."""
        return content_hash(self.clean_text)

    def entity(self, key: str) -> Entity:
        """Return the entity with this key; raise KeyError if there is none."""
        for ent in self.entities:
            if ent.key == key:
                return ent
        raise KeyError(key)
