"""RDF namespaces of the project and the minting of stable IRIs for entities, articles and facts."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from rdflib import Namespace
from rdflib.term import URIRef

BASE = "https://w3id.org/space-media-kg/"
SM = Namespace(BASE + "ontology#")
ENTITY = Namespace(BASE + "entity/")
ARTICLE = Namespace(BASE + "article/")
PROVENANCE = Namespace(BASE + "provenance/")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

# Coarse kinds keep an entity's IRI stable when articles disagree on its specific class.
_COARSE = {
    "Person": "person",
    "Organization": "org",
    "SpaceAgency": "org",
    "Company": "org",
    "NewsOrganization": "org",
    "Film": "work",
    "Spacecraft": "craft",
    "LaunchVehicle": "craft",
    "Spaceflight": "craft",
    "SpaceStation": "craft",
    "Spaceport": "place",
    "Place": "place",
    "Country": "place",
}


def slug(name: str) -> str:
    """Return an ASCII, lowercase, hyphen-separated form of a name ("Soyuz MS-19" -> "soyuz-ms-19")."""
    # "+" is part of some names ("Disney+", "Paramount+"): keep them apart from "Disney".
    spelled = name.replace("+", " plus ")
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x" + _digest(name)[:8]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entity_iri(label: str, cls: str) -> URIRef:
    """Return the IRI of the entity with this canonical label and ontology class."""
    return ENTITY[f"{_COARSE.get(cls, 'thing')}/{slug(label)}"]


def article_iri(article_id: str) -> URIRef:
    """Return the IRI of an article; it also names the article's graph."""
    return ARTICLE[article_id]


def fact_iri(article_id: str, subject: str, predicate: str, obj: str, start: int) -> URIRef:
    """Return the IRI of the provenance node of one fact occurrence in an article."""
    key = f"{subject}|{predicate}|{obj}|{start}"
    return PROVENANCE[f"{article_id}/{_digest(key)[:16]}"]


def class_iri(cls: str) -> URIRef:
    """Return the IRI of an ontology class from its local name."""
    return SM[cls]


def property_iri(name: str) -> URIRef:
    """Return the IRI of an ontology property from its local name."""
    return SM[name]


# The ontology and its SHACL shapes live at the repository root (the package is installed editable).
ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontologies"
ONTOLOGY_PATH = ONTOLOGY_DIR / "space-media.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
