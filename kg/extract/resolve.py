"""Resolution of an article's entity mentions into entities: surnames, typos, acronyms, gazetteer ids."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import Gazetteer, is_shouted, words_close
from kg.extract.ontology import is_a
from kg.model import Entity, KnownEntity, Mention
from kg.terms import slug

_MIN_TYPO_LEN = 5
_MIN_PART_LEN = 4
_MIN_SHORT_NAME = 3
_CHARS_PER_EDIT = 5
_GENERIC = {"Organization", "Place"}
_KINDS = ("Person", "Organization", "Place", "Film")
_CRAFTS = {"Spacecraft", "Spaceflight", "SpaceStation", "LaunchVehicle"}
_ACRONYM_SKIP = {"of", "and", "the", "for", "de", "&"}
_ORG_SUFFIXES = {
    "Pictures",
    "Studios",
    "Entertainment",
    "Productions",
    "Films",
    "Media",
    "Group",
    "Holdings",
    "Inc.",
    "Corp.",
    "Corporation",
    "Company",
    "Co.",
    "Technologies",
    "Industries",
    "LLC",
}
_NICKNAMING = {"nickname", "dub", "call", "name"}
_MAX_NICKNAME_GAP = 12


@dataclass
class _Group:
    label: str
    cls: str
    wikidata: str | None = None
    kb_id: str = ""
    spans: list[Span] = field(default_factory=list)


def _kind(cls: str) -> str:
    return next((k for k in _KINDS if is_a(cls, k)), cls)


class KnownEntities:
    """The entities of earlier articles, so that a later article names them the same way: one
    label per entity across articles ("nasa" -> "NASA", "Luna 25" -> "Luna-25": names with one IRI
    slug) and a lone surname ("Rogozin") resolved to the one known person with that surname
    ("Dmitry Rogozin")."""

    def __init__(self, known: Iterable[KnownEntity] = ()) -> None:
        self._by_name: dict[tuple[str, str], set[KnownEntity]] = {}
        self._by_part: dict[str, set[KnownEntity]] = {}
        self.add(known)

    def add(self, known: Iterable[KnownEntity | Entity]) -> None:
        """Remember more entities (the known ones or an article's resolved ones)."""
        for ent in known:
            item = KnownEntity(ent.label, ent.cls, tuple(ent.aliases))
            kind = _kind(item.cls)
            words = item.label.split()
            for name in (item.label, *item.aliases):
                if kind == "Person" and len(words) > 1 and " " not in name:
                    continue  # a first name ("Chris") names someone else in another story
                self._by_name.setdefault((slug(name), kind), set()).add(item)
            if kind == "Person" and len(words) > 1:
                self._by_part.setdefault(words[-1].casefold(), set()).add(item)

    def match(self, label: str, cls: str, forms: Iterable[str]) -> KnownEntity | None:
        """The one known entity of the same kind named `label` (any case or punctuation), else the
        one known person whose surname a one-word person `label` is, else the one known entity one
        of `forms` names."""
        kind = _kind(cls)
        labels = {
            k.label
            for k in self._by_name.get((slug(label), kind), ())
            if slug(k.label) == slug(label)
        }
        if len(labels) == 1:
            return _one(k for k in self._by_name[(slug(label), kind)] if k.label in labels)
        if kind == "Person" and " " not in label:
            people = {k.label: k for k in self._by_part.get(label.casefold(), ())}
            if len(people) == 1:
                return next(iter(people.values()))
        for form in forms:
            found = {k.label: k for k in self._by_name.get((slug(form), kind), ())}
            if len(found) == 1:
                return next(iter(found.values()))
        return None


def _one(items: Iterable[KnownEntity]) -> KnownEntity | None:
    """The most specific of the candidates (a Company over an Organization)."""
    found = sorted(items, key=lambda k: (k.cls in _GENERIC, k.cls))
    return found[0] if found else None


def resolve(
    doc: Doc, gazetteer: Gazetteer, known: KnownEntities | None = None
) -> tuple[list[Entity], list[str]]:
    """Group `doc.ents` into entities; return them and, per ent index, the key of its entity.

    With `known`, an entity not in the gazetteer takes the label (and, where its own class is
    generic, the class) of the known entity it matches (see `KnownEntities.match`).
    """
    groups: list[_Group] = []
    member: dict[int, _Group] = {}
    by_kb: dict[str, _Group] = {}
    ents = doc.ents  # a new tuple of spans on every access
    # Known entities first, then the longest names: later mentions join them.
    ordered = sorted(range(len(ents)), key=lambda n: (not ents[n].kb_id_, -len(ents[n])))
    for n in ordered:
        ent = ents[n]
        entry = gazetteer.entries.get(ent.kb_id_) if ent.kb_id_ else None
        if entry is not None:
            group = by_kb.get(entry.id)
            if group is None:
                group = _Group(entry.label, entry.cls, entry.wikidata, entry.id)
                by_kb[entry.id] = group
                groups.append(group)
        else:
            group = _match(ent, groups) or _new_group(ent, groups)
        group.spans.append(ent)
        member[n] = group
    for alias, named in _nicknames(ents).items():
        # "Opportunity, which its team nicknamed Oppy": every "Oppy" is Opportunity.
        source, target = member[alias], member[named]
        if source is not target and not source.kb_id:
            _join(source, target, member, ents, ents[alias].text)
    for short, full in _short_forms(groups):
        # "Plan B" in a story about "Plan B Entertainment": the company's short name.
        _join(short, full, member, ents)
    entities: list[Entity] = []
    keys: dict[int, str] = {}
    for group in sorted(
        (g for g in groups if g.spans), key=lambda g: min(s.start for s in g.spans)
    ):
        key = f"e{len(entities) + 1}"
        keys[id(group)] = key
        entities.append(_entity(key, group, known))
    return entities, [keys[id(member[n])] for n in range(len(ents))]


def _join(
    source: _Group,
    target: _Group,
    member: dict[int, _Group],
    ents: Sequence[Span],
    text: str | None = None,
) -> None:
    """Move the mentions of `source` (only those reading `text`, if given) to `target`."""
    for n, group in list(member.items()):
        if group is source and text in {None, ents[n].text}:
            source.spans.remove(ents[n])
            target.spans.append(ents[n])
            member[n] = target


def _short_forms(groups: list[_Group]) -> list[tuple[_Group, _Group]]:
    """Organizations named in the story both in full and without a corporate word at the end
    ("Lumen" and "Lumen Studios"), as (short, full) pairs; a name two full names share, or
    one the gazetteer knows ("Amazon" is not "Amazon Studios"), stays."""
    pairs = []
    for short in groups:
        if _kind(short.cls) != "Organization" or short.kb_id:
            continue
        names = {s.text for s in short.spans}
        full = [
            g
            for g in groups
            if g is not short
            and _kind(g.cls) == "Organization"
            and all(any(_is_short_form(n, f) for f in _names(g)) for n in names)
        ]
        if len(full) == 1:
            pairs.append((short, full[0]))
    return pairs


def _is_short_form(short: str, name: str) -> bool:
    """Whether `short` is `name` without its corporate words ("Lumen" of "Lumen Studios") or
    without the words before two or more ("Air Force" of "U.S. Air Force")."""
    rest = name.removeprefix(short + " ")
    if rest != name:
        return all(w in _ORG_SUFFIXES for w in rest.split())
    return " " in short and name.endswith(" " + short)


def _names(group: _Group) -> set[str]:
    return {group.label, *(s.text for s in group.spans)}


def _nicknames(ents: Sequence[Span]) -> dict[int, int]:
    """Names given in a clause about a named thing, by ent index, to the index of the name they
    stand for: "X, which its team nicknamed Y", "X, a lander that the team dubbed Y", "X, better
    known as Y"."""
    ent_of = {i: n for n, ent in enumerate(ents) for i in range(ent.start, ent.end)}
    found: dict[int, int] = {}
    for n, ent in enumerate(ents):
        verb = ent.root.head
        if verb.lemma_.lower() in _NICKNAMING and verb.dep_ == "relcl" and ent.root is not verb:
            noun = verb.head
            if noun.i not in ent_of and noun.dep_ == "appos":
                noun = noun.head  # "X, a lander that ... nicknamed Y"
            if noun.i in ent_of and ent_of[noun.i] != n:
                found[n] = ent_of[noun.i]
        else:  # the parse lost the clause: read it on the surface
            named = next(
                (
                    m
                    for m in range(n - 1, max(-1, n - 3), -1)
                    if _is_named_after_comma(ents[m], ent)
                ),
                None,
            )
            if named is not None:
                found[n] = named
    return found


def _is_named_after_comma(named: Span, ent: Span) -> bool:
    """Whether `ent` is a name a short clause right after ", " gives `named` ("X, better known as
    Y", "X, a rover that engineers call Y", "X, dubbed Y"), within one sentence."""
    doc = ent.doc
    between = doc[named.end : ent.start]
    if not 1 < len(between) <= _MAX_NICKNAME_GAP or between[0].text != ",":
        return False
    if any(t.is_sent_start or t.text in {";", ":"} for t in [*between, ent[0]]):
        return False
    verb = between[-2] if between[-1].lower_ == "as" else between[-1]
    if verb.lemma_.lower() == "know":
        return between[-1].lower_ == "as" and all(t.pos_ == "ADV" for t in between[1:-2])
    if len(between) == 2 and verb.tag_ == "VBN":
        return verb.lemma_.lower() in _NICKNAMING - {"name"}  # "X, called Y", not "named chief"
    return verb.lemma_.lower() in _NICKNAMING and any(
        t.lower_ in {"that", "which"} for t in between[1:-1]
    )


def _new_group(ent: Span, groups: list[_Group]) -> _Group:
    group = _Group(ent.text, ent.label_)
    groups.append(group)
    return group


def _match(ent: Span, groups: list[_Group]) -> _Group | None:
    """The group an unknown mention belongs to: same name, surname, close spelling or acronym."""
    kind = _kind(ent.label_)
    text = ent.text
    for group in groups:
        if _kind(group.cls) != kind:
            continue
        names = _names(group)
        if text in names or _plain(text) in {_plain(n) for n in names}:
            return group
        if (
            kind == "Person"
            and len(text.split()) == 1
            and any(_is_name_part(text, n) for n in names)
        ):
            return group  # one word, perhaps hyphenated ("Smith-Jones" of "Ann Smith-Jones")
        if kind == "Person" and any(_is_name_tail(text, n) for n in names):
            return group  # "de Vries" of "Jan de Vries"
        if kind == "Organization" and any(
            _is_acronym(text, n) or _is_acronym(n, text) for n in names
        ):
            return group
        if kind in _CRAFTS and len(ent) == 1 and text == group.label.split()[-1]:
            return group  # "Resilience" of "Crew Dragon Resilience"
        if kind != "Person" and any(_is_misspelling(text, n) for n in names):
            return group  # "Zhurung" of "Zhurong", "Hidden Figues" of "Hidden Figures"
    if kind == "Person" and len(ent) == 1:
        # "Chris" of "Christopher Nolan": the short form of one first name in the story.
        people = [g for g in groups if _kind(g.cls) == kind and _is_short_first_name(text, g.label)]
        if len(people) == 1:
            return people[0]
    if (
        kind not in {"Person", "Film"}
        and len(ent) == 1
        and text.istitle()
        and len(text) >= _MIN_TYPO_LEN
    ):
        # A misspelled surname NER typed as something else ("Shatenr" of "William Shatner"); a
        # film title is typed from its cue, not guessed.
        people = [
            g
            for g in groups
            if _kind(g.cls) == "Person" and any(_is_name_part(text, n) for n in _names(g))
        ]
        same_name = [g for g in groups if _kind(g.cls) != "Person" and text in _ends(g.label)]
        if len(people) == 1 and not same_name:
            return people[0]
    if (
        (ent.label_ in _GENERIC or kind == "Person")
        and len(ent) == 1
        and len(text) >= _MIN_PART_LEN
    ):
        # A single word NER gave a guessed class: "Unity" after "VSS Unity", "Branson", and
        # "Resilience" (tagged as a person) after "Crew Dragon Resilience".
        owners = [
            g
            for g in groups
            if (text in _ends(g.label) or any(_is_misspelling(text, e) for e in _ends(g.label)))
            and not _is_generic_owner(ent, g)
        ]
        if len(owners) > 1:
            # "Unity" with "VSS Unity" and "Unity 22": the name it ends, not the one it starts.
            owners = [g for g in owners if g.label.split()[-1] == text]
        if len(owners) == 1:
            return owners[0]
    if ent.label_ in _GENERIC:
        # The same name, or its acronym, NER typed otherwise elsewhere in the story ("BENGALURU"
        # in a dateline and the place Bengaluru, "CFT" and the flight Crew Flight Test): one
        # entity; a film title is kept apart from its namesake, and a person from a name NER
        # doubted.
        same = [
            g
            for g in groups
            if _kind(g.cls) not in {"Film", "Person"}
            and (_plain(text) in {_plain(n) for n in _names(g)} or _is_acronym(text, g.label))
        ]
        if len(same) == 1:
            return same[0]
    return None


def _is_generic_owner(ent: Span, group: _Group) -> bool:
    """A person word may only join a non-person entity, never an untyped organization or place."""
    return ent.label_ == "Person" and (group.cls in _GENERIC or _kind(group.cls) == "Person")


def _ends(label: str) -> tuple[str, str]:
    words = label.split()
    return words[0], words[-1]


@lru_cache(maxsize=65_536)
def _plain(text: str) -> str:
    """A name without accents or case ("Cuarón" -> "cuaron")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_name_tail(text: str, name: str) -> bool:
    """Whether a mention of two or more words ends a person's longer name: a surname with its
    particle ("de Vries", "De Palma") or the name without its first part ("Kiran Kumar" of "A.S.
    Kiran Kumar")."""
    tail, words = _plain(text).split(), name.split()
    return 1 < len(tail) < len(words) and [_plain(w) for w in words[-len(tail) :]] == tail


def _is_name_part(word: str, name: str) -> bool:
    """Whether a one-word mention is the surname or first name of `name`, or a misspelling of
    either."""
    word, name = _plain(word), _plain(name)
    parts = name.split()
    if len(parts) < 2:
        return False
    if word in (parts[0], parts[-1]):
        return True
    if len(word) < _MIN_TYPO_LEN:
        return False
    # "Shatenr" of "William Shatner", "Pharell" of "Pharrell Williams".
    return any(
        word[0] == part[0]
        and DamerauLevenshtein.distance(word, part) <= len(part) // _CHARS_PER_EDIT
        for part in (parts[-1], parts[0])
    )


def _is_short_first_name(word: str, name: str) -> bool:
    """Whether a one-word mention shortens the first name of `name` ("Chris", "Christopher Nolan")."""
    word, parts = _plain(word), _plain(name).split()
    return (
        len(parts) > 1
        and _MIN_SHORT_NAME <= len(word) < len(parts[0])
        and parts[0].startswith(word)
    )


def _is_misspelling(text: str, name: str) -> bool:
    """Whether a name is another's with a word misspelled (same first letters, one edit in five
    characters); names with digits differ by their numbers ("Soyuz MS-18", "Soyuz MS-19")."""
    text, name = _plain(text), _plain(name)
    return (
        text != name
        and len(text) >= _MIN_TYPO_LEN
        and not any(c.isdigit() for c in text + name)
        and all(a[:1] == b[:1] for a, b in zip(text.split(), name.split(), strict=False))
        and words_close(text, name)
    )


def _is_acronym(short: str, name: str) -> bool:
    if not (short.isupper() and 2 <= len(short) <= 6) or " " not in name:
        return False
    initials = "".join(w[0] for w in name.split() if w.lower() not in _ACRONYM_SKIP)
    return initials.upper() == short


def _entity(key: str, group: _Group, known: KnownEntities | None = None) -> Entity:
    """Build the entity of a group: canonical label, most specific class, aliases and mentions."""
    if not group.kb_id:
        forms = Counter(s.text for s in group.spans)
        # A person goes by the fullest name the story gives ("Brian De Palma", not "De Palma").
        is_person = _kind(group.spans[0].label_) == "Person"
        group.label = max(
            forms,
            key=lambda f: (
                not is_shouted(f),
                len(f.split()) if is_person else len(f.split()) > 1,
                forms[f],
                len(f),
            ),
        )
        classes = Counter(s.label_ for s in group.spans)
        group.cls = max(classes, key=lambda c: (c not in _GENERIC, classes[c]))
        if _kind(group.spans[0].label_) == "Person":
            group.cls = group.spans[0].label_  # misspelled surnames typed otherwise joined it
        if is_shouted(group.label) and _kind(group.cls) in {"Person", "Place"}:
            group.label = group.label.title()  # a dateline ("MOSCOW —") names Moscow
        match = known.match(group.label, group.cls, forms) if known is not None else None
        if match is not None:
            group.label = match.label
            if group.cls in _GENERIC or match.cls not in _GENERIC:
                group.cls = match.cls
    mentions = sorted(
        (Mention(s.text, s.start_char, s.end_char) for s in group.spans), key=lambda m: m.start
    )
    aliases = list(dict.fromkeys(m.text for m in mentions if m.text != group.label))
    return Entity(key, group.label, group.cls, aliases, mentions, group.wikidata)
