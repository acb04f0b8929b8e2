"""Graph views over the stored facts: entity search, entity pages, neighborhoods and paths (networkx).

Every function takes something that answers SELECT queries (a `Store`, or the API's query pool) and
explicit arguments. An entity's short id is its IRI after `.../entity/`, e.g. `person/yulia-peresild`.
Facts are read through their provenance nodes (`sm:Fact`), so each edge carries the articles and
evidence sentences that assert it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Literal, TypeVar

import networkx as nx
import pyoxigraph as ox
from rapidfuzz import fuzz, process, utils

from kg.errors import BadInputError, EntityNotFound
from kg.store.base import Readable
from kg.terms import ARTICLE, ENTITY, SM

Direction = Literal["in", "out", "both"]

PREFIXES = (
    f"PREFIX sm: <{SM}>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
    "PREFIX schema: <https://schema.org/>\n"
)
_LOCAL_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
# VALUES blocks stay small enough for the query parser and the planner.
_BATCH = 200
_Item = TypeVar("_Item")


def entity_id(iri: str) -> str:
    """Return the short id of an entity IRI (the part after `.../entity/`), or the IRI itself."""
    return iri[len(str(ENTITY)) :] if iri.startswith(str(ENTITY)) else iri


def entity_iri_of(entity: str) -> str:
    """Return the IRI for a short id (`person/yulia-peresild`) or a full IRI; raise BadInputError."""
    iri = entity if entity.startswith(("http://", "https://")) else str(ENTITY) + entity
    try:
        return ox.NamedNode(iri).value
    except ValueError as exc:
        raise BadInputError(f"not a valid entity id or IRI: {entity!r}") from exc


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))


def _local(iri: str) -> str:
    return iri[len(str(SM)) :] if iri.startswith(str(SM)) else iri


def _names(values: Iterable[str], what: str) -> list[str]:
    names = []
    for value in values:
        if not _LOCAL_NAME.match(value):
            raise BadInputError(f"not an ontology {what} name: {value!r}")
        names.append(str(SM[value]))
    return names


def _batches(items: Sequence[_Item]) -> Iterable[Sequence[_Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


# ---------------------------------------------------------------------------------------------------
# Search


@dataclass(frozen=True)
class Hit:
    """One search result: an entity, the name that matched and the match score (0..100)."""

    id: str
    iri: str
    label: str
    types: list[str]
    matched: str
    score: float


@dataclass
class LabelIndex:
    """Every entity's label and aliases, for typo-tolerant search (rapidfuzz)."""

    names: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, store: Readable) -> LabelIndex:
        """Read every entity's label, aliases and types from `store`."""
        index = cls()
        entity_filter = f'FILTER(STRSTARTS(STR(?e), "{ENTITY}"))'
        seen: set[tuple[str, str]] = set()
        # Separate DISTINCT queries: labels and aliases repeat in every article graph.
        for key in ("rdfs:label", "skos:altLabel"):
            for row in store.select(
                PREFIXES + f"SELECT DISTINCT ?e ?l WHERE {{ ?e {key} ?l . {entity_filter} }}"
            ):
                iri, name = row["e"], row["l"]
                if key == "rdfs:label":
                    index.labels.setdefault(iri, name)
                if (iri, name) not in seen:
                    seen.add((iri, name))
                    index.names.append(name)
                    index.owners.append(iri)
        for row in store.select(
            PREFIXES + f"SELECT DISTINCT ?e ?t WHERE {{ ?e a ?t . {entity_filter} }}"
        ):
            index.types.setdefault(row["e"], []).append(_local(row["t"]))
        return index

    def search(self, query: str, *, type: str | None = None, limit: int = 10) -> list[Hit]:
        """Return up to `limit` entities whose label or alias is close to `query`, best first.

        `type` keeps only entities of that ontology class (local name, e.g. `Person`).
        """
        if not utils.default_process(query):
            return []
        matches = process.extract(
            query,
            self.names,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=60,
            limit=None,
        )
        best: dict[str, Hit] = {}
        for name, score, position in matches:
            iri = self.owners[position]
            types = sorted(self.types.get(iri, []))
            if type is not None and type not in types:
                continue
            if iri not in best or best[iri].score < score:
                best[iri] = Hit(entity_id(iri), iri, self.labels[iri], types, name, round(score, 1))
        folded = query.casefold()
        # An exact name beats a fuzzy one with the same score; then shorter labels, then A-Z.
        return sorted(
            best.values(),
            key=lambda h: (-h.score, h.matched.casefold() != folded, len(h.label), h.label),
        )[:limit]

    def resolve(self, name: str) -> str:
        """Return the IRI of the entity a name, short id or IRI stands for; raise EntityNotFound."""
        if name.startswith(("http://", "https://")) or "/" in name:
            iri = entity_iri_of(name)
            if iri in self.labels:
                return iri
            raise EntityNotFound(name)
        hits = self.search(name, limit=1)
        if not hits or hits[0].score < 85:
            raise EntityNotFound(name)
        return hits[0].iri


# ---------------------------------------------------------------------------------------------------
# One entity


def entity(store: Readable, iri: str) -> dict[str, object]:
    """Return an entity's labels, types, sameAs links, articles and facts in and out with evidence.

    Raises EntityNotFound if no stored entity has this IRI.
    """
    node = _iri(iri)
    values: dict[str, set[str]] = {}
    # One DISTINCT query per property: each article graph repeats them, so a join would multiply.
    for key, path in (
        ("l", "rdfs:label"),
        ("alt", "skos:altLabel"),
        ("t", "a"),
        ("same", "owl:sameAs"),
    ):
        rows = store.select(PREFIXES + f"SELECT DISTINCT ?v WHERE {{ {node} {path} ?v }}")
        values[key] = {r["v"] for r in rows}
    if not values["l"]:
        raise EntityNotFound(entity_id(iri))
    articles = store.select(
        PREFIXES
        + f"SELECT DISTINCT ?a ?h WHERE {{ GRAPH ?a {{ ?a sm:mentions {node} }} "
        + "OPTIONAL { ?a schema:headline ?h } } ORDER BY ?a"
    )
    return {
        "id": entity_id(iri),
        "iri": iri,
        "label": min(values["l"]),
        "aliases": sorted(values["alt"]),
        "types": sorted(_local(t) for t in values["t"]),
        "same_as": sorted(values["same"]),
        "articles": [
            {"id": _article_id(r["a"]), "headline": r.get("h")} for r in dict_unique(articles, "a")
        ],
        "facts_out": _facts(store, node, "subject"),
        "facts_in": _facts(store, node, "object"),
    }


def dict_unique(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    """Return the first row for each distinct value of `key`, in order."""
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())


def _article_id(iri: str) -> str:
    return iri[len(str(ARTICLE)) :] if iri.startswith(str(ARTICLE)) else iri


def _facts(store: Readable, node: str, role: str) -> list[dict[str, object]]:
    other = "object" if role == "subject" else "subject"
    rows = store.select(
        PREFIXES
        + f"SELECT ?f ?p ?x ?g ?h ?ev ?c ?b ?e WHERE {{ ?f rdf:{role} {node} ; "
        + f"rdf:predicate ?p ; rdf:{other} ?x ; prov:wasDerivedFrom ?g ; sm:confidence ?c . "
        + "OPTIONAL { ?f sm:evidence ?ev } OPTIONAL { ?f nif:beginIndex ?b ; nif:endIndex ?e } "
        + "OPTIONAL { ?g schema:headline ?h } } ORDER BY ?p ?x ?g ?b"
    )
    labels = _describe(store, sorted({r["x"] for r in rows}))
    facts: dict[tuple[str, str], dict[str, object]] = {}
    for row in dict_unique(rows, "f"):
        fact = facts.setdefault(
            (row["p"], row["x"]),
            {
                "predicate": _local(row["p"]),
                other: {"id": entity_id(row["x"]), "label": labels.get(row["x"], (None, []))[0]},
                "confidence": 0.0,
                "evidence": [],
            },
        )
        confidence = float(row["c"])
        fact["confidence"] = max(float(fact["confidence"]), confidence)  # type: ignore[arg-type]
        fact["evidence"].append(  # type: ignore[attr-defined]
            {
                "article": _article_id(row["g"]),
                "headline": row.get("h"),
                "sentence": row.get("ev"),
                "begin": int(row["b"]) if "b" in row else None,
                "end": int(row["e"]) if "e" in row else None,
                "confidence": confidence,
            }
        )
    return list(facts.values())


# ---------------------------------------------------------------------------------------------------
# Neighborhoods and paths


@dataclass(frozen=True)
class EdgeFilter:
    """Which facts count as edges: predicates and minimum confidence (None: any)."""

    predicates: tuple[str, ...] = ()
    min_confidence: float = 0.0


def _edges(
    store: Readable, nodes: Sequence[str], direction: Direction, edge_filter: EdgeFilter
) -> list[dict[str, str]]:
    """Return one row per fact occurrence touching `nodes` in `direction`; plans ("is to fly")
    are no facts yet, as in the stored graph, which holds only their provenance nodes."""
    predicate_values = (
        "VALUES ?p { " + " ".join(_iri(p) for p in edge_filter.predicates) + " } "
        if edge_filter.predicates
        else ""
    )
    confidence = (
        f"FILTER(?c >= {float(edge_filter.min_confidence)!r}) "
        if edge_filter.min_confidence > 0
        else ""
    )
    roles = {"out": ["s"], "in": ["o"], "both": ["s", "o"]}[direction]
    rows: list[dict[str, str]] = []
    for batch in _batches(nodes):
        values = " ".join(_iri(n) for n in batch)
        for role in roles:
            rows += store.select(
                PREFIXES
                + f"SELECT ?f ?s ?p ?o ?c ?g ?ev WHERE {{ VALUES ?{role} {{ {values} }} "
                + predicate_values
                # The bound role first, so the planner starts from the frontier.
                + f"?f rdf:{'subject' if role == 's' else 'object'} ?{role} . "
                + "?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sm:confidence ?c ; "
                + "prov:wasDerivedFrom ?g . OPTIONAL { ?f sm:evidence ?ev } "
                + 'FILTER NOT EXISTS { ?f sm:modality "planned" } '
                + confidence
                + "}"
            )
    return rows


def _describe(store: Readable, nodes: Sequence[str]) -> dict[str, tuple[str | None, list[str]]]:
    """Return label and types of each of `nodes`."""
    out: dict[str, tuple[str | None, list[str]]] = {}
    for batch in _batches(nodes):
        values = " ".join(_iri(n) for n in batch)
        # DISTINCT and one property per query: every article graph repeats an entity's label and
        # type, and joining them per graph multiplies the rows.
        for row in store.select(
            PREFIXES
            + f"SELECT DISTINCT ?n ?l WHERE {{ VALUES ?n {{ {values} }} ?n rdfs:label ?l }}"
        ):
            out.setdefault(row["n"], (row["l"], []))
        for row in store.select(
            PREFIXES + f"SELECT DISTINCT ?n ?t WHERE {{ VALUES ?n {{ {values} }} ?n a ?t }}"
        ):
            _, types = out.setdefault(row["n"], (None, []))
            types.append(_local(row["t"]))
    return out


def _add_edges(graph: nx.MultiDiGraph, rows: list[dict[str, str]]) -> None:
    for row in dict_unique(rows, "f"):
        source, target, key = row["s"], row["o"], _local(row["p"])
        confidence = float(row["c"])
        evidence = {
            "article": _article_id(row["g"]),
            "sentence": row.get("ev"),
            "confidence": confidence,
        }
        if graph.has_edge(source, target, key):
            data = graph.edges[source, target, key]
            data["confidence"] = max(data["confidence"], confidence)
            data["evidence"].append(evidence)
        else:
            graph.add_edge(
                source, target, key=key, predicate=key, confidence=confidence, evidence=[evidence]
            )
    # Rows come in the store's order, which differs between stores: give evidence one order.
    for _, _, data in graph.edges(data=True):
        data["evidence"].sort(key=lambda e: (e["article"], e["sentence"] or "", -e["confidence"]))


def neighborhood(
    store: Readable,
    iri: str,
    *,
    hops: int = 1,
    direction: Direction = "both",
    predicates: Sequence[str] = (),
    types: Sequence[str] = (),
    min_confidence: float = 0.0,
    limit: int = 100,
) -> nx.MultiDiGraph:
    """Return the entities within `hops` facts of `iri` as a MultiDiGraph (nodes are IRIs).

    Nodes carry `id`, `label`, `types` and `hops` (distance from the center); edges are keyed by
    predicate and carry `confidence` (the highest) and `evidence` (article, sentence, confidence per
    occurrence). `predicates` and `types` are ontology local names that restrict edges and reached
    nodes; `limit` caps the number of nodes (nearest first). Raises EntityNotFound for an unknown
    center, BadInputError for a bad name or range.
    """
    if not 1 <= hops <= 3:
        raise BadInputError(f"hops must be 1..3, not {hops}")
    if limit < 1:
        raise BadInputError(f"limit must be at least 1, not {limit}")
    edge_filter = EdgeFilter(tuple(_names(predicates, "property")), min_confidence)
    wanted_types = set(types)
    _names(types, "class")
    described = _describe(store, [iri])
    if described.get(iri, (None, []))[0] is None:
        raise EntityNotFound(entity_id(iri))
    graph = nx.MultiDiGraph()
    graph.add_node(iri, hops=0)
    frontier = [iri]
    for hop in range(1, hops + 1):
        rows = _edges(store, frontier, direction, edge_filter)
        strength: dict[str, float] = {}
        for row in rows:
            for node in (row["s"], row["o"]):
                strength[node] = max(strength.get(node, 0.0), float(row["c"]))
        # Nearest first, then the most confidently linked, so `limit` keeps the strongest ties.
        candidates = sorted(
            (n for n in strength if n not in graph), key=lambda n: (-strength[n], n)
        )
        info = _describe(store, candidates)
        described.update(info)
        frontier = []
        for node in candidates:
            if len(graph) >= limit:
                break
            if wanted_types and not wanted_types & set(info.get(node, (None, []))[1]):
                continue
            graph.add_node(node, hops=hop)
            frontier.append(node)
        _add_edges(graph, [r for r in rows if r["s"] in graph and r["o"] in graph])
        if not frontier:
            break
    for node, data in graph.nodes(data=True):
        label, node_types = described.get(node, (None, []))
        data.update(id=entity_id(node), iri=node, label=label, types=sorted(node_types))
    return graph


def paths(
    store: Readable,
    source: str,
    target: str,
    *,
    max_hops: int = 3,
    limit: int = 10,
    edge_filter: EdgeFilter | None = None,
) -> list[dict[str, object]]:
    """Return up to `limit` shortest connections between two entities, ignoring edge direction.

    Each path lists its nodes (id, label) and, per step, the facts linking the two nodes with their
    evidence. An empty list means no connection within `max_hops`. Raises EntityNotFound for an
    unknown entity, BadInputError for `max_hops` outside 1..6.
    """
    if not 1 <= max_hops <= 6:
        raise BadInputError(f"max_hops must be 1..6, not {max_hops}")
    edge_filter = edge_filter or EdgeFilter()
    known = _describe(store, [source, target])
    for iri in (source, target):
        if known.get(iri, (None, []))[0] is None:
            raise EntityNotFound(entity_id(iri))
    if source == target:
        return [{"length": 0, "nodes": [_node_json(source, known)], "steps": []}]
    graph = nx.MultiDiGraph()
    reached = [{source: 0}, {target: 0}]
    frontiers = [[source], [target]]
    met = False
    depth = 0
    while depth < max_hops and not met and all(frontiers):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        rows = _edges(store, frontiers[side], "both", edge_filter)
        _add_edges(graph, rows)
        level = max(reached[side].values()) + 1
        new = []
        for row in rows:
            for node in (row["s"], row["o"]):
                if node not in reached[side]:
                    reached[side][node] = level
                    new.append(node)
        frontiers[side] = new
        met = any(node in reached[1 - side] for node in new)
        depth += 1
    if not met:
        return []
    simple = nx.Graph(graph)
    found = []
    for route in islice(nx.all_shortest_paths(simple, source, target), limit):
        found.append(route)
    known.update(_describe(store, sorted({n for route in found for n in route})))
    result = []
    for route in found:
        steps = []
        for a, b in pairwise(route):
            facts = [
                {"source": entity_id(u), "target": entity_id(v), **_edge_json(data)}
                for u, v in ((a, b), (b, a))
                if graph.has_edge(u, v)
                for data in graph.get_edge_data(u, v).values()
            ]
            steps.append({"from": entity_id(a), "to": entity_id(b), "facts": facts})
        result.append(
            {
                "length": len(route) - 1,
                "nodes": [_node_json(n, known) for n in route],
                "steps": steps,
            }
        )
    return result


def _node_json(iri: str, known: dict[str, tuple[str | None, list[str]]]) -> dict[str, object]:
    label, types = known.get(iri, (None, []))
    return {"id": entity_id(iri), "iri": iri, "label": label, "types": sorted(types)}


def _edge_json(data: dict[str, object]) -> dict[str, object]:
    return {
        "predicate": data["predicate"],
        "confidence": data["confidence"],
        "evidence": data["evidence"],
    }


def graph_json(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, object]]]:
    """Return a neighborhood graph as `{"nodes": [...], "edges": [...]}` with short ids."""
    nodes = [
        {
            "id": data["id"],
            "iri": node,
            "label": data.get("label"),
            "types": data.get("types", []),
            "hops": data.get("hops"),
        }
        for node, data in sorted(graph.nodes(data=True), key=lambda n: (n[1]["hops"], n[0]))
    ]
    edges = [
        {"source": entity_id(u), "target": entity_id(v), **_edge_json(data)}
        for u, v, data in sorted(
            graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])
        )
    ]
    return {"nodes": nodes, "edges": edges}
