"""Ingest speed with extraction in 2 worker processes against 1 process, on the same articles."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ingest_throughput import corpus_copies, save_result

from kg.extract.pipeline import load_pipeline, resolve_model
from kg.ingest import Executor, Parser, ingest, parse_remotely, process_pool
from kg.model import Article
from kg.store import open_store

REPO = Path(__file__).resolve().parents[1]


def timed(articles: list[Article], run: Callable[[Path], object]) -> float:
    """Seconds taken by `run` to ingest into a fresh store (given its path)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run(Path(tmp) / "store")
        return time.perf_counter() - start


def main() -> int:
    """Run interleaved rounds of both settings (the pool started and its models loaded beforehand)
    and print and save the median speed-up."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=2, help="copies of the corpus per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "-o", "--output", type=Path, default=REPO / "bench/results/ingest-workers.json"
    )
    args = parser.parse_args()

    articles = corpus_copies(args.copies)
    words = sum(len(a.text.split()) for a in articles)
    model = resolve_model(None)
    nlp = load_pipeline(model)

    def ingest_into(path: Path, executor: Executor | None) -> None:
        store = open_store(path)
        try:
            for _result in ingest(store, nlp, articles, parser=Parser(nlp, executor, model)):
                pass
        finally:
            store.close()

    one, many = [], []
    load_before = os.getloadavg()[0]
    with process_pool(model, args.workers) as pool:
        started = time.perf_counter()
        for future in [pool.submit(parse_remotely, model, ["Warm up."]) for _ in range(8)]:
            future.result()
        startup = time.perf_counter() - started
        for _ in range(args.rounds):
            one.append(timed(articles, lambda path: ingest_into(path, None)))
            many.append(timed(articles, lambda path: ingest_into(path, pool)))

    result = {
        "model": model,
        "cpus": os.cpu_count(),
        "articles": len(articles),
        "words": words,
        "rounds": args.rounds,
        "workers": args.workers,
        "pool_startup_s": round(startup, 1),
        "one_process_articles_per_s": round(len(articles) / statistics.median(one), 2),
        "workers_articles_per_s": round(len(articles) / statistics.median(many), 2),
        # Other jobs share the machine; above about 1 per core they take the cores 2 workers need.
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "speedup": round(statistics.median(o / m for o, m in zip(one, many, strict=True)), 3),
    }
    save_result(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
