"""Views of the claim network for Gephi and for pictures, each read from the store by SPARQL.

==========================  ==================================================================
view                        nodes and edges
==========================  ==================================================================
``claims`` (the default)    articles, claims and entities: speaker -> claim -> entity, claim ->
                            article, article -> entity (see :mod:`kg.export.graphml`)
``speakers``                speaker -> entity the speaker makes claims about (directed);
                            weight: the number of such claims
``entities``                entity -- entity mentioned together in one claim (undirected);
                            weight: the number of claims that mention both
``speakers-cited-together`` speaker -- speaker with claims in one article (undirected);
                            weight: the number of articles that cite both
==========================  ==================================================================

Every node has ``label``, ``kind``, ``r``/``g``/``b`` (colour), ``size`` (grows with its
weighted degree), ``x``/``y`` (a layout, :func:`kg.export.graphml.layout`) and
``community`` (networkx's Louvain communities, numbered from the largest, 0). The
claims view colours nodes by kind; the others by community, so that "who talks about
whom" shows as colour. Dated nodes and edges carry a ``start`` and an ``end``, ISO days,
both included: a claim is seen on its article's day (its own date when the article has
none: a claim made "in 2018" and reported in 2019 is seen in 2019), an entity from the
first to the last day it is seen (in the articles that mention it and the claims by or
about it), an edge from the first to the last claim or article it stands for, and never
outside its two ends' lifetimes. A date given as a month or a year starts on its first
day. The GEXF export turns them into Gephi's timeline.

A :class:`Selection` (``--since``, ``--until``, ``--about``, ``--speaker``) keeps only
the claims it matches, in every view: the graph is then what those claims show.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import networkx as nx
from rdflib import Literal

from kg.export.graphml import COLOURS, LAYOUT_SEED, build_graph, day, place_and_clean
from kg.interface import cli_or_python
from kg.rdf.store import Store

#: The views, by the name ``--view`` takes.
VIEWS = ("claims", "speakers", "entities", "speakers-cited-together")

#: Community colours (r, g, b), largest community first: Tableau's ten, then their light
#: forms (matplotlib's tab20), told apart on screen and in print. Communities beyond
#: these (the small ones of a large graph) are grey.
COMMUNITY_COLOURS: tuple[tuple[int, int, int], ...] = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (188, 189, 34),
    (23, 190, 207),
    (127, 127, 127),
    (174, 199, 232),
    (255, 187, 120),
    (152, 223, 138),
    (255, 152, 150),
    (197, 176, 213),
    (196, 156, 148),
    (247, 182, 210),
    (219, 219, 141),
    (158, 218, 229),
)
#: Colour of a node in a community beyond :data:`COMMUNITY_COLOURS`.
OTHER_COMMUNITY = (199, 199, 199)

#: A date as ``--since``/``--until`` take it: a year, a month or a day.
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_date(text: str) -> str:
    """``text`` if it is a year, a month or a calendar day (``YYYY``, ``YYYY-MM``,
    ``YYYY-MM-DD``); else a :class:`ViewError` saying what is wrong.

    Examples
    --------
    >>> check_date("2019-02")
    '2019-02'
    >>> check_date("2019-02-30")
    Traceback (most recent call last):
    ...
    kg.export.views.ViewError: '2019-02-30' is not a date (day is out of range for month): \
give YYYY, YYYY-MM or YYYY-MM-DD, a calendar day
    """
    why = None
    if not _DATE.fullmatch(text):
        why = "not of the form"
    else:
        try:
            date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
        except ValueError as e:
            why = str(e)
    if why:
        raise ViewError(
            f"{text!r} is not a date ({why}): give YYYY, YYYY-MM or YYYY-MM-DD, a calendar day"
        )
    return text


class ViewError(ValueError):
    """A view or selection that cannot be made as asked; the message says what to do."""


@dataclass(frozen=True)
class Selection:
    """Which claims a view shows: those dated within ``since``..``until`` (ISO dates, a
    year, month or day, both ends included), about the entity ``about`` and said by
    ``speaker`` (each an entity id, as ``person/james-mattis``, or a name or other name,
    in any case). None keeps every claim for that condition. The views of entities
    (``speakers``, ``entities``, ``speakers-cited-together``) leave out those no article
    names (``his family``, ``authorities``: ``ckg:describedAs``) unless
    ``include_unnamed``.

    A claim dated by a month or a year is within the range if that period overlaps it;
    an undated claim is left out once ``since`` or ``until`` is given.

    Examples
    --------
    >>> Selection(since="2017-12").active, Selection().active
    (True, False)
    """

    since: str | None = None
    until: str | None = None
    about: str | None = None
    speaker: str | None = None
    include_unnamed: bool = False

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    check_date(value)
                except ViewError as e:
                    raise ViewError(f"--{name} {e}") from None

    @property
    def active(self) -> bool:
        return any((self.since, self.until, self.about, self.speaker))

    def pattern(self, store: Store, claim: str = "?c") -> str:
        """SPARQL graph pattern that keeps the claims ``claim`` this selection matches.

        Raises
        ------
        ViewError
            ``about`` or ``speaker`` names no entity in the store.
        """
        parts = []
        if self.since or self.until:
            parts.append(f"{claim} schema:dateCreated ?sel_date .")
            # Compare at the coarser of the two precisions: "2019" is on or after
            # "2019-05-01" (the year overlaps it) and on or before "2019-05-01".
            for bound, op in ((self.since, ">="), (self.until, "<=")):
                if bound:
                    parts.append(
                        f"FILTER (SUBSTR(STR(?sel_date), 1, {len(bound)}) {op} "
                        f'SUBSTR("{bound}", 1, STRLEN(STR(?sel_date))))'
                    )
        for name, prop in (("about", "schema:mentions"), ("speaker", "prov:wasAttributedTo")):
            value = getattr(self, name)
            if value:
                iris = " ".join(f"<{e}>" for e in find_entities(store, value))
                if not iris:
                    raise ViewError(
                        f"{cli_or_python(f'--{name}', name)} {value!r} names no entity in "
                        "the store: give an entity id or name as "
                        + cli_or_python(
                            "`kg query --name entities`", "kg.api.query(store, 'entities')"
                        )
                        + " lists them"
                    )
                parts.append(f"{claim} {prop} ?sel_{name} . VALUES ?sel_{name} {{ {iris} }}")
        return "\n".join(parts)


_FIND = """
SELECT DISTINCT ?e WHERE {
  VALUES ?type { schema:Person schema:Organization schema:Place }
  ?e a ?type .
  { ?e schema:identifier %(text)s }
  UNION { ?e schema:name|schema:alternateName ?name FILTER (LCASE(STR(?name)) = %(lower)s) }
}
"""


def find_entities(store: Store, text: str) -> list[str]:
    """IRIs of the entities whose id is ``text`` or one of whose names is ``text`` (in
    any case)."""
    query = _FIND % {"text": Literal(text).n3(), "lower": Literal(text.lower()).n3()}
    return sorted(row[0] for row in store.select_strings(query))


def build_view(store: Store, view: str = "claims", selection: Selection | None = None) -> nx.Graph:
    """The graph of ``view`` over the claims ``selection`` keeps, with Gephi attributes.

    Node ids are IRIs; attribute values are plain str, int and float.

    Examples
    --------
    >>> build_view(None, "everything")
    Traceback (most recent call last):
    ...
    kg.export.views.ViewError: unknown view 'everything': choose one of claims, speakers, \
entities, speakers-cited-together
    """
    if view not in VIEWS:
        raise ViewError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    selection = selection or Selection()
    where = selection.pattern(store)
    if view == "claims":
        g = build_graph(store, where if selection.active else None)
        _communities(g)
        return g
    g = {"speakers": _speakers, "entities": _entities, "speakers-cited-together": _cited}[view](
        store, where
    )
    if not selection.include_unnamed:
        g.remove_nodes_from([e for (e,) in store.select_strings(UNNAMED) if e in g])
    _label_entities(store, g)
    community = _communities(g)
    for node, data in g.nodes(data=True):
        strength = g.degree(node, weight="weight")
        data["size"] = 5.0 + 3.0 * math.sqrt(strength)
        c = community[node]
        data["r"], data["g"], data["b"] = (
            COMMUNITY_COLOURS[c] if c < len(COMMUNITY_COLOURS) else OTHER_COMMUNITY
        )
    return place_and_clean(g)


#: The entities no article names: their mentions are descriptions (``ckg:describedAs``).
UNNAMED = """
SELECT DISTINCT ?e WHERE { ?m itsrdf:taIdentRef ?e ; ckg:describedAs ?described }
"""

_SPEAKERS = """
SELECT ?s ?e (COUNT(DISTINCT ?c) AS ?n) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last)
WHERE {
  ?c a schema:Claim ; prov:wasAttributedTo ?s ; schema:mentions ?e .
  FILTER (?s != ?e)
  %s
  %s
} GROUP BY ?s ?e
"""

_ENTITIES = """
SELECT ?e1 ?e2 (COUNT(DISTINCT ?c) AS ?n) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last)
WHERE {
  ?c a schema:Claim ; schema:mentions ?e1, ?e2 .
  FILTER (STR(?e1) < STR(?e2))
  %s
  %s
} GROUP BY ?e1 ?e2
"""

#: The day a claim ``?c`` is seen, ``?d``: its article's, or its own date when the
#: article has none (see :mod:`kg.export.graphml`).
_SEEN = """
  OPTIONAL { ?c nif:referenceContext/schema:datePublished ?published }
  OPTIONAL { ?c schema:dateCreated ?made }
  BIND (COALESCE(?published, ?made) AS ?d)
"""

_CITED = """
SELECT ?s1 ?s2 (COUNT(DISTINCT ?a) AS ?n) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last)
WHERE {
  { SELECT DISTINCT ?a ?s1 WHERE {
      ?c a schema:Claim ; prov:wasAttributedTo ?s1 ; nif:referenceContext ?a .
      %s
  } }
  { SELECT DISTINCT ?a ?s2 WHERE {
      ?c a schema:Claim ; prov:wasAttributedTo ?s2 ; nif:referenceContext ?a .
      %s
  } }
  FILTER (STR(?s1) < STR(?s2))
  OPTIONAL { ?a schema:datePublished ?d }
} GROUP BY ?s1 ?s2
"""


def _add_edges(g: nx.Graph, rows, label: str) -> None:
    # in a fixed order: SPARQL leaves it open, and Louvain and the layout follow it
    for u, v, n, first, last in sorted(rows, key=lambda r: (r[0], r[1])):
        g.add_edge(u, v, label=label, weight=float(n), claims=int(n))
        _time(g.edges[u, v], first, last)
        for node in (u, v):
            _time(g.nodes[node], first, last)


def _time(data: dict, first: str | None, last: str | None) -> None:
    """Widen ``data``'s ``start``..``end`` to take in ``first``..``last``."""
    first, last = day(first), day(last)
    if first and (data.get("start") is None or first < data["start"]):
        data["start"] = first
    if last and (data.get("end") is None or last > data["end"]):
        data["end"] = last


def _speakers(store: Store, where: str) -> nx.DiGraph:
    g = nx.DiGraph()
    _add_edges(g, store.select_strings(_SPEAKERS % (_SEEN, where)), "talks about")
    said: dict[str, int] = defaultdict(int)
    about: dict[str, int] = defaultdict(int)
    for s, e, data in g.edges(data=True):
        said[s] += data["claims"]
        about[e] += data["claims"]
    for node, data in g.nodes(data=True):
        data["said"], data["about"] = said[node], about[node]
    return g


def _entities(store: Store, where: str) -> nx.Graph:
    g = nx.Graph()
    _add_edges(g, store.select_strings(_ENTITIES % (_SEEN, where)), "mentioned with")
    return g


def _cited(store: Store, where: str) -> nx.Graph:
    g = nx.Graph()
    _add_edges(g, store.select_strings(_CITED % (where, where)), "cited with")
    return g


_LABELS = """
SELECT ?e ?name ?class WHERE {
  VALUES ?type { schema:Person schema:Organization schema:Place }
  ?e a ?type ; schema:name ?name .
  BIND (LCASE(STRAFTER(STR(?type), STR(schema:))) AS ?class)
}
"""


def _label_entities(store: Store, g: nx.Graph) -> None:
    for e, name, cls in store.select_strings(_LABELS):
        if e in g:
            g.nodes[e]["label"], g.nodes[e]["kind"] = name, cls
    for _, data in g.nodes(data=True):  # an entity without a type or name: not expected
        data.setdefault("label", "?")
        data.setdefault("kind", "unknown")


def _communities(g: nx.Graph) -> dict[str, int]:
    """Set each node's ``community`` (Louvain, seeded; 0 the largest); return them.

    In the claims view, claims (most of its nodes, each tied to a speaker, an article and
    what it is about) are left out of the Louvain run: their neighbours are joined to each
    other instead, weighted so that each claim adds 1 between them, and each claim then
    takes its speaker's community (its article's, if it has no speaker). On the 1.6M-triple
    synthetic graph that is Louvain on about a third of the nodes.

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008), Fast
    unfolding of communities in large networks. J. Stat. Mech. P10008.
    """
    claims = {n for n, kind in g.nodes(data="kind") if kind == "claim"}
    # On integer nodes: Louvain keeps communities in sets, whose order for strings changes
    # from one process to the next (salted hashing), and so would the communities.
    nodes = [n for n in g if n not in claims]
    number = {node: i for i, node in enumerate(nodes)}
    u = nx.Graph()
    u.add_nodes_from(range(len(number)))

    def join(a: int, b: int, w: float) -> None:
        if u.has_edge(a, b):  # both directions of a directed pair, or several claims
            u[a][b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)

    for a, b, w in g.edges(data="weight", default=1.0):
        if a not in claims and b not in claims:
            join(number[a], number[b], w)
    for c in sorted(claims):
        around = sorted({number[n] for n in nx.all_neighbors(g, c) if n in number})
        for i, a in enumerate(around):
            for b in around[i + 1 :]:
                join(a, b, 1.0 / (len(around) - 1))
    found = nx.community.louvain_communities(u, weight="weight", seed=LAYOUT_SEED)
    community = {nodes[i]: k for k, members in enumerate(found) for i in members}
    for c in sorted(claims):
        speaker = next((a for a, _, label in g.in_edges(c, data="label") if label == "said"), None)
        home = speaker or next(
            (b for _, b, label in g.out_edges(c, data="label") if label == "appears in"), None
        )
        community[c] = community[home] if home in community else len(found) + len(community)
    # numbered by size, 0 the largest (ties by first node in graph order)
    order = {n: i for i, n in enumerate(g)}
    members: dict[int, list[str]] = {}
    for node, k in community.items():
        members.setdefault(k, []).append(node)
    ranked = sorted(members.values(), key=lambda m: (-len(m), min(order[n] for n in m)))
    community = {n: k for k, m in enumerate(ranked) for n in m}
    for node, data in g.nodes(data=True):
        data["community"] = community[node]
    return community


__all__ = [
    "COLOURS",
    "COMMUNITY_COLOURS",
    "VIEWS",
    "Selection",
    "ViewError",
    "build_view",
    "check_date",
    "day",
    "find_entities",
]
