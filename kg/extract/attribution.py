"""Attribution of a sentence to the news organization it cites ("according to the AP", "Reuters said")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract.ontology import is_a
from kg.extract.vocabulary import Vocabulary

_SKIPPABLE = {
    "the",
    "has",
    "have",
    "had",
    "was",
    "is",
    "also",
    "first",
    "earlier",
    "previously",
    ",",
}


def reporter(sent: Span, ents: list[Span], vocabulary: Vocabulary) -> Span | None:
    """Return the news-organization entity (of `ents`, the sentence's) that the sentence `sent` is
    attributed to, if any.

    Attributed means: "according to / per / citing ORG", or ORG as the subject or addressee of a
    reporting verb ("ORG reported", "the AP noted", "told ORG").
    """
    doc = sent.doc
    for ent in ents:
        if not is_a(ent.label_, "NewsOrganization"):
            continue
        before = " " + " ".join(t.lower_ for t in doc[max(sent.start, ent.start - 3) : ent.start])
        if any(before.endswith((f" {p}", f" {p} the")) for p in vocabulary.report_preps):
            return ent
        if _is_reporting(ent, sent.end, vocabulary.report_verbs):
            return ent
    return None


def promote_reporters(doc: Doc, vocabulary: Vocabulary) -> None:
    """Retype as NewsOrganization the unknown organizations that report or write ("Variety
    reported"); saying is not enough, any organization says things."""
    ents = list(doc.ents)
    changed = False
    for n, ent in enumerate(ents):
        if (
            ent.label_ == "Organization"
            and not ent.kb_id_
            and _is_reporting(ent, ent.sent.end, vocabulary.news_verbs)
        ):
            ents[n] = Span(doc, ent.start, ent.end, label="NewsOrganization")
            changed = True
    if changed:
        doc.ents = ents


def _is_reporting(ent: Span, sent_end: int, verbs: frozenset[str]) -> bool:
    doc = ent.doc
    k = ent.end
    while k < sent_end and doc[k].lower_ in _SKIPPABLE:
        k += 1
    if k < sent_end and doc[k].lemma_.lower() in verbs:
        return True
    head = ent.root.head
    return ent.root.dep_ in {"nsubj", "dobj", "dative"} and (head.lemma_.lower() in verbs)
