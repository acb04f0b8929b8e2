"""The one orchestration function: articles in, one committed graph per article out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from rdflib import RDFS, SKOS
from spacy.language import Language

from kg.extract.clean import clean_article
from kg.extract.pipeline import extract_many
from kg.extract.resolve import KnownEntities
from kg.model import Article, KnownEntity, content_hash
from kg.rdf import to_quads
from kg.store import Readable, Store
from kg.terms import SM, article_iri

Status = Literal["added", "replaced", "unchanged"]


@dataclass(frozen=True)
class IngestResult:
    """What happened to one article."""

    article_id: str
    title: str
    status: Status
    entities: int = 0
    facts: int = 0


def ingest(
    store: Store, nlp: Language, articles: Iterable[Article], batch_size: int = 32
) -> Iterator[IngestResult]:
    """Extract and store each article in its own transaction, skipping unchanged ones.

    Yields one result per article, in input order, after its graph is committed.
    Raises StoreUnavailableError if the store cannot be written.
    """
    stream = iter(articles)
    known: KnownEntities | None = None
    while batch := tuple(islice(stream, batch_size)):
        olds = [store.graph_value(str(article_iri(a.id)), str(SM.contentHash)) for a in batch]
        is_same = [
            old == content_hash(clean_article(a.title, a.text))
            for a, old in zip(batch, olds, strict=True)
        ]
        changed = [a for a, same in zip(batch, is_same, strict=True) if not same]
        if changed and known is None:
            known = KnownEntities(known_entities(store))
        extractions = iter(extract_many(nlp, changed, batch_size=batch_size, known=known))
        for article, old, same in zip(batch, olds, is_same, strict=True):
            if same:
                yield IngestResult(article.id, article.title, "unchanged")
                continue
            extraction = next(extractions)
            store.replace_graph(str(article_iri(article.id)), to_quads(extraction))
            yield IngestResult(
                article.id,
                article.title,
                "replaced" if old else "added",
                len(extraction.entities),
                len(extraction.facts),
            )


def known_entities(store: Readable) -> list[KnownEntity]:
    """Return the entities the store holds (label, most specific class, aliases), so that a new
    article names them the same way (one rdfs:label per IRI) and resolves lone surnames to them."""
    rows = store.select(
        f"""SELECT ?e ?label ?type ?alt WHERE {{
            ?e <{RDFS.label}> ?label ; a ?type .
            FILTER(STRSTARTS(STR(?type), "{SM}"))
            FILTER(?type NOT IN (<{SM.Article}>, <{SM.Fact}>))
            OPTIONAL {{ ?e <{SKOS.altLabel}> ?alt }}
        }}"""
    )
    found: dict[str, tuple[str, set[str], set[str]]] = {}
    for row in rows:
        _, classes, aliases = found.setdefault(row["e"], (row["label"], set(), set()))
        classes.add(row["type"].removeprefix(str(SM)))
        if row.get("alt"):
            aliases.add(row["alt"])
    return [
        KnownEntity(label, _most_specific(classes), tuple(sorted(aliases)))
        for label, classes, aliases in found.values()
    ]


def _most_specific(classes: set[str]) -> str:
    generic = {"Organization", "Place"}
    return sorted(classes, key=lambda c: (c in generic, c))[0]
