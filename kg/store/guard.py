"""Refusal of SPARQL operations that would make the server send requests of its own (LOAD, SERVICE)."""

from __future__ import annotations

import re

from kg.errors import ForbiddenOperationError

# SPARQL processes \u and \U escapes before parsing, so a keyword may be spelled with them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Tokens that may hide a keyword-looking word, then bare words. Order matters: the first alternative
# that matches at a position wins, and the scan goes left to right, so "#" inside an IRI or a string
# never starts a comment.
_TOKENS = re.compile(
    r"""
    (?P<skip>
        <[^<>"{}|^`\\\x00-\x20]*>           # IRI
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" # long strings
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"               # strings
      | '(?:[^'\\\n\r]|\\.)*'
      | \#[^\n\r]*                          # comment
      | [?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+  # variable
      | (?:[^\W\d][\w.-]*)?:[\w.:%\\-]*     # prefixed name (ex:service, :load)
      | _:[\w.-]+                           # blank node label
    )
    | (?P<word>[^\W\d]\w*)
    """,
    re.VERBOSE | re.DOTALL,
)
FORBIDDEN = frozenset({"LOAD", "SERVICE"})


def forbidden_operation(sparql: str) -> str | None:
    """Return the first forbidden keyword (LOAD, SERVICE) used as a keyword in `sparql`, else None."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if word and word.upper() in FORBIDDEN:
            return word.upper()
    return None


def check_operations(sparql: str) -> None:
    """Raise ForbiddenOperationError if `sparql` uses LOAD or SERVICE."""
    operation = forbidden_operation(sparql)
    if operation is not None:
        raise ForbiddenOperationError(operation)
