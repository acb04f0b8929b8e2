"""Reading articles from sources: text and Markdown, HTML pages, JSON Lines, RSS/Atom feeds, folders
and standard input, with each unusable record reported instead of stopping the whole read."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Literal

import feedparser
import trafilatura

from kg.errors import BadInputError
from kg.model import Article

Format = Literal["text", "html", "jsonl", "feed"]
FORMAT_OF_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
STDIN = "-"
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SKIPPED_NAMES = frozenset({"README.md"})


@dataclass(frozen=True)
class Skipped:
    """A record that could not be read: where (file, file:line or file#entry) and why."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


Record = Article | Skipped


def find_article_files(folder: Path) -> list[Path]:
    """Return the article files under `folder` (recursively, any suffix of `FORMAT_OF_SUFFIX`),
    sorted by path; READMEs are left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in FORMAT_OF_SUFFIX and p.name not in _SKIPPED_NAMES
    )


def read_sources(paths: Iterable[Path], stdin: BinaryIO | None = None) -> Iterator[Record]:
    """Yield the articles of every file, folder (recursively) and `-` (read from `stdin`, format
    detected from the content) in `paths`, and a `Skipped` for each record that cannot be used."""
    for path in paths:
        if str(path) == STDIN and stdin is not None:
            yield from _read_stream(stdin, "<stdin>", None)
        elif path.is_dir():
            files = find_article_files(path)
            if not files:
                yield Skipped(str(path), "folder holds no article file")
            for file in files:
                yield from read_source(file)
        elif path.exists():
            yield from read_source(path)
        else:
            yield Skipped(str(path), "no such file or folder")


def read_source(path: Path) -> Iterator[Record]:
    """Yield the articles of one file (format from its suffix, else from its content); JSON Lines
    are read a line at a time, so an archive of any size streams."""
    try:
        with path.open("rb") as file:
            yield from _read_stream(file, str(path), FORMAT_OF_SUFFIX.get(path.suffix.lower()))
    except OSError as exc:
        yield Skipped(str(path), exc.strerror or str(exc))


def _read_stream(stream: BinaryIO, name: str, fmt: Format | None) -> Iterator[Record]:
    """The articles of an open file or stdin: JSON Lines line by line, anything else whole."""
    head: list[bytes] = []
    for line in stream:  # the first line with content tells the format (see `detect_format`)
        head.append(line)
        if line.strip(b"\xef\xbb\xbf \t\r\n"):
            break
    start = b"".join(head)
    if (fmt or detect_format(start)) != "jsonl" or b"\x00" in start:
        yield from parse_source(start + stream.read(), name, fmt)
        return
    yield from _json_lines(chain(head, stream), name)


def read_article(path: Path) -> Article:
    """Read the (first) article of one file; raise BadInputError if it has no usable one."""
    for record in read_source(path):
        if isinstance(record, Skipped):
            raise BadInputError(record.reason, path=record.location)
        return record
    raise BadInputError("no article in the file", path=str(path))


def read_articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Yield the articles of `paths` (see `read_sources`); raise BadInputError at the first
    unusable record."""
    for record in read_sources(paths):
        if isinstance(record, Skipped):
            raise BadInputError(record.reason, path=record.location)
        yield record


def detect_format(data: bytes) -> Format:
    """Guess the format of a source from its first bytes: a JSON object, a feed, an HTML page, or
    else text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        return "feed" if _FEED_ROOT.search(head) else "html"
    return "text"


def parse_source(data: bytes, name: str, fmt: Format | None = None) -> Iterator[Record]:
    """Yield the articles of one source's bytes, named `name` in locations; `fmt` None means detect
    it from the content (see `detect_format`)."""
    if b"\x00" in data:
        yield Skipped(name, "binary file, expected text")
        return
    fmt = fmt or detect_format(data)
    if fmt == "html":
        yield _html_article(data, name)
    elif fmt == "feed":
        yield from _feed_articles(data, name)
    else:
        if fmt == "jsonl":
            yield from _json_lines(data.split(b"\n"), name)
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield Skipped(name, _not_utf8(exc))
            return
        yield _record(partial(parse_article, text, source=name), name)


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


def _record(build: Callable[[], Article], location: str) -> Record:
    """Call `build`; turn its BadInputError into a `Skipped` at `location`."""
    try:
        return build()
    except BadInputError as exc:
        return Skipped(location, exc.detail)


def _article(location: str, title: object, text: object, url: object, published: object) -> Article:
    """Check and build one article of a structured record; raise BadInputError naming the flaw."""
    if not isinstance(title, str) or not title.strip():
        raise BadInputError("no title")
    if not isinstance(text, str) or not text.strip():
        raise BadInputError("no text")
    return Article(
        title=" ".join(title.split()),
        text=text.strip(),
        url=url.strip() or None if isinstance(url, str) else None,
        published=_date(published if isinstance(published, str) else None, location),
        source=location,
    )


def _json_lines(lines: Iterable[bytes], name: str) -> Iterator[Record]:
    """One record per line with content (lines end at "\\n" only: JSON strings may hold U+2028)."""
    for number, raw in enumerate(lines, start=1):
        location = f"{name}:{number}"
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield Skipped(location, _not_utf8(exc))
            continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(location, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(item, dict):
            yield Skipped(location, "expected a JSON object with title and text")
            continue
        fields = (item.get(k) for k in ("title", "text", "url", "published"))
        yield _record(partial(_article, location, *fields), location)


def _not_utf8(exc: UnicodeDecodeError) -> str:
    return f"not UTF-8 text ({exc.reason} at byte {exc.start})"


def _html_article(data: bytes, name: str) -> Record:
    """The main text of an HTML page (trafilatura drops navigation, ads and comments)."""
    found = trafilatura.bare_extraction(
        data, include_comments=False, include_tables=False, with_metadata=True
    )
    if found is None:
        return Skipped(name, "no main text found in the HTML page")
    page = found if isinstance(found, dict) else found.as_dict()
    title = page.get("title")
    text = _paragraphs(page.get("text") or "", title)
    published = page.get("date")
    fields = (title, text, page.get("url"), _iso_or_none(published))
    return _record(partial(_article, name, *fields), name)


def _feed_articles(data: bytes, name: str) -> Iterator[Record]:
    """One article per feed entry: title, content (else summary) stripped of HTML, link, date."""
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = str(feed.get("bozo_exception") or "no entries")
        yield Skipped(name, f"not a readable RSS/Atom feed ({' '.join(reason.split())})")
        return
    for number, entry in enumerate(feed.entries, start=1):
        location = f"{name}#{number}"
        contents = [c.get("value", "") for c in entry.get("content", [])]
        markup = max([*contents, entry.get("summary", "")], key=len)
        text = _paragraphs(_text_of_html(markup), None)
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*parsed[:3]).isoformat() if parsed else None
        fields = (entry.get("title"), text, entry.get("link"), published)
        yield _record(partial(_article, location, *fields), location)


class _HtmlText(HTMLParser):
    """Collects the text of an HTML fragment, one line per block element or line break."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(_SPACES.sub(" ", data))  # line breaks in HTML source are spaces


def _text_of_html(markup: str) -> str:
    """The text of a feed entry's HTML (entities decoded, tags dropped, blocks on their own lines)."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _paragraphs(text: str, title: object) -> str:
    """One paragraph per line, separated by blank lines (as in our Markdown articles), without a
    leading repeat of the title."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and isinstance(title, str) and lines[0] == " ".join(title.split()):
        lines = lines[1:]
    return "\n\n".join(lines)


def _iso_or_none(value: object) -> str | None:
    """A page's date as YYYY-MM-DD, or None when the page gives none or a malformed one."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


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
