"""Scoring of the extraction against gold annotations, read back from a store the gold articles went into."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from spacy.language import Language

from kg.errors import BadInputError
from kg.ingest import ingest
from kg.model import Article
from kg.sources import read_article
from kg.store import Readable, open_store
from kg.terms import SM, article_iri

# Gold classes an extracted node of a subclass still matches (the corpus README's convention: only
# Organization has subclasses; a Spaceport is not counted as a Place).
_GOLD_SUPERCLASS = {"SpaceAgency": "Organization", "Company": "Organization"}
_GOLD_SUPERCLASS["NewsOrganization"] = "Organization"


@dataclass(frozen=True)
class GoldEntity:
    """One gold entity: its label, class and other surface forms."""

    label: str
    cls: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        """Every surface form, case-folded."""
        return frozenset(n.casefold() for n in (self.label, *self.aliases))


@dataclass(frozen=True)
class GoldRelation:
    """One gold relation between two gold entities (by label), with its optional time fields."""

    subject: str
    property: str
    object: str
    is_ended: bool = False


@dataclass(frozen=True)
class GoldArticle:
    """A gold-annotated article."""

    name: str
    article: Article
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


@dataclass(frozen=True)
class Node:
    """An entity node of an article's graph, as read back from the store."""

    iri: str
    label: str
    cls: str
    names: frozenset[str]


@dataclass(frozen=True)
class StoredFact:
    """A fact of an article's graph, as read back from its provenance node."""

    subject: str
    property: str
    object: str
    modality: str
    is_ended: bool
    confidence: float


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ArticleScore:
    """The scores of one article, with what was missed and what was wrong."""

    name: str
    entities: int = 0
    entities_found: int = 0
    types_correct: int = 0
    duplicates: list[str] = field(default_factory=list)
    missed_entities: list[str] = field(default_factory=list)
    wrong_types: list[str] = field(default_factory=list)
    relations: Counts = field(default_factory=Counts)
    by_property: dict[str, Counts] = field(default_factory=dict)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    ended_correct: int = 0
    ended_gold: int = 0


@dataclass
class Report:
    """Scores per article and overall."""

    articles: list[ArticleScore]
    cross_article_duplicates: list[str] = field(default_factory=list)

    @property
    def entity_recall(self) -> float:
        total = sum(a.entities for a in self.articles)
        return sum(a.entities_found for a in self.articles) / total if total else 1.0

    @property
    def type_accuracy(self) -> float:
        found = sum(a.entities_found for a in self.articles)
        return sum(a.types_correct for a in self.articles) / found if found else 1.0

    @property
    def duplicates(self) -> int:
        return sum(len(a.duplicates) for a in self.articles) + len(self.cross_article_duplicates)

    @property
    def relations(self) -> Counts:
        total = Counts()
        for a in self.articles:
            total.add(a.relations)
        return total

    @property
    def by_property(self) -> dict[str, Counts]:
        total: dict[str, Counts] = defaultdict(Counts)
        for a in self.articles:
            for prop, counts in a.by_property.items():
                total[prop].add(counts)
        return dict(sorted(total.items()))

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        ended_gold = sum(a.ended_gold for a in self.articles)
        return {
            "overall": {
                "articles": len(self.articles),
                "entity_recall": round(self.entity_recall, 4),
                "type_accuracy": round(self.type_accuracy, 4),
                "duplicates": self.duplicates,
                "relations": self.relations.as_dict(),
                "ended_recall": round(sum(a.ended_correct for a in self.articles) / ended_gold, 4)
                if ended_gold
                else 1.0,
                "by_property": {p: c.as_dict() for p, c in self.by_property.items()},
                "cross_article_duplicates": self.cross_article_duplicates,
            },
            "articles": [
                {
                    **{k: v for k, v in asdict(a).items() if k not in {"relations", "by_property"}},
                    "relations": a.relations.as_dict(),
                    "by_property": {p: c.as_dict() for p, c in sorted(a.by_property.items())},
                }
                for a in self.articles
            ],
        }


def read_gold(directory: Path) -> list[GoldArticle]:
    """Read every `<slug>.md` article with its `<slug>.gold.json` annotation in `directory`.

    Raises BadInputError if the directory has no gold files or a gold file is malformed.
    """
    paths = sorted(directory.glob("*.gold.json")) if directory.is_dir() else []
    if not paths:
        raise BadInputError("no *.gold.json files", path=str(directory))
    found = []
    for path in paths:
        name = path.name.removesuffix(".gold.json")
        article_path = path.with_name(name + ".md")
        if not article_path.is_file():
            article_path = path.with_name(name + ".txt")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entities = tuple(
                GoldEntity(e["label"], e["class"], tuple(e.get("aliases", ())))
                for e in data["entities"]
            )
            relations = tuple(
                GoldRelation(r["subject"], r["property"], r["object"], bool(r.get("ended")))
                for r in data["relations"]
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BadInputError(f"malformed gold file: {exc}", path=str(path)) from exc
        found.append(GoldArticle(name, read_article(article_path), entities, relations))
    return found


def evaluate(nlp: Language, gold: list[GoldArticle]) -> Report:
    """Ingest the gold articles into a fresh temporary store with `nlp` and score what it holds.

    Raises StoreUnavailableError if the temporary store cannot be created.
    """
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        store = open_store(Path(tmp) / "store")
        try:
            for _ in ingest(store, nlp, [g.article for g in gold]):
                pass
            return score(store, gold)
        finally:
            store.close()


def score(store: Readable, gold: list[GoldArticle]) -> Report:
    """Score the graphs of the gold articles in `store` against their annotations."""
    articles = []
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in gold:
        graph = str(article_iri(item.article.id))
        nodes = read_nodes(store, graph)
        facts = read_facts(store, graph)
        result, matches = _score_article(item, nodes, facts)
        articles.append(result)
        for ent in item.entities:
            # Two nodes in one article are counted there; across articles, one node per article.
            if len(matches[ent.label]) == 1:
                seen[(ent.label.casefold(), _gold_kind(ent.cls))] |= matches[ent.label]
    cross = sorted(
        f"{label} -> {' '.join(sorted(iris))}" for (label, _), iris in seen.items() if len(iris) > 1
    )
    return Report(articles, cross)


def read_nodes(store: Readable, graph: str) -> list[Node]:
    """Return the entity nodes an article's graph mentions, with their names in that graph."""
    rows = store.select(
        f"""SELECT ?e ?label ?type ?alt WHERE {{ GRAPH <{graph}> {{
            <{graph}> <{SM.mentions}> ?e .
            ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
               a ?type .
            OPTIONAL {{ ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?alt }}
        }} }}"""
    )
    names: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    for row in rows:
        iri = row["e"]
        labels[iri] = row["label"]
        if row["type"].startswith(str(SM)):
            types[iri] = row["type"].removeprefix(str(SM))
        names[iri].add(row["label"].casefold())
        if row.get("alt"):
            names[iri].add(row["alt"].casefold())
    return [
        Node(iri, labels[iri], types.get(iri, ""), frozenset(names[iri])) for iri in sorted(labels)
    ]


def read_facts(store: Readable, graph: str) -> list[StoredFact]:
    """Return the facts of an article's graph, one per provenance node."""
    rows = store.select(
        f"""SELECT ?s ?p ?o ?modality ?ended ?confidence WHERE {{ GRAPH <{graph}> {{
            ?f a <{SM.Fact}> ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
               <{SM.confidence}> ?confidence .
            OPTIONAL {{ ?f <{SM.modality}> ?modality }}
            OPTIONAL {{ ?f <{SM.ended}> ?ended }}
        }} }}"""
    )
    return [
        StoredFact(
            row["s"],
            row["p"].removeprefix(str(SM)),
            row["o"],
            row.get("modality") or "asserted",
            row.get("ended") == "true",
            float(row["confidence"]),
        )
        for row in rows
    ]


def _gold_kind(cls: str) -> str:
    return _GOLD_SUPERCLASS.get(cls, cls)


def is_type_match(node_cls: str, gold_cls: str) -> bool:
    """Whether an extracted class counts as the gold class: equal, or a subclass of a gold
    Organization."""
    return node_cls == gold_cls or (gold_cls == "Organization" and _gold_kind(node_cls) == gold_cls)


def _score_article(
    item: GoldArticle, nodes: list[Node], facts: Iterable[StoredFact]
) -> tuple[ArticleScore, dict[str, set[str]]]:
    result = ArticleScore(item.name, entities=len(item.entities))
    matches: dict[str, set[str]] = {}
    node_of = {n.iri: n for n in nodes}
    for ent in item.entities:
        found = {n.iri for n in nodes if n.names & ent.names}
        # A node matching a gold entity under a different class kind is only a type error when no
        # node of the right kind matches too ("Challenge" the film and "challenge" noise).
        matches[ent.label] = found
        if not found:
            result.missed_entities.append(f"{ent.label} ({ent.cls})")
            continue
        result.entities_found += 1
        if any(is_type_match(node_of[i].cls, ent.cls) for i in found):
            result.types_correct += 1
        else:
            result.wrong_types.append(
                f"{ent.label}: gold {ent.cls}, found {', '.join(sorted(node_of[i].cls for i in found))}"
            )
        if len(found) > 1:
            result.duplicates.append(
                f"{ent.label}: {', '.join(sorted(node_of[i].label for i in found))}"
            )
    label_of = {n.iri: n.label for n in nodes}
    extracted: dict[tuple[str, str, str], StoredFact] = {}
    for fact in facts:
        key = (fact.subject, fact.property, fact.object)
        if fact.modality != "asserted":
            result.planned.append(_show(label_of, key))
            continue
        if key not in extracted or fact.is_ended:
            extracted[key] = fact
    matched: set[tuple[str, str, str]] = set()
    for rel in item.relations:
        counts = result.by_property.setdefault(rel.property, Counts())
        keys = [
            (s, rel.property, o)
            for s in matches.get(rel.subject, ())
            for o in matches.get(rel.object, ())
            if (s, rel.property, o) in extracted
        ]
        if keys:
            counts.tp += 1
            result.relations.tp += 1
            matched.update(keys)
            if rel.is_ended:
                result.ended_gold += 1
                result.ended_correct += any(extracted[k].is_ended for k in keys)
        else:
            counts.fn += 1
            result.relations.fn += 1
            if rel.is_ended:
                result.ended_gold += 1
            result.missed_relations.append(f"{rel.subject} {rel.property} {rel.object}")
    for key in extracted:
        if key in matched:
            continue
        result.by_property.setdefault(key[1], Counts()).fp += 1
        result.relations.fp += 1
        result.false_relations.append(_show(label_of, key))
    result.planned = sorted(set(result.planned))
    return result, matches


def _show(label_of: dict[str, str], key: tuple[str, str, str]) -> str:
    s, p, o = key
    return f"{label_of.get(s, s)} {p} {label_of.get(o, o)}"


def report_text(report: Report) -> str:
    """The report as readable text: one block per article, then the overall scores."""
    lines = []
    for a in report.articles:
        r = a.relations
        lines.append(
            f"== {a.name}: entities {a.entities_found}/{a.entities}, types {a.types_correct}/"
            f"{a.entities_found}, duplicates {len(a.duplicates)}; relations P {r.precision:.2f} "
            f"R {r.recall:.2f} F1 {r.f1:.2f}"
        )
        for title, items in (
            ("missed entity", a.missed_entities),
            ("wrong type", a.wrong_types),
            ("duplicate", a.duplicates),
            ("missed relation", a.missed_relations),
            ("false relation", a.false_relations),
            ("planned (not scored)", a.planned),
        ):
            lines += [f"   {title}: {item}" for item in items]
    r = report.relations
    lines += [
        "",
        f"articles          {len(report.articles)}",
        f"entity recall     {report.entity_recall:.3f}",
        f"type accuracy     {report.type_accuracy:.3f}",
        f"duplicate nodes   {report.duplicates}",
        f"relations         P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}"
        f"  (tp {r.tp}, fp {r.fp}, fn {r.fn})",
    ]
    for prop, c in report.by_property.items():
        lines.append(
            f"  {prop:13}   P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
            f"  (tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )
    lines += [f"cross-article duplicate: {d}" for d in report.cross_article_duplicates]
    return "\n".join(lines)
