"""Accept header -> format name, from the media-type tables in `kg.formats` (kept as data)."""

from __future__ import annotations

from kg.formats import RDF_FORMATS, RESULT_FORMATS

# Media types clients send besides the registered ones, per kind of result.
RESULT_ALIASES = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
RDF_ALIASES = {
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
RESULT_MEDIA = {**{m: f for f, m in RESULT_FORMATS.items()}, **RESULT_ALIASES}
RDF_MEDIA = {**{m: f for f, m in RDF_FORMATS.items()}, **RDF_ALIASES}

_BY_MEDIA = {**RDF_MEDIA, **RESULT_MEDIA}


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def negotiate(accept: str | None, media: dict[str, str], default: str) -> str | None:
    """Return the format of `media` (media type -> format) that `accept` prefers, or None.

    No Accept header or `*/*` give `default`; `type/*` the first format of that type.
    Among equal qualities the range listed first wins. None means nothing in `media` is acceptable.
    """
    if not accept:
        return default
    best: tuple[float, int, str] | None = None
    for position, (wanted, quality) in enumerate(_ranges(accept)):
        if quality <= 0:
            continue
        if wanted in media:
            fmt = media[wanted]
        elif wanted == "*/*":
            fmt = default
        elif wanted.endswith("/*"):
            prefix = wanted[:-1]
            candidates = [f for m, f in media.items() if m.startswith(prefix)]
            if not candidates:
                continue
            # Registered media types come first in `media`, so `text/*` means CSV, not JSONP.
            fmt = candidates[0]
        else:
            continue
        key = (-quality, position, fmt)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def choose_format(accept: str | None) -> str | None:
    """Return the first format named by `accept` that we can write, by quality; None lets the query type decide."""
    if not accept:
        return None
    for media, quality in sorted(_ranges(accept), key=lambda r: -r[1]):
        if quality > 0 and media in _BY_MEDIA:
            return _BY_MEDIA[media]
    return None
