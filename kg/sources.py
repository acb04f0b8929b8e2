"""Reading articles from files and folders (plain text and Markdown with optional front matter)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kg.errors import BadInputError
from kg.model import Article

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_SKIPPED_NAMES = frozenset({"README.md"})


def find_article_files(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders (recursively) into article files, sorted within each folder.

    Raises BadInputError for a path that does not exist or a folder with no article file.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in ARTICLE_SUFFIXES and p.name not in _SKIPPED_NAMES
            )
            if not found:
                raise BadInputError("folder holds no .txt or .md article", path=str(path))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise BadInputError("no such file or folder", path=str(path))
    return files


def read_article(path: Path) -> Article:
    """Read one article file: front matter or first line gives the title.

    Raises BadInputError if the file cannot be read, is binary, is not UTF-8 or has no text.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInputError(exc.strerror or str(exc), path=str(path)) from exc
    if b"\x00" in raw:
        raise BadInputError("binary file, expected UTF-8 text", path=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=str(path)
        ) from exc
    return parse_article(text, source=str(path))


def parse_article(text: str, source: str | None = None) -> Article:
    """Build an Article from text with optional `---` front matter; raise BadInputError if empty."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = _unquote(value.strip())
        text = text[match.end() :]
    body = text.strip("\n")
    if not meta.get("title"):
        first, _, body = body.partition("\n")
        meta["title"] = first.lstrip("# ").strip()
    if not meta["title"] or not body.strip():
        raise BadInputError("no article text (need a title line and a body)", path=source)
    return Article(
        title=meta["title"],
        text=body,
        url=meta.get("url") or None,
        published=_date(meta.get("published"), source),
        source=source,
    )


def read_articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Yield the articles of every file under `paths` (see `find_article_files`)."""
    for path in find_article_files(paths):
        yield read_article(path)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _date(value: str | None, source: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise BadInputError(f"published date {value!r} is not YYYY-MM-DD", path=source) from exc
