"""Accept header -> format name, from the media-type tables in `kg.formats`."""

from __future__ import annotations

from kg.formats import RDF_FORMATS, RESULT_FORMATS

_BY_MEDIA = {
    media: name for table in (RESULT_FORMATS, RDF_FORMATS) for name, media in table.items()
}
_BY_MEDIA["application/json"] = "json"
_BY_MEDIA["application/xml"] = "xml"


def choose_format(accept: str | None) -> str | None:
    """Return the first format named by `accept` that we can write, by quality; None lets the query type decide."""
    if not accept:
        return None
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((-quality, position, media.lower()))
    for quality, _, media in sorted(ranges):
        if quality < 0 and media in _BY_MEDIA:
            return _BY_MEDIA[media]
    return None
