"""Running SPARQL over the store: named queries, parameters and output formats.

Named queries are ``.rq`` files in ``kg/query/queries/``. Each starts with a header::

    # name: claims-by-speaker
    # description: What a speaker said ...
    # param: speaker — part of the speaker's name ...

A parameter is bound as an RDF literal through the store's bindings, never pasted into
the query text, so a value holding quotes or braces is only ever a string to match.
Both stores bind a parameter by a ``VALUES`` block opening each WHERE clause, sub-selects
included (:func:`kg.rdf.store.bind_values`), so Oxigraph's planner starts from it. A named
query selects each of its parameters, and :func:`run` leaves those columns out of the result.

Queries stay local and bounded: :func:`run` refuses a query that calls another endpoint
(``SERVICE``) unless told it may, and stops waiting for a query after a time limit.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TypeVar

from rdflib import Literal

from kg.rdf.store import Store, sparql_keywords

#: Seconds :func:`run` waits for a query by default (``kg query --timeout``): the slowest
#: named query takes about 5 s on a store of a million triples (bench/README.md), so this
#: leaves room for ten times that, and stops a runaway query within a minute.
QUERY_TIMEOUT = 60.0

#: Output formats of :func:`format_table`.
FORMATS = ("table", "csv", "tsv", "json")

#: Table cells longer than this are cut (use csv, tsv or json for the full text).
TABLE_CELL_WIDTH = 100

T = TypeVar("T")

_HEADER = re.compile(r"#\s*(name|description|param):\s*(.*)")
_PARAM = re.compile(r"(\w[\w-]*)\s*(?:—|-{1,2}|:)\s*(.*)")


class QueryError(Exception):
    """A query that cannot be run as asked; the message says what to do."""


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` has a ``SERVICE`` clause, which sends part of it to another
    endpoint: the keyword, not the word in a string, comment, IRI or name.

    Examples
    --------
    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return "SERVICE" in sparql_keywords(sparql)


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with kg: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    params: dict[str, str]
    sparql: str


@dataclass
class Table:
    """Query results: column names and rows of cells (RDF terms, or None when unbound)."""

    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)


def parse_named_query(text: str, default_name: str) -> NamedQuery:
    """Read the ``# name:``, ``# description:`` and ``# param:`` header of a ``.rq`` text."""
    name, description, params = default_name, "", {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
        else:
            p = _PARAM.match(value.strip())
            if p:
                params[p.group(1)] = p.group(2).strip()
    return NamedQuery(name, description, params, text)


def named_queries() -> dict[str, NamedQuery]:
    """Return the named queries shipped with kg, by name.

    Examples
    --------
    >>> named_queries()["claims-by-speaker"].params["speaker"][:26]
    "part of the speaker's name"
    """
    found = {}
    for resource in sorted(files("kg.query").joinpath("queries").iterdir(), key=str):
        if resource.name.endswith(".rq"):
            q = parse_named_query(resource.read_text(encoding="utf-8"), resource.name[:-3])
            found[q.name] = q
    return found


def get_named_query(name: str) -> NamedQuery:
    """Return the named query ``name``, or raise :class:`QueryError` listing the names."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(
            f"no query named {name!r}: choose one of {', '.join(sorted(queries))} "
            "(`kg query --list` describes them)"
        )
    return queries[name]


def run(
    store: Store,
    sparql: str,
    params: Mapping[str, str] | None = None,
    timeout: float | None = QUERY_TIMEOUT,
    allow_service: bool = False,
) -> Table:
    """Run a SELECT query with string parameters bound as RDF literals.

    Parameters
    ----------
    store : Store
    sparql : str
        A SPARQL SELECT query. Each parameter must be a variable the query selects.
    params : mapping of str to str, optional
        Values for the query's variables, bound as plain literals.
    timeout : float or None
        Seconds to wait for the answer (default :data:`QUERY_TIMEOUT`); None waits as
        long as it takes.
    allow_service : bool
        Run a query with a ``SERVICE`` clause, which makes the store send part of it to
        the endpoint it names (a request from this machine, or from the store's server);
        refused by default.

    Returns
    -------
    Table
        The selected columns, parameters left out.

    Raises
    ------
    QueryError
        The query does not parse, is not a SELECT, does not select a parameter, has a
        ``SERVICE`` clause (unless ``allow_service``) or one that failed, or took longer
        than ``timeout``.

    Notes
    -----
    Oxigraph cannot cancel a query: one past its time limit goes on in a background
    thread until it ends, its answer unused. The ``kg`` command exits at the time limit,
    which stops it.
    """
    if not allow_service and uses_service(sparql):
        raise QueryError(
            "the query has a SERVICE clause, which would send part of it to another "
            "endpoint: kg queries stay on the store unless you allow it with "
            "--allow-service (Python: allow_service=True)"
        )
    params = dict(params or {})
    bindings = {k: Literal(v) for k, v in params.items()}
    try:
        kind, names, rows = _within(timeout, lambda: _select(store, sparql, bindings))
    except SyntaxError as e:
        raise QueryError(f"the query is not valid SPARQL: {e}") from None
    except RuntimeError as e:  # Oxigraph: a bound variable that is not selected
        raise QueryError(
            f"cannot run the query ({e}): a --param must name a variable the query "
            "selects, as in SELECT ?speaker ..."
        ) from None
    except OSError as e:
        if not uses_service(sparql):
            raise
        raise QueryError(
            f"the SERVICE call of the query failed ({e}): check the endpoint it names"
        ) from None
    if kind != "SELECT":
        raise QueryError(f"only SELECT queries give a table; this is a {kind} query")
    keep = [i for i, n in enumerate(names) if n not in params]
    table = Table([names[i] for i in keep])
    for row in rows:
        table.rows.append([row[i] for i in keep])
    return table


def _select(
    store: Store, sparql: str, bindings: Mapping[str, Literal]
) -> tuple[str, list[str], list[list[object]]]:
    """The kind of query ``sparql`` is, and for a SELECT its variables and rows, read
    whole: the store's result objects live and die in the thread that runs this (Oxigraph's
    cannot be dropped in another)."""
    result = store.query(sparql, bindings)
    if result.type != "SELECT":
        return result.type, [], []
    return "SELECT", [str(v) for v in result.vars], [list(row) for row in result]


def _within(seconds: float | None, call: Callable[[], T]) -> T:
    """Return ``call()``, run in a thread that is waited for ``seconds`` at most."""
    if seconds is None:
        return call()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["result"] = call()
        except BaseException as e:  # handed to the caller below
            # without the frames of this thread, which hold Oxigraph objects that must
            # not be dropped in another thread
            chained: BaseException | None = e
            while chained is not None:
                chained = chained.with_traceback(None).__context__
            outcome["error"] = e

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryError(
            f"the query ran for more than {seconds:g} s and was stopped: make it more "
            "selective (a pattern with a constant, a LIMIT), or give it longer with "
            "--timeout SECONDS (0: no limit; Python: timeout=None)"
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def run_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    timeout: float | None = QUERY_TIMEOUT,
) -> Table:
    """Run the named query ``name``, checking that ``params`` are the ones it takes;
    ``timeout`` as for :func:`run`."""
    query = get_named_query(name)
    params = dict(params or {})
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        raise QueryError(
            f"query {name} takes no parameter {', '.join(unknown)}: it takes "
            + (", ".join(query.params) or "none")
        )
    missing = [p for p in query.params if p not in params]
    if missing:
        raise QueryError(
            f"query {name} needs "
            + " and ".join(f"--param {p}=VALUE ({query.params[p]})" for p in missing)
        )
    return run(store, query.sparql, params, timeout=timeout)


def _plain(cell: object) -> object:
    """A cell as JSON: numbers and booleans as such, everything else as its text."""
    if cell is None:
        return None
    if isinstance(cell, Literal):
        value = cell.toPython()
        if isinstance(value, (bool, int, float)):
            return value
    return str(cell)


def _text(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def format_table(table: Table, fmt: str = "table") -> str:
    """Render ``table`` as an aligned text table, CSV, TSV or JSON (a list of objects).

    Examples
    --------
    >>> print(format_table(Table(["name", "claims"], [["Mattis", 3]])))
    name    claims
    ------  ------
    Mattis  3
    """
    if fmt == "json":
        records = [dict(zip(table.columns, map(_plain, row), strict=True)) for row in table.rows]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([_text(c) for c in row] for row in table.rows)
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    cells = [[_cut(_text(c)) for c in row] for row in table.rows]
    widths = [
        max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(table.columns)
    ]
    lines = [table.columns, ["-" * w for w in widths], *cells]
    return "\n".join(_align(line, widths) for line in lines)


def _cut(text: str) -> str:
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def _align(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
