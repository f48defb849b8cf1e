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

Every SPARQL query form is answered: a SELECT with a :class:`Table`, an ASK with a bool,
a CONSTRUCT or DESCRIBE with an rdflib graph. :func:`serialize` writes an answer in a
format by name: a table as text, CSV or TSV, a table or a bool in the W3C SPARQL 1.1
Query Results JSON or XML formats, a graph in an RDF format of :mod:`kg.rdf.serialize`.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from kg.interface import cli_or_python
from kg.query.checks import NestingError, UncheckedFederation, check_nesting, federation
from kg.rdf.namespaces import READABLE_PREFIXES
from kg.rdf.serialize import RDF_FORMATS, serialize_graph
from kg.rdf.store import Store, sparql_keywords, sparql_tokens

if TYPE_CHECKING:
    import pandas

#: Seconds :func:`run` waits for a query by default (``kg query --timeout``): the slowest
#: named query took about 5 s on a store of a million triples before their counts were
#: kept (bench/README.md; now well under a second), so this leaves room for ten times
#: that, and stops a runaway query within a minute.
QUERY_TIMEOUT = 60.0

#: Output formats of :func:`format_table`.
TABLE_FORMATS = ("table", "csv", "tsv", "json")

#: Formats of a SELECT or ASK answer: ``json`` and ``xml`` are the W3C SPARQL 1.1 Query
#: Results formats (a bool is ``true`` or ``false`` in the others).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")

#: Formats of a CONSTRUCT or DESCRIBE answer (Turtle first, the default).
GRAPH_FORMATS = tuple(RDF_FORMATS)

#: Every format :func:`serialize` writes (``kg query --format``).
FORMATS = RESULT_FORMATS + tuple(f for f in GRAPH_FORMATS if f not in RESULT_FORMATS)

#: Media type of each format of a table or a bool, as a SPARQL endpoint sends it (a
#: graph's are in :data:`kg.rdf.serialize.RDF_FORMATS`; :func:`media_type` picks).
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "table": "text/plain",
}

#: The W3C SPARQL 1.1 results formats, by the name :func:`write_results` takes, in
#: Oxigraph's writers.
W3C_RESULTS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

#: Table cells longer than this are cut (use csv, tsv or json for the full text).
TABLE_CELL_WIDTH = 100

T = TypeVar("T")

_HEADER = re.compile(r"#\s*(name|description|param|choices):\s*(.*)")
_PARAM = re.compile(r"(\w[\w-]*)\s*(?:—|-{1,2}|:)\s*(.*)")


class QueryError(Exception):
    """A query that cannot be run as asked; the message says what to do."""


class FederationRefused(QueryError):
    """A query or update (``form``) that would reach another endpoint or fetch a document:
    ``found`` is ``"SERVICE"`` or ``"LOAD"``."""

    def __init__(self, message: str, form: str, found: str) -> None:
        super().__init__(message)
        self.form, self.found = form, found


def _service_refused() -> str:
    """Why a query with SERVICE is refused, and how to allow it."""
    return (
        "the query has a SERVICE clause, which would send part of it to another endpoint: "
        "kg queries stay on the store unless you allow it with "
        + cli_or_python("--allow-service", "allow_service=True")
    )


def check_query(sparql: str, allow_service: bool = False) -> None:
    """Raise :class:`QueryError` for a query kg does not run: nested deeper than its
    parser takes, or with federation (``SERVICE``) unless ``allow_service`` (see
    :mod:`kg.query.checks`).

    Examples
    --------
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.query.FederationRefused: the query has a SERVICE clause, ...
    >>> check_query('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE')
    """
    try:
        check_nesting(sparql)
        if not allow_service and federation(sparql):
            raise FederationRefused(_service_refused(), "query", "SERVICE")
    except (NestingError, UncheckedFederation) as e:
        raise QueryError(str(e)) from None


def check_update(sparql: str) -> None:
    """Raise :class:`QueryError` for an update kg does not run: nested too deep, or one
    that reaches out (``SERVICE`` in its pattern, ``LOAD`` of a document)."""
    try:
        check_nesting(sparql)
        found = federation(sparql, update=True)
    except (NestingError, UncheckedFederation) as e:
        raise QueryError(str(e).replace("query", "update")) from None
    if found:
        raise FederationRefused(
            f"the update has {found}, which would reach another endpoint or fetch a "
            "document from the web: kg's updates stay on the store",
            "update",
            found,
        )


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with kg: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    params: dict[str, str]
    sparql: str
    #: The values a parameter may take, for one whose values are a closed set.
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Table:
    """Query results: column names and rows of cells (RDF terms, or None when unbound).

    A table is a sequence of its rows, each a tuple of Python values (:func:`value`:
    numbers as numbers, dates as dates, IRIs and text as strings), as a database
    cursor gives them; ``rows`` keeps the RDF terms.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> table = Table(["speaker", "claims"], [[Literal("James Mattis"), Literal(45)]])
    >>> len(table), [(speaker, n + 1) for speaker, n in table]
    (1, [('James Mattis', 46)])
    >>> table.to_dicts()
    [{'speaker': 'James Mattis', 'claims': 45}]
    """

    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        return (tuple(value(cell) for cell in row) for row in self.rows)

    def to_dicts(self) -> list[dict[str, object]]:
        """Each row as a dict of column name to Python value (None where unbound)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self]

    def to_pandas(self) -> pandas.DataFrame:
        """The table as a pandas DataFrame of Python values, one column per variable.

        Raises
        ------
        ImportError
            pandas is not installed (it is an optional extra: ``pip install
            'claimkg[pandas]'``).
        """
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "Table.to_pandas needs pandas, which kg does not install by itself: "
                "pip install 'claimkg[pandas]' (or pip install pandas)"
            ) from None
        return pandas.DataFrame(list(self), columns=self.columns)


def value(cell: object) -> object:
    """A query result's cell as a Python value: a literal as the value its datatype gives
    (``int``, ``float``, ``bool``, ``datetime.date``...) or else as its text, an IRI or
    blank node as its string, an unbound cell as None.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import XSD
    >>> value(Literal("2017-03-05", datatype=XSD.date)), value(Literal("Kabul", lang="en"))
    (datetime.date(2017, 3, 5), 'Kabul')
    >>> value(URIRef("https://w3id.org/claimkg/id/entity/person/x")), value(None)
    ('https://w3id.org/claimkg/id/entity/person/x', None)
    """
    if cell is None:
        return None
    if isinstance(cell, Literal):
        python = cell.toPython()
        return str(python) if isinstance(python, Literal) else python
    return str(cell)


#: The answer to a query: a table (SELECT), true or false (ASK), a graph (CONSTRUCT,
#: DESCRIBE).
Answer = Table | bool | Graph


def parse_named_query(text: str, default_name: str) -> NamedQuery:
    """Read the ``# name:``, ``# description:``, ``# param:`` and ``# choices:`` header
    of a ``.rq`` text.

    ``# choices: kind — ckg:AttributionKinds`` says that the parameter ``kind`` takes
    the ``skos:notation`` of a concept of that scheme of the ontology (``ontology/kg.ttl``).
    """
    name, description, params, choices = default_name, "", {}, {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
        elif p := _PARAM.match(value.strip()):
            if key == "param":
                params[p.group(1)] = p.group(2).strip()
            else:
                choices[p.group(1)] = scheme_notations(p.group(2).strip())
    return NamedQuery(name, description, params, text, choices)


@cache
def scheme_notations(scheme: str) -> tuple[str, ...]:
    """The ``skos:notation`` of each concept of the ontology's concept scheme ``scheme``
    (a prefixed name), sorted.

    Examples
    --------
    >>> scheme_notations("ckg:AttributionKinds")[:3]
    ('according-to', 'accusation', 'announcement')
    """
    text = files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    prefix, _, local = scheme.partition(":")
    concepts = graph.subjects(SKOS.inScheme, URIRef(READABLE_PREFIXES[prefix] + local))
    notations = sorted({str(n) for c in concepts for n in graph.objects(c, SKOS.notation)})
    if not notations:
        raise QueryError(f"ontology/kg.ttl has no concept in the scheme {scheme}")
    return tuple(notations)


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


def _did_you_mean(name: str, names: Iterable[str]) -> str:
    """`` (did you mean 'claims-by-speaker'?)`` for a name close to one of ``names``."""
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def get_named_query(name: str) -> NamedQuery:
    """Return the named query ``name``, or raise :class:`QueryError` listing the names."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(
            f"no query named {name!r}{_did_you_mean(name, queries)}: choose one of "
            f"{', '.join(sorted(queries))} ("
            + cli_or_python("`kg query --list`", "kg.query.named_queries()")
            + " describes them)"
        )
    return queries[name]


def run(
    store: Store,
    sparql: str,
    params: Mapping[str, str] | None = None,
    timeout: float | None = QUERY_TIMEOUT,
    allow_service: bool = False,
) -> Answer:
    """Run a query, of any SPARQL form, with string parameters bound as RDF literals.

    Parameters
    ----------
    store : Store
    sparql : str
        A SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query. Each parameter must be a
        variable of the query's pattern (one a SELECT selects).
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
    Table, bool or rdflib.Graph
        For a SELECT, the selected columns, parameters left out; for an ASK, its answer;
        for a CONSTRUCT or DESCRIBE, the triples (see :data:`Answer`).

    Raises
    ------
    QueryError
        The query does not parse, does not select a parameter, has a
        ``SERVICE`` clause (unless ``allow_service``) or one that failed, or took longer
        than ``timeout``.

    Notes
    -----
    Oxigraph cannot cancel a query: one past its time limit goes on in a background
    thread until it ends, its answer unused. The ``kg`` command exits at the time limit,
    which stops it; ``kg serve`` runs each query in a worker process that it kills
    (:mod:`kg.serve.workers`).
    """
    check_query(sparql, allow_service)
    params = dict(params or {})
    bindings = {k: Literal(v) for k, v in params.items()}
    try:
        answer = _within(timeout, lambda: answer_query(store, sparql, bindings))
    except SyntaxError as e:
        raise QueryError(syntax_message(sparql, e)) from None
    except ValueError as e:  # a parameter's name that is no variable name
        raise QueryError(str(e)) from None
    except RuntimeError as e:  # Oxigraph: a bound variable that is not selected
        raise QueryError(
            f"cannot run the query ({e}): "
            + cli_or_python("a --param", "each key of params")
            + " must name a variable the query selects, as in SELECT ?speaker ..."
        ) from None
    except OSError as e:
        if not allow_service:
            raise
        raise QueryError(
            f"the SERVICE call of the query failed ({e}): check the endpoint it names"
        ) from None
    if not isinstance(answer, Table):
        return answer
    keep = [i for i, n in enumerate(answer.columns) if n not in params]
    return Table([answer.columns[i] for i in keep], [[row[i] for i in keep] for row in answer.rows])


def answer_query(store: Store, sparql: str, bindings: Mapping[str, Literal]) -> Answer:
    """The answer to ``sparql`` on ``store``'s graphs (not its build state, see
    :meth:`kg.rdf.store.Store.query`), read whole: the store's result objects live and die
    in the thread that runs this (Oxigraph's cannot be dropped in another)."""
    if query_form(sparql) == "SELECT":
        return Table(*store.select_terms(sparql, bindings, build_state=False))
    result = store.query(sparql, bindings, build_state=False)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    return Table([str(v) for v in result.vars], [list(row) for row in result])


#: Where a prefixed name may stand in a query: the name before ``:`` (empty for ``:x``).
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(sparql: str) -> list[tuple[str, int]]:
    r"""The prefixes ``sparql`` uses that it does not declare and that are not
    predeclared (:data:`~kg.rdf.namespaces.READABLE_PREFIXES`), each with the line it is
    first used on, in order of use.

    Examples
    --------
    >>> undeclared_prefixes("SELECT * WHERE {\n ?s foo:bar ?o ; schema:name 'a:b' }")
    [('foo', 2)]
    """
    declared = set(_DECLARED.findall(sparql)) | set(READABLE_PREFIXES)
    found: dict[str, int] = {}
    for token in sparql_tokens(sparql):
        m = _PREFIXED.match(token.group())
        if m and token.group("skip") and (m[1] or "") not in declared:
            found.setdefault(m[1] or "", sparql.count("\n", 0, token.start()) + 1)
    return list(found.items())


def syntax_message(sparql: str, error: SyntaxError) -> str:
    """What to tell a user whose query does not parse (Oxigraph's ``error``): an unknown
    prefix by its name, line and the prefixes known, else the parser's message.

    Examples
    --------
    >>> print(syntax_message("ASK { ?s foo:p ?o }", SyntaxError("Prefix not found"))[:62])
    unknown prefix 'foo:' on line 1: declare it with PREFIX foo: <
    """
    unknown = undeclared_prefixes(sparql)
    if unknown and "prefix" in str(error).lower():
        prefix, line = unknown[0]
        return (
            f"unknown prefix '{prefix}:' on line {line}: declare it with PREFIX {prefix}: "
            f"<...> at the top of the query, or use one of those kg knows: "
            + ", ".join(f"{p}:" for p in READABLE_PREFIXES)
        )
    return f"the query is not valid SPARQL: {error}"


def query_form(sparql: str) -> str | None:
    """The form of a query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (its first
    such keyword: a sub-select comes after it), or None for no query at all.

    Examples
    --------
    >>> query_form("PREFIX s: <http://schema.org/> ASK { ?x s:name 'SELECT' } # SELECT")
    'ASK'
    """
    return next((w for w in sparql_keywords(sparql) if w in _FORMS), None)


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


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
            + cli_or_python("--timeout SECONDS (0: no limit)", "timeout=SECONDS (None: no limit)")
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


#: The comment ending each line of a named query that keeps the entities no article names
#: (``ckg:describedAs``: "his family", "authorities") out of its answer; run with
#: ``include_unnamed`` (``kg query --include-unnamed``), the query is read without them.
NAMED_ONLY = "# named only"


def with_unnamed(sparql: str) -> str:
    """``sparql`` without its lines that end in :data:`NAMED_ONLY`.

    Examples
    --------
    >>> print(with_unnamed("?e a ?t .\\n" + "FILTER (?t != ?u)  " + NAMED_ONLY))
    ?e a ?t .
    """
    return "\n".join(line for line in sparql.split("\n") if not line.rstrip().endswith(NAMED_ONLY))


def run_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    timeout: float | None = QUERY_TIMEOUT,
    include_unnamed: bool = False,
) -> Answer:
    """Run the named query ``name``, checking that ``params`` are the ones it takes;
    ``timeout`` as for :func:`run`. The queries that list entities leave out those no
    article names (``ckg:describedAs``) unless ``include_unnamed``."""
    query = get_named_query(name)
    params = dict(params or {})
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        raise QueryError(
            f"query {name} takes no parameter {', '.join(unknown)}: it takes "
            + (", ".join(query.params) or "none")
        )
    for param, allowed in query.choices.items():
        if param in params and params[param].lower() not in allowed:
            raise QueryError(
                f"query {name} takes "
                + cli_or_python(f"--param {param}=", f"params[{param!r}] ")
                + f"one of {', '.join(allowed)}, not {params[param]!r}"
            )
    missing = [p for p in query.params if p not in params]
    if missing:
        raise QueryError(
            f"query {name} needs "
            + " and ".join(
                cli_or_python(f"--param {p}=VALUE", f"params[{p!r}]") + f" ({query.params[p]})"
                for p in missing
            )
        )
    sparql = with_unnamed(query.sparql) if include_unnamed else query.sparql
    return run(store, sparql, params, timeout=timeout)


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


#: What a spreadsheet reads as the start of a formula in a cell (OWASP, "CSV Injection"):
#: a value of a claim or a name that begins so would run when the file is opened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(text: str) -> str:
    """``text`` as a CSV or TSV cell that a spreadsheet shows and never runs: one that
    begins as a formula does gets a leading ``'``, as OWASP advises (a number, ``-3``,
    stays one).

    Examples
    --------
    >>> spreadsheet_cell("=1+2"), spreadsheet_cell("@SUM(A1)"), spreadsheet_cell("-3.5")
    ("'=1+2", "'@SUM(A1)", '-3.5')
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _spreadsheet_rows(rows: Iterable[Sequence[str]], fmt: str, lineterminator: str) -> str:
    """Rows written as CSV (every cell quoted, as OWASP advises) or TSV, formula-safe."""
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=lineterminator)
    else:
        writer = csv.writer(out, delimiter="\t", lineterminator=lineterminator)
    writer.writerows([spreadsheet_cell(c) for c in row] for row in rows)
    return out.getvalue()


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
        rows = [table.columns, *([_text(c) for c in row] for row in table.rows)]
        return _spreadsheet_rows(rows, fmt, "\n").rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: choose one of {', '.join(TABLE_FORMATS)}")
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


def form_of(answer: Answer) -> str:
    """The query form that gives ``answer``: ``SELECT``, ``ASK`` or ``CONSTRUCT`` (which
    stands for DESCRIBE too)."""
    if isinstance(answer, Table):
        return "SELECT"
    return "ASK" if isinstance(answer, bool) else "CONSTRUCT"


def default_format(answer: Answer) -> str:
    """``table`` for a SELECT or ASK answer, ``turtle`` for a graph."""
    return "turtle" if isinstance(answer, Graph) else "table"


def media_type(answer: Answer, fmt: str | None = None) -> str:
    """The media type of ``answer`` written in ``fmt`` by :func:`serialize`.

    Examples
    --------
    >>> media_type(True, "xml"), media_type(Graph(), "xml"), media_type(Graph())
    ('application/sparql-results+xml', 'application/rdf+xml', 'text/turtle')
    """
    fmt = fmt or default_format(answer)
    if isinstance(answer, Graph):
        return RDF_FORMATS[fmt][0]
    return MEDIA_TYPES[fmt]


def serialize(answer: Answer, fmt: str | None = None) -> str:
    """Write ``answer`` in the format ``fmt`` (default :func:`default_format`).

    A table (SELECT) is written as :func:`format_table` writes it, except ``json`` and
    ``xml``: the W3C SPARQL 1.1 Query Results formats, where each value says its type
    (``uri``, ``literal``, ``bnode``) and a literal its ``datatype`` or ``xml:lang``. A
    bool (ASK) is ``true`` or ``false``, or ``{"head": {}, "boolean": true}`` in JSON. A
    graph (CONSTRUCT, DESCRIBE) is written in an RDF format of :data:`GRAPH_FORMATS`.

    Raises
    ------
    QueryError
        ``fmt`` is not a format of this kind of answer.

    Examples
    --------
    >>> print(serialize(True, "json"))
    {
      "head": {},
      "boolean": true
    }
    >>> answer = Table(["who"], [[URIRef("https://w3id.org/claimkg/id/entity/person/x")]])
    >>> json.loads(serialize(answer, "json"))["results"]["bindings"][0]["who"]["type"]
    'uri'
    """
    fmt = fmt or default_format(answer)
    form = form_of(answer)
    if form == "CONSTRUCT":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"a {form} or DESCRIBE query gives RDF, not {fmt}: choose "
                + cli_or_python("--format ", "fmt= ")
                + ", ".join(GRAPH_FORMATS)
            )
        return serialize_graph(answer, fmt).decode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            f"a {form} query gives "
            + ("a table" if form == "SELECT" else "true or false")
            + f", not {fmt}: choose "
            + cli_or_python("--format ", "fmt= ")
            + ", ".join(RESULT_FORMATS)
        )
    if fmt == "json":
        return json.dumps(results_json(answer), ensure_ascii=False, indent=2)
    if fmt == "xml":
        return write_results(answer, "xml").decode("utf-8")
    if form == "ASK":
        return "true" if answer else "false"
    return format_table(answer, fmt)


def results_json(answer: Table | bool) -> dict:
    """``answer`` in the W3C SPARQL 1.1 Query Results JSON format, as a dict.

    An unbound cell is left out of its row's bindings; a string literal (``xsd:string``)
    has no ``datatype``, as the format writes a simple literal.

    References
    ----------
    .. [1] https://www.w3.org/TR/sparql11-results-json/
    """
    if isinstance(answer, bool):
        return {"head": {}, "boolean": answer}
    bindings = [
        {n: term_json(c) for n, c in zip(answer.columns, row, strict=True) if c is not None}
        for row in answer.rows
    ]
    return {"head": {"vars": list(answer.columns)}, "results": {"bindings": bindings}}


def term_json(term: object) -> dict[str, str]:
    """One RDF term as a value of the W3C SPARQL 1.1 Query Results JSON format.

    Examples
    --------
    >>> term_json(Literal("2017-12-27", datatype=XSD.date))["datatype"]
    'http://www.w3.org/2001/XMLSchema#date'
    >>> term_json(Literal("Irak", lang="fr"))
    {'type': 'literal', 'value': 'Irak', 'xml:lang': 'fr'}
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            value["datatype"] = str(term.datatype)
    return value


def write_results(answer: Table | bool, fmt: str) -> bytes:
    r"""``answer`` in the W3C SPARQL 1.1 results format ``fmt`` (a key of
    :data:`W3C_RESULTS`), as Oxigraph writes it: the answer is read into Oxigraph's
    results from its JSON (:func:`results_json`), then written by Oxigraph's writer.

    An ASK answer is ``true`` or ``false`` in CSV and TSV (the formats are for SELECT
    results only; this is what Oxigraph's server writes).

    Examples
    --------
    >>> zero = Literal(0)
    >>> write_results(Table(["n"], [[zero]]), "tsv")
    b'?n\n0\n'
    >>> write_results(False, "xml")[-46:]
    b'<head></head><boolean>false</boolean></sparql>'
    """
    data = json.dumps(results_json(answer)).encode("utf-8")
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    written = parsed.serialize(format=W3C_RESULTS[fmt])
    if fmt == "csv" and isinstance(answer, Table):  # values as they are: formulas too
        rows = csv.reader(io.StringIO(written.decode("utf-8"), newline=""))
        return _spreadsheet_rows(rows, "csv", "\r\n").encode("utf-8")
    return written
