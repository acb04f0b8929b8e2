"""Reading articles from text, Markdown, HTML, JSON Lines and feeds, with bad records skipped."""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from kg.errors import BadInputError
from kg.model import Article
from kg.sources import (
    Skipped,
    detect_format,
    find_article_files,
    parse_article,
    parse_source,
    read_article,
    read_source,
    read_sources,
)


def test_sources_front_matter_gives_metadata() -> None:
    text = "---\ntitle: Crew returns\nurl: https://example.org/a\npublished: 2021-10-17\n---\nBody here.\n"
    article = parse_article(text)
    assert (article.title, article.url, article.published, article.text) == (
        "Crew returns",
        "https://example.org/a",
        date(2021, 10, 17),
        "Body here.",
    )


def test_sources_first_line_is_title_without_front_matter() -> None:
    article = parse_article("A headline\n\nFirst paragraph.\n")
    assert article.title == "A headline"
    assert article.text.strip() == "First paragraph."


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "Only a title\n", "---\ntitle: t\n---\n   \n"],
    ids=["empty", "blank", "title-only", "front-matter-only"],
)
def test_sources_rejects_text_without_body(text: str) -> None:
    with pytest.raises(BadInputError):
        parse_article(text)


def test_sources_rejects_bad_date() -> None:
    with pytest.raises(BadInputError, match="YYYY-MM-DD"):
        parse_article("---\ntitle: t\npublished: yesterday\n---\nbody\n")


@pytest.mark.parametrize(
    ("payload", "message"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"caf\xe9 latte\nbody", "not UTF-8")],
    ids=["binary", "latin1"],
)
def test_sources_rejects_non_text_files(tmp_path: Path, payload: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(payload)
    with pytest.raises(BadInputError, match=message):
        read_article(path)


def test_sources_folder_expansion_skips_readme_and_gold(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    names = ["b.md", "a.txt", "README.md", "a.gold.json", "sub/c.md", "d.html", "e.jsonl", "f.rss"]
    for name in names:
        (tmp_path / name).write_text("T\nbody\n")
    found = [p.relative_to(tmp_path).as_posix() for p in find_article_files(tmp_path)]
    assert found == ["a.txt", "b.md", "d.html", "e.jsonl", "f.rss", "sub/c.md"]


def test_sources_missing_path_is_skipped(tmp_path: Path) -> None:
    assert list(read_sources([tmp_path / "nope.txt"])) == [
        Skipped(str(tmp_path / "nope.txt"), "no such file or folder")
    ]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ('title: "Gravity" at ten', '"Gravity" at ten'),
        ("title: 'Quoted whole'", "Quoted whole"),
        ('title: "Quoted whole"', "Quoted whole"),
    ],
)
def test_sources_front_matter_keeps_inner_quotes(line: str, title: str) -> None:
    assert parse_article(f"---\n{line}\n---\nbody\n").title == title


PAGE = b"""<!doctype html><html><head><title>Crew Dragon docks | Space News</title>
<meta property="og:title" content="Crew Dragon docks with the station">
<link rel="canonical" href="https://example.org/dragon"></head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/login">Log in</a></nav>
<article><h1>Crew Dragon docks with the station</h1>
<p>The Crew Dragon Endeavour docked with the International Space Station on Saturday, carrying
four astronauts from NASA, JAXA and the European Space Agency to the orbiting laboratory.</p>
<p>Steve Jurczyk said the mission showed how commercial partners can carry crews to orbit.</p>
</article><footer>Copyright 2021 Space News. Subscribe to our newsletter.</footer></body></html>"""

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Space</title>
<item><title>Shatner flies</title><link>https://example.org/shatner</link>
<pubDate>Wed, 13 Oct 2021 15:00:00 GMT</pubDate>
<description><![CDATA[<p>New Shepard carried <b>William Shatner</b> to space.</p><p>Jeff Bezos
greeted the crew &amp; the press.</p>]]></description></item>
<item><title>No text here</title><link>https://example.org/empty</link></item>
</channel></rss>"""


def test_sources_html_keeps_main_text_and_page_title() -> None:
    (article,) = parse_source(PAGE, "page.html", "html")
    assert isinstance(article, Article)
    assert article.title == "Crew Dragon docks with the station"
    assert article.url == "https://example.org/dragon"
    assert article.text.startswith("The Crew Dragon Endeavour docked")
    assert "\n\nSteve Jurczyk" in article.text
    assert "Log in" not in article.text and "newsletter" not in article.text


def test_sources_feed_entries_are_articles_and_empty_entry_is_skipped() -> None:
    first, second = parse_source(FEED, "space.rss", "feed")
    assert first == Article(
        "Shatner flies",
        "New Shepard carried William Shatner to space.\n\nJeff Bezos greeted the crew & the press.",
        "https://example.org/shatner",
        date(2021, 10, 13),
        "space.rss#1",
    )
    assert second == Skipped("space.rss#2", "no text")


def test_sources_json_lines_skip_bad_lines_with_their_number() -> None:
    data = (
        b'{"title": "One", "text": "Body one.", "url": "https://example.org/1", '
        b'"published": "2021-10-05T08:00:00Z", "source": "Wire"}\n'
        b"\n"
        b'{"title": "Two", "text": \n'
        b'["not", "an", "object"]\n'
        b'{"title": "Three", "text": "  "}\n'
        b'{"title": "Four", "text": "Body four.", "published": "soon"}\n'
    )
    records = list(parse_source(data, "in.jsonl", "jsonl"))
    assert records[0] == Article(
        "One", "Body one.", "https://example.org/1", date(2021, 10, 5), "in.jsonl:1"
    )
    skipped = [(r.location, r.reason.split(" (")[0]) for r in records[1:] if isinstance(r, Skipped)]
    assert skipped == [
        ("in.jsonl:3", "malformed JSON"),
        ("in.jsonl:4", "expected a JSON object with title and text"),
        ("in.jsonl:5", "no text"),
        ("in.jsonl:6", "published date 'soon' is not YYYY-MM-DD"),
    ]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b'{"title": "t", "text": "x"}\n', "jsonl"),
        (FEED, "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        (PAGE, "html"),
        (b"\xef\xbb\xbf  A title\n\nText", "text"),
        (b"---\ntitle: t\n---\nText", "text"),
    ],
    ids=["jsonl", "rss", "atom", "html", "text-bom", "front-matter"],
)
def test_sources_detect_format_from_content(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


def test_sources_unreadable_feed_is_one_skipped_record() -> None:
    (record,) = parse_source(b"Not a feed at all", "broken.rss", "feed")
    assert isinstance(record, Skipped) and record.location == "broken.rss"


def test_sources_json_lines_skip_only_the_line_that_is_not_utf8() -> None:
    good = json.dumps({"title": "Good", "text": "Body."}).encode()
    data = good + b"\n" + b'{"title": "caf\xe9", "text": "x"}\n' + good.replace(b"Good", b"Also")
    records = list(parse_source(data, "in.jsonl", "jsonl"))
    assert [r.title for r in records if isinstance(r, Article)] == ["Good", "Also"]
    assert [(r.location, r.reason.split(" (")[0]) for r in records if isinstance(r, Skipped)] == [
        ("in.jsonl:2", "not UTF-8 text")
    ]


def test_sources_json_lines_file_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    fifo = tmp_path / "lines.jsonl"
    os.mkfifo(fifo)
    got_first = threading.Event()

    def write() -> None:
        with fifo.open("w") as pipe:
            pipe.write(json.dumps({"title": "First", "text": "Body."}) + "\n")
            pipe.flush()
            got_first.wait(timeout=10)  # a reader that waits for the end gets it after 10 s
            pipe.write(json.dumps({"title": "Second", "text": "Body."}) + "\n")

    writer = threading.Thread(target=write)
    writer.start()
    records = read_source(fifo)
    assert next(records).title == "First"  # type: ignore[union-attr]
    assert writer.is_alive()  # the second line is not written yet: the reader did not wait for it
    got_first.set()
    assert [r.title for r in records] == ["Second"]  # type: ignore[union-attr]
    writer.join()
