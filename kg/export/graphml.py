"""GraphML export for Gephi: entities, claims and articles as nodes, laid out and coloured.

Gephi reads these node attributes: ``label``; ``r``, ``g``, ``b`` (colour); ``size``;
``x``, ``y`` (position, precomputed here so that the graph opens laid out). Every node also
has ``kind`` (``person``, ``organization``, ``place``, ``claim`` or ``article``), to colour
or filter by in Gephi's Appearance and Filters panels. Edges have a ``label`` and a
``weight``:

==============  ============  ==========================================
source          target        label
==============  ============  ==========================================
speaker         claim         ``said``
claim           entity        ``about`` (an entity the claim mentions)
claim           article       ``appears in``
article         entity        ``mentions`` (weight: number of mentions)
==============  ============  ==========================================

Every string is XML-safe: a character XML 1.0 cannot hold (a control character other
than tab and newlines, a lone surrogate, U+FFFE or U+FFFF), which a literal in the store may
hold, is written as U+FFFD, the replacement character (see :func:`xml_safe`); the other
exports keep such characters as they are, escaped where their format asks.

References
----------
Gephi's GraphML support: https://gephi.org/users/supported-graph-formats/graphml-format/
"""

from __future__ import annotations

import math
import os
import random
import re
from collections import deque

import networkx as nx

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

#: Nodes the spring layout places: a graph with more has its best-linked nodes laid out by
#: it, and the others placed beside their neighbours (see :func:`layout`). The spring
#: layout compares every pair of nodes, in memory and time; below 500 nodes networkx also
#: runs it without scipy.
LAYOUT_CORE = 400

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
SELECT ?c ?text ?quote ?speaker ?a ?date WHERE {
  ?c a schema:Claim ; schema:text ?text ; ckg:quoteKind ?quote ; nif:referenceContext ?a .
  OPTIONAL { ?c prov:wasAttributedTo ?speaker }
  OPTIONAL { ?c schema:dateCreated ?date }
}
"""

_ABOUT = "SELECT ?c ?e WHERE { ?c a schema:Claim ; schema:mentions ?e }"

_MENTIONED = """
SELECT ?a ?e (COUNT(?m) AS ?n) WHERE {
  ?m a ckg:Mention ; nif:referenceContext ?a ; itsrdf:taIdentRef ?e .
} GROUP BY ?a ?e
"""


def build_graph(store: Store) -> nx.DiGraph:
    """Return the claim network of ``store`` as a directed graph with Gephi attributes.

    Node ids are the resources' IRIs. Attribute values are plain str, int and float only.
    """
    g = nx.DiGraph()
    for a, doc_id, headline, date in store.query(_ARTICLES):
        g.add_node(str(a), label=str(headline or doc_id), kind="article", date=str(date or ""))
    for e, name, cls in store.query(_ENTITIES):
        g.add_node(str(e), label=str(name), kind=str(cls))
    for c, text, quote, speaker, a, date in store.query(_CLAIMS):
        label = " ".join(str(text).split())
        if len(label) > CLAIM_LABEL_WIDTH:
            label = label[: CLAIM_LABEL_WIDTH - 1] + "…"
        g.add_node(
            str(c),
            label=label,
            kind="claim",
            text=str(text),
            quote=str(quote),
            date=str(date or ""),
        )
        if speaker is not None:  # an unresolved quotation has no "said" edge
            g.add_edge(str(speaker), str(c), label="said", weight=1.0)
        g.add_edge(str(c), str(a), label="appears in", weight=1.0)
    for c, e in store.query(_ABOUT):
        g.add_edge(str(c), str(e), label="about", weight=1.0)
    for a, e, n in store.query(_MENTIONED):
        g.add_edge(str(a), str(e), label="mentions", weight=float(n))

    for node, data in g.nodes(data=True):
        data["r"], data["g"], data["b"] = COLOURS[data["kind"]]
        # Area grows with the number of links, so hubs stand out without swamping.
        data["size"] = 5.0 + 3.0 * math.sqrt(g.degree(node))
    for node, (x, y) in layout(g).items():
        g.nodes[node]["x"], g.nodes[node]["y"] = x, y
    for data in (*(d for _, d in g.nodes(data=True)), *(d for _, _, d in g.edges(data=True))):
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = xml_safe(value)
    return g


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

    A graph of at most ``core`` nodes (default :data:`LAYOUT_CORE`) gets networkx's spring
    layout. A larger one gets it for its ``core`` best-linked nodes (the people, places
    and articles most claims hang on); every other node is then placed, breadth first
    from them, at the centre of its neighbours already placed, shifted a little at
    random; nodes with no path to the core go anywhere in the square. So a claim sits
    by its speaker and what it is about, and a graph of a million triples is laid out in
    seconds. For a finer picture, run ForceAtlas 2 in Gephi (Layout panel) from there.

    Examples
    --------
    >>> pos = layout(nx.star_graph(20), core=5)
    >>> len(pos), pos == layout(nx.star_graph(20), core=5)
    (21, True)

    References
    ----------
    Fruchterman, T. M. J. and Reingold, E. M. (1991), Graph drawing by force-directed
    placement. Software: Practice and Experience 21(11).
    """
    core = LAYOUT_CORE if core is None else core
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    if len(u) <= core:
        positions = nx.spring_layout(u, seed=LAYOUT_SEED, scale=1000) if len(u) else {}
        return {n: (float(x), float(y)) for n, (x, y) in positions.items()}
    hubs = sorted(u, key=lambda n: (-u.degree(n), str(n)))[:core]
    positions = {
        n: (float(x), float(y))
        for n, (x, y) in nx.spring_layout(u.subgraph(hubs), seed=LAYOUT_SEED, scale=1000).items()
    }
    rng = random.Random(LAYOUT_SEED)
    spread = 1000 / math.sqrt(core)  # about the distance between neighbouring hubs
    queue = deque(hubs)
    while queue:
        for n in u[queue.popleft()]:
            if n in positions:
                continue
            placed = [positions[m] for m in u[n] if m in positions]
            x = sum(p[0] for p in placed) / len(placed) + rng.uniform(-spread, spread) / 2
            y = sum(p[1] for p in placed) / len(placed) + rng.uniform(-spread, spread) / 2
            positions[n] = (x, y)
            queue.append(n)
    for n in u:
        if n not in positions:
            positions[n] = (rng.uniform(-1000, 1000), rng.uniform(-1000, 1000))
    return positions


def write_graphml(store: Store, path: str | os.PathLike[str]) -> nx.DiGraph:
    """Write the claim network of ``store`` to ``path`` as GraphML; return the graph."""
    g = build_graph(store)
    nx.write_graphml(g, path, named_key_ids=True)
    return g
