"""Crews and casts stated through groups, lists and elliptic clauses, with the real model, on text
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from kg.extract.pipeline import extract, load_pipeline
from kg.model import Article, Extraction

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _run(nlp: Language, text: str) -> Extraction:
    return extract(nlp, Article(title="", text=text, published=date(2022, 7, 15)))


def _labels(result: Extraction) -> dict[str, str]:
    return {e.key: e.label for e in result.entities}


def _asserted(result: Extraction) -> set[tuple[str, str, str]]:
    label = _labels(result)
    return {
        (label[f.subject], f.predicate, label[f.object])
        for f in result.facts
        if f.modality == "asserted"
    }


def _classes(result: Extraction) -> dict[str, str]:
    return {e.label: e.cls for e in result.entities}


# Text written for these tests, and the facts each must give as asserted facts.
STATED = [
    pytest.param(
        (
            "Astronaut Ana Ruiz trained with Ben Cole and Carl Voss for a year. The three "
            "are riding in Soyuz MS-30 this week."
        ),
        [
            ("Ana Ruiz", "flewOn", "Soyuz MS-30"),
            ("Ben Cole", "flewOn", "Soyuz MS-30"),
            ("Carl Voss", "flewOn", "Soyuz MS-30"),
        ],
        id="counted-group",
    ),
    pytest.param(
        "The NS-40 crew was Ana Ruiz, investor Ben Cole and Carl Voss.",
        [
            ("Ana Ruiz", "flewOn", "NS-40"),
            ("Ben Cole", "flewOn", "NS-40"),
            ("Carl Voss", "flewOn", "NS-40"),
        ],
        id="crew-list-of-named-flight",
    ),
    pytest.param(
        "Soyuz MS-30 carried Ana Ruiz and Ben Cole to the station in 2020.",
        [
            ("Ana Ruiz", "flewOn", "Soyuz MS-30"),
            ("Ben Cole", "flewOn", "Soyuz MS-30"),
        ],
        id="craft-carried-people",
    ),
    pytest.param(
        (
            'The drama "Orbit Road" returns on Friday for a second season. Ana Ruiz, Ben '
            "Cole and Carl Voss also return, while Dana Wells joins the cast. Eve Stone "
            "plays his sister."
        ),
        [
            ("Ana Ruiz", "starsIn", "Orbit Road"),
            ("Ben Cole", "starsIn", "Orbit Road"),
            ("Carl Voss", "starsIn", "Orbit Road"),
            ("Dana Wells", "starsIn", "Orbit Road"),
            ("Eve Stone", "starsIn", "Orbit Road"),
        ],
        id="elliptic-cast-clauses",
    ),
    pytest.param(
        (
            'Apple released the drama "Orbit Road" in May. It was created by Ana Ruiz and '
            "Ben Cole, who also serve as executive producers."
        ),
        [
            ("Ana Ruiz", "produces", "Orbit Road"),
            ("Ben Cole", "produces", "Orbit Road"),
        ],
        id="creators-who-serve-as-producers",
    ),
    pytest.param(
        "Omar Reyes, Lena Park, Tom Hale and Nina Ross are flying aboard Soyuz MS-30.",
        [
            ("Omar Reyes", "flewOn", "Soyuz MS-30"),
            ("Lena Park", "flewOn", "Soyuz MS-30"),
            ("Tom Hale", "flewOn", "Soyuz MS-30"),
            ("Nina Ross", "flewOn", "Soyuz MS-30"),
        ],
        id="subject-list-read-as-apposition",
    ),
    pytest.param(
        (
            "Astronaut Ana Ruiz met Ben Cole and Carl Voss in May. The three rode to orbit "
            "in Soyuz MS-30 last year."
        ),
        [
            ("Ana Ruiz", "flewOn", "Soyuz MS-30"),
            ("Ben Cole", "flewOn", "Soyuz MS-30"),
            ("Carl Voss", "flewOn", "Soyuz MS-30"),
        ],
        id="preposition-on-misparsed-verb",
    ),
    pytest.param(
        (
            "Blue Harbor Rockets, which Jane Miller founded in 2001, builds rockets. Ben "
            "Cole runs Kestrel Aerospace, the company he founded in 2010."
        ),
        [
            ("Jane Miller", "founded", "Blue Harbor Rockets"),
            ("Ben Cole", "founded", "Kestrel Aerospace"),
        ],
        id="relative-clause-object-is-its-head",
    ),
    pytest.param(
        (
            "Jane Miller, a former engineer who went on to found the investment firm Miller "
            "Capital Partners, flew last year."
        ),
        [
            ("Jane Miller", "founded", "Miller Capital Partners"),
        ],
        id="to-found-is-not-find",
    ),
    pytest.param(
        (
            "Pop star Mia Lund and news anchor Sara Holm flew on Monday. The rest of the NS-50 "
            "crew was Lund; Holm; Laura Chen, a former NASA rocket scientist who went on to found "
            "the engineering firm Cellbright, which she still runs; Julia Berg, a researcher who "
            "founded the civil rights group Spacekind; and Kerry Dunn, a film producer."
        ),
        [
            (name, "flewOn", "NS-50")
            for name in ("Mia Lund", "Sara Holm", "Laura Chen", "Julia Berg", "Kerry Dunn")
        ],
        id="crew-list-split-by-semicolons",
    ),
    pytest.param(
        "The flight, designated NS-50, lifted off from Launch Site One on Monday.",
        [("NS-50", "launchedFrom", "Launch Site One")],
        id="flight-noun-designated-by-name",
    ),
    pytest.param(
        (
            'The comedy "Orbit Nine" opens on Friday. Laura Chen plays a test pilot, and Tom '
            "Hale is Jack Ward, the flight director who doubts her."
        ),
        [("Laura Chen", "starsIn", "Orbit Nine"), ("Tom Hale", "starsIn", "Orbit Nine")],
        id="actor-is-character",
    ),
    pytest.param(
        (
            "Ben Cole later went to orbit himself. In October 2021 he and actress Laura Chen flew "
            "to the International Space Station aboard Soyuz MS-40 to shoot scenes for "
            '"Red Dust," a drama he directed and in which she plays a surgeon.'
        ),
        [
            ("Ben Cole", "flewOn", "Soyuz MS-40"),
            ("Laura Chen", "flewOn", "Soyuz MS-40"),
            ("Ben Cole", "directs", "Red Dust"),
        ],
        id="pronoun-and-name-before-verb",
    ),
    pytest.param(
        "Laura Chen co-founded the startup Quillworks in 2015 with Ben Cole and Tom Hale.",
        [
            ("Laura Chen", "founded", "Quillworks"),
            ("Ben Cole", "founded", "Quillworks"),
            ("Tom Hale", "founded", "Quillworks"),
        ],
        id="founded-with-partners",
    ),
    pytest.param(
        'Laura Chen, who played a nurse on the series "Night Shift," has a new film.',
        [("Laura Chen", "starsIn", "Night Shift")],
        id="played-on-a-series",
    ),
    pytest.param(
        "Ana Ruiz and Ben Cole rode Crew Dragon Endurance to the International Space Station.",
        [
            ("Ana Ruiz", "destination", "International Space Station"),
            ("Ben Cole", "destination", "International Space Station"),
        ],
        id="rode-to-a-station",
    ),
    pytest.param(
        (
            'The series "Far Orbit" premieres on Friday. Laura Chen plays the commander. The '
            "crew is played by Mark Ivanir, Vivian Wu, Ray Panthaki and Ato Essandoh."
        ),
        [
            (name, "starsIn", "Far Orbit")
            for name in ("Mark Ivanir", "Vivian Wu", "Ray Panthaki", "Ato Essandoh")
        ],
        id="played-by-a-list",
    ),
    pytest.param(
        "The film ends before Ben Cole's suborbital flight aboard Freedom 7 in May 1961.",
        [("Ben Cole", "flewOn", "Freedom 7")],
        id="persons-flight-aboard-craft",
    ),
    pytest.param(
        "Russia marks 60 years since Ben Cole's Vostok 1 flight.",
        [("Ben Cole", "flewOn", "Vostok 1")],
        id="persons-named-flight",
    ),
    pytest.param(
        "Ben Cole became the first Briton to orbit Earth the next year aboard Soyuz TM-12.",
        [("Ben Cole", "flewOn", "Soyuz TM-12")],
        id="any-verb-aboard-craft",
    ),
    pytest.param(
        ("Soyuz MS-40 lifted off from Baikonur carrying cosmonauts Pavel Orlov and Ivan Petrov."),
        [("Pavel Orlov", "flewOn", "Soyuz MS-40"), ("Ivan Petrov", "flewOn", "Soyuz MS-40")],
        id="carrying-clause-hung-on-a-place",
    ),
    pytest.param(
        "Laura Chen is a chemist at the Aldridge Marine Research Institute in Halifax.",
        [
            ("Aldridge Marine Research Institute", "locatedIn", "Halifax"),
            ("Laura Chen", "worksFor", "Aldridge Marine Research Institute"),
        ],
        id="institution-named-by-its-head-noun",
    ),
    pytest.param(
        "The crew trained at the Polar Astronaut Training Centre in Tromso, Norway.",
        [("Polar Astronaut Training Centre", "locatedIn", "Tromso")],
        id="training-centre-in-a-town",
    ),
    pytest.param(
        "Laura Chen is a nurse at St. Jude Children's Research Hospital in Memphis.",
        [("St. Jude Children's Research Hospital", "locatedIn", "Memphis")],
        id="known-longer-name-beats-the-institution-pattern",
    ),
    pytest.param(
        "Ben Cole took charge on Friday as chairman of the Indian Space Research Organisation.",
        [("Ben Cole", "heads", "Indian Space Research Organisation")],
        id="took-charge-as-agency-chairman",
    ),
    pytest.param(
        "Laura Chen and Ben Cole are Virgin Galactic employees.",
        [
            ("Laura Chen", "worksFor", "Virgin Galactic"),
            ("Ben Cole", "worksFor", "Virgin Galactic"),
        ],
        id="plural-role-after-an-adjective-like-name",
    ),
    pytest.param(
        (
            "The mission, Axiom Mission 9, was organized by Axiom Space. It launched on Sunday "
            "evening on a Falcon 9 rocket from Kennedy Space Center."
        ),
        [("Axiom Mission 9", "launchedFrom", "Kennedy Space Center")],
        id="it-moving-is-the-flight",
    ),
    pytest.param(
        "The flight, Galactic 09, carried two researchers. It took off from Spaceport America.",
        [("Galactic 09", "launchedFrom", "Spaceport America")],
        id="it-taking-off-is-the-flight",
    ),
    pytest.param(
        "Endurance, a SpaceX-built capsule with four people aboard, docked with the station.",
        [("SpaceX", "builds", "Endurance")],
        id="maker-in-a-compound-adjective",
    ),
    pytest.param(
        "The French space agency CNES, which runs the Guiana Space Centre, handled the launch.",
        [("CNES", "operates", "Guiana Space Centre")],
        id="agency-runs-a-spaceport",
    ),
    pytest.param(
        "Ingenuity was built and operated by NASA's Jet Propulsion Laboratory in Pasadena.",
        [
            ("Jet Propulsion Laboratory", "builds", "Ingenuity"),
            ("Jet Propulsion Laboratory", "operates", "Ingenuity"),
        ],
        id="coordinated-passives-share-their-agent",
    ),
    pytest.param(
        (
            "HOUSTON \u2014 Axiom Mission 9 docked with the International Space Station on "
            "Thursday, bringing the four-person crew of Laura Chen, Ben Cole, Tom Hale and Mia Lund "
            "to the orbiting laboratory.\n\nThe four rode to orbit in Crew Dragon Grace, a new "
            "capsule built by SpaceX that was flying for the first time."
        ),
        [
            (name, "flewOn", "Crew Dragon Grace")
            for name in ("Laura Chen", "Ben Cole", "Tom Hale", "Mia Lund")
        ],
        id="past-verb-the-tagger-read-as-a-noun",
    ),
]


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_extract_stated_facts(
    nlp: Language, text: str, expected: list[tuple[str, str, str]]
) -> None:
    facts = _asserted(_run(nlp, text))
    assert [fact for fact in expected if fact not in facts] == []


def test_extract_group_needs_a_crew_word(nlp: Language) -> None:
    result = _run(
        nlp,
        "Ana Ruiz met Ben Cole and Carl Voss. The two filmmakers flew aboard Soyuz MS-30.",
    )
    assert not any(p == "flewOn" for _, p, _ in _asserted(result))


def test_extract_cast_verb_with_a_place_is_no_credit(nlp: Language) -> None:
    result = _run(
        nlp,
        'The drama "Orbit Road" opened in May. Ana Ruiz returned to Houston on Monday.',
    )
    assert ("Ana Ruiz", "starsIn", "Orbit Road") not in _asserted(result)


def test_extract_names_retyped_by_the_noun_beside_them(nlp: Language) -> None:
    result = _run(
        nlp,
        "Flying with her are Omar Reyes, chief executive of the Lyon investment firm Zentrak; "
        "and Lena Parkov, an investor and former fighter pilot.",
    )
    classes = _classes(result)
    assert classes.get("Zentrak") == "Company"
    assert classes.get("Lena Parkov") == "Person"


def test_extract_role_before_next_name_is_not_previous_persons(nlp: Language) -> None:
    result = _run(
        nlp,
        "The crew included investor Ana Ruiz, Voyager Space chief executive Ben Cole, and others.",
    )
    facts = _asserted(result)
    assert ("Ana Ruiz", "heads", "Voyager Space") not in facts


def test_extract_counted_noun_is_the_latest_named_pair(nlp: Language) -> None:
    result = _run(
        nlp,
        "Actress Ana Ruiz and director Ben Cole trained for months. "
        "Commander Carl Voss met them in Moscow. "
        "The two filmmakers had launched aboard Soyuz MS-30 in October.",
    )
    facts = _asserted(result)
    assert ("Ana Ruiz", "flewOn", "Soyuz MS-30") in facts
    assert ("Ben Cole", "flewOn", "Soyuz MS-30") in facts
    assert ("Carl Voss", "flewOn", "Soyuz MS-30") not in facts


@pytest.mark.parametrize(
    "text",
    [
        "Roscosmos cosmonauts Ivan Petrov and Oleg Sokolov flew home.",
        "The minister spoke with three Roscosmos cosmonauts aboard the station: Ivan Petrov, "
        "Pavel Orlov and Oleg Sokolov.",
    ],
)
def test_extract_plural_role_is_each_listed_persons(nlp: Language, text: str) -> None:
    facts = _asserted(_run(nlp, text))
    assert ("Ivan Petrov", "worksFor", "Roscosmos") in facts
    assert ("Oleg Sokolov", "worksFor", "Roscosmos") in facts


def test_extract_which_clause_refers_to_the_nearest_conjunct(nlp: Language) -> None:
    facts = _asserted(
        _run(nlp, "The plan was announced by NASA and Roscosmos, which is headed by Ivan Petrov.")
    )
    assert ("Ivan Petrov", "heads", "Roscosmos") in facts
    assert ("Ivan Petrov", "heads", "NASA") not in facts


def test_extract_named_definite_noun_is_not_a_reference(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Amazon founder Jane Miller flew in a capsule launched by a rocket built by her own "
            "company, Blue Origin.",
        )
    )
    assert not any(p == "builds" and s == "Amazon" for s, p, _ in facts)


def test_extract_possessive_before_rocket_is_no_ownership(nlp: Language) -> None:
    facts = _asserted(_run(nlp, "Jane Miller rode Blue Origin's New Shepard rocket last year."))
    assert ("Blue Origin", "operates", "New Shepard") not in facts


def test_extract_whole_colon_list_after_flight_verb(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Six people flew aboard Soyuz MS-30: pilots Ivan Petrov and Oleg Sokolov, "
            "lead operations engineer Pavel Orlov, Jane Miller and Robert Walsh.",
        )
    )
    for name in ("Ivan Petrov", "Oleg Sokolov", "Pavel Orlov", "Jane Miller", "Robert Walsh"):
        assert (name, "flewOn", "Soyuz MS-30") in facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the movie Silent Orbit, Ben Cole plays an engineer.",
            {("Silent Orbit", "Film")},
        ),
        (
            'The picture, titled "Night Orbit", follows a surgeon in space.',
            {("Night Orbit", "Film")},
        ),
        ('Ana Ruiz starred in "Cold Light" in 2010.', {("Cold Light", "Film")}),
        ('"Deep Field," starring Carl Voss, opens on Friday.', {("Deep Field", "Film")}),
        ('Tom Hanks, the star of "Red Dust," spoke.', {("Red Dust", "Film")}),
    ],
)
def test_extract_titles_after_film_nouns_and_credits(
    nlp: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert expected <= set(_classes(_run(nlp, text)).items())


def test_extract_film_noun_before_a_relative_subject_is_no_title(nlp: Language) -> None:
    classes = _classes(_run(nlp, "The documentary Tom Hanks produced aired in May."))
    assert classes.get("Tom Hanks") == "Person"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The film Red Dust premiered in Venice. The film, starring Ana Ruiz and Ben Cole, "
            "opens on Friday.",
            {("Ana Ruiz", "starsIn", "Red Dust"), ("Ben Cole", "starsIn", "Red Dust")},
        ),
        (
            "Starring Ana Ruiz, the film Red Dust opens on Friday.",
            {("Ana Ruiz", "starsIn", "Red Dust")},
        ),
        (
            'Its lineup includes "Blue Hour," a drama starring Ana Ruiz; "Far Side," a series '
            'starring Ben Cole; and "Echo," starring Carl Voss.',
            {
                ("Ana Ruiz", "starsIn", "Blue Hour"),
                ("Ben Cole", "starsIn", "Far Side"),
                ("Carl Voss", "starsIn", "Echo"),
            },
        ),
    ],
)
def test_extract_starring_clauses_credit_their_film(
    nlp: Language, text: str, expected: set[tuple[str, str, str]]
) -> None:
    facts = _asserted(_run(nlp, text))
    assert expected <= facts
    films = {o for _, p, o in expected}
    assert not {f for f in facts if f[1] == "starsIn" and f not in expected and f[2] in films}


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz commands the Ax-9 mission. Flying with her are Ben Cole, a banker; and Carl Voss.",
        "Ax-9 is commanded by Maria Lopez. She is joined by pilot Ben Cole and by Carl Voss.",
    ],
)
def test_extract_companions_fly_on_their_commanders_flight(nlp: Language, text: str) -> None:
    facts = _asserted(_run(nlp, text))
    assert {("Ben Cole", "flewOn", "Ax-9"), ("Carl Voss", "flewOn", "Ax-9")} <= facts


def test_extract_companion_of_someone_not_flying_flies_on_nothing(nlp: Language) -> None:
    result = _run(nlp, "Ana Ruiz runs a bakery. She is joined by her partner Ben Cole.")
    assert not any(p == "flewOn" for _, p, _ in _asserted(result))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'The film "Red Dust" opened in May. Maria Lopez is an executive producer.',
            {("Maria Lopez", "produces", "Red Dust")},
        ),
        (
            'The film "Red Dust" opened in May. Studio chief Maria Lopez is among its producers.',
            {("Maria Lopez", "produces", "Red Dust")},
        ),
        (
            'Maria Lopez produced and directed the 2015 film "Red Dust".',
            {("Maria Lopez", "produces", "Red Dust"), ("Maria Lopez", "directs", "Red Dust")},
        ),
        ('"Red Dust" producer Maria Lopez spoke.', {("Maria Lopez", "produces", "Red Dust")}),
        (
            "Imagine Entertainment produced the 1995 film Apollo 13, directed by Ron Howard.",
            {
                ("Imagine Entertainment", "produces", "Apollo 13"),
                ("Ron Howard", "directs", "Apollo 13"),
            },
        ),
    ],
)
def test_extract_producer_credits(
    nlp: Language, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert expected <= _asserted(_run(nlp, text))


def test_extract_an_actress_is_no_part_in_the_articles_film(nlp: Language) -> None:
    result = _run(nlp, 'The film "Red Dust" opened in May. Maria Lopez is an actress.')
    assert not any(p == "starsIn" for _, p, _ in _asserted(result))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Tom Hanks and Meg Ryan star in "Red Dust."', {("Tom Hanks", "starsIn", "Red Dust")}),
        (
            'In "Red Dust," Tom Hanks stars opposite Meg Ryan.',
            {("Tom Hanks", "starsIn", "Red Dust"), ("Meg Ryan", "starsIn", "Red Dust")},
        ),
        (
            'The film "Red Dust" opened. The cast also features Tom Hanks and Meg Ryan.',
            {("Tom Hanks", "starsIn", "Red Dust"), ("Meg Ryan", "starsIn", "Red Dust")},
        ),
        (
            'Tom Hanks was cast as the commander in "Red Dust."',
            {("Tom Hanks", "starsIn", "Red Dust")},
        ),
        (
            'Maria Lopez directed Tom Hanks in the musical "Blue Tune."',
            {("Maria Lopez", "directs", "Blue Tune"), ("Tom Hanks", "starsIn", "Blue Tune")},
        ),
    ],
)
def test_extract_cast_and_direction_credits(
    nlp: Language, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert expected <= _asserted(_run(nlp, text))


def test_extract_persons_possessive_title_is_their_film(nlp: Language) -> None:
    result = _run(nlp, 'Director Maria Lopez\'s new film "Red Dust" opened in Venice.')
    assert ("Maria Lopez", "directs", "Red Dust") in _asserted(result)


def test_extract_companys_possessive_title_is_no_production(nlp: Language) -> None:
    result = _run(nlp, 'Netflix\'s "Red Dust" opened on Friday. The documentary is long.')
    assert ("Netflix", "produces", "Red Dust") not in _asserted(result)


def test_extract_coordinated_people_before_a_who_clause_all_fly(nlp: Language) -> None:
    text = (
        "The spare capsule is for Roscosmos cosmonauts Ivan Orlov and Pavel Sokolov and NASA "
        "astronaut Tom Weller, who flew to the station in March aboard Soyuz MS-40."
    )
    facts = _asserted(_run(nlp, text))
    for name in ("Ivan Orlov", "Pavel Sokolov", "Tom Weller"):
        assert (name, "flewOn", "Soyuz MS-40") in facts


def test_extract_arriving_on_a_craft_is_flying_on_it(nlp: Language) -> None:
    text = (
        "Ivan Orlov and Tom Weller spent six months aboard the station after arriving on "
        "Soyuz MS-40."
    )
    facts = _asserted(_run(nlp, text))
    assert {
        ("Ivan Orlov", "flewOn", "Soyuz MS-40"),
        ("Tom Weller", "flewOn", "Soyuz MS-40"),
    } <= facts


@pytest.mark.parametrize(
    ("text", "cast"),
    [
        (
            'The film "Cold Orbit" opens on Friday. The cast includes Mara Quinn, Tobias Lind and Petra Sand as '
            "the other pilots, with Oskar Berg as flight director Lena Frost.",
            ("Mara Quinn", "Tobias Lind", "Petra Sand", "Oskar Berg"),
        ),
        (
            'The film "Cold Orbit" opens on Friday. The cast also includes Mara Quinn as a tech billionaire, '
            "Tobias Lind, Petra Sand and Oskar Berg.",
            ("Mara Quinn", "Tobias Lind", "Petra Sand", "Oskar Berg"),
        ),
        (
            'The film "Cold Orbit" opens on Friday. Mara Quinn plays the president, Tobias Lind and Petra Sand play '
            "the hosts of a morning show.",
            ("Mara Quinn", "Tobias Lind", "Petra Sand"),
        ),
        (
            'The film "Cold Orbit" opens on Friday. Mara Quinn plays Nina Holt, a pilot sent toward Neptune to '
            "find her father, an engineer played by Tobias Lind.",
            ("Mara Quinn", "Tobias Lind"),
        ),
    ],
)
def test_extract_cast_lists_and_plays(nlp: Language, text: str, cast: tuple[str, ...]) -> None:
    facts = _asserted(_run(nlp, text))
    assert {(name, "starsIn", "Cold Orbit") for name in cast} <= facts
    assert ("Lena Frost", "starsIn", "Cold Orbit") not in facts
    assert ("Nina Holt", "starsIn", "Cold Orbit") not in facts


@pytest.mark.parametrize(
    "text",
    [
        "NS-40 landed on Saturday, carrying the four-person crew of Mara Quinn, Tobias Lind, "
        "Petra Sand and Oskar Berg back to Earth.",
        "NS-40 reached space with a crew of Mara Quinn, Tobias Lind, Petra Sand and Oskar Berg.",
    ],
)
def test_extract_crew_of_people_flies_on_flight_before(nlp: Language, text: str) -> None:
    facts = _asserted(_run(nlp, text))
    for name in ("Mara Quinn", "Tobias Lind", "Petra Sand", "Oskar Berg"):
        assert (name, "flewOn", "NS-40") in facts


@pytest.mark.parametrize(
    ("text", "producers"),
    [
        (
            'The film "Cold Orbit" opens on Friday. Mara Quinn directed the film, which she '
            "produced with Tobias Lind. Netflix financed it after two studios passed.",
            ("Mara Quinn", "Tobias Lind", "Netflix"),
        ),
        (
            'The series "Cold Orbit" premieres on Friday. The show is produced by Orbital Pictures '
            "and Harbor Lane, the production company Mara Quinn founded.",
            ("Orbital Pictures", "Harbor Lane"),
        ),
    ],
)
def test_extract_producers_financiers_and_partners(
    nlp: Language, text: str, producers: tuple[str, ...]
) -> None:
    result = _run(nlp, text)
    assert {(name, "produces", "Cold Orbit") for name in producers} <= _asserted(result)
    assert _classes(result).get("Mara Quinn") == "Person"


@pytest.mark.parametrize(
    "text",
    [
        "Mara Quinn flew aboard Soyuz T-40 in 1984.",
        "Tobias Lind flew aboard Soyuz T-40 in 1961, years before the shuttle.",
    ],
)
def test_extract_flew_aboard_with_a_date(nlp: Language, text: str) -> None:
    person = " ".join(text.split()[:2])
    assert (person, "flewOn", "Soyuz T-40") in _asserted(_run(nlp, text))


def test_extract_joined_by_crewmates_is_no_employment(nlp: Language) -> None:
    text = (
        "Mara Quinn commanded NS-40. She is joined by Tobias Lind, a retired banker, and by two "
        "mission specialists: Petra Sand, a project astronaut of the European Space Agency, and "
        "Oskar Berg, an engineer."
    )
    facts = _asserted(_run(nlp, text))
    assert ("Petra Sand", "worksFor", "European Space Agency") in facts
    assert ("Tobias Lind", "worksFor", "European Space Agency") not in facts


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "Mara Quinn, a group captain in the Indian Air Force, trained in Moscow.",
            "Indian Air Force",
        ),
        (
            "Mara Quinn, a fighter pilot in the Royal Saudi Air Force, trained.",
            "Royal Saudi Air Force",
        ),
        ("Mara Quinn, a former officer in the U.S. Navy, founded a firm.", "United States Navy"),
    ],
)
def test_extract_rank_in_a_service_is_employment(nlp: Language, text: str, org: str) -> None:
    assert ("Mara Quinn", "worksFor", org) in _asserted(_run(nlp, text))


@pytest.mark.parametrize(
    ("text", "producers"),
    [
        (
            'The film "Cold Orbit" opens on Friday. Mara Quinn is also one of its producers, '
            "along with Tobias Lind and Petra Sand.",
            ("Mara Quinn", "Tobias Lind", "Petra Sand"),
        ),
        (
            'The film "Cold Orbit" opens on Friday. Harbor Pictures made it. Mara Quinn and '
            "Tobias Lind are among its executive producers.",
            ("Mara Quinn", "Tobias Lind"),
        ),
        (
            'The film "Cold Orbit" opens on Friday. Mara Quinn, one of the producers, spoke.',
            ("Mara Quinn",),
        ),
    ],
)
def test_extract_one_of_its_producers(nlp: Language, text: str, producers: tuple[str, ...]) -> None:
    facts = _asserted(_run(nlp, text))
    assert {(name, "produces", "Cold Orbit") for name in producers} <= facts


def test_extract_crew_set_off_by_commas_flies(nlp: Language) -> None:
    text = (
        "The NS-40 crew, NASA astronauts Mara Quinn and Tobias Lind, flew aboard Soyuz T-40, "
        "which lifted off from Baikonur."
    )
    facts = _asserted(_run(nlp, text))
    for name in ("Mara Quinn", "Tobias Lind"):
        assert (name, "flewOn", "NS-40") in facts


@pytest.mark.parametrize(
    "text",
    [
        (
            "The Crew-15 mission lifted off from Baikonur on Sunday evening. Its crew was "
            "commander Mara Quinn, flight engineer Tobias Lind and payload specialist Ivo Berg."
        ),
        (
            "China's Shenzhou-40 spacecraft docked with the station on Tuesday. The spacecraft "
            "had lifted off from a desert launch site in the morning. Its crew is made up of "
            "commander Mara Quinn, flight engineer Tobias Lind and payload specialist Ivo Berg."
        ),
        (
            "Crew-15 lifted off on June 5 from Baikonur. The test's crew, commander Mara Quinn, "
            "flight engineer Tobias Lind and engineer Ivo Berg, reached orbit an hour later."
        ),
        (
            "The Crew-15 mission lifted off on Sunday. Its crew was Mara Quinn, the mission "
            "commander, Tobias Lind and Ivo Berg, an engineer with the space agency."
        ),
    ],
    ids=["its-crew-was", "made-up-of-after-a-reference", "possessive-noun", "apposition-role"],
)
def test_extract_definite_crew_lists_the_flight_before(nlp: Language, text: str) -> None:
    flight = "Shenzhou-40" if "Shenzhou-40" in text else "Crew-15"
    facts = _asserted(_run(nlp, text))
    for name in ("Mara Quinn", "Tobias Lind", "Ivo Berg"):
        assert (name, "flewOn", flight) in facts, name
    assert ("Mara Quinn", "commands", flight) in facts
    assert ("Tobias Lind", "commands", flight) not in facts


def test_extract_definite_crew_far_from_any_flight_flies_on_nothing(nlp: Language) -> None:
    text = (
        "Crew-15 lifted off in 2019. "
        + "The agency has since rebuilt its training center, hired new instructors, opened "
        "two offices and signed contracts with several universities and companies. "
        * 4
        + "Its crew was Mara Quinn and Tobias Lind."
    )
    facts = _asserted(_run(nlp, text))
    assert not any(p == "flewOn" for _, p, _ in facts)


@pytest.mark.parametrize(
    ("text", "aboard", "commander"),
    [
        (
            "NS-40 carried four company employees. Mara Quinn and Tobias Lind were the pilots. "
            "In the cabin were Ivo Berg, the company's lead instructor; and Lena Holt, an "
            "engineer with the flight test team.",
            ("Mara Quinn", "Tobias Lind", "Ivo Berg", "Lena Holt"),
            None,
        ),
        (
            "NS-40 lifted off on Thursday from West Texas. Mara Quinn was the commander. "
            "Aboard were Tobias Lind and Ivo Berg.",
            ("Mara Quinn", "Tobias Lind", "Ivo Berg"),
            "Mara Quinn",
        ),
    ],
    ids=["pilots-and-cabin", "commander-and-aboard"],
)
def test_extract_people_aboard_the_flight_before(
    nlp: Language, text: str, aboard: tuple[str, ...], commander: str | None
) -> None:
    facts = _asserted(_run(nlp, text))
    for name in aboard:
        assert (name, "flewOn", "NS-40") in facts, name
    commanders = {s for s, p, _ in facts if p == "commands"}
    assert commanders == ({commander} if commander else set())


def test_extract_pilots_of_a_named_aircraft_are_not_aboard_the_flight(nlp: Language) -> None:
    text = "NS-40 lifted off on Thursday. Mara Quinn and Tobias Lind were the pilots of Eve."
    facts = _asserted(_run(nlp, text))
    assert not any(p == "flewOn" for _, p, _ in facts)


def test_extract_passengers_among_them_fly_on_the_flight_named_next(nlp: Language) -> None:
    text = (
        "The company sent six more passengers to space on Thursday, among them Mara Quinn, a "
        "co-founder of the comedy group Stunt Crew, and Tobias Lind, a teacher. The NS-40 "
        "mission rose from Launch Site One. Quinn said she had dreamed of it for years. The "
        "capsule landed ten minutes later. Flying with Quinn and Lind were Ivo Berg, a "
        "businessman; and Lena Holt, an explorer."
    )
    result = _run(nlp, text)
    facts = _asserted(result)
    for name in ("Mara Quinn", "Tobias Lind", "Ivo Berg", "Lena Holt"):
        assert (name, "flewOn", "NS-40") in facts, name
    assert _classes(result).get("Stunt Crew") == "Organization"
    assert not any(s == "Stunt Crew" for s, _, _ in facts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mara Quinn and producer Tobias Lind made the thriller Deep Orbit through Nine Hills "
            "Pictures, the company the two founded in 1998.",
            [
                ("Mara Quinn", "founded", "Nine Hills Pictures"),
                ("Tobias Lind", "founded", "Nine Hills Pictures"),
                ("Nine Hills Pictures", "produces", "Deep Orbit"),
            ],
        ),
        (
            "The documentary Red Dust premiered in May. Mara Quinn made the film through Nine "
            "Hills Pictures, the production company Quinn founded after college.",
            [
                ("Mara Quinn", "founded", "Nine Hills Pictures"),
                ("Nine Hills Pictures", "produces", "Red Dust"),
            ],
        ),
    ],
    ids=["the-two-founded", "named-founder"],
)
def test_extract_founders_after_a_company_noun_and_producers_through(
    nlp: Language, text: str, expected: list[tuple[str, str, str]]
) -> None:
    facts = _asserted(_run(nlp, text))
    for triple in expected:
        assert triple in facts, triple


def test_extract_who_clause_of_a_verbs_object_is_not_the_subjects(nlp: Language) -> None:
    text = (
        "Ana Ruiz starred in the film. To prepare, Ruiz talked with NASA astronaut Mara Quinn, "
        "who had flown to the station aboard a Russian Soyuz in December 2010 and described to "
        "her how the body moves."
    )
    facts = _asserted(_run(nlp, text))
    assert ("Mara Quinn", "flewOn", "Soyuz") in facts
    assert not any(s == "Ana Ruiz" and p != "starsIn" for s, p, _ in facts)


def test_extract_stars_as_beside_another_plays_credits_the_storys_film(nlp: Language) -> None:
    text = (
        'When "Harbor Lights" opened, the film drew crowds. Maria Lopez stars as Jo Park, a '
        "medical engineer on her first mission, and Ben Cole plays Sam Reed, the veteran "
        "commander who tries to get her home."
    )
    facts = _asserted(_run(nlp, text))
    assert ("Maria Lopez", "starsIn", "Harbor Lights") in facts


def test_extract_people_who_round_out_the_cast_star_in_the_storys_film(nlp: Language) -> None:
    text = (
        'When "Harbor Lights" opened, the film drew crowds. Maria Lopez, Tom Weller and Ben Cole '
        "round out the cast."
    )
    facts = _asserted(_run(nlp, text))
    for name in ("Maria Lopez", "Tom Weller", "Ben Cole"):
        assert (name, "starsIn", "Harbor Lights") in facts, name


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        (
            "The James Webb Space Telescope reached its orbit in January. Northrop Grumman, the "
            "prime contractor, built the observatory for NASA.",
            ("Northrop Grumman", "builds", "James Webb Space Telescope"),
        ),
        (
            "Electron first flew in 2017. The small launcher is designed and built by Rocket Lab.",
            ("Rocket Lab", "builds", "Electron"),
        ),
    ],
    ids=["the-observatory", "the-launcher"],
)
def test_extract_craft_and_rocket_nouns_refer_to_the_named_one(
    nlp: Language, text: str, triple: tuple[str, str, str]
) -> None:
    assert triple in _asserted(_run(nlp, text))


def test_extract_name_given_to_a_mission_is_a_flight_everywhere(nlp: Language) -> None:
    text = (
        "The mission, called Polar Nine, lifted off from Kennedy Space Center on Monday. Joining "
        "Maria Lopez on Polar Nine are Tom Weller, a filmmaker; and Ben Cole, a guide. Polar Nine "
        "will splash down off California."
    )
    result = _run(nlp, text)
    assert _classes(result).get("Polar Nine") == "Spaceflight"
    facts = _asserted(result)
    assert ("Polar Nine", "launchedFrom", "Kennedy Space Center") in facts
    for name in ("Tom Weller", "Ben Cole"):
        assert (name, "flewOn", "Polar Nine") in facts, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'When "Harbor Lights" opened, the film drew crowds. Maria Lopez, Tom Weller and Ben '
            "Cole turn up in smaller parts.",
            [("Maria Lopez", "starsIn", "Harbor Lights"), ("Ben Cole", "starsIn", "Harbor Lights")],
        ),
        (
            'The film "Harbor Lights" opens Friday. Maria Lopez, who won an award for her role in '
            'the film "Cold River," plays the captain.',
            [("Maria Lopez", "starsIn", "Cold River")],
        ),
    ],
    ids=["smaller-parts", "her-role-in"],
)
def test_extract_parts_in_films(
    nlp: Language, text: str, expected: list[tuple[str, str, str]]
) -> None:
    facts = _asserted(_run(nlp, text))
    for triple in expected:
        assert triple in facts, triple


def test_extract_he_is_not_the_actress_named_last(nlp: Language) -> None:
    text = (
        'Tom Hale has a new film, "Red Dust." He cast the actress Mia Lund in the lead. '
        '"Red Dust" is a drama he directed in Spain.'
    )
    facts = _asserted(_run(nlp, text))
    assert ("Tom Hale", "directs", "Red Dust") in facts
    assert ("Mia Lund", "directs", "Red Dust") not in facts


def test_extract_film_named_after_a_station_stays_a_film(nlp: Language) -> None:
    result = _run(
        nlp, 'The fire aboard Mir in 1997 is the story of the film "Mir," directed by Laura Chen.'
    )
    kinds = {(e.label, e.cls) for e in result.entities}
    assert {("Mir", "SpaceStation"), ("Mir", "Film")} <= kinds
    film = next(e.key for e in result.entities if e.cls == "Film")
    assert any(f.predicate == "directs" and f.object == film for f in result.facts)


def test_extract_name_beside_a_craft_noun_is_a_craft_everywhere(nlp: Language) -> None:
    result = _run(
        nlp,
        "Ulysses, the robotic lander built by Firefly Aerospace, tipped over on Friday. "
        "Engineers said Ulysses still sends data.",
    )
    assert [(e.label, e.cls, len(e.mentions)) for e in result.entities if e.label == "Ulysses"] == [
        ("Ulysses", "Spacecraft", 2)
    ]


def test_extract_nickname_is_an_alias(nlp: Language) -> None:
    result = _run(
        nlp,
        "The rover Perseverance landed on Mars in 2021. Perseverance, which its team nicknamed "
        "Percy, has driven 30 kilometers since then. Percy also carried a small helicopter.",
    )
    assert [(e.label, e.cls, e.aliases) for e in result.entities] == [
        ("Perseverance", "Spacecraft", ["Percy"])
    ]


def test_extract_craft_noun_before_a_name_types_it_everywhere(nlp: Language) -> None:
    result = _run(
        nlp,
        "The company lost the lander Hakuto in April, and Hakuto was never heard from again. "
        "Engineers said the capsule SpaceX built worked well.",
    )
    assert ("Hakuto", "Spacecraft") in {(e.label, e.cls) for e in result.entities}
    assert ("SpaceX", "Company") in {(e.label, e.cls) for e in result.entities}


@pytest.mark.parametrize(
    ("text", "named", "alias"),
    [
        (
            "The label signed Choi Seung-hyun, better known as T.O.P, in 2006.",
            "Choi Seung-hyun",
            "T.O.P",
        ),
        (
            "Odysseus, a Nova-C lander that the team nicknamed Odie, lifted off in February. "
            "Odysseus then landed on its side.",
            "Odysseus",
            "Odie",
        ),
        (
            "The orbiter Kestrel, called Al-Saqr in Arabic, reached Mars in February.",
            "Kestrel",
            "Al-Saqr",
        ),
    ],
)
def test_extract_name_given_after_a_comma_is_an_alias(
    nlp: Language, text: str, named: str, alias: str
) -> None:
    result = _run(nlp, text)
    assert [e.aliases for e in result.entities if e.label == named] == [[alias]]


def test_extract_main_verb_after_an_apposition_gives_no_alias(nlp: Language) -> None:
    result = _run(nlp, "Laura Chen, a NASA engineer, called Tom Hale on Monday.")
    assert {e.label: e.aliases for e in result.entities if e.cls == "Person"} == {
        "Laura Chen": [],
        "Tom Hale": [],
    }


def test_extract_the_picture_is_not_a_film_named_in_a_relative_clause(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'Twenty years ago, Warner Bros. released "Red Dust," a film about Mars. '
            'Tom Hale, who had directed "Blue Moon" three years earlier, produced the picture '
            "with Laura Chen.",
        )
    )
    assert {("Tom Hale", "produces", "Red Dust"), ("Laura Chen", "produces", "Red Dust")} <= facts
    assert not any(o == "Blue Moon" and p == "produces" for _, p, o in facts)


def test_extract_co_verbs_parse_as_verbs(nlp: Language) -> None:
    result = _run(
        nlp,
        'Netflix released "Red Dust," a film about Mars, on Friday. Tom Hale co-stars as a '
        "geologist who becomes her rival, with Ben Cole and Mia Lund in the cast. In 1993 "
        "Laura Chen co-founded Orbital Technologies with her husband.",
    )
    facts = _asserted(result)
    assert {
        ("Tom Hale", "starsIn", "Red Dust"),
        ("Ben Cole", "starsIn", "Red Dust"),
        ("Mia Lund", "starsIn", "Red Dust"),
        ("Laura Chen", "founded", "Orbital Technologies"),
    } <= facts
    assert _classes(result)["Orbital Technologies"] == "Company"


def test_extract_in_part_is_no_role(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'Tom Hale stars in "Red Dust" as Jack Marsh. Marsh is said to be modeled in part '
            "on the geologist Laura Chen.",
        )
    )
    assert ("Tom Hale", "starsIn", "Red Dust") in facts
    assert not any(p == "starsIn" and s != "Tom Hale" for s, p, _ in facts)


def test_extract_name_described_by_a_possessive_title_is_a_person(nlp: Language) -> None:
    result = _run(
        nlp,
        "The pilot spoke by video link with Thabo Mbeki, South Africa's president, on Saturday.",
    )
    assert _classes(result)["Thabo Mbeki"] == "Person"
    assert ("Thabo Mbeki", "heads", "South Africa") in _asserted(result)


def test_extract_the_agency_is_the_one_the_last_sentence_was_about(nlp: Language) -> None:
    result = _run(
        nlp,
        "Russia's space agency, Rosaviakosmos, has come to rely on such fares, despite objections "
        "from NASA and NASA's partners. The agency, headed by Yuri Koptev, sells the third seat.",
    )
    assert _classes(result)["Rosaviakosmos"] == "SpaceAgency"
    facts = _asserted(result)
    assert ("Yuri Koptev", "heads", "Rosaviakosmos") in facts
    assert ("Yuri Koptev", "heads", "NASA") not in facts


def test_extract_flying_for_an_agency_is_working_for_it(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Tom Hale, a test pilot who flies for the European Space Agency, is making his first "
            "trip. Laura Chen flew for the first time in 2019.",
        )
    )
    assert facts == {("Tom Hale", "worksFor", "European Space Agency")}


def test_extract_crewmates_listed_around_a_relative_clause(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Laura Chen launched aboard Soyuz TMA-13 on Monday. Her crewmates were Russian "
            "cosmonaut Yuri Lonchakov, who commanded the capsule, and NASA astronaut Ben Cole.",
        )
    )
    assert {
        ("Laura Chen", "flewOn", "Soyuz TMA-13"),
        ("Yuri Lonchakov", "flewOn", "Soyuz TMA-13"),
        ("Yuri Lonchakov", "commands", "Soyuz TMA-13"),
        ("Ben Cole", "flewOn", "Soyuz TMA-13"),
    } <= facts


def test_extract_relative_clause_on_a_predicate_noun_is_about_the_subject(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Her father, Tom Hale, is a former NASA astronaut who flew to Skylab on the Skylab 3 "
            "mission in 1973.",
        )
    )
    assert {("Tom Hale", "flewOn", "Skylab 3"), ("Tom Hale", "destination", "Skylab")} <= facts


def test_extract_pronoun_skips_a_name_inside_a_relative_clause(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Tom Hale grew up in Houston. The game designer, who co-founded Origin Systems with "
            "his brother Ben Cole, bought a seat. On Oct. 12 he launched aboard Soyuz TMA-13.",
        )
    )
    assert ("Tom Hale", "flewOn", "Soyuz TMA-13") in facts
    assert ("Ben Cole", "flewOn", "Soyuz TMA-13") not in facts


def test_extract_cast_rounded_out_by_a_list_with_a_relative_clause(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'The film "Red Dust" opens Friday. Tom Hale plays the commander, and the cast is '
            "rounded out by Ben Cole, who plays twin sisters, Mia Lund and Laura Chen.",
        )
    )
    assert {
        (p, "starsIn", "Red Dust") for p in ("Tom Hale", "Ben Cole", "Mia Lund", "Laura Chen")
    } == {f for f in facts if f[1] == "starsIn"}


def test_extract_voice_role_is_a_part(nlp: Language) -> None:
    facts = _asserted(_run(nlp, 'The film "Red Dust" opens Friday. Mia Lund voices Stan, a boy.'))
    assert ("Mia Lund", "starsIn", "Red Dust") in facts


def test_extract_pronoun_skips_a_relative_named_through_a_preposition(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Tom Hale, the son of Ben Cole, had been directing commercials; he went on to "
            'direct "Source Code."',
        )
    )
    assert ("Tom Hale", "directs", "Source Code") in facts
    assert ("Ben Cole", "directs", "Source Code") not in facts


def test_extract_craft_named_by_its_last_word_alone(nlp: Language) -> None:
    result = _run(
        nlp,
        "Virgin Galactic's VSS Enterprise broke apart on Friday. Enterprise took off from the "
        "Mojave Air and Space Port.",
    )
    assert [e.aliases for e in result.entities if e.label == "VSS Enterprise"] == [["Enterprise"]]
    assert ("VSS Enterprise", "launchedFrom", "Mojave Air and Space Port") in _asserted(result)


def test_extract_surname_that_is_also_a_town_is_the_person(nlp: Language) -> None:
    result = _run(
        nlp,
        "Sergei Korolev designed the rocket. Korolev had already overseen Sputnik 1. "
        "The control center is in Korolev.",
    )
    kinds = {(e.label, e.cls, tuple(e.aliases)) for e in result.entities}
    assert ("Sergei Korolev", "Person", ("Korolev",)) in kinds
    assert any(e.cls == "Place" and e.label == "Korolev" for e in result.entities)


def test_extract_the_crew_riding_in_a_craft_is_the_story_crew(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "The Inspiration4 crew was Laura Chen, Ben Cole, Tom Hale and Mia Lund. The crew is "
            "riding in Crew Dragon Resilience. The crew did not fly aboard Soyuz MS-20.",
        )
    )
    riders = {s for s, p, o in facts if p == "flewOn" and o == "Crew Dragon Resilience"}
    assert riders == {"Laura Chen", "Ben Cole", "Tom Hale", "Mia Lund"}
    assert not any(o == "Soyuz MS-20" for _, _, o in facts)


@pytest.mark.parametrize(
    "text",
    [
        "Space Adventures sells seats. The company, whose chief executive is Tom Hale, did not "
        "disclose the price.",
        "Space Adventures' chief executive is Tom Hale.",
        "The chief executive of Space Adventures is Tom Hale.",
    ],
)
def test_extract_role_given_by_a_copula(nlp: Language, text: str) -> None:
    assert _asserted(_run(nlp, text)) == {("Tom Hale", "heads", "Space Adventures")}


def test_extract_role_given_by_a_copula_needs_a_named_owner(nlp: Language) -> None:
    facts = _asserted(_run(nlp, "NASA flew STS-61-C in 1986. Its pilot was Tom Hale."))
    assert ("Tom Hale", "worksFor", "NASA") not in facts


def test_extract_coordinated_roles_share_the_company(nlp: Language) -> None:
    facts = _asserted(
        _run(nlp, "Among them is SpaceX founder and chief executive Tom Hale, who spoke first.")
    )
    assert facts == {("Tom Hale", "founded", "SpaceX"), ("Tom Hale", "heads", "SpaceX")}


def test_extract_chief_inside_a_longer_title_is_no_head(nlp: Language) -> None:
    facts = _asserted(
        _run(nlp, "Beth Moses, Virgin Galactic's chief astronaut instructor, was aboard.")
    )
    assert facts == {("Beth Moses", "worksFor", "Virgin Galactic")}


def test_extract_headquarters_in_a_city_locates_the_owner(nlp: Language) -> None:
    facts = _asserted(
        _run(nlp, "The film crew visited SpaceX's headquarters in Hawthorne, California, in May.")
    )
    assert ("SpaceX", "locatedIn", "Hawthorne") in facts


def test_extract_the_spacecraft_is_the_one_the_last_sentence_named(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Starship was to carry him around the Moon. Starship never flew that trip. He flew "
            "to the International Space Station aboard Soyuz MS-20 in 2021. The Russian "
            "spacecraft was launched from the Baikonur Cosmodrome.",
        )
    )
    assert ("Soyuz MS-20", "launchedFrom", "Baikonur Cosmodrome") in facts
    assert ("Starship", "launchedFrom", "Baikonur Cosmodrome") not in facts


def test_extract_it_as_object_of_a_coordinated_verb_is_the_shared_object(nlp: Language) -> None:
    result = _run(
        nlp,
        "Laura Chen, who founded the online retailer Zozo and ran it until 2019, bought every "
        "seat. Ben Cole founded Orbital Technologies in 2006 and still runs it as chief executive.",
    )
    label = _labels(result)
    facts = {(label[f.subject], f.predicate, label[f.object], f.is_ended) for f in result.facts}
    assert {
        ("Laura Chen", "heads", "Zozo", True),
        ("Ben Cole", "heads", "Orbital Technologies", False),
    } <= facts


def test_extract_the_crew_entering_a_station_is_the_story_crew(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Laura Chen, Ben Cole, Tom Hale and Mia Lund flew aboard Crew Dragon Resilience. The "
            "capsule docked shortly after 11 p.m., and the four floated into the ISS two hours "
            "later.",
        )
    )
    assert {
        s for s, p, o in facts if p == "destination" and o == "International Space Station"
    } >= {
        "Laura Chen",
        "Ben Cole",
        "Tom Hale",
        "Mia Lund",
    }


def test_extract_rocket_carrying_a_named_probe_launches_it_too(nlp: Language) -> None:
    result = _run(
        nlp,
        "An H-IIA rocket carrying the Hope probe lifted off from the Tanegashima Space Center "
        "on Monday.",
    )
    assert _classes(result)["Hope"] == "Spacecraft"
    assert {
        ("H-IIA", "launchedFrom", "Tanegashima Space Center"),
        ("Hope", "launchedFrom", "Tanegashima Space Center"),
    } <= _asserted(result)


def test_extract_it_not_moving_refers_to_no_craft(nlp: Language) -> None:
    facts = _asserted(
        _run(nlp, "SpaceX built Crew Dragon Endurance in 2021. It employs 13,000 people in Texas.")
    )
    assert not any(s == "Crew Dragon Endurance" and p != "builds" for s, p, _ in facts)


def test_extract_running_a_company_is_heading_it(nlp: Language) -> None:
    facts = _asserted(_run(nlp, "Laura Chen still runs Rocket Lab as chief executive."))
    assert ("Laura Chen", "heads", "Rocket Lab") in facts
    assert not any(p == "operates" for _, p, _ in facts)


def test_extract_named_after_a_comma_is_no_alias(nlp: Language) -> None:
    result = _run(nlp, "Laura Chen, named Orbit Works chief in May, spoke on Monday.")
    assert [e.aliases for e in result.entities if e.label == "Laura Chen"] == [[]]


@pytest.mark.parametrize(
    ("first", "second"), [("Laura Chen", "Mia Chen"), ("Christopher Nolan", "Jonathan Nolan")]
)
def test_extract_shared_surname_is_the_person_named_first(
    nlp: Language, first: str, second: str
) -> None:
    # The second pair is in the gazetteer, whose ids the surnames used to take from the last.
    surname = first.split()[-1]
    result = _run(
        nlp,
        f"{first} directed the film and wrote it with a sibling, {second}. "
        f"{surname} said the shoot took a year. The crew thanked {surname} at the premiere.",
    )
    people = {e.label: len(e.mentions) for e in result.entities if e.cls == "Person"}
    assert people == {first: 3, second: 1}


def test_extract_short_first_name_is_the_person(nlp: Language) -> None:
    result = _run(
        nlp,
        'Christopher Hale directed the film. "Chris knew what he wanted," the producer said.',
    )
    assert [(e.label, e.aliases) for e in result.entities if e.cls == "Person"] == [
        ("Christopher Hale", ["Chris"])
    ]


def test_extract_best_picture_is_an_award_not_a_title(nlp: Language) -> None:
    result = _run(
        nlp,
        'Laura Chen won the best picture Oscar in March as a producer of "Red Dust," a film '
        "about Mars.",
    )
    assert [e.label for e in result.entities if e.cls == "Film"] == ["Red Dust"]


def test_extract_command_module_names_a_spacecraft(nlp: Language) -> None:
    result = _run(
        nlp,
        "An oxygen tank burst aboard the command module Kestrel, and the crew moved into "
        "the lunar module Heron until Kestrel could bring them home.",
    )
    named = {e.label: (e.cls, len(e.mentions)) for e in result.entities}
    assert (named["Kestrel"], named["Heron"]) == (("Spacecraft", 2), ("Spacecraft", 1))


def test_extract_quote_before_the_producer_said_is_no_title(nlp: Language) -> None:
    result = _run(
        nlp,
        'Tom Hale directed "Red Dust," a film about Mars. "Nora knew what she wanted," the '
        "producer said.",
    )
    assert [e.label for e in result.entities if e.cls == "Film"] == ["Red Dust"]


def test_extract_subject_pronoun_continues_the_previous_subject(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Laura Chen left the agency in 2019. She then ran the office of Mia Lund for two "
            "years. She most recently worked at the Boston Consulting Group.",
        )
    )
    assert ("Laura Chen", "worksFor", "Boston Consulting Group") in facts
    assert ("Mia Lund", "worksFor", "Boston Consulting Group") not in facts


def test_extract_cast_list_with_a_modal_first_name_is_no_plan(nlp: Language) -> None:
    result = _run(
        nlp,
        'The film "Red Dust" opens in May. Ben Affleck, Liv Tyler, Will Patton and Owen Wilson '
        "fill out the cast.",
    )
    assert {s for s, p, _ in _asserted(result) if p == "starsIn"} == {
        "Ben Affleck",
        "Liv Tyler",
        "Will Patton",
        "Owen Wilson",
    }


def test_extract_role_naming_an_organization_is_still_a_role(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'The film "Red Dust" opens in May. Billy Bob Thornton plays the NASA chief who '
            "comes up with the plan.",
        )
    )
    assert ("Billy Bob Thornton", "starsIn", "Red Dust") in facts


def test_extract_crew_members_listed_by_semicolons(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "The mission, Crew-5, launched from Florida on Wednesday. Its crew members are Nicole "
            "Mann, a Marine Corps colonel who commands the flight; NASA astronaut Josh Cassada, "
            "the pilot; Koichi Wakata of the Japan Aerospace Exploration Agency; and Anna "
            "Kikina, of the Russian space agency Roscosmos.",
        )
    )
    assert {s for s, p, o in facts if (p, o) == ("flewOn", "Crew-5")} == {
        "Nicole Mann",
        "Josh Cassada",
        "Koichi Wakata",
        "Anna Kikina",
    }
    assert {("Koichi Wakata", "worksFor", "JAXA")} <= facts
    assert {("Anna Kikina", "worksFor", "Roscosmos")} <= facts


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Laura Chen of NASA said the launch went well.", ("Laura Chen", "worksFor", "NASA")),
        ("Laura Chen of Houston said the launch went well.", None),
    ],
)
def test_extract_person_of_an_organization_works_for_it(
    nlp: Language, text: str, fact: tuple[str, str, str] | None
) -> None:
    facts = _asserted(_run(nlp, text))
    assert facts == ({fact} if fact else set())


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Roscosmos, the state space corporation headed by Laura Chen, dedicated the launch.",
            ("Laura Chen", "heads", "Roscosmos"),
        ),
        (
            "Jeff Bezos, Amazon's founder and chief executive, spoke on Monday.",
            ("Jeff Bezos", "heads", "Amazon"),
        ),
    ],
    ids=["apposition-led-by", "second-role-of-an-apposition"],
)
def test_extract_head_named_in_an_apposition(
    nlp: Language, text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in _asserted(_run(nlp, text))


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "Laura Chen, an engineer with SpaceX, spoke on Monday.",
            {("Laura Chen", "worksFor", "SpaceX")},
        ),
        (
            "Executive producers include NASA's Laura Chen and Blue Origin's Tom Hale.",
            {("Laura Chen", "worksFor", "NASA"), ("Tom Hale", "worksFor", "Blue Origin")},
        ),
        ("Russia's Yuri Gagarin flew first.", set()),
    ],
    ids=["role-with", "possessive", "country-possessive"],
)
def test_extract_organization_people(
    nlp: Language, text: str, facts: set[tuple[str, str, str]]
) -> None:
    assert {f for f in _asserted(_run(nlp, text)) if f[1] == "worksFor"} == facts


def test_extract_credits_in_passing_of_the_cast_and_director(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'Laura Chen stars in the film "Red Dust," which opens in May. Chen, who won an Oscar '
            'for her role in "Blue Moon," plays a pilot. Tom Hale directed "Red Dust." Hale, '
            'whose credits include "Green Sky," shot it in Utah. Mia Lund, who won an Oscar for '
            '"Gray Dawn," attended the premiere.',
        )
    )
    assert {("Laura Chen", "starsIn", "Blue Moon"), ("Tom Hale", "directs", "Green Sky")} <= facts
    assert not {f for f in facts if f[0] == "Mia Lund"}


@pytest.mark.parametrize(
    ("text", "flight", "people"),
    [
        (
            "Apollo 11 lifted off from Florida in July 1969 with Neil Armstrong, Buzz Aldrin and "
            "Michael Collins aboard.",
            "Apollo 11",
            {"Neil Armstrong", "Buzz Aldrin", "Michael Collins"},
        ),
        (
            "SpaceX built the capsule. Its Demo-2 test flight carried Bob Behnken and Doug "
            "Hurley to the orbiting laboratory in late May.",
            "Demo-2",
            {"Bob Behnken", "Doug Hurley"},
        ),
    ],
    ids=["with-aboard", "flight-carried"],
)
def test_extract_people_a_flight_carries(
    nlp: Language, text: str, flight: str, people: set[str]
) -> None:
    facts = _asserted(_run(nlp, text))
    assert {s for s, p, o in facts if (p, o) == ("flewOn", flight)} == people


def test_extract_crew_member_named_after_an_agency_role(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Soyuz MS-18 lifted off from Baikonur carrying cosmonauts Oleg Novitskiy and Pyotr "
            "Dubrov and NASA astronaut Mark Vande Hei.",
        )
    )
    assert {s for s, p, o in facts if (p, o) == ("flewOn", "Soyuz MS-18")} == {
        "Oleg Novitskiy",
        "Pyotr Dubrov",
        "Mark Vande Hei",
    }


def test_extract_company_reference_before_a_role_is_not_the_person(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Axiom Space chief executive Laura Chen co-founded the company in 2016 with Tom Hale.",
        )
    )
    assert {("Laura Chen", "founded", "Axiom Space"), ("Tom Hale", "founded", "Axiom Space")} <= (
        facts
    )


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "The probe is flown by the Sagamihara-based ISAS.",
            ("ISAS", "locatedIn", "Sagamihara"),
        ),
        (
            "KhalifaSat was built by the Dubai-based Mohammed bin Rashid Space Centre (MBRSC).",
            ("Mohammed bin Rashid Space Centre", "locatedIn", "Dubai"),
        ),
        (
            "Born in Mashhad, Iran, Laura Chen moved to the United States in 1984.",
            ("Mashhad", "locatedIn", "Iran"),
        ),
        (
            "Mark Pathy is chief executive of the Montreal investment firm Mavrik.",
            ("Mavrik", "locatedIn", "Montreal"),
        ),
        (
            "Pence administered the oath at NASA headquarters in Washington.",
            ("NASA", "locatedIn", "Washington"),
        ),
    ],
    ids=["based-person-word", "based-institution", "place-before-a-name", "firm", "headquarters"],
)
def test_extract_located_in(nlp: Language, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in _asserted(_run(nlp, text))


def test_extract_nationality_is_no_location(nlp: Language) -> None:
    facts = _asserted(_run(nlp, "The French rocket company Arianespace launched it."))
    assert not {f for f in facts if f[1] == "locatedIn"}


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "An Israeli attempt, the Beresheet lander built by the nonprofit SpaceIL and Israel "
            "Aerospace Industries, crashed in April 2019.",
            {
                ("SpaceIL", "builds", "Beresheet"),
                ("Israel Aerospace Industries", "builds", "Beresheet"),
            },
        ),
        (
            "A Long March 2F rocket launched their Shenzhou-19 spacecraft from the Jiuquan "
            "Satellite Launch Center.",
            {
                ("Long March 2F", "launchedFrom", "Jiuquan Satellite Launch Center"),
                ("Shenzhou-19", "launchedFrom", "Jiuquan Satellite Launch Center"),
            },
        ),
    ],
    ids=["agent-noun-before-names", "payload-launched-from"],
)
def test_extract_builders_and_payloads(
    nlp: Language, text: str, facts: set[tuple[str, str, str]]
) -> None:
    assert facts <= _asserted(_run(nlp, text))


def test_extract_subject_pronoun_after_the_sentence_own_subject(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Mia Lund is not the first tourist to run into trouble with doctors. Laura Chen was "
            "disqualified in 2004 before doctors later cleared her; she flew to the station last "
            "October aboard Soyuz TMA-7.",
        )
    )
    assert ("Laura Chen", "flewOn", "Soyuz TMA-7") in facts
    assert ("Mia Lund", "flewOn", "Soyuz TMA-7") not in facts


def test_extract_quoted_title_owned_by_a_person_is_a_film(nlp: Language) -> None:
    result = _run(
        nlp,
        'The film "Red Dust" opens in May. Tom Hale once played an astronaut in Laura '
        'Chen\'s "Apollo 13," which she shot in Texas.',
    )
    assert ("Apollo 13", "Film") in {(e.label, e.cls) for e in result.entities}


def test_extract_crewmates_aboard_a_named_capsule(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Blue Origin flew NS-28 on Sunday. Her crewmates aboard the capsule, RSS First Step, "
            "were Marc Hagle, a Florida businessman; Austin Litteral, a finance risk manager who "
            "won his seat in a giveaway; and Henry Wolfond, chief executive of the Toronto "
            "investment firm Bayshore Capital.",
        )
    )
    crew = {"Marc Hagle", "Austin Litteral", "Henry Wolfond"}
    assert {s for s, p, o in facts if (p, o) == ("flewOn", "RSS First Step")} == crew
    assert {s for s, p, o in facts if (p, o) == ("flewOn", "NS-28")} == crew


def test_extract_possessive_craft_noun_types_and_owns_the_craft(nlp: Language) -> None:
    facts = _asserted(_run(nlp, "Engineers said ESA's Hera probe was ready for launch."))
    assert facts == {("European Space Agency", "operates", "Hera")}


def test_extract_person_who_started_a_company_founded_it(nlp: Language) -> None:
    facts = _asserted(
        _run(nlp, "Peter Beck, the New Zealand engineer who started Rocket Lab in 2006, spoke.")
    )
    assert ("Peter Beck", "founded", "Rocket Lab") in facts


def test_extract_second_role_shares_the_organization_of_the_first(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            "Marc Hagle is president and chief executive of the property developer Tricor "
            "International.",
        )
    )
    assert ("Marc Hagle", "heads", "Tricor International") in facts


def test_extract_cast_with_the_verb_left_out(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'The film "Red Dust" opens in May. Tea Leoni plays a television reporter, Elijah Wood '
            "the teenage astronomer who first spots the comet, Robert Duvall the veteran "
            "astronaut sent to stop it, and Morgan Freeman the president.",
        )
    )
    assert {s for s, p, o in facts if (p, o) == ("starsIn", "Red Dust")} == {
        "Tea Leoni",
        "Elijah Wood",
        "Robert Duvall",
        "Morgan Freeman",
    }


def test_extract_voice_in_a_film_stars_in_it(nlp: Language) -> None:
    facts = _asserted(
        _run(
            nlp,
            'The film "Lightyear" opens in June. Tim Allen, who voiced the toy version of Buzz in '
            '"Toy Story" and its sequels, is not in the cast.',
        )
    )
    assert ("Tim Allen", "starsIn", "Toy Story") in facts
