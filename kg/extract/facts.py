"""Turning the relations found on a Doc into the article's facts between resolved entities."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc

from kg.extract.ontology import fits
from kg.extract.vocabulary import Signatures
from kg.model import Entity, Fact

_MONTHS = {
    m: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    rf"\b(?:on|in|since|from|as of|until)\s+(?:"
    rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<year2>\d{{4}})"
    rf"|(?P<weekday>{'|'.join(_WEEKDAYS)})"
    rf"|(?P<year3>(?:19|20)\d{{2}})\b)",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\s+(?:" + _MONTH + r"\s+)?(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
# Words saying a role begins in the sentence, so its date is a start date.
_STARTING = re.compile(
    r"\b(?:appoint|named|name[sd]?|sworn|swear|took office|takes office|take office|took over"
    r"|takes over|take over|replac|succeed|confirm|became|becomes|install|tapped|hired|joined)",
    re.IGNORECASE,
)
# Properties that are roles held over a time span.
_ROLES = {"heads", "worksFor"}


def facts(
    doc: Doc,
    entities: list[Entity],
    key_of: list[str],
    published: date | None = None,
    signatures: Signatures | None = None,
) -> list[Fact]:
    """Return one fact per (subject, property, object, sentence), with its best confidence.

    `key_of[n]` is the entity key of `doc.ents[n]`; facts that break the property's domain or range
    (`signatures`, by default the shipped ones) once entities are resolved, and facts relating an
    entity to itself, are dropped. Role facts get the start and end dates their sentence gives;
    relative dates ("on Friday") are resolved against `published`.
    """
    cls = {e.key: e.cls for e in entities}
    text = doc.text
    best: dict[tuple[str, str, str, int], Fact] = {}
    for s, prop, o, conf, start, end, by, modality, is_ended in doc._.kg_relations or ():
        subject, obj = key_of[s], key_of[o]
        if subject == obj or not fits(prop, cls[subject], cls[obj], signatures):
            continue
        sentence = text[start:end]
        start += len(sentence) - len(sentence.lstrip())
        end -= len(sentence) - len(sentence.rstrip())
        sentence = text[start:end]
        began, ended_on = _dates(sentence, is_ended, published) if prop in _ROLES else (None, None)
        fact = Fact(
            subject=subject,
            predicate=prop,
            object=obj,
            sentence=sentence,
            start=start,
            end=end,
            confidence=conf,
            reported_by=key_of[by] if by >= 0 else None,
            modality=modality,
            is_ended=is_ended,
            began=began,
            ended_on=ended_on if is_ended else None,
        )
        slot = (subject, prop, obj, start)
        old = best.get(slot)
        if old is None or (old.is_planned and not fact.is_planned) or old.confidence < conf:
            best[slot] = fact
    return list(best.values())


def _dates(sentence: str, is_ended: bool, published: date | None) -> tuple[str | None, str | None]:
    """The (start, end) dates a sentence gives a role: "since 2018" starts it; a date in a sentence
    that appoints someone starts the role, in one that ends it ends it."""
    began = None
    if (since := _SINCE.search(sentence)) is not None:
        month = _MONTHS.get((since.group("month") or "").lower())
        began = f"{since.group('year')}-{month:02d}" if month else since.group("year")
    for m in _DATE.finditer(sentence):
        if m.group(0).lower().startswith("since"):
            continue
        found = _iso(m, published)
        if found is None:
            continue
        if is_ended:
            return began, found
        if began is None and _STARTING.search(sentence):
            began = found
        break
    return began, None


def _iso(m: re.Match[str], published: date | None) -> str | None:
    if m.group("weekday"):
        if published is None:
            return None
        back = (published.weekday() - _WEEKDAYS.index(m.group("weekday").lower())) % 7
        return (published - timedelta(days=back)).isoformat()
    if m.group("month2"):
        return f"{m.group('year2')}-{_MONTHS[m.group('month2').lower()]:02d}"
    if m.group("month"):
        year = m.group("year") or (str(published.year) if published else None)
        day = int(m.group("day"))
        if year is None or not 1 <= day <= 31:
            return None
        return f"{year}-{_MONTHS[m.group('month').lower()]:02d}-{day:02d}"
    return m.group("year3")
