"""The one orchestration function: articles in, one committed graph per article out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from spacy.language import Language

from kg.extract.clean import clean
from kg.extract.pipeline import extract_many
from kg.model import Article, content_hash
from kg.rdf import to_quads
from kg.store import Store
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
    while batch := tuple(islice(stream, batch_size)):
        olds = [store.graph_value(str(article_iri(a.id)), str(SM.contentHash)) for a in batch]
        is_same = [old == content_hash(clean(a.text)) for a, old in zip(batch, olds, strict=True)]
        changed = [a for a, same in zip(batch, is_same, strict=True) if not same]
        extractions = iter(extract_many(nlp, changed, batch_size=batch_size))
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
