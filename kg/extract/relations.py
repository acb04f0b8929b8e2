"""The `kg_relations` component: typed relations between entity spans read from role nouns and the parse."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.attribution import promote_reporters, reporter
from kg.extract.ontology import fits, is_a
from kg.extract.vocabulary import Signatures, Vocabulary, default_vocabulary, read_vocabulary_file

# Confidence by kind of evidence (the table is in README.md, "Quality"): a role noun next to a name,
# a dependency path from a relation verb, a cue or co-occurrence.
ROLE_CONFIDENCE = 0.9
PARSE_CONFIDENCE = 0.8
CUE_CONFIDENCE = 0.6
# A plan or possibility ("will fly", "is set to blast off") is kept as a planned fact, at this cap.
HEDGED_CONFIDENCE = 0.5
# An argument found through a pronoun or role noun ("she", "the company") costs this much.
COREFERENCE_PENALTY = 0.1
# Arguments this many tokens apart or more cost DISTANCE_PENALTY.
FAR_TOKENS = 15
DISTANCE_PENALTY = 0.05

_SUBJECTS = {"nsubj", "nsubjpass"}
_CREDIT_PREPS = {"in", "on", "for", "of"}
# Nouns between a person and a film credited in passing: "won an Oscar for her role in X".
_CREDIT_NOUNS = {
    "role",
    "part",
    "performance",
    "turn",
    "award",
    "oscar",
    "nomination",
    "credit",
    "fame",
    "veteran",
    "season",
    "star",
    "lead",
    "work",
    "emmy",
    "globe",
    "franchise",
}
_MAX_CREDIT_STEPS = 8
_ABOARD = {"aboard", "onboard"}
_MAX_OF_WORDS = 6
_MAX_ROLE_WORDS = 3  # "NASA flight engineer A"  # "A, of the Russian space agency X"
_OBJECTS = {"dobj", "attr", "oprd"}
_RELATIVE = {"who", "that", "which", "whom"}
_POSSESSIVES = {"'s", "\u2019s"}
_DEFINITE = {"the", "its", "their", "this", "that", "his", "her"}
# Nouns that describe a company in a clause naming its founders.
_FOUNDED_NOUNS = {"company", "firm", "studio", "startup", "outfit", "label", "venture"}
# Nouns of a part in a film: "her role in X", "turn up in smaller parts".
_PART_NOUNS = {"role", "part", "cameo"}
_FLYING = {"Person", "Spacecraft", "Spaceflight"}
_VEHICLES = {"Spacecraft", "Spaceflight"}
# Properties a crew takes as a group: "The four rode in X", "the crew entered Y".
_MOVES = {"flewOn", "destination"}
# Past forms the tagger sometimes reads as nouns, with their verbs.
_IRREGULAR_PAST = {"rode": "ride", "flew": "fly", "rose": "rise", "flown": "fly", "ridden": "ride"}
_FLIGHT_NOUNS = {"flight", "spaceflight", "trip", "ride", "journey", "mission", "hop"}
_CLAUSE_GLUE = {"and", ",", "the", "that", "which", "he", "she", "they"}
_ROLE_PREPS = {"of", "at", "for", "in", "with"}
_UNNAMED_RANGES = {"Film", "Spacecraft", "Spaceflight"}
_NAMING_VERBS = {"call", "title", "name", "dub", "entitle", "know", "designate"}
_TIME_WORDS = {"former", "then", "current", "new", "late", "ex"}
_ENDED_WORDS = {"former", "ex", "onetime", "one-time", "erstwhile", "retired"}
_MAX_ROLE_MODIFIERS = 5  # "a retired U.S. Air Force colonel"
_ROLE_WINDOW = 8
# Clauses whose subject is implied by the sentence ("a film starring X", "Starring X, the film").
_CLAUSES = {"acl", "advcl", "csubj", "pcomp", "conj"}
# How many sentences back a companion's crew member may be said to fly ("X commands Y. ...").
_COMPANION_SENTENCES = 2
# A crew noun's verb that lists its members: "The crew was / included / is made up of A and B".
_CREW_VERBS = {"be", "include", "comprise", "make", "consist"}
# How far back a definite crew noun looks for its flight ("The X mission lifted off. Its crew").
_NEAR_TOKENS = 100
# "In the cabin were A and B", "Aboard the capsule were C and D".
_ABOARD_PREPS = {"in", "aboard", "on", "inside"}
# Words that may describe a listed person: "the company's chief instructor", "an engineer with X".
_ITEM_WORDS = {"NOUN", "ADJ", "DET", "ADP", "PART", "NUM", "SPACE"}
_CABIN_NOUNS = {"cabin", "capsule", "spacecraft", "spaceplane", "ship", "vehicle", "cockpit"}
# Roles a person holds, which may be over.
_ROLE_PROPERTIES = {"heads", "worksFor"}
# Nouns naming an organization itself: "the space agency's chief" heads it.
_ORG_NOUNS = {
    "agency",
    "company",
    "firm",
    "corporation",
    "studio",
    "network",
    "startup",
    "group",
    "organization",
    "administration",
    "government",
    "space",
    "giant",
    "maker",
    "operator",
}
# Words that rank a top role rather than narrow it: "the 13th administrator", "its first CEO".
_RANK_WORDS = {"first", "next", "last", "sole", "only", "top", "permanent", "interim", "acting"}
_RELATIVES = {
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "parent",
    "child",
    "grandfather",
    "grandmother",
    "uncle",
    "aunt",
    "friend",
    "partner",
    "widow",
}
_VEHICLE_NOUNS = {"rocket", "booster", "launcher", "launch vehicle"}
# A relation as stored on the Doc (msgpack-friendly for multiprocessing):
# (subject ent index, property, object ent index, confidence, sentence start char, end char,
#  reporting ent index or -1, modality "asserted"/"planned", whether the text says it is over).
Relation = tuple[int, str, int, float, int, int, int, str, bool]
Triple = tuple[int, str, int, float]

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


class RelationReader:
    """Sets `doc._.kg_relations` from the typed `doc.ents` of `kg_entities` and the dependency parse."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.signatures = vocabulary.signatures
        self._notes: dict[tuple[int, str, int], set[str]] = {}
        # Gendered nouns beside a name ("actress A"); pronouns give no gender to a name.
        self._gender_nouns = {
            w: g for w, g in vocabulary.genders.items() if w not in vocabulary.pronouns
        }

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
        companions: list[tuple[int, int, Span, str]] = []
        credits: list[tuple[int, int, Span, str]] = []
        is_parsed = doc.has_annotation("DEP")
        signatures = self.vocabulary.signatures
        doc_tokens = list(doc)  # spaCy makes a new Token object on every index or iteration
        genders = _genders(ents, self._gender_nouns)
        self._crew_moves: list[tuple[int, str, int, Span, str]] = []
        topic: int | None = None  # the person the previous sentence is about (its subject)
        for sent in doc.sents:
            tokens = doc_tokens[sent.start : sent.end]
            quoted = _quoted(tokens)
            refs = self._references(sent, tokens, ents, ent_of, genders, topic) if is_parsed else {}
            topic = _subject_person(sent, ents, {**ent_of, **refs})
            sent_ents = [n for n in range(len(ents)) if sent.start <= ents[n].start < sent.end]
            if not sent_ents and not refs:
                continue
            self._notes = {}
            triples = list(self._roles(doc, ents, {**ent_of, **refs}, sent_ents, only_film))
            triples += _based(doc, {**ent_of, **refs}, tokens)
            triples += _affiliations(ents, ent_of, tokens)
            triples += _described_places(ents, ent_of, sent_ents)
            triples += _places_within(doc, ents, ent_of, sent_ents)
            triples += self._possessives(doc, ents, ent_of, sent_ents)
            triples += self._owners_beside(ents, {**ent_of, **refs}, tokens)
            if is_parsed:
                args = {**ent_of, **refs}
                triples += self._verbs(ents, args, sent, tokens, quoted)
                triples += self._role_clauses(doc, ents, args, sent, tokens, quoted)
                triples += self._as_roles(ents, args, sent, tokens, quoted)
                triples += self._cast(ents, args, sent, tokens, quoted)
                triples += self._crews(ents, args, sent, tokens, quoted)
                triples += self._aboard(ents, args, sent, tokens, quoted)
                triples += self._flights_aboard(ents, args, sent, tokens, quoted)
                triples += self._with_aboard(ents, args, tokens, quoted)
                triples += self._departures(ents, args, tokens, quoted)
                triples += self._built_by_prefix(ents, args, sent, tokens, quoted)
                triples += self._company_clauses(ents, args, tokens, quoted)
                triples += self._parts(ents, args, tokens, quoted)
                companions += self._companions(ents, args, sent, tokens, quoted)
                credits += self._credits(ents, args, sent, quoted)
            if not triples:
                continue
            by = reporter(sent, [ents[n] for n in sent_ents], self.vocabulary)
            by_index = ent_of.get(by.start, -1) if by is not None else -1
            best: dict[tuple[int, str, int], tuple[float, str, bool]] = {}
            for s, prop, o, conf in triples:
                if s == o or not fits(prop, ents[s].label_, ents[o].label_, signatures):
                    continue
                notes = self._notes.get((s, prop, o), set())
                if "negated" in notes and "asserted" not in notes:
                    continue
                is_planned = "planned" in notes and "asserted" not in notes
                if not (sent.start <= ents[s].start < sent.end) or not (
                    sent.start <= ents[o].start < sent.end
                ):
                    conf -= COREFERENCE_PENALTY
                elif abs(ents[s].start - ents[o].start) >= FAR_TOKENS:
                    conf -= DISTANCE_PENALTY
                if is_planned:
                    conf = min(conf, HEDGED_CONFIDENCE)
                modality = "planned" if is_planned else "asserted"
                key = (s, prop, o)
                old = best.get(key)
                if (
                    old is None
                    or (old[1] == "planned" and modality == "asserted")
                    or (old[1] == modality and old[0] < conf)
                ):
                    best[key] = (round(conf, 2), modality, "ended" in notes)
            for (s, prop, o), (conf, modality, is_ended) in best.items():
                found.append(
                    (s, prop, o, conf, sent.start_char, sent.end_char, by_index, modality, is_ended)
                )
        found += _companions_flights(companions, found, ents, doc)
        found += _crew_flights(self._crew_moves, found, ents)
        found += _filmography(credits, found, ents)
        doc._.kg_relations = found
        return doc

    def _credits(
        self, ents: list[Span], ent_of: dict[int, int], sent: Span, quoted: set[int]
    ) -> Iterator[tuple[int, int, Span, str]]:
        """Films a person is credited with in passing, by the clause a title sits in: "A, who won
        an Oscar for her role in X", "B rose to fame in the Y films", "C, whose credits included
        Z", "D, a veteran of W": (person, film, sentence, modality) for `_filmography`."""
        for n, ent in enumerate(ents):
            if ent.label_ != "Film" or not sent.start <= ent.start < sent.end:
                continue
            token = self._credit_clause(ent.root)
            if token is None or token.i in quoted:
                continue
            if token.pos_ in {"VERB", "AUX"}:
                if self._is_negated(token):
                    continue
                holder = _credited(token)
                modality = "planned" if self._is_hedged(token) else "asserted"
            else:
                holder, modality = token.head, "asserted"  # "A, a veteran of X"
            for person in _ents_of([holder], ent_of) if holder is not None else ():
                if ents[person].label_ == "Person":
                    yield person, n, sent, modality

    def _credit_clause(self, title: Token) -> Token | None:
        """The verb, or the noun set beside a person, that a film title hangs on through credit
        words only ("won an award for her role in X", "a veteran of the X films"), else None."""
        token, is_title = title, True
        while token.dep_ == "conj" and token.head is not token:
            token = token.head  # "for X and Y"
        for _ in range(_MAX_CREDIT_STEPS):
            dep, head = token.dep_, token.head
            if dep in {"compound", "nmod"} and is_title:
                step = head  # "the X films"
            elif dep == "pobj" and head.lower_ in _CREDIT_PREPS:
                step = head.head
            elif dep in {"dobj", "attr"} and (
                not is_title
                or any(
                    c.dep_ in _SUBJECTS and c.lemma_.lower() in _CREDIT_NOUNS for c in head.children
                )
            ):
                step = head  # "won an award", "whose credits included X"
            else:
                return None
            if step.pos_ in {"VERB", "AUX"}:
                return step
            word = step.lemma_.lower()
            if word not in _CREDIT_NOUNS and step.lower_ not in self.vocabulary.film_cues:
                return None
            if step.dep_ == "appos":
                return step
            token, is_title = step, False
        return None

    def _companions(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[tuple[int, int, Span, str]]:
        """People set beside a crew member ("Flying with him are A and B", "She is joined by
        pilot C and by D"): (companion, crew member, sentence, modality)."""
        for verb in tokens:
            if verb.lemma_.lower() not in self.vocabulary.companion_verbs or verb.i in quoted:
                continue
            subjects = _subject_tokens(verb)
            anchors = [
                t
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in self.vocabulary.co_agent_preps
                for t in _pobjs(c)
            ]
            if any(t.i < verb.i for t in subjects):
                if not any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
                    continue  # "A flew with B": the verb frame reads it
                anchors = subjects  # "She is joined by C"
            elif not anchors:
                continue
            crew = [n for n in _ents_of(anchors, ent_of) if ents[n].label_ == "Person"]
            if not crew:
                continue
            modality = "planned" if self._is_hedged(verb) else "asserted"
            for k in range(verb.i + 1, sent.end):
                n = ent_of.get(k)
                if n is None or n in crew or ents[n].label_ != "Person" or k != ents[n].start:
                    continue
                root = ents[n].root
                if root.dep_ in {"poss", "compound"} or (
                    root.dep_ == "pobj" and root.head.lower_ != "by"
                ):
                    continue  # "the wife of X", "X's company": not aboard
                for member in crew:
                    yield n, member, sent, modality

    def _noted(self, triple: Triple, verb: Token | None) -> Triple:
        """Note what `verb` says of the fact (negated, planned, ended: see _note_verb); return it."""
        self._note_verb(triple, verb)
        return triple

    def _note(self, key: tuple[int, str, int], note: str) -> None:
        self._notes.setdefault(key, set()).add(note)

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
            for role, org, is_former in (
                *_roles_before(doc, person, ents, ent_of, roles),
                *_shared_roles(doc, person, ents, ent_of, roles),
                *(
                    (role, org, False)
                    for role, org in _roles_after(doc, person, ents, ent_of, roles)
                ),
                *((role, org, False) for role, org in _copular_roles(person, ent_of, roles)),
            ):
                props = roles[role]
                if _heads_division_near(doc, person, role):
                    props = _below_head(props)
                if org is not None:
                    found = _first_fitting(p, props, org, ents, ROLE_CONFIDENCE, self.signatures)
                else:
                    target = self._unnamed_object(props, person, ents, sent_ents, only_film)
                    if target is None:
                        continue
                    found = _first_fitting(p, props, target[0], ents, target[1], self.signatures)
                for triple in found:
                    self._note((triple[0], triple[1], triple[2]), "asserted")
                    if is_former:
                        self._note((triple[0], triple[1], triple[2]), "ended")
                    yield triple

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
        ranges = {
            c for prop in names for c in self.signatures.get(prop, ((), ()))[1]
        } & _UNNAMED_RANGES
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
        """Owned things: "NASA's Kennedy Space Center" (operates), "the Netflix documentary X"
        (produces), "Jane Roe's "X"" (directs); an organization's people: "Imagine's A" (works for
        it)."""
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
                and (doc[cue].lower_ in cues or doc[cue].is_quote)
            ):
                cue += 1
            thing = ent_of.get(cue)
            if thing is None or (cue == owner.end):
                continue
            if cue > k and ents[thing].label_ == "Film":
                # "the Netflix documentary X" is Netflix's production, "Jane Roe's "X"" her film;
                # "Netflix's "X"" may only be its release.
                if owner.label_ == "Person":
                    yield n, "directs", thing, CUE_CONFIDENCE
                elif any(doc[j].lower_ in cues for j in range(k, cue)):
                    yield n, "produces", thing, CUE_CONFIDENCE
            elif cue == k > owner.end and ents[thing].label_ == "Person":
                yield thing, "worksFor", n, CUE_CONFIDENCE  # "Imagine's Michael Rosenberg"
            elif cue == k and (prop := self._owned(owner, ents[thing])) is not None:
                after = ents[thing].end
                if after < len(doc) and doc[after].lemma_.lower() in _VEHICLE_NOUNS:
                    continue  # "Blue Origin's New Shepard rocket": a launch vehicle, not a craft
                yield n, prop, thing, CUE_CONFIDENCE

    def _owners_beside(
        self, ents: list[Span], ent_of: dict[int, int], tokens: list[Token]
    ) -> Iterator[Triple]:
        """Owners named beside a thing or through a reference: "Launch Site One, Blue Origin's
        private spaceport" and "the company's Starbase site" (operates)."""
        doc = tokens[0].doc
        for token in tokens[:-2]:
            k = token.i
            if doc[k + 1].lower_ not in _POSSESSIVES or k not in ent_of:
                continue
            owner = ent_of[k]
            is_named = ents[owner].start <= k < ents[owner].end  # else "the company" refers to it
            # "the company's Starbase site"; "NASA's Kennedy Space Center" is read by _possessives.
            things = [ent_of[k + 2]] if k + 2 in ent_of and not is_named else []
            start = ents[owner].start if is_named else k
            if start >= 1 and doc[start - 1].lower_ == "the":
                start -= 1
            if start >= 2 and doc[start - 1].text == "," and start - 2 in ent_of:
                things.append(ent_of[start - 2])  # "X, Blue Origin's private spaceport"
            for thing in things:
                prop = self.vocabulary.possessive.get((ents[owner].label_, ents[thing].label_))
                if prop is not None and thing != owner:
                    yield owner, prop, thing, CUE_CONFIDENCE

    def _owned(self, owner: Span, thing: Span) -> str | None:
        if owner.end == thing.start:  # no possessive: "SpaceX Falcon 9" is one name, not ownership
            return None
        return self.vocabulary.possessive.get((owner.label_, thing.label_))

    def _role_clauses(
        self,
        doc: Doc,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[tuple[int, str, int, float]]:
        """Role nouns as predicates: "X is the head of Y", "X was named CEO of Y", "X, Y's chief",
        "Y's chief, X,"."""
        roles, ends = self.vocabulary.person_roles, self.vocabulary.role_ends
        for token in tokens:
            if token.lower_ not in ends and token.lemma_.lower() not in ends:
                continue  # no role noun ends here (see _role_ending_at)
            # "its CEO, X," and "the CEO of Y, X," (the parser sets X beside Y).
            named = [
                a
                for t in (
                    token,
                    *(o for c in token.children if c.dep_ == "prep" for o in _pobjs(c)),
                )
                for a in t.children
                if a.dep_ == "appos" and a.i in ent_of and ents[ent_of[a.i]].label_ == "Person"
            ]
            is_among = token.dep_ == "pobj" and token.head.lower_ == "among"
            one = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
            if one is not None and (one.lower_ != "one" or one.dep_ not in {"attr", "appos"}):
                one = None
            # "A is a NASA astronaut and a retired Navy captain", "A, X's founder and chief
            # executive": the second role too.
            shared = token.dep_ == "conj" and token.head.dep_ in {"attr", "oprd", "appos"}
            is_predicate = (
                token.dep_ in {"attr", "oprd", "appos"} or is_among or one is not None or shared
            )
            if (not is_predicate and not named) or token.i in quoted:
                continue
            role, role_start = _role_ending_at(doc, token.i, roles)
            if role is None:
                continue
            if named:  # "its CEO, Bob Smith,"
                people = named
            elif is_among:  # "X is among its producers"
                people = _subject_tokens(token.head.head)
            elif one is not None:  # "X is one of its producers, along with Y", "X, one of the ..."
                people = [one.head] if one.dep_ == "appos" else _subject_tokens(one.head)
                people += [
                    t
                    for along in one.children
                    if along.lower_ == "along"
                    for c in along.children
                    if c.lower_ == "with"
                    for t in _pobjs(c)
                ]
            elif shared and token.head.dep_ == "appos":
                people = [token.head.head]
            elif shared:
                people = _subject_tokens(token.head.head)
            else:
                people = [token.head] if token.dep_ == "appos" else _subject_tokens(token.head)
            objects = _role_objects(token)
            if shared and not objects and token.head.dep_ == "appos":
                objects = _role_objects(token.head)  # "A, X's founder and chief executive"
            elif shared and not objects:
                # "A is president and chief executive of X": the parser hung "of X" on the first.
                objects = [
                    t
                    for c in token.head.children
                    if c.dep_ == "prep" and c.i > token.i and c.lower_ in _ROLE_PREPS
                    for t in _pobjs(c)
                ]
            is_former = _is_former(doc, role_start, sent.start)
            head = token.head.head if shared else token.head
            is_clause = token.dep_ != "appos" and not named and head.pos_ in {"VERB", "AUX"}
            verb = head if is_clause else None
            props = roles[role]
            if _heads_division(doc, token.i, role_start):
                props = _below_head(props)
            found = _ents_of(objects, ent_of)
            is_credit = {p.partition(":")[0] for p in props} == {"produces"}
            if is_credit and not any(ents[o].label_ == "Film" for o in found):
                # "X is an executive producer": a credit on the film the article is about ("an
                # actress" names a profession, not a part).
                found = [*found, *self._salient(ents, token.i, ("Film",))]
            # "Both are NASA astronauts": the pair named before.
            holders = _ents_of(people, ent_of) or self._group(people, token, ents, ent_of)
            for p in holders:
                for o in found:
                    for triple in _first_fitting(
                        p, props, o, ents, PARSE_CONFIDENCE, self.signatures
                    ):
                        self._note_verb(triple, verb)
                        if is_former:
                            self._note((triple[0], triple[1], triple[2]), "ended")
                        yield triple

    def _references(
        self,
        sent: Span,
        tokens: list[Token],
        ents: list[Span],
        ent_of: dict[int, int],
        genders: dict[str, str],
        topic: int | None = None,
    ) -> dict[int, int]:
        """Pronouns ("she", "it" moving: "it lifted off") and definite nouns ("the station", "its
        capsule", "the actress") mapped to the entity they refer to: for people the `topic` of the
        previous sentence for a subject, else the latest person named before them whose known
        gender (`genders`, by person key) does not clash, for other classes the entity of the
        class most mentioned so far (the latest on a tie)."""
        refs = {}
        for token in tokens:
            if token.i in ent_of:
                continue
            pronoun = self.vocabulary.pronouns.get(token.lower_)
            if token.lower_ == "it" and token.dep_ == "dobj":
                # "founded X and ran it until 2019": the object of the verb it is coordinated with.
                if token.head.dep_ == "conj":
                    objects = [o for o in token.head.head.children if o.dep_ == "dobj"]
                    shared = [n for n in _ents_of(objects, ent_of) if ents[n].label_ != "Person"]
                    if shared:
                        refs[token.i] = shared[0]
                continue
            if token.lower_ == "it" and token.dep_ in _SUBJECTS and self._moves(token.head):
                classes: frozenset[str] | tuple[str, ...] = ("Spacecraft", "Spaceflight")
            elif pronoun is not None and (
                "Person" not in pronoun or token.dep_ not in {"poss", "det"}
            ):
                classes = pronoun
            else:
                found = self.vocabulary.definite_references.get(token.lower_)
                if found is None or not any(
                    c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children
                ):
                    continue
                classes = found
            if any(
                (c.dep_ == "appos" and c.i in ent_of)
                or (_is_naming(c) and any(t.i in ent_of for t in c.subtree))
                for c in token.children
            ):
                continue  # "his own company, Blue Origin", "the flight, known as X": named
            before = [
                n for n, ent in enumerate(ents) if ent.end <= token.i and ent.label_ in classes
            ]
            if not before:
                continue
            if "Person" in classes:
                clause_subjects = _clause_subjects(token)
                people = [n for n in before if ents[n].root not in clause_subjects]
                if not people or _is_relatives_owner(ents[people[-1]]):
                    continue
                gender = self.vocabulary.genders.get(token.lower_)
                people = [n for n in people if genders.get(_person_key(ents[n]), gender) == gender]
                # "A, who founded X with his brother B, ... He", "A, the son of B, ... he": A.
                main = [
                    n
                    for n in people
                    if not _in_other_clause(ents[n], token)
                    and not _is_relative_of(ents[n], ents, ent_of)
                ]
                if (
                    topic in people
                    and token.dep_ in _SUBJECTS
                    and not any(
                        ents[n].sent == sent and _is_main_subject(ents[n].root) for n in people
                    )
                ):
                    # "He ran the office of B. He then worked at X": not B; but "A was grounded
                    # ...; he flew later": the sentence's own subject A.
                    refs[token.i] = topic
                elif people:
                    refs[token.i] = (main or people)[-1]
                continue
            # "A, who directed X, produced the picture": not X.
            before = [
                n for n in before if ents[n].sent != sent or not _in_other_clause(ents[n], token)
            ]
            if not before:
                continue
            if ents[before[-1]].sent == sent:
                refs[token.i] = before[-1]  # "SpaceX and its CEO", "NASA said the agency"
                continue
            previous = [n for n in before if ents[n].sent.end == sent.start]
            topics = [n for n in previous if _is_topic(ents[n].root)]
            crafts = [n for n in previous if ents[n].label_ in _VEHICLES]
            if topics or crafts:
                # "Y's space agency, X, said ... The agency", "A flew aboard X. The spacecraft"
                refs[token.i] = (topics or crafts)[-1]
                continue
            counts = Counter(ents[n].kb_id_ or ents[n].text for n in before)
            refs[token.i] = max(before, key=lambda n: (counts[ents[n].kb_id_ or ents[n].text], n))
        return refs

    def _moves(self, verb: Token) -> bool:
        """Whether a verb moves its subject: it launches from or goes to somewhere ("it lifted
        off from X", "it docked with Y"), so an "it" subject is a craft or a flight."""
        frames = self.vocabulary.verbs.get(_lemma(verb, self.vocabulary.verbs), ())
        return any(prop in {"launchedFrom", "destination"} for _, prop in frames)

    def _salient(self, ents: list[Span], before: int, classes: tuple[str, ...]) -> list[int]:
        """The film most mentioned before token `before` (the latest on a tie), for a verb whose
        object is only implied; other classes are never implied."""
        if "Film" not in classes:
            return []
        films = [n for n, ent in enumerate(ents) if ent.end <= before and ent.label_ == "Film"]
        if not films:
            return []
        counts = Counter(ents[n].kb_id_ or ents[n].text.casefold() for n in films)
        return [max(films, key=lambda n: (counts[ents[n].kb_id_ or ents[n].text.casefold()], n))]

    def _note_verb(self, triple: Triple, verb: Token | None) -> None:
        """Record how the verb states the triple: negated, planned or asserted."""
        key = (triple[0], triple[1], triple[2])
        if verb is None:
            self._note(key, "asserted")
        elif self._is_negated(verb):
            self._note(key, "negated")
        elif self._is_hedged(verb):
            self._note(key, "planned")
        else:
            self._note(key, "asserted")
            if triple[1] in _ROLE_PROPERTIES and self._is_past_role(verb):
                self._note(key, "ended")

    def _is_past_role(self, verb: Token) -> bool:
        """Whether a role verb says the role is over: "ran X", "had led X", "was head of X" (not
        "has led X since 2017")."""
        if verb.lemma_.lower() not in self.vocabulary.past_role_verbs:
            return False
        auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
        if any(a.lower_ in {"has", "have", "'s", "'ve"} for a in auxes):
            return False
        if any(a.lower_ == "had" for a in auxes):
            return True
        if any(a.lower_ in {"was", "were"} for a in auxes):
            return True
        return verb.tag_ == "VBD"

    def _is_negated(self, verb: Token) -> bool:
        """Whether a verb is denied: "did not dock", "never flew", "failed to reach"."""
        negations = self.vocabulary.negations
        for _ in range(3):
            if any(
                c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in negations)
                for c in verb.children
            ):
                return True
            if verb.dep_ != "xcomp":
                return False
            verb = verb.head
            if verb.lemma_.lower() in negations:
                return True
        return False

    def _as_roles(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[Triple]:
        """Roles given with "as": "X served as head of Y", "Z replaced X as head of Y" (X's role
        ended), "X was removed as head of Y", "appointed Z in his place" (Z takes X's role)."""
        roles = self.vocabulary.person_roles
        doc = sent.doc
        vacated: list[tuple[tuple[str, ...], int]] = []
        for token in tokens:
            if token.lower_ != "as" or token.dep_ != "prep" or token.i in quoted:
                continue
            verb = token.head
            if verb.pos_ not in {"VERB", "AUX"}:
                continue
            for noun in (c for c in token.children if c.dep_ == "pobj"):
                role, role_start = _role_ending_at(doc, noun.i, roles)
                if role is None:
                    continue
                objects = [c for c in noun.children if c.dep_ in {"poss", "compound"}]
                objects += [
                    t
                    for c in noun.children
                    if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS
                    for t in _pobjs(c)
                ]
                orgs = _ents_of(objects, ent_of)
                if not orgs and self.vocabulary.film_roles.intersection(
                    spec.partition(":")[0] for spec in roles[role]
                ):
                    # "A and B, who also serve as executive producers": of the article's film.
                    orgs = self._salient(ents, token.i, ("Film",))
                holder, former = self._holders(verb)
                props = roles[role]
                if _heads_division(doc, noun.i, role_start):
                    props = _below_head(props)
                for org in orgs:
                    for person, is_ended in [
                        *((p, False) for p in holder),
                        *((p, True) for p in former),
                    ]:
                        for p in _ents_of([person], ent_of):
                            for triple in _first_fitting(
                                p, props, org, ents, PARSE_CONFIDENCE, self.signatures
                            ):
                                self._note_verb(triple, verb)
                                if is_ended:
                                    self._note((triple[0], triple[1], triple[2]), "ended")
                                    vacated.append((props, org))
                                yield triple
        if not vacated:
            return
        for verb in tokens:
            # "removed X as head of Y and appointed Z in his place": Z takes the vacated role.
            if verb.lemma_.lower() not in self.vocabulary.appointing_verbs:
                continue
            if not any(
                c.dep_ == "prep"
                and c.lower_ == "in"
                and any(t.lower_ == "place" for t in c.subtree)
                for c in verb.children
            ):
                continue
            people = [
                t for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} for t in _conjuncts(c)
            ]
            for p in _ents_of(people, ent_of):
                for props, org in vacated:
                    for triple in _first_fitting(
                        p, props, org, ents, PARSE_CONFIDENCE, self.signatures
                    ):
                        self._note_verb(triple, verb)
                        yield triple

    def _holders(self, verb: Token) -> tuple[list[Token], list[Token]]:
        """Who holds the role an "as" phrase names after the verb, and who held it before."""
        kind = self.vocabulary.ending_verbs.get(verb.lemma_.lower())
        is_passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        subjects = _subject_tokens(verb)
        objects = [t for c in verb.children if c.dep_ == "dobj" for t in _conjuncts(c)]
        agents = _agents(verb)
        if kind == "subject":  # "X stepped down as CEO of Y"
            return [], subjects
        if kind == "object":  # "Z replaced X as ...", "X was replaced as ... by Z", "removed X as"
            return (
                (agents, subjects)
                if is_passive
                else (subjects if verb.lemma_.lower() in {"replace", "succeed"} else [], objects)
            )
        if not is_passive and any(o.pos_ in {"PROPN", "PRON"} for o in objects):
            return objects, []  # "appointed X as head of Y", not "took charge as head of Y"
        return subjects, []

    def _is_hedged(self, verb: Token) -> bool:
        """Whether a verb states a plan or possibility ("will fly", "is set to launch")."""
        hedges = self.vocabulary.hedges
        for _ in range(3):
            if any(
                c.dep_ in {"aux", "auxpass"} and c.lower_ in hedges and not c.ent_type_
                for c in verb.children
            ):
                return True  # "will fly", not a list ending "Will Patton and B fill out the cast"
            if verb.dep_ != "xcomp":
                return False
            verb = verb.head
            if verb.lemma_.lower() in hedges:
                return True
            if verb.lemma_ == "be" and not any(c.dep_ == "neg" for c in verb.children):
                return True  # "X is to fly": a plan
        return False

    def _crew_size(self, doers: list[Token]) -> int | None:
        """The size a subject gives an unnamed crew ("the four" -> 4, "the crew" -> 0 for any),
        or None when the subject is no crew."""
        for token in doers:
            words = [token, *(c for c in token.children if c.dep_ in {"nummod", "amod"})]
            count = next((n for w in words if (n := _NUMBERS.get(w.lower_)) is not None), None)
            is_crew = token.lemma_.lower() in self.vocabulary.crew_nouns and _is_definite(token)
            if count is not None and (token.pos_ == "NUM" or is_crew or token.lower_ in _NUMBERS):
                return count
            if is_crew and token.tag_ == "NN":
                return 0
        return None

    def _group(
        self, doers: list[Token], verb: Token, ents: list[Span], ent_of: dict[int, int]
    ) -> list[int]:
        """The people a counted group subject refers to: "The two filmmakers" are the latest N
        people named together as one subject; "The four are riding in X" or "the three
        passengers" (a bare number or crew word), else the last N distinct people named."""
        for token in doers:
            if token.i in ent_of:
                continue
            words = [token, *(c for c in token.children if c.dep_ in {"nummod", "amod"})]
            count = next((n for w in words if (n := _NUMBERS.get(w.lower_)) is not None), None)
            if count is None:
                continue
            together = _latest_group(verb, count, ents, ent_of)
            if together:
                return together
            if token.pos_ != "NUM" and token.lemma_.lower() not in {
                *self.vocabulary.crew_nouns,
                *_NUMBERS,
            }:
                continue  # "The two filmmakers" with no such pair named: not a crew
            people: list[int] = []
            seen: set[str] = set()
            for n in range(len(ents) - 1, -1, -1):
                ent = ents[n]
                if ent.end > verb.i or ent.label_ != "Person":
                    continue
                key = _person_key(ent)
                if key in seen:
                    continue
                seen.add(key)
                people.append(n)
                if len(people) == count:
                    return people
            return []
        return []

    def _cast(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[Triple]:
        """Cast members with no film named: "A, B and C also return", "D joins the cast", "E plays
        his wife", "F and G also appear", "H is Cole Davis, the launch director": they star in
        the film the article is about."""
        vocabulary = self.vocabulary
        for verb in tokens:
            if verb.i in quoted:
                continue
            is_cast_verb = verb.lemma_.lower() in vocabulary.cast_verbs and verb.pos_ == "VERB"
            if not is_cast_verb and not _names_role(verb, ents, ent_of):
                continue
            objects = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
            if verb.lemma_.lower() == "join" and not any(
                o.lemma_.lower() in vocabulary.cast_nouns for o in objects
            ):
                continue
            if any(
                o.i in ent_of
                and ents[ent_of[o.i]].label_ != "Person"
                and (o.dep_ not in {"compound", "poss"} or ents[ent_of[o.i]].label_ == "Film")
                for c in objects
                for o in _core_subtree(c)
            ):
                continue  # "X joined NASA", "X played Y" with a named work (not "the NASA chief")
            if any(
                c.dep_ in {"prep", "prt"} and c.lower_ not in {"as", "alongside", "with"}
                for c in verb.children
            ):
                continue  # "returned to Earth", "appeared in court"
            films = self._salient(ents, verb.i, ("Film",))
            if not films:
                continue
            agents = _agents(verb)
            doers = _ents_of(agents or _subject_tokens(verb), ent_of)
            if verb.i - 1 in ent_of and not any(c.dep_ in _SUBJECTS for c in verb.children):
                # "A plays X, B and C play Y": the parser hung B on X; the names before the verb.
                doers = [ent_of[verb.i - 1]]
            people = _with_coordinated(doers, ents, ent_of, vocabulary.person_roles)
            if verb.lemma_.lower() == "play":
                people += _gapped(verb, ents, ent_of, sent.end)
            for p in people:
                if ents[p].label_ != "Person":
                    continue
                yield self._noted((p, "starsIn", films[0], CUE_CONFIDENCE), verb)

    def _crews(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[Triple]:
        """Crew lists of a named flight: "The X crew was A, B and C", "X's crew: A, B", "The X
        crew, A and B, flew", "the crew of X included A and B"."""
        doc = sent.doc
        roles = self.vocabulary.person_roles
        crew_nouns = self.vocabulary.crew_nouns
        for noun in tokens:
            if noun.i in quoted or noun.pos_ not in {"NOUN", "PROPN"}:
                continue
            if noun.lemma_.lower() not in crew_nouns and not (
                noun.lemma_.lower() == "member"
                and any(
                    c.dep_ == "compound" and c.lemma_.lower() in crew_nouns for c in noun.children
                )
            ):
                continue  # "the crew", "its crew members"
            owners = [c for c in noun.children if c.dep_ in {"compound", "poss", "nmod", "nummod"}]
            owners += [
                t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in _pobjs(c)
            ]
            aboard = [  # "her crewmates aboard the capsule, X,"
                n
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ in _ABOARD
                for n in _ents_of(_pobjs(c), ent_of)
                if ents[n].label_ == "Spacecraft"
            ]
            flights = [n for n in _ents_of(owners, ent_of) if ents[n].label_ in _VEHICLES]
            listed = [n for n in _ents_of(owners, ent_of) if ents[n].label_ == "Person"]
            if not flights and listed and noun.lemma_.lower() == "crew":
                # "X docked, bringing the crew of A, B and C": the flight named before the list.
                flights = _flight_before(noun, ents, ent_of, sent.start)
                for p in _with_listed(listed, ents, ent_of) if flights else []:
                    yield self._noted(
                        (p, "flewOn", flights[0], PARSE_CONFIDENCE),
                        noun.head if noun.head.pos_ == "VERB" else None,
                    )
            if (
                not flights
                and _is_definite(noun)
                and (noun.lemma_.lower() == "crew" or any(c.dep_ == "poss" for c in noun.children))
            ):
                # "Its crew was A, B and C", "The test's crew, A and B, rode", "His crewmates
                # were A and B": the flight named shortly before.
                flights = _flight_before(noun, ents, ent_of, noun.i - _NEAR_TOKENS)
            flights = list(dict.fromkeys([*flights, *aboard]))
            among = _among(noun, sent.end) if not flights and not listed else None
            if among is not None:
                # "... sent six passengers to space, among them A and B": the story's flight.
                for flight in _flight_near(noun, ents, ent_of):
                    for p in _people_listed(doc, among, sent.end, ents, ent_of, roles):
                        yield self._noted(
                            (p, "flewOn", flight, PARSE_CONFIDENCE),
                            noun.head if noun.head.pos_ == "VERB" else None,
                        )
            if not flights:
                continue
            members: list[Token] = []
            if noun.i + 1 < sent.end and doc[noun.i + 1].text == ":":
                members = list(doc[noun.i + 2 : sent.end])
            members += [t for c in noun.children if c.dep_ == "appos" for t in c.subtree]
            members += _set_off(noun)
            whole = noun
            if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
                whole = noun.head.head  # "The rest of the X crew was A, B and C"
            head = whole.head
            items: dict[int, list[str]] = {}  # each listed person with the words of its item
            if noun.i + 1 < sent.end and doc[noun.i + 1].text in {",", ":"}:
                items = _people_listed(doc, noun.i + 2, sent.end, ents, ent_of, roles)
            if whole.dep_ in _SUBJECTS and head.lemma_.lower() in _CREW_VERBS:
                members += [
                    t for c in head.children if c.dep_ in {"attr", "dobj"} for t in c.subtree
                ]
                items = items or _people_listed(doc, head.i + 1, sent.end, ents, ent_of, roles)
            people = [
                n
                for n in dict.fromkeys([*(ent_of[t.i] for t in members if t.i in ent_of), *items])
                if ents[n].label_ == "Person"
            ]
            verb = head if head.pos_ in {"VERB", "AUX"} else None
            for p in people:
                for f in flights:
                    yield self._noted((p, "flewOn", f, PARSE_CONFIDENCE), verb)
                    if "commander" in items.get(p, ()):
                        # "commander A, pilot B": the commander of the flight the list crews.
                        yield self._noted((p, "commands", f, PARSE_CONFIDENCE), verb)

    def _aboard(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[Triple]:
        """People put aboard the story's flight without naming it: "A and B were the pilots",
        "In the cabin were C, D and E", "Aboard were F and G"."""
        crew_roles = self.vocabulary.crew_roles
        for verb in tokens:
            if verb.lemma_ != "be" or verb.i in quoted:
                continue
            places = [
                t
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in _ABOARD_PREPS
                for t in _pobjs(c)
                if t.lemma_.lower() in _CABIN_NOUNS
            ]
            is_aboard = bool(places) or any(c.lower_ in _ABOARD for c in verb.children)
            roles = [
                c
                for c in verb.children
                if c.dep_ == "attr" and c.lemma_.lower() in crew_roles and not _has_owner(c)
            ]
            if not is_aboard and not roles:
                continue
            flight = _flight_before(verb, ents, ent_of, verb.i - _NEAR_TOKENS)
            if not flight:
                continue
            if is_aboard:
                people = list(
                    _people_listed(
                        sent.doc, verb.i + 1, sent.end, ents, ent_of, self.vocabulary.person_roles
                    )
                )
                people += _ents_of(_subject_tokens(verb), ent_of)
            else:
                people = _with_listed(_ents_of(_subject_tokens(verb), ent_of), ents, ent_of)
            commands = any("commands" in crew_roles[r.lemma_.lower()] for r in roles)
            for p in dict.fromkeys(people):
                if ents[p].label_ != "Person":
                    continue
                for prop in ("flewOn", "commands") if commands else ("flewOn",):
                    yield self._noted((p, prop, flight[0], PARSE_CONFIDENCE), verb)

    def _departures(
        self, ents: list[Span], ent_of: dict[int, int], tokens: list[Token], quoted: set[int]
    ) -> Iterator[Triple]:
        """People who left an organization: "A retired from NASA", "B left SpaceX in 2020" (a job
        there, over)."""
        for verb in tokens:
            lemma = verb.lemma_.lower()
            if self.vocabulary.ending_verbs.get(lemma) != "subject" or verb.i in quoted:
                continue
            left = [t for c in _preps(verb, "from") for t in _pobjs(c)]
            if lemma in {"leave", "quit"}:
                left += [c for c in verb.children if c.dep_ == "dobj"]
            orgs = [n for n in _ents_of(left, ent_of) if is_a(ents[n].label_, "Organization")]
            for person in _ents_of(_subject_tokens(verb), ent_of):
                for org in orgs:
                    if ents[person].label_ == "Person":
                        triple = self._noted((person, "worksFor", org, PARSE_CONFIDENCE), verb)
                        self._note((person, "worksFor", org), "ended")
                        yield triple

    def _with_aboard(
        self, ents: list[Span], ent_of: dict[int, int], tokens: list[Token], quoted: set[int]
    ) -> Iterator[Triple]:
        """People "with ... aboard" a craft or flight: "X lifted off with A, B and C aboard"."""
        for token in tokens:
            if token.lower_ != "with" or token.dep_ != "prep" or token.i in quoted:
                continue
            named = _pobjs(token)
            if not any(t.lower_ in _ABOARD for p in named for t in p.subtree) and not (
                token.head.pos_ in {"VERB", "AUX"}
                and any(c.lower_ in _ABOARD for c in token.head.children if c.i > token.i)
            ):
                continue
            people = _with_listed(_ents_of(named, ent_of), ents, ent_of)
            host = token.head
            carriers = _subject_tokens(host) if host.pos_ in {"VERB", "AUX"} else [host]
            flights = [n for n in _ents_of(carriers, ent_of) if ents[n].label_ in _VEHICLES]
            for person in people:
                for flight in flights[:1]:
                    if ents[person].label_ == "Person":
                        yield self._noted((person, "flewOn", flight, PARSE_CONFIDENCE), host)

    def _flights_aboard(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[Triple]:
        """A person put aboard a craft by a flight noun or any verb: "A's flight aboard X", "A's
        Vostok 1 flight", "A became the first American to orbit Earth aboard X"."""
        for token in tokens:
            is_flight_noun = token.pos_ == "NOUN" and token.lemma_.lower() in _FLIGHT_NOUNS
            if token.i in quoted or not (is_flight_noun or token.pos_ == "VERB"):
                continue
            craft = [
                n
                for c in token.children
                if c.dep_ in {"prep", "advmod"} and c.lower_ in _ABOARD
                for n in _ents_of(_pobjs(c), ent_of)
                if ents[n].label_ in _VEHICLES
            ]
            if is_flight_noun:
                craft += [
                    n
                    for n in _ents_of(
                        [c for c in token.children if c.dep_ in {"compound", "nmod"}], ent_of
                    )
                    if ents[n].label_ in _VEHICLES
                ]
            if not craft:
                continue
            if is_flight_noun:
                people = [c for c in token.children if c.dep_ == "poss"]
                verb = None
            elif token.lemma_.lower() not in self.vocabulary.verbs:
                people, verb = _subject_tokens(token), token
                if token.dep_ == "relcl" and token.head.dep_ == "attr":
                    people += _subject_tokens(token.head.head)  # "A became the first to orbit"
            else:
                continue
            for p in _ents_of(people, ent_of):
                if ents[p].label_ == "Person":
                    for n in craft:
                        yield self._noted((p, "flewOn", n, PARSE_CONFIDENCE), verb)

    def _built_by_prefix(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[Triple]:
        """A maker named in a compound adjective: "X, a SpaceX-built capsule" (SpaceX builds X)."""
        doc = sent.doc
        for verb in tokens:
            if verb.i < sent.start + 2 or verb.i in quoted or doc[verb.i - 1].text != "-":
                continue
            frames = self.vocabulary.verbs.get(verb.lemma_.lower(), ())
            if ("", "builds") not in frames:
                continue
            maker = ent_of.get(verb.i - 2)
            if maker is None or not is_a(ents[maker].label_, "Organization"):
                continue
            for craft in _ents_of([verb.head], ent_of):
                yield self._noted((maker, "builds", craft, PARSE_CONFIDENCE), None)

    def _parts(
        self, ents: list[Span], ent_of: dict[int, int], tokens: list[Token], quoted: set[int]
    ) -> Iterator[Triple]:
        """Parts in films: "her role in X" (the owner stars in X), "A and B turn up in smaller
        parts" (in the story's film)."""
        for noun in tokens:
            if noun.lemma_.lower() not in _PART_NOUNS or noun.pos_ != "NOUN" or noun.i in quoted:
                continue
            if not any(c.dep_ in {"det", "poss", "amod", "compound"} for c in noun.children):
                continue  # "modeled in part on X": no role
            films = [
                n
                for n in _ents_of([t for c in _preps(noun, "in") for t in _pobjs(c)], ent_of)
                if ents[n].label_ == "Film"
            ]
            owners = [c for c in noun.children if c.dep_ == "poss"]
            verb = noun.head.head if noun.dep_ == "pobj" else None
            if not owners and verb is not None and verb.pos_ in {"VERB", "AUX"}:
                owners = _subject_tokens(verb)
                if not films and noun.head.lower_ == "in":
                    films = self._salient(ents, noun.i, ("Film",))
            people = [n for n in _ents_of(owners, ent_of) if ents[n].label_ == "Person"]
            for p in _with_coordinated(people, ents, ent_of, self.vocabulary.person_roles):
                for film in films[:1]:
                    yield self._noted((p, "starsIn", film, PARSE_CONFIDENCE), verb)

    def _company_clauses(
        self, ents: list[Span], ent_of: dict[int, int], tokens: list[Token], quoted: set[int]
    ) -> Iterator[Triple]:
        """Founders named after a company noun ("X, the company A and B founded", "X, the studio
        the two founded"), and producers named after "through" ("made the film through X"), read
        on the surface: the parser rarely gets these clauses right."""
        for verb in tokens:
            lemma = verb.lemma_.lower()
            if verb.i in quoted:
                continue
            if lemma in {"make", "produce"} and verb.pos_ == "VERB":
                studios = [
                    n
                    for c in _preps(verb, "through")
                    for n in _ents_of(_pobjs(c), ent_of)
                    if is_a(ents[n].label_, "Organization")
                ]
                films = [
                    n
                    for n in _ents_of([c for c in verb.children if c.dep_ == "dobj"], ent_of)
                    if ents[n].label_ == "Film"
                ] or self._salient(ents, verb.i, ("Film",))
                for studio in studios:
                    for film in films[:1]:
                        yield self._noted((studio, "produces", film, PARSE_CONFIDENCE), verb)
            if lemma not in {"found", "co-found", "cofound"}:
                continue
            company = _company_before(verb, ents, ent_of)
            if company is None:
                continue
            company_noun, owner = company
            founders = [
                ent_of[k]
                for k in range(company_noun + 1, verb.i)
                if k in ent_of and ents[ent_of[k]].label_ == "Person"
            ]
            group = [t for t in tokens if company_noun < t.i < verb.i and t.lower_ in _NUMBERS]
            if not founders and group:
                founders = self._group(group, verb, ents, ent_of)  # "the company the two founded"
            for founder in dict.fromkeys(founders):
                yield self._noted((founder, "founded", owner, PARSE_CONFIDENCE), verb)

    def _verbs(
        self,
        ents: list[Span],
        ent_of: dict[int, int],
        sent: Span,
        tokens: list[Token],
        quoted: set[int],
    ) -> Iterator[tuple[int, str, int, float]]:
        """Subject-verb-object and verb-preposition paths: "X founded Y", "Y was commanded by X"."""
        for verb in tokens:
            frames = self.vocabulary.verbs.get(_lemma(verb, self.vocabulary.verbs))
            if verb.lemma_.lower() in self.vocabulary.cast_list_verbs and any(
                t.lemma_.lower() in self.vocabulary.cast_nouns for t in _subject_tokens(verb)
            ):
                frames = (("", "starsIn"),)  # "The cast includes A and B"
            elif verb.pos_ == "VERB" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in self.vocabulary.cast_nouns
                for c in verb.children
            ):
                frames = (("", "starsIn"),)  # "A and B round out the cast", "C joined the cast"
            elif any(c.dep_ == "agent" for c in verb.children) and any(
                c.dep_ == "nsubjpass" and c.lemma_.lower() in self.vocabulary.cast_nouns
                for c in verb.children
            ):
                frames = (("", "starsIn"),)  # "The cast is rounded out by A and B"
            if frames is None or verb.i in quoted:
                continue
            if verb.pos_ in {"VERB", "AUX"}:
                subjects = _subject_tokens(verb)
                if any(t.lemma_.lower() in self.vocabulary.cast_nouns for t in subjects):
                    # "The cast also features A and B": the film the article is about.
                    films = self._salient(ents, verb.i, ("Film",))
                    subjects = [*subjects, *(ents[n].root for n in films)]
            else:
                # "Joel Kinnaman stars as ...": the tagger read the verb as a noun with the name as
                # its compound.
                subjects = _misread_subjects(verb, ent_of, ents)
                if not subjects and verb.dep_ == "ROOT" and verb.lower_ in _IRREGULAR_PAST:
                    # "The four rode to orbit in X", "rode" tagged as a noun: its subject.
                    subjects = [
                        t for c in verb.children if c.dep_ in _SUBJECTS for t in _members(c)
                    ]
                if not subjects:
                    continue
            is_passive = any(
                c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children
            ) or (  # "a capsule built by X", not "Its test flight carried A and B" (parsed so)
                verb.tag_ == "VBN"
                and verb.dep_ == "acl"
                and not any(c.dep_ == "dobj" for c in verb.children)
            )
            if (
                is_passive
                and verb.lemma_.lower() in self.vocabulary.companion_verbs
                and any(t.pos_ == "PRON" or _names_person(t, ent_of, ents) for t in subjects)
            ):
                continue  # "She is joined by X": a crewmate, not an employer (see _companions)
            agents = _agents(verb)
            partners = [
                t
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in self.vocabulary.co_agent_preps
                for t in _pobjs(c)
            ]
            confidence = PARSE_CONFIDENCE
            crew = _crew_list(verb, tokens, ents, ent_of)
            film_props = self.vocabulary.film_roles
            for prep, prop in frames:
                if prep == "":
                    if is_passive:
                        doers, things = agents, subjects
                    else:
                        doers = subjects
                        things = [
                            t for c in verb.children if c.dep_ in _OBJECTS for t in _conjuncts(c)
                        ]
                        if not things:
                            # "X produced and directed Y": the object both verbs share.
                            things = [
                                t
                                for v in verb.children
                                if v.dep_ == "conj" and v.pos_ == "VERB" and not _has_doer(v)
                                for c in v.children
                                if c.dep_ in _OBJECTS
                                for t in _conjuncts(c)
                            ]
                        if verb.dep_ == "relcl" and (
                            all(t.lower_ in _RELATIVE for t in things)
                            and not any(t.lower_ in _RELATIVE for t in subjects)
                        ):
                            # "Blue Origin, which Bezos founded", "the company he founded".
                            things = _conjuncts(verb.head)
                else:
                    doers, things = subjects, [t for c in _preps(verb, prep) for t in _pobjs(c)]
                if prop in {
                    "flewOn",
                    "destination",
                    "starsIn",
                    "produces",
                    "founded",
                    "heads",
                    "directs",
                }:
                    doers = [*doers, *partners]  # "X co-founded it with Y", "she runs it with Z"
                doer_ents = _with_coordinated(
                    _ents_of(doers, ent_of), ents, ent_of, self.vocabulary.person_roles
                )
                is_clause = verb.dep_ in _CLAUSES or verb.tag_ == "VBG"
                if not doer_ents and is_clause and prop in film_props:
                    # "..., a drama starring X", "Starring X, the film Y ...": the film named
                    # nearest before the clause, else after it.
                    doer_ents = _nearest_in(sent, verb, ents, ent_of, "Film")
                if (
                    prop == "flewOn"
                    and is_clause
                    and not prep
                    and doer_ents
                    and not any(ents[d].label_ in _FLYING for d in doer_ents)
                ):
                    # "X lifted off from Baikonur carrying A and B": the parser hung the clause
                    # on the place; the craft named before it carries them.
                    doer_ents = _nearest_in(sent, verb, ents, ent_of, "Spacecraft")
                if prop in _MOVES and not doer_ents:
                    doer_ents = crew or self._group(doers, verb, ents, ent_of)
                elif prop == "flewOn" and crew and not any(t.i in ent_of for t in doers):
                    # "Six people flew aboard X: pilots A and B, C and D": the whole list.
                    doer_ents = list(dict.fromkeys([*doer_ents, *crew]))
                named = {  # "... and NASA astronaut C": the names, not references to them
                    n
                    for t in things
                    if (n := ent_of.get(t.i)) is not None and ents[n].start <= t.i < ents[n].end
                }
                objects = [
                    _role_holder(o, ents, ent_of, self.vocabulary.person_roles) if o in named else o
                    for o in _ents_of(things, ent_of)
                ]
                if prop == "starsIn":
                    # "The cast includes A as X, B and C": the parser breaks such lists.
                    doer_ents = _with_listed(doer_ents, ents, ent_of)
                    objects = _with_listed(objects, ents, ent_of)
                if prop == "heads":
                    # "leads NASA's crew program", "heads the SpaceX launch team": a part of it.
                    whole = _ents_of([t for t in things if _names_whole(t, ent_of)], ent_of)
                    parts = [o for o in objects if o not in whole]
                    objects = whole
                    for doer in _ents_of(doers, ent_of):
                        for part in parts:
                            self._note_verb((doer, "worksFor", part, confidence), verb)
                            yield doer, "worksFor", part, confidence
                ranges = self.signatures.get(prop, ((), ()))[1]
                if not objects and not prep and not is_passive:
                    # "X stars as a NASA astronaut": the film the article is talking about.
                    objects = self._salient(ents, verb.i, ranges)
                if is_passive and not prep and not any(ents[o].label_ in ranges for o in objects):
                    # "It was created by A and B": the parser lost the film (or "it").
                    objects = [*objects, *self._salient(ents, verb.i, ranges)]
                if prop == "directs" and prep:
                    # "X directed Y in Z": Y stars in Z.
                    actors = _ents_of(
                        [t for c in verb.children if c.dep_ == "dobj" for t in _conjuncts(c)],
                        ent_of,
                    )
                    for actor in actors:
                        for thing in objects:
                            self._note_verb((actor, "starsIn", thing, confidence), verb)
                            yield actor, "starsIn", thing, confidence
                if prop in _MOVES and not doer_ents and not self._is_negated(verb):
                    # "The crew is riding in X", "the crew entered Y": the people the story
                    # crews, once all are read.
                    size = self._crew_size(doers)
                    modality = "planned" if self._is_hedged(verb) else "asserted"
                    self._crew_moves += [
                        (size, prop, thing, sent, modality)
                        for thing in objects
                        if size is not None
                        and fits(prop, "Person", ents[thing].label_, self.signatures)
                    ]
                if prop == "launchedFrom":
                    # "A rocket carrying the X probe lifted off from Y": X launched from Y too.
                    doer_ents = [*doer_ents, *_payloads(doer_ents, ents, ent_of)]
                    if not is_passive and any(ents[d].label_ == "LaunchVehicle" for d in doer_ents):
                        # "a Saturn V carried Apollo 11 aloft from Y": so did its payload.
                        loads = [c for c in verb.children if c.dep_ == "dobj"]
                        doer_ents += [
                            n for n in _ents_of(loads, ent_of) if ents[n].label_ in _VEHICLES
                        ]
                for doer in doer_ents:
                    for thing in objects:
                        s, o = doer, thing
                        if not fits(prop, ents[s].label_, ents[o].label_, self.signatures):
                            s, o = o, s  # the parser swapped the roles ("The series stars X")
                        self._note_verb((s, prop, o, confidence), verb)
                        yield s, prop, o, confidence
                if prop == "flewOn" and prep:
                    # "X flew on craft from Y": the craft launched from Y.
                    origins = _ents_of((t for c in _preps(verb, "from") for t in _pobjs(c)), ent_of)
                    crafts = [
                        n for n in _ents_of(things, ent_of) if ents[n].label_ != "LaunchVehicle"
                    ]
                    for craft in crafts:  # "on a Falcon 9 rocket from X": the flight launched
                        for origin in origins:
                            self._note_verb((craft, "launchedFrom", origin, 0.0), verb)
                            yield craft, "launchedFrom", origin, CUE_CONFIDENCE


def _gapped(verb: Token, ents: list[Span], ent_of: dict[int, int], end: int) -> list[int]:
    """People who play a part with the verb left out after the first: "A plays a reporter, B
    the astronomer and C the president" (each name set before "the" or "a" after a comma or
    "and")."""
    doc = verb.doc
    found = []
    for k in range(verb.i + 1, end - 1):
        n = ent_of.get(k)
        if n is None or ents[n].start != k or ents[n].label_ != "Person":
            continue
        after, before = ents[n].end, doc[k - 1]
        if (
            after < end
            and doc[after].lower_ in {"the", "a", "an"}
            and (before.text == "," or before.lower_ == "and")
        ):
            found.append(n)
    return found


def _credited(verb: Token) -> Token | None:
    """Who a credit clause is about: its subject, or the name a relative clause ("A, who won
    ...", "A, whose credits included ...") or a participle ("A, best known as X on Y") hangs on."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if verb.dep_ in {"relcl", "acl"} and (
        not subjects
        or subjects[0].lower_ in _RELATIVE
        or any(c.lower_ == "whose" for c in subjects[0].children)
    ):
        return verb.head
    return subjects[0] if subjects else None


def _filmography(
    credits: list[tuple[int, int, Span, str]], found: list[Relation], ents: list[Span]
) -> list[Relation]:
    """Credits in passing (`_credits`) as facts: starsIn for a person the story casts in a film,
    directs for one it only has directing; nothing for anyone else."""
    said = {(s, o) for s, prop, o, *_ in found if prop in {"starsIn", "directs", "produces"}}

    def names(ent: Span) -> set[str]:  # a full name may carry a gazetteer id its surname lacks
        return {ent.kb_id_, ent.text.split()[-1]} - {""}

    actors = {k for s, prop, *_ in found if prop == "starsIn" for k in names(ents[s])}
    directors = {k for s, prop, *_ in found if prop == "directs" for k in names(ents[s])}
    result: list[Relation] = []
    for person, film, sent, modality in credits:
        keys = names(ents[person])
        prop = "starsIn" if keys & actors else "directs" if keys & directors else None
        if prop is None or (person, film) in said:
            continue
        conf = HEDGED_CONFIDENCE if modality == "planned" else CUE_CONFIDENCE
        result.append(
            (person, prop, film, conf, sent.start_char, sent.end_char, -1, modality, False)
        )
    return list(dict.fromkeys(result))


def _companions_flights(
    companions: list[tuple[int, int, Span, str]],
    found: list[Relation],
    ents: list[Span],
    doc: Doc,
) -> list[Relation]:
    """flewOn for each companion: the flights its crew member flew on or commanded, as stated in
    the companion's sentence or the two before it."""
    starts = [sent.start_char for sent in doc.sents]
    result: list[Relation] = []
    for person, member, sent, modality in companions:
        first = starts[max(0, starts.index(sent.start_char) - _COMPANION_SENTENCES)]
        conf = round(PARSE_CONFIDENCE - COREFERENCE_PENALTY, 2)
        if modality == "planned":
            conf = min(conf, HEDGED_CONFIDENCE)
        surname = ents[member][-1].text
        flown = {
            start: o
            for s, prop, o, _conf, start, _end, _by, fact_modality, _ended in found
            if ents[s][-1].text == surname  # the member, named in full or by surname
            and prop in {"flewOn", "commands"}
            and fact_modality == "asserted"
            and start <= sent.start_char
        }
        flights = {o for start, o in flown.items() if first <= start}
        if not flights and len(set(flown.values())) == 1:
            flights = set(flown.values())  # the one flight the story gave the member earlier
        result += [
            (person, "flewOn", o, conf, sent.start_char, sent.end_char, -1, modality, False)
            for o in sorted(flights)
        ]
    return list(dict.fromkeys(result))


def _payloads(vehicles: list[int], ents: list[Span], ent_of: dict[int, int]) -> list[int]:
    """The crafts a vehicle is said to carry right beside its name ("an H-IIA rocket carrying the
    Hope probe")."""
    found: list[int] = []
    for n in vehicles:
        head = ents[n].root if ents[n].root.dep_ != "compound" else ents[n].root.head
        for clause in head.children:
            if clause.dep_ == "acl" and clause.lemma_.lower() == "carry":
                objects = [c for c in clause.children if c.dep_ == "dobj"]
                found += [p for p in _ents_of(objects, ent_of) if ents[p].label_ in _VEHICLES]
    return found


def _crew_flights(
    moves: list[tuple[int, str, int, Span, str]], found: list[Relation], ents: list[Span]
) -> list[Relation]:
    """flewOn or destination for an unnamed crew that moves ("The crew is riding in X", "the four
    floated into Y"): the people the story has flying on its most crewed flight, when there are
    at least two of them and as many as the subject counts (0: any number)."""
    crews: dict[str, set[int]] = {}
    for s, prop, o, *_rest, modality, _ended in found:
        if prop == "flewOn" and modality == "asserted":
            crews.setdefault(ents[o].kb_id_ or ents[o].text, set()).add(s)
    members = max(crews.values(), key=len, default=set())
    names = {_person_key(ents[p]) for p in members}
    result: list[Relation] = []
    for size, prop, thing, sent, modality in moves:
        if len(names) < 2 or (size and len(names) != size):
            continue
        conf = round(PARSE_CONFIDENCE - COREFERENCE_PENALTY, 2)
        if modality == "planned":
            conf = min(conf, HEDGED_CONFIDENCE)
        result += [
            (p, prop, thing, conf, sent.start_char, sent.end_char, -1, modality, False)
            for p in sorted(members)
            if p != thing
        ]
    return list(dict.fromkeys(result))


_SEAT_NOUNS = {"headquarters", "headquarter", "hq"}
_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "both": 2,
    "pair": 2,
    "duo": 2,
    "trio": 3,
    "quartet": 4,
}


def _latest_group(verb: Token, count: int, ents: list[Span], ent_of: dict[int, int]) -> list[int]:
    """The latest subject before `verb` made of exactly `count` coordinated people ("Peresild and
    Shipenko prepared ...")."""
    doc = verb.doc
    for token in reversed(doc[: verb.i]):
        if token.dep_ not in _SUBJECTS or token.i not in ent_of:
            continue
        if any(t.dep_ == "conj" for t in [token]):
            continue  # a later member of a coordination; its first member is met further back
        people = [
            n
            for n in dict.fromkeys(ent_of[t.i] for t in _members(token) if t.i in ent_of)
            if ents[n].label_ == "Person"
        ]
        if len(people) >= 2:
            return people if len(people) == count else []
    return []


def _agents(verb: Token) -> list[Token]:
    """The agents of a passive verb with the names listed beside them ("played by A, B and C",
    which the parser reads as A with the apposition B), or those of the verb coordinated with it
    ("built and operated by X")."""
    shares = verb.tag_ == "VBN" and not any(c.dep_ in {"nsubj", "csubj"} for c in verb.children)
    conjuncts = (
        [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"] if shares else []
    )
    for v in (verb, *conjuncts):
        found = [m for c in v.children if c.dep_ == "agent" for t in _pobjs(c) for m in _members(t)]
        if found:
            return found
    return []


def _members(token: Token) -> list[Token]:
    """A noun with its conjuncts and the names set beside it ("A, B, C and D" read as A with the
    apposition B and its conjuncts C and D)."""
    found = [token, *token.conjuncts]
    for t in list(found):
        for c in t.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                found += [c, *c.conjuncts]
    return list(dict.fromkeys(found))


def _lemma(token: Token, known: Mapping[str, object]) -> str:
    """The token's lemma, or the one the lemmatizer cut short ("riding" -> "rid" -> "ride")."""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lower in known and (
        token.tag_ in {"VB", "VBP"} or (token.i > 0 and token.doc[token.i - 1].lower_ == "to")
    ):
        return lower  # "to found a firm": not "find"
    if lemma not in known and lemma + "e" in known and lower.endswith(("ing", "ed")):
        return lemma + "e"
    if token.pos_ == "NOUN" and lower in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lower]  # "The four rode to orbit": the tagger made "rode" a noun
    return lemma


def _misread_subjects(verb: Token, ent_of: dict[int, int], ents: list[Span]) -> list[Token]:
    """A verb the tagger read as the head noun of a name ("Joel Kinnaman stars"): the name."""
    if verb.pos_ != "NOUN" or verb.lower_ not in {"star", "stars", "play", "plays"}:
        return []
    if verb.dep_ not in {"ROOT", "conj"}:
        return []
    # "A and B star in X": B read as the noun's compound, A as the head it is coordinated with.
    named = [c for c in verb.children if c.dep_ == "compound"]
    if verb.dep_ == "conj":
        named += _conjuncts(verb.head)
    return [t for t in named if t.i in ent_of and ents[ent_of[t.i]].label_ == "Person"]


def _quoted(tokens: list[Token]) -> set[int]:
    """Indices of the tokens inside a quotation of four or more tokens (speech, not a title)."""
    marks = [t.i for t in tokens if t.is_quote or t.text in {"\u201c", "\u201d", '"'}]
    inside: set[int] = set()
    for open_, close in zip(marks[::2], marks[1::2], strict=False):
        if close - open_ > 4:
            inside.update(range(open_ + 1, close))
    return inside


def _nearest_in(
    sent: Span, token: Token, ents: list[Span], ent_of: dict[int, int], cls: str
) -> list[int]:
    """The entity of class `cls` named latest in the sentence before `token`, else the first
    after it; none when the sentence names none."""
    before = range(token.i - 1, sent.start - 1, -1)
    for k in (*before, *range(token.i + 1, sent.end)):
        if k in ent_of and ents[ent_of[k]].label_ == cls:
            return [ent_of[k]]
    return []


def _set_off(noun: Token) -> list[Token]:
    """The words set off by commas between a noun and the verb after it ("The X crew, NASA
    astronauts A and B, flew"), which the parser often reads as a clause of their own."""
    doc, end = noun.doc, noun.sent.end
    if noun.i + 1 >= end or doc[noun.i + 1].text != ",":
        return []
    for k in range(noun.i + 3, end):
        if doc[k].text in {";", ":"}:
            break
        if doc[k].pos_ in {"VERB", "AUX"} and doc[k - 1].text == ",":
            return list(doc[noun.i + 2 : k - 1])
    return []


def _flight_before(token: Token, ents: list[Span], ent_of: dict[int, int], start: int) -> list[int]:
    """The flight named or referred to ("the spacecraft") latest between token `start` and `token`,
    else the spacecraft."""
    for cls in ("Spaceflight", "Spacecraft"):
        for k in range(token.i - 1, max(0, start) - 1, -1):
            if k in ent_of and ents[ent_of[k]].label_ == cls:
                return [ent_of[k]]
    return []


def _is_definite(noun: Token) -> bool:
    """A noun with a definite determiner or an owner ("the crew", "its crew", "the test's crew")."""
    return any(
        (c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE)
        or (c.dep_ == "poss" and c.pos_ == "NOUN")
        for c in noun.children
    )


def _company_before(
    verb: Token, ents: list[Span], ent_of: dict[int, int]
) -> tuple[int, int] | None:
    """For "X, the (production) company A and B founded": the company noun's index and X, when
    only names, number words and "and" stand between the noun and the verb."""
    doc = verb.doc
    k = verb.i - 1
    while (
        k > verb.sent.start
        and doc[k].lemma_.lower() not in _FOUNDED_NOUNS  # "the company" may refer: stop at it
        and (k in ent_of or doc[k].lower_ in _CLAUSE_GLUE or doc[k].lower_ in _NUMBERS)
    ):
        k -= 1
    if doc[k].lemma_.lower() not in _FOUNDED_NOUNS:
        return None
    j = k - 1
    while j > verb.sent.start and doc[j].pos_ in {"NOUN", "ADJ", "DET"}:
        j -= 1
    if doc[j].text != "," or j - 1 not in ent_of:
        return None
    owner = ent_of[j - 1]
    return (k, owner) if is_a(ents[owner].label_, "Organization") else None


def _has_doer(verb: Token) -> bool:
    """A verb with a subject of its own ("..., and B plays Y"), not one sharing its head's."""
    return any(c.dep_ in _SUBJECTS or c.dep_ == "compound" for c in verb.children)


def _has_owner(noun: Token) -> bool:
    """A noun with an owner ("the pilots of Eve", "X's pilots", "the X crew", "its pilots")."""
    return any(
        (c.dep_ == "prep" and c.lower_ == "of")
        or c.dep_ == "poss"
        or (c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN")
        for c in noun.children
    )


def _among(noun: Token, end: int) -> int | None:
    """The token after "among them" or "including" that follows `noun` in its clause, if any."""
    doc = noun.doc
    for k in range(noun.i + 1, min(end, noun.i + _NEAR_TOKENS)):
        word = doc[k].lower_
        if word == "including" or (word == "among" and k + 1 < end and doc[k + 1].lower_ == "them"):
            return k + (2 if word == "among" else 1)
        if doc[k].pos_ == "VERB" and doc[k].dep_ not in {"amod", "acl"}:
            return None
    return None


def _flight_near(noun: Token, ents: list[Span], ent_of: dict[int, int]) -> list[int]:
    """The flight named shortly before `noun`, else the first one named shortly after it."""
    before = _flight_before(noun, ents, ent_of, noun.i - _NEAR_TOKENS)
    if before:
        return before
    after = [
        n
        for n, ent in enumerate(ents)
        if ent.label_ == "Spaceflight" and noun.i < ent.start <= noun.i + _NEAR_TOKENS
    ]
    return after[:1]


def _people_listed(
    doc: Doc,
    k: int,
    end: int,
    ents: list[Span],
    ent_of: dict[int, int],
    roles: Mapping[str, object],
) -> dict[int, list[str]]:
    """The people listed on the surface from token `k`, each with the words of its item ("commander
    A, flight engineer B and C", "A, the mission commander, B"); a verb or any other word ends it,
    except in a list split by semicolons, whose items may be whole clauses. An item without a name
    describes the person before it."""
    people: dict[int, list[str]] = {}
    words: list[str] = []
    last: int | None = None
    by_semicolons = False
    while k < end:
        token = doc[k]
        if k in ent_of and ents[ent_of[k]].start == k:
            n = ent_of[k]
            if ents[n].label_ == "Person":
                if not people:
                    # "A, a colonel who commands the flight; B, the pilot; and C": whole clauses.
                    by_semicolons = any(doc[j].text == ";" for j in range(ents[n].end, end))
                people[n] = words
                last, words = n, []
            k = ents[n].end
            continue
        if token.text in {",", ";"} or token.lower_ == "and":
            if words and last is not None:
                people[last] += words
            words = []
            if last is not None and (close := _relative_clause_end(doc, k, end)) not in {k, end}:
                k = close  # "A, who commanded the capsule, and B": the clause describes A
                continue
        elif token.pos_ in _ITEM_WORDS or token.text in {"(", ")", "-"} or token.lower_ in roles:
            # "the company's chief instructor", "an engineer with X", "NASA astronaut" (tagged
            # as a verb)
            words.append(token.lower_)
        elif by_semicolons:
            # "A, a researcher who founded X; and B": the rest of the item describes A.
            k = next((j for j in range(k, end) if doc[j].text == ";"), end)
            continue
        else:
            break
        k += 1
    if words and last is not None:
        people[last] += words
    return people


def _crew_list(
    verb: Token, tokens: list[Token], ents: list[Span], ent_of: dict[int, int]
) -> list[int]:
    """People listed after a colon that follows the verb: "Six people flew aboard X: A, B and C"."""
    colon = next((t.i for t in tokens if t.i > verb.i and t.text == ":"), None)
    if colon is None:
        return []
    found = [ent_of[t.i] for t in tokens if t.i > colon and t.i in ent_of]
    return [n for n in dict.fromkeys(found) if ents[n].label_ == "Person"]


def _roles_before(
    doc: Doc,
    person: Span,
    ents: list[Span],
    ent_of: dict[int, int],
    roles: dict[str, tuple[str, ...]],
) -> Iterator[tuple[str, int | None, bool]]:
    """Roles written before a name: "Tesla founder X", "NASA's chief X", "head of the ... Y X";
    the flag says whether the role is "former"."""
    start = person.sent.start
    role, role_start = _role_ending_at(doc, person.start - 1, roles)
    if role is not None:
        found = [role]
        while role_start - 2 >= start and doc[role_start - 1].lower_ == "and":
            # "SpaceX founder and chief executive X": both roles, at the one company.
            other, other_start = _role_ending_at(doc, role_start - 2, roles)
            if other is None:
                break
            found.append(other)
            role_start = other_start
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
        org = ent_of.get(k) if k >= start else None
        if org is not None:
            k = ents[org].start - 1 if ents[org].start <= k else k
        is_former = any(t.lower_ in _ENDED_WORDS for t in doc[max(start, k - 2) : role_start])
        for each in found:
            yield each, org, is_former
        return
    org = ent_of.get(person.start - 1)
    if org is None:
        return
    k = person.start - 2
    while k >= max(start, person.start - _ROLE_WINDOW) and doc[k].pos_ not in {"VERB", "AUX"}:
        if doc[k].lower_ == "of":
            role, _ = _role_ending_at(doc, k - 1, roles)
            if role is not None:
                yield role, org, any(t.lower_ in _ENDED_WORDS for t in doc[max(start, k - 4) : k])
            return
        k -= 1


def _copular_roles(
    person: Span, ent_of: dict[int, int], roles: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, int]]:
    """A role a copula gives a name: "The chief executive of X is A", "X's chief is A", "X, whose
    chief executive is A"."""
    verb = person.root.head
    if person.root.dep_ != "attr" or verb.lemma_ != "be":
        return
    doc = person.doc
    for noun in (c for c in verb.children if c.dep_ == "nsubj"):
        role, role_start = _role_ending_at(doc, noun.i, roles)
        if role is None:
            continue
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [
            t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in _pobjs(c)
        ]
        owners = [verb.head if o.lower_ == "whose" and verb.dep_ == "relcl" else o for o in owners]
        if role_start > 0:
            owners.append(doc[role_start - 1])  # "The NASA administrator is A"
        org = next(
            (ent_of[o.i] for o in owners if o.i in ent_of and o.lower_ not in _DEFINITE), None
        )
        if org is not None:
            yield role, org


def _shared_roles(
    doc: Doc,
    person: Span,
    ents: list[Span],
    ent_of: dict[int, int],
    roles: dict[str, tuple[str, ...]],
) -> Iterator[tuple[str, int | None, bool]]:
    """A plural role before a list of people is each one's: "Roscosmos cosmonauts A and B",
    "three NASA astronauts ...: A, B and C"."""
    start = person.sent.start
    k = person.start - 1
    # Walk back over the people listed before this one: "A, B and [person]".
    while k > start and doc[k].text in {",", "and"}:
        j = k - 1
        if doc[j].text == "," and doc[k].text == "and":
            j -= 1
        if j not in ent_of or ents[ent_of[j]].label_ != "Person":
            return
        k = ents[ent_of[j]].start - 1
    if k < start:
        return
    colon = doc[k].text == ":"
    if colon:
        # "three NASA astronauts living aboard the station: A, B and C"
        role_at = next(
            (
                j
                for j in range(k - 1, max(start, k - _ROLE_WINDOW) - 1, -1)
                if _is_plural(doc[j], roles) and _role_ending_at(doc, j, roles)[0] is not None
            ),
            None,
        )
        if role_at is None:
            return
    else:
        if k + 1 == person.start:
            return  # not in a list: the plain role before a name is read elsewhere
        if not _is_plural(doc[k], roles):
            return
        role_at = k
    role, role_start = _role_ending_at(doc, role_at, roles)
    if role is None:
        return
    j = role_start - 1
    while j >= start and j not in ent_of and doc[j].pos_ in {"ADJ", "NUM"}:
        j -= 1
    org = ent_of.get(j) if j >= start else None
    yield role, org, False


def _is_plural(token: Token, roles: dict[str, tuple[str, ...]]) -> bool:
    """Whether a token is a plural role noun ("astronauts"; the tagger may call it a verb)."""
    return token.tag_ == "NNS" or (token.lower_.endswith("s") and token.lower_[:-1] in roles)


def _roles_after(
    doc: Doc,
    person: Span,
    ents: list[Span],
    ent_of: dict[int, int],
    roles: dict[str, tuple[str, ...]],
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
        if token.dep_ in {"compound", "amod"} and token.head.i > k and token.head.is_lower:
            continue  # "chief" in "chief astronaut instructor": the noun it modifies is the role
        following = ent_of.get(k + 1)
        if following is not None and ents[following].label_ == "Person":
            return  # "X, Y chief executive Z": the role is Z's
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
                if doc[k + 1].lower_ in _ROLE_PREPS:
                    yield role, ent_of[j]
                    return
                break
        yield role, None
        return


def _is_former(doc: Doc, role_start: int, start: int) -> bool:
    """Whether the words before a role noun say it is over: "a former NASA astronaut", "a
    retired U.S. Air Force colonel"."""
    for k in range(role_start - 1, max(start, role_start - _MAX_ROLE_MODIFIERS) - 1, -1):
        if doc[k].lower_ in _ENDED_WORDS:
            return True
        if doc[k].is_punct or doc[k].lower_ in {"a", "an", "the"} or doc[k].pos_ in {"VERB", "AUX"}:
            return False
    return False


def _role_objects(role: Token) -> list[Token]:
    """The words naming what a role noun is a role of: "NASA('s) chief", "head of X"."""
    return [
        t
        for c in role.children
        for t in (_pobjs(c) if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS else [c])
        if c.dep_ in {"prep", "poss", "compound", "nmod"}
        or (c.dep_ == "amod" and c.pos_ == "PROPN")  # "Virgin Galactic employees"
    ]


def _described_places(
    ents: list[Span], ent_of: dict[int, int], sent_ents: list[int]
) -> Iterator[tuple[int, str, int, float]]:
    """Places in the description of a name: "the Montreal investment firm X", "X, a Princeton
    maker of cameras", "X, an island in Y" (locatedIn; a country as a modifier is a nationality,
    "the French company X", not a stated location)."""
    for n in sent_ents:
        root = ents[n].root
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        nouns += [c for c in root.children if c.dep_ == "compound" and c.is_lower]
        for noun in nouns:
            found = [
                m
                for c in noun.children
                if c.dep_ in {"compound", "nmod", "amod"}
                and (m := ent_of.get(c.i)) is not None
                and ents[m].label_ == "Place"
            ]
            if noun.dep_ == "appos":
                found += [
                    m
                    for c in noun.children
                    if c.dep_ == "prep" and c.lower_ in {"in", "on"}
                    for t in _pobjs(c)
                    if (m := ent_of.get(t.i)) is not None and is_a(ents[m].label_, "Place")
                ]
            for place in found[:1]:
                yield n, "locatedIn", place, CUE_CONFIDENCE


def _affiliations(
    ents: list[Span], ent_of: dict[int, int], tokens: list[Token]
) -> Iterator[tuple[int, str, int, float]]:
    """A person named with the organization they are of: "Koichi Wakata of JAXA", "A, of the
    Russian space agency Roscosmos" (worksFor; the signature keeps "A of Houston" out)."""
    doc = tokens[0].doc
    end = tokens[-1].i + 1
    for n, ent in enumerate(ents):
        k = ent.end
        if ent.label_ != "Person" or not tokens[0].i <= ent.start < end:
            continue
        if k < end and doc[k].text == ",":
            k += 1
        if k >= end or doc[k].lower_ != "of":
            continue
        k += 1
        while k < end and k not in ent_of and k - ent.end <= _MAX_OF_WORDS:
            if doc[k].lower_ not in {"the", "a"} and not (
                doc[k].is_lower and doc[k].pos_ in {"ADJ", "NOUN"}
            ):
                break
            k += 1
        if k in ent_of and ents[ent_of[k]].start == k:
            yield n, "worksFor", ent_of[k], CUE_CONFIDENCE


def _based(
    doc: Doc, ent_of: dict[int, int], tokens: list[Token]
) -> Iterator[tuple[int, str, int, float]]:
    """Place-based organizations: "the California-based SpaceX" -> SpaceX locatedIn California;
    "London-based effects house X" -> X in London; "the Long Beach, California-based rocket maker"
    -> the maker (a reference) in Long Beach; "X's headquarters in Y" -> X in Y."""
    for token in tokens[2:-1]:
        if token.lower_ != "based" or doc[token.i - 1].text not in {"-", "\u2013"}:
            continue
        place = ent_of.get(token.i - 2)
        if place is not None and token.i >= 4 and doc[token.i - 3].text == ",":
            place = ent_of.get(token.i - 4, place)  # the city of "City, State-based"
        k = token.i + 1
        while (
            k < len(doc)
            and k not in ent_of
            and doc[k].pos_ in {"NOUN", "PROPN", "ADJ"}
            and k - token.i <= 3
        ):
            k += 1
        org = ent_of.get(k)
        if place is not None and org is not None:
            yield org, "locatedIn", place, ROLE_CONFIDENCE
    for token in tokens:
        if token.lemma_.lower() not in _SEAT_NOUNS or token.pos_ != "NOUN":
            continue
        # "SpaceX's headquarters in Hawthorne", "the company's headquarters in Cupertino",
        # "NASA headquarters in Washington".
        owners = [
            ent_of[c.i] for c in token.children if c.dep_ in {"poss", "compound"} and c.i in ent_of
        ]
        places = [
            ent_of[t.i]
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in {"in", "at"}
            for t in _pobjs(c)
            if t.i in ent_of
        ]
        for org in owners[:1]:
            for place in places[:1]:
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
            doc[end].lower_ in {"and", "or"}
            or (
                doc[end].text == ","
                and end + 1 in ent_of
                and is_a(ents[ent_of[end + 1]].label_, "Place")
            )
        )
        is_dateline = inner.text.isupper() and any(len(w) > 3 for w in inner.text.split())
        if is_dateline:
            continue  # "CAPE CANAVERAL, Fla. —": where the story was filed, not a stated fact
        if doc[k].text == "," and inner.label_ == "Place" and not is_list:
            yield n, "locatedIn", outer, ROLE_CONFIDENCE
        elif doc[k].text == "in" and inner.label_ not in {"Country", "Spaceport"}:
            # A spaceport's region is background, not a place-in-place claim (corpus/README.md).
            yield n, "locatedIn", outer, CUE_CONFIDENCE


def _role_ending_at(doc: Doc, i: int, roles: dict[str, tuple[str, ...]]) -> tuple[str | None, int]:
    """Return the role noun (one to three words) that ends at token `i`, and its first token."""
    if not 0 <= i < len(doc):
        return None, i
    token = doc[i]
    # A verb form is no role noun: "starring X" is read from the parse, not as "star X".
    is_verb_form = token.tag_ in {"VBG", "VBN", "VBD"}
    lasts = (token.lower_,) if is_verb_form else (token.lower_, token.lemma_.lower())
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    for width in (3, 2, 1):
        if width - 1 > len(before):
            continue
        words = " ".join(before[len(before) - width + 1 :])
        for last in lasts:
            key = f"{words} {last}" if words else last
            if key in roles:
                return key, i - width + 1
    return None, i


def _names_role(verb: Token, ents: list[Span], ent_of: dict[int, int]) -> bool:
    """Whether a present "is" equates its subject with a named person: in a film story, "A is
    B, the launch director" casts A as the character B."""
    return (
        verb.lemma_ == "be"
        and verb.tag_ == "VBZ"
        and any(
            c.dep_ == "attr" and c.i in ent_of and ents[ent_of[c.i]].label_ == "Person"
            for c in verb.children
        )
    )


def _person_key(ent: Span) -> str:
    """What every mention of one person shares: its resolved id, else its last word."""
    return ent.kb_id_ or ent.text.split()[-1]


def _genders(ents: list[Span], nouns: dict[str, str]) -> dict[str, str]:
    """The gender the text gives each person by a gendered noun (`nouns`) beside a mention
    ("actress A", "A, a businesswoman", "her husband, B", "Mr. C"), by person key; people it gives
    two are left out."""
    found: dict[str, set[str]] = {}
    for ent in ents:
        if ent.label_ != "Person":
            continue
        root = ent.root
        beside = [c for c in root.children if c.dep_ in {"compound", "appos"} and c.i < ent.start]
        beside += [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end]
        if root.dep_ == "appos":
            beside.append(root.head)  # "her husband, B"
        if ent.start > 0:
            beside.append(ent.doc[ent.start - 1])  # "actress A", "Mr. C"
        for token in beside:
            gender = nouns.get(token.lower_)
            if gender is not None:
                found.setdefault(_person_key(ent), set()).add(gender)
    return {key: next(iter(g)) for key, g in found.items() if len(g) == 1}


def _is_relatives_owner(ent: Span) -> bool:
    """Whether a person is named as the owner of a relative ("Ana's father"): a "he" right after
    means the father, whom the text has not named."""
    root = ent.root
    return root.dep_ == "poss" and root.head.lemma_.lower() in _RELATIVES


def _is_main_subject(token: Token) -> bool:
    """Whether a name is the subject of a main clause of its sentence (not of "after X was
    sworn in" or "who ...")."""
    return token.dep_ in _SUBJECTS and token.head.dep_ in {"ROOT", "ccomp", "conj"}


def _is_topic(token: Token) -> bool:
    """Whether a name is the subject of its sentence's main verb, or set beside it ("Russia's
    space agency, X, has ...")."""
    if token.dep_ == "appos":
        token = token.head
    return token.dep_ in _SUBJECTS and token.head.dep_ == "ROOT"


def _is_relative_of(ent: Span, ents: list[Span], ent_of: dict[int, int]) -> bool:
    """Whether a person is named through a preposition on another person ("A, the son of B")."""
    through = False
    for token in [ent.root, *ent.root.ancestors]:
        if token.i in ent_of and ent_of[token.i] != ent_of[ent.root.i]:
            return through and ents[ent_of[token.i]].label_ == "Person"
        through = through or token.dep_ == "pobj"
    return False


def _in_other_clause(ent: Span, token: Token) -> bool:
    """Whether a name sits in a relative clause the token is outside of: "A, who directed X,
    produced the picture" (the picture is not X)."""
    clause = next((a for a in ent.root.ancestors if a.dep_ == "relcl"), None)
    return clause is not None and clause is not token and clause not in token.ancestors


def _subject_person(sent: Span, ents: list[Span], args: dict[int, int]) -> int | None:
    """The person a sentence's main clause is about: its subject, named or a pronoun."""
    subjects = [c for c in sent.root.children if c.dep_ in _SUBJECTS]
    found = [args[c.i] for c in subjects if c.i in args and ents[args[c.i]].label_ == "Person"]
    return found[0] if found else None


def _clause_subjects(token: Token) -> list[Token]:
    """The subjects of the clause where `token` is an object: "Z named him" cannot mean Z."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    if token.dep_ not in {"dobj", "pobj", "dative"}:
        return []
    return [t for c in verb.children if c.dep_ in _SUBJECTS for t in _members(c)]


def _names_whole(token: Token, ent_of: dict[int, int]) -> bool:
    """Whether a noun phrase names an organization itself ("NASA", "the agency", "the company
    Blue Origin", "Roscosmos, the corporation"), not a part of it named by a modifier ("NASA's
    crew program")."""
    return (
        token.i in ent_of
        or any(c.dep_ == "appos" and c.i in ent_of for c in token.children)
        or (token.dep_ == "appos" and token.head.i in ent_of and token.tag_ == "NN")
    )


def _heads_division(doc: Doc, i: int, start: int) -> bool:
    """Whether the role noun `doc[start : i + 1]` heads a part of the organization, not all of it:
    "head of human spaceflight", "chief of staff", "head of Russia's space program", "mission
    director", "associate administrator" (not "head of NASA", "the agency's chief")."""
    before = doc[start - 1] if start > 0 else None
    if (
        before is not None
        and before.is_lower
        and before.pos_ in {"NOUN", "ADJ"}
        and before.lower_ not in _TIME_WORDS | _ORG_NOUNS | _RANK_WORDS
        and not before.like_num
        and before.ent_type_ not in {"ORDINAL", "CARDINAL"}
    ):
        return True
    if i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return False
    k = i + 3 if doc[i + 2].lower_ == "the" else i + 2
    while k < len(doc) and doc[k].pos_ == "PROPN":
        k += 1
    if k > i + 2 and k < len(doc) and doc[k].lower_ in _POSSESSIVES:
        return True  # "of Russia's space program"
    after = doc[i + 2]
    return after.is_lower and after.pos_ in {"NOUN", "ADJ"} and not after.ent_type_


def _heads_division_near(doc: Doc, person: Span, role: str) -> bool:
    """Whether the role noun written next to `person` heads a part of the organization."""
    words = role.split()
    sent = person.sent
    window = range(
        max(sent.start, person.start - _ROLE_WINDOW), min(sent.end, person.end + _ROLE_WINDOW)
    )
    return any(
        words[-1] in {doc[k].lower_, doc[k].lemma_.lower()}
        and _heads_division(doc, k, k - len(words) + 1)
        for k in window
    )


def _below_head(props: tuple[str, ...]) -> tuple[str, ...]:
    """The properties of a role that heads a division: it works for the organization."""
    return tuple(dict.fromkeys("worksFor" if p.startswith("heads") else p for p in props))


def _first_fitting(
    subject: int,
    props: tuple[str, ...],
    obj: int,
    ents: list[Span],
    confidence: float,
    signatures: Signatures,
) -> Iterator[tuple[int, str, int, float]]:
    """The first property of a role that fits the pair; "heads:Country" fits countries only. A role
    none of whose properties fits an organization is a job there ("a U.S. Air Force pilot"),
    unless it is a film credit ("New Regency producer X" produces, not works)."""
    is_credit = any("Film" in signatures.get(p.partition(":")[0], ((), ()))[1] for p in props)
    for spec in props if is_credit else (*props, "worksFor"):
        prop, _, only = spec.partition(":")
        if (not only or is_a(ents[obj].label_, only)) and fits(
            prop, ents[subject].label_, ents[obj].label_, signatures
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
    """Grammatical subjects of a verb, inherited through xcomp/conj/relative clauses; for a finite
    verb the parser gave no subject, the name right before it ("he and actress A flew", parsed as
    "he actress A"; "A co-founded", parsed as "A co")."""
    k = verb.i - 1
    if k - 2 >= verb.sent.start and verb.doc[k].text == "-" and verb.doc[k - 1].lower_ == "co":
        k -= 2  # "A co-founded": the tokenizer split the prefix off
    name = verb.doc[k] if k >= verb.sent.start else None
    if (
        name is not None
        and name.pos_ == "PROPN"
        and verb.tag_ in {"VBD", "VBZ", "VBP"}
        and name.head is not verb
        and not any(c.dep_ in _SUBJECTS for c in verb.children)
    ):
        return [name]
    for _ in range(3):
        found = [t for c in verb.children if c.dep_ in _SUBJECTS for t in _members(c)]
        if found and not all(t.lower_ in _RELATIVE for t in found):
            return found
        which = next((t for t in found if t.lower_ == "which"), None)
        if which is not None and verb.dep_ == "relcl":
            # "NASA and Roscosmos, which is headed by X": the nearest one.
            return [max(_conjuncts(verb.head), key=lambda t: t.i)]
        if which is not None:
            # The parser lost the relative clause: "... aboard X, which lifted off": X.
            before = [t for t in verb.doc[verb.sent.start : which.i] if t.pos_ in {"NOUN", "PROPN"}]
            return before[-1:]
        if verb.dep_ == "acl":
            return [verb.head]  # "X and the series Y, starring Z": Y stars Z, not X
        if verb.dep_ == "relcl" or found:
            # "A and B, who founded X": both; "A, who founded X, and B": A alone.
            heads = [t for t in _conjuncts(verb.head) if t.i < verb.i]
            if any(t.lower_ in {"who", "whom"} for t in found):
                # "X, the founder of Y, who flew": the person the apposition describes.
                anchor = verb.head
                while anchor.dep_ in {"pobj", "prep", "appos"} and anchor.head is not anchor:
                    anchor = anchor.head
                if anchor is not verb.head and anchor.pos_ in {"NOUN", "PROPN"}:
                    heads.append(anchor)  # not "A talked with B, who flew": the verb's A
                if anchor.dep_ == "attr":
                    # "A is a former astronaut who flew X": A.
                    heads += [c for c in anchor.head.children if c.dep_ in _SUBJECTS]
            return heads
        if verb.dep_ == "pcomp" and verb.head.head is not verb.head:
            verb = verb.head  # "X flew ... before joining Y": the preposition's verb
        if verb.dep_ not in {"xcomp", "conj", "advcl", "ccomp", "prep"} or verb.head is verb:
            return []
        is_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        verb = verb.head
        objects = [t for c in verb.children if c.dep_ == "dobj" for t in _conjuncts(c)]
        if is_infinitive and objects:
            return objects  # "Z named X to lead Y", "asked X to fly": X does it, not Z
    return []


def _preps(verb: Token, word: str) -> Iterator[Token]:
    """Prepositions `word` on the verb, or on the verb's own prepositional objects or named direct
    object (misattachment)."""
    for c in verb.children:
        if c.dep_ in {"prep", "dative"} and c.lower_ == word:
            yield c
        if c.dep_ == "advmod" and c.lower_ == word and any(p.dep_ == "pobj" for p in c.children):
            yield c  # "flew aboard X in 1961": the parser made "aboard" an adverb
        if c.dep_ == "xcomp" and c.lower_ not in {"to"}:
            # "rode to orbit in X": the parser made "orbit" a verb.
            yield from (p for p in c.children if p.dep_ == "prep" and p.lower_ == word)
        if c.dep_ == "dobj" and c.pos_ == "PROPN":
            # "Joining Lopez on X are ...": the parser hung the preposition on the name.
            yield from (p for p in c.children if p.dep_ == "prep" and p.lower_ == word)
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
        if token.dep_ in {"appos", "dobj"} and token.head.i in ent_of:
            # "VSS Unity, a spaceplane built by X": the spaceplane is VSS Unity (or its object,
            # when the tagger read a one-word title as a verb: "See, a series starring X").
            found.append(ent_of[token.head.i])
        named = [c for c in token.rights if c.dep_ == "appos" or _is_naming(c)]
        for child in (*token.lefts, *named):
            found.extend(ent_of[t.i] for t in child.subtree if t.i in ent_of)
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
        if (
            token.is_lower
            and token.pos_ in {"NOUN", "PROPN"}
            and after.i in ent_of
            and not after.is_lower
            and after.pos_ != "PRON"
        ):
            # "by the nonprofit X and Y": a name, not "the drama he directed"
            found += _listed_from(token.doc, after.i, ent_of)
    return list(dict.fromkeys(found))


def _listed_from(doc: Doc, k: int, ent_of: dict[int, int]) -> list[int]:
    """The entity named at token `k` and those listed right after it ("X, Y and Z")."""
    found = [ent_of[k]]
    while True:
        while k < len(doc) and ent_of.get(k) == found[-1]:
            k += 1
        start = k
        while k < len(doc) and doc[k].lower_ in {",", "and"}:
            k += 1
        if k == start or k not in ent_of or ent_of[k] in found:
            return found
        found.append(ent_of[k])


def _names_person(token: Token, ent_of: dict[int, int], ents: list[Span]) -> bool:
    return token.i in ent_of and ents[ent_of[token.i]].label_ == "Person"


def _is_naming(token: Token) -> bool:
    """Whether a modifier gives its noun a name: "a film called X", "the flight, known as X"."""
    if token.lemma_.lower() == "know":
        return any(c.lower_ == "as" for c in token.children)
    return token.lemma_.lower() in _NAMING_VERBS


def _core_subtree(token: Token) -> Iterator[Token]:
    """The subtree of `token` without its appositions and clauses ("Y, an astronaut sent to X")."""
    yield token
    for child in token.children:
        if child.dep_ not in {"appos", "acl", "relcl", "punct"}:
            yield from _core_subtree(child)


def _role_holder(
    n: int, ents: list[Span], ent_of: dict[int, int], roles: Mapping[str, object]
) -> int:
    """The person an organization names the job of, right before them ("and NASA astronaut
    C", which the parser lists as NASA), else `n`."""
    ent = ents[n]
    if not is_a(ent.label_, "Organization"):
        return n
    k = ent.end
    while k < min(len(ent.doc), ent.end + _MAX_ROLE_WORDS) and ent.doc[k].is_lower:
        k += 1
    holder = ent_of.get(k)
    role = ent.doc[ent.end : k].text.lower()
    if role in roles and holder is not None and ents[holder].start == k:
        return holder if ents[holder].label_ == "Person" else n
    return n


def _with_listed(found: list[int], ents: list[Span], ent_of: dict[int, int]) -> list[int]:
    """Add the people listed on the surface after each person of `found`: "A as X, B, C and D",
    "A and B, with C as Y"; a role after "as" and a relative clause are skipped, a verb or any
    other word ends the list."""
    result = list(found)
    for n in found:
        ent = ents[n]
        doc, end = ent.doc, ent.sent.end
        k = ent.end
        while ent.label_ == "Person":
            if k < end and doc[k].lower_ == "as":
                while k < end and doc[k].text not in {",", ";"} and doc[k].lower_ != "and":
                    if doc[k].pos_ in {"VERB", "AUX"}:
                        return list(dict.fromkeys(result))
                    k += 1
            k = _relative_clause_end(doc, k, end)  # "A, who plays twin sisters, B and C"
            start = k
            while k < end and doc[k].lower_ in {",", "and", "with"}:
                k += 1
            if k == start or k not in ent_of or ents[ent_of[k]].start != k:
                break
            ent = ents[ent_of[k]]
            if ent.label_ == "Person":
                result.append(ent_of[k])
            k = ent.end
    return list(dict.fromkeys(result))


def _relative_clause_end(doc: Doc, k: int, end: int) -> int:
    """The comma that closes a relative clause opening at token `k` (", who ... ,"), else `k`;
    `end` when the clause runs to the end."""
    if k + 1 < end and doc[k].text == "," and doc[k + 1].lower_ in {"who", "whose"}:
        return next((j for j in range(k + 2, end) if doc[j].text == ","), end)
    return k


def _with_coordinated(
    found: list[int], ents: list[Span], ent_of: dict[int, int], roles: Mapping[str, object]
) -> list[int]:
    """Add the people coordinated before a person on the surface ("A and cosmonaut B flew"), which
    the parser often misses; `roles` are role nouns, whatever the tagger made of them."""

    def is_modifier(token: Token) -> bool:
        return token.pos_ in {"NOUN", "ADJ"} or token.lower_ in roles

    result = list(found)
    for n in found:
        ent = ents[n]
        while ent.label_ == "Person":
            k = ent.start - 1
            while k > ent.sent.start and (k in ent_of or is_modifier(ent.doc[k])):
                if k in ent_of and ents[ent_of[k]].label_ == "Person":
                    break
                k -= 1
            if k <= ent.sent.start or ent.doc[k].lower_ not in {"and", ","}:
                break
            k -= 1
            while k >= ent.sent.start and k not in ent_of and is_modifier(ent.doc[k]):
                k -= 1
            if k not in ent_of or ents[ent_of[k]].label_ != "Person":
                break
            result.append(ent_of[k])
            ent = ents[ent_of[k]]
    return list(dict.fromkeys(result))


@Language.factory("kg_relations", default_config={"vocabulary": None})
def make_relation_reader(nlp: Language, name: str, vocabulary: str | None) -> RelationReader:
    """Create the `kg_relations` component with the relation vocabulary in the file `vocabulary`,
    else the shipped one (ontologies/relations.json)."""
    return RelationReader(
        default_vocabulary() if vocabulary is None else read_vocabulary_file(Path(vocabulary))
    )
