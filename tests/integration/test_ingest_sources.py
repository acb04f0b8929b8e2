"""Ingest from every source format, by the CLI and over HTTP: bad records are reported with their
location and skipped, the rest is stored."""

from __future__ import annotations

import json
import select
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import KG, RunKg, Server, start_server, stop_server
from tests.integration.ingest_checks import graph_count

pytestmark = pytest.mark.integration

TEXT = "Dmitry Rogozin, the head of Roscosmos, greeted the crew of Soyuz MS-18 in Star City."
PAGE = f"""<!doctype html><html><head><title>Crew back | Space News</title>
<meta property="og:title" content="Soyuz crew returns to Star City"></head><body>
<nav><a href="/">Home</a> <a href="/login">Log in</a></nav>
<article><h1>Soyuz crew returns to Star City</h1><p>{TEXT}</p>
<p>Yulia Peresild and Klim Shipenko spent twelve days on the International Space Station.</p>
</article><footer>Subscribe to our newsletter.</footer></body></html>"""
FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Space</title>
<item><title>Feed story</title><link>https://example.org/feed-story</link>
<description><![CDATA[<p>{TEXT}</p>]]></description></item>
<item><title>Entry without text</title><link>https://example.org/no-text</link></item>
</channel></rss>"""
LINES = "\n".join(
    [
        json.dumps({"title": "Line one", "text": TEXT, "url": "https://example.org/l1"}),
        '{"title": "Broken line", ',
        json.dumps({"title": "Line three", "text": TEXT, "published": "2021-10-17"}),
    ]
)


def _sources(folder: Path) -> Path:
    """A folder with one source of each format: 5 good records, 2 bad ones."""
    (folder / "nested").mkdir(parents=True)
    (folder / "story.md").write_text(f"---\ntitle: Markdown story\n---\n{TEXT}\n")
    (folder / "page.html").write_text(PAGE)
    (folder / "nested" / "space.rss").write_text(FEED)
    (folder / "lines.jsonl").write_text(LINES)
    return folder


def test_ingest_sources_folder_of_every_format_skips_bad_records(kg: RunKg, tmp_path: Path) -> None:
    folder = _sources(tmp_path / "in")
    result = kg("ingest", folder, "--store", tmp_path / "store")
    assert result.returncode == 1, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped")]
    assert [line.split(" (")[0] for line in skipped] == [
        f"kg: skipped {folder / 'lines.jsonl'}:2: malformed JSON",
        f"kg: skipped {folder / 'nested' / 'space.rss'}#2: no text",
    ]
    assert result.stdout.count("added") == 5
    assert graph_count(tmp_path / "store") == 5


def test_ingest_sources_stdin_format_from_content(kg: RunKg, tmp_path: Path) -> None:
    result = kg("ingest", "-", "--store", tmp_path / "store", input=FEED)
    assert result.returncode == 1
    assert "kg: skipped <stdin>#2: no text" in result.stderr
    again = kg("ingest", "-", "--store", tmp_path / "store", input=PAGE)
    assert again.returncode == 0, again.stderr
    assert "Soyuz crew returns to Star City" in again.stdout
    assert graph_count(tmp_path / "store") == 2


def test_ingest_sources_nothing_usable_exits_2_and_writes_nothing(
    kg: RunKg, tmp_path: Path
) -> None:
    (tmp_path / "bad.jsonl").write_text('{"title": "no text"}\n[1, 2]\n')
    result = kg(
        "ingest", tmp_path / "bad.jsonl", tmp_path / "missing.md", "--store", tmp_path / "s"
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "kg: error: no usable article in the input"
    assert len(result.stderr.splitlines()) == 4
    assert not (tmp_path / "s").exists()


def test_ingest_sources_help_documents_exit_codes(kg: RunKg) -> None:
    result = kg("ingest", "--help")
    assert result.returncode == 0
    assert "1 some records skipped" in " ".join(result.stdout.split())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A `kg serve` over an empty store."""
    running = start_server(tmp_path_factory.mktemp("sources") / "store")
    yield running
    stop_server(running)


def test_ingest_sources_api_html_body(server: Server) -> None:
    response = httpx.post(
        server.url + "/articles",
        content=PAGE.encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert response.json()["headline"] == "Soyuz crew returns to Star City"


def test_ingest_sources_api_jsonl_upload_lists_ids_and_skipped(server: Server) -> None:
    response = httpx.post(
        server.url + "/articles",
        files={"file": ("lines.jsonl", LINES.encode(), "application/octet-stream")},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert [a["title"] for a in body["articles"]] == ["Line one", "Line three"]
    assert [s["location"] for s in body["skipped"]] == ["lines.jsonl:2"]
    for article in body["articles"]:
        assert httpx.get(server.url + f"/articles/{article['id']}").status_code == 200


def test_ingest_sources_api_feed_body(server: Server) -> None:
    response = httpx.post(
        server.url + "/articles",
        content=FEED.encode(),
        headers={"Content-Type": "application/rss+xml"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert [a["title"] for a in response.json()["articles"]] == ["Feed story"]
    assert response.json()["skipped"] == [{"location": "body#2", "reason": "no text"}]


def test_ingest_sources_api_nothing_usable_is_400(server: Server) -> None:
    quads = httpx.get(server.url + "/health").json()["quads"]
    response = httpx.post(
        server.url + "/articles",
        content=b'{"title": "no text"}\n{oops\n',
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "body:2: malformed JSON" in response.json()["detail"]
    assert httpx.get(server.url + "/health").json()["quads"] == quads


def test_ingest_sources_stdin_streams(tmp_path: Path) -> None:
    """Articles are stored (and reported) while the input is still open: kg does not wait for its
    end (it parses `--batch-size` articles at a time, so it may need that many for a commit)."""
    command = [str(KG), "ingest", "-", "--store", str(tmp_path / "store"), "--batch-size", "2"]
    sent = 0
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        with process.stdin:
            ready: list[object] = []
            while not ready and sent < 40:
                sent += 1
                line = json.dumps({"title": f"Streamed {sent}", "text": TEXT})
                process.stdin.write(line + "\n")
                process.stdin.flush()
                ready = select.select([process.stdout], [], [], 15 if sent == 1 else 2)[0]
            assert ready, "nothing was stored while the input was open"
            first = process.stdout.readline()
        assert first.startswith("added") and "Streamed 1 " in first, first
        assert process.wait(timeout=60) == 0
    assert graph_count(tmp_path / "store") == sent
