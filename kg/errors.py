"""The one exception tree of the library; the CLI and the API map it to exit codes and HTTP problems."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error the library raises on purpose."""


class BadInputError(KGError):
    """Input the user gave cannot be used (missing, empty, binary, wrong encoding)."""

    def __init__(self, detail: str, *, path: str | None = None) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}" if path else detail)


class QuerySyntaxError(KGError):
    """A SPARQL query or update does not parse."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"invalid SPARQL: {detail}")


class UnknownFormatError(KGError):
    """A serialization format we cannot produce was asked for."""

    def __init__(self, fmt: str, known: tuple[str, ...] | list[str]) -> None:
        self.fmt = fmt
        self.known = tuple(known)
        super().__init__(f"unknown format {fmt!r}; choose one of: {', '.join(self.known)}")


class StoreUnavailableError(KGError):
    """The store cannot be opened (locked by another process, unwritable, corrupt)."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"cannot open store at {location}: {reason}")


class EntityNotFound(KGError):
    """No entity matches the given IRI or name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no entity matches {name!r}")


class ArticleNotFound(KGError):
    """No article has the given id."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"no article with id {article_id!r}")


class ModelNotInstalledError(KGError):
    """No usable spaCy English model is installed."""

    def __init__(self, tried: tuple[str, ...]) -> None:
        self.tried = tried
        super().__init__(
            f"no spaCy model found (tried {', '.join(tried)}); install one with: "
            "pip install --require-hashes -r requirements.lock  (or: make install)"
        )
