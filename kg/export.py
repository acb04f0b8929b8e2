"""Property-graph exports of the knowledge graph: GraphML, GEXF, Cytoscape.js, node-link, DOT, CSV.

`entity_graph` reads the entity graph from a store with SPARQL into a networkx `MultiDiGraph`
(nodes are entity IRIs, edges are keyed by property); `write_graph` serializes it. Node attributes:
`label`, `class` (the most specific ontology class), `aliases` (`|`-separated), `degree` (in the
whole knowledge graph) and `mentions` (articles mentioning the entity). Edge attributes:
`property` (ontology local name), `label` (the property's label), `confidence` (the highest over
the fact's provenance nodes) and `articles` (distinct article graphs asserting the fact).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, XSD

from kg import graph as views
from kg.articles import check_article_id
from kg.errors import BadInputError, EntityNotFound
from kg.formats import GRAPH_FORMATS, RDF_FORMATS, check_format
from kg.store.base import Readable
from kg.store.formats import write_quads
from kg.terms import ARTICLE, ENTITY, ONTOLOGY_PATH, SM

EXTENSIONS: dict[str, str] = {
    "graphml": "graphml",
    "gexf": "gexf",
    "cytoscape": "cyjs",
    "nodelink": "json",
    "dot": "gv",
    "csv": "zip",
}
ALIAS_SEPARATOR = "|"
# Properties that link an article or a fact's attribution, not two entities.
_NOT_EDGES = ("mentions", "reportedBy")


@dataclass(frozen=True)
class GraphFilter:
    """Which part of the graph to export.

    `entity` (an IRI) with `hops` keeps that entity's neighborhood; `types` keeps entities of those
    classes; `predicates` keeps those properties; `min_confidence` keeps facts at least that
    confident; `article` (an article id) keeps facts that article asserts and the entities it
    mentions; `limit` caps the number of nodes (nearest, then most connected, first).
    """

    entity: str | None = None
    hops: int = 1
    types: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()
    min_confidence: float = 0.0
    article: str | None = None
    limit: int | None = None


# ---------------------------------------------------------------------------------------------------
# Reading


@lru_cache(maxsize=1)
def _ontology() -> tuple[dict[str, str], dict[str, set[str]]]:
    """Return the ontology's labels by local name and each class's superclasses (transitive)."""
    onto = Graph().parse(ONTOLOGY_PATH, format="turtle")
    prefix = str(SM)
    labels = {
        str(s)[len(prefix) :]: str(o)
        for s, o in onto.subject_objects(RDFS.label)
        if str(s).startswith(prefix) and getattr(o, "language", None) in (None, "en")
    }
    supers: dict[str, set[str]] = {}
    for cls in {s for s in onto.subjects(RDFS.subClassOf) if str(s).startswith(prefix)}:
        supers[str(cls)[len(prefix) :]] = {
            str(o)[len(prefix) :]
            for o in onto.transitive_objects(URIRef(str(cls)), RDFS.subClassOf)
            if o != cls and str(o).startswith(prefix)
        }
    return labels, supers


def property_label(name: str) -> str:
    """Return the ontology label of a property local name (`starsIn` -> `stars in`)."""
    return _ontology()[0].get(name, name)


def most_specific(classes: Iterable[str]) -> str:
    """Return the most specific of an entity's classes (one no other of them is a subclass of)."""
    found = sorted(set(classes))
    if not found:
        return "Thing"
    supers = _ontology()[1]
    general = {s for cls in found for s in supers.get(cls, set())}
    specific = [cls for cls in found if cls not in general]
    return (specific or found)[0]


def _local(iri: str) -> str:
    return iri[len(str(SM)) :] if iri.startswith(str(SM)) else iri


def _edge_rows(store: Readable, graph_filter: GraphFilter) -> list[dict[str, str]]:
    not_edges = " ".join(f"sm:{name}" for name in _NOT_EDGES)
    graph_term = (
        f"<{ARTICLE[check_article_id(graph_filter.article)]}>" if graph_filter.article else "?g"
    )
    predicates = (
        "VALUES ?p { " + " ".join(f"sm:{name}" for name in graph_filter.predicates) + " } "
        if graph_filter.predicates
        else ""
    )
    having = (
        f"HAVING (MAX(?c) >= {float(graph_filter.min_confidence)!r})"
        if graph_filter.min_confidence > 0
        else ""
    )
    return store.select(
        views.PREFIXES
        + "SELECT ?s ?p ?o (MAX(?c) AS ?conf) (COUNT(DISTINCT ?g) AS ?n) WHERE { "
        + predicates
        + f"GRAPH ?g {{ ?s ?p ?o }} GRAPH {graph_term} {{ ?s ?p ?o }} "
        + f'FILTER(STRSTARTS(STR(?p), "{SM}") && STRSTARTS(STR(?s), "{ENTITY}") '
        + f'&& STRSTARTS(STR(?o), "{ENTITY}")) FILTER(?p NOT IN ({not_edges.replace(" ", ", ")})) '
        # Confidence as the graphs holding the triple state it (one article's, with `article`).
        + f"OPTIONAL {{ GRAPH {graph_term} {{ "
        + "?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sm:confidence ?c } } "
        + "} GROUP BY ?s ?p ?o "
        + having
    )


def _node_rows(store: Readable, graph_filter: GraphFilter) -> dict[str, dict[str, object]]:
    """Return label, classes, aliases and mention count of each entity, by IRI."""
    mentioned = (
        f"GRAPH <{ARTICLE[check_article_id(graph_filter.article)]}> {{ ?a sm:mentions ?e }} "
        if graph_filter.article
        else ""
    )
    entities = f'FILTER(STRSTARTS(STR(?e), "{ENTITY}")) '
    nodes: dict[str, dict[str, object]] = {}
    for row in store.select(
        views.PREFIXES
        + "SELECT ?e ?l ?t WHERE { "
        + mentioned
        + "?e rdfs:label ?l . "
        + entities
        + "OPTIONAL { ?e a ?t } }"
    ):
        node = nodes.setdefault(
            row["e"], {"label": row["l"], "classes": set(), "aliases": set(), "mentions": 0}
        )
        if "t" in row:
            node["classes"].add(_local(row["t"]))  # type: ignore[attr-defined]
    for row in store.select(
        views.PREFIXES + "SELECT DISTINCT ?e ?alt WHERE { ?e skos:altLabel ?alt . " + entities + "}"
    ):
        if row["e"] in nodes:
            nodes[row["e"]]["aliases"].add(row["alt"])  # type: ignore[attr-defined]
    for row in store.select(
        views.PREFIXES
        + "SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?m { ?m sm:mentions ?e } } GROUP BY ?e"
    ):
        if row["e"] in nodes:
            nodes[row["e"]]["mentions"] = int(row["n"])
    return nodes


def _degrees(store: Readable) -> dict[str, int]:
    """Return every entity's number of distinct facts (in or out) in the whole knowledge graph."""
    rows = store.select(
        views.PREFIXES
        + "SELECT DISTINCT ?s ?p ?o WHERE { ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
    )
    degrees: Counter[str] = Counter()
    for row in rows:
        degrees[row["s"]] += 1
        degrees[row["o"]] += 1
    return dict(degrees)


def entity_graph(store: Readable, graph_filter: GraphFilter | None = None) -> nx.MultiDiGraph:
    """Return the entity graph (or the part `graph_filter` selects) as a networkx MultiDiGraph.

    Raises EntityNotFound for an unknown `graph_filter.entity`, BadInputError for a bad class,
    property or article name or a hop count outside 1..3.
    """
    graph_filter = graph_filter or GraphFilter()
    views._names(graph_filter.types, "class")
    views._names(graph_filter.predicates, "property")
    if graph_filter.limit is not None and graph_filter.limit < 1:
        raise BadInputError(f"limit must be at least 1, not {graph_filter.limit}")
    graph = nx.MultiDiGraph()
    degrees = _degrees(store)
    wanted = set(graph_filter.types)
    for iri, row in _node_rows(store, graph_filter).items():
        classes: set[str] = row["classes"]  # type: ignore[assignment]
        if wanted and not wanted & classes:
            continue
        graph.add_node(
            iri,
            label=row["label"],
            **{"class": most_specific(classes)},
            aliases=ALIAS_SEPARATOR.join(sorted(row["aliases"])),  # type: ignore[call-overload]
            degree=degrees.get(iri, 0),
            mentions=row["mentions"],
        )
    for edge in _edge_rows(store, graph_filter):
        source, target = edge["s"], edge["o"]
        if source not in graph or target not in graph:
            continue
        name = _local(edge["p"])
        graph.add_edge(
            source,
            target,
            key=name,
            property=name,
            label=property_label(name),
            confidence=round(float(edge.get("conf", 0.0)), 4),
            articles=int(edge["n"]),
        )
    if graph_filter.entity is not None:
        return _around(store, graph, graph_filter)
    truncated = graph_filter.limit is not None and len(graph) > graph_filter.limit
    reachable = len(graph)
    if truncated:
        keep = sorted(graph, key=lambda n: (-graph.nodes[n]["degree"], n))[: graph_filter.limit]
        graph = graph.subgraph(keep).copy()
    graph.graph.update(truncated=truncated, reachable=reachable)
    return graph


def _around(store: Readable, graph: nx.MultiDiGraph, graph_filter: GraphFilter) -> nx.MultiDiGraph:
    """Return the part of `graph` within `hops` (ignoring direction) of the filter's entity."""
    center = graph_filter.entity
    assert center is not None
    if center not in graph:
        # Known entity filtered out (or unknown): tell them apart for the error.
        views.entity(store, center)
        raise EntityNotFound(views.entity_id(center))
    if not 1 <= graph_filter.hops <= 3:
        raise BadInputError(f"hops must be 1..3, not {graph_filter.hops}")
    distances = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), center, cutoff=graph_filter.hops
    )
    order = sorted(distances, key=lambda n: (distances[n], -graph.nodes[n]["degree"], n))
    truncated = graph_filter.limit is not None and len(order) > graph_filter.limit
    if truncated:
        order = order[: graph_filter.limit]
    sub: nx.MultiDiGraph = graph.subgraph(order).copy()
    for node in sub:
        sub.nodes[node]["hops"] = distances[node]
    sub.graph["truncated"] = truncated
    sub.graph["reachable"] = len(distances)
    return sub


# ---------------------------------------------------------------------------------------------------
# The RDF behind a selection

# Each selected quad with what its object is (IRI, blank node, literal datatype and language).
_QUAD_ROW = (
    "SELECT ?s ?p ?o ?g (isBlank(?s) AS ?sb) (isIRI(?o) AS ?oi) (isBlank(?o) AS ?ob) "
    "(DATATYPE(?o) AS ?dt) (LANG(?o) AS ?lang) WHERE { "
)
_MENTIONS = "sm:mentions, schema:mentions"


def _true(value: str) -> bool:
    # Virtuoso answers isIRI()/isBlank() as the integers 1 and 0, which SparqlStore cannot tell
    # from data (it canonicalizes only xsd:boolean values); the remote comparison test covers it.
    return value in ("true", "1")


def _object(row: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    value = row["o"]
    if _true(row["oi"]):
        return ox.NamedNode(value)
    if _true(row["ob"]):
        return ox.BlankNode(value)
    if row.get("lang"):
        return ox.Literal(value, language=row["lang"])
    return ox.Literal(value, datatype=ox.NamedNode(row.get("dt") or str(XSD.string)))


def _quads(store: Readable, where: str) -> Iterator[ox.Quad]:
    for row in store.select(views.PREFIXES + _QUAD_ROW + where + " }"):
        subject = ox.BlankNode(row["s"]) if _true(row["sb"]) else ox.NamedNode(row["s"])
        yield ox.Quad(subject, ox.NamedNode(row["p"]), _object(row), ox.NamedNode(row["g"]))


def selection_quads(
    store: Readable, graph: nx.MultiDiGraph, graph_filter: GraphFilter | None = None
) -> list[ox.Quad]:
    """Return the stored quads behind `graph` (a part `entity_graph` selected with `graph_filter`).

    They are the entities' own statements (types, labels, aliases, sameAs), each selected fact's
    triple with its provenance nodes, and the articles holding them or mentioning the entities
    (their metadata and those mentions), all in their article graphs. `article` keeps one article's
    graph; `min_confidence` keeps provenance nodes at least that confident and the fact triples
    they support.
    """
    graph_filter = graph_filter or GraphFilter()
    graph_term = (
        f"<{ARTICLE[check_article_id(graph_filter.article)]}>" if graph_filter.article else "?g"
    )
    confident = (
        f"?f sm:confidence ?c FILTER(?c >= {float(graph_filter.min_confidence)!r}) "
        if graph_filter.min_confidence > 0
        else ""
    )
    bind = f"BIND({graph_term} AS ?g) " if graph_filter.article else ""
    quads: dict[ox.Quad, None] = {}

    def add(where: str) -> None:
        quads.update(dict.fromkeys(_quads(store, where)))

    for batch in views._batches(sorted(graph)):
        entities = " ".join(views._iri(iri) for iri in batch)
        add(
            f"VALUES ?s {{ {entities} }} GRAPH {graph_term} {{ ?s ?p ?o }} {bind}"
            f'FILTER(!(isIRI(?o) && STRSTARTS(STR(?o), "{ENTITY}") && STRSTARTS(STR(?p), "{SM}")))'
        )
        add(
            f"VALUES ?o {{ {entities} }} GRAPH {graph_term} {{ ?s ?p ?o }} {bind}"
            f"FILTER(?p IN ({_MENTIONS}) && ?s = {graph_term})"
        )
    facts = sorted({(s, str(SM[key]), o) for s, o, key in graph.edges(keys=True)})
    for batch in views._batches(facts):
        rows = " ".join("(" + " ".join(views._iri(term) for term in fact) + ")" for fact in batch)
        supported = (
            "FILTER EXISTS { GRAPH ?g { ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
            + confident
            + "} }"
        )
        add(
            f"VALUES (?s ?p ?o) {{ {rows} }} GRAPH {graph_term} {{ ?s ?p ?o }} {bind}"
            + (supported if confident else "")
        )
        add(
            f"VALUES (?fs ?fp ?fo) {{ {rows} }} GRAPH {graph_term} {{ "
            f"?f rdf:subject ?fs ; rdf:predicate ?fp ; rdf:object ?fo . {confident}?f ?p ?o }} "
            f"BIND(?f AS ?s) {bind}"
        )
    # str() of a pyoxigraph graph name is its SPARQL form (<iri>).
    for batch in views._batches(sorted({str(q.graph_name) for q in quads})):
        add(
            f"VALUES ?g {{ {' '.join(batch)} }} GRAPH ?g {{ ?g ?p ?o }} BIND(?g AS ?s) "
            f"FILTER(?p NOT IN ({_MENTIONS}))"
        )
    return list(quads)


# ---------------------------------------------------------------------------------------------------
# Writing


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    # GraphML ids are XML NMTOKENs (no "/"), edge ids unique: write `kind:slug` node ids and
    # `source.property.target` edge ids, and keep each node's IRI as data.
    plain = nx.MultiDiGraph()
    ids = {iri: _nmtoken(iri) for iri in graph}
    for iri, data in graph.nodes(data=True):
        plain.add_node(ids[iri], iri=iri, **data)
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(ids[source], ids[target], key=f"{ids[source]}.{key}.{ids[target]}", **data)
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer)
    return buffer.getvalue()


def _nmtoken(iri: str) -> str:
    """Return an XML NMTOKEN naming `iri`: `person:yulia-peresild` for entities, unique for all."""
    token = views.entity_id(iri).replace("/", ":")
    safe = re.sub(r"[^A-Za-z0-9._:-]", "_", token)
    return safe if safe == token else f"{safe}.{hashlib.sha256(iri.encode()).hexdigest()[:8]}"


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(_plain(graph), buffer)
    return buffer.getvalue()


def _plain(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy whose graph-level data holds only what XML writers can store."""
    copy = graph.copy()
    copy.graph = {}
    return copy


def _cytoscape(graph: nx.MultiDiGraph) -> bytes:
    data = nx.cytoscape_data(graph, name="label", ident="id")
    # cytoscape_data puts each node's IRI in `id`; keep short ids and the IRI apart.
    for element in data["elements"]["nodes"]:
        node = element["data"]
        node["iri"] = node.pop("value")
        node["id"] = views.entity_id(node["iri"])
    for element in data["elements"]["edges"]:
        edge = element["data"]
        edge["source"] = views.entity_id(edge["source"])
        edge["target"] = views.entity_id(edge["target"])
        edge["id"] = f"{edge['source']}|{edge['property']}|{edge['target']}"
    data["data"] = {key: value for key, value in graph.graph.items() if key != "name"}
    return json.dumps(data, ensure_ascii=False).encode()


def _nodelink(graph: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(graph, edges="links")
    return json.dumps(data, ensure_ascii=False).encode()


def _csv(graph: nx.MultiDiGraph) -> bytes:
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id", "iri", "label", "class", "aliases", "degree", "mentions"])
    for node, data in sorted(graph.nodes(data=True)):
        writer.writerow(
            [
                views.entity_id(node),
                node,
                data["label"],
                data["class"],
                data["aliases"],
                data["degree"],
                data["mentions"],
            ]
        )
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["source", "target", "property", "label", "confidence", "articles"])
    for source, target, data in sorted(
        graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["property"])
    ):
        writer.writerow(
            [
                views.entity_id(source),
                views.entity_id(target),
                data["property"],
                data["label"],
                data["confidence"],
                data["articles"],
            ]
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", nodes.getvalue())
        archive.writestr("edges.csv", edges.getvalue())
    return buffer.getvalue()


def _dot_string(text: object) -> str:
    value = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{value}"'


# Fill colours by class (Graphviz colour names stay readable with black text).
CLASS_COLOURS: dict[str, str] = {
    "Person": "#8ecae6",
    "Organization": "#ffb703",
    "SpaceAgency": "#fb8500",
    "Company": "#f4a261",
    "NewsOrganization": "#e9c46a",
    "Film": "#cdb4db",
    "Spacecraft": "#90be6d",
    "LaunchVehicle": "#43aa8b",
    "Spaceflight": "#b5e48c",
    "SpaceStation": "#52b69a",
    "Spaceport": "#d4a373",
    "Place": "#e5e5e5",
    "Country": "#bdb2ff",
}
DEFAULT_COLOUR = "#ffffff"


def dot_source(graph: nx.MultiDiGraph, *, name: str = "kg") -> str:
    """Return Graphviz DOT source for `graph`: one filled box per entity, coloured by class."""
    lines = [
        f"digraph {_dot_string(name)} {{",
        "  graph [overlap=false, splines=true, outputorder=edgesfirst];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555", fontcolor="#333333"];',
    ]
    for node, data in sorted(graph.nodes(data=True)):
        cls = data.get("class", "Thing")
        attributes = {
            "label": data.get("label") or views.entity_id(node),
            "fillcolor": CLASS_COLOURS.get(cls, DEFAULT_COLOUR),
            "tooltip": f"{cls}: {node}",
            "class": cls,
            "degree": data.get("degree", 0),
            "mentions": data.get("mentions", 0),
        }
        if data.get("aliases"):
            attributes["aliases"] = data["aliases"]
        if data.get("hops") == 0:
            attributes["penwidth"] = 3
        lines.append(f"  {_dot_string(node)} [{_dot_attributes(attributes)}];")
    for source, target, data in sorted(
        graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["property"])
    ):
        attributes = {
            "label": data["label"],
            "property": data["property"],
            "confidence": data["confidence"],
            "articles": data["articles"],
        }
        lines.append(
            f"  {_dot_string(source)} -> {_dot_string(target)} [{_dot_attributes(attributes)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_attributes(attributes: dict[str, object]) -> str:
    return ", ".join(f"{key}={_dot_string(value)}" for key, value in attributes.items())


def _dot(graph: nx.MultiDiGraph) -> bytes:
    return dot_source(graph).encode()


_WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "cytoscape": _cytoscape,
    "nodelink": _nodelink,
    "dot": _dot,
    "csv": _csv,
}


def serialize_graph(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """Return `graph` written in the property-graph format `fmt`; raise UnknownFormatError.

    `csv` is a zip archive holding `nodes.csv` and `edges.csv`.
    """
    check_format(fmt, GRAPH_FORMATS)
    return _WRITERS[fmt](graph)


def export_selection(
    store: Readable, graph_filter: GraphFilter, fmt: str
) -> tuple[nx.MultiDiGraph, bytes]:
    """Return the entity graph `graph_filter` selects and its export in `fmt`: a property-graph
    format, or an RDF format holding `selection_quads`. Raises UnknownFormatError."""
    check_format(fmt, (*RDF_FORMATS, *GRAPH_FORMATS))
    graph = entity_graph(store, graph_filter)
    return graph, _export(store, graph, graph_filter, fmt)


def export_neighborhood(
    store: Readable, found: nx.MultiDiGraph, fmt: str, *, min_confidence: float = 0.0
) -> bytes:
    """Return `found` (a `kg.graph.neighborhood`, its facts at least `min_confidence`) in the
    export format `fmt`, with the same nodes and edges. Raises UnknownFormatError."""
    check_format(fmt, (*RDF_FORMATS, *GRAPH_FORMATS))
    graph_filter = GraphFilter(min_confidence=min_confidence)
    whole = entity_graph(store, graph_filter)
    graph: nx.MultiDiGraph = whole.subgraph(node for node in found if node in whole).copy()
    graph.remove_edges_from([e for e in graph.edges(keys=True) if not found.has_edge(*e)])
    for node in graph:
        graph.nodes[node]["hops"] = found.nodes[node]["hops"]
    return _export(store, graph, graph_filter, fmt)


def _export(store: Readable, graph: nx.MultiDiGraph, graph_filter: GraphFilter, fmt: str) -> bytes:
    if fmt in GRAPH_FORMATS:
        return serialize_graph(graph, fmt)
    buffer = io.BytesIO()
    write_quads(selection_quads(store, graph, graph_filter), buffer, fmt)
    return buffer.getvalue()


def graph_filter_of(
    store: Readable,
    *,
    entity: str | None = None,
    hops: int = 1,
    types: Sequence[str] = (),
    predicates: Sequence[str] = (),
    min_confidence: float = 0.0,
    article: str | None = None,
    limit: int | None = None,
    labels: views.LabelIndex | None = None,
) -> GraphFilter:
    """Return the GraphFilter for user input; `entity` may be a name, short id or IRI.

    `labels` resolves the entity name (built from `store` when None). Raises EntityNotFound if no
    entity matches `entity`, BadInputError for a bad argument.
    """
    iri = None
    if entity:
        iri = (labels or views.LabelIndex.build(store)).resolve(entity)
    if not 0.0 <= min_confidence <= 1.0:
        raise BadInputError(f"min_confidence must be 0..1, not {min_confidence}")
    return GraphFilter(
        entity=iri,
        hops=hops,
        types=tuple(types),
        predicates=tuple(predicates),
        min_confidence=min_confidence,
        article=article,
        limit=limit,
    )
