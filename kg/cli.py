"""The `kg` command line: ingest, extract, query, export, validate, stats, serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg import __version__
from kg.errors import BadInputError, KGError
from kg.formats import GRAPH_FORMATS, RDF_FORMATS, RESULT_FORMATS, check_format
from kg.settings import Settings

if TYPE_CHECKING:
    from contextlib import ExitStack

    from kg.export import GraphFilter
    from kg.ingest import Executor
    from kg.model import Article
    from kg.sources import Skipped
    from kg.store import Store

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
EXIT_SKIPPED = 1  # kg ingest: some records could not be used and were skipped


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code (0 ok, 1 SHACL violations or skipped records,
    2 error)."""
    settings = Settings()
    parser = _parser(settings)
    args = parser.parse_args(argv)
    if hasattr(args, "store"):
        # An explicit --store wins over KG_STORE_URL; with neither option, KG_STORE_URL or KG_STORE.
        if args.store is None:
            args.store = settings.store
        else:
            args.store_url = None
    try:
        return int(args.run(args, settings))
    except KGError as exc:
        # One line, whatever the underlying message (parser errors span several lines).
        print(f"kg: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(
        name: str, run: object, help_text: str, *, store: bool = True
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.set_defaults(run=run)
        if store:
            where = cmd.add_mutually_exclusive_group()
            where.add_argument(
                "--store",
                type=Path,
                default=None,
                help=f"store directory (KG_STORE, default {settings.store})",
            )
            where.add_argument(
                "--store-url",
                default=settings.store_url,
                metavar="URL",
                help="SPARQL 1.1 query endpoint of a remote store; replaces --store (KG_STORE_URL)",
            )
            password = settings.store_password
            cmd.set_defaults(
                store_update_url=settings.store_update_url,
                store_user=settings.store_user,
                store_password=password.get_secret_value() if password else None,
            )
        return cmd

    cmd = command(
        "ingest",
        _ingest,
        "extract articles from files, folders or standard input (-) into the store",
    )
    cmd.epilog = (
        "sources: .txt/.md (first line or front matter gives the title), .html/.htm, .jsonl "
        "(one JSON object a line: title, text, url, published), RSS/Atom feeds (.rss/.atom/.xml); "
        "- reads standard input and detects the format. Exit status: 0 every record ingested, "
        "1 some records skipped (each listed on stderr), 2 nothing usable or an error."
    )
    cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    cmd.add_argument(
        "--workers", type=int, default=1, metavar="N", help="extraction processes (default: 1)"
    )
    cmd.add_argument(
        "--batch-size",
        type=int,
        default=32,
        metavar="N",
        help="texts parsed at a time in this process (default: 32; fewer commit sooner after "
        "their parse, and an interrupt redoes less, at some cost in speed)",
    )
    cmd.add_argument(
        "--cluster",
        default=None,
        metavar="ADDRESS",
        help="run extraction on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    cmd = command(
        "extract", _extract, "preview the extraction of one article; stores nothing", store=False
    )
    cmd.add_argument("file", type=Path, metavar="FILE")
    cmd.add_argument("--format", default="json", choices=["json", "table"])
    cmd = command("query", _query, "run a SPARQL query over the union of all article graphs")
    cmd.add_argument("sparql", metavar="SPARQL")
    cmd.add_argument(
        "--format", default=None, help=f"one of {', '.join([*RESULT_FORMATS, *RDF_FORMATS])}"
    )
    cmd = command("export", _export, "write the graph (or a part) in an RDF or graph format")
    cmd.add_argument(
        "--format", required=True, help=f"one of {', '.join([*RDF_FORMATS, *GRAPH_FORMATS])}"
    )
    _graph_filter_options(cmd)
    cmd.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: stdout)"
    )
    cmd.add_argument(
        "--min-confidence",
        type=float,
        default=None,
        metavar="X",
        help="leave out facts whose sm:confidence is below X (0..1)",
    )
    cmd = command("neighborhood", _neighborhood, "print the entities around one entity")
    cmd.add_argument("entity", metavar="NAME_OR_IRI", help="a name, an entity id (person/x) or IRI")
    cmd.add_argument("--hops", type=int, default=2, choices=[1, 2, 3])
    cmd.add_argument("--format", default="json", choices=["json", *GRAPH_FORMATS, *RDF_FORMATS])
    cmd.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: stdout)"
    )
    cmd = command("render", _render, "draw the graph (or a part) as SVG or PNG with Graphviz")
    cmd.add_argument("--format", default="svg", choices=["svg", "png"])
    cmd.add_argument("--layout", default=None, choices=["dot", "sfdp", "neato", "circo"])
    cmd.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    _graph_filter_options(cmd)
    cmd.add_argument("--min-confidence", type=float, default=0.0, metavar="X")
    command("validate", _validate, "check the stored graph against the SHACL shapes")
    cmd = command(
        "eval",
        _eval,
        "score the extraction against gold annotations (ingested into a temporary store)",
        store=False,
    )
    cmd.add_argument("gold", type=Path, metavar="GOLD_DIR")
    cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    command("stats", _stats, "print counts of articles, entities and facts")
    cmd = command("serve", _serve, "serve the HTTP API and web UI")
    cmd.add_argument("--host", default=settings.host)
    cmd.add_argument("--port", type=int, default=settings.port)
    cmd.add_argument(
        "--allow-anonymous-update",
        action="store_true",
        default=settings.allow_anonymous_update,
        help="accept SPARQL Update without the bearer token; for throw-away stores only "
        "(KG_ALLOW_ANONYMOUS_UPDATE)",
    )
    cmd.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=settings.access_log,
        help="log one line per request (KG_ACCESS_LOG)",
    )
    return parser


def _open_store(args: argparse.Namespace, *, create: bool = True) -> Store:
    from kg.store import open_store

    return open_store(
        args.store,
        url=args.store_url,
        update_url=args.store_update_url,
        user=args.store_user,
        password=args.store_password,
        create=create,
    )


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from contextlib import ExitStack
    from itertools import chain

    from tqdm import tqdm

    from kg.extract.pipeline import load_pipeline, resolve_model
    from kg.ingest import Parser, ingest
    from kg.sources import Skipped, read_sources

    for option in ("workers", "batch_size"):
        if getattr(args, option) < 1:
            name = "--" + option.replace("_", "-")
            raise BadInputError(f"{name} {getattr(args, option)} is not a positive number")
    # The input streams (an archive of any size); the store opens at the first usable article, so
    # input with nothing usable writes nothing.
    records = read_sources(args.paths, sys.stdin.buffer)
    skipped: list[Skipped] = []
    first = next(_usable(records, skipped), None)
    if first is None:
        if len(skipped) == 1:
            raise BadInputError(skipped[0].reason, path=skipped[0].location)
        for record in skipped:
            print(f"kg: skipped {record}", file=sys.stderr)
        raise BadInputError("no usable article in the input")
    model = resolve_model(settings.model)
    counts = {"added": 0, "replaced": 0, "unchanged": 0, "duplicate": 0}
    with ExitStack() as stack:
        store = _open_store(args)
        stack.callback(store.close)
        executor = _executor(args, model, stack)
        nlp = load_pipeline(model)
        parser = Parser(nlp, executor, model)
        progress = stack.enter_context(
            tqdm(
                unit=" article",  # no total: the input streams
                file=sys.stderr,
                disable=not sys.stderr.isatty(),
                dynamic_ncols=True,
            )
        )

        def note(record: Skipped) -> None:
            progress.write(f"kg: skipped {record}", file=sys.stderr)

        for record in skipped:
            note(record)
        articles = chain([first], _usable(records, skipped, note))
        for result in ingest(store, nlp, articles, args.batch_size, parser):
            counts[result.status] += 1
            progress.update()
            if result.status == "duplicate":
                note(Skipped(result.source or "", "an earlier article has the same id"))
                continue
            found = f"  ({result.entities} entities, {result.facts} facts)"
            line = f"{result.status:9} {result.article_id}  {result.title[:60]}"
            progress.write(line + (found if result.status != "unchanged" else ""), file=sys.stdout)
            sys.stdout.flush()  # each line says one more article is committed
        progress.close()
        print(
            f"{sum(counts.values())} articles: {counts['added']} added, {counts['replaced']} "
            f"replaced, {counts['unchanged']} unchanged, {len(skipped) + counts['duplicate']} "
            f"skipped; store holds {store.quad_count()} quads",
            file=sys.stderr,
        )
    return EXIT_SKIPPED if skipped or counts["duplicate"] else EXIT_OK


def _usable(
    records: Iterable[Article | Skipped],
    skipped: list[Skipped],
    note: Callable[[Skipped], None] | None = None,
) -> Iterator[Article]:
    """The articles of `records`; each Skipped goes into `skipped` and, if given, to `note`."""
    from kg.sources import Skipped

    for record in records:
        if not isinstance(record, Skipped):
            yield record
            continue
        skipped.append(record)
        if note is not None:
            note(record)


def _executor(args: argparse.Namespace, model: str, stack: ExitStack) -> Executor | None:
    """The executor `--cluster` or `--workers` asks for (closed with `stack`), else None."""
    from kg.ingest import process_pool

    if args.cluster:
        from distributed import Client

        try:
            client = Client(args.cluster, timeout=10)
        except OSError as exc:
            raise BadInputError(
                f"cannot reach the Dask scheduler ({exc})", path=args.cluster
            ) from exc
        stack.enter_context(client)
        return client  # type: ignore[no-any-return]
    if args.workers > 1:
        pool = process_pool(model, args.workers)
        stack.callback(pool.shutdown, wait=False, cancel_futures=True)
        return pool
    return None


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from kg.extract.pipeline import extract, load_pipeline
    from kg.sources import read_article

    article = read_article(args.file)
    extraction = extract(load_pipeline(settings.model), article)
    labels = {e.key: e.label for e in extraction.entities}
    if args.format == "json":
        data = asdict(extraction)
        del data["clean_text"]
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    for ent in extraction.entities:
        aliases = f"  (also: {', '.join(ent.aliases)})" if ent.aliases else ""
        print(f"{ent.cls:16} {ent.label}{aliases}")
    print()
    for fact in extraction.facts:
        source = f"  [{labels[fact.reported_by]}]" if fact.reported_by else ""
        print(
            f"{labels[fact.subject]} --{fact.predicate}--> {labels[fact.object]}  {fact.confidence:.2f}{source}"
        )
    return EXIT_OK


def _query(args: argparse.Namespace, settings: Settings) -> int:
    if args.format is not None:
        check_format(args.format, (*RESULT_FORMATS, *RDF_FORMATS))
    store = _open_store(args, create=False)
    try:
        body, _ = store.query(args.sparql, args.format)
    finally:
        store.close()
    sys.stdout.buffer.write(body)
    if not body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return EXIT_OK


def _export(args: argparse.Namespace, settings: Settings) -> int:
    check_format(args.format, (*RDF_FORMATS, *GRAPH_FORMATS))
    selected = args.entity or args.types or args.predicates or args.article or args.limit
    if args.format in GRAPH_FORMATS or selected or args.min_confidence is not None:
        return _export_selection(args)
    store = _open_store(args, create=False)
    try:
        _write_output(lambda output: store.dump(output, args.format), args.output)
    finally:
        store.close()
    return EXIT_OK


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from kg.eval import evaluate, read_gold, report_text
    from kg.extract.pipeline import load_pipeline

    gold = read_gold(args.gold)
    report = evaluate(load_pipeline(settings.model), gold)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(report_text(report))
    return EXIT_OK


def _graph_filter_options(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_argument_group(
        "which part of the graph (without these, RDF formats hold every quad)"
    )
    group.add_argument("--entity", default=None, metavar="NAME_OR_IRI", help="center entity")
    group.add_argument("--hops", type=int, default=1, choices=[1, 2, 3], help="around --entity")
    group.add_argument("--types", default="", metavar="CLASS,...", help="entity classes to keep")
    group.add_argument(
        "--predicates", default="", metavar="PROPERTY,...", help="properties to keep"
    )
    group.add_argument("--article", default=None, metavar="ID", help="one article's facts")
    group.add_argument("--limit", type=int, default=None, metavar="N", help="most nodes written")


def _graph_filter(args: argparse.Namespace, store: Store) -> GraphFilter:
    from kg.export import graph_filter_of

    def names(value: str) -> list[str]:
        return [v.strip() for v in value.split(",") if v.strip()]

    return graph_filter_of(
        store,
        entity=args.entity,
        hops=args.hops,
        types=names(getattr(args, "types", "")),
        predicates=names(getattr(args, "predicates", "")),
        min_confidence=getattr(args, "min_confidence", None) or 0.0,
        article=getattr(args, "article", None),
        limit=getattr(args, "limit", None),
    )


def _selected_graph(args: argparse.Namespace) -> object:
    from kg.export import entity_graph

    store = _open_store(args, create=False)
    try:
        return entity_graph(store, _graph_filter(args, store))
    finally:
        store.close()


def _export_selection(args: argparse.Namespace) -> int:
    """Write the part of the graph the options select in a graph or RDF format."""
    from kg.export import export_selection

    store = _open_store(args, create=False)
    try:
        _graph, data = export_selection(store, _graph_filter(args, store), args.format)
    finally:
        store.close()
    _write_bytes(data, args.output)
    return EXIT_OK


def _write_output(write: Callable[[IO[bytes]], object], output: Path | None) -> None:
    if output is None:
        write(sys.stdout.buffer)
        return
    # Write beside the target and rename, so a failed write never leaves half a file.
    target = output.resolve()
    try:
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as tmp:
            write(tmp)
        os.replace(tmp.name, target)
    except OSError as exc:
        raise BadInputError(exc.strerror or str(exc), path=str(output)) from exc


def _write_bytes(data: bytes, output: Path | None) -> None:
    _write_output(lambda out: out.write(data), output)


def _render(args: argparse.Namespace, settings: Settings) -> int:
    from kg.render import render

    picture = render(_selected_graph(args), args.format, layout=args.layout)  # type: ignore[arg-type]
    _write_bytes(picture, args.output)
    return EXIT_OK


def _neighborhood(args: argparse.Namespace, settings: Settings) -> int:
    from kg.export import export_neighborhood
    from kg.graph import LabelIndex, graph_json, neighborhood

    store = _open_store(args, create=False)
    try:
        iri = LabelIndex.build(store).resolve(args.entity)
        found = neighborhood(store, iri, hops=args.hops)
        if args.format != "json":
            _write_bytes(export_neighborhood(store, found, args.format), args.output)
            return EXIT_OK
    finally:
        store.close()
    print(json.dumps(graph_json(found), indent=2, ensure_ascii=False))
    return EXIT_OK


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    import io

    from rdflib import Dataset

    from kg.validate import validate

    store = _open_store(args, create=False)
    buffer = io.BytesIO()
    try:
        store.dump(buffer, "nquads")
    finally:
        store.close()
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    report = validate(dataset)
    print(report.text)
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from kg.stats import stats

    store = _open_store(args, create=False)
    try:
        summary = stats(store)
    finally:
        store.close()
    print(json.dumps(asdict(summary), indent=2))
    return EXIT_OK


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    # Fail here, with one line, if the store is locked or unwritable; the app reopens it.
    _open_store(args).close()
    # The app builds its own Settings from the environment; pass the CLI's choices that way.
    os.environ["KG_STORE"] = str(args.store)
    if args.store_url:
        os.environ["KG_STORE_URL"] = args.store_url
    else:
        os.environ.pop("KG_STORE_URL", None)
    os.environ["KG_ALLOW_ANONYMOUS_UPDATE"] = "true" if args.allow_anonymous_update else "false"
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        access_log=args.access_log,
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
