"""Lexical checks on SPARQL text: refusal of operations that would make the server send requests of
its own (LOAD, SERVICE), and the protocol dataset of an update written in as USING clauses."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.errors import BadInputError, ForbiddenOperationError

# SPARQL processes \u and \U escapes before parsing, so a keyword may be spelled with them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What an IRI reference may hold between its angle brackets (IRIREF without the brackets).
_IRI_CHAR = r'[^<>"{}|^`\\\x00-\x20]'
_IRI = re.compile(_IRI_CHAR + "*")
# Tokens that may hide a keyword-looking word, then braces, then bare words. Order matters: the first
# alternative that matches at a position wins, and the scan goes left to right, so "#" inside an IRI
# or a string never starts a comment.
_TOKENS = re.compile(
    r"""
    (?P<skip>
        <"""
    + _IRI_CHAR
    + r"""*>                                # IRI
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" # long strings
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"               # strings
      | '(?:[^'\\\n\r]|\\.)*'
      | \#[^\n\r]*                          # comment
      | [?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+  # variable
      | (?:[^\W\d][\w.-]*)?:[\w.:%\\-]*     # prefixed name (ex:service, :load)
      | _:[\w.-]+                           # blank node label
    )
    | (?P<brace>[{}])
    | (?P<word>[^\W\d]\w*)
    """,
    re.VERBOSE | re.DOTALL,
)
FORBIDDEN = frozenset({"LOAD", "SERVICE"})


def forbidden_operation(sparql: str) -> str | None:
    """Return the first forbidden keyword (LOAD, SERVICE) used as a keyword in `sparql`, else None."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    # Most queries hold neither word anywhere: then the tokenizer (0.1 ms a query) has nothing to
    # find. upper() maps character by character, so a word's upper case is in the text's.
    upper = text.upper()
    if not any(keyword in upper for keyword in FORBIDDEN):
        return None
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


def with_dataset(update: str, graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """Return `update` with `USING <g>` for `graphs` and `USING NAMED <g>` for `named_graphs` (the
    protocol's using-graph-uri, using-named-graph-uri) before the WHERE of each DELETE/INSERT.

    Raises BadInputError if a graph is not an IRI, or if the update names its own dataset (WITH,
    USING) or has a DELETE WHERE, which takes no USING.
    """
    if not graphs and not named_graphs:
        return update
    for graph in (*graphs, *named_graphs):
        if not _IRI.fullmatch(graph):
            raise BadInputError(f"not a valid graph IRI: {graph!r}")
    clauses = "".join(f"USING <{g}> " for g in graphs) + "".join(
        f"USING NAMED <{g}> " for g in named_graphs
    )
    depth, previous, cuts = 0, "", []
    for match in _TOKENS.finditer(update):
        token = match.group(0)
        if match.group("brace"):
            depth += 1 if token == "{" else -1
        elif depth == 0 and match.group("word"):
            word = token.upper()
            if word in ("WITH", "USING"):
                raise BadInputError(
                    f"the update has its own {word}: send no using-graph-uri or using-named-graph-uri"
                )
            if word == "WHERE":
                if previous == "DELETE":
                    raise BadInputError(
                        "DELETE WHERE takes no dataset: write DELETE { ... } WHERE { ... } to use "
                        "using-graph-uri or using-named-graph-uri"
                    )
                cuts.append(match.start())
        if not token.startswith("#"):
            previous = token.upper()
    for cut in reversed(cuts):
        update = update[:cut] + clauses + update[cut:]
    return update
