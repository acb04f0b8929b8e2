"""The `kg_entities` component: domain-typed entity spans from the gazetteer, cues and spaCy's NER."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz.distance import DamerauLevenshtein
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import Entry, Gazetteer, default_gazetteer, is_shouted
from kg.extract.vocabulary import Vocabulary, default_vocabulary, read_vocabulary_file

# spaCy NER label -> gazetteer classes it may be resolved to, and the class when it is not found.
_NER_CLASSES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "PERSON": (("Person",), "Person"),
    "ORG": (
        (
            "Organization",
            "SpaceAgency",
            "Company",
            "NewsOrganization",
            "Spacecraft",
            "LaunchVehicle",
            "SpaceStation",
            "Spaceport",
            "Spaceflight",
            "Film",
        ),
        "Organization",
    ),
    "GPE": (("Country", "Place", "Spaceport"), "Place"),
    "LOC": (("Country", "Place", "Spaceport", "SpaceStation"), "Place"),
    "FAC": (("Spaceport", "SpaceStation", "Place"), "Place"),
    "PRODUCT": (("Spacecraft", "LaunchVehicle", "SpaceStation", "Company", "Spaceflight"), None),
    "WORK_OF_ART": (("Film",), None),
    "NORP": (("Company", "SpaceAgency", "NewsOrganization"), None),
}
# NER labels that may name an employer; nationalities ("Russian actress") and countries may not.
_EMPLOYER_LABELS = {"ORG", "PERSON", "PRODUCT"}
_SPACEPORT_WORDS = re.compile(
    r"\b(?:Cosmodrome|Spaceport|Launch (?:Site|Complex|Center)|Space Center)\b"
)
_ORG_SUFFIX = {
    "SpaceAgency": re.compile(r"\b(?:Space Agency|Space Administration)$"),
    "Company": re.compile(
        r"\b(?:Inc|Corp|Corporation|Ltd|LLC|Co|Company|Pictures|Studios|Television|Associates"
        r"|Group|Holdings|Payments|Technologies|Systems|Aerospace|Industries|Labs|Partners"
        r"|Capital|Ventures|Airlines|Motors|Entertainment|Media)\.?$"
    ),
    "NewsOrganization": re.compile(
        r"\b(?:News|Times|Post|Press|Journal|Herald|Tribune|News Agency|Broadcasting|Radio)$"
    ),
}
# Institutions that NER often tags as places ("St. Jude Children's Research Hospital").
_INSTITUTION_WORDS = re.compile(
    r"\b(?:Hospital|University|Museum|Institute|College|School|Foundation|Association"
    r"|Society|Council|Laboratory|Academy|Agency)\b"
)
# Text that only scraping produces: a name glued to the next ("BezosJeffrey"), credit marks.
_GARBAGE = re.compile(r"[a-z]{3}[A-Z][a-z]|[©\n]")
_POSSESSIVES = {"'s", "\u2019s", "'"}
_NAME_OWNERS = {"the", *_POSSESSIVES}  # "the X probe", "NASA's X rover"
_MIN_TYPO_LEN = 5
# A title after a film noun: capitalized words, with lowercase joiners inside ("Men of Honor").
_MAX_TITLE_WORDS = 6
_MAX_DESCRIPTION_WORDS = 8  # "a Los Angeles-based animation and production company"
_MAX_QUOTED_TITLE_WORDS = 8
_TITLE_JOINERS = {"of", "the", "and", "in", "to", "a", "on", "for", "from", "with", "&", "-", ":"}
_CREDITS = (
    r"(?:(?:co-)?star(?:s|red|ring)?|direct(?:s|ed)?|produc(?:es|ed)|created)(?:\s+in)?"
    r"|(?:appear(?:s|ed|ing)?|play(?:s|ed|ing)?|cast|role|roles|performance)\s+in|in"
    r"|(?:star|cast|director|producer|creator)s?\s+of"
)
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "'s", "\u2019s"}
# A quoted run of words; a comma or period inside the closing quote is American punctuation.
_QUOTED = re.compile(r"[\u201c\"](?P<title>[^\u201d\"\n]{1,80}?)[,.]?[\u201d\"]")

# Ranks decide overlaps: a title right after a film noun beats everything ("the film Apollo 13"),
# specific patterns beat the gazetteer, which beats textual cues; a name after a role noun
# ("commander Zhai Zhigang") is a person whatever class NER guessed.
_RANK_FILM_NOUN = 7
_RANK_PATTERN, _RANK_GAZETTEER, _RANK_CUE, _RANK_ROLE_PERSON, _RANK_NER, _RANK_ROLE = (
    6,
    5,
    4,
    3,
    2,
    1,
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    cls: str
    kb_id: str
    rank: int


class EntityTyper:
    """Sets `doc.ents` to non-overlapping spans labelled with ontology classes (kb_id: gazetteer id)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, vocabulary: Vocabulary) -> None:
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
        self.craft_nouns = vocabulary.definite_references | vocabulary.naming_nouns
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Multi-word names written in capitals ("CAPE CANAVERAL, Fla. —" in a dateline).
        self.shouted = PhraseMatcher(nlp.vocab, attr="ORTH")
        for alias, entry in gazetteer.aliases.items():
            self.matcher.add(entry.id, [nlp.make_doc(alias)])
            if " " in alias and not alias.isupper():
                self.shouted.add(entry.id, [nlp.make_doc(alias.upper())])
        cues = "|".join(sorted(vocabulary.film_cues))
        verbs = "|".join(sorted(vocabulary.title_verbs))
        # A quoted title after a film noun or a credit verb, or before a film noun or a credit.
        self.title = re.compile(
            rf"\b(?:{cues}|{_CREDITS})(?:,?\s+(?:{verbs}))?,?\s+[“\"](?P<title>[^”\"\n]{{1,80}}?)"
            rf"[,.]?[”\"]"
            rf"|[“\"](?P<before>[^”\"\n]{{1,80}}?)[,.]?[”\"],?\s+"
            rf"(?:(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,3}}?)?(?:{cues}|starring|directed by|producers?|directors?|stars?)\b",
            re.IGNORECASE,
        )

    def __call__(self, doc: Doc) -> Doc:
        tokens = list(doc)  # spaCy makes a new Token object on every index or iteration
        text = "".join(t.text_with_ws for t in tokens)  # doc.text, without iterating again
        titles = [
            *self._titles(doc, text),
            *self._cued_titles(doc, tokens),
            *self._quoted_titles(doc, tokens, text),
            *self._given_names(doc, tokens),
            *self._described_crafts(doc, tokens),
        ]
        known = list(self._gazetteer(doc))
        candidates = [
            *known,
            *(p for p in self._patterns(doc, text) if not _inside_longer(p, known)),
            *titles,
            *_title_mentions(doc, tokens, titles),
            *self._ner(doc),
            *self._role_persons(doc, tokens),
            *self._subject_names(doc, tokens),
        ]
        chosen = [
            replace(c, cls="Place")  # "the Sagamihara-based ISAS"
            if c.rank == _RANK_NER and not c.kb_id and _is_base(doc, c.end)
            else c
            for c in _non_overlapping(candidates, len(doc))
        ]
        chosen = _retyped_name_parts(doc, chosen)
        chosen = _retyped_list_members(doc, chosen, self.vocabulary.person_roles)
        chosen = self._retyped_by_context(doc, chosen)
        chosen = _non_overlapping([*chosen, *_unnamed_list_members(doc, tokens, chosen)], len(doc))
        chosen = _non_overlapping([*chosen, *self._typos(doc, tokens, chosen)], len(doc))
        chosen = _non_overlapping([*chosen, *_craft_short_names(tokens, chosen)], len(doc))
        doc.ents = [Span(doc, c.start, c.end, label=c.cls, kb_id=c.kb_id) for c in chosen]
        return doc

    def _retyped_by_context(self, doc: Doc, chosen: list[_Candidate]) -> list[_Candidate]:
        """Retype unknown NER names by the noun next to them: "X, an investor and ..." is a person,
        "the investment firm X" a company."""
        person_nouns = {
            *(r for r in self.vocabulary.person_roles if " " not in r),
            *(
                w
                for w, classes in self.vocabulary.definite_references.items()
                if "Person" in classes
            ),
        }
        result = []
        for c in chosen:
            if c.rank == _RANK_NER and not c.kb_id:
                named_after = _noun_before_comma(doc, c.start)
                if c.cls != "Person" and (
                    _described_as(doc, c.end, person_nouns)
                    or named_after in person_nouns | _KIN_NOUNS
                ):
                    c = replace(c, cls="Person")  # "X, an investor", "his son, X"
                elif c.cls in {"Organization", "Place"} and named_after in _COMPANY_NOUNS:
                    c = replace(c, cls="Company")  # "its parent company, X"
                elif c.cls in {"Organization", "Place"} and (
                    kind := _refined(_words_before_comma(doc, c.start).title(), "Organization")
                ) not in {"Organization", "Company"}:
                    c = replace(c, cls=kind)  # "Russia's space agency, X", "the news agency, Y"
                elif (craft := self._described_craft(doc, c)) is not None:
                    c = replace(c, cls=craft)  # "X, the country's first moon rover,"
                elif (
                    c.cls in {"Person", "Organization", "Place"}
                    and c.start > 0
                    and doc[c.start - 1].lemma_.lower() in _COMPANY_NOUNS
                    and (c.end == len(doc) or doc[c.end].tag_ not in {"VBD", "VBZ", "VBP"})
                ):
                    # "the firm X", not "the company X founded" (X the subject of a clause).
                    c = replace(c, cls="Company")
                elif (
                    c.cls == "Person"
                    and c.start > 0
                    and doc[c.start - 1].lemma_.lower() in _GROUP_NOUNS
                ):
                    c = replace(c, cls="Organization")  # "the comedy group X", "the band X"
                elif c.cls in {"Organization", "Place"} and _described_as(
                    doc, c.end, _COMPANY_NOUNS, {"a", "an", "the"}
                ):
                    c = replace(c, cls="Company")  # "X, the production company ..."
            result.append(c)
        return result

    def _described_craft(self, doc: Doc, c: _Candidate) -> str | None:
        """The class of a craft noun set beside a name ("X, the first moon rover," -> Spacecraft),
        by the parse or, where the parser lost it, on the surface ("X, the robotic lander that")."""
        nouns = [t.lemma_.lower() for t in doc[c.end - 1].children if t.dep_ == "appos"]
        nouns.append(_noun_after_comma(doc, c.end) or "")
        for noun in nouns:
            classes = self.craft_nouns.get(noun, ())
            if len(classes) == 1 and set(classes) <= _CRAFT_CLASSES:
                return next(iter(classes))
        return None

    def _gazetteer(self, doc: Doc) -> Iterable[_Candidate]:
        for match_id, start, end in [*self.matcher(doc), *self.shouted(doc)]:
            entry = self.gazetteer.entries[doc.vocab.strings[match_id]]
            yield _Candidate(start, end, entry.cls, entry.id, _RANK_GAZETTEER)

    def _patterns(self, doc: Doc, text: str) -> Iterable[_Candidate]:
        for pattern in self.gazetteer.patterns:
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    # A name the gazetteer knows keeps its class ("Kennedy Space Center" is a
                    # spaceport, whatever an institution pattern says).
                    entry = self.gazetteer.get(span.text)
                    cls = entry.cls if entry is not None else pattern.cls
                    yield _Candidate(
                        span.start, span.end, cls, entry.id if entry else "", _RANK_PATTERN
                    )

    def _titles(self, doc: Doc, text: str) -> Iterable[_Candidate]:
        for m in self.title.finditer(text):
            group = "title" if m.group("title") is not None else "before"
            title = m.group(group).strip()
            if not title or not (title[0].isupper() or title[0].isdigit()):
                continue
            start = m.start(group) + m.group(group).index(title)
            span = doc.char_span(start, start + len(title), alignment_mode="expand")
            if span is None or (group == "before" and self._is_attributed(doc, m.end())):
                continue
            entry = self.gazetteer.get(title)
            if entry is None or entry.cls == "Film":
                yield _Candidate(span.start, span.end, "Film", entry.id if entry else "", _RANK_CUE)
            else:
                # ""Apollo 13," the film": the film, not the flight the gazetteer knows by that name.
                yield _Candidate(span.start, span.end, "Film", "", _RANK_FILM_NOUN)

    def _is_attributed(self, doc: Doc, end: int) -> bool:
        """Whether a report verb follows the words ending at character `end`: the quote was
        speech ("..." the producer said), not a title."""
        cue = doc.char_span(end - 1, end, alignment_mode="expand")
        return (
            cue is not None
            and cue.end < len(doc)
            and doc[cue.end].lemma_.lower() in self.vocabulary.report_verbs
        )

    def _cued_titles(self, doc: Doc, tokens: list[Token]) -> Iterable[_Candidate]:
        """Capitalized titles right after a film noun ("the movie Silent Orbit", "the 2019
        series For All Time"): films, unless NER reads a person as the subject of a clause
        ("the film Jane Roe produced")."""
        cues = self.vocabulary.film_cues
        roles = self.vocabulary.person_roles
        for token in tokens[:-1]:
            if token.lower_ not in cues or token.pos_ not in {"NOUN", "PROPN", ""}:
                continue
            if token.i > 0 and tokens[token.i - 1].lower_ == "best":
                continue  # an award ("the best picture Oscar"), not a title
            if not any(
                t.lower_ in _DETERMINERS or t.pos_ == "PROPN"
                for t in doc[max(0, token.i - 2) : token.i]
            ):
                continue
            end = token.i + 1
            last = None
            while end < len(doc) and end - token.i <= _MAX_TITLE_WORDS:
                word = tokens[end]
                if _is_title_word(word):
                    last = end
                elif word.lower_ not in _TITLE_JOINERS or last is None:
                    break
                end += 1
            if last is None or tokens[token.i + 1].lower_ in roles:
                continue
            title = doc[token.i + 1 : last + 1]
            is_person = any(e.label_ == "PERSON" and e.start == title.start for e in doc.ents)
            if is_person and last + 1 < len(doc) and tokens[last + 1].pos_ == "VERB":
                continue
            entry = self.gazetteer.get(title.text)
            if entry is None or entry.cls == "Film":
                yield _Candidate(
                    title.start, title.end, "Film", entry.id if entry else "", _RANK_CUE
                )
            elif token.i + 1 == title.start:
                # "the film Apollo 13": the film, not the flight the gazetteer knows by that name.
                yield _Candidate(title.start, title.end, "Film", "", _RANK_FILM_NOUN)

    def _quoted_titles(self, doc: Doc, tokens: list[Token], text: str) -> Iterable[_Candidate]:
        """In a story about films, a quoted run of capitalized words that no one says is a title
        ("when "Orbit Nine" opened", "for "Red Dust" and "Home""); quoted speech is not."""
        if not any(t.lower_ in self.vocabulary.film_cues for t in tokens):
            return
        for m in _QUOTED.finditer(text):
            span = doc.char_span(m.start("title"), m.end("title"), alignment_mode="expand")
            if span is None or not _is_title(span) or text[: m.start()].endswith("("):
                continue  # ("Vyzov" in Russian): another name of the title before it
            after = tokens[span.end + 1 : span.end + 6]
            if any(t.lemma_.lower() in self.vocabulary.report_verbs for t in after[:3]):
                continue  # "Liftoff," she said: a quoted word, not a title
            if self._described_as_other_work(after):
                continue  # "Lost Moon," the book ...
            entry = self.gazetteer.get(span.text)
            film_id = entry.id if entry is not None and entry.cls == "Film" else ""
            before = tokens[span.start - 2] if span.start >= 2 else None
            is_film_noun = before is not None and self.vocabulary.definite_references.get(
                before.lower_
            ) == frozenset({"Film"})
            is_persons = (  # "Ron Howard's "Apollo 13"": his film, not the flight
                before is not None
                and before.lower_ in _POSSESSIVES
                and before.i > 0
                and tokens[before.i - 1].ent_type_ == "PERSON"
            )
            if is_film_noun or is_persons:
                # "the film "Salyut-7"": the film, not the station of that name.
                yield _Candidate(span.start, span.end, "Film", film_id, _RANK_FILM_NOUN)
            elif entry is None or entry.cls == "Film":
                yield _Candidate(span.start, span.end, "Film", film_id, _RANK_CUE)

    def _given_names(self, doc: Doc, tokens: list[Token]) -> Iterable[_Candidate]:
        """A name given to a noun that refers to one class: "the mission, called Fram2" is a flight,
        "a capsule named Freedom" a spacecraft; films are read by the title cues."""
        for verb in tokens:
            if verb.lemma_.lower() not in _GIVING_VERBS or verb.i < 1:
                continue
            k = verb.i - 1 if tokens[verb.i - 1].text != "," else verb.i - 2
            classes = self.vocabulary.definite_references.get(tokens[k].lower_) if k >= 0 else None
            if not classes or len(classes) != 1 or "Film" in classes or "Person" in classes:
                continue
            start = verb.i + 2 if verb.lower_ == "known" and verb.i + 1 < len(doc) else verb.i + 1
            if verb.lower_ == "known" and tokens[verb.i + 1].lower_ != "as":
                continue
            end = start
            while end < len(doc) and end - start < _MAX_TITLE_WORDS and _is_title_word(tokens[end]):
                end += 1
            if end > start:
                (cls,) = classes
                entry = self.gazetteer.get(doc[start:end].text)
                if entry is None or entry.cls == cls:
                    yield _Candidate(start, end, cls, entry.id if entry else "", _RANK_CUE)

    def _described_crafts(self, doc: Doc, tokens: list[Token]) -> Iterable[_Candidate]:
        """A capitalized name set beside a craft noun: "Odysseus, the robotic lander built by X",
        "the lander Odysseus" and "the Hope probe" name a spacecraft, here and (one sense per
        story) wherever the story names it again; "the capsule SpaceX built" names none."""
        for noun, start, end in _beside_nouns(doc, tokens):
            classes = self.craft_nouns.get(noun or "", frozenset())
            if start == end or len(classes) != 1 or not classes <= _CRAFT_CLASSES:
                continue
            (cls,) = classes
            entry = self.gazetteer.get(doc[start:end].text)
            if entry is None or entry.cls == cls:
                yield _Candidate(start, end, cls, entry.id if entry else "", _RANK_CUE)

    def _described_as_other_work(self, after: list[Token]) -> bool:
        # A description right after the title whose noun is not a film noun: "..., the book".
        words = [t for t in after if not t.is_punct]
        if not words or words[0].lower_ not in {"the", "a", "an"}:
            return False
        noun = next((t for t in words[1:] if t.pos_ == "NOUN"), None)
        return noun is not None and noun.lower_ not in self.vocabulary.film_cues

    def _ner(self, doc: Doc) -> Iterable[_Candidate]:
        roles = self.vocabulary.person_roles
        for ent in doc.ents:
            allowed, default = _NER_CLASSES.get(ent.label_, ((), None))
            inner = [t.i for t in ent[1:-1] if t.lower_ in roles]
            if ent.label_ == "PERSON" and inner:
                # "Amazn founder Jane Roe" read as one name: an organization, a role, a person.
                yield from self._typed(doc[ent.start : inner[0]], _NER_CLASSES["ORG"])
                yield from self._typed(doc[inner[0] + 1 : ent.end], _NER_CLASSES["PERSON"])
                continue
            if (
                ent.label_ in _EMPLOYER_LABELS
                and ent.end < len(doc)
                and doc[ent.end].lower_ in roles
            ):
                # A name right before a role noun is the employer: "Telsa founder", "NASA astronaut".
                allowed, default = _NER_CLASSES["ORG"]
            if ent.label_ == "WORK_OF_ART" and self._follows_film_cue(ent):
                default = "Film"
            for c in self._typed(ent, (allowed, default)):
                first = self.gazetteer.get(doc[c.start].text)
                if c.cls == "Person" and c.end - c.start > 1 and first and first.cls in _PLACES:
                    # "Jordan Noone", "Georgia Hale": a place name as a first name.
                    c = replace(c, rank=_RANK_GAZETTEER)
                yield c

    def _follows_film_cue(self, ent: Span) -> bool:
        before = ent.doc[max(0, ent.start - 3) : ent.start]
        return any(t.lower_ in self.vocabulary.film_cues for t in before)

    def _typed(
        self, ent: Span, classes: tuple[tuple[str, ...], str | None]
    ) -> Iterable[_Candidate]:
        allowed, default = classes
        span = _trimmed(ent, self.vocabulary.person_roles)
        if span is not None and not _GARBAGE.search(span.text) and not self._is_ignored(span):
            entry = self._lookup(span.text, allowed)
            if entry is not None:
                yield _Candidate(span.start, span.end, entry.cls, entry.id, _RANK_NER)
            elif default is not None:
                cls = _refined(span.text, default)
                yield _Candidate(span.start, span.end, cls, "", _RANK_NER)

    def _is_ignored(self, span: Span) -> bool:
        return span.text in self.gazetteer.ignored or (
            span[0].lower_ == "the" and span[1:].text in self.gazetteer.ignored
        )

    def _lookup(self, text: str, allowed: tuple[str, ...]) -> Entry | None:
        """The known entity a name denotes: exactly, or by close spelling within the classes
        NER allows; NER's class is not trusted for a multi-word name known exactly or nearly."""
        entry = self.gazetteer.get(text)
        # A multi-word name, or one in a dateline's capitals ("BENGALURU —").
        if entry is not None and (entry.cls in allowed or " " in text or is_shouted(text)):
            return entry
        entry = self.gazetteer.closest(text)
        if entry is not None and (entry.cls in allowed or (" " in text and " " in entry.label)):
            return entry
        return None

    def _role_persons(self, doc: Doc, tokens: list[Token]) -> Iterable[_Candidate]:
        """Capitalized names right after a person role noun ("actress Jane Roe") are people."""
        is_tagged = doc.has_annotation("TAG")
        for token in tokens[:-1]:
            roles = self.vocabulary.person_roles
            if token.lower_ not in roles and token.lemma_.lower() not in roles:
                continue
            end = token.i + 1
            while end < len(doc) and end - token.i <= 3 and _is_name_token(tokens[end], is_tagged):
                end += 1
            if end - token.i - 1 >= (1 if is_tagged else 2):
                yield _Candidate(token.i + 1, end, "Person", "", _RANK_ROLE_PERSON)

    def _subject_names(self, doc: Doc, tokens: list[Token]) -> Iterable[_Candidate]:
        """Two or three capitalized proper nouns that NER missed, as the subject of a clause that
        states a relation ("Ana Ruiz was named CEO of X"): a person, unless the gazetteer knows the
        name under a close spelling."""
        if not doc.has_annotation("DEP"):
            return
        for token in tokens:
            if token.dep_ not in {"nsubj", "nsubjpass"} or token.pos_ != "PROPN":
                continue
            if not self._states_relation(token.head):
                continue
            start = token.i
            while (
                start > 0
                and tokens[start - 1].dep_ == "compound"
                and tokens[start - 1].head == token
            ):
                start -= 1
            name = doc[start : token.i + 1]
            if 2 <= len(name) <= 3 and all(t.is_title and t.is_alpha for t in name):
                entry = self.gazetteer.closest(name.text)
                if entry is not None:
                    yield _Candidate(name.start, name.end, entry.cls, entry.id, _RANK_ROLE)
                elif not any(t.pos_ != "PROPN" for t in name):
                    yield _Candidate(name.start, name.end, "Person", "", _RANK_ROLE)

    def _states_relation(self, verb: Token) -> bool:
        """Whether a verb has a role-noun predicate or an argument of one of its relation frames."""
        frames = self.vocabulary.verbs.get(verb.lemma_.lower(), ())
        preps = {p for p, _ in frames}
        for child in verb.children:
            if child.dep_ in {"attr", "oprd"} and child.lower_ in self.vocabulary.person_roles:
                return True
            if (child.dep_ == "dobj" and "" in preps) or (
                child.dep_ == "prep" and child.lower_ in preps
            ):
                return True
        return False

    def _typos(
        self, doc: Doc, tokens: list[Token], chosen: list[_Candidate]
    ) -> Iterable[_Candidate]:
        """Misspelled surnames of the article's people and misspelled known names before a role noun."""
        taken = {i for c in chosen for i in range(c.start, c.end)}
        surnames = _name_parts(doc, chosen)
        for token in tokens:
            if token.i in taken or not token.text[:1].isupper() or token.is_stop:
                continue
            if token.is_title and (person := _closest_surname(token.text, surnames)) is not None:
                yield _Candidate(token.i, token.i + 1, "Person", person.kb_id, _RANK_ROLE)
            elif (
                token.i + 1 < len(doc)
                and tokens[token.i + 1].lower_ in self.vocabulary.person_roles
            ):
                entry = self._lookup(token.text, _NER_CLASSES["ORG"][0])
                if entry is not None:
                    yield _Candidate(token.i, token.i + 1, entry.cls, entry.id, _RANK_ROLE)


def _name_parts(doc: Doc, chosen: list[_Candidate]) -> dict[str, _Candidate]:
    """First and last words of the people's full names, to find them used alone: a surname
    before a first name, and the first person named before a namesake ("Nolan" of the director
    named before his brother)."""
    first_names: dict[str, _Candidate] = {}
    surnames: dict[str, _Candidate] = {}
    for c in chosen:
        if c.cls == "Person" and c.end - c.start > 1:
            first_names.setdefault(doc[c.start].text, c)
            surnames.setdefault(doc[c.end - 1].text, c)
    return first_names | surnames


def _retyped_name_parts(doc: Doc, chosen: list[_Candidate]) -> list[_Candidate]:
    """Retype one-word NER guesses that are a person's first or last name ("Zhai", "Wang"), or the
    last word of a craft's or flight's name ("Resilience" of "Crew Dragon Resilience")."""
    parts = _name_parts(doc, chosen)
    crafts = _craft_last_words(doc, chosen, _CRAFT_CLASSES)
    places = {doc[c.start : c.end].text: c.cls for c in chosen if c.cls in _PLACES}
    result = []
    for c in chosen:
        word = doc[c.start].text
        if c.rank == _RANK_NER and c.end - c.start == 1 and not c.kb_id:
            if c.cls != "Person" and word in parts:
                c = replace(c, cls="Person", kb_id=parts[word].kb_id)
            elif c.cls == "Person" and word in places and _after_locative(doc, c.start):
                c = replace(c, cls=places[word])  # "grew up in Coalwood ... in Coalwood itself"
            elif word in crafts and word not in parts and c.cls != crafts[word].cls:
                c = replace(c, cls=crafts[word].cls)
        elif (
            c.rank == _RANK_GAZETTEER
            and c.end - c.start == 1
            and c.cls in _PLACES
            and word in parts
            and doc[parts[word].end - 1].text == word
            and not _after_locative(doc, c.start)
        ):
            # "Korolev had overseen ..." after "Sergei Korolev": the man, not the town.
            c = replace(c, cls="Person", kb_id=parts[word].kb_id)
        result.append(c)
    return result


def _after_locative(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in _LOCATIVES


def _retyped_list_members(
    doc: Doc, chosen: list[_Candidate], roles: dict[str, tuple[str, ...]]
) -> list[_Candidate]:
    """Retype as people the unknown two- or three-word names NER called organizations or places
    that sit in a list of people ("A Roe, Ivan Orlov and C Poe"), member by member along the list."""
    retyped = _retyped_next_to_people(doc, chosen, roles)
    while retyped != chosen:
        chosen, retyped = retyped, _retyped_next_to_people(doc, retyped, roles)
    return retyped


def _retyped_next_to_people(
    doc: Doc, chosen: list[_Candidate], roles: dict[str, tuple[str, ...]]
) -> list[_Candidate]:
    """One pass of `_retyped_list_members`: the names listed right next to a person."""
    person_at = {i: c for c in chosen if c.cls == "Person" for i in (c.start, c.end - 1)}

    def is_listed_with_person(c: _Candidate) -> bool:
        before, after = c.start - 1, c.end
        if before >= 1 and doc[before].lower_ in {",", "and"}:
            k = before - 1 if doc[before - 1].text != "," else before - 2
            if k >= 0 and k in person_at and person_at[k].end == k + 1:
                return True
        if after + 1 < len(doc) and doc[after].lower_ in {",", "and"}:
            k = after + 1 if doc[after + 1].lower_ != "and" else after + 2
            return k in person_at and person_at[k].start == k
        return False

    return [
        replace(c, cls="Person")
        if c.rank == _RANK_NER
        and not c.kb_id
        and c.cls in {"Organization", "Place"}
        and 2 <= c.end - c.start <= 3
        and all(t.text[:1].isupper() and t.is_alpha for t in doc[c.start : c.end])
        and is_listed_with_person(c)
        and not (c.end < len(doc) and doc[c.end].lower_ in roles)  # "X chief executive Y"
        else c
        for c in chosen
    ]


def _craft_last_words(
    doc: Doc, chosen: list[_Candidate], classes: set[str]
) -> dict[str, _Candidate]:
    """The capitalized last words of the longer names of `classes` ("Resilience" of "Crew Dragon
    Resilience"), each with the first name it ends."""
    words: dict[str, _Candidate] = {}
    for c in chosen:
        if c.cls in classes and c.end - c.start > 1 and doc[c.end - 1].is_title:
            words.setdefault(doc[c.end - 1].text, c)
    return words


def _craft_short_names(tokens: list[Token], chosen: list[_Candidate]) -> Iterable[_Candidate]:
    """A craft's own name used alone where NER missed it ("Enterprise took off" after "VSS
    Enterprise"): the last word of a longer spacecraft or station name."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    names = _craft_last_words(tokens[0].doc, chosen, {"Spacecraft", "SpaceStation"})
    for token in tokens:
        craft = names.get(token.text)
        if (
            craft is not None
            and token.i not in taken
            and token.is_title
            and (token.pos_ == "PROPN" or token.is_sent_start)
            and len(token.text) >= _MIN_TYPO_LEN
        ):
            yield _Candidate(token.i, token.i + 1, craft.cls, craft.kb_id, _RANK_ROLE)


def _unnamed_list_members(
    doc: Doc, tokens: list[Token], chosen: list[_Candidate]
) -> Iterable[_Candidate]:
    """Two- or three-word proper names NER missed in a list of people ("Ana Roe, B Poe and C
    Doe"): the names right before or after a listed person."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    starts = {c.start for c in chosen if c.cls == "Person"}
    ends = {c.end for c in chosen if c.cls == "Person"}
    is_tagged = doc.has_annotation("TAG")
    i = 0
    while i < len(doc):
        end = i
        while (
            end < len(doc)
            and end not in taken
            and end - i < 3
            and tokens[end].is_alpha
            and _is_name_token(tokens[end], is_tagged)
        ):
            end += 1
        if end - i < 2 or (end < len(doc) and _is_name_token(tokens[end], is_tagged)):
            i = max(end, i + 1)
            continue
        after = end + 1 if end < len(doc) and tokens[end].lower_ in {",", "and"} else None
        if after is not None and after < len(doc) and tokens[after].lower_ == "and":
            after += 1
        for _ in range(2):  # "A Roe, investor B Poe"
            if after is not None and after < len(doc) and tokens[after].pos_ == "NOUN":
                after += 1 if tokens[after].is_lower else 0
        before = i - 1 if i > 0 and tokens[i - 1].lower_ in {",", "and"} else None
        if before is not None and before > 0 and tokens[before - 1].text == ",":
            before -= 1
        if (after is not None and after in starts) or (before is not None and before in ends):
            yield _Candidate(i, end, "Person", "", _RANK_ROLE)
        i = end


_COMPANY_NOUNS = {"firm", "company", "startup", "start-up", "manufacturer", "maker"}
_PLACES = {"Country", "Place"}
_CRAFT_CLASSES = {"Spacecraft", "Spaceflight", "SpaceStation", "LaunchVehicle"}
_LOCATIVES = {"in", "at", "near", "from", "to", "outside", "of", "into", "around", "across"}
# Verbs that give a noun its name: "the mission, called X", "a capsule named Y", "known as Z".
_GIVING_VERBS = {"call", "name", "dub", "designate", "know"}
_KIN_NOUNS = {"son", "daughter", "wife", "husband", "brother", "sister", "father", "mother"}
_GROUP_NOUNS = {"group", "band", "team", "nonprofit", "charity", "organization", "channel"}


def _is_base(doc: Doc, end: int) -> bool:
    """Whether a name ending at `end` is followed by "-based"."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "based"


def _noun_before_comma(doc: Doc, start: int) -> str | None:
    """The lemma of the noun right before ", <name>" ("his son, X" -> "son"), if any."""
    if start < 2 or doc[start - 1].text != "," or doc[start - 2].pos_ != "NOUN":
        return None
    return doc[start - 2].lemma_.lower()


def _words_before_comma(doc: Doc, start: int) -> str:
    """The lowercase noun phrase right before ", <name>" ("Russia's space agency, X" -> "space
    agency"), or ""."""
    if _noun_before_comma(doc, start) is None:
        return ""
    first = start - 2
    while first > 0 and doc[first - 1].pos_ in {"NOUN", "ADJ"} and doc[first - 1].is_lower:
        first -= 1
    return doc[first : start - 1].text


def _inside_longer(c: _Candidate, others: list[_Candidate]) -> bool:
    """Whether a candidate lies inside a longer one ("Research Hospital" in "St. Jude Children's
    Research Hospital")."""
    return any(
        o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start for o in others
    )


def _noun_after_comma(doc: Doc, end: int) -> str | None:
    """The lemma of the head noun of ", the/a/an <words> NOUN" right after a name, if any (not a
    modifier: "a rocket scientist" is a scientist)."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in {"a", "an", "the"}:
        return None
    for token in doc[end + 2 : min(len(doc), end + 7)]:
        if token.is_punct and token.text != "-":  # "a SpaceX-built capsule"
            return None
        if (
            token.pos_ == "NOUN"
            and token.dep_ != "compound"
            and (token.i + 1 == len(doc) or doc[token.i + 1].text != "-")
        ):
            return token.lemma_.lower()
    return None


def _described_as(
    doc: Doc,
    end: int,
    nouns: set[str],
    articles: frozenset[str] | set[str] = frozenset({"a", "an"}),
) -> bool:
    """Whether a name ending at `end` is followed by ", a/an <words> NOUN" or ", <Name>'s <words>
    NOUN" with NOUN in `nouns`; `articles` are the words allowed after the comma."""
    while end < len(doc) and doc[end].is_space:
        end += 1  # scraping leaves runs of white space after a name
    if end + 2 >= len(doc) or doc[end].text != ",":
        return False
    start = end + 1
    while start < len(doc) and doc[start].pos_ == "PROPN" and start - end <= _MAX_TITLE_WORDS:
        start += 1
    owned = start > end + 1 and start < len(doc) and doc[start].lower_ in _POSSESSIVES
    if owned:
        start += 1  # "X, South Africa's president", one person (not "Europe's astronauts")
    elif doc[end + 1].lower_ in articles:
        start = end + 2
    else:
        return False
    for token in doc[start : min(len(doc), start + _MAX_DESCRIPTION_WORDS)]:
        if token.is_punct and token.text != "-":  # "a co-founder" is three tokens
            return False
        if token.pos_ == "NOUN" and token.lemma_.lower() in nouns:
            return not owned or token.tag_ == "NN"
    return False


def _closest_surname(text: str, surnames: dict[str, _Candidate]) -> _Candidate | None:
    if text in surnames:
        return surnames[text]
    if len(text) < _MIN_TYPO_LEN:
        return None
    for surname, candidate in surnames.items():
        limit = len(surname) // _MIN_TYPO_LEN
        if surname[0] == text[0] and DamerauLevenshtein.distance(text, surname) <= limit:
            return candidate
    return None


def _is_title(span: Span) -> bool:
    """Capitalized words, with lowercase joiners inside: "Men of Honor", "Apollo 10½", "The
    Hitchhiker's Guide to the Galaxy", not "one heck of a ride"."""
    words = [t for t in span if not t.is_punct and t.lower_ not in _POSSESSIVES]
    return (
        0 < len(words) <= _MAX_QUOTED_TITLE_WORDS
        and _is_title_word(words[0])
        and all(
            _is_title_word(t) or t.text[:1].isdigit() or t.lower_ in _TITLE_JOINERS for t in words
        )
    )


def _title_mentions(
    doc: Doc, tokens: list[Token], titles: list[_Candidate]
) -> Iterable[_Candidate]:
    """Every other mention of a name found by a cue: "Gravity" named once after "the film" is the
    film wherever the story names it again, quoted or not (one sense per story); so is "Fram2"
    after "the mission, called". Unquoted, the name yields to the gazetteer: "the film "Mir""
    leaves "aboard Mir" the station."""
    names = {tuple(t.text for t in tokens[c.start : c.end]): c for c in titles}
    for words, c in names.items():
        size = len(words)
        for i in range(len(tokens) - size + 1):
            if (
                i != c.start
                and tuple(t.text for t in tokens[i : i + size]) == words
                and not _is_name_part(tokens, i - 1)
                and not _is_name_part(tokens, i + size)
            ):
                is_quoted = i > 0 and tokens[i - 1].is_quote
                rank = c.rank if is_quoted else min(c.rank, _RANK_CUE)
                yield _Candidate(i, i + size, c.cls, c.kb_id, rank)


def _is_name_part(tokens: list[Token], i: int) -> bool:
    # A capitalized name word next to a mention makes it part of a longer name ("Emily Dickinson").
    return 0 <= i < len(tokens) and tokens[i].pos_ == "PROPN" and _is_title_word(tokens[i])


def _beside_nouns(doc: Doc, tokens: list[Token]) -> Iterator[tuple[str | None, int, int]]:
    """Capitalized names with the noun set beside them, as (noun lemma, start, end): "X, the
    lander", "the lander X" (not "the capsule X built"), "the X probe", "NASA's X rover"."""
    for token in tokens:
        if token.text == "," and token.i > 0:
            yield _noun_after_comma(doc, token.i), _name_start(tokens, token.i), token.i
        elif token.pos_ == "NOUN" and _follows_article(tokens, token.i):
            end = token.i + 1
            while end - token.i <= _MAX_TITLE_WORDS and _is_name_part(tokens, end):
                end += 1
            if end == len(tokens) or (
                tokens[end].tag_ not in {"VBD", "VBZ", "VBP", "MD", "POS"}
                and tokens[end].text != "-"
            ):
                yield token.lemma_.lower(), token.i + 1, end
        if token.pos_ == "NOUN" and token.is_lower:
            start = _name_start(tokens, token.i)
            if 0 < start < token.i and tokens[start - 1].lower_ in _NAME_OWNERS:
                yield token.lemma_.lower(), start, token.i  # "the X probe", "NASA's X rover"


def _name_start(tokens: list[Token], end: int) -> int:
    """The first token of the capitalized name that ends right before token `end` (`end` if none)."""
    start = end
    while start > 0 and end - start < _MAX_TITLE_WORDS and _is_name_part(tokens, start - 1):
        start -= 1
    return start


def _follows_article(tokens: list[Token], i: int) -> bool:
    """Whether "the" opens the noun phrase a noun ends ("the lunar module", "the rover")."""
    while i > 0 and tokens[i - 1].pos_ in {"ADJ", "NOUN"} and tokens[i - 1].is_lower:
        i -= 1
    return i > 0 and tokens[i - 1].lower_ == "the"


def _is_name_token(token: Token, is_tagged: bool) -> bool:
    return bool(token.is_title and (not is_tagged or token.pos_ == "PROPN"))


def _is_title_word(token: Token) -> bool:
    return (token.is_title or token.is_upper or token.like_num) and not token.is_punct


def _trimmed(ent: Span, roles: dict[str, tuple[str, ...]]) -> Span | None:
    """Drop leading determiners or role nouns and trailing possessives, punctuation or white space
    from an NER span ("the NASA", "Filmmaker Jane Roe")."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].lower_ in roles
    ):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in _POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _refined(text: str, default: str) -> str:
    """Make a class more specific from the words of an unknown name ("... Space Agency")."""
    if default == "Organization":
        for cls, suffix in _ORG_SUFFIX.items():
            if suffix.search(text):
                return cls
    if default == "Place" and _SPACEPORT_WORDS.search(text):
        return "Spaceport"
    if default == "Place" and _INSTITUTION_WORDS.search(text):
        return "Organization"
    return default


def _non_overlapping(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """Keep the best-ranked, then longest, candidates that do not share a token; in text order."""
    taken = [False] * length
    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.rank, c.start - c.end, c.start)):
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = [True] * (c.end - c.start)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@Language.factory("kg_entities", default_config={"vocabulary": None})
def make_entity_typer(nlp: Language, name: str, vocabulary: str | None) -> EntityTyper:
    """Create the `kg_entities` component with the shipped gazetteer and the relation vocabulary in
    the file `vocabulary`, else the shipped one."""
    vocab = default_vocabulary() if vocabulary is None else read_vocabulary_file(Path(vocabulary))
    return EntityTyper(nlp, default_gazetteer(), vocab)
