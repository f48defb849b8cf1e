"""The ``kg`` command: a thin shell over :mod:`kg.api`.

::

    kg build PATH... [--store DIR|URL] [--model NAME] [--batch-size N]
             [--processes N] [--engine local|dask] [--scheduler ADDRESS] [--debug]
    kg remove DOC_ID... [--store DIR|URL]
    kg query 'SELECT|ASK|CONSTRUCT|DESCRIBE ...' | --file Q.rq | --name NAME
             [--param KEY=VALUE ...] | --list
             [--format table|csv|tsv|json|xml|turtle|nt|jsonld] [-o FILE]
             [--timeout SECONDS] [--max-memory SIZE] [--allow-service] [--store DIR|URL]
    kg export [--format graphml|turtle|nt|jsonld|jsonl|gexf|png|svg] [-o FILE] [--store DIR|URL]
              [--view claims|speakers|entities|speakers-cited-together]
              [--since DATE] [--until DATE] [--about ENTITY] [--speaker ENTITY]
    kg plot quantities --thing REGEX [--out FILE.png|FILE.svg] [--store DIR|URL]
    kg stats [--store DIR|URL]
    kg validate [--store DIR|URL]
    kg serve [--store DIR|URL] [--host 127.0.0.1] [--port 8000] [--allow-update]
             [--timeout SECONDS]

Exit status: 0 on success; 1 when a build skipped some input or some articles (the rest
is built; each skipped one is named on a line of its own on stderr, with the stage that
failed and the error, and ``--debug`` adds the traceback),
``remove`` was given an id not in the store, ``validate`` found the graph does not
conform to the shapes, or ``plot`` found no dated number whose counted thing matches
``--thing`` (or ``--thing`` is no regular expression), drawing nothing; 2 when the
command could not do what was asked (the message says why and what to do), a query ran
past its ``--timeout``, or a SPARQL endpoint given as ``--store`` did not answer within
``--store-timeout`` or broke off its answer.
``query`` with an ASK query exits 0 when the answer is true and 1 when it is false (as
``grep`` does), so a script can test it; an error is still 2.

``query``, ``stats``, ``export`` and ``validate`` open a store folder read-only: they
write nothing to it, and run while a build holds it.
``build`` and ``remove`` started while another holds the store folder for writing wait
for it to finish, saying so once on stderr (with ``--no-wait``: fail at once, status 2).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from kg import __version__, api
from kg.bounded import QUERY_MEMORY, run_bounded
from kg.corrections import CorrectionsError
from kg.documents import MAX_ARTICLE_BYTES, Skipped
from kg.engines import ENGINES
from kg.export import (
    EXTENSIONS,
    VIEW_FORMATS,
    VIEWS,
    ExportError,
    Selection,
    format_of,
)
from kg.export.views import ViewError, check_date
from kg.gazetteer import GazetteerError
from kg.interface import command_line
from kg.query import (
    FORMATS,
    GRAPH_FORMATS,
    QUERY_TIMEOUT,
    QueryError,
    Table,
    get_named_query,
    named_queries,
    serialize,
)
from kg.rdf.store import DEFAULT_STORE, STORE_TIMEOUT, StoreError, open_store

#: Errors a user can act on: shown as one line, without a traceback.
USER_ERRORS = (
    StoreError,
    QueryError,
    ExportError,
    api.BuildError,
    GazetteerError,
    CorrectionsError,
)


class Terminated(BaseException):
    """The process was sent SIGTERM (``kill PID``, a service manager stopping it).

    Raised by the signal handler :func:`main` installs, it unwinds the command as Ctrl-C
    does: a build's worker processes are stopped and the store is closed (an update
    under way applies whole first). A ``BaseException``, like ``KeyboardInterrupt``, so
    that no ``except Exception`` that skips one article catches it.
    """


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="DIR|URL",
        default=None,
        help=f"the store folder (default: {DEFAULT_STORE}), or the URL of a SPARQL "
        "endpoint: http://HOST:PORT for an Oxigraph server (its /query and /update), "
        "http://HOST:PORT/DS for a Fuseki dataset, or a URL ending in /query or /sparql "
        "(updates go to /update beside it)",
    )
    parser.add_argument(
        "--store-timeout",
        type=_positive_seconds,
        default=STORE_TIMEOUT,
        metavar="SECONDS",
        help="with a SPARQL endpoint as --store: seconds to wait for it to accept a "
        f"request and for each part of its answer before giving up (default {STORE_TIMEOUT:g})",
    )


#: Multipliers of the units --max-article-size takes (decimal, as file sizes are shown).
_SIZE_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}


def _byte_size(text: str) -> int | None:
    """A size as given on the command line (``5M``, ``500k``, ``2G``, bytes), None for 0."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]?)b?", text.strip(), re.IGNORECASE)
    if not m:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: give bytes or a number with k, M or G, as in 20M "
            "(0: no limit)"
        )
    size = int(float(m[1]) * _SIZE_UNITS[m[2].lower()])
    return size or None


def _no_wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="when another kg process (a build, a remove) is writing the store folder, "
        "fail at once instead of waiting for it to finish",
    )


def _waiting(args: argparse.Namespace) -> Callable[[str], None] | None:
    """What ``kg build`` and ``kg remove`` do when another process writes the store:
    say so once on stderr and wait, unless ``--no-wait``."""
    if args.no_wait:
        return None
    return lambda message: print(
        f"kg {args.command}: {message} (Ctrl-C to stop; --no-wait fails at once)",
        file=sys.stderr,
        flush=True,
    )


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds, as in 30")
    return seconds


def _positive_seconds(text: str) -> float:
    seconds = _seconds(text)
    if seconds == 0:
        raise argparse.ArgumentTypeError("give a number of seconds above 0, as in 30")
    return seconds


def _positive_count(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count: give a whole number above 0")
    return int(text)


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE, as in speaker=Mattis")
    return key, value


def _date(text: str) -> str:
    try:
        return check_date(text)
    except ViewError as e:  # argparse names the option: "argument --since: ..."
        raise argparse.ArgumentTypeError(str(e)) from None


def _view_options(parser: argparse.ArgumentParser) -> None:
    views = parser.add_argument_group(
        f"views (with --format {', '.join(VIEW_FORMATS)})",
        "which network to write, over which claims; every filter applies to every view",
    )
    views.add_argument(
        "--view",
        choices=VIEWS,
        default="claims",
        help="claims: articles, claims and entities (default); speakers: speaker -> entity "
        "they make claims about; entities: entities mentioned in one claim together; "
        "speakers-cited-together: speakers quoted in one article",
    )
    views.add_argument(
        "--since",
        type=_date,
        metavar="DATE",
        help="only claims dated on or after DATE (YYYY[-MM[-DD]])",
    )
    views.add_argument(
        "--until",
        type=_date,
        metavar="DATE",
        help="only claims dated on or before DATE (YYYY[-MM[-DD]])",
    )
    views.add_argument(
        "--about",
        metavar="ENTITY",
        help="only claims about ENTITY (an id, as person/james-mattis, or a name)",
    )
    views.add_argument(
        "--speaker", metavar="ENTITY", help="only claims said by ENTITY (an id or a name)"
    )
    views.add_argument(
        "--include-unnamed",
        action="store_true",
        help="in the views of entities, show also those no article names, only describes "
        '("his family", "authorities", "reports")',
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Claim-tracking knowledge graph: who said what, about whom, where and "
        "when, from news articles.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="read articles and add their claims to the store")
    b.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=".txt, .jsonl or .html files, or folders (none: finish an interrupted build, or "
        "apply a new --gazetteer or --corrections)",
    )
    _store_option(b)
    b.add_argument("--model", metavar="NAME", help="spaCy pipeline to load")
    b.add_argument(
        "--gazetteer",
        metavar="FILE",
        help="entities you know, their other names and identifiers (.csv or .jsonl: see "
        "examples/gazetteer.csv); the store keeps it until another is given",
    )
    b.add_argument(
        "--corrections",
        metavar="FILE",
        help="what resolution got wrong (.csv: merge, apart, not an entity; see "
        "examples/corrections.csv); the store keeps it until another is given",
    )
    b.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="articles per spaCy batch"
    )
    b.add_argument(
        "--processes",
        type=int,
        default=None,
        metavar="N",
        help="run extraction in N processes (default 1; with --engine dask and no "
        "--scheduler, the workers of the local cluster, default 2)",
    )
    b.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where extraction runs: this machine, or a Dask cluster",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler to send documents to (tcp://HOST:8786); without it, "
        "--engine dask starts a local cluster",
    )
    b.add_argument(
        "--max-article-size",
        metavar="SIZE",
        type=_byte_size,
        default=MAX_ARTICLE_BYTES,
        help="skip, with its size, a file or JSON line larger than this (default 5M; "
        "0 for no limit)",
    )
    b.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    _no_wait_option(b)
    b.add_argument(
        "--debug",
        action="store_true",
        help="with each article skipped because kg failed on it, print the error's "
        "traceback (to report the fault)",
    )

    r = sub.add_parser(
        "remove", help="delete articles and what rests only on them (claims, mentions, entities)"
    )
    r.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="an article id (its file name)")
    _store_option(r)
    _no_wait_option(r)

    q = sub.add_parser("query", help="run a SPARQL query or a named query")
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "sparql", nargs="?", help="a SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE"
    )
    what.add_argument("--file", metavar="FILE", help="read the query from a .rq file")
    what.add_argument("--name", metavar="NAME", help="run a named query (see --list)")
    what.add_argument("--list", action="store_true", help="list the named queries")
    q.add_argument(
        "--param",
        action="append",
        type=_param,
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter, bound as a literal (repeat for more)",
    )
    q.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format: for SELECT and ASK, table (the default), csv, tsv, or the W3C "
        "SPARQL results json or xml; for CONSTRUCT and DESCRIBE, "
        f"{', '.join(GRAPH_FORMATS)} (RDF/XML), turtle by default",
    )
    q.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        help="write the answer to FILE (default: standard output)",
    )
    q.add_argument(
        "--timeout",
        type=_seconds,
        default=QUERY_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query that runs longer (default {QUERY_TIMEOUT:g}; 0: no limit)",
    )
    q.add_argument(
        "--max-memory",
        type=_byte_size,
        default=QUERY_MEMORY,
        metavar="SIZE",
        help="stop a query that takes more memory, as in 4G (default: half the machine's, "
        f"{QUERY_MEMORY / 2**30:.0f}G here; 0: no limit)",
    )
    q.add_argument(
        "--allow-service",
        action="store_true",
        help="run a query with a SERVICE clause, which sends part of it to the endpoint it "
        "names (refused by default: queries stay on the store)",
    )
    q.add_argument(
        "--include-unnamed",
        action="store_true",
        help="with --name entities or top-speakers: list also the entities no article names, "
        'only describes ("his family", "authorities", "reports")',
    )
    _store_option(q)

    e = sub.add_parser("export", help="write the graph to a file")
    e.add_argument(
        "--format",
        choices=list(EXTENSIONS),
        help="export format (default: the one -o FILE's ending names, as .gexf or .png)",
    )
    e.add_argument(
        "-o", "--output", metavar="FILE", help="output file (default: exports/graph.EXT)"
    )
    _store_option(e)
    _view_options(e)

    p = sub.add_parser("plot", help="draw a picture of what the claims say")
    p.add_argument(
        "what",
        choices=["quantities"],
        help="quantities: the numbers claimed about a thing over time, one line per speaker",
    )
    p.add_argument(
        "--thing",
        required=True,
        metavar="REGEX",
        help="the counted thing, as fighters (a regular expression, any case: "
        "fighters|troops for both)",
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        help="a .png or .svg file (default: exports/quantities-THING.png)",
    )
    _store_option(p)

    n = sub.add_parser(
        "entity", help="an entity's names, classes and articles, and why each name joined"
    )
    n.add_argument("name", help="a name of the entity (case and accents aside)")
    _store_option(n)
    n = sub.add_parser("entities", help="entities resolution joined closest to the line")
    n.add_argument(
        "--review",
        type=int,
        default=20,
        metavar="N",
        help="list the N joins closest to their threshold (default 20)",
    )
    _store_option(n)

    s = sub.add_parser("stats", help="count what the store holds")
    _store_option(s)

    v = sub.add_parser(
        "validate", help="check the graph against the SHACL shapes (exit status 1 if not)"
    )
    _store_option(v)

    w = sub.add_parser(
        "serve", help="a local web server: a SPARQL endpoint, a query page, a claims browser"
    )
    _store_option(w)
    w.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: "
        "every network this machine is on)",
    )
    w.add_argument(
        "--port", type=int, default=8000, help="the port to listen on (default 8000; 0: any free)"
    )
    w.add_argument(
        "--allow-update",
        action="store_true",
        help="take SPARQL updates at /sparql (refused by default: the server only reads)",
    )
    w.add_argument(
        "--timeout",
        type=_seconds,
        default=QUERY_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query that runs longer, answering 503 (default {QUERY_TIMEOUT:g}; 0: none)",
    )
    w.add_argument(
        "--slots",
        type=_positive_count,
        metavar="N",
        help="queries that run at once, each in a worker process (default: one per core, "
        "two at least; bench/bench_endpoint.py --clients measures the choice)",
    )
    return parser


def _build(args: argparse.Namespace) -> int:
    def on_skip(skipped: Skipped) -> None:
        # as it happens, one line each (and the traceback only when asked for)
        print(f"kg: skipped {skipped}", file=sys.stderr)
        if args.debug and skipped.traceback:
            print(skipped.traceback, file=sys.stderr)

    report = api.build(
        args.paths,
        store=args.store,
        model=args.model,
        batch_size=args.batch_size,
        progress=not args.no_progress,
        on_skip=on_skip,
        processes=args.processes,
        engine=args.engine,
        scheduler=args.scheduler,
        gazetteer=args.gazetteer,
        corrections=args.corrections,
        max_article_bytes=args.max_article_size,
        wait=_waiting(args),
        beside=args.engine == "local",  # extraction in a worker, derivation beside it
    )
    for i, line in enumerate(report.passed_over.lines()):  # a head line, then indented ones
        print(f"kg: {line}" if i == 0 else line, file=sys.stderr)
    print(report.summary())
    if report.skipped:
        print(f"kg build: {report.outcome()}", file=sys.stderr)
        return 1
    return 0


def _remove(args: argparse.Namespace) -> int:
    missing = api.remove(args.doc_ids, store=args.store, wait=_waiting(args))
    for doc_id in args.doc_ids:
        if doc_id not in missing:
            print(f"removed {doc_id}")
    for doc_id in missing:
        print(
            f"kg: no article {doc_id!r} in the store: check the id (a .txt article's id "
            'is its file name, a JSON-lines article\'s its "id")',
            file=sys.stderr,
        )
    return 1 if missing else 0


def _list_queries() -> str:
    blocks = []
    for q in named_queries().values():
        lines = [q.name, f"    {q.description}"]
        lines += [f"    --param {p}=...  {d}" for p, d in q.params.items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _query(args: argparse.Namespace) -> int:
    if args.list:
        print(_list_queries())
        return 0
    params = dict(args.param)
    if args.name:
        get_named_query(args.name)  # an unknown name is an error even if it is valid SPARQL
        sparql = args.name
    elif args.file:
        try:
            sparql = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read query file {args.file} ({e}): check the path") from None
    else:
        sparql = args.sparql
    answer = api.query(
        args.store,
        sparql,
        params,
        timeout=args.timeout or None,
        allow_service=args.allow_service,
        include_unnamed=args.include_unnamed,
    )
    text = serialize(answer, args.format)
    if args.out:
        try:
            Path(args.out).write_text(text if text.endswith("\n") else text + "\n", "utf-8")
        except OSError as e:
            raise QueryError(
                f"cannot write {args.out} ({e.strerror or e}): give another -o FILE"
            ) from None
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    if isinstance(answer, Table) and args.format in (None, "table") and not answer.rows:
        print("(no results)", file=sys.stderr)
    if isinstance(answer, bool) and not answer:
        return 1  # as grep does: a script can test the answer (errors are 2)
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.format is None:
        if args.output is None:
            raise ExportError("give --format, or -o FILE with an ending that names one")
        args.format = format_of(args.output)
    selection = Selection(
        args.since, args.until, args.about, args.speaker, include_unnamed=args.include_unnamed
    )
    if args.format not in VIEW_FORMATS and (args.view != "claims" or selection.active):
        raise ExportError(
            f"--view, --since, --until, --about and --speaker go with --format "
            f"{', '.join(VIEW_FORMATS)}, not {args.format} (which writes every triple)"
        )
    path = api.export(args.store, args.format, args.output, view=args.view, selection=selection)
    print(f"wrote {path}")
    return 0


def _plot(args: argparse.Namespace) -> int:
    from kg.plot import PlotError  # matplotlib: loaded only to draw

    try:
        path, drawn = api.plot_quantities(args.store, args.thing, args.out)
    except PlotError as e:  # as grep does when nothing matches: 1 (errors of use are 2)
        print(f"kg plot: {e}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({drawn} dated numbers)")
    return 0


def _why(why: dict) -> str:
    if not why["doc"]:
        return f"{why['kind']}: {why['name']!r}" if why["name"] else why["kind"]
    return f"{why['kind']}: {why['name']!r} in {why['doc']} (articles {why['score']:.2f} close)"


def _entity(args: argparse.Namespace) -> int:
    found = api.entity(args.name, args.store)
    if not found:
        print(f"kg entity: no entity is named {args.name!r}", file=sys.stderr)
        return 1
    for e in found:
        votes = ", ".join(
            f"{cls} {n}" for cls, n in sorted(e["votes"].items(), key=lambda v: -v[1])
        )
        print(f"{e['id']}  {e['label']!r}  {e['class']} (votes: {votes})")
        print(f"  {len(e['articles'])} articles: {', '.join(e['articles'])}")
        for m in e["names"]:
            print(f"  {m['doc']}  {m['name']!r} {m['class']}  {_why(m['why'])}")
    return 0


def _entities(args: argparse.Namespace) -> int:
    for j in api.entity(store=args.store, review=args.review):
        print(f"{j['margin']:+.3f}  {j['id']}  {j['doc']} {j['name']!r}  {_why(j['why'])}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    for name, count in api.stats(args.store).items():
        print(f"{name:<14}{count}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    conforms, report = api.validate(args.store)
    print(report)
    return 0 if conforms else 1


def _serve(args: argparse.Namespace) -> int:
    from kg.serve import ServeError, serve

    store = getattr(args.store, "location", args.store) or DEFAULT_STORE
    mode = "takes updates" if args.allow_update else "read-only"

    def ready(url: str) -> None:
        print(f"kg serve: {url} ({store}, {mode}; Ctrl-C to stop)", file=sys.stderr, flush=True)

    try:
        serve(
            args.store,
            host=args.host,
            port=args.port,
            allow_update=args.allow_update,
            timeout=args.timeout or None,
            store_timeout=args.store_timeout,
            slots=args.slots,
            on_ready=ready,
        )
    except ServeError as e:
        print(f"kg serve: error: {e}", file=sys.stderr)
        return 2
    return 0


COMMANDS = {
    "build": _build,
    "remove": _remove,
    "query": _query,
    "export": _export,
    "plot": _plot,
    "entity": _entity,
    "entities": _entities,
    "stats": _stats,
    "validate": _validate,
    "serve": _serve,
}


#: Commands that only read the store: a SPARQL endpoint is opened refusing updates.
READS = ("query", "export", "stats", "validate", "plot", "entity", "entities")


def _to_finish(args: argparse.Namespace, lead: str) -> str:
    """What to do after a build or remove that stopped part-way (nothing for a read)."""
    if args.command not in ("build", "remove"):
        return ""
    store = getattr(args, "store", None)
    if isinstance(store, str | os.PathLike) and not os.path.isdir(store):
        return (
            f"{lead} the store folder {store} is gone (removed while kg ran?): run "
            "`kg build` with the articles to build it again"
        )
    return (
        f"{lead} what was written is kept, whole: run `kg build` again (with or without "
        "input) to finish"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv`` (default: the process arguments)."""
    args = make_parser().parse_args(argv)
    with command_line():  # messages name kg's options, not Python's arguments
        if args.command == "query" and not args.list and not _served(args.store):
            # Oxigraph's memory is out of Python's reach: a query runs in a bounded child
            return run_bounded(lambda: _run(args), args.max_memory, "kg query")
        return _run(args)


def _served(store: object) -> bool:
    """Whether ``store`` (``--store``) names a SPARQL endpoint, not a folder."""
    return str(store).startswith(("http://", "https://"))


def _run(args: argparse.Namespace) -> int:
    # Signal handlers can only be set from the main thread (not when a thread calls main).
    handles_sigterm = threading.current_thread() is threading.main_thread()
    if handles_sigterm:
        previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        if _served(getattr(args, "store", None)):
            # opened here to give it --store-timeout; a store folder is opened by the API
            with open_store(
                args.store, read_only=args.command in READS, timeout=args.store_timeout
            ) as args.store:
                return COMMANDS[args.command](args)
        return COMMANDS[args.command](args)
    except USER_ERRORS as e:
        print(f"kg {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted{_to_finish(args, ';')}", file=sys.stderr)
        return 130
    except Terminated:
        print(f"kg {args.command}: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        # the reader went away (`kg query ... | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:  # the store's files or an output (a full disk, a folder deleted)
        print(f"kg {args.command}: error: {e}{_to_finish(args, ';')}", file=sys.stderr)
        return 2
    finally:
        if handles_sigterm:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
