"""Articles over HTTP on a fresh store: add (JSON, text, upload), idempotence, read, delete, preview,
and bad bodies that leave the store exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.integration.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.integration

TOKEN = "articles-token"
TITLE = "Peresild returns to Star City"
TEXT = (
    "Actress Yulia Peresild returned to Star City on Monday. "
    "Dmitry Rogozin, the head of Roscosmos, greeted the crew of Soyuz MS-18."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A `kg serve` over an empty store, with a 20 kB body limit and an update token."""
    store = tmp_path_factory.mktemp("articles") / "store"
    running = start_server(store, env={"KG_UPDATE_TOKEN": TOKEN, "KG_MAX_BODY_BYTES": str(20_000)})
    yield running
    stop_server(running)


def _quads(server: Server) -> int:
    return int(httpx.get(server.url + "/health").json()["quads"])


def test_api_articles_json_added_then_unchanged(server: Server) -> None:
    body = {
        "title": TITLE,
        "text": TEXT,
        "url": "https://example.org/a1",
        "published": "2021-10-18",
    }
    first = httpx.post(server.url + "/articles", json=body, timeout=60)
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["status"] == "added" and created["facts"]
    assert {"predicate", "subject", "object", "sentence"} <= set(created["facts"][0])
    quads = _quads(server)
    again = httpx.post(server.url + "/articles", json=body, timeout=60)
    assert again.status_code == 200
    assert again.json()["id"] == created["id"] and again.json()["status"] == "unchanged"
    assert _quads(server) == quads


def test_api_articles_plain_text_first_line_is_title(server: Server) -> None:
    response = httpx.post(
        server.url + "/articles",
        content=f"Rogozin at Baikonur\n\n{TEXT}".encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
        timeout=60,
    )
    assert response.status_code == 201
    assert response.json()["headline"] == "Rogozin at Baikonur"


def test_api_articles_file_upload(server: Server) -> None:
    text = f"---\ntitle: Uploaded story\nurl: https://example.org/up\n---\n{TEXT}\n"
    response = httpx.post(
        server.url + "/articles",
        files={"file": ("story.md", text.encode(), "text/markdown")},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    article = httpx.get(server.url + f"/articles/{response.json()['id']}").json()
    assert article["headline"] == "Uploaded story" and article["url"] == "https://example.org/up"


def test_api_articles_list_and_get(server: Server) -> None:
    listed = httpx.get(server.url + "/articles").json()
    assert len(listed) >= 1
    one = httpx.get(server.url + f"/articles/{listed[0]['id']}")
    assert one.status_code == 200 and "entities" in one.json()
    assert httpx.get(server.url + "/articles/0000000000000000").status_code == 404


def test_api_extract_previews_without_storing(server: Server) -> None:
    quads = _quads(server)
    response = httpx.post(
        server.url + "/extract", json={"title": "Preview only", "text": TEXT}, timeout=60
    )
    assert response.status_code == 200
    assert response.json()["facts"]
    assert _quads(server) == quads


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        ("Title\n\nCaf\xe9 text".encode("latin-1"), "text/plain", 400),
        (b"Title\n\nText", "text/plain; charset=latin-1", 415),
        (b"<article/>", "application/xml", 415),
        (b'{"title": "", "text": "x"}', "application/json", 422),
        (b"Only a title", "text/plain", 400),
        (b"x" * 30_000, "text/plain", 413),
    ],
)
def test_api_articles_bad_body_leaves_store_unchanged(
    server: Server, content: bytes, content_type: str, status: int
) -> None:
    quads = _quads(server)
    response = httpx.post(
        server.url + "/articles", content=content, headers={"Content-Type": content_type}
    )
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert _quads(server) == quads


def test_api_articles_delete_needs_token(server: Server) -> None:
    article_id = httpx.get(server.url + "/articles").json()[0]["id"]
    response = httpx.delete(server.url + f"/articles/{article_id}")
    assert response.status_code == 403
    assert httpx.get(server.url + f"/articles/{article_id}").status_code == 200


def test_api_articles_delete_removes_entities_no_one_else_mentions(server: Server) -> None:
    only_here = (
        "Astronaut Zebulon Quartermaine flew on Soyuz MS-18. "
        "Zebulon Quartermaine works for Roscosmos."
    )
    created = httpx.post(
        server.url + "/articles",
        json={"title": "Quartermaine flies", "text": only_here},
        timeout=60,
    ).json()
    names = [e["label"] for e in created["entities"]]
    assert "Zebulon Quartermaine" in names, names
    response = httpx.delete(
        server.url + f"/articles/{created['id']}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 204
    assert httpx.get(server.url + f"/articles/{created['id']}").status_code == 404
    gone = httpx.get(server.url + "/entities/person/zebulon-quartermaine")
    assert gone.status_code == 404
    # Roscosmos is mentioned by other articles and stays.
    assert httpx.get(server.url + "/entities/org/roscosmos").status_code == 200
