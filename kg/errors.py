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


class QueryTimeout(KGError):
    """A query ran longer than the configured time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"query stopped after the {seconds:g} s time limit")


class ForbiddenOperationError(KGError):
    """A query or update uses an operation the service refuses (LOAD, SERVICE: outbound requests)."""

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(f"{operation} is not allowed here: the service makes no outbound requests")


class UpdateForbidden(KGError):
    """A write was asked for without the configured bearer token (or none is configured)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"writes are not allowed: {reason}")


class PayloadTooLarge(KGError):
    """A request body is larger than the configured limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"request body exceeds the limit of {limit} bytes")


class UnsupportedMediaType(KGError):
    """A request body comes in a media type or character set we do not read."""

    def __init__(self, media_type: str, accepted: tuple[str, ...]) -> None:
        self.media_type = media_type
        self.accepted = accepted
        super().__init__(f"cannot read {media_type!r}; send one of: {', '.join(accepted)}")


class RenderError(KGError):
    """Graphviz is not installed, failed, or took too long."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"cannot render the graph: {detail}")
