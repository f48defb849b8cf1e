"""GraphML export for Gephi: the claims view (entities, claims and articles as nodes), laid
out and coloured, and the GraphML writer every view goes through; the other views are built
in :mod:`kg.export.views`.

Gephi reads these node attributes: ``label``; ``r``, ``g``, ``b`` (colour); ``size``;
``x``, ``y`` (position, precomputed here so that the graph opens laid out). Every node also
has ``kind`` (``person``, ``organization``, ``place``, ``claim`` or ``article``), to colour
or filter by in Gephi's Appearance and Filters panels. A claim node carries its ``text``,
``quote`` (``direct``/``indirect``), ``speaker`` (the speaker's name, empty when unresolved),
``act`` (its attribution kind, as ``statement`` or ``denial``), ``article`` (the article's
id) and ``date`` (when the claim was made, as the store has it: a day, month or year).
Edges have a ``label`` and a ``weight``:

==============  ============  ==========================================
source          target        label
==============  ============  ==========================================
speaker         claim         ``said``
claim           entity        ``about`` (an entity the claim mentions)
claim           article       ``appears in``
article         entity        ``mentions`` (weight: number of mentions)
==============  ============  ==========================================

Lifetimes, for Gephi's timeline (:mod:`kg.export.gexf`): every dated node and edge has a
``start`` and an ``end``, ISO days, both included. An article lives on the day it was
published; a claim on the day it was seen, its article's day (its own ``date`` when the
article has none), so that nothing starts before its article even when the claim was made
earlier ("in 2018"); an entity from the first to the last day of the claims and articles
around it; an edge within the lifetimes of both its ends (:func:`fit_edges`).

Every key id is unique in the file, as GraphML asks (a key's id is file-wide, its
``attr.name`` may repeat across domains): ``node_label`` and ``edge_label`` are both named
``label``, which is what Gephi shows and what :func:`networkx.read_graphml` reads back
(see :func:`write_graphml`).

Every string is XML-safe: a character XML 1.0 cannot hold (a control character other
than tab and newlines, a lone surrogate, U+FFFE or U+FFFF), which a literal in the store may
hold, is written as U+FFFD, the replacement character (see :func:`xml_safe`); the other
exports keep such characters as they are, escaped where their format asks.

References
----------
Gephi's GraphML support: https://gephi.org/users/supported-graph-formats/graphml-format/

The GraphML Primer, section 2.4 (keys): http://graphml.graphdrawing.org/primer/graphml-primer.html
"""

from __future__ import annotations

import math
import random
import re
from collections import deque

import networkx as nx
import numpy
from networkx.readwrite.graphml import GraphMLWriter

from kg.rdf.mapping import ATTRIBUTION_KINDS
from kg.rdf.store import Store

#: Node colour (r, g, b) by kind.
COLOURS: dict[str, tuple[int, int, int]] = {
    "person": (66, 133, 244),
    "organization": (219, 68, 55),
    "place": (15, 157, 88),
    "claim": (244, 180, 0),
    "article": (140, 140, 140),
}

#: Claim nodes are labelled with the start of their text, cut at this many characters.
CLAIM_LABEL_WIDTH = 80

#: Seed of the layout, so that the same graph is laid out the same way every time.
LAYOUT_SEED = 7

#: Nodes ForceAtlas2 places: a graph with more has its best-linked nodes laid out by
#: it, and the others placed beside their neighbours (see :func:`layout`). ForceAtlas2
#: compares every pair of nodes, in memory and time: 400 take about 2 s.
LAYOUT_CORE = 400

#: Nodes the spring layout places in a connected part of a graph other than the largest:
#: the others of a larger part are placed beside them. About 5 ms for 60 nodes.
SPRING_NODES = 60

#: Characters outside XML 1.0's ``Char`` production: controls other than tab, newline and
#: carriage return, surrogates (in Python, lone ones), U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_ARTICLES = """
SELECT ?a ?id ?headline ?date WHERE {
  ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:headline ?headline }
  OPTIONAL { ?a schema:datePublished ?date }
}
"""

_ENTITIES = """
SELECT ?e ?name ?class WHERE {
  VALUES ?type { schema:Person schema:Organization schema:Place }
  ?e a ?type ; schema:name ?name .
  BIND (LCASE(STRAFTER(STR(?type), STR(schema:))) AS ?class)
}
"""

_CLAIMS = """
SELECT ?c ?text ?quote ?speaker ?speaker_name ?act ?a ?doc ?date ?published WHERE {
  ?c a schema:Claim ; schema:text ?text ; ckg:quoteKind ?quote ; nif:referenceContext ?a .
  ?a schema:identifier ?doc .
  OPTIONAL { ?c prov:wasAttributedTo ?speaker OPTIONAL { ?speaker schema:name ?speaker_name } }
  OPTIONAL { ?c ckg:attributionKind ?act }
  OPTIONAL { ?c schema:dateCreated ?date }
  OPTIONAL { ?a schema:datePublished ?published }
  %s
}
"""

#: Attribution kinds by IRI, as the claim nodes' ``act`` names them.
_ACT_NAMES = {str(iri): name for name, iri in ATTRIBUTION_KINDS.items()}

_ABOUT = "SELECT ?c ?e WHERE { ?c a schema:Claim ; schema:mentions ?e . %s }"

_MENTIONED = """
SELECT ?a ?e (COUNT(?m) AS ?n) WHERE {
  ?m a ckg:Mention ; nif:referenceContext ?a ; itsrdf:taIdentRef ?e .
} GROUP BY ?a ?e
"""


def build_graph(store: Store, where: str | None = None) -> nx.DiGraph:
    """Return the claim network of ``store`` as a directed graph with Gephi attributes.

    Node ids are the resources' IRIs. Attribute values are plain str, int and float only.
    Dated nodes and edges have a ``start`` and an ``end`` (ISO days, both included: see
    the module's notes on lifetimes).

    ``where``, a SPARQL graph pattern on the claim ``?c``
    (:meth:`kg.export.views.Selection.pattern`), keeps the claims it matches and the
    speakers, entities and articles linked to them.
    """
    g = nx.DiGraph()
    for a, doc_id, headline, date in _sorted(store.select_strings(_ARTICLES)):
        g.add_node(str(a), label=str(headline or doc_id), kind="article", date=str(date or ""))
        g.nodes[str(a)].update(_one_day(date))
    for e, name, cls in _sorted(store.select_strings(_ENTITIES)):
        g.add_node(str(e), label=str(name), kind=str(cls))
    claims = set()
    rows = _sorted(store.select_strings(_CLAIMS % (where or "")))
    for c, text, quote, speaker, speaker_name, act, a, doc, date, published in rows:
        claims.add(str(c))
        label = " ".join(str(text).split())
        if len(label) > CLAIM_LABEL_WIDTH:
            label = label[: CLAIM_LABEL_WIDTH - 1] + "…"
        g.add_node(
            str(c),
            label=label,
            kind="claim",
            text=str(text),
            quote=str(quote),
            speaker=str(speaker_name or ""),
            act=_ACT_NAMES.get(str(act), str(act or "")),
            article=str(doc),
            date=str(date or ""),
            **_one_day(published or date),  # seen the day its article was
        )
        if speaker is not None:  # an unresolved quotation has no "said" edge
            g.add_edge(str(speaker), str(c), label="said", weight=1.0)
        g.add_edge(str(c), str(a), label="appears in", weight=1.0)
    for c, e in _sorted(store.select_strings(_ABOUT % (where or ""))):
        g.add_edge(str(c), str(e), label="about", weight=1.0)
    for a, e, n in _sorted(store.select_strings(_MENTIONED)):
        g.add_edge(str(a), str(e), label="mentions", weight=float(n))
    if where is not None:
        g = _induced(g, claims.union(*(nx.all_neighbors(g, c) for c in claims)))
    for node, data in g.nodes(data=True):
        if data["kind"] not in ("claim", "article"):
            near = [g.nodes[n] for n in nx.all_neighbors(g, node)]
            starts = [d["start"] for d in near if "start" in d]
            if starts:
                data["start"], data["end"] = min(starts), max(d["end"] for d in near if "end" in d)

    for node, data in g.nodes(data=True):
        data["r"], data["g"], data["b"] = COLOURS[data["kind"]]
        # Area grows with the number of links, so hubs stand out without swamping.
        data["size"] = 5.0 + 3.0 * math.sqrt(g.degree(node))
    return place_and_clean(g)


def _one_day(date: str | None) -> dict[str, str]:
    """``start`` and ``end`` of a lifetime of one day, the first of ``date`` (none for
    no date)."""
    first = day(None if date is None else str(date))
    return {"start": first, "end": first} if first else {}


def fit_edges(g: nx.Graph) -> nx.Graph:
    """Fit each edge's lifetime within both its ends' (GEXF asks an edge to live inside
    the lifetimes of its source and target): ``start`` the latest and ``end`` the earliest
    of those the edge and its ends have. An edge none of them dates stays undated.
    Returns ``g``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", start="2019-01-01", end="2019-03-01")
    >>> g.add_node("b", start="2019-02-01", end="2019-02-01")
    >>> g.add_edge("a", "b")
    >>> fit_edges(g).edges["a", "b"]
    {'start': '2019-02-01', 'end': '2019-02-01'}
    """
    for u, v, data in g.edges(data=True):
        timed = [d for d in (data, g.nodes[u], g.nodes[v]) if "start" in d]
        if timed:
            data["start"] = max(d["start"] for d in timed)
            data["end"] = min(d["end"] for d in timed)
    return g


def place_and_clean(g: nx.Graph) -> nx.Graph:
    """Give every node of ``g`` its :func:`layout` position (``x``, ``y``), fit every
    edge's lifetime within its ends' (:func:`fit_edges`) and make every text attribute
    XML-safe (:func:`xml_safe`), as every graph export needs; returns ``g``."""
    fit_edges(g)
    for node, (x, y) in layout(g).items():
        g.nodes[node]["x"], g.nodes[node]["y"] = x, y
    for data in (*(d for _, d in g.nodes(data=True)), *(d for _, _, d in g.edges(data=True))):
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = xml_safe(value)
    return g


def day(date: str | None) -> str | None:
    """The first day of an ISO date, month or year (``None`` stays ``None``).

    Examples
    --------
    >>> day("2017"), day("2017-12"), day("2017-12-06"), day("2017-12-06T10:00:00Z")
    ('2017-01-01', '2017-12-01', '2017-12-06', '2017-12-06')
    """
    if not date:
        return None
    if len(date) == 4:
        return f"{date}-01-01"
    if len(date) == 7:
        return f"{date}-01"
    return date[:10]


def _sorted(rows) -> list:
    """``rows`` (of :meth:`Store.select_strings`) in a fixed order (SPARQL leaves it
    open; the layout and Louvain follow the order nodes were added in)."""
    return sorted(rows, key=lambda row: tuple(t or "" for t in row))


class _UniqueKeyWriter(GraphMLWriter):
    """networkx's GraphML writer with key ids unique in the file: ``node_label``,
    ``edge_label`` (networkx's ``named_key_ids`` repeats ``label`` for nodes and edges, and
    its default ``d0``, ``d1`` ... collide with the ids Gephi reads as yEd's labels: ``d3``
    is a node's label to Gephi, ``d7`` an edge's)."""

    def get_key(self, name, attr_type, scope, default):
        if (name, attr_type, scope) not in self.keys:
            new_id = f"{scope}_{name}"
            if new_id in self.keys.values():  # one name with two types in one domain
                new_id = f"{new_id}_{attr_type}"
            self.keys[(name, attr_type, scope)] = new_id
            key = self.myElement(
                "key", id=new_id, **{"for": scope, "attr.name": name, "attr.type": attr_type}
            )
            if default is not None:
                key.append(self.myElement("default"))
                key[0].text = str(default)
            self.xml.insert(0, key)
        return self.keys[(name, attr_type, scope)]


def write_graphml(g: nx.Graph, path) -> None:
    """Write the view ``g`` to ``path`` as GraphML, each key id unique in the file and
    named for its domain and attribute (``node_label``, ``edge_weight``), with
    ``attr.name`` the attribute's name.

    Gephi takes a key's ``attr.name`` as its column title and, where the id is none it
    knows, matches ``label``, ``x``, ``y``, ``size``, ``r``, ``g``, ``b`` and ``weight`` by
    that name (``ImporterGraphML.readAttribute``); networkx reads the attributes back under
    their ``attr.name``.
    """
    writer = _UniqueKeyWriter()
    writer.add_graph_element(g)
    with open(path, "wb") as out:
        writer.dump(out)


def xml_safe(text: str) -> str:
    r"""``text`` with each character XML 1.0 cannot hold replaced by U+FFFD.

    Examples
    --------
    >>> xml_safe("tab\tkept, bell\x07 and NUL\x00 replaced")
    'tab\tkept, bell\ufffd and NUL\ufffd replaced'

    References
    ----------
    Extensible Markup Language (XML) 1.0, Fifth Edition, section 2.2, Characters:
    https://www.w3.org/TR/xml/#charsets
    """
    return _NOT_XML.sub("\ufffd", text)


def layout(g: nx.Graph, core: int | None = None) -> dict[str, tuple[float, float]]:
    """Positions (about +-1000) for the nodes of ``g``, in time linear beyond a core.

    The largest connected part of ``g`` fills the square: if it has at most ``core``
    nodes (default :data:`LAYOUT_CORE`), networkx's ForceAtlas2 lays it out, weighted by
    the edges' ``weight``; if more, ForceAtlas2 lays out its ``core`` best-linked nodes
    (the people, places and articles most claims hang on), and every other node is then
    placed, breadth first from them, at the centre of its neighbours already placed,
    shifted a little at random. So a claim sits by its speaker and what it is about, and
    a graph of a million triples is laid out in seconds (ForceAtlas2 compares every pair
    of nodes: 2 s for 400, 9 s for 1,000). The other parts, each laid out on its own
    (spring layout), ring the largest one, biggest first, each in a disc whose area grows
    with its nodes. For a finer picture, run ForceAtlas 2 in Gephi (Layout panel) from
    there.

    Examples
    --------
    >>> pos = layout(nx.star_graph(20), core=5)
    >>> len(pos), pos == layout(nx.star_graph(20), core=5)
    (21, True)

    References
    ----------
    Jacomy, M., Venturini, T., Heymann, S. and Bastian, M. (2014), ForceAtlas2, a
    continuous graph layout algorithm for handy network visualization designed for the
    Gephi software. PLoS ONE 9(6): e98679.
    """
    core = LAYOUT_CORE if core is None else core
    # An undirected copy, not networkx's view, whose neighbours come out of a set (in an
    # order that changes from one process to the next: string hashing is salted).
    u = nx.Graph()
    u.add_nodes_from(g)
    u.add_edges_from(g.edges(data=True))
    parts = sorted(nx.connected_components(u), key=lambda c: (-len(c), min(map(str, c))))
    if not parts:
        return {}
    order = {n: i for i, n in enumerate(u)}
    main = _induced(u, parts[0], order)
    rng = random.Random(LAYOUT_SEED)
    if len(main) <= core:
        positions = _forceatlas2(main)
    else:
        hubs = sorted(main, key=lambda n: (-main.degree(n), str(n)))[:core]
        positions = _forceatlas2(_induced(main, hubs))
        _place_beside(main, hubs, positions, 1000 / math.sqrt(core), rng)
    # Each other part in a disc of radius `gap` * sqrt(nodes), on rings around the square.
    gap = 1000 / math.sqrt(len(main))
    ring = max(math.hypot(x, y) for x, y in positions.values()) + 2 * gap
    angle, widest = 0.0, 0.0
    for part in parts[1:]:
        radius = gap * math.sqrt(len(part))
        step = (radius + gap) / ring
        if angle + 2 * step > 2 * math.pi:
            ring, angle, widest = ring + widest + gap, 0.0, 0.0
            step = (radius + gap) / ring
        angle += step
        cx, cy = ring * math.cos(angle), ring * math.sin(angle)
        angle += step
        widest = max(widest, 2 * radius)
        for n, (x, y) in _small_part(_induced(u, part, order), radius).items():
            positions[n] = (cx + x, cy + y)
    return positions


def _induced(g: nx.Graph, nodes, order: dict | None = None) -> nx.Graph:
    """The subgraph of ``g`` on ``nodes``, a copy with its nodes in ``g``'s order (or by
    their number in ``order``), read from their own adjacencies only.

    networkx's subgraph views iterate a set of nodes, in an order that changes from one
    process to the next (string hashing is salted), and so would the layout.
    """
    keep = set(nodes)
    if len(keep) == len(g):
        return g
    ordered = sorted(keep, key=order.__getitem__) if order else [n for n in g if n in keep]
    sub = g.__class__()
    sub.add_nodes_from((n, g.nodes[n]) for n in ordered)
    sub.add_edges_from((n, m, d) for n in ordered for m, d in g[n].items() if m in keep)
    return sub


def _place_beside(
    g: nx.Graph,
    placed: list,
    positions: dict[str, tuple[float, float]],
    spread: float,
    rng: random.Random,
) -> None:
    """Place every node of ``g`` not in ``positions``, breadth first from ``placed``, at
    the centre of its neighbours already placed, shifted by up to ``spread`` / 2."""
    queue = deque(placed)
    while queue:
        for n in g[queue.popleft()]:
            if n in positions:
                continue
            near = [positions[m] for m in g[n] if m in positions]
            x = sum(p[0] for p in near) / len(near) + rng.uniform(-spread, spread) / 2
            y = sum(p[1] for p in near) / len(near) + rng.uniform(-spread, spread) / 2
            positions[n] = (x, y)
            queue.append(n)


def _small_part(g: nx.Graph, radius: float) -> dict[str, tuple[float, float]]:
    """Positions within ``radius`` of (0, 0) for the connected graph ``g``."""
    if len(g) == 1:
        return {n: (0.0, 0.0) for n in g}
    if len(g) <= SPRING_NODES:
        positions = nx.spring_layout(g, seed=LAYOUT_SEED, scale=radius)
        return {n: (float(x), float(y)) for n, (x, y) in positions.items()}
    hubs = sorted(g, key=lambda n: (-g.degree(n), str(n)))[:SPRING_NODES]
    positions = {
        n: (float(x), float(y))
        for n, (x, y) in nx.spring_layout(_induced(g, hubs), seed=LAYOUT_SEED, scale=radius).items()
    }
    rng = random.Random(LAYOUT_SEED)
    _place_beside(g, hubs, positions, radius / math.sqrt(SPRING_NODES), rng)
    return positions


def _forceatlas2(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """ForceAtlas2 positions of every node of ``g``, seeded, scaled to about +-1000.

    In its LinLog mode (attraction growing with the logarithm of distance), which pulls
    communities apart into clusters where the linear mode gives one dense ball.
    """
    if len(g) == 0:
        return {}
    if len(g) == 1:
        return {n: (0.0, 0.0) for n in g}
    # networkx divides each node's distance to itself (0) before zeroing it: not an error
    with numpy.errstate(divide="ignore", invalid="ignore"):
        positions = nx.forceatlas2_layout(
            g, seed=LAYOUT_SEED, weight="weight", linlog=True, max_iter=100
        )
    positions = nx.rescale_layout_dict(positions, scale=1000)
    return {n: (float(x), float(y)) for n, (x, y) in positions.items()}
