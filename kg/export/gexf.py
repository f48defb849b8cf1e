"""GEXF export for Gephi: a view (:mod:`kg.export.views`) with its timeline.

Written by networkx as GEXF 1.2 (``http://www.gexf.net/1.2draft``, what networkx writes
and Gephi 0.9 and 0.10 read natively). The graph is dynamic: each dated node and edge
lives from the first moment of its ``start`` day to the last second of its ``end`` day
(:mod:`kg.export.graphml` says which days), so Gephi's Timeline (Window > Timeline)
replays the corpus article by article, and a claim seen on one day is there that day.
Colour, size and position go in the ``viz`` elements Gephi reads; every other attribute is
a typed GEXF attribute: ``string`` (``kind``, ``text``, ``speaker``, ``act``, ``article``,
``date``), ``long`` (``community``, ``said``, ``about``, ``claims``) or ``double``.

Why ``timeformat="dateTime"``, not ``"date"``: GEXF's ``start`` and ``end`` are both
included (the 1.2 and 1.3 primers, "Dynamic Topology"; 1.3 drops the open bounds
``startopen``/``endopen``, which Gephi reads as closed, with a warning), and Gephi reads a
``date`` as the instant its day begins, so ``start="2019-05-01" end="2019-05-01"`` is an interval of
no length, there for no time at all, and ``end="2019-05-02"`` would reach into the next
day. ``2019-05-01T00:00:00`` to ``2019-05-01T23:59:59`` is that day in both. networkx's
:func:`~networkx.read_gexf` (3.6) does not read ``dateTime`` times; Gephi does.

References
----------
GEXF 1.3 primer, section "Dynamics", and schema: https://gexf.net/ (``primer/1.3`` in
https://github.com/gephi/gexf)
"""

from __future__ import annotations

import os

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

#: The time of day a lifetime starts on its first day, and ends on its last (both included).
DAY_STARTS, DAY_ENDS = "T00:00:00", "T23:59:59"

#: Node attributes that become GEXF ``viz`` elements (or the GEXF node's own ``start``,
#: ``end`` and ``label``), not attribute values.
_VIZ = ("r", "g", "b", "size", "x", "y")


def to_gexf_graph(g: nx.Graph) -> nx.Graph:
    """A copy of the view ``g`` with its colour, size and position as networkx's GEXF
    writer wants them (a ``viz`` dict), ready for :func:`networkx.write_gexf`.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", r=1, g=2, b=3, size=5.0, x=1.0, y=2.0, start="2017-12-06")
    >>> to_gexf_graph(g).nodes["a"]["viz"]["color"]
    {'r': 1, 'g': 2, 'b': 3, 'a': 1.0}
    >>> to_gexf_graph(g).nodes["a"]["start"], to_gexf_graph(g).nodes["a"]["end"]
    ('2017-12-06T00:00:00', '2017-12-06T23:59:59')
    """
    out = g.copy()
    for data in (*(d for _, d in out.nodes(data=True)), *(d for *_, d in out.edges(data=True))):
        if "start" in data:
            data["end"] = data.get("end", data["start"]) + DAY_ENDS
            data["start"] += DAY_STARTS
    for _, data in out.nodes(data=True):
        if all(k in data for k in _VIZ):
            data["viz"] = {
                "color": {"r": data["r"], "g": data["g"], "b": data["b"], "a": 1.0},
                "size": data["size"],
                "position": {"x": data["x"], "y": data["y"], "z": 0.0},
            }
        for k in _VIZ:
            data.pop(k, None)
    out.graph = {}  # networkx makes the graph dynamic once a node or edge has a start
    return out


def write_gexf(g: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write the view ``g`` to ``path`` as dynamic GEXF 1.2."""
    writer = GEXFWriter(version="1.2draft")
    writer.add_graph(to_gexf_graph(g))
    # networkx writes the graph's name, as name="", where the GEXF schema has no such
    # attribute: Gephi skips it, a validating reader rejects the file.
    writer.graph_element.attrib.pop("name", None)
    if writer.graph_element.get("mode") == "dynamic":  # networkx writes "date" for strings
        writer.graph_element.set("timeformat", "dateTime")
    with open(path, "wb") as out:
        writer.write(out)
