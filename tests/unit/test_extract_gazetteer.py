"""Exact, pattern and typo-tolerant lookup in the gazetteer."""

from __future__ import annotations

import json
import re

import pytest

from kg.extract.gazetteer import Pattern, default_gazetteer, read_gazetteer


@pytest.mark.parametrize(
    ("alias", "label", "cls"),
    [
        ("NASA", "NASA", "SpaceAgency"),
        ("AP", "The Associated Press", "NewsOrganization"),
        ("ISS", "International Space Station", "SpaceStation"),
        ("Baikonur", "Baikonur Cosmodrome", "Spaceport"),
        ("Falcon 9", "Falcon 9", "LaunchVehicle"),
        ("U.S.", "United States", "Country"),
    ],
)
def test_gazetteer_get_finds_alias(alias: str, label: str, cls: str) -> None:
    entry = default_gazetteer().get(alias)
    assert entry is not None
    assert (entry.label, entry.cls) == (label, cls)


@pytest.mark.parametrize(
    ("typo", "label"),
    [
        ("Amazn", "Amazon"),
        ("Blue Orgin", "Blue Origin"),
        ("SpaceZ", "SpaceX"),
        ("Boing", "Boeing"),
        ("Virgin Galatic", "Virgin Galactic"),
    ],
)
def test_gazetteer_closest_tolerates_one_typo(typo: str, label: str) -> None:
    entry = default_gazetteer().closest(typo)
    assert entry is not None
    assert entry.label == label


@pytest.mark.parametrize("name", ["Oslo", "Nadella", "Zpacex", "Kim", "Italian Air Force"])
def test_gazetteer_closest_rejects_distant_or_short_names(name: str) -> None:
    assert default_gazetteer().closest(name) is None


def test_gazetteer_wikidata_only_where_given() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.get("NASA").wikidata == "Q23548"  # type: ignore[union-attr]
    assert gazetteer.get("Blue Origin").wikidata is None  # type: ignore[union-attr]


def test_gazetteer_read_builds_patterns() -> None:
    text = json.dumps(
        {
            "entries": [{"label": "Orbiter One", "cls": "Spacecraft", "aliases": ["O-1"]}],
            "patterns": [{"regex": r"\bLander \d+\b", "cls": "Spacecraft"}],
        }
    )
    gazetteer = read_gazetteer(text)
    assert gazetteer.get("O-1").label == "Orbiter One"  # type: ignore[union-attr]
    assert gazetteer.patterns[0].regex.search("the Lander 7 touched down")


@pytest.mark.parametrize(
    "text",
    [
        "Soyuz MS-19 docked; Soyuz MS-20 followed.",
        "XSoyuz MS-19 and éSoyuz MS-20 are no names, (Soyuz MS-21) is",
        "Soyuz MS-19",
        "NS-16NS-17 NS-18_ NS-19",
        "",
    ],
)
def test_gazetteer_patterns_find_what_re_finds(text: str) -> None:
    for regex in (r"\bSoyuz MS-\d+\b", r"\bNS-\d+\b", r"Soyuz MS-\d+"):
        pattern = Pattern(re.compile(regex), "Spacecraft")
        expected = [(m.start(), m.end()) for m in pattern.regex.finditer(text)]
        assert [(m.start(), m.end()) for m in pattern.finditer(text)] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("It rose from Space Launch Complex 41 at dawn.", "Space Launch Complex 41"),
        ("It rose from SLC-4E at dawn.", "SLC-4E"),
        ("It rose from LC-39A at dawn.", "LC-39A"),
        ("It rose from Launch Complex 36 at dawn.", "Launch Complex 36"),
        ("It rose from Rocket Lab Launch Complex 1 at dawn.", "Rocket Lab Launch Complex 1"),
    ],
)
def test_gazetteer_pad_patterns_match_whole_pad_names(text: str, name: str) -> None:
    spaceport = [p for p in default_gazetteer().patterns if p.cls == "Spaceport"]
    found = {m.group() for p in spaceport for m in p.finditer(text)}
    assert name in found
    assert not any(len(other) > len(name) for other in found)
    assert default_gazetteer().get(name) is not None  # the pattern's match keeps its entry


def test_gazetteer_pad_patterns_skip_other_codes() -> None:
    spaceport = [p for p in default_gazetteer().patterns if p.cls == "Spaceport"]
    text = "An LC-130 aircraft flew over XSLC-40 and the launch complex."
    assert not [m.group() for p in spaceport for m in p.finditer(text)]


@pytest.mark.parametrize(
    ("text", "name", "cls"),
    [
        ("It landed in Utopia Planitia in May.", "Utopia Planitia", "Place"),
        ("It broke up over the Mojave Desert.", "Mojave Desert", "Place"),
        ("The capsule splashed down in the Gulf of Mexico.", "Gulf of Mexico", "Place"),
        (
            "She studied at the University of Colorado Boulder.",
            "University of Colorado Boulder",
            "Organization",
        ),
        (
            "In 1993 she co-founded Telecom Technologies with him.",
            "Telecom Technologies",
            "Company",
        ),
        ("It was released by Sony Pictures Classics.", "Sony Pictures Classics", "Company"),
        ("Peregrine Mission One lifted off at dawn.", "Peregrine Mission One", "Spaceflight"),
        ("The rocket carried PSLV-C40 payloads.", "PSLV-C40", "Spaceflight"),
        ("It put EOS-02 in the wrong orbit.", "EOS-02", "Spacecraft"),
        ("The rocket also carried KhalifaSat and 30 CubeSats.", "KhalifaSat", "Spacecraft"),
        ("The lander settled in Mare Crisium on Sunday.", "Mare Crisium", "Place"),
        ("They left on Titan IIIE rockets in 1977.", "Titan IIIE", "LaunchVehicle"),
        (
            "The Houston-based Orbit Works Institute hired him.",
            "Orbit Works Institute",
            "Organization",
        ),
    ],
)
def test_gazetteer_patterns_name_families(text: str, name: str, cls: str) -> None:
    found = [
        (m.group(), p.cls) for p in default_gazetteer().patterns for m in p.regex.finditer(text)
    ]
    assert found == [(name, cls)]


def test_gazetteer_institution_pattern_keeps_two_institutions_apart() -> None:
    text = "She studied at George Mason University and George Washington University."
    found = [m.group() for p in default_gazetteer().patterns for m in p.regex.finditer(text)]
    assert found == ["George Mason University", "George Washington University"]
