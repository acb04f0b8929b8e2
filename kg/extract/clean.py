"""Blanking of scraping noise (credits, link residue, glued names, pasted headlines) at fixed offsets."""

from __future__ import annotations

import re

# Whole lines that are photo credits or page furniture, never article prose.
_NOISE_LINE = re.compile(
    r"(?im)^[ \t]*(?:"
    r"©.*|\(c\)\s.*|copyright\s.*"
    r"|(?:photo|image|video|photograph|picture)s?(?:\s+credits?)?\s*:.*"
    r"|(?:credits?|source)\s*:.*"
    r"|.{0,120}\bvia\s+getty\s+images.*"
    r"|\(?(?:ap|afp|reuters)\s+photo\b.*"
    r"|related(?:\s+(?:articles?|stories|coverage|news|content|reading))?\s*[:|-].*"
    r"|related\s*$"
    r"|(?:read|see|watch)\s+(?:more|also|next)\s*:.*"
    r"|advertisement|story continues below(?: advertisement)?|skip advertisement"
    r"|(?:tags|topics|filed under|share(?: this(?: article| story)?)?)\s*:.*"
    r")[ \t]*$"
)

# Credits inside a caption or sentence: "(AP Photo/Jane Doe)", "(Image credit: NASA)".
_INLINE_CREDIT = re.compile(
    r"\((?:[^()\n]{0,40}\b(?:photo|image|credit)s?\b[^()\n]{0,80}"
    r"|[^()\n]{0,60}/(?:AFP|AP|Reuters|Getty Images|NASA|ESA|Roscosmos)[^()\n]{0,40})\)",
    re.IGNORECASE,
)

# A full name whose last word is glued to the text of the next hyperlink ("Elon MuskElon Reeve ...").
_GLUE = re.compile(
    r"\b[A-Z][a-z'.-]+(?: [A-Z][a-z'.-]*)*? "
    r"(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von)[A-Z])[A-Z][a-z'-]*[a-z](?=[A-Z][a-z(])"
)
_MORE = re.compile(r"\bMORE\b")
# "Related: <headline> MORE" link residue inside a paragraph.
_RELATED = re.compile(r"\b(?:RELATED|Related)\b\s*:?[^\n]{0,300}?\bMORE\b")
_MAX_RESIDUE = 700

# A name glued to a longer form of itself and to itself again, with no "MORE" to close the residue.
_TRIPLE = re.compile(
    r"\b(?P<name>[A-Z][a-z'.-]+(?: [A-Z][a-z'.-]+){1,2})"
    r"(?P<junk>(?:[A-Z(][\w().'-]*\s?){1,6}?(?P=name))"
)

# HTML entities left undecoded by a scraper ("&amp;nbsp;").
_ENTITY = re.compile(r"&(?:amp;)*(?:nbsp|amp|quot|apos|lt|gt|#\d{1,5}|#x[0-9a-fA-F]{1,4});")
# The character an entity stands for, written in its first position (the rest is blanked).
_ENTITY_CHAR = {"amp;": "&", "quot;": '"', "apos;": "'"}
# Symbols that scraping leaves between words; each is one code point, replaced by one space.
_STRAY = re.compile(
    r"[\u200b\u200c\u200d\u2060\ufeff\u00a0\u00c2\u00b6\u25a0-\u25ff\u2022\u2023\u25aa\u00bb\u00ab\u203a\u2039|¦•▶►★☆✓✔]"
)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def clean(text: str) -> str:
    """Return `text` with scraping noise replaced by spaces; the result has exactly the same length.

    Offsets into the result are therefore offsets into `text`. Newlines are kept.
    """
    chars = list(text)
    for m in _NOISE_LINE.finditer(text):
        _blank(chars, m.start(), m.end())
    for m in _INLINE_CREDIT.finditer(text):
        _blank(chars, m.start(), m.end())
    for m in _ENTITY.finditer(text):
        _blank(chars, m.start(), m.end())
        chars[m.start()] = _ENTITY_CHAR.get(m.group().rsplit("&", 1)[-1], " ")
    for m in _RELATED.finditer(text):
        _blank(chars, m.start(), m.end())
    for m in _STRAY.finditer(text):
        chars[m.start()] = " "
    cleaned = "".join(chars)
    cleaned = _blank_link_residue(cleaned)
    return _blank_triples(cleaned)


def _blank_link_residue(text: str) -> str:
    """Blank from a glued name to the next "MORE" on the same line (flattened links and headlines)."""
    chars = list(text)
    pos = 0
    while (glue := _GLUE.search(text, pos)) is not None:
        cut = glue.end()
        line_end = text.find("\n", cut)
        limit = min(cut + _MAX_RESIDUE, len(text) if line_end < 0 else line_end)
        more = _MORE.search(text, cut, limit)
        if more is None:
            pos = cut
            continue
        _blank(chars, cut, more.end())
        pos = more.end()
    return "".join(chars)


def _blank_triples(text: str) -> str:
    chars = list(text)
    for m in _TRIPLE.finditer(text):
        _blank(chars, m.start("junk"), m.end("junk"))
    return "".join(chars)


def clean_article(title: str, text: str) -> str:
    """Return the text the extractor reads: the title, a blank line, then the cleaned body.

    Annotations cover the title too, and offsets of mentions and facts index this text.
    """
    head = " ".join(title.split())
    return f"{head}\n\n{clean(text)}" if head else clean(text)
