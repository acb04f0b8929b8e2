"""Read access to stored articles: the list, and one article with its entities and facts."""

from __future__ import annotations

import re

from kg.errors import ArticleNotFound, BadInputError
from kg.graph import PREFIXES, dict_unique, entity_id
from kg.store.base import Readable
from kg.terms import ARTICLE, SM

_ID = re.compile(r"^[0-9a-f]{16}$")


def check_article_id(article_id: str) -> str:
    """Return `article_id` if it has the shape of an article id; raise ArticleNotFound otherwise."""
    if not _ID.match(article_id):
        raise ArticleNotFound(article_id)
    return article_id


def list_articles(store: Readable, *, limit: int = 100, offset: int = 0) -> list[dict[str, object]]:
    """Return stored articles (id, headline, url, published), ordered by id."""
    if limit < 1 or offset < 0:
        raise BadInputError("limit must be positive and offset not negative")
    rows = store.select(
        PREFIXES
        + "SELECT ?a ?h ?u ?d WHERE { GRAPH ?a { ?a a sm:Article . "
        + "OPTIONAL { ?a schema:headline ?h } OPTIONAL { ?a schema:url ?u } "
        + "OPTIONAL { ?a schema:datePublished ?d } } } "
        + f"ORDER BY ?a LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return [_summary(row) for row in dict_unique(rows, "a")]


def _summary(row: dict[str, str]) -> dict[str, object]:
    return {
        "id": row["a"][len(str(ARTICLE)) :],
        "headline": row.get("h"),
        "url": row.get("u"),
        "published": row.get("d"),
    }


def article(store: Readable, article_id: str) -> dict[str, object]:
    """Return one article: headline, url, published, content hash, entities and facts with evidence.

    Raises ArticleNotFound if no article has this id.
    """
    graph = f"<{ARTICLE}{check_article_id(article_id)}>"
    rows = store.select(
        PREFIXES
        + f"SELECT ?a ?h ?u ?d ?hash ?x WHERE {{ GRAPH {graph} {{ ?a a sm:Article . "
        + "OPTIONAL { ?a schema:headline ?h } OPTIONAL { ?a schema:url ?u } "
        + "OPTIONAL { ?a schema:datePublished ?d } OPTIONAL { ?a sm:contentHash ?hash } "
        + "OPTIONAL { ?a sm:extractor ?x } } }"
    )
    if not rows:
        raise ArticleNotFound(article_id)
    summary = _summary(rows[0])
    summary["content_hash"] = rows[0].get("hash")
    summary["extractor"] = rows[0].get("x")
    summary["entities"] = entities(store, article_id)
    summary["facts"] = facts(store, article_id)
    return summary


def entities(store: Readable, article_id: str) -> list[dict[str, object]]:
    """Return the entities an article mentions: id, label, types, aliases seen in it."""
    graph = f"<{ARTICLE}{check_article_id(article_id)}>"
    rows = store.select(
        PREFIXES
        + f"SELECT ?e ?l ?t ?alt WHERE {{ GRAPH {graph} {{ {graph} sm:mentions ?e . "
        + "?e rdfs:label ?l . OPTIONAL { ?e a ?t } OPTIONAL { ?e skos:altLabel ?alt } } } ORDER BY ?e"
    )
    out: dict[str, dict[str, object]] = {}
    local = len(str(SM))
    for row in rows:
        ent = out.setdefault(
            row["e"],
            {"id": entity_id(row["e"]), "label": row["l"], "types": [], "aliases": []},
        )
        types: list[str] = ent["types"]  # type: ignore[assignment]
        aliases: list[str] = ent["aliases"]  # type: ignore[assignment]
        if "t" in row and row["t"][local:] not in types:
            types.append(row["t"][local:])
        if "alt" in row and row["alt"] not in aliases:
            aliases.append(row["alt"])
    return list(out.values())


def facts(store: Readable, article_id: str) -> list[dict[str, object]]:
    """Return the facts extracted from an article, in text order, with their evidence."""
    graph = f"<{ARTICLE}{check_article_id(article_id)}>"
    rows = store.select(
        PREFIXES
        + f"SELECT ?f ?s ?sl ?p ?o ?ol ?ev ?b ?e ?c ?r WHERE {{ GRAPH {graph} {{ ?f a sm:Fact ; "
        + "rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sm:confidence ?c . "
        + "OPTIONAL { ?f sm:evidence ?ev } OPTIONAL { ?f nif:beginIndex ?b ; nif:endIndex ?e } "
        + "OPTIONAL { ?f sm:reportedBy ?r } OPTIONAL { ?s rdfs:label ?sl } "
        + "OPTIONAL { ?o rdfs:label ?ol } } } ORDER BY ?b ?f"
    )
    local = len(str(SM))
    return [
        {
            "subject": {"id": entity_id(r["s"]), "label": r.get("sl")},
            "predicate": r["p"][local:],
            "object": {"id": entity_id(r["o"]), "label": r.get("ol")},
            "sentence": r.get("ev"),
            "begin": int(r["b"]) if "b" in r else None,
            "end": int(r["e"]) if "e" in r else None,
            "confidence": float(r["c"]),
            "reported_by": entity_id(r["r"]) if "r" in r else None,
        }
        for r in dict_unique(rows, "f")
    ]
