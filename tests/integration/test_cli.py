"""The `kg` command line, run as a subprocess against a real store on disk."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset

from tests.conftest import copied_store
from tests.integration.conftest import KG, RunKg, free_port, running, start_server, stop_server

pytestmark = pytest.mark.integration

ARTICLE_COUNT = "PREFIX sm: <https://w3id.org/space-media-kg/ontology#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a sm:Article }"


def _stats(kg: RunKg, store: Path) -> dict[str, object]:
    result = kg("stats", "--store", store)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _dump(kg: RunKg, store: Path) -> list[str]:
    result = kg("export", "--format", "nquads", "--store", store)
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


@pytest.fixture
def store_copy(loaded_store: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded store that a test may change."""
    return copied_store(loaded_store, tmp_path)


def test_cli_ingest_stores_one_graph_per_article(
    kg: RunKg, loaded_store: Path, corpus_articles: list[Path]
) -> None:
    result = kg("query", ARTICLE_COUNT, "--store", loaded_store)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == str(
        len(corpus_articles)
    )
    graphs = kg(
        "query",
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--store",
        loaded_store,
    )
    assert json.loads(graphs.stdout)["results"]["bindings"][0]["n"]["value"] == str(
        len(corpus_articles)
    )


def test_cli_reingest_same_text_changes_nothing(
    kg: RunKg, store_copy: Path, corpus_articles: list[Path]
) -> None:
    before = _dump(kg, store_copy)
    result = kg("ingest", *corpus_articles, "--store", store_copy)
    assert result.returncode == 0, result.stderr
    statuses = {line.split()[0] for line in result.stdout.splitlines()}
    assert statuses == {"unchanged"}
    assert _dump(kg, store_copy) == before


def test_cli_changed_text_replaces_article_graph(
    kg: RunKg, store_copy: Path, corpus_articles: list[Path], tmp_path: Path
) -> None:
    edited = tmp_path / corpus_articles[0].name
    original = corpus_articles[0].read_text()
    edited.write_text(
        original.rstrip() + "\n\nThe mission ended with a safe landing in Kazakhstan.\n"
    )
    before = _stats(kg, store_copy)
    result = kg("ingest", edited, "--store", store_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "replaced"
    after = _stats(kg, store_copy)
    assert after["articles"] == before["articles"] == len(corpus_articles)
    hashes = kg(
        "query",
        "PREFIX sm: <https://w3id.org/space-media-kg/ontology#> SELECT ?h WHERE { ?a sm:contentHash ?h }",
        "--store",
        store_copy,
        "--format",
        "csv",
    )
    assert len(hashes.stdout.strip().splitlines()) == 1 + len(corpus_articles)


def test_cli_store_survives_reopen_by_new_process(kg: RunKg, loaded_store: Path) -> None:
    assert _dump(kg, loaded_store) == _dump(kg, loaded_store)
    assert _stats(kg, loaded_store)["quads"] > 100


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [("nquads", "nquads"), ("trig", "trig"), ("turtle", "turtle"), ("jsonld", "json-ld")],
)
def test_cli_export_writes_parseable_rdf(
    kg: RunKg, loaded_store: Path, tmp_path: Path, fmt: str, rdflib_format: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = kg("export", "--format", fmt, "-o", out, "--store", loaded_store)
    assert result.returncode == 0, result.stderr
    dataset = Dataset()
    dataset.parse(out, format=rdflib_format)
    assert sum(1 for _ in dataset.quads((None, None, None, None))) > 100


def test_cli_validate_corpus_graph_conforms(kg: RunKg, loaded_store: Path) -> None:
    result = kg("validate", "--store", loaded_store)
    assert result.returncode == 0, result.stdout
    assert "Conforms: True" in result.stdout


def test_cli_stats_counts_entities_and_facts(kg: RunKg, loaded_store: Path) -> None:
    summary = _stats(kg, loaded_store)
    assert summary["articles"] >= 10
    assert sum(summary["entities"].values()) >= 10
    assert sum(summary["facts"].values()) >= 3


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_cli_extract_previews_without_store(
    kg: RunKg, corpus_articles: list[Path], tmp_path: Path, fmt: str
) -> None:
    result = kg(
        "extract", corpus_articles[0], "--format", fmt, env={"KG_STORE": str(tmp_path / "unused")}
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "unused").exists()
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["entities"] and data["article"]["title"]
    else:
        assert "-->" in result.stdout


def _bad_inputs(tmp: Path, store: Path, article: Path) -> dict[str, list[str | Path]]:
    empty = tmp / "empty.txt"
    empty.write_text("")
    binary = tmp / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    blocker = tmp / "a-file"
    blocker.write_text("x")
    return {
        "missing-path": ["ingest", tmp / "missing.txt", "--store", store],
        "empty-file": ["ingest", empty, "--store", store],
        "binary-file": ["ingest", binary, "--store", store],
        "invalid-sparql": ["query", "SELECT ?x WHERE { ?x ", "--store", store],
        "unknown-query-format": [
            "query",
            "SELECT * WHERE { ?s ?p ?o }",
            "--format",
            "yaml",
            "--store",
            store,
        ],
        "unknown-export-format": ["export", "--format", "docx", "--store", store],
        "unwritable-store": ["ingest", article, "--store", blocker / "store"],
        "stats-without-store": ["stats", "--store", tmp / "no-store"],
        "unwritable-export-target": [
            "export",
            "--format",
            "nquads",
            "-o",
            blocker / "out.nq",
            "--store",
            store,
        ],
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing-path",
        "empty-file",
        "binary-file",
        "invalid-sparql",
        "unknown-query-format",
        "unknown-export-format",
        "unwritable-store",
        "stats-without-store",
        "unwritable-export-target",
    ],
)
def test_cli_bad_input_exits_2_with_one_line_and_keeps_store(
    kg: RunKg, store_copy: Path, tmp_path: Path, corpus_articles: list[Path], case: str
) -> None:
    before = _dump(kg, store_copy)
    result = kg(*_bad_inputs(tmp_path, store_copy, corpus_articles[-1])[case])
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("kg: error:")
    assert _dump(kg, store_copy) == before


def test_cli_ingest_into_store_held_by_server_exits_2(
    kg: RunKg, store_copy: Path, corpus_articles: list[Path]
) -> None:
    before = _dump(kg, store_copy)
    server = start_server(store_copy)
    try:
        result = kg("ingest", corpus_articles[-1], "--store", store_copy)
    finally:
        stop_server(server)
    assert result.returncode == 2
    assert "in use by another process" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _dump(kg, store_copy) == before


def test_cli_missing_model_names_install_command(kg: RunKg, corpus_articles: list[Path]) -> None:
    result = kg("extract", corpus_articles[0], env={"KG_MODEL": "en_core_web_absent"})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "en_core_web_absent" in result.stderr
    assert "pip install" in result.stderr


@pytest.mark.parametrize(("flag", "logged"), [([], True), (["--no-access-log"], False)])
def test_cli_serve_access_log_follows_flag(tmp_path: Path, flag: list[str], logged: bool) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(KG), "serve", "--store", str(tmp_path / "store"), "--port", str(port), *flag]
    with running(command, url + "/health", tmp_path / "log"):
        assert httpx.get(url + "/stats").status_code == 200
    assert ('"GET /stats HTTP/1.1" 200' in (tmp_path / "log").read_text()) is logged
