"""Turning the relations found on a Doc into the article's facts between resolved entities."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.ontology import fits
from kg.model import Entity, Fact


def facts(doc: Doc, entities: list[Entity], key_of: list[str]) -> list[Fact]:
    """Return one fact per (subject, property, object, sentence), with its best confidence.

    `key_of[n]` is the entity key of `doc.ents[n]`; facts that break the property's domain or range
    once entities are resolved, and facts relating an entity to itself, are dropped.
    """
    cls = {e.key: e.cls for e in entities}
    text = doc.text
    best: dict[tuple[str, str, str, int], Fact] = {}
    for s, prop, o, conf, start, end, by in doc._.kg_relations or ():
        subject, obj = key_of[s], key_of[o]
        if subject == obj or not fits(prop, cls[subject], cls[obj]):
            continue
        sentence = text[start:end]
        start += len(sentence) - len(sentence.lstrip())
        end -= len(sentence) - len(sentence.rstrip())
        fact = Fact(
            subject=subject,
            predicate=prop,
            object=obj,
            sentence=text[start:end],
            start=start,
            end=end,
            confidence=conf,
            reported_by=key_of[by] if by >= 0 else None,
        )
        slot = (subject, prop, obj, start)
        if slot not in best or best[slot].confidence < conf:
            best[slot] = fact
    return list(best.values())
