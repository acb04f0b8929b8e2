"""Class hierarchy and property domains/ranges of the ontology, as the extractor needs them."""

from __future__ import annotations

_PARENT = {
    "SpaceAgency": "Organization",
    "Company": "Organization",
    "NewsOrganization": "Organization",
    "Country": "Place",
    "Spaceport": "Place",
}

# property -> (domain classes, range classes); subclasses of a listed class fit too.
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "starsIn": (("Person",), ("Film",)),
    "directs": (("Person",), ("Film",)),
    "produces": (("Organization", "Person"), ("Film",)),
    "heads": (("Person",), ("Organization", "Country")),
    "founded": (("Person",), ("Organization",)),
    "worksFor": (("Person",), ("Organization",)),
    "flewOn": (("Person",), ("Spacecraft", "Spaceflight")),
    "commands": (("Person",), ("Spacecraft", "Spaceflight")),
    "launchedFrom": (("Spacecraft", "Spaceflight", "LaunchVehicle"), ("Spaceport", "Place")),
    "destination": (("Spacecraft", "Spaceflight", "Person"), ("SpaceStation", "Place")),
    "builds": (("Organization",), ("Spacecraft", "LaunchVehicle")),
    "operates": (("Organization",), ("Spacecraft", "SpaceStation", "Spaceport")),
    "locatedIn": (("Organization", "Place"), ("Place", "Country")),
}


def is_a(cls: str, other: str) -> bool:
    """Return whether class `cls` is `other` or one of its subclasses."""
    while cls != other:
        if cls not in _PARENT:
            return False
        cls = _PARENT[cls]
    return True


def fits(prop: str, subject_cls: str, object_cls: str) -> bool:
    """Return whether a fact `subject prop object` respects the property's domain and range."""
    domain, range_ = SIGNATURES[prop]
    return any(is_a(subject_cls, c) for c in domain) and any(is_a(object_cls, c) for c in range_)
