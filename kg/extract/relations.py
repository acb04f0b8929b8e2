"""The `kg_relations` component: typed relations between entity spans read from role nouns and the parse."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.attribution import promote_reporters, reporter
from kg.extract.ontology import SIGNATURES, fits, is_a
from kg.extract.vocabulary import Vocabulary, default_vocabulary

# Confidence by kind of evidence (see DESIGN.md: strong pattern, dependency path, co-occurrence).
ROLE_CONFIDENCE = 0.9
PARSE_CONFIDENCE = 0.8
CUE_CONFIDENCE = 0.6
# A plan or possibility ("will fly", "is set to blast off") is weaker evidence than a past event.
HEDGED_CONFIDENCE = 0.5

_SUBJECTS = {"nsubj", "nsubjpass"}
_OBJECTS = {"dobj", "attr", "oprd"}
_RELATIVE = {"who", "that", "which", "whom"}
_POSSESSIVES = {"'s", "\u2019s"}
_DEFINITE = {"the", "its", "their", "this", "that", "his", "her"}
_ROLE_PREPS = {"of", "at", "for"}
_UNNAMED_RANGES = {"Film", "Spacecraft", "Spaceflight"}
_NAMING_VERBS = {"call", "title", "name", "dub", "entitle"}
_TIME_WORDS = {"former", "then", "current", "new", "late"}
_ROLE_WINDOW = 8
# A relation as stored on the Doc (msgpack-friendly for multiprocessing):
# (subject ent index, property, object ent index, confidence, sentence start char, end char,
#  reporting ent index or -1).
Relation = tuple[int, str, int, float, int, int, int]

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


class RelationReader:
    """Sets `doc._.kg_relations` from the typed `doc.ents` of `kg_entities` and the dependency parse."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("SENT_START"):
            # A pipeline without parser or sentencizer: read the whole text as one sentence.
            for token in doc:
                token.is_sent_start = token.i == 0
        promote_reporters(doc, self.vocabulary)
        ents = list(doc.ents)
        ent_of = {i: n for n, ent in enumerate(ents) for i in range(ent.start, ent.end)}
        films = {ent.text for ent in ents if ent.label_ == "Film"}
        only_film = next(iter(films)) if len(films) == 1 else None
        found: list[Relation] = []
        is_parsed = doc.has_annotation("DEP")
        for sent in doc.sents:
            sent_ents = [n for n in range(len(ents)) if sent.start <= ents[n].start < sent.end]
            if not sent_ents:
                continue
            triples = list(self._roles(doc, ents, ent_of, sent_ents, only_film))
            triples += _based(doc, ent_of, sent)
            triples += _places_within(doc, ents, ent_of, sent_ents)
            triples += self._possessives(doc, ents, ent_of, sent_ents)
            if is_parsed:
                args = {**ent_of, **self._definite_references(sent, ents, ent_of)}
                triples += self._verbs(ents, args, sent)
                triples += self._role_clauses(doc, ents, args, sent)
            if not triples:
                continue
            by = reporter(sent, self.vocabulary)
            by_index = ent_of.get(by.start, -1) if by is not None else -1
            for s, prop, o, conf in triples:
                if s != o and fits(prop, ents[s].label_, ents[o].label_):
                    found.append((s, prop, o, conf, sent.start_char, sent.end_char, by_index))
        doc._.kg_relations = found
        return doc

    def _roles(
        self,
        doc: Doc,
        ents: list[Span],
        ent_of: dict[int, int],
        sent_ents: list[int],
        only_film: str | None,
    ) -> Iterator[tuple[int, str, int, float]]:
        """Role nouns next to a person: "Amazon founder X", "head of ... Roscosmos X", "X, CEO of Y"."""
        roles = self.vocabulary.person_roles
        for p in sent_ents:
            person = ents[p]
            if person.label_ != "Person":
                continue
            for role, org in (
                *_roles_before(doc, person, ent_of, roles),
                *_roles_after(doc, person, ent_of, roles),
            ):
                props = roles[role]
                if org is not None:
                    yield from _first_fitting(p, props, org, ents, ROLE_CONFIDENCE)
                    continue
                target = self._unnamed_object(props, person, ents, sent_ents, only_film)
                if target is not None:
                    yield from _first_fitting(p, props, target[0], ents, target[1])

    def _unnamed_object(
        self,
        props: tuple[str, ...],
        person: Span,
        ents: list[Span],
        sent_ents: list[int],
        only_film: str | None,
    ) -> tuple[int, float] | None:
        """The object of a role with no named organization: the film or craft of the sentence
        (never an organization: "director X ..., Reuters reported" is no fact about Reuters).

        With no film in the sentence, a film-role subject ("Actress X ... will fly") is taken to
        work on the article's only film, with the confidence of a co-occurrence.
        """
        names = {spec.partition(":")[0] for spec in props}
        ranges = {c for prop in names for c in SIGNATURES[prop][1]} & _UNNAMED_RANGES
        near = [n for n in sent_ents if ents[n].label_ in ranges]
        if near:
            return min(near, key=lambda n: abs(ents[n].start - person.start)), PARSE_CONFIDENCE
        if only_film is None or not self.vocabulary.film_roles.intersection(names):
            return None
        if not _is_subject(person.root):
            return None
        films = [n for n, ent in enumerate(ents) if ent.label_ == "Film" and ent.text == only_film]
        return (films[0], CUE_CONFIDENCE) if films else None

    def _possessives(
        self, doc: Doc, ents: list[Span], ent_of: dict[int, int], sent_ents: list[int]
    ) -> Iterator[tuple[int, str, int, float]]:
        """Owned things: "NASA's Kennedy Space Center" (operates), "SpaceX's Falcon 9" (builds),
        "the Netflix documentary X" (produces)."""
        cues = self.vocabulary.film_cues
        for n in sent_ents:
            owner = ents[n]
            k = owner.end
            if k < len(doc) and doc[k].lower_ in _POSSESSIVES:
                k += 1
            cue = k
            while (
                cue < min(len(doc), k + 3)
                and cue not in ent_of
                and (doc[cue].lower_ in cues or (cue > k and doc[cue].is_quote))
            ):
                cue += 1
            thing = ent_of.get(cue)
            if thing is None or (cue == owner.end):
                continue
            if cue > k and ents[thing].label_ == "Film":
                yield n, "produces", thing, CUE_CONFIDENCE
            elif cue == k and (prop := self._owned(owner, ents[thing])) is not None:
                yield n, prop, thing, CUE_CONFIDENCE

    def _owned(self, owner: Span, thing: Span) -> str | None:
        if owner.end == thing.start:  # no possessive: "SpaceX Falcon 9" is one name, not ownership
            return None
        return self.vocabulary.possessive.get((owner.label_, thing.label_))

    def _role_clauses(
        self, doc: Doc, ents: list[Span], ent_of: dict[int, int], sent: Span
    ) -> Iterator[tuple[int, str, int, float]]:
        """Role nouns as predicates: "X is the head of Y", "X was named CEO of Y", "X, Y's chief"."""
        roles = self.vocabulary.person_roles
        for token in sent:
            if token.dep_ not in {"attr", "oprd", "appos"}:
                continue
            role, _ = _role_ending_at(doc, token.i, roles)
            if role is None:
                continue
            people = [token.head] if token.dep_ == "appos" else _subject_tokens(token.head)
            objects = [
                t
                for c in token.children
                for t in (_pobjs(c) if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS else [c])
                if c.dep_ in {"prep", "poss", "compound"}
            ]
            for p in _ents_of(people, ent_of):
                for o in _ents_of(objects, ent_of):
                    yield from _first_fitting(p, roles[role], o, ents, PARSE_CONFIDENCE)

    def _definite_references(
        self, sent: Span, ents: list[Span], ent_of: dict[int, int]
    ) -> dict[int, int]:
        """Nouns like "the station" or "its capsule" mapped to the entity of their class most
        mentioned before them."""
        refs = {}
        for token in sent:
            classes = self.vocabulary.definite_references.get(token.lower_)
            if classes is None or token.i in ent_of:
                continue
            if not any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children):
                continue
            before = [
                n for n, ent in enumerate(ents) if ent.end <= token.i and ent.label_ in classes
            ]
            if before:
                # The most mentioned such entity so far, the latest on a tie.
                counts = Counter(ents[n].kb_id_ or ents[n].text for n in before)
                refs[token.i] = max(
                    before, key=lambda n: (counts[ents[n].kb_id_ or ents[n].text], n)
                )
        return refs

    def _is_hedged(self, verb: Token) -> bool:
        """Whether a verb states a plan or possibility ("will fly", "is set to launch")."""
        hedges = self.vocabulary.hedges
        for _ in range(3):
            if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in hedges for c in verb.children):
                return True
            if verb.dep_ != "xcomp":
                return False
            verb = verb.head
            if verb.lemma_.lower() in hedges:
                return True
        return False

    def _verbs(
        self, ents: list[Span], ent_of: dict[int, int], sent: Span
    ) -> Iterator[tuple[int, str, int, float]]:
        """Subject-verb-object and verb-preposition paths: "X founded Y", "Y was commanded by X"."""
        for verb in sent:
            frames = self.vocabulary.verbs.get(verb.lemma_.lower())
            if frames is None or verb.pos_ not in {"VERB", "AUX"}:
                continue
            is_passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
                verb.tag_ == "VBN" and verb.dep_ == "acl"
            )
            subjects = _subject_tokens(verb)
            agents = [t for c in verb.children if c.dep_ == "agent" for t in _pobjs(c)]
            partners = [
                t
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in self.vocabulary.co_agent_preps
                for t in _pobjs(c)
            ]
            confidence = HEDGED_CONFIDENCE if self._is_hedged(verb) else PARSE_CONFIDENCE
            crew = _crew_list(verb, sent, ents, ent_of)
            for prep, prop in frames:
                if prep == "":
                    if is_passive:
                        doers, things = agents, subjects
                    else:
                        doers = subjects
                        things = [
                            t for c in verb.children if c.dep_ in _OBJECTS for t in _conjuncts(c)
                        ]
                else:
                    doers, things = subjects, [t for c in _preps(verb, prep) for t in _pobjs(c)]
                if prop in {"flewOn", "destination"}:
                    doers = [*doers, *partners]
                doer_ents = _with_coordinated(_ents_of(doers, ent_of), ents, ent_of)
                if prop == "flewOn" and not doer_ents:
                    doer_ents = crew
                for s in doer_ents:
                    for o in _ents_of(things, ent_of):
                        if not fits(prop, ents[s].label_, ents[o].label_):
                            s, o = o, s  # the parser swapped the roles ("The series stars X")
                        yield s, prop, o, confidence
                if prop == "flewOn" and prep:
                    # "X flew on craft from Y": the craft launched from Y.
                    origins = _ents_of((t for c in _preps(verb, "from") for t in _pobjs(c)), ent_of)
                    for craft in _ents_of(things, ent_of):
                        for origin in origins:
                            yield craft, "launchedFrom", origin, CUE_CONFIDENCE


def _crew_list(verb: Token, sent: Span, ents: list[Span], ent_of: dict[int, int]) -> list[int]:
    """People listed after a colon that follows the verb: "Six people flew aboard X: A, B and C"."""
    colon = next((t.i for t in sent if t.i > verb.i and t.text == ":"), None)
    if colon is None:
        return []
    found = [ent_of[t.i] for t in sent if t.i > colon and t.i in ent_of]
    return [n for n in dict.fromkeys(found) if ents[n].label_ == "Person"]


def _roles_before(
    doc: Doc, person: Span, ent_of: dict[int, int], roles: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, int | None]]:
    """Roles written before a name: "Tesla founder X", "NASA's chief X", "head of the ... Y X"."""
    start = person.sent.start
    role, role_start = _role_ending_at(doc, person.start - 1, roles)
    if role is not None:
        k = role_start - 1
        while (
            k >= start
            and k not in ent_of
            and (
                doc[k].pos_ == "ADJ"
                or doc[k].lower_ in _POSSESSIVES
                or doc[k].lower_ in _TIME_WORDS
            )
        ):
            k -= 1
        yield role, ent_of.get(k) if k >= start else None
        return
    org = ent_of.get(person.start - 1)
    if org is None:
        return
    k = person.start - 2
    while k >= max(start, person.start - _ROLE_WINDOW) and doc[k].pos_ not in {"VERB", "AUX"}:
        if doc[k].lower_ == "of":
            role, _ = _role_ending_at(doc, k - 1, roles)
            if role is not None:
                yield role, org
            return
        k -= 1


def _roles_after(
    doc: Doc, person: Span, ent_of: dict[int, int], roles: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, int | None]]:
    """Roles in an apposition after a name: "X, the CEO of Y," / "X, Y's founder," / "X, Y chief"."""
    end = person.end
    if end >= person.sent.end or doc[end].text != ",":
        return
    stop = min(person.sent.end, end + 1 + _ROLE_WINDOW)
    for k in range(end + 1, stop):
        token = doc[k]
        if token.text in {",", ";", "."} or token.pos_ in {"VERB", "AUX"}:
            return
        role, role_start = _role_ending_at(doc, k, roles)
        if role is None or _role_ending_at(doc, k + 1, roles)[1] <= k:
            continue  # a longer role goes on: "director" in "director general"
        before = role_start - 1
        if before > end and doc[before].lower_ in _POSSESSIVES:
            before -= 1
        if before > end and before in ent_of:
            yield role, ent_of[before]
            return
        for j in range(k + 1, stop):
            if doc[j].text in {",", ";", "."}:
                break
            if j in ent_of and doc[j - 1].lower_ not in _POSSESSIVES:
                if doc[k + 1].lower_ in {"of", "at", "for"}:
                    yield role, ent_of[j]
                    return
                break
        yield role, None
        return


def _based(doc: Doc, ent_of: dict[int, int], sent: Span) -> Iterator[tuple[int, str, int, float]]:
    """Place-based organizations: "the California-based SpaceX" -> SpaceX locatedIn California."""
    for token in sent[2:-1]:
        if token.lower_ != "based" or doc[token.i - 1].text not in {"-", "\u2013"}:
            continue
        place, org = ent_of.get(token.i - 2), ent_of.get(token.i + 1)
        if place is not None and org is not None:
            yield org, "locatedIn", place, ROLE_CONFIDENCE


def _places_within(
    doc: Doc, ents: list[Span], ent_of: dict[int, int], sent_ents: list[int]
) -> Iterator[tuple[int, str, int, float]]:
    """ "Van Horn, Texas" (a place and its region, not a list) and "the X Museum in Beijing"."""
    for n in sent_ents:
        inner = ents[n]
        k = inner.end
        if k + 1 >= len(doc) or k + 1 not in ent_of or doc[k].text not in {",", "in"}:
            continue
        outer = ent_of[k + 1]
        if ents[outer].start != k + 1 or not is_a(ents[outer].label_, "Place"):
            continue
        end = ents[outer].end
        is_list = end < len(doc) and (
            doc[end].lower_ in {"and", "or"} or (doc[end].text == "," and end + 1 in ent_of)
        )
        if doc[k].text == "," and inner.label_ == "Place" and not is_list:
            yield n, "locatedIn", outer, ROLE_CONFIDENCE
        elif doc[k].text == "in" and not is_a(inner.label_, "Country"):
            yield n, "locatedIn", outer, CUE_CONFIDENCE


def _role_ending_at(doc: Doc, i: int, roles: dict[str, tuple[str, ...]]) -> tuple[str | None, int]:
    """Return the role noun (one to three words) that ends at token `i`, and its first token."""
    for width in (3, 2, 1):
        start = i - width + 1
        if start < 0 or i >= len(doc):
            continue
        words = " ".join(t.lower_ for t in doc[start:i])
        for last in (doc[i].lower_, doc[i].lemma_.lower()):
            key = f"{words} {last}" if words else last
            if key in roles:
                return key, start
    return None, i


def _first_fitting(
    subject: int, props: tuple[str, ...], obj: int, ents: list[Span], confidence: float
) -> Iterator[tuple[int, str, int, float]]:
    """The first property of a role that fits the pair; "heads:Country" fits countries only."""
    for spec in props:
        prop, _, only = spec.partition(":")
        if (not only or is_a(ents[obj].label_, only)) and fits(
            prop, ents[subject].label_, ents[obj].label_
        ):
            yield subject, prop, obj, confidence
            return


def _is_subject(token: Token) -> bool:
    while token.dep_ in {"conj", "appos", "compound"} and token.head is not token:
        token = token.head
    return token.dep_ in _SUBJECTS


def _conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _subject_tokens(verb: Token) -> list[Token]:
    """Grammatical subjects of a verb, inherited through xcomp/conj/relative clauses."""
    for _ in range(3):
        found = [t for c in verb.children if c.dep_ in _SUBJECTS for t in _conjuncts(c)]
        if found and not all(t.lower_ in _RELATIVE for t in found):
            return found
        if verb.dep_ in {"relcl", "acl"} or found:
            return _conjuncts(verb.head)
        if verb.dep_ not in {"xcomp", "conj", "advcl", "ccomp"} or verb.head is verb:
            return []
        verb = verb.head
    return []


def _preps(verb: Token, word: str) -> Iterator[Token]:
    """Prepositions `word` on the verb, or on the verb's own prepositional objects (misattachment)."""
    for c in verb.children:
        if c.dep_ in {"prep", "dative"} and c.lower_ == word:
            yield c
        if c.dep_ in {"prep", "prt", "advmod"}:
            for p in c.subtree:
                if (
                    p.dep_ == "prep"
                    and p.lower_ == word
                    and p is not c
                    and p.head.pos_ in {"NOUN", "PROPN"}
                ):
                    yield p


def _pobjs(prep: Token) -> list[Token]:
    """Objects of a preposition; when the parser found none, the noun right after it."""
    found = [t for c in prep.children if c.dep_ == "pobj" for t in _conjuncts(c)]
    if found or prep.i + 1 >= len(prep.doc):
        return found
    after = prep.doc[prep.i + 1]
    if after.pos_ == "DET" and after.i + 1 < len(prep.doc):
        after = prep.doc[after.i + 1]
    return [after] if after.pos_ in {"PROPN", "NOUN"} else []


def _ents_of(tokens: Iterable[Token], ent_of: dict[int, int]) -> list[int]:
    """Entities named by noun-phrase heads: the head, its modifiers ("a Soyuz spacecraft") or the
    name it is given ("a film titled X", "the capsule, Y")."""
    found: list[int] = []
    for token in tokens:
        if token.i in ent_of:
            found.append(ent_of[token.i])
            continue
        if token.dep_ == "appos" and token.head.i in ent_of:
            # "VSS Unity, a spaceplane built by X": the spaceplane is VSS Unity.
            found.append(ent_of[token.head.i])
        named = [c for c in token.rights if c.dep_ == "appos" or c.lemma_ in _NAMING_VERBS]
        for child in (*token.lefts, *named):
            found.extend(ent_of[t.i] for t in child.subtree if t.i in ent_of)
    return list(dict.fromkeys(found))


def _with_coordinated(found: list[int], ents: list[Span], ent_of: dict[int, int]) -> list[int]:
    """Add the people coordinated before a person on the surface ("A and cosmonaut B flew"), which
    the parser often misses."""
    result = list(found)
    for n in found:
        ent = ents[n]
        while ent.label_ == "Person":
            k = ent.start - 1
            while k > ent.sent.start and (k in ent_of or ent.doc[k].pos_ in {"NOUN", "ADJ"}):
                if k in ent_of and ents[ent_of[k]].label_ == "Person":
                    break
                k -= 1
            if k <= ent.sent.start or ent.doc[k].lower_ not in {"and", ","}:
                break
            k -= 1
            while k >= ent.sent.start and k not in ent_of and ent.doc[k].pos_ in {"NOUN", "ADJ"}:
                k -= 1
            if k not in ent_of or ents[ent_of[k]].label_ != "Person":
                break
            result.append(ent_of[k])
            ent = ents[ent_of[k]]
    return list(dict.fromkeys(result))


@Language.factory("kg_relations", default_config={})
def make_relation_reader(nlp: Language, name: str) -> RelationReader:
    """Create the `kg_relations` component with the shipped relation vocabulary."""
    return RelationReader(default_vocabulary())
