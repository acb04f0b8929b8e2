"""Memory of a process writing article graphs into the embedded store, with and without flushes.

Generates the synthetic graph of `sparql_endpoints.py` (one named graph per article), then writes it
one article graph per transaction through `OxigraphStore.replace_graph`, as `kg ingest` does, in a
fresh process per setting: as shipped (a RocksDB flush after every `FLUSH_QUADS` quads) and the same
writer that never flushes (the reference). Reports the RSS growth over the writing, per million quads,
and the writing time. Results: bench/results/store-memory.json.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import psutil
import pyoxigraph as ox
from ingest_throughput import save_result
from rdflib.term import Literal, Node, URIRef
from sparql_endpoints import generate

from kg.store import oxigraph

REPO = Path(__file__).resolve().parents[1]


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple | ox.DefaultGraph) -> Node:
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    assert isinstance(term, ox.NamedNode)
    return URIRef(term.value)


def article_graphs(data: Path) -> dict[str, list[tuple[Node, Node, Node, URIRef]]]:
    """The quads of the N-Quads file `data` by graph, as rdflib terms (what the ingest writes)."""
    graphs: dict[str, list[tuple[Node, Node, Node, URIRef]]] = defaultdict(list)
    for quad in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        assert isinstance(name, ox.NamedNode)
        graphs[name.value].append(
            (
                _rdflib(quad.subject),
                _rdflib(quad.predicate),
                _rdflib(quad.object),
                URIRef(name.value),
            )
        )
    return graphs


def write(data: Path, store: Path, flush_quads: int, answer: multiprocessing.Queue) -> None:
    """In a child process: write every article graph of `data` into a new store at `store`."""
    graphs = article_graphs(data)
    process = psutil.Process()
    oxigraph.FLUSH_QUADS = flush_quads
    db = oxigraph.OxigraphStore(store)
    before = peak = process.memory_info().rss
    quads = 0
    start = time.perf_counter()
    for graph, rows in graphs.items():
        db.replace_graph(graph, rows)
        quads += len(rows)
        peak = max(peak, process.memory_info().rss)
    seconds = time.perf_counter() - start
    db.close()
    growth = (peak - before) / 2**20
    answer.put(
        {
            "quads": quads,
            "flush_every_quads": flush_quads,
            "write_s": round(seconds, 1),
            "rss_growth_mb": round(growth),
            "rss_growth_mb_per_million_quads": round(growth / (quads / 1e6)),
        }
    )


def measure(data: Path, flush_quads: int) -> dict[str, float]:
    """Run `write` in a fresh process and return its measurements."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        child = context.Process(target=write, args=(data, Path(tmp) / "store", flush_quads, answer))
        child.start()
        result: dict[str, float] = answer.get()
        child.join()
    return result


def main() -> int:
    """Generate the graph, measure both settings and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=8000)
    parser.add_argument("--entities", type=int, default=20000)
    parser.add_argument(
        "-o", "--output", type=Path, default=REPO / "bench/results/store-memory.json"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.nq"
        generate(data, args.articles, args.entities)
        shipped = measure(data, oxigraph.FLUSH_QUADS)
        reference = measure(data, sys.maxsize)
    result: dict[str, object] = {
        "articles": args.articles,
        "shipped": shipped,
        "never_flushed": reference,
        "memory_ratio": round(shipped["rss_growth_mb"] / max(reference["rss_growth_mb"], 1), 3),
        "time_ratio": round(shipped["write_s"] / reference["write_s"], 3),
    }
    save_result(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
