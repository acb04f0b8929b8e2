"""Counts that summarize a stored graph: articles, entities by class, facts by property."""

from __future__ import annotations

from dataclasses import dataclass

from kg.store import Readable, Store
from kg.terms import SM

_PREFIXES = f"PREFIX sm: <{SM}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
_ARTICLES = _PREFIXES + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a sm:Article }"
_ENTITIES = (
    _PREFIXES
    + "SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?cls ; rdfs:label ?l . "
    + "FILTER(STRSTARTS(STR(?cls), STR(sm:)) && ?cls != sm:Article) } GROUP BY ?cls ORDER BY ?cls"
)
_FACTS = (
    _PREFIXES
    + "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . "
    + "?s rdfs:label ?sl . ?o rdfs:label ?ol . FILTER(STRSTARTS(STR(?p), STR(sm:))) } } "
    + "GROUP BY ?p ORDER BY ?p"
)


@dataclass(frozen=True)
class Stats:
    """Summary counts of a store."""

    quads: int
    articles: int
    entities: dict[str, int]
    facts: dict[str, int]


def stats(store: Store, queries: Readable | None = None) -> Stats:
    """Return the summary counts of `store` (entities and facts are distinct across articles).

    The counting queries go to `queries` when given (the API's time-limited query pool).
    """
    local = len(str(SM))
    reader = queries or store
    return Stats(
        quads=store.quad_count(),
        articles=int(reader.select(_ARTICLES)[0]["n"]),
        entities={r["cls"][local:]: int(r["n"]) for r in reader.select(_ENTITIES)},
        facts={r["p"][local:]: int(r["n"]) for r in reader.select(_FACTS)},
    )
