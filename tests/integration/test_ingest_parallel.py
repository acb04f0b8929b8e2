"""Parallel extraction (`--workers`, `--cluster` on a local Dask cluster) stores exactly what a single
process stores, in the same order."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from tests.integration.conftest import RunKg
from tests.integration.ingest_checks import dump, graph_count

pytestmark = pytest.mark.integration

# Short articles that share people and agencies, so later ones resolve names against earlier ones.
ARTICLES = (
    "borisov-replaces-rogozin-roscosmos.md",
    "nelson-sworn-in-nasa-administrator.md",
    "bridenstine-sworn-in-nasa-administrator.md",
    "soyuz-ms23-replaces-leaking-ms22.md",
    "tiangong-class-shenzhou-13.md",
    "limp-takes-over-blue-origin.md",
)


@pytest.fixture(scope="module")
def articles(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a few corpus articles."""
    folder = tmp_path_factory.mktemp("articles")
    for name in ARTICLES:
        shutil.copy(repo_root / "corpus" / "dev" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def sequential(
    kg: RunKg, articles: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[str]]:
    """The output and the store dump of a one-process ingest of `articles`."""
    store = tmp_path_factory.mktemp("sequential") / "store"
    result = kg("ingest", articles, "--store", store, "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert graph_count(store) == len(ARTICLES)
    return result.stdout, dump(store)


def test_ingest_parallel_two_workers_store_the_same_graph(
    kg: RunKg, articles: Path, tmp_path: Path, sequential: tuple[str, list[str]]
) -> None:
    result = kg("ingest", articles, "--store", tmp_path / "store", "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, dump(tmp_path / "store")) == sequential


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """The address of a local Dask cluster of two single-threaded worker processes."""
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_ingest_parallel_dask_cluster_stores_the_same_graph(
    kg: RunKg,
    articles: Path,
    tmp_path: Path,
    sequential: tuple[str, list[str]],
    dask_scheduler: str,
) -> None:
    result = kg("ingest", articles, "--store", tmp_path / "store", "--cluster", dask_scheduler)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, dump(tmp_path / "store")) == sequential


def test_ingest_parallel_unreachable_cluster_exits_2(
    kg: RunKg, articles: Path, tmp_path: Path
) -> None:
    result = kg("ingest", articles, "--store", tmp_path / "s", "--cluster", "tcp://127.0.0.1:9")
    assert result.returncode == 2
    assert result.stderr.startswith("kg: error:") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("option", ["--workers", "--batch-size"])
def test_ingest_parallel_option_below_one_exits_2(
    kg: RunKg, articles: Path, tmp_path: Path, option: str
) -> None:
    result = kg("ingest", articles, "--store", tmp_path / "s", option, "0")
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {option} 0 is not a positive number\n"
    assert not (tmp_path / "s").exists()
