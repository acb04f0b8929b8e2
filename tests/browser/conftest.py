"""Fixtures for browser tests: Debian's Chromium driven by Playwright against a real `kg serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import Article, Entity, Extraction, Fact
from kg.rdf import to_quads
from kg.store import open_store
from tests.conftest import copied_store
from tests.integration.conftest import Server, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# The big synthetic neighborhood: a hub, CRAFTS spacecraft it flew on, CREW people on each.
CRAFTS, CREW = 40, 55


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder the browser tests save their screenshots and measurements in (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (Debian's package; `playwright install` is never needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def corpus_server(
    tmp_path_factory: pytest.TempPathFactory, ingested_corpus: Path
) -> Iterator[Server]:
    """A server over a store holding the whole corpus (a copy of the session's)."""
    server = start_server(copied_store(ingested_corpus, tmp_path_factory.mktemp("store")))
    yield server
    stop_server(server)


def _fact(subject: str, obj: str) -> Fact:
    return Fact(subject, "flewOn", obj, f"{subject} flew on {obj}.", 0, 10, 0.9)


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over a synthetic store where one entity has 2,240 entities within two hops."""
    store_path = tmp_path_factory.mktemp("big") / "store"
    store = open_store(store_path)
    try:
        hub = Entity("hub", "Hub Commander", "Person")
        for c in range(CRAFTS):
            craft = Entity(f"c{c}", f"Craft {c:02d}", "Spacecraft")
            crew = [Entity(f"p{c}-{i}", f"Crew {c:02d} {i:02d}", "Person") for i in range(CREW)]
            facts = [_fact("hub", craft.key)] + [_fact(p.key, craft.key) for p in crew]
            article = Article(f"Flight {c}", f"text {c}")
            extraction = Extraction(article, article.text, [hub, craft, *crew], facts, "synthetic")
            store.replace_graph(str(to_quads(extraction)[0][3]), to_quads(extraction))
    finally:
        store.close()
    server = start_server(store_path)
    yield server
    stop_server(server)
