"""The curated gazetteer of space-media entities: exact aliases, name patterns and typo-tolerant lookup."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

# One edit per five characters ("Telsa" -> "Tesla") still counts as the same name.
_CHARS_PER_EDIT = 5
_MIN_FUZZY_LEN = 4
_MAX_ACRONYM = 5
# Names recur across articles; remembering the fuzzy answers for this many names makes them free.
_FUZZY_CACHE = 50_000


@dataclass(frozen=True)
class Entry:
    """One real-world entity the gazetteer knows: canonical label, ontology class, Wikidata id."""

    id: str
    label: str
    cls: str
    wikidata: str | None
    aliases: tuple[str, ...]


_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Pattern:
    """A regular expression naming a family of entities ("Soyuz MS-19"); the match is the label."""

    regex: re.Pattern[str]
    cls: str

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The regex's matches in `text`, as `regex.finditer` gives them."""
        if not self.regex.pattern.startswith(r"\b"):
            yield from self.regex.finditer(text)
            return
        # A leading \b stops `re` from scanning for the literal that follows (14x slower on news
        # text), so search without it and check the boundary here; same matches.
        unbounded = _unbounded(self.regex)
        pos = 0
        while (m := unbounded.search(text, pos)) is not None:
            if _is_boundary(text, m.start()):
                yield m
                pos = max(m.end(), m.start() + 1)
            else:
                pos = m.start() + 1


class Gazetteer:
    """Lookup of known entities by exact alias, by pattern and by close spelling."""

    def __init__(
        self, entries: list[Entry], patterns: list[Pattern], ignored: frozenset[str] = frozenset()
    ) -> None:
        self.entries = {e.id: e for e in entries}
        self.patterns = patterns
        self.ignored = ignored
        self._by_alias: dict[str, Entry] = {}
        for entry in entries:
            for alias in (entry.label, *entry.aliases):
                self._by_alias.setdefault(alias, entry)
        self._folded = {alias.casefold(): e for alias, e in self._by_alias.items()}
        # A misspelling keeps its first letter, so only aliases with that initial are compared.
        self._fuzzy_keys: dict[str, list[str]] = {}
        for alias in self._folded:
            if len(alias) >= _MIN_FUZZY_LEN:
                self._fuzzy_keys.setdefault(alias[0], []).append(alias)
        self._fuzzy = lru_cache(maxsize=_FUZZY_CACHE)(self._nearest)

    @property
    def aliases(self) -> dict[str, Entry]:
        """Every surface form the gazetteer matches exactly (case-sensitive) and its entry."""
        return self._by_alias

    def get(self, name: str) -> Entry | None:
        """Return the entry with this exact alias, else one whose alias differs only in case."""
        return self._by_alias.get(name) or self._folded.get(name.casefold())

    def closest(self, name: str) -> Entry | None:
        """Return the entry whose alias is within one edit in five characters of `name` and starts
        with the same letter, if any."""
        if (exact := self.get(name)) is not None:
            return exact
        return self._fuzzy(name.casefold())

    def _nearest(self, folded: str) -> Entry | None:
        if len(folded) < _MIN_FUZZY_LEN:
            return None
        found = process.extractOne(
            folded,
            self._fuzzy_keys.get(folded[0], ()),
            scorer=DamerauLevenshtein.distance,
            score_cutoff=len(folded) // _CHARS_PER_EDIT,
        )
        if found is None or not words_close(folded, found[0]):
            return None
        return self._folded[found[0]]


def is_shouted(name: str) -> bool:
    """Whether a name is written in capitals though it is no acronym ("WASHINGTON")."""
    return name.isupper() and any(len(word) > _MAX_ACRONYM for word in name.split())


def words_close(name: str, alias: str) -> bool:
    """Whether each word of a name is within one edit in five characters of the alias's word
    ("Blue Orgin" of "Blue Origin"), so that a different word is no typo ("Italian Air Force" is
    not "Indian Air Force")."""
    words, alias_words = name.split(), alias.split()
    return len(words) == len(alias_words) and all(
        DamerauLevenshtein.distance(w, a) <= len(a) // _CHARS_PER_EDIT
        for w, a in zip(words, alias_words, strict=True)
    )


@cache
def _unbounded(regex: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(regex.pattern.removeprefix(r"\b"), regex.flags)


def _is_boundary(text: str, i: int) -> bool:
    before = i > 0 and _WORD.match(text, i - 1) is not None
    return before != (i < len(text) and _WORD.match(text, i) is not None)


def read_gazetteer(text: str) -> Gazetteer:
    """Build a gazetteer from its JSON text (`{"entries": [...], "patterns": [...], "ignore": [...]}`;
    ignored names, such as celestial bodies, are never entities)."""
    data = json.loads(text)
    entries = [
        Entry(
            id=f"g{i}",
            label=e["label"],
            cls=e["cls"],
            wikidata=e.get("wikidata"),
            aliases=tuple(e.get("aliases", ())),
        )
        for i, e in enumerate(data["entries"])
    ]
    patterns = [Pattern(re.compile(p["regex"]), p["cls"]) for p in data.get("patterns", ())]
    return Gazetteer(entries, patterns, frozenset(data.get("ignore", ())))


@cache
def default_gazetteer() -> Gazetteer:
    """Return the gazetteer shipped in `kg/data/gazetteer.json` (read once)."""
    text = resources.files("kg").joinpath("data/gazetteer.json").read_text(encoding="utf-8")
    return read_gazetteer(text)
