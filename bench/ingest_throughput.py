"""Ingest throughput (words/s) against plain `nlp.pipe` of the same model on the same texts."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import spacy

from kg.extract.gazetteer import default_gazetteer
from kg.extract.pipeline import load_pipeline, resolve_model
from kg.ingest import ingest
from kg.model import Article
from kg.sources import read_articles
from kg.store import open_store

REPO = Path(__file__).resolve().parents[1]


def corpus_copies(copies: int) -> list[Article]:
    """The corpus articles `copies` times over, each copy with titles (so article ids) of its own."""
    corpus = list(read_articles([REPO / "corpus/dev", REPO / "corpus/test"]))
    return [replace(a, title=f"{a.title} #{i}", url=None) for i in range(copies) for a in corpus]


def main() -> int:
    """Run interleaved rounds of both measurements and print and save the median ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1, help="copies of the corpus per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "-o", "--output", type=Path, default=REPO / "bench/results/ingest_throughput.json"
    )
    args = parser.parse_args()

    articles = corpus_copies(args.copies)
    # Each article as a reader has it, headline and body: what ingest reads too (it also cleans).
    texts = [f"{a.title}\n\n{a.text}" for a in articles]
    words = sum(len(t.split()) for t in texts)
    model = resolve_model(None)

    plain_rates, ingest_rates = [], []
    for _ in range(args.rounds):
        # Fresh pipelines each round, so no round reuses what an earlier one cached (the tokenizer's
        # and the gazetteer's lookups); with one copy, no text repeats within a round either.
        default_gazetteer.cache_clear()
        plain, ours = spacy.load(model), load_pipeline(model)
        start = time.perf_counter()
        for _doc in plain.pipe(texts, batch_size=32):
            pass
        plain_rates.append(words / (time.perf_counter() - start))
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "store")
            start = time.perf_counter()
            for _result in ingest(store, ours, articles):
                pass
            ingest_rates.append(words / (time.perf_counter() - start))
            store.close()

    result = {
        "model": model,
        "articles": len(articles),
        "words": words,
        "rounds": args.rounds,
        "plain_nlp_pipe_words_per_s": round(statistics.median(plain_rates)),
        "ingest_words_per_s": round(statistics.median(ingest_rates)),
        "ratio": round(
            statistics.median(i / p for i, p in zip(ingest_rates, plain_rates, strict=True)), 3
        ),
    }
    save_result(result, args.output)
    return 0


def save_result(result: dict[str, object], output: Path) -> None:
    """Write `result` as JSON to `output` (creating its folder) and print it."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
