"""Reading articles from text and Markdown files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.errors import BadInputError
from kg.sources import find_article_files, parse_article, read_article


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
    for name in ["b.md", "a.txt", "README.md", "a.gold.json", "sub/c.md"]:
        (tmp_path / name).write_text("T\nbody\n")
    found = [p.relative_to(tmp_path).as_posix() for p in find_article_files([tmp_path])]
    assert found == ["a.txt", "b.md", "sub/c.md"]


def test_sources_missing_path_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="no such file"):
        find_article_files([tmp_path / "nope.txt"])


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
