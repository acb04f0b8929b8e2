"""Benchmark of our /sparql against `oxigraph serve` and rdflib-endpoint on one synthetic graph.

Generates a graph shaped like ours (entities with labels, types and altLabels; facts with provenance
nodes; one named graph per synthetic article) of at least a million quads, serves the same data with
the three servers on 127.0.0.1, and runs the same fixed query mix with the same client at 1 and 8
concurrent clients. Also times the neighborhood endpoint against the equivalent in-process queries,
the query pool's overhead and its snapshot refresh after a write.

Run with `make bench-sparql` (installs oxigraph and rdflib-endpoint into .venv-bench from
bench/requirements-bench.lock). Results go to bench/results/sparql-endpoints.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.graph import neighborhood
from kg.store import OxigraphStore
from kg.store.pool import QueryPool

REPO = Path(__file__).resolve().parents[1]
BENCH_BIN = REPO / ".venv-bench" / "bin"
KG = Path(sys.executable).with_name("kg")
BASE = "https://w3id.org/space-media-kg/"
SM = BASE + "ontology#"
PREFIXES = (
    f"PREFIX sm: <{SM}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <https://schema.org/> "
)
CLASSES = [
    ("person", "Person"),
    ("org", "Company"),
    ("org", "SpaceAgency"),
    ("work", "Film"),
    ("craft", "Spacecraft"),
    ("craft", "Spaceflight"),
    ("place", "Spaceport"),
    ("place", "Country"),
]
PREDICATES = ["starsIn", "directs", "produces", "heads", "worksFor", "flewOn", "commands",
              "launchedFrom", "destination", "builds", "operates", "locatedIn"]  # fmt: skip
SYLLABLES = ["ka", "lo", "mi", "ra", "to", "ne", "su", "vi", "do", "re", "an", "el", "or", "us"]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(path: Path, articles: int, entities: int, seed: int = 7) -> dict[str, object]:
    """Write a synthetic N-Quads graph; return its entity list and quad count."""
    rng = random.Random(seed)
    ents = []
    for i in range(entities):
        kind, cls = CLASSES[i % len(CLASSES)]
        label = f"{_name(rng)} {i}"
        iri = f"{BASE}entity/{kind}/{label.lower().replace(' ', '-')}"
        alias = label.split()[1] + f" {i}"
        typo = label[:3] + label[4:]
        ents.append((iri, cls, label, [alias, typo]))
    # Zipf-like popularity: a few hubs, a long tail.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(entities)]
    quads = 0
    mentioned: set[int] = set()
    with path.open("w", encoding="utf-8") as out:

        def quad(s: str, p: str, o: str, g: str) -> None:
            nonlocal quads
            out.write(f"{s} {p} {o} {g} .\n")
            quads += 1

        for a in range(articles):
            aid = hashlib.sha256(str(a).encode()).hexdigest()[:16]
            g = f"<{BASE}article/{aid}>"
            rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            quad(g, rdf_type, f"<{SM}Article>", g)
            quad(g, rdf_type, "<https://schema.org/NewsArticle>", g)
            quad(g, "<https://schema.org/headline>", _lit(f"Article {a} about spaceflight"), g)
            quad(g, f"<{SM}contentHash>", _lit(hashlib.sha256(aid.encode()).hexdigest()), g)
            quad(g, f"<{SM}extractor>", _lit("kg-extract/0.1.0 (bench)"), g)
            quad(g, "<https://schema.org/url>", _lit(f"https://example.org/{aid}"), g)
            quad(
                g,
                "<https://schema.org/datePublished>",
                _lit(f"20{10 + a % 15}-0{1 + a % 9}-1{a % 9}"),
                g,
            )
            picked = list(dict.fromkeys(rng.choices(range(entities), weights=weights, k=8)))
            mentioned.update(picked)
            for e in picked:
                iri, cls, label, aliases = ents[e]
                quad(g, f"<{SM}mentions>", f"<{iri}>", g)
                quad(g, "<https://schema.org/mentions>", f"<{iri}>", g)
                quad(f"<{iri}>", rdf_type, f"<{SM}{cls}>", g)
                quad(f"<{iri}>", "<http://www.w3.org/2000/01/rdf-schema#label>", _lit(label), g)
                for alias in aliases[: rng.randint(1, 2)]:
                    quad(
                        f"<{iri}>", "<http://www.w3.org/2004/02/skos/core#altLabel>", _lit(alias), g
                    )
            for k in range(6):
                s, o = rng.sample(picked, 2) if len(picked) > 1 else (picked[0], picked[0])
                p = f"<{SM}{rng.choice(PREDICATES)}>"
                f = f"<{BASE}provenance/{aid}/{k}>"
                si, oi = f"<{ents[s][0]}>", f"<{ents[o][0]}>"
                quad(si, p, oi, g)
                for t in (f"<{SM}Fact>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>",
                          "<http://www.w3.org/ns/prov#Entity>"):  # fmt: skip
                    quad(f, rdf_type, t, g)
                quad(f, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>", si, g)
                quad(f, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>", p, g)
                quad(f, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>", oi, g)
                quad(f, "<http://www.w3.org/ns/prov#wasDerivedFrom>", g, g)
                quad(
                    f, f"<{SM}evidence>", _lit(f"{ents[s][2]} and {ents[o][2]} in article {a}."), g
                )
                nif = "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
                integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
                quad(f, nif + "beginIndex>", f'"{k * 100}"{integer}', g)
                quad(f, nif + "endIndex>", f'"{k * 100 + 80}"{integer}', g)
                conf = f'"{rng.choice([0.5, 0.6, 0.7, 0.8, 0.9])}E0"^^<http://www.w3.org/2001/XMLSchema#double>'
                quad(f, f"<{SM}confidence>", conf, g)
                quad(f, f"<{SM}extractor>", _lit("kg-extract/0.1.0 (bench)"), g)
    # Mid-popularity entities that occur: realistic neighborhoods, not only the biggest hub.
    usable = [ents[i] for i in sorted(mentioned)][20:300]
    return {"entities": usable, "quads": quads}


def query_mix(ents: list[tuple[str, str, str, list[str]]], seed: int = 11) -> list[tuple[str, str]]:
    """The fixed mix: label and alias lookups, 1- and 2-hop neighborhoods, aggregates, article facts."""
    rng = random.Random(seed)
    picks = rng.sample(ents, 10)
    mix: list[tuple[str, str]] = []
    for iri, _cls, label, aliases in picks:
        mix += [
            ("lookup-label", PREFIXES + f"SELECT ?e ?t WHERE {{ ?e rdfs:label {_lit(label)} ; a ?t }}"),
            ("lookup-alias", PREFIXES + f"SELECT DISTINCT ?e ?l WHERE {{ ?e skos:altLabel {_lit(aliases[0])} ; rdfs:label ?l }}"),
            # No label joins across hops: each article graph repeats labels, so they multiply rows.
            ("hop-1", PREFIXES + f"SELECT DISTINCT ?p ?n WHERE {{ {{ <{iri}> ?p ?n }} UNION {{ ?n ?p <{iri}> }} FILTER(STRSTARTS(STR(?p), STR(sm:)) && ?p != sm:mentions) }}"),
            ("hop-2", PREFIXES + f"SELECT DISTINCT ?n2 WHERE {{ <{iri}> ?p1 ?n1 . ?n1 ?p2 ?n2 . FILTER(STRSTARTS(STR(?p1), STR(sm:)) && STRSTARTS(STR(?p2), STR(sm:)) && ?p1 != sm:mentions && ?p2 != sm:mentions && ?p1 != sm:extractor && ?p2 != sm:extractor) }} LIMIT 500"),
            ("evidence", PREFIXES + f"SELECT ?p ?o ?ev ?c ?g WHERE {{ ?f rdf:subject <{iri}> ; rdf:predicate ?p ; rdf:object ?o ; sm:evidence ?ev ; sm:confidence ?c ; prov:wasDerivedFrom ?g }} ORDER BY DESC(?c) LIMIT 50"),
        ]  # fmt: skip
    mix += [
        ("aggregate-types", PREFIXES + "SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t"),
        ("aggregate-confident", PREFIXES + "SELECT ?p (COUNT(*) AS ?n) WHERE { ?f a sm:Fact ; rdf:predicate ?p ; sm:confidence ?c FILTER(?c >= 0.9) } GROUP BY ?p ORDER BY DESC(?n)"),
    ]  # fmt: skip
    return mix


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited with {process.returncode}")
        try:
            response = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready in {seconds} s")


def run_load(
    url: str, mix: list[tuple[str, str]], clients: int, requests: int, max_seconds: float
) -> dict[str, object]:
    """Send `requests` queries (cycling through `mix`) from `clients` threads; stop at `max_seconds`."""
    lock = threading.Lock()
    counter = iter(range(requests))
    latencies: list[tuple[str, float]] = []
    errors = 0
    stop_at = time.monotonic() + max_seconds

    def client() -> None:
        nonlocal errors
        with httpx.Client(timeout=300) as http:
            while time.monotonic() < stop_at:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                kind, query = mix[i % len(mix)]
                start = time.perf_counter()
                try:
                    status = http.post(
                        url,
                        data={"query": query},
                        headers={"Accept": "application/sparql-results+json"},
                    ).status_code
                except httpx.HTTPError:
                    status = 0
                elapsed = time.perf_counter() - start
                with lock:
                    if status == 200:
                        latencies.append((kind, elapsed))
                    else:
                        errors += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return summarize(latencies, wall, errors)


def summarize(latencies: list[tuple[str, float]], wall: float, errors: int) -> dict[str, object]:
    values = sorted(v for _, v in latencies)
    kinds: dict[str, list[float]] = {}
    for kind, value in latencies:
        kinds.setdefault(kind, []).append(value)
    return {
        "requests": len(values),
        "errors": errors,
        "median_ms": round(statistics.median(values) * 1000, 2) if values else None,
        "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))] * 1000, 2)
        if values
        else None,
        "rps": round(len(values) / wall, 1),
        "median_ms_by_kind": {
            k: round(statistics.median(v) * 1000, 2) for k, v in sorted(kinds.items())
        },
    }


def timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        values.append(time.perf_counter() - start)
    values.sort()
    return {
        "median_ms": round(statistics.median(values) * 1000, 3),
        "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))] * 1000, 3),
    }


def start(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=8000)
    parser.add_argument("--entities", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=600, help="per concurrency level")
    parser.add_argument("--rdflib-seconds", type=float, default=60, help="cap per level")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--query-workers", type=int, default=2, help="KG_QUERY_WORKERS of ours")
    parser.add_argument("--output", type=Path, default=REPO / "bench/results/sparql-endpoints.json")
    args = parser.parse_args()
    for tool in ("oxigraph", "rdflib-endpoint"):
        if not (BENCH_BIN / tool).exists():
            sys.exit(
                f"missing {BENCH_BIN / tool}: run `make bench-sparql` (installs bench/requirements-bench.lock)"
            )

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    results: dict[str, object] = {
        "machine": {"cpus": os.cpu_count()},
        "query_workers": args.query_workers,
    }
    try:
        data = work / "data.nq"
        t = time.perf_counter()
        generated = generate(data, args.articles, args.entities)
        results["graph"] = {
            "quads": generated["quads"],
            "articles": args.articles,
            "entities": args.entities,
            "generate_s": round(time.perf_counter() - t, 1),
        }
        print(f"generated {generated['quads']} quads", file=sys.stderr)
        t = time.perf_counter()
        loader = ox.Store(str(work / "ours"))
        loader.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        loader.flush()
        loader.backup(str(work / "oxigraph"))
        loader.backup(str(work / "inprocess"))
        del loader
        results["graph"]["load_s"] = round(time.perf_counter() - t, 1)  # type: ignore[index]
        mix = query_mix(generated["entities"])  # type: ignore[arg-type]
        servers: dict[str, object] = {}

        port = free_port()
        ours = start(
            [
                str(KG),
                "serve",
                "--store",
                str(work / "ours"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",  # as `oxigraph serve`, which logs no requests
            ],
            env={"KG_QUERY_WORKERS": str(args.query_workers), "KG_MAX_ROWS": "100000"},
        )
        ours_url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(ours_url + "/sparql", ours, 120)
            run_load(ours_url + "/sparql", mix, 2, len(mix) * 2, 120)  # warm-up
            servers["kg /sparql"] = {
                str(c): run_load(
                    ours_url + "/sparql", mix, c, args.requests * (1 if c == 1 else 2), 300
                )
                for c in (1, 8)
            }
            results["neighborhood"] = bench_neighborhood(ours_url, work / "inprocess", generated)
        finally:
            stop(ours)
        print("ours done", file=sys.stderr)

        port = free_port()
        oxigraph = start(
            [
                str(BENCH_BIN / "oxigraph"),
                "serve",
                "--location",
                str(work / "oxigraph"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ]
        )
        try:
            url = f"http://127.0.0.1:{port}/query"
            wait_ready(url, oxigraph, 120)
            run_load(url, mix, 2, len(mix) * 2, 120)
            servers["oxigraph serve"] = {
                str(c): run_load(url, mix, c, args.requests * (1 if c == 1 else 2), 300)
                for c in (1, 8)
            }
        finally:
            stop(oxigraph)
        print("oxigraph done", file=sys.stderr)

        results["pool"] = bench_pool(work / "inprocess", mix)

        if not args.skip_rdflib:
            port = free_port()
            t = time.perf_counter()
            rdflib = start(
                [
                    str(BENCH_BIN / "rdflib-endpoint"),
                    "serve",
                    str(data),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ]
            )
            try:
                url = f"http://127.0.0.1:{port}/"
                wait_ready(url, rdflib, 900)
                results["graph"]["rdflib_load_s"] = round(time.perf_counter() - t, 1)  # type: ignore[index]
                servers["rdflib-endpoint"] = {
                    str(c): run_load(url, mix, c, args.requests, args.rdflib_seconds)
                    for c in (1, 8)
                }
            finally:
                stop(rdflib)
            print("rdflib done", file=sys.stderr)
        results["servers"] = servers
        results["ratios"] = ratios(servers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


def bench_neighborhood(
    url: str, store_path: Path, generated: dict[str, object]
) -> dict[str, object]:
    """Neighborhood endpoint vs the same library call in-process vs one raw SPARQL query."""
    ents: list[tuple[str, str, str, list[str]]] = generated["entities"]  # type: ignore[assignment]
    rng = random.Random(5)
    picks = [e[0] for e in rng.sample(ents, 10)]
    prefix = BASE + "entity/"
    out: dict[str, object] = {}
    store = OxigraphStore(store_path)
    try:
        with httpx.Client(timeout=120) as http:
            for hops in (1, 2):

                def endpoint(hops: int = hops) -> None:
                    for iri in picks:
                        r = http.get(
                            f"{url}/entities/{iri[len(prefix) :]}/neighborhood",
                            params={"hops": hops},
                        )
                        assert r.status_code == 200, r.text

                def library(hops: int = hops) -> None:
                    for iri in picks:
                        neighborhood(store, iri, hops=hops)

                def raw(hops: int = hops) -> None:
                    for iri in picks:
                        store.select(raw_neighborhood(iri, hops))

                per = len(picks)
                out[f"hops-{hops}"] = {
                    name: {k: round(v / per, 3) for k, v in timed(fn, 5).items()}
                    for name, fn in (("endpoint", endpoint), ("library in-process", library), ("raw SPARQL in-process", raw))
                }  # fmt: skip
    finally:
        store.close()
    return out


def raw_neighborhood(iri: str, hops: int) -> str:
    """One SPARQL query for the facts within `hops` of `iri` (both directions) with provenance."""
    step = "^(rdf:subject|rdf:object)/(rdf:subject|rdf:object)"
    path = step if hops == 1 else f"{step}/{step}"
    return (
        PREFIXES
        + f"SELECT DISTINCT ?s ?p ?o ?c ?g WHERE {{ <{iri}> {path}? ?n . "
        + "?f rdf:subject|rdf:object ?n ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; "
        + "sm:confidence ?c ; prov:wasDerivedFrom ?g } LIMIT 5000"
    )


def bench_pool(store_path: Path, mix: list[tuple[str, str]]) -> dict[str, object]:
    """Cost of the worker pool: per-query overhead vs in-process, and snapshot refresh after a write."""
    store = OxigraphStore(store_path)
    snapshots = store_path.parent / "pool-snapshots"
    pool = QueryPool(store, snapshots, workers=2, timeout=60)
    try:
        small = mix[0][1]
        out: dict[str, object] = {
            "lookup in-process": timed(lambda: store.query(small, "json"), 200),
            "lookup via pool": timed(
                lambda: pool.stream(small, result_fmt="json", rdf_fmt=None), 200
            ),
        }
        refreshes = []
        for i in range(10):
            store.update(f"INSERT DATA {{ GRAPH <urn:bench> {{ <urn:s{i}> <urn:p> {i} }} }}")
            refreshes.append(pool.refresh())
        refreshes.sort()
        out["refresh after a write"] = {
            "median_ms": round(statistics.median(refreshes) * 1000, 2),
            "max_ms": round(refreshes[-1] * 1000, 2),
        }
    finally:
        pool.close()
        store.close()
    return out


def ratios(servers: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    ours = servers.get("kg /sparql", {})
    for other in ("oxigraph serve", "rdflib-endpoint"):
        theirs = servers.get(other)
        if not theirs:
            continue
        out[other] = {
            c: {
                "median_latency_ours_over_theirs": round(
                    ours[c]["median_ms"] / theirs[c]["median_ms"], 2
                ),  # type: ignore[index]
                "rps_ours_over_theirs": round(ours[c]["rps"] / max(theirs[c]["rps"], 0.001), 2),  # type: ignore[index]
            }
            for c in ("1", "8")
        }
    return out


def table(results: dict[str, object]) -> str:
    lines = [
        "| server | clients | requests | median ms | p99 ms | req/s |",
        "|---|---|---|---|---|---|",
    ]
    for name, levels in results["servers"].items():  # type: ignore[attr-defined]
        for clients, row in levels.items():
            lines.append(
                f"| {name} | {clients} | {row['requests']} | {row['median_ms']} | {row['p99_ms']} | {row['rps']} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
