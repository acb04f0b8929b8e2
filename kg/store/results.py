"""Streaming writers of SPARQL SELECT results (JSON, XML, CSV, TSV) that stop at a row limit.

pyoxigraph's own serializer writes every solution; these write at most `max_rows`, row by row, to any
object with `write(bytes)`, so a large result leaves the process in chunks instead of one buffer. Each
row's and each term's text is made once per result: over the union of graphs the same rows repeat (an
entity is typed and labelled in every article that mentions it), and building their text is most of a
writer's time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from json.encoder import encode_basestring as _quoted  # json.dumps's own, without ensure_ascii
from typing import IO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]
RowWriter = Callable[[Row], bytes]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Row and term texts remembered per result, at most: a few MB for a result of unique rows.
_MEMO_SIZE = 20_000


def write_solutions(
    output: IO[bytes], fmt: str, variables: Sequence[str], rows: Iterable[Row], max_rows: int
) -> tuple[int, bool]:
    """Write `rows` in `fmt` (json, xml, csv, tsv); return (rows written, whether rows were cut off).

    Raises KeyError for an unknown format.
    """
    head, row_writer, separator, tail = _WRITERS[fmt]
    output.write(head(variables))
    write_row = row_writer(variables)
    texts: dict[Row, bytes] = {}
    written = 0
    is_truncated = False
    for row in rows:
        if written >= max_rows:
            is_truncated = True
            break
        text = texts.get(row)
        if text is None:
            text = write_row(row)
            if len(texts) < _MEMO_SIZE:
                texts[row] = text
        output.write(separator + text if written else text)
        written += 1
    output.write(tail)
    return written, is_truncated


class _Texts(dict[Term, str]):
    """Each term's text in one format, made on first use and then looked up."""

    def __init__(self, render: Callable[[Term], str]) -> None:
        super().__init__()
        self._render = render

    def __missing__(self, term: Term) -> str:
        text = self._render(term)
        if len(self) < _MEMO_SIZE:
            self[term] = text
        return text


def _json_term(term: Term) -> str:
    # Built as text: a dict per term through json.dumps cost three times as much per row.
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _quoted(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _quoted(term.value) + "}"
    if isinstance(term, ox.Literal):
        literal = '{"type":"literal","value":' + _quoted(term.value)
        if term.language:
            return literal + ',"xml:lang":' + _quoted(term.language) + "}"
        if term.datatype.value != _XSD_STRING:
            return literal + ',"datatype":' + _quoted(term.datatype.value) + "}"
        return literal + "}"
    return (
        '{"type":"triple","value":{"subject":'
        + _json_term(term.subject)
        + ',"predicate":'
        + _json_term(term.predicate)
        + ',"object":'
        + _json_term(term.object)
        + "}}"
    )


def _json_head(variables: Sequence[str]) -> bytes:
    names = ",".join(_quoted(v) for v in variables)
    return ('{"head":{"vars":[' + names + ']},"results":{"bindings":[').encode()


def _json_rows(variables: Sequence[str]) -> RowWriter:
    keys = [_quoted(v) + ":" for v in variables]
    terms = _Texts(_json_term)

    def row_text(row: Row) -> bytes:
        binding = ",".join(k + terms[t] for k, t in zip(keys, row, strict=True) if t is not None)
        return ("{" + binding + "}").encode()

    return row_text


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _xml_head(variables: Sequence[str]) -> bytes:
    names = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    return (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{names}</head><results>"
    ).encode()


def _xml_rows(variables: Sequence[str]) -> RowWriter:
    names = [f"<binding name={quoteattr(v)}>" for v in variables]
    terms = _Texts(_xml_term)

    def row_text(row: Row) -> bytes:
        bindings = "".join(
            n + terms[t] + "</binding>" for n, t in zip(names, row, strict=True) if t is not None
        )
        return f"<result>{bindings}</result>".encode()

    return row_text


def _csv_value(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.Triple):
        text = str(term)
    else:
        text = term.value
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_head(variables: Sequence[str]) -> bytes:
    return (",".join(variables) + "\r\n").encode()


def _csv_rows(variables: Sequence[str]) -> RowWriter:
    terms = _Texts(_csv_value)
    return lambda row: (",".join("" if t is None else terms[t] for t in row) + "\r\n").encode()


def _tsv_value(term: Term) -> str:
    # N-Triples syntax; canonical N-Triples leaves tabs raw, which would split the cell.
    return str(term).replace("\t", "\\t")


def _tsv_head(variables: Sequence[str]) -> bytes:
    return ("\t".join("?" + v for v in variables) + "\n").encode()


def _tsv_rows(variables: Sequence[str]) -> RowWriter:
    terms = _Texts(_tsv_value)
    return lambda row: ("\t".join("" if t is None else terms[t] for t in row) + "\n").encode()


# Per format: head, row writer factory, separator between rows, tail.
_WRITERS: dict[
    str, tuple[Callable[[Sequence[str]], bytes], Callable[[Sequence[str]], RowWriter], bytes, bytes]
] = {
    "json": (_json_head, _json_rows, b",", b"]}}"),
    "xml": (_xml_head, _xml_rows, b"", b"</results></sparql>"),
    "csv": (_csv_head, _csv_rows, b"", b""),
    "tsv": (_tsv_head, _tsv_rows, b"", b""),
}
