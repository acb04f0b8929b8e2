"""Remote store: any SPARQL 1.1 server, spoken to over the SPARQL 1.1 Protocol (query + update).

The server must answer queries without GRAPH over the union of its named graphs, as the embedded store
does (`oxigraph serve`: a query URL ending in `?union-default-graph`; Virtuoso does by default). The dataset this store counts,
dumps and replaces is the named graphs under the project's namespace (`kg.terms.BASE`): a server may
hold other data, and Virtuoso always holds its own system graphs.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import IO

import httpx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import BNode, URIRef

from kg import __version__
from kg.errors import (
    QuerySyntaxError,
    QueryTimeout,
    StoreUnavailableError,
    UnknownFormatError,
)
from kg.formats import DATASET_FORMATS, RDF_FORMATS, RESULT_FORMATS, check_format
from kg.store.base import Quad
from kg.store.formats import RDF, RESULTS, write_quads
from kg.terms import BASE

log = logging.getLogger(__name__)

# Triples per INSERT DATA operation. Virtuoso compiles each operation to SQL and refuses very large
# ones; several operations in one request still run as one transaction.
BATCH_TRIPLES = 2000
# Connection errors and 5xx answers are retried this many times, waiting 0.25 s, 0.5 s, 1 s, ...
RETRIES = 5
BACKOFF = 0.25

_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANONICAL_BOOLEANS = {"1": "true", "0": "false"}
_TRANSIENT_STATUS = frozenset({500, 502, 503, 504})
_OURS = f'FILTER(STRSTARTS(STR(?g), "{BASE}"))'
_MEDIA_FORMATS = {
    media: fmt for table in (RESULT_FORMATS, RDF_FORMATS) for fmt, media in table.items()
}
# What we ask for as well, in case the server cannot write the caller's format; we convert from it.
_RESULTS_FALLBACK = "application/sparql-results+json"
_RDF_FALLBACK = "application/n-triples"
# The query form after the prologue: it decides between result and RDF formats before the request
# (Virtuoso answers a CONSTRUCT in SPARQL JSON results if the Accept header allows it).
_FORM = re.compile(
    r"(?:\s+|\#[^\n\r]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)


class SparqlStore:
    """A dataset on a SPARQL 1.1 server; queries go to `query_url`, updates to `update_url`.

    `user`/`password` answer the server's Basic or Digest challenge. `timeout` (seconds) bounds each
    HTTP request; a request that fails on the network or with a 5xx status is retried with exponential
    backoff when repeating it is safe.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        """Prepare the HTTP client; nothing is sent until the first call."""
        self.location = query_url
        self.update_url = update_url or query_url
        self.timeout = timeout
        self._client = httpx.Client(
            auth=_Credentials(user, password or "") if user else None,
            timeout=timeout,
            headers={"User-Agent": f"kg/{__version__}"},
        )

    def quad_count(self) -> int:
        """Return the number of quads in the project's named graphs."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        return int(rows[0]["n"])

    def graph_value(self, graph: str, predicate: str) -> str | None:
        """Return one object value of `predicate` on the graph's own IRI inside `graph`, or None."""
        rows = self.select(
            f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <{graph}> <{predicate}> ?v }} }}"
        )
        return rows[0]["v"] if rows else None

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> None:
        """Replace the named graph `graph` by `quads` with one update request (all or nothing).

        A server that runs a request as one transaction (Oxigraph) never shows half a graph; Virtuoso
        commits each operation on its own, so its readers may see the graph missing for a moment. The
        request is idempotent, so it is retried on network errors even if the server may have applied
        it. Raises StoreUnavailableError when the retries are spent.
        """
        operations = [f"DROP SILENT GRAPH <{graph}>"]
        lines = _ntriples(quads)
        for start in range(0, len(lines), BATCH_TRIPLES):
            body = "\n".join(lines[start : start + BATCH_TRIPLES])
            operations.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
        self._update(" ;\n".join(operations), is_idempotent=True)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update as one request (one transaction on transactional servers).

        `base_iri` becomes a BASE declaration in front of the update. Retried only when the request
        cannot have reached the server. Raises QuerySyntaxError if the server rejects it (400),
        StoreUnavailableError otherwise.
        """
        prologue = f"BASE <{base_iri}>\n" if base_iri else ""
        self._update(prologue + sparql, is_idempotent=False)

    def remove_graph(self, graph: str) -> bool:
        """Remove the named graph `graph` and its quads; return whether it existed."""
        existed = bool(self.select(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1"))
        if existed:
            self._update(f"DROP SILENT GRAPH <{graph}>", is_idempotent=True)
        return existed

    def select(self, sparql: str, *, timeout: float | None = None) -> list[dict[str, str]]:
        """Run a SELECT over the union of graphs; rows map variable names to lexical values.

        Raises QuerySyntaxError, QueryTimeout (past `timeout`), StoreUnavailableError.
        """
        response = self._query(sparql, _RESULTS_FALLBACK, timeout=timeout)
        try:
            bindings = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreUnavailableError(self.location, "the answer is not a SELECT result") from exc
        return [{name: _lexical(term) for name, term in row.items()} for row in bindings]

    def query(self, sparql: str, fmt: str | None = None) -> tuple[bytes, str]:
        """Run any query over the union of graphs; return (serialized result, format name used).

        Raises QuerySyntaxError on a bad query, UnknownFormatError for a format the query type
        cannot be written in.
        """
        if fmt is not None:
            check_format(fmt, (*RESULT_FORMATS, *RDF_FORMATS))
        return self.answer(
            sparql,
            result_fmt=fmt if fmt is None or fmt in RESULT_FORMATS else None,
            rdf_fmt=fmt if fmt is None or fmt in RDF_FORMATS else None,
        )

    def answer(
        self,
        sparql: str,
        *,
        result_fmt: str | None,
        rdf_fmt: str | None,
        default_graph: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> tuple[bytes, str]:
        """Run a query; return (body, format) in `result_fmt` (SELECT/ASK) or `rdf_fmt` (graphs).

        A None format means the caller accepts none of that kind (None for both: the defaults json
        and turtle). The server's own serialization is passed through when it can write the format;
        otherwise its JSON results or N-Triples are converted. `default_graph` and `named_graphs` are
        the protocol's dataset parameters; `base_iri` becomes a BASE declaration in front. Raises
        QuerySyntaxError, UnknownFormatError, QueryTimeout, StoreUnavailableError.
        """
        if result_fmt is None and rdf_fmt is None:
            result_fmt, rdf_fmt = "json", "turtle"
        sparql = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        match = _FORM.match(sparql)
        form = match.group(1).upper() if match else None
        is_graph = form in ("CONSTRUCT", "DESCRIBE")
        fmt = rdf_fmt if is_graph else result_fmt
        if fmt is None:
            raise UnknownFormatError(
                "(for this kind of query)", list(RDF_FORMATS if is_graph else RESULT_FORMATS)
            )
        fallback = _RDF_FALLBACK if is_graph else _RESULTS_FALLBACK
        media = (RDF_FORMATS if is_graph else RESULT_FORMATS)[fmt]
        graphs = [("default-graph-uri", g) for g in default_graph or ()]
        graphs += [("named-graph-uri", g) for g in named_graphs or ()]
        if form == "ASK":
            # Virtuoso 7 answers ASK as a one-row SELECT (`__ASK_RETVAL`) in every format: fetch JSON
            # and write the boolean ourselves.
            response = self._query(sparql, fallback, timeout=timeout, params=list(graphs))
            return _boolean(response.content, fmt), fmt
        response = self._query(
            sparql,
            f"{media}, {fallback};q=0.1",
            fallback=fallback,
            timeout=timeout,
            params=list(graphs),
        )
        got = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if _MEDIA_FORMATS.get(got) == fmt:
            return response.content, fmt
        return _convert(response.content, got, fmt, is_graph=is_graph), fmt

    def backup(self, target: Path) -> None:
        """Always raise StoreUnavailableError: a remote server is backed up with its own tools."""
        raise StoreUnavailableError(
            self.location, "a remote store cannot be snapshotted; back it up on its server"
        )

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Write the project's graphs (or, for triple formats, their union) in format `fmt`.

        Graphs are fetched one at a time, so a server's cap on result rows applies per article.
        """
        write_quads(self._quads(), output, fmt)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _quads(self) -> Iterator[ox.Quad]:
        graphs = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        for graph in sorted(row["g"] for row in graphs):
            node = ox.NamedNode(graph)
            # N-Triples, not SELECT results: Virtuoso writes booleans as "1" in results.
            response = self._query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                _RDF_FALLBACK,
            )
            for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, node)

    def _query(
        self,
        sparql: str,
        accept: str,
        *,
        fallback: str | None = None,
        timeout: float | None = None,
        params: list[tuple[str, str | int | float | bool | None]] | None = None,
    ) -> httpx.Response:
        request = self._client.build_request(
            "POST",
            self.location,
            params=params or None,
            data={"query": sparql},
            headers={"Accept": accept},
            timeout=timeout or self.timeout,
        )
        return self._send(request, is_idempotent=True, limit=timeout, fallback=fallback)

    def _update(self, sparql: str, *, is_idempotent: bool) -> None:
        request = self._client.build_request("POST", self.update_url, data={"update": sparql})
        self._send(request, is_idempotent=is_idempotent, limit=None)

    def _send(
        self,
        request: httpx.Request,
        *,
        is_idempotent: bool,
        limit: float | None,
        fallback: str | None = None,
    ) -> httpx.Response:
        # `limit` set: a query under the API's time limit, which a timeout ends without a retry.
        # `fallback`: the Accept header to try once if the server answers 406 (Virtuoso refuses a
        # list whose first type it does not write, such as N-Quads, even with a fallback in it).
        for attempt in range(RETRIES + 1):
            try:
                response = self._client.send(request)
            except httpx.TimeoutException as exc:
                if limit is not None:
                    raise QueryTimeout(limit) from exc
                problem: str = f"no answer within {self.timeout:g} s"
                is_retryable = is_idempotent
            except httpx.TransportError as exc:
                problem = str(exc) or type(exc).__name__
                is_retryable = is_idempotent or isinstance(exc, httpx.ConnectError)
            else:
                if response.is_success:
                    return response
                if response.status_code == 406 and fallback not in (
                    None,
                    request.headers["Accept"],
                ):
                    request.headers["Accept"] = fallback
                    continue
                problem = f"HTTP {response.status_code}: {_excerpt(response.text)}"
                if response.status_code == 400:
                    raise QuerySyntaxError(_excerpt(response.text))
                is_retryable = is_idempotent and response.status_code in _TRANSIENT_STATUS
            if not is_retryable or attempt == RETRIES:
                raise StoreUnavailableError(str(request.url), problem)
            delay = BACKOFF * 2**attempt
            log.warning("%s failed (%s); retrying in %.2f s", request.url, problem, delay)
            time.sleep(delay)
        raise AssertionError("unreachable")


class _Credentials(httpx.Auth):
    """Credentials in the scheme the server's first challenge asks for (Basic or Digest), then sent
    up front on every request (Digest from its last challenge, as httpx does)."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is None:
            response = yield request
            challenge = response.headers.get("www-authenticate", "")
            if response.status_code != 401 or not challenge:
                return
            is_digest = challenge.lower().startswith("digest")
            self._scheme = self._digest if is_digest else self._basic
        yield from self._scheme.auth_flow(request)


def _ntriples(quads: Sequence[Quad]) -> list[str]:
    # rdflib's N-Triples writer spells every literal in full ("378"^^xsd:nonNegativeInteger), one
    # triple per line with newlines escaped, so the lines can be split into batches.
    graph = Graph()
    for s, p, o, _ in quads:
        if isinstance(s, BNode) or isinstance(o, BNode) or not isinstance(p, URIRef):
            raise TypeError(f"blank nodes and variables cannot be stored: {(s, p, o)!r}")
        graph.add((s, p, o))
    text = graph.serialize(format="nt", encoding="utf-8").decode()
    return [line for line in text.splitlines() if line]


def _convert(body: bytes, media: str, fmt: str, *, is_graph: bool) -> bytes:
    """Re-serialize a server answer given in `media` into our format `fmt`."""
    try:
        if is_graph:
            source = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
            triples = [q.triple for q in ox.parse(body, source)]
            if fmt in DATASET_FORMATS:
                return ox.serialize([ox.Quad(*t) for t in triples], None, RDF[fmt]) or b""
            return ox.serialize(triples, None, RDF[fmt]) or b""
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is None:
            raise StoreUnavailableError(media, "the server answered in a format we cannot read")
        parsed = ox.parse_query_results(body, results_format)
        return parsed.serialize(format=RESULTS[fmt]) or b""
    except SyntaxError as exc:
        raise StoreUnavailableError(media, f"the server's answer does not parse: {exc}") from exc


def _boolean(body: bytes, fmt: str) -> bytes:
    """Write the answer to an ASK, given in SPARQL JSON (standard, or as one row), in `fmt`."""
    try:
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise StoreUnavailableError("ASK", f"the server's answer does not parse: {exc}") from exc
    if isinstance(parsed, ox.QuerySolutions):
        values = [term.value for row in parsed for term in row if term is not None]
        is_true = bool(values) and values[0] in ("1", "true")
        parsed = ox.parse_query_results(
            json.dumps({"head": {}, "boolean": is_true}), ox.QueryResultsFormat.JSON
        )
    return parsed.serialize(format=RESULTS[fmt]) or b""


def _lexical(term: dict[str, str]) -> str:
    # The canonical form of a boolean: Virtuoso stores them as integers and answers 1 and 0.
    if term.get("datatype") == _XSD_BOOLEAN:
        return _CANONICAL_BOOLEANS.get(term["value"], term["value"])
    return term["value"]


def _excerpt(text: str) -> str:
    return " ".join(text.split())[:300]
