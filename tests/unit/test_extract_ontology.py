"""Domain and range checks of fact properties."""

from __future__ import annotations

import pytest

from kg.extract.ontology import fits, is_a


@pytest.mark.parametrize(
    ("prop", "subject", "obj", "expected"),
    [
        ("founded", "Person", "Company", True),
        ("founded", "Company", "Person", False),
        ("heads", "Person", "Country", True),
        ("flewOn", "Person", "Spacecraft", True),
        ("flewOn", "Person", "SpaceStation", False),
        ("launchedFrom", "Spacecraft", "Spaceport", True),
        ("locatedIn", "Company", "Country", True),
        ("starsIn", "Person", "Organization", False),
    ],
)
def test_ontology_fits_respects_domain_and_range(
    prop: str, subject: str, obj: str, expected: bool
) -> None:
    assert fits(prop, subject, obj) is expected


@pytest.mark.parametrize(
    ("cls", "other", "expected"),
    [
        ("NewsOrganization", "Organization", True),
        ("Spaceport", "Place", True),
        ("Film", "Place", False),
    ],
)
def test_ontology_is_a_follows_subclasses(cls: str, other: str, expected: bool) -> None:
    assert is_a(cls, other) is expected
