"""Class hierarchy and property domains/ranges of the ontology, as the extractor needs them."""

from __future__ import annotations

from kg.extract.vocabulary import Signatures, default_vocabulary

_PARENT = {
    "SpaceAgency": "Organization",
    "Company": "Organization",
    "NewsOrganization": "Organization",
    "Country": "Place",
    "Spaceport": "Place",
}

# The shipped relation types (ontologies/relations.json); a custom vocabulary brings its own.
SIGNATURES: Signatures = default_vocabulary().signatures


def is_a(cls: str, other: str) -> bool:
    """Return whether class `cls` is `other` or one of its subclasses."""
    while cls != other:
        if cls not in _PARENT:
            return False
        cls = _PARENT[cls]
    return True


def fits(
    prop: str, subject_cls: str, object_cls: str, signatures: Signatures | None = None
) -> bool:
    """Return whether a fact `subject prop object` respects the property's domain and range (in
    `signatures`, by default the shipped ones); an unknown property fits nothing."""
    signature = (SIGNATURES if signatures is None else signatures).get(prop)
    if signature is None:
        return False
    domain, range_ = signature
    return any(is_a(subject_cls, c) for c in domain) and any(is_a(object_cls, c) for c in range_)
