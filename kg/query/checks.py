"""Checks a query or an update passes before it reaches Oxigraph: no federation (``SERVICE``,
``LOAD``) unless the user allows it, nesting that its parser can take, and parameter names
that are variable names (:func:`kg.rdf.store.bind_values`).

Federation is read as SPARQL's grammar reads the text, not by scanning tokens: a scanner
and Oxigraph disagree on escapes (``schema:a\\#`` is a name to Oxigraph, a comment to a
scanner), and SPARQL reads ``\\u0053ERVICE`` as ``SERVICE`` before it parses anything. A
text that names the word at all, once its ``\\u`` escapes are read, is parsed by rdflib's
SPARQL 1.1 parser (the same grammar), and refused if the parse holds a ``SERVICE`` pattern
or a ``LOAD``, or if it cannot be parsed there: kg then cannot tell, and says so.
"""

from __future__ import annotations

import re

from pyparsing import ParseException, ParseResults

__all__ = [
    "MAX_NESTING",
    "NestingError",
    "check_nesting",
    "federation",
    "nesting_depth",
]

#: The deepest nesting of brackets ( ``(``, ``{``, ``[`` ) a query may have. Oxigraph's
#: parser recurses once per level and overflows the stack past a few thousand (the
#: process dies); written queries nest a few levels, generated ones a few dozen.
MAX_NESTING = 200

#: SPARQL's codepoint escapes, read in the whole text before it is parsed (SPARQL 1.1
#: section 19.2).
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

#: The words of federation, by form: what is looked for before a parse, and the nodes
#: of rdflib's parse that are it.
_FEDERATION_WORDS = ("service", "load")
_FEDERATION_NODES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}

_OPEN, _CLOSE = "({[", ")}]"


class NestingError(ValueError):
    """A query nested deeper than :data:`MAX_NESTING`."""


class UncheckedFederation(ValueError):
    """A query whose federation cannot be told: it names ``SERVICE`` or ``LOAD`` where
    rdflib's parser cannot read it."""


def unescape_codepoints(sparql: str) -> str:
    r"""``sparql`` with its ``\u`` and ``\U`` escapes read, as a SPARQL parser first does.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def char(m: re.Match) -> str:
        code = int(m[1] or m[2], 16)
        return chr(code) if code <= 0x10FFFF else m[0]

    return _CODEPOINT.sub(char, sparql)


def federation(sparql: str, update: bool = False) -> str | None:
    """``"SERVICE"`` or ``"LOAD"`` if the query (or with ``update``, the update) asks the
    store to reach another endpoint or fetch a document, else None.

    Raises
    ------
    UncheckedFederation
        The text names ``SERVICE`` or ``LOAD`` where the parser cannot read it.

    Examples
    --------
    >>> federation(r"SELECT * WHERE { ?s ex:a\\' ?o SERVICE <http://x.example/> { ?s ?p ?o } }")
    'SERVICE'
    >>> federation('SELECT * WHERE { ?s ?p "customer service" }') is None
    True
    >>> federation("LOAD <http://x.example/data.ttl>", update=True)
    'LOAD'
    """
    text = unescape_codepoints(sparql)
    words = _FEDERATION_WORDS if update else _FEDERATION_WORDS[:1]  # LOAD: updates only
    if not any(word in text.lower() for word in words):
        return None  # no word of it anywhere, in any case: nothing to parse
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = (parseUpdate if update else parseQuery)(sparql)
    except (ParseException, RecursionError, ValueError, TypeError) as e:
        what = "update" if update else "query"
        raise UncheckedFederation(
            f"the {what} names SERVICE or LOAD where kg's check cannot read it "
            f"({type(e).__name__}: {' '.join(str(e).split())[:120]}), so kg cannot tell "
            f"whether it reaches another endpoint: write the {what} in plain SPARQL 1.1"
        ) from None
    found = _parse_nodes(parsed) & set(_FEDERATION_NODES)
    return _FEDERATION_NODES[min(found)] if found else None


def _parse_nodes(parsed: object) -> set[str]:
    """The names of the grammar rules in rdflib's parse of a query (``CompValue`` nodes)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return names


def nesting_depth(sparql: str) -> int:
    r"""The deepest nesting of brackets in ``sparql``, outside its strings, IRIs and
    comments (a backslash outside a string escapes the character after it, as in
    ``ex:a\#``).

    >>> nesting_depth('ASK { FILTER((1 = 1)) } # ((((')
    3
    >>> nesting_depth('SELECT * WHERE { ?s ?p "{{{{" }')
    1
    """
    depth = deepest = 0
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c in "'\"":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not sparql.startswith(quote, i):
                if quote == c and sparql[i] == "\n":
                    break  # a short string ends at its line (it would not parse)
                i += 2 if sparql[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "<":
            m = _IRI.match(sparql, i)
            if m:
                i = m.end()
                continue
        if c == "\\":
            i += 2
            continue
        if c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth -= 1
        i += 1
    return deepest


_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def check_nesting(sparql: str) -> None:
    """Raise :class:`NestingError` for a query nested deeper than :data:`MAX_NESTING`."""
    depth = nesting_depth(sparql)
    if depth > MAX_NESTING:
        raise NestingError(
            f"the query nests brackets {depth} levels deep, more than the {MAX_NESTING} "
            "kg reads: write it with fewer nested groups or parentheses"
        )
